package tomlsnap

import (
	"fmt"
	"strconv"
	"unicode/utf8"
)

// MaxDepth is how deeply a snapshot file may nest: the most keys and array
// elements on the way from the top of the file to a value, counting each
// part of a table header and of a dotted key as one. A snapshot nests about
// 4 deep (`[[route_table]]`, `routes = [{ target = … }]`).
const MaxDepth = 64

// MaxKeyName is the longest full name of a key, in bytes: the parts of its
// table header and of its own dotted key, decoded, with a dot between
// parts. It leaves room for any AWS tag key (128 characters).
const MaxKeyName = 1024

// BurntSushi/toml v1.6.0 pays for every key with a string of its full name
// and a copy of its table context, and for every level of an inline table
// with a copy of all the levels above: 10,000 nested inline tables (40 KB)
// exhaust memory, and one long table name over many keys makes it
// quadratic. checkBounds measures the text first, so that it reaches the
// decoder only when every key costs at most MaxDepth levels and MaxKeyName
// bytes.

// boundError is where a file first exceeds MaxDepth or MaxKeyName.
type boundError struct {
	off int // byte offset in the text without its byte order mark
	msg string
}

// checkBounds reads src as TOML just far enough to measure the depth and
// the full name of every key and array element, and reports the first that
// exceeds a bound, or nil. It also counts the keys and elements, which the
// index needs room for. It is linear in len(src) and allocates nothing on
// its way.
//
// It reads valid TOML exactly as BurntSushi/toml does: strings of the four
// kinds, comments, table headers, dotted keys, arrays and inline tables
// (with the newlines TOML 1.1 allows in them). On text that is not TOML it
// goes on as best it can and may report a bound the file does not reach;
// it cannot miss one the decoder would reach, because the decoder stops
// at the first byte that is not TOML, and up to there both read alike.
func checkBounds(src string) (nodes int, err *boundError) {
	b := &bounder{src: src}
	b.document()
	return b.nodes, b.err
}

type bounder struct {
	src   string
	i     int
	nodes int // key parts and array elements seen
	err   *boundError
}

func (b *bounder) eof() bool { return b.i >= len(b.src) || b.err != nil }

func (b *bounder) peek() byte {
	if b.i < len(b.src) {
		return b.src[b.i]
	}
	return 0
}

// fail records the first bound exceeded and ends the scan.
func (b *bounder) fail(off int, format string, args ...any) {
	if b.err == nil {
		b.err = &boundError{off, fmt.Sprintf(format, args...)}
	}
	b.i = len(b.src)
}

// space skips blanks and, when nl is set, newlines and comments too.
func (b *bounder) space(nl bool) {
	for !b.eof() {
		switch b.src[b.i] {
		case ' ', '\t':
			b.i++
		case '\n', '\r':
			if !nl {
				return
			}
			b.i++
		case '#':
			if !nl {
				return
			}
			b.comment()
		default:
			return
		}
	}
}

func (b *bounder) comment() {
	for b.i < len(b.src) && b.src[b.i] != '\n' {
		b.i++
	}
}

// level is where a key or value sits: its depth and the length of its full
// name so far.
type level struct{ depth, name int }

func (b *bounder) document() {
	var table level // the current [table]
	for {
		b.space(true)
		if b.eof() {
			return
		}
		if b.peek() == '[' {
			b.i++
			if b.peek() == '[' {
				b.i++
			}
			table = b.key(level{})
			b.lineEnd()
			continue
		}
		start := b.i
		at := b.key(table)
		b.space(false)
		if b.i == start || b.peek() != '=' {
			// Not a key and a value: the decoder stops here.
			b.lineEnd()
			continue
		}
		b.i++
		b.value(at)
		b.lineEnd()
	}
}

// lineEnd skips the rest of a line: in TOML, blanks and a comment, and a
// date-time's time after a space. Whatever else it skips is an error the
// decoder stops at.
func (b *bounder) lineEnd() {
	for b.i < len(b.src) && b.src[b.i] != '\n' {
		if b.src[b.i] == '#' {
			b.comment()
			return
		}
		b.i++
	}
}

