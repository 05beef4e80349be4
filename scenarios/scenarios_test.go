package scenarios

import (
	"strings"
	"testing"

	"github.com/cshsim/cshsim/sim"
)

// TestScenarios runs every [[expect]] block of every embedded scenario.
func TestScenarios(t *testing.T) {
	all := All()
	if len(all) < 6 {
		t.Fatalf("%d scenarios embedded, want at least 6", len(all))
	}
	for _, sc := range all {
		t.Run(sc.Name, func(t *testing.T) {
			if sc.Summary == "" || !strings.HasSuffix(sc.Summary, ".") {
				t.Errorf("summary %q: want one sentence on the first line", sc.Summary)
			}
			doc, diags := sc.Load()
			if diags.HasErrors() {
				t.Fatalf("parse: %v", diags.Err())
			}
			if vd := doc.Snapshot.Validate(); len(vd) > 0 {
				t.Fatalf("validate: %v", vd)
			}
			if len(doc.Expects) == 0 {
				t.Fatal("no [[expect]] blocks")
			}
			g := sim.Build(doc.Snapshot)
			for _, o := range Check(g, doc.Expects) {
				if !o.Passed() {
					t.Errorf("%s: expect from %s to %s (%s): %s", o.Expect.Pos, o.Expect.From, o.Expect.To, o.Expect.Why, strings.Join(o.Failures, "; "))
				}
				if o.Expect.Why == "" {
					t.Errorf("%s: expect without why", o.Expect.Pos)
				}
			}
		})
	}
}

func TestDefaultExists(t *testing.T) {
	if _, err := Get(Default); err != nil {
		t.Fatal(err)
	}
	if _, err := Get("privte-nat"); err == nil || !strings.Contains(err.Error(), `did you mean "private-nat"`) {
		t.Errorf("Get(typo) error = %v, want a did-you-mean", err)
	}
}

// TestCheckFails shows the runner reports a wrong expectation.
func TestCheckFails(t *testing.T) {
	sc, _ := Get("public-subnet")
	doc, _ := sc.Load()
	g := sim.Build(doc.Snapshot)
	e := doc.Expects[0]
	yes := true
	e.Reachable, e.Code, e.Via = &yes, "NO_ROUTE_TO_DESTINATION", []string{"nat-x"}
	o := Check(g, doc.Expects[:0:0])
	if len(o) != 0 {
		t.Fatal("Check of nothing returned outcomes")
	}
	o = Check(g, append(doc.Expects[:0:0], e))
	if o[0].Passed() || len(o[0].Failures) != 3 {
		t.Errorf("Failures = %q, want 3 (reachable, code, via)", o[0].Failures)
	}
}
