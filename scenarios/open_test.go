package scenarios

import (
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/cshsim/cshsim/model"
	"github.com/cshsim/cshsim/sim"
)

// cmpOpts is the package's one set of go-cmp options: netip values have
// unexported fields, and cmp panics on them without EquateComparable.
var cmpOpts = cmp.Options{cmpopts.EquateComparable(netip.Addr{}, netip.Prefix{})}

const smallNet = `region = "eu-west-1"

[[vpc]]
id = "vpc-a"
cidrs = ["10.0.0.0/16"]

[[subnet]]
id = "sn-a"
vpc = "vpc-a"
cidr = "10.0.1.0/24"

[[security_group]]
id = "sg-a"
vpc = "vpc-a"
egress = [{ protocol = "all", cidr = "0.0.0.0/0" }]

[[cloudshell]]
name = "ops"
subnet = "sn-a"
security_groups = ["sg-a"]

[[expect]]
from = "cloudshell"
to = "internet"
reachable = false
code = "NO_ROUTE_TO_DESTINATION"
`

func writeFile(t *testing.T, dir, name, data string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// smallPlan is `terraform show -json` output creating a VPC, a subnet and
// a security group, and no route out.
const smallPlan = `{
  "format_version": "1.2",
  "planned_values": {
    "root_module": {
      "resources": [
        {"address": "aws_vpc.main", "mode": "managed", "type": "aws_vpc", "name": "main",
         "values": {"cidr_block": "10.0.0.0/16", "enable_dns_support": true, "enable_dns_hostnames": true}},
        {"address": "aws_subnet.private", "mode": "managed", "type": "aws_subnet", "name": "private",
         "values": {"cidr_block": "10.0.1.0/24", "availability_zone": "eu-west-1a"}},
        {"address": "aws_security_group.cs", "mode": "managed", "type": "aws_security_group", "name": "cs",
         "values": {"egress": [{"cidr_blocks": ["0.0.0.0/0"], "from_port": 0, "to_port": 0, "protocol": "-1", "ipv6_cidr_blocks": [], "prefix_list_ids": [], "security_groups": [], "self": false}], "ingress": []}}
      ]
    }
  },
  "configuration": {
    "root_module": {
      "resources": [
        {"address": "aws_subnet.private", "type": "aws_subnet", "name": "private",
         "expressions": {"vpc_id": {"references": ["aws_vpc.main.id", "aws_vpc.main"]}}},
        {"address": "aws_security_group.cs", "type": "aws_security_group", "name": "cs",
         "expressions": {"vpc_id": {"references": ["aws_vpc.main.id", "aws_vpc.main"]}}}
      ]
    }
  }
}
`

func TestOpenKinds(t *testing.T) {
	dir := t.TempDir()
	toml := writeFile(t, dir, "net.toml", smallNet)
	plan := writeFile(t, dir, "tfplan.out", smallPlan) // detected by content, not name
	tests := []struct {
		arg, name, kind string
		expects         int
		deployed        bool
	}{
		{"", "scenario:" + Default, KindScenario, 3, false},
		{"scenario:public-subnet", "scenario:public-subnet", KindScenario, 1, false},
		{toml, toml, KindTOML, 1, false},
		{"../testdata/awscli/private-nat", "../testdata/awscli/private-nat", KindAWSCLI, 0, true},
		{plan, plan, KindTerraformPlan, 0, false},
	}
	for _, tt := range tests {
		l, diags := Open(tt.arg)
		if l == nil {
			t.Errorf("Open(%q) = nil, %v", tt.arg, diags)
			continue
		}
		if diags.HasErrors() {
			t.Errorf("Open(%q): errors with a result: %v", tt.arg, diags)
		}
		got := []any{l.Name, l.Kind, len(l.Expects), l.Snapshot.Deployed, l.Graph != nil}
		want := []any{tt.name, tt.kind, tt.expects, tt.deployed, true}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Open(%q): name, kind, expects, deployed, graph (-want +got):\n%s", tt.arg, diff)
		}
	}
}

