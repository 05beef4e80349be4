package tfplan

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/cshsim/cshsim/internal/jsonpos"
	"github.com/cshsim/cshsim/model"
)

// builder holds the objects of the snapshot while they are built. Objects
// are kept by pointer in plan order and copied into the snapshot at the
// end.
type builder struct {
	r     *reader
	kinds map[string]model.Kind // id → kind of every object of the plan

	vpcs      []*model.VPC
	subnets   []*model.Subnet
	rts       []*model.RouteTable
	igws      []*model.InternetGateway
	eigws     []*model.EgressOnlyIGW
	nats      []*model.NATGateway
	sgs       []*model.SecurityGroup
	acls      []*model.NetworkACL
	pls       []*model.PrefixList
	enis      []*model.ENI
	instances []*model.Instance
	eips      []*model.ElasticIP
	endpoints []*model.Endpoint
	dhcp      []*model.DHCPOptions
	tgws      []*model.TransitGateway
	tgwAtts   []*model.TGWAttachment
	tgwRTs    []*model.TGWRouteTable
	peerings  []*model.PeeringConnection
	vgws      []*model.VPNGateway
	tasks     []*model.ECSTask

	byID map[string]any // id → pointer to the object

	vpcInst   map[string]*instance // VPC id → its aws_vpc instance
	defSG     map[string]string    // VPC id → its default security group
	mainRT    map[string]string    // VPC id → its default (first main) route table
	defACL    map[string]string    // VPC id → its default network ACL
	tgwDefRT  map[string]string    // transit gateway id → its default route table
	mapPublic map[string]bool      // subnet id → map_public_ip_on_launch

	// Deferred work, run once every object exists.
	later []func()
	// ENIs whose private or public address is known only after apply.
	needIP     []placeholder
	needPublic []placeholder
	checks     []check
}

// placeholder is an address to assume for an interface.
type placeholder struct {
	eni *model.ENI
	in  *instance
	why string
}

// check is a reference to verify once every object exists.
type check struct {
	id   string
	in   *instance
	attr string
}

func newBuilder(r *reader) *builder {
	return &builder{
		r: r, kinds: map[string]model.Kind{}, byID: map[string]any{},
		vpcInst: map[string]*instance{}, defSG: map[string]string{}, mainRT: map[string]string{},
		defACL: map[string]string{}, tgwDefRT: map[string]string{}, mapPublic: map[string]bool{},
	}
}

// kindOf returns the kind of the plan's object id, "" when the plan has
// none.
func (b *builder) kindOf(id string) model.Kind {
	if b == nil {
		return ""
	}
	return b.kinds[id]
}

// conversion says how one resource type becomes objects.
type conversion struct {
	phase int // 0 VPCs, 1 other objects, 2 links between objects
	fn    func(b *builder, in *instance)
}

var conversions map[string]conversion

