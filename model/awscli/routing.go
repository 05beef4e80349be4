package awscli

import (
	"fmt"
	"slices"
	"strings"

	"github.com/cshsim/cshsim/model"
)

// This file reads route tables and their routes, and gateways: internet, egress-only, NAT and VPN.

func readRouteTable(l *loader, e *elemCtx, v *rawRouteTable) {
	if v.RouteTableID == "" {
		l.missing(e, "RouteTableId")
		return
	}
	id := v.RouteTableID
	x := model.RouteTable{ID: id, VPC: v.VpcID, Account: cmpOr(v.OwnerID, e.f.account), Tags: tags(v.Tags)}
	refs := []srcRef{{"vpc", e.at(".VpcId")}}
	var links []link
	for j, a := range v.Associations {
		if !isAssociated(a.AssociationState.State) {
			continue
		}
		rel := fmt.Sprintf(".Associations[%d]", j)
		if a.Main {
			x.Main = true
			refs = append(refs, srcRef{"main", e.at(rel)})
		}
		if a.SubnetID != "" {
			links = append(links, link{subject: a.SubnetID, target: id, pos: e.at(rel)})
		}
		if a.GatewayID != "" && !slices.Contains(x.Gateways, a.GatewayID) {
			x.Gateways = append(x.Gateways, a.GatewayID)
			refs = append(refs, srcRef{fmt.Sprintf("gateways[%d]", len(x.Gateways)-1), e.at(rel + ".GatewayId")})
		}
	}
	for j := range v.Routes {
		r := &v.Routes[j]
		rel := fmt.Sprintf(".Routes[%d]", j)
		f := fmt.Sprintf("routes[%d]", len(x.Routes))
		route := model.Route{State: model.ParseState(r.State), Origin: r.Origin}
		var destRel, destField string
		switch {
		case r.DestinationCidrBlock != "":
			destRel, destField = rel+".DestinationCidrBlock", "destination"
			p, ok := l.prefixFamily(e, destRel, r.DestinationCidrBlock, false, model.FieldRef{ID: id, Field: f + ".destination"})
			if !ok {
				continue
			}
			route.Destination = p
		case r.DestinationIpv6CidrBlock != "":
			destRel, destField = rel+".DestinationIpv6CidrBlock", "destination"
			p, ok := l.prefixFamily(e, destRel, r.DestinationIpv6CidrBlock, true, model.FieldRef{ID: id, Field: f + ".destination"})
			if !ok {
				continue
			}
			route.Destination = p
		case r.DestinationPrefixListID != "":
			destRel, destField = rel+".DestinationPrefixListId", "prefix_list"
			route.PrefixList = r.DestinationPrefixListID
		}
		target, field := routeTarget(r)
		route.Target = target
		if target.IsZero() && route.State != model.StateBlackhole {
			route.Target = model.Ref{Kind: model.KindOther}
			if !e.bad { // else a target of the wrong type is already reported
				l.add(model.Warning, CodeNoTarget, e.at(rel), model.FieldRef{ID: id, Field: f + ".target"},
					"the route has no target cshsim recognises; it carries no traffic")
			}
		}
		refs = append(refs, srcRef{f, e.at(rel)})
		if destField != "" {
			refs = append(refs, srcRef{f + "." + destField, e.at(destRel)})
		}
		if field != "" {
			refs = append(refs, srcRef{f + ".target", e.at(rel + "." + field)})
		}
		x.Routes = append(x.Routes, route)
	}
	l.rts.put(l, id, entry[model.RouteTable]{v: x, pos: e.at(""), f: e.f, refs: refs, links: links}, nil)
}

// routeTarget returns a route's target and the JSON member that names it.
// aws-rules §2.3 lists the members.
func routeTarget(r *rawRoute) (model.Ref, string) {
	switch {
	case r.NatGatewayID != "":
		return model.Ref{Kind: model.KindNATGateway, ID: r.NatGatewayID}, "NatGatewayId"
	case r.TransitGatewayID != "":
		return model.Ref{Kind: model.KindTransitGateway, ID: r.TransitGatewayID}, "TransitGatewayId"
	case r.VpcPeeringConnectionID != "":
		return model.Ref{Kind: model.KindPeering, ID: r.VpcPeeringConnectionID}, "VpcPeeringConnectionId"
	case r.EgressOnlyInternetGatewayID != "":
		return model.Ref{Kind: model.KindEgressOnlyIGW, ID: r.EgressOnlyInternetGatewayID}, "EgressOnlyInternetGatewayId"
	case r.NetworkInterfaceID != "":
		return model.Ref{Kind: model.KindENI, ID: r.NetworkInterfaceID}, "NetworkInterfaceId"
	case r.InstanceID != "":
		return model.Ref{Kind: model.KindInstance, ID: r.InstanceID}, "InstanceId"
	case r.GatewayID != "":
		k := gatewayKind(r.GatewayID)
		if k == model.KindLocal {
			return model.Ref{Kind: model.KindLocal}, "GatewayId"
		}
		return model.Ref{Kind: k, ID: r.GatewayID}, "GatewayId"
	case r.CarrierGatewayID != "":
		return model.Ref{Kind: model.KindOther, ID: r.CarrierGatewayID}, "CarrierGatewayId"
	case r.LocalGatewayID != "":
		return model.Ref{Kind: model.KindOther, ID: r.LocalGatewayID}, "LocalGatewayId"
	case r.CoreNetworkArn != "":
		return model.Ref{Kind: model.KindOther, ID: r.CoreNetworkArn}, "CoreNetworkArn"
	case r.OdbNetworkArn != "":
		return model.Ref{Kind: model.KindOther, ID: r.OdbNetworkArn}, "OdbNetworkArn"
	case r.IPAddress != "":
		return model.Ref{Kind: model.KindOther, ID: r.IPAddress}, "IpAddress"
	}
	return model.Ref{}, ""
}

