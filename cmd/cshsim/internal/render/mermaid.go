package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/cshsim/cshsim/model"
	"github.com/cshsim/cshsim/sim"
)

// Mermaid flowcharts (https://mermaid.js.org/syntax/flowchart.html), which
// GitHub renders in comments and Markdown files inside ```mermaid fences.
// Node ids are generated (src, dst, h1…, n0…), never taken from the
// snapshot; every label is a quoted string with the characters Mermaid
// reads as syntax written as entity codes.

// mermaidEscaper writes the characters that end or change a quoted
// Mermaid label as Mermaid entity codes (#quot; and #<decimal>;).
var mermaidEscaper = strings.NewReplacer(
	`#`, "#35;",
	`"`, "#quot;",
	`&`, "#amp;",
	`<`, "#lt;",
	`>`, "#gt;",
	`[`, "#91;",
	`]`, "#93;",
	`{`, "#123;",
	`}`, "#125;",
	`(`, "#40;",
	`)`, "#41;",
	`|`, "#124;",
	"`", "#96;",
	"\n", " ",
	"\r", " ",
)

// label joins lines, each escaped, into a quoted Mermaid label.
func label(lines ...string) string {
	var esc []string
	for _, l := range lines {
		if l != "" {
			esc = append(esc, mermaidEscaper.Replace(l))
		}
	}
	return `"` + strings.Join(esc, "<br/>") + `"`
}

const mermaidClasses = `  classDef blocked fill:#fdd,stroke:#c00,stroke-width:2px,color:#900
  classDef endpoint fill:#eef,stroke:#66c
`

// mermaidUnknownClass styles hops the snapshot cannot decide; written only
// when a drawing has some.
const mermaidUnknownClass = `  classDef unknown fill:#ffd,stroke:#b80,stroke-width:2px,stroke-dasharray:4,color:#750
`

// QueryMermaid draws the answers of reach, or the one of explain, as a
// flowchart: one node per hop, numbered
// as in the text of explain, the blocking hops red and marked ✗, the hops
// the snapshot cannot decide yellow and marked ?, the stateless checks of
// the reply in a subgraph of their own. One result is
// drawn alone; several (reach) each get a subgraph named by destination,
// all starting from one source node. A destination that needs several
// walks (ECS Exec) gets a subgraph per walk, each ending at the
// destination.
func QueryMermaid(w io.Writer, name string, src sim.Source, rs []sim.Result) {
	fmt.Fprintln(w, "flowchart LR")
	fmt.Fprintf(w, "  %%%% cshsim: %s\n", strings.ReplaceAll(name, "\n", " "))
	fmt.Fprintf(w, "  src([%s])\n", label(string(src.Kind)+" "+src.ID, src.IP.String()+" in "+src.Subnet))
	var bad, unknown, ends []string
	for i, r := range rs {
		prefix, indent := "", "  "
		if len(rs) > 1 {
			prefix, indent = fmt.Sprintf("r%d_", i+1), "    "
			fmt.Fprintf(w, "  subgraph r%d[%s]\n", i+1, label(r.Destination))
		}
		b, u := mermaidResult(w, indent, prefix, r)
		bad, unknown = append(bad, b...), append(unknown, u...)
		ends = append(ends, prefix+"dst")
		if len(rs) > 1 {
			fmt.Fprintln(w, "  end")
		}
	}
	fmt.Fprint(w, mermaidClasses)
	if len(unknown) > 0 {
		fmt.Fprint(w, mermaidUnknownClass)
	}
	fmt.Fprintf(w, "  class %s endpoint\n", strings.Join(append([]string{"src"}, ends...), ","))
	if len(bad) > 0 {
		fmt.Fprintf(w, "  class %s blocked\n", strings.Join(bad, ","))
	}
	if len(unknown) > 0 {
		fmt.Fprintf(w, "  class %s unknown\n", strings.Join(unknown, ","))
	}
}

