package tomlsnap

import (
	"strconv"
	"strings"

	"github.com/cshsim/cshsim/model"
)

// BurntSushi/toml reports positions for syntax errors only, so the reader
// keeps its own index of where each key and array element starts. Paths
// name values the way the decoded map holds them: "subnet[2].route_table",
// "route_table[0].routes[1].target", "vpc[0].cidrs[0]". The element of an
// array of tables maps to its [[header]], an inline table in an array to
// its opening brace, a table only named in a header to that header.
//
// The index is a tree with one node per key and array element, each
// naming its own key by number and holding no path, so that it is linear
// in the size of the file however deep and however long its keys: a path
// is resolved one part at a time.

// index maps value paths to positions.
type index struct {
	file  string
	nodes []node // nodes[0] is the top level
	// kids finds a node's child by child(parent, edge).
	kids map[uint64]int32
	// syms numbers the keys of the file from 1; names holds them by number.
	syms  map[string]uint32
	names []string
	// rels holds the field paths fields has made, to give each once.
	rels map[string]string
}

// An edge names a child of a node: the symbol of a key, or isElem and the
// number of an array element.
type edge uint32

const isElem edge = 1 << 31

func child(parent int32, e edge) uint64 { return uint64(parent)<<32 | uint64(e) }

// node is one key or array element, at the place it is first written.
type node struct {
	edge
	line, col   int32
	first, last int32 // children, in the order they are first written; 0 for none
	next        int32 // next sibling
	tables      int32 // [[header]] elements seen, for an array of tables
}

// maxField bounds the field paths below an object that record puts in
// Sources: every field a consumer names ("routes[12].target") is far
// shorter, and Lookup finds a longer one's nearest recorded ancestor.
const maxField = 256

// newIndex returns an empty index with room for n keys and elements.
func newIndex(file string, n int) *index {
	x := &index{
		file:  file,
		nodes: make([]node, 1, n+1),
		kids:  make(map[uint64]int32, n),
		syms:  map[string]uint32{},
		names: []string{""},
		rels:  map[string]string{},
	}
	x.nodes[0].line, x.nodes[0].col = 1, 1
	return x
}

// sym returns the edge of key, numbering it if it is new.
func (x *index) sym(key string) edge {
	if n, ok := x.syms[key]; ok {
		return edge(n)
	}
	n := uint32(len(x.names))
	x.syms[key] = n
	x.names = append(x.names, key)
	return edge(n)
}

// add returns the child e of parent, creating it at line:col when the file
// has not named it before.
func (x *index) add(parent int32, e edge, line, col int) int32 {
	k := child(parent, e)
	if n, ok := x.kids[k]; ok {
		return n
	}
	n := int32(len(x.nodes))
	x.nodes = append(x.nodes, node{edge: e, line: int32(line), col: int32(col)})
	x.kids[k] = n
	p := &x.nodes[parent]
	if p.last == 0 {
		p.first = n
	} else {
		x.nodes[p.last].next = n
	}
	p.last = n
	return n
}

// key returns the child of n named key.
func (x *index) key(n int32, key string) (int32, bool) {
	s, ok := x.syms[key]
	if !ok {
		return 0, false
	}
	c, ok := x.kids[child(n, edge(s))]
	return c, ok
}

// size returns the number of nodes below n.
func (x *index) size(n int32) int {
	size := 0
	for c := x.nodes[n].first; c != 0; c = x.nodes[c].next {
		size += 1 + x.size(c)
	}
	return size
}

func (x *index) pos(n int32) model.Pos {
	return model.Pos{File: x.file, Line: int(x.nodes[n].line), Col: int(x.nodes[n].col)}
}

// find returns the node path names and true, or its nearest ancestor in
// the index and false. A key may hold dots or brackets ("tags" keys like
// "kubernetes.io/role/elb"): at each step the rest of the path is tried as
// one key first.
func (x *index) find(path string) (int32, bool) {
	n := int32(0)
	for path != "" {
		if path[0] == '[' {
			j := strings.IndexByte(path, ']')
			if j < 0 {
				return n, false
			}
			i, err := strconv.ParseUint(path[1:j], 10, 31)
			if err != nil {
				return n, false
			}
			c, ok := x.kids[child(n, isElem|edge(i))]
			if !ok {
				return n, false
			}
			n, path = c, strings.TrimPrefix(path[j+1:], ".")
			continue
		}
		if c, ok := x.key(n, path); ok {
			return c, true
		}
		j := strings.IndexAny(path, ".[")
		if j < 0 {
			return n, false
		}
		c, ok := x.key(n, path[:j])
		if !ok {
			return n, false
		}
		n, path = c, path[j:]
		if path[0] == '.' {
			path = path[1:]
		}
	}
	return n, true
}

