package tfplan

import (
	"encoding/json"
	"strconv"
	"strings"
)

// This file reads Terraform's address and reference syntax: resource
// instance addresses (module.net["a"].aws_subnet.private[0]) and the
// traversals of configuration references (aws_vpc.main.id,
// module.vpc.private_subnets, data.aws_vpc.x, count.index).

// step is one step of a traversal: a name (attribute or identifier) or an
// index.
type step struct {
	name string // a name step; "" for an index step
	key  key    // an index step
}

func (s step) isIndex() bool { return s.name == "" }

// key is an instance key: a number (count), a string (for_each), or none.
// The zero key is no key. Keys compare with ==.
type key struct {
	set   bool
	isNum bool
	num   int
	str   string
	splat bool // [*]
}

// String renders the key as Terraform writes it: [0] or ["a"].
func (k key) String() string {
	switch {
	case !k.set:
		return ""
	case k.splat:
		return "[*]"
	case k.isNum:
		return "[" + strconv.Itoa(k.num) + "]"
	}
	return "[" + strconv.Quote(k.str) + "]"
}

// less orders keys: numbers numerically, before strings in byte order.
func (k key) less(o key) bool {
	if k.isNum != o.isNum {
		return k.isNum
	}
	if k.isNum {
		return k.num < o.num
	}
	return k.str < o.str
}

// keyFromJSON reads the "index" member of a values or change representation.
func keyFromJSON(raw json.RawMessage) key {
	if len(raw) == 0 || string(raw) == "null" {
		return key{}
	}
	var n json.Number
	if err := json.Unmarshal(raw, &n); err == nil {
		if i, err := strconv.Atoi(n.String()); err == nil {
			return key{set: true, isNum: true, num: i}
		}
		return key{set: true, str: n.String()}
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return key{set: true, str: s}
	}
	return key{}
}

// parseTraversal splits a traversal into steps. It accepts names made of
// any bytes but separators, numeric and quoted-string indexes, and splats.
func parseTraversal(s string) ([]step, bool) {
	var steps []step
	i := 0
	readName := func() (string, bool) {
		j := i
		for j < len(s) && s[j] != '.' && s[j] != '[' && s[j] != ']' && s[j] != '"' && s[j] != ' ' {
			j++
		}
		if j == i {
			return "", false
		}
		n := s[i:j]
		i = j
		return n, true
	}
	n, ok := readName()
	if !ok {
		return nil, false
	}
	steps = append(steps, step{name: n})
	for i < len(s) {
		switch s[i] {
		case '.':
			i++
			if i < len(s) && s[i] == '*' {
				i++
				steps = append(steps, step{key: key{set: true, splat: true}})
				continue
			}
			n, ok := readName()
			if !ok {
				return nil, false
			}
			steps = append(steps, step{name: n})
		case '[':
			i++
			if i >= len(s) {
				return nil, false
			}
			var k key
			switch {
			case s[i] == '*':
				k = key{set: true, splat: true}
				i++
			case s[i] == '"':
				j := i + 1
				for j < len(s) && s[j] != '"' {
					if s[j] == '\\' {
						j++
					}
					j++
				}
				if j >= len(s) {
					return nil, false
				}
				str, err := strconv.Unquote(s[i : j+1])
				if err != nil {
					str = s[i+1 : j]
				}
				k = key{set: true, str: str}
				i = j + 1
			default:
				j := i
				for j < len(s) && s[j] != ']' {
					j++
				}
				v, err := strconv.Atoi(s[i:j])
				if err != nil {
					return nil, false
				}
				k = key{set: true, isNum: true, num: v}
				i = j
			}
			if i >= len(s) || s[i] != ']' {
				return nil, false
			}
			i++
			steps = append(steps, step{key: k})
		default:
			return nil, false
		}
	}
	return steps, true
}

// modStep is one module call in a module instance path.
type modStep struct {
	name string
	key  key
}

// modPath renders a module instance path: module.a[0].module.b.
func modPath(ms []modStep) string {
	var b strings.Builder
	for i, m := range ms {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString("module.")
		b.WriteString(m.name)
		b.WriteString(m.key.String())
	}
	return b.String()
}

// cfgPath renders the configuration path of a module instance path: the
// call names without keys, joined by dots ("" for the root module).
func cfgPath(ms []modStep) string {
	names := make([]string, len(ms))
	for i, m := range ms {
		names[i] = m.name
	}
	return strings.Join(names, ".")
}

// resAddr is a parsed resource instance address.
type resAddr struct {
	mod  []modStep
	data bool
	typ  string
	name string
	key  key
}

// local returns the module-local resource name: aws_vpc.main or
// data.aws_vpc.main.
func (a resAddr) local() string {
	if a.data {
		return "data." + a.typ + "." + a.name
	}
	return a.typ + "." + a.name
}

