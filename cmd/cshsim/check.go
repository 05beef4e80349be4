package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/cshsim/cshsim/model"
	"github.com/cshsim/cshsim/model/iampolicy"
	"github.com/cshsim/cshsim/scenarios"
	"github.com/cshsim/cshsim/sim"
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
		l, ok := loadForCheck(snap, e.stderr)
		if !ok {
			return exitUsage
		}
		rep := sim.Check(l.Graph, sim.CheckOptions{Principal: a.principal, Policies: policies})
		code := exitOK
		if rep.HasErrors() {
			code = exitNegative
		}
		if a.format.val == "json" {
			if c := writeCheckJSON(e, l.Name, rep); c != exitOK {
				return c
			}
			return code
		}
		renderCheck(e.stdout, l.Name, rep)
		return code
	},
}

// checkOwned reports whether a Validate diagnostic is one that check
// reports itself as a finding: an environment's security groups (too many,
// of another VPC, not in the snapshot) or its subnet (not in the snapshot).
func checkOwned(d model.Diagnostic) bool {
	if _, ok := model.CloudShellName(d.Ref.ID); !ok {
		return false
	}
	switch d.Code {
	case model.CodeTooManySGs, model.CodeSGOtherVPC:
		return true
	case model.CodeDanglingRef:
		return d.Ref.Field == "subnet" || strings.HasPrefix(d.Ref.Field, "security_groups[")
	}
	return false
}

// loadForCheck opens the snapshot as every command does, except that the
// diagnostics check reports itself as findings (checkOwned) neither stop
// it nor are printed.
func loadForCheck(arg string, stderr io.Writer) (*scenarios.Loaded, bool) {
	l, diags := scenarios.OpenWith(arg, scenarios.OpenOptions{Progress: progressTo(stderr), Owned: checkOwned})
	printDiags(stderr, diags)
	return l, l != nil
}

// checkJSON is the JSON view of check (docs/check.md); fields are only
// ever added.
type checkJSON struct {
	Version  int    `json:"version"`
	Snapshot string `json:"snapshot"`
	Regions  struct {
		Name   string `json:"name"`
		Source string `json:"source"`
		Read   string `json:"read"`
	} `json:"regions"`
	Summary struct {
		Errors   int `json:"errors"`
		Warnings int `json:"warnings"`
		Info     int `json:"info"`
	} `json:"summary"`
	Findings     []sim.Finding    `json:"findings"`
	Environments []sim.EnvSummary `json:"environments"`
}

func writeCheckJSON(e *env, name string, rep sim.CheckReport) int {
	out := checkJSON{Version: 1, Snapshot: name, Findings: rep.Findings, Environments: rep.Environments}
	out.Regions.Name, out.Regions.Source, out.Regions.Read = rep.Regions.Name, rep.Regions.Source, rep.Regions.Read
	out.Summary.Errors = rep.Count(sim.SeverityError)
	out.Summary.Warnings = rep.Count(sim.SeverityWarning)
	out.Summary.Info = rep.Count(sim.SeverityInfo)
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		return e.errorf("writing JSON: %v", err)
	}
	return exitOK
}

// renderCheck writes the findings grouped by environment, errors first,
// each environment with its network table; then the findings of no
// environment; then the counts.
func renderCheck(w io.Writer, name string, rep sim.CheckReport) {
	fmt.Fprintf(w, "%s: CloudShell VPC environment check\n", name)
	fmt.Fprintf(w, "Regions: %s, read %s\n", rep.Regions.Name, rep.Regions.Read)
	byEnv := map[string][]sim.Finding{}
	for _, f := range rep.Findings {
		byEnv[f.Environment] = append(byEnv[f.Environment], f)
	}
	for _, env := range rep.Environments {
		fmt.Fprintf(w, "\nenvironment %q", env.Name)
		if env.Principal != "" {
			fmt.Fprintf(w, " of %s", env.Principal)
		}
		fmt.Fprintln(w)
		where := env.Subnet + " in " + orDash(env.VPC)
		if env.IP != "" {
			where += ", " + env.IP
		}
		sgs := "no security groups"
		if len(env.SecurityGroups) > 0 {
			sgs = strings.Join(env.SecurityGroups, ", ")
		}
		fmt.Fprintf(w, "  %s; %s", where, sgs)
		if env.Region != "" {
			fmt.Fprintf(w, "; %s", env.Region)
		}
		fmt.Fprintln(w)
		for _, f := range byEnv[env.Name] {
			renderFinding(w, f)
		}
		renderNetwork(w, env)
	}
	if fs := byEnv[""]; len(fs) > 0 {
		fmt.Fprintln(w, "\naccount, Region and snapshot")
		for _, f := range fs {
			renderFinding(w, f)
		}
	}
	fmt.Fprintf(w, "\n%s, %s, %s\n", plural(rep.Count(sim.SeverityError), "error"), plural(rep.Count(sim.SeverityWarning), "warning"), plural(rep.Count(sim.SeverityInfo), "note"))
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

func renderFinding(w io.Writer, f sim.Finding) {
	fmt.Fprintf(w, "  %-7s  %s  %s", f.Severity, f.Code, f.Resource)
	if f.At != "" {
		fmt.Fprintf(w, "  (%s)", f.At)
	}
	fmt.Fprintf(w, "\n           %s\n", f.Message)
	switch {
	case strings.HasPrefix(f.Fix, "collect: "):
		// An unknown answer's fix is what to collect, not a change.
		fmt.Fprintf(w, "           %s\n", f.Fix)
	case f.Fix != "":
		fmt.Fprintf(w, "           fix: %s\n", f.Fix)
	}
}

// renderNetwork prints the environment's network table.
func renderNetwork(w io.Writer, env sim.EnvSummary) {
	if env.Internet == nil {
		fmt.Fprintln(w, "  network: not walked (the environment's subnet is not in the snapshot)")
		return
	}
	from := env.Subnet
	if env.IP != "" {
		from = env.IP + " in " + env.Subnet
	}
	fmt.Fprintf(w, "  network from %s:\n", from)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	in := env.Internet
	detail := strings.Join(in.Via, " → ")
	if !in.Reachable {
		detail = fmt.Sprintf("%s: %s", in.Code, in.Message)
	}
	fmt.Fprintf(tw, "    internet\t%s\t%s\n", string(in.Verdict), detail)
	rows := append([]sim.ServiceSummary{}, env.Endpoints...)
	if env.S3 != nil {
		rows = append(rows, *env.S3)
	}
	for _, s := range rows {
		var d string
		switch s.Status {
		case sim.EndpointUsable:
			kind := "interface"
			if s.Via == sim.ViaGatewayEndpoint {
				kind = "gateway"
			}
			d = fmt.Sprintf("%s endpoint %s", kind, s.Endpoint)
		case sim.EndpointUnusable:
			d = fmt.Sprintf("endpoint %s unusable (%s)", s.Endpoint, s.WhyCode)
			if s.Reachable {
				d += "; " + string(s.Via) + " path instead"
			}
		default:
			switch s.Via {
			case sim.ViaPrivateZone:
				d = "no endpoint: a private hosted zone answers the name"
			case sim.ViaGatewayEndpoint:
				d = "gateway endpoint " + s.Endpoint
			default:
				d = "no endpoint: " + string(s.Via) + " path"
			}
		}
		if !s.Reachable && s.Code != "" {
			d += fmt.Sprintf(" (%s)", s.Code)
		}
		fmt.Fprintf(tw, "    aws:%s\t%s\t%s\n", s.Service, string(s.Verdict), d)
	}
	tw.Flush()
}
