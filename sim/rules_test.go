package sim

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/cshsim/cshsim/model"
)

var (
	pfx  = netip.MustParsePrefix
	addr = netip.MustParseAddr
)

func allEgress() []model.SGRule {
	return []model.SGRule{{Protocol: model.ProtoAll, CIDR: pfx("0.0.0.0/0")}}
}

func mkRoute(dst string, kind model.Kind, id string) model.Route {
	return model.Route{Destination: pfx(dst), Target: model.Ref{Kind: kind, ID: id}}
}

// base is one VPC with a public subnet (NAT gateway, IGW route), a private
// subnet holding CloudShell (default route to the NAT gateway), a database
// subnet with a PostgreSQL interface, and a web interface with a public IP.
func base() *model.Snapshot {
	return &model.Snapshot{
		Region: "eu-west-1",
		VPCs:   []model.VPC{{ID: "vpc-a", CIDRs: []netip.Prefix{pfx("10.0.0.0/16")}}},
		Subnets: []model.Subnet{
			{ID: "sn-pub", VPC: "vpc-a", CIDR: pfx("10.0.0.0/24"), AZ: "eu-west-1a", RouteTable: "rt-pub"},
			{ID: "sn-priv", VPC: "vpc-a", CIDR: pfx("10.0.1.0/24"), AZ: "eu-west-1a", RouteTable: "rt-priv"},
			{ID: "sn-db", VPC: "vpc-a", CIDR: pfx("10.0.2.0/24"), AZ: "eu-west-1a"},
		},
		RouteTables: []model.RouteTable{
			{ID: "rt-pub", VPC: "vpc-a", Routes: []model.Route{mkRoute("0.0.0.0/0", model.KindInternetGateway, "igw-a")}},
			{ID: "rt-priv", VPC: "vpc-a", Routes: []model.Route{mkRoute("0.0.0.0/0", model.KindNATGateway, "nat-a")}},
			{ID: "rt-main", VPC: "vpc-a", Main: true},
		},
		InternetGateways: []model.InternetGateway{{ID: "igw-a", VPC: "vpc-a", State: "available"}},
		NATGateways: []model.NATGateway{{ID: "nat-a", Subnet: "sn-pub", Connectivity: "public", State: "available",
			PublicIP: addr("198.51.100.7"), PrivateIP: addr("10.0.0.10")}},
		SecurityGroups: []model.SecurityGroup{
			{ID: "sg-cs", VPC: "vpc-a", Egress: allEgress()},
			{ID: "sg-db", VPC: "vpc-a", Ingress: []model.SGRule{{Protocol: model.ProtoTCP, Ports: model.Port(5432), Group: "sg-cs"}}, Egress: allEgress()},
			{ID: "sg-web", VPC: "vpc-a", Ingress: []model.SGRule{{Protocol: model.ProtoTCP, Ports: model.Port(443), CIDR: pfx("0.0.0.0/0")}}, Egress: allEgress()},
		},
		ENIs: []model.ENI{
			{ID: "eni-db", Subnet: "sn-db", PrivateIP: addr("10.0.2.10"), SecurityGroups: []string{"sg-db"}},
			{ID: "eni-web", Subnet: "sn-pub", PrivateIP: addr("10.0.0.20"), PublicIP: addr("198.51.100.20"), SecurityGroups: []string{"sg-web"}},
			{ID: "eni-cs2", Subnet: "sn-priv", PrivateIP: addr("10.0.1.30"), SecurityGroups: []string{"sg-cs"}},
		},
		CloudShells: []model.CloudShellEnv{{Name: "ops", Subnet: "sn-priv", SecurityGroups: []string{"sg-cs"}}},
	}
}

// denyACL is a custom network ACL that allows everything but what the
// extra entries deny (they come first).
func acl(id string, entries ...model.ACLEntry) model.NetworkACL {
	es := append(entries,
		model.ACLEntry{RuleNumber: 100, Egress: false, Allow: true, Protocol: model.ProtoAll, CIDR: pfx("0.0.0.0/0")},
		model.ACLEntry{RuleNumber: 100, Egress: true, Allow: true, Protocol: model.ProtoAll, CIDR: pfx("0.0.0.0/0")},
	)
	return model.NetworkACL{ID: id, VPC: "vpc-a", Entries: es}
}

