package tomlsnap

import (
	"bytes"
	"testing"

	"github.com/cshsim/cshsim/model"
)

// TestExpectVerdict: verdict is read as written (the runner checks the
// value) and survives Write.
func TestExpectVerdict(t *testing.T) {
	for _, v := range []string{"reachable", "unreachable", "unknown", "maybe", ""} {
		src := "[[expect]]\nfrom = \"cloudshell\"\nto = \"internet\"\n"
		if v != "" {
			src += "verdict = \"" + v + "\"\n"
		}
		doc, diags := Parse("x.toml", []byte(src))
		if len(diags) > 0 {
			t.Fatalf("Parse(verdict %q): %v", v, diags)
		}
		if got := doc.Expects[0].Verdict; got != v {
			t.Errorf("Parse(verdict %q): Verdict = %q", v, got)
		}
		var b bytes.Buffer
		if err := Write(&b, &model.Snapshot{}, doc.Expects); err != nil {
			t.Fatal(err)
		}
		doc2, diags := Parse("out.toml", b.Bytes())
		if len(diags) > 0 {
			t.Fatalf("Parse(Write(verdict %q)): %v\n%s", v, diags, b.String())
		}
		if got := doc2.Expects[0].Verdict; got != v {
			t.Errorf("Parse(Write(verdict %q)): Verdict = %q\n%s", v, got, b.String())
		}
	}
}
