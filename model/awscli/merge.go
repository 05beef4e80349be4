package awscli

import (
	"reflect"
	"slices"
	"strings"

	"github.com/cshsim/cshsim/model"
)

// This file holds the tables that merge the same object seen in several files, reporting conflicts.

// srcRef is a SourceMap entry waiting for its object to be kept.
type srcRef struct {
	field string
	pos   model.Pos
}

// link is a reference one object makes for another, applied when the
// snapshot is assembled: a route table association sets a subnet's
// route_table.
type link struct {
	subject string // the id of the object that gets the field
	target  string
	pos     model.Pos
}

// entry is one object read from a file.
type entry[T any] struct {
	v     T
	pos   model.Pos
	f     *fileCtx
	refs  []srcRef
	links []link
}

// table holds the objects of one kind by id, in reading order.
type table[T any] struct {
	what string // "subnet", for messages
	// lenient makes conflicts warnings (keep the first): for secondary
	// views such as the interfaces inside describe-instances.
	lenient bool
	byID    map[string]int
	items   []entry[T]
}

// put adds en under id. The same id twice with the same content is kept
// once; with different content it is an error naming both places. same
// compares two values (nil: reflect.DeepEqual). Copies from different
// account folders may differ in their tags (each account tags a shared
// resource itself): the owner's copy is kept. put returns the index of the
// kept entry and whether en was added.
func (t *table[T]) put(l *loader, id string, en entry[T], same func(a, b *T) bool) (int, bool) {
	if t.byID == nil {
		t.byID = map[string]int{}
	}
	i, dup := t.byID[id]
	if !dup {
		t.byID[id] = len(t.items)
		t.items = append(t.items, en)
		return len(t.items) - 1, true
	}
	old := &t.items[i]
	eq := func(a, b T) bool {
		if same != nil {
			return same(&a, &b)
		}
		return reflect.DeepEqual(a, b)
	}
	ok := eq(old.v, en.v) && sameLinks(old.links, en.links)
	if !ok && old.f != en.f && old.f.account != en.f.account && sameLinks(old.links, en.links) {
		a, b := old.v, en.v
		clearField(&a, "Tags")
		clearField(&b, "Tags")
		if ok = eq(a, b); ok && fieldString(en.v, "Account") == en.f.account && fieldString(old.v, "Account") != old.f.account {
			*old = en
		}
	}
	if !ok {
		sev, tail := model.Error, ""
		if t.lenient {
			sev, tail = model.Warning, ", which is kept"
		}
		l.add(sev, CodeConflict, en.pos, model.FieldRef{ID: id},
			"%s %q is described twice with different content (%s); the first is at %s%s",
			t.what, id, differing(old.v, en.v, old.links, en.links), where(old.pos), tail)
	}
	return i, false
}

// where formats a position inside a message: file:line:col (path).
func where(p model.Pos) string {
	if p.Path == "" {
		return p.String()
	}
	q := p
	q.Path = ""
	return q.String() + " (" + p.Path + ")"
}

// clearField zeroes the named field of the struct *v, if it has one.
func clearField[T any](v *T, name string) {
	rv := reflect.ValueOf(v).Elem()
	if rv.Kind() == reflect.Struct {
		if f := rv.FieldByName(name); f.IsValid() && f.CanSet() {
			f.SetZero()
		}
	}
}

// fieldString returns the named string field of the struct v, or "".
func fieldString(v any, name string) string {
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Struct {
		if f := rv.FieldByName(name); f.IsValid() && f.Kind() == reflect.String {
			return f.String()
		}
	}
	return ""
}

func sameLinks(a, b []link) bool {
	return slices.EqualFunc(a, b, func(x, y link) bool { return x.subject == y.subject && x.target == y.target })
}

// differing names the fields in which a and b differ.
func differing(a, b any, la, lb []link) string {
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	var names []string
	if va.Kind() == reflect.Struct && va.Type() == vb.Type() {
		for i := range va.NumField() {
			if !reflect.DeepEqual(va.Field(i).Interface(), vb.Field(i).Interface()) {
				names = append(names, va.Type().Field(i).Name)
			}
		}
	}
	if !sameLinks(la, lb) {
		names = append(names, "associations")
	}
	if len(names) == 0 {
		return "content differs"
	}
	return "differs in " + strings.Join(names, ", ")
}
