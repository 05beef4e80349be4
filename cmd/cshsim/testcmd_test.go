package main

import (
	"bytes"
	"context"
	"encoding/xml"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/cshsim/cshsim/scenarios"
)

// TestTestScenarios runs every embedded scenario's expectations through
// `cshsim test`, as CI would (style habit 14: one corpus, several
// consumers).
func TestTestScenarios(t *testing.T) {
	args := []string{"test"}
	n := 0
	for _, sc := range scenarios.All() {
		args = append(args, "scenario:"+sc.Name)
		doc, _ := sc.Load()
		n += len(doc.Expects)
	}
	var out, errb bytes.Buffer
	if rc := run(context.Background(), args, &out, &errb); rc != exitOK {
		t.Fatalf("exit %d\n%s%s", rc, out.String(), errb.String())
	}
	if want := strconv.Itoa(n) + " passed, 0 failed\n"; !strings.HasSuffix(out.String(), want) {
		t.Errorf("output ends %q, want %q", lastLine(out.String()), want)
	}
}

func lastLine(s string) string {
	s = strings.TrimRight(s, "\n")
	return s[strings.LastIndexByte(s, '\n')+1:]
}

var durations = regexp.MustCompile(`\(\d+\.\d\ds\)`)

// TestTestOutputGolden pins the text of `cshsim test` on a failing run,
// times set to 0.00s (go test -update rewrites it).
func TestTestOutputGolden(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "net_test.toml"), failingTests)
	var out, errb bytes.Buffer
	wd, _ := os.Getwd()
	t.Chdir(dir)
	rc := run(context.Background(), []string{"test", "net_test.toml"}, &out, &errb)
	t.Chdir(wd)
	if rc != exitNegative {
		t.Fatalf("exit %d, want 1\n%s", rc, errb.String())
	}
	got := durations.ReplaceAllString(out.String(), "(0.00s)")
	checkGolden(t, filepath.Join("testdata", "golden", "test", "fail.txt"), got)
}

const failingTests = `# CloudShell behind the NAT gateway of the default scenario.
snapshot = "scenario:private-nat"

[[expect]]
from = "cloudshell"
to = "internet"
reachable = true
via = ["nat-a"]
why = "package installs"

[[expect]]
from = "cloudshell"
to = "10.0.2.10:22"
reachable = true
why = "ssh to the database host"

[[expect]]
from = "cloudshell"
to = "10.0.2.10:5432"
not_via = ["nat-a"]
why = "psql stays inside the VPC"
`

