package awscli

import (
	"encoding/json"
	"fmt"
	"net/netip"
	"path/filepath"
	"reflect"
	"slices"
	"strings"

	"github.com/cshsim/cshsim/model"
)

// This file turns the decoded CLI shapes into model objects, one reader per
// top-level key, recording where each object and reference was found.

func tags(ts []awsTag) []model.Tag {
	if len(ts) == 0 {
		return nil
	}
	out := make([]model.Tag, len(ts))
	for i, t := range ts {
		out[i] = model.Tag{Key: t.Key, Value: t.Value}
	}
	return out
}

func nonEmpty(s []string) []string {
	var out []string
	for _, x := range s {
		if x != "" {
			out = append(out, x)
		}
	}
	return out
}

func optBool(b *bool) model.OptBool {
	if b == nil {
		return model.Unset
	}
	return model.Of(*b)
}

// isAssociated reports whether an association state counts: "associated",
// or no state at all (older output omits it).
func isAssociated(state string) bool {
	return state == "" || strings.EqualFold(state, "associated")
}

// isAttached reports whether a gateway attachment state means attached.
// describe-internet-gateways prints "available" for an attached IGW.
func isAttached(state string) bool {
	return strings.EqualFold(state, "available") || strings.EqualFold(state, "attached")
}

func enabled(s string) bool { return strings.EqualFold(s, "enable") || strings.EqualFold(s, "enabled") }

// missing reports an object without its id.
func (l *loader) missing(e *elemCtx, key string) {
	if e.bad {
		return // the id had the wrong type, which is reported
	}
	l.add(model.Error, CodeMissingField, e.at(""), model.FieldRef{}, "the object has no %s; skipped", key)
}

// prefix parses a CIDR block at rel, reporting a bad one.
func (l *loader) prefix(e *elemCtx, rel, s string, ref model.FieldRef) (netip.Prefix, bool) {
	p, err := netip.ParsePrefix(strings.TrimSpace(s))
	if err != nil {
		l.add(model.Error, CodeBadValue, e.at(rel), ref, "%q is not a CIDR block", s)
		return netip.Prefix{}, false
	}
	return p, true
}

// addr parses an IP address at rel; the empty string is no address.
func (l *loader) addr(e *elemCtx, rel, s string, ref model.FieldRef) netip.Addr {
	if s == "" {
		return netip.Addr{}
	}
	a, err := netip.ParseAddr(strings.TrimSpace(s))
	if err != nil {
		l.add(model.Error, CodeBadValue, e.at(rel), ref, "%q is not an IP address", s)
		return netip.Addr{}
	}
	return a
}

func (l *loader) protocol(e *elemCtx, rel string, t text, ref model.FieldRef) (model.Protocol, bool) {
	if kind, bad := t.bad(); bad {
		l.add(model.Error, CodeBadType, e.at(rel), ref, "want a string, found %s", kind)
		return 0, false
	}
	p, err := model.ParseProtocol(string(t))
	if err != nil {
		l.add(model.Error, CodeBadValue, e.at(rel), ref, "%v", err)
		return 0, false
	}
	return p, true
}

// ports reads a TCP/UDP port range; absent ends, or -1 for both, mean all
// ports.
func (l *loader) ports(e *elemCtx, rel string, from, to *int, ref model.FieldRef) (model.PortRange, bool) {
	r, err := model.PortsFromAWS(from, to)
	if err != nil {
		l.add(model.Error, CodeBadValue, e.at(rel), ref, "%v", err)
		return model.PortRange{}, false
	}
	return r, true
}

// icmp reads an ICMP type and code, -1 (or absent) meaning any.
func (l *loader) icmp(e *elemCtx, rel string, typ, code *int, ref model.FieldRef) (model.ICMPMatch, bool) {
	m, err := model.ICMPFromAWS(typ, code)
	if err != nil {
		l.add(model.Error, CodeBadValue, e.at(rel), ref, "%v", err)
		return model.ICMPMatch{}, false
	}
	return m, true
}

func readVPC(l *loader, e *elemCtx, v *rawVPC) {
	if v.VpcID == "" {
		l.missing(e, "VpcId")
		return
	}
	id := v.VpcID
	x := model.VPC{
		ID:                id,
		Account:           cmpOr(v.OwnerID, e.f.account),
		State:             model.ParseState(v.State),
		DHCPOptions:       v.DhcpOptionsID,
		IsDefault:         v.IsDefault,
		BlockPublicAccess: v.BlockPublicAccessStates.InternetGatewayBlockMode,
		Tags:              tags(v.Tags),
	}
	var at []string // JSON path of each CIDR
	for j, a := range v.CidrBlockAssociationSet {
		if !isAssociated(a.CidrBlockState.State) || a.CidrBlock == "" {
			continue
		}
		rel := fmt.Sprintf(".CidrBlockAssociationSet[%d].CidrBlock", j)
		if p, ok := l.prefix(e, rel, a.CidrBlock, model.FieldRef{ID: id, Field: "cidrs"}); ok && !slices.Contains(x.CIDRs, p) {
			x.CIDRs = append(x.CIDRs, p)
			at = append(at, rel)
		}
	}
	if v.CidrBlock != "" {
		if p, ok := l.prefix(e, ".CidrBlock", v.CidrBlock, model.FieldRef{ID: id, Field: "cidrs"}); ok {
			// The primary CIDR comes first; it is the fallback when the
			// association set is missing.
			switch i := slices.Index(x.CIDRs, p); {
			case i < 0 && len(v.CidrBlockAssociationSet) == 0, i < 0 && len(x.CIDRs) == 0:
				x.CIDRs = append([]netip.Prefix{p}, x.CIDRs...)
				at = append([]string{".CidrBlock"}, at...)
			case i > 0:
				x.CIDRs = append(append([]netip.Prefix{p}, x.CIDRs[:i]...), x.CIDRs[i+1:]...)
				at = append(append([]string{at[i]}, at[:i]...), at[i+1:]...)
			}
		}
	}
	for j, a := range v.Ipv6CidrBlockAssociationSet {
		if !isAssociated(a.Ipv6CidrBlockState.State) || a.Ipv6CidrBlock == "" {
			continue
		}
		if p, ok := l.prefix(e, fmt.Sprintf(".Ipv6CidrBlockAssociationSet[%d].Ipv6CidrBlock", j), a.Ipv6CidrBlock, model.FieldRef{ID: id, Field: "ipv6_cidrs"}); ok {
			x.IPv6CIDRs = append(x.IPv6CIDRs, p)
		}
	}
	refs := []srcRef{{"dhcp_options", e.at(".DhcpOptionsId")}}
	for k, rel := range at {
		refs = append(refs, srcRef{fmt.Sprintf("cidrs[%d]", k), e.at(rel)})
	}
	l.vpcs.put(l, id, entry[model.VPC]{v: x, pos: e.at(""), f: e.f, refs: refs}, nil)
}

