package main

import (
	"bytes"
	"context"
	"fmt"
	"net/netip"
	"regexp"
	"strings"
	"testing"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/encoding"
	"gonum.org/v1/gonum/graph/encoding/dot"
	"gonum.org/v1/gonum/graph/simple"

	"github.com/cshsim/cshsim/cmd/cshsim/internal/render"
	"github.com/cshsim/cshsim/scenarios"
	"github.com/cshsim/cshsim/sim"
)

// parsedNode records what the DOT decoder hands it.
type parsedNode struct {
	simple.Node
	dotID string
	attrs map[string]string
}

func (n *parsedNode) SetDOTID(id string) { n.dotID = id }
func (n *parsedNode) SetAttribute(a encoding.Attribute) error {
	n.attrs[a.Key] = a.Value
	return nil
}

// parsedGraph builds parsedNodes.
type parsedGraph struct{ *simple.DirectedGraph }

func (g parsedGraph) NewNode() graph.Node {
	return &parsedNode{Node: simple.Node(g.DirectedGraph.NewNode().ID()), attrs: map[string]string{}}
}

// TestGraphDOTRoundTrip writes every scenario's topology as DOT and reads
// it back with gonum's decoder: the same components, kinds and adjacencies.
func TestGraphDOTRoundTrip(t *testing.T) {
	for _, sc := range scenarios.All() {
		t.Run(sc.Name, func(t *testing.T) {
			l, diags := scenarios.Open("scenario:" + sc.Name)
			if l == nil {
				t.Fatal(diags)
			}
			var out, errb bytes.Buffer
			if rc := run(context.Background(), []string{"graph", "scenario:" + sc.Name}, &out, &errb); rc != 0 {
				t.Fatalf("exit %d: %s", rc, errb.String())
			}
			got := parsedGraph{simple.NewDirectedGraph()}
			if err := dot.Unmarshal(out.Bytes(), got); err != nil {
				t.Fatalf("dot.Unmarshal: %v\n%s", err, out.String())
			}
			want := l.Graph.Directed()
			if g, w := got.Nodes().Len(), want.Nodes().Len(); g != w || w == 0 {
				t.Errorf("%d nodes read back, want %d (and more than none)", g, w)
			}
			if g, w := len(graph.EdgesOf(got.Edges())), countEdges(want); g != w || w == 0 {
				t.Errorf("%d edges read back, want %d (and more than none)", g, w)
			}
			// Every component comes back under its id, with its kind.
			byID := map[string]*parsedNode{}
			for _, n := range graph.NodesOf(got.Nodes()) {
				pn := n.(*parsedNode)
				byID[pn.dotID] = pn
			}
			for _, n := range graph.NodesOf(want.Nodes()) {
				id, kind := nodeRef(n)
				pn := byID[id]
				if pn == nil {
					t.Errorf("component %s missing from the DOT", id)
					continue
				}
				if pn.attrs["kind"] != kind || !strings.HasPrefix(pn.attrs["label"], id+"\n") {
					t.Errorf("%s: attributes %v, want kind %s and a label starting with the id", id, pn.attrs, kind)
				}
				for _, to := range graph.NodesOf(want.From(n.ID())) {
					tid, _ := nodeRef(to)
					if byID[tid] == nil || !got.HasEdgeFromTo(pn.ID(), byID[tid].ID()) {
						t.Errorf("edge %s -> %s missing from the DOT", id, tid)
					}
				}
			}
		})
	}
}

func countEdges(g graph.Directed) int {
	n := 0
	for _, u := range graph.NodesOf(g.Nodes()) {
		n += g.From(u.ID()).Len()
	}
	return n
}

func nodeRef(n graph.Node) (id, kind string) {
	sn := n.(sim.Node)
	return sn.Ref.ID, string(sn.Ref.Kind)
}