func deny(n int, egress bool, proto model.Protocol, ports model.PortRange, cidr string) model.ACLEntry {
	return model.ACLEntry{RuleNumber: n, Egress: egress, Allow: false, Protocol: proto, Ports: ports, CIDR: pfx(cidr)}
}

func withACL(s *model.Snapshot, subnet string, a model.NetworkACL) {
	s.NetworkACLs = append(s.NetworkACLs, a)
	for i := range s.Subnets {
		if s.Subnets[i].ID == subnet {
			s.Subnets[i].NetworkACL = a.ID
		}
	}
}

func rtByID(s *model.Snapshot, id string) *model.RouteTable {
	for i := range s.RouteTables {
		if s.RouteTables[i].ID == id {
			return &s.RouteTables[i]
		}
	}
	panic("no route table " + id)
}

// TestRules checks each AWS rule the walk implements, once where it lets
// the packet through and once where it blocks. Sources: aws-rules.md
// sections named per group; docs/aws-rules.md maps each to AWS's docs.
func TestRules(t *testing.T) {
	tests := []struct {
		name   string
		change func(s *model.Snapshot)
		from   string
		to     string
		want   Code // "" = reachable
		via    []string
	}{
		// §1.2 / §3.1: CloudShell never has a public IP; internet only via NAT.
		{"nat-internet", nil, "cloudshell", "internet", "", []string{"nat-a", "igw-a", "internet"}},
		{"cloudshell-public-subnet", func(s *model.Snapshot) {
			s.CloudShells[0].Subnet = "sn-pub"
		}, "cloudshell", "internet", CodeIGWNoPublicIP, nil},
		{"eni-with-public-ip-uses-igw", nil, "eni-web", "internet", "", []string{"igw-a"}},
		{"eni-without-public-ip-in-public-subnet", func(s *model.Snapshot) {
			s.ENIs[1].PublicIP = netip.Addr{}
		}, "eni-web", "internet", CodeIGWNoPublicIP, nil},
		// §3.1: IGW attachment; "available" means attached.
		{"igw-detached", func(s *model.Snapshot) {
			s.InternetGateways[0].VPC, s.InternetGateways[0].State = "", ""
		}, "cloudshell", "internet", CodeBadStateAttachment, nil},
		{"igw-attached-state-attached", func(s *model.Snapshot) {
			s.InternetGateways[0].State = "attached"
		}, "cloudshell", "internet", "", nil},
		{"igw-never-to-rfc1918", func(s *model.Snapshot) {
			rtByID(s, "rt-pub").Routes = append(rtByID(s, "rt-pub").Routes, mkRoute("172.16.0.0/12", model.KindInternetGateway, "igw-a"))
		}, "eni-web", "172.16.5.5:443/tcp", CodeIGWRFC1918, nil},
		// §3.2: NAT gateway state, connectivity.
		{"nat-failed", func(s *model.Snapshot) { s.NATGateways[0].State = "failed" }, "cloudshell", "internet", CodeBadState, nil},
		{"nat-state-case-insensitive", func(s *model.Snapshot) { s.NATGateways[0].State = model.ParseState("Available") }, "cloudshell", "internet", "", nil},
		{"private-nat-to-igw", func(s *model.Snapshot) {
			s.NATGateways[0].Connectivity, s.NATGateways[0].PublicIP = "private", netip.Addr{}
		}, "cloudshell", "internet", CodeIGWNoPublicIP, nil},
		{"nat-subnet-without-igw-route", func(s *model.Snapshot) {
			rtByID(s, "rt-pub").Routes = nil
		}, "cloudshell", "internet", CodeNoRoute, []string{"nat-a"}},
		// §2.1: explicit association, else the main table.
		{"main-table-used", func(s *model.Snapshot) {
			s.Subnets[1].RouteTable = ""
			rtByID(s, "rt-main").Routes = []model.Route{mkRoute("0.0.0.0/0", model.KindNATGateway, "nat-a")}
		}, "cloudshell", "internet", "", []string{"rt-main"}},
		{"main-table-local-only", func(s *model.Snapshot) { s.Subnets[1].RouteTable = "" }, "cloudshell", "internet", CodeNoRoute, nil},
		{"implicit-main-table", func(s *model.Snapshot) {
			s.Subnets[1].RouteTable = ""
			rtByID(s, "rt-main").Main = false
		}, "cloudshell", "10.0.2.10:5432/tcp", "", []string{"main-rtb:vpc-a"}},
		// §2.2: longest prefix; blackhole without fall-back; tie-break.
		{"blackhole-more-specific", func(s *model.Snapshot) {
			r := rtByID(s, "rt-priv")
			r.Routes = append(r.Routes, model.Route{Destination: pfx("203.0.113.0/24"), Target: model.Ref{Kind: model.KindNATGateway, ID: "nat-gone"}, State: "blackhole"})
		}, "cloudshell", "203.0.113.10:443/tcp", CodeBadStateRoute, nil},
		{"blackhole-elsewhere", func(s *model.Snapshot) {
			r := rtByID(s, "rt-priv")
			r.Routes = append(r.Routes, model.Route{Destination: pfx("192.0.2.0/24"), Target: model.Ref{Kind: model.KindNATGateway, ID: "nat-gone"}, State: "blackhole"})
		}, "cloudshell", "203.0.113.10:443/tcp", "", nil},
		{"static-beats-prefix-list", func(s *model.Snapshot) {
			s.PrefixLists = []model.PrefixList{{ID: "pl-x", CIDRs: []netip.Prefix{pfx("203.0.113.0/24")}, EntriesKnown: true}}
			r := rtByID(s, "rt-priv")
			r.Routes = append(r.Routes,
				model.Route{PrefixList: "pl-x", Target: model.Ref{Kind: model.KindBlackhole}, State: "blackhole"},
				mkRoute("203.0.113.0/24", model.KindNATGateway, "nat-a"))
		}, "cloudshell", "203.0.113.10:443/tcp", "", nil},
		{"prefix-list-more-specific-wins", func(s *model.Snapshot) {
			s.PrefixLists = []model.PrefixList{{ID: "pl-x", CIDRs: []netip.Prefix{pfx("203.0.113.0/24")}, EntriesKnown: true}}
			r := rtByID(s, "rt-priv")
			r.Routes = append(r.Routes, model.Route{PrefixList: "pl-x", Target: model.Ref{Kind: model.KindBlackhole}, State: "blackhole"})
		}, "cloudshell", "203.0.113.10:443/tcp", CodeBadStateRoute, nil},
		{"local-within-vpc", nil, "cloudshell", "10.0.2.10:5432/tcp", "", []string{"sg-db", "eni-db"}},
		{"no-subnet-for-address", nil, "cloudshell", "10.0.200.1:443/tcp", CodeNoSubnet, nil},
		// §4.1: security groups, stateful, allow-only, SG references.
		{"sg-egress-denied", func(s *model.Snapshot) {
			s.SecurityGroups[0].Egress = []model.SGRule{{Protocol: model.ProtoTCP, Ports: model.Port(443), CIDR: pfx("0.0.0.0/0")}}
		}, "cloudshell", "203.0.113.10:80/tcp", CodeSGMismatch, nil},
		{"sg-egress-443-allowed", func(s *model.Snapshot) {
			s.SecurityGroups[0].Egress = []model.SGRule{{Protocol: model.ProtoTCP, Ports: model.Port(443), CIDR: pfx("0.0.0.0/0")}}
		}, "cloudshell", "internet", "", nil},
		{"sg-no-egress-rules", func(s *model.Snapshot) { s.SecurityGroups[0].Egress = nil }, "cloudshell", "internet", CodeSGHasNoRules, nil},
		{"sg-reference-ingress", nil, "eni-cs2", "10.0.2.10:5432/tcp", "", nil},
		{"sg-reference-wrong-port", nil, "cloudshell", "10.0.2.10:22/tcp", CodeSGMismatch, nil},
		{"sg-reference-from-non-member", nil, "eni-web", "10.0.2.10:5432/tcp", CodeSGMismatch, nil},
		{"sg-protocol-mismatch", func(s *model.Snapshot) {
			s.SecurityGroups[0].Egress = []model.SGRule{{Protocol: model.Protocol(50), Ports: model.Port(1), CIDR: pfx("0.0.0.0/0")}}
		}, "cloudshell", "internet", CodeSGMismatch, nil},
		{"sg-icmp", func(s *model.Snapshot) {
			s.SecurityGroups[1].Ingress = append(s.SecurityGroups[1].Ingress, model.SGRule{Protocol: model.ProtoICMP, ICMP: model.AnyICMP, CIDR: pfx("10.0.0.0/16")})
		}, "cloudshell", "10.0.2.10/icmp", "", nil},
		{"sg-icmp-missing", nil, "cloudshell", "10.0.2.10/icmp", CodeSGMismatch, nil},
		// §4.2: network ACLs, ordered, stateless, at subnet boundaries.
		{"nacl-outbound-deny", func(s *model.Snapshot) {
			withACL(s, "sn-priv", acl("acl-p", deny(50, true, model.ProtoTCP, model.Port(443), "0.0.0.0/0")))
		}, "cloudshell", "internet", CodeACL, nil},
		{"nacl-lower-rule-wins", func(s *model.Snapshot) {
			a := acl("acl-p", deny(150, true, model.ProtoTCP, model.Port(443), "0.0.0.0/0"))
			withACL(s, "sn-priv", a)
		}, "cloudshell", "internet", "", nil},
		{"nacl-return-ephemeral-partly-denied", func(s *model.Snapshot) {
			withACL(s, "sn-priv", acl("acl-p", deny(50, false, model.ProtoTCP, model.PortRange{First: 40000, Last: 65535}, "0.0.0.0/0")))
		}, "cloudshell", "internet", CodeACL, []string{"nat-a"}},
		{"nacl-return-below-ephemeral-ok", func(s *model.Snapshot) {
			withACL(s, "sn-priv", acl("acl-p", deny(50, false, model.ProtoTCP, model.PortRange{First: 1024, Last: 32767}, "0.0.0.0/0")))
		}, "cloudshell", "internet", "", nil},
		{"nacl-nat-subnet-reply-on-nat-ports", func(s *model.Snapshot) {
			// the NAT side uses 1024-65535: denying 1024-2047 inbound at the NAT subnet breaks replies
			withACL(s, "sn-pub", acl("acl-pub", deny(50, false, model.ProtoTCP, model.PortRange{First: 1024, Last: 2047}, "0.0.0.0/0")))
		}, "cloudshell", "internet", CodeACL, nil},
		{"nacl-nat-subnet-inbound-from-client", func(s *model.Snapshot) {
			withACL(s, "sn-pub", acl("acl-pub", deny(50, false, model.ProtoTCP, model.Port(443), "10.0.1.0/24")))
		}, "cloudshell", "internet", CodeACL, nil},
		{"nacl-destination-inbound", func(s *model.Snapshot) {
			withACL(s, "sn-db", acl("acl-db", deny(50, false, model.ProtoAll, model.AllPorts, "10.0.1.0/24")))
		}, "eni-cs2", "10.0.2.10:5432/tcp", CodeACL, nil},
		{"nacl-same-subnet-skipped", func(s *model.Snapshot) {
			s.SecurityGroups[0].Ingress = []model.SGRule{{Protocol: model.ProtoAll, Group: "sg-cs"}}
			withACL(s, "sn-priv", model.NetworkACL{ID: "acl-none", VPC: "vpc-a"})
		}, "cloudshell", "10.0.1.30:22/tcp", "", nil},
		{"nacl-default-acl-of-vpc", func(s *model.Snapshot) {
			a := model.NetworkACL{ID: "acl-default", VPC: "vpc-a", Default: true}
			s.NetworkACLs = append(s.NetworkACLs, a)
		}, "cloudshell", "internet", CodeACL, nil},
		// §3.1: reaching an interface's public IP through both IGWs.
		{"public-ip-via-nat-and-igw", nil, "cloudshell", "198.51.100.20:443/tcp", "", []string{"nat-a", "igw-a", "eni-web"}},
		{"public-ip-sg-sees-nat-eip", func(s *model.Snapshot) {
			s.SecurityGroups[2].Ingress = []model.SGRule{{Protocol: model.ProtoTCP, Ports: model.Port(443), CIDR: pfx("198.51.100.7/32")}}
		}, "cloudshell", "198.51.100.20:443/tcp", "", nil},
		{"public-ip-sg-reference-not-preserved", func(s *model.Snapshot) {
			s.SecurityGroups[2].Ingress = []model.SGRule{{Protocol: model.ProtoTCP, Ports: model.Port(443), Group: "sg-cs"}}
		}, "cloudshell", "198.51.100.20:443/tcp", CodeSGMismatch, nil},
		{"public-ip-reply-through-nat", func(s *model.Snapshot) {
			// eni-web's subnet sends replies to the NAT gateway, not the IGW
			s.ENIs[1].Subnet, s.ENIs[1].PrivateIP = "sn-db", addr("10.0.2.20")
			rtByID(s, "rt-main").Routes = []model.Route{mkRoute("0.0.0.0/0", model.KindNATGateway, "nat-a")}
		}, "cloudshell", "198.51.100.20:443/tcp", CodeAsymmetricReturn, nil},
		// §3.4: VPC Block Public Access.
		{"bpa-bidirectional", func(s *model.Snapshot) { s.VPCs[0].BlockPublicAccess = "block-bidirectional" }, "cloudshell", "internet", CodeBPA, nil},
		{"bpa-ingress-allows-nat-egress", func(s *model.Snapshot) { s.VPCs[0].BlockPublicAccess = "block-ingress" }, "cloudshell", "internet", "", nil},
		// Instances that are not running answer nothing.
		{"stopped-instance", func(s *model.Snapshot) {
			s.Instances = []model.Instance{{ID: "i-db", State: "stopped", ENIs: []string{"eni-db"}}}
			s.ENIs[0].Instance = "i-db"
		}, "cloudshell", "10.0.2.10:5432/tcp", CodeHostNotRunning, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := base()
			if tt.change != nil {
				tt.change(s)
			}
			if ds := s.Validate(); ds.HasErrors() {
				t.Fatalf("snapshot invalid: %v", ds.Err())
			}
			g := Build(s)
			src, err := g.ResolveSource(tt.from)
			if err != nil {
				t.Fatal(err)
			}
			dst, err := ParseDestination(tt.to)
			if err != nil {
				t.Fatal(err)
			}
			r := g.Query(src, dst)
			if r.Code != tt.want || r.Reachable != (tt.want == "") {
				t.Errorf("Query(%s → %s) = reachable %v, code %q (%s); want code %q\nhops:\n%s", tt.from, tt.to, r.Reachable, r.Code, r.Message, tt.want, dumpHops(r))
			}
			for _, v := range tt.via {
				if !r.Passes(v) {
					t.Errorf("Query(%s → %s) does not pass %s\nhops:\n%s", tt.from, tt.to, v, dumpHops(r))
				}
			}
			if !r.Reachable && r.Message == "" {
				t.Errorf("unreachable result without a message")
			}
		})
	}
}

