package tomlsnap

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/cshsim/cshsim/model"
)

// readers lists the tables of a snapshot file in canonical order.
var readers = []struct {
	name string
	read func(*parser, *table)
}{
	{"vpc", (*parser).vpc},
	{"subnet", (*parser).subnet},
	{"route_table", (*parser).routeTable},
	{"internet_gateway", (*parser).internetGateway},
	{"egress_only_internet_gateway", (*parser).egressOnlyIGW},
	{"nat_gateway", (*parser).natGateway},
	{"security_group", (*parser).securityGroup},
	{"network_acl", (*parser).networkACL},
	{"prefix_list", (*parser).prefixList},
	{"eni", (*parser).eni},
	{"cloudshell", (*parser).cloudShell},
	{"dhcp_options", (*parser).dhcpOptions},
	{"endpoint", (*parser).endpoint},
	{"instance", (*parser).instance},
	{"elastic_ip", (*parser).elasticIP},
	{"transit_gateway", (*parser).transitGateway},
	{"tgw_attachment", (*parser).tgwAttachment},
	{"tgw_route_table", (*parser).tgwRouteTable},
	{"peering", (*parser).peering},
	{"vpn_gateway", (*parser).vpnGateway},
	{"ecs_task", (*parser).ecsTask},
	{"hosted_zone", (*parser).hostedZone},
	{"expect", (*parser).expect},
}

func (p *parser) document(top *table) {
	p.s.Region = top.str("region")
	p.s.Account = top.str("account")
	p.s.Deployed = top.boolean("deployed")
	for _, r := range readers {
		for _, t := range top.tables(r.name) {
			r.read(p, t)
		}
	}
	top.known = append(top.known, p.topKeys...)
	top.finish()
}

// done reports missing and unknown keys and records the object's positions.
func (p *parser) done(t *table, id string, required ...string) {
	t.need(required...)
	t.finish()
	p.record(id, t.path)
}

func (p *parser) vpc(t *table) {
	x := model.VPC{
		ID:                t.id("id"),
		CIDRs:             t.prefixes("cidrs"),
		IPv6CIDRs:         t.prefixes("ipv6_cidrs"),
		DNSSupport:        t.optBool("dns_support"),
		DNSHostnames:      t.optBool("dns_hostnames"),
		DHCPOptions:       t.str("dhcp_options"),
		Account:           t.str("account"),
		Region:            t.str("region"),
		IsDefault:         t.boolean("is_default"),
		BlockPublicAccess: t.str("block_public_access"),
		State:             t.state("state"),
		Tags:              t.tags(),
	}
	p.s.VPCs = append(p.s.VPCs, x)
	p.done(t, x.ID, "id", "cidrs")
}

func (p *parser) subnet(t *table) {
	x := model.Subnet{
		ID:                t.id("id"),
		VPC:               t.str("vpc"),
		CIDR:              t.prefix("cidr"),
		IPv6CIDRs:         t.prefixes("ipv6_cidrs"),
		AZ:                t.str("az"),
		AZID:              t.str("az_id"),
		RouteTable:        t.str("route_table"),
		NetworkACL:        t.str("network_acl"),
		State:             t.state("state"),
		Account:           t.str("account"),
		BlockPublicAccess: t.str("block_public_access"),
		Tags:              t.tags(),
	}
	p.s.Subnets = append(p.s.Subnets, x)
	p.done(t, x.ID, "id", "vpc", "cidr")
}

