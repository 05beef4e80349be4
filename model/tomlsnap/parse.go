package tomlsnap

import (
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/cshsim/cshsim/internal/safeio"
	"github.com/cshsim/cshsim/model"
)

// Diagnostic codes of the reader's own; the others are model's.
const (
	codeSyntax     = model.CodeTOMLSyntax
	codeUnknownKey = model.CodeUnknownKey
	codeReadError  = model.CodeRead
)

// Expect is one [[expect]] assertion block: [model.Expect].
type Expect = model.Expect

// Document is a parsed TOML snapshot file.
type Document struct {
	Snapshot *model.Snapshot
	Expects  []Expect
	// Top holds the top-level keys the caller asked for (Options.TopKeys)
	// that the file sets, with their values and positions.
	Top map[string]TopKey
}

// TopKey is a top-level key the caller reads itself: its value as the
// TOML decoder gives it, and where it is written.
type TopKey struct {
	Value any
	Pos   model.Pos
}

// ReadFile reads and parses the snapshot file at path, as [Parse] does.
func ReadFile(path string) (*Document, model.Diagnostics) {
	data, err := safeio.ReadFile(path, 0) // a regular file, within the limit
	if err != nil {
		doc := &Document{Snapshot: &model.Snapshot{Sources: model.SourceMap{}}}
		return doc, model.Diagnostics{{
			Pos:      model.Pos{File: path},
			Severity: model.Error,
			Code:     codeReadError,
			Message:  err.Error(),
		}}
	}
	return Parse(path, data)
}

// Parse reads a snapshot file; name is used as the File of every position.
// It returns a best-effort Document, never nil, together with every problem
// found, sorted by position. It does not call [model.Snapshot.Validate]; it
// fills the snapshot's Sources for it. Parse never panics.
func Parse(name string, data []byte) (*Document, model.Diagnostics) {
	return ParseWith(name, data, Options{})
}

// Options changes what [ParseWith] accepts.
type Options struct {
	// TopKeys are top-level keys the caller reads itself (a test file's
	// snapshot key): they are not reported as unknown, and are offered in
	// did-you-mean suggestions.
	TopKeys []string
}

// ParseWith is [Parse] with options.
func ParseWith(name string, data []byte, opts Options) (*Document, model.Diagnostics) {
	doc := &Document{Snapshot: &model.Snapshot{Sources: model.SourceMap{}}}
	text := string(data) // one copy, for the bounds, the decoder and the index
	nodes, e := checkBounds(stripBOM(text))
	if e != nil {
		d := model.Diagnostic{Pos: offsetPos(name, text, e.off), Severity: model.Error, Code: codeSyntax}
		d.Message = e.msg + ", the most cshsim reads in a TOML file"
		return doc, model.Diagnostics{d}
	}
	var m map[string]any
	if _, err := toml.Decode(text, &m); err != nil {
		return doc, model.Diagnostics{syntaxError(name, text, err)}
	}
	p := &parser{idx: scan(name, text, nodes), doc: doc, s: doc.Snapshot, topKeys: opts.TopKeys}
	// Sources gets an entry per key and element of each object: sized up
	// front, the map is not rehashed some twenty times on the way.
	objects := 0
	for _, r := range readers {
		if n, ok := p.idx.key(0, r.name); ok {
			objects += p.idx.size(n)
		}
	}
	doc.Snapshot.Sources = make(model.SourceMap, objects)
	for _, k := range opts.TopKeys {
		if v, ok := m[k]; ok {
			if doc.Top == nil {
				doc.Top = map[string]TopKey{}
			}
			doc.Top[k] = TopKey{Value: v, Pos: p.idx.at(k)}
		}
	}
	p.document(&table{p: p, name: "the top level", m: m})
	p.resolveTargets()
	p.diags.Sort()
	return doc, p.diags
}

// syntaxError converts a BurntSushi/toml error. Its Position.Line can be
// one line late and its Col is off by one at the start of a line, so the
// position is recomputed from the byte offset.
func syntaxError(name, text string, err error) model.Diagnostic {
	d := model.Diagnostic{Pos: model.Pos{File: name}, Severity: model.Error, Code: codeSyntax}
	var pe toml.ParseError
	if !errors.As(err, &pe) {
		d.Pos.Line, d.Pos.Col = 1, 1
		d.Message = "invalid TOML: " + strings.Join(strings.Fields(err.Error()), " ")
		return d
	}
	d.Pos.Line, d.Pos.Col = pe.Position.Line, pe.Position.Col
	if pe.Position.Start > 0 && pe.Position.Start <= len(stripBOM(text)) {
		d.Pos = offsetPos(name, text, pe.Position.Start)
	}
	d.Message = "invalid TOML: " + strings.Join(strings.Fields(pe.Message), " ")
	return d
}