func dumpHops(r Result) string {
	var b []byte
	for _, h := range r.Hops {
		b = append(b, "  "+string(h.Leg)+" "+h.Component+" "+string(h.Verdict)+" "+h.Detail+"\n"...)
	}
	for _, bl := range r.Blockers {
		b = append(b, "  blocker "+string(bl.Code)+": "+bl.Message+"\n"...)
	}
	return string(b)
}

// TestSGRuleOtherProtocolAllPorts: a rule for a protocol other than TCP,
// UDP, ICMP and ICMPv6 admits every port whatever its port fields say (VPC
// User Guide, "Security group rules").
func TestSGRuleOtherProtocolAllPorts(t *testing.T) {
	g := Build(base())
	r := model.SGRule{Protocol: model.Protocol(50), Ports: model.Port(1), CIDR: pfx("0.0.0.0/0")}
	esp := packet{src: addr("10.0.1.4"), dst: addr("203.0.113.1"), proto: 50, port: 4500}
	m := g.compileSG(&model.SecurityGroup{ID: "sg", Egress: []model.SGRule{r}}).egres[0]
	if !m.matches(&esp, esp.dst, nil) {
		t.Errorf("protocol 50 rule with port 1 does not admit protocol 50 on port 4500")
	}
	tcp := esp
	tcp.proto = model.ProtoTCP
	if m.matches(&tcp, tcp.dst, nil) {
		t.Errorf("protocol 50 rule admits TCP")
	}
}

