package sim

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/cshsim/cshsim/model"
)

// sameCIDRVPCs is base() (vpc-a, 10.0.0.0/16), a second VPC vpc-b with
// the same CIDR, and a third VPC vpc-c (10.5.0.0/16) peered with both,
// whose route table (via) decides which of the two it reaches.
// Both hold an interface at 10.0.2.10; vpc-a's admits 5432 from
// anywhere, vpc-b's nothing.
func sameCIDRVPCs(via string) *model.Snapshot {
	s := base()
	s.SecurityGroups[1].Ingress = []model.SGRule{{Protocol: model.ProtoTCP, Ports: model.Port(5432), CIDR: pfx("0.0.0.0/0")}}
	s.VPCs = append(s.VPCs,
		model.VPC{ID: "vpc-b", CIDRs: []netip.Prefix{pfx("10.0.0.0/16")}},
		model.VPC{ID: "vpc-c", CIDRs: []netip.Prefix{pfx("10.5.0.0/16")}})
	s.Subnets = append(s.Subnets,
		model.Subnet{ID: "sn-b", VPC: "vpc-b", CIDR: pfx("10.0.2.0/24"), AZ: "eu-west-1a", RouteTable: "rt-b"},
		model.Subnet{ID: "sn-c", VPC: "vpc-c", CIDR: pfx("10.5.1.0/24"), AZ: "eu-west-1a", RouteTable: "rt-c"})
	s.RouteTables = append(s.RouteTables,
		model.RouteTable{ID: "rt-b", VPC: "vpc-b", Routes: []model.Route{mkRoute("10.5.0.0/16", model.KindPeering, "pcx-cb")}},
		model.RouteTable{ID: "rt-c", VPC: "vpc-c", Routes: []model.Route{mkRoute("10.0.0.0/16", model.KindPeering, via)}})
	for i := range s.RouteTables {
		if s.RouteTables[i].ID == "rt-main" {
			s.RouteTables[i].Routes = []model.Route{mkRoute("10.5.0.0/16", model.KindPeering, "pcx-ca")}
		}
	}
	s.Peerings = []model.PeeringConnection{
		{ID: "pcx-ca", Status: "active", Requester: model.PeerVPC{VPC: "vpc-c", CIDRs: []netip.Prefix{pfx("10.5.0.0/16")}}, Accepter: model.PeerVPC{VPC: "vpc-a", CIDRs: []netip.Prefix{pfx("10.0.0.0/16")}}},
		{ID: "pcx-cb", Status: "active", Requester: model.PeerVPC{VPC: "vpc-c", CIDRs: []netip.Prefix{pfx("10.5.0.0/16")}}, Accepter: model.PeerVPC{VPC: "vpc-b", CIDRs: []netip.Prefix{pfx("10.0.0.0/16")}}},
	}
	s.SecurityGroups = append(s.SecurityGroups,
		model.SecurityGroup{ID: "sg-b", VPC: "vpc-b", Egress: allEgress()},
		model.SecurityGroup{ID: "sg-c", VPC: "vpc-c", Egress: allEgress()})
	s.ENIs = append(s.ENIs,
		model.ENI{ID: "eni-b", Subnet: "sn-b", VPC: "vpc-b", PrivateIP: addr("10.0.2.10"), SecurityGroups: []string{"sg-b"}},
		model.ENI{ID: "eni-c", Subnet: "sn-c", VPC: "vpc-c", PrivateIP: addr("10.5.1.10"), SecurityGroups: []string{"sg-c"}})
	return s
}

