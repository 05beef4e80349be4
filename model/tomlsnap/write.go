package tomlsnap

import (
	"bytes"
	"fmt"
	"io"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/cshsim/cshsim/model"
)

// Write prints s and expects in canonical form: tables in the order of
// docs/snapshot-format.md, objects in model order, keys in a fixed order,
// keys holding their default value omitted (except a security group's
// egress, always written). Its output depends only on its input. Sources
// and Notes are not written. A nil s writes an empty snapshot.
func Write(w io.Writer, s *model.Snapshot, expects []Expect) error {
	if s == nil {
		s = &model.Snapshot{}
	}
	var b bytes.Buffer
	b.WriteString("# cshsim snapshot; format: docs/snapshot-format.md\n")
	var top kvs
	top.str("region", s.Region)
	top.str("account", s.Account)
	top.flag("deployed", s.Deployed)
	top.writeTo(&b)

	for _, x := range s.VPCs {
		var f kvs
		f.str("id", x.ID)
		f.add("cidrs", array(x.CIDRs, prefixValue)) // required: written even when empty
		f.prefixes("ipv6_cidrs", x.IPv6CIDRs)
		f.optBool("dns_support", x.DNSSupport)
		f.optBool("dns_hostnames", x.DNSHostnames)
		f.str("dhcp_options", x.DHCPOptions)
		f.str("account", x.Account)
		f.str("region", x.Region)
		f.flag("is_default", x.IsDefault)
		f.str("block_public_access", x.BlockPublicAccess)
		f.state("state", x.State)
		f.tags(x.Tags)
		f.table(&b, "vpc")
	}
	for _, x := range s.Subnets {
		var f kvs
		f.str("id", x.ID)
		f.str("vpc", x.VPC)
		f.prefix("cidr", x.CIDR)
		f.prefixes("ipv6_cidrs", x.IPv6CIDRs)
		f.str("az", x.AZ)
		f.str("az_id", x.AZID)
		f.str("route_table", x.RouteTable)
		f.str("network_acl", x.NetworkACL)
		f.state("state", x.State)
		f.str("account", x.Account)
		f.str("block_public_access", x.BlockPublicAccess)
		f.tags(x.Tags)
		f.table(&b, "subnet")
	}
	for _, x := range s.RouteTables {
		var f kvs
		f.str("id", x.ID)
		f.str("vpc", x.VPC)
		f.flag("main", x.Main)
		f.strs("gateways", x.Gateways)
		f.str("account", x.Account)
		f.tags(x.Tags)
		var rows []kvs
		for _, r := range x.Routes {
			rows = append(rows, route(r))
		}
		f.rows("routes", rows, false)
		f.table(&b, "route_table")
	}
	for _, x := range s.InternetGateways {
		var f kvs
		f.str("id", x.ID)
		f.str("vpc", x.VPC)
		f.state("state", x.State)
		f.str("account", x.Account)
		f.tags(x.Tags)
		f.table(&b, "internet_gateway")
	}
	for _, x := range s.EgressOnlyIGWs {
		var f kvs
		f.str("id", x.ID)
		f.str("vpc", x.VPC)
		f.state("state", x.State)
		f.tags(x.Tags)
		f.table(&b, "egress_only_internet_gateway")
	}
	for _, x := range s.NATGateways {
		var f kvs
		f.str("id", x.ID)
		f.str("subnet", x.Subnet)
		f.str("vpc", x.VPC)
		f.strDefault("connectivity", x.Connectivity, "public")
		f.stateDefault("state", x.State, model.StateAvailable)
		f.addr("public_ip", x.PublicIP)
		f.addr("private_ip", x.PrivateIP)
		f.str("eni", x.ENI)
		f.flag("regional", x.Regional)
		f.str("route_table", x.RouteTable)
		f.strs("zones", x.Zones)
		f.flag("auto_provision_zones", x.AutoProvisionZones)
		f.str("account", x.Account)
		f.tags(x.Tags)
		f.table(&b, "nat_gateway")
	}
	for _, x := range s.SecurityGroups {
		var f kvs
		f.str("id", x.ID)
		f.str("vpc", x.VPC)
		f.str("name", x.Name)
		f.str("account", x.Account)
		f.tags(x.Tags)
		f.rows("ingress", sgRows(x.Ingress), false)
		f.rows("egress", sgRows(x.Egress), true)
		f.table(&b, "security_group")
	}
	for _, x := range s.NetworkACLs {
		var f kvs
		f.str("id", x.ID)
		f.str("vpc", x.VPC)
		f.flag("default", x.Default)
		f.str("account", x.Account)
		f.tags(x.Tags)
		var in, out []kvs
		for _, e := range x.Entries {
			if e.Egress {
				out = append(out, aclRow(e))
			} else {
				in = append(in, aclRow(e))
			}
		}
		f.rows("ingress", in, false)
		f.rows("egress", out, false)
		f.table(&b, "network_acl")
	}
	for _, x := range s.PrefixLists {
		var f kvs
		f.str("id", x.ID)
		f.str("name", x.Name)
		f.str("owner", x.Owner)
		if x.EntriesKnown || len(x.CIDRs) > 0 {
			f.add("cidrs", array(x.CIDRs, prefixValue))
		}
		f.str("account", x.Account)
		f.str("region", x.Region)
		f.table(&b, "prefix_list")
	}
	for _, x := range s.ENIs {
		var f kvs
		f.str("id", x.ID)
		f.str("subnet", x.Subnet)
		f.str("vpc", x.VPC)
		f.addr("private_ip", x.PrivateIP)
		f.addrs("secondary_ips", x.SecondaryIPs)
		f.prefixes("prefixes", x.Prefixes)
		f.addr("public_ip", x.PublicIP)
		f.addrs("ipv6", x.IPv6)
		f.strs("security_groups", x.SecurityGroups)
		f.str("type", x.Type)
		f.state("status", x.Status)
		f.str("description", x.Description)
		f.optBool("source_dest_check", x.SourceDestCheck)
		f.flag("requester_managed", x.RequesterManaged)
		f.str("instance", x.Instance)
		f.str("account", x.Account)
		f.str("az", x.AZ)
		f.tags(x.Tags)
		f.table(&b, "eni")
	}
	for _, x := range s.CloudShells {
		var f kvs
		f.str("name", x.Name)
		f.str("principal", x.Principal)
		f.str("subnet", x.Subnet)
		f.strs("security_groups", x.SecurityGroups)
		f.addr("ip", x.IP)
		f.str("eni", x.ENI)
		f.str("vpc", x.VPC)
		f.table(&b, "cloudshell")
	}
	for _, x := range s.DHCPOptions {
		var f kvs
		f.str("id", x.ID)
		f.strs("domain_name_servers", x.DomainNameServers)
		f.str("domain_name", x.DomainName)
		f.str("account", x.Account)
		f.table(&b, "dhcp_options")
	}
	for _, x := range s.Endpoints {
		var f kvs
		f.str("id", x.ID)
		f.str("vpc", x.VPC)
		f.strDefault("type", x.Type, "Interface")
		f.str("service", x.Service)
		f.stateDefault("state", x.State, model.StateAvailable)
		f.flag("private_dns", x.PrivateDNS)
		f.flag("private_dns_only_for_inbound_resolver_endpoint", x.PrivateDNSOnlyForInboundResolver)
		f.strs("subnets", x.Subnets)
		f.strs("enis", x.ENIs)
		f.strs("security_groups", x.SecurityGroups)
		f.strs("route_tables", x.RouteTables)
		f.str("policy", x.Policy)
		f.str("account", x.Account)
		f.tags(x.Tags)
		f.table(&b, "endpoint")
	}
	for _, x := range s.Instances {
		var f kvs
		f.str("id", x.ID)
		f.state("state", x.State)
		f.strs("enis", x.ENIs)
		f.str("account", x.Account)
		f.tags(x.Tags)
		f.table(&b, "instance")
	}
	for _, x := range s.ElasticIPs {
		var f kvs
		f.str("allocation_id", x.AllocationID)
		f.addr("public_ip", x.PublicIP)
		f.str("eni", x.ENI)
		f.addr("private_ip", x.PrivateIP)
		f.str("instance", x.Instance)
		f.table(&b, "elastic_ip")
	}
	for _, x := range s.TransitGateways {
		var f kvs
		f.str("id", x.ID)
		f.state("state", x.State)
		f.str("account", x.Account)
		f.str("default_association_table", x.DefaultAssociationTable)
		f.str("default_propagation_table", x.DefaultPropagationTable)
		f.flag("dns_support", x.DNSSupport)
		f.flag("sg_referencing", x.SGReferencing)
		f.tags(x.Tags)
		f.table(&b, "transit_gateway")
	}
	for _, x := range s.TGWAttachments {
		var f kvs
		f.str("id", x.ID)
		f.str("transit_gateway", x.TransitGateway)
		f.str("resource_type", x.ResourceType)
		f.str("resource_id", x.ResourceID)
		f.str("account", x.Account)
		f.state("state", x.State)
		f.strs("subnets", x.Subnets)
		f.str("route_table", x.RouteTable)
		f.flag("appliance_mode", x.ApplianceMode)
		f.flag("sg_referencing", x.SGReferencing)
		f.flag("dns_support", x.DNSSupport)
		f.table(&b, "tgw_attachment")
	}
	for _, x := range s.TGWRouteTables {
		var f kvs
		f.str("id", x.ID)
		f.str("transit_gateway", x.TransitGateway)
		f.state("state", x.State)
		f.strs("propagations", x.Propagations)
		f.flag("routes_known", x.RoutesKnown)
		var rows []kvs
		for _, r := range x.Routes {
			var g kvs
			g.prefix("destination", r.Destination)
			g.str("prefix_list", r.PrefixList)
			g.str("type", r.Type)
			g.state("state", r.State)
			g.strs("attachments", r.Attachments)
			rows = append(rows, g)
		}
		f.rows("routes", rows, false)
		f.table(&b, "tgw_route_table")
	}
	for _, x := range s.Peerings {
		var f kvs
		f.str("id", x.ID)
		f.state("status", x.Status)
		f.peer("requester", x.Requester)
		f.peer("accepter", x.Accepter)
		f.tags(x.Tags)
		f.table(&b, "peering")
	}
	for _, x := range s.VPNGateways {
		var f kvs
		f.str("id", x.ID)
		f.state("state", x.State)
		f.strs("vpcs", x.VPCs)
		f.table(&b, "vpn_gateway")
	}
	for _, x := range s.ECSTasks {
		var f kvs
		f.str("id", x.ID)
		f.str("arn", x.ARN)
		f.str("cluster", x.Cluster)
		f.str("last_status", x.LastStatus.ECSText()) // as ECS spells it: RUNNING
		f.str("launch_type", x.LaunchType)
		f.str("platform_version", x.PlatformVersion)
		f.flag("exec_enabled", x.ExecEnabled)
		f.str("exec_agent", x.ExecAgent.ECSText())
		f.str("eni", x.ENI)
		f.str("subnet", x.Subnet)
		f.addr("private_ip", x.PrivateIP)
		f.strs("security_groups", x.SecurityGroups)
		f.table(&b, "ecs_task")
	}
	for _, x := range s.HostedZones {
		var f kvs
		f.str("id", x.ID)
		f.str("name", x.Name)
		f.strs("vpcs", x.VPCs)
		var rows []kvs
		for _, r := range x.Records {
			var g kvs
			g.str("name", r.Name)
			g.str("type", r.Type)
			g.str("alias", r.Alias)
			g.strs("values", r.Values)
			rows = append(rows, g)
		}
		f.rows("records", rows, false)
		f.table(&b, "hosted_zone")
	}
	for _, x := range expects {
		var f kvs
		f.str("from", x.From)
		f.str("to", x.To)
		if x.Reachable != nil {
			f.add("reachable", strconv.FormatBool(*x.Reachable))
		}
		f.str("verdict", x.Verdict)
		f.str("code", x.Code)
		f.strs("via", x.Via)
		f.strs("not_via", x.NotVia)
		f.str("resolves_via", x.ResolvesVia)
		f.str("why", x.Why)
		f.table(&b, "expect")
	}
	_, err := w.Write(b.Bytes())
	return err
}

