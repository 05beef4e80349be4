package scenarios

import (
	"path/filepath"
	"strings"

	"github.com/cshsim/cshsim/internal/safeio"
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
	if fi, err := safeio.Stat(path); err == nil && fi.IsDir() {
		l, diags := c.Open(path) // an AWS CLI export: no expectations of its own
		if l == nil {
			return nil, diags
		}
		return &Tests{File: path, Snapshot: l, Expects: l.Expects}, diags
	}
	data, err := safeio.ReadArg(path, 0)
	if err != nil {
		return nil, model.Diagnostics{{Pos: model.Pos{File: path}, Severity: model.Error, Code: CodeReadError,
			Message: unwrapPathErr(err).Error()}}
	}
	doc, diags := tomlsnap.ParseWith(path, data, tomlsnap.Options{TopKeys: []string{"snapshot"}})
	if diags.HasErrors() {
		return nil, diags
	}
	top, isTest := doc.Top["snapshot"]
	if !isTest {
		l, diags := c.Open(path)
		if l == nil {
			return nil, diags
		}
		return &Tests{File: path, Snapshot: l, Expects: l.Expects}, diags
	}
	ref, ok := top.Value.(string)
	if !ok || strings.TrimSpace(ref) == "" {
		return nil, append(diags, model.Diagnostic{Pos: top.Pos, Severity: model.Error, Code: CodeBadTestFile,
			Message: `snapshot must name a snapshot: a .toml file, an AWS CLI export folder or scenario:<name>, as a string relative to this file`})
	}
	return c.openTestFile(path, doc, diags, ref, top.Pos)
}

func (c *Cache) openTestFile(path string, doc *tomlsnap.Document, diags model.Diagnostics, ref string, keyPos model.Pos) (*Tests, model.Diagnostics) {
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

// HasExpectations reports whether TOML text holds an [[expect]] table
// header (tomlsnap.HasExpectations).
func HasExpectations(data []byte) bool { return tomlsnap.HasExpectations(data) }