// key reads a dotted key or a table name below at and returns the level of
// its last part. It stops short of the first byte that cannot continue it.
func (b *bounder) key(at level) level {
	for {
		b.space(false)
		start := b.i
		n, ok := b.keyPart()
		if !ok {
			return at
		}
		if at.depth > 0 {
			at.name++ // the dot
		}
		at.depth++
		at.name += n
		b.nodes++
		switch {
		case at.depth > MaxDepth:
			b.fail(start, "nested deeper than %d levels", MaxDepth)
		case at.name > MaxKeyName:
			b.fail(start, "key's full name is longer than %d bytes", MaxKeyName)
		}
		b.space(false)
		if b.peek() != '.' {
			return at
		}
		b.i++
	}
}

// keyPart skips one part of a key and returns its decoded length.
func (b *bounder) keyPart() (int, bool) {
	switch c := b.peek(); {
	case c == '"' || c == '\'':
		return b.str(), true
	case isBare(c):
		start := b.i
		for b.i < len(b.src) && isBare(b.src[b.i]) {
			b.i++
		}
		return b.i - start, true
	}
	return 0, false
}

// value skips the value of a key at level at, checking the keys of its
// inline tables and the elements of its arrays.
func (b *bounder) value(at level) {
	b.space(false)
	switch b.peek() {
	case '"', '\'':
		b.str()
	case '[':
		el := level{at.depth + 1, at.name}
		if el.depth > MaxDepth {
			b.fail(b.i, "nested deeper than %d levels", MaxDepth)
			return
		}
		b.i++
		for !b.eof() {
			b.space(true)
			switch b.peek() {
			case ']':
				b.i++
				return
			case ',':
				b.i++
				continue
			}
			start := b.i
			b.nodes++
			b.value(el)
			if b.i == start {
				return // not a value: the decoder stops here
			}
		}
	case '{':
		b.i++
		for !b.eof() {
			b.space(true)
			switch b.peek() {
			case '}':
				b.i++
				return
			case ',':
				b.i++
				continue
			}
			start := b.i
			k := b.key(at)
			b.space(false)
			if b.i == start || b.peek() != '=' {
				return // not a key and a value: the decoder stops here
			}
			b.i++
			b.value(k)
		}
	default:
		// A number, boolean or date-time: none holds a quote, a bracket or
		// a brace. A space may part a date from its time.
		for b.i < len(b.src) && !isValueEnd(b.src[b.i]) {
			b.i++
		}
	}
}

// isValueEnd reports whether c ends a number, boolean or date-time.
func isValueEnd(c byte) bool {
	switch c {
	case ' ', '\t', '\r', '\n', ',', ']', '}', '#':
		return true
	}
	return false
}

// str skips a string of any of the four kinds, b.i at its first quote, and
// returns the length of its text once escapes are decoded.
func (b *bounder) str() int {
	q := b.src[b.i]
	if b.i+2 < len(b.src) && b.src[b.i+1] == q && b.src[b.i+2] == q {
		b.i += 3
		n := 0
		for b.i < len(b.src) {
			switch c := b.src[b.i]; {
			case c == '\\' && q == '"':
				n += b.escape()
			case c == q && b.i+2 < len(b.src) && b.src[b.i+1] == q && b.src[b.i+2] == q:
				// Up to two more quotes belong to the string: """a""""".
				b.i += 3
				for k := 0; k < 2 && b.peek() == q; k++ {
					b.i++
					n++
				}
				return n
			default:
				b.i++
				n++
			}
		}
		return n
	}
	b.i++
	n := 0
	for b.i < len(b.src) {
		switch c := b.src[b.i]; {
		case c == '\n':
			return n // not TOML: the decoder stops here
		case c == '\\' && q == '"':
			n += b.escape()
		case c == q:
			b.i++
			return n
		default:
			b.i++
			n++
		}
	}
	return n
}

// escape skips an escape sequence of a basic string, b.i at its
// backslash, and returns the length of what it stands for.
func (b *bounder) escape() int {
	b.i++ // the backslash
	if b.i >= len(b.src) {
		return 0
	}
	digits := 0
	switch b.src[b.i] {
	case 'x':
		digits = 2
	case 'u':
		digits = 4
	case 'U':
		digits = 8
	}
	b.i++ // the letter, or a byte of a line-ending backslash's blanks
	if digits == 0 || b.i+digits > len(b.src) {
		return 1
	}
	r, err := strconv.ParseUint(b.src[b.i:b.i+digits], 16, 32)
	if err != nil {
		return 1 // not TOML: the decoder stops here
	}
	b.i += digits
	if n := utf8.RuneLen(rune(r)); n > 0 {
		return n
	}
	return 1
}
