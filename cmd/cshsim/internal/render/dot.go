package render

import (
	"io"

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

// dotNode is a component of the topology: its DOT id is the component
// id, and it carries attributes.
type dotNode struct {
	id  int64
	Ref model.Ref
}

func (n dotNode) ID() int64 { return n.id }

// DOTID names the node in DOT output.
func (n dotNode) DOTID() string { return n.Ref.ID }

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

// TopologyDOT writes sim's component graph t (sim.Graph.Topology) as
// Graphviz DOT through gonum's encoder: each node labelled with its id and
// kind, nodes and edges in id order.
func TopologyDOT(w io.Writer, t sim.Topology) error {
	dg := dotGraph{simple.NewDirectedGraph()}
	for i, r := range t.Nodes {
		dg.AddNode(dotNode{int64(i), r})
	}
	for _, e := range t.Edges {
		dg.SetEdge(simple.Edge{F: dg.Node(int64(e[0])), T: dg.Node(int64(e[1]))})
	}
	b, err := dot.Marshal(dg, "", "", "  ")
	if err != nil {
		return err
	}
	b = append(b, '\n')
	_, err = w.Write(b)
	return err
}
