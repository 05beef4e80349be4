package render

import "testing"

// TestLabel pins the escaping of Mermaid labels: every character Mermaid
// reads as syntax becomes an entity code (cmd/cshsim's TestMermaidEscape
// checks that a drawing with them is a flowchart Mermaid reads).
func TestLabel(t *testing.T) {
	got := label(`web "only" [legacy] <old> {x} (y) a|b #1 & ` + "`c`")
	want := `"web #quot;only#quot; #91;legacy#93; #lt;old#gt; #123;x#125; #40;y#41; a#124;b #35;1 #amp; #96;c#96;"`
	if got != want {
		t.Errorf("label = %s\nwant    %s", got, want)
	}
	if got, want := label("one", "", "two\nlines"), `"one<br/>two lines"`; got != want {
		t.Errorf("label = %s, want %s", got, want)
	}
}
