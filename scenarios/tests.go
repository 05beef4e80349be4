package scenarios

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/cshsim/cshsim/model"
	"github.com/cshsim/cshsim/model/tomlsnap"
)

// Tests is a file of [[expect]] blocks together with the snapshot they
// check. It is either a TOML snapshot with [[expect]] blocks of its own,
// or a test file: a TOML file whose top-level snapshot key names the
// snapshot (docs/testing.md),
//
//	snapshot = "../network.toml"   # or "./export", or "scenario:private-nat"
//
//	[[expect]]
//	from = "cloudshell"
//	to = "internet"
//	reachable = true
type Tests struct {
	// File is the file read, as named (scenario:<name> for an embedded
	// scenario). Expectations' positions name it.
	File string
	// SnapshotArg is the test file's snapshot key resolved against the
	// test file's folder ("scenario:<name>" as written); "" when File is
	// itself the snapshot.
	SnapshotArg string
	// Snapshot is the snapshot the expectations run against.
	Snapshot *Loaded
	Expects  []tomlsnap.Expect
}

// OpenTests reads a snapshot with [[expect]] blocks, a test file, or
// scenario:<name>, and opens the snapshot the expectations check. Like
// [Open], it returns nil and every diagnostic when any is an error; a
// problem with the snapshot key is reported at the key's line.
func OpenTests(path string) (*Tests, model.Diagnostics) {
	var c Cache
	return c.OpenTests(path)
}

// Run checks every expectation against the snapshot, in file order.
func (t *Tests) Run() []Outcome { return Check(t.Snapshot.Graph, t.Expects) }

// OpenTests is [OpenTests] through the cache: test files that name one
// snapshot open it once.
func (c *Cache) OpenTests(path string) (*Tests, model.Diagnostics) {
	if strings.HasPrefix(path, "scenario:") {
		l, diags := c.Open(path)
		if l == nil {
			return nil, diags
		}
		return &Tests{File: l.Name, Snapshot: l, Expects: l.Expects}, diags
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		l, diags := c.Open(path) // an AWS CLI export: no expectations of its own
		if l == nil {
			return nil, diags
		}
		return &Tests{File: path, Snapshot: l, Expects: l.Expects}, diags
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, model.Diagnostics{{Pos: model.Pos{File: path}, Severity: model.Error, Code: CodeReadError,
			Message: unwrapPathErr(err).Error()}}
	}
	ref, isTest, keyPos, diags := snapshotKey(path, data)
	if diags.HasErrors() {
		return nil, diags
	}
	if !isTest {
		l, diags := c.Open(path)
		if l == nil {
			return nil, diags
		}
		return &Tests{File: path, Snapshot: l, Expects: l.Expects}, diags
	}
	return c.openTestFile(path, data, ref, keyPos)
}

// snapshotKey reports whether data is a test file (it has a top-level
// snapshot key) and the key's value and position. A file that is not
// valid TOML gives the reader's syntax error.
func snapshotKey(path string, data []byte) (ref string, isTest bool, pos model.Pos, diags model.Diagnostics) {
	var top map[string]any
	if _, err := toml.Decode(string(data), &top); err != nil {
		_, diags := tomlsnap.Parse(path, data)
		if !diags.HasErrors() { // cannot happen: both use BurntSushi/toml
			diags = append(diags, model.Diagnostic{Pos: model.Pos{File: path, Line: 1, Col: 1}, Severity: model.Error,
				Code: model.CodeTOMLSyntax, Message: "invalid TOML: " + err.Error()})
		}
		return "", false, model.Pos{}, diags
	}
	v, ok := top["snapshot"]
	if !ok {
		return "", false, model.Pos{}, nil
	}
	pos = topKeyPos(path, data, "snapshot")
	s, ok := v.(string)
	if !ok || strings.TrimSpace(s) == "" {
		return "", true, pos, model.Diagnostics{{Pos: pos, Severity: model.Error, Code: CodeBadTestFile,
			Message: `snapshot must name a snapshot: a .toml file, an AWS CLI export folder or scenario:<name>, as a string relative to this file`}}
	}
	return s, true, pos, nil
}

func (c *Cache) openTestFile(path string, data []byte, ref string, keyPos model.Pos) (*Tests, model.Diagnostics) {
	doc, diags := tomlsnap.ParseWith(path, data, tomlsnap.Options{TopKeys: []string{"snapshot"}})
	if diags.HasErrors() {
		return nil, diags
	}
	if s := doc.Snapshot; s.Region != "" || s.Account != "" || s.Deployed || len(s.Objects()) > 0 || len(s.CloudShells) > 0 {
		return nil, append(diags, model.Diagnostic{Pos: keyPos, Severity: model.Error, Code: CodeBadTestFile,
			Message: "a test file holds the snapshot key and [[expect]] blocks only; put the network in the snapshot it names, or drop the snapshot key to make this file a snapshot"})
	}
	t := &Tests{File: path, SnapshotArg: ref, Expects: doc.Expects}
	if !strings.HasPrefix(ref, "scenario:") && !filepath.IsAbs(ref) {
		t.SnapshotArg = filepath.Join(filepath.Dir(path), filepath.FromSlash(ref))
	}
	l, sd := c.Open(t.SnapshotArg)
	for _, d := range sd {
		if d.Pos.IsZero() { // the snapshot could not be read at all: say where it was named
			d.Pos = keyPos
		}
		diags = append(diags, d)
	}
	if l == nil {
		return nil, diags
	}
	t.Snapshot = l
	return t, diags
}

// topKeyPos finds a top-level key: the first line before any table header
// that assigns it. It falls back to line 1.
func topKeyPos(file string, data []byte, key string) model.Pos {
	for i, ln := range strings.Split(string(data), "\n") {
		t := strings.TrimLeft(ln, " \t\ufeff")
		if strings.HasPrefix(t, "[") {
			break
		}
		for _, k := range []string{key, `"` + key + `"`, `'` + key + `'`} {
			if rest, ok := strings.CutPrefix(t, k); ok && strings.HasPrefix(strings.TrimLeft(rest, " \t"), "=") {
				return model.Pos{File: file, Line: i + 1, Col: len(ln) - len(t) + 1}
			}
		}
	}
	return model.Pos{File: file, Line: 1, Col: 1}
}

// HasExpectations reports whether TOML text holds an [[expect]] table
// header; `cshsim test DIR` runs only the *.toml files that do, so that
// other TOML files in a repository are left alone.
func HasExpectations(data []byte) bool {
	for _, ln := range strings.Split(string(data), "\n") {
		t := strings.TrimSpace(ln)
		if inner, ok := strings.CutPrefix(t, "[["); ok {
			inner, _, _ = strings.Cut(inner, "]]")
			if strings.TrimSpace(inner) == "expect" {
				return true
			}
		}
	}
	return false
}
