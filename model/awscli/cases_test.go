package awscli

import (
	"encoding/json"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cshsim/cshsim/model"
)

// The cases under testdata/awscli: each loads and validates cleanly, has
// one CloudShell interface, and carries what its README relies on.
func TestCases(t *testing.T) {
	root := filepath.Join("..", "..", "testdata", "awscli")
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	checks := map[string]func(t *testing.T, s *model.Snapshot){
		"public-subnet": func(t *testing.T, s *model.Snapshot) {
			cs := cloudShell(t, s)
			if cs.Subnet != "subnet-0b3c4d5e6f7081920" || cs.PublicIP.IsValid() {
				t.Errorf("CloudShell in %s with public IP %v, want the public subnet and none", cs.Subnet, cs.PublicIP)
			}
			if s.InternetGateways[0].VPC == "" {
				t.Error("the IGW is not attached")
			}
		},
		"private-nat": func(t *testing.T, s *model.Snapshot) {
			if n := s.NATGateways[0]; n.State != "available" || n.IsPrivate() || !n.PublicIP.IsValid() {
				t.Errorf("NAT = %+v", n)
			}
		},
		"private-no-route": func(t *testing.T, s *model.Snapshot) {
			if rt := routeTable(t, s, "rtb-03c4d5e6f708192a3"); len(rt.Routes) != 1 || rt.Routes[0].Target.Kind != model.KindLocal {
				t.Errorf("routes = %+v, want the local route only", rt.Routes)
			}
		},
		"nacl-return": func(t *testing.T, s *model.Snapshot) {
			cs := cloudShell(t, s)
			sn := subnet(t, s, cs.Subnet)
			if sn.NetworkACL != "acl-05e6f708192a3b4c5" {
				t.Fatalf("CloudShell subnet NACL = %q", sn.NetworkACL)
			}
			for _, a := range s.NetworkACLs {
				if a.ID == sn.NetworkACL {
					want := []model.ACLEntry{
						{RuleNumber: 100, Egress: true, Allow: true, Protocol: model.ProtoTCP, CIDR: pfx("0.0.0.0/0"), Ports: model.Port(443), ICMP: model.AnyICMP},
						{RuleNumber: 100, Allow: true, Protocol: model.ProtoTCP, CIDR: pfx("0.0.0.0/0"), Ports: model.PortRange{First: 1024, Last: 32767}, ICMP: model.AnyICMP},
					}
					if len(a.Entries) != 2 || a.Entries[0] != want[0] || a.Entries[1] != want[1] {
						t.Errorf("entries = %+v, want %+v", a.Entries, want)
					}
				}
			}
		},
		"blackhole-specific": func(t *testing.T, s *model.Snapshot) {
			rt := routeTable(t, s, "rtb-03c4d5e6f708192a3")
			r := rt.Routes[2]
			if r.Destination != pfx("0.0.0.0/1") || r.State != model.StateBlackhole || r.Target != (model.Ref{Kind: model.KindNATGateway, ID: "nat-0f708192a3b4c5d6e"}) {
				t.Errorf("route = %+v, want the 0.0.0.0/1 blackhole to the deleted NAT", r)
			}
		},
		"main-table": func(t *testing.T, s *model.Snapshot) {
			cs := cloudShell(t, s)
			if sn := subnet(t, s, cs.Subnet); sn.RouteTable != "" {
				t.Errorf("CloudShell subnet route table = %q, want the main one (\"\")", sn.RouteTable)
			}
			if rt := routeTable(t, s, "rtb-01a2b3c4d5e6f7081"); !rt.Main || rt.Routes[1].Target.Kind != model.KindNATGateway {
				t.Errorf("main table = %+v", rt)
			}
		},
		"detached-igw": func(t *testing.T, s *model.Snapshot) {
			if g := s.InternetGateways[0]; g.VPC != "" || g.State != "detached" {
				t.Errorf("IGW = %+v, want detached", g)
			}
			if r := routeTable(t, s, "rtb-02b3c4d5e6f708192").Routes[1]; r.State != model.StateBlackhole {
				t.Errorf("IGW route = %+v, want blackhole", r)
			}
		},
		"failed-nat": func(t *testing.T, s *model.Snapshot) {
			if n := s.NATGateways[0]; n.State != "failed" || n.ENI != "" {
				t.Errorf("NAT = %+v, want failed, without an interface", n)
			}
		},
		"private-nat-gateway": func(t *testing.T, s *model.Snapshot) {
			if n := s.NATGateways[0]; !n.IsPrivate() || n.PublicIP.IsValid() {
				t.Errorf("NAT = %+v, want private without a public IP", n)
			}
		},
		"endpoints-only":              endpointsCase(6, true),
		"endpoints-private-dns-off":   endpointsCase(6, false),
		"endpoints-dns-hostnames-off": endpointsCase(6, true),
		"endpoint-sg-narrow":          endpointsCase(6, true),
		"s3-gateway": func(t *testing.T, s *model.Snapshot) {
			if len(s.Endpoints) != 1 || s.Endpoints[0].Type != "Gateway" || len(s.Endpoints[0].RouteTables) != 1 {
				t.Errorf("endpoints = %+v, want one gateway endpoint on one route table", s.Endpoints)
			}
		},
		"regional-nat": func(t *testing.T, s *model.Snapshot) {
			if n := s.NATGateways[0]; !n.Regional || n.Subnet != "" || n.RouteTable != "rtb-0f1e2d3c4b5a69788" || !slices.Contains(n.Zones, "euw1-az1") || n.AutoProvisionZones {
				t.Errorf("NAT = %+v, want a regional NAT gateway with its route table and zone", n)
			}
		},
		"ecs-exec":                     ecsCase(2, true),
		"ecs-exec-disabled":            ecsCase(1, false),
		"centralized-egress":           egressCase(true),
		"centralized-egress-no-return": egressCase(false),
		"centralized-endpoints":        centralizedEndpointsCase,
		"overlapping-vpcs": func(t *testing.T, s *model.Snapshot) {
			n := 0
			for _, v := range s.VPCs {
				if len(v.CIDRs) == 1 && v.CIDRs[0] == pfx("172.31.0.0/16") {
					n++
				}
			}
			if n != 2 || len(s.Peerings) != 2 {
				t.Errorf("%d VPCs with 172.31.0.0/16 and %d peering connections, want 2 and 2", n, len(s.Peerings))
			}
		},
		"delegated-prefix": func(t *testing.T, s *model.Snapshot) {
			for _, e := range s.ENIs {
				if e.ID == "eni-0f1a2b3c4d5e6f708" {
					if !slices.Equal(e.SecondaryIPs, []netip.Addr{netip.MustParseAddr("10.20.20.21")}) || !slices.Equal(e.Prefixes, []netip.Prefix{pfx("10.20.20.32/28")}) {
						t.Errorf("node interface %+v, want secondary 10.20.20.21 and prefix 10.20.20.32/28", e)
					}
					return
				}
			}
			t.Error("no node interface eni-0f1a2b3c4d5e6f708")
		},
		"detached-eni": func(t *testing.T, s *model.Snapshot) {
			for _, e := range s.ENIs {
				if e.ID == "eni-0b8a7c6d5e4f3a2b1" {
					if e.Status != "available" || e.Instance != "" {
						t.Errorf("old interface %+v, want status available, no instance", e)
					}
					return
				}
			}
			t.Error("no interface eni-0b8a7c6d5e4f3a2b1")
		},
		"peer-vpc-missing": func(t *testing.T, s *model.Snapshot) {
			if len(s.Peerings) != 1 || s.Peerings[0].Accepter.VPC != "vpc-0f9e8d7c6b5a43210" || s.Peerings[0].Accepter.Account != "444455556666" || len(s.VPCs) != 1 {
				t.Errorf("peerings %+v, VPCs %d; want one to vpc-0f9e8d7c6b5a43210 of 444455556666, which the export lacks", s.Peerings, len(s.VPCs))
			}
		},
		"propagated-vs-local": func(t *testing.T, s *model.Snapshot) {
			rt := routeTable(t, s, "rtb-03c4d5e6f708192a3")
			if r := rt.Routes[1]; r.Destination != pfx("10.20.20.0/24") || r.Origin != "EnableVgwRoutePropagation" || r.Target.Kind != model.KindVPNGateway {
				t.Errorf("route %+v, want 10.20.20.0/24 propagated from the VGW", r)
			}
			if r := routeTable(t, s, "rtb-06f708192a3b4c5d6").Routes[1]; r.Destination != pfx("10.20.20.0/24") || r.Target.ID != "eni-0c7d8e9f0a1b2c3d4" {
				t.Errorf("route %+v, want 10.20.20.0/24 → the appliance interface", r)
			}
		},
		"s3-inbound-resolver": func(t *testing.T, s *model.Snapshot) {
			var inbound int
			for _, ep := range s.Endpoints {
				if ep.Type == "Interface" && ep.PrivateDNS && ep.PrivateDNSOnlyForInboundResolver {
					inbound++
				}
			}
			if len(s.Endpoints) != 2 || inbound != 1 {
				t.Errorf("endpoints %+v, want a gateway endpoint and an interface endpoint with PrivateDnsOnlyForInboundResolverEndpoint", s.Endpoints)
			}
		},
	}
	n := 0
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		n++
		t.Run(e.Name(), func(t *testing.T) {
			s, diags := Load(filepath.Join(root, e.Name()))
			if len(diags) != 0 {
				t.Errorf("Load: %v", diags)
			}
			if vd := s.Validate(); len(vd) != 0 {
				t.Errorf("Validate: %v", vd)
			}
			if s.Region != "eu-west-1" || s.Account != "111122223333" {
				t.Errorf("region, account = %q, %q", s.Region, s.Account)
			}
			wantHostnames := model.True
			if e.Name() == "endpoints-dns-hostnames-off" {
				wantHostnames = model.False
			}
			if v := s.VPCs[0]; v.DNSSupport != model.True || v.DNSHostnames != wantHostnames {
				t.Errorf("VPC DNS attributes = %v, %v; want true, %v", v.DNSSupport, v.DNSHostnames, wantHostnames)
			}
			if _, err := os.Stat(filepath.Join(root, e.Name(), "README.md")); err != nil {
				t.Error("no README.md")
			}
			check, ok := checks[e.Name()]
			if !ok {
				t.Fatalf("no check for case %s", e.Name())
			}
			check(t, s)
		})
	}
	if n < len(checks) {
		t.Errorf("%d cases, want %d", n, len(checks))
	}
}

