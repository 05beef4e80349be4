package tfplan

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/cshsim/cshsim/model"
)

// This file converts each supported resource type. The value structs name
// the attributes of the AWS provider's schema (v2 to v5) that cshsim reads;
// the others are skipped by the decoder.

var (
	wantVPC     = kinds(model.KindVPC)
	wantSubnet  = kinds(model.KindSubnet)
	wantRT      = kinds(model.KindRouteTable)
	wantSG      = kinds(model.KindSecurityGroup)
	wantACL     = kinds(model.KindNetworkACL)
	wantPL      = kinds(model.KindPrefixList)
	wantENI     = kinds(model.KindENI)
	wantIGW     = kinds(model.KindInternetGateway)
	wantEP      = kinds(model.KindEndpoint)
	wantEIP     = kinds(model.KindElasticIP)
	wantInst    = kinds(model.KindInstance)
	wantTGW     = kinds(model.KindTransitGateway)
	wantTGWAtt  = kinds(model.KindTGWAttachment)
	wantTGWRT   = kinds(model.KindTGWRouteTable)
	wantDHCP    = kinds(model.KindDHCPOptions)
	wantPeering = kinds(model.KindPeering)
	wantVGW     = kinds(model.KindVPNGateway)
)

func (b *builder) vpc(in *instance) {
	var v struct {
		CIDR         string            `json:"cidr_block"`
		IPv6         string            `json:"ipv6_cidr_block"`
		DNSSupport   *bool             `json:"enable_dns_support"`
		DNSHostnames *bool             `json:"enable_dns_hostnames"`
		OwnerID      string            `json:"owner_id"`
		DHCP         string            `json:"dhcp_options_id"`
		Tags         map[string]string `json:"tags"`
	}
	b.decode(in, &v)
	x := &model.VPC{ID: in.id, Account: v.OwnerID, Tags: tagsOf(v.Tags)}
	if p := b.prefix(in, v.CIDR, "cidr_block"); p.IsValid() {
		x.CIDRs = append(x.CIDRs, p)
	}
	if v.IPv6 != "" {
		if p := b.prefix(in, v.IPv6, "ipv6_cidr_block"); p.IsValid() {
			x.IPv6CIDRs = append(x.IPv6CIDRs, p)
		}
	}
	x.DNSSupport = b.flag(in, v.DNSSupport, true, "enable_dns_support")
	x.DNSHostnames = b.flag(in, v.DNSHostnames, false, "enable_dns_hostnames")
	if b.kindOf(v.DHCP) == model.KindDHCPOptions {
		x.DHCPOptions = v.DHCP
	}
	if !b.put(in.id, model.KindVPC, x) {
		return
	}
	b.vpcs = append(b.vpcs, x)
	b.src(in.id, "", b.r.pos(in, ""))
	b.src(in.id, "cidrs[0]", b.r.pos(in, "cidr_block"))
}

// flag reads a boolean attribute with its default. Left to AWS (unknown
// but not configured, as enable_dns_hostnames of a new VPC) it takes the
// default; set by an expression known only after apply it stays unset (the
// simulator then assumes AWS's default) and is reported.
func (b *builder) flag(in *instance, v *bool, def bool, attr string) model.OptBool {
	if v != nil {
		return model.Of(*v)
	}
	if b.unknown(in, attr) && b.configuredAt(in, attr) {
		b.r.warnf(CodeUnknownValue, b.r.unknownPos(in, attr), "known only after apply; AWS's default (%v) is assumed", def)
		return model.Unset
	}
	return model.Of(def)
}

func (b *builder) subnet(in *instance) {
	var v struct {
		VPC       string            `json:"vpc_id"`
		CIDR      string            `json:"cidr_block"`
		IPv6      string            `json:"ipv6_cidr_block"`
		AZ        string            `json:"availability_zone"`
		AZID      string            `json:"availability_zone_id"`
		MapPublic *bool             `json:"map_public_ip_on_launch"`
		OwnerID   string            `json:"owner_id"`
		Tags      map[string]string `json:"tags"`
	}
	b.decode(in, &v)
	x := &model.Subnet{ID: in.id, Account: v.OwnerID, AZ: v.AZ, AZID: v.AZID, Tags: tagsOf(v.Tags)}
	x.VPC = b.ref(in, v.VPC, wantVPC, "vpc_id").id
	x.CIDR = b.prefix(in, v.CIDR, "cidr_block")
	if v.IPv6 != "" {
		if p := b.prefix(in, v.IPv6, "ipv6_cidr_block"); p.IsValid() {
			x.IPv6CIDRs = append(x.IPv6CIDRs, p)
		}
	}
	if v.MapPublic != nil && *v.MapPublic {
		b.mapPublic[in.id] = true
	}
	if !b.put(in.id, model.KindSubnet, x) {
		return
	}
	b.subnets = append(b.subnets, x)
	b.src(in.id, "", b.r.pos(in, ""))
	b.src(in.id, "vpc", b.r.pos(in, "vpc_id"))
	b.src(in.id, "cidr", b.r.pos(in, "cidr_block"))
}

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

// eipV holds what an Elastic IP or its association says.
type eipV struct {
	PublicIP  string `json:"public_ip"`
	Instance  string `json:"instance"`
	ENI       string `json:"network_interface"`
	PrivateIP string `json:"associate_with_private_ip"`
}

func (b *builder) eip(in *instance) {
	var v eipV
	b.decode(in, &v)
	x := &model.ElasticIP{AllocationID: in.id}
	x.PublicIP = b.addr(in, v.PublicIP, "public_ip")
	x.PrivateIP = b.addr(in, v.PrivateIP, "associate_with_private_ip")
	if !b.put(in.id, model.KindElasticIP, x) {
		return
	}
	b.eips = append(b.eips, x)
	b.src(in.id, "", b.r.pos(in, ""))
	eni := b.ref(in, v.ENI, wantENI, "network_interface").id
	inst := b.ref(in, v.Instance, wantInst, "instance").id
	b.attachEIP(in, x, eni, inst)
}

