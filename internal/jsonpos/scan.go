package jsonpos

import (
	"bytes"
	"encoding/json"
)

// SkipWS returns the index of the first byte at or after i that is not
// JSON white space, or len(b).
func SkipWS(b []byte, i int) int {
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

// SkipString returns the index just after the string whose opening quote
// is b[i], or len(b) when the string does not end.
func SkipString(b []byte, i int) int {
	i++
	for i < len(b) {
		q := bytes.IndexByte(b[i:], '"')
		if q < 0 {
			return len(b)
		}
		// A quote is escaped when an odd number of backslashes precedes
		// it.
		n := 0
		for j := i + q - 1; j >= i && b[j] == '\\'; j-- {
			n++
		}
		i += q + 1
		if n%2 == 0 {
			return i
		}
	}
	return len(b)
}

// structural marks the bytes SkipValue stops at inside a container.
var structural = [256]bool{'"': true, '{': true, '[': true, '}': true, ']': true}

// SkipValue returns the index just after the value that starts at b[i]
// (i itself at the end of b). It counts brackets instead of recursing, so
// any nesting costs no stack.
func SkipValue(b []byte, i int) int {
	if i >= len(b) {
		return i
	}
	switch b[i] {
	case '"':
		return SkipString(b, i)
	case '{', '[':
		depth := 0
		for i < len(b) {
			if !structural[b[i]] {
				i++
				continue
			}
			switch b[i] {
			case '"':
				i = SkipString(b, i)
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
	// A number, true, false or null runs to the next delimiter.
	for i < len(b) {
		switch b[i] {
		case ',', '}', ']', ' ', '\t', '\n', '\r':
			return i
		}
		i++
	}
	return i
}

// Text returns the value of the string b[i:end] (quotes included),
// unescaping it only when it holds an escape. Text that does not decode is
// returned as it is, without its quotes.
func Text(b []byte, i, end int) string {
	if i < 0 || end > len(b) || end-1 < i+1 {
		return "" // not a string (only in invalid text)
	}
	raw := b[i+1 : end-1]
	if bytes.IndexByte(raw, '\\') >= 0 {
		var s string
		if json.Unmarshal(b[i:end], &s) == nil {
			return s
		}
	}
	return string(raw)
}

// A Span is where one member of an object or one element of an array is:
// the value is b[Start:End] and, for a member, its key with its quotes is
// b[KeyStart:KeyEnd]. An element has KeyStart and KeyEnd -1. The zero Span
// is not a valid span.
type Span struct {
	KeyStart, KeyEnd int
	Start, End       int
}

// Key returns the decoded key of a member ("" for an element).
func (s Span) Key(b []byte) string {
	if s.KeyStart < 0 {
		return ""
	}
	return Text(b, s.KeyStart, s.KeyEnd)
}

// KeyIs reports whether the member's key is key, without allocating
// unless the key holds an escape.
func (s Span) KeyIs(b []byte, key string) bool {
	if s.KeyStart < 0 || s.KeyEnd-s.KeyStart < 2 {
		return false
	}
	raw := b[s.KeyStart+1 : s.KeyEnd-1]
	if bytes.IndexByte(raw, '\\') < 0 {
		return string(raw) == key
	}
	return s.Key(b) == key
}

// EachMember calls fn with each member of the object that starts at b[i]
// ('{'), in text order, until fn returns false. It does nothing when b[i]
// is not '{'.
//
// end, when not nil, is asked first where each member's value ends (the
// Span it gets has End 0); a negative answer leaves it to SkipValue. A
// caller that reads the value anyway, and so learns where it ends, spares
// the text a second scan.
func EachMember(b []byte, i int, end func(Span) int, fn func(Span) bool) {
	eachMember(b, i, end, fn)
}

// eachMember is EachMember, also returning the index after the last member
// it read (at the closing '}' of a well-formed object).
func eachMember(b []byte, i int, end func(Span) int, fn func(Span) bool) int {
	if i >= len(b) || b[i] != '{' {
		return i
	}
	i = SkipWS(b, i+1)
	for i < len(b) && b[i] == '"' {
		sp := Span{KeyStart: i, KeyEnd: SkipString(b, i)}
		j := SkipWS(b, sp.KeyEnd)
		if j >= len(b) || b[j] != ':' {
			return i
		}
		sp.Start = SkipWS(b, j+1)
		sp.End = -1
		if end != nil && sp.Start < len(b) {
			sp.End = 0
			sp.End = end(sp)
		}
		if sp.End < 0 {
			sp.End = SkipValue(b, sp.Start)
		}
		if !fn(sp) {
			return i
		}
		i = SkipWS(b, sp.End)
		if i < len(b) && b[i] == ',' {
			i = SkipWS(b, i+1)
		}
	}
	return i
}

// Members lists the members of the object that starts at b[i] and returns
// the index just after the object, as SkipValue does.
func Members(b []byte, i int) ([]Span, int) {
	var out []Span
	j := eachMember(b, i, nil, func(sp Span) bool {
		out = append(out, sp)
		return true
	})
	if i < len(b) && b[i] == '{' && j < len(b) && b[j] == '}' {
		return out, j + 1
	}
	return out, SkipValue(b, i)
}

// EachElement calls fn with the index k and the span of each element of
// the array that starts at b[i] ('['), in order, until fn returns false.
// It does nothing when b[i] is not '['.
func EachElement(b []byte, i int, fn func(k int, sp Span) bool) {
	if i >= len(b) || b[i] != '[' {
		return
	}
	i = SkipWS(b, i+1)
	for k := 0; i < len(b) && b[i] != ']'; k++ {
		end := SkipValue(b, i)
		if end == i || !fn(k, Span{KeyStart: -1, KeyEnd: -1, Start: i, End: end}) {
			return
		}
		i = SkipWS(b, end)
		if i < len(b) && b[i] == ',' {
			i = SkipWS(b, i+1)
		}
	}
}

// Elements lists the elements of the array that starts at b[i].
func Elements(b []byte, i int) []Span {
	var out []Span
	EachElement(b, i, func(_ int, sp Span) bool {
		out = append(out, sp)
		return true
	})
	return out
}