func init() {
	conversions = map[string]conversion{
		"aws_vpc":                                         {0, (*builder).vpc},
		"aws_subnet":                                      {1, (*builder).subnet},
		"aws_route_table":                                 {1, (*builder).routeTable},
		"aws_default_route_table":                         {1, (*builder).routeTable},
		"aws_internet_gateway":                            {1, (*builder).igw},
		"aws_egress_only_internet_gateway":                {1, (*builder).eigw},
		"aws_vpn_gateway":                                 {1, (*builder).vgw},
		"aws_nat_gateway":                                 {1, (*builder).nat},
		"aws_eip":                                         {1, (*builder).eip},
		"aws_vpc_endpoint":                                {1, (*builder).endpoint},
		"aws_security_group":                              {1, (*builder).securityGroup},
		"aws_default_security_group":                      {1, (*builder).securityGroup},
		"aws_network_acl":                                 {1, (*builder).networkACL},
		"aws_default_network_acl":                         {1, (*builder).networkACL},
		"aws_vpc_dhcp_options":                            {1, (*builder).dhcpOptions},
		"aws_network_interface":                           {1, (*builder).eni},
		"aws_instance":                                    {1, (*builder).instance},
		"aws_ec2_transit_gateway":                         {1, (*builder).tgw},
		"aws_ec2_transit_gateway_vpc_attachment":          {1, (*builder).tgwAttachment},
		"aws_ec2_transit_gateway_route_table":             {1, (*builder).tgwRouteTable},
		"aws_vpc_peering_connection":                      {1, (*builder).peering},
		"aws_ec2_managed_prefix_list":                     {1, (*builder).prefixList},
		"aws_ecs_service":                                 {1, (*builder).ecsService},
		"aws_vpc_ipv4_cidr_block_association":             {2, (*builder).cidrAssociation},
		"aws_route":                                       {2, (*builder).route},
		"aws_route_table_association":                     {2, (*builder).rtAssociation},
		"aws_main_route_table_association":                {2, (*builder).mainRTAssociation},
		"aws_internet_gateway_attachment":                 {2, (*builder).igwAttachment},
		"aws_vpn_gateway_attachment":                      {2, (*builder).vgwAttachment},
		"aws_vpc_endpoint_subnet_association":             {2, (*builder).endpointAssociation},
		"aws_vpc_endpoint_route_table_association":        {2, (*builder).endpointAssociation},
		"aws_vpc_endpoint_security_group_association":     {2, (*builder).endpointAssociation},
		"aws_security_group_rule":                         {2, (*builder).sgRule},
		"aws_vpc_security_group_ingress_rule":             {2, (*builder).vpcSGRule},
		"aws_vpc_security_group_egress_rule":              {2, (*builder).vpcSGRule},
		"aws_network_acl_rule":                            {2, (*builder).aclRule},
		"aws_network_acl_association":                     {2, (*builder).aclAssociation},
		"aws_vpc_dhcp_options_association":                {2, (*builder).dhcpAssociation},
		"aws_network_interface_attachment":                {2, (*builder).eniAttachment},
		"aws_network_interface_sg_attachment":             {2, (*builder).eniSGAttachment},
		"aws_eip_association":                             {2, (*builder).eipAssociation},
		"aws_ec2_transit_gateway_route":                   {2, (*builder).tgwRoute},
		"aws_ec2_transit_gateway_route_table_association": {2, (*builder).tgwRTLink},
		"aws_ec2_transit_gateway_route_table_propagation": {2, (*builder).tgwRTLink},
		"aws_vpc_peering_connection_accepter":             {2, (*builder).peeringAccepter},
		"aws_ec2_managed_prefix_list_entry":               {2, (*builder).prefixListEntry},
	}
}

// build turns the plan into the snapshot.
func (r *reader) build() {
	r.collect()
	b := newBuilder(r)
	r.b = b
	r.providerFacts()
	var unsupported []*instance
	for _, in := range r.insts {
		if in.data {
			continue
		}
		if _, ok := conversions[in.typ]; !ok {
			unsupported = append(unsupported, in)
			continue
		}
		if k := kindOfType[in.typ]; k != "" {
			if _, dup := b.kinds[in.id]; !dup {
				b.kinds[in.id] = k
			}
		}
	}
	b.adopters()
	for phase := 0; phase <= 2; phase++ {
		for _, in := range r.insts {
			if c, ok := conversions[in.typ]; ok && !in.data && c.phase == phase {
				c.fn(b, in)
			}
		}
	}
	for i := 0; i < len(b.later); i++ {
		b.later[i]()
	}
	b.addresses()
	b.external()
	if n := len(r.noConfig); n > 0 {
		r.errorf(CodeUnresolvedRef, r.loc.at("", "configuration"), "the plan has no configuration, so %d id(s) known only after apply cannot be resolved (%s…); write the plan with terraform show -json, which includes it", n, r.noConfig[0])
	}
	if len(unsupported) > 0 {
		var addrs []string
		for _, in := range unsupported {
			addrs = append(addrs, in.addr)
		}
		r.warnf(CodeUnsupportedResource, r.loc.at(unsupported[0].path, "planned_values"), "%d resource(s) of types cshsim does not model are left out: %s",
			len(addrs), strings.Join(addrs, ", "))
	}
	b.assemble()
}

