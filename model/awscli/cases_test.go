package awscli

import (
	"os"
	"path/filepath"
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
			if r.Destination != pfx("0.0.0.0/1") || !model.IsBlackhole(r.State) || r.Target != (model.Ref{Kind: model.KindNATGateway, ID: "nat-0f708192a3b4c5d6e"}) {
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
			if r := routeTable(t, s, "rtb-02b3c4d5e6f708192").Routes[1]; !model.IsBlackhole(r.State) {
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
		"ecs-exec":          ecsCase(2, true),
		"ecs-exec-disabled": ecsCase(1, false),
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
			if task.ENI == "" || task.Subnet == "" || !task.PrivateIP.IsValid() || task.ExecEnabled != exec || task.LastStatus != "RUNNING" {
				t.Errorf("task %+v", task)
			}
		}
	}
}
