package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"strings"
	"time"

	"github.com/cshsim/cshsim/cmd/cshsim/internal/render"
	"github.com/cshsim/cshsim/internal/safeio"
	"github.com/cshsim/cshsim/model"
	"github.com/cshsim/cshsim/model/tomlsnap"
	"github.com/cshsim/cshsim/scenarios"
	"github.com/cshsim/cshsim/sim"
)

type testArgs struct {
	junit string
}

var cmdTest = &command{
	Name:      "test",
	UsageLine: "test FILE|DIR... [--junit FILE]",
	Short:     "run the [[expect]] assertions of snapshots and test files",
	Long: `Test runs [[expect]] assertions and reports each one in the manner of
'go test -v': a RUN line, then PASS or FAIL with the time taken; a failure
says what did not hold, why the expectation was written, and the explain
text of the destination. A final PASS or FAIL line and a count follow.

Each FILE is a TOML snapshot with [[expect]] blocks, a test file (a TOML file
with a top-level snapshot key naming the snapshot to check: a .toml file or
an AWS CLI export folder relative to the test file, or scenario:<name>, and
[[expect]] blocks), or scenario:<name>. Each DIR is searched, recursively,
for *.toml files holding [[expect]] blocks; folders whose names start with
. or _ are skipped. docs/testing.md describes the format.

An expectation checks any of: reachable = true|false; verdict =
"reachable" | "unreachable" | "unknown"; code = "<CODE>"; via =
["<component>", …] (the path passes each); not_via = [...]; resolves_via =
"interface-endpoint" | "gateway-endpoint" | "internet" (how an aws:<service>
name resolves). An answer is unknown when the snapshot lacks what decides
it (a peer VPC of another account): reachable = true and reachable = false
both fail on it, saying what to collect; verdict = "unknown" expects it.

--junit FILE also writes the results as JUnit XML, which CI systems show.

Exit status 0 when every expectation holds, 1 when any fails, 2 on bad usage
or input (a file that does not parse, a snapshot that cannot be read, a
malformed expectation), with file:line.

Examples:
  cshsim test network.toml
  cshsim test tests/ --junit report.xml
  cshsim test scenario:private-nat`,
	Flags: func(fs *flag.FlagSet) any {
		a := &testArgs{}
		fs.StringVar(&a.junit, "junit", "", "also write the results as JUnit XML to this file")
		return a
	},
	Run: func(ctx context.Context, e *env, args any, pos []string) int {
		a := args.(*testArgs)
		if len(pos) == 0 {
			return e.errorf("test: give at least one FILE or DIR (a snapshot or test file with [[expect]] blocks)")
		}
		files, bad := testFiles(e.stderr, pos)
		report := runTests(e, files)
		// An argument that named nothing to run is an error of the run.
		report.Suites = append(report.Suites, bad...)
		report.errors += len(bad)
		report.summary(e.stdout)
		if a.junit != "" {
			if err := writeJUnitFile(a.junit, report.TestReport); err != nil {
				return e.errorf("test: --junit: %v", err)
			}
		}
		switch {
		case report.errors > 0:
			return exitUsage
		}
		return exitIf(report.failed > 0)
	},
}

// testFiles expands the arguments: files and scenario:<name> as given,
// folders to the *.toml files under them that hold [[expect]] blocks.
// Problems are printed, and returned as suites that could not be loaded.
func testFiles(stderr io.Writer, args []string) (files []string, bad []render.TestSuite) {
	problem := func(arg, format string, args ...any) {
		msg := fmt.Sprintf("test %s: ", arg) + fmt.Sprintf(format, args...)
		fmt.Fprintf(stderr, "cshsim: %s\n", msg)
		bad = append(bad, render.TestSuite{File: arg, LoadErr: msg})
	}
	for _, arg := range args {
		if strings.HasPrefix(arg, "scenario:") {
			files = append(files, arg)
			continue
		}
		fi, err := safeio.Stat(arg)
		if err != nil {
			problem(arg, "%v", unwrapPathErr(err))
			continue
		}
		if !fi.IsDir() {
			files = append(files, arg)
			continue
		}
		var found []string
		err = filepath.WalkDir(arg, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if n := d.Name(); path != arg && (strings.HasPrefix(n, ".") || strings.HasPrefix(n, "_")) {
					return filepath.SkipDir
				}
				return nil
			}
			if !strings.HasSuffix(path, ".toml") {
				return nil
			}
			data, err := safeio.ReadFile(path, 0)
			if err != nil {
				return err
			}
			if scenarios.HasExpectations(data) {
				found = append(found, path)
			}
			return nil
		})
		if err != nil {
			problem(arg, "%v", err)
			continue
		}
		if len(found) == 0 {
			problem(arg, "no *.toml file with [[expect]] blocks in this folder")
		}
		files = append(files, found...)
	}
	return files, bad
}

