package main

import (
	"context"
	"flag"

	"github.com/cshsim/cshsim/cmd/cshsim/internal/render"
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
		l, ok := load(e, snap)
		if !ok {
			return exitUsage
		}
		if a.format.val == "mermaid" {
			render.TopologyMermaid(e.stdout, l.Name, l.Graph.Topology())
			return exitOK
		}
		if err := render.TopologyDOT(e.stdout, l.Graph.Topology()); err != nil {
			return e.errorf("graph: %v", err)
		}
		return exitOK
	},
}
