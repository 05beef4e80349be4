package sim

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/topo"

	"github.com/cshsim/cshsim/model"
)

// TestGraphDeterministic: node ids follow sorted component ids, so two
// builds of one snapshot give the same graph, whatever map order did.
func TestGraphDeterministic(t *testing.T) {
	ids := func() []string {
		g := Build(base())
		var out []string
		for _, n := range graph.NodesOf(g.Directed().Nodes()) {
			out = append(out, n.(Node).Ref.ID)
			for _, m := range graph.NodesOf(g.Directed().From(n.ID())) {
				out = append(out, fmt.Sprintf("  → %s", m.(Node).Ref.ID))
			}
		}
		return out
	}
	first := ids()
	if len(first) == 0 {
		t.Fatal("empty graph")
	}
	for range 5 {
		if got := ids(); !slices.Equal(got, first) {
			t.Fatalf("graph differs between builds:\n%v\n%v", got, first)
		}
	}
	g := Build(base())
	n, ok := g.NodeOf("nat-a")
	if !ok || n.Ref.Kind != model.KindNATGateway {
		t.Fatalf("NodeOf(nat-a) = %v, %v", n, ok)
	}
	// rt-priv → nat-a → sn-pub → rt-pub → igw-a: the forwarding adjacencies.
	for _, e := range [][2]string{{"sn-priv", "rt-priv"}, {"rt-priv", "nat-a"}, {"nat-a", "sn-pub"}, {"rt-pub", "igw-a"}, {"sn-db", "rt-main"}} {
		u, _ := g.NodeOf(e[0])
		v, _ := g.NodeOf(e[1])
		if !g.Directed().HasEdgeFromTo(u.ID(), v.ID()) {
			t.Errorf("no edge %s → %s", e[0], e[1])
		}
	}
	// Cycle detection works on the graph (the IGW and its VPC point at
	// each other, so one strongly connected component holds both).
	sccs := topo.TarjanSCC(g.Directed())
	found := false
	for _, c := range sccs {
		if len(c) > 1 {
			found = true
		}
	}
	if !found {
		t.Error("expected a cycle between igw-a and vpc-a")
	}
}

// TestRoutingLoop: a NAT gateway whose own subnet routes the traffic back
// to it sends the packet round in circles.
func TestRoutingLoop(t *testing.T) {
	s := base()
	rtByID(s, "rt-pub").Routes = []model.Route{mkRoute("0.0.0.0/0", model.KindNATGateway, "nat-a")}
	g := Build(s)
	src, _ := g.ResolveSource("cloudshell")
	r := g.Query(src, Destination{Kind: DestIP, Addr: netip.MustParseAddr("203.0.113.1"), Proto: model.ProtoTCP, Port: 443})
	if r.Code != CodeRoutingLoop {
		t.Fatalf("code %q, want %s\n%s", r.Code, CodeRoutingLoop, dumpHops(r))
	}
}

// TestConcurrentQueries: a Graph is immutable after Build and answers
// queries from many goroutines at once (run with -race in CI).
func TestConcurrentQueries(t *testing.T) {
	s := endpoints()
	s.Validate()
	g := Build(s)
	src, _ := g.ResolveSource("cloudshell")
	dsts := g.Catalogue(src)
	want := g.QueryAll(src, dsts, Options{})
	done := make(chan []Result)
	for range 8 {
		go func() { done <- g.QueryAll(src, dsts, Options{}) }()
	}
	for range 8 {
		got := <-done
		for i := range got {
			if got[i].Reachable != want[i].Reachable || got[i].Code != want[i].Code || len(got[i].Hops) != len(want[i].Hops) {
				t.Fatalf("%s: concurrent answer differs", got[i].Destination)
			}
		}
	}
}

// TestConcurrentGraphUse: the component graph is built on first use; the
// first uses may come from several goroutines at once (run with -race).
func TestConcurrentGraphUse(t *testing.T) {
	g := Build(endpoints())
	done := make(chan int)
	for range 8 {
		go func() {
			n := 0
			for it := g.Directed().Nodes(); it.Next(); {
				n++
			}
			if _, ok := g.NodeOf("sn-ep"); !ok {
				n = -1
			}
			done <- n
		}()
	}
	first := <-done
	for range 7 {
		if n := <-done; n != first || n <= 0 {
			t.Fatalf("concurrent first uses saw %d and %d nodes", first, n)
		}
	}
}

// TestRoutingLoops: loops found on the whole graph with gonum's SCC, the
// same ones a walk runs into, and none in a sound network.
func TestRoutingLoops(t *testing.T) {
	if loops := Build(base()).RoutingLoops(); len(loops) != 0 {
		t.Errorf("base network has loops: %v", loops)
	}
	s := base()
	rtByID(s, "rt-pub").Routes = []model.Route{mkRoute("0.0.0.0/0", model.KindNATGateway, "nat-a")}
	loops := Build(s).RoutingLoops()
	if len(loops) != 1 || loops[0].Prefix.String() != "0.0.0.0/0" || strings.Join(loops[0].Subnets, ",") != "sn-pub" {
		t.Fatalf("loops = %+v, want sn-pub forwarding 0.0.0.0/0 to its own NAT gateway", loops)
	}
	// Two transit-connected VPCs whose TGW table sends 10.2/16 back to vpc-a.
	s2 := twoVPCs()
	s2.TGWRouteTables[0].Propagations = nil
	s2.TGWRouteTables[0].Routes = []model.TGWRoute{{Destination: pfx("10.2.0.0/16"), Type: "static", State: "active", Attachments: []string{"att-a"}}}
	rtByID(s2, "rt-a").Routes = []model.Route{mkRoute("10.2.0.0/16", model.KindTransitGateway, "tgw-1")}
	if loops := Build(s2).RoutingLoops(); len(loops) == 0 {
		t.Errorf("no loop found for 10.2.0.0/16 bouncing between vpc-a and tgw-1")
	}
}

// TestTopologyIsDirected: the topology renderers draw is the component
// graph, node for node and edge for edge, in id order.
func TestTopologyIsDirected(t *testing.T) {
	g := Build(twoVPCs())
	d, top := g.Directed(), g.Topology()
	nodes := graph.NodesOf(d.Nodes())
	if len(nodes) != len(top.Nodes) {
		t.Fatalf("%d nodes in the topology, %d in the graph", len(top.Nodes), len(nodes))
	}
	edges := 0
	for i, n := range nodes {
		if n.(Node).Ref != top.Nodes[i] {
			t.Errorf("node %d: %v in the topology, %v in the graph", i, top.Nodes[i], n.(Node).Ref)
		}
		edges += len(graph.NodesOf(d.From(n.ID())))
	}
	if edges != len(top.Edges) || edges == 0 {
		t.Errorf("%d edges in the topology, %d in the graph", len(top.Edges), edges)
	}
	for _, e := range top.Edges {
		if !d.HasEdgeFromTo(nodes[e[0]].ID(), nodes[e[1]].ID()) {
			t.Errorf("edge %s → %s is not in the graph", top.Nodes[e[0]].ID, top.Nodes[e[1]].ID)
		}
	}
}