func TestACLVerdictRanges(t *testing.T) {
	a := &model.NetworkACL{ID: "acl", Entries: []model.ACLEntry{
		{RuleNumber: 200, Allow: true, Protocol: model.ProtoTCP, Ports: model.PortRange{First: 1024, Last: 65535}, CIDR: pfx("0.0.0.0/0")},
		{RuleNumber: 100, Allow: false, Protocol: model.ProtoTCP, Ports: model.PortRange{First: 50000, Last: 50010}, CIDR: pfx("0.0.0.0/0")},
	}}
	tests := []struct {
		ports model.PortRange
		want  bool
	}{
		{model.Port(443), false},   // rule * (nothing allows 443)
		{model.Port(2000), true},   // rule 200
		{model.Port(50005), false}, // rule 100 comes first
		{linuxEphemeral, false},    // 50000-50010 of 32768-60999 denied
		{model.PortRange{First: 1024, Last: 49999}, true},
	}
	c := compileACL(a)
	for _, tt := range tests {
		got := c.decide(false, model.ProtoTCP, addr("203.0.113.1"), tt.ports, echoType, true)
		if got.allowed != tt.want {
			t.Errorf("decide(ports %s) = %v (%s), want %v", tt.ports, got.allowed, got.detail, tt.want)
		}
		// The verdict-only evaluation is the same code: same verdict, same rule.
		quiet := c.decide(false, model.ProtoTCP, addr("203.0.113.1"), tt.ports, echoType, false)
		if quiet.allowed != got.allowed || quiet.rule != got.rule || quiet.pos != got.pos {
			t.Errorf("decide(ports %s) quiet = %v rule %s [%d], explained = %v rule %s [%d]", tt.ports, quiet.allowed, quiet.rule, quiet.pos, got.allowed, got.rule, got.pos)
		}
	}
	if d := c.decide(false, model.ProtoTCP, addr("2001:db8::1"), model.Port(2000), echoType, true); d.allowed {
		t.Errorf("an IPv4 entry matched an IPv6 address")
	}
}

