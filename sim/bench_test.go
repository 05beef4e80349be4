package sim

import (
	"fmt"
	"net/netip"
	"testing"

	"github.com/cshsim/cshsim/model"
)

// genNetwork builds a snapshot of nvpc VPCs, each with a public subnet
// (NAT gateway, IGW route), nsub-1 private subnets routed to the NAT
// gateway with a custom network ACL, and two interfaces per private subnet
// whose security groups reference each other.
func genNetwork(nvpc, nsub int) *model.Snapshot {
	s := &model.Snapshot{Region: "eu-west-1"}
	for v := range nvpc {
		vpc := fmt.Sprintf("vpc-%04d", v)
		base := netip.AddrFrom4([4]byte{10, byte(v / 256), byte(v % 256), 0})
		cidr := netip.PrefixFrom(base, 16)
		if nsub > 1 {
			cidr = netip.PrefixFrom(netip.AddrFrom4([4]byte{byte(10 + v/256), byte(v % 256), 0, 0}), 16)
		}
		s.VPCs = append(s.VPCs, model.VPC{ID: vpc, CIDRs: []netip.Prefix{cidr}})
		b := cidr.Addr().As4()
		pub, igw, nat := vpc+"-pub", vpc+"-igw", vpc+"-nat"
		s.InternetGateways = append(s.InternetGateways, model.InternetGateway{ID: igw, VPC: vpc, State: "available"})
		s.RouteTables = append(s.RouteTables,
			model.RouteTable{ID: vpc + "-rt-pub", VPC: vpc, Routes: []model.Route{{Destination: pfx("0.0.0.0/0"), Target: model.Ref{Kind: model.KindInternetGateway, ID: igw}}}},
			model.RouteTable{ID: vpc + "-rt-priv", VPC: vpc, Main: true, Routes: []model.Route{
				{Destination: pfx("0.0.0.0/0"), Target: model.Ref{Kind: model.KindNATGateway, ID: nat}},
				{Destination: pfx("192.0.2.0/24"), Target: model.Ref{Kind: model.KindNATGateway, ID: "nat-gone"}, State: "blackhole"},
			}})
		s.Subnets = append(s.Subnets, model.Subnet{ID: pub, VPC: vpc, CIDR: netip.PrefixFrom(netip.AddrFrom4([4]byte{b[0], b[1], 0, 0}), 24), RouteTable: vpc + "-rt-pub"})
		s.NATGateways = append(s.NATGateways, model.NATGateway{ID: nat, Subnet: pub, State: "available", PublicIP: netip.AddrFrom4([4]byte{198, 51, byte(v / 256), byte(v % 256)}), PrivateIP: netip.AddrFrom4([4]byte{b[0], b[1], 0, 10})})
		acl := vpc + "-acl"
		s.NetworkACLs = append(s.NetworkACLs, model.NetworkACL{ID: acl, VPC: vpc, Entries: []model.ACLEntry{
			{RuleNumber: 50, Allow: false, Protocol: model.ProtoTCP, Ports: model.Port(23), CIDR: pfx("0.0.0.0/0")},
			{RuleNumber: 100, Allow: true, Protocol: model.ProtoAll, CIDR: pfx("0.0.0.0/0")},
			{RuleNumber: 100, Egress: true, Allow: true, Protocol: model.ProtoAll, CIDR: pfx("0.0.0.0/0")},
		}})
		sg := vpc + "-sg"
		s.SecurityGroups = append(s.SecurityGroups, model.SecurityGroup{ID: sg, VPC: vpc,
			Ingress: []model.SGRule{{Protocol: model.ProtoTCP, Ports: model.Port(5432), Group: sg}, {Protocol: model.ProtoTCP, Ports: model.Port(22), CIDR: pfx("10.0.0.0/8")}},
			Egress:  []model.SGRule{{Protocol: model.ProtoAll, CIDR: pfx("0.0.0.0/0")}}})
		for n := 1; n < nsub; n++ {
			sn := fmt.Sprintf("%s-sn%03d", vpc, n)
			s.Subnets = append(s.Subnets, model.Subnet{ID: sn, VPC: vpc, CIDR: netip.PrefixFrom(netip.AddrFrom4([4]byte{b[0], b[1], byte(n), 0}), 24), NetworkACL: acl})
			for k := range 2 {
				s.ENIs = append(s.ENIs, model.ENI{ID: fmt.Sprintf("%s-eni%d", sn, k), Subnet: sn, PrivateIP: netip.AddrFrom4([4]byte{b[0], b[1], byte(n), byte(10 + k)}), SecurityGroups: []string{sg}})
			}
		}
	}
	return s
}

// Sizes: 10 VPCs × 10 subnets (100 subnets), 100 × 10 (1,000 subnets).
var benchSizes = []struct{ vpcs, subnets int }{{10, 10}, {100, 10}}

func BenchmarkValidate(b *testing.B) {
	for _, sz := range benchSizes {
		b.Run(fmt.Sprintf("subnets=%d", sz.vpcs*sz.subnets), func(b *testing.B) {
			s := genNetwork(sz.vpcs, sz.subnets)
			for b.Loop() {
				if ds := s.Validate(); ds.HasErrors() {
					b.Fatal(ds.Err())
				}
			}
		})
	}
}

func BenchmarkBuild(b *testing.B) {
	for _, sz := range benchSizes {
		b.Run(fmt.Sprintf("subnets=%d", sz.vpcs*sz.subnets), func(b *testing.B) {
			s := genNetwork(sz.vpcs, sz.subnets)
			s.Validate()
			for b.Loop() {
				Build(s)
			}
		})
	}
}

func BenchmarkQuery(b *testing.B) {
	for _, sz := range benchSizes {
		s := genNetwork(sz.vpcs, sz.subnets)
		if ds := s.Validate(); ds.HasErrors() {
			b.Fatal(ds.Err())
		}
		g := Build(s)
		src, err := g.ResolveSource("vpc-0000-sn001-eni0")
		if err != nil {
			b.Fatal(err)
		}
		for _, to := range []string{"internet", "10.0.2.11:5432/tcp", "10.0.2.11:23/tcp"} {
			d, _ := ParseDestination(to)
			b.Run(fmt.Sprintf("subnets=%d/to=%s", sz.vpcs*sz.subnets, to), func(b *testing.B) {
				for b.Loop() {
					g.Query(src, d)
				}
			})
			b.Run(fmt.Sprintf("subnets=%d/to=%s/verdict-only", sz.vpcs*sz.subnets, to), func(b *testing.B) {
				for b.Loop() {
					g.QueryWith(src, d, Options{VerdictOnly: true})
				}
			})
		}
	}
}

func TestGeneratedNetwork(t *testing.T) {
	s := genNetwork(3, 4)
	if ds := s.Validate(); len(ds) > 0 {
		t.Fatal(ds)
	}
	g := Build(s)
	src, _ := g.ResolveSource("vpc-0000-sn001-eni0")
	for to, want := range map[string]Code{"internet": "", "10.0.2.11:5432/tcp": "", "10.0.2.11:23/tcp": CodeACL, "10.0.2.11:80/tcp": CodeSGMismatch, "192.0.2.1:443/tcp": CodeBadStateRoute} {
		d, _ := ParseDestination(to)
		if r := g.Query(src, d); r.Code != want {
			t.Errorf("%s: code %q, want %q\n%s", to, r.Code, want, dumpHops(r))
		}
	}
}
