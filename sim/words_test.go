package sim

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestPhrasesExplicit: every verb of the table names its fact by index,
// so a message and its fix can take different facts from one list.
func TestPhrasesExplicit(t *testing.T) {
	bare := regexp.MustCompile(`%[^\[%]`)
	for code, situations := range phrases {
		if len(situations) == 0 {
			t.Errorf("%s has an empty entry", code)
		}
		for what, p := range situations {
			for _, f := range []string{p.msg, p.fix} {
				if bare.MatchString(f) {
					t.Errorf("%s/%s: %q has a verb without an index", code, what, f)
				}
			}
			if p.msg == "" {
				t.Errorf("%s/%s has no message", code, what)
			}
		}
	}
}

// TestPhrasesRender walks the random snapshots of the oracle and requires
// every blocker and unknown to have words that render: a situation the
// table lacks, or facts that do not fit its verbs, show here.
func TestPhrasesRender(t *testing.T) {
	n := uint64(300)
	if testing.Short() {
		n = 60
	}
	seen := map[Code]bool{}
	for seed := range n {
		s, err := rsnapGen(seed)
		if err != nil {
			t.Fatal(err)
		}
		g := Build(s)
		for _, q := range rsnapQueries(s, seed) {
			r, err := oracleQuery(g, q)
			if err != nil {
				continue
			}
			for _, b := range r.Blockers {
				seen[b.Code] = true
				if b.Message == "" || badRender(b.Message) || badRender(b.Fix) {
					t.Fatalf("seed %d, %s: blocker %s at %s reads %q, fix %q", seed, q, b.Code, b.Component, b.Message, b.Fix)
				}
			}
			for _, u := range r.Unknowns {
				seen[u.Code] = true
				if u.Message == "" || badRender(u.Message) || badRender(u.Collect) {
					t.Fatalf("seed %d, %s: unknown %s at %s reads %q, collect %q", seed, q, u.Code, u.Component, u.Message, u.Collect)
				}
			}
		}
	}
	if len(seen) < 10 {
		t.Errorf("only %d codes met: the test walks too little", len(seen))
	}
}

// TestSayingsMatchTable reads every says(...) of the engine's source and
// requires its situation to be in the table, under the code of the call it
// is given to, with exactly the facts its phrase names: the random
// snapshots of TestPhrasesRender reach only some situations.
func TestSayingsMatchTable(t *testing.T) {
	codes := map[string]Code{} // CodeX → its value
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, ".", func(fi fs.FileInfo) bool { return !strings.HasSuffix(fi.Name(), "_test.go") }, 0)
	if err != nil {
		t.Fatal(err)
	}
	files := pkgs["sim"].Files
	for _, f := range files {
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, s := range g.Specs {
				v := s.(*ast.ValueSpec)
				for i, n := range v.Names {
					if lit, ok := valueAt(v, i).(*ast.BasicLit); ok && strings.HasPrefix(n.Name, "Code") {
						c, _ := strconv.Unquote(lit.Value)
						codes[n.Name] = Code(c)
					}
				}
			}
		}
	}
	index := regexp.MustCompile(`%\[(\d+)\]`)
	facts := func(p phrase) int {
		n := 0
		for _, m := range index.FindAllStringSubmatch(p.msg+p.fix, -1) {
			k, _ := strconv.Atoi(m[1])
			n = max(n, k)
		}
		return n
	}
	sites, variable := 0, 0
	for name, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			for _, a := range call.Args {
				say, ok := a.(*ast.CallExpr)
				if !ok || !isIdent(say.Fun, "says") {
					continue
				}
				at := fset.Position(say.Pos())
				lit, ok := say.Args[0].(*ast.BasicLit)
				if !ok {
					variable++ // a situation chosen at run time (sgHop): TestPhrasesRender
					continue
				}
				sites++
				what, _ := strconv.Unquote(lit.Value)
				var code Code
				for _, b := range call.Args {
					if id, ok := b.(*ast.Ident); ok && codes[id.Name] != "" {
						code = codes[id.Name]
					}
				}
				if code == "" {
					t.Errorf("%s:%d: says(%q) is given to a call with no Code constant", name, at.Line, what)
					continue
				}
				p, ok := phrases[code][what]
				if !ok {
					t.Errorf("%s:%d: %s/%s is not in the table", name, at.Line, code, what)
					continue
				}
				if got, want := len(say.Args)-1, facts(p); got != want {
					t.Errorf("%s:%d: %s/%s is given %d facts; its phrase names %d", name, at.Line, code, what, got, want)
				}
			}
			return true
		})
	}
	if sites < 80 || variable > 3 {
		t.Errorf("%d sayings with a literal situation, %d chosen at run time: has the source changed shape?", sites, variable)
	}
}

func valueAt(v *ast.ValueSpec, i int) ast.Expr {
	if i < len(v.Values) {
		return v.Values[i]
	}
	return nil
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}