func write(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// junitRequired lists, per element of the common JUnit XML schema
// (Ant's, as Jenkins, GitLab and the GitHub Actions reporters read it),
// the attributes it must carry and the elements it may sit in.
var junitRequired = map[string]struct {
	attrs  []string
	parent string
}{
	"testsuites": {nil, ""},
	"testsuite":  {[]string{"name", "tests", "failures", "errors", "time"}, "testsuites"},
	"properties": {nil, "testsuite"},
	"property":   {[]string{"name", "value"}, "properties"},
	"testcase":   {[]string{"name", "classname", "time"}, "testsuite"},
	"failure":    {[]string{"message", "type"}, "testcase"},
	"error":      {[]string{"message", "type"}, "testcase"},
}

// TestJUnitSchema runs a file with one failing and one malformed
// expectation and a file that cannot be loaded, then reads the JUnit file
// back: only elements of the schema, in their places, with their required
// attributes; counts that add up; times that are numbers; the failure's
// explanation as its content.
func TestJUnitSchema(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "net_test.toml"), failingTests+`
[[expect]]
from = "cloudshell"
to = "nowhere"
reachable = true
`)
	write(t, filepath.Join(dir, "broken_test.toml"), "snapshot = \"nothere.toml\"\n\n[[expect]]\nfrom = \"cloudshell\"\nto = \"internet\"\nreachable = true\n")
	report := filepath.Join(dir, "report.xml")
	var out, errb bytes.Buffer
	rc := run(context.Background(), []string{"test", filepath.Join(dir, "net_test.toml"), filepath.Join(dir, "broken_test.toml"), "--junit", report}, &out, &errb)
	if rc != exitUsage {
		t.Fatalf("exit %d, want 2 (a malformed expectation, a missing snapshot)\n%s%s", rc, out.String(), errb.String())
	}
	data, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}

	// Structure: every element known, in its parent, with its attributes.
	dec := xml.NewDecoder(bytes.NewReader(data))
	var stack []string
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			name := tok.Name.Local
			rule, ok := junitRequired[name]
			parent := ""
			if len(stack) > 0 {
				parent = stack[len(stack)-1]
			}
			switch {
			case !ok:
				t.Errorf("element <%s> is not in the JUnit schema", name)
			case rule.parent != parent:
				t.Errorf("<%s> inside <%s>, want inside <%s>", name, parent, rule.parent)
			}
			have := map[string]string{}
			for _, a := range tok.Attr {
				have[a.Name.Local] = a.Value
			}
			for _, a := range rule.attrs {
				if _, ok := have[a]; !ok {
					t.Errorf("<%s> lacks the required attribute %s", name, a)
				}
			}
			for _, a := range []string{"tests", "failures", "errors", "skipped"} {
				if v, ok := have[a]; ok {
					if _, err := strconv.Atoi(v); err != nil {
						t.Errorf("<%s %s=%q>: want an integer", name, a, v)
					}
				}
			}
			if v, ok := have["time"]; ok {
				if _, err := strconv.ParseFloat(v, 64); err != nil {
					t.Errorf("<%s time=%q>: want seconds", name, v)
				}
			}
			stack = append(stack, name)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		}
	}
	if len(stack) != 0 {
		t.Errorf("unclosed elements %v", stack)
	}

	// Content: decode it and check the counts and the texts.
	var got struct {
		XMLName  xml.Name `xml:"testsuites"`
		Tests    int      `xml:"tests,attr"`
		Failures int      `xml:"failures,attr"`
		Errors   int      `xml:"errors,attr"`
		Suites   []struct {
			Name     string `xml:"name,attr"`
			Tests    int    `xml:"tests,attr"`
			Failures int    `xml:"failures,attr"`
			Errors   int    `xml:"errors,attr"`
			Cases    []struct {
				Name      string `xml:"name,attr"`
				Classname string `xml:"classname,attr"`
				Failure   *struct {
					Message string `xml:"message,attr"`
					Text    string `xml:",chardata"`
				} `xml:"failure"`
				Error *struct {
					Message string `xml:"message,attr"`
				} `xml:"error"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(data, &got); err != nil {
		t.Fatalf("xml.Unmarshal: %v", err)
	}
	if got.Tests != 5 || got.Failures != 1 || got.Errors != 2 || len(got.Suites) != 2 {
		t.Fatalf("testsuites: tests %d failures %d errors %d suites %d, want 5, 1, 2, 2", got.Tests, got.Failures, got.Errors, len(got.Suites))
	}
	s := got.Suites[0]
	if s.Tests != len(s.Cases) || s.Tests != 4 || s.Failures != 1 || s.Errors != 1 || !strings.HasSuffix(s.Name, "net_test.toml") {
		t.Errorf("suite %s: tests %d (%d cases) failures %d errors %d, want 4, 1, 1", s.Name, s.Tests, len(s.Cases), s.Failures, s.Errors)
	}
	f := s.Cases[1].Failure
	switch {
	case f == nil:
		t.Fatalf("case %q has no failure", s.Cases[1].Name)
	case !strings.HasSuffix(s.Cases[1].Name, "net_test.toml:11 cloudshell → 10.0.2.10:22"):
		t.Errorf("case name %q", s.Cases[1].Name)
	case !strings.HasPrefix(f.Message, "reachable = false, want true (ENI_SG_RULES_MISMATCH"):
		t.Errorf("failure message %q", f.Message)
	case !strings.Contains(f.Text, "why: ssh to the database host") || !regexp.MustCompile(`sg-db +security-group ingress +deny ✗`).MatchString(f.Text) ||
		!strings.Contains(f.Text, "fix: add an ingress rule to sg-db allowing tcp 22 from sg-cloudshell"):
		t.Errorf("failure text lacks the why, the hops or the fix:\n%s", f.Text)
	}
	if e := s.Cases[3].Error; e == nil || !strings.Contains(e.Message, `to: destination "nowhere"`) {
		t.Errorf("malformed expectation: error %+v, want one about the destination", e)
	}
	b := got.Suites[1]
	if b.Tests != 1 || b.Errors != 1 || b.Cases[0].Error == nil || !strings.Contains(b.Cases[0].Error.Message, "broken_test.toml:1:1: snapshot ") {
		t.Errorf("unloadable file: %+v, want one error naming the snapshot key's line", b)
	}
}
