package awscli

import (
	"bytes"
	"encoding/json"
	"sort"
	"strconv"
	"strings"
)

// This file holds a small scanner over JSON text that is already known to be
// valid (json.Valid). encoding/json decodes values but does not say where
// they are; the scanner finds the byte span of each top-level member and
// array element, so that every object and field can be given a line and
// column, and turns a decoder error offset back into a JSON path.

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

// skipString returns the index just after the string that starts at b[i] ('"').
func skipString(b []byte, i int) int {
	i++
	for i < len(b) {
		q := bytes.IndexByte(b[i:], '"')
		if q < 0 {
			return len(b)
		}
		// A quote is escaped when an odd number of backslashes precedes it.
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

// structural marks the bytes skipValue stops at inside a container.
var structural = [256]bool{'"': true, '{': true, '[': true, '}': true, ']': true}

// skipValue returns the index just after the value that starts at b[i].
func skipValue(b []byte, i int) int {
	if i >= len(b) {
		return i
	}
	switch b[i] {
	case '"':
		return skipString(b, i)
	case '{', '[':
		depth := 0
		for i < len(b) {
			if !structural[b[i]] {
				i++
				continue
			}
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
	// Number, true, false or null: runs to the next delimiter.
	for i < len(b) {
		switch b[i] {
		case ',', '}', ']', ' ', '\t', '\n', '\r':
			return i
		}
		i++
	}
	return i
}

// keyText returns the text of the string key at b[i:end] without quotes,
// unescaping it only when it holds an escape.
func keyText(b []byte, i, end int) string {
	if end-1 < i+1 {
		return "" // an unterminated string (only in invalid text)
	}
	raw := b[i+1 : end-1]
	for _, c := range raw {
		if c == '\\' {
			var s string
			if json.Unmarshal(b[i:end], &s) == nil {
				return s
			}
			break
		}
	}
	return string(raw)
}

// member is one member of a JSON object: its key, where the key starts and
// the span of its value.
type member struct {
	key        string
	keyStart   int
	start, end int
}

// members lists the members of the object that starts at b[i] ('{').
func members(b []byte, i int) []member {
	var out []member
	eachMemberAt(b, i, func(key string, k, start, end int) bool {
		out = append(out, member{key, k, start, end})
		return true
	})
	return out
}

// eachMember calls fn for each member of the object at b[i] until fn
// returns false.
func eachMember(b []byte, i int, fn func(key string, start, end int) bool) {
	eachMemberAt(b, i, func(key string, _, start, end int) bool { return fn(key, start, end) })
}

// eachMemberAt is eachMember that also passes the offset of each key.
func eachMemberAt(b []byte, i int, fn func(key string, keyStart, start, end int) bool) {
	eachMemberEnd(b, i, fn, nil)
}

// eachMemberEnd is eachMemberAt that first asks skip, when not nil, where
// each value ends; skip returns a negative offset when it cannot tell.
func eachMemberEnd(b []byte, i int, fn func(key string, keyStart, start, end int) bool, skip func(key string, start int) int) {
	if i >= len(b) || b[i] != '{' {
		return
	}
	i = skipWS(b, i+1)
	for i < len(b) && b[i] == '"' {
		kEnd := skipString(b, i)
		key := keyText(b, i, kEnd)
		j := skipWS(b, kEnd)
		if j >= len(b) || b[j] != ':' {
			return
		}
		vStart := skipWS(b, j+1)
		vEnd := -1
		if skip != nil && vStart < len(b) {
			vEnd = skip(key, vStart)
		}
		if vEnd < 0 {
			vEnd = skipValue(b, vStart)
		}
		if !fn(key, i, vStart, vEnd) {
			return
		}
		i = skipWS(b, vEnd)
		if i < len(b) && b[i] == ',' {
			i = skipWS(b, i+1)
		}
	}
}

// span is a member of a JSON object without its key decoded: the key is
// data[keyStart+1 : keyEnd-1].
type span struct {
	keyStart, keyEnd int
	start            int
}

// spans lists the members of the object at b[i] without allocating keys.
func spans(b []byte, i int) []span {
	out, _ := spansEnd(b, i)
	return out
}

// spansEnd is spans that also returns the offset just after the object (as
// skipValue does).
func spansEnd(b []byte, i int) ([]span, int) {
	var out []span
	start := i
	if i >= len(b) || b[i] != '{' {
		return nil, skipValue(b, i)
	}
	i = skipWS(b, i+1)
	for i < len(b) && b[i] == '"' {
		kEnd := skipString(b, i)
		j := skipWS(b, kEnd)
		if j >= len(b) || b[j] != ':' {
			break
		}
		vStart := skipWS(b, j+1)
		out = append(out, span{i, kEnd, vStart})
		i = skipWS(b, skipValue(b, vStart))
		if i < len(b) && b[i] == ',' {
			i = skipWS(b, i+1)
		}
	}
	if i < len(b) && b[i] == '}' {
		return out, i + 1
	}
	return out, skipValue(b, start)
}

// keyIs reports whether the key of sp is key.
func (sp span) keyIs(b []byte, key string) bool {
	raw := b[sp.keyStart+1 : sp.keyEnd-1]
	if string(raw) == key {
		return true
	}
	return bytes.IndexByte(raw, '\\') >= 0 && keyText(b, sp.keyStart, sp.keyEnd) == key
}

// findMember returns the span of the member key of the object at b[i].
func findMember(b []byte, i int, key string) (start, end int, ok bool) {
	eachMember(b, i, func(k string, s, e int) bool {
		if k == key {
			start, end, ok = s, e, true
			return false
		}
		return true
	})
	return start, end, ok
}

// elements returns the start offsets of the elements of the array at b[i].
func elements(b []byte, i int) []int {
	var out []int
	eachElement(b, i, func(_, start, _ int) bool {
		out = append(out, start)
		return true
	})
	return out
}

// eachElement calls fn for each element of the array at b[i] until fn
// returns false.
func eachElement(b []byte, i int, fn func(k, start, end int) bool) {
	if i >= len(b) || b[i] != '[' {
		return
	}
	i = skipWS(b, i+1)
	for k := 0; i < len(b) && b[i] != ']'; k++ {
		end := skipValue(b, i)
		if end == i || !fn(k, i, end) {
			return
		}
		i = skipWS(b, end)
		if i < len(b) && b[i] == ',' {
			i = skipWS(b, i+1)
		}
	}
}

// jsonKind names the JSON type of the value at b[i] for messages.
func jsonKind(b []byte, i int) string {
	if i >= len(b) {
		return "nothing"
	}
	switch b[i] {
	case '{':
		return "an object"
	case '[':
		return "a list"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

// pathAt returns the JSON path, relative to the value at b[i], of the
// innermost value whose span holds offset off. Decoder errors report the
// offset just after the offending token, so a value [s, e) holds off when
// s < off <= e. The result starts with "." or "[" (or is empty).
func pathAt(b []byte, i, off int) string {
	var sb strings.Builder
	for {
		found := false
		switch {
		case i < len(b) && b[i] == '{':
			eachMember(b, i, func(key string, s, e int) bool {
				if s < off && off <= e {
					sb.WriteString(".")
					sb.WriteString(key)
					i, found = s, true
					return false
				}
				return true
			})
		case i < len(b) && b[i] == '[':
			eachElement(b, i, func(k, s, e int) bool {
				if s < off && off <= e {
					sb.WriteString("[")
					sb.WriteString(strconv.Itoa(k))
					sb.WriteString("]")
					i, found = s, true
					return false
				}
				return true
			})
		}
		if !found {
			return sb.String()
		}
	}
}

// lineIndex maps byte offsets of one file to lines and columns.
type lineIndex []int // start offset of each line

func newLineIndex(b []byte) lineIndex {
	idx := make(lineIndex, 1, bytes.Count(b, []byte{'\n'})+1)
	for off := 0; ; {
		i := bytes.IndexByte(b[off:], '\n')
		if i < 0 {
			return idx
		}
		off += i + 1
		idx = append(idx, off)
	}
}

// lineColNear is lineCol that first looks at the few lines from line n on
// (0-based): positions are mostly asked for in the order of the text.
func (idx lineIndex) lineColNear(off, n int) (line, col int) {
	if n >= 0 && n < len(idx) && idx[n] <= off {
		for k := n; k < n+8 && k < len(idx); k++ {
			if k+1 == len(idx) || off < idx[k+1] {
				return k + 1, off - idx[k] + 1
			}
		}
	}
	return idx.lineCol(off)
}

// lineCol returns the 1-based line and byte column of offset off.
func (idx lineIndex) lineCol(off int) (line, col int) {
	n := sort.Search(len(idx), func(i int) bool { return idx[i] > off }) - 1
	if n < 0 {
		n = 0
	}
	return n + 1, off - idx[n] + 1
}

// pathStep reads the step of a relative JSON path (as elemCtx.locate takes
// it) that starts at rel[p]: a member (".Key": key, member true) or an
// element ("[3]": k). next is where the following step starts. ok is false
// at a step the path syntax does not allow (or a negative index), where
// a walk stops.
func pathStep(rel string, p int) (key string, k int, member bool, next int, ok bool) {
	switch rel[p] {
	case '.':
		q := p + 1
		for q < len(rel) && rel[q] != '.' && rel[q] != '[' {
			q++
		}
		return rel[p+1 : q], 0, true, q, true
	case '[':
		q := strings.IndexByte(rel[p:], ']')
		if q < 0 {
			return "", 0, false, 0, false
		}
		q += p
		k, err := strconv.Atoi(rel[p+1 : q])
		if err != nil || k < 0 {
			return "", 0, false, 0, false
		}
		return "", k, false, q + 1, true
	}
	return "", 0, false, 0, false
}
