package jsonpos

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"unicode/utf16"
)

func TestSkipValue(t *testing.T) {
	tests := []struct {
		in   string
		want int // SkipValue(in, 0)
	}{
		{`""`, 2},
		{`"a\"b" x`, 6},
		{`"a\\" x`, 5},
		{`"a\\\"" x`, 7},
		{`"\u0022"`, 8},
		{`"unterminated`, 13},
		{`{"a": [1, "]", {"b": "}"}]} x`, 27},
		{`[[[]]]]`, 6},
		{`[[[`, 3},
		{`123 `, 3},
		{`-1.5e3,`, 6},
		{`true]`, 4},
		{`null}`, 4},
		{``, 0},
	}
	for _, tt := range tests {
		if got := SkipValue([]byte(tt.in), 0); got != tt.want {
			t.Errorf("SkipValue(%q, 0) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestMembersAndElements(t *testing.T) {
	b := []byte(` { "a" : 1 , "b\u0022c": [true, {"d": null}], "": "x"} `)
	ms, end := Members(b, 1)
	if end != len(b)-1 {
		t.Errorf("Members end = %d, want %d", end, len(b)-1)
	}
	var got []string
	for _, m := range ms {
		got = append(got, m.Key(b)+"="+string(b[m.Start:m.End]))
	}
	want := []string{`a=1`, `b"c=[true, {"d": null}]`, `=` + `"x"`}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("members = %q, want %q", got, want)
	}
	if !ms[1].KeyIs(b, `b"c`) || ms[1].KeyIs(b, `b\u0022c`) || !ms[2].KeyIs(b, "") {
		t.Error("KeyIs does not compare decoded keys")
	}
	es := Elements(b, ms[1].Start)
	if len(es) != 2 || string(b[es[1].Start:es[1].End]) != `{"d": null}` || es[0].KeyStart != -1 || es[0].Key(b) != "" {
		t.Errorf("elements = %+v", es)
	}
	// An end function takes over SkipValue: a caller that reads the value
	// says where it ends.
	var ends []int
	EachMember(b, 1, func(sp Span) int {
		if sp.Key(b) == "a" {
			return sp.Start + 1
		}
		return -1
	}, func(sp Span) bool {
		ends = append(ends, sp.End)
		return true
	})
	if !reflect.DeepEqual(ends, []int{ms[0].End, ms[1].End, ms[2].End}) {
		t.Errorf("ends with an end function = %v, want %v", ends, []int{ms[0].End, ms[1].End, ms[2].End})
	}
	// Not a container, or broken text: nothing, and no panic.
	for _, s := range []string{`1`, `{`, `{"a"`, `{"a" 1}`, `[`, `[,]`, `"x"`} {
		Members([]byte(s), 0)
		Elements([]byte(s), 0)
	}
}

func TestKind(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{` {}`, "an object"},
		{`[]`, "a list"},
		{`"x"`, "a string"},
		{`-1`, "a number"},
		{`true`, "a boolean"},
		{`false`, "a boolean"},
		{`null`, "null"},
		{`  `, "nothing"},
	}
	for _, tt := range tests {
		if got := KindAt([]byte(tt.in), 0).String(); got != tt.want {
			t.Errorf("KindAt(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestTypeError(t *testing.T) {
	tests := []struct {
		in          string
		v           any
		want, found string
	}{
		{`{"a": 1}`, &struct{ A string }{}, "a string", "a number"},
		{`{"a": 1.5}`, &struct{ A int }{}, "a whole number", "a number"},
		{`{"a": "x"}`, &struct{ A []string }{}, "a list", "a string"},
		{`{"a": []}`, &struct{ A *struct{} }{}, "an object", "a list"},
		{`{"a": {}}`, &struct{ A bool }{}, "a boolean", "an object"},
		{`{"a": true}`, &struct{ A float64 }{}, "a number", "a boolean"},
	}
	for _, tt := range tests {
		err := json.Unmarshal([]byte(tt.in), tt.v)
		te, ok := err.(*json.UnmarshalTypeError)
		if !ok {
			t.Fatalf("%s: %v", tt.in, err)
		}
		if want, found := TypeError(te); want != tt.want || found != tt.found {
			t.Errorf("%s into %T: want %q, found %q; want %q, %q", tt.in, tt.v, want, found, tt.want, tt.found)
		}
	}
}

// TestLines: columns count bytes, as every reader did before this package
// (and go/token does): "é" is two.
func TestLines(t *testing.T) {
	b := []byte("ab\r\nxé{\n\n}")
	tests := []struct{ off, line, col int }{
		{-5, 1, 1},
		{0, 1, 1},
		{2, 1, 3},  // '\r'
		{3, 1, 4},  // '\n' ends line 1
		{4, 2, 1},  // 'x'
		{5, 2, 2},  // 'é', 2 bytes
		{7, 2, 4},  // '{'
		{9, 3, 1},  // the empty line
		{10, 4, 1}, // '}'
		{11, 4, 2}, // the end of the text
		{99, 4, 2}, // clamped
	}
	l := NewLines(b)
	for _, tt := range tests {
		if line, col := l.Pos(tt.off); line != tt.line || col != tt.col {
			t.Errorf("Pos(%d) = %d:%d, want %d:%d", tt.off, line, col, tt.line, tt.col)
		}
		for from := -1; from <= 6; from++ {
			if line, col := l.PosFrom(tt.off, from); line != tt.line || col != tt.col {
				t.Errorf("PosFrom(%d, %d) = %d:%d, want %d:%d", tt.off, from, line, col, tt.line, tt.col)
			}
		}
	}
}

func TestPaths(t *testing.T) {
	b := []byte(`{"a": {"b": [10, {"c": "x"}, [20]]}, "a": 2, "d.e": 3}`)
	f := NewFinder(b)
	tests := []struct {
		path string
		want string // the text at the offset Offset returns
	}{
		{"", `{"a"`},
		{"a", `{"b"`},
		{".a", `{"b"`},
		{"a.b[1].c", `"x"`},
		{".a.b[2][0]", `20]`},
		{"a.b[9]", `[10`},      // no such element: the deepest value found
		{"a.b[x]", `[10`},      // a step that does not parse
		{"a.z.c", `{"b"`},      // no such member
		{"d.e", `{"a"`},        // a key with a dot cannot be named
		{"a.b[1].c.d", `"x"}`}, // below a string
	}
	for _, tt := range tests {
		off := f.Offset(0, tt.path)
		if !strings.HasPrefix(string(b[off:]), tt.want) {
			t.Errorf("Offset(%q) = %d (%.8q), want %q", tt.path, off, b[off:], tt.want)
		}
	}
	f.Reset()
	if off := f.Offset(0, "a.b[1].c"); string(b[off:off+3]) != `"x"` {
		t.Errorf("after Reset: Offset = %d", off)
	}
	at := strings.Index(string(b), `"x"`)
	for _, off := range []int{at, at + 1, at + 2} {
		if path, start := PathAt(b, 0, off); path != ".a.b[1].c" || start != at {
			t.Errorf("PathAt(%d) = %q, %d; want .a.b[1].c, %d", off, path, start, at)
		}
	}
	if path, start := PathAt(b, 0, 0); path != "" || start != 0 {
		t.Errorf("PathAt(0) = %q, %d", path, start)
	}
	if path, _ := PathAt(b, 0, strings.Index(string(b), "20")); path != ".a.b[2][0]" {
		t.Errorf("PathAt(20) = %q", path)
	}
}

func TestNextStep(t *testing.T) {
	tests := []struct {
		path string
		p    int
		s    Step
		next int
		ok   bool
	}{
		{"a.b", 0, Step{Key: "a", Member: true}, 1, true},
		{"a.b", 1, Step{Key: "b", Member: true}, 3, true},
		{".a[3]", 2, Step{Index: 3}, 5, true},
		{"[-1]", 0, Step{}, 0, false},
		{"[1", 0, Step{}, 0, false},
		{"ab", 1, Step{}, 0, false},
	}
	for _, tt := range tests {
		s, next, ok := NextStep(tt.path, tt.p)
		if s != tt.s || next != tt.next || ok != tt.ok {
			t.Errorf("NextStep(%q, %d) = %+v, %d, %v; want %+v, %d, %v", tt.path, tt.p, s, next, ok, tt.s, tt.next, tt.ok)
		}
	}
}

func TestCheck(t *testing.T) {
	deep := strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth)
	tests := []struct {
		name string
		in   string
		off  int // -1: no error
		msg  string
	}{
		{"valid", `{"a": [1, "é"]}`, -1, ""},
		{"MaxDepth levels", deep, -1, ""},
		{"one level more", "[" + deep + "]", MaxDepth, "nested deeper than 512 levels"},
		{"10,000 levels", strings.Repeat(`{"a":`, 10000), 5 * MaxDepth, "nested deeper"},
		{"10,000 levels after a syntax error", `[1 2, ` + strings.Repeat("[", 10000), 3, "invalid character '2'"},
		{"brackets in strings do not count", `["` + strings.Repeat("[", 1000) + `"]`, -1, ""},
		{"syntax", `{"a": 1,}`, 8, "invalid character '}'"},
		{"trailing data", `{} {}`, 3, "after the JSON value"},
		{"truncated", "{\"a\": [1,\n \n", 9, "truncated"}, // just past the last non-blank byte
		{"empty", ``, 0, "truncated"},
		{"a NUL byte", "{\"a\": \x00}", 6, "invalid character '\\x00'"},
		{"invalid UTF-8 in a string", "[\"ok\", \"caf\xE9\"]", 11, "invalid UTF-8 (byte 0xE9)"},
		{"a surrogate in UTF-8", "[\"\xED\xA0\x80\"]", 2, "invalid UTF-8"},
		{"an overlong encoding", "[\"\xC0\xAF\"]", 2, "invalid UTF-8"},
		{"invalid UTF-8 outside a string", "[1, \xFF]", 4, "invalid character"},
	}
	for _, tt := range tests {
		e := Check([]byte(tt.in))
		switch {
		case tt.off < 0 && e != nil:
			t.Errorf("%s: Check = %v at %d, want nil", tt.name, e, e.Off)
		case tt.off >= 0 && e == nil:
			t.Errorf("%s: Check = nil, want an error at %d", tt.name, tt.off)
		case e != nil && (e.Off != tt.off || !strings.Contains(e.Msg, tt.msg)):
			t.Errorf("%s: Check = %q at %d, want %q at %d", tt.name, e.Msg, e.Off, tt.msg, tt.off)
		case e != nil && e.Truncated != strings.Contains(tt.msg, "truncated"):
			t.Errorf("%s: Truncated = %v", tt.name, e.Truncated)
		}
	}
}

func TestNormalize(t *testing.T) {
	text := "{\"é\": \"😀\"}\n"
	u := utf16.Encode([]rune(text))
	le, be := []byte{0xFF, 0xFE}, []byte{0xFE, 0xFF}
	for _, c := range u {
		le = append(le, byte(c), byte(c>>8))
		be = append(be, byte(c>>8), byte(c))
	}
	for name, in := range map[string]string{"UTF-8": text, "BOM": "\xEF\xBB\xBF" + text, "UTF-16LE": string(le), "UTF-16BE": string(be)} {
		if got := string(Normalize([]byte(in))); got != text {
			t.Errorf("%s: Normalize = %q, want %q", name, got, text)
		}
	}
}
