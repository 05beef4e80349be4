package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"slices"
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
		d := diffSnapshots(loaded, sides, extra, a.options())
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
	Changes []change `json:"changes"`
}

type diffSide struct {
	Snapshot string     `json:"snapshot"`
	Source   sim.Source `json:"source"`
}

// Kinds of change.
const (
	becameReachable   = "became-reachable"
	becameUnreachable = "became-unreachable"
	stillReachable    = "still-reachable"   // by another path
	stillUnreachable  = "still-unreachable" // for another reason, or at another place
)

// change is one destination whose answer differs.
type change struct {
	Destination string `json:"destination"`
	// Kind is became-reachable, became-unreachable, still-reachable (by
	// another path) or still-unreachable (for another reason or at another
	// component).
	Kind string `json:"kind"`
	// Changed lists what differs: reachable, code, path, blockers.
	Changed []string `json:"changed"`
	// PathBefore and PathAfter are the paths compared, one line each.
	PathBefore string     `json:"path_before"`
	PathAfter  string     `json:"path_after"`
	Before     sim.Result `json:"before"`
	After      sim.Result `json:"after"`
}

// diffSnapshots queries the union of both catalogues and extra on both
// snapshots and compares the answers.
func diffSnapshots(l [2]*scenarios.Loaded, s [2]diffSide, extra []sim.Destination, opts sim.Options) diffOutput {
	var dsts []sim.Destination
	seen := map[string]bool{}
	for _, ds := range [][]sim.Destination{l[0].Graph.Catalogue(s[0].Source), l[1].Graph.Catalogue(s[1].Source), extra} {
		for _, d := range ds {
			if k := d.String(); !seen[k] {
				seen[k] = true
				dsts = append(dsts, d)
			}
		}
	}
	before := l[0].Graph.QueryAll(s[0].Source, dsts, opts)
	after := l[1].Graph.QueryAll(s[1].Source, dsts, opts)
	out := diffOutput{Version: 1, Old: s[0], New: s[1], Destinations: []string{}, Changes: []change{}}
	for i := range dsts {
		out.Destinations = append(out.Destinations, before[i].Destination)
		if c, ok := compare(before[i], after[i]); ok {
			out.Changes = append(out.Changes, c)
		}
	}
	return out
}

// compare says what differs between two answers for one destination.
// Rules and details may differ without a change (a rule moved, a line
// number changed); the verdict, the code, the components on the path and
// their verdicts, and the blockers may not.
func compare(b, a sim.Result) (change, bool) {
	c := change{Destination: b.Destination, PathBefore: pathOf(b), PathAfter: pathOf(a), Before: b, After: a}
	if b.Reachable != a.Reachable {
		c.Changed = append(c.Changed, "reachable")
	}
	if b.Code != a.Code {
		c.Changed = append(c.Changed, "code")
	}
	if c.PathBefore != c.PathAfter {
		c.Changed = append(c.Changed, "path")
	}
	if !slices.Equal(blockerKeys(b), blockerKeys(a)) {
		c.Changed = append(c.Changed, "blockers")
	}
	if len(c.Changed) == 0 {
		return change{}, false
	}
	switch {
	case !b.Reachable && a.Reachable:
		c.Kind = becameReachable
	case b.Reachable && !a.Reachable:
		c.Kind = becameUnreachable
	case a.Reachable:
		c.Kind = stillReachable
	default:
		c.Kind = stillUnreachable
	}
	return c, true
}

func blockerKeys(r sim.Result) []string {
	var ks []string
	for _, b := range r.Blockers {
		ks = append(ks, string(b.Code)+"@"+b.Component)
	}
	return ks
}

// pathOf is every hop's component in walk order, the blocking ones marked
// ✗, the reply after "reply:", each part of a multi-part destination
// named; a component deciding twice in a row is written once, and the
// VPC's implicit allow-all ACL is left out, as reach leaves it out.
func pathOf(r sim.Result) string {
	var b strings.Builder
	part, reply, prev := "", false, ""
	for i, h := range r.Hops {
		if i == 0 || h.Part != part {
			if b.Len() > 0 {
				b.WriteString("; ")
			}
			if h.Part != "" {
				b.WriteString("[" + h.Part + "] ")
			}
			part, reply, prev = h.Part, false, ""
		}
		if h.Leg == sim.LegReturn && !reply {
			if prev != "" {
				b.WriteString(" | ")
			}
			b.WriteString("reply: ")
			reply, prev = true, ""
		}
		if strings.HasPrefix(h.Component, "default-acl:") && h.Verdict == sim.Allow {
			continue // the implicit allow-all ACL: its absence is no change
		}
		name := h.Component
		if blocked(h) {
			name += " ✗"
		}
		if name == prev {
			continue
		}
		if prev != "" {
			b.WriteString(" → ")
		}
		b.WriteString(name)
		prev = name
	}
	return b.String()
}

func verdictOf(r sim.Result) string {
	if r.Reachable {
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
	counts := map[string]int{}
	for _, c := range d.Changes {
		counts[c.Kind]++
	}
	var parts []string
	for _, k := range []struct{ kind, what string }{
		{becameReachable, "became reachable"},
		{becameUnreachable, "became unreachable"},
		{stillReachable, "reachable by another path"},
		{stillUnreachable, "unreachable for another reason"},
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