// TestOpenErrors asserts codes and positions, not wording.
func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	bad := writeFile(t, dir, "bad.toml", "[[vpc]]\nid = \"vpc-a\"\ncidrs = [\"10.0.0.0/33\"]\n")
	state := writeFile(t, dir, "state.json", `{"format_version": "1.0", "values": {}}`)
	// A damaged plan is detected by its first keys and gets the plan
	// reader's position (issue 16).
	truncated := writeFile(t, dir, "truncated.json", "{\n  \"format_version\": \"1.2\",\n  \"planned_values\": {")
	withNUL := writeFile(t, dir, "nul.json", "{\n  \"format_version\": \"1.2\",\n  \"planned_values\": {\x00}}")
	dangling := writeFile(t, dir, "dangling.toml", "[[vpc]]\nid = \"vpc-a\"\ncidrs = [\"10.0.0.0/16\"]\n\n[[subnet]]\nid = \"sn\"\nvpc = \"vpc-b\"\ncidr = \"10.0.1.0/24\"\n")
	tests := []struct {
		arg  string
		code string
		pos  model.Pos
	}{
		{"scenario:nope", CodeUnknownScenario, model.Pos{}},
		{filepath.Join(dir, "missing.toml"), CodeReadError, model.Pos{}},
		{bad, "bad-value", model.Pos{File: bad, Line: 3, Col: 10}},
		{state, CodeUnknownFormat, model.Pos{File: state}},
		{truncated, model.CodeJSONSyntax, model.Pos{File: truncated, Line: 3, Col: 22}},
		{withNUL, model.CodeJSONSyntax, model.Pos{File: withNUL, Line: 3, Col: 22}},
		{dangling, "dangling-reference", model.Pos{File: dangling, Line: 7, Col: 1}},
	}
	for _, tt := range tests {
		l, diags := Open(tt.arg)
		if l != nil || !diags.HasErrors() {
			t.Errorf("Open(%q) = %v, %v; want nil and errors", tt.arg, l, diags)
			continue
		}
		d := diags.Errors()[0]
		if d.Code != tt.code || d.Pos != tt.pos {
			t.Errorf("Open(%q): first error %s at %v, want %s at %v (%s)", tt.arg, d.Code, d.Pos, tt.code, tt.pos, d.Message)
		}
	}
}

// TestOpenOwned: diagnostics the caller owns neither stop OpenWith nor
// come back; the others still do.
func TestOpenOwned(t *testing.T) {
	dir := t.TempDir()
	dangling := writeFile(t, dir, "dangling.toml", "[[vpc]]\nid = \"vpc-a\"\ncidrs = [\"10.0.0.0/16\"]\n\n[[subnet]]\nid = \"sn\"\nvpc = \"vpc-b\"\ncidr = \"10.0.1.0/24\"\n")
	ownsDangling := func(d model.Diagnostic) bool { return d.Code == "dangling-reference" }
	ownsNothing := func(model.Diagnostic) bool { return false }
	if l, diags := OpenWith(dangling, OpenOptions{Owned: ownsNothing}); l != nil {
		t.Errorf("owning nothing: Open succeeded (%v)", diags)
	}
	l, diags := OpenWith(dangling, OpenOptions{Owned: ownsDangling})
	if l == nil || l.Graph == nil {
		t.Fatalf("owning the dangling reference: Open failed: %v", diags)
	}
	for _, d := range diags {
		if ownsDangling(d) {
			t.Errorf("owned diagnostic returned: %v", d)
		}
	}
}

