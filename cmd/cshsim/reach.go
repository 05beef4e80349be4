package main

import (
	"context"
	"flag"
	"fmt"
	"strconv"

	"github.com/cshsim/cshsim/cmd/cshsim/internal/render"
	"github.com/cshsim/cshsim/scenarios"
	"github.com/cshsim/cshsim/sim"
)

type reachArgs struct {
	from      string
	to        multi
	port      portFlag
	format    formatFlag
	customDNS formatFlag
}

func (a *reachArgs) options() sim.Options {
	return sim.Options{CustomDNSBypasses: a.customDNS.val == "bypasses"}
}

// queryFlags declares the flags reach and explain share.
func queryFlags(fs *flag.FlagSet, toHelp, portHelp string) *reachArgs {
	a := &reachArgs{format: formatFlag{val: "text", allowed: []string{"text", "json", "mermaid"}}}
	fs.StringVar(&a.from, "from", "cloudshell", "the source: cloudshell, cloudshell:<name>, eni-…, ecs-task:<id>, subnet:<id>[,sg-…], internet")
	fs.Var(&a.to, "to", toHelp+"internet, aws:<service>, ecs-exec:<task>, ecs-task:<task>:<port>, <ip>[:<port>][/tcp|udp|icmp], a host name or URL")
	fs.Var(&a.port, "port", portHelp)
	fs.Var(&a.format, "format", "output format: text, json or mermaid (a flowchart of the hops)")
	dnsFlag(fs, a)
	return a
}

// portFlag is --port: 0 when not given, else a port from 1 to 65535, read
// by the parser of --to's :<port> so that both reject the same text alike.
type portFlag uint16

// String returns the port (flag.Value).
func (p *portFlag) String() string { return strconv.Itoa(int(*p)) }

// Set accepts a port from 1 to 65535 (flag.Value).
func (p *portFlag) Set(s string) error {
	n, err := sim.ParsePort(s)
	*p = portFlag(n)
	return err
}

func dnsFlag(fs *flag.FlagSet, a *reachArgs) {
	a.customDNS = formatFlag{name: "--custom-dns", val: "forwards", allowed: []string{"forwards", "bypasses"}}
	fs.Var(&a.customDNS, "custom-dns", "when a VPC's DHCP options name custom DNS servers, assume they forward AWS names to the VPC resolver (forwards) or not (bypasses)")
}

var cmdReach = &command{
	Name:      "reach",
	UsageLine: "reach [SNAPSHOT] [--from SRC] [--to DST]... [--port N] [--format text|json|mermaid]",
	Short:     "list what a CloudShell environment or interface can reach",
	Long: `Reach simulates traffic from a source to each destination and prints one
line per destination: the verdict and the path, or the code and reason of
the first component that drops the traffic.

Without --to it checks the default catalogue: the internet, every AWS
service on the CloudShell VPC environment endpoint list, sts, s3, and every
service the snapshot has a VPC endpoint for; the VIA column says whether a
service is reached through an interface endpoint, a gateway endpoint or the
internet. SNAPSHOT is a .toml file, a folder of AWS CLI JSON exports, a
Terraform plan (terraform show -json), or scenario:<name>; without it the
default scenario (` + scenarios.Default + `) is used.

SRC (default cloudshell):
  cloudshell             the only CloudShell environment of the snapshot
                         (in an export: the interface tagged ManagedByCloudShell)
  cloudshell:<name>      a CloudShell environment by name
  eni-0123…              any network interface
  ecs-task:<id>          an ECS task's interface
  subnet:<id>[,sg-…]     an environment not built yet: a new interface there
  internet               a host on the internet (inbound exposure of public IPs)

DST (repeatable; the canonical form comes back in results):
  internet               a public address, TCP 443
  internet:80/tcp        the same on another port or protocol (internet/udp,
                         internet/icmp; aws:<service>:<port> likewise)
  aws:<service>          an AWS API (aws:logs, aws:s3, aws:ecr.api…), resolved as
                         the VPC resolves its name (interface endpoint with
                         private DNS, else public addresses)
  ecs-exec:<task-id>     ECS Exec into a task: client → ECS API, client → SSM
                         Messages, task → SSM Messages
  ecs-task:<task-id>:<port>  a direct connection to a task
  https://host/path      a URL: the scheme gives the port (https 443, http 80,
                         ssh 22, postgres 5432…); s3://bucket/key is aws:s3
  logs.eu-west-1.amazonaws.com, db.internal.example:5432
                         a host name, resolved as the VPC resolves it
  10.0.2.7               an address, TCP 443 (10.0.2.7:443/tcp)
  10.0.2.7:5432          TCP 5432; add /udp or /tcp to choose the protocol
  10.0.2.7/icmp          ICMP echo

--format json writes one object for scripts (docs/cli.md); --format mermaid
draws every destination's walk as a Mermaid flowchart.

Examples:
  cshsim reach
  cshsim reach scenario:public-subnet
  cshsim reach design.toml --from cloudshell:ops --to internet --to 10.0.2.10:5432
  cshsim reach ./export --from eni-0a1b2c3d --to 10.1.0.5:22/tcp --format json`,
	Flags: func(fs *flag.FlagSet) any {
		return queryFlags(fs, "a destination (repeatable): ", "probe TCP/UDP destinations on port `N` (1 to 65535) instead of their own")
	},
	Run: func(ctx context.Context, e *env, args any, pos []string) int {
		a := args.(*reachArgs)
		if len(pos) > 1 {
			return e.errorf("reach: one SNAPSHOT at most, got %d (%v)", len(pos), pos)
		}
		snap := ""
		if len(pos) == 1 {
			snap = pos[0]
		}
		l, ok := load(e, snap)
		if !ok {
			return exitUsage
		}
		src, err := l.Graph.ResolveSource(a.from)
		if err != nil {
			return e.errorf("--from: %v", err)
		}
		var dsts []sim.Destination
		for _, t := range a.to {
			d, err := sim.ParseDestination(t)
			if err != nil {
				return e.errorf("--to: %v", err)
			}
			dsts = append(dsts, d)
		}
		if len(dsts) == 0 {
			dsts = l.Graph.Catalogue(src)
		}
		if a.port > 0 {
			for i := range dsts {
				dsts[i] = dsts[i].WithPort(uint16(a.port))
			}
		}
		results := l.Graph.QueryAll(src, dsts, a.options())
		switch a.format.val {
		case "json":
			if err := render.QueryJSON(e.stdout, l.Name, src, results); err != nil {
				return e.errorf("writing JSON: %v", err)
			}
			return exitOK
		case "mermaid":
			render.QueryMermaid(e.stdout, l.Name, src, results)
			return exitOK
		}
		render.ReachText(e.stdout, l.Name, src, results)
		return exitOK
	},
}

