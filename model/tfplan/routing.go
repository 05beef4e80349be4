package tfplan

import (
	"fmt"

	"github.com/cshsim/cshsim/model"
)

// This file converts route tables, routes and gateways: internet, egress-only, VPN, NAT.

// routeV is a route: an element of aws_route_table's route set, or the
// attributes of aws_route (whose destination attributes are named
// destination_…).
type routeV struct {
	CIDR        string `json:"cidr_block"`
	IPv6        string `json:"ipv6_cidr_block"`
	PrefixList  string `json:"destination_prefix_list_id"`
	DestCIDR    string `json:"destination_cidr_block"`
	DestIPv6    string `json:"destination_ipv6_cidr_block"`
	Gateway     string `json:"gateway_id"`
	NAT         string `json:"nat_gateway_id"`
	ENI         string `json:"network_interface_id"`
	TGW         string `json:"transit_gateway_id"`
	Peering     string `json:"vpc_peering_connection_id"`
	Endpoint    string `json:"vpc_endpoint_id"`
	EIGW        string `json:"egress_only_gateway_id"`
	Instance    string `json:"instance_id"`
	LocalGW     string `json:"local_gateway_id"`
	CarrierGW   string `json:"carrier_gateway_id"`
	CoreNetwork string `json:"core_network_arn"`
}

// targetFields are a route's target attributes, with the kinds each may
// name and the kind of an id cshsim does not know.
var targetFields = []struct {
	attr  string
	get   func(*routeV) string
	kinds []model.Kind
	def   model.Kind
}{
	{"gateway_id", func(r *routeV) string { return r.Gateway }, []model.Kind{model.KindInternetGateway, model.KindVPNGateway, model.KindEndpoint}, model.KindInternetGateway},
	{"nat_gateway_id", func(r *routeV) string { return r.NAT }, []model.Kind{model.KindNATGateway}, model.KindNATGateway},
	{"network_interface_id", func(r *routeV) string { return r.ENI }, []model.Kind{model.KindENI}, model.KindENI},
	{"transit_gateway_id", func(r *routeV) string { return r.TGW }, []model.Kind{model.KindTransitGateway}, model.KindTransitGateway},
	{"vpc_peering_connection_id", func(r *routeV) string { return r.Peering }, []model.Kind{model.KindPeering}, model.KindPeering},
	{"vpc_endpoint_id", func(r *routeV) string { return r.Endpoint }, []model.Kind{model.KindEndpoint}, model.KindEndpoint},
	{"egress_only_gateway_id", func(r *routeV) string { return r.EIGW }, []model.Kind{model.KindEgressOnlyIGW}, model.KindEgressOnlyIGW},
	{"instance_id", func(r *routeV) string { return r.Instance }, []model.Kind{model.KindInstance}, model.KindInstance},
	{"local_gateway_id", func(r *routeV) string { return r.LocalGW }, nil, model.KindOther},
	{"carrier_gateway_id", func(r *routeV) string { return r.CarrierGW }, nil, model.KindOther},
	{"core_network_arn", func(r *routeV) string { return r.CoreNetwork }, nil, model.KindOther},
}

// convertRoute turns a route into a model route; at is the attribute path
// of the route ("route", i for an inline route; nothing for aws_route).
// ok is false when the route cannot be placed.
func (b *builder) convertRoute(in *instance, rv *routeV, at ...any) (model.Route, bool) {
	sub := func(attr string) []any { return append(append([]any{}, at...), attr) }
	var r model.Route
	r.Origin = "CreateRoute"
	cidr, cidrAttr := rv.CIDR, "cidr_block"
	ipv6, ipv6Attr := rv.IPv6, "ipv6_cidr_block"
	if len(at) == 0 {
		cidr, cidrAttr = rv.DestCIDR, "destination_cidr_block"
		ipv6, ipv6Attr = rv.DestIPv6, "destination_ipv6_cidr_block"
	}
	switch {
	case cidr != "":
		r.Destination = b.prefix(in, cidr, sub(cidrAttr)...)
	case ipv6 != "":
		r.Destination = b.prefix(in, ipv6, sub(ipv6Attr)...)
	default:
		r.PrefixList = b.ref(in, rv.PrefixList, wantPL, sub("destination_prefix_list_id")...).id
		if r.PrefixList == "" {
			for _, a := range []string{cidrAttr, ipv6Attr} {
				if b.unknown(in, sub(a)...) {
					b.prefix(in, "", sub(a)...) // reports it
				}
			}
			return r, false
		}
	}
	if !r.Destination.IsValid() && r.PrefixList == "" {
		return r, false
	}
	for _, f := range targetFields {
		known := f.get(rv)
		if known == "" && (!b.unknown(in, sub(f.attr)...) || !b.configuredAt(in, sub(f.attr)...)) {
			continue // unset, or computed by AWS (aws_route's instance_id, network_interface_id)
		}
		if f.attr == "gateway_id" && known == "local" {
			r.Target = model.Ref{Kind: model.KindLocal}
			return r, true
		}
		x := b.ref(in, known, want{kinds: f.kinds}, sub(f.attr)...)
		if x.id == "" {
			return r, false
		}
		k := x.kind
		if k == "" || (len(f.kinds) > 0 && !contains(f.kinds, k)) {
			k = f.def
			if kp := kindOfID(x.id); contains(f.kinds, kp) {
				k = kp
			}
		}
		r.Target = model.Ref{Kind: k, ID: x.id}
		return r, true
	}
	b.r.warnf(CodeUnknownValue, b.r.pos(in, pathString(at)), "the route to %s has no target cshsim reads; it is left out", routeDest(r))
	return r, false
}