// providerFacts takes the Region from the aws provider configuration and
// the account from data.aws_caller_identity.
func (r *reader) providerFacts() {
	if r.config != nil {
		regions := map[string]bool{}
		for _, k := range sortedKeys(r.config.ProviderConfig) {
			p := r.config.ProviderConfig[k]
			if p.Name != "aws" {
				continue
			}
			var e expr
			if raw, ok := p.Expressions["region"]; ok {
				_ = json.Unmarshal(raw, &e)
			}
			for _, l := range (&resolver{r: r}).fromExpr(e, ctx{}) {
				if l.lit != "" {
					regions[l.lit] = true
				}
			}
		}
		if len(regions) == 1 {
			for reg := range regions {
				r.snap.Region = reg
			}
		}
	}
	for _, in := range r.insts {
		if in.data && in.typ == "aws_caller_identity" {
			var v struct {
				AccountID string `json:"account_id"`
			}
			_ = json.Unmarshal(in.values, &v)
			if v.AccountID != "" && r.snap.Account == "" {
				r.snap.Account = v.AccountID
			}
		}
	}
}

// decode decodes the values of in into v, reporting type errors with their
// path. Decoding goes on past them, so v holds what could be read.
func (b *builder) decode(in *instance, v any) {
	if len(in.values) == 0 || string(in.values) == "null" {
		return
	}
	err := json.Unmarshal(in.values, v)
	if err == nil {
		return
	}
	r := b.r
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		base := r.loc.offset(in.valPath)
		rel, at := r.loc.valueAt(base, base+int(te.Offset))
		want, found := jsonpos.TypeError(te)
		r.errorf(CodeBadType, r.loc.atOffset(at, in.addr+rel), "want %s, found %s", want, found)
		return
	}
	r.errorf(CodeBadType, r.pos(in, ""), "cannot decode the values: %v", err)
}

// src records where the plan states field of object id.
func (b *builder) src(id, field string, pos model.Pos) {
	k := model.FieldRef{ID: id, Field: field}
	if _, ok := b.r.snap.Sources[k]; !ok {
		b.r.snap.Sources[k] = pos
	}
}

// unknown reports whether the attribute at path is known only after apply.
// A plan without a change entry for the instance does not say; a
// configured reference then counts as unknown.
func (b *builder) unknown(in *instance, path ...any) bool {
	if unknownAt(in.unknown, path...) {
		return true
	}
	if in.noChange {
		refs, _, _ := b.r.exprAt(in, names(path)...)
		return len(refs) > 0
	}
	return false
}

func names(path []any) []string {
	var s []string
	for _, p := range path {
		if n, ok := p.(string); ok {
			s = append(s, n)
		}
	}
	return s
}

func pathString(path []any) string {
	var sb strings.Builder
	for _, p := range path {
		switch v := p.(type) {
		case string:
			if sb.Len() > 0 {
				sb.WriteByte('.')
			}
			sb.WriteString(v)
		case int:
			fmt.Fprintf(&sb, "[%d]", v)
		}
	}
	return sb.String()
}

// ref resolves one id attribute: its planned value, or, when it is known
// only after apply, the object its configuration references.
func (b *builder) ref(in *instance, known string, w want, path ...any) resolved {
	if known != "" {
		k := b.kindOf(known)
		if k == "" {
			k = kindOfID(known)
		}
		b.checks = append(b.checks, check{known, in, pathString(path)})
		return resolved{known, k}
	}
	if !b.unknown(in, path...) {
		return resolved{}
	}
	x, _ := b.r.resolveID(in, w, names(path)...)
	if x.id != "" {
		b.checks = append(b.checks, check{x.id, in, pathString(path)})
	}
	return x
}

