package render

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/cshsim/cshsim/sim"
)

// Diff is the result of diff, and with a version field before it its JSON
// form (fields are only ever added).
type Diff struct {
	Old DiffSide `json:"old"`
	New DiffSide `json:"new"`
	// Destinations lists every destination compared, canonical.
	Destinations []string `json:"destinations"`
	// Changes lists the destinations whose answer changed, in the order
	// of Destinations.
	Changes []sim.Change `json:"changes"`
}

// DiffSide is one of the two snapshots diff compares, and the source the
// questions are asked from in it.
type DiffSide struct {
	Snapshot string     `json:"snapshot"`
	Source   sim.Source `json:"source"`
}

// diffVersion is the version field of diff's JSON view.
const diffVersion = 1

// DiffJSON writes d as one indented JSON object, its version first.
func DiffJSON(w io.Writer, d Diff) error {
	return writeJSON(w, struct {
		Version int `json:"version"`
		Diff
	}{diffVersion, d})
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

// DiffText writes diff's report: the two snapshots and the source, a count
// of the changes by kind, a table of them, then for each the paths before
// and after and both explanations.
func DiffText(w io.Writer, d Diff) {
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
		ExplainText(&b, d.Old.Snapshot, d.Old.Source, c.Before)
		Indent(w, "    ", b.String())
		fmt.Fprintf(w, "  +++ NEW\n")
		b.Reset()
		ExplainText(&b, d.New.Snapshot, d.New.Source, c.After)
		Indent(w, "    ", b.String())
	}
}

// Indent writes text with each non-empty line indented, an empty line
// empty.
func Indent(w io.Writer, indent, text string) {
	for _, line := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		if line == "" {
			fmt.Fprintln(w)
			continue
		}
		fmt.Fprintf(w, "%s%s\n", indent, line)
	}
}
