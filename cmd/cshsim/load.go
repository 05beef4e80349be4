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
func load(arg string, stderr io.Writer) (*scenarios.Loaded, bool) {
	l, diags := scenarios.OpenWith(arg, scenarios.OpenOptions{Progress: progressTo(stderr), Stdin: os.Stdin})
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

// printDiags prints errors, then at most a few warnings with a count. A
// diagnostic with no position is a message of cshsim's own.
func printDiags(w io.Writer, ds model.Diagnostics) {
	const maxWarnings = 20
	n := 0
	for _, d := range ds {
		if d.Severity == model.Warning {
			if n++; n > maxWarnings {
				continue
			}
		}
		if d.Pos.IsZero() {
			fmt.Fprintf(w, "cshsim: %s\n", d.Error())
			continue
		}
		fmt.Fprintln(w, d.Error())
	}
	if n > maxWarnings {
		fmt.Fprintf(w, "(%d more warnings)\n", n-maxWarnings)
	}
}