func readSubnet(l *loader, e *elemCtx, v *rawSubnet) {
	if v.SubnetID == "" {
		l.missing(e, "SubnetId")
		return
	}
	id := v.SubnetID
	x := model.Subnet{
		ID:                id,
		VPC:               v.VpcID,
		Account:           cmpOr(v.OwnerID, e.f.account),
		AZ:                v.AvailabilityZone,
		AZID:              v.AvailabilityZoneID,
		State:             model.ParseState(v.State),
		BlockPublicAccess: v.BlockPublicAccessStates.InternetGatewayBlockMode,
		Tags:              tags(v.Tags),
	}
	e.f.hint(regionOfAZ(v.AvailabilityZone))
	e.f.hint(regionOfARN(v.SubnetArn))
	if v.CidrBlock != "" {
		x.CIDR, _ = l.prefix(e, ".CidrBlock", v.CidrBlock, model.FieldRef{ID: id, Field: "cidr"})
	}
	for j, a := range v.Ipv6CidrBlockAssociationSet {
		if !isAssociated(a.Ipv6CidrBlockState.State) || a.Ipv6CidrBlock == "" {
			continue
		}
		if p, ok := l.prefix(e, fmt.Sprintf(".Ipv6CidrBlockAssociationSet[%d].Ipv6CidrBlock", j), a.Ipv6CidrBlock, model.FieldRef{ID: id, Field: "ipv6_cidrs"}); ok {
			x.IPv6CIDRs = append(x.IPv6CIDRs, p)
		}
	}
	refs := []srcRef{{"vpc", e.at(".VpcId")}, {"cidr", e.at(".CidrBlock")}}
	en := entry[model.Subnet]{v: x, pos: e.at(""), f: e.f, refs: refs}
	i, added := l.subnets.put(l, id, en, sameSubnet)
	if !added && sameSubnet(&l.subnets.items[i].v, &x) && x.AZ != l.subnets.items[i].v.AZ {
		// A subnet shared through RAM appears in every participant's
		// describe-subnets with that account's name for the zone; keep the
		// owner's copy when the folder layout says which one it is.
		old := &l.subnets.items[i]
		if e.f.account != "" && e.f.account == x.Account && old.f.account != x.Account {
			old.v.AZ, old.pos, old.f, old.refs = x.AZ, en.pos, en.f, en.refs
		}
	}
}

// sameSubnet compares two descriptions of a subnet. Availability Zone names
// are per account, so when both carry the same zone id the names may differ
// (a subnet shared through RAM).
func sameSubnet(a, b *model.Subnet) bool {
	x, y := *a, *b
	if x.AZID != "" && x.AZID == y.AZID {
		x.AZ, y.AZ = "", ""
	}
	return deepEqual(x, y)
}

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
			p, ok := l.prefix(e, destRel, r.DestinationCidrBlock, model.FieldRef{ID: id, Field: f + ".destination"})
			if !ok {
				continue
			}
			route.Destination = p
		case r.DestinationIpv6CidrBlock != "":
			destRel, destField = rel+".DestinationIpv6CidrBlock", "destination"
			p, ok := l.prefix(e, destRel, r.DestinationIpv6CidrBlock, model.FieldRef{ID: id, Field: f + ".destination"})
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

func readEndpoint(l *loader, e *elemCtx, v *rawEndpoint) {
	if v.VpcEndpointID == "" {
		l.missing(e, "VpcEndpointId")
		return
	}
	id := v.VpcEndpointID
	x := model.Endpoint{
		ID:                               id,
		VPC:                              v.VpcID,
		Account:                          cmpOr(v.OwnerID, e.f.account),
		Type:                             v.VpcEndpointType,
		Service:                          v.ServiceName,
		State:                            model.ParseState(v.State),
		PrivateDNS:                       v.PrivateDNSEnabled,
		PrivateDNSOnlyForInboundResolver: v.DNSOptions.PrivateDNSOnlyForInboundResolverEndpoint,
		Subnets:                          nonEmpty(v.SubnetIDs),
		ENIs:                             nonEmpty(v.NetworkInterfaceIDs),
		RouteTables:                      nonEmpty(v.RouteTableIDs),
		Policy:                           policy(v.PolicyDocument),
		Tags:                             tags(v.Tags),
	}
	e.f.hint(regionOfService(v.ServiceName))
	refs := []srcRef{{"vpc", e.at(".VpcId")}}
	for k := range v.SubnetIDs {
		refs = append(refs, srcRef{fmt.Sprintf("subnets[%d]", k), e.at(fmt.Sprintf(".SubnetIds[%d]", k))})
	}
	for k := range v.RouteTableIDs {
		refs = append(refs, srcRef{fmt.Sprintf("route_tables[%d]", k), e.at(fmt.Sprintf(".RouteTableIds[%d]", k))})
	}
	for k, g := range v.Groups {
		if g.GroupID == "" {
			continue
		}
		refs = append(refs, srcRef{fmt.Sprintf("security_groups[%d]", len(x.SecurityGroups)), e.at(fmt.Sprintf(".Groups[%d].GroupId", k))})
		x.SecurityGroups = append(x.SecurityGroups, g.GroupID)
	}
	l.endpoints.put(l, id, entry[model.Endpoint]{v: x, pos: e.at(""), f: e.f, refs: refs}, nil)
}

// policyDoc is an IAM policy document, typed just enough to recognise the
// default endpoint policy.
type policyDoc struct {
	Version   string          `json:"Version"`
	Statement json.RawMessage `json:"Statement"`
}

type policyStatement struct {
	Sid       string          `json:"Sid"`
	Effect    string          `json:"Effect"`
	Principal json.RawMessage `json:"Principal"`
	Action    json.RawMessage `json:"Action"`
	Resource  json.RawMessage `json:"Resource"`
	Condition json.RawMessage `json:"Condition"`
	NotAction json.RawMessage `json:"NotAction"`
	NotRes    json.RawMessage `json:"NotResource"`
	NotPrinc  json.RawMessage `json:"NotPrincipal"`
}

