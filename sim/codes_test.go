package sim

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestCodesDocumented holds every reason code the engine declares against
// the table of docs/codes.md, both ways: a code the engine can produce is
// documented, and a documented reason code exists.
func TestCodesDocumented(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "result.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var engine []string
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, s := range g.Specs {
			v := s.(*ast.ValueSpec)
			if id, ok := v.Type.(*ast.Ident); !ok || id.Name != "Code" {
				continue
			}
			for _, val := range v.Values {
				lit, ok := val.(*ast.BasicLit)
				if !ok {
					continue
				}
				c, err := strconv.Unquote(lit.Value)
				if err != nil {
					t.Fatal(err)
				}
				engine = append(engine, c)
			}
		}
	}
	if len(engine) < 30 {
		t.Fatalf("read only %d codes from result.go: has its shape changed?", len(engine))
	}
	doc, err := os.ReadFile("../docs/codes.md")
	if err != nil {
		t.Fatal(err)
	}
	// The reason-code table runs from its heading to the next one.
	text := string(doc)
	start := strings.Index(text, "## Reason codes")
	end := strings.Index(text[start+1:], "\n## ")
	if start < 0 || end < 0 {
		t.Fatal("docs/codes.md has no \"## Reason codes\" section followed by another")
	}
	row := regexp.MustCompile("(?m)^\\| `([A-Z0-9_]+)` \\|")
	var documented []string
	for _, m := range row.FindAllStringSubmatch(text[start:start+1+end], -1) {
		documented = append(documented, m[1])
	}
	for _, c := range engine {
		if !slices.Contains(documented, c) {
			t.Errorf("code %s is declared in sim/result.go but not in docs/codes.md", c)
		}
	}
	for _, c := range documented {
		if !slices.Contains(engine, c) {
			t.Errorf("docs/codes.md lists %s, which sim/result.go does not declare", c)
		}
	}
}