func TestOpenTests(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "net.toml", smallNet)
	test := writeFile(t, dir, "tests/net_test.toml", "# tests\nsnapshot = \"../net.toml\"\n\n[[expect]]\nfrom = \"cloudshell\"\nto = \"internet\"\nreachable = true\n")

	var c Cache
	tf, diags := c.OpenTests(test)
	if tf == nil {
		t.Fatal(diags)
	}
	if want := filepath.Join(dir, "net.toml"); tf.SnapshotArg != want || tf.Snapshot.Name != want {
		t.Errorf("snapshot %q (%q), want %q", tf.SnapshotArg, tf.Snapshot.Name, want)
	}
	if len(tf.Expects) != 1 || tf.Expects[0].Pos != (model.Pos{File: test, Line: 4, Col: 1}) {
		t.Fatalf("expects %+v, want one at line 4 of the test file", tf.Expects)
	}
	o := tf.Run()
	if len(o) != 1 || o[0].Passed() || !strings.HasPrefix(o[0].Failures[0], "reachable = false, want true") {
		t.Errorf("Run = %+v, want one failure on reachable", o)
	}
	// The snapshot itself is a test file too, with its own expectation.
	self, _ := c.OpenTests(filepath.Join(dir, "net.toml"))
	if self == nil || self.SnapshotArg != "" || len(self.Expects) != 1 || !self.Run()[0].Passed() {
		t.Errorf("the snapshot's own expectations: %+v", self)
	}
	// The cache opened the snapshot once.
	if self.Snapshot != tf.Snapshot {
		t.Error("the cache opened one snapshot twice")
	}
	if sc, _ := OpenTests("scenario:private-nat"); sc == nil || len(sc.Expects) != 3 || sc.File != "scenario:private-nat" {
		t.Errorf("OpenTests(scenario:private-nat) = %+v", sc)
	}
}

func TestOpenTestsErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, data string
		code       string
		line, col  int
	}{
		{"missing_test.toml", "# x\n  snapshot = \"nothere.toml\"\n[[expect]]\nfrom = \"cloudshell\"\nto = \"internet\"\nreachable = true\n", CodeReadError, 2, 3},
		{"unknown_test.toml", "snapshot = \"scenario:nope\"\n", CodeUnknownScenario, 1, 1},
		{"number_test.toml", "snapshot = 3\n", CodeBadTestFile, 1, 1},
		{"empty_test.toml", "snapshot = \"\"\n", CodeBadTestFile, 1, 1},
		{"mixed_test.toml", "snapshot = \"scenario:private-nat\"\nregion = \"eu-west-1\"\n", CodeBadTestFile, 1, 1},
		{"typo_test.toml", "snapshot = \"scenario:private-nat\"\n\n[[expect]]\nfrom = \"cloudshell\"\nto = \"internet\"\nreachble = true\n", "unknown-key", 6, 1},
		{"nofrom_test.toml", "snapshot = \"scenario:private-nat\"\n\n[[expect]]\nto = \"internet\"\nreachable = true\n", "missing-field", 3, 1},
		{"syntax_test.toml", "snapshot = \"scenario:private-nat\"\n[[expect]\n", "toml-syntax", 2, 9},
	}
	for _, tt := range tests {
		path := writeFile(t, dir, tt.name, tt.data)
		tf, diags := OpenTests(path)
		if tf != nil || !diags.HasErrors() {
			t.Errorf("%s: OpenTests = %+v, %v; want nil and errors", tt.name, tf, diags)
			continue
		}
		d := diags.Errors()[0]
		if want := (model.Pos{File: path, Line: tt.line, Col: tt.col}); d.Code != tt.code || d.Pos != want {
			t.Errorf("%s: %s at %v, want %s at %v (%s)", tt.name, d.Code, d.Pos, tt.code, want, d.Message)
		}
	}
	if _, diags := OpenTests(filepath.Join(dir, "nothere_test.toml")); !diags.HasErrors() || diags[0].Code != CodeReadError {
		t.Errorf("missing test file: %v", diags)
	}
}