// policy returns an endpoint policy document, or "" for the default
// full-access policy AWS attaches when none is given: one statement
// allowing every action on every resource to every principal (Version
// 2008-10-17 or 2012-10-17, or none).
func policy(doc string) string {
	if strings.TrimSpace(doc) == "" {
		return ""
	}
	var d policyDoc
	if json.Unmarshal([]byte(doc), &d) != nil {
		return doc
	}
	switch d.Version {
	case "", "2008-10-17", "2012-10-17":
	default:
		return doc
	}
	var sts []policyStatement
	if json.Unmarshal(d.Statement, &sts) != nil {
		var st policyStatement
		if json.Unmarshal(d.Statement, &st) != nil {
			return doc
		}
		sts = []policyStatement{st}
	}
	if len(sts) != 1 {
		return doc
	}
	st := sts[0]
	if st.Effect != "Allow" || st.Condition != nil || st.NotAction != nil || st.NotRes != nil || st.NotPrinc != nil ||
		!isStar(st.Action) || !isStar(st.Resource) || !isStarPrincipal(st.Principal) {
		return doc
	}
	return ""
}

// isStar reports whether a policy element is "*" or ["*"].
func isStar(raw json.RawMessage) bool {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s == "*"
	}
	var l []string
	return json.Unmarshal(raw, &l) == nil && len(l) == 1 && l[0] == "*"
}

// isStarPrincipal reports whether a principal is "*" or {"AWS": "*"}.
func isStarPrincipal(raw json.RawMessage) bool {
	if isStar(raw) {
		return true
	}
	var m struct {
		AWS json.RawMessage `json:"AWS"`
	}
	var keys map[string]json.RawMessage
	return json.Unmarshal(raw, &keys) == nil && len(keys) == 1 &&
		json.Unmarshal(raw, &m) == nil && m.AWS != nil && isStar(m.AWS)
}

func readSG(l *loader, e *elemCtx, v *rawSG) {
	if v.GroupID == "" {
		l.missing(e, "GroupId")
		return
	}
	id := v.GroupID
	x := model.SecurityGroup{ID: id, Name: v.GroupName, VPC: v.VpcID, Account: cmpOr(v.OwnerID, e.f.account), Tags: tags(v.Tags)}
	e.f.hint(regionOfARN(v.SecurityGroupArn))
	refs := []srcRef{{"vpc", e.at(".VpcId")}}
	for j := range v.IPPermissions {
		l.permission(e, fmt.Sprintf(".IpPermissions[%d]", j), &v.IPPermissions[j], &x, "ingress", &x.Ingress, &refs)
	}
	for j := range v.IPPermissionsEgress {
		l.permission(e, fmt.Sprintf(".IpPermissionsEgress[%d]", j), &v.IPPermissionsEgress[j], &x, "egress", &x.Egress, &refs)
	}
	l.sgs.put(l, id, entry[model.SecurityGroup]{v: x, pos: e.at(""), f: e.f, refs: refs}, nil)
}

// ruleBase reads the protocol and ports shared by the peers of one
// permission: protocol -1 and protocols without ports match every port;
// for ICMP FromPort is the type and ToPort the code.
func (l *loader) ruleBase(e *elemCtx, rel string, proto text, from, to *int, ref model.FieldRef) (model.SGRule, bool) {
	p, ok := l.protocol(e, rel+".IpProtocol", proto, ref)
	if !ok {
		return model.SGRule{}, false
	}
	r := model.SGRule{Protocol: p, Ports: model.AllPorts, ICMP: model.AnyICMP}
	switch p {
	case model.ProtoTCP, model.ProtoUDP:
		r.Ports, ok = l.ports(e, rel+".FromPort", from, to, ref)
	case model.ProtoICMP, model.ProtoICMPv6:
		r.ICMP, ok = l.icmp(e, rel+".FromPort", from, to, ref)
	}
	return r, ok
}

// permission expands one IpPermission into one rule per peer.
func (l *loader) permission(e *elemCtx, rel string, p *rawPerm, g *model.SecurityGroup, dir string, rules *[]model.SGRule, refs *[]srcRef) {
	base, ok := l.ruleBase(e, rel, p.IPProtocol, p.FromPort, p.ToPort, model.FieldRef{ID: g.ID, Field: dir})
	if !ok {
		return
	}
	// The rule's entry in the source map also places its peer field
	// (ingress[3].cidr): SourceMap.Lookup walks up to it.
	add := func(r model.SGRule, peerRel string) {
		f := fmt.Sprintf("%s[%d]", dir, len(*rules))
		*rules = append(*rules, r)
		*refs = append(*refs, srcRef{f, e.at(peerRel)})
	}
	for m, c := range p.IPRanges {
		pr := fmt.Sprintf("%s.IpRanges[%d]", rel, m)
		if pfx, ok := l.prefix(e, pr+".CidrIp", c.CidrIP, model.FieldRef{ID: g.ID, Field: dir}); ok {
			r := base
			r.CIDR, r.Description = pfx, c.Description
			add(r, pr)
		}
	}
	for m, c := range p.IPv6Ranges {
		pr := fmt.Sprintf("%s.Ipv6Ranges[%d]", rel, m)
		if pfx, ok := l.prefix(e, pr+".CidrIpv6", c.CidrIPv6, model.FieldRef{ID: g.ID, Field: dir}); ok {
			r := base
			r.CIDR, r.Description = pfx, c.Description
			add(r, pr)
		}
	}
	for m, c := range p.PrefixListIDs {
		if c.PrefixListID == "" {
			continue
		}
		r := base
		r.PrefixList, r.Description = c.PrefixListID, c.Description
		add(r, fmt.Sprintf("%s.PrefixListIds[%d]", rel, m))
	}
	for m, c := range p.UserIDGroupPairs {
		if c.GroupID == "" {
			continue
		}
		r := base
		groupRef(&r, &c, g.VPC)
		add(r, fmt.Sprintf("%s.UserIdGroupPairs[%d]", rel, m))
	}
}