// parseResAddr reads an absolute resource instance address.
func parseResAddr(s string) (resAddr, bool) {
	steps, ok := parseTraversal(s)
	if !ok {
		return resAddr{}, false
	}
	var a resAddr
	i := 0
	for i < len(steps) && steps[i].name == "module" {
		if i+1 >= len(steps) || steps[i+1].isIndex() {
			return resAddr{}, false
		}
		m := modStep{name: steps[i+1].name}
		i += 2
		if i < len(steps) && steps[i].isIndex() {
			m.key = steps[i].key
			i++
		}
		a.mod = append(a.mod, m)
	}
	if i < len(steps) && steps[i].name == "data" {
		a.data = true
		i++
	}
	if i+1 >= len(steps) || steps[i].isIndex() || steps[i+1].isIndex() {
		return resAddr{}, false
	}
	a.typ, a.name = steps[i].name, steps[i+1].name
	i += 2
	if i < len(steps) && steps[i].isIndex() {
		a.key = steps[i].key
		i++
	}
	if i != len(steps) {
		return resAddr{}, false
	}
	return a, true
}

// parseModPath reads a module instance address (module.a["x"].module.b).
func parseModPath(s string) ([]modStep, bool) {
	if s == "" {
		return nil, true
	}
	steps, ok := parseTraversal(s)
	if !ok {
		return nil, false
	}
	var ms []modStep
	for i := 0; i < len(steps); {
		if steps[i].name != "module" || i+1 >= len(steps) || steps[i+1].isIndex() {
			return nil, false
		}
		m := modStep{name: steps[i+1].name}
		i += 2
		if i < len(steps) && steps[i].isIndex() {
			m.key = steps[i].key
			i++
		}
		ms = append(ms, m)
	}
	return ms, true
}

// refKind classifies a configuration reference.
type refKind uint8

const (
	refOther    refKind = iota // local.x, path.module, terraform.workspace, self…
	refResource                // aws_vpc.main…, data.aws_vpc.x…
	refModule                  // module.x.output
	refVar                     // var.x
	refIter                    // count.index, each.key, each.value
)

// ref is one reference of an expression.
type ref struct {
	text  string
	steps []step
	kind  refKind
	// Resource references.
	data      bool
	typ, name string
	key       key    // the instance key written in the reference
	attr      string // the attribute after the resource: "id", "cidr_block"; "" for the resource itself
	// Module output references (call and key); var references use name.
	call    string
	callKey key
	output  string
}

// parseRef classifies one reference string; ok is false when it does not
// parse.
func parseRef(s string) (ref, bool) {
	steps, ok := parseTraversal(s)
	if !ok || len(steps) == 0 {
		return ref{}, false
	}
	r := ref{text: s, steps: steps}
	name := func(i int) string {
		if i < len(steps) && !steps[i].isIndex() {
			return steps[i].name
		}
		return ""
	}
	switch steps[0].name {
	case "count", "each":
		r.kind = refIter
	case "var":
		r.kind = refVar
		r.name = name(1)
		if r.name == "" {
			return ref{}, false
		}
	case "local", "path", "terraform", "self":
		r.kind = refOther
	case "module":
		r.kind = refModule
		r.call = name(1)
		if r.call == "" {
			return ref{}, false
		}
		i := 2
		if i < len(steps) && steps[i].isIndex() {
			r.callKey = steps[i].key
			i++
		}
		r.output = name(i)
	default:
		r.kind = refResource
		i := 0
		if steps[0].name == "data" {
			r.data = true
			i = 1
		}
		r.typ, r.name = name(i), name(i+1)
		if r.typ == "" || r.name == "" {
			return ref{}, false
		}
		i += 2
		if i < len(steps) && steps[i].isIndex() {
			r.key = steps[i].key
			i++
		}
		r.attr = name(i)
	}
	return r, true
}

// local returns the module-local resource name of a resource reference.
func (r ref) local() string {
	if r.data {
		return "data." + r.typ + "." + r.name
	}
	return r.typ + "." + r.name
}

// maximal parses refs and drops each reference that another one extends:
// Terraform lists aws_vpc.main.id and then aws_vpc.main, implied by it.
// iter reports whether the expression uses count.index or each.*. Order is
// kept; duplicates are dropped.
func maximal(refs []string) (out []ref, iter bool, bad []string) {
	var parsed []ref
	for _, s := range refs {
		r, ok := parseRef(s)
		if !ok {
			bad = append(bad, s)
			continue
		}
		if r.kind == refIter {
			iter = true
			continue
		}
		parsed = append(parsed, r)
	}
	// A reference is implied when another one extends it: collect the key
	// of every proper prefix of every reference.
	key := func(steps []step) string {
		var b strings.Builder
		for _, st := range steps {
			if st.isIndex() {
				b.WriteString(st.key.String())
			} else {
				b.WriteString("." + st.name)
			}
		}
		return b.String()
	}
	prefixes := map[string]bool{}
	for _, r := range parsed {
		for n := 1; n < len(r.steps); n++ {
			prefixes[key(r.steps[:n])] = true
		}
	}
	seen := map[string]bool{}
	for _, r := range parsed {
		k := key(r.steps)
		if prefixes[k] || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, r)
	}
	return out, iter, bad
}
