package tomlsnap

import (
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/cshsim/cshsim/model"
)

// Hostile nesting, as a red-team pass wrote it (issue 16): each ran
// BurntSushi/toml out of memory or made the index quadratic before
// checkBounds. Each must now be refused at the part that crosses the bound.
var deepCases = []struct {
	name      string
	src       string
	line, col int
}{
	// 10,000 inline tables in 40 KB: x is level 1, the 64th a level 65.
	{"inline tables", "x = " + strings.Repeat("{a=", 10_000) + "1" + strings.Repeat("}", 10_000) + "\n", 1, 4 + 3*63 + 2},
	// Elements of the 64th array are level 65.
	{"arrays", "x = " + strings.Repeat("[", 10_000) + "1" + strings.Repeat("]", 10_000) + "\n", 1, 4 + 64},
	{"arrays unclosed", "x = " + strings.Repeat("[", 10_000), 1, 4 + 64},
	{"arrays of inline tables", "x = " + strings.Repeat("[{a=", 100) + "1" + strings.Repeat("}]", 100) + "\n", 1, 4 + 4*31 + 3},
	{"dotted key", strings.Repeat("a.", 10_000) + "a = 1\n", 1, 2*64 + 1},
	{"table header", "[" + strings.Repeat("a.", 10_000) + "a]\n", 1, 2*64 + 2},
	{"array of tables header", "[[" + strings.Repeat("a.", 10_000) + "a]]\n", 1, 2*64 + 3},
	{"header, key and arrays", "[" + strings.Repeat("a.", 29) + "a]\n" + strings.Repeat("b.", 29) + "b = [[[[[[1]]]]]]\n", 2, 2*30 - 1 + 3 + 5},
	{"dotted keys in inline tables", "x = " + strings.Repeat("{a.b.c.d=", 20) + "1" + strings.Repeat("}", 20) + "\n", 1, 4 + 9*15 + 2 + 2*3},
	{"after a string with brackets", "s = \"[[[[{{{{\"\nx = " + strings.Repeat("[", 100) + "\n", 2, 4 + 64},

	{"long key", `"` + strings.Repeat("k", MaxKeyName+1) + "\" = 1\n", 1, 1},
	{"long header and key", "[" + strings.Repeat("t", 600) + "]\n" + strings.Repeat("k", 500) + " = 1\n", 2, 1},
	{"long key in an inline table", "x = { " + strings.Repeat("k", MaxKeyName) + " = 1 }\n", 1, 7},
	{"long key of escapes", `"` + strings.Repeat(`\u00e9`, MaxKeyName/2+1) + "\" = 1\n", 1, 1},
}

func TestBoundsRefuse(t *testing.T) {
	for _, tc := range deepCases {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			doc, diags := Parse("deep.toml", []byte(tc.src))
			if doc == nil || doc.Snapshot == nil {
				t.Fatal("Parse returned no document")
			}
			want := model.Pos{File: "deep.toml", Line: tc.line, Col: tc.col}
			if len(diags) != 1 || diags[0].Code != codeSyntax || diags[0].Pos != want {
				t.Fatalf("Parse = %v, want one %s at %v", diags, codeSyntax, want)
			}
			if msg := diags[0].Message; !strings.Contains(msg, "deeper than 64 levels") && !strings.Contains(msg, "longer than 1024 bytes") {
				t.Errorf("message %q names no bound", msg)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("Parse took %v", d)
			}
		})
	}
}