// TestMermaidValid checks that every picture cshsim draws is a flowchart
// Mermaid can read: the topology of every scenario, explain for every
// expectation of every scenario, and reach.
func TestMermaidValid(t *testing.T) {
	check := func(t *testing.T, args ...string) {
		t.Helper()
		var out, errb bytes.Buffer
		if rc := run(context.Background(), args, &out, &errb); rc == exitUsage {
			t.Fatalf("cshsim %s: exit 2: %s", strings.Join(args, " "), errb.String())
		}
		if err := validateMermaid(out.String()); err != nil {
			t.Errorf("cshsim %s: %v\n%s", strings.Join(args, " "), err, out.String())
		}
	}
	for _, sc := range scenarios.All() {
		name := "scenario:" + sc.Name
		check(t, "graph", name, "--format", "mermaid")
		doc, _ := sc.Load()
		froms := map[string]bool{}
		for _, e := range doc.Expects {
			if !froms[e.From] {
				froms[e.From] = true
				check(t, "reach", name, "--from", e.From, "--format", "mermaid")
			}
			check(t, "explain", name, "--from", e.From, "--to", e.To, "--format", "mermaid")
		}
	}
}

// TestMermaidValidator shows the validator rejects what Mermaid rejects.
func TestMermaidValidator(t *testing.T) {
	good := "flowchart LR\n  a[\"x\"]\n  b([\"y #quot;z#quot;\"])\n  c{{\"w\"}}\n  a --> b\n  b -. as if allowed .-> c\n  c -.-x a\n  subgraph s[\"s\"]\n    d[\"d\"]\n  end\n  classDef red fill:#f00\n  class a,b red\n"
	if err := validateMermaid(good); err != nil {
		t.Fatalf("good chart rejected: %v", err)
	}
	for _, bad := range []string{
		"graph\n  a[\"x\"]\n",                               // no flowchart header
		"flowchart LR\n  a[\"x\"\n",                         // unbalanced bracket
		"flowchart LR\n  a[\"say \"hi\"\"]\n",               // raw quote in a label
		"flowchart LR\n  a[\"x\"]\n  a --> b\n",             // undefined node
		"flowchart LR\n  subgraph s[\"s\"]\n  a[\"x\"]\n",   // subgraph not closed
		"flowchart LR\n  end\n",                             // end without subgraph
		"flowchart LR\n  end[\"x\"]\n",                      // reserved id
		"flowchart LR\n  a[\"x\"]\n  a --> \n",              // dangling arrow
		"flowchart LR\n  a-b[\"x\"]\n",                      // bad id
		"flowchart LR\n  a[\"x\"]\n  class z red\n",         // class of an undefined node
		"flowchart LR\n  a[\"x\"]\n  a[\"x <b>\"]\n",        // raw < in a label, a node defined twice
		"flowchart LR\n  a[\"one [two]\"]\n",                // raw brackets in a label
		"flowchart LR\n  a[\"x\"]\n  b[\"y\"]\n  a --- b\n", // unknown arrow
	} {
		if err := validateMermaid(bad); err == nil {
			t.Errorf("validateMermaid accepted:\n%s", bad)
		}
	}
}

// TestMermaidEscape draws a source whose id holds every character Mermaid
// reads as syntax (render's TestLabel pins the escaping itself): the
// drawing is still a flowchart Mermaid reads.
func TestMermaidEscape(t *testing.T) {
	src := sim.Source{Kind: sim.SourceKind("eni"), ID: `web "only" [legacy] <old> {x} (y) a|b #1 & ` + "`c`", IP: netip.MustParseAddr("10.0.1.5"), Subnet: "subnet-[a]"}
	var b strings.Builder
	render.QueryMermaid(&b, "odd #names", src, nil)
	want := `src(["eni web #quot;only#quot; #91;legacy#93; #lt;old#gt; #123;x#125; #40;y#41; a#124;b #35;1 #amp; #96;c#96;<br/>10.0.1.5 in subnet-#91;a#93;"])`
	if !strings.Contains(b.String(), want) {
		t.Errorf("no %s in\n%s", want, b.String())
	}
	if err := validateMermaid(b.String()); err != nil {
		t.Errorf("%v\n%s", err, b.String())
	}
}