func (b *builder) eipAssociation(in *instance) {
	var v struct {
		Allocation string `json:"allocation_id"`
		Instance   string `json:"instance_id"`
		ENI        string `json:"network_interface_id"`
	}
	b.decode(in, &v)
	x := get[model.ElasticIP](b, b.ref(in, v.Allocation, wantEIP, "allocation_id").id)
	if x == nil {
		return
	}
	eni := b.ref(in, v.ENI, wantENI, "network_interface_id").id
	inst := b.ref(in, v.Instance, wantInst, "instance_id").id
	b.attachEIP(in, x, eni, inst)
}

// attachEIP associates an Elastic IP with an interface (or an instance's
// primary interface) once every interface exists.
func (b *builder) attachEIP(in *instance, x *model.ElasticIP, eni, inst string) {
	if eni == "" && inst == "" {
		return
	}
	b.later = append(b.later, func() {
		if inst != "" {
			x.Instance = inst
			if i := get[model.Instance](b, inst); i != nil && len(i.ENIs) > 0 && eni == "" {
				eni = i.ENIs[0]
			}
		}
		x.ENI = eni
		e := get[model.ENI](b, eni)
		if e == nil {
			return
		}
		if x.PublicIP.IsValid() {
			e.PublicIP = x.PublicIP
		} else {
			b.needPublic = append(b.needPublic, placeholder{e, in, "an Elastic IP, " + in.addr})
		}
	})
}

func (b *builder) endpoint(in *instance) {
	var v struct {
		VPC        string `json:"vpc_id"`
		Service    string `json:"service_name"`
		Type       string `json:"vpc_endpoint_type"`
		PrivateDNS *bool  `json:"private_dns_enabled"`
		DNSOptions []struct {
			InboundResolverOnly *bool `json:"private_dns_only_for_inbound_resolver_endpoint"`
		} `json:"dns_options"`
		Subnets     []string          `json:"subnet_ids"`
		SGs         []string          `json:"security_group_ids"`
		RouteTables []string          `json:"route_table_ids"`
		ENIs        []string          `json:"network_interface_ids"`
		Policy      string            `json:"policy"`
		OwnerID     string            `json:"owner_id"`
		State       string            `json:"state"`
		Tags        map[string]string `json:"tags"`
	}
	b.decode(in, &v)
	x := &model.Endpoint{ID: in.id, Account: v.OwnerID, Type: v.Type, Service: v.Service, Policy: v.Policy, State: model.ParseState(v.State), Tags: tagsOf(v.Tags)}
	if x.Type == "" {
		x.Type = "Gateway" // the AWS provider's default
	}
	if x.Service == "" && b.unknown(in, "service_name") {
		b.r.warnf(CodeUnknownValue, b.r.unknownPos(in, "service_name"), "known only after apply; the endpoint serves no service cshsim can name")
	}
	x.PrivateDNS = b.flag(in, v.PrivateDNS, false, "private_dns_enabled").Or(false)
	if len(v.DNSOptions) > 0 && v.DNSOptions[0].InboundResolverOnly != nil {
		x.PrivateDNSOnlyForInboundResolver = *v.DNSOptions[0].InboundResolverOnly
	}
	x.VPC = b.ref(in, v.VPC, wantVPC, "vpc_id").id
	x.Subnets, _ = b.refList(in, v.Subnets, wantSubnet, "subnet_ids")
	x.SecurityGroups, _ = b.refList(in, v.SGs, wantSG, "security_group_ids")
	x.RouteTables, _ = b.refList(in, v.RouteTables, wantRT, "route_table_ids")
	for _, e := range v.ENIs {
		if b.kindOf(e) == model.KindENI {
			x.ENIs = append(x.ENIs, e)
		}
	}
	if !b.put(in.id, model.KindEndpoint, x) {
		return
	}
	b.endpoints = append(b.endpoints, x)
	b.src(in.id, "", b.r.pos(in, ""))
	b.src(in.id, "vpc", b.r.pos(in, "vpc_id"))
	for i := range x.Subnets {
		b.src(in.id, fmt.Sprintf("subnets[%d]", i), b.r.pos(in, "subnet_ids"))
	}
	for i := range x.RouteTables {
		b.src(in.id, fmt.Sprintf("route_tables[%d]", i), b.r.pos(in, "route_table_ids"))
	}
	b.src(in.id, "security_groups", b.r.pos(in, "security_group_ids"))
	if strings.EqualFold(x.Type, "Interface") {
		b.later = append(b.later, func() {
			if len(x.SecurityGroups) == 0 {
				// AWS attaches the VPC's default group (CreateVpcEndpoint).
				if sg := b.defaultSG(x.VPC); sg != "" {
					x.SecurityGroups = []string{sg}
				}
			}
		})
	}
}

func (b *builder) endpointAssociation(in *instance) {
	var v struct {
		Endpoint   string `json:"vpc_endpoint_id"`
		Subnet     string `json:"subnet_id"`
		RouteTable string `json:"route_table_id"`
		SG         string `json:"security_group_id"`
	}
	b.decode(in, &v)
	ep := get[model.Endpoint](b, b.ref(in, v.Endpoint, wantEP, "vpc_endpoint_id").id)
	if ep == nil {
		return
	}
	switch in.typ {
	case "aws_vpc_endpoint_subnet_association":
		if id := b.ref(in, v.Subnet, wantSubnet, "subnet_id").id; id != "" {
			b.src(ep.ID, fmt.Sprintf("subnets[%d]", len(ep.Subnets)), b.r.pos(in, ""))
			ep.Subnets = append(ep.Subnets, id)
		}
	case "aws_vpc_endpoint_route_table_association":
		if id := b.ref(in, v.RouteTable, wantRT, "route_table_id").id; id != "" {
			b.src(ep.ID, fmt.Sprintf("route_tables[%d]", len(ep.RouteTables)), b.r.pos(in, ""))
			ep.RouteTables = append(ep.RouteTables, id)
		}
	case "aws_vpc_endpoint_security_group_association":
		if id := b.ref(in, v.SG, wantSG, "security_group_id").id; id != "" {
			b.src(ep.ID, fmt.Sprintf("security_groups[%d]", len(ep.SecurityGroups)), b.r.pos(in, ""))
			ep.SecurityGroups = append(ep.SecurityGroups, id)
		}
	}
}

