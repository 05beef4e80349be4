package model

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Pos is a position in an input file. Line and Col count from 1; the zero
// Pos means "no position known".
type Pos struct {
	File string `json:"file,omitempty"`
	Line int    `json:"line,omitempty"`
	Col  int    `json:"col,omitempty"`
	// Path locates a value inside a structured file where lines say little,
	// such as a JSON path: RouteTables[3].Routes[1].NatGatewayId.
	Path string `json:"path,omitempty"`
}

// IsZero reports whether p carries no position.
func (p Pos) IsZero() bool { return p == Pos{} }

// String formats p as file:line:col, dropping the parts that are unknown,
// followed by ": path" when a Path is set.
func (p Pos) String() string {
	if p.Line == 0 {
		switch {
		case p.File == "":
			return p.Path
		case p.Path == "":
			return p.File
		}
		return p.File + ": " + p.Path
	}
	b := make([]byte, 0, len(p.File)+len(p.Path)+16)
	b = append(b, p.File...)
	b = append(b, ':')
	b = strconv.AppendInt(b, int64(p.Line), 10)
	if p.Col != 0 {
		b = append(b, ':')
		b = strconv.AppendInt(b, int64(p.Col), 10)
	}
	if p.Path != "" {
		b = append(b, ": "...)
		b = append(b, p.Path...)
	}
	return string(b)
}

// FieldRef names a field of one object logically: the object's id and a
// field path such as "route_table" or "routes[2].target". The zero FieldRef
// names nothing. Readers map FieldRefs to file positions through a SourceMap.
type FieldRef struct {
	ID    string `json:"id,omitempty"`
	Field string `json:"field,omitempty"`
}

// IsZero reports whether r names nothing.
func (r FieldRef) IsZero() bool { return r == FieldRef{} }

// String formats r as id.field.
func (r FieldRef) String() string {
	if r.Field == "" {
		return r.ID
	}
	return r.ID + "." + r.Field
}

// SourceMap maps logical field references to where a reader found them.
// A reader records at least the position of each object (Field "") and of
// each reference-carrying field, or of the element that holds the field
// when both are at one place (Lookup walks up to it).
type SourceMap map[FieldRef]Pos

// Lookup returns the position of r, falling back to the position of the
// object r.ID, then to the zero Pos.
func (m SourceMap) Lookup(r FieldRef) Pos {
	if m == nil {
		return Pos{}
	}
	if p, ok := m[r]; ok {
		return p
	}
	// Walk up the field path: routes[2].target → routes[2] → routes → object.
	f := r.Field
	for f != "" {
		i := strings.LastIndexAny(f, ".[")
		if i < 0 {
			f = ""
		} else {
			f = f[:i]
		}
		if p, ok := m[FieldRef{r.ID, f}]; ok {
			return p
		}
	}
	return Pos{}
}

// Severity says how much a diagnostic or a check finding matters; the
// values are ordered, most serious first. It is the one severity of the
// project: input diagnostics use Error and Warning, check findings all
// three.
type Severity uint8

const (
	// Error marks a snapshot the simulator must not trust (a diagnostic), or
	// an environment AWS refuses to create (a finding).
	Error Severity = iota
	// Warning marks something the user should know; the analysis goes on.
	Warning
	// Info is what the user should know that is not wrong.
	Info
)

// String returns "error", "warning" or "info".
func (s Severity) String() string {
	switch s {
	case Warning:
		return "warning"
	case Info:
		return "info"
	}
	return "error"
}

// MarshalText implements encoding.TextMarshaler.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Diagnostic is one problem found in an input. Code is stable and listed in
// docs/codes.md; Message is for people and may change.
type Diagnostic struct {
	Pos      Pos      `json:"pos,omitzero"`
	Severity Severity `json:"severity"`
	Code     string   `json:"code"`
	Message  string   `json:"message"`
	// Ref is the logical location, when the problem belongs to one object.
	Ref FieldRef `json:"ref,omitzero"`
	// Omitted, on the one diagnostic of code CodeTooMany, counts the
	// diagnostics a reader did not keep past MaxDiagnostics.
	Omitted int `json:"omitted,omitempty"`
}

