package awscli

import (
	"bytes"
	"encoding"
	"encoding/json"
	"math"
	"reflect"
	"sync"
	"unicode/utf8"

	"github.com/cshsim/cshsim/internal/jsonpos"
)

// This file holds the reader's fast path: a single-pass decoder for the
// reader's own shapes (shapes.go) that validates the JSON it reads and, in
// the same pass, notes where each value is (the tape), so that the position
// code does not scan the text again.
//
// encoding/json reads its input twice (checkValid, then the decode) and
// goes through a state machine per byte. The shapes hold only strings,
// booleans, integers, structs, slices, pointers and the text type, so a
// recursive-descent decoder over them is short.
//
// The rule that keeps it honest: decodeList succeeds only when
// encoding/json.Unmarshal would succeed on the same bytes with the same
// result. Whenever it cannot vouch for that (any syntax error, a JSON type
// the field does not take, an escaped key, a number out of range, a key
// repeated for a list) it gives up, and the caller decodes the list with
// encoding/json, whose errors the reader already turns into diagnostics.
// FuzzDecodeList and TestDecodeListMatchesEncodingJSON check the rule.

// dkind is what a field holds, for the fast decoder.
type dkind uint8

const (
	dString dkind = iota
	dText         // the text type: a string or a number (see shapes.go)
	dBool
	dInt
	dStruct
	dSlice
	dPtr
)

// dplan says how to decode one Go type.
type dplan struct {
	kind   dkind
	typ    reflect.Type
	elem   *dplan   // dSlice, dPtr
	fields []dfield // dStruct, in declaration order
}

// dfield is one struct field and its JSON name.
type dfield struct {
	name  string
	index int
	plan  *dplan
}