// refList resolves a list of ids: the known elements, plus what the
// configuration references when some are known only after apply.
// configured is false when the configuration does not set the list.
func (b *builder) refList(in *instance, known []string, w want, path ...any) (ids []string, configured bool) {
	for _, s := range known {
		if s != "" && !slices.Contains(ids, s) {
			ids = append(ids, s)
			b.checks = append(b.checks, check{s, in, pathString(path)})
		}
	}
	_, _, configured = b.r.exprAt(in, names(path)...)
	if !b.unknown(in, path...) {
		return ids, configured || len(known) > 0
	}
	xs, _ := b.r.resolveIDs(in, w, names(path)...)
	for _, x := range xs {
		if !slices.Contains(ids, x.id) {
			ids = append(ids, x.id)
			b.checks = append(b.checks, check{x.id, in, pathString(path)})
		}
	}
	return ids, configured || len(known) > 0
}

// prefix parses a CIDR attribute; "" gives the zero prefix. A CIDR known
// only after apply is reported.
func (b *builder) prefix(in *instance, s string, path ...any) netip.Prefix {
	if s == "" {
		if b.unknown(in, path...) {
			b.r.warnf(CodeUnknownValue, b.r.unknownPos(in, pathString(path)), "known only after apply; cshsim cannot place what depends on it")
		}
		return netip.Prefix{}
	}
	p, err := netip.ParsePrefix(s)
	if err != nil {
		b.r.errorf(CodeBadValue, b.r.pos(in, pathString(path)), "%q is not a CIDR", s)
		return netip.Prefix{}
	}
	return p
}

func (b *builder) addr(in *instance, s string, path ...any) netip.Addr {
	if s == "" {
		return netip.Addr{}
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		b.r.errorf(CodeBadValue, b.r.pos(in, pathString(path)), "%q is not an IP address", s)
		return netip.Addr{}
	}
	return a
}

func tagsOf(m map[string]string) []model.Tag {
	var ts []model.Tag
	for _, k := range sortedKeys(m) {
		ts = append(ts, model.Tag{Key: k, Value: m[k]})
	}
	return ts
}

// put registers a new object. It returns false when the id is taken by
// another object of the plan (the first one wins; Validate would report
// the duplicate, but here it can only come from a malformed plan).
func (b *builder) put(id string, k model.Kind, obj any) bool {
	if _, dup := b.byID[id]; dup {
		return false
	}
	b.byID[id] = obj
	b.kinds[id] = k
	return true
}

func get[T any](b *builder, id string) *T {
	if o, ok := b.byID[id].(*T); ok {
		return o
	}
	return nil
}

// adopters finds the resources that adopt a VPC's default objects
// (aws_default_security_group, aws_default_route_table,
// aws_default_network_acl), so that references to the VPC's
// default_security_group_id and the like name them.
func (b *builder) adopters() {
	for _, in := range b.r.insts {
		if !in.data && in.typ == "aws_vpc" {
			if _, dup := b.vpcInst[in.id]; !dup {
				b.vpcInst[in.id] = in
			}
		}
	}
	for _, in := range b.r.insts {
		if in.data {
			continue
		}
		var m map[string]string
		var attr string
		switch in.typ {
		case "aws_default_security_group":
			m, attr = b.defSG, "vpc_id"
		case "aws_default_route_table":
			m, attr = b.mainRT, "default_route_table_id"
		case "aws_default_network_acl":
			m, attr = b.defACL, "default_network_acl_id"
		default:
			continue
		}
		vpc := b.vpcOfAdopter(in, attr)
		if vpc != "" {
			if _, dup := m[vpc]; !dup {
				m[vpc] = in.id
			}
		}
		in.adoptedVPC = vpc
	}
}

