package awscli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/cshsim/cshsim/model"
)

// fixtures returns the shared fixtures folder, which CI keeps beside the
// repository (../shared relative to it), or skips the test.
func fixtures(t testing.TB) string {
	t.Helper()
	dir := filepath.Join("..", "..", "..", "shared", "fixtures")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("shared fixtures not found at %s", dir)
	}
	return dir
}

// exportFolders lists the fixture folders that are whole exports.
func exportFolders(t *testing.T) []string {
	dir := fixtures(t)
	snaps, err := filepath.Glob(filepath.Join(dir, "batfish-aws", "snapshots", "*"))
	if err != nil || len(snaps) == 0 {
		t.Fatalf("no Batfish snapshots under %s (err %v)", dir, err)
	}
	return append(snaps, filepath.Join(dir, "pybatfish-hybrid-cloud"), filepath.Join(dir, "cloudmapper-demo"))
}

func count(ds model.Diagnostics, sev model.Severity) int {
	n := 0
	for _, d := range ds {
		if d.Severity == sev {
			n++
		}
	}
	return n
}

// TestFixtureExports loads every export in the shared fixtures: no error
// diagnostics, and the same snapshot on a second load.
func TestFixtureExports(t *testing.T) {
	for _, dir := range exportFolders(t) {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			t.Parallel()
			s, diags := Load(dir)
			for _, d := range diags {
				if d.Severity == model.Error {
					t.Errorf("Load: %v", d)
				}
				if d.Pos.File == "" {
					t.Errorf("diagnostic without a file: %v", d)
				}
			}
			t.Logf("%s: %d VPCs, %d subnets, %d route tables, %d interfaces, %d security groups, %d NACLs, %d TGW attachments; %d warnings; region %q, account %q", filepath.Base(dir),
				len(s.VPCs), len(s.Subnets), len(s.RouteTables), len(s.ENIs), len(s.SecurityGroups), len(s.NetworkACLs),
				len(s.TGWAttachments), count(diags, model.Warning), s.Region, s.Account)
			for _, d := range diags {
				if d.Code != CodeNoKnownKey {
					t.Logf("  %v", d)
				}
			}
			// Validate is not this package's verdict (exports are often
			// partial), but log what it says.
			for _, d := range s.Validate().Errors() {
				t.Logf("  Validate: %v", d)
			}
			s2, diags2 := Load(dir)
			if !reflect.DeepEqual(s2, loadAgain(t, dir)) || len(diags2) != len(diags) {
				t.Errorf("two loads of %s differ", dir)
			}
		})
	}
}

func loadAgain(t *testing.T, dir string) *model.Snapshot {
	s, _ := Load(dir)
	return s
}

// unitFileErrors lists the errors the Batfish one-API fixtures are built
// to contain (Batfish tests its own handling of invalid input with them).
var unitFileErrors = map[string][]string{
	// TCP port ranges -1..50 and 30..-1; one group id used three times.
	"SecurityGroupTest.json": {CodeBadValue, CodeBadValue, CodeConflict, CodeConflict},
	// One endpoint described twice, available and pending.
	"VpcEndpointTest.json": {CodeConflict},
}

// TestFixtureUnitFiles loads each Batfish one-API fixture on its own.
func TestFixtureUnitFiles(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(fixtures(t), "batfish-aws", "unit", "*.json"))
	if len(files) == 0 {
		t.Fatal("no Batfish unit fixtures")
	}
	for _, f := range files {
		_, diags := Load(f)
		var codes []string
		for _, d := range diags.Errors() {
			codes = append(codes, d.Code)
		}
		if want := unitFileErrors[filepath.Base(f)]; !slices.Equal(codes, want) {
			t.Errorf("Load(%s): error codes %q, want %q\n%v", filepath.Base(f), codes, want, diags.Errors())
		}
	}
}

// rstBlock is one literal "Output::" block of an AWS CLI doc example.
type rstBlock struct {
	line int // line of "Output::"
	body string
}

// rstOutputs extracts the literal blocks that follow "Output::" in an
// reStructuredText file: the indented lines after it, dedented.
func rstOutputs(text string) []rstBlock {
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	var out []rstBlock
	for i := 0; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) != "Output::" {
			continue
		}
		j := i + 1
		var body []string
		for ; j < len(lines); j++ {
			l := lines[j]
			if strings.TrimSpace(l) != "" && l[0] != ' ' && l[0] != '\t' {
				break
			}
			body = append(body, l)
		}
		indent := -1
		for _, l := range body {
			if strings.TrimSpace(l) == "" {
				continue
			}
			n := len(l) - len(strings.TrimLeft(l, " \t"))
			if indent < 0 || n < indent {
				indent = n
			}
		}
		for k, l := range body {
			if len(l) >= indent && indent > 0 {
				body[k] = l[indent:]
			}
		}
		out = append(out, rstBlock{i + 1, strings.TrimSpace(strings.Join(body, "\n")) + "\n"})
		i = j - 1
	}
	return out
}

