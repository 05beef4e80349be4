package main

import (
	"context"
	"flag"
	"os"
	"strings"

	"github.com/cshsim/cshsim/cmd/cshsim/internal/render"
	"github.com/cshsim/cshsim/model"
	"github.com/cshsim/cshsim/model/iampolicy"
	"github.com/cshsim/cshsim/scenarios"
	"github.com/cshsim/cshsim/sim/check"
)

type checkArgs struct {
	policies  multi
	principal string
	format    formatFlag
}

var cmdCheck = &command{
	Name:      "check",
	UsageLine: "check [SNAPSHOT] [--policy FILE|DIR]... [--principal ARN] [--format text|json]",
	Short:     "check that each CloudShell VPC environment can be created and will be useful",
	Long: `Check tells, before anyone clicks Create, every reason a CloudShell VPC
environment of the snapshot will fail or disappoint (docs/check.md):

  - limits and placement: 1 to 5 security groups, all in the environment's
    VPC; the subnet exists, is available and is in that VPC; at most 2 VPC
    environments per IAM principal, and no two with the same VPC
    configuration;
  - the Region, against the list of Regions where VPC environments are
    offered (an unlisted Region is a warning);
  - the network each environment sees: the internet, every service of the
    CloudShell endpoint list (interface endpoint usable, present but
    unusable and why, or absent so reachable only through the internet
    path), and S3;
  - IAM, with --policy: the principal's identity-based policies (JSON
    documents, get-policy-version or get-role-policy output; a folder is read
    for *.json) evaluated for the actions CloudShell needs, as AWS evaluates
    them: wildcards, NotAction, explicit Deny, conditions on aws:CalledVia and
    the ManagedByCloudShell tag;
  - interfaces tagged ManagedByCloudShell left behind (status available).

The environments are the [[cloudshell]] tables of a TOML snapshot, and in an
AWS CLI export the in-use interfaces tagged ManagedByCloudShell.
--principal names the principal of environments that name none (exports do
not record it).

A snapshot whose only input errors are an environment's security groups or
subnet (more than five groups, a group of another VPC, a group or subnet the
snapshot lacks) is checked anyway: those are findings here, not bad input.

Each finding has a severity (error, warning, info), a stable code
(docs/codes.md), the resource, a message and a fix. Exit status 1 when any
finding is an error, 0 otherwise, 2 on bad usage or input.

Examples:
  cshsim check
  cshsim check design.toml --policy iam/ --principal arn:aws:iam::123456789012:role/Ops
  cshsim check ./export --format json`,
	Flags: func(fs *flag.FlagSet) any {
		a := &checkArgs{format: formatFlag{val: "text", allowed: []string{"text", "json"}}}
		fs.Var(&a.policies, "policy", "an IAM policy JSON file, or a folder of them (repeatable)")
		fs.StringVar(&a.principal, "principal", "", "the IAM principal ARN creating the environments")
		fs.Var(&a.format, "format", "output format: text or json")
		return a
	},
	Run: func(ctx context.Context, e *env, args any, pos []string) int {
		a := args.(*checkArgs)
		if len(pos) > 1 {
			return e.errorf("check: one SNAPSHOT at most, got %d (%v)", len(pos), pos)
		}
		if p := a.principal; p != "" && (!strings.HasPrefix(p, "arn:") || strings.Count(p, ":") < 5) {
			return e.errorf("check: --principal %q: want an IAM principal ARN (arn:aws:iam::123456789012:role/Admin)", p)
		}
		snap := ""
		if len(pos) == 1 {
			snap = pos[0]
		}
		var policies []model.Policy
		for _, p := range a.policies {
			ps, diags := iampolicy.Load(p)
			printDiags(e.stderr, diags)
			if diags.HasErrors() {
				return exitUsage
			}
			policies = append(policies, ps...)
		}
		l, ok := loadForCheck(e, snap)
		if !ok {
			return exitUsage
		}
		rep := check.Run(l.Graph, check.Options{Principal: a.principal, Policies: policies})
		code := exitIf(rep.HasErrors())
		if a.format.val == "json" {
			if err := render.CheckJSON(e.stdout, l.Name, rep); err != nil {
				return e.errorf("writing JSON: %v", err)
			}
			return code
		}
		render.CheckText(e.stdout, l.Name, rep)
		return code
	},
}

// loadForCheck opens the snapshot as every command does, except that the
// diagnostics check reports itself as findings (check.Owns) neither stop
// it nor are printed.
func loadForCheck(e *env, arg string) (*scenarios.Loaded, bool) {
	stderr := e.stderr
	l, diags := scenarios.OpenWith(arg, scenarios.OpenOptions{Progress: progressTo(stderr), Owned: check.Owns, Stdin: os.Stdin, MaxBytes: e.maxBytes})
	printDiags(stderr, diags)
	return l, l != nil
}
