package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/cshsim/cshsim/model"
	"github.com/cshsim/cshsim/model/awscli"
	"github.com/cshsim/cshsim/model/tomlsnap"
	"github.com/cshsim/cshsim/scenarios"
	"github.com/cshsim/cshsim/sim"
)

// loaded is a snapshot ready for queries.
type loaded struct {
	name    string
	snap    *model.Snapshot
	graph   *sim.Graph
	expects []tomlsnap.Expect
}

// load reads SNAPSHOT in any of its forms, validates it and builds the
// graph. Diagnostics go to stderr; ok is false when any is an error.
func load(arg string, stderr io.Writer) (*loaded, bool) {
	l := &loaded{name: arg}
	var diags model.Diagnostics
	switch {
	case arg == "" || strings.HasPrefix(arg, "scenario:"):
		name := strings.TrimPrefix(arg, "scenario:")
		if name == "" {
			name = scenarios.Default
		}
		l.name = "scenario:" + name
		sc, err := scenarios.Get(name)
		if err != nil {
			fmt.Fprintf(stderr, "cshsim: %v\n", err)
			return nil, false
		}
		doc, ds := sc.Load()
		diags = ds
		if doc != nil {
			l.snap, l.expects = doc.Snapshot, doc.Expects
		}
	default:
		fi, err := os.Stat(arg)
		if err != nil {
			fmt.Fprintf(stderr, "cshsim: snapshot %s: %v\n", arg, unwrapPathErr(err))
			return nil, false
		}
		if fi.IsDir() {
			l.snap, diags = awscli.Load(arg)
		} else {
			doc, ds := tomlsnap.ReadFile(arg)
			diags = ds
			if doc != nil {
				l.snap, l.expects = doc.Snapshot, doc.Expects
			}
		}
	}
	if l.snap == nil || diags.HasErrors() {
		printDiags(stderr, diags)
		if l.snap == nil && !diags.HasErrors() {
			fmt.Fprintf(stderr, "cshsim: %s: nothing could be read\n", l.name)
		}
		return nil, false
	}
	l.snap.Notes = diags
	vd := l.snap.Validate()
	printDiags(stderr, vd)
	if vd.HasErrors() {
		return nil, false
	}
	l.graph = sim.Build(l.snap)
	return l, true
}

func unwrapPathErr(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// printDiags prints errors, then at most a few warnings with a count.
func printDiags(w io.Writer, ds model.Diagnostics) {
	const maxWarnings = 20
	n := 0
	for _, d := range ds {
		if d.Severity == model.Warning {
			if n++; n > maxWarnings {
				continue
			}
		}
		fmt.Fprintln(w, d.Error())
	}
	if n > maxWarnings {
		fmt.Fprintf(w, "(%d more warnings)\n", n-maxWarnings)
	}
}