// TestRegionalNAT: a regional NAT gateway sits in no subnet, routes by its
// own route table, and serves the Availability Zones it has addresses in
// (or every zone with AutoProvisionZones; shared/aws-rules.md §3.2,
// Reachability Analyzer REGIONAL_NGW_ROUTE_AZ_RESTRICTION).
func TestRegionalNAT(t *testing.T) {
	regional := func(zones []string, auto bool) func(s *model.Snapshot) {
		return func(s *model.Snapshot) {
			s.RouteTables = append(s.RouteTables, model.RouteTable{ID: "rt-nat-r", VPC: "vpc-a", Routes: []model.Route{mkRoute("0.0.0.0/0", model.KindInternetGateway, "igw-a")}})
			s.NATGateways = append(s.NATGateways, model.NATGateway{ID: "nat-r", VPC: "vpc-a", Connectivity: "public", State: "available", Regional: true,
				RouteTable: "rt-nat-r", PublicIP: addr("198.51.100.77"), PrivateIP: addr("10.0.250.7"), Zones: zones, AutoProvisionZones: auto})
			rtByID(s, "rt-priv").Routes = []model.Route{mkRoute("0.0.0.0/0", model.KindNATGateway, "nat-r")}
		}
	}
	tests := []struct {
		name   string
		change func(s *model.Snapshot)
		want   Code
	}{
		{"serves-zone", regional([]string{"eu-west-1a"}, false), ""},
		{"auto-provision", regional(nil, true), ""},
		{"other-zone", regional([]string{"eu-west-1b"}, false), CodeRegionalNGWAZ},
		{"own-table-without-igw-route", func(s *model.Snapshot) {
			regional([]string{"eu-west-1a"}, false)(s)
			rtByID(s, "rt-nat-r").Routes = nil
		}, CodeNoRoute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := base()
			tt.change(s)
			if ds := s.Validate(); ds.HasErrors() {
				t.Fatal(ds.Err())
			}
			g := Build(s)
			src, _ := g.ResolveSource("cloudshell")
			d, _ := ParseDestination("internet")
			r := g.Query(src, d)
			if r.Code != tt.want || r.Reachable != (tt.want == "") {
				t.Errorf("internet = %v %q (%s); want %q\n%s", r.Reachable, r.Code, r.Message, tt.want, dumpHops(r))
			}
			if tt.want == "" && !r.Passes("nat-r") {
				t.Errorf("path does not pass nat-r\n%s", dumpHops(r))
			}
		})
	}
}

