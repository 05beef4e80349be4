package main

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"os"
	"strings"
	"time"

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
func junitReport(rep *testReport) junitSuites {
	out := junitSuites{Name: "cshsim test", Time: junitSeconds(rep.elapsed)}
	for _, s := range rep.suites {
		js := junitSuite{Name: s.file, Time: junitSeconds(s.elapsed)}
		if s.snapshot != "" {
			js.Properties = &junitProperties{[]junitProperty{{Name: "snapshot", Value: s.snapshot}}}
		}
		if s.loadErr != "" {
			js.Tests, js.Errors = 1, 1
			js.Cases = []junitCase{{Name: s.file, Classname: s.file, Time: junitSeconds(0),
				Error: &junitProblem{Message: firstLine(s.loadErr), Type: "input", Text: s.loadErr}}}
		}
		for _, c := range s.cases {
			jc := junitCase{Name: c.name, Classname: s.file, Time: junitSeconds(c.elapsed)}
			js.Tests++
			if !c.outcome.Passed() {
				text := strings.Join(c.outcome.Failures, "\n")
				if w := c.outcome.Expect.Why; w != "" {
					text += "\nwhy: " + w
				}
				if c.explain != "" {
					text += "\n\n" + c.explain
				}
				p := &junitProblem{Message: strings.Join(c.outcome.Failures, "; "), Text: text}
				if c.invalid() {
					p.Type = "input"
					jc.Error = p
					js.Errors++
				} else {
					// An expectation that failed on an unknown answer
					// points at a snapshot that lacks data, not at the
					// network.
					p.Type = "expectation"
					if c.outcome.Result.Verdict == sim.Unknown {
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

// marshalJUnit renders the report as an XML document.
func marshalJUnit(rep *testReport) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(junitReport(rep)); err != nil {
		return nil, err
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}

func writeJUnitFile(path string, rep *testReport) error {
	data, err := marshalJUnit(rep)
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return unwrapPathErr(err)
	}
	return nil
}