// TestOverlappingVPCs: the same address in two VPCs is two interfaces;
// the route the packet takes decides which one it reaches, and only that
// one's security groups decide (VPC Peering Guide: the route table
// chooses the peering connection; addresses are per VPC).
func TestOverlappingVPCs(t *testing.T) {
	tests := []struct {
		via      string
		want     Code
		endsAt   string
		notEndAt string
	}{
		{"pcx-ca", "", "eni-db", "eni-b"},             // vpc-a's interface admits 5432
		{"pcx-cb", CodeSGMismatch, "eni-b", "eni-db"}, // vpc-b's admits nothing
	}
	for _, tt := range tests {
		t.Run(tt.via, func(t *testing.T) {
			s := sameCIDRVPCs(tt.via)
			if ds := s.Validate(); ds.HasErrors() {
				t.Fatal(ds.Err())
			}
			g := Build(s)
			src, err := g.ResolveSource("eni-c")
			if err != nil {
				t.Fatal(err)
			}
			r := g.Query(src, mustDest(t, "10.0.2.10:5432"))
			if r.Code != tt.want {
				t.Errorf("code %q, want %q\n%s", r.Code, tt.want, dumpHops(r))
			}
			if !hopsName(r, tt.endsAt) || hopsName(r, tt.notEndAt) {
				t.Errorf("the path reaches the wrong interface (want %s, not %s)\n%s", tt.endsAt, tt.notEndAt, dumpHops(r))
			}
		})
	}
}

func hopsName(r Result, id string) bool {
	for _, h := range r.Hops {
		if h.Component == id {
			return true
		}
	}
	return false
}

// TestSecondaryAndDelegated: secondary addresses and delegated prefixes
// belong to their interface, with its security groups (EC2 User Guide,
// "Multiple IP addresses", "Assign prefixes to network interfaces"); a
// detached interface neither answers nor sends.
func TestSecondaryAndDelegated(t *testing.T) {
	s := base()
	s.SecurityGroups = append(s.SecurityGroups, model.SecurityGroup{ID: "sg-pods", VPC: "vpc-a",
		Ingress: []model.SGRule{{Protocol: model.ProtoTCP, Ports: model.Port(8080), CIDR: pfx("10.0.1.0/24")}}, Egress: allEgress()})
	s.ENIs = append(s.ENIs,
		model.ENI{ID: "eni-node", Subnet: "sn-db", PrivateIP: addr("10.0.2.20"), SecondaryIPs: []netip.Addr{addr("10.0.2.21")},
			Prefixes: []netip.Prefix{pfx("10.0.2.32/28")}, SecurityGroups: []string{"sg-pods"}, Status: "in-use"},
		model.ENI{ID: "eni-spare", Subnet: "sn-db", PrivateIP: addr("10.0.2.99"), SecurityGroups: []string{"sg-pods"}, Status: "available"})
	if ds := s.Validate(); ds.HasErrors() {
		t.Fatal(ds.Err())
	}
	g := Build(s)
	src, _ := g.ResolveSource("cloudshell")
	tests := []struct {
		to   string
		want Code
		eni  string
	}{
		{"10.0.2.21:8080", "", "eni-node"},                     // a secondary address
		{"10.0.2.40:8080", "", "eni-node"},                     // inside the delegated /28
		{"10.0.2.40:22", CodeSGMismatch, "sg-pods"},            // the interface's groups decide
		{"10.0.2.48:8080", "", "sn-db"},                        // past the /28: no interface holds it
		{"10.0.2.99:8080", CodeInterfaceDetached, "eni-spare"}, // detached: nothing answers
	}
	for _, tt := range tests {
		r := g.Query(src, mustDest(t, tt.to))
		if r.Code != tt.want || !hopsName(r, tt.eni) {
			t.Errorf("%s: code %q, want %q through %s\n%s", tt.to, r.Code, tt.want, tt.eni, dumpHops(r))
		}
	}
	if _, err := g.ResolveSource("eni-spare"); err == nil || !strings.Contains(err.Error(), "detached") {
		t.Errorf("a detached interface as source: err %v, want one saying it is detached", err)
	}
}

