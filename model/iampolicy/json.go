package iampolicy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// This file turns JSON text into a small tree whose every value knows the
// byte offset it starts at. encoding/json decodes values but does not say
// where they are; its Decoder.Token does, through InputOffset, and it is
// the standard library's own syntax checker, so the tree is exactly as
// permissive as json.Unmarshal.

type kind uint8

const (
	kObject kind = iota + 1
	kArray
	kString
	kNumber
	kBool
	kNull
)

// describe names a JSON type the way messages do: "want a list, found a
// string".
func (k kind) describe() string {
	switch k {
	case kObject:
		return "an object"
	case kArray:
		return "a list"
	case kString:
		return "a string"
	case kNumber:
		return "a number"
	case kBool:
		return "true or false"
	case kNull:
		return "null"
	}
	return "nothing"
}

// node is one JSON value.
type node struct {
	kind kind
	off  int    // byte offset of the value's first byte in the file
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

// maxDepth bounds nesting: no policy nests deeper than a handful of
// levels, and a bound keeps hostile input from exhausting the stack.
const maxDepth = 64

// syntaxError is a positioned failure to read the JSON text.
type syntaxError struct {
	off int
	msg string
}

func (e *syntaxError) Error() string { return e.msg }

// parseJSON reads data as one JSON value. base is the offset of data in
// the file (a byte order mark skipped before it).
func parseJSON(data []byte, base int) (*node, error) {
	p := &parser{data: data, base: base, dec: json.NewDecoder(bytes.NewReader(data))}
	p.dec.UseNumber()
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &syntaxError{base, "the file is empty"}
	}
	n, err := p.value()
	if err != nil {
		return nil, p.wrap(err)
	}
	off := p.next()
	if _, err := p.dec.Token(); err != io.EOF {
		return nil, &syntaxError{off, "unexpected data after the JSON value"}
	}
	return n, nil
}

type parser struct {
	data  []byte
	base  int
	dec   *json.Decoder
	depth int
}

// next returns the file offset of the next token: the decoder's position,
// past the white space and separators the decoder has not consumed yet.
func (p *parser) next() int {
	i := int(p.dec.InputOffset())
	for i < len(p.data) {
		switch p.data[i] {
		case ' ', '\t', '\n', '\r', ',', ':':
			i++
		default:
			return p.base + i
		}
	}
	return p.base + i
}

func (p *parser) wrap(err error) error {
	var se *syntaxError
	if errors.As(err, &se) {
		return se
	}
	// The decoder's token stream reports offsets inconsistently (before or
	// after the offending byte); json.Unmarshal's scanner counts the
	// offending byte, so ask it where the text goes wrong.
	var v any
	uerr := json.Unmarshal(p.data, &v)
	var jse *json.SyntaxError
	switch {
	case errors.As(uerr, &jse) && int(jse.Offset) >= len(bytes.TrimRight(p.data, " \t\r\n")):
		return &syntaxError{p.base + len(bytes.TrimRight(p.data, " \t\r\n")), "unexpected end of the file: the JSON is truncated"}
	case errors.As(uerr, &jse):
		off := min(max(int(jse.Offset)-1, 0), len(p.data))
		return &syntaxError{p.base + off, jse.Error()}
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return &syntaxError{p.base + len(bytes.TrimRight(p.data, " \t\r\n")), "unexpected end of the file: the JSON is truncated"}
	}
	return &syntaxError{p.next(), err.Error()}
}

func (p *parser) value() (*node, error) {
	off := p.next()
	tok, err := p.dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		if t != '{' && t != '[' {
			return nil, &syntaxError{off, fmt.Sprintf("unexpected %q", rune(t))}
		}
		if p.depth++; p.depth > maxDepth {
			return nil, &syntaxError{off, fmt.Sprintf("the JSON nests more than %d levels deep", maxDepth)}
		}
		n := &node{kind: kArray, off: off}
		if t == '{' {
			n.kind = kObject
		}
		for p.dec.More() {
			if n.kind == kObject {
				koff := p.next()
				kt, err := p.dec.Token()
				if err != nil {
					return nil, err
				}
				k, ok := kt.(string)
				if !ok {
					return nil, &syntaxError{koff, "want an object key (a string)"}
				}
				n.keys = append(n.keys, k)
				n.keyOff = append(n.keyOff, koff)
			}
			v, err := p.value()
			if err != nil {
				return nil, err
			}
			n.vals = append(n.vals, v)
		}
		if _, err := p.dec.Token(); err != nil { // the closing delimiter
			return nil, err
		}
		p.depth--
		return n, nil
	case string:
		return &node{kind: kString, off: off, str: t}, nil
	case json.Number:
		return &node{kind: kNumber, off: off, str: t.String()}, nil
	case bool:
		return &node{kind: kBool, off: off, str: fmt.Sprint(t)}, nil
	case nil:
		return &node{kind: kNull, off: off}, nil
	}
	return nil, &syntaxError{off, fmt.Sprintf("unexpected token %v", tok)}
}
