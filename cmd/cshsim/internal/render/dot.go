package render

import (
	"fmt"
	"io"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/encoding"
	"gonum.org/v1/gonum/graph/encoding/dot"
	"gonum.org/v1/gonum/graph/simple"

	"github.com/cshsim/cshsim/model"
	"github.com/cshsim/cshsim/sim"
)

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

// TopologyDOT writes sim's component graph g (sim.Graph.Directed) as
// Graphviz DOT through gonum's encoder: each node labelled with its id and
// kind, nodes and edges in id order. It fails on a node that is not a
// sim.Node.
func TopologyDOT(w io.Writer, g graph.Directed) error {
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
