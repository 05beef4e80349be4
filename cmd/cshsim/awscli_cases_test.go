package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cshsim/cshsim/model/awscli"
	"github.com/cshsim/cshsim/sim"
)

// expectLine is the form of the expectations in testdata/awscli/*/README.md:
// "- expect: cloudshell → internet:443 unreachable, code NO_ROUTE_TO_DESTINATION";
// the verdict is reachable, unreachable or unknown (the export lacks what
// decides it: "- expect: cloudshell → 10.99.1.5:5432 unknown, code CSH_NOT_IN_SNAPSHOT").
var expectLine = regexp.MustCompile(`^- expect: (\S+) → (\S+) (reachable|unreachable|unknown)(?:, code ([A-Z0-9_]+))?`)

// TestAWSCLICases runs every expectation written in the READMEs of the
// AWS CLI export cases through the real command, in JSON.
func TestAWSCLICases(t *testing.T) {
	dirs, _ := filepath.Glob("../../testdata/awscli/*/README.md")
	if len(dirs) == 0 {
		t.Fatal("no AWS CLI cases found")
	}
	n := 0
	for _, readme := range dirs {
		dir := filepath.Dir(readme)
		f, err := os.Open(readme)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			m := expectLine.FindStringSubmatch(sc.Text())
			if m == nil {
				continue
			}
			from, to, verdict, code := m[1], strings.TrimSuffix(m[2], ":443"), m[3], m[4]
			n++
			t.Run(filepath.Base(dir)+"/"+to, func(t *testing.T) {
				var out, errb bytes.Buffer
				if rc := run(context.Background(), []string{"reach", dir, "--from", from, "--to", to, "--format", "json"}, &out, &errb); rc != 0 {
					t.Fatalf("exit %d: %s", rc, errb.String())
				}
				var got reachOutput
				if err := json.Unmarshal(out.Bytes(), &got); err != nil {
					t.Fatal(err)
				}
				r := got.Results[0]
				if r.Verdict != sim.Answer(verdict) || r.Reachable != (verdict == "reachable") || (code != "" && string(r.Code) != code) {
					t.Errorf("%s → %s: %s, reachable %v, code %q (%s); README says %s %s", from, to, r.Verdict, r.Reachable, r.Code, r.Message, verdict, code)
				}
				if got.Source.Kind != "cloudshell" {
					t.Errorf("source kind %q, want cloudshell (the ENI tagged ManagedByCloudShell)", got.Source.Kind)
				}
			})
		}
		f.Close()
	}
	if n < 10 {
		t.Errorf("only %d expectations found in the READMEs", n)
	}
}

// TestImportRoundTrip converts every AWS CLI case, and every export folder
// among the shared fixtures, to TOML and checks that the TOML gives the
// same answers as the folder, from every interface of the export.
func TestImportRoundTrip(t *testing.T) {
	var dirs []string
	readmes, _ := filepath.Glob("../../testdata/awscli/*/README.md")
	for _, r := range readmes {
		dirs = append(dirs, filepath.Dir(r))
	}
	fixtures, _ := filepath.Glob("../../../shared/fixtures/batfish-aws/snapshots/*")
	fixtures = append(fixtures, "../../../shared/fixtures/pybatfish-hybrid-cloud", "../../../shared/fixtures/cloudmapper-demo")
	for _, f := range fixtures {
		if fi, err := os.Stat(f); err == nil && fi.IsDir() {
			dirs = append(dirs, f)
		}
	}
	if len(dirs) <= len(readmes) {
		t.Log("shared fixtures not found beside the repository; only testdata/awscli is checked")
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "snap.toml")
			var o, e bytes.Buffer
			if rc := run(context.Background(), []string{"import", "--aws-cli", dir, "-o", out}, &o, &e); rc != 0 {
				t.Fatalf("import: exit %d: %s", rc, e.String())
			}
			if rc := run(context.Background(), []string{"import", "--aws-cli", dir, "-o", out}, &o, &e); rc != 2 {
				t.Errorf("import over an existing file: exit %d, want 2", rc)
			}
			snap, _ := awscli.Load(dir)
			for _, eni := range snap.ENIs {
				args := []string{"--from", eni.ID, "--to", "internet", "--to", "151.101.1.69:443", "--to", "10.0.0.9:22", "--to", "172.31.0.20:5432", "--to", "52.94.236.248/icmp", "--to", "aws:s3", "--to", "aws:logs", "--format", "json"}
				if eni.Status.Is("available") {
					// A detached interface is no source, in either form.
					for _, snap := range []string{dir, out} {
						var o, e bytes.Buffer
						if rc := run(context.Background(), append([]string{"reach", snap}, args...), &o, &e); rc != 2 || !strings.Contains(e.String(), "detached") {
							t.Errorf("reach %s --from %s (detached): exit %d, %s; want exit 2 saying it is detached", snap, eni.ID, rc, e.String())
						}
					}
					continue
				}
				a := reachJSON(t, append([]string{"reach", dir}, args...))
				b := reachJSON(t, append([]string{"reach", out}, args...))
				for i := range a.Results {
					ra, rb := a.Results[i], b.Results[i]
					if ra.Verdict != rb.Verdict || ra.Reachable != rb.Reachable || ra.Code != rb.Code || pathLine(ra.Hops) != pathLine(rb.Hops) {
						t.Errorf("%s → %s: folder %v %s [%s], TOML %v %s [%s]", eni.ID, ra.Destination, ra.Reachable, ra.Code, pathLine(ra.Hops), rb.Reachable, rb.Code, pathLine(rb.Hops))
					}
				}
			}
		})
	}
}

func pathLine(hops []sim.Hop) string {
	var s []string
	for _, h := range hops {
		s = append(s, h.Component+":"+string(h.Verdict))
	}
	return strings.Join(s, " ")
}

// reachOutput decodes the JSON of reach and explain (docs/cli.md).
type reachOutput struct {
	Version  int          `json:"version"`
	Snapshot string       `json:"snapshot"`
	Source   sim.Source   `json:"source"`
	Results  []sim.Result `json:"results"`
}

func reachJSON(t *testing.T, args []string) reachOutput {
	t.Helper()
	var out, errb bytes.Buffer
	if rc := run(context.Background(), args, &out, &errb); rc != 0 {
		t.Fatalf("cshsim %v: exit %d: %s", args, rc, errb.String())
	}
	var got reachOutput
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	return got
}
