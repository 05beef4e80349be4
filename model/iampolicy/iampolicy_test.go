package iampolicy

import (
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cshsim/cshsim/internal/jsonpos"
	"github.com/cshsim/cshsim/model"
)

// TestLoadShapes reads the three shapes of policy file the reader takes.
func TestLoadShapes(t *testing.T) {
	tests := []struct {
		file       string
		name       string
		statements int
		check      func(t *testing.T, p model.Policy)
	}{
		{"newer.json", "newer.json", 7, func(t *testing.T, p model.Policy) {
			s := p.Statements[3]
			if s.Sid != "TagTheInterface" || s.Effect != model.EffectAllow || !slices.Equal(s.Resource, []string{"arn:aws:ec2:*:*:network-interface/*"}) {
				t.Errorf("statement 3 = %+v", s)
			}
			want := model.Condition{
				"StringEquals":             {"ec2:CreateAction": {"CreateNetworkInterface"}},
				"ForAnyValue:StringEquals": {"aws:TagKeys": {"ManagedByCloudShell"}, "aws:CalledVia": {"cloudshell.amazonaws.com"}},
			}
			if d := cmp.Diff(want, s.Condition); d != "" {
				t.Errorf("statement 3 condition (-want +got):\n%s", d)
			}
			if got := p.Statements[6].Condition["StringEquals"]["aws:ResourceTag/ManagedByCloudShell"]; !slices.Equal(got, []string{""}) {
				t.Errorf("empty tag value = %q, want [\"\"]", got)
			}
			if pos := s.FieldPos["Action"]; pos.Line != 28 || pos.Path != "Statement[3].Action" {
				t.Errorf("Action position = %s, want line 28, Statement[3].Action", pos)
			}
		}},
		{"older-version.json", "older-version.json (v1)", 6, func(t *testing.T, p model.Policy) {
			if p.Statements[1].Sid != "Describe" || len(p.Statements[1].Action) != 5 {
				t.Errorf("statement 1 = %+v", p.Statements[1])
			}
			if p.Pos.Path != "PolicyVersion.Document" {
				t.Errorf("policy position = %s, want the Document", p.Pos)
			}
		}},
		{"inline.json", "cloudshell-admin", 1, func(t *testing.T, p model.Policy) {
			s := p.Statements[0]
			if !slices.Equal(s.NotAction, []string{"iam:*", "organizations:*"}) || s.Action != nil {
				t.Errorf("NotAction = %q, Action = %q", s.NotAction, s.Action)
			}
			if got := s.Condition["Bool"]["aws:SecureTransport"]; !slices.Equal(got, []string{"true"}) {
				t.Errorf("boolean condition value = %q, want [\"true\"]", got)
			}
			if got := s.Condition["NumericLessThan"]["s3:max-keys"]; !slices.Equal(got, []string{"10"}) {
				t.Errorf("number condition value = %q, want [\"10\"]", got)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			ps, diags := Load(filepath.Join("testdata", tt.file))
			if len(diags) > 0 {
				t.Fatalf("diagnostics: %v", diags)
			}
			if len(ps) != 1 {
				t.Fatalf("%d policies, want 1", len(ps))
			}
			p := ps[0]
			if p.Name != tt.name || p.Version != "2012-10-17" || len(p.Statements) != tt.statements {
				t.Fatalf("policy %q version %q with %d statements, want %q with %d", p.Name, p.Version, len(p.Statements), tt.name, tt.statements)
			}
			tt.check(t, p)
		})
	}
}

// TestLoadFolder reads every *.json file of a folder, in name order.
func TestLoadFolder(t *testing.T) {
	ps, diags := Load("testdata")
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	var names []string
	for _, p := range ps {
		names = append(names, p.Name)
	}
	if want := []string{"cloudshell-admin", "newer.json", "older-version.json (v1)"}; !slices.Equal(names, want) {
		t.Errorf("policies %q, want %q", names, want)
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("x"), 0o644)
	if _, diags := Load(dir); len(diags) != 1 || diags[0].Code != CodeNoInput {
		t.Errorf("folder without JSON: %v, want %s", diags, CodeNoInput)
	}
	if _, diags := Load(filepath.Join(dir, "nothere.json")); len(diags) != 1 || diags[0].Code != CodeRead {
		t.Errorf("missing file: %v, want %s", diags, CodeRead)
	}
}

// TestEncodedDocument reads a Document string, URL-encoded as the IAM API
// returns it.
func TestEncodedDocument(t *testing.T) {
	doc := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*"}]}`
	for _, s := range []string{url.PathEscape(doc), doc} {
		b, _ := json.Marshal(map[string]any{"PolicyVersion": map[string]any{"Document": s, "VersionId": "v2", "IsDefaultVersion": true}})
		p, diags := Parse("enc.json", b)
		if len(diags) > 0 || p == nil || len(p.Statements) != 1 || p.Statements[0].Action[0] != "ec2:*" {
			t.Errorf("Parse(%s) = %+v, %v", b, p, diags)
		}
	}
	b := []byte(`{"PolicyDocument": "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": 5, \"Resource\": \"*\"}]}"}`)
	_, diags := Parse("enc.json", b)
	if len(diags) != 1 || diags[0].Code != CodeBadType || diags[0].Pos.Line != 1 || diags[0].Pos.Col != 20 || diags[0].Pos.Path != "PolicyDocument.Statement[0].Action" {
		t.Errorf("bad embedded document: %v, want bad-type at 1:20 (the string), PolicyDocument.Statement[0].Action", diags)
	}
}

// TestBadPolicies: every problem has a stable code, a position and a
// JSON path; messages are checked only for a key phrase.
func TestBadPolicies(t *testing.T) {
	tests := []struct {
		name, data string
		code       string
		sev        model.Severity
		at         string // the diagnostic points at the first occurrence of this text; "" for the end
		path       string
		contains   string
	}{
		{"syntax", "{\n  \"Statement\": [\n    {\"Effect\": \"Allow\",}\n  ]\n}\n", CodeJSONSyntax, model.Error, "}\n  ]", "", "invalid character '}'"},
		{"truncated", "{\n  \"Statement\": [\n    {\"Effect\": \"Allow\"", CodeJSONSyntax, model.Error, "", "", "truncated"},
		{"empty", " \n", CodeJSONSyntax, model.Error, " ", "", "empty"},
		{"not JSON", "Version: 2012-10-17", CodeJSONSyntax, model.Error, "V", "", "invalid character 'V'"},
		{"bad value inside", `{"Statement": [{"Effect": Allow}]}`, CodeJSONSyntax, model.Error, "Allow", "", "invalid character 'A'"},
		{"trailing data", `{"Statement": []} {}`, CodeJSONSyntax, model.Error, "{}", "", "after the JSON value"},
		{"a list", `[{"Effect": "Allow"}]`, CodeNotAPolicy, model.Error, "[", "", "found a list"},
		{"get-policy output", `{"Policy": {"PolicyName": "x", "DefaultVersionId": "v3"}}`, CodeNotAPolicy, model.Error, "{", "", "get-policy-version --policy-arn ARN --version-id"},
		{"trust policy", `{"Role": {"AssumeRolePolicyDocument": {}}}`, CodeNotAPolicy, model.Error, "{", "", "trust policy"},
		{"no Statement", `{"Version": "2012-10-17"}`, CodeMissingField, model.Error, "{", "", "no Statement"},
		{"Statement a string", `{"Statement": "Allow"}`, CodeBadType, model.Error, `"Allow"`, "Statement", "want an object or a list, found a string"},
		{"bad Version", `{"Version": "2012-10-18", "Statement": []}`, CodeBadValue, model.Error, `"2012-10-18"`, "Version", `Version "2012-10-18"`},
		{"unknown element", `{"Version": "2012-10-17", "Statements": []}`, CodeUnknownKey, model.Error, `"Statements"`, "Statements", `did you mean "Statement"?`},
		{"effect in lower case", `{"Statement": {"Effect": "allow", "Action": "*", "Resource": "*"}}`, CodeBadValue, model.Error, `"allow"`, "Statement.Effect", "case-sensitive"},
		{"no Effect", `{"Statement": [{"Action": "*", "Resource": "*"}]}`, CodeMissingField, model.Error, `{"Action"`, "Statement[0]", "no Effect"},
		{"Action and NotAction", `{"Statement": [{"Effect": "Allow", "Action": "*", "NotAction": "s3:*", "Resource": "*"}]}`, CodeBadValue, model.Error, `{"Effect"`, "Statement[0]", "both Action and NotAction"},
		{"no Action", `{"Statement": [{"Effect": "Allow", "Resource": "*"}]}`, CodeMissingField, model.Error, `{"Effect"`, "Statement[0]", "neither Action nor NotAction"},
		{"no Resource", `{"Statement": [{"Effect": "Allow", "Action": "*"}]}`, CodeMissingField, model.Error, `{"Effect"`, "Statement[0]", "neither Resource nor NotResource"},
		{"Action a number", `{"Statement": [{"Effect": "Allow", "Action": 5, "Resource": "*"}]}`, CodeBadType, model.Error, "5", "Statement[0].Action", "want a string or a list, found a number"},
		{"number in an Action list", `{"Statement": [{"Effect": "Allow", "Action": ["ec2:*", 5], "Resource": "*"}]}`, CodeBadType, model.Error, "5]", "Statement[0].Action[1]", "found a number"},
		{"action without a service", `{"Statement": [{"Effect": "Allow", "Action": ["ec2:*", "DescribeVpcs"], "Resource": "*"}]}`, CodeBadValue, model.Error, `"DescribeVpcs"`, "Statement[0].Action[1]", "want service:Action"},
		{"empty Action list", `{"Statement": [{"Effect": "Allow", "Action": [], "Resource": "*"}]}`, CodeBadValue, model.Error, "[]", "Statement[0].Action", "empty list"},
		{"resource not an ARN", `{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "subnet/*"}]}`, CodeBadValue, model.Error, `"subnet/*"`, "Statement[0].Resource", "want an ARN"},
		{"Principal", `{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]}`, CodeNotIdentityPolicy, model.Error, `"Principal"`, "Statement[0].Principal", "identity-based"},
		{"unknown statement key", `{"Statement": [{"Effect": "Allow", "Actions": "*", "Resource": "*"}]}`, CodeUnknownKey, model.Error, `"Actions"`, "Statement[0].Actions", `did you mean "Action"?`},
		{"condition null", `{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"Null": {"aws:TagKeys": null}}}]}`, CodeBadType, model.Error, "null", "Statement[0].Condition.Null.aws:TagKeys", "found null"},
		{"condition not an object", `{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": ["x"]}]}`, CodeBadType, model.Error, `["x"]`, "Statement[0].Condition", "want an object"},
		{"duplicate key", `{"Statement": [{"Effect": "Deny", "Effect": "Allow", "Action": "*", "Resource": "*"}]}`, CodeDuplicateKey, model.Warning, `"Effect": "Allow"`, "Statement[0].Effect", "appears twice"},
		{"not the default version", `{"PolicyVersion": {"Document": {"Statement": []}, "IsDefaultVersion": false}}`, CodeNotDefaultVersion, model.Warning, "false", "PolicyVersion.IsDefaultVersion", "not the one AWS applies"},
		{"Document missing", `{"PolicyVersion": {"VersionId": "v1"}}`, CodeMissingField, model.Error, `{"VersionId"`, "PolicyVersion", "without its Document"},
		{"Document a number", `{"PolicyDocument": 3}`, CodeBadType, model.Error, "3", "PolicyDocument", "found a number"},
		{"byte order mark", "\xEF\xBB\xBF{\"Statement\": 1}", CodeBadType, model.Error, "1}", "Statement", "found a number"},
		{"invalid UTF-8", "{\"Statement\": [{\"Sid\": \"caf\xE9\"}]}", CodeJSONSyntax, model.Error, "\xE9", "", "invalid UTF-8"},
		{"a NUL byte", "{\"Statement\": [\x00]}", CodeJSONSyntax, model.Error, "\x00", "", "invalid character"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := Parse("p.json", []byte(tt.data))
			i := slices.IndexFunc(diags, func(d model.Diagnostic) bool { return d.Code == tt.code })
			if i < 0 {
				t.Fatalf("no %s diagnostic in %v", tt.code, diags)
			}
			d := diags[i]
			// Positions count from after a byte order mark, as an
			// editor shows them (and as the other JSON readers count).
			text := strings.TrimPrefix(tt.data, "\xEF\xBB\xBF")
			off := strings.Index(text, tt.at)
			if tt.at == "" {
				off = len(strings.TrimRight(text, " \n"))
			}
			line := 1 + strings.Count(text[:off], "\n")
			col := off - strings.LastIndexByte(text[:off], '\n')
			want := model.Pos{File: "p.json", Line: line, Col: col, Path: tt.path}
			if d.Severity != tt.sev || d.Pos != want {
				t.Errorf("%s %s at %s, want %s at %s\nall: %v", d.Severity, d.Code, d.Pos, tt.sev, want, diags)
			}
			if !strings.Contains(d.Message, tt.contains) {
				t.Errorf("message %q does not contain %q", d.Message, tt.contains)
			}
			if !strings.HasPrefix(d.Error(), want.String()+": ") {
				t.Errorf("Error() = %q, want it to start with the position", d.Error())
			}
		})
	}
}