// at returns the position of path, or of its nearest ancestor that has
// one, or line 1 of the file.
func (x *index) at(path string) model.Pos {
	n, _ := x.find(path)
	return x.pos(n)
}

// fields calls f for each key and element below path, with its path
// relative to path ("routes[1].target"), in document order, skipping the
// paths longer than maxField and what lies below them. Objects of a kind
// share their field paths: each is made once.
func (x *index) fields(path string, f func(rel string, p model.Pos)) {
	n, ok := x.find(path)
	if !ok {
		return
	}
	var buf [maxField]byte
	x.walk(n, buf[:0], f)
}

func (x *index) walk(n int32, rel []byte, f func(string, model.Pos)) {
	for c := x.nodes[n].first; c != 0; c = x.nodes[c].next {
		e := x.nodes[c].edge
		r := rel
		if e&isElem != 0 {
			r = append(r, '[')
			r = strconv.AppendUint(r, uint64(e&^isElem), 10)
			r = append(r, ']')
		} else {
			key := x.names[e]
			if len(r)+1+len(key) > maxField {
				continue
			}
			if len(r) > 0 {
				r = append(r, '.')
			}
			r = append(r, key...)
		}
		if len(r) > maxField {
			continue
		}
		s, ok := x.rels[string(r)]
		if !ok {
			s = string(r)
			x.rels[s] = s
		}
		f(s, x.pos(c))
		x.walk(c, r, f)
	}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func elem(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// scan indexes src, which BurntSushi/toml has already accepted, with room
// for the nodes keys and elements checkBounds counted. It is lenient and
// never fails: on input it does not understand it skips a byte and goes
// on, so a wrong guess costs a position, never a panic. It is linear in
// len(src).
func scan(file, src string, nodes int) *index {
	s := &scanner{
		src:  stripBOM(src),
		line: 1,
		col:  1,
		x:    newIndex(file, nodes),
	}
	s.document()
	return s.x
}

// stripBOM drops a byte order mark, as BurntSushi/toml does before it
// counts positions.
func stripBOM(src string) string {
	for _, bom := range []string{"\xef\xbb\xbf", "\xff\xfe", "\xfe\xff"} {
		if b, ok := strings.CutPrefix(src, bom); ok {
			return b
		}
	}
	return src
}

type scanner struct {
	src       string
	i         int
	line, col int
	x         *index
	keys      []string // the parts of the last key read, reused
}

func (s *scanner) eof() bool { return s.i >= len(s.src) }

func (s *scanner) peek() byte { return s.peekAt(0) }

func (s *scanner) peekAt(k int) byte {
	if s.i+k < len(s.src) {
		return s.src[s.i+k]
	}
	return 0
}

// triple reports whether the next three bytes are q.
func (s *scanner) triple(q byte) bool {
	return s.peek() == q && s.peekAt(1) == q && s.peekAt(2) == q
}

func (s *scanner) adv(n int) {
	for ; n > 0 && s.i < len(s.src); n-- {
		if s.src[s.i] == '\n' {
			s.line++
			s.col = 1
		} else {
			s.col++
		}
		s.i++
	}
}

// space skips blanks and, when nl is set, newlines and comments too.
func (s *scanner) space(nl bool) {
	for !s.eof() {
		switch c := s.peek(); {
		case c == ' ' || c == '\t':
			s.adv(1)
		case nl && (c == '\n' || c == '\r'):
			s.adv(1)
		case nl && c == '#':
			for !s.eof() && s.peek() != '\n' {
				s.adv(1)
			}
		default:
			return
		}
	}
}

func (s *scanner) document() {
	table := int32(0)
	for {
		s.space(true)
		if s.eof() {
			return
		}
		line, col := s.line, s.col
		if s.peek() == '[' {
			array := s.peekAt(1) == '['
			s.adv(1)
			if array {
				s.adv(1)
			}
			keys := s.key()
			s.space(false)
			for s.peek() == ']' {
				s.adv(1)
			}
			table = s.table(keys, array, line, col)
			continue
		}
		keys := s.key()
		if len(keys) == 0 {
			s.adv(1) // not a key: skip, always making progress
			continue
		}
		n := s.dotted(table, keys, line, col)
		s.space(false)
		if s.peek() == '=' {
			s.adv(1)
		}
		s.value(n)
	}
}

// dotted records the positions of a dotted key's parts below node n and
// returns the node of the whole key.
func (s *scanner) dotted(n int32, keys []string, line, col int) int32 {
	for _, k := range keys {
		n = s.x.add(n, s.x.sym(k), line, col)
	}
	return n
}

// table returns the node of a [table] or [[array.of.tables]] header. A
// header part naming an array of tables refers to its last element.
func (s *scanner) table(keys []string, array bool, line, col int) int32 {
	x := s.x
	n := int32(0)
	for i, k := range keys {
		n = x.add(n, x.sym(k), line, col)
		if t := x.nodes[n].tables; t > 0 && i < len(keys)-1 {
			n = x.add(n, isElem|edge(t-1), line, col)
		}
	}
	if array && n != 0 {
		t := x.nodes[n].tables
		x.nodes[n].tables++
		n = x.add(n, isElem|edge(t), line, col)
	}
	return n
}

// key reads a possibly dotted key and returns its parts, in a slice that
// the next call reuses.
func (s *scanner) key() []string {
	keys := s.keys[:0]
	defer func() { s.keys = keys[:0] }()
	for {
		s.space(false)
		switch c := s.peek(); {
		case c == '"' || c == '\'':
			keys = append(keys, s.str())
		case isBare(c):
			start := s.i
			for !s.eof() && isBare(s.peek()) {
				s.adv(1)
			}
			keys = append(keys, s.src[start:s.i])
		default:
			return keys
		}
		s.space(false)
		if s.peek() != '.' {
			return keys
		}
		s.adv(1)
	}
}

func isBare(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_' || c == '-'
}

// value skips one value, indexing the elements of arrays and the keys of
// inline tables below node n.
func (s *scanner) value(n int32) {
	s.space(false)
	switch c := s.peek(); c {
	case '"', '\'':
		s.str()
	case '[':
		s.adv(1)
		for i := edge(0); ; {
			s.space(true)
			switch s.peek() {
			case 0:
				return
			case ']':
				s.adv(1)
				return
			case ',':
				s.adv(1)
				continue
			}
			e := s.x.add(n, isElem|i, s.line, s.col)
			s.value(e)
			i++
		}
	case '{':
		s.adv(1)
		for {
			s.space(true)
			switch s.peek() {
			case 0:
				return
			case '}':
				s.adv(1)
				return
			case ',':
				s.adv(1)
				continue
			}
			line, col := s.line, s.col
			keys := s.key()
			if len(keys) == 0 {
				s.adv(1)
				continue
			}
			k := s.dotted(n, keys, line, col)
			s.space(false)
			if s.peek() == '=' {
				s.adv(1)
			}
			s.value(k)
		}
	default:
		// A number, boolean or date-time. A date and a time may be
		// separated by a space: 1979-05-27 07:32:00Z.
		start := s.i
		for !s.eof() && !isValueEnd(s.peek()) {
			s.adv(1)
		}
		if s.i-start == 10 && s.src[start+4] == '-' && s.peek() == ' ' && isDigit(s.peekAt(1)) {
			s.adv(1)
			for !s.eof() && !isValueEnd(s.peek()) {
				s.adv(1)
			}
		}
		if s.i == start {
			s.adv(1)
		}
	}
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// str skips a string of any of the four kinds and returns its text, with
// the escapes of a one-line basic string decoded (as keys need).
func (s *scanner) str() string {
	q := s.peek()
	if s.triple(q) {
		s.adv(3)
		for !s.eof() {
			switch {
			case q == '"' && s.peek() == '\\':
				s.adv(2)
			case s.triple(q):
				s.adv(3)
				// Up to two more quotes belong to the string: """a""""".
				for k := 0; k < 2 && s.peek() == q; k++ {
					s.adv(1)
				}
				return ""
			default:
				s.adv(1)
			}
		}
		return ""
	}
	s.adv(1)
	start := s.i
	for !s.eof() && s.peek() != '\n' {
		switch c := s.peek(); {
		case q == '"' && c == '\\':
			s.adv(2)
		case c == q:
			raw := s.src[start:s.i]
			s.adv(1)
			if q == '"' && strings.IndexByte(raw, '\\') >= 0 {
				if u, err := strconv.Unquote(`"` + raw + `"`); err == nil {
					return u
				}
			}
			return raw
		default:
			s.adv(1)
		}
	}
	return s.src[start:s.i]
}
