package tfplan

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cshsim/cshsim/internal/jsonpos"
	"github.com/cshsim/cshsim/model"
)

// TestBadInput checks that each kind of bad input gives its code at its
// position, and never a nil snapshot.
func TestBadInput(t *testing.T) {
	tests := []struct {
		name string
		in   string
		code string
		pos  model.Pos // the File is always plan.json
	}{
		{"empty", "  \n", CodeJSONSyntax, model.Pos{Line: 1, Col: 1}},
		{"invalid JSON", "{\n  \"format_version\": \"1.2\",\n  \"planned_values\": {]\n}", CodeJSONSyntax, model.Pos{Line: 3, Col: 22}},
		{"truncated", "{\n  \"format_version\": \"1.2\",\n  \"planned_values\": {", CodeJSONSyntax, model.Pos{Line: 3, Col: 22}},
		{"a list", "[1, 2]", CodeNotAPlan, model.Pos{Line: 1, Col: 1}},
		{"another object", `{"Vpcs": []}`, CodeNotAPlan, model.Pos{Line: 1, Col: 1}},
		{"a state", "{\n  \"format_version\": \"1.0\",\n  \"values\": {\"root_module\": {}}\n}", CodeNotAPlan, model.Pos{Line: 3, Col: 13, Path: "values"}},
		{"no format_version", `{"planned_values": {}}`, CodeNotAPlan, model.Pos{Line: 1, Col: 1}},
		{"format 2.0", "{\n  \"format_version\": \"2.0\",\n  \"planned_values\": {}\n}", CodeUnsupportedFormat, model.Pos{Line: 2, Col: 21, Path: "format_version"}},
		{"format 0.0", `{"format_version": "0.0", "resource_changes": []}`, CodeUnsupportedFormat, model.Pos{Line: 1, Col: 20, Path: "format_version"}},
		{"format not a version", `{"format_version": "one", "resource_changes": []}`, CodeUnsupportedFormat, model.Pos{Line: 1, Col: 20, Path: "format_version"}},
		{"format a number", `{"format_version": 1.2, "resource_changes": []}`, CodeUnsupportedFormat, model.Pos{Line: 1, Col: 20, Path: "format_version"}},
		{"planned_values of the wrong type", `{"format_version": "1.2", "planned_values": {"root_module": {"resources": "x"}}}`, CodeBadType,
			model.Pos{Line: 1, Col: 75, Path: "planned_values.root_module.resources"}},
		{"values of the wrong type", `{"format_version": "1.2", "planned_values": {"root_module": {"resources": [
			{"address": "aws_vpc.a", "mode": "managed", "type": "aws_vpc", "name": "a", "values": {"cidr_block": 10}}]}}}`, CodeBadType,
			model.Pos{Line: 2, Col: 105, Path: "aws_vpc.a.cidr_block"}},
		{"a CIDR that does not parse", `{"format_version": "1.2", "planned_values": {"root_module": {"resources": [
			{"address": "aws_vpc.a", "mode": "managed", "type": "aws_vpc", "name": "a", "values": {"cidr_block": "10.0.0.0/33"}}]}}}`, CodeBadValue,
			model.Pos{Line: 2, Col: 105, Path: "aws_vpc.a.cidr_block"}},
		{"a delegated prefix that does not parse", `{"format_version": "1.2", "planned_values": {"root_module": {"resources": [
			{"address": "aws_network_interface.a", "mode": "managed", "type": "aws_network_interface", "name": "a", "values": {"ipv4_prefixes": ["10.0.1.16/28", "10.0.1.16/33"]}}]}}}`, CodeBadValue,
			model.Pos{Line: 2, Col: 153, Path: "aws_network_interface.a.ipv4_prefixes[1]"}},
		{"an ICMP type outside 0-255", `{"format_version": "1.2", "planned_values": {"root_module": {"resources": [
			{"address": "aws_security_group.a", "mode": "managed", "type": "aws_security_group", "name": "a", "values": {"ingress": [{"protocol": "icmp", "from_port": 300, "to_port": 0, "cidr_blocks": ["0.0.0.0/0"]}]}}]}}}`, CodeBadValue,
			model.Pos{Line: 2, Col: 159, Path: "aws_security_group.a.ingress[0].from_port"}}, // read as "any" before model.ICMPFromAWS
		{"an address that does not parse", `{"format_version": "1.2", "planned_values": {"root_module": {"resources": [
			{"address": "aws_vpc", "mode": "managed", "type": "aws_vpc", "name": "a", "values": {}}]}}}`, CodeBadValue,
			model.Pos{Line: 2, Col: 16, Path: "planned_values.root_module.resources[0].address"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, d := Parse("plan.json", []byte(tt.in))
			if s == nil {
				t.Fatal("nil snapshot")
			}
			errs := d.Errors()
			if len(errs) != 1 {
				t.Fatalf("errors = %v, want one %s", d, tt.code)
			}
			want := tt.pos
			want.File = "plan.json"
			if e := errs[0]; e.Code != tt.code || e.Pos != want {
				t.Errorf("got %s at %+v; want %s at %+v (%s)", e.Code, e.Pos, tt.code, want, e.Message)
			}
			if len(s.Notes) != len(d) {
				t.Errorf("Notes hold %d diagnostics, want %d", len(s.Notes), len(d))
			}
		})
	}
}