// TestPropagatedVersusLocal: a propagated route never overrides the local
// route, even when more specific (Site-to-Site VPN User Guide, "Route
// tables and VPN route priority"); a static route more specific than the
// local route is a middlebox route, not simulated yet: unknown.
func TestPropagatedVersusLocal(t *testing.T) {
	for _, tt := range []struct {
		name  string
		route model.Route
		want  Answer
		code  Code
	}{
		{"propagated-equal", model.Route{Destination: pfx("10.0.0.0/16"), Target: model.Ref{Kind: model.KindVPNGateway, ID: "vgw-1"}, Origin: "EnableVgwRoutePropagation"}, Reachable, ""},
		{"propagated-specific", model.Route{Destination: pfx("10.0.2.0/24"), Target: model.Ref{Kind: model.KindVPNGateway, ID: "vgw-1"}, Origin: "EnableVgwRoutePropagation"}, Reachable, ""},
		{"static-middlebox", mkRoute("10.0.2.0/24", model.KindENI, "eni-web"), Unknown, CodeUnsupportedHop},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := base()
			for i := range s.RouteTables {
				if s.RouteTables[i].ID == "rt-priv" {
					s.RouteTables[i].Routes = append(s.RouteTables[i].Routes, tt.route)
				}
			}
			s.ENIs[1].SourceDestCheck = model.False
			g := Build(s)
			src, _ := g.ResolveSource("cloudshell")
			r := g.Query(src, mustDest(t, "10.0.2.10:5432"))
			if r.Verdict != tt.want || r.Code != tt.code {
				t.Errorf("verdict %s %q, want %s %q\n%s", r.Verdict, r.Code, tt.want, tt.code, dumpHops(r))
			}
		})
	}
}

// TestPeerVPCMissing: a peering connection to a VPC the export does not
// hold gives unknown, naming what to collect; a certain blocker before it
// still makes the answer unreachable.
func TestPeerVPCMissing(t *testing.T) {
	s := base()
	for i := range s.RouteTables {
		if s.RouteTables[i].ID == "rt-priv" {
			s.RouteTables[i].Routes = append(s.RouteTables[i].Routes, mkRoute("10.8.0.0/16", model.KindPeering, "pcx-x"))
		}
	}
	s.Peerings = []model.PeeringConnection{{ID: "pcx-x", Status: "active",
		Requester: model.PeerVPC{VPC: "vpc-a", CIDRs: []netip.Prefix{pfx("10.0.0.0/16")}},
		Accepter:  model.PeerVPC{VPC: "vpc-other", Account: "444455556666", CIDRs: []netip.Prefix{pfx("10.8.0.0/16")}}}}
	s.Deployed = true
	g := Build(s)
	src, _ := g.ResolveSource("cloudshell")
	r := g.Query(src, mustDest(t, "10.8.1.5:443"))
	if r.Verdict != Unknown || r.Reachable || r.Code != CodeNotInSnapshot || len(r.Unknowns) != 1 || !strings.Contains(r.Unknowns[0].Collect, "444455556666") {
		t.Errorf("verdict %s %q reachable %v, unknowns %+v; want unknown naming account 444455556666\n%s", r.Verdict, r.Code, r.Reachable, r.Unknowns, dumpHops(r))
	}
	// A certain blocker on the way still decides.
	s.SecurityGroups[0].Egress = []model.SGRule{{Protocol: model.ProtoTCP, Ports: model.Port(22), CIDR: pfx("0.0.0.0/0")}}
	if r := Build(s).Query(src, mustDest(t, "10.8.1.5:443")); r.Verdict != Unreachable || r.Code != CodeSGMismatch || len(r.Unknowns) != 1 {
		t.Errorf("with egress 22 only: verdict %s %q unknowns %d, want unreachable ENI_SG_RULES_MISMATCH and the unknown still listed", r.Verdict, r.Code, len(r.Unknowns))
	}
}

