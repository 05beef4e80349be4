package jsonpos

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// MaxDepth is the deepest nesting of objects and arrays a reader takes:
// the top-level value is level 1. AWS CLI output nests about 8 levels, a
// Terraform plan about 20 and an IAM policy 5, so the bound leaves room
// for any real input while keeping hostile text (10,000 nested '[') from
// costing stack and memory in encoding/json and in the readers. It is
// documented in docs/codes.md (json-syntax).
const MaxDepth = 512

// An Error is the first problem Check finds in a text, at byte offset Off
// of the text checked.
type Error struct {
	Off int
	// Truncated is set when the text ends in the middle of a value; Off
	// is then the end of its last non-blank byte.
	Truncated bool
	Msg       string // lower case, without the position
}

func (e *Error) Error() string { return e.Msg }

// Check reports the first problem of b as a reader's input: a syntax
// error as encoding/json finds it, a container that opens level
// MaxDepth+1, or a byte that is not UTF-8 (which encoding/json would
// silently turn into U+FFFD). It returns nil when b is valid JSON within
// those bounds. A syntax error before the too-deep container wins. Check
// is linear in len(b) and allocates only for its answer.
func Check(b []byte) *Error {
	if d := TooDeep(b); d >= 0 {
		if e := syntaxError(b[:d]); e != nil && !e.Truncated {
			return e
		}
		return &Error{Off: d, Msg: fmt.Sprintf("the JSON is nested deeper than %d levels", MaxDepth)}
	}
	if !json.Valid(b) {
		return syntaxError(b)
	}
	if u := InvalidUTF8(b); u >= 0 {
		return &Error{Off: u, Msg: fmt.Sprintf("invalid UTF-8 (byte 0x%02X): the file must be UTF-8, or UTF-16 with a byte order mark", b[u])}
	}
	return nil
}

// syntaxError returns where encoding/json finds b broken, or nil.
func syntaxError(b []byte) *Error {
	var raw json.RawMessage
	err := json.Unmarshal(b, &raw)
	if err == nil {
		return nil
	}
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return &Error{Off: 0, Msg: "invalid JSON: " + err.Error()}
	}
	msg := strings.TrimPrefix(se.Error(), "json: ")
	if msg == "unexpected end of JSON input" {
		return &Error{Off: len(bytes.TrimRight(b, " \t\r\n")), Truncated: true,
			Msg: "the file ends in the middle of a JSON value: it is truncated"}
	}
	if strings.HasSuffix(msg, "after top-level value") {
		msg = "unexpected data after the JSON value (" + msg + ")"
	}
	// The decoder's offset is just past the offending byte.
	off := min(max(int(se.Offset)-1, 0), len(b))
	return &Error{Off: off, Msg: "invalid JSON: " + msg}
}

// TooDeep returns the offset of the first '{' or '[' of b, outside
// strings, that opens level MaxDepth+1, or -1. It needs no valid text.
func TooDeep(b []byte) int {
	depth := 0
	for i := 0; i < len(b); {
		if !structural[b[i]] {
			i++
			continue
		}
		switch b[i] {
		case '"':
			i = SkipString(b, i)
			continue
		case '{', '[':
			if depth++; depth > MaxDepth {
				return i
			}
		case '}', ']':
			depth--
		}
		i++
	}
	return -1
}

// InvalidUTF8 returns the offset of the first byte of b that is not part
// of valid UTF-8, or -1.
func InvalidUTF8(b []byte) int {
	if utf8.Valid(b) {
		return -1
	}
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return -1
}

// Normalize returns data as UTF-8 without a byte order mark: it drops a
// UTF-8 BOM and decodes UTF-16 (little or big endian) that starts with
// its BOM, which PowerShell 5 writes for `aws … > file.json`. Other text is
// returned as it is. Offsets in the result are those positions count.
func Normalize(data []byte) []byte {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		return data[3:]
	case len(data) >= 2 && (data[0] == 0xFF && data[1] == 0xFE || data[0] == 0xFE && data[1] == 0xFF):
		le := data[0] == 0xFF
		data = data[2:]
		u := make([]uint16, len(data)/2)
		for i := range u {
			if le {
				u[i] = uint16(data[2*i]) | uint16(data[2*i+1])<<8
			} else {
				u[i] = uint16(data[2*i])<<8 | uint16(data[2*i+1])
			}
		}
		return []byte(string(utf16.Decode(u)))
	}
	return data
}
