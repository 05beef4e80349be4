package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/cshsim/cshsim/internal/safeio"
	"github.com/cshsim/cshsim/sim"
)

// Exit codes (design.md §4).
const (
	exitOK       = 0 // success; for explain: reachable
	exitNegative = 1 // unreachable (explain), assertions failed, changes found
	exitUsage    = 2 // bad usage or bad input
	exitUnknown  = 3 // explain: the snapshot lacks what decides the answer
)

// exitIf is the exit status of a command whose answer is yes or no, the
// one place it is computed: 1 when the answer is negative (check found an
// error, diff --exit-code a change, test a failed assertion), else 0.
func exitIf(negative bool) int {
	if negative {
		return exitNegative
	}
	return exitOK
}

// exitFor is the exit status of a query's answer, the one place it is
// computed: 0 reachable, 1 unreachable, 3 unknown.
func exitFor(r sim.Result) int {
	switch {
	case r.Verdict == sim.Unknown:
		return exitUnknown
	case r.Reachable:
		return exitOK
	}
	return exitNegative
}

// command is one subcommand, in the manner of cmd/go's base.Command.
type command struct {
	Name      string
	UsageLine string
	Short     string
	Long      string
	Flags     func(fs *flag.FlagSet) any
	Run       func(ctx context.Context, env *env, args any, pos []string) int
}

// env carries the writers, so that tests run commands in parallel.
type env struct {
	stdout, stderr io.Writer
	// maxBytes is --max-input-size: the size limit of one input file.
	maxBytes int64
}

func (e *env) errorf(format string, args ...any) int {
	fmt.Fprintf(e.stderr, "cshsim: "+format+"\n", args...)
	return exitUsage
}

func commands() []*command {
	return []*command{cmdReach, cmdExplain, cmdCheck, cmdDiff, cmdTest, cmdGraph, cmdImport, cmdScenarios}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	e := &env{stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	name := args[0]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(args) > 1 {
			for _, c := range commands() {
				if c.Name == args[1] {
					commandHelp(stdout, c, nil)
					return exitOK
				}
			}
			return e.errorf("help: unknown command %q; run `cshsim help`", args[1])
		}
		usage(stdout)
		return exitOK
	}
	for _, c := range commands() {
		if c.Name != name {
			continue
		}
		fs := flag.NewFlagSet(c.Name, flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		a := c.Flags(fs)
		size := commonFlags(c, fs)
		pos, err := parseInterspersed(fs, args[1:])
		if errors.Is(err, flag.ErrHelp) {
			commandHelp(stdout, c, fs)
			return exitOK
		}
		if err != nil {
			fmt.Fprintf(stderr, "cshsim %s: %v\nrun `cshsim %s --help` for usage\n", c.Name, err, c.Name)
			return exitUsage
		}
		e.maxBytes = int64(*size)
		return c.Run(ctx, e, a, pos)
	}
	var names []string
	for _, c := range commands() {
		names = append(names, c.Name)
	}
	return e.errorf("unknown command %q (commands: %s); run `cshsim help`", name, strings.Join(names, ", "))
}

// commonFlags adds the flags every command that reads input has:
// --max-input-size.
func commonFlags(c *command, fs *flag.FlagSet) *byteSize {
	size := byteSize(safeio.DefaultLimit)
	if c.Name != "scenarios" {
		fs.Var(&size, "max-input-size", "the size limit of one input `file` (K, M, G suffixes; docs/cli.md, Resource bounds)")
	}
	return &size
}

// parseInterspersed parses flags that may follow positional arguments
// (`cshsim reach snap.toml --from cloudshell`).
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func usage(w io.Writer) {
	fmt.Fprint(w, `cshsim answers what an AWS CloudShell VPC environment (or any network
interface) can reach, and why not, from a snapshot of the network. It never
calls AWS.

Usage:
  cshsim <command> [arguments]

Commands:
`)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, c := range commands() {
		fmt.Fprintf(tw, "  %s\t%s\n", c.Name, c.Short)
	}
	tw.Flush()
	fmt.Fprint(w, `
A SNAPSHOT is a .toml design (docs/snapshot-format.md), a folder of AWS CLI
describe-* JSON exports, a Terraform plan (terraform show -json), or
scenario:<name> for an embedded example; without one, the default embedded
scenario is used.

Run 'cshsim help <command>' or 'cshsim <command> --help' for details.
Exit status: 0 success; 1 unreachable (explain), an assertion failed (test)
or a change found (diff --exit-code); 2 bad usage or input; 3 the answer is
unknown (explain): the snapshot lacks what decides it.
`)
}

func commandHelp(w io.Writer, c *command, fs *flag.FlagSet) {
	fmt.Fprintf(w, "usage: cshsim %s\n\n%s\n", c.UsageLine, strings.TrimSpace(c.Long))
	if fs == nil {
		fs = flag.NewFlagSet(c.Name, flag.ContinueOnError)
		c.Flags(fs)
	}
	var b strings.Builder
	fs.SetOutput(&b)
	fs.PrintDefaults()
	if b.Len() > 0 {
		fmt.Fprintf(w, "\nFlags:\n%s", b.String())
	}
}

// multi is a repeatable string flag.
type multi []string

// String joins the values (flag.Value).
func (m *multi) String() string { return strings.Join(*m, ",") }

// Set adds a value (flag.Value).
func (m *multi) Set(s string) error { *m = append(*m, s); return nil }

// formatFlag is --format with its allowed values.
type formatFlag struct {
	name    string // the flag, for messages; --format when empty
	val     string
	allowed []string
}

// String returns the chosen value (flag.Value).
func (f *formatFlag) String() string { return f.val }

// Set accepts one of the allowed values (flag.Value).
func (f *formatFlag) Set(s string) error {
	for _, a := range f.allowed {
		if s == a {
			f.val = s
			return nil
		}
	}
	name := f.name
	if name == "" {
		name = "--format"
	}
	return fmt.Errorf("%s %q: want %s", name, s, strings.Join(f.allowed, " or "))
}
