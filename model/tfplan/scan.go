package tfplan

import (
	"encoding/json"
	"sort"
	"strconv"
	"strings"

	"github.com/cshsim/cshsim/model"
)

// This file holds a small scanner over JSON text already known to be valid
// (json.Valid). encoding/json decodes values but does not say where they
// are; the locator finds the byte offset of the value at a JSON path such as
// planned_values.root_module.resources[3].values.vpc_id, so that every
// object and diagnostic gets a line and a column.

// skipWS returns the index of the first non-space byte at or after i.
func skipWS(b []byte, i int) int {
	for i < len(b) {
		switch b[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// skipString returns the index just after the string that starts at b[i].
func skipString(b []byte, i int) int {
	i++
	for i < len(b) {
		switch b[i] {
		case '\\':
			i += 2
		case '"':
			return i + 1
		default:
			i++
		}
	}
	return len(b)
}

// skipValue returns the index just after the value that starts at b[i].
func skipValue(b []byte, i int) int {
	if i >= len(b) {
		return len(b)
	}
	switch b[i] {
	case '"':
		return skipString(b, i)
	case '{', '[':
		depth := 0
		for i < len(b) {
			switch b[i] {
			case '"':
				i = skipString(b, i)
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
			i++
		}
		return len(b)
	}
	for i < len(b) {
		switch b[i] {
		case ',', '}', ']', ' ', '\t', '\n', '\r':
			return i
		}
		i++
	}
	return len(b)
}

// member is one member of a JSON object: its key and where its value starts.
type member struct {
	key   string
	start int
}

// members lists the members of the object that starts at b[i].
func members(b []byte, i int) []member {
	if i >= len(b) || b[i] != '{' {
		return nil
	}
	var ms []member
	i = skipWS(b, i+1)
	for i < len(b) && b[i] == '"' {
		end := skipString(b, i)
		raw := b[i:end]
		key := ""
		if strings.IndexByte(string(raw), '\\') < 0 && len(raw) >= 2 {
			key = string(raw[1 : len(raw)-1])
		} else {
			_ = json.Unmarshal(raw, &key)
		}
		i = skipWS(b, end)
		if i >= len(b) || b[i] != ':' {
			return ms
		}
		i = skipWS(b, i+1)
		ms = append(ms, member{key, i})
		i = skipWS(b, skipValue(b, i))
		if i < len(b) && b[i] == ',' {
			i = skipWS(b, i+1)
		}
	}
	return ms
}

// elements lists where the elements of the array that starts at b[i] start.
func elements(b []byte, i int) []int {
	if i >= len(b) || b[i] != '[' {
		return nil
	}
	var es []int
	i = skipWS(b, i+1)
	for i < len(b) && b[i] != ']' {
		es = append(es, i)
		next := skipValue(b, i)
		if next <= i {
			return es
		}
		i = skipWS(b, next)
		if i < len(b) && b[i] == ',' {
			i = skipWS(b, i+1)
		}
	}
	return es
}

// locator turns JSON paths and offsets into positions in one file.
type locator struct {
	name  string
	b     []byte
	lines []int // offsets of line starts
	objs  map[int][]member
	arrs  map[int][]int
}

func newLocator(name string, b []byte) *locator {
	return &locator{name: name, b: b, objs: map[int][]member{}, arrs: map[int][]int{}}
}

// offset returns the offset of the value at path, or of the deepest value
// found on the way when the path leads nowhere. Object keys must not hold
// '.' or '['; such members are not found.
func (l *locator) offset(path string) int {
	b := l.b
	off := skipWS(b, 0)
	for p := 0; p < len(path); {
		switch {
		case path[p] == '[':
			q := strings.IndexByte(path[p:], ']')
			if q < 0 {
				return off
			}
			q += p
			k, err := strconv.Atoi(path[p+1 : q])
			if err != nil {
				return off
			}
			es, ok := l.arrs[off]
			if !ok {
				es = elements(b, off)
				l.arrs[off] = es
			}
			if k < 0 || k >= len(es) {
				return off
			}
			off, p = es[k], q+1
		default:
			if path[p] == '.' {
				p++
			}
			q := p
			for q < len(path) && path[q] != '.' && path[q] != '[' {
				q++
			}
			ms, ok := l.objs[off]
			if !ok {
				ms = members(b, off)
				l.objs[off] = ms
			}
			key := path[p:q]
			i := -1
			for j, m := range ms {
				if m.key == key {
					i = j
					break
				}
			}
			if i < 0 {
				return off
			}
			off, p = ms[i].start, q
		}
	}
	return off
}

// lineCol returns the 1-based line and byte column of offset off.
func (l *locator) lineCol(off int) (int, int) {
	if l.lines == nil {
		l.lines = []int{0}
		for i, c := range l.b {
			if c == '\n' {
				l.lines = append(l.lines, i+1)
			}
		}
	}
	if off > len(l.b) {
		off = len(l.b)
	}
	if off < 0 {
		off = 0
	}
	i := sort.Search(len(l.lines), func(i int) bool { return l.lines[i] > off }) - 1
	if i < 0 {
		i = 0
	}
	return i + 1, off - l.lines[i] + 1
}

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
	line, col := l.lineCol(l.offset(jpath))
	return model.Pos{File: l.name, Line: line, Col: col, Path: label}
}

// atOffset returns the position of byte offset off.
func (l *locator) atOffset(off int, label string) model.Pos {
	line, col := l.lineCol(off)
	return model.Pos{File: l.name, Line: line, Col: col, Path: label}
}

func (l *locator) fileName() string {
	if l == nil {
		return ""
	}
	return l.name
}

// valueAt returns the path, relative to the value that starts at start
// (".root_module.resources[2]"), and the start of the innermost value that
// holds the byte at off. It turns a decoder's error offset into a place.
func valueAt(b []byte, start, off int) (string, int) {
	var path strings.Builder
	i := skipWS(b, start)
	for depth := 0; i < len(b) && depth < 256; depth++ {
		found := false
		switch b[i] {
		case '{':
			for _, m := range members(b, i) {
				if m.start <= off && off < skipValue(b, m.start) {
					path.WriteString("." + m.key)
					i, found = m.start, true
					break
				}
			}
		case '[':
			for k, e := range elements(b, i) {
				if e <= off && off < skipValue(b, e) {
					path.WriteString("[" + strconv.Itoa(k) + "]")
					i, found = e, true
					break
				}
			}
		}
		if !found {
			break
		}
	}
	return path.String(), i
}
