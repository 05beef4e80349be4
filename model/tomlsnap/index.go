package tomlsnap

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/cshsim/cshsim/model"
)

// BurntSushi/toml reports positions for syntax errors only, so the reader
// keeps its own index of where each key and array element starts. Paths
// name values the way the decoded map holds them: "subnet[2].route_table",
// "route_table[0].routes[1].target", "vpc[0].cidrs[0]". The element of an
// array of tables maps to its [[header]], an inline table in an array to
// its opening brace.

// index maps value paths to positions.
type index struct {
	file string
	pos  map[string]model.Pos
	// fields lists, per top-level table element ("subnet[2]"), the paths
	// below it relative to the element ("routes[1].target"), in document
	// order.
	fields map[string][]field
}

type field struct {
	rel string
	pos model.Pos
}

// at returns the position of path, or of its nearest ancestor that has
// one, or line 1 of the file.
func (x *index) at(path string) model.Pos {
	for {
		if p, ok := x.pos[path]; ok {
			return p
		}
		i := strings.LastIndexAny(path, ".[")
		if i < 0 {
			return model.Pos{File: x.file, Line: 1, Col: 1}
		}
		path = path[:i]
	}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func elem(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// scan indexes src, which BurntSushi/toml has already accepted. It is
// lenient and never fails: on input it does not understand it skips a byte
// and goes on, so a wrong guess costs a position, never a panic.
func scan(file string, src []byte) *index {
	s := &scanner{
		src:    src,
		line:   1,
		col:    1,
		file:   file,
		pos:    map[string]model.Pos{},
		arrays: map[string]int{},
	}
	s.src = stripBOM(src)
	s.document()
	x := &index{file: file, pos: s.pos, fields: map[string][]field{}}
	for _, path := range s.order {
		k := strings.IndexByte(path, ']')
		if k < 0 || k+1 >= len(path) || path[k+1] != '.' || strings.IndexByte(path[:k], '.') >= 0 {
			continue
		}
		el := path[:k+1]
		x.fields[el] = append(x.fields[el], field{path[k+2:], s.pos[path]})
	}
	return x
}

// stripBOM drops a byte order mark, as BurntSushi/toml does before it
// counts positions.
func stripBOM(src []byte) []byte {
	for _, bom := range []string{"\xef\xbb\xbf", "\xff\xfe", "\xfe\xff"} {
		if b, ok := bytes.CutPrefix(src, []byte(bom)); ok {
			return b
		}
	}
	return src
}

type scanner struct {
	src       []byte
	i         int
	line, col int
	file      string
	pos       map[string]model.Pos
	order     []string
	arrays    map[string]int // array-of-tables path → elements seen
}

func (s *scanner) eof() bool { return s.i >= len(s.src) }

func (s *scanner) peek() byte { return s.peekAt(0) }

func (s *scanner) peekAt(k int) byte {
	if s.i+k < len(s.src) {
		return s.src[s.i+k]
	}
	return 0
}

func (s *scanner) has(prefix string) bool { return strings.HasPrefix(string(s.src[s.i:]), prefix) }

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

func (s *scanner) here() model.Pos { return model.Pos{File: s.file, Line: s.line, Col: s.col} }

func (s *scanner) set(path string, p model.Pos) {
	if _, ok := s.pos[path]; !ok {
		s.pos[path] = p
		s.order = append(s.order, path)
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
	prefix := ""
	for {
		s.space(true)
		if s.eof() {
			return
		}
		start := s.here()
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
			prefix = s.table(keys, array)
			s.set(prefix, start)
			continue
		}
		keys := s.key()
		if len(keys) == 0 {
			s.adv(1) // not a key: skip, always making progress
			continue
		}
		path := s.dotted(prefix, keys, start)
		s.space(false)
		if s.peek() == '=' {
			s.adv(1)
		}
		s.value(path)
	}
}

// dotted records the positions of a dotted key's parts and returns the
// path of the whole key.
func (s *scanner) dotted(prefix string, keys []string, p model.Pos) string {
	path := prefix
	for _, k := range keys {
		path = join(path, k)
		s.set(path, p)
	}
	return path
}

// table returns the path of a [table] or [[array.of.tables]] header.
// A header part naming an array of tables refers to its last element.
func (s *scanner) table(keys []string, array bool) string {
	path := ""
	for i, k := range keys {
		path = join(path, k)
		if n, ok := s.arrays[path]; ok && i < len(keys)-1 {
			path = elem(path, n-1)
		}
	}
	if array {
		n := s.arrays[path]
		s.arrays[path] = n + 1
		path = elem(path, n)
	}
	return path
}

// key reads a possibly dotted key and returns its parts.
func (s *scanner) key() []string {
	var keys []string
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
			keys = append(keys, string(s.src[start:s.i]))
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
// inline tables below path.
func (s *scanner) value(path string) {
	s.space(false)
	switch c := s.peek(); c {
	case '"', '\'':
		s.str()
	case '[':
		s.adv(1)
		for n := 0; ; {
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
			p := elem(path, n)
			s.set(p, s.here())
			s.value(p)
			n++
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
			start := s.here()
			keys := s.key()
			if len(keys) == 0 {
				s.adv(1)
				continue
			}
			p := s.dotted(path, keys, start)
			s.space(false)
			if s.peek() == '=' {
				s.adv(1)
			}
			s.value(p)
		}
	default:
		// A number, boolean or date-time. A date and a time may be
		// separated by a space: 1979-05-27 07:32:00Z.
		start := s.i
		for !s.eof() && !strings.ContainsRune(" \t\r\n,]}#", rune(s.peek())) {
			s.adv(1)
		}
		if s.i-start == 10 && s.src[start+4] == '-' && s.peek() == ' ' && isDigit(s.peekAt(1)) {
			s.adv(1)
			for !s.eof() && !strings.ContainsRune(" \t\r\n,]}#", rune(s.peek())) {
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
	if s.has(strings.Repeat(string(q), 3)) {
		s.adv(3)
		for !s.eof() {
			switch {
			case q == '"' && s.peek() == '\\':
				s.adv(2)
			case s.has(strings.Repeat(string(q), 3)):
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
			raw := string(s.src[start:s.i])
			s.adv(1)
			if q == '"' {
				if u, err := strconv.Unquote(`"` + raw + `"`); err == nil {
					return u
				}
			}
			return raw
		default:
			s.adv(1)
		}
	}
	return string(s.src[start:s.i])
}