// groupRef fills the security group peer of r. GroupVPC is kept only for
// a group of another VPC (a reference across a peering connection).
func groupRef(r *model.SGRule, c *rawGroupRef, ownVPC string) {
	r.Group = c.GroupID
	r.Peering = c.VpcPeeringConnectionID
	if c.VpcID != "" && c.VpcID != ownVPC {
		r.GroupVPC = c.VpcID
	}
	if c.Description != "" {
		r.Description = c.Description
	}
}

// flatRule is one rule of describe-security-group-rules.
type flatRule struct {
	Group   string
	Account string
	Egress  bool
	Rule    model.SGRule
}

func readSGRule(l *loader, e *elemCtx, v *rawSGRule) {
	if v.GroupID == "" {
		l.missing(e, "GroupId")
		return
	}
	base, ok := l.ruleBase(e, "", v.IPProtocol, v.FromPort, v.ToPort, model.FieldRef{ID: v.GroupID})
	if !ok {
		return
	}
	r := flatRule{Group: v.GroupID, Account: cmpOr(v.GroupOwnerID, e.f.account), Egress: v.IsEgress, Rule: base}
	r.Rule.Description = v.Description
	switch {
	case v.CidrIPv4 != "":
		r.Rule.CIDR, ok = l.prefix(e, ".CidrIpv4", v.CidrIPv4, model.FieldRef{ID: v.GroupID})
	case v.CidrIPv6 != "":
		r.Rule.CIDR, ok = l.prefix(e, ".CidrIpv6", v.CidrIPv6, model.FieldRef{ID: v.GroupID})
	case v.PrefixListID != "":
		r.Rule.PrefixList = v.PrefixListID
	case v.ReferencedGroupInfo != nil && v.ReferencedGroupInfo.GroupID != "":
		groupRef(&r.Rule, v.ReferencedGroupInfo, "")
		r.Rule.Description = v.Description
	default:
		l.add(model.Error, CodeMissingField, e.at(""), model.FieldRef{ID: v.GroupID}, "the rule has no peer (CidrIpv4, CidrIpv6, PrefixListId or ReferencedGroupInfo)")
		return
	}
	if !ok {
		return
	}
	// Rules without an id cannot be paginated twice; key them by place.
	key := cmpOr(v.SecurityGroupRuleID, e.f.name+"\x00"+e.path)
	l.sgRules.put(l, key, entry[flatRule]{v: r, pos: e.at(""), f: e.f}, func(a, b *flatRule) bool {
		return a.Group == b.Group && a.Account == b.Account && a.Egress == b.Egress && a.Rule == b.Rule
	})
}

func readACL(l *loader, e *elemCtx, v *rawACL) {
	if v.NetworkACLID == "" {
		l.missing(e, "NetworkAclId")
		return
	}
	id := v.NetworkACLID
	x := model.NetworkACL{ID: id, VPC: v.VpcID, Account: cmpOr(v.OwnerID, e.f.account), Default: v.IsDefault, Tags: tags(v.Tags)}
	refs := []srcRef{{"vpc", e.at(".VpcId")}, {"default", e.at(".IsDefault")}}
	var links []link
	for j, a := range v.Associations {
		if a.SubnetID != "" {
			links = append(links, link{subject: a.SubnetID, target: id, pos: e.at(fmt.Sprintf(".Associations[%d]", j))})
		}
	}
	in, out := 0, 0
	for j := range v.Entries {
		en := &v.Entries[j]
		rel := fmt.Sprintf(".Entries[%d]", j)
		// The unremovable "*" rules: the model treats them as implicit.
		if (en.RuleNumber == 32767 || en.RuleNumber == 32768) && strings.EqualFold(en.RuleAction, "deny") &&
			(en.Protocol == "-1" || strings.EqualFold(string(en.Protocol), "all")) {
			continue
		}
		dir, n := "ingress", &in
		if en.Egress {
			dir, n = "egress", &out
		}
		f := fmt.Sprintf("%s[%d]", dir, *n)
		ref := model.FieldRef{ID: id, Field: f}
		proto, ok := l.protocol(e, rel+".Protocol", en.Protocol, ref)
		if !ok {
			continue
		}
		ae := model.ACLEntry{RuleNumber: en.RuleNumber, Egress: en.Egress, Protocol: proto, Ports: model.AllPorts, ICMP: model.AnyICMP}
		switch {
		case strings.EqualFold(en.RuleAction, "allow"):
			ae.Allow = true
		case strings.EqualFold(en.RuleAction, "deny"):
		default:
			l.add(model.Error, CodeBadValue, e.at(rel+".RuleAction"), ref, "rule action %q: want allow or deny", en.RuleAction)
			continue
		}
		cidrRel := rel + ".CidrBlock"
		switch {
		case en.CidrBlock != "":
			ae.CIDR, ok = l.prefix(e, cidrRel, en.CidrBlock, ref)
		case en.IPv6CidrBlock != "":
			cidrRel = rel + ".Ipv6CidrBlock"
			ae.CIDR, ok = l.prefix(e, cidrRel, en.IPv6CidrBlock, ref)
		default:
			l.add(model.Error, CodeMissingField, e.at(rel), ref, "the entry has no CidrBlock or Ipv6CidrBlock")
			ok = false
		}
		if !ok {
			continue
		}
		switch proto {
		case model.ProtoTCP, model.ProtoUDP:
			if en.PortRange != nil {
				ae.Ports, ok = l.ports(e, rel+".PortRange", en.PortRange.From, en.PortRange.To, ref)
			}
		case model.ProtoICMP, model.ProtoICMPv6:
			if en.IcmpTypeCode != nil {
				ae.ICMP, ok = l.icmp(e, rel+".IcmpTypeCode", en.IcmpTypeCode.Type, en.IcmpTypeCode.Code, ref)
			}
		}
		if !ok {
			continue
		}
		*n++
		x.Entries = append(x.Entries, ae)
		refs = append(refs, srcRef{f, e.at(rel)}, srcRef{f + ".cidr", e.at(cidrRel)}, srcRef{f + ".rule", e.at(rel + ".RuleNumber")})
	}
	l.acls.put(l, id, entry[model.NetworkACL]{v: x, pos: e.at(""), f: e.f, refs: refs, links: links}, nil)
}

