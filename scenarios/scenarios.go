// Package scenarios holds cshsim's embedded example snapshots, opens
// snapshots of every kind ([Open]) and runs the [[expect]] assertions
// written in snapshot and test files ([OpenTests], [Check]). It is the Go
// API for users' own tests of their networks: docs/testing.md shows a table
// test.
//
// Each scenario is a TOML snapshot (docs/snapshot-format.md) whose first
// line is a comment with one sentence saying what it shows. The default
// scenario is what `cshsim reach` analyses when given no snapshot.
package scenarios

import (
	"embed"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/cshsim/cshsim/model"
	"github.com/cshsim/cshsim/model/tomlsnap"
	"github.com/cshsim/cshsim/sim"
)

//go:embed *.toml
var files embed.FS

// Default is the scenario used when no snapshot is given: a CloudShell VPC
// environment in a private subnet with a NAT gateway.
const Default = "private-nat"

// Scenario is one embedded example.
type Scenario struct {
	Name    string
	Summary string // one sentence
	Data    []byte
}

// All returns every embedded scenario, sorted by name.
func All() []Scenario {
	ents, _ := files.ReadDir(".")
	var out []Scenario
	for _, e := range ents {
		data, err := files.ReadFile(e.Name())
		if err != nil {
			continue
		}
		out = append(out, Scenario{Name: strings.TrimSuffix(e.Name(), ".toml"), Summary: summary(data), Data: data})
	}
	slices.SortFunc(out, func(a, b Scenario) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// Get returns the scenario with the name.
func Get(name string) (Scenario, error) {
	for _, s := range All() {
		if s.Name == name {
			return s, nil
		}
	}
	var names []string
	for _, s := range All() {
		names = append(names, s.Name)
	}
	msg := fmt.Sprintf("no embedded scenario %q", name)
	if s := model.Suggest(name, names); s != "" {
		msg += fmt.Sprintf("; did you mean %q?", s)
	}
	return Scenario{}, fmt.Errorf("%s (run `cshsim scenarios` to list them: %s)", msg, strings.Join(names, ", "))
}

// Load parses the scenario; its file name in positions is scenario:<name>.
func (s Scenario) Load() (*tomlsnap.Document, model.Diagnostics) {
	return tomlsnap.Parse(path.Join("scenario:"+s.Name), s.Data)
}

func summary(data []byte) string {
	line, _, _ := strings.Cut(string(data), "\n")
	return strings.TrimSpace(strings.TrimPrefix(line, "#"))
}

// Outcome is the result of one [[expect]] block.
type Outcome struct {
	Expect tomlsnap.Expect
	Result sim.Result
	Source sim.Source
	// Failures says what did not hold; empty when the expectation passed.
	Failures []string
	// Invalid is set when the expectation itself is malformed (a to that
	// does not parse, an unknown verdict or resolves_via, a verdict that
	// contradicts reachable, nothing to check); it is also one of the
	// Failures. cshsim test treats it as bad input.
	Invalid string
}

// Passed reports whether every part of the expectation held.
func (o Outcome) Passed() bool { return len(o.Failures) == 0 }

// Check runs expectations against a built graph, with the default
// [sim.Options], in order. A source the snapshot does not hold is a
// failure (the network may have changed); a malformed expectation is a
// failure with Invalid set. An answer that is unknown (the snapshot lacks
// what decides it) fails reachable = true and reachable = false alike:
// only verdict = "unknown" expects it.
func Check(g *sim.Graph, expects []tomlsnap.Expect) []Outcome {
	out := make([]Outcome, 0, len(expects))
	for _, e := range expects {
		out = append(out, check(g, e))
	}
	return out
}

func check(g *sim.Graph, e tomlsnap.Expect) Outcome {
	o := Outcome{Expect: e}
	invalid := func(msg string) Outcome {
		o.Invalid = msg
		o.Failures = append(o.Failures, msg)
		return o
	}
	dst, err := sim.ParseDestination(e.To)
	if err != nil {
		return invalid("to: " + err.Error())
	}
	switch sim.Via(e.ResolvesVia) {
	case "", sim.ViaInterfaceEndpoint, sim.ViaGatewayEndpoint, sim.ViaInternet:
	default:
		return invalid(fmt.Sprintf("resolves_via %q: want %s, %s or %s", e.ResolvesVia, sim.ViaInterfaceEndpoint, sim.ViaGatewayEndpoint, sim.ViaInternet))
	}
	want := sim.Answer(e.Verdict)
	switch want {
	case "", sim.Reachable, sim.Unreachable, sim.Unknown:
	default:
		return invalid(fmt.Sprintf("verdict %q: want %s, %s or %s", e.Verdict, sim.Reachable, sim.Unreachable, sim.Unknown))
	}
	if want != "" && e.Reachable != nil && want != answerOf(*e.Reachable) {
		return invalid(fmt.Sprintf("reachable = %v and verdict = %q contradict each other: give one", *e.Reachable, e.Verdict))
	}
	if e.Reachable == nil && want == "" && e.Code == "" && len(e.Via) == 0 && len(e.NotVia) == 0 && e.ResolvesVia == "" {
		return invalid("the expectation checks nothing: give reachable, verdict, code, via, not_via or resolves_via")
	}
	src, err := g.ResolveSource(e.From)
	if err != nil {
		o.Failures = append(o.Failures, "from: "+err.Error())
		return o
	}
	o.Source = src
	o.Result = g.Query(src, dst)
	r := &o.Result
	switch {
	case e.Reachable != nil && r.Verdict == sim.Unknown:
		// Neither true nor false holds: the snapshot cannot decide.
		o.Failures = append(o.Failures, fmt.Sprintf("the answer is unknown, want reachable = %v (%s)", *e.Reachable, orOK(r)))
	case e.Reachable != nil && r.Reachable != *e.Reachable:
		o.Failures = append(o.Failures, fmt.Sprintf("reachable = %v, want %v (%s)", r.Reachable, *e.Reachable, orOK(r)))
	}
	if want != "" && e.Reachable == nil && r.Verdict != want {
		o.Failures = append(o.Failures, fmt.Sprintf("verdict = %q, want %q (%s)", r.Verdict, want, orOK(r)))
	}
	if e.Code != "" && string(r.Code) != e.Code {
		o.Failures = append(o.Failures, fmt.Sprintf("code = %q, want %q", r.Code, e.Code))
	}
	for _, v := range e.Via {
		if !r.Passes(v) {
			o.Failures = append(o.Failures, fmt.Sprintf("the path does not pass %s", v))
		}
	}
	if e.ResolvesVia != "" {
		got := sim.Via("")
		if r.Resolution != nil {
			got = r.Resolution.Via
		}
		if got != sim.Via(e.ResolvesVia) {
			o.Failures = append(o.Failures, fmt.Sprintf("resolves via %q, want %q", got, e.ResolvesVia))
		}
	}
	for _, v := range e.NotVia {
		if r.Passes(v) {
			o.Failures = append(o.Failures, fmt.Sprintf("the path passes %s", v))
		}
	}
	return o
}

// answerOf is the verdict reachable = b states: an unknown answer is
// neither.
func answerOf(b bool) sim.Answer {
	if b {
		return sim.Reachable
	}
	return sim.Unreachable
}

// orOK says why a result is what it is: reachable, the first blocker, or
// the first decision the snapshot cannot make and what would collect the
// data it needs.
func orOK(r *sim.Result) string {
	switch {
	case r.Reachable:
		return "reachable"
	case r.Verdict == sim.Unknown && len(r.Unknowns) > 0:
		u := r.Unknowns[0]
		s := string(u.Code) + ": " + u.Message
		if u.Collect != "" {
			s += "; collect: " + u.Collect
		}
		if n := len(r.Unknowns) - 1; n > 0 {
			s += fmt.Sprintf(" (and %d more unknown)", n)
		}
		return s
	}
	return string(r.Code) + ": " + r.Message
}