// offsetPos returns the position of byte off of text without its byte
// order mark.
func offsetPos(name, text string, off int) model.Pos {
	before := stripBOM(text)[:off]
	return model.Pos{
		File: name,
		Line: strings.Count(before, "\n") + 1,
		Col:  len(before) - strings.LastIndexByte(before, '\n'),
	}
}

type parser struct {
	idx     *index
	doc     *Document
	s       *model.Snapshot
	diags   model.Diagnostics
	targets []target
	topKeys []string // Options.TopKeys
}

// target is a route target awaiting resolution: kinds are known only once
// the whole file is read.
type target struct {
	table, route int
	id           string
	path         string
}

func (p *parser) errorf(path, code, format string, args ...any) {
	p.diags = append(p.diags, model.Diagnostic{
		Pos:      p.idx.at(path),
		Severity: model.Error,
		Code:     code,
		Message:  fmt.Sprintf(format, args...),
	})
}

// record fills Sources for the object id read from the table element at
// path: the object itself and every key and array element below it, named
// as Validate names fields ("routes[1].target"), up to maxField bytes long.
// When an id is used twice the object position is the later one (Validate
// reports the duplicate there) and field positions are the first object's.
func (p *parser) record(id, path string) {
	if id == "" {
		return
	}
	src := p.s.Sources
	obj := model.FieldRef{ID: id}
	_, dup := src[obj]
	src[obj] = p.idx.at(path)
	p.idx.fields(path, func(rel string, pos model.Pos) {
		ref := model.FieldRef{ID: id, Field: rel}
		if dup {
			if _, ok := src[ref]; ok {
				return
			}
		}
		src[ref] = pos
	})
}

// table is one TOML table being read. The keys the reader asks for are the
// keys valid in it: finish reports the others.
type table struct {
	p     *parser
	path  string // index path: "subnet[2]", "route_table[0].routes[1]"
	name  string // for messages: `subnet "subnet-a"`
	m     map[string]any
	known []string
}

func (t *table) val(key string) (any, bool) {
	t.known = append(t.known, key)
	v, ok := t.m[key]
	return v, ok
}

func (t *table) has(key string) bool {
	_, ok := t.m[key]
	return ok
}

// set reports whether key is present with a value other than "".
func (t *table) set(key string) bool {
	v, ok := t.m[key]
	return ok && v != ""
}

func (t *table) bad(path, format string, args ...any) {
	t.p.errorf(path, model.CodeBadValue, "%s: %s", t.name, fmt.Sprintf(format, args...))
}

func (t *table) wrongType(path, what string, v any, want string) {
	t.bad(path, "%s must be %s, not %s", what, want, typeName(v))
}

func typeName(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case int64:
		return "an integer"
	case float64:
		return "a float"
	case bool:
		return "a boolean"
	case []any, []map[string]any:
		return "an array"
	case map[string]any:
		return "a table"
	}
	return "a date-time"
}

// need reports each absent key at the table's header and each empty string
// at its key.
func (t *table) need(keys ...string) {
	for _, k := range keys {
		v, ok := t.m[k]
		switch {
		case !ok:
			t.p.errorf(t.path, model.CodeMissingField, "%s: missing required key %q", t.name, k)
		case v == "":
			t.p.errorf(join(t.path, k), model.CodeMissingField, "%s: %s must not be empty", t.name, k)
		}
	}
}

// finish reports the keys nobody asked for.
func (t *table) finish() {
	unknown := 0
	for k := range t.m {
		if !slices.Contains(t.known, k) {
			unknown++
		}
	}
	if unknown == 0 {
		return
	}
	keys := make([]string, 0, unknown)
	for k := range t.m {
		if !slices.Contains(t.known, k) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		msg := fmt.Sprintf("unknown key %q in %s", k, t.name)
		if t.path == "" {
			msg = fmt.Sprintf("unknown key %q at the top level", k)
		}
		if s := suggestKey(k, t.known); s != "" {
			msg += fmt.Sprintf("; did you mean %q?", s)
		}
		t.p.errorf(join(t.path, k), codeUnknownKey, "%s", msg)
	}
}

func (t *table) str(key string) string {
	s, _ := t.text(key)
	return s
}

// state returns the state at key in its canonical form ([model.ParseState]):
// "Available" and "available" are one state, "RUNNING" is running.
func (t *table) state(key string) model.State { return model.ParseState(t.str(key)) }

// text returns the string at key and whether it is present and a string.
func (t *table) text(key string) (string, bool) {
	v, ok := t.val(key)
	if !ok {
		return "", false
	}
	s, ok := v.(string)
	if !ok {
		t.wrongType(join(t.path, key), key, v, "a string")
	}
	return s, ok
}