func cloudShell(t *testing.T, s *model.Snapshot) model.ENI {
	t.Helper()
	var found []model.ENI
	for _, e := range s.ENIs {
		if e.HasTag(model.CloudShellTag) {
			found = append(found, e)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d CloudShell interfaces, want 1", len(found))
	}
	return found[0]
}

func subnet(t *testing.T, s *model.Snapshot, id string) model.Subnet {
	t.Helper()
	for _, x := range s.Subnets {
		if x.ID == id {
			return x
		}
	}
	t.Fatalf("no subnet %s", id)
	return model.Subnet{}
}

func routeTable(t *testing.T, s *model.Snapshot, id string) model.RouteTable {
	t.Helper()
	for _, x := range s.RouteTables {
		if x.ID == id {
			return x
		}
	}
	t.Fatalf("no route table %s", id)
	return model.RouteTable{}
}

// endpointsCase checks the interface endpoints of the endpoint cases: n of
// them, each with an interface holding a private address, and private DNS
// on the ssmmessages one as stated.
func endpointsCase(n int, ssmPrivateDNS bool) func(t *testing.T, s *model.Snapshot) {
	return func(t *testing.T, s *model.Snapshot) {
		enis := map[string]model.ENI{}
		for _, e := range s.ENIs {
			enis[e.ID] = e
		}
		got := 0
		for _, ep := range s.Endpoints {
			if ep.Type != "Interface" {
				continue
			}
			got++
			if len(ep.ENIs) == 0 || !enis[ep.ENIs[0]].PrivateIP.IsValid() || len(ep.SecurityGroups) == 0 {
				t.Errorf("endpoint %s: interfaces %v, groups %v", ep.ID, ep.ENIs, ep.SecurityGroups)
			}
			if strings.HasSuffix(ep.Service, ".ssmmessages") && ep.PrivateDNS != ssmPrivateDNS {
				t.Errorf("endpoint %s: private DNS %v, want %v", ep.ID, ep.PrivateDNS, ssmPrivateDNS)
			}
		}
		if got != n {
			t.Errorf("%d interface endpoints, want %d", got, n)
		}
	}
}

// ecsCase checks the tasks of the ECS cases: n running tasks joined to
// their interfaces, with exec enabled as stated.
func ecsCase(n int, exec bool) func(t *testing.T, s *model.Snapshot) {
	return func(t *testing.T, s *model.Snapshot) {
		if len(s.ECSTasks) != n {
			t.Fatalf("%d tasks, want %d", len(s.ECSTasks), n)
		}
		for _, task := range s.ECSTasks {
			if task.ENI == "" || task.Subnet == "" || !task.PrivateIP.IsValid() || task.ExecEnabled != exec || task.LastStatus != model.StateRunning {
				t.Errorf("task %+v", task)
			}
		}
	}
}

// The transit gateway of the centralized cases.
const (
	caseTGW        = "tgw-0f1e2d3c4b5a69870"
	caseSpokeVPC   = "vpc-0c5e1a7f3b9d24e61"
	caseSpokeTGWAt = "tgw-attach-0a2b4c6d8e0f13579"
)

func tgwTable(t *testing.T, s *model.Snapshot, id string) model.TGWRouteTable {
	t.Helper()
	for _, x := range s.TGWRouteTables {
		if x.ID == id {
			return x
		}
	}
	t.Fatalf("no transit gateway route table %s", id)
	return model.TGWRouteTable{}
}

func tgwAttachment(t *testing.T, s *model.Snapshot, id string) model.TGWAttachment {
	t.Helper()
	for _, x := range s.TGWAttachments {
		if x.ID == id {
			return x
		}
	}
	t.Fatalf("no transit gateway attachment %s", id)
	return model.TGWAttachment{}
}

// egressCase checks the centralized egress cases: the spoke and egress
// transit gateway tables with their associations, routes and propagation,
// attachments with one subnet per AZ, and the NAT subnet's route back to
// the spoke when ret.
func egressCase(ret bool) func(t *testing.T, s *model.Snapshot) {
	return func(t *testing.T, s *model.Snapshot) {
		const egressAtt = "tgw-attach-0b3c5d7e9f1a2468b"
		if g := s.TransitGateways; len(g) != 1 || g[0].ID != caseTGW || g[0].DefaultAssociationTable != "" {
			t.Errorf("transit gateways %+v, want %s without a default table", g, caseTGW)
		}
		spokes := tgwTable(t, s, "tgw-rtb-0c4d6e8f0a2b3579c")
		want := []model.TGWRoute{
			{Destination: pfx("0.0.0.0/0"), Type: "static", State: "active", Attachments: []string{egressAtt}},
			{Destination: pfx("10.0.0.0/8"), Type: "static", State: "blackhole"},
		}
		if !spokes.RoutesKnown || !slices.EqualFunc(spokes.Routes, want, func(a, b model.TGWRoute) bool {
			return a.Destination == b.Destination && a.Type == b.Type && a.State == b.State && slices.Equal(a.Attachments, b.Attachments)
		}) || len(spokes.Propagations) != 0 {
			t.Errorf("spokes table %+v, want routes %+v and no propagation", spokes, want)
		}
		egress := tgwTable(t, s, "tgw-rtb-0d5e7f9a1b3c468ad")
		if !egress.RoutesKnown || len(egress.Routes) != 1 || egress.Routes[0].Type != "propagated" ||
			egress.Routes[0].Destination != pfx("10.1.0.0/16") || !slices.Equal(egress.Propagations, []string{caseSpokeTGWAt}) {
			t.Errorf("egress table %+v, want the propagated spoke route", egress)
		}
		for id, table := range map[string]string{caseSpokeTGWAt: spokes.ID, egressAtt: egress.ID} {
			if a := tgwAttachment(t, s, id); a.RouteTable != table || len(a.Subnets) != 2 || a.State != "available" || a.ResourceType != "vpc" {
				t.Errorf("attachment %+v, want associated with %s, two subnets", a, table)
			}
		}
		back := false
		for _, r := range routeTable(t, s, "rtb-0a4f6b8d0e2c579bd").Routes {
			if r.Destination == pfx("10.1.0.0/16") && r.Target == (model.Ref{Kind: model.KindTransitGateway, ID: caseTGW}) {
				back = true
			}
		}
		if back != ret {
			t.Errorf("NAT subnet route 10.1.0.0/16 → %s: %v, want %v", caseTGW, back, ret)
		}
		if cs := cloudShell(t, s); cs.VPC != caseSpokeVPC || len(s.VPCs) != 2 || s.VPCs[1].DNSSupport != model.True {
			t.Errorf("CloudShell in %s; VPCs %+v", cs.VPC, s.VPCs)
		}
	}
}

// centralizedEndpointsCase checks the hub endpoints with private DNS off
// and the private hosted zones that alias the service names to them.
func centralizedEndpointsCase(t *testing.T, s *model.Snapshot) {
	const hub = "vpc-0b6e3c8f1d4a27b95"
	eps := map[string]model.Endpoint{}
	for _, ep := range s.Endpoints {
		if ep.VPC != hub || ep.PrivateDNS || len(ep.ENIs) != 2 {
			t.Errorf("endpoint %+v, want in the hub, private DNS off, two interfaces", ep)
		}
		eps[ep.ID] = ep
	}
	// DnsEntries are not in the snapshot: read them from the export.
	raw, err := os.ReadFile(filepath.Join("..", "..", "testdata", "awscli", "centralized-endpoints", "VpcEndpoints.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		VpcEndpoints []struct {
			VpcEndpointID string `json:"VpcEndpointId"`
			DNSEntries    []struct {
				DNSName string `json:"DnsName"`
			} `json:"DnsEntries"`
		}
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	dnsEntries := map[string][]string{}
	for _, ep := range doc.VpcEndpoints {
		for _, d := range ep.DNSEntries {
			dnsEntries[ep.VpcEndpointID] = append(dnsEntries[ep.VpcEndpointID], d.DNSName)
		}
	}
	want := map[string]struct {
		name, alias string
		vpcs        int
	}{
		"Z06217433KXJ7Q2SSMMSG": {"ssmmessages.eu-west-1.amazonaws.com", "vpce-0a5b6c7d8e9f01234-7kq3vz2m.ssmmessages.eu-west-1.vpce.amazonaws.com", 2},
		"Z07415988LOGS4TQ2ZB1A": {"logs.eu-west-1.amazonaws.com", "vpce-0b6c7d8e9f0a12345-w5c8r1xd.logs.eu-west-1.vpce.amazonaws.com", 2},
		"Z09536214KMS7VQ0N3XHE": {"kms.eu-west-1.amazonaws.com", "", 1},
	}
	if len(s.HostedZones) != len(want) {
		t.Fatalf("hosted zones %+v, want %d", s.HostedZones, len(want))
	}
	for _, z := range s.HostedZones {
		w, ok := want[z.ID]
		if !ok || z.Name != w.name || len(z.VPCs) != w.vpcs || z.VPCs[0] != caseSpokeVPC {
			t.Errorf("zone %+v, want %+v", z, w)
			continue
		}
		var types, alias []string
		for _, r := range z.Records {
			types = append(types, r.Type)
			if r.Name != z.Name {
				t.Errorf("zone %s: record %+v, want at the apex", z.ID, r)
			}
			if r.Alias != "" {
				alias = append(alias, r.Alias)
			}
		}
		wantTypes := []string{"A", "NS", "SOA"}
		if w.alias == "" {
			wantTypes = wantTypes[1:]
		}
		if !slices.Equal(types, wantTypes) || w.alias != "" && !slices.Equal(alias, []string{w.alias}) {
			t.Errorf("zone %s: record types %v, aliases %v; want %v, [%s]", z.ID, types, alias, wantTypes, w.alias)
		}
		// The alias is the Regional DNS name (the first of DnsEntries) of
		// an endpoint of the export.
		if w.alias != "" {
			id, _, _ := strings.Cut(strings.TrimPrefix(w.alias, "vpce-"), "-")
			if _, ok := eps["vpce-"+id]; !ok || dnsEntries["vpce-"+id][0] != w.alias {
				t.Errorf("zone %s: alias %s is not the Regional DNS name of an endpoint of the export (%v)", z.ID, w.alias, dnsEntries)
			}
		}
	}
	if a := tgwAttachment(t, s, caseSpokeTGWAt); a.RouteTable != "tgw-rtb-0e6f8a0b2c4d579be" || len(a.Subnets) != 2 {
		t.Errorf("spoke attachment %+v", a)
	}
	for _, v := range s.VPCs {
		if v.DNSSupport != model.True || v.DNSHostnames != model.True {
			t.Errorf("VPC %s DNS attributes %v, %v; want both true", v.ID, v.DNSSupport, v.DNSHostnames)
		}
	}
}