// MaxDiagnostics is how many diagnostics [Diagnostics.Add] keeps: a file of
// a million bad elements costs a thousand diagnostics and a count, not a
// million (issue 16 measured 857 MB and 94 MB of output).
const MaxDiagnostics = 1000

// CodeTooMany is the code of the diagnostic that stands, at the end of a
// capped list, for the diagnostics not kept.
const CodeTooMany = "too-many-diagnostics"

// Add appends d while the list holds fewer than MaxDiagnostics; past that
// it counts d on one last diagnostic of code CodeTooMany (an error if any
// counted one is) and reports false, so that a reader may stop early.
func (ds *Diagnostics) Add(d Diagnostic) bool {
	n := len(*ds)
	switch {
	case n < MaxDiagnostics:
		*ds = append(*ds, d)
		return true
	case n == MaxDiagnostics:
		*ds = append(*ds, tooMany(d))
	}
	last := &(*ds)[len(*ds)-1]
	if last.Code != CodeTooMany {
		// The list grew past the cap by append: count from here.
		*ds = append(*ds, tooMany(d))
		last = &(*ds)[len(*ds)-1]
	}
	last.Omitted++
	if d.Severity < last.Severity {
		last.Severity = d.Severity // errors sort first: the summary is as grave as the worst
	}
	return false
}

// tooMany is the diagnostic that counts those past the cap, from the
// first of them. Its message is fixed, so counting costs no formatting;
// Error prints the count.
func tooMany(d Diagnostic) Diagnostic {
	return Diagnostic{Pos: Pos{File: d.Pos.File}, Severity: d.Severity, Code: CodeTooMany,
		Message: fmt.Sprintf("more problems than the %d listed; the rest are counted in omitted", MaxDiagnostics)}
}

// Error formats d as "file:line:col: message", the way compilers do.
func (d Diagnostic) Error() string {
	if d.Code == CodeTooMany {
		return fmt.Sprintf("%s: %d more problems not listed (cshsim keeps the first %d)", d.Pos.File, d.Omitted, MaxDiagnostics)
	}
	var b strings.Builder
	if s := d.Pos.String(); s != "" {
		b.WriteString(s)
		b.WriteString(": ")
	}
	if d.Severity == Warning {
		b.WriteString("warning: ")
	}
	b.WriteString(d.Message)
	return b.String()
}

// Diagnostics is a list of problems. The zero value is an empty list.
type Diagnostics []Diagnostic

// HasErrors reports whether any diagnostic has Severity Error.
func (ds Diagnostics) HasErrors() bool {
	return slices.ContainsFunc(ds, func(d Diagnostic) bool { return d.Severity == Error })
}

// Errors returns only the diagnostics with Severity Error.
func (ds Diagnostics) Errors() Diagnostics {
	var out Diagnostics
	for _, d := range ds {
		if d.Severity == Error {
			out = append(out, d)
		}
	}
	return out
}

// Sort orders ds by file, line, column, then code, so output is stable.
func (ds Diagnostics) Sort() {
	slices.SortStableFunc(ds, func(a, b Diagnostic) int {
		return cmp.Or(
			cmp.Compare(a.Pos.File, b.Pos.File),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Col, b.Pos.Col),
			cmp.Compare(a.Code, b.Code),
			cmp.Compare(a.Message, b.Message),
		)
	})
}

// Err returns ds as an error when it holds at least one error, else nil.
func (ds Diagnostics) Err() error {
	if !ds.HasErrors() {
		return nil
	}
	return ds
}

// Error joins the error diagnostics, one a line.
func (ds Diagnostics) Error() string {
	var lines []string
	for _, d := range ds {
		if d.Severity == Error {
			lines = append(lines, d.Error())
		}
	}
	return strings.Join(lines, "\n")
}
