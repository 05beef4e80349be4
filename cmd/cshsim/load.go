package main

import (
	"fmt"
	"io"
	"os"

	"github.com/cshsim/cshsim/model"
	"github.com/cshsim/cshsim/scenarios"
)

// load opens SNAPSHOT in any of its forms (scenarios.Open) and prints its
// diagnostics to stderr; ok is false when any is an error.
func load(e *env, arg string) (*scenarios.Loaded, bool) {
	stderr := e.stderr
	l, diags := scenarios.OpenWith(arg, scenarios.OpenOptions{Progress: progressTo(stderr), Stdin: os.Stdin, MaxBytes: e.maxBytes})
	printDiags(stderr, diags)
	return l, l != nil
}

// progressTo returns a progress printer for reading large export folders
// when w is a terminal, else nil: progress never goes to a pipe, a file
// or JSON output (stdout is never used).
func progressTo(w io.Writer) func(done, total int) {
	f, ok := w.(*os.File)
	if !ok {
		return nil
	}
	fi, err := f.Stat()
	if err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		return nil
	}
	const minFiles = 200 // small folders load too fast to need it
	return func(done, total int) {
		if total < minFiles {
			return
		}
		if done == total {
			fmt.Fprintf(w, "\r\033[K")
			return
		}
		if done%50 == 0 {
			fmt.Fprintf(w, "\rreading %d of %d files…", done, total)
		}
	}
}

func unwrapPathErr(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// printDiags prints the diagnostics, at most maxErrors errors and
// maxWarnings warnings, each list followed by the count of the rest: a
// file of a million bad elements gives a screenful, not 94 MB (issue 16).
// A diagnostic with no position is a message of cshsim's own.
func printDiags(w io.Writer, ds model.Diagnostics) {
	const maxErrors, maxWarnings = 50, 20
	errs, warns := 0, 0
	hiddenErrs, hiddenWarns := 0, 0
	for _, d := range ds {
		isWarning := d.Severity == model.Warning
		if d.Code == model.CodeTooMany {
			// The reader's own cap: what it did not keep.
			if isWarning {
				hiddenWarns += d.Omitted
			} else {
				hiddenErrs += d.Omitted
			}
			continue
		}
		if isWarning {
			if warns++; warns > maxWarnings {
				hiddenWarns++
				continue
			}
		} else if errs++; errs > maxErrors {
			hiddenErrs++
			continue
		}
		if d.Pos.IsZero() {
			fmt.Fprintf(w, "cshsim: %s\n", d.Error())
			continue
		}
		fmt.Fprintln(w, d.Error())
	}
	switch {
	case hiddenErrs > 0 && hiddenWarns > 0:
		fmt.Fprintf(w, "(%d more errors and %d more warnings)\n", hiddenErrs, hiddenWarns)
	case hiddenErrs > 0:
		fmt.Fprintf(w, "(%d more errors)\n", hiddenErrs)
	case hiddenWarns > 0:
		fmt.Fprintf(w, "(%d more warnings)\n", hiddenWarns)
	}
}
