package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/encoding"
	"gonum.org/v1/gonum/graph/encoding/dot"
	"gonum.org/v1/gonum/graph/simple"

	"github.com/cshsim/cshsim/model"
	"github.com/cshsim/cshsim/sim"
)

type graphArgs struct {
	format formatFlag
}

var cmdGraph = &command{
	Name:      "graph",
	UsageLine: "graph [SNAPSHOT] [--format dot|mermaid]",
	Short:     "draw the network's components and how they connect",
	Long: `Graph prints the topology the simulation walks: one node per component
(VPC, subnet, route table, gateway, security group, network ACL, interface,
CloudShell environment…) and one arrow per forwarding adjacency (an
interface to its subnet and security groups, a subnet to its route table,
network ACL and VPC, a route table to each route target, a NAT gateway to its
subnet, an internet gateway to and from its VPC). Nodes and arrows come in
component id order, so the output is stable.

--format dot (the default) writes Graphviz DOT, each node labelled with its
id and kind; --format mermaid writes a Mermaid flowchart, which GitHub renders
inside a mermaid code block.

Examples:
  cshsim graph | dot -Tsvg > network.svg
  cshsim graph design.toml --format mermaid`,
	Flags: func(fs *flag.FlagSet) any {
		a := &graphArgs{format: formatFlag{val: "dot", allowed: []string{"dot", "mermaid"}}}
		fs.Var(&a.format, "format", "output format: dot or mermaid")
		return a
	},
	Run: func(ctx context.Context, e *env, args any, pos []string) int {
		a := args.(*graphArgs)
		if len(pos) > 1 {
			return e.errorf("graph: one SNAPSHOT at most, got %d (%v)", len(pos), pos)
		}
		snap := ""
		if len(pos) == 1 {
			snap = pos[0]
		}
		l, ok := load(snap, e.stderr)
		if !ok {
			return exitUsage
		}
		if a.format.val == "mermaid" {
			renderTopologyMermaid(e.stdout, l.Name, l.Graph.Directed())
			return exitOK
		}
		if err := renderTopologyDOT(e.stdout, l.Graph.Directed()); err != nil {
			return e.errorf("graph: %v", err)
		}
		return exitOK
	},
}

// dotGraph is sim's component graph with DOT attributes: its nodes carry
// labels, kinds and shapes. gonum's encoder sorts nodes and edges by id.
type dotGraph struct{ *simple.DirectedGraph }

func (dotGraph) DOTID() string { return "cshsim" }

func (dotGraph) DOTAttributers() (g, n, e encoding.Attributer) {
	return attrs{{Key: "rankdir", Value: "LR"}}, attrs{{Key: "fontname", Value: "Helvetica"}}, nil
}

type attrs []encoding.Attribute

func (a attrs) Attributes() []encoding.Attribute { return a }

// dotNode is a sim.Node (whose DOTID is the component id) with attributes.
type dotNode struct{ sim.Node }

func (n dotNode) Attributes() []encoding.Attribute {
	return []encoding.Attribute{
		{Key: "kind", Value: string(n.Ref.Kind)},
		{Key: "label", Value: n.Ref.ID + "\n" + string(n.Ref.Kind)},
		{Key: "shape", Value: dotShape(n.Ref.Kind)},
	}
}

func dotShape(k model.Kind) string {
	open, _ := mermaidShape(k)
	switch open {
	case "([":
		return "ellipse"
	case "{{":
		return "hexagon"
	}
	return "box"
}

// renderTopologyDOT writes g through gonum's DOT encoder.
func renderTopologyDOT(w io.Writer, g graph.Directed) error {
	dg := dotGraph{simple.NewDirectedGraph()}
	nodes := graph.NodesOf(g.Nodes())
	for _, n := range nodes {
		sn, ok := n.(sim.Node)
		if !ok {
			return fmt.Errorf("node %d is a %T, not a sim.Node", n.ID(), n)
		}
		dg.AddNode(dotNode{sn})
	}
	for _, n := range nodes {
		for _, t := range graph.NodesOf(g.From(n.ID())) {
			dg.SetEdge(simple.Edge{F: dg.Node(n.ID()), T: dg.Node(t.ID())})
		}
	}
	b, err := dot.Marshal(dg, "", "", "  ")
	if err != nil {
		return err
	}
	b = append(b, '\n')
	_, err = w.Write(b)
	return err
}
