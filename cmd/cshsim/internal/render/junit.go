package render

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/cshsim/cshsim/scenarios"
	"github.com/cshsim/cshsim/sim"
)

// JUnit XML as CI systems read it (Jenkins, GitLab, GitHub Actions test
// reporters): the common schema of Ant's JUnit task
// (https://github.com/windyroad/JUnit-Schema/blob/master/JUnit.xsd, which
// the others accept). One testsuite per file; one testcase per
// expectation; a failed expectation has a failure (type expectation, or
// unknown when the answer was unknown), a malformed one or a file that
// could not be loaded an error, each with the message as an attribute and
// the details (failure reasons, the explain text) as content.

// TestReport is what a run of cshsim test found, for JUnit.
type TestReport struct {
	Suites  []TestSuite
	Elapsed time.Duration
}

// TestSuite is one file's expectations.
type TestSuite struct {
	File     string
	Snapshot string
	// LoadErr is set when the file or its snapshot could not be read.
	LoadErr string
	Cases   []TestCase
	Elapsed time.Duration
}

// TestCase is one expectation and its outcome.
type TestCase struct {
	Name    string
	Outcome scenarios.Outcome
	Explain string // the explain text, for failures
	Elapsed time.Duration
}

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string           `xml:"name,attr"`
	Tests      int              `xml:"tests,attr"`
	Failures   int              `xml:"failures,attr"`
	Errors     int              `xml:"errors,attr"`
	Skipped    int              `xml:"skipped,attr"`
	Time       string           `xml:"time,attr"`
	Properties *junitProperties `xml:"properties,omitempty"`
	Cases      []junitCase      `xml:"testcase"`
}

type junitProperties struct {
	Property []junitProperty `xml:"property"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitProblem `xml:"failure,omitempty"`
	Error     *junitProblem `xml:"error,omitempty"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",cdata"`
}

func junitSeconds(d time.Duration) string { return fmt.Sprintf("%.3f", d.Seconds()) }

// junitReport converts a run. Names are those of the text output, so a
// failure reads the same in both.
func junitReport(rep TestReport) junitSuites {
	out := junitSuites{Name: "cshsim test", Time: junitSeconds(rep.Elapsed)}
	for _, s := range rep.Suites {
		js := junitSuite{Name: s.File, Time: junitSeconds(s.Elapsed)}
		if s.Snapshot != "" {
			js.Properties = &junitProperties{[]junitProperty{{Name: "snapshot", Value: s.Snapshot}}}
		}
		if s.LoadErr != "" {
			js.Tests, js.Errors = 1, 1
			js.Cases = []junitCase{{Name: s.File, Classname: s.File, Time: junitSeconds(0),
				Error: &junitProblem{Message: firstLine(s.LoadErr), Type: "input", Text: s.LoadErr}}}
		}
		for _, c := range s.Cases {
			jc := junitCase{Name: c.Name, Classname: s.File, Time: junitSeconds(c.Elapsed)}
			js.Tests++
			if !c.Outcome.Passed() {
				text := strings.Join(c.Outcome.Failures, "\n")
				if w := c.Outcome.Expect.Why; w != "" {
					text += "\nwhy: " + w
				}
				if c.Explain != "" {
					text += "\n\n" + c.Explain
				}
				p := &junitProblem{Message: strings.Join(c.Outcome.Failures, "; "), Text: text}
				if c.Outcome.Invalid != "" {
					p.Type = "input"
					jc.Error = p
					js.Errors++
				} else {
					// An expectation that failed on an unknown answer
					// points at a snapshot that lacks data, not at the
					// network.
					p.Type = "expectation"
					if c.Outcome.Result.Verdict == sim.Unknown {
						p.Type = "unknown"
					}
					jc.Failure = p
					js.Failures++
				}
			}
			js.Cases = append(js.Cases, jc)
		}
		out.Tests += js.Tests
		out.Failures += js.Failures
		out.Errors += js.Errors
		out.Suites = append(out.Suites, js)
	}
	return out
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// JUnit writes the report as a JUnit XML document.
func JUnit(w io.Writer, rep TestReport) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(junitReport(rep)); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