// vpcOfAdopter returns the VPC whose default object in adopts: the VPC its
// attribute references, or the VPC whose planned attribute has the same
// value, or its own vpc_id.
func (b *builder) vpcOfAdopter(in *instance, attr string) string {
	var vals map[string]json.RawMessage
	_ = json.Unmarshal(in.values, &vals)
	known := str(vals[attr])
	vpcAttrs := map[string][]string{
		"vpc_id":                 {"id"},
		"default_route_table_id": {"default_route_table_id", "main_route_table_id"},
		"default_network_acl_id": {"default_network_acl_id"},
	}[attr]
	if known != "" {
		for _, vin := range b.r.insts {
			if vin.typ != "aws_vpc" || vin.data {
				continue
			}
			var vv map[string]json.RawMessage
			_ = json.Unmarshal(vin.values, &vv)
			for _, a := range vpcAttrs {
				if a == "id" && vin.id == known || str(vv[a]) == known {
					return vin.id
				}
			}
		}
		if attr == "vpc_id" {
			b.checks = append(b.checks, check{known, in, attr})
			return known
		}
	}
	refs, _, _ := b.r.exprAt(in, attr)
	v := &resolver{r: b.r}
	for _, l := range v.leaves(refs, ctx{mod: in.ra.mod, key: in.ra.key}) {
		if l.in != nil && l.in.typ == "aws_vpc" {
			return l.in.id
		}
		if l.in != nil && l.in.data && l.in.typ == "aws_vpc" {
			return l.in.id
		}
	}
	if v := str(vals["vpc_id"]); v != "" {
		return v
	}
	if attr == "vpc_id" && b.unknown(in, "vpc_id") {
		x, _ := b.r.resolveID(in, kinds(model.KindVPC), "vpc_id")
		return x.id
	}
	return ""
}

// special resolves the attributes of a resource that name another object
// than the resource itself: a VPC's default security group, route table
// and network ACL, an instance's primary interface, a transit gateway's
// default route table, a gateway endpoint's prefix list, an accepter's
// peering connection.
func (b *builder) special(in *instance, attr string) (string, model.Kind, bool) {
	if b == nil || in.data {
		return "", "", false
	}
	var vals map[string]json.RawMessage
	_ = json.Unmarshal(in.values, &vals)
	known := str(vals[attr])
	switch in.typ {
	case "aws_vpc":
		switch attr {
		case "default_security_group_id":
			return b.defaultSG(in.id), model.KindSecurityGroup, true
		case "main_route_table_id", "default_route_table_id":
			return b.defaultRT(in.id), model.KindRouteTable, true
		case "default_network_acl_id":
			return b.defaultACL(in.id), model.KindNetworkACL, true
		}
	case "aws_instance":
		if attr == "primary_network_interface_id" {
			return primaryENIID(in, known), model.KindENI, true
		}
	case "aws_ec2_transit_gateway":
		if attr == "association_default_route_table_id" || attr == "propagation_default_route_table_id" {
			return b.tgwDefaultRT(in), model.KindTGWRouteTable, true
		}
	case "aws_vpc_endpoint":
		if attr == "prefix_list_id" {
			return b.endpointPrefixList(in, known), model.KindPrefixList, true
		}
	case "aws_vpc_peering_connection_accepter":
		if attr == "" || attr == "id" || attr == "vpc_peering_connection_id" {
			if in.idKnown {
				return in.id, model.KindPeering, true
			}
			if x := b.r.attrOf(in, "vpc_peering_connection_id"); x.id != "" {
				return x.id, model.KindPeering, true
			}
			return in.id, model.KindPeering, true
		}
	}
	return "", "", false
}

func primaryENIID(in *instance, known string) string {
	if known != "" {
		return known
	}
	return in.addr + ".primary_network_interface_id"
}

// vpcAttr returns the planned value of a VPC attribute, or the name the
// implicit object takes: <vpc address>.<attr>.
func (b *builder) vpcAttr(vpc, attr string) (id string, vin *instance) {
	vin = b.vpcInst[vpc]
	if vin == nil {
		return "", nil
	}
	var vals map[string]json.RawMessage
	_ = json.Unmarshal(vin.values, &vals)
	if s := str(vals[attr]); s != "" {
		return s, vin
	}
	return vin.addr + "." + attr, vin
}

