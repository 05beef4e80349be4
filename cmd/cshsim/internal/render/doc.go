// Package render writes what cshsim's commands found: the text, JSON and
// Mermaid views of reach and explain, the text and JSON of check and diff,
// the topology as DOT or Mermaid, and JUnit XML for cshsim test.
//
// Renderers read only results (sim's answers and reports, the outcomes of
// scenarios' expectations, sim's component graph) and write to an
// io.Writer; they never open a snapshot, never import a reader, and never
// decide an exit status. Output is stable: nothing is ranged over a map on
// its way out.
package render
