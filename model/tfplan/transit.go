package tfplan

import (
	"github.com/cshsim/cshsim/model"
)

// This file converts transit gateways, attachments, TGW route tables and VPC peering.

func (b *builder) tgw(in *instance) {
	var v struct {
		DefaultAssoc  string            `json:"default_route_table_association"`
		DefaultProp   string            `json:"default_route_table_propagation"`
		DNSSupport    string            `json:"dns_support"`
		SGReferencing string            `json:"security_group_referencing_support"`
		OwnerID       string            `json:"owner_id"`
		Tags          map[string]string `json:"tags"`
	}
	b.decode(in, &v)
	x := &model.TransitGateway{ID: in.id, Account: v.OwnerID, State: model.StateAvailable, Tags: tagsOf(v.Tags),
		DNSSupport: v.DNSSupport != "disable", SGReferencing: v.SGReferencing == "enable"}
	if !b.put(in.id, model.KindTransitGateway, x) {
		return
	}
	b.tgws = append(b.tgws, x)
	b.src(in.id, "", b.r.pos(in, ""))
	if v.DefaultAssoc != "disable" {
		x.DefaultAssociationTable = b.tgwDefaultRT(in)
	}
	if v.DefaultProp != "disable" {
		x.DefaultPropagationTable = b.tgwDefaultRT(in)
	}
}

func (b *builder) tgwAttachment(in *instance) {
	var v struct {
		TGW           string   `json:"transit_gateway_id"`
		VPC           string   `json:"vpc_id"`
		Subnets       []string `json:"subnet_ids"`
		ApplianceMode string   `json:"appliance_mode_support"`
		DNSSupport    string   `json:"dns_support"`
		SGReferencing string   `json:"security_group_referencing_support"`
		DefaultAssoc  *bool    `json:"transit_gateway_default_route_table_association"`
		DefaultProp   *bool    `json:"transit_gateway_default_route_table_propagation"`
		OwnerID       string   `json:"vpc_owner_id"`
	}
	b.decode(in, &v)
	x := &model.TGWAttachment{ID: in.id, ResourceType: "vpc", Account: v.OwnerID, State: model.StateAvailable,
		ApplianceMode: v.ApplianceMode == "enable", DNSSupport: v.DNSSupport != "disable", SGReferencing: v.SGReferencing == "enable"}
	x.TransitGateway = b.ref(in, v.TGW, wantTGW, "transit_gateway_id").id
	x.ResourceID = b.ref(in, v.VPC, wantVPC, "vpc_id").id
	x.Subnets, _ = b.refList(in, v.Subnets, wantSubnet, "subnet_ids")
	if !b.put(in.id, model.KindTGWAttachment, x) {
		return
	}
	b.tgwAtts = append(b.tgwAtts, x)
	b.src(in.id, "", b.r.pos(in, ""))
	assoc := v.DefaultAssoc == nil || *v.DefaultAssoc
	prop := v.DefaultProp == nil || *v.DefaultProp
	b.later = append(b.later, func() {
		t := get[model.TransitGateway](b, x.TransitGateway)
		if t == nil {
			return
		}
		if assoc && t.DefaultAssociationTable != "" && x.RouteTable == "" {
			x.RouteTable = t.DefaultAssociationTable
		}
		if prop && t.DefaultPropagationTable != "" {
			if rt := get[model.TGWRouteTable](b, t.DefaultPropagationTable); rt != nil && !containsStr(rt.Propagations, x.ID) {
				rt.Propagations = append(rt.Propagations, x.ID)
			}
		}
	})
}

func (b *builder) tgwRouteTable(in *instance) {
	var v struct {
		TGW string `json:"transit_gateway_id"`
	}
	b.decode(in, &v)
	x := &model.TGWRouteTable{ID: in.id, State: model.StateAvailable, RoutesKnown: true}
	x.TransitGateway = b.ref(in, v.TGW, wantTGW, "transit_gateway_id").id
	if b.put(in.id, model.KindTGWRouteTable, x) {
		b.tgwRTs = append(b.tgwRTs, x)
		b.src(in.id, "", b.r.pos(in, ""))
	}
}