// Text at the bounds, and brackets that are not structure, must read as
// TOML does.
var boundedCases = []struct {
	name string
	src  string
}{
	{"arrays at the bound", "x = " + strings.Repeat("[", MaxDepth-1) + "1" + strings.Repeat("]", MaxDepth-1) + "\n"},
	{"empty arrays at the bound", "x = " + strings.Repeat("[", MaxDepth-1) + strings.Repeat("]", MaxDepth-1) + "\n"},
	{"dotted key at the bound", strings.Repeat("a.", MaxDepth-1) + "a = 1\n"},
	{"header and inline tables at the bound", "[" + strings.Repeat("a.", 31) + "a]\nx = " + strings.Repeat("{a=", 31) + "1" + strings.Repeat("}", 31) + "\n"},
	{"key name at the bound", "[" + strings.Repeat("t", 500) + "]\n" + strings.Repeat("k", MaxKeyName-501) + " = 1\n"},
	{"key of escapes at the bound", `"` + strings.Repeat(`\u00e9`, MaxKeyName/2) + "\" = 1\n"},
	{"literal key with backslashes", "'" + strings.Repeat(`\`, MaxKeyName) + "' = 1\n"},
	{"brackets in a basic string", "x = \"" + strings.Repeat("[{", 10_000) + "\"\ny = [1]\n"},
	{"escaped quotes in a basic string", "x = \"\\\"[[[[\\\\\"\ny = 2\n"},
	{"brackets in a literal string", "x = '" + strings.Repeat("[{\\", 10_000) + "'\n"},
	{"brackets in a multi-line basic string", "x = \"\"\"\n" + strings.Repeat("[{\n", 10_000) + "\\\"\"\"[[[\\\n  \"\"\"\n"},
	{"quotes closing a multi-line basic string", "x = \"\"\"a\"\"\"\"\"\ny = [[[1]]]\n"},
	{"brackets in a multi-line literal string", "x = '''\n" + strings.Repeat("]]{[\n", 10_000) + "''''\ny = 1\n"},
	{"brackets in comments", "# " + strings.Repeat("[", 10_000) + "\nx = [ # " + strings.Repeat("{", 10_000) + "\n  1, # ]\n]\n"},
	{"newlines and comments in an inline table", "x = {\n  a = [1, 2], # {{{{\n  b = { c = 'd' },\n}\n"},
	{"date-time with a space", "x = [1979-05-27 07:32:00Z, [[1]]]\ny = 1979-05-27 07:32:00Z\n"},
	{"arrays of tables", "[[a]]\n[[a.b]]\n[a.b.c]\nd = [{e = [1]}]\n"},
	{"CRLF", "x = [\r\n  [1],\r\n]\r\n[t]\r\ny = 'a'\r\n"},
}

func TestBoundsAccept(t *testing.T) {
	for _, tc := range boundedCases {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := checkBounds(tc.src); err != nil {
				t.Errorf("checkBounds: %s at byte %d, want nil", err.msg, err.off)
			}
			var v any
			if _, err := toml.Decode(tc.src, &v); err != nil {
				t.Fatalf("the case is not TOML: %v", err)
			}
			depth, name := measure(v, 0, 0)
			if depth > MaxDepth || name > MaxKeyName {
				t.Errorf("the case nests %d levels with names of %d bytes: not at the bounds", depth, name)
			}
		})
	}
}

// measure returns the depth and the longest full key name of a decoded
// TOML value at depth depth with a full name of name bytes, as checkBounds
// counts them: a key adds a level, an inline array's elements add one (an
// array of tables' do not, as its header names only keys).
func measure(v any, depth, name int) (int, int) {
	maxDepth, maxName := depth, name
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			n := name + len(k)
			if depth > 0 {
				n++
			}
			d, l := measure(e, depth+1, n)
			maxDepth, maxName = max(maxDepth, d), max(maxName, l)
		}
	case []map[string]any:
		for _, e := range v {
			d, l := measure(e, depth, name)
			maxDepth, maxName = max(maxDepth, d), max(maxName, l)
		}
	case []any:
		maxDepth = depth + 1
		for _, e := range v {
			d, l := measure(e, depth+1, name)
			maxDepth, maxName = max(maxDepth, d), max(maxName, l)
		}
	}
	return maxDepth, maxName
}

// boundSeeds returns fuzz seeds at and past MaxDepth and MaxKeyName, and
// with brackets hidden in strings and comments: the cases above up to
// 4 KB (the fuzzer stalls minimizing the 40 KB ones), and small ones at
// each bound.
func boundSeeds() []string {
	var seeds []string
	for _, tc := range deepCases {
		if len(tc.src) <= 4096 {
			seeds = append(seeds, tc.src)
		}
	}
	for _, tc := range boundedCases {
		if len(tc.src) <= 4096 {
			seeds = append(seeds, tc.src)
		}
	}
	return append(seeds,
		"x = "+strings.Repeat("[", MaxDepth)+strings.Repeat("]", MaxDepth),
		"x = "+strings.Repeat("{a=", MaxDepth-1)+"1"+strings.Repeat("}", MaxDepth-1),
		"x = "+strings.Repeat("{a=", MaxDepth)+"1"+strings.Repeat("}", MaxDepth),
		"x = "+strings.Repeat("[{a.b=", 22)+"1"+strings.Repeat("}]", 22),
		strings.Repeat("a.", MaxDepth)+"a = 1",
		"["+strings.Repeat("a.", MaxDepth)+"a]\nb = 1",
		"[["+strings.Repeat("\"\".", MaxDepth-1)+"a]]\nb = 1",
		"s = \"\"\"[[\\\"\"\"{{\"\"\"\"\"\n"+"x = "+strings.Repeat("[", MaxDepth)+strings.Repeat("]", MaxDepth),
		"\""+strings.Repeat("\\U0001F600", MaxKeyName/4)+"\" = 1",
		"'"+strings.Repeat("k", MaxKeyName)+"' = { a = 1 }",
	)
}

// FuzzBounds checks checkBounds against the decoder: for every text
// BurntSushi/toml accepts, checkBounds refuses it exactly when the decoded
// value nests deeper than MaxDepth or has a key name longer than
// MaxKeyName. It seeds from the cases above and FuzzParse's.
func FuzzBounds(f *testing.F) {
	for _, src := range boundSeeds() {
		f.Add(src)
	}
	for _, tc := range errorCases {
		f.Add(tc.src)
	}
	f.Fuzz(func(t *testing.T, src string) {
		_, berr := checkBounds(src)
		if len(src) > 1<<12 || berr != nil && len(src) > 1<<11 {
			// The decoder is slow on large text, and quadratic in the depth
			// of what checkBounds refuses; the fuzzer stalls minimizing it.
			return
		}
		var v any
		if _, err := toml.Decode(src, &v); err != nil {
			return
		}
		depth, name := measure(v, 0, 0)
		over := depth > MaxDepth || name > MaxKeyName
		switch {
		case berr == nil && over:
			t.Fatalf("checkBounds accepts a value %d deep with a %d-byte name", depth, name)
		case berr != nil && !over:
			t.Fatalf("checkBounds: %s at byte %d, but the value is %d deep with names of %d bytes", berr.msg, berr.off, depth, name)
		}
	})
}

// TestSuggest: suggest, which skips candidates too long or too short to be
// near, answers as model.Suggest does.
func TestSuggest(t *testing.T) {
	cands := []string{"nat-a", "nat-ab", "igw-1", "cidr", "cidrs", "description", "é", "ée", "", strings.Repeat("x", 300)}
	for _, s := range []string{"nat-b", "nat-abc", "igw", "cidr_block", "desc", "descriptoin", "e", "ée", "", "x", strings.Repeat("x", 299), strings.Repeat("k", 1000)} {
		if got, want := suggest(s, cands), model.Suggest(s, cands); got != want {
			t.Errorf("suggest(%q) = %q, want %q as model.Suggest", s, got, want)
		}
	}
}
