package sim

// Property tests of the AWS semantics (style.md habit 15), run over the
// random snapshots of oracle_test.go: a change that can only open the
// network never closes a path, one that can only close it never opens a
// path, and the order in which a snapshot lists routes and ACL entries
// never matters.

import (
	"math/rand/v2"
	"net/netip"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/cshsim/cshsim/model"
)

// propCmp is the one go-cmp option set of these tests: Results hold no
// netip values today, but a Hop or Result that grows one must not make
// cmp.Diff panic.
var propCmp = cmp.Options{cmpopts.EquateComparable(netip.Addr{}, netip.Prefix{})}

// propSeeds is how many random snapshots each property runs on.
func propSeeds() uint64 {
	if testing.Short() {
		return 60
	}
	return 400
}

// propRun builds snapshot seed and answers its queries.
func propRun(t *testing.T, seed uint64, change func(s *model.Snapshot)) (*model.Snapshot, []rsnapQuery, []Result) {
	t.Helper()
	s, err := rsnapGen(seed)
	if err != nil {
		t.Fatal(err)
	}
	if change != nil {
		change(s)
		if ds := s.Validate(); ds.HasErrors() {
			t.Fatalf("seed %d: changed snapshot is invalid: %v", seed, ds.Err())
		}
	}
	g := Build(s)
	qs := rsnapQueries(s, seed)
	rs := make([]Result, len(qs))
	for i, q := range qs {
		r, err := oracleQuery(g, q)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		rs[i] = r
	}
	return s, qs, rs
}

// TestPropertyAllowEgressNeverShrinks: security groups are allow-only
// (aws-rules.md §4.1), so an allow-all egress rule added to the source's
// first group never makes a reachable destination unreachable.
func TestPropertyAllowEgressNeverShrinks(t *testing.T) {
	var grew, kept atomic.Int64
	t.Cleanup(func() { // after the parallel subtests
		t.Logf("allow-all egress: %d flows stayed reachable, %d became reachable", kept.Load(), grew.Load())
		if !testing.Short() && grew.Load() == 0 {
			t.Errorf("no flow became reachable: the property is vacuous on these snapshots")
		}
	})
	oracleSeeds(t, propSeeds(), func(t *testing.T, seed uint64) bool {
		s, qs, before := propRun(t, seed, nil)
		g := Build(s)
		froms := []string{"cloudshell"}
		for _, e := range s.ENIs {
			froms = append(froms, e.ID)
		}
		ok := true
		for _, from := range froms {
			src, err := g.ResolveSource(from)
			if err != nil {
				t.Fatal(err)
			}
			if len(src.SecurityGroups) == 0 {
				continue
			}
			sg := src.SecurityGroups[0]
			_, _, after := propRun(t, seed, func(s *model.Snapshot) {
				for i := range s.SecurityGroups {
					if s.SecurityGroups[i].ID == sg {
						s.SecurityGroups[i].Egress = append(s.SecurityGroups[i].Egress,
							model.SGRule{Protocol: model.ProtoAll, CIDR: netip.MustParsePrefix("0.0.0.0/0")})
					}
				}
			})
			for i, q := range qs {
				if q.from != from {
					continue
				}
				switch {
				case before[i].Reachable && !after[i].Reachable:
					t.Errorf("seed %d: Query(%s) is reachable, but not once %s allows all egress: code %q\n%s",
						seed, q, sg, after[i].Code, oracleDumpHops(after[i]))
					ok = false
				case !before[i].Reachable && after[i].Reachable:
					grew.Add(1)
				case before[i].Reachable:
					kept.Add(1)
				}
			}
		}
		return ok
	})
}

// TestPropertyDenyACLNeverGrows: network ACL entries are evaluated in
// ascending rule number and the first match decides (aws-rules.md §4.2),
// so a deny-all entry numbered 1, in either direction of any ACL, never
// makes an unreachable destination reachable.
func TestPropertyDenyACLNeverGrows(t *testing.T) {
	var shrank, kept atomic.Int64
	t.Cleanup(func() { // after the parallel subtests
		t.Logf("deny-all rule 1: %d flows stayed unreachable, %d became unreachable", kept.Load(), shrank.Load())
		if !testing.Short() && shrank.Load() == 0 {
			t.Errorf("no flow became unreachable: the property is vacuous on these snapshots")
		}
	})
	oracleSeeds(t, propSeeds(), func(t *testing.T, seed uint64) bool {
		s, qs, before := propRun(t, seed, nil)
		ok := true
		for a := range s.NetworkACLs {
			for _, egress := range []bool{false, true} {
				_, _, after := propRun(t, seed, func(s *model.Snapshot) {
					s.NetworkACLs[a].Entries = append(s.NetworkACLs[a].Entries, model.ACLEntry{
						RuleNumber: 1, Egress: egress, Allow: false, Protocol: model.ProtoAll, CIDR: netip.MustParsePrefix("0.0.0.0/0")})
				})
				for i, q := range qs {
					switch {
					case !before[i].Reachable && after[i].Reachable:
						t.Errorf("seed %d: Query(%s) is unreachable (code %q), but reachable once %s denies everything %s at rule 1\n%s",
							seed, q, before[i].Code, s.NetworkACLs[a].ID, map[bool]string{false: "inbound", true: "outbound"}[egress], oracleDumpHops(after[i]))
						ok = false
					case before[i].Reachable && !after[i].Reachable:
						shrank.Add(1)
					case !before[i].Reachable:
						kept.Add(1)
					}
				}
			}
		}
		return ok
	})
}

// TestPropertyOrderIrrelevant: route selection depends on prefixes,
// priority classes and states, never on where a route is written
// (aws-rules.md §2.2), and ACL entries are sorted by rule number (§4.2):
// shuffling every route table's routes and every ACL's entries changes no
// Result at all, hops and messages included.
func TestPropertyOrderIrrelevant(t *testing.T) {
	oracleSeeds(t, propSeeds(), func(t *testing.T, seed uint64) bool {
		_, qs, before := propRun(t, seed, nil)
		r := rand.New(rand.NewPCG(seed, 3))
		var order []string
		_, _, after := propRun(t, seed, func(s *model.Snapshot) {
			for i := range s.RouteTables {
				rs := s.RouteTables[i].Routes
				r.Shuffle(len(rs), func(a, b int) { rs[a], rs[b] = rs[b], rs[a] })
				for _, x := range rs {
					order = append(order, x.Destination.String()+x.PrefixList)
				}
			}
			for i := range s.NetworkACLs {
				es := s.NetworkACLs[i].Entries
				r.Shuffle(len(es), func(a, b int) { es[a], es[b] = es[b], es[a] })
			}
		})
		for i, q := range qs {
			// Where a rule is written moves with it; what it decides may not.
			if d := cmp.Diff(before[i], after[i], propCmp, cmpopts.IgnoreFields(Hop{}, "RuleRef", "Pos", "At")); d != "" {
				t.Errorf("seed %d: Query(%s) changes when routes are reordered (%v); -before +after:\n%s", seed, q, order, d)
				return false
			}
		}
		return true
	})
}