// TestUnknownPrefixListEntries: an SG rule naming a prefix list whose
// entries the export lacks may match: the answer is unknown, naming the
// list and the command that collects its entries, never a block the
// engine cannot prove nor an allow it cannot either.
func TestUnknownPrefixListEntries(t *testing.T) {
	s := base()
	s.PrefixLists = []model.PrefixList{{ID: "pl-corp", Name: "corp-ranges", Owner: "111122223333"}} // entries not collected
	s.SecurityGroups[0].Egress = []model.SGRule{{Protocol: model.ProtoTCP, Ports: model.Port(443), PrefixList: "pl-corp"}}
	s.Validate()
	g := Build(s)
	src, _ := g.ResolveSource("cloudshell")
	d, _ := ParseDestination("internet")
	r := g.Query(src, d)
	if r.Verdict != Unknown || r.Code != CodeSGUnknown || len(r.Unknowns) != 1 || !strings.Contains(r.Unknowns[0].Collect, "get-managed-prefix-list-entries --prefix-list-id pl-corp") {
		t.Errorf("verdict %s %q, unknowns %+v; want unknown, collecting the entries of pl-corp", r.Verdict, r.Code, r.Unknowns)
	}
	// The port still counts: a rule for 443 does not admit 22.
	d22, _ := ParseDestination("203.0.113.10:22")
	if r := g.Query(src, d22); r.Reachable || r.Code != CodeSGMismatch {
		t.Errorf("port 22: %v %q, want ENI_SG_RULES_MISMATCH", r.Reachable, r.Code)
	}
	// With the entries known, they decide.
	s.PrefixLists[0].CIDRs, s.PrefixLists[0].EntriesKnown = []netip.Prefix{pfx("192.0.2.0/24")}, true
	g = Build(s)
	if r := g.Query(src, d); r.Reachable {
		t.Errorf("known entries that do not cover the destination still allow it")
	}
}

