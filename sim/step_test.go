package sim

import (
	"net/netip"
	"slices"
	"testing"

	"github.com/cshsim/cshsim/model"
)

// loopSnapshot is base() with a forwarding loop for 10.9.0.0/16: the
// private subnet sends it to the NAT gateway in the public subnet, whose
// table sends it to an appliance back in the private subnet.
func loopSnapshot() *model.Snapshot {
	s := base()
	for i := range s.RouteTables {
		switch s.RouteTables[i].ID {
		case "rt-priv":
			s.RouteTables[i].Routes = append(s.RouteTables[i].Routes, mkRoute("10.9.0.0/16", model.KindNATGateway, "nat-a"))
		case "rt-pub":
			s.RouteTables[i].Routes = append(s.RouteTables[i].Routes, mkRoute("10.9.0.0/16", model.KindENI, "eni-app"))
		}
	}
	s.ENIs = append(s.ENIs, model.ENI{ID: "eni-app", Subnet: "sn-priv", PrivateIP: addr("10.0.1.50"),
		SecurityGroups: []string{"sg-cs"}, SourceDestCheck: model.False})
	return s
}

// TestOneStepFunction proves that the request, the reply and the loop
// finder move by the same transitions: one rule changed in one place (the
// route lookup now makes rt-pub drop everything for 10/8) changes all
// three.
func TestOneStepFunction(t *testing.T) {
	type answer struct {
		request Code   // cloudshell → 10.9.0.5: the request leg decides
		reply   Code   // cloudshell → internet: only the reply crosses rt-pub for 10/8
		loops   string // RoutingLoops
	}
	run := func() answer {
		g := Build(loopSnapshot())
		src, err := g.ResolveSource("cloudshell")
		if err != nil {
			t.Fatal(err)
		}
		var a answer
		a.request = g.Query(src, mustDest(t, "10.9.0.5:443")).Code
		r := g.Query(src, mustDest(t, "internet"))
		a.reply = r.Code
		if r.Code != "" && !slices.ContainsFunc(r.Hops, func(h Hop) bool { return h.Leg == LegReturn && h.Code == r.Code }) {
			t.Errorf("internet: %s is not on the reply leg\n%s", r.Code, dumpHops(r))
		}
		for _, l := range g.RoutingLoops() {
			a.loops += l.Prefix.String() + " " + l.Subnets[0] + "," + l.Subnets[len(l.Subnets)-1] + ";"
		}
		return a
	}
	want := answer{request: CodeRoutingLoop, reply: "", loops: "10.9.0.0/16 sn-priv,sn-pub;"}
	if got := run(); got != want {
		t.Fatalf("as AWS routes: %+v, want %+v", got, want)
	}

	// Change the rule once: rt-pub drops 10/8 (a blackhole).
	orig := routeLookup
	t.Cleanup(func() { routeLookup = orig })
	routeLookup = func(rt *routeTable, dst netip.Addr) (*route, []*route) {
		r, alt := orig(rt, dst)
		if r != nil && rt.id == "rt-pub" && pfx("10.0.0.0/8").Contains(dst) {
			c := *r
			c.state, c.middlebox = routeBlackhole, false
			return &c, alt
		}
		return r, alt
	}
	want = answer{request: CodeBadStateRoute, reply: CodeBadStateRoute, loops: ""}
	if got := run(); got != want {
		t.Errorf("with rt-pub dropping 10/8: %+v, want %+v", got, want)
	}
}

// TestGraphDrawsWalkedEdges: the component graph has the edges the walks
// take past a transit gateway (its route table, the attachment, the
// subnet it delivers into) because it is drawn by the step function.
func TestGraphDrawsWalkedEdges(t *testing.T) {
	s := &model.Snapshot{
		Region: "eu-west-1",
		VPCs:   []model.VPC{{ID: "vpc-a", CIDRs: []netip.Prefix{pfx("10.0.0.0/16")}}, {ID: "vpc-b", CIDRs: []netip.Prefix{pfx("10.1.0.0/16")}}},
		Subnets: []model.Subnet{
			{ID: "sn-a", VPC: "vpc-a", CIDR: pfx("10.0.1.0/24"), AZ: "eu-west-1a", RouteTable: "rt-a"},
			{ID: "sn-b", VPC: "vpc-b", CIDR: pfx("10.1.1.0/24"), AZ: "eu-west-1a", RouteTable: "rt-b"},
		},
		RouteTables: []model.RouteTable{
			{ID: "rt-a", VPC: "vpc-a", Routes: []model.Route{mkRoute("10.1.0.0/16", model.KindTransitGateway, "tgw-1")}},
			{ID: "rt-b", VPC: "vpc-b", Routes: []model.Route{mkRoute("10.0.0.0/16", model.KindTransitGateway, "tgw-1")}},
		},
		TransitGateways: []model.TransitGateway{{ID: "tgw-1", State: "available"}},
		TGWAttachments: []model.TGWAttachment{
			{ID: "att-a", TransitGateway: "tgw-1", ResourceType: "vpc", ResourceID: "vpc-a", Subnets: []string{"sn-a"}, State: "available", RouteTable: "tgw-rt"},
			{ID: "att-b", TransitGateway: "tgw-1", ResourceType: "vpc", ResourceID: "vpc-b", Subnets: []string{"sn-b"}, State: "available", RouteTable: "tgw-rt"},
		},
		TGWRouteTables: []model.TGWRouteTable{{ID: "tgw-rt", TransitGateway: "tgw-1", RoutesKnown: true, Propagations: []string{"att-a", "att-b"}}},
	}
	g := Build(s)
	d := g.Directed()
	for _, e := range [][2]string{{"rt-a", "tgw-1"}, {"tgw-1", "tgw-rt"}, {"tgw-rt", "att-b"}, {"att-b", "sn-b"}, {"tgw-rt", "att-a"}, {"att-a", "sn-a"}} {
		u, ok1 := g.NodeOf(e[0])
		v, ok2 := g.NodeOf(e[1])
		if !ok1 || !ok2 || !d.HasEdgeFromTo(u.ID(), v.ID()) {
			t.Errorf("no edge %s → %s", e[0], e[1])
		}
	}
}

func mustDest(t *testing.T, s string) Destination {
	t.Helper()
	d, err := ParseDestination(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
