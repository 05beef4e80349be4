package sim

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestPathLine(t *testing.T) {
	tests := []struct {
		name string
		hops []Hop
		want string
	}{
		{"empty", nil, ""},
		{"forward", []Hop{{Component: "sg-a", Verdict: Allow}, {Component: "rtb-1", Verdict: Forward}, {Component: "igw-1", Verdict: Deliver}}, "sg-a → rtb-1 → igw-1"},
		{"blocked", []Hop{{Component: "sg-a", Verdict: Allow}, {Component: "acl-1", Verdict: Deny}}, "sg-a → acl-1 ✗"},
		{"repeat-written-once", []Hop{{Component: "acl-1", Verdict: Allow}, {Component: "acl-1", Verdict: Allow}, {Component: "eni-b", Verdict: Deliver}}, "acl-1 → eni-b"},
		{"implicit-acl-left-out", []Hop{{Component: "sg-a", Verdict: Allow}, {Component: "default-acl:vpc-1", Verdict: Allow}, {Component: "eni-b", Verdict: Deliver}}, "sg-a → eni-b"},
		{"implicit-acl-denying-kept", []Hop{{Component: "default-acl:vpc-1", Verdict: Deny}}, "default-acl:vpc-1 ✗"},
		{"reply", []Hop{{Component: "sg-a", Verdict: Allow}, {Component: "acl-1", Verdict: Allow, Leg: LegReturn}}, "sg-a | reply: acl-1"},
		{"parts", []Hop{{Component: "sg-a", Verdict: Allow, Part: "p1"}, {Component: "sg-b", Verdict: Drop, Part: "p2"}}, "[p1] sg-a; [p2] sg-b ✗"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := (Result{Hops: tt.hops}).PathLine(); got != tt.want {
				t.Errorf("PathLine = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCompare(t *testing.T) {
	ok := Result{Destination: "d", Reachable: true, Hops: []Hop{{Component: "sg-a", Verdict: Allow}, {Component: "igw-1", Verdict: Deliver}}}
	blocked := func(code Code, at string) Result {
		return Result{Destination: "d", Code: code, Hops: []Hop{{Component: at, Verdict: Deny}}, Blockers: []Blocker{{Code: code, Component: at}}}
	}
	tests := []struct {
		name          string
		before, after Result
		kind          ChangeKind // "" for no change
		changed       []string
	}{
		{"same", ok, ok, "", nil},
		{"detail-only", ok, func() Result { r := ok; r.Message = "other words"; return r }(), "", nil},
		{"broken", ok, blocked(CodeSGMismatch, "sg-a"), BecameUnreachable, []string{"reachable", "code", "path", "blockers"}},
		{"mended", blocked(CodeSGMismatch, "sg-a"), ok, BecameReachable, []string{"reachable", "code", "path", "blockers"}},
		{"other-path", ok, Result{Destination: "d", Reachable: true, Hops: []Hop{{Component: "sg-a", Verdict: Allow}, {Component: "nat-1", Verdict: Forward}}}, StillReachable, []string{"path"}},
		{"other-reason", blocked(CodeSGMismatch, "sg-a"), blocked(CodeNoRoute, "sg-a"), StillUnreachable, []string{"code", "blockers"}},
		{"other-place", blocked(CodeSGMismatch, "sg-a"), blocked(CodeSGMismatch, "sg-b"), StillUnreachable, []string{"path", "blockers"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, changed := Compare(tt.before, tt.after)
			if changed != (tt.kind != "") {
				t.Fatalf("Compare changed = %v, want %v (%+v)", changed, tt.kind != "", c)
			}
			if c.Kind != tt.kind {
				t.Errorf("kind = %q, want %q", c.Kind, tt.kind)
			}
			if diff := cmp.Diff(tt.changed, c.Changed); diff != "" {
				t.Errorf("changed (-want +got):\n%s", diff)
			}
		})
	}
}

// TestDiff: removing the NAT gateway route breaks the internet and every
// public service API, and the database stays reachable; the --to
// destination is compared besides the catalogue, once.
func TestDiff(t *testing.T) {
	old := Build(base())
	s := base()
	rtByID(s, "rt-priv").Routes = nil
	nu := Build(s)
	src0, err := old.ResolveSource("cloudshell")
	if err != nil {
		t.Fatal(err)
	}
	src1, err := nu.ResolveSource("cloudshell")
	if err != nil {
		t.Fatal(err)
	}
	db, _ := ParseDestination("10.0.2.10:5432")
	inet, _ := ParseDestination("internet")
	compared, changes := Diff(old, src0, nu, src1, []Destination{db, inet}, Options{})
	n := 0
	for _, d := range compared {
		if d == inet.String() {
			n++
		}
	}
	if n != 1 || compared[len(compared)-1] != db.String() {
		t.Errorf("compared = %v: want internet once and %s last", compared, db)
	}
	var sawInternet bool
	for _, c := range changes {
		if c.Destination == db.String() {
			t.Errorf("%s changed: %+v", db, c)
		}
		if c.Kind != BecameUnreachable || c.After.Code != CodeNoRoute {
			t.Errorf("%s: kind %q code %q, want %q %q", c.Destination, c.Kind, c.After.Code, BecameUnreachable, CodeNoRoute)
		}
		sawInternet = sawInternet || c.Destination == inet.String()
	}
	if !sawInternet {
		t.Errorf("internet not among the changes: %+v", changes)
	}
}
