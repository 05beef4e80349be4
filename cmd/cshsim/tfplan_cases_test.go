package main

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTFPlanCases runs the expectations of testdata/tfplan/README.md, each
// under the heading that names its plan, through the real command; then
// converts each plan to TOML and checks the TOML answers the same.
func TestTFPlanCases(t *testing.T) {
	f, err := os.Open("../../testdata/tfplan/README.md")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	plan, n := "", 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if h, ok := strings.CutPrefix(line, "## "); ok && strings.HasSuffix(h, ".json") {
			plan = filepath.Join("../../testdata/tfplan", h)
			continue
		}
		m := expectLine.FindStringSubmatch(line)
		if m == nil || plan == "" {
			continue
		}
		n++
		from, to, verdict, code := m[1], m[2], m[3], m[4]
		p := plan
		t.Run(filepath.Base(p)+"/"+to, func(t *testing.T) {
			args := []string{"--from", from, "--to", to, "--format", "json"}
			got := reachJSON(t, append([]string{"reach", p}, args...))
			r := got.Results[0]
			if r.Reachable != (verdict == "reachable") || (code != "" && string(r.Code) != code) {
				t.Errorf("%s: %s → %s: reachable %v code %q (%s); README says %s %s", p, from, to, r.Reachable, r.Code, r.Message, verdict, code)
			}
			out := filepath.Join(t.TempDir(), "design.toml")
			var o, e bytes.Buffer
			if rc := run(context.Background(), []string{"import", "--terraform", p, "-o", out}, &o, &e); rc != 0 {
				t.Fatalf("import --terraform: exit %d: %s", rc, e.String())
			}
			back := reachJSON(t, append([]string{"reach", out}, args...))
			if b := back.Results[0]; b.Reachable != r.Reachable || b.Code != r.Code || pathLine(b.Hops) != pathLine(r.Hops) {
				t.Errorf("converted TOML: %v %s [%s]; plan: %v %s [%s]", b.Reachable, b.Code, pathLine(b.Hops), r.Reachable, r.Code, pathLine(r.Hops))
			}
		})
	}
	if n < 10 {
		t.Errorf("only %d expectations found", n)
	}
}