// TestS3InboundResolverOnly: an S3 interface endpoint whose private DNS
// answers only queries through a Route 53 Resolver inbound endpoint does
// not capture S3 names inside its VPC: the gateway endpoint takes them;
// its endpoint-specific bucket. names still resolve to it (PrivateLink
// Guide, "Private DNS for Amazon S3 interface endpoints").
func TestS3InboundResolverOnly(t *testing.T) {
	s := base()
	s.VPCs[0].DNSSupport, s.VPCs[0].DNSHostnames = model.True, model.True
	s.SecurityGroups = append(s.SecurityGroups, model.SecurityGroup{ID: "sg-ep", VPC: "vpc-a",
		Ingress: []model.SGRule{{Protocol: model.ProtoTCP, Ports: model.Port(443), CIDR: pfx("10.0.0.0/16")}}, Egress: allEgress()})
	s.Endpoints = []model.Endpoint{
		{ID: "vpce-s3if", VPC: "vpc-a", Type: "Interface", Service: "com.amazonaws.eu-west-1.s3", State: "available", PrivateDNS: true,
			PrivateDNSOnlyForInboundResolver: true, Subnets: []string{"sn-db"}, SecurityGroups: []string{"sg-ep"}},
		{ID: "vpce-s3gw", VPC: "vpc-a", Type: "Gateway", Service: "com.amazonaws.eu-west-1.s3", State: "available", RouteTables: []string{"rt-priv"}},
	}
	if ds := s.Validate(); ds.HasErrors() {
		t.Fatal(ds.Err())
	}
	g := Build(s)
	src, _ := g.ResolveSource("cloudshell")
	r := g.Query(src, mustDest(t, "aws:s3"))
	if r.Resolution == nil || r.Resolution.Via != ViaGatewayEndpoint || !strings.Contains(r.Resolution.Reason+strings.Join(r.Assumptions, " "), "gateway endpoint") {
		t.Errorf("aws:s3 resolves %+v, want via the gateway endpoint", r.Resolution)
	}
	d := mustDest(t, "https://bucket.vpce-s3if-abc123.s3.eu-west-1.vpce.amazonaws.com/key")
	r = g.Query(src, d)
	if r.Resolution == nil || r.Resolution.Endpoint != "vpce-s3if" || r.Verdict != Reachable {
		t.Errorf("bucket.vpce name: resolution %+v verdict %s %q, want the interface endpoint, reachable\n%s", r.Resolution, r.Verdict, r.Code, dumpHops(r))
	}
	// Without the option the interface endpoint captures the name.
	s.Endpoints[0].PrivateDNSOnlyForInboundResolver = false
	if r := Build(s).Query(src, mustDest(t, "aws:s3")); r.Resolution == nil || r.Resolution.Via != ViaInterfaceEndpoint {
		t.Errorf("without the option: resolution %+v, want the interface endpoint", r.Resolution)
	}
}

// TestServiceNames: aws:<service> names are checked against AWS's
// services: a typo does not resolve and names the service meant; a name
// close to nothing is unknown (a service newer than cshsim's list).
func TestServiceNames(t *testing.T) {
	g := Build(base())
	src, _ := g.ResolveSource("cloudshell")
	for _, tt := range []struct {
		to   string
		want Answer
		code Code
		fix  string
	}{
		{"aws:ssmmessages", Reachable, "", ""},
		{"aws:ssmmesages", Unreachable, CodeNameNotResolved, "aws:ssmmessages"},
		{"aws:zzzqqqxxyy", Unknown, CodeUnknownService, "dig"},
	} {
		r := g.Query(src, mustDest(t, tt.to))
		if r.Verdict != tt.want || r.Code != tt.code || !strings.Contains(r.Fix, tt.fix) {
			t.Errorf("%s: verdict %s %q fix %q, want %s %q with %q", tt.to, r.Verdict, r.Code, r.Fix, tt.want, tt.code, tt.fix)
		}
	}
}
