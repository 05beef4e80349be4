package sim

import (
	"slices"
	"strings"
)

// ChangeKind says how one destination's answer changed between two
// snapshots.
type ChangeKind string

// Kinds of change.
const (
	BecameReachable   ChangeKind = "became-reachable"
	BecameUnreachable ChangeKind = "became-unreachable"
	// StillReachable is reachable in both, by another path.
	StillReachable ChangeKind = "still-reachable"
	// StillUnreachable is unreachable in both, for another reason or at
	// another component.
	StillUnreachable ChangeKind = "still-unreachable"
	// BecameUnknown is an answer that was certain and now needs data the
	// snapshot lacks; BecameKnown the reverse (the new answer is in
	// After.Verdict).
	BecameUnknown ChangeKind = "became-unknown"
	BecameKnown   ChangeKind = "became-known"
	// StillUnknown is unknown in both, for another reason.
	StillUnknown ChangeKind = "still-unknown"
)

// Change is one destination whose answer differs between two snapshots.
type Change struct {
	Destination string     `json:"destination"`
	Kind        ChangeKind `json:"kind"`
	// Changed lists what differs: verdict, reachable, code, path,
	// blockers, unknowns.
	Changed []string `json:"changed"`
	// PathBefore and PathAfter are the paths compared, as PathLine
	// writes them.
	PathBefore string `json:"path_before"`
	PathAfter  string `json:"path_after"`
	Before     Result `json:"before"`
	After      Result `json:"after"`
}

// Compare says what differs between two answers for one destination, and
// false when nothing that matters does. Rules and details may differ
// without a change (a rule moved, a line number changed); the verdict, the
// code, the components on the path and their verdicts, and the blockers
// may not.
func Compare(before, after Result) (Change, bool) {
	c := Change{Destination: before.Destination, PathBefore: before.PathLine(), PathAfter: after.PathLine(), Before: before, After: after}
	if before.Verdict != after.Verdict {
		c.Changed = append(c.Changed, "verdict")
	}
	if before.Reachable != after.Reachable {
		c.Changed = append(c.Changed, "reachable")
	}
	if before.Code != after.Code {
		c.Changed = append(c.Changed, "code")
	}
	if c.PathBefore != c.PathAfter {
		c.Changed = append(c.Changed, "path")
	}
	if !slices.Equal(blockerKeys(before), blockerKeys(after)) {
		c.Changed = append(c.Changed, "blockers")
	}
	if !slices.Equal(unknownKeys(before), unknownKeys(after)) {
		c.Changed = append(c.Changed, "unknowns")
	}
	if len(c.Changed) == 0 {
		return Change{}, false
	}
	switch {
	case before.Verdict != Unknown && after.Verdict == Unknown:
		c.Kind = BecameUnknown
	case before.Verdict == Unknown && after.Verdict != Unknown:
		c.Kind = BecameKnown
	case before.Verdict == Unknown:
		c.Kind = StillUnknown
	case !before.Reachable && after.Reachable:
		c.Kind = BecameReachable
	case before.Reachable && !after.Reachable:
		c.Kind = BecameUnreachable
	case after.Reachable:
		c.Kind = StillReachable
	default:
		c.Kind = StillUnreachable
	}
	return c, true
}

func unknownKeys(r Result) []string {
	var ks []string
	for _, u := range r.Unknowns {
		ks = append(ks, string(u.Code)+"@"+u.Component)
	}
	return ks
}

func blockerKeys(r Result) []string {
	var ks []string
	for _, b := range r.Blockers {
		ks = append(ks, string(b.Code)+"@"+b.Component)
	}
	return ks
}

// PathLine writes the path on one line: every hop's component in walk
// order, the blocking ones marked ✗, the reply after "reply:", each part
// of a multi-part destination named. A component deciding twice in a row
// is written once, and the VPC's implicit allow-all ACL is left out (its
// presence or absence is no difference in the path).
func (r Result) PathLine() string {
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
		if h.Leg == LegReturn && !reply {
			if prev != "" {
				b.WriteString(" | ")
			}
			b.WriteString("reply: ")
			reply, prev = true, ""
		}
		if strings.HasPrefix(h.Component, "default-acl:") && h.Verdict == Allow {
			continue
		}
		name := h.Component
		if h.Blocked() {
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

// Diff asks the same questions of two graphs, from oldSrc in oldG and
// newSrc in newG: the union of both sources' catalogues and extra, each destination
// once, in that order. It returns the canonical destinations compared and
// the changes among them, in the same order.
func Diff(oldG *Graph, oldSrc Source, newG *Graph, newSrc Source, extra []Destination, opts Options) (compared []string, changes []Change) {
	var dsts []Destination
	seen := map[string]bool{}
	for _, ds := range [][]Destination{oldG.Catalogue(oldSrc), newG.Catalogue(newSrc), extra} {
		for _, d := range ds {
			if k := d.String(); !seen[k] {
				seen[k] = true
				dsts = append(dsts, d)
			}
		}
	}
	before := oldG.QueryAll(oldSrc, dsts, opts)
	after := newG.QueryAll(newSrc, dsts, opts)
	compared, changes = []string{}, []Change{}
	for i := range dsts {
		compared = append(compared, before[i].Destination)
		if c, ok := Compare(before[i], after[i]); ok {
			changes = append(changes, c)
		}
	}
	return compared, changes
}
