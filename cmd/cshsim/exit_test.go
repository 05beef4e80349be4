package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/cshsim/cshsim/sim"
)

// TestExitCodes pins design.md §4: 0 success (explain: reachable),
// 1 unreachable, an assertion failed or a change found (diff
// --exit-code), 2 bad usage or input; 3 unknown (TestExitFor).
func TestExitCodes(t *testing.T) {
	tests := []struct {
		args []string
		want int
	}{
		{[]string{"reach"}, 0},
		{[]string{"reach", "scenario:public-subnet"}, 0}, // reach reports, it does not judge
		{[]string{"explain", "--to", "internet"}, 0},
		{[]string{"explain", "scenario:public-subnet", "--to", "internet"}, 1},
		{[]string{"explain", "scenario:nat-no-igw-route", "--to", "internet", "--format", "json"}, 1},
		{[]string{"explain", "--to", "10.0.2.10:22"}, 1},
		{[]string{"explain", "--to", "10.0.2.10:5432"}, 0},
		{[]string{"explain"}, 2},
		{[]string{"reach", "--to", "nowhere"}, 2},
		{[]string{"reach", "--from", "eni-nope"}, 2},
		{[]string{"reach", "missing.toml"}, 2},
		{[]string{"reach", "--port", "70000"}, 2},
		{[]string{"scenarios", "extra"}, 2},
		{[]string{"scenarios"}, 0},
		{[]string{"explain", "scenario:public-subnet", "--to", "internet", "--format", "mermaid"}, 1},
		{[]string{"diff", "scenario:private-nat", "scenario:public-subnet"}, 0},
		{[]string{"diff", "scenario:private-nat", "scenario:public-subnet", "--exit-code"}, 1},
		{[]string{"diff", "scenario:private-nat", "scenario:private-nat", "--exit-code"}, 0},
		{[]string{"diff", "scenario:private-nat"}, 2},
		{[]string{"diff", "scenario:private-nat", "scenario:s3-gateway", "--from", "cloudshell:ops"}, 2},
		{[]string{"test", "scenario:private-nat"}, 0},
		{[]string{"test"}, 2},
		{[]string{"test", "missing.toml"}, 2},
		{[]string{"graph"}, 0},
		{[]string{"graph", "--format", "mermaid"}, 0},
		{[]string{"graph", "--format", "svg"}, 2},
		{[]string{"help"}, 0},
		{[]string{"reach", "-h"}, 0},
		{[]string{}, 2},
	}
	for _, tt := range tests {
		var out, errb bytes.Buffer
		got := run(context.Background(), tt.args, &out, &errb)
		if got != tt.want {
			t.Errorf("cshsim %s: exit %d, want %d\nstderr: %s", strings.Join(tt.args, " "), got, tt.want, errb.String())
		}
		if strings.Contains(errb.String(), "panic") || strings.Contains(errb.String(), "goroutine") {
			t.Errorf("cshsim %s: stack trace on stderr", strings.Join(tt.args, " "))
		}
	}
}

// TestExitFor pins the exit status of an answer, computed in one place:
// 0 reachable, 1 unreachable, 3 unknown (the snapshot lacks what decides
// it). testdata/script/explain_unknown_peer.txtar runs it end to end.
func TestExitFor(t *testing.T) {
	tests := []struct {
		r    sim.Result
		want int
	}{
		{sim.Result{Verdict: sim.Reachable, Reachable: true}, exitOK},
		{sim.Result{Verdict: sim.Unreachable, Code: sim.CodeNoRoute}, exitNegative},
		{sim.Result{Verdict: sim.Unknown, Code: sim.CodeNotInSnapshot}, exitUnknown},
		// A blocker wins over an unknown: the engine says unreachable.
		{sim.Result{Verdict: sim.Unreachable, Code: sim.CodeNoRoute, Unknowns: []sim.Missing{{Code: sim.CodeNotInSnapshot}}}, exitNegative},
	}
	for _, tt := range tests {
		if got := exitFor(tt.r); got != tt.want {
			t.Errorf("exitFor(%s %s) = %d, want %d", tt.r.Verdict, tt.r.Code, got, tt.want)
		}
	}
}