var (
	mmID      = `[A-Za-z][A-Za-z0-9_]*`
	mmLabel   = `"(?:[^"\[\]{}<>]|<br/>)*"`
	mmNode    = regexp.MustCompile(`^(` + mmID + `)(\(\[` + mmLabel + `\]\)|\{\{` + mmLabel + `\}\}|\[` + mmLabel + `\]|\(` + mmLabel + `\))$`)
	mmEdge    = regexp.MustCompile(`^(` + mmID + `) (-->|-\.-x|--x|-\. [^.<>"|]+ \.->) (` + mmID + `)$`)
	mmSub     = regexp.MustCompile(`^subgraph (` + mmID + `)\[` + mmLabel + `\]$`)
	mmClass   = regexp.MustCompile(`^class (` + mmID + `(?:,` + mmID + `)*) (` + mmID + `)$`)
	mmDef     = regexp.MustCompile(`^classDef (` + mmID + `) [a-z-]+:[^ ;]+(?:,[a-z-]+:[^ ;]+)*$`)
	mmDir     = regexp.MustCompile(`^direction (LR|RL|TB|BT|TD)$`)
	mmEntity  = regexp.MustCompile(`#([a-z]+|[0-9]+);`)
	mmEntites = map[string]bool{"quot": true, "amp": true, "lt": true, "gt": true}
)

// validateMermaid checks a flowchart in the subset of Mermaid's syntax
// cshsim writes: a flowchart header; node definitions with quoted labels
// (no raw quotes or brackets inside, only known entity codes); edges
// between defined nodes; balanced subgraph/end; classDef and class lines
// naming defined classes and nodes; %% comments.
func validateMermaid(s string) error {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) == 0 || !regexp.MustCompile(`^flowchart (LR|RL|TB|BT|TD)$`).MatchString(lines[0]) {
		return fmt.Errorf("line 1: want a flowchart header, got %q", lines[0])
	}
	defined, classes := map[string]bool{}, map[string]bool{}
	type ref struct {
		line int
		id   string
	}
	var used []ref
	var classUses []ref
	depth := 0
	for i, raw := range lines[1:] {
		n := i + 2
		l := strings.TrimSpace(raw)
		if l == "" || strings.HasPrefix(l, "%%") {
			continue
		}
		for _, m := range mmEntity.FindAllStringSubmatch(l, -1) {
			if m[1][0] < '0' || m[1][0] > '9' {
				if !mmEntites[m[1]] {
					return fmt.Errorf("line %d: unknown entity code %s", n, m[0])
				}
			}
		}
		if strings.Count(l, "[")+strings.Count(l, "(")+strings.Count(l, "{") != strings.Count(l, "]")+strings.Count(l, ")")+strings.Count(l, "}") {
			return fmt.Errorf("line %d: unbalanced brackets: %s", n, l)
		}
		if strings.Count(l, `"`)%2 != 0 {
			return fmt.Errorf("line %d: unbalanced quotes: %s", n, l)
		}
		switch {
		case l == "end":
			if depth--; depth < 0 {
				return fmt.Errorf("line %d: end without subgraph", n)
			}
		case mmSub.MatchString(l):
			m := mmSub.FindStringSubmatch(l)
			if err := newID(defined, m[1], n); err != nil {
				return err
			}
			depth++
		case mmDir.MatchString(l):
		case mmDef.MatchString(l):
			classes[mmDef.FindStringSubmatch(l)[1]] = true
		case mmClass.MatchString(l):
			m := mmClass.FindStringSubmatch(l)
			for _, id := range strings.Split(m[1], ",") {
				used = append(used, ref{n, id})
			}
			classUses = append(classUses, ref{n, m[2]})
		case mmEdge.MatchString(l):
			m := mmEdge.FindStringSubmatch(l)
			used = append(used, ref{n, m[1]}, ref{n, m[3]})
		case mmNode.MatchString(l):
			if err := newID(defined, mmNode.FindStringSubmatch(l)[1], n); err != nil {
				return err
			}
		default:
			return fmt.Errorf("line %d: not a node, edge, subgraph or class line: %s", n, l)
		}
	}
	if depth != 0 {
		return fmt.Errorf("%d subgraph(s) not closed with end", depth)
	}
	for _, u := range used {
		if !defined[u.id] {
			return fmt.Errorf("line %d: node %s is not defined", u.line, u.id)
		}
	}
	for _, u := range classUses {
		if !classes[u.id] {
			return fmt.Errorf("line %d: class %s has no classDef", u.line, u.id)
		}
	}
	return nil
}

func newID(defined map[string]bool, id string, line int) error {
	switch strings.ToLower(id) {
	case "end", "subgraph", "graph", "flowchart", "class", "classdef", "style", "click", "direction":
		return fmt.Errorf("line %d: %q is a Mermaid keyword, not a node id", line, id)
	}
	if defined[id] {
		return fmt.Errorf("line %d: %s defined twice", line, id)
	}
	defined[id] = true
	return nil
}
