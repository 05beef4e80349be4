package main

import (
	"context"
	"flag"

	"github.com/cshsim/cshsim/cmd/cshsim/internal/render"
	"github.com/cshsim/cshsim/scenarios"
	"github.com/cshsim/cshsim/sim"
)

type diffArgs struct {
	reachArgs
	exitCode bool
}

var cmdDiff = &command{
	Name:      "diff",
	UsageLine: "diff OLD NEW [--from SRC] [--to DST]... [--exit-code] [--format text|json]",
	Short:     "show which destinations a network change makes reachable or unreachable",
	Long: `Diff answers the same questions on two snapshots, OLD and NEW, and lists
every destination whose answer changed: it became reachable or unreachable,
it is dropped for another reason (code), or it takes another path. Each
change shows the path before and after and both explanations, one after the
other. Destinations whose answer did not change are not listed.

The destinations are the default catalogue of 'cshsim reach' for the source
in both snapshots, plus every --to. OLD and NEW may be of different kinds: a
.toml design, a folder of AWS CLI exports, scenario:<name>. The source must
exist in both.

--exit-code exits 1 when anything changed, as 'git diff --exit-code' does, so
that CI can stop a change that breaks a path. Exit status 2 on bad usage or
input.

Examples:
  cshsim diff scenario:private-nat scenario:public-subnet
  cshsim diff main.toml branch.toml --to 10.0.2.10:5432 --exit-code
  cshsim diff ./export-monday ./export-friday --from eni-0a1b2c3d --format json`,
	Flags: func(fs *flag.FlagSet) any {
		a := &diffArgs{reachArgs: reachArgs{format: formatFlag{val: "text", allowed: []string{"text", "json"}}}}
		fs.StringVar(&a.from, "from", "cloudshell", "the source, in both snapshots: cloudshell, cloudshell:<name>, eni-…, ecs-task:<id>, subnet:<id>[,sg-…]")
		fs.Var(&a.to, "to", "a destination to compare besides the catalogue (repeatable)")
		fs.BoolVar(&a.exitCode, "exit-code", false, "exit 1 when any destination changed")
		fs.Var(&a.format, "format", "output format: text or json")
		dnsFlag(fs, &a.reachArgs)
		return a
	},
	Run: func(ctx context.Context, e *env, args any, pos []string) int {
		a := args.(*diffArgs)
		if len(pos) != 2 {
			return e.errorf("diff: want two snapshots, OLD and NEW, got %d (%v)", len(pos), pos)
		}
		var extra []sim.Destination
		for _, t := range a.to {
			d, err := sim.ParseDestination(t)
			if err != nil {
				return e.errorf("--to: %v", err)
			}
			extra = append(extra, d)
		}
		var sides [2]render.DiffSide
		var loaded [2]*scenarios.Loaded
		for i, arg := range pos {
			l, ok := load(e, arg)
			if !ok {
				return exitUsage
			}
			src, err := l.Graph.ResolveSource(a.from)
			if err != nil {
				return e.errorf("diff: --from %s: not in %s %s: %v", a.from, [2]string{"OLD", "NEW"}[i], l.Name, err)
			}
			loaded[i], sides[i] = l, render.DiffSide{Snapshot: l.Name, Source: src}
		}
		d := render.Diff{Old: sides[0], New: sides[1]}
		d.Destinations, d.Changes = sim.Diff(loaded[0].Graph, sides[0].Source, loaded[1].Graph, sides[1].Source, extra, a.options())
		if a.format.val == "json" {
			if err := render.DiffJSON(e.stdout, d); err != nil {
				return e.errorf("writing JSON: %v", err)
			}
		} else {
			render.DiffText(e.stdout, d)
		}
		return exitIf(a.exitCode && len(d.Changes) > 0)
	},
}