// defaultSG returns the default security group of a VPC of the plan,
// creating it with AWS's default rules (all traffic from members of the
// group; all traffic out) unless aws_default_security_group manages it.
func (b *builder) defaultSG(vpc string) string {
	if id, ok := b.defSG[vpc]; ok {
		return id
	}
	id, vin := b.vpcAttr(vpc, "default_security_group_id")
	if vin == nil {
		return ""
	}
	b.defSG[vpc] = id
	sg := &model.SecurityGroup{ID: id, Name: "default", VPC: vpc,
		Ingress: []model.SGRule{{Protocol: model.ProtoAll, Ports: model.AllPorts, ICMP: model.AnyICMP, Group: id}},
		Egress:  []model.SGRule{{Protocol: model.ProtoAll, Ports: model.AllPorts, ICMP: model.AnyICMP, CIDR: netip.MustParsePrefix("0.0.0.0/0")}},
	}
	if v := get[model.VPC](b, vpc); v != nil && len(v.IPv6CIDRs) > 0 {
		sg.Egress = append(sg.Egress, model.SGRule{Protocol: model.ProtoAll, Ports: model.AllPorts, ICMP: model.AnyICMP, CIDR: netip.MustParsePrefix("::/0")})
	}
	if !b.put(id, model.KindSecurityGroup, sg) {
		return id
	}
	b.sgs = append(b.sgs, sg)
	pos := b.r.pos(vin, "")
	pos.Path = vin.addr + ".default_security_group_id"
	b.src(id, "", pos)
	if vin.idKnown {
		b.r.warnf(CodeUnknownValue, pos, "the rules of the existing VPC's default security group are not in the plan; AWS's defaults are assumed (all traffic from members of the group, all traffic out)")
	}
	return id
}

// defaultRT returns the route table AWS creates with a VPC (its first main
// route table), creating it empty unless aws_default_route_table manages
// it.
func (b *builder) defaultRT(vpc string) string {
	if id, ok := b.mainRT[vpc]; ok {
		return id
	}
	id, vin := b.vpcAttr(vpc, "main_route_table_id")
	if vin == nil {
		return ""
	}
	b.mainRT[vpc] = id
	rt := &model.RouteTable{ID: id, VPC: vpc, Main: true}
	if !b.put(id, model.KindRouteTable, rt) {
		return id
	}
	b.rts = append(b.rts, rt)
	pos := b.r.pos(vin, "")
	pos.Path = vin.addr + ".main_route_table_id"
	b.src(id, "", pos)
	if vin.idKnown {
		b.r.warnf(CodeUnknownValue, pos, "the routes of the existing VPC's main route table are not in the plan; only its local route is assumed")
	}
	return id
}

// defaultACL returns the network ACL AWS creates with a VPC, creating it
// with AWS's default entries (allow all in and out) unless
// aws_default_network_acl manages it.
func (b *builder) defaultACL(vpc string) string {
	if id, ok := b.defACL[vpc]; ok {
		return id
	}
	id, vin := b.vpcAttr(vpc, "default_network_acl_id")
	if vin == nil {
		return ""
	}
	b.defACL[vpc] = id
	all := netip.MustParsePrefix("0.0.0.0/0")
	acl := &model.NetworkACL{ID: id, VPC: vpc, Default: true, Entries: []model.ACLEntry{
		{RuleNumber: 100, Allow: true, Protocol: model.ProtoAll, CIDR: all, Ports: model.AllPorts, ICMP: model.AnyICMP},
		{RuleNumber: 100, Egress: true, Allow: true, Protocol: model.ProtoAll, CIDR: all, Ports: model.AllPorts, ICMP: model.AnyICMP},
	}}
	if !b.put(id, model.KindNetworkACL, acl) {
		return id
	}
	b.acls = append(b.acls, acl)
	pos := b.r.pos(vin, "")
	pos.Path = vin.addr + ".default_network_acl_id"
	b.src(id, "", pos)
	return id
}