func route(r model.Route) kvs {
	var f kvs
	f.prefix("destination", r.Destination)
	f.str("prefix_list", r.PrefixList)
	switch t := r.Target; {
	case t.Kind == model.KindLocal:
		f.add("target", quote("local"))
	case t.Kind == model.KindBlackhole:
		f.add("target", quote("blackhole"))
	default:
		f.str("target", t.ID)
	}
	// A "blackhole" target implies state blackhole.
	if t := r.Target; t.Kind == model.KindBlackhole {
		f.stateDefault("state", r.State, model.StateBlackhole)
	} else {
		f.state("state", r.State)
	}
	f.str("origin", r.Origin)
	return f
}

func sgRows(rules []model.SGRule) []kvs {
	var rows []kvs
	for _, r := range rules {
		var f kvs
		f.add("protocol", quote(r.Protocol.String()))
		f.ports(r.Ports)
		f.icmp(r.ICMP)
		f.prefix("cidr", r.CIDR)
		f.str("prefix_list", r.PrefixList)
		f.str("security_group", r.Group)
		f.str("group_vpc", r.GroupVPC)
		f.str("peering", r.Peering)
		f.str("description", r.Description)
		rows = append(rows, f)
	}
	return rows
}

func aclRow(e model.ACLEntry) kvs {
	var f kvs
	f.add("rule", strconv.Itoa(e.RuleNumber))
	action := "deny"
	if e.Allow {
		action = "allow"
	}
	f.add("action", quote(action))
	f.add("protocol", quote(e.Protocol.String()))
	f.prefix("cidr", e.CIDR)
	f.ports(e.Ports)
	f.icmp(e.ICMP)
	return f
}

