package jsonpos

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzScan holds the scanner to encoding/json. On any bytes nothing panics
// and every answer is inside the text. Check accepts exactly the text that
// json.Valid accepts, that is UTF-8 and that nests at most MaxDepth levels
// (the depth measured with encoding/json's own tokens). On accepted text
// the scanner's walk yields the tokens json.Decoder yields, every span is
// a valid JSON value, and Finder and PathAt take each value's path to its
// offset and back.
func FuzzScan(f *testing.F) {
	for _, s := range []string{
		``, ` `, `{}`, `[]`, `null`, `1`, `"x"`,
		`{"a": [1, 2.5e-3, true, false, null, "s\"\\\/\b\f\n\r\t\u00e9"], "b": {"c": {}}}`,
		`{"a": 1, "a": 2, "a.b": 3, "[0]": 4, "\u0061": 5, "": 6}`,
		` [ [ ] , { } , "]" , "}" , "\"" ] `,
		`{"a": [1,]}`, `{"a" 1}`, `[1 2]`, `{} {}`, `{"a": [`, `"\`, `"\u12"`,
		"[\"caf\xE9\"]", "[\"\xED\xA0\x80\"]", "{\"a\": \x00}", "\xEF\xBB\xBF[1]", "\xFF\xFE[\x00]\x00",
		strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth),
		strings.Repeat("[", MaxDepth+1) + strings.Repeat("]", MaxDepth+1),
		strings.Repeat(`{"a":`, 600) + "1" + strings.Repeat("}", 600),
		"{\n  \"Vpcs\": [\n    {\"VpcId\": \"vpc-1\", \"Tags\": [{\"Key\": \"Name\", \"Value\": \"x\"}]}\n  ]\n}\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		b := Normalize(data)
		// The scanning functions cost the depth times the text on deep
		// input, which the fuzzer would run many times to minimize: deep
		// text is held to Check only (TestCheck and TestPaths cover the
		// rest).
		shallow := nesting(b) <= 64
		if shallow {
			anyText(t, b)
		}
		e := Check(b)
		if e != nil && (e.Off < 0 || e.Off > len(b) || e.Msg == "") {
			t.Fatalf("Check = %+v, outside the text of %d bytes", e, len(b))
		}
		if !json.Valid(b) {
			if e == nil {
				t.Fatal("Check accepts what json.Valid rejects")
			}
			return
		}
		depth := maxDepthOf(t, b)
		if want := utf8.Valid(b) && depth <= MaxDepth; (e == nil) != want {
			t.Fatalf("Check = %v; want an error = %v (UTF-8 %v, depth %d)", e, !want, utf8.Valid(b), depth)
		}
		if (TooDeep(b) >= 0) != (depth > MaxDepth) {
			t.Fatalf("TooDeep = %d, depth %d", TooDeep(b), depth)
		}
		if e != nil || !shallow {
			return
		}
		i := SkipWS(b, 0)
		if end := SkipValue(b, i); SkipWS(b, end) != len(b) {
			t.Fatalf("the value ends at %d, then %q", end, b[end:])
		}
		w := walker{budget: 1 << 16}
		w.walk(t, b, i, "", true)
		if got, want := w.tokens.String(), decoderTokens(t, b); got != want {
			t.Fatalf("scanner tokens differ from json.Decoder's:\nscanner: %s\ndecoder: %s", got, want)
		}
		// PathAt costs the depth times the text: check a sample of the
		// values within a budget, so that a large or deep input stays fast
		// (the fuzzer runs each input many times to minimize it).
		fd := NewFinder(b)
		step := max(1, len(w.values)/16)
		budget := 1 << 16
		for k := 0; k < len(w.values); k += step {
			v := w.values[k]
			if got := fd.Offset(0, v.path); got != v.start {
				t.Errorf("Finder.Offset(%q) = %d, want %d", v.path, got, v.start)
			}
			if budget -= len(v.path) * len(b); budget < 0 {
				break
			}
			if path, at := PathAt(b, 0, v.start); path != v.path || at != v.start {
				t.Errorf("PathAt(%d) = %q, %d; want %q", v.start, path, at, v.path)
			}
		}
	})
}

// anyText runs every scanning function over b, which may be anything: no
// panic, and every offset inside the text.
func anyText(t *testing.T, b []byte) {
	in := func(what string, off int) {
		if off < 0 || off > len(b) {
			t.Fatalf("%s = %d, outside the text of %d bytes", what, off, len(b))
		}
	}
	l := NewLines(b)
	for i := 0; i < len(b) && i < 16; i++ {
		end := SkipValue(b, i)
		in("SkipValue", end)
		if end < i {
			t.Fatalf("SkipValue(%d) = %d, before the start", i, end)
		}
		in("SkipWS", SkipWS(b, i))
		ms, mend := Members(b, i)
		in("Members end", mend)
		for _, m := range ms {
			if m.KeyStart < i || m.KeyEnd > m.Start || m.Start > m.End || m.End > len(b) {
				t.Fatalf("member span %+v of the object at %d", m, i)
			}
			m.Key(b)
			m.KeyIs(b, "a")
		}
		for _, e := range Elements(b, i) {
			if e.Start < i || e.Start >= e.End || e.End > len(b) {
				t.Fatalf("element span %+v of the array at %d", e, i)
			}
		}
		if i < 4 { // PathAt costs the depth times the text
			path, at := PathAt(b, i, len(b)/2)
			in("PathAt", at)
			in("Finder.Offset", NewFinder(b).Offset(i, path+"[0].a[1]"))
		}
		KindAt(b, i)
		line, col := l.Pos(i)
		if line2, col2 := l.PosFrom(i, line-1); line2 != line || col2 != col {
			t.Fatalf("PosFrom(%d) = %d:%d, Pos = %d:%d", i, line2, col2, line, col)
		}
		if bytes.Count(b[:i], []byte("\n")) != line-1 || col-1 != i-(bytes.LastIndexByte(b[:i], '\n')+1) {
			t.Fatalf("Pos(%d) = %d:%d", i, line, col)
		}
	}
	in("TooDeep", max(TooDeep(b), 0))
	in("InvalidUTF8", max(InvalidUTF8(b), 0))
}

// walker lists, as decoderTokens does, the tokens of a value the scanner
// finds, and the path and offset of each value a path can name: not below
// a key that holds '.' or '[' or is empty, nor below the second member of
// one name (a path names the first).
type walker struct {
	tokens strings.Builder
	values []named
	budget int // bytes json.Valid may still check: deep text repeats them
}

type named struct {
	path  string
	start int
}

func (w *walker) walk(t *testing.T, b []byte, i int, path string, nameable bool) {
	if nameable {
		w.values = append(w.values, named{path, i})
	}
	switch KindAt(b, i) {
	case Object:
		w.tokens.WriteString("{ ")
		seen := map[string]bool{}
		EachMember(b, i, nil, func(sp Span) bool {
			w.checkSpan(t, b, sp)
			k := sp.Key(b)
			w.tokens.WriteString(strconv.Quote(k) + " ")
			ok := nameable && k != "" && !strings.ContainsAny(k, ".[") && !seen[k]
			seen[k] = true
			w.walk(t, b, sp.Start, path+"."+k, ok)
			return true
		})
		w.tokens.WriteString("} ")
	case Array:
		w.tokens.WriteString("[ ")
		EachElement(b, i, func(k int, sp Span) bool {
			w.checkSpan(t, b, sp)
			w.walk(t, b, sp.Start, fmt.Sprintf("%s[%d]", path, k), nameable)
			return true
		})
		w.tokens.WriteString("] ")
	case String:
		w.tokens.WriteString(strconv.Quote(Text(b, i, SkipString(b, i))) + " ")
	default:
		w.tokens.WriteString(string(b[i:SkipValue(b, i)]) + " ")
	}
}

func (w *walker) checkSpan(t *testing.T, b []byte, sp Span) {
	if sp.Start >= sp.End || sp.End > len(b) {
		t.Fatalf("span %+v outside the text of %d bytes", sp, len(b))
	}
	if w.budget -= sp.End - sp.Start; w.budget < 0 {
		return
	}
	if !json.Valid(b[sp.Start:sp.End]) {
		t.Fatalf("span %+v: %q is not one JSON value", sp, b[max(0, sp.Start):min(len(b), max(sp.End, sp.Start))])
	}
}

// decoderTokens lists the tokens of b as json.Decoder reads them.
func decoderTokens(t *testing.T, b []byte) string {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var sb strings.Builder
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return sb.String()
		}
		if err != nil {
			t.Fatalf("json.Decoder on valid text: %v", err)
		}
		switch v := tok.(type) {
		case json.Delim:
			sb.WriteString(v.String())
		case string:
			sb.WriteString(strconv.Quote(v))
		case json.Number:
			sb.WriteString(v.String())
		case bool:
			sb.WriteString(strconv.FormatBool(v))
		case nil:
			sb.WriteString("null")
		}
		sb.WriteByte(' ')
	}
}

// nesting is the deepest nesting of brackets in b outside strings, valid
// or not.
func nesting(b []byte) int {
	depth, deepest := 0, 0
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '"':
			i = SkipString(b, i) - 1
		case '{', '[':
			depth++
			deepest = max(deepest, depth)
		case '}', ']':
			depth--
		}
	}
	return deepest
}

// maxDepthOf measures the nesting of valid text with json.Decoder.
func maxDepthOf(t *testing.T, b []byte) int {
	d := json.NewDecoder(bytes.NewReader(b))
	depth, deepest := 0, 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return deepest
		}
		if err != nil {
			t.Fatalf("json.Decoder on valid text: %v", err)
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
			deepest = max(deepest, depth)
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
	}
}