var cmdExplain = &command{
	Name:      "explain",
	UsageLine: "explain [SNAPSHOT] --from SRC --to DST [--format text|json|mermaid]",
	Short:     "show hop by hop why a destination is or is not reachable",
	Long: `Explain walks one destination hop by hop: every security group, network
ACL, route table and gateway on the way, with the rule that decided and where
it is written. When the traffic is dropped it lists every blocker on the path
(the walk goes on past each one where it can) with the change that fixes it.

When a decision on the path needs data the snapshot lacks (for example a
peer VPC of another account) and nothing on the path certainly blocks the
traffic, the answer is UNKNOWN: explain names what is missing and the
read-only AWS CLI command that would collect it.

SRC and DST take the forms of 'cshsim reach'. Exit status 0 when reachable,
1 when not, 3 when unknown, 2 on bad usage or input.

--format mermaid draws the walk as a Mermaid flowchart (GitHub renders it
inside a mermaid code block, in issues and pull requests): one numbered node
per hop, each blocker red and marked ✗, the checks of the reply in a
subgraph of their own.

Examples:
  cshsim explain --to internet
  cshsim explain scenario:endpoints-private-dns-off --to aws:ssmmessages
  cshsim explain scenario:ecs-exec --to ecs-exec:web-1
  cshsim explain scenario:public-subnet --from cloudshell --to internet
  cshsim explain design.toml --from cloudshell:ops --to 10.0.2.10:5432/tcp --format json
  cshsim explain scenario:public-subnet --to internet --format mermaid`,
	Flags: func(fs *flag.FlagSet) any {
		return queryFlags(fs, "the destination: ", "probe a TCP/UDP destination on port `N` (1 to 65535)")
	},
	Run: func(ctx context.Context, e *env, args any, pos []string) int {
		a := args.(*reachArgs)
		if len(pos) > 1 {
			return e.errorf("explain: one SNAPSHOT at most, got %d (%v)", len(pos), pos)
		}
		if len(a.to) != 1 {
			return e.errorf("explain: give exactly one --to (got %d); `cshsim reach` checks several", len(a.to))
		}
		dst, err := sim.ParseDestination(a.to[0])
		if err != nil {
			return e.errorf("--to: %v", err)
		}
		if a.port > 0 {
			dst = dst.WithPort(uint16(a.port))
		}
		snap := ""
		if len(pos) == 1 {
			snap = pos[0]
		}
		l, ok := load(e, snap)
		if !ok {
			return exitUsage
		}
		src, err := l.Graph.ResolveSource(a.from)
		if err != nil {
			return e.errorf("--from: %v", err)
		}
		r := l.Graph.QueryWith(src, dst, a.options())
		code := exitFor(r)
		switch a.format.val {
		case "json":
			if err := render.QueryJSON(e.stdout, l.Name, src, []sim.Result{r}); err != nil {
				return e.errorf("writing JSON: %v", err)
			}
			return code
		case "mermaid":
			render.QueryMermaid(e.stdout, l.Name, src, []sim.Result{r})
			return code
		}
		render.ExplainText(e.stdout, l.Name, src, r)
		return code
	},
}

var cmdScenarios = &command{
	Name:      "scenarios",
	UsageLine: "scenarios",
	Short:     "list the embedded example snapshots",
	Long: `Scenarios prints one embedded example a line: its name, then what it shows.
Use one as SNAPSHOT with scenario:<name>, e.g.

  cshsim explain scenario:public-subnet --to internet`,
	Flags: func(fs *flag.FlagSet) any { return nil },
	Run: func(ctx context.Context, e *env, _ any, pos []string) int {
		if len(pos) > 0 {
			return e.errorf("scenarios takes no arguments")
		}
		for _, s := range scenarios.All() {
			mark := ""
			if s.Name == scenarios.Default {
				mark = " (default)"
			}
			fmt.Fprintf(e.stdout, "%s%s\t%s\n", s.Name, mark, s.Summary)
		}
		return exitOK
	},
}