// kvs is the key/value pairs of a table, each "key = value", in order.
type kvs []string

func (f *kvs) add(k, v string) { *f = append(*f, key(k)+" = "+v) }

func (f *kvs) str(k, v string) {
	if v != "" {
		f.add(k, quote(v))
	}
}

// strDefault writes v unless it is the value Parse gives an absent key;
// an empty v is written as "" so that it stays empty.
func (f *kvs) strDefault(k, v, def string) {
	if v != def {
		f.add(k, quote(v))
	}
}

// state writes a state as it reads back ([model.ParseState] of the text
// is the state).
func (f *kvs) state(k string, v model.State) { f.str(k, string(v)) }

// stateDefault writes v unless it is the state Parse gives an absent key.
func (f *kvs) stateDefault(k string, v, def model.State) { f.strDefault(k, string(v), string(def)) }

func (f *kvs) strs(k string, v []string) {
	if len(v) > 0 {
		f.add(k, array(v, quote))
	}
}

func (f *kvs) flag(k string, v bool) {
	if v {
		f.add(k, "true")
	}
}

func (f *kvs) optBool(k string, v model.OptBool) {
	if v != model.Unset {
		f.add(k, strconv.FormatBool(v.Or(false)))
	}
}

func (f *kvs) prefix(k string, p netip.Prefix) {
	if p.IsValid() {
		f.add(k, prefixValue(p))
	}
}

