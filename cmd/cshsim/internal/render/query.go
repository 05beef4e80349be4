package render

import (
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/cshsim/cshsim/sim"
)

// queryVersion is the version field of the JSON view of reach and explain.
const queryVersion = 1

// queryJSON is the JSON contract of reach and explain (design.md §4);
// fields are only added.
type queryJSON struct {
	Version  int          `json:"version"`
	Snapshot string       `json:"snapshot"`
	Source   sim.Source   `json:"source"`
	Results  []sim.Result `json:"results"`
}

// QueryJSON writes the answers of reach, or the one of explain, from src
// in the snapshot called name as one indented JSON object (docs/cli.md).
func QueryJSON(w io.Writer, name string, src sim.Source, rs []sim.Result) error {
	return writeJSON(w, queryJSON{Version: queryVersion, Snapshot: name, Source: src, Results: rs})
}

// writeJSON encodes v indented, with no HTML escaping.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func describeSource(src sim.Source) string {
	if src.Kind == sim.SourceInternet {
		return fmt.Sprintf("a host on the internet (%s)", src.IP)
	}
	what := string(src.Kind) + " " + src.ID
	if src.Kind == "cloudshell" {
		what = fmt.Sprintf("CloudShell environment %q", src.ID)
	}
	sgs := "no security groups"
	if len(src.SecurityGroups) > 0 {
		sgs = strings.Join(src.SecurityGroups, ", ")
	}
	return fmt.Sprintf("%s: %s in %s (%s), %s", what, src.IP, src.Subnet, src.VPC, sgs)
}

// ReachText writes reach's table: one line per destination with its
// verdict, how a service name resolved and the path, the code and fix of
// what drops it, then the assumptions of all the answers.
func ReachText(w io.Writer, name string, src sim.Source, rs []sim.Result) {
	fmt.Fprintf(w, "%s\nfrom %s\n\n", name, describeSource(src))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "DESTINATION\tRESULT\tVIA\tPATH")
	var assumptions []string
	for _, r := range rs {
		verdict := "reachable"
		switch {
		case r.Verdict == sim.Unknown:
			verdict = "unknown"
		case !r.Reachable:
			verdict = "UNREACHABLE"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.Destination, verdict, via(r), pathSummary(r))
		switch {
		case r.Verdict == sim.Unknown:
			fmt.Fprintf(tw, "\t\t\t%s: %s\n", r.Code, r.Message)
			if c := firstCollect(r); c != "" {
				fmt.Fprintf(tw, "\t\t\tcollect: %s\n", c)
			}
		case !r.Reachable:
			fmt.Fprintf(tw, "\t\t\t%s: %s\n", r.Code, r.Message)
			if r.Fix != "" {
				fmt.Fprintf(tw, "\t\t\tfix: %s\n", r.Fix)
			}
		}
		for _, a := range r.Assumptions {
			if !slices.Contains(assumptions, a) {
				assumptions = append(assumptions, a)
			}
		}
	}
	tw.Flush()
	assumptions = mergeNoACL(assumptions)
	if len(assumptions) > 0 {
		fmt.Fprintln(w, "\nassumptions:")
		for _, a := range assumptions {
			fmt.Fprintf(w, "  - %s\n", a)
		}
	}
}

// firstCollect is the command that would collect what the first unknown
// decision of r needs, "" when none.
func firstCollect(r sim.Result) string {
	for _, u := range r.Unknowns {
		if u.Collect != "" {
			return u.Collect
		}
	}
	return ""
}

// via says how a service name resolved: the endpoint used, or internet.
func via(r sim.Result) string {
	res := r.Resolution
	if res == nil {
		if len(r.Parts) > 0 {
			var vs []string
			for _, p := range r.Parts {
				vs = append(vs, via(p.Result))
			}
			return strings.Join(vs, " + ")
		}
		return "-"
	}
	switch res.Via {
	case sim.ViaInterfaceEndpoint:
		return res.Endpoint
	case sim.ViaGatewayEndpoint:
		for _, h := range r.Hops {
			if h.Kind == "vpc-endpoint" && h.Verdict == sim.Deliver {
				return h.Component
			}
		}
	}
	return string(res.Via)
}

// pathSummary is the forward path in one line, the blocking hop marked.
func pathSummary(r sim.Result) string {
	if len(r.Parts) > 0 {
		var ps []string
		for _, p := range r.Parts {
			mark := "ok"
			switch {
			case p.Result.Verdict == sim.Unknown:
				mark = "? " + string(p.Result.Code)
			case !p.Result.Reachable:
				mark = "✗ " + string(p.Result.Code)
			}
			ps = append(ps, p.Name+" "+mark)
		}
		return strings.Join(ps, "; ")
	}
	var parts []string
	for _, h := range r.Path() {
		if (strings.HasPrefix(h.Component, "default-acl:") && h.Verdict == sim.Allow) || h.Kind == "dns" {
			continue // the implicit allow-all ACL and the name lookup say nothing here
		}
		name := h.Component
		switch {
		case h.Blocked():
			name += " ✗"
		case h.Verdict == sim.Undecided:
			name += " ?"
		}
		if len(parts) > 0 && strings.TrimSuffix(strings.TrimSuffix(parts[len(parts)-1], " ✗"), " ?") == h.Component {
			parts[len(parts)-1] = name
			continue
		}
		parts = append(parts, name)
	}
	if r.Reachable {
		for _, h := range r.Hops {
			if h.Leg == sim.LegReturn && h.Blocked() {
				parts = append(parts, "(reply ✗ "+h.Component+")")
			}
		}
	}
	return strings.Join(parts, " → ")
}

