package iampolicy

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/cshsim/cshsim/internal/jsonpos"
	"github.com/cshsim/cshsim/model"
)

// FuzzParse reads arbitrary bytes as a policy file. It must never panic,
// must report a syntax error exactly when the bytes are not JSON, must
// place every diagnostic inside the file, must return a policy when there
// is no error, and must give the same answer twice.
func FuzzParse(f *testing.F) {
	seeds := []string{
		``, `{}`, `[]`, `null`, `"x"`,
		`{"Statement": [`,
		`{"Statement": "x"}`,
		`{"Statement": [1, "a", null, {"Effect": 7}]}`,
		`{"Statement": {"Effect": "Allow", "Action": ["ec2:*", 5], "Resource": ["*", {}]}}`,
		`{"Statement": [{"Effect": "Deny", "NotAction": "*", "NotResource": "arn:aws:ec2:*:*:*", "Condition": {"Null": {"k": [true, 1, null]}}}]}`,
		`{"PolicyVersion": {"Document": "%7B%22Statement%22%3A%5B%5D%7D", "IsDefaultVersion": false}}`,
		`{"PolicyVersion": {"Document": "%ZZ"}}`,
		`{"PolicyDocument": "{\"Statement\": {\"Effect\": \"Allow\"}}"}`,
		`{"Policy": {}}`,
		"\xEF\xBB\xBF{\"Statement\": []}",
		"{\"a\\u0022b\": 1, \"Statement\": []}",
		strings.Repeat("[", 100) + strings.Repeat("]", 100),
		strings.Repeat("[", 600) + strings.Repeat("]", 600),
		"{\"Statement\": {\"Sid\": \"caf\xE9\"}}",
		"\xFF\xFE{\x00}\x00",
	}
	for _, name := range []string{"newer.json", "older-version.json", "inline.json"} {
		if b, err := os.ReadFile(filepath.Join("testdata", name)); err == nil {
			seeds = append(seeds, string(b))
		}
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, diags := Parse("p.json", data)
		p2, diags2 := Parse("p.json", data)
		if !reflect.DeepEqual(p, p2) || !reflect.DeepEqual(diags, diags2) {
			t.Fatal("two reads differ")
		}
		norm := jsonpos.Normalize(data)
		lines := 1 + bytes.Count(norm, []byte("\n"))
		syntax := false
		for _, d := range diags {
			if d.Pos.File != "p.json" || d.Pos.Line < 1 || d.Pos.Line > lines || d.Pos.Col < 1 {
				t.Errorf("diagnostic outside the file (%d lines): %v", lines, d)
			}
			if d.Code == CodeJSONSyntax && d.Pos.Path == "" {
				syntax = true
			}
			if d.Message == "" || d.Code == "" {
				t.Errorf("diagnostic without a code or message: %#v", d)
			}
		}
		// The reader takes JSON that encoding/json takes, in UTF-8, nested
		// at most jsonpos.MaxDepth levels.
		if valid := json.Valid(norm) && utf8.Valid(norm) && jsonpos.TooDeep(norm) < 0; valid == syntax {
			t.Errorf("json.Valid = %v, but syntax error reported = %v: %v", valid, syntax, diags)
		}
		if !diags.HasErrors() && p == nil {
			t.Error("no error and no policy")
		}
		if p != nil {
			for _, s := range p.Statements {
				if s.Effect != model.EffectAllow && s.Effect != model.EffectDeny {
					t.Errorf("statement kept with effect %q", s.Effect)
				}
			}
		}
	})
}