// sgRuleV is an inline rule of aws_security_group.
type sgRuleV struct {
	CIDRs       []string `json:"cidr_blocks"`
	IPv6        []string `json:"ipv6_cidr_blocks"`
	PLs         []string `json:"prefix_list_ids"`
	SGs         []string `json:"security_groups"`
	Self        *bool    `json:"self"`
	Protocol    string   `json:"protocol"`
	From        *int     `json:"from_port"`
	To          *int     `json:"to_port"`
	Description string   `json:"description"`
}

func (b *builder) securityGroup(in *instance) {
	var v struct {
		Name    string            `json:"name"`
		VPC     string            `json:"vpc_id"`
		Ingress []sgRuleV         `json:"ingress"`
		Egress  []sgRuleV         `json:"egress"`
		OwnerID string            `json:"owner_id"`
		Tags    map[string]string `json:"tags"`
	}
	b.decode(in, &v)
	x := &model.SecurityGroup{ID: in.id, Name: v.Name, Account: v.OwnerID, Tags: tagsOf(v.Tags)}
	if in.typ == "aws_default_security_group" {
		x.Name = "default"
		x.VPC = in.adoptedVPC
	}
	if x.VPC == "" {
		x.VPC = b.ref(in, v.VPC, wantVPC, "vpc_id").id
	}
	if x.VPC == "" && !b.unknown(in, "vpc_id") {
		b.r.warnf(CodePartialResource, b.r.pos(in, ""), "no vpc_id: AWS creates the group in the Region's default VPC, which the plan does not describe")
	}
	if !b.put(in.id, model.KindSecurityGroup, x) {
		return
	}
	b.sgs = append(b.sgs, x)
	b.src(in.id, "", b.r.pos(in, ""))
	b.src(in.id, "vpc", b.r.pos(in, "vpc_id"))
	for _, dir := range []string{"ingress", "egress"} {
		list := v.Ingress
		if dir == "egress" {
			list = v.Egress
		}
		if len(list) == 0 && unknownAt(in.unknown, dir) {
			// Not configured: Terraform leaves the group without inline rules
			// (it removes AWS's default allow-all egress rule).
			if _, _, set := b.r.exprAt(in, dir); set {
				b.r.warnf(CodeUnknownValue, b.r.unknownPos(in, dir), "the %s rules are known only after apply; they are left out", dir)
			}
			continue
		}
		for i := range list {
			rules := b.inlineSGRules(in, x.ID, &list[i], dir, i)
			for _, rule := range rules {
				n := len(x.Ingress)
				if dir == "egress" {
					n = len(x.Egress)
				}
				b.src(x.ID, fmt.Sprintf("%s[%d]", dir, n), b.r.loc.at(fmt.Sprintf("%s.%s[%d]", in.valPath, dir, i), fmt.Sprintf("%s.%s[%d]", in.addr, dir, i)))
				if dir == "egress" {
					x.Egress = append(x.Egress, rule)
				} else {
					x.Ingress = append(x.Ingress, rule)
				}
			}
		}
	}
}

// inlineSGRules converts one inline rule: one model rule per peer.
func (b *builder) inlineSGRules(in *instance, self string, rv *sgRuleV, dir string, i int) []model.SGRule {
	proto, ports, icmp, ok := b.sgProto(in, rv.Protocol, rv.From, rv.To, dir, i)
	if !ok {
		return nil
	}
	mk := func() model.SGRule {
		return model.SGRule{Protocol: proto, Ports: ports, ICMP: icmp, Description: rv.Description}
	}
	var out []model.SGRule
	for j, c := range append(append([]string{}, rv.CIDRs...), rv.IPv6...) {
		attr := "cidr_blocks"
		if j >= len(rv.CIDRs) {
			attr = "ipv6_cidr_blocks"
		}
		if p := b.prefix(in, c, dir, i, attr); p.IsValid() {
			r := mk()
			r.CIDR = p
			out = append(out, r)
		}
	}
	for _, attr := range []string{"cidr_blocks", "ipv6_cidr_blocks"} {
		if b.unknownElems(in, dir, i, attr) {
			b.prefix(in, "", dir, i, attr)
		}
	}
	pls, _ := b.refElems(in, rv.PLs, wantPL, dir, i, "prefix_list_ids")
	for _, pl := range pls {
		r := mk()
		r.PrefixList = pl
		out = append(out, r)
	}
	sgs, _ := b.refElems(in, rv.SGs, wantSG, dir, i, "security_groups")
	for _, g := range sgs {
		r := mk()
		r.Group = g
		out = append(out, r)
	}
	if rv.Self != nil && *rv.Self {
		r := mk()
		r.Group = self
		out = append(out, r)
	}
	return out
}

// unknownElems reports whether a list inside an inline block is known only
// after apply, in whole or in part.
func (b *builder) unknownElems(in *instance, path ...any) bool {
	return unknownAt(in.unknown, path...)
}

// refElems resolves a list of ids inside an inline block (path ends with
// the list's attribute).
func (b *builder) refElems(in *instance, known []string, w want, path ...any) ([]string, bool) {
	var ids []string
	for _, s := range known {
		if s != "" {
			ids = append(ids, s)
			b.checks = append(b.checks, check{s, in, pathString(path)})
		}
	}
	if !b.unknownElems(in, path...) {
		return ids, true
	}
	xs, _ := b.r.resolveIDs(in, w, names(path)...)
	for _, x := range xs {
		if x.id != in.id && !containsStr(ids, x.id) {
			ids = append(ids, x.id)
		}
	}
	return ids, true
}