// tgwDefaultRT returns the default route table of a transit gateway of the
// plan.
func (b *builder) tgwDefaultRT(in *instance) string {
	if id, ok := b.tgwDefRT[in.id]; ok {
		return id
	}
	var vals map[string]json.RawMessage
	_ = json.Unmarshal(in.values, &vals)
	id := str(vals["association_default_route_table_id"])
	if id == "" {
		id = in.addr + ".association_default_route_table_id"
	}
	b.tgwDefRT[in.id] = id
	rt := &model.TGWRouteTable{ID: id, TransitGateway: in.id, State: model.StateAvailable, RoutesKnown: true}
	if b.put(id, model.KindTGWRouteTable, rt) {
		b.tgwRTs = append(b.tgwRTs, rt)
		pos := b.r.pos(in, "")
		pos.Path = in.addr + ".association_default_route_table_id"
		b.src(id, "", pos)
	}
	return id
}

// endpointPrefixList returns the AWS-managed prefix list of a gateway
// endpoint's service, created without entries (the simulator knows stand-in
// ranges for S3 and DynamoDB).
func (b *builder) endpointPrefixList(in *instance, known string) string {
	id := known
	if id == "" {
		id = in.addr + ".prefix_list_id"
	}
	if _, ok := b.byID[id]; ok {
		return id
	}
	var v struct {
		Service string `json:"service_name"`
	}
	_ = json.Unmarshal(in.values, &v)
	pl := &model.PrefixList{ID: id, Name: v.Service, Owner: "AWS", Region: b.r.snap.Region}
	if b.put(id, model.KindPrefixList, pl) {
		b.pls = append(b.pls, pl)
		pos := b.r.pos(in, "")
		pos.Path = in.addr + ".prefix_list_id"
		b.src(id, "", pos)
	}
	return id
}

// vpcOf returns the VPC of an object of the plan.
func (b *builder) vpcOf(id string) string {
	switch o := b.byID[id].(type) {
	case *model.VPC:
		return o.ID
	case *model.Subnet:
		return o.VPC
	case *model.RouteTable:
		return o.VPC
	case *model.SecurityGroup:
		return o.VPC
	case *model.NetworkACL:
		return o.VPC
	case *model.ENI:
		if o.VPC != "" {
			return o.VPC
		}
		return b.vpcOf(o.Subnet)
	}
	return ""
}

// addresses gives interfaces whose addresses are known only after apply
// the addresses cshsim assumes: private addresses counting up from the
// subnet's first usable address plus two (the first two are what the
// simulator assumes for a CloudShell environment and an ECS task), and
// public addresses from 192.0.2.101 up (TEST-NET-1, RFC 5737).
func (b *builder) addresses() {
	used := map[netip.Addr]bool{}
	for _, e := range b.enis {
		used[e.PrivateIP] = true
		for _, a := range e.SecondaryIPs {
			used[a] = true
		}
	}
	for _, n := range b.nats {
		used[n.PrivateIP] = true
	}
	for _, p := range b.needIP {
		sn := get[model.Subnet](b, p.eni.Subnet)
		if sn == nil || !sn.CIDR.IsValid() || !sn.CIDR.Addr().Is4() {
			continue
		}
		base := sn.CIDR.Masked()
		a := base.Addr()
		for range 6 { // network address, 3 reserved, then the two the simulator uses
			a = a.Next()
		}
		for used[a] && base.Contains(a) {
			a = a.Next()
		}
		if !base.Contains(a) || !base.Contains(a.Next()) { // the last address is the broadcast address
			continue
		}
		used[a] = true
		p.eni.PrivateIP = a
		b.r.warnf(CodeUnknownValue, b.r.pos(p.in, ""), "the private address of %s is known only after apply; cshsim assumes %s", p.eni.ID, a)
	}
	// 192.0.2.0/24 is TEST-NET-1; the simulator's own stand-ins (192.0.2.1
	// for a NAT gateway without an Elastic IP, its internet probes) stay
	// below .101.
	next := netip.MustParseAddr("192.0.2.101")
	for _, p := range b.needPublic {
		if p.eni.PublicIP.IsValid() {
			continue
		}
		if !netip.MustParsePrefix("192.0.2.0/24").Contains(next) || next == netip.MustParseAddr("192.0.2.255") {
			b.r.warnf(CodeUnknownValue, b.r.pos(p.in, ""), "%s gets a public IPv4 address at launch (%s), known only after apply; cshsim has no stand-in address left and treats it as having none", p.eni.ID, p.why)
			continue
		}
		p.eni.PublicIP = next
		b.r.warnf(CodeUnknownValue, b.r.pos(p.in, ""), "%s gets a public IPv4 address at launch (%s), known only after apply; cshsim assumes %s, a documentation address", p.eni.ID, p.why, next)
		next = next.Next()
	}
}

