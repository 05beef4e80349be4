package render

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/cshsim/cshsim/sim"
	"github.com/cshsim/cshsim/sim/check"
)

// checkVersion is the version field of check's JSON view.
const checkVersion = 1

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
	Findings     []check.Finding    `json:"findings"`
	Environments []check.EnvSummary `json:"environments"`
}

// CheckJSON writes check's report on the snapshot called name as one
// indented JSON object (docs/check.md): the findings, the environments and
// the counts by severity.
func CheckJSON(w io.Writer, name string, rep check.Report) error {
	out := checkJSON{Version: checkVersion, Snapshot: name, Findings: rep.Findings, Environments: rep.Environments}
	out.Regions.Name, out.Regions.Source, out.Regions.Read = rep.Regions.Name, rep.Regions.Source, rep.Regions.Read
	out.Summary.Errors = rep.Count(check.SeverityError)
	out.Summary.Warnings = rep.Count(check.SeverityWarning)
	out.Summary.Info = rep.Count(check.SeverityInfo)
	return writeJSON(w, out)
}

// CheckText writes check's report on the snapshot called name: the
// findings grouped by environment, errors first, each environment with its
// network table; then the findings of no environment; then the counts.
func CheckText(w io.Writer, name string, rep check.Report) {
	fmt.Fprintf(w, "%s: CloudShell VPC environment check\n", name)
	fmt.Fprintf(w, "Regions: %s, read %s\n", rep.Regions.Name, rep.Regions.Read)
	byEnv := map[string][]check.Finding{}
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
	fmt.Fprintf(w, "\n%s, %s, %s\n", plural(rep.Count(check.SeverityError), "error"), plural(rep.Count(check.SeverityWarning), "warning"), plural(rep.Count(check.SeverityInfo), "note"))
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

func renderFinding(w io.Writer, f check.Finding) {
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
func renderNetwork(w io.Writer, env check.EnvSummary) {
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
	rows := append([]check.ServiceSummary{}, env.Endpoints...)
	if env.S3 != nil {
		rows = append(rows, *env.S3)
	}
	for _, s := range rows {
		var d string
		switch s.Status {
		case check.EndpointUsable:
			kind := "interface"
			if s.Via == sim.ViaGatewayEndpoint {
				kind = "gateway"
			}
			d = fmt.Sprintf("%s endpoint %s", kind, s.Endpoint)
		case check.EndpointUnusable:
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