func (b *builder) tgwRoute(in *instance) {
	var v struct {
		CIDR       string `json:"destination_cidr_block"`
		Attachment string `json:"transit_gateway_attachment_id"`
		Blackhole  *bool  `json:"blackhole"`
		RouteTable string `json:"transit_gateway_route_table_id"`
	}
	b.decode(in, &v)
	rt := get[model.TGWRouteTable](b, b.ref(in, v.RouteTable, wantTGWRT, "transit_gateway_route_table_id").id)
	p := b.prefix(in, v.CIDR, "destination_cidr_block")
	if rt == nil || !p.IsValid() {
		return
	}
	r := model.TGWRoute{Destination: p, Type: "static", State: model.StateActive}
	if v.Blackhole != nil && *v.Blackhole {
		r.State = model.StateBlackhole
	} else if att := b.ref(in, v.Attachment, wantTGWAtt, "transit_gateway_attachment_id").id; att != "" {
		r.Attachments = []string{att}
	}
	rt.Routes = append(rt.Routes, r)
}

func (b *builder) tgwRTLink(in *instance) {
	var v struct {
		Attachment string `json:"transit_gateway_attachment_id"`
		RouteTable string `json:"transit_gateway_route_table_id"`
	}
	b.decode(in, &v)
	rtID := b.ref(in, v.RouteTable, wantTGWRT, "transit_gateway_route_table_id").id
	att := b.ref(in, v.Attachment, wantTGWAtt, "transit_gateway_attachment_id").id
	if rtID == "" || att == "" {
		return
	}
	if in.typ == "aws_ec2_transit_gateway_route_table_association" {
		if a := get[model.TGWAttachment](b, att); a != nil {
			a.RouteTable = rtID
		}
		return
	}
	if rt := get[model.TGWRouteTable](b, rtID); rt != nil && !containsStr(rt.Propagations, att) {
		rt.Propagations = append(rt.Propagations, att)
	}
}

func (b *builder) peering(in *instance) {
	var v struct {
		VPC        string            `json:"vpc_id"`
		PeerVPC    string            `json:"peer_vpc_id"`
		PeerOwner  string            `json:"peer_owner_id"`
		PeerRegion string            `json:"peer_region"`
		AutoAccept *bool             `json:"auto_accept"`
		Status     string            `json:"accept_status"`
		Tags       map[string]string `json:"tags"`
	}
	b.decode(in, &v)
	x := &model.PeeringConnection{ID: in.id, Status: model.ParseState(v.Status), Tags: tagsOf(v.Tags)}
	if !x.Status.Known() {
		x.Status = model.StatePendingAcceptance
		if v.AutoAccept != nil && *v.AutoAccept {
			x.Status = model.StateActive
		}
	}
	x.Requester.VPC = b.ref(in, v.VPC, wantVPC, "vpc_id").id
	x.Accepter = model.PeerVPC{Account: v.PeerOwner, Region: v.PeerRegion}
	x.Accepter.VPC = b.ref(in, v.PeerVPC, wantVPC, "peer_vpc_id").id
	if !b.put(in.id, model.KindPeering, x) {
		return
	}
	b.peerings = append(b.peerings, x)
	b.src(in.id, "", b.r.pos(in, ""))
	b.later = append(b.later, func() { b.peerCIDRs(x) })
}

func (b *builder) peerCIDRs(x *model.PeeringConnection) {
	for _, side := range []*model.PeerVPC{&x.Requester, &x.Accepter} {
		if v := get[model.VPC](b, side.VPC); v != nil && len(side.CIDRs) == 0 {
			side.CIDRs = append(side.CIDRs, v.CIDRs...)
		}
	}
}

func (b *builder) peeringAccepter(in *instance) {
	var v struct {
		Peering    string `json:"vpc_peering_connection_id"`
		AutoAccept *bool  `json:"auto_accept"`
		VPC        string `json:"vpc_id"`
		PeerVPC    string `json:"peer_vpc_id"`
		Status     string `json:"accept_status"`
	}
	b.decode(in, &v)
	id := b.ref(in, v.Peering, wantPeering, "vpc_peering_connection_id").id
	if id == "" {
		return
	}
	x := get[model.PeeringConnection](b, id)
	if x == nil {
		// The requester is in another configuration (often another account).
		x = &model.PeeringConnection{ID: id}
		x.Accepter.VPC = v.VPC
		x.Requester.VPC = v.PeerVPC
		if !b.put(id, model.KindPeering, x) {
			return
		}
		b.peerings = append(b.peerings, x)
		b.src(id, "", b.r.pos(in, ""))
		b.later = append(b.later, func() { b.peerCIDRs(x) })
	}
	switch {
	case v.Status != "":
		x.Status = model.ParseState(v.Status)
	case v.AutoAccept != nil && *v.AutoAccept:
		x.Status = model.StateActive
	case !x.Status.Known():
		x.Status = model.StatePendingAcceptance
	}
}