// mermaidResult writes the nodes and edges of one result and returns the
// ids of its blocking hops and of the hops the snapshot cannot decide.
// Node ids are prefix + dst, h<n>, part<n>, reply<n>.
func mermaidResult(w io.Writer, indent, prefix string, r sim.Result) (bad, unknown []string) {
	node := func(ind string, n int, h sim.Hop) string {
		id := fmt.Sprintf("%sh%d", prefix, n)
		kind := string(h.Kind)
		if h.Direction != "" {
			kind += " " + string(h.Direction)
		}
		verdict := string(h.Verdict)
		switch {
		case h.Blocked():
			verdict = "✗ " + verdict
			if h.Code != "" {
				verdict += " " + string(h.Code)
			}
			bad = append(bad, id)
		case h.Verdict == sim.Undecided:
			verdict = "? " + verdict
			if h.Code != "" {
				verdict += " " + string(h.Code)
			}
			unknown = append(unknown, id)
		}
		fmt.Fprintf(w, "%s%s[%s]\n", ind, id, label(fmt.Sprintf("%d. %s", n, h.Component), kind, h.Rule, verdict))
		return id
	}
	// edge joins two nodes; after a blocking hop the walk went on as if
	// it had let the packet pass, to find every blocker.
	edge := func(ind, from string, fromHop *sim.Hop, to string) {
		if fromHop != nil && fromHop.Blocked() {
			fmt.Fprintf(w, "%s%s -. as if allowed .-> %s\n", ind, from, to)
			return
		}
		if fromHop != nil && fromHop.Verdict == sim.Undecided {
			fmt.Fprintf(w, "%s%s -. unknown .-> %s\n", ind, from, to)
			return
		}
		fmt.Fprintf(w, "%s%s --> %s\n", ind, from, to)
	}
	// chain writes hops as numbered nodes joined in order and returns the
	// last one.
	chain := func(ind, from string, idx []int) (last string, lastHop *sim.Hop) {
		last = from
		for _, i := range idx {
			id := node(ind, i+1, r.Hops[i])
			if last != "" {
				edge(ind, last, lastHop, id)
			}
			last, lastHop = id, &r.Hops[i]
		}
		return last, lastHop
	}
	// end joins the last hop of a walk to the destination: a cross when
	// the walk did not deliver the packet.
	dst := prefix + "dst"
	end := func(ind, last string, lastHop *sim.Hop, ok bool) {
		if ok && lastHop != nil {
			edge(ind, last, lastHop, dst)
			return
		}
		fmt.Fprintf(w, "%s%s -.-x %s\n", ind, last, dst)
	}

	what := r.Destination
	if r.Address != "" && !strings.HasPrefix(r.Destination, r.Address) {
		what += " (" + r.Address + ")"
	}
	verdict := "reachable"
	switch {
	case r.Verdict == sim.Unknown:
		verdict = "UNKNOWN " + string(r.Code)
	case !r.Reachable:
		verdict = "UNREACHABLE " + string(r.Code)
	}
	fmt.Fprintf(w, "%s%s([%s])\n", indent, dst, label(what, verdict))

	// Group the hops by walk (ECS Exec needs several), then by leg.
	type group struct {
		part     string
		fwd, ret []int // indices into r.Hops
	}
	var groups []*group
	for i, h := range r.Hops {
		if len(groups) == 0 || groups[len(groups)-1].part != h.Part {
			groups = append(groups, &group{part: h.Part})
		}
		g := groups[len(groups)-1]
		if h.Leg == sim.LegReturn {
			g.ret = append(g.ret, i)
		} else {
			g.fwd = append(g.fwd, i)
		}
	}
	if len(groups) == 0 {
		fmt.Fprintf(w, "%ssrc -.-x %s\n", indent, dst)
		return bad, unknown
	}
	for gi, g := range groups {
		ind, from := indent, "src"
		if g.part != "" {
			fmt.Fprintf(w, "%ssubgraph %spart%d[%s]\n", indent, prefix, gi+1, label(g.part))
			ind, from = indent+"  ", ""
		}
		ok := true // the request arrived; a blocked reply shows in its subgraph
		for _, i := range g.fwd {
			ok = ok && !r.Hops[i].Blocked()
		}
		last, lastHop := chain(ind, from, g.fwd)
		if len(g.ret) > 0 {
			fmt.Fprintf(w, "%ssubgraph %sreply%d[%s]\n", ind, prefix, gi+1, label("the reply"))
			chain(ind+"  ", "", g.ret)
			fmt.Fprintf(w, "%send\n", ind)
		}
		if g.part != "" {
			fmt.Fprintf(w, "%send\n", indent)
		}
		end(indent, last, lastHop, ok)
		if len(g.ret) > 0 {
			from := last
			if g.part == "" {
				from = dst
			}
			fmt.Fprintf(w, "%s%s -. reply .-> %sh%d\n", indent, from, prefix, g.ret[0]+1)
		}
	}
	return bad, unknown
}

// mermaidShape gives kinds of component a shape: interfaces are stadiums,
// gateways hexagons, the rest boxes.
func mermaidShape(k model.Kind) (open, close string) {
	switch k {
	case model.KindENI, model.KindCloudShell, model.KindInstance, model.KindECSTask:
		return "([", "])"
	case model.KindInternetGateway, model.KindEgressOnlyIGW, model.KindNATGateway, model.KindEndpoint,
		model.KindTransitGateway, model.KindPeering, model.KindVPNGateway:
		return "{{", "}}"
	}
	return "[", "]"
}

// TopologyMermaid draws sim's component graph t (sim.Graph.Topology) of
// the snapshot called name: one node per component, one arrow per
// forwarding adjacency, in id order.
func TopologyMermaid(w io.Writer, name string, t sim.Topology) {
	fmt.Fprintln(w, "flowchart LR")
	fmt.Fprintf(w, "  %%%% cshsim graph: %s\n", strings.ReplaceAll(name, "\n", " "))
	for i, r := range t.Nodes {
		if r.ID == "" {
			r = model.Ref{Kind: model.KindOther, ID: fmt.Sprint(i)}
		}
		open, close := mermaidShape(r.Kind)
		fmt.Fprintf(w, "  n%d%s%s%s\n", i, open, label(r.ID, string(r.Kind)), close)
	}
	for _, e := range t.Edges {
		fmt.Fprintf(w, "  n%d --> n%d\n", e[0], e[1])
	}
}
