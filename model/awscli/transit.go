package awscli

import (
	"fmt"
	"slices"
	"strings"

	"github.com/cshsim/cshsim/model"
)

// This file reads transit gateways, their attachments, route tables and routes, and VPC peering connections.

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

func enabled(s string) bool { return strings.EqualFold(s, "enable") || strings.EqualFold(s, "enabled") }

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
