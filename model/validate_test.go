package model

import (
	"net/netip"
	"slices"
	"testing"
)

func valid() *Snapshot {
	p := netip.MustParsePrefix
	return &Snapshot{
		VPCs:    []VPC{{ID: "vpc-a", CIDRs: []netip.Prefix{p("10.0.0.0/16")}}, {ID: "vpc-b", CIDRs: []netip.Prefix{p("10.1.0.0/16")}}},
		Subnets: []Subnet{{ID: "sn-a", VPC: "vpc-a", CIDR: p("10.0.1.0/24"), RouteTable: "rt-a"}, {ID: "sn-b", VPC: "vpc-b", CIDR: p("10.1.1.0/24")}},
		RouteTables: []RouteTable{{ID: "rt-a", VPC: "vpc-a", Routes: []Route{
			{Destination: p("0.0.0.0/0"), Target: Ref{KindNATGateway, "nat-a"}},
		}}},
		NATGateways:      []NATGateway{{ID: "nat-a", Subnet: "sn-a"}},
		InternetGateways: []InternetGateway{{ID: "igw-b", VPC: "vpc-b"}},
		SecurityGroups:   []SecurityGroup{{ID: "sg-a", VPC: "vpc-a"}, {ID: "sg-b", VPC: "vpc-b"}},
		ENIs:             []ENI{{ID: "eni-a", Subnet: "sn-a", PrivateIP: netip.MustParseAddr("10.0.1.10"), Prefixes: []netip.Prefix{p("10.0.1.16/28")}, SecurityGroups: []string{"sg-a"}}},
		CloudShells:      []CloudShellEnv{{Name: "ops", Subnet: "sn-a", SecurityGroups: []string{"sg-a"}}},
	}
}

// TestValidate shows each diagnostic code firing on one broken snapshot,
// and a clean snapshot giving none.
func TestValidate(t *testing.T) {
	if ds := valid().Validate(); len(ds) != 0 {
		t.Fatalf("valid snapshot: %v", ds)
	}
	p := netip.MustParsePrefix
	tests := []struct {
		name   string
		change func(s *Snapshot)
		code   string
		ref    FieldRef
	}{
		{"duplicate-id", func(s *Snapshot) {
			s.SecurityGroups = append(s.SecurityGroups, SecurityGroup{ID: "sn-a", VPC: "vpc-a"})
		}, CodeDuplicateID, FieldRef{"sn-a", ""}},
		{"dangling-route-table", func(s *Snapshot) { s.Subnets[0].RouteTable = "rt-x" }, CodeDanglingRef, FieldRef{"sn-a", "route_table"}},
		{"dangling-sg", func(s *Snapshot) { s.ENIs[0].SecurityGroups = []string{"sg-x"} }, CodeDanglingRef, FieldRef{"eni-a", "security_groups[0]"}},
		{"wrong-kind", func(s *Snapshot) { s.Subnets[0].RouteTable = "sg-a" }, CodeDanglingRef, FieldRef{"sn-a", "route_table"}},
		{"subnet-outside-vpc", func(s *Snapshot) { s.Subnets[0].CIDR = p("10.9.1.0/24") }, CodeSubnetOutsideVPC, FieldRef{"sn-a", "cidr"}},
		{"overlap", func(s *Snapshot) {
			s.Subnets = append(s.Subnets, Subnet{ID: "sn-c", VPC: "vpc-a", CIDR: p("10.0.1.128/25")})
		}, CodeOverlappingSubnet, FieldRef{"sn-c", "cidr"}},
		{"sg-other-vpc", func(s *Snapshot) { s.ENIs[0].SecurityGroups = []string{"sg-b"} }, CodeSGOtherVPC, FieldRef{"eni-a", "security_groups[0]"}},
		{"too-many-sgs", func(s *Snapshot) {
			for i := range 5 {
				id := "sg-" + string(rune('c'+i))
				s.SecurityGroups = append(s.SecurityGroups, SecurityGroup{ID: id, VPC: "vpc-a"})
				s.CloudShells[0].SecurityGroups = append(s.CloudShells[0].SecurityGroups, id)
			}
		}, CodeTooManySGs, FieldRef{"cloudshell:ops", "security_groups"}},
		{"target-other-vpc", func(s *Snapshot) {
			s.RouteTables[0].Routes[0].Target = Ref{KindInternetGateway, "igw-b"}
		}, CodeTargetOtherVPC, FieldRef{"rt-a", "routes[0].target"}},
		{"host-bits", func(s *Snapshot) { s.Subnets[0].CIDR = p("10.0.1.7/24") }, CodeCIDRHostBits, FieldRef{"sn-a", "cidr"}},
		{"ip-outside-subnet", func(s *Snapshot) { s.ENIs[0].PrivateIP = netip.MustParseAddr("10.0.2.1") }, CodeIPOutsideSubnet, FieldRef{"eni-a", "private_ip"}},
		{"prefix-host-bits", func(s *Snapshot) {
			s.ENIs[0].Prefixes = []netip.Prefix{p("10.0.1.16/28"), p("10.0.1.40/28")}
		}, CodeCIDRHostBits, FieldRef{"eni-a", "prefixes[1]"}},
		{"prefix-outside-subnet", func(s *Snapshot) {
			s.ENIs[0].Prefixes = []netip.Prefix{p("10.0.2.16/28")}
		}, CodeIPOutsideSubnet, FieldRef{"eni-a", "prefixes[0]"}},
		{"prefix-wider-than-subnet", func(s *Snapshot) {
			s.ENIs[0].Prefixes = []netip.Prefix{p("10.0.0.0/23")}
		}, CodeIPOutsideSubnet, FieldRef{"eni-a", "prefixes[0]"}},
		{"missing-vpc", func(s *Snapshot) { s.Subnets[0].VPC = "" }, CodeMissingField, FieldRef{"sn-a", "vpc"}},
		{"two-main", func(s *Snapshot) {
			s.RouteTables[0].Main = true
			s.RouteTables = append(s.RouteTables, RouteTable{ID: "rt-a2", VPC: "vpc-a", Main: true})
		}, CodeTwoMainTables, FieldRef{"rt-a2", "main"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := valid()
			tt.change(s)
			ds := s.Validate()
			i := slices.IndexFunc(ds, func(d Diagnostic) bool { return d.Code == tt.code && d.Ref == tt.ref })
			if i < 0 {
				t.Fatalf("Validate() = %v, want code %s at %v", ds, tt.code, tt.ref)
			}
			if ds[i].Severity != Error {
				t.Errorf("severity %v, want error", ds[i].Severity)
			}
			// A deployed snapshot reports the same problem as a warning,
			// except duplicate ids.
			s2 := valid()
			tt.change(s2)
			s2.Deployed = true
			for _, d := range s2.Validate() {
				if d.Code == tt.code && d.Ref == tt.ref && (d.Severity == Error) != (tt.code == CodeDuplicateID) {
					t.Errorf("deployed: %v has severity %v", d.Code, d.Severity)
				}
			}
		})
	}
}