// external warns once per id about references to objects the plan does
// not create.
func (b *builder) external() {
	seen := map[string]bool{}
	for _, c := range b.checks {
		if seen[c.id] || b.kinds[c.id] != "" {
			continue
		}
		seen[c.id] = true
		if d := b.r.byAddrString(c.id); d != nil && d.data {
			continue // reported where the data source was followed
		}
		b.r.warnf(CodeExternalRef, b.r.pos(c.in, c.attr), "%q is not created by this plan (an existing resource or a data source): cshsim keeps the id, but the snapshot does not describe that object", c.id)
	}
}

// byAddrString finds an instance by its printed address.
func (r *reader) byAddrString(s string) *instance {
	a, ok := parseResAddr(s)
	if !ok {
		return nil
	}
	return r.byAddr[canonical(a)]
}

// assemble copies the objects into the snapshot.
func (b *builder) assemble() {
	s := b.r.snap
	for _, x := range b.vpcs {
		s.VPCs = append(s.VPCs, *x)
	}
	for _, x := range b.subnets {
		s.Subnets = append(s.Subnets, *x)
	}
	for _, x := range b.rts {
		s.RouteTables = append(s.RouteTables, *x)
	}
	for _, x := range b.igws {
		s.InternetGateways = append(s.InternetGateways, *x)
	}
	for _, x := range b.eigws {
		s.EgressOnlyIGWs = append(s.EgressOnlyIGWs, *x)
	}
	for _, x := range b.nats {
		s.NATGateways = append(s.NATGateways, *x)
	}
	for _, x := range b.sgs {
		s.SecurityGroups = append(s.SecurityGroups, *x)
	}
	for _, x := range b.acls {
		s.NetworkACLs = append(s.NetworkACLs, *x)
	}
	for _, x := range b.pls {
		s.PrefixLists = append(s.PrefixLists, *x)
	}
	for _, x := range b.enis {
		s.ENIs = append(s.ENIs, *x)
	}
	for _, x := range b.instances {
		s.Instances = append(s.Instances, *x)
	}
	for _, x := range b.eips {
		s.ElasticIPs = append(s.ElasticIPs, *x)
	}
	for _, x := range b.endpoints {
		s.Endpoints = append(s.Endpoints, *x)
	}
	for _, x := range b.dhcp {
		s.DHCPOptions = append(s.DHCPOptions, *x)
	}
	for _, x := range b.tgws {
		s.TransitGateways = append(s.TransitGateways, *x)
	}
	for _, x := range b.tgwAtts {
		s.TGWAttachments = append(s.TGWAttachments, *x)
	}
	for _, x := range b.tgwRTs {
		s.TGWRouteTables = append(s.TGWRouteTables, *x)
	}
	for _, x := range b.peerings {
		s.Peerings = append(s.Peerings, *x)
	}
	for _, x := range b.vgws {
		s.VPNGateways = append(s.VPNGateways, *x)
	}
	for _, x := range b.tasks {
		s.ECSTasks = append(s.ECSTasks, *x)
	}
}