func (t *table) boolean(key string) bool {
	v, ok := t.val(key)
	if !ok {
		return false
	}
	b, ok := v.(bool)
	if !ok {
		t.wrongType(join(t.path, key), key, v, "true or false")
	}
	return b
}

func (t *table) optBool(key string) model.OptBool {
	if !t.has(key) {
		t.known = append(t.known, key)
		return model.Unset
	}
	return model.Of(t.boolean(key))
}

func (t *table) integer(key string) (int64, bool) {
	v, ok := t.val(key)
	if !ok {
		return 0, false
	}
	n, ok := v.(int64)
	if !ok {
		t.wrongType(join(t.path, key), key, v, "an integer")
	}
	return n, ok
}

// list returns the elements of an array, of values or of tables.
func (t *table) list(key string) []any {
	v, ok := t.val(key)
	if !ok {
		return nil
	}
	switch l := v.(type) {
	case []any:
		return l
	case []map[string]any:
		out := make([]any, len(l))
		for i, m := range l {
			out[i] = m
		}
		return out
	}
	t.wrongType(join(t.path, key), key, v, "an array")
	return nil
}

func (t *table) strs(key string) []string {
	var out []string
	for i, e := range t.list(key) {
		s, ok := e.(string)
		if !ok {
			t.wrongType(elem(join(t.path, key), i), fmt.Sprintf("%s[%d]", key, i), e, "a string")
			continue
		}
		out = append(out, s)
	}
	return out
}

func (t *table) parsePrefix(path, what, s string) (netip.Prefix, bool) {
	p, err := netip.ParsePrefix(s)
	if err != nil {
		t.bad(path, "%s %q is not a CIDR block: %s", what, s, reason(err))
		return netip.Prefix{}, false
	}
	return p, true // host bits are kept: Validate reports them
}

func (t *table) parseAddr(path, what, s string) (netip.Addr, bool) {
	a, err := netip.ParseAddr(s)
	if err != nil {
		t.bad(path, "%s %q is not an IP address: %s", what, s, reason(err))
		return netip.Addr{}, false
	}
	return a, true
}

// reason strips the function name netip puts before its errors.
func reason(err error) string {
	s := err.Error()
	if i := strings.LastIndex(s, "): "); i >= 0 {
		return s[i+3:]
	}
	return s
}

func (t *table) prefix(key string) netip.Prefix {
	s, ok := t.text(key)
	if !ok {
		return netip.Prefix{}
	}
	p, _ := t.parsePrefix(join(t.path, key), key, s)
	return p
}

func (t *table) prefixes(key string) []netip.Prefix {
	var out []netip.Prefix
	for i, s := range t.strs(key) {
		if p, ok := t.parsePrefix(elem(join(t.path, key), i), key, s); ok {
			out = append(out, p)
		}
	}
	return out
}

func (t *table) addr(key string) netip.Addr {
	s, ok := t.text(key)
	if !ok {
		return netip.Addr{}
	}
	a, _ := t.parseAddr(join(t.path, key), key, s)
	return a
}

func (t *table) addrs(key string) []netip.Addr {
	var out []netip.Addr
	for i, s := range t.strs(key) {
		if a, ok := t.parseAddr(elem(join(t.path, key), i), key, s); ok {
			out = append(out, a)
		}
	}
	return out
}

// tags reads `tags = { Name = "app" }`, sorted by key.
func (t *table) tags() []model.Tag {
	v, ok := t.val("tags")
	if !ok {
		return nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		t.wrongType(join(t.path, "tags"), "tags", v, "a table of strings")
		return nil
	}
	var tags []model.Tag
	for k, v := range m {
		s, ok := v.(string)
		if !ok {
			t.wrongType(join(join(t.path, "tags"), k), "tag "+k, v, "a string")
			continue
		}
		tags = append(tags, model.Tag{Key: k, Value: s})
	}
	slices.SortFunc(tags, func(a, b model.Tag) int { return strings.Compare(a.Key, b.Key) })
	return tags
}

// tables returns the tables of an array of tables or of inline tables.
func (t *table) tables(key string) []*table {
	list := t.list(key)
	if len(list) == 0 {
		return nil
	}
	out := make([]*table, 0, len(list))
	// One allocation for the tables and one for the keys they are asked.
	tabs := make([]table, len(list))
	known := make([]string, 0, knownCap*len(list))
	path := join(t.path, key)
	for i, e := range list {
		m, ok := e.(map[string]any)
		if !ok {
			t.wrongType(elem(path, i), fmt.Sprintf("%s[%d]", key, i), e, "a table")
			continue
		}
		name := fmt.Sprintf("%s #%d", key, i+1)
		if t.path != "" {
			name = fmt.Sprintf("%s %s[%d]", t.name, key, i)
		}
		tabs[i] = table{p: t.p, path: elem(path, i), name: name, m: m, known: known[i*knownCap : i*knownCap : (i+1)*knownCap]}
		out = append(out, &tabs[i])
	}
	return out
}