// eni converts a network interface of describe-network-interfaces or of an
// instance in describe-instances.
func (l *loader) eni(e *elemCtx, v *rawENI) (model.ENI, []srcRef) {
	id := v.NetworkInterfaceID
	x := model.ENI{
		ID:               id,
		VPC:              v.VpcID,
		Subnet:           v.SubnetID,
		Account:          cmpOr(v.OwnerID, e.f.account),
		AZ:               v.AvailabilityZone,
		Type:             v.InterfaceType,
		Status:           model.ParseState(v.Status),
		SourceDestCheck:  optBool(v.SourceDestCheck),
		RequesterManaged: v.RequesterManaged,
		Description:      v.Description,
		Tags:             tags(v.TagSet),
	}
	if x.Tags == nil {
		x.Tags = tags(v.Tags)
	}
	if v.Attachment != nil {
		x.Instance = v.Attachment.InstanceID
	}
	e.f.hint(regionOfAZ(v.AvailabilityZone))
	x.PrivateIP = l.addr(e, ".PrivateIpAddress", v.PrivateIPAddress, model.FieldRef{ID: id, Field: "private_ip"})
	privRel := ".PrivateIpAddress"
	for j, pa := range v.PrivateIPAddresses {
		rel := fmt.Sprintf(".PrivateIpAddresses[%d]", j)
		a := l.addr(e, rel+".PrivateIpAddress", pa.PrivateIPAddress, model.FieldRef{ID: id, Field: "private_ip"})
		if !a.IsValid() {
			continue
		}
		switch {
		case pa.Primary || a == x.PrivateIP:
			if !x.PrivateIP.IsValid() {
				x.PrivateIP, privRel = a, rel+".PrivateIpAddress"
			}
			if pa.Association != nil && !x.PublicIP.IsValid() {
				x.PublicIP = l.addr(e, rel+".Association.PublicIp", pa.Association.PublicIP, model.FieldRef{ID: id, Field: "public_ip"})
			}
		case !slices.Contains(x.SecondaryIPs, a):
			x.SecondaryIPs = append(x.SecondaryIPs, a)
		}
	}
	if v.Association != nil && v.Association.PublicIP != "" {
		x.PublicIP = l.addr(e, ".Association.PublicIp", v.Association.PublicIP, model.FieldRef{ID: id, Field: "public_ip"})
	}
	var prefixRefs []srcRef
	for j, p := range v.IPv4Prefixes {
		if p.IPv4Prefix == "" {
			continue
		}
		rel := fmt.Sprintf(".Ipv4Prefixes[%d].Ipv4Prefix", j)
		f := fmt.Sprintf("prefixes[%d]", len(x.Prefixes))
		if pfx, ok := l.prefix(e, rel, p.IPv4Prefix, model.FieldRef{ID: id, Field: f}); ok && !slices.Contains(x.Prefixes, pfx) {
			prefixRefs = append(prefixRefs, srcRef{f, e.at(rel)})
			x.Prefixes = append(x.Prefixes, pfx)
		}
	}
	for j, a := range v.IPv6Addresses {
		if ip := l.addr(e, fmt.Sprintf(".Ipv6Addresses[%d].Ipv6Address", j), a.IPv6Address, model.FieldRef{ID: id, Field: "ipv6"}); ip.IsValid() {
			x.IPv6 = append(x.IPv6, ip)
		}
	}
	refs := []srcRef{{"vpc", e.at(".VpcId")}, {"subnet", e.at(".SubnetId")}, {"private_ip", e.at(privRel)}}
	refs = append(refs, prefixRefs...)
	for j, g := range v.Groups {
		if g.GroupID == "" {
			continue
		}
		refs = append(refs, srcRef{fmt.Sprintf("security_groups[%d]", len(x.SecurityGroups)), e.at(fmt.Sprintf(".Groups[%d].GroupId", j))})
		x.SecurityGroups = append(x.SecurityGroups, g.GroupID)
	}
	return x, refs
}

func readENI(l *loader, e *elemCtx, v *rawENI) {
	if v.NetworkInterfaceID == "" {
		l.missing(e, "NetworkInterfaceId")
		return
	}
	x, refs := l.eni(e, v)
	l.enis.put(l, x.ID, entry[model.ENI]{v: x, pos: e.at(""), f: e.f, refs: refs}, nil)
}

func readDHCP(l *loader, e *elemCtx, v *rawDHCP) {
	if v.DhcpOptionsID == "" {
		l.missing(e, "DhcpOptionsId")
		return
	}
	x := model.DHCPOptions{ID: v.DhcpOptionsID, Account: cmpOr(v.OwnerID, e.f.account)}
	for _, c := range v.DhcpConfigurations {
		for _, val := range c.Values {
			switch c.Key {
			case "domain-name-servers":
				x.DomainNameServers = append(x.DomainNameServers, val.Value)
			case "domain-name":
				if x.DomainName == "" {
					x.DomainName = val.Value
				}
			}
		}
	}
	l.dhcp.put(l, x.ID, entry[model.DHCPOptions]{v: x, pos: e.at(""), f: e.f}, nil)
}

// cidrBatch is a set of prefix list CIDRs from one place: the Cidrs of
// describe-prefix-lists or one get-managed-prefix-list-entries output.
type cidrBatch struct {
	list  string // "" until known
	cidrs []netip.Prefix
	pos   model.Pos
	f     *fileCtx
}

func readPrefixList(l *loader, e *elemCtx, v *rawPrefixList) {
	if v.PrefixListID == "" {
		l.missing(e, "PrefixListId")
		return
	}
	id := v.PrefixListID
	x := model.PrefixList{ID: id, Name: v.PrefixListName, Owner: v.OwnerID}
	if v.Cidrs != nil && x.Owner == "" {
		x.Owner = "AWS" // describe-prefix-lists lists AWS service prefix lists only
	}
	if x.Owner != "AWS" {
		x.Account = x.Owner
	}
	x.Region = cmpOr(regionOfService(v.PrefixListName), regionOfARN(v.PrefixListArn))
	e.f.hint(x.Region)
	if v.Cidrs != nil {
		b := cidrBatch{list: id, pos: e.at(".Cidrs"), f: e.f}
		for j, c := range *v.Cidrs {
			if p, ok := l.prefix(e, fmt.Sprintf(".Cidrs[%d]", j), c, model.FieldRef{ID: id}); ok {
				b.cidrs = append(b.cidrs, p)
			}
		}
		l.plCIDRs = append(l.plCIDRs, b)
	}
	i, added := l.pls.put(l, id, entry[model.PrefixList]{v: x, pos: e.at(""), f: e.f}, func(a, b *model.PrefixList) bool {
		// The managed and the legacy shapes describe one list with
		// different members: they agree when no member is set differently.
		return a.ID == b.ID && compatible(a.Name, b.Name) && compatible(a.Owner, b.Owner) && compatible(a.Region, b.Region)
	})
	if !added {
		old := &l.pls.items[i].v
		old.Name, old.Owner, old.Account, old.Region = cmpOr(old.Name, x.Name), cmpOr(old.Owner, x.Owner), cmpOr(old.Account, x.Account), cmpOr(old.Region, x.Region)
	}
}

