package sim

import (
	"fmt"
	"net/netip"
	"runtime"
	"testing"

	"github.com/cshsim/cshsim/model"
)

// TestPrefixSetMatch: a compiled prefix list answers with its longest
// entry that holds the address, ignores duplicates and entries of the
// other family, and answers nothing outside it.
func TestPrefixSetMatch(t *testing.T) {
	g := &Graph{plSets: map[string]*prefixSet{}}
	pl := &model.PrefixList{ID: "pl-1", CIDRs: []netip.Prefix{
		pfx("10.0.0.0/8"), pfx("10.1.0.0/16"), pfx("10.1.2.0/24"), pfx("10.1.2.0/24"),
		pfx("10.9.9.9/32"), pfx("2001:db8::/32"), pfx("192.168.1.77/24"), // written unmasked
	}}
	s := g.prefixSet(pl)
	if g.prefixSet(pl) != s {
		t.Error("a list is compiled twice")
	}
	if len(s.entries) != 6 {
		t.Errorf("entries = %v, want 6 without the duplicate", s.entries)
	}
	tests := []struct {
		addr, want string // want "" for no match
	}{
		{"10.1.2.3", "10.1.2.0/24"},
		{"10.1.3.3", "10.1.0.0/16"},
		{"10.2.0.1", "10.0.0.0/8"},
		{"10.9.9.9", "10.9.9.9/32"},
		{"192.168.1.5", "192.168.1.0/24"},
		{"11.0.0.1", ""},
		{"2001:db8::1", "2001:db8::/32"},
		{"2001:db9::1", ""},
	}
	for _, tt := range tests {
		p, ok := s.match(addr(tt.addr))
		got := ""
		if ok {
			got = p.String()
		}
		if got != tt.want {
			t.Errorf("match(%s) = %q, want %q", tt.addr, got, tt.want)
		}
	}
	if g.prefixSet(&model.PrefixList{ID: "pl-empty"}) != nil {
		t.Error("a list without entries compiles to a set")
	}
}

// TestPrefixListFanOut: one large prefix list used by many route tables is
// compiled once, not expanded into a route per entry per table (issue 16:
// 20,000 entries × 1,000 tables took 5 GB). Every table still routes each
// entry, with the entry it matched in its messages.
func TestPrefixListFanOut(t *testing.T) {
	const entries, tables = 5000, 300
	s := base()
	var cidrs []netip.Prefix
	for i := range entries {
		cidrs = append(cidrs, netip.PrefixFrom(netip.AddrFrom4([4]byte{100, 64 + byte(i>>8), byte(i), 0}), 24))
	}
	s.PrefixLists = append(s.PrefixLists, model.PrefixList{ID: "pl-big", Name: "partners", CIDRs: cidrs, EntriesKnown: true})
	for i := range tables {
		s.RouteTables = append(s.RouteTables, model.RouteTable{ID: fmt.Sprintf("rt-%d", i), VPC: "vpc-a",
			Routes: []model.Route{{PrefixList: "pl-big", Target: model.Ref{Kind: model.KindNATGateway, ID: "nat-a"}}}})
	}
	s.Validate()
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	g := Build(s)
	runtime.ReadMemStats(&after)
	// Expanded, the routes alone were 1.5 million values of about 200
	// bytes; shared, the list is 5,000 prefixes.
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 64<<20 {
		t.Errorf("Build allocated %d MB for one prefix list used by %d tables", alloc>>20, tables)
	}
	for _, id := range []string{"rt-0", fmt.Sprintf("rt-%d", tables-1)} {
		rt := g.rts[id]
		if n := len(rt.routes); n > 3 {
			t.Errorf("%s holds %d routes; the prefix list should be one", id, n)
		}
		r, _ := rt.lookup(addr("100.70.9.1")) // entry 6*256+9
		if r == nil || r.prefix != pfx("100.70.9.0/24") || r.src.Target.ID != "nat-a" {
			t.Fatalf("%s routes 100.70.9.1 by %+v, want the entry 100.70.9.0/24 → nat-a", id, r)
		}
		if got, want := r.describe(), "pl-big (100.70.9.0/24) → nat-a"; got != want {
			t.Errorf("describe = %q, want %q", got, want)
		}
		if r, _ := rt.lookup(addr("100.99.0.1")); r != nil && r.src.PrefixList != "" {
			t.Errorf("%s routes an address outside the list by it: %+v", id, r)
		}
	}
}