// knownCap is room for the keys a reader asks an element table for: 10 for
// a security group rule; a table asked more grows its own.
const knownCap = 12

// sub returns the inline table at key, or nil.
func (t *table) sub(key string) *table {
	v, ok := t.val(key)
	if !ok {
		return nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		t.wrongType(join(t.path, key), key, v, "a table")
		return nil
	}
	return &table{p: t.p, path: join(t.path, key), name: t.name + " " + key, m: m}
}

// id reads the id key, naming the table after it for later messages.
func (t *table) id(key string) string {
	id := t.str(key)
	if id != "" {
		kind, _, _ := strings.Cut(t.name, " ")
		t.name = fmt.Sprintf("%s %q", kind, id)
	}
	return id
}

// protocol reads "tcp", "all", "47" or 47.
func (t *table) protocol() model.Protocol {
	v, ok := t.val("protocol")
	if !ok {
		return model.ProtoAll
	}
	path := join(t.path, "protocol")
	var s string
	switch v := v.(type) {
	case string:
		s = v
	case int64:
		s = fmt.Sprint(v)
	default:
		t.wrongType(path, "protocol", v, "a string or an integer")
		return model.ProtoAll
	}
	p, err := model.ParseProtocol(s)
	if err != nil {
		t.bad(path, "%v", err)
		return model.ProtoAll
	}
	return p
}

// ports reads 443, "1024-65535" or "all"; absent means all.
func (t *table) ports() model.PortRange {
	v, ok := t.val("ports")
	if !ok {
		return model.AllPorts
	}
	path := join(t.path, "ports")
	switch v := v.(type) {
	case int64:
		switch {
		case v == -1:
			return model.AllPorts
		case 0 <= v && v <= 65535:
			return model.Port(uint16(v))
		}
		t.bad(path, "port %d: want 0 to 65535", v)
	case string:
		r, err := model.ParsePortRange(v)
		if err == nil {
			return r
		}
		t.bad(path, "%v", err)
	default:
		t.wrongType(path, "ports", v, "an integer or a string")
	}
	return model.AllPorts
}

// icmp reads an ICMP type or code; absent means any (-1).
func (t *table) icmp(key string) int16 {
	n, ok := t.integer(key)
	if !ok {
		return -1
	}
	if n < -1 || n > 255 {
		t.bad(join(t.path, key), "%s %d: want -1 (any) or 0 to 255", key, n)
		return -1
	}
	return int16(n)
}

// suggestKey finds the key the user probably meant: a near miss by edit
// distance, or an AWS-style name for it ("cidr_block", "CidrBlock",
// "SecurityGroupIds" for "cidr" and "security_groups"), or a key it
// abbreviates ("desc" for "description").
func suggestKey(k string, known []string) string {
	if s := suggest(k, known); s != "" {
		return s
	}
	sorted := slices.Clone(known)
	slices.Sort(sorted)
	n := snake(k)
	for _, suffix := range []string{"", "_id", "_ids", "_block", "_blocks", "_set"} {
		if base, ok := strings.CutSuffix(n, suffix); ok && base != "" {
			if s := suggest(base, sorted); s != "" {
				return s
			}
		}
	}
	for _, c := range sorted {
		if strings.HasPrefix(n, c+"_") || len(n) >= 3 && strings.HasPrefix(c, n) {
			return c
		}
	}
	return ""
}

// snake converts CamelCase to snake_case and lowers the case.
func snake(s string) string {
	var b strings.Builder
	for i, r := range s {
		if 'A' <= r && r <= 'Z' {
			if i > 0 && s[i-1] != '_' && !('A' <= s[i-1] && s[i-1] <= 'Z') {
				b.WriteByte('_')
			}
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// HasExpectations reports whether TOML text holds an [[expect]] table
// header; `cshsim test DIR` runs only the *.toml files that do, so that
// other TOML files in a repository are left alone. It reads the text only
// (a file it answers yes for may still not parse).
func HasExpectations(data []byte) bool {
	for _, ln := range strings.Split(string(data), "\n") {
		t := strings.TrimSpace(ln)
		if inner, ok := strings.CutPrefix(t, "[["); ok {
			inner, _, _ = strings.Cut(inner, "]]")
			if strings.TrimSpace(inner) == "expect" {
				return true
			}
		}
	}
	return false
}
