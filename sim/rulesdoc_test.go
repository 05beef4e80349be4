package sim

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestRulesDocNamesRealTests: every test docs/aws-rules.md names for a
// rule (a test function, TestX/case, or a case of a table) is one that
// exists in the repository's tests, so the map from rule to test cannot
// drift from the code.
func TestRulesDocNamesRealTests(t *testing.T) {
	doc, err := os.ReadFile("../docs/aws-rules.md")
	if err != nil {
		t.Fatal(err)
	}
	var tests strings.Builder
	err = filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != ".." {
			return filepath.SkipDir
		}
		if strings.HasSuffix(path, "_test.go") {
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			tests.Write(b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	src := tests.String()
	tick := regexp.MustCompile("`([^`]+)`")
	n := 0
	for i, line := range strings.Split(string(doc), "\n") {
		cols := strings.Split(line, "|")
		if len(cols) < 5 || strings.TrimSpace(cols[1]) == "rule" || strings.HasPrefix(strings.TrimSpace(cols[1]), "---") {
			continue
		}
		if !strings.Contains(cols[3], "`") {
			t.Errorf("docs/aws-rules.md:%d: a rule with no test named", i+1)
		}
		for _, m := range tick.FindAllStringSubmatch(cols[3], -1) {
			for _, name := range strings.Split(m[1], "/") {
				name = strings.TrimSpace(name)
				if name == "" {
					continue
				}
				n++
				if !strings.Contains(src, `"`+name+`"`) && !strings.Contains(src, "func "+name+"(") {
					t.Errorf("docs/aws-rules.md:%d names test %q, which no test file has", i+1, name)
				}
			}
		}
	}
	t.Logf("docs/aws-rules.md names %d tests", n)
	if n < 120 { // a truncated or reshaped table shows here
		t.Fatalf("read only %d test names from docs/aws-rules.md: has its table changed shape?", n)
	}
}