// TestUnknownPrefixListRoute: a route to a prefix list whose entries the
// export lacks may cover the destination: the answer is unknown, and the
// walk goes on by the route that is known.
func TestUnknownPrefixListRoute(t *testing.T) {
	s := base()
	s.PrefixLists = []model.PrefixList{{ID: "pl-corp", Name: "corp-ranges"}}
	r := rtByID(s, "rt-priv")
	r.Routes = append(r.Routes, model.Route{PrefixList: "pl-corp", Target: model.Ref{Kind: model.KindBlackhole}, State: "blackhole"})
	s.Validate()
	g := Build(s)
	src, _ := g.ResolveSource("cloudshell")
	d, _ := ParseDestination("internet")
	res := g.Query(src, d)
	if res.Verdict != Unknown || res.Code != CodePLEntriesUnknown || !res.Passes("nat-a") {
		t.Errorf("verdict %s %q; want unknown (%s), through nat-a\n%s", res.Verdict, res.Code, CodePLEntriesUnknown, dumpHops(res))
	}
	// With the entries known and not covering the destination, the
	// answer is certain again.
	s.PrefixLists[0].CIDRs, s.PrefixLists[0].EntriesKnown = []netip.Prefix{pfx("192.0.2.0/24")}, true
	if res := Build(s).Query(src, d); res.Verdict != Reachable {
		t.Errorf("known entries: verdict %s %q, want reachable", res.Verdict, res.Code)
	}
}