func (f *kvs) prefixes(k string, ps []netip.Prefix) {
	if len(ps) > 0 {
		f.add(k, array(ps, prefixValue))
	}
}

func (f *kvs) addr(k string, a netip.Addr) {
	if a.IsValid() {
		f.add(k, addrValue(a))
	}
}

func (f *kvs) addrs(k string, as []netip.Addr) {
	if len(as) > 0 {
		f.add(k, array(as, addrValue))
	}
}

func (f *kvs) ports(r model.PortRange) {
	switch {
	case r.IsAll():
	case r.First == r.Last:
		f.add("ports", strconv.Itoa(int(r.First)))
	default:
		f.add("ports", quote(r.String()))
	}
}

func (f *kvs) icmp(m model.ICMPMatch) {
	if m.Type != -1 {
		f.add("icmp_type", strconv.Itoa(int(m.Type)))
	}
	if m.Code != -1 {
		f.add("icmp_code", strconv.Itoa(int(m.Code)))
	}
}

// tags writes an inline table sorted by key, the first of duplicate keys
// winning (AWS allows no duplicates; TOML neither).
func (f *kvs) tags(tags []model.Tag) {
	if len(tags) == 0 {
		return
	}
	sorted := slices.Clone(tags)
	slices.SortStableFunc(sorted, func(a, b model.Tag) int { return strings.Compare(a.Key, b.Key) })
	sorted = slices.CompactFunc(sorted, func(a, b model.Tag) bool { return a.Key == b.Key })
	var g kvs
	for _, t := range sorted {
		g.add(t.Key, quote(t.Value))
	}
	f.add("tags", g.inline())
}