func TestRSTOutputs(t *testing.T) {
	text := "Intro ::\n\n    aws ec2 x\n\nOutput::\n\n    {\n        \"Vpcs\": []\n    }\n\nMore text.\n\nOutput::\n\n  i-1\n  i-2\n"
	got := rstOutputs(text)
	want := []rstBlock{{5, "{\n    \"Vpcs\": []\n}\n"}, {13, "i-1\ni-2\n"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rstOutputs = %+v, want %+v", got, want)
	}
}

// docExampleErrors lists the doc examples that hold invalid values, with
// the errors they must give (file-line of the Output block).
var docExampleErrors = map[string][]string{
	// PrivateIpAddress "10-0-0-157" (a DNS label, not an address), twice.
	"describe-instances-8": {CodeBadValue, CodeBadValue},
}

// TestDocExamples loads each JSON output of the AWS CLI documentation on
// its own: valid JSON loads without errors; the few examples AWS wrote
// with JSON mistakes (a trailing comma, single quotes) give one
// json-syntax error with a position.
func TestDocExamples(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(fixtures(t), "awscli-doc-examples", "*", "*.rst"))
	if len(files) == 0 {
		t.Fatal("no AWS CLI doc examples")
	}
	n := 0
	for _, f := range files {
		text, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range rstOutputs(string(text)) {
			if b.body == "" || b.body[0] != '{' && b.body[0] != '[' {
				continue // --output text or table
			}
			n++
			name := fmt.Sprintf("%s-%d.json", strings.TrimSuffix(filepath.Base(f), ".rst"), b.line)
			s, diags := LoadFS(fstest.MapFS{name: {Data: []byte(b.body)}}, ".")
			if json.Valid([]byte(b.body)) {
				var codes []string
				for _, d := range diags.Errors() {
					codes = append(codes, d.Code)
				}
				if want := docExampleErrors[strings.TrimSuffix(name, ".json")]; !slices.Equal(codes, want) {
					t.Errorf("%s:%d: error codes %q, want %q\n%v", filepath.Base(f), b.line, codes, want, diags.Errors())
				}
				if s == nil {
					t.Errorf("%s:%d: nil snapshot", filepath.Base(f), b.line)
				}
				continue
			}
			if len(diags) != 1 || diags[0].Code != CodeJSONSyntax || diags[0].Pos.Line == 0 {
				t.Errorf("%s:%d: invalid JSON: got %v, want one json-syntax error with a line", filepath.Base(f), b.line, diags)
			}
		}
	}
	if n < 40 {
		t.Errorf("found %d JSON outputs in the doc examples, want at least 40", n)
	}
}

// botocoreErrors lists the botocore examples that hold invalid values.
var botocoreErrors = map[string][]string{
	"DescribeNatGateways-0": {CodeBadValue}, // PublicIp "198.11.222.333"
}

// TestBotocoreExamples loads the output of every describe, get and search
// example of botocore on its own.
func TestBotocoreExamples(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(fixtures(t), "botocore-examples", "*", "*", "examples-1.json"))
	if len(files) == 0 {
		t.Fatal("no botocore examples")
	}
	n := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Examples map[string][]struct {
				Output json.RawMessage `json:"output"`
			} `json:"examples"`
		}
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		ops := make([]string, 0, len(doc.Examples))
		for op := range doc.Examples {
			ops = append(ops, op)
		}
		slices.Sort(ops)
		for _, op := range ops {
			if !strings.HasPrefix(op, "Describe") && !strings.HasPrefix(op, "Get") && !strings.HasPrefix(op, "Search") {
				continue
			}
			for i, ex := range doc.Examples[op] {
				if len(ex.Output) == 0 {
					continue
				}
				n++
				_, diags := LoadFS(fstest.MapFS{fmt.Sprintf("%s-%d.json", op, i): {Data: ex.Output}}, ".")
				var codes []string
				for _, d := range diags.Errors() {
					codes = append(codes, d.Code)
				}
				if want := botocoreErrors[fmt.Sprintf("%s-%d", op, i)]; !slices.Equal(codes, want) {
					t.Errorf("%s example %d: error codes %q, want %q\n%v", op, i, codes, want, diags.Errors())
				}
			}
		}
	}
	if n == 0 {
		t.Error("no botocore outputs found")
	}
}