// gatewayKind classifies a route's GatewayId by its prefix
// (model.KindOfID).
func gatewayKind(id string) model.Kind {
	if strings.EqualFold(id, "local") {
		return model.KindLocal
	}
	if k, ok := model.KindOfID(id); ok {
		return k
	}
	return model.KindOther
}

func readIGW(l *loader, e *elemCtx, v *rawIGW) {
	if v.InternetGatewayID == "" {
		l.missing(e, "InternetGatewayId")
		return
	}
	x := model.InternetGateway{ID: v.InternetGatewayID, Account: cmpOr(v.OwnerID, e.f.account), Tags: tags(v.Tags)}
	var refs []srcRef
	x.VPC, x.State, refs = attachment(e, v)
	l.igws.put(l, x.ID, entry[model.InternetGateway]{v: x, pos: e.at(""), f: e.f, refs: refs}, nil)
}

func readEIGW(l *loader, e *elemCtx, v *rawIGW) {
	if v.EgressOnlyInternetGatewayID == "" {
		l.missing(e, "EgressOnlyInternetGatewayId")
		return
	}
	x := model.EgressOnlyIGW{ID: v.EgressOnlyInternetGatewayID, Tags: tags(v.Tags)}
	var refs []srcRef
	x.VPC, x.State, refs = attachment(e, v)
	l.eigws.put(l, x.ID, entry[model.EgressOnlyIGW]{v: x, pos: e.at(""), f: e.f, refs: refs}, nil)
}

// isAttached reports whether a gateway attachment state means attached.
// describe-internet-gateways prints "available" for an attached IGW.
func isAttached(state string) bool {
	return strings.EqualFold(state, "available") || strings.EqualFold(state, "attached")
}

// attachment returns a gateway's VPC (only when attached) and its
// attachment state; no attachment at all is detached.
func attachment(e *elemCtx, v *rawIGW) (vpc string, state model.State, refs []srcRef) {
	if len(v.Attachments) == 0 {
		return "", model.StateDetached, nil
	}
	for j, a := range v.Attachments {
		if isAttached(a.State) {
			return a.VpcID, model.ParseState(a.State), []srcRef{{"vpc", e.at(fmt.Sprintf(".Attachments[%d].VpcId", j))}}
		}
	}
	return "", cmpOr(model.ParseState(v.Attachments[0].State), model.StateDetached), nil
}

func readNAT(l *loader, e *elemCtx, v *rawNAT) {
	if v.NatGatewayID == "" {
		l.missing(e, "NatGatewayId")
		return
	}
	id := v.NatGatewayID
	x := model.NATGateway{
		ID:           id,
		VPC:          v.VpcID,
		Account:      e.f.account,
		Subnet:       v.SubnetID,
		Connectivity: strings.ToLower(cmpOr(v.ConnectivityType, "public")),
		State:        model.ParseState(v.State),
		Regional:     strings.EqualFold(v.AvailabilityMode, "regional"),
		RouteTable:   v.RouteTableID,
		Tags:         tags(v.Tags),
	}
	if x.Regional {
		x.AutoProvisionZones = strings.EqualFold(v.AutoProvisionZones, "enabled")
		for _, a := range v.NatGatewayAddresses {
			for _, z := range []string{a.AvailabilityZone, a.AvailabilityZoneID} {
				if z != "" && !slices.Contains(x.Zones, z) {
					x.Zones = append(x.Zones, z)
				}
			}
		}
	}
	primary := -1
	for j, a := range v.NatGatewayAddresses {
		e.f.hint(regionOfAZ(a.AvailabilityZone))
		if primary < 0 && a.IsPrimary != nil && *a.IsPrimary {
			primary = j
		}
	}
	if primary < 0 && len(v.NatGatewayAddresses) > 0 {
		primary = 0 // older output has no IsPrimary: the first address is the primary one
	}
	if primary >= 0 {
		a := v.NatGatewayAddresses[primary]
		rel := fmt.Sprintf(".NatGatewayAddresses[%d]", primary)
		x.PublicIP = l.addr(e, rel+".PublicIp", a.PublicIP, model.FieldRef{ID: id, Field: "public_ip"})
		x.PrivateIP = l.addr(e, rel+".PrivateIp", a.PrivateIP, model.FieldRef{ID: id, Field: "private_ip"})
		x.ENI = a.NetworkInterfaceID
	}
	refs := []srcRef{{"vpc", e.at(".VpcId")}, {"subnet", e.at(".SubnetId")}, {"connectivity", e.at(".ConnectivityType")}}
	if x.RouteTable != "" {
		refs = append(refs, srcRef{"route_table", e.at(".RouteTableId")})
	}
	l.nats.put(l, id, entry[model.NATGateway]{v: x, pos: e.at(""), f: e.f, refs: refs}, nil)
}

func readVGW(l *loader, e *elemCtx, v *rawVGW) {
	if v.VpnGatewayID == "" {
		l.missing(e, "VpnGatewayId")
		return
	}
	x := model.VPNGateway{ID: v.VpnGatewayID, State: model.ParseState(v.State)}
	for _, a := range v.VpcAttachments {
		if isAttached(a.State) && a.VpcID != "" {
			x.VPCs = append(x.VPCs, a.VpcID)
		}
	}
	l.vgws.put(l, x.ID, entry[model.VPNGateway]{v: x, pos: e.at(""), f: e.f}, nil)
}
