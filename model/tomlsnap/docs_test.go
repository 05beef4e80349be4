package tomlsnap

import (
	"os"
	"strings"
	"testing"

	"github.com/cshsim/cshsim/model"
)

const docsPath = "../../docs/snapshot-format.md"

// TestDocsExample keeps the complete example of docs/snapshot-format.md
// identical to testdata/example.toml, which the other tests check.
func TestDocsExample(t *testing.T) {
	docs, err := os.ReadFile(docsPath)
	if err != nil {
		t.Fatal(err)
	}
	example, err := os.ReadFile("testdata/example.toml")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(docs), "## Complete example")
	if !ok {
		t.Fatalf("%s has no Complete example section", docsPath)
	}
	_, block, _ := strings.Cut(rest, "```toml\n")
	block, _, _ = strings.Cut(block, "```\n")
	if block != string(example) {
		t.Errorf("the example in %s differs from testdata/example.toml", docsPath)
	}
}

// TestDocsKeys checks that docs/snapshot-format.md names every table and
// every key of a table that the reader accepts.
func TestDocsKeys(t *testing.T) {
	docs, err := os.ReadFile(docsPath)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range readers {
		if !strings.Contains(string(docs), "`[["+r.name+"]]`") {
			t.Errorf("%s does not document [[%s]]", docsPath, r.name)
		}
		p := &parser{idx: scan("", "", 0), doc: &Document{}, s: &model.Snapshot{Sources: model.SourceMap{}}}
		tb := &table{p: p, path: r.name + "[0]", name: r.name + " #1", m: map[string]any{}}
		r.read(p, tb)
		for _, k := range tb.known {
			if !strings.Contains(string(docs), "`"+k+"`") {
				t.Errorf("%s does not document key %q of [[%s]]", docsPath, k, r.name)
			}
		}
	}
}