func TestValidatePositions(t *testing.T) {
	s := valid()
	s.Subnets[0].RouteTable = "rt-x"
	s.Sources = SourceMap{{"sn-a", ""}: {File: "f.toml", Line: 7, Col: 1}, {"sn-a", "route_table"}: {File: "f.toml", Line: 11, Col: 1}}
	ds := s.Validate()
	if len(ds) != 1 || ds[0].Pos.String() != "f.toml:11:1" {
		t.Fatalf("Validate() = %v, want one diagnostic at f.toml:11:1", ds)
	}
	// A field without its own position falls back to its object's.
	if got := s.Sources.Lookup(FieldRef{"sn-a", "cidr"}); got.Line != 7 {
		t.Errorf("Lookup fallback = %v, want line 7", got)
	}
}

func TestSuggest(t *testing.T) {
	c := []string{"rtb-private", "rtb-public", "nat-a"}
	for in, want := range map[string]string{"rtb-privat": "rtb-private", "rtb-pubic": "rtb-public", "igw-zzz": "", "nat-b": "nat-a"} {
		if got := Suggest(in, c); got != want {
			t.Errorf("Suggest(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseProtocolAndPorts(t *testing.T) {
	for in, want := range map[string]Protocol{"-1": ProtoAll, "all": ProtoAll, "TCP": ProtoTCP, "6": ProtoTCP, "17": ProtoUDP, "icmp": ProtoICMP, "58": ProtoICMPv6, "50": 50} {
		if got, err := ParseProtocol(in); err != nil || got != want {
			t.Errorf("ParseProtocol(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "tcpp", "256", "-2"} {
		if _, err := ParseProtocol(bad); err == nil {
			t.Errorf("ParseProtocol(%q) accepted", bad)
		}
	}
	for in, want := range map[string]PortRange{"443": Port(443), "1024-65535": {1024, 65535}, "all": AllPorts} {
		if got, err := ParsePortRange(in); err != nil || got != want || got.String() != in {
			t.Errorf("ParsePortRange(%q) = %v, %v", in, got, err)
		}
	}
	for _, bad := range []string{"", "x", "5-4", "70000", "1-70000"} {
		if _, err := ParsePortRange(bad); err == nil {
			t.Errorf("ParsePortRange(%q) accepted", bad)
		}
	}
}

func TestPosString(t *testing.T) {
	tests := []struct {
		p    Pos
		want string
	}{
		{Pos{}, ""},
		{Pos{Path: "Vpcs[0]"}, "Vpcs[0]"},
		{Pos{File: "f.json"}, "f.json"},
		{Pos{File: "f.json", Path: "Vpcs[0]"}, "f.json: Vpcs[0]"},
		{Pos{File: "f.toml", Line: 7}, "f.toml:7"},
		{Pos{File: "f.toml", Line: 7, Col: 3}, "f.toml:7:3"},
		{Pos{File: "f.json", Line: 12, Col: 40, Path: "RouteTables[3].Routes[1]"}, "f.json:12:40: RouteTables[3].Routes[1]"},
		{Pos{Line: 2, Col: 1}, ":2:1"},
	}
	for _, tt := range tests {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("%#v.String() = %q, want %q", tt.p, got, tt.want)
		}
	}
}