func routeDest(r model.Route) string {
	if r.PrefixList != "" {
		return r.PrefixList
	}
	return r.Destination.String()
}

func contains(ks []model.Kind, k model.Kind) bool {
	for _, x := range ks {
		if x == k {
			return true
		}
	}
	return false
}

func (b *builder) routeTable(in *instance) {
	var v struct {
		VPC     string            `json:"vpc_id"`
		Routes  []routeV          `json:"route"`
		OwnerID string            `json:"owner_id"`
		Tags    map[string]string `json:"tags"`
	}
	b.decode(in, &v)
	x := &model.RouteTable{ID: in.id, Account: v.OwnerID, Tags: tagsOf(v.Tags)}
	if in.typ == "aws_default_route_table" {
		x.VPC = in.adoptedVPC
		x.Main = true
		if x.VPC == "" {
			x.VPC = b.ref(in, v.VPC, wantVPC, "vpc_id").id
		}
	} else {
		x.VPC = b.ref(in, v.VPC, wantVPC, "vpc_id").id
	}
	if !b.put(in.id, model.KindRouteTable, x) {
		return
	}
	b.rts = append(b.rts, x)
	b.src(in.id, "", b.r.pos(in, ""))
	b.src(in.id, "vpc", b.r.pos(in, "vpc_id"))
	if unknownAt(in.unknown, "route") && !anyKnown(in.unknown, "route") && len(v.Routes) == 0 {
		if _, _, set := b.r.exprAt(in, "route"); set {
			b.r.warnf(CodeUnknownValue, b.r.unknownPos(in, "route"), "the routes are known only after apply; they are left out")
		}
	}
	for i := range v.Routes {
		rt, ok := b.convertRoute(in, &v.Routes[i], "route", i)
		if !ok {
			continue
		}
		b.src(in.id, fmt.Sprintf("routes[%d]", len(x.Routes)), b.r.loc.at(fmt.Sprintf("%s.route[%d]", in.valPath, i), fmt.Sprintf("%s.route[%d]", in.addr, i)))
		x.Routes = append(x.Routes, rt)
	}
}

// anyKnown reports whether after_unknown holds a per-element structure at
// attr (so that some of the value is known).
func anyKnown(u any, attr string) bool {
	m, ok := u.(map[string]any)
	if !ok {
		return false
	}
	_, isList := m[attr].([]any)
	return isList
}

func (b *builder) route(in *instance) {
	var v struct {
		routeV
		RouteTable string `json:"route_table_id"`
	}
	b.decode(in, &v)
	rtID := b.ref(in, v.RouteTable, wantRT, "route_table_id").id
	r, ok := b.convertRoute(in, &v.routeV)
	rt := get[model.RouteTable](b, rtID)
	if !ok || rt == nil {
		return
	}
	b.src(rt.ID, fmt.Sprintf("routes[%d]", len(rt.Routes)), b.r.pos(in, ""))
	rt.Routes = append(rt.Routes, r)
}

func (b *builder) rtAssociation(in *instance) {
	var v struct {
		Subnet     string `json:"subnet_id"`
		Gateway    string `json:"gateway_id"`
		RouteTable string `json:"route_table_id"`
	}
	b.decode(in, &v)
	rtID := b.ref(in, v.RouteTable, wantRT, "route_table_id").id
	if rtID == "" {
		return
	}
	if sn := b.ref(in, v.Subnet, wantSubnet, "subnet_id").id; sn != "" {
		if s := get[model.Subnet](b, sn); s != nil {
			s.RouteTable = rtID
			b.src(sn, "route_table", b.r.pos(in, ""))
		}
		return
	}
	if gw := b.ref(in, v.Gateway, kinds(model.KindInternetGateway, model.KindVPNGateway), "gateway_id").id; gw != "" {
		if rt := get[model.RouteTable](b, rtID); rt != nil {
			rt.Gateways = append(rt.Gateways, gw)
			b.src(rtID, fmt.Sprintf("gateways[%d]", len(rt.Gateways)-1), b.r.pos(in, ""))
		}
	}
}