// ExplainText writes explain's walk of one answer: the verdict, how the
// name resolved, every hop numbered, then the blockers, the unknowns and
// the assumptions.
func ExplainText(w io.Writer, name string, src sim.Source, r sim.Result) {
	fmt.Fprintf(w, "%s\nfrom %s\nto   %s", name, describeSource(src), r.Destination)
	if r.Asked != "" && r.Asked != r.Destination {
		fmt.Fprintf(w, " (asked: %s)", r.Asked)
	}
	if r.Address != "" && r.Address+":"+fmt.Sprint(r.Port)+"/"+r.Protocol != r.Destination && !strings.HasPrefix(r.Destination, r.Address) {
		fmt.Fprintf(w, " (%s %d, probed at %s)", r.Protocol, r.Port, r.Address)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w)
	switch {
	case r.Verdict == sim.Unknown:
		// No symptom: what the user will see depends on what is missing.
		fmt.Fprintf(w, "UNKNOWN  %s\n  %s\n", r.Code, r.Message)
		fmt.Fprintf(w, "  nothing on the path is known to block the traffic, but the snapshot lacks what decides it\n\n")
	case r.Reachable:
		fmt.Fprintf(w, "REACHABLE\n\n")
	default:
		if r.Symptom != "" {
			fmt.Fprintf(w, "%s\n\n", upperFirst(r.Symptom))
		}
		fmt.Fprintf(w, "UNREACHABLE  %s\n  %s\n\n", r.Code, r.Message)
	}
	if len(r.Parts) > 0 && strings.HasPrefix(r.Destination, "ecs-exec:") {
		fmt.Fprintf(w, "ECS Exec needs no inbound rule on the task and no path from the client to the task:\nthe client calls the ECS API, then the client and the task's agent both dial ssmmessages on 443.\n\n")
	}
	if res := r.Resolution; res != nil {
		if res.Via == sim.ViaNone {
			fmt.Fprintf(w, "name: %s does not resolve", res.Name)
		} else {
			fmt.Fprintf(w, "name: %s resolves via %s", res.Name, res.Via)
		}
		if res.Endpoint != "" {
			fmt.Fprintf(w, " (endpoint %s)", res.Endpoint)
		}
		fmt.Fprintf(w, "\n  %s\n\n", res.Reason)
	}
	fmt.Fprintln(w, "hops:")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	n := 0
	printed := false
	part := ""
	for _, h := range r.Hops {
		if h.Part != part {
			tw.Flush()
			fmt.Fprintf(w, "  [%s]\n", h.Part)
			part, printed = h.Part, false
		}
		if h.Leg == sim.LegReturn && !printed {
			tw.Flush()
			fmt.Fprintln(w, "  the reply:")
			printed = true
		}
		n++
		mark := string(h.Verdict)
		switch {
		case h.Blocked():
			mark += " ✗"
		case h.Verdict == sim.Undecided:
			mark += " ?"
		}
		kind := string(h.Kind)
		if h.Direction != "" {
			kind += " " + string(h.Direction)
		}
		at := ""
		if h.At != "" {
			at = "  (" + h.At + ")"
		}
		fmt.Fprintf(tw, "  %2d. %s\t%s\t%s\t%s%s\n", n, h.Component, kind, mark, h.Detail, at)
	}
	tw.Flush()
	var items []listItem
	for _, b := range r.Blockers {
		items = append(items, listItem{b.Code, b.Component, b.Message, "fix", b.Fix})
	}
	renderList(w, "blocker:", "blockers (%d; fix them all):", items)
	items = items[:0]
	for _, u := range r.Unknowns {
		items = append(items, listItem{u.Code, u.Component, u.Message, "collect", u.Collect})
	}
	renderList(w, "unknown:", "unknowns (%d; collect them all to decide):", items)
	if len(r.Assumptions) > 0 {
		fmt.Fprintln(w, "\nassumptions:")
		for _, a := range r.Assumptions {
			fmt.Fprintf(w, "  - %s\n", a)
		}
	}
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

var noACLRE = regexp.MustCompile(`^(.+?) (?:has|have) no network ACL in the snapshot: `)

// mergeNoACL folds the per-result "subnets without a network ACL"
// assumptions of a reach table into one line.
func mergeNoACL(as []string) []string {
	var subnets, out []string
	at := -1
	for _, a := range as {
		m := noACLRE.FindStringSubmatch(a)
		if m == nil {
			out = append(out, a)
			continue
		}
		if at < 0 {
			at = len(out)
			out = append(out, "")
		}
		for _, s := range strings.Split(m[1], ", ") {
			if !slices.Contains(subnets, s) {
				subnets = append(subnets, s)
			}
		}
	}
	if at >= 0 {
		if len(subnets) == 1 {
			out[at] = subnets[0] + " has no network ACL in the snapshot: the VPC's default ACL, which allows all traffic, is assumed"
		} else {
			out[at] = strings.Join(subnets, ", ") + " have no network ACL in the snapshot: their VPC's default ACL, which allows all traffic, is assumed"
		}
	}
	return out
}

// listItem is one blocker or unknown of explain's lists.
type listItem struct {
	code            sim.Code
	component, msg  string
	action, actText string // "fix" or "collect", and what to do
}

// renderList prints the numbered blockers or unknowns under a heading:
// one for a single item, many (with the count) for several.
func renderList(w io.Writer, one, many string, items []listItem) {
	if len(items) == 0 {
		return
	}
	fmt.Fprintln(w)
	if len(items) == 1 {
		fmt.Fprintln(w, one)
	} else {
		fmt.Fprintf(w, many+"\n", len(items))
	}
	for i, it := range items {
		fmt.Fprintf(w, "  %d. %s at %s: %s\n", i+1, it.code, it.component, it.msg)
		if it.actText != "" {
			fmt.Fprintf(w, "     %s: %s\n", it.action, it.actText)
		}
	}
}