func (f *kvs) peer(k string, p model.PeerVPC) {
	var g kvs
	g.str("vpc", p.VPC)
	g.str("account", p.Account)
	g.str("region", p.Region)
	g.prefixes("cidrs", p.CIDRs)
	if len(g) > 0 {
		f.add(k, g.inline())
	}
}

// rows writes an array of inline tables one per line; always writes an
// empty array too.
func (f *kvs) rows(k string, rows []kvs, always bool) {
	switch {
	case len(rows) > 0:
		var b strings.Builder
		b.WriteString("[\n")
		for _, r := range rows {
			b.WriteString("  " + r.inline() + ",\n")
		}
		b.WriteString("]")
		f.add(k, b.String())
	case always:
		f.add(k, "[]")
	}
}

func (f kvs) inline() string {
	if len(f) == 0 {
		return "{}"
	}
	return "{ " + strings.Join(f, ", ") + " }"
}

// table writes f as one element of the array of tables name.
func (f kvs) table(b *bytes.Buffer, name string) {
	fmt.Fprintf(b, "\n[[%s]]\n", name)
	f.writeTo(b)
}

func (f kvs) writeTo(b *bytes.Buffer) {
	for _, kv := range f {
		b.WriteString(kv + "\n")
	}
}

func array[T any](v []T, format func(T) string) string {
	s := make([]string, 0, len(v))
	for _, x := range v {
		s = append(s, format(x))
	}
	return "[" + strings.Join(s, ", ") + "]"
}

func prefixValue(p netip.Prefix) string { return quote(p.String()) }
func addrValue(a netip.Addr) string     { return quote(a.String()) }

// key returns k bare when TOML allows, else quoted.
func key(k string) string {
	if k == "" {
		return `""`
	}
	for i := 0; i < len(k); i++ {
		if !isBare(k[i]) {
			return quote(k)
		}
	}
	return k
}

// quote returns s as a TOML basic string. Invalid UTF-8 becomes U+FFFD,
// which TOML can hold; Parse never produces it.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\b':
			b.WriteString(`\b`)
		case '\t':
			b.WriteString(`\t`)
		case '\n':
			b.WriteString(`\n`)
		case '\f':
			b.WriteString(`\f`)
		case '\r':
			b.WriteString(`\r`)
		default:
			if r < 0x20 || r == 0x7f {
				fmt.Fprintf(&b, `\u%04X`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}
