package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cshsim/cshsim/scenarios"
)

// TestExplainGolden renders `explain` for every [[expect]] of every
// embedded scenario, text and JSON, and compares it with the golden files
// in testdata/golden/explain (go test -update rewrites them).
func TestExplainGolden(t *testing.T) {
	unsafe := regexp.MustCompile(`[^A-Za-z0-9._-]+`)
	seen := map[string]bool{}
	for _, sc := range scenarios.All() {
		doc, _ := sc.Load()
		for _, e := range doc.Expects {
			name := sc.Name + "--" + strings.Trim(unsafe.ReplaceAllString(e.From+"--"+e.To, "_"), "_")
			if seen[name] {
				continue
			}
			seen[name] = true
			for _, format := range []string{"text", "json"} {
				t.Run(name+"."+format, func(t *testing.T) {
					var out, errb bytes.Buffer
					rc := run(context.Background(), []string{"explain", "scenario:" + sc.Name, "--from", e.From, "--to", e.To, "--format", format}, &out, &errb)
					if rc == exitUsage {
						t.Fatalf("exit 2: %s", errb.String())
					}
					if e.Reachable != nil && (rc == exitOK) != *e.Reachable {
						t.Errorf("exit %d, but the scenario expects reachable = %v", rc, *e.Reachable)
					}
					ext := ".txt"
					if format == "json" {
						ext = ".json"
					}
					checkGolden(t, filepath.Join("testdata", "golden", "explain", name+ext), out.String())
				})
			}
		}
	}
}

// checkGolden compares got with the golden file, or writes it with -update.
func checkGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s differs (-want +got):\n%s", path, diff)
	}
}