func (p *parser) routeTable(t *table) {
	x := model.RouteTable{
		ID:       t.id("id"),
		VPC:      t.str("vpc"),
		Main:     t.boolean("main"),
		Gateways: t.strs("gateways"),
		Account:  t.str("account"),
		Tags:     t.tags(),
	}
	n := len(p.s.RouteTables)
	for i, rt := range t.tables("routes") {
		r := model.Route{
			Destination: rt.prefix("destination"),
			PrefixList:  rt.str("prefix_list"),
			State:       rt.state("state"),
			Origin:      rt.str("origin"),
		}
		dest(rt)
		switch id := rt.str("target"); id {
		case "":
			if r.State != model.StateBlackhole {
				rt.need("target")
			}
		case "local":
			r.Target = model.Ref{Kind: model.KindLocal}
		case "blackhole":
			r.Target = model.Ref{Kind: model.KindBlackhole}
			if !rt.has("state") {
				r.State = model.StateBlackhole
			}
		default:
			p.targets = append(p.targets, target{n, i, id, join(rt.path, "target")})
		}
		x.Routes = append(x.Routes, r)
		rt.finish()
	}
	p.s.RouteTables = append(p.s.RouteTables, x)
	p.done(t, x.ID, "id", "vpc")
}

// dest checks that a route names exactly one destination.
func dest(t *table) {
	switch {
	case !t.has("destination") && !t.set("prefix_list"):
		t.p.errorf(t.path, model.CodeMissingField, "%s: a route needs a destination or a prefix_list", t.name)
	case t.has("destination") && t.set("prefix_list"):
		t.bad(join(t.path, "prefix_list"), "a route takes a destination or a prefix_list, not both")
	}
}

// targetKinds are the kinds a route may send traffic to.
var targetKinds = []model.Kind{
	model.KindInternetGateway, model.KindEgressOnlyIGW, model.KindNATGateway,
	model.KindENI, model.KindInstance, model.KindEndpoint, model.KindTransitGateway,
	model.KindPeering, model.KindVPNGateway,
}

// otherPrefixes are targets cshsim knows by id only (carrier gateways,
// local gateways, Cloud WAN core networks): routes to them are kept with
// kind other although the file cannot describe them.
var otherPrefixes = []string{"cagw-", "lgw-", "arn:"}

// guessKind gives a route target gone from the snapshot the kind its id
// names (model.KindOfID), else other.
func guessKind(id string) model.Kind {
	if k, ok := model.KindOfID(id); ok {
		return k
	}
	return model.KindOther
}

// resolveTargets gives each route target the kind of the object it names.
func (p *parser) resolveTargets() {
	objs := p.s.Objects()
	var cands []string
	for _, k := range targetKinds {
		cands = append(cands, objs.IDsOf(k)...)
	}
	suggestions := 0
	for _, t := range p.targets {
		r := &p.s.RouteTables[t.table].Routes[t.route]
		ob, ok := objs[t.id]
		switch {
		case ok && slices.Contains(targetKinds, ob.Kind):
			r.Target = model.Ref{Kind: ob.Kind, ID: t.id}
		case ok:
			p.errorf(t.path, model.CodeDanglingRef, "route target %q is a %s, which cannot be a route target", t.id, ob.Kind)
		case r.State == model.StateBlackhole:
			r.Target = model.Ref{Kind: guessKind(t.id), ID: t.id}
		case hasAnyPrefix(t.id, otherPrefixes):
			r.Target = model.Ref{Kind: model.KindOther, ID: t.id}
		case p.s.Deployed:
			// A converted export may route to what it does not describe
			// (another account's gateway): keep it, as the export reader does.
			r.Target = model.Ref{Kind: guessKind(t.id), ID: t.id}
		default:
			msg := fmt.Sprintf("unknown route target %q: no gateway, interface, endpoint or peering connection in the file has this id", t.id)
			if suggestions < maxSuggestions {
				suggestions++
				if s := suggest(t.id, cands); s != "" {
					msg += fmt.Sprintf("; did you mean %q?", s)
				}
			}
			p.errorf(t.path, model.CodeDanglingRef, "%s", msg)
		}
	}
}

// maxSuggestions is how many unknown route targets get a did-you-mean:
// each costs a comparison with every gateway of the file, so that more
// would make a file of many such routes quadratic.
const maxSuggestions = 100

