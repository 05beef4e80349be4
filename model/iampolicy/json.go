package iampolicy

import (
	"bytes"
	"strings"

	"github.com/cshsim/cshsim/internal/jsonpos"
)

// This file turns JSON text into a small tree whose every value knows the
// byte offset it starts at. jsonpos.Check accepts the text first (exactly
// what json.Unmarshal takes, nested at most jsonpos.MaxDepth levels, in
// UTF-8), then jsonpos's scanner finds each value; the recursion is as deep
// as the text, so bounded.

// node is one JSON value.
type node struct {
	kind jsonpos.Kind
	off  int    // byte offset of the value's first byte in the text
	str  string // a string's value; a number's or boolean's text
	// keys, keyOff and vals hold an object's members in document order
	// (duplicates included); vals alone holds an array's items.
	keys   []string
	keyOff []int
	vals   []*node
}

// member returns the last member named key (JSON readers keep the last of
// duplicates) and its index, or nil and -1.
func (n *node) member(key string) (*node, int) {
	for i := len(n.keys) - 1; i >= 0; i-- {
		if n.keys[i] == key {
			return n.vals[i], i
		}
	}
	return nil, -1
}

// parseJSON reads data as one JSON value; it fails with a *jsonpos.Error.
func parseJSON(data []byte) (*node, *jsonpos.Error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &jsonpos.Error{Msg: "the file is empty"}
	}
	if e := jsonpos.Check(data); e != nil {
		// The policy reader's syntax errors have always started with what
		// encoding/json found ("invalid character '}' …"), without the
		// other readers' "invalid JSON: " (users' scripts and
		// cmd/cshsim's check_bad_input script match on it).
		e.Msg = strings.TrimPrefix(e.Msg, "invalid JSON: ")
		return nil, e
	}
	return build(data, jsonpos.SkipWS(data, 0), 0), nil
}

// build makes the node of the value at b[i:end] (end is where the value
// ends, or 0 when not known).
func build(b []byte, i, end int) *node {
	n := &node{kind: jsonpos.KindAt(b, i), off: i}
	switch n.kind {
	case jsonpos.Object:
		jsonpos.EachMember(b, i, nil, func(sp jsonpos.Span) bool {
			n.keys = append(n.keys, sp.Key(b))
			n.keyOff = append(n.keyOff, sp.KeyStart)
			n.vals = append(n.vals, build(b, sp.Start, sp.End))
			return true
		})
	case jsonpos.Array:
		jsonpos.EachElement(b, i, func(_ int, sp jsonpos.Span) bool {
			n.vals = append(n.vals, build(b, sp.Start, sp.End))
			return true
		})
	case jsonpos.String:
		if end == 0 {
			end = jsonpos.SkipString(b, i)
		}
		n.str = jsonpos.Text(b, i, end)
	case jsonpos.Number, jsonpos.Bool:
		if end == 0 {
			end = jsonpos.SkipValue(b, i)
		}
		n.str = string(b[i:end])
	}
	return n
}
