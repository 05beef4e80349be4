package sim

import (
	"net/netip"
	"slices"

	"github.com/cshsim/cshsim/model"
)

// prefixSet is a prefix list compiled once for longest-prefix matching. A
// route table that routes to a prefix list holds one route that points to
// the list's set, never one route per entry: a list of 20,000 entries used
// by 1,000 tables is 20,000 prefixes in memory, not 20 million routes.
type prefixSet struct {
	id      string
	entries []netip.Prefix // masked, sorted, without duplicates
	has     map[netip.Prefix]struct{}
	lens    []int // the distinct prefix lengths, longest first
}

// prefixSet returns the compiled set of the prefix list id, building it on
// first use; nil when the snapshot does not hold the list's entries. Build
// alone calls it, so the cache needs no lock.
func (g *Graph) prefixSet(pl *model.PrefixList) *prefixSet {
	if pl == nil || len(pl.CIDRs) == 0 {
		return nil
	}
	if s := g.plSets[pl.ID]; s != nil {
		return s
	}
	s := &prefixSet{id: pl.ID, has: make(map[netip.Prefix]struct{}, len(pl.CIDRs))}
	for _, p := range pl.CIDRs {
		p = p.Masked()
		if _, dup := s.has[p]; dup || !p.IsValid() {
			continue
		}
		s.has[p] = struct{}{}
		s.entries = append(s.entries, p)
		if !slices.Contains(s.lens, p.Bits()) {
			s.lens = append(s.lens, p.Bits())
		}
	}
	slices.SortFunc(s.entries, comparePrefix)
	slices.SortFunc(s.lens, func(a, b int) int { return b - a })
	g.plSets[pl.ID] = s
	return s
}

// match returns the longest entry of the set that contains a. It costs one
// map lookup per distinct prefix length, whatever the list's size.
func (s *prefixSet) match(a netip.Addr) (netip.Prefix, bool) {
	for _, l := range s.lens {
		p, err := a.Prefix(l)
		if err != nil {
			continue // a length of the other address family
		}
		if _, ok := s.has[p]; ok {
			return p, true
		}
	}
	return netip.Prefix{}, false
}

func comparePrefix(a, b netip.Prefix) int {
	if c := a.Addr().Compare(b.Addr()); c != 0 {
		return c
	}
	return a.Bits() - b.Bits()
}
