package tfplan

import (
	"github.com/cshsim/cshsim/internal/jsonpos"
	"github.com/cshsim/cshsim/model"
)

// locator turns JSON paths such as
// planned_values.root_module.resources[3].values.vpc_id, and byte offsets,
// into positions in one file: encoding/json decodes values but does not say
// where they are.
type locator struct {
	name  string
	b     []byte
	lines *jsonpos.Lines // made on first use
	fd    *jsonpos.Finder
}

func newLocator(name string, b []byte) *locator {
	return &locator{name: name, b: b, fd: jsonpos.NewFinder(b)}
}

// offset returns the offset of the value at path, or of the deepest value
// found on the way when the path leads nowhere.
func (l *locator) offset(path string) int { return l.fd.Offset(0, path) }

// at returns the position of the value at the JSON path jpath, labelled
// with label (a Terraform address, or the JSON path itself when label is
// "").
func (l *locator) at(jpath, label string) model.Pos {
	if label == "" {
		label = jpath
	}
	if l == nil || len(l.b) == 0 {
		return model.Pos{File: l.fileName(), Path: label}
	}
	return l.atOffset(l.offset(jpath), label)
}

// atOffset returns the position of byte offset off.
func (l *locator) atOffset(off int, label string) model.Pos {
	if l.lines == nil {
		l.lines = jsonpos.NewLines(l.b)
	}
	line, col := l.lines.Pos(off)
	return model.Pos{File: l.name, Line: line, Col: col, Path: label}
}

func (l *locator) fileName() string {
	if l == nil {
		return ""
	}
	return l.name
}

// valueAt returns the path, relative to the value at start
// (".root_module.resources[2]"), of the innermost value that holds the byte
// a decoder's type error points just past (off is start+Offset), and where
// that value starts.
func (l *locator) valueAt(start, off int) (string, int) {
	return jsonpos.PathAt(l.b, start, off-1)
}