func (b *builder) mainRTAssociation(in *instance) {
	var v struct {
		VPC        string `json:"vpc_id"`
		RouteTable string `json:"route_table_id"`
	}
	b.decode(in, &v)
	vpc := b.ref(in, v.VPC, wantVPC, "vpc_id").id
	rtID := b.ref(in, v.RouteTable, wantRT, "route_table_id").id
	rt := get[model.RouteTable](b, rtID)
	if rt == nil {
		return
	}
	if vpc == "" {
		vpc = rt.VPC
	}
	for _, o := range b.rts {
		if o.VPC == vpc {
			o.Main = false
		}
	}
	rt.Main = true
	b.src(rtID, "main", b.r.pos(in, ""))
}

func (b *builder) igw(in *instance) {
	var v struct {
		VPC     string            `json:"vpc_id"`
		OwnerID string            `json:"owner_id"`
		Tags    map[string]string `json:"tags"`
	}
	b.decode(in, &v)
	x := &model.InternetGateway{ID: in.id, Account: v.OwnerID, Tags: tagsOf(v.Tags)}
	x.VPC = b.ref(in, v.VPC, wantVPC, "vpc_id").id
	if b.put(in.id, model.KindInternetGateway, x) {
		b.igws = append(b.igws, x)
		b.src(in.id, "", b.r.pos(in, ""))
		b.src(in.id, "vpc", b.r.pos(in, "vpc_id"))
	}
}

func (b *builder) igwAttachment(in *instance) {
	var v struct {
		IGW string `json:"internet_gateway_id"`
		VPC string `json:"vpc_id"`
	}
	b.decode(in, &v)
	id := b.ref(in, v.IGW, wantIGW, "internet_gateway_id").id
	vpc := b.ref(in, v.VPC, wantVPC, "vpc_id").id
	if g := get[model.InternetGateway](b, id); g != nil && vpc != "" {
		g.VPC = vpc
		b.src(id, "vpc", b.r.pos(in, ""))
	}
}

func (b *builder) eigw(in *instance) {
	var v struct {
		VPC  string            `json:"vpc_id"`
		Tags map[string]string `json:"tags"`
	}
	b.decode(in, &v)
	x := &model.EgressOnlyIGW{ID: in.id, Tags: tagsOf(v.Tags)}
	x.VPC = b.ref(in, v.VPC, wantVPC, "vpc_id").id
	if b.put(in.id, model.KindEgressOnlyIGW, x) {
		b.eigws = append(b.eigws, x)
		b.src(in.id, "", b.r.pos(in, ""))
	}
}

func (b *builder) vgw(in *instance) {
	var v struct {
		VPC string `json:"vpc_id"`
	}
	b.decode(in, &v)
	x := &model.VPNGateway{ID: in.id, State: model.StateAvailable}
	if vpc := b.ref(in, v.VPC, wantVPC, "vpc_id").id; vpc != "" {
		x.VPCs = append(x.VPCs, vpc)
	}
	if b.put(in.id, model.KindVPNGateway, x) {
		b.vgws = append(b.vgws, x)
		b.src(in.id, "", b.r.pos(in, ""))
	}
}

func (b *builder) vgwAttachment(in *instance) {
	var v struct {
		VGW string `json:"vpn_gateway_id"`
		VPC string `json:"vpc_id"`
	}
	b.decode(in, &v)
	id := b.ref(in, v.VGW, wantVGW, "vpn_gateway_id").id
	vpc := b.ref(in, v.VPC, wantVPC, "vpc_id").id
	if g := get[model.VPNGateway](b, id); g != nil && vpc != "" {
		g.VPCs = append(g.VPCs, vpc)
	}
}

func (b *builder) nat(in *instance) {
	var v struct {
		Subnet       string            `json:"subnet_id"`
		Connectivity string            `json:"connectivity_type"`
		Allocation   string            `json:"allocation_id"`
		PublicIP     string            `json:"public_ip"`
		PrivateIP    string            `json:"private_ip"`
		ENI          string            `json:"network_interface_id"`
		Tags         map[string]string `json:"tags"`
	}
	b.decode(in, &v)
	x := &model.NATGateway{ID: in.id, Connectivity: v.Connectivity, State: model.StateAvailable, Tags: tagsOf(v.Tags)}
	if x.Connectivity == "" {
		x.Connectivity = "public"
	}
	x.Subnet = b.ref(in, v.Subnet, wantSubnet, "subnet_id").id
	x.PublicIP = b.addr(in, v.PublicIP, "public_ip")
	x.PrivateIP = b.addr(in, v.PrivateIP, "private_ip")
	alloc := ""
	if x.Connectivity == "public" {
		alloc = b.ref(in, v.Allocation, wantEIP, "allocation_id").id
	}
	if !b.put(in.id, model.KindNATGateway, x) {
		return
	}
	b.nats = append(b.nats, x)
	b.src(in.id, "", b.r.pos(in, ""))
	b.src(in.id, "subnet", b.r.pos(in, "subnet_id"))
	if alloc != "" && !x.PublicIP.IsValid() {
		b.later = append(b.later, func() {
			if e := get[model.ElasticIP](b, alloc); e != nil {
				x.PublicIP = e.PublicIP // zero when known only after apply: the simulator assumes one
			}
		})
	}
}