func TestCheckInvalid(t *testing.T) {
	l, _ := Open("scenario:private-nat")
	e := l.Expects[0]
	for _, tt := range []struct {
		mod  func()
		want string
	}{
		{func() { e.To = "nowhere" }, "to: "},
		{func() { e.ResolvesVia = "vpn" }, `resolves_via "vpn"`},
		{func() { e.Reachable, e.Code, e.Via, e.NotVia, e.ResolvesVia = nil, "", nil, nil, "" }, "checks nothing"},
	} {
		e = l.Expects[0]
		tt.mod()
		o := Check(l.Graph, append(l.Expects[:0:0], e))[0]
		if !strings.Contains(o.Invalid, tt.want) || o.Passed() {
			t.Errorf("Invalid = %q, want %q", o.Invalid, tt.want)
		}
	}
	// An unknown source is a failure, not bad input: the network changed.
	e = l.Expects[0]
	e.From = "cloudshell:gone"
	if o := Check(l.Graph, append(l.Expects[:0:0], e))[0]; o.Invalid != "" || o.Passed() {
		t.Errorf("unknown source: %+v, want a failure that is not Invalid", o)
	}
}

func TestHasExpectations(t *testing.T) {
	for s, want := range map[string]bool{
		"[[expect]]\n":                     true,
		"  [[ expect ]] # a comment\n":     true,
		"[[vpc]]\nid = \"x\"\n":            false,
		"[[expects]]\n":                    false,
		"# [[expect]]\n":                   false,
		"[project]\nname = \"[[expect]]\"": false,
	} {
		if got := HasExpectations([]byte(s)); got != want {
			t.Errorf("HasExpectations(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestTableOnAUserNetwork is the table test docs/testing.md shows: a
// user's own network, one row per question, compared with go-cmp.
func TestTableOnAUserNetwork(t *testing.T) {
	l, diags := Open("scenario:private-nat") // in your repository: Open("network.toml")
	if l == nil {
		t.Fatal(diags.Err())
	}
	type answer struct {
		Reachable bool
		Code      sim.Code
		Via       bool // passes nat-a
	}
	tests := []struct {
		to   string
		want answer
	}{
		{"internet", answer{true, "", true}},
		{"10.0.2.10:5432", answer{true, "", false}},
		{"10.0.2.10:22", answer{false, sim.CodeSGMismatch, false}},
	}
	for _, tt := range tests {
		r, err := l.Query("cloudshell", tt.to)
		if err != nil {
			t.Fatal(err)
		}
		got := answer{r.Reachable, r.Code, r.Passes("nat-a")}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Query(cloudshell, %s) (-want +got):\n%s", tt.to, diff)
		}
	}
	// Sources hold netip values: compare them with the shared options.
	src, _ := l.Graph.ResolveSource("cloudshell")
	want := sim.Source{Kind: "cloudshell", ID: "ops", VPC: "vpc-app", Subnet: "subnet-private-a",
		IP: netip.MustParseAddr("10.0.1.4"), SecurityGroups: []string{"sg-cloudshell"}, ENI: "cloudshell:ops"}
	if diff := cmp.Diff(want, src, append(cmpOpts, cmpopts.IgnoreFields(sim.Source{}, "Assumptions", "Assumed"))...); diff != "" {
		t.Errorf("ResolveSource(cloudshell) (-want +got):\n%s", diff)
	}
}

// TestDiffOnAUserNetwork is the sim.Diff example docs/testing.md shows:
// moving CloudShell to the public subnet loses the internet, because the
// environment has no public IP.
func TestDiffOnAUserNetwork(t *testing.T) {
	before, diags := Open("scenario:private-nat")
	if before == nil {
		t.Fatal(diags.Err())
	}
	after, diags := Open("scenario:public-subnet") // in your repository: Open("network/design.toml")
	if after == nil {
		t.Fatal(diags.Err())
	}
	src0, err := before.Graph.ResolveSource("cloudshell")
	if err != nil {
		t.Fatal(err)
	}
	src1, err := after.Graph.ResolveSource("cloudshell")
	if err != nil {
		t.Fatal(err)
	}
	_, changes := sim.Diff(before.Graph, src0, after.Graph, src1, nil, sim.Options{})
	lost := map[string]sim.Code{}
	for _, c := range changes {
		if c.Kind == sim.BecameUnreachable {
			lost[c.Destination] = c.After.Code
		}
	}
	if got := lost["internet"]; got != sim.CodeIGWNoPublicIP {
		t.Errorf("internet: lost with %q, want %q (all lost: %v)", got, sim.CodeIGWNoPublicIP, lost)
	}
}
