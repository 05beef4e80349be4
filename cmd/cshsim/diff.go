package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/cshsim/cshsim/scenarios"
	"github.com/cshsim/cshsim/sim"
)

type diffArgs struct {
	reachArgs
	exitCode bool
}

var cmdDiff = &command{
	Name:      "diff",
	UsageLine: "diff OLD NEW [--from SRC] [--to DST]... [--exit-code] [--format text|json]",
	Short:     "show which destinations a network change makes reachable or unreachable",
	Long: `Diff answers the same questions on two snapshots, OLD and NEW, and lists
every destination whose answer changed: it became reachable or unreachable,
it is dropped for another reason (code), or it takes another path. Each
change shows the path before and after and both explanations, one after the
other. Destinations whose answer did not change are not listed.

The destinations are the default catalogue of 'cshsim reach' for the source
in both snapshots, plus every --to. OLD and NEW may be of different kinds: a
.toml design, a folder of AWS CLI exports, scenario:<name>. The source must
exist in both.

--exit-code exits 1 when anything changed, as 'git diff --exit-code' does, so
that CI can stop a change that breaks a path. Exit status 2 on bad usage or
input.

Examples:
  cshsim diff scenario:private-nat scenario:public-subnet
  cshsim diff main.toml branch.toml --to 10.0.2.10:5432 --exit-code
  cshsim diff ./export-monday ./export-friday --from eni-0a1b2c3d --format json`,
	Flags: func(fs *flag.FlagSet) any {
		a := &diffArgs{reachArgs: reachArgs{format: formatFlag{val: "text", allowed: []string{"text", "json"}}}}
		fs.StringVar(&a.from, "from", "cloudshell", "the source, in both snapshots: cloudshell, cloudshell:<name>, eni-…, ecs-task:<id>, subnet:<id>[,sg-…]")
		fs.Var(&a.to, "to", "a destination to compare besides the catalogue (repeatable)")
		fs.BoolVar(&a.exitCode, "exit-code", false, "exit 1 when any destination changed")
		fs.Var(&a.format, "format", "output format: text or json")
		dnsFlag(fs, &a.reachArgs)
		return a
	},
	Run: func(ctx context.Context, e *env, args any, pos []string) int {
		a := args.(*diffArgs)
		if len(pos) != 2 {
			return e.errorf("diff: want two snapshots, OLD and NEW, got %d (%v)", len(pos), pos)
		}
		var extra []sim.Destination
		for _, t := range a.to {
			d, err := sim.ParseDestination(t)
			if err != nil {
				return e.errorf("--to: %v", err)
			}
			extra = append(extra, d)
		}
		var sides [2]diffSide
		var loaded [2]*scenarios.Loaded
		for i, arg := range pos {
			l, ok := load(arg, e.stderr)
			if !ok {
				return exitUsage
			}
			src, err := l.Graph.ResolveSource(a.from)
			if err != nil {
				return e.errorf("diff: --from %s: not in %s %s: %v", a.from, [2]string{"OLD", "NEW"}[i], l.Name, err)
			}
			loaded[i], sides[i] = l, diffSide{Snapshot: l.Name, Source: src}
		}
		d := diffOutput{Version: 1, Old: sides[0], New: sides[1]}
		d.Destinations, d.Changes = sim.Diff(loaded[0].Graph, sides[0].Source, loaded[1].Graph, sides[1].Source, extra, a.options())
		if a.format.val == "json" {
			enc := json.NewEncoder(e.stdout)
			enc.SetIndent("", "  ")
			enc.SetEscapeHTML(false)
			if err := enc.Encode(d); err != nil {
				return e.errorf("writing JSON: %v", err)
			}
		} else {
			renderDiff(e.stdout, d)
		}
		if a.exitCode && len(d.Changes) > 0 {
			return exitNegative
		}
		return exitOK
	},
}

// diffOutput is the result of diff, and its JSON form (fields are only
// ever added).
type diffOutput struct {
	Version int      `json:"version"`
	Old     diffSide `json:"old"`
	New     diffSide `json:"new"`
	// Destinations lists every destination compared, canonical.
	Destinations []string `json:"destinations"`
	// Changes lists the destinations whose answer changed, in the order
	// of Destinations.
	Changes []sim.Change `json:"changes"`
}

type diffSide struct {
	Snapshot string     `json:"snapshot"`
	Source   sim.Source `json:"source"`
}

// verdictOf is one side of a change in a word and its code.
func verdictOf(r sim.Result) string {
	switch {
	case r.Verdict == sim.Unknown:
		return "UNKNOWN (" + string(r.Code) + ")"
	case r.Reachable:
		return "reachable"
	}
	return "UNREACHABLE (" + string(r.Code) + ")"
}

func renderDiff(w io.Writer, d diffOutput) {
	fmt.Fprintf(w, "OLD %s\nNEW %s\n", d.Old.Snapshot, d.New.Snapshot)
	fmt.Fprintf(w, "from %s\n", describeSource(d.Old.Source))
	if o, n := describeSource(d.Old.Source), describeSource(d.New.Source); o != n {
		fmt.Fprintf(w, "     %s (in NEW)\n", n)
	}
	fmt.Fprintln(w)
	if len(d.Changes) == 0 {
		fmt.Fprintf(w, "no change in %d destinations\n", len(d.Destinations))
		return
	}
	counts := map[sim.ChangeKind]int{}
	for _, c := range d.Changes {
		counts[c.Kind]++
	}
	var parts []string
	for _, k := range []struct {
		kind sim.ChangeKind
		what string
	}{
		{sim.BecameReachable, "became reachable"},
		{sim.BecameUnreachable, "became unreachable"},
		{sim.StillReachable, "reachable by another path"},
		{sim.StillUnreachable, "unreachable for another reason"},
		{sim.BecameUnknown, "became unknown"},
		{sim.BecameKnown, "became known"},
		{sim.StillUnknown, "unknown for another reason"},
	} {
		if n := counts[k.kind]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, k.what))
		}
	}
	fmt.Fprintf(w, "%d of %d destinations changed: %s\n\n", len(d.Changes), len(d.Destinations), strings.Join(parts, ", "))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "DESTINATION\tOLD\tNEW\tCHANGED")
	for _, c := range d.Changes {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", c.Destination, verdictOf(c.Before), verdictOf(c.After), strings.Join(c.Changed, ", "))
	}
	tw.Flush()
	for _, c := range d.Changes {
		fmt.Fprintf(w, "\n== %s: %s → %s\n", c.Destination, verdictOf(c.Before), verdictOf(c.After))
		fmt.Fprintf(w, "  path before: %s\n", c.PathBefore)
		fmt.Fprintf(w, "  path after:  %s\n\n", c.PathAfter)
		fmt.Fprintf(w, "  --- OLD\n")
		var b strings.Builder
		renderExplain(&b, d.Old.Snapshot, d.Old.Source, c.Before)
		writeIndented(w, "    ", b.String())
		fmt.Fprintf(w, "  +++ NEW\n")
		b.Reset()
		renderExplain(&b, d.New.Snapshot, d.New.Source, c.After)
		writeIndented(w, "    ", b.String())
	}
}

// writeIndented writes text with each non-empty line indented.
func writeIndented(w io.Writer, indent, text string) {
	for _, line := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		if line == "" {
			fmt.Fprintln(w)
			continue
		}
		fmt.Fprintf(w, "%s%s\n", indent, line)
	}
}
