package model

import (
	"fmt"
	"testing"
)

// TestDiagnosticsCap: Add keeps MaxDiagnostics and counts the rest on one
// last diagnostic, as grave as the worst it counts.
func TestDiagnosticsCap(t *testing.T) {
	var ds Diagnostics
	for i := range MaxDiagnostics {
		if !ds.Add(Diagnostic{Pos: Pos{File: "f.json", Line: i + 1}, Severity: Warning, Code: "x", Message: fmt.Sprint(i)}) {
			t.Fatalf("Add refused diagnostic %d, under the cap", i)
		}
	}
	for i := range 5000 {
		sev := Warning
		if i == 4000 {
			sev = Error
		}
		if ds.Add(Diagnostic{Pos: Pos{File: "f.json"}, Severity: sev, Code: "x"}) {
			t.Fatalf("Add kept diagnostic %d past the cap", MaxDiagnostics+i)
		}
	}
	if len(ds) != MaxDiagnostics+1 {
		t.Fatalf("len = %d, want %d", len(ds), MaxDiagnostics+1)
	}
	last := ds[len(ds)-1]
	if last.Code != CodeTooMany || last.Omitted != 5000 || last.Severity != Error || !ds.HasErrors() {
		t.Errorf("last = %+v, want %s counting 5000, an error", last, CodeTooMany)
	}
	if want := "f.json: 5000 more problems not listed (cshsim keeps the first 1000)"; last.Error() != want {
		t.Errorf("Error() = %q, want %q", last.Error(), want)
	}
}