// TestBrokenStatementDropped: a statement too broken to evaluate is left
// out; the others are kept (best effort, with the errors).
func TestBrokenStatementDropped(t *testing.T) {
	p, diags := Parse("p.json", []byte(`{"Statement": [{"Effect": "Maybe", "Action": "*", "Resource": "*"}, {"Effect": "Allow", "Action": "ec2:*", "Resource": "*"}]}`))
	if !diags.HasErrors() || p == nil || len(p.Statements) != 1 || p.Statements[0].Action[0] != "ec2:*" {
		t.Errorf("Parse = %+v, %v; want the second statement and an error", p, diags)
	}
}

// TestCodesDocumented: every diagnostic code of the reader is in
// docs/codes.md.
func TestCodesDocumented(t *testing.T) {
	doc, err := os.ReadFile("../../docs/codes.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, _ := strings.Cut(string(doc), "### IAM policy files")
	for _, c := range []string{CodeJSONSyntax, CodeBadType, CodeBadValue, CodeMissingField, CodeUnknownKey, CodeDuplicateKey,
		CodeNotIdentityPolicy, CodeNotAPolicy, CodeNotDefaultVersion, CodeRead, CodeNoInput} {
		if !strings.Contains(section, "`"+c+"`") {
			t.Errorf("docs/codes.md (IAM policy files) does not list %s", c)
		}
	}
}

// TestDeepNesting: 10,000 nested lists are a positioned error at the list
// that opens level jsonpos.MaxDepth+1, not a crash (issue 16).
func TestDeepNesting(t *testing.T) {
	head := "{\n  \"Statement\": "
	for _, in := range []string{
		head + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + "}",
		head + strings.Repeat("[", 10000), // and truncated
		head + strings.Repeat(`{"a":`, 10000),
	} {
		_, diags := Parse("p.json", []byte(in))
		if len(diags) != 1 {
			t.Fatalf("diagnostics = %v, want one", diags)
		}
		d := diags[0]
		step := 1
		if strings.HasSuffix(in, `"a":`) {
			step = 5
		}
		// The top object is level 1; the value of Statement opens level 2.
		want := model.Pos{File: "p.json", Line: 2, Col: len("  \"Statement\": ") + step*(jsonpos.MaxDepth-1) + 1}
		if d.Code != CodeJSONSyntax || d.Pos != want || !strings.Contains(d.Message, "nested deeper than 512 levels") {
			t.Errorf("got %s at %v (%s), want %s at %v", d.Code, d.Pos, d.Message, CodeJSONSyntax, want)
		}
	}
}

// TestUTF16: PowerShell 5 writes `aws iam get-policy-version > p.json` as
// UTF-16 with a byte order mark; it reads as the UTF-8 text would.
func TestUTF16(t *testing.T) {
	doc := "{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"ec2:*\", \"Resource\": 5}}"
	le := []byte{0xFF, 0xFE}
	for _, r := range doc {
		le = append(le, byte(r), 0)
	}
	_, want := Parse("p.json", []byte(doc))
	_, got := Parse("p.json", le)
	if len(want) != 1 || !reflect.DeepEqual(got, want) {
		t.Errorf("UTF-16: %v, want %v (one bad-type)", got, want)
	}
}
