package jsonpos

import (
	"strconv"
	"strings"
)

// JSON paths here are the readers' own, as positions print them:
// RouteTables[3].Routes[1].NatGatewayId. A path is a list of steps, each a
// member (".Key") or an element ("[3]"); the first member may leave out its
// dot. A key that holds '.' or '[' cannot be named.

// A Step is one step of a JSON path: the member Key when Member, else the
// element Index.
type Step struct {
	Key    string
	Index  int
	Member bool
}

// NextStep reads the step of path that starts at path[p] and returns it
// with the index of the step after it. ok is false at a step the syntax
// does not allow (an index that is not a number ≥ 0, a missing ']'),
// where a walk stops.
func NextStep(path string, p int) (s Step, next int, ok bool) {
	switch {
	case path[p] == '[':
		q := strings.IndexByte(path[p:], ']')
		if q < 0 {
			return Step{}, 0, false
		}
		q += p
		k, err := strconv.Atoi(path[p+1 : q])
		if err != nil || k < 0 {
			return Step{}, 0, false
		}
		return Step{Index: k}, q + 1, true
	case path[p] == '.' || p == 0:
		if path[p] == '.' {
			p++
		}
		q := p
		for q < len(path) && path[q] != '.' && path[q] != '[' {
			q++
		}
		return Step{Key: path[p:q], Member: true}, q, true
	}
	return Step{}, 0, false
}

// PathAt returns the path, relative to the value that starts at b[i] (after
// white space), of the innermost value whose text holds the byte at off,
// and where that value starts. The path starts with "." or "[", or is ""
// for the value at i itself. It turns a decoder's error offset into a
// place. It scans the value at i once per level it descends, so costs at
// most MaxDepth times its size on text Check accepts.
func PathAt(b []byte, i, off int) (path string, at int) {
	var sb strings.Builder
	i = SkipWS(b, i)
	for {
		found := false
		visit := func(sp Span) bool {
			if sp.Start <= off && off < sp.End {
				i, found = sp.Start, true
				return false
			}
			return true
		}
		switch KindAt(b, i) {
		case Object:
			EachMember(b, i, nil, func(sp Span) bool {
				if visit(sp) {
					return true
				}
				sb.WriteByte('.')
				sb.WriteString(sp.Key(b))
				return false
			})
		case Array:
			EachElement(b, i, func(k int, sp Span) bool {
				if visit(sp) {
					return true
				}
				sb.WriteByte('[')
				sb.WriteString(strconv.Itoa(k))
				sb.WriteByte(']')
				return false
			})
		}
		if !found {
			return sb.String(), i
		}
	}
}

// A Finder finds the values of one text by JSON path. It remembers the
// members and elements of each container it lists, so that many lookups
// below one value scan each container once. A Finder is not safe for
// concurrent use.
type Finder struct {
	b    []byte
	objs map[int][]Span // members of the object at an offset
	arrs map[int][]Span // elements of the array at an offset
}

// NewFinder returns a Finder over b.
func NewFinder(b []byte) *Finder { return &Finder{b: b} }

// Reset forgets the containers listed so far, keeping the memory: a reader
// that goes through the elements of a long list one by one resets between
// them, so that what it remembers stays small.
func (f *Finder) Reset() {
	clear(f.objs)
	clear(f.arrs)
}

// Offset returns the offset of the value at path, relative to the value
// that starts at b[i] (after white space): "" is that value. When the path
// leads nowhere it returns the offset of the deepest value found on the
// way. A member is the first one of its key.
func (f *Finder) Offset(i int, path string) int {
	off := SkipWS(f.b, i)
	for p := 0; p < len(path); {
		s, next, ok := NextStep(path, p)
		if !ok {
			return off
		}
		var list []Span
		if s.Member {
			list = f.members(off)
			k := -1
			for j := range list {
				if list[j].KeyIs(f.b, s.Key) {
					k = j
					break
				}
			}
			if k < 0 {
				return off
			}
			off = list[k].Start
		} else {
			list = f.elements(off)
			if s.Index >= len(list) {
				return off
			}
			off = list[s.Index].Start
		}
		p = next
	}
	return off
}

func (f *Finder) members(off int) []Span {
	if ms, ok := f.objs[off]; ok {
		return ms
	}
	if f.objs == nil {
		f.objs = map[int][]Span{}
	}
	ms, _ := Members(f.b, off)
	f.objs[off] = ms
	return ms
}

// elements lists the elements of the array at off and, in the same scan,
// the members of each element that is an object: one pass over the
// array's bytes rather than one for the array and one per element.
func (f *Finder) elements(off int) []Span {
	if es, ok := f.arrs[off]; ok {
		return es
	}
	if f.arrs == nil {
		f.arrs = map[int][]Span{}
	}
	var es []Span
	b := f.b
	if off < len(b) && b[off] == '[' {
		i := SkipWS(b, off+1)
		for i < len(b) && b[i] != ']' {
			var end int
			if _, seen := f.objs[i]; b[i] == '{' && !seen {
				var ms []Span
				ms, end = Members(b, i)
				if f.objs == nil {
					f.objs = map[int][]Span{}
				}
				f.objs[i] = ms
			} else {
				end = SkipValue(b, i)
			}
			if end == i {
				break
			}
			es = append(es, Span{KeyStart: -1, KeyEnd: -1, Start: i, End: end})
			i = SkipWS(b, end)
			if i < len(b) && b[i] == ',' {
				i = SkipWS(b, i+1)
			}
		}
	}
	f.arrs[off] = es
	return es
}
