package sim

import (
	"regexp"
	"testing"
)

// TestPhrasesExplicit: every verb of the table names its fact by index,
// so a message and its fix can take different facts from one list.
func TestPhrasesExplicit(t *testing.T) {
	bare := regexp.MustCompile(`%[^\[%]`)
	for code, situations := range phrases {
		if len(situations) == 0 {
			t.Errorf("%s has an empty entry", code)
		}
		for what, p := range situations {
			for _, f := range []string{p.msg, p.fix} {
				if bare.MatchString(f) {
					t.Errorf("%s/%s: %q has a verb without an index", code, what, f)
				}
			}
			if p.msg == "" {
				t.Errorf("%s/%s has no message", code, what)
			}
		}
	}
}

// TestPhrasesRender walks the random snapshots of the oracle and requires
// every blocker and unknown to have words that render: a situation the
// table lacks, or facts that do not fit its verbs, show here.
func TestPhrasesRender(t *testing.T) {
	n := uint64(300)
	if testing.Short() {
		n = 60
	}
	seen := map[Code]bool{}
	for seed := range n {
		s, err := rsnapGen(seed)
		if err != nil {
			t.Fatal(err)
		}
		g := Build(s)
		for _, q := range rsnapQueries(s, seed) {
			r, err := oracleQuery(g, q)
			if err != nil {
				continue
			}
			for _, b := range r.Blockers {
				seen[b.Code] = true
				if b.Message == "" || badRender(b.Message) || badRender(b.Fix) {
					t.Fatalf("seed %d, %s: blocker %s at %s reads %q, fix %q", seed, q, b.Code, b.Component, b.Message, b.Fix)
				}
			}
			for _, u := range r.Unknowns {
				seen[u.Code] = true
				if u.Message == "" || badRender(u.Message) || badRender(u.Collect) {
					t.Fatalf("seed %d, %s: unknown %s at %s reads %q, collect %q", seed, q, u.Code, u.Component, u.Message, u.Collect)
				}
			}
		}
	}
	if len(seen) < 10 {
		t.Errorf("only %d codes met: the test walks too little", len(seen))
	}
}
