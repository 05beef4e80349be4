package model

import (
	"strings"
	"testing"
)

func TestParseState(t *testing.T) {
	tests := []struct {
		in   string
		want State
	}{
		// EC2 prints lower case, sometimes hyphenated.
		{"available", StateAvailable},
		{"in-use", StateInUse},
		{"pending-acceptance", StatePendingAcceptance},
		{"shutting-down", StateShuttingDown},
		{"failed-insufficient-capacity", StateFailedInsufficientCapacity},
		// VPC endpoints print a capital (documented "Available",
		// "PendingAcceptance"); transit gateway attachments camel case.
		{"Available", StateAvailable},
		{"PendingAcceptance", StatePendingAcceptance},
		{"pendingAcceptance", StatePendingAcceptance},
		{"initiatingRequest", StateInitiatingRequest},
		{"initiating-request", StateInitiatingRequest},
		{"rollingBack", StateRollingBack},
		// ECS prints upper case.
		{"RUNNING", StateRunning},
		{"STOPPED", StateStopped},
		{"DEPROVISIONING", StateDeprovisioning},
		// Hand-written designs.
		{" Blackhole ", StateBlackhole},
		{"ATTACHED", StateAttached},
		// Unstated.
		{"", ""},
		{"  ", ""},
		// A state AWS adds later loads as its canonical text.
		{"hibernating", "hibernating"},
		{"warmingUp", "warming-up"},
		{"COOLING_DOWN", "cooling_down"},
	}
	for _, tt := range tests {
		got := ParseState(tt.in)
		if got != tt.want {
			t.Errorf("ParseState(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if again := ParseState(string(got)); again != got {
			t.Errorf("ParseState(%q) = %q, not canonical (ParseState of it = %q)", tt.in, got, again)
		}
	}
}

func TestStateIs(t *testing.T) {
	tests := []struct {
		s     State
		in    []State
		want  bool
		known bool
	}{
		{StateAvailable, []State{StateAvailable}, true, true},
		{StateAttached, []State{StateAvailable, StateAttached}, true, true},
		{StatePending, []State{StateAvailable, StateAttached}, false, true},
		{"", []State{StateAvailable}, false, false},
		{"", nil, false, false},
		{"hibernating", []State{StateRunning}, false, true},
	}
	for _, tt := range tests {
		if got := tt.s.Is(tt.in...); got != tt.want {
			t.Errorf("State(%q).Is(%q) = %v, want %v", tt.s, tt.in, got, tt.want)
		}
		if got := tt.s.Known(); got != tt.known {
			t.Errorf("State(%q).Known() = %v, want %v", tt.s, got, tt.known)
		}
	}
}

func TestStateECSText(t *testing.T) {
	for _, s := range []State{StateRunning, StateStopped, StateDeprovisioning, "", "in-use", "hibernating"} {
		text := s.ECSText()
		if text != strings.ToUpper(string(s)) {
			t.Errorf("State(%q).ECSText() = %q, want upper case", s, text)
		}
		if back := ParseState(text); back != s {
			t.Errorf("ParseState(State(%q).ECSText()) = %q, want %q", s, back, s)
		}
	}
}

// FuzzParseState checks that ParseState never fails, that what it returns
// is canonical (it parses to itself, carries no ASCII capital and no
// surrounding space), and that the ECS spelling of it reads back.
func FuzzParseState(f *testing.F) {
	for _, s := range []string{"available", "Available", "RUNNING", "pendingAcceptance", "in-use", " x ", "", "aB", "v2A", "\u212a", "İ", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		s := ParseState(in)
		if again := ParseState(string(s)); again != s {
			t.Fatalf("ParseState(%q) = %q, but ParseState(%q) = %q", in, s, s, again)
		}
		if strings.TrimSpace(string(s)) != string(s) || strings.ContainsAny(string(s), "ABCDEFGHIJKLMNOPQRSTUVWXYZ") {
			t.Fatalf("ParseState(%q) = %q, not canonical", in, s)
		}
		if back := ParseState(s.ECSText()); back != s {
			t.Fatalf("ParseState(State(%q).ECSText()) = %q", s, back)
		}
	})
}