func compatible(a, b string) bool { return a == "" || b == "" || a == b }

func deepEqual(a, b any) bool { return reflect.DeepEqual(a, b) }

func readTGW(l *loader, e *elemCtx, v *rawTGW) {
	if v.TransitGatewayID == "" {
		l.missing(e, "TransitGatewayId")
		return
	}
	o := v.Options
	x := model.TransitGateway{
		ID:            v.TransitGatewayID,
		Account:       cmpOr(v.OwnerID, e.f.account),
		State:         model.ParseState(v.State),
		DNSSupport:    enabled(o.DNSSupport),
		SGReferencing: enabled(o.SecurityGroupReferencingSupport),
		Tags:          tags(v.Tags),
	}
	if !strings.EqualFold(o.DefaultRouteTableAssociation, "disable") {
		x.DefaultAssociationTable = o.AssociationDefaultRouteTableID
	}
	if !strings.EqualFold(o.DefaultRouteTablePropagation, "disable") {
		x.DefaultPropagationTable = o.PropagationDefaultRouteTableID
	}
	e.f.hint(regionOfARN(v.TransitGatewayArn))
	l.tgws.put(l, x.ID, entry[model.TransitGateway]{v: x, pos: e.at(""), f: e.f}, nil)
}

func readTGWAttachment(l *loader, e *elemCtx, v *rawTGWAttachment) {
	if v.TransitGatewayAttachmentID == "" {
		l.missing(e, "TransitGatewayAttachmentId")
		return
	}
	x := model.TGWAttachment{
		ID:             v.TransitGatewayAttachmentID,
		TransitGateway: v.TransitGatewayID,
		ResourceType:   v.ResourceType,
		ResourceID:     v.ResourceID,
		Account:        cmpOr(v.ResourceOwnerID, e.f.account),
		State:          model.ParseState(v.State),
	}
	var refs []srcRef
	if a := v.Association; a != nil && a.TransitGatewayRouteTableID != "" && strings.EqualFold(a.State, "associated") {
		x.RouteTable = a.TransitGatewayRouteTableID
		refs = append(refs, srcRef{"route_table", e.at(".Association.TransitGatewayRouteTableId")})
	}
	en := entry[model.TGWAttachment]{v: x, pos: e.at(""), f: e.f, refs: refs}
	if isPeering(x.ResourceType) {
		// A peering attachment has two ends, each with its own transit
		// gateway and association, and each account (or Region) lists it
		// from its own end: keep one record per end.
		l.tgwAtts.put(l, x.ID+"\x00"+x.TransitGateway, en, nil)
		return
	}
	l.tgwAtts.put(l, x.ID, en, nil)
}

func isPeering(resourceType string) bool {
	return strings.EqualFold(resourceType, "peering") || strings.EqualFold(resourceType, "tgw-peering")
}

func readTGWVPCAttachment(l *loader, e *elemCtx, v *rawTGWAttachment) {
	if v.TransitGatewayAttachmentID == "" {
		l.missing(e, "TransitGatewayAttachmentId")
		return
	}
	x := model.TGWAttachment{
		ID:             v.TransitGatewayAttachmentID,
		TransitGateway: v.TransitGatewayID,
		ResourceType:   "vpc",
		ResourceID:     v.VpcID,
		Account:        cmpOr(v.VpcOwnerID, e.f.account),
		State:          model.ParseState(v.State),
		Subnets:        nonEmpty(v.SubnetIDs),
		ApplianceMode:  enabled(v.Options.ApplianceModeSupport),
		SGReferencing:  enabled(v.Options.SecurityGroupReferencingSupport),
		DNSSupport:     enabled(v.Options.DNSSupport),
	}
	refs := []srcRef{{"vpc", e.at(".VpcId")}}
	for k := range v.SubnetIDs {
		refs = append(refs, srcRef{fmt.Sprintf("subnets[%d]", k), e.at(fmt.Sprintf(".SubnetIds[%d]", k))})
	}
	l.tgwVPCAtt.put(l, x.ID, entry[model.TGWAttachment]{v: x, pos: e.at(""), f: e.f, refs: refs}, nil)
}

func readTGWPeeringAttachment(l *loader, e *elemCtx, v *rawTGWAttachment) {
	if v.TransitGatewayAttachmentID == "" {
		l.missing(e, "TransitGatewayAttachmentId")
		return
	}
	x := model.TGWAttachment{ID: v.TransitGatewayAttachmentID, ResourceType: "peering", State: model.ParseState(v.State)}
	if r := v.RequesterTgwInfo; r != nil {
		x.TransitGateway, x.Account = r.TransitGatewayID, r.OwnerID
	}
	if a := v.AccepterTgwInfo; a != nil {
		x.ResourceID = a.TransitGatewayID
	}
	if !x.State.Known() && v.Status != nil {
		x.State = model.ParseState(v.Status.Code)
	}
	l.tgwPeer.put(l, x.ID, entry[model.TGWAttachment]{v: x, pos: e.at(""), f: e.f}, nil)
}

func readTGWRouteTable(l *loader, e *elemCtx, v *rawTGWRouteTable) {
	if v.TransitGatewayRouteTableID == "" {
		l.missing(e, "TransitGatewayRouteTableId")
		return
	}
	x := model.TGWRouteTable{ID: v.TransitGatewayRouteTableID, TransitGateway: v.TransitGatewayID, State: model.ParseState(v.State)}
	l.tgwRTs.put(l, x.ID, entry[model.TGWRouteTable]{v: x, pos: e.at(""), f: e.f}, nil)
}

