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

// TestCodesDocumented holds every reason code and assumption code the
// engine declares against the tables of docs/codes.md, both ways: a code
// the engine can produce is documented, and a documented code exists.
func TestCodesDocumented(t *testing.T) {
	t.Run("reason", func(t *testing.T) { checkCodesDocumented(t, "Code", "## Reason codes", "[A-Z0-9_]+") })
	t.Run("assumption", func(t *testing.T) {
		checkCodesDocumented(t, "AssumptionCode", "## Assumption codes", "[a-z0-9-]+")
	})
}

// checkCodesDocumented compares the string constants of type typ in
// result.go with the codes of the docs/codes.md table under heading.
func checkCodesDocumented(t *testing.T, typ, heading, pattern string) {
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
			if id, ok := v.Type.(*ast.Ident); !ok || id.Name != typ {
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
	if len(engine) < 20 {
		t.Fatalf("read only %d codes from result.go: has its shape changed?", len(engine))
	}
	doc, err := os.ReadFile("../docs/codes.md")
	if err != nil {
		t.Fatal(err)
	}
	// The table runs from its heading to the next one.
	text := string(doc)
	start := strings.Index(text, heading)
	end := strings.Index(text[start+1:], "\n## ")
	if start < 0 || end < 0 {
		t.Fatalf("docs/codes.md has no %q section followed by another", heading)
	}
	row := regexp.MustCompile("(?m)^\\| `(" + pattern + ")` \\|")
	var documented []string
	for _, m := range row.FindAllStringSubmatch(text[start:start+1+end], -1) {
		documented = append(documented, m[1])
	}
	for _, c := range engine {
		if !slices.Contains(documented, c) {
			t.Errorf("%s %s is declared in sim/result.go but not in docs/codes.md", typ, c)
		}
	}
	for _, c := range documented {
		if !slices.Contains(engine, c) {
			t.Errorf("docs/codes.md lists %s, which sim/result.go does not declare as a %s", c, typ)
		}
	}
}