func TestVersions(t *testing.T) {
	for _, v := range []string{"0.1", "0.2", "1.0", "1.1", "1.2", "1.9"} {
		_, d := tplan{version: v, res: []tr{vpcRes}}.parse(t, true)
		if d.HasErrors() {
			t.Errorf("format_version %s: %v", v, d)
		}
	}
}

func TestIncompletePlan(t *testing.T) {
	_, d := Parse("plan.json", []byte(`{"format_version": "1.2", "planned_values": {}, "errored": true}`))
	if len(d) != 1 || d[0].Code != CodeIncompletePlan || d[0].Severity != model.Warning {
		t.Errorf("diagnostics = %v, want one incomplete-plan warning", d)
	}
}

func TestIsPlan(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{`{"format_version": "1.2", "planned_values": {}}`, true},
		{`{"format_version": "0.1", "resource_changes": []}`, true},
		{"\xEF\xBB\xBF" + `{"format_version": "1.2", "planned_values": {}}`, true},
		{`{"format_version": "1.0", "values": {}}`, false}, // a state
		{`{"planned_values": {}}`, false},
		{`{"Vpcs": []}`, false},
		{`[]`, false},
		// Damaged plans are plans, so that Parse says where the damage is
		// (issue 16): detected by their first keys.
		{`{"format_version": "1.2", "planned_values": {}`, true},
		{`{"format_version": "1.2", "terraform_version": "1.9.0", "planned_v`, true},
		{"{\"format_version\": \"1.2\", \"planned_values\": {\"root_module\": \x00\x00\x00", true},
		{"{\"format_version\": \"1.2\"\x00, \"planned_values\": {}}", true},
		{"\xFF\xFE{\x00\"\x00f\x00o\x00r\x00m\x00a\x00t\x00_\x00v\x00e\x00r\x00s\x00i\x00o\x00n\x00\"\x00:\x00", true},
		{`{"format_version": "1.0", "terraform_version": "1.9.0", "values": {"root_module": {`, false}, // a damaged state
		{`{"Vpcs": [{"VpcId": "vpc-1"`, false},
		{``, false},
		{"[[vpc]]\nid = \"vpc-1\"\n", false},
	}
	for _, tt := range tests {
		if got := IsPlan([]byte(tt.in)); got != tt.want {
			t.Errorf("IsPlan(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestLoad(t *testing.T) {
	s, d := Load(filepath.Join(t.TempDir(), "missing.json"))
	if s == nil || len(d) != 1 || d[0].Code != CodeRead {
		t.Errorf("Load(missing) = %v, %v", s, d)
	}
	p := filepath.Join(t.TempDir(), "plan.json")
	if err := os.WriteFile(p, tplan{res: []tr{vpcRes}}.bytes(t), 0o644); err != nil {
		t.Fatal(err)
	}
	s, d = Load(p)
	if len(d) != 0 || len(s.VPCs) != 1 {
		t.Errorf("Load = %+v, %v", s.VPCs, d)
	}
	if pos := s.Sources.Lookup(model.FieldRef{ID: "aws_vpc.main"}); pos.File != p || pos.Path != "aws_vpc.main" || pos.Line == 0 {
		t.Errorf("aws_vpc.main is at %+v", pos)
	}
}

// TestUTF16 reads a plan redirected to a file by PowerShell 5.
func TestUTF16(t *testing.T) {
	b := tplan{res: []tr{vpcRes}}.bytes(t)
	u := []byte{0xFF, 0xFE}
	for _, c := range string(b) {
		u = append(u, byte(c), byte(c>>8))
	}
	s, d := Parse("plan.json", u)
	if len(d) != 0 || len(s.VPCs) != 1 {
		t.Errorf("Parse(UTF-16) = %+v, %v", s.VPCs, d)
	}
}

// TestNoConfiguration checks that a plan stripped of its configuration
// reports, once, that ids known only after apply cannot be resolved.
func TestNoConfiguration(t *testing.T) {
	s, d := tplan{noCfg: true, res: []tr{vpcRes, subnetRes("aws_subnet.a", "10.0.1.0/24")}}.parse(t, true)
	if errs := d.Errors(); len(errs) != 1 || errs[0].Code != CodeUnresolvedRef || errs[0].Pos.Path != "configuration" {
		t.Errorf("errors = %v, want one unresolved-reference at configuration", errs)
	}
	if len(s.Subnets) != 1 || s.Subnets[0].VPC != "" {
		t.Errorf("subnets = %+v", s.Subnets)
	}
}

// TestChangesOnly reads a plan without planned_values from the after values
// of its changes.
func TestChangesOnly(t *testing.T) {
	in := `{"format_version": "1.2", "resource_changes": [
  {"address": "aws_vpc.a", "change": {"actions": ["create"], "after": {"cidr_block": "10.0.0.0/16"}, "after_unknown": {"id": true}}},
  {"address": "aws_vpc.gone", "change": {"actions": ["delete"], "before": {"cidr_block": "10.1.0.0/16"}, "after": null}},
  {"address": "aws_vpc.b", "change": {"actions": ["no-op"], "after": {"id": "vpc-0b", "cidr_block": "10.2.0.0/33"}}}]}`
	s, d := Parse("plan.json", []byte(in))
	if len(s.VPCs) != 2 || s.VPCs[0].ID != "aws_vpc.a" || s.VPCs[1].ID != "vpc-0b" {
		t.Errorf("VPCs = %+v, want aws_vpc.a and vpc-0b (not the deleted one)", s.VPCs)
	}
	want := model.Pos{File: "plan.json", Line: 4, Col: 101, Path: "aws_vpc.b.cidr_block"}
	if len(d) != 1 || d[0].Code != CodeBadValue || d[0].Pos != want {
		t.Errorf("diagnostics = %+v, want one bad-value at %v", d, want)
	}
}

// TestHostileInput: damaged or hostile text is an error at its position,
// never a crash or a silent acceptance (issue 16).
func TestHostileInput(t *testing.T) {
	deepHead := `{"format_version": "1.2", "planned_values": `
	dup := "{\"format_version\": \"1.2\", \"planned_values\": {\"root_module\": {\"resources\": [\n" +
		` {"address": "aws_vpc.a", "mode": "managed", "type": "aws_vpc", "name": "a", "values": {"cidr_block": "10.0.0.0/16"}},` + "\n" +
		` {"address": "aws_vpc.a", "mode": "managed", "type": "aws_vpc", "name": "a", "values": {"cidr_block": "10.1.0.0/16"}}]}}}`
	dupChange := `{"format_version": "1.2", "resource_changes": [` + "\n" +
		` {"address": "aws_vpc.a", "type": "aws_vpc", "change": {"actions": ["create"], "after": {"cidr_block": "10.0.0.0/16"}}},` + "\n" +
		` {"address": "aws_vpc.a", "type": "aws_vpc", "change": {"actions": ["create"], "after": {"cidr_block": "10.1.0.0/16"}}}]}`
	tests := []struct {
		name string
		in   string
		code string
		pos  model.Pos // the File is always plan.json
		msg  string    // a phrase of the message
	}{
		{"10,000 nested lists", deepHead + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + "}", CodeJSONSyntax,
			model.Pos{Line: 1, Col: len(deepHead) + jsonpos.MaxDepth}, "nested deeper than 512 levels"}, // the top object is level 1
		{"10,000 nested objects, truncated", deepHead + strings.Repeat(`{"a":`, 10000), CodeJSONSyntax,
			model.Pos{Line: 1, Col: len(deepHead) + 5*(jsonpos.MaxDepth-1) + 1}, "nested deeper"},
		{"invalid UTF-8 in a string", "{\"format_version\": \"1.2\",\n \"planned_values\": {\"x\": \"caf\xE9\"}}", CodeJSONSyntax,
			model.Pos{Line: 2, Col: 30}, "invalid UTF-8"},
		{"a NUL byte", "{\"format_version\": \"1.2\",\n \"planned_values\": {\x00}}", CodeJSONSyntax,
			model.Pos{Line: 2, Col: 21}, "invalid character"},
		{"an address twice in planned_values", dup, CodeDuplicateID,
			model.Pos{Line: 3, Col: 14, Path: "planned_values.root_module.resources[1].address"}, "the first one, at plan.json:2:14, is read"},
		{"an address twice in resource_changes", dupChange, CodeDuplicateID,
			model.Pos{Line: 3, Col: 14, Path: "resource_changes[1].address"}, "at plan.json:2:14"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !IsPlan([]byte(tt.in)) {
				t.Error("IsPlan = false")
			}
			s, d := Parse("plan.json", []byte(tt.in))
			if s == nil {
				t.Fatal("nil snapshot")
			}
			errs := d.Errors()
			if len(errs) != 1 {
				t.Fatalf("errors = %v, want one %s", d, tt.code)
			}
			want := tt.pos
			want.File = "plan.json"
			if e := errs[0]; e.Code != tt.code || e.Pos != want || !strings.Contains(e.Message, tt.msg) {
				t.Errorf("got %s at %+v (%s); want %s at %+v (%s)", e.Code, e.Pos, e.Message, tt.code, want, tt.msg)
			}
		})
	}
}

// TestDataSourceInTwoSections: a data source read during planning is in
// planned_values and in prior_state; that is no duplicate.
func TestDataSourceInTwoSections(t *testing.T) {
	in := `{"format_version": "1.2",
 "planned_values": {"root_module": {"resources": [{"address": "data.aws_vpc.d", "mode": "data", "type": "aws_vpc", "name": "d", "values": {"id": "vpc-1"}}]}},
 "prior_state": {"values": {"root_module": {"resources": [{"address": "data.aws_vpc.d", "mode": "data", "type": "aws_vpc", "name": "d", "values": {"id": "vpc-1"}}]}}}}`
	if _, d := Parse("plan.json", []byte(in)); d.HasErrors() {
		t.Errorf("errors: %v", d.Errors())
	}
}