var (
	planCache     sync.Map // reflect.Type → *dplan (nil: not supported)
	textType      = reflect.TypeFor[text]()
	unmarshalerT  = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshal = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// planFor returns the plan for t, or nil when the fast decoder does not
// handle t (it then never succeeds for it).
func planFor(t reflect.Type) *dplan {
	if p, ok := planCache.Load(t); ok {
		return p.(*dplan)
	}
	p := makePlan(t, map[reflect.Type]bool{})
	planCache.Store(t, p)
	return p
}

func makePlan(t reflect.Type, seen map[reflect.Type]bool) *dplan {
	if t == textType {
		return &dplan{kind: dText, typ: t}
	}
	// Any other type that decodes itself is left to encoding/json.
	if reflect.PointerTo(t).Implements(unmarshalerT) || reflect.PointerTo(t).Implements(textUnmarshal) {
		return nil
	}
	if seen[t] {
		return nil // a recursive type: none in the shapes
	}
	seen[t] = true
	defer delete(seen, t)
	switch t.Kind() {
	case reflect.String:
		return &dplan{kind: dString, typ: t}
	case reflect.Bool:
		return &dplan{kind: dBool, typ: t}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return &dplan{kind: dInt, typ: t}
	case reflect.Slice:
		if e := makePlan(t.Elem(), seen); e != nil {
			return &dplan{kind: dSlice, typ: t, elem: e}
		}
	case reflect.Pointer:
		if e := makePlan(t.Elem(), seen); e != nil {
			return &dplan{kind: dPtr, typ: t, elem: e}
		}
	case reflect.Struct:
		p := &dplan{kind: dStruct, typ: t}
		for i := range t.NumField() {
			sf := t.Field(i)
			// Only the plain form the shapes use: exported, not embedded,
			// a tag with a name and no options.
			tag, ok := sf.Tag.Lookup("json")
			if !sf.IsExported() || sf.Anonymous || !ok || !plainName(tag) {
				return nil
			}
			fp := makePlan(sf.Type, seen)
			if fp == nil {
				return nil
			}
			for _, f := range p.fields {
				if bytes.EqualFold([]byte(f.name), []byte(tag)) {
					return nil // names equal under folding: encoding/json's precedence rules
				}
			}
			p.fields = append(p.fields, dfield{name: tag, index: i, plan: fp})
		}
		return p
	}
	return nil
}

// plainName reports whether a json tag is only a name of letters, digits,
// '_' and '-' (no options), which encoding/json takes as it is.
func plainName(tag string) bool {
	if tag == "" || tag == "-" {
		return false
	}
	for _, c := range []byte(tag) {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// field returns the field a member key names, as encoding/json matches
// them: the exact name, else the name under case folding. key is ASCII
// (the decoder leaves other keys to encoding/json), so a name of another
// length cannot match.
func (p *dplan) field(key []byte) *dfield {
	for i := range p.fields {
		if string(key) == p.fields[i].name {
			return &p.fields[i]
		}
	}
	for i := range p.fields {
		if len(key) == len(p.fields[i].name) && bytes.EqualFold(key, []byte(p.fields[i].name)) {
			return &p.fields[i]
		}
	}
	return nil
}

// elemSpan is where one element of a decoded list is: its start and end
// offsets, and its node in the list's tape.
type elemSpan struct {
	start, end int
	node       int32
}

// tnode is one value of a decoded list, in the order of the text: a list
// element, or an object member (keyStart ≥ 0). The values inside a
// container follow it, up to next, the index after its subtree. A
// container the decoder skipped (a member no shape field takes) is opaque:
// its values are not in the tape.
type tnode struct {
	keyStart, keyEnd int32 // the member's key with its quotes; -1 for an element
	off              int32 // where the value starts
	next             int32
	opaque           bool
}

// tape lists the values of one decoded list (see tnode), so that a value's
// position is found by following nodes instead of scanning the text again.
type tape []tnode

// tapes recycles tapes: one is needed per list only until the list's
// objects are read.
var tapes sync.Pool

// newTape returns an empty tape for about n bytes of JSON text: AWS CLI
// output holds a value every 46 bytes or so (the members the reader skips
// are one value each), so the tape rarely grows. n may overstate the text
// (the rest of a file that holds several lists): what is set aside up
// front is bounded, and a longer list grows its tape.
func newTape(n int) tape {
	want := min(n/32+64, 1<<15)
	if t, ok := tapes.Get().(*tape); ok && cap(*t) >= want {
		return (*t)[:0]
	}
	return make(tape, 0, want)
}

// release hands t back for reuse; t must not be used after.
func (t tape) release() {
	if cap(t) > 0 {
		tapes.Put(&t)
	}
}

// maxDepth bounds the nesting the fast decoder follows inside a top-level
// list; deeper text is left to encoding/json, once jsonpos.Check has
// bounded it. A list the fast decoder read thus nests at most maxDepth+2
// levels in its file, which must be within jsonpos.MaxDepth: checkOutside
// relies on it.
const maxDepth = 200

// The array's length is negative, and the build fails, if maxDepth+2
// exceeds jsonpos.MaxDepth.
var _ [jsonpos.MaxDepth - (maxDepth + 2)]struct{}

// fdec decodes the JSON text in b from offset i.
type fdec struct {
	b     []byte
	i     int
	depth int
	tape  tape // the values decoded so far
}

// open adds the node of a value starting at d.i and returns its index.
func (d *fdec) open(keyStart, keyEnd int) int {
	d.tape = append(d.tape, tnode{keyStart: int32(keyStart), keyEnd: int32(keyEnd), off: int32(d.i)})
	return len(d.tape) - 1
}

// close ends the subtree of node n.
func (d *fdec) close(n int) { d.tape[n].next = int32(len(d.tape)) }

// decodeList decodes the JSON array at b[start:end] into a []T, as
// json.Unmarshal(b[start:end], &vs) would, with the span of each element
// and the tape of the list. With end < 0 the array ends where it ends, and
// newEnd says where. ok is false when it could not: then the caller uses
// encoding/json.
func decodeList[T any](b []byte, start, end int) (vs []T, elems []elemSpan, t tape, newEnd int, ok bool) {
	p := planFor(reflect.TypeFor[T]())
	exact := end >= 0
	if exact {
		if end > len(b) {
			return nil, nil, nil, -1, false
		}
		b = b[:end]
	}
	if p == nil || start >= len(b) || len(b) > math.MaxInt32 || b[start] != '[' {
		return nil, nil, nil, -1, false
	}
	d := &fdec{b: b, i: start + 1}
	// done checks the end of the list and what follows it.
	done := func() bool { return !exact || d.i == len(b) }
	d.ws()
	if d.i < len(d.b) && d.b[d.i] == ']' {
		d.i++
		return make([]T, 0), nil, nil, d.i, done()
	}
	d.tape = newTape(len(b) - start)
	defer func() {
		if !ok {
			d.tape.release()
		}
	}()
	for {
		d.ws()
		es := elemSpan{start: d.i, node: int32(d.open(-1, -1))}
		vs = append(vs, *new(T))
		if !d.value(p, reflect.ValueOf(&vs[len(vs)-1]).Elem()) {
			return nil, nil, nil, -1, false
		}
		d.close(int(es.node))
		es.end = d.i
		elems = append(elems, es)
		d.ws()
		if d.i >= len(d.b) {
			return nil, nil, nil, -1, false
		}
		switch d.b[d.i] {
		case ',':
			d.i++
			continue
		case ']':
			d.i++
			if !done() {
				return nil, nil, nil, -1, false
			}
			return vs, elems, d.tape, d.i, true
		}
		return nil, nil, nil, -1, false
	}
}

func (d *fdec) ws() {
	for d.i < len(d.b) {
		switch d.b[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

// value decodes the value at d.i into v, which has plan p.
func (d *fdec) value(p *dplan, v reflect.Value) bool {
	d.ws()
	if d.i >= len(d.b) {
		return false
	}
	c := d.b[d.i]
	if c == 'n' {
		if !d.literal("null") {
			return false
		}
		// encoding/json: null zeroes pointers and slices, leaves other
		// values alone, and is handed to UnmarshalJSON (text: empty).
		switch p.kind {
		case dPtr, dSlice:
			v.SetZero()
		case dText:
			v.SetString("")
		}
		return true
	}
	switch p.kind {
	case dString:
		if c != '"' {
			return false
		}
		s, ok := d.str()
		if !ok {
			return false
		}
		v.SetString(s)
		return true
	case dText:
		switch {
		case c == '"':
			s, ok := d.str()
			if !ok {
				return false
			}
			v.SetString(s)
		case c == '-' || ('0' <= c && c <= '9'):
			at := d.i
			if !d.number() {
				return false
			}
			v.SetString(string(d.b[at:d.i]))
		default:
			// An object or a list: its values stay out of the tape.
			d.tape[len(d.tape)-1].opaque = true
			at := d.i
			if !d.skip() {
				return false
			}
			v.SetString(badText + jsonpos.KindAt(d.b, at).String())
		}
		return true
	case dBool:
		switch c {
		case 't':
			v.SetBool(true)
			return d.literal("true")
		case 'f':
			v.SetBool(false)
			return d.literal("false")
		}
		return false
	case dInt:
		n, ok := d.integer()
		if !ok || v.OverflowInt(n) {
			return false
		}
		v.SetInt(n)
		return true
	case dStruct:
		return c == '{' && d.object(p, v)
	case dSlice:
		// A list decoded twice (its key repeated) would reuse the first
		// one's backing array in encoding/json: not worth copying.
		return c == '[' && v.IsNil() && d.array(p, v)
	case dPtr:
		if v.IsNil() {
			v.Set(reflect.New(p.typ.Elem()))
		}
		return d.value(p.elem, v.Elem())
	}
	return false
}

// object decodes the object at d.i into the struct v.
func (d *fdec) object(p *dplan, v reflect.Value) bool {
	if d.depth++; d.depth > maxDepth {
		return false
	}
	defer func() { d.depth-- }()
	d.i++ // '{'
	d.ws()
	if d.i < len(d.b) && d.b[d.i] == '}' {
		d.i++
		return true
	}
	for {
		if d.i >= len(d.b) || d.b[d.i] != '"' {
			return false
		}
		ks := d.i
		if plain, ok := d.skipStr(); !ok || !plain {
			return false // an escaped or non-ASCII key: left to encoding/json
		}
		ke := d.i
		d.ws()
		if d.i >= len(d.b) || d.b[d.i] != ':' {
			return false
		}
		d.i++
		d.ws()
		n := d.open(ks, ke)
		if f := p.field(d.b[ks+1 : ke-1]); f != nil {
			if !d.value(f.plan, v.Field(f.index)) {
				return false
			}
		} else {
			if d.i < len(d.b) && (d.b[d.i] == '{' || d.b[d.i] == '[') {
				d.tape[n].opaque = true
			}
			if !d.skip() {
				return false
			}
		}
		d.close(n)
		d.ws()
		if d.i >= len(d.b) {
			return false
		}
		switch d.b[d.i] {
		case ',':
			d.i++
			d.ws()
			continue
		case '}':
			d.i++
			return true
		}
		return false
	}
}

// array decodes the array at d.i into the nil slice v.
func (d *fdec) array(p *dplan, v reflect.Value) bool {
	if d.depth++; d.depth > maxDepth {
		return false
	}
	defer func() { d.depth-- }()
	d.i++ // '['
	d.ws()
	if d.i < len(d.b) && d.b[d.i] == ']' {
		d.i++
		v.Set(reflect.MakeSlice(p.typ, 0, 0)) // encoding/json: [] is empty, not nil
		return true
	}
	for n := 0; ; n++ {
		v.Grow(1)
		v.SetLen(n + 1)
		d.ws()
		node := d.open(-1, -1)
		if !d.value(p.elem, v.Index(n)) {
			return false
		}
		d.close(node)
		d.ws()
		if d.i >= len(d.b) {
			return false
		}
		switch d.b[d.i] {
		case ',':
			d.i++
			continue
		case ']':
			d.i++
			return true
		}
		return false
	}
}

// skip passes over the value at d.i, checking that it is valid JSON.
func (d *fdec) skip() bool {
	d.ws()
	if d.i >= len(d.b) {
		return false
	}
	switch c := d.b[d.i]; c {
	case '"':
		_, ok := d.skipStr()
		return ok
	case '{', '[':
		if d.depth++; d.depth > maxDepth {
			return false
		}
		defer func() { d.depth-- }()
		d.i++
		d.ws()
		closer := byte('}')
		if c == '[' {
			closer = ']'
		}
		if d.i < len(d.b) && d.b[d.i] == closer {
			d.i++
			return true
		}
		for {
			if c == '{' {
				if d.i >= len(d.b) || d.b[d.i] != '"' {
					return false
				}
				if _, ok := d.skipStr(); !ok {
					return false
				}
				d.ws()
				if d.i >= len(d.b) || d.b[d.i] != ':' {
					return false
				}
				d.i++
			}
			if !d.skip() {
				return false
			}
			d.ws()
			if d.i >= len(d.b) {
				return false
			}
			switch d.b[d.i] {
			case ',':
				d.i++
				d.ws()
				continue
			case closer:
				d.i++
				return true
			}
			return false
		}
	case 't':
		return d.literal("true")
	case 'f':
		return d.literal("false")
	case 'n':
		return d.literal("null")
	}
	return d.number()
}

func (d *fdec) literal(lit string) bool {
	if len(d.b)-d.i < len(lit) || string(d.b[d.i:d.i+len(lit)]) != lit {
		return false
	}
	d.i += len(lit)
	return true
}

// number passes over a JSON number at d.i, checking its grammar.
func (d *fdec) number() bool {
	b, i := d.b, d.i
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && '1' <= b[i] && b[i] <= '9':
		for i < len(b) && '0' <= b[i] && b[i] <= '9' {
			i++
		}
	default:
		return false
	}
	if i < len(b) && b[i] == '.' {
		i++
		if i >= len(b) || b[i] < '0' || b[i] > '9' {
			return false
		}
		for i < len(b) && '0' <= b[i] && b[i] <= '9' {
			i++
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if i >= len(b) || b[i] < '0' || b[i] > '9' {
			return false
		}
		for i < len(b) && '0' <= b[i] && b[i] <= '9' {
			i++
		}
	}
	d.i = i
	return true
}

// integer reads a JSON number that is a whole number in int64's range
// written without fraction or exponent, as strconv.ParseInt (which
// encoding/json uses) reads it.
func (d *fdec) integer() (int64, bool) {
	at := d.i
	if !d.number() {
		return 0, false
	}
	b := d.b[at:d.i]
	neg := b[0] == '-'
	if neg {
		b = b[1:]
	}
	var n uint64
	for _, c := range b {
		if c < '0' || c > '9' || n > 1<<63/10 {
			return 0, false // a fraction, an exponent, or too many digits
		}
		n = n*10 + uint64(c-'0')
		if n > 1<<63 {
			return 0, false
		}
	}
	if neg {
		return -int64(n), true // -1<<63 wraps to itself
	}
	if n > 1<<63-1 {
		return 0, false
	}
	return int64(n), true
}

// strClass marks the bytes a string scan stops at: 1 for the end and
// escapes, 2 for control bytes (invalid), 3 for bytes of non-ASCII text.
var strClass = func() (t [256]uint8) {
	t['"'], t['\\'] = 1, 1
	for c := range 0x20 {
		t[c] = 2
	}
	for c := 0x80; c < 0x100; c++ {
		t[c] = 3
	}
	return t
}()

// skipStr passes over the string at d.i (its opening quote), checking its
// escapes and that its bytes are UTF-8 (encoding/json would turn a byte
// that is not into U+FFFD; the reader rejects it, see checkOutside); plain
// reports that it holds neither an escape nor a non-ASCII byte, so that its
// bytes are its value.
func (d *fdec) skipStr() (plain, ok bool) {
	b, i := d.b, d.i+1
	plain = true
	for i < len(b) {
		switch strClass[b[i]] {
		case 0:
			i++
			continue
		case 2:
			return false, false
		case 3:
			plain = false
			r, n := utf8.DecodeRune(b[i:])
			if r == utf8.RuneError && n == 1 {
				return false, false
			}
			i += n
			continue
		}
		if b[i] == '"' {
			d.i = i + 1
			return plain, true
		}
		// An escape.
		plain = false
		if i+1 >= len(b) {
			return false, false
		}
		switch b[i+1] {
		case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			i += 2
		case 'u':
			if i+6 > len(b) {
				return false, false
			}
			for _, h := range b[i+2 : i+6] {
				if !('0' <= h && h <= '9' || 'a' <= h && h <= 'f' || 'A' <= h && h <= 'F') {
					return false, false
				}
			}
			i += 6
		default:
			return false, false
		}
	}
	return false, false
}

// str reads the string at d.i as encoding/json does.
func (d *fdec) str() (string, bool) {
	at := d.i
	plain, ok := d.skipStr()
	if !ok {
		return "", false
	}
	raw := d.b[at+1 : d.i-1]
	if plain || bytes.IndexByte(raw, '\\') < 0 {
		return string(raw), true // skipStr checked that raw is UTF-8
	}
	// Escapes: rare enough to hand to encoding/json itself.
	var s string
	if json.Unmarshal(d.b[at:d.i], &s) != nil {
		return "", false
	}
	return s, true
}

// elemIndex holds the element nodes of the arrays of a tape that were
// indexed deep, by the array's node, so that reading a long nested list in
// order is not quadratic.
type elemIndex map[int32][]int32

// element returns the node of element k of the array at node n, or -1.
// Near the start it walks the siblings; further on it lists the array's
// elements once in elems (when not nil).
func (t tape) element(n, k int, elems elemIndex) int {
	const walk = 8
	if k < walk || elems == nil {
		c := n + 1
		for ; k > 0 && c < int(t[n].next); k-- {
			c = int(t[c].next)
		}
		if c >= int(t[n].next) {
			return -1
		}
		return c
	}
	list, ok := elems[int32(n)]
	if !ok {
		for c := n + 1; c < int(t[n].next); c = int(t[c].next) {
			list = append(list, int32(c))
		}
		elems[int32(n)] = list
	}
	if k >= len(list) {
		return -1
	}
	return int(list[k])
}

// node follows rel (a path as elemCtx.locate takes it) from node n and
// returns the node of the value it names or, as the scanning locate does,
// of the deepest value found on the way. ok is false when the tape cannot
// tell: the path goes into an opaque container. elems (may be nil) caches
// the elements of long arrays.
func (t tape) node(b []byte, n int, rel string, elems elemIndex) (int, bool) {
	for p := 0; p < len(rel); {
		if t[n].opaque {
			return 0, false
		}
		s, next, ok := jsonpos.NextStep(rel, p)
		if !ok {
			return n, true
		}
		off := int(t[n].off)
		c := -1
		switch {
		case s.Member && b[off] == '{':
			for c = n + 1; c < int(t[n].next); c = int(t[c].next) {
				if string(b[t[c].keyStart+1:t[c].keyEnd-1]) == s.Key {
					break
				}
			}
			if c >= int(t[n].next) {
				c = -1
			}
		case !s.Member && b[off] == '[':
			c = t.element(n, s.Index, elems)
		}
		if c < 0 {
			return n, true // no such value: the deepest one found
		}
		n, p = c, next
	}
	return n, true
}