// suggest is [model.Suggest] over the candidates whose length in runes is
// within the edit distance Suggest accepts for s: it gives the same answer
// without comparing a long s with short candidates, each comparison
// costing the product of the lengths.
func suggest(s string, candidates []string) string {
	n, limit := utf8.RuneCountInString(s), max(1, len(s)/3)
	var near []string
	for _, c := range candidates {
		if d := utf8.RuneCountInString(c) - n; -limit <= d && d <= limit {
			near = append(near, c)
		}
	}
	return model.Suggest(s, near)
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

func (p *parser) internetGateway(t *table) {
	x := model.InternetGateway{
		ID:      t.id("id"),
		VPC:     t.str("vpc"),
		State:   t.state("state"),
		Account: t.str("account"),
		Tags:    t.tags(),
	}
	p.s.InternetGateways = append(p.s.InternetGateways, x)
	p.done(t, x.ID, "id")
}

func (p *parser) egressOnlyIGW(t *table) {
	x := model.EgressOnlyIGW{
		ID:    t.id("id"),
		VPC:   t.str("vpc"),
		State: t.state("state"),
		Tags:  t.tags(),
	}
	p.s.EgressOnlyIGWs = append(p.s.EgressOnlyIGWs, x)
	p.done(t, x.ID, "id")
}

func (p *parser) natGateway(t *table) {
	x := model.NATGateway{
		ID:           t.id("id"),
		Subnet:       t.str("subnet"),
		VPC:          t.str("vpc"),
		Connectivity: orDefault(t, "connectivity", "public"),
		State:        model.ParseState(orDefault(t, "state", "available")),
		PublicIP:     t.addr("public_ip"),
		PrivateIP:    t.addr("private_ip"),
		ENI:          t.str("eni"),
		Regional:     t.boolean("regional"),
		RouteTable:   t.str("route_table"),
		Account:      t.str("account"),
		Tags:         t.tags(),
	}
	x.Zones = t.strs("zones")
	x.AutoProvisionZones = t.boolean("auto_provision_zones")
	required := []string{"id", "subnet"}
	if x.Regional {
		required = required[:1]
	}
	p.s.NATGateways = append(p.s.NATGateways, x)
	p.done(t, x.ID, required...)
}

// orDefault reads a string key, giving def when the key is absent.
func orDefault(t *table, key, def string) string {
	if !t.has(key) {
		t.known = append(t.known, key)
		return def
	}
	return t.str(key)
}

// defaultEgress is the outbound rule AWS gives a new security group.
var defaultEgress = model.SGRule{
	Protocol: model.ProtoAll,
	Ports:    model.AllPorts,
	ICMP:     model.AnyICMP,
	CIDR:     netip.MustParsePrefix("0.0.0.0/0"),
}

func (p *parser) securityGroup(t *table) {
	x := model.SecurityGroup{
		ID:      t.id("id"),
		VPC:     t.str("vpc"),
		Name:    t.str("name"),
		Account: t.str("account"),
		Tags:    t.tags(),
		Ingress: sgRules(t, "ingress"),
		Egress:  sgRules(t, "egress"),
	}
	if !t.has("egress") {
		x.Egress = []model.SGRule{defaultEgress}
	}
	p.s.SecurityGroups = append(p.s.SecurityGroups, x)
	p.done(t, x.ID, "id", "vpc")
}

func sgRules(t *table, key string) []model.SGRule {
	var out []model.SGRule
	for _, rt := range t.tables(key) {
		rt.need("protocol")
		r := model.SGRule{
			Protocol:    rt.protocol(),
			Ports:       rt.ports(),
			ICMP:        model.ICMPMatch{Type: rt.icmp("icmp_type"), Code: rt.icmp("icmp_code")},
			CIDR:        rt.prefix("cidr"),
			PrefixList:  rt.str("prefix_list"),
			Group:       rt.str("security_group"),
			Description: rt.str("description"),
			Peering:     rt.str("peering"),
			GroupVPC:    rt.str("group_vpc"),
		}
		switch n := count(rt, "cidr", "prefix_list", "security_group"); {
		case n == 0:
			rt.p.errorf(rt.path, model.CodeMissingField, "%s: a rule needs one of cidr, prefix_list or security_group", rt.name)
		case n > 1:
			rt.p.errorf(rt.path, model.CodeBadValue, "%s: a rule takes only one of cidr, prefix_list or security_group", rt.name)
		}
		out = append(out, r)
		rt.finish()
	}
	return out
}

func count(t *table, keys ...string) int {
	n := 0
	for _, k := range keys {
		if t.set(k) {
			n++
		}
	}
	return n
}

func (p *parser) networkACL(t *table) {
	x := model.NetworkACL{
		ID:      t.id("id"),
		VPC:     t.str("vpc"),
		Default: t.boolean("default"),
		Account: t.str("account"),
		Tags:    t.tags(),
	}
	x.Entries = append(aclEntries(t, "ingress", false), aclEntries(t, "egress", true)...)
	p.s.NetworkACLs = append(p.s.NetworkACLs, x)
	p.done(t, x.ID, "id", "vpc")
}

func aclEntries(t *table, key string, egress bool) []model.ACLEntry {
	var out []model.ACLEntry
	for _, et := range t.tables(key) {
		et.need("rule", "action", "protocol", "cidr")
		n, _ := et.integer("rule") // Validate checks the range
		e := model.ACLEntry{
			RuleNumber: int(n),
			Egress:     egress,
			Protocol:   et.protocol(),
			CIDR:       et.prefix("cidr"),
			Ports:      et.ports(),
			ICMP:       model.ICMPMatch{Type: et.icmp("icmp_type"), Code: et.icmp("icmp_code")},
		}
		switch a := et.str("action"); a {
		case "allow":
			e.Allow = true
		case "deny", "":
		default:
			et.bad(join(et.path, "action"), "action %q: want allow or deny", a)
		}
		out = append(out, e)
		et.finish()
	}
	return out
}

func (p *parser) prefixList(t *table) {
	x := model.PrefixList{
		ID:           t.id("id"),
		Name:         t.str("name"),
		Owner:        t.str("owner"),
		EntriesKnown: t.has("cidrs"),
		CIDRs:        t.prefixes("cidrs"),
		Account:      t.str("account"),
		Region:       t.str("region"),
	}
	p.s.PrefixLists = append(p.s.PrefixLists, x)
	p.done(t, x.ID, "id")
}

func (p *parser) eni(t *table) {
	x := model.ENI{
		ID:               t.id("id"),
		Subnet:           t.str("subnet"),
		VPC:              t.str("vpc"),
		PrivateIP:        t.addr("private_ip"),
		SecondaryIPs:     t.addrs("secondary_ips"),
		Prefixes:         t.prefixes("prefixes"),
		PublicIP:         t.addr("public_ip"),
		IPv6:             t.addrs("ipv6"),
		SecurityGroups:   t.strs("security_groups"),
		Type:             t.str("type"),
		Status:           t.state("status"),
		Description:      t.str("description"),
		SourceDestCheck:  t.optBool("source_dest_check"),
		RequesterManaged: t.boolean("requester_managed"),
		Instance:         t.str("instance"),
		Account:          t.str("account"),
		AZ:               t.str("az"),
		Tags:             t.tags(),
	}
	p.s.ENIs = append(p.s.ENIs, x)
	p.done(t, x.ID, "id", "subnet", "private_ip")
}

func (p *parser) cloudShell(t *table) {
	x := model.CloudShellEnv{
		Name:           t.id("name"),
		Principal:      t.str("principal"),
		Subnet:         t.str("subnet"),
		SecurityGroups: t.strs("security_groups"),
		IP:             t.addr("ip"),
		ENI:            t.str("eni"),
		VPC:            t.str("vpc"),
	}
	p.s.CloudShells = append(p.s.CloudShells, x)
	id := ""
	if x.Name != "" {
		id = model.CloudShellPrefix + x.Name
	}
	p.done(t, id, "name", "subnet")
}

func (p *parser) dhcpOptions(t *table) {
	x := model.DHCPOptions{
		ID:                t.id("id"),
		DomainNameServers: t.strs("domain_name_servers"),
		DomainName:        t.str("domain_name"),
		Account:           t.str("account"),
	}
	p.s.DHCPOptions = append(p.s.DHCPOptions, x)
	p.done(t, x.ID, "id")
}

func (p *parser) endpoint(t *table) {
	x := model.Endpoint{
		ID:                               t.id("id"),
		VPC:                              t.str("vpc"),
		Type:                             orDefault(t, "type", "Interface"),
		Service:                          t.str("service"),
		State:                            model.ParseState(orDefault(t, "state", "available")),
		PrivateDNS:                       t.boolean("private_dns"),
		PrivateDNSOnlyForInboundResolver: t.boolean("private_dns_only_for_inbound_resolver_endpoint"),
		Subnets:                          t.strs("subnets"),
		ENIs:                             t.strs("enis"),
		SecurityGroups:                   t.strs("security_groups"),
		RouteTables:                      t.strs("route_tables"),
		Policy:                           t.str("policy"),
		Account:                          t.str("account"),
		Tags:                             t.tags(),
	}
	p.s.Endpoints = append(p.s.Endpoints, x)
	p.done(t, x.ID, "id", "vpc", "service")
}

func (p *parser) instance(t *table) {
	x := model.Instance{
		ID:      t.id("id"),
		State:   t.state("state"),
		ENIs:    t.strs("enis"),
		Account: t.str("account"),
		Tags:    t.tags(),
	}
	p.s.Instances = append(p.s.Instances, x)
	p.done(t, x.ID, "id")
}

func (p *parser) elasticIP(t *table) {
	x := model.ElasticIP{
		AllocationID: t.id("allocation_id"),
		PublicIP:     t.addr("public_ip"),
		ENI:          t.str("eni"),
		PrivateIP:    t.addr("private_ip"),
		Instance:     t.str("instance"),
	}
	p.s.ElasticIPs = append(p.s.ElasticIPs, x)
	id := x.AllocationID
	if id == "" && x.PublicIP.IsValid() {
		id = x.PublicIP.String()
	}
	// A planned Elastic IP has no address until apply: then the
	// allocation id (or Terraform address) identifies it.
	if x.AllocationID != "" {
		p.done(t, id)
	} else {
		p.done(t, id, "public_ip")
	}
}

func (p *parser) transitGateway(t *table) {
	x := model.TransitGateway{
		ID:                      t.id("id"),
		State:                   t.state("state"),
		Account:                 t.str("account"),
		DefaultAssociationTable: t.str("default_association_table"),
		DefaultPropagationTable: t.str("default_propagation_table"),
		DNSSupport:              t.boolean("dns_support"),
		SGReferencing:           t.boolean("sg_referencing"),
		Tags:                    t.tags(),
	}
	p.s.TransitGateways = append(p.s.TransitGateways, x)
	p.done(t, x.ID, "id")
}

func (p *parser) tgwAttachment(t *table) {
	x := model.TGWAttachment{
		ID:             t.id("id"),
		TransitGateway: t.str("transit_gateway"),
		ResourceType:   t.str("resource_type"),
		ResourceID:     t.str("resource_id"),
		Account:        t.str("account"),
		State:          t.state("state"),
		Subnets:        t.strs("subnets"),
		RouteTable:     t.str("route_table"),
		ApplianceMode:  t.boolean("appliance_mode"),
		SGReferencing:  t.boolean("sg_referencing"),
		DNSSupport:     t.boolean("dns_support"),
	}
	p.s.TGWAttachments = append(p.s.TGWAttachments, x)
	p.done(t, x.ID, "id")
}

func (p *parser) tgwRouteTable(t *table) {
	x := model.TGWRouteTable{
		ID:             t.id("id"),
		TransitGateway: t.str("transit_gateway"),
		State:          t.state("state"),
		Propagations:   t.strs("propagations"),
		RoutesKnown:    t.boolean("routes_known"),
	}
	for _, rt := range t.tables("routes") {
		x.Routes = append(x.Routes, model.TGWRoute{
			Destination: rt.prefix("destination"),
			PrefixList:  rt.str("prefix_list"),
			Type:        rt.str("type"),
			State:       rt.state("state"),
			Attachments: rt.strs("attachments"),
		})
		dest(rt)
		rt.finish()
	}
	p.s.TGWRouteTables = append(p.s.TGWRouteTables, x)
	p.done(t, x.ID, "id")
}

func (p *parser) hostedZone(t *table) {
	x := model.HostedZone{
		ID:   t.id("id"),
		Name: strings.TrimSuffix(t.str("name"), "."),
		VPCs: t.strs("vpcs"),
	}
	for _, rt := range t.tables("records") {
		x.Records = append(x.Records, model.DNSRecord{
			Name:   strings.TrimSuffix(rt.str("name"), "."),
			Type:   rt.str("type"),
			Alias:  strings.TrimSuffix(rt.str("alias"), "."),
			Values: rt.strs("values"),
		})
		rt.need("name")
		rt.finish()
	}
	p.s.HostedZones = append(p.s.HostedZones, x)
	p.done(t, x.ID, "id", "name")
}

func (p *parser) peering(t *table) {
	x := model.PeeringConnection{
		ID:        t.id("id"),
		Status:    t.state("status"),
		Requester: peerVPC(t.sub("requester")),
		Accepter:  peerVPC(t.sub("accepter")),
		Tags:      t.tags(),
	}
	p.s.Peerings = append(p.s.Peerings, x)
	p.done(t, x.ID, "id")
}

func peerVPC(t *table) model.PeerVPC {
	if t == nil {
		return model.PeerVPC{}
	}
	defer t.finish()
	return model.PeerVPC{
		VPC:     t.str("vpc"),
		Account: t.str("account"),
		Region:  t.str("region"),
		CIDRs:   t.prefixes("cidrs"),
	}
}

func (p *parser) vpnGateway(t *table) {
	x := model.VPNGateway{
		ID:    t.id("id"),
		State: t.state("state"),
		VPCs:  t.strs("vpcs"),
	}
	p.s.VPNGateways = append(p.s.VPNGateways, x)
	p.done(t, x.ID, "id")
}

func (p *parser) ecsTask(t *table) {
	x := model.ECSTask{
		ID:              t.id("id"),
		ARN:             t.str("arn"),
		Cluster:         t.str("cluster"),
		LastStatus:      t.state("last_status"),
		LaunchType:      t.str("launch_type"),
		PlatformVersion: t.str("platform_version"),
		ExecEnabled:     t.boolean("exec_enabled"),
		ExecAgent:       t.state("exec_agent"),
		ENI:             t.str("eni"),
		Subnet:          t.str("subnet"),
		PrivateIP:       t.addr("private_ip"),
		SecurityGroups:  t.strs("security_groups"),
	}
	p.s.ECSTasks = append(p.s.ECSTasks, x)
	p.done(t, x.ID, "id")
}

func (p *parser) expect(t *table) {
	e := Expect{
		From:        t.str("from"),
		To:          t.str("to"),
		Verdict:     t.str("verdict"),
		Code:        t.str("code"),
		Via:         t.strs("via"),
		NotVia:      t.strs("not_via"),
		Why:         t.str("why"),
		ResolvesVia: t.str("resolves_via"),
		Pos:         t.p.idx.at(t.path),
	}
	if t.has("reachable") {
		b := t.boolean("reachable")
		e.Reachable = &b
	} else {
		t.known = append(t.known, "reachable")
	}
	p.doc.Expects = append(p.doc.Expects, e)
	p.done(t, "", "from", "to")
}