// routeBatch is the routes of one transit gateway route table from one
// place.
type routeBatch struct {
	table  string // "" until known
	full   bool   // search-transit-gateway-routes output (not Batfish's static-only wrapper)
	routes []model.TGWRoute
	pos    []model.Pos
	at     model.Pos
}

// tgwRoute converts one transit gateway route at e into b.
func (l *loader) tgwRoute(e *elemCtx, r *rawTGWRoute, b *routeBatch) {
	x := model.TGWRoute{PrefixList: r.PrefixListID, Type: r.Type, State: model.ParseState(r.State)}
	if r.DestinationCidrBlock != "" {
		p, ok := l.prefix(e, ".DestinationCidrBlock", r.DestinationCidrBlock, model.FieldRef{ID: b.table})
		if !ok {
			return
		}
		x.Destination = p
	}
	for _, a := range r.TransitGatewayAttachments {
		if a.TransitGatewayAttachmentID != "" {
			x.Attachments = append(x.Attachments, a.TransitGatewayAttachmentID)
		}
	}
	b.routes = append(b.routes, x)
	b.pos = append(b.pos, e.at(""))
}

func readBatfishRoutes(l *loader, e *elemCtx, v *rawBatfishRoutes) {
	b := routeBatch{table: v.TransitGatewayRouteTableID, at: e.at("")}
	for j := range v.Routes {
		l.tgwRoute(e.sub(fmt.Sprintf(".Routes[%d]", j)), &v.Routes[j], &b)
	}
	if v.AdditionalRoutesAvailable {
		l.add(model.Warning, CodeIncomplete, e.at(".AdditionalRoutesAvailable"), model.FieldRef{ID: b.table},
			"AdditionalRoutesAvailable is true: the transit gateway route table has more routes than this output lists")
	}
	l.tgwRoutes = append(l.tgwRoutes, b)
}

// linkBatch is the associations or propagations of one transit gateway
// route table.
type linkBatch struct {
	table       string
	propagation bool
	links       []rawTGWTableLink
	pos         []model.Pos
	at          model.Pos
}

func readBatfishPropagations(l *loader, e *elemCtx, v *rawBatfishPropagations) {
	b := linkBatch{table: v.TransitGatewayRouteTableID, propagation: true, links: v.TransitGatewayRouteTablePropagations, at: e.at("")}
	for j := range b.links {
		b.pos = append(b.pos, e.at(fmt.Sprintf(".TransitGatewayRouteTablePropagations[%d]", j)))
	}
	l.tgwLinks = append(l.tgwLinks, b)
}

// readLinked reads a list whose owner id sits beside it or in the path:
// search-transit-gateway-routes, get-transit-gateway-route-table-
// associations and -propagations, get-managed-prefix-list-entries.
func (l *loader) readLinked(f *fileCtx, m member, present map[string]member) {
	idKey := linkedKeys[m.key]
	id := ""
	if im, ok := present[idKey]; ok {
		if json.Unmarshal(f.data[im.start:im.end], &id) != nil {
			l.add(model.Error, CodeBadType, f.pos(im.start, idKey), model.FieldRef{}, "want a string, found %s", jsonKind(f.data, im.start))
		}
	}
	name := filepath.ToSlash(f.name)
	switch m.key {
	case "Entries":
		id = cmpOr(id, idInPath(name, "pl-"))
	case "HostedZoneSummaries":
		id = cmpOr(id, idInPathFunc(name, "vpc-", isHex))
	case "ResourceRecordSets":
		id = cmpOr(zoneID(id), zoneIDInPath(name))
	default:
		id = cmpOr(id, idInPath(name, "tgw-rtb-"))
	}
	at := f.pos(m.start, m.key)
	switch m.key {
	case "HostedZoneSummaries":
		l.readZoneSummaries(f, m, present, id, at)
	case "ResourceRecordSets":
		l.readRecordSets(f, m, id, at)
	case "Routes":
		b := routeBatch{table: id, full: true, at: at}
		eachElem(l, f, m.key, m.start, m.end, func(e *elemCtx, v *rawTGWRoute) { l.tgwRoute(e, v, &b) })
		l.tgwRoutes = append(l.tgwRoutes, b)
	case "Associations", "TransitGatewayRouteTablePropagations":
		b := linkBatch{table: id, propagation: m.key != "Associations", at: at}
		eachElem(l, f, m.key, m.start, m.end, func(e *elemCtx, v *rawTGWTableLink) {
			b.links = append(b.links, *v)
			b.pos = append(b.pos, e.at(""))
		})
		l.tgwLinks = append(l.tgwLinks, b)
	case "Entries":
		b := cidrBatch{list: id, pos: at, f: f}
		eachElem(l, f, m.key, m.start, m.end, func(e *elemCtx, v *rawPLEntry) {
			if p, ok := l.prefix(e, ".Cidr", v.Cidr, model.FieldRef{ID: id}); ok {
				b.cidrs = append(b.cidrs, p)
			}
		})
		l.plCIDRs = append(l.plCIDRs, b)
	}
}

func readPeering(l *loader, e *elemCtx, v *rawPeering) {
	if v.VpcPeeringConnectionID == "" {
		l.missing(e, "VpcPeeringConnectionId")
		return
	}
	x := model.PeeringConnection{
		ID:        v.VpcPeeringConnectionID,
		Status:    model.ParseState(v.Status.Code),
		Requester: l.peerVPC(e, ".RequesterVpcInfo", &v.RequesterVpcInfo),
		Accepter:  l.peerVPC(e, ".AccepterVpcInfo", &v.AccepterVpcInfo),
		Tags:      tags(v.Tags),
	}
	l.peerings.put(l, x.ID, entry[model.PeeringConnection]{v: x, pos: e.at(""), f: e.f}, samePeering)
}

// samePeering compares two descriptions of a peering connection, which
// each side's account may export; tags are per account.
func samePeering(a, b *model.PeeringConnection) bool {
	x, y := *a, *b
	x.Tags, y.Tags = nil, nil
	return deepEqual(x, y)
}

