package jsonpos

import (
	"bytes"
	"sort"
)

// Lines maps the byte offsets of one text to lines and columns. Lines and
// columns count from 1; a column counts bytes, as go/token does, so a
// character of several UTF-8 bytes moves the next column by as many. The
// zero Lines is not usable: make one with NewLines.
type Lines struct {
	starts []int // the offset each line starts at
	size   int   // len of the text
}

// NewLines indexes the line starts of b. It costs one pass over b and one
// int per line.
func NewLines(b []byte) *Lines {
	l := &Lines{starts: make([]int, 1, bytes.Count(b, []byte{'\n'})+1), size: len(b)}
	for off := 0; ; {
		i := bytes.IndexByte(b[off:], '\n')
		if i < 0 {
			return l
		}
		off += i + 1
		l.starts = append(l.starts, off)
	}
}

// Pos returns the line and column of offset off, which is clamped to the
// text (len(b) is just past its last byte). It is O(log lines).
func (l *Lines) Pos(off int) (line, col int) {
	off = max(0, min(off, l.size))
	n := sort.Search(len(l.starts), func(i int) bool { return l.starts[i] > off }) - 1
	return n + 1, off - l.starts[n] + 1
}

// PosFrom is Pos that first looks at the few lines from line on: a reader
// that asks for positions in text order passes the line of its last answer
// and mostly gets the next in O(1).
func (l *Lines) PosFrom(off, line int) (int, int) {
	off = max(0, min(off, l.size))
	if n := line - 1; n >= 0 && n < len(l.starts) && l.starts[n] <= off {
		for k := n; k < n+8 && k < len(l.starts); k++ {
			if k+1 == len(l.starts) || off < l.starts[k+1] {
				return k + 1, off - l.starts[k] + 1
			}
		}
	}
	return l.Pos(off)
}