func containsStr(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// sgProto reads a security group rule's protocol and ports. For ICMP and
// ICMPv6 the from and to ports are the type and the code (-1 for any).
func (b *builder) sgProto(in *instance, protocol string, from, to *int, at ...any) (model.Protocol, model.PortRange, model.ICMPMatch, bool) {
	sub := func(a string) []any { return append(append([]any{}, at...), a) }
	if protocol == "" {
		if b.unknown(in, sub("protocol")...) {
			b.r.warnf(CodeUnknownValue, b.r.unknownPos(in, pathString(sub("protocol"))), "the protocol of the rule is known only after apply; the rule is left out")
		}
		return 0, model.PortRange{}, model.ICMPMatch{}, false
	}
	p, err := model.ParseProtocol(protocol)
	if err != nil {
		b.r.errorf(CodeBadValue, b.r.pos(in, pathString(sub("protocol"))), "%v", err)
		return 0, model.PortRange{}, model.ICMPMatch{}, false
	}
	switch p {
	case model.ProtoTCP, model.ProtoUDP:
		if from == nil || to == nil {
			if b.unknown(in, sub("from_port")...) || b.unknown(in, sub("to_port")...) {
				b.r.warnf(CodeUnknownValue, b.r.unknownPos(in, pathString(sub("from_port"))), "the ports of the rule are known only after apply; the rule is left out")
				return 0, model.PortRange{}, model.ICMPMatch{}, false
			}
			return p, model.AllPorts, model.AnyICMP, true
		}
		if *from == -1 && *to == -1 {
			return p, model.AllPorts, model.AnyICMP, true
		}
		r, err := model.PortsFromAWS(from, to)
		if err != nil {
			b.r.errorf(CodeBadValue, b.r.pos(in, pathString(sub("from_port"))), "%v", err)
			return 0, model.PortRange{}, model.ICMPMatch{}, false
		}
		return p, r, model.AnyICMP, true
	case model.ProtoICMP, model.ProtoICMPv6:
		m, err := model.ICMPFromAWS(from, to)
		if err != nil {
			b.r.errorf(CodeBadValue, b.r.pos(in, pathString(sub("from_port"))), "%v", err)
			return 0, model.PortRange{}, model.ICMPMatch{}, false
		}
		return p, model.AllPorts, m, true
	}
	return p, model.AllPorts, model.AnyICMP, true
}

// appendRule adds a rule from a separate resource to a group of the plan.
func (b *builder) appendRule(in *instance, sgID string, egress bool, rules []model.SGRule) {
	sg := get[model.SecurityGroup](b, sgID)
	if sg == nil {
		return
	}
	for _, r := range rules {
		if egress {
			b.src(sgID, fmt.Sprintf("egress[%d]", len(sg.Egress)), b.r.pos(in, ""))
			sg.Egress = append(sg.Egress, r)
		} else {
			b.src(sgID, fmt.Sprintf("ingress[%d]", len(sg.Ingress)), b.r.pos(in, ""))
			sg.Ingress = append(sg.Ingress, r)
		}
	}
}

func (b *builder) sgRule(in *instance) {
	var v struct {
		Type   string `json:"type"`
		SG     string `json:"security_group_id"`
		Source string `json:"source_security_group_id"`
		sgRuleV
	}
	b.decode(in, &v)
	sgID := b.ref(in, v.SG, wantSG, "security_group_id").id
	proto, ports, icmp, ok := b.sgProto(in, v.Protocol, v.From, v.To)
	if !ok || sgID == "" {
		return
	}
	mk := func() model.SGRule {
		return model.SGRule{Protocol: proto, Ports: ports, ICMP: icmp, Description: v.Description}
	}
	var rules []model.SGRule
	for j, c := range append(append([]string{}, v.CIDRs...), v.IPv6...) {
		attr := "cidr_blocks"
		if j >= len(v.CIDRs) {
			attr = "ipv6_cidr_blocks"
		}
		if p := b.prefix(in, c, attr); p.IsValid() {
			r := mk()
			r.CIDR = p
			rules = append(rules, r)
		}
	}
	for _, attr := range []string{"cidr_blocks", "ipv6_cidr_blocks"} {
		if unknownAt(in.unknown, attr) {
			b.prefix(in, "", attr)
		}
	}
	pls, _ := b.refList(in, v.PLs, wantPL, "prefix_list_ids")
	for _, pl := range pls {
		r := mk()
		r.PrefixList = pl
		rules = append(rules, r)
	}
	if g := b.ref(in, v.Source, wantSG, "source_security_group_id").id; g != "" {
		r := mk()
		r.Group = g
		rules = append(rules, r)
	}
	if v.Self != nil && *v.Self {
		r := mk()
		r.Group = sgID
		rules = append(rules, r)
	}
	if v.Type != "ingress" && v.Type != "egress" {
		b.r.errorf(CodeBadValue, b.r.pos(in, "type"), "type %q: want ingress or egress", v.Type)
		return
	}
	b.appendRule(in, sgID, v.Type == "egress", rules)
}

func (b *builder) vpcSGRule(in *instance) {
	var v struct {
		SG          string `json:"security_group_id"`
		Protocol    string `json:"ip_protocol"`
		From        *int   `json:"from_port"`
		To          *int   `json:"to_port"`
		CIDR4       string `json:"cidr_ipv4"`
		CIDR6       string `json:"cidr_ipv6"`
		PL          string `json:"prefix_list_id"`
		Group       string `json:"referenced_security_group_id"`
		Description string `json:"description"`
	}
	b.decode(in, &v)
	sgID := b.ref(in, v.SG, wantSG, "security_group_id").id
	proto, ports, icmp, ok := b.sgProto(in, v.Protocol, v.From, v.To)
	if !ok || sgID == "" {
		return
	}
	r := model.SGRule{Protocol: proto, Ports: ports, ICMP: icmp, Description: v.Description}
	switch {
	case v.CIDR4 != "" || unknownAt(in.unknown, "cidr_ipv4"):
		r.CIDR = b.prefix(in, v.CIDR4, "cidr_ipv4")
	case v.CIDR6 != "" || unknownAt(in.unknown, "cidr_ipv6"):
		r.CIDR = b.prefix(in, v.CIDR6, "cidr_ipv6")
	default:
		r.PrefixList = b.ref(in, v.PL, wantPL, "prefix_list_id").id
		if r.PrefixList == "" {
			r.Group = b.ref(in, v.Group, wantSG, "referenced_security_group_id").id
		}
	}
	if !r.CIDR.IsValid() && r.PrefixList == "" && r.Group == "" {
		return
	}
	b.appendRule(in, sgID, in.typ == "aws_vpc_security_group_egress_rule", []model.SGRule{r})
}

// aclV is a network ACL entry: an inline ingress or egress element, or the
// attributes of aws_network_acl_rule.
type aclV struct {
	RuleNo     *int   `json:"rule_no"`
	RuleNumber *int   `json:"rule_number"`
	Action     string `json:"action"`
	RuleAction string `json:"rule_action"`
	Protocol   string `json:"protocol"`
	CIDR       string `json:"cidr_block"`
	IPv6       string `json:"ipv6_cidr_block"`
	From       *int   `json:"from_port"`
	To         *int   `json:"to_port"`
	ICMPType   *int   `json:"icmp_type"`
	ICMPCode   *int   `json:"icmp_code"`
	Egress     *bool  `json:"egress"`
}

func (b *builder) aclEntry(in *instance, av *aclV, egress bool, at ...any) (model.ACLEntry, bool) {
	sub := func(a string) []any { return append(append([]any{}, at...), a) }
	e := model.ACLEntry{Egress: egress, Ports: model.AllPorts, ICMP: model.AnyICMP}
	n := av.RuleNo
	if n == nil {
		n = av.RuleNumber
	}
	if n == nil {
		return e, false
	}
	e.RuleNumber = *n
	action := av.Action
	if action == "" {
		action = av.RuleAction
	}
	switch strings.ToLower(action) {
	case "allow":
		e.Allow = true
	case "deny":
	default:
		b.r.errorf(CodeBadValue, b.r.pos(in, pathString(sub("action"))), "action %q: want allow or deny", action)
		return e, false
	}
	p, err := model.ParseProtocol(av.Protocol)
	if err != nil {
		b.r.errorf(CodeBadValue, b.r.pos(in, pathString(sub("protocol"))), "%v", err)
		return e, false
	}
	e.Protocol = p
	switch {
	case av.CIDR != "":
		e.CIDR = b.prefix(in, av.CIDR, sub("cidr_block")...)
	case av.IPv6 != "":
		e.CIDR = b.prefix(in, av.IPv6, sub("ipv6_cidr_block")...)
	default:
		b.prefix(in, "", sub("cidr_block")...)
	}
	if !e.CIDR.IsValid() {
		return e, false
	}
	switch p {
	case model.ProtoTCP, model.ProtoUDP:
		if av.From != nil && av.To != nil && !(*av.From == 0 && *av.To == 0) {
			if *av.From < 0 || *av.To > 65535 || *av.From > *av.To {
				b.r.errorf(CodeBadValue, b.r.pos(in, pathString(sub("from_port"))), "ports %d-%d: want 0 to 65535, the first not above the last", *av.From, *av.To)
				return e, false
			}
			e.Ports = model.PortRange{First: uint16(*av.From), Last: uint16(*av.To)}
		}
	case model.ProtoICMP, model.ProtoICMPv6:
		if av.ICMPType != nil && *av.ICMPType >= -1 && *av.ICMPType <= 255 {
			e.ICMP.Type = int16(*av.ICMPType)
		}
		if av.ICMPCode != nil && *av.ICMPCode >= -1 && *av.ICMPCode <= 255 {
			e.ICMP.Code = int16(*av.ICMPCode)
		}
	}
	return e, true
}

func (b *builder) networkACL(in *instance) {
	var v struct {
		VPC     string            `json:"vpc_id"`
		Subnets []string          `json:"subnet_ids"`
		Ingress []aclV            `json:"ingress"`
		Egress  []aclV            `json:"egress"`
		OwnerID string            `json:"owner_id"`
		Tags    map[string]string `json:"tags"`
	}
	b.decode(in, &v)
	x := &model.NetworkACL{ID: in.id, Account: v.OwnerID, Tags: tagsOf(v.Tags)}
	if in.typ == "aws_default_network_acl" {
		x.Default = true
		x.VPC = in.adoptedVPC
	}
	if x.VPC == "" {
		x.VPC = b.ref(in, v.VPC, wantVPC, "vpc_id").id
	}
	if !b.put(in.id, model.KindNetworkACL, x) {
		return
	}
	b.acls = append(b.acls, x)
	b.src(in.id, "", b.r.pos(in, ""))
	b.src(in.id, "vpc", b.r.pos(in, "vpc_id"))
	for _, dir := range []string{"ingress", "egress"} {
		list := v.Ingress
		if dir == "egress" {
			list = v.Egress
		}
		if len(list) == 0 && unknownAt(in.unknown, dir) {
			if _, _, set := b.r.exprAt(in, dir); set {
				b.r.warnf(CodeUnknownValue, b.r.unknownPos(in, dir), "the %s entries are known only after apply; they are left out", dir)
			}
		}
		n := 0
		for i := range list {
			e, ok := b.aclEntry(in, &list[i], dir == "egress", dir, i)
			if !ok {
				continue
			}
			b.src(in.id, fmt.Sprintf("%s[%d]", dir, n), b.r.loc.at(fmt.Sprintf("%s.%s[%d]", in.valPath, dir, i), fmt.Sprintf("%s.%s[%d]", in.addr, dir, i)))
			n++
			x.Entries = append(x.Entries, e)
		}
	}
	subnets, _ := b.refList(in, v.Subnets, wantSubnet, "subnet_ids")
	if len(subnets) > 0 {
		b.later = append(b.later, func() {
			for _, sn := range subnets {
				b.associateACL(in, sn, x.ID)
			}
		})
	}
}

func (b *builder) associateACL(in *instance, subnet, acl string) {
	if s := get[model.Subnet](b, subnet); s != nil {
		s.NetworkACL = acl
		b.src(subnet, "network_acl", b.r.pos(in, ""))
	}
}

func (b *builder) aclRule(in *instance) {
	var v struct {
		ACL string `json:"network_acl_id"`
		aclV
	}
	b.decode(in, &v)
	acl := get[model.NetworkACL](b, b.ref(in, v.ACL, wantACL, "network_acl_id").id)
	e, ok := b.aclEntry(in, &v.aclV, v.Egress != nil && *v.Egress)
	if !ok || acl == nil {
		return
	}
	dir := "ingress"
	if e.Egress {
		dir = "egress"
	}
	n := 0
	for _, o := range acl.Entries {
		if o.Egress == e.Egress {
			n++
		}
	}
	b.src(acl.ID, fmt.Sprintf("%s[%d]", dir, n), b.r.pos(in, ""))
	acl.Entries = append(acl.Entries, e)
}

func (b *builder) aclAssociation(in *instance) {
	var v struct {
		ACL    string `json:"network_acl_id"`
		Subnet string `json:"subnet_id"`
	}
	b.decode(in, &v)
	acl := b.ref(in, v.ACL, wantACL, "network_acl_id").id
	sn := b.ref(in, v.Subnet, wantSubnet, "subnet_id").id
	if acl != "" && sn != "" {
		b.associateACL(in, sn, acl)
	}
}

func (b *builder) cidrAssociation(in *instance) {
	var v struct {
		VPC  string `json:"vpc_id"`
		CIDR string `json:"cidr_block"`
	}
	b.decode(in, &v)
	vpc := get[model.VPC](b, b.ref(in, v.VPC, wantVPC, "vpc_id").id)
	p := b.prefix(in, v.CIDR, "cidr_block")
	if vpc != nil && p.IsValid() {
		b.src(vpc.ID, fmt.Sprintf("cidrs[%d]", len(vpc.CIDRs)), b.r.pos(in, "cidr_block"))
		vpc.CIDRs = append(vpc.CIDRs, p)
	}
}

func (b *builder) dhcpOptions(in *instance) {
	var v struct {
		DomainName string   `json:"domain_name"`
		Servers    []string `json:"domain_name_servers"`
		OwnerID    string   `json:"owner_id"`
	}
	b.decode(in, &v)
	x := &model.DHCPOptions{ID: in.id, Account: v.OwnerID, DomainName: v.DomainName, DomainNameServers: v.Servers}
	if b.put(in.id, model.KindDHCPOptions, x) {
		b.dhcp = append(b.dhcp, x)
		b.src(in.id, "", b.r.pos(in, ""))
	}
}

func (b *builder) dhcpAssociation(in *instance) {
	var v struct {
		VPC  string `json:"vpc_id"`
		DHCP string `json:"dhcp_options_id"`
	}
	b.decode(in, &v)
	vpc := get[model.VPC](b, b.ref(in, v.VPC, wantVPC, "vpc_id").id)
	d := b.ref(in, v.DHCP, wantDHCP, "dhcp_options_id").id
	if vpc != nil && d != "" {
		vpc.DHCPOptions = d
		b.src(vpc.ID, "dhcp_options", b.r.pos(in, ""))
	}
}

func (b *builder) eni(in *instance) {
	var v struct {
		Subnet      string   `json:"subnet_id"`
		PrivateIP   string   `json:"private_ip"`
		PrivateIPs  []string `json:"private_ips"`
		IPList      []string `json:"private_ip_list"`
		SGs         []string `json:"security_groups"`
		SrcDstCheck *bool    `json:"source_dest_check"`
		Description string   `json:"description"`
		Prefixes    []string `json:"ipv4_prefixes"`
		PrefixCount *int     `json:"ipv4_prefix_count"`
		Attachment  []struct {
			Instance string `json:"instance"`
		} `json:"attachment"`
		OwnerID string            `json:"owner_id"`
		Tags    map[string]string `json:"tags"`
	}
	b.decode(in, &v)
	x := &model.ENI{ID: in.id, Account: v.OwnerID, Type: "interface", Description: v.Description, Tags: tagsOf(v.Tags)}
	x.Subnet = b.ref(in, v.Subnet, wantSubnet, "subnet_id").id
	ips := []string{v.PrivateIP}
	ips = append(ips, v.IPList...)
	ips = append(ips, v.PrivateIPs...)
	for _, s := range ips {
		a := b.addr(in, s, "private_ips")
		if !a.IsValid() || a == x.PrivateIP || containsAddr(x.SecondaryIPs, a) {
			continue
		}
		if !x.PrivateIP.IsValid() {
			x.PrivateIP = a
		} else {
			x.SecondaryIPs = append(x.SecondaryIPs, a)
		}
	}
	if v.SrcDstCheck != nil {
		x.SourceDestCheck = model.Of(*v.SrcDstCheck)
	}
	var prefixAt []int // the ipv4_prefixes index of each of x.Prefixes
	for i, s := range v.Prefixes {
		if p := b.prefix(in, s, "ipv4_prefixes", i); p.IsValid() && !slices.Contains(x.Prefixes, p) {
			x.Prefixes = append(x.Prefixes, p)
			prefixAt = append(prefixAt, i)
		}
	}
	if len(v.Prefixes) == 0 && v.PrefixCount != nil && *v.PrefixCount > 0 && b.unknown(in, "ipv4_prefixes") {
		b.r.warnf(CodeUnknownValue, b.r.unknownPos(in, "ipv4_prefixes"), "known only after apply (ipv4_prefix_count = %d); the interface has no delegated prefixes in the snapshot", *v.PrefixCount)
	}
	sgs, configured := b.refList(in, v.SGs, wantSG, "security_groups")
	x.SecurityGroups = sgs
	if len(v.Attachment) > 0 {
		x.Instance = b.ref(in, v.Attachment[0].Instance, wantInst, "attachment", 0, "instance").id
	}
	if !b.put(in.id, model.KindENI, x) {
		return
	}
	b.enis = append(b.enis, x)
	b.src(in.id, "", b.r.pos(in, ""))
	b.src(in.id, "subnet", b.r.pos(in, "subnet_id"))
	b.src(in.id, "private_ip", b.r.pos(in, "private_ips"))
	b.src(in.id, "security_groups", b.r.pos(in, "security_groups"))
	for k, i := range prefixAt {
		b.src(in.id, fmt.Sprintf("prefixes[%d]", k), b.r.pos(in, pathString([]any{"ipv4_prefixes", i})))
	}
	if !x.PrivateIP.IsValid() {
		b.needIP = append(b.needIP, placeholder{eni: x, in: in})
	}
	if !configured {
		b.later = append(b.later, func() {
			if len(x.SecurityGroups) == 0 {
				// AWS attaches the VPC's default group (CreateNetworkInterface).
				if sg := b.defaultSG(b.vpcOf(x.Subnet)); sg != "" {
					x.SecurityGroups = []string{sg}
				}
			}
		})
	}
}

func containsAddr(xs []netip.Addr, a netip.Addr) bool {
	for _, x := range xs {
		if x == a {
			return true
		}
	}
	return false
}

func (b *builder) instance(in *instance) {
	var v struct {
		Subnet       string            `json:"subnet_id"`
		PrivateIP    string            `json:"private_ip"`
		SecondaryIPs []string          `json:"secondary_private_ips"`
		VPCSGs       []string          `json:"vpc_security_group_ids"`
		SGs          []string          `json:"security_groups"`
		AssocPublic  *bool             `json:"associate_public_ip_address"`
		PublicIP     string            `json:"public_ip"`
		PrimaryENI   string            `json:"primary_network_interface_id"`
		SrcDstCheck  *bool             `json:"source_dest_check"`
		State        string            `json:"instance_state"`
		OwnerID      string            `json:"owner_id"`
		Tags         map[string]string `json:"tags"`
		NICs         []struct {
			DeviceIndex *int   `json:"device_index"`
			ENI         string `json:"network_interface_id"`
		} `json:"network_interface"`
	}
	b.decode(in, &v)
	x := &model.Instance{ID: in.id, Account: v.OwnerID, State: model.ParseState(v.State), Tags: tagsOf(v.Tags)}
	if !b.put(in.id, model.KindInstance, x) {
		return
	}
	b.instances = append(b.instances, x)
	b.src(in.id, "", b.r.pos(in, ""))
	// Interfaces attached at launch (network_interface blocks) come first.
	primary := false
	for i, nic := range v.NICs {
		id := b.ref(in, nic.ENI, wantENI, "network_interface", i, "network_interface_id").id
		if id == "" {
			continue
		}
		if nic.DeviceIndex != nil && *nic.DeviceIndex == 0 {
			primary = true
			x.ENIs = append([]string{id}, x.ENIs...)
		} else {
			x.ENIs = append(x.ENIs, id)
		}
	}
	if len(x.ENIs) > 0 {
		b.later = append(b.later, func() {
			for _, id := range x.ENIs {
				if e := get[model.ENI](b, id); e != nil && e.Instance == "" {
					e.Instance = x.ID
				}
			}
		})
	}
	if primary {
		return
	}
	// Otherwise AWS creates the primary interface from the instance's own
	// arguments.
	subnet := b.ref(in, v.Subnet, wantSubnet, "subnet_id").id
	if subnet == "" {
		if !b.unknown(in, "subnet_id") || !b.configured(in, "subnet_id") {
			b.r.warnf(CodePartialResource, b.r.pos(in, ""), "no subnet_id: AWS launches the instance in the Region's default VPC, which the plan does not describe; it has no interface in the snapshot")
		}
		return
	}
	eni := &model.ENI{ID: primaryENIID(in, v.PrimaryENI), Subnet: subnet, Type: "interface", Status: model.StateInUse, Instance: in.id,
		Account: v.OwnerID, Description: "primary network interface of " + in.addr}
	eni.PrivateIP = b.addr(in, v.PrivateIP, "private_ip")
	for _, s := range v.SecondaryIPs {
		if a := b.addr(in, s, "secondary_private_ips"); a.IsValid() {
			eni.SecondaryIPs = append(eni.SecondaryIPs, a)
		}
	}
	eni.PublicIP = b.addr(in, v.PublicIP, "public_ip")
	if v.SrcDstCheck != nil {
		eni.SourceDestCheck = model.Of(*v.SrcDstCheck)
	}
	sgs, configured := b.refList(in, v.VPCSGs, wantSG, "vpc_security_group_ids")
	named, namedSet := b.refList(in, v.SGs, wantSG, "security_groups")
	for _, g := range named {
		if !containsStr(sgs, g) && (b.kindOf(g) == model.KindSecurityGroup || strings.HasPrefix(g, "sg-")) {
			sgs = append(sgs, g)
		}
	}
	eni.SecurityGroups = sgs
	if !b.put(eni.ID, model.KindENI, eni) {
		return
	}
	b.enis = append(b.enis, eni)
	x.ENIs = append([]string{eni.ID}, x.ENIs...)
	pos := b.r.pos(in, "")
	pos.Path = eni.ID
	b.src(eni.ID, "", pos)
	b.src(eni.ID, "subnet", b.r.pos(in, "subnet_id"))
	b.src(eni.ID, "private_ip", b.r.pos(in, "private_ip"))
	b.src(eni.ID, "security_groups", b.r.pos(in, "vpc_security_group_ids"))
	if !eni.PrivateIP.IsValid() {
		b.needIP = append(b.needIP, placeholder{eni: eni, in: in})
	}
	b.later = append(b.later, func() {
		if len(eni.SecurityGroups) == 0 && !configured && !namedSet {
			if sg := b.defaultSG(b.vpcOf(eni.Subnet)); sg != "" {
				eni.SecurityGroups = []string{sg}
			}
		}
		if eni.PublicIP.IsValid() {
			return
		}
		switch {
		case v.AssocPublic != nil && *v.AssocPublic:
			b.needPublic = append(b.needPublic, placeholder{eni, in, "associate_public_ip_address"})
		case v.AssocPublic == nil && b.mapPublic[subnet]:
			b.needPublic = append(b.needPublic, placeholder{eni, in, "map_public_ip_on_launch of " + subnet})
		}
	})
}

// configuredAt reports whether the configuration sets the attribute at
// path (indexes are ignored). Without a configuration, everything counts
// as set.
func (b *builder) configuredAt(in *instance, path ...any) bool {
	if in.cfg == nil {
		return true
	}
	_, _, ok := b.r.exprAt(in, names(path)...)
	return ok
}

// configured reports whether the configuration sets attr of in.
func (b *builder) configured(in *instance, attr string) bool {
	_, _, ok := b.r.exprAt(in, attr)
	return ok
}

func (b *builder) eniAttachment(in *instance) {
	var v struct {
		Instance string `json:"instance_id"`
		ENI      string `json:"network_interface_id"`
	}
	b.decode(in, &v)
	inst := b.ref(in, v.Instance, wantInst, "instance_id").id
	eni := get[model.ENI](b, b.ref(in, v.ENI, wantENI, "network_interface_id").id)
	if eni == nil || inst == "" {
		return
	}
	eni.Instance = inst
	if i := get[model.Instance](b, inst); i != nil && !containsStr(i.ENIs, eni.ID) {
		i.ENIs = append(i.ENIs, eni.ID)
	}
}

func (b *builder) eniSGAttachment(in *instance) {
	var v struct {
		SG  string `json:"security_group_id"`
		ENI string `json:"network_interface_id"`
	}
	b.decode(in, &v)
	sg := b.ref(in, v.SG, wantSG, "security_group_id").id
	eni := get[model.ENI](b, b.ref(in, v.ENI, wantENI, "network_interface_id").id)
	if eni != nil && sg != "" && !containsStr(eni.SecurityGroups, sg) {
		eni.SecurityGroups = append(eni.SecurityGroups, sg)
	}
}

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

func (b *builder) prefixList(in *instance) {
	var v struct {
		Name    string `json:"name"`
		OwnerID string `json:"owner_id"`
		Entries []struct {
			CIDR string `json:"cidr"`
		} `json:"entry"`
	}
	b.decode(in, &v)
	x := &model.PrefixList{ID: in.id, Name: v.Name, Owner: v.OwnerID, Account: v.OwnerID, Region: b.r.snap.Region, EntriesKnown: true}
	for i, e := range v.Entries {
		if p := b.prefix(in, e.CIDR, "entry", i, "cidr"); p.IsValid() {
			x.CIDRs = append(x.CIDRs, p)
		}
	}
	if len(v.Entries) == 0 && unknownAt(in.unknown, "entry") && b.configured(in, "entry") {
		b.r.warnf(CodeUnknownValue, b.r.unknownPos(in, "entry"), "the entries are known only after apply; they are left out")
	}
	if b.put(in.id, model.KindPrefixList, x) {
		b.pls = append(b.pls, x)
		b.src(in.id, "", b.r.pos(in, ""))
	}
}

func (b *builder) prefixListEntry(in *instance) {
	var v struct {
		PL   string `json:"prefix_list_id"`
		CIDR string `json:"cidr"`
	}
	b.decode(in, &v)
	pl := get[model.PrefixList](b, b.ref(in, v.PL, wantPL, "prefix_list_id").id)
	p := b.prefix(in, v.CIDR, "cidr")
	if pl != nil && p.IsValid() {
		pl.CIDRs = append(pl.CIDRs, p)
		pl.EntriesKnown = true
	}
}

func (b *builder) ecsService(in *instance) {
	var v struct {
		Cluster         string `json:"cluster"`
		LaunchType      string `json:"launch_type"`
		PlatformVersion string `json:"platform_version"`
		ExecEnabled     *bool  `json:"enable_execute_command"`
		Network         []struct {
			Subnets []string `json:"subnets"`
			SGs     []string `json:"security_groups"`
		} `json:"network_configuration"`
	}
	b.decode(in, &v)
	if len(v.Network) == 0 {
		if !unknownAt(in.unknown, "network_configuration") {
			b.r.warnf(CodePartialResource, b.r.pos(in, ""), "no network_configuration (the tasks do not use awsvpc networking): no task is modelled")
			return
		}
		v.Network = make([]struct {
			Subnets []string `json:"subnets"`
			SGs     []string `json:"security_groups"`
		}, 1)
	}
	nc := v.Network[0]
	subnets, _ := b.refList(in, nc.Subnets, wantSubnet, "network_configuration", 0, "subnets")
	sgs, _ := b.refList(in, nc.SGs, wantSG, "network_configuration", 0, "security_groups")
	if len(subnets) == 0 {
		return
	}
	x := &model.ECSTask{ID: in.id, Cluster: v.Cluster, LaunchType: v.LaunchType, PlatformVersion: v.PlatformVersion,
		ExecEnabled: v.ExecEnabled != nil && *v.ExecEnabled, Subnet: subnets[0], SecurityGroups: sgs}
	if !b.put(in.id, model.KindECSTask, x) {
		return
	}
	b.tasks = append(b.tasks, x)
	b.src(in.id, "", b.r.pos(in, ""))
	if len(sgs) == 0 {
		b.later = append(b.later, func() {
			if sg := b.defaultSG(b.vpcOf(x.Subnet)); sg != "" {
				x.SecurityGroups = []string{sg}
			}
		})
	}
}