// testReport is what a run found, for the summary and JUnit.
type testReport struct {
	render.TestReport
	passed, failed, errors int
}

func runTests(e *env, files []string) *testReport {
	var cache scenarios.Cache
	rep := &testReport{}
	printed := map[string]bool{}
	start := time.Now()
	for _, f := range files {
		suiteStart := time.Now()
		t, diags := cache.OpenTests(f)
		var fresh model.Diagnostics
		for _, d := range diags {
			if k := d.Error(); !printed[k] {
				printed[k] = true
				fresh = append(fresh, d)
			}
		}
		printDiags(e.stderr, fresh)
		s := render.TestSuite{File: f}
		if t == nil {
			var msgs []string
			for _, d := range diags.Errors() {
				msgs = append(msgs, d.Error())
			}
			s.LoadErr = strings.Join(msgs, "\n")
			rep.errors++
			fmt.Fprintf(e.stdout, "FAIL\t%s [could not be loaded]\n", f)
			rep.Suites = append(rep.Suites, s)
			continue
		}
		s.File, s.Snapshot = t.File, t.Snapshot.Name
		if len(t.Expects) == 0 {
			s.LoadErr = fmt.Sprintf("%s: no [[expect]] blocks", t.File)
			fmt.Fprintf(e.stderr, "cshsim: %s\n", s.LoadErr)
			rep.errors++
			rep.Suites = append(rep.Suites, s)
			continue
		}
		for _, x := range t.Expects {
			c := render.TestCase{Name: fmt.Sprintf("%s:%d %s → %s", t.File, x.Pos.Line, x.From, sim.Redact(x.To))}
			fmt.Fprintf(e.stdout, "=== RUN   %s\n", c.Name)
			t0 := time.Now()
			c.Outcome = scenarios.Check(t.Snapshot.Graph, []tomlsnap.Expect{x})[0]
			c.Elapsed = time.Since(t0)
			o := c.Outcome
			switch {
			case o.Passed():
				rep.passed++
				fmt.Fprintf(e.stdout, "--- PASS: %s (%s)\n", c.Name, seconds(c.Elapsed))
			default:
				if o.Invalid != "" {
					rep.errors++
				} else {
					rep.failed++
				}
				if o.Result.Hops != nil {
					var b strings.Builder
					render.ExplainText(&b, t.Snapshot.Name, o.Source, o.Result)
					c.Explain = b.String()
				}
				fmt.Fprintf(e.stdout, "--- FAIL: %s (%s)\n", c.Name, seconds(c.Elapsed))
				for _, f := range o.Failures {
					fmt.Fprintf(e.stdout, "    %s:%d: %s\n", t.File, x.Pos.Line, f)
				}
				if x.Why != "" {
					fmt.Fprintf(e.stdout, "    why: %s\n", x.Why)
				}
				if c.Explain != "" {
					fmt.Fprintln(e.stdout, "    explain:")
					render.Indent(e.stdout, "        ", c.Explain)
				}
			}
			s.Cases = append(s.Cases, c)
		}
		s.Elapsed = time.Since(suiteStart)
		rep.Suites = append(rep.Suites, s)
	}
	rep.Elapsed = time.Since(start)
	return rep
}

// summary prints the closing lines: PASS or FAIL, then the counts.
func (rep *testReport) summary(w io.Writer) {
	if rep.failed+rep.errors > 0 {
		fmt.Fprintln(w, "FAIL")
	} else {
		fmt.Fprintln(w, "PASS")
	}
	s := fmt.Sprintf("%d passed, %d failed", rep.passed, rep.failed)
	if rep.errors > 0 {
		s += fmt.Sprintf(", %d with errors", rep.errors)
	}
	fmt.Fprintln(w, s)
}

// seconds formats a duration as go test does: 0.00s.
func seconds(d time.Duration) string { return fmt.Sprintf("%.2fs", d.Seconds()) }

// writeJUnitFile writes the report as JUnit XML to path; nothing is
// written when the report cannot be encoded.
func writeJUnitFile(path string, rep render.TestReport) error {
	var b bytes.Buffer
	if err := render.JUnit(&b, rep); err != nil {
		return err
	}
	if err := safeio.WriteFile(path, b.Bytes(), 0o644, true); err != nil {
		return unwrapPathErr(err)
	}
	return nil
}