func (l *loader) peerVPC(e *elemCtx, rel string, v *rawPeerVPC) model.PeerVPC {
	p := model.PeerVPC{VPC: v.VpcID, Account: v.OwnerID, Region: v.Region}
	for j, c := range v.CidrBlockSet {
		if pfx, ok := l.prefix(e, fmt.Sprintf("%s.CidrBlockSet[%d].CidrBlock", rel, j), c.CidrBlock, model.FieldRef{}); ok && !slices.Contains(p.CIDRs, pfx) {
			p.CIDRs = append(p.CIDRs, pfx)
		}
	}
	if len(p.CIDRs) == 0 && v.CidrBlock != "" {
		if pfx, ok := l.prefix(e, rel+".CidrBlock", v.CidrBlock, model.FieldRef{}); ok {
			p.CIDRs = append(p.CIDRs, pfx)
		}
	}
	for j, c := range v.IPv6CidrBlockSet {
		if pfx, ok := l.prefix(e, fmt.Sprintf("%s.Ipv6CidrBlockSet[%d].Ipv6CidrBlock", rel, j), c.IPv6CidrBlock, model.FieldRef{}); ok {
			p.CIDRs = append(p.CIDRs, pfx)
		}
	}
	return p
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

func readReservation(l *loader, e *elemCtx, v *rawReservation) {
	for j := range v.Instances {
		in := &v.Instances[j]
		ie := e.sub(fmt.Sprintf(".Instances[%d]", j))
		if in.InstanceID == "" {
			l.missing(ie, "InstanceId")
			continue
		}
		az := in.Placement.AvailabilityZone
		e.f.hint(regionOfAZ(az))
		x := model.Instance{ID: in.InstanceID, Account: cmpOr(v.OwnerID, e.f.account), State: model.ParseState(in.State.Name), Tags: tags(in.Tags)}
		for k := range in.NetworkInterfaces {
			ni := &in.NetworkInterfaces[k]
			ne := ie.sub(fmt.Sprintf(".NetworkInterfaces[%d]", k))
			if ni.NetworkInterfaceID == "" {
				l.missing(ne, "NetworkInterfaceId")
				continue
			}
			if ni.AvailabilityZone == "" {
				ni.AvailabilityZone = az
			}
			if ni.OwnerID == "" {
				ni.OwnerID = v.OwnerID
			}
			n, refs := l.eni(ne, ni)
			n.Instance = x.ID
			x.ENIs = append(x.ENIs, n.ID)
			l.instENIs.put(l, n.ID, entry[model.ENI]{v: n, pos: ne.at(""), f: e.f, refs: refs}, nil)
		}
		l.instances.put(l, x.ID, entry[model.Instance]{v: x, pos: ie.at(""), f: e.f}, nil)
	}
}

func readAddress(l *loader, e *elemCtx, v *rawAddress) {
	key := cmpOr(v.AllocationID, v.PublicIP)
	if key == "" {
		l.missing(e, "AllocationId or PublicIp")
		return
	}
	x := model.ElasticIP{
		AllocationID: v.AllocationID,
		PublicIP:     l.addr(e, ".PublicIp", v.PublicIP, model.FieldRef{ID: key}),
		ENI:          v.NetworkInterfaceID,
		PrivateIP:    l.addr(e, ".PrivateIpAddress", v.PrivateIPAddress, model.FieldRef{ID: key}),
		Instance:     v.InstanceID,
	}
	l.eips.put(l, key, entry[model.ElasticIP]{v: x, pos: e.at(""), f: e.f}, nil)
}

func readTask(l *loader, e *elemCtx, v *rawTask) {
	if v.TaskArn == "" {
		l.missing(e, "taskArn")
		return
	}
	x := model.ECSTask{
		ID:              v.TaskArn[strings.LastIndexByte(v.TaskArn, '/')+1:],
		ARN:             v.TaskArn,
		Cluster:         v.ClusterArn[strings.LastIndexByte(v.ClusterArn, '/')+1:],
		LastStatus:      model.ParseState(v.LastStatus),
		LaunchType:      v.LaunchType,
		PlatformVersion: v.PlatformVersion,
		ExecEnabled:     v.EnableExecuteCommand,
	}
	e.f.hint(regionOfARN(v.TaskArn))
	e.f.hint(regionOfAZ(v.AvailabilityZone))
	var refs []srcRef
	for j, a := range v.Attachments {
		if !strings.EqualFold(a.Type, "ElasticNetworkInterface") && !strings.EqualFold(a.Type, "eni") {
			continue
		}
		for k, d := range a.Details {
			rel := fmt.Sprintf(".attachments[%d].details[%d].value", j, k)
			switch d.Name {
			case "networkInterfaceId":
				x.ENI = d.Value
				refs = append(refs, srcRef{"eni", e.at(rel)})
			case "subnetId":
				x.Subnet = d.Value
				refs = append(refs, srcRef{"subnet", e.at(rel)})
			case "privateIPv4Address":
				x.PrivateIP = l.addr(e, rel, d.Value, model.FieldRef{ID: x.ID, Field: "private_ip"})
			}
		}
		if x.ENI != "" {
			break
		}
	}
	for _, c := range v.Containers {
		for _, a := range c.ManagedAgents {
			if a.Name == "ExecuteCommandAgent" && !x.ExecAgent.Known() {
				x.ExecAgent = model.ParseState(a.LastStatus)
			}
		}
	}
	l.tasks.put(l, x.ID, entry[model.ECSTask]{v: x, pos: e.at(""), f: e.f, refs: refs}, nil)
}

// vpcAttr is one describe-vpc-attribute output.
type vpcAttr struct {
	vpc                   string
	dnsSupport, hostnames *bool
	pos                   model.Pos
}

func (l *loader) readVPCAttribute(f *fileCtx, top int) {
	e := &elemCtx{f: f, start: top}
	var v rawVPCAttribute
	if err := json.Unmarshal(f.data[top:skipValue(f.data, top)], &v); err != nil {
		e.bad = true
		l.decodeError(e, skipValue(f.data, top), err)
	}
	if v.VpcID == "" && e.bad {
		return
	}
	if v.VpcID == "" {
		l.add(model.Error, CodeMissingField, e.at(""), model.FieldRef{}, "describe-vpc-attribute output without a VpcId; ignored")
		return
	}
	a := vpcAttr{vpc: v.VpcID, pos: e.at("")}
	if v.EnableDNSSupport != nil {
		a.dnsSupport = v.EnableDNSSupport.Value
		a.pos = e.at(".EnableDnsSupport")
	}
	if v.EnableDNSHostnames != nil {
		a.hostnames = v.EnableDNSHostnames.Value
		a.pos = e.at(".EnableDnsHostnames")
	}
	l.vpcAttrs = append(l.vpcAttrs, a)
}
