package sim

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/cshsim/cshsim/model"
)

// Source is where a query starts: an interface with its subnet, private
// address and security groups.
type Source struct {
	// Kind is cloudshell, eni, subnet, ecs-task or internet.
	Kind   SourceKind `json:"kind"`
	ID     string     `json:"id"`
	VPC    string     `json:"vpc"`
	Subnet string     `json:"subnet"`
	IP     netip.Addr `json:"ip"`
	// SecurityGroups are the groups whose egress rules apply.
	SecurityGroups []string `json:"security_groups,omitempty"`
	// ENI is the interface id in the graph ("cloudshell:<name>" for an
	// environment the snapshot has no interface for).
	ENI string `json:"eni,omitempty"`
	// PublicIP is the interface's public address; CloudShell never has one.
	PublicIP netip.Addr `json:"-"`
	// Assumptions are what choosing the source had to assume, in words;
	// Assumed holds the same as values.
	Assumptions []string     `json:"assumptions,omitempty"`
	Assumed     []Assumption `json:"assumed,omitempty"`
}

// assume records an assumption made in choosing the source.
func (s *Source) assume(a Assumption) {
	s.Assumptions = append(s.Assumptions, a.Text)
	s.Assumed = append(s.Assumed, a)
}

// SourceKind is what a query starts from.
type SourceKind string

// Kinds of source.
const (
	SourceCloudShell SourceKind = "cloudshell" // a CloudShell VPC environment
	SourceENI        SourceKind = "eni"        // a network interface
	SourceSubnet     SourceKind = "subnet"     // an environment not built yet: subnet and groups
	SourceECSTask    SourceKind = "ecs-task"   // an ECS task's interface
	SourceInternet   SourceKind = "internet"   // a host on the internet, for inbound exposure
)

// SourceError is returned by ResolveSource for a source the snapshot does
// not hold; its message says what the snapshot does hold (a did-you-mean,
// or the list when it is short).
type SourceError struct {
	// Msg is the one-sentence message.
	Msg string
}

// Error returns the message, one sentence naming what the snapshot holds.
func (e *SourceError) Error() string { return e.Msg }

// ResolveSource reads the --from forms of design.md §4: cloudshell (the only
// CloudShell environment, or in an export the only in-use interface tagged
// ManagedByCloudShell), cloudshell:<name>, an interface id, ecs-task:<id>,
// and subnet:<id>[,sg-…] for an environment not yet built.
func (g *Graph) ResolveSource(from string) (Source, error) {
	from = strings.TrimSpace(from)
	switch {
	case from == "" || from == "cloudshell":
		return g.onlyCloudShell()
	case from == string(SourceInternet):
		s := Source{Kind: SourceInternet, ID: "internet", IP: internetHost, PublicIP: internetHost}
		s.assume(assumption(AssumeInternetHost, fmt.Sprintf("a host on the internet at %s", internetHost)))
		return s, nil
	case strings.HasPrefix(from, model.CloudShellPrefix):
		name, _ := model.CloudShellName(from)
		for _, c := range g.snap.CloudShells {
			if c.Name == name {
				return g.cloudShellSource(c)
			}
		}
		if e, ok := g.enis[name]; ok && !e.synthetic {
			s := g.eniSource(e)
			s.Kind = SourceCloudShell
			return s, nil
		}
		var names []string
		for _, c := range g.snap.CloudShells {
			names = append(names, c.Name)
		}
		return Source{}, notFound(fmt.Sprintf("no CloudShell environment named %q", name), name, names)
	case strings.HasPrefix(from, "subnet:"):
		return g.subnetSource(strings.TrimPrefix(from, "subnet:"))
	case strings.HasPrefix(from, "ecs-task:"):
		id := strings.TrimPrefix(from, "ecs-task:")
		var ids []string
		for _, t := range g.snap.ECSTasks {
			if t.ID == id || t.ARN == id {
				e := g.taskAddr(&t)
				if e == nil {
					return Source{}, &SourceError{fmt.Sprintf("ECS task %q has no network interface in the snapshot (awsvpc tasks list it in attachments; a design gives the task a subnet)", id)}
				}
				s := g.eniSource(e)
				s.Kind, s.ID = SourceECSTask, t.ID
				if e.synthetic && !t.PrivateIP.IsValid() {
					s.assume(assumption(AssumeAddress, fmt.Sprintf("the address of task %s is not in the snapshot; assumed %s", t.ID, e.ip), t.ID))
				}
				return s, nil
			}
			ids = append(ids, t.ID)
		}
		return Source{}, notFound(fmt.Sprintf("no ECS task %q in the snapshot", id), id, ids)
	}
	if e, ok := g.enis[from]; ok && !e.synthetic {
		if e.detached() {
			// A detached interface sends nothing (EC2 API,
			// NetworkInterface.Status "available").
			return Source{}, &SourceError{fmt.Sprintf("network interface %s is detached (status %s): it is attached to nothing and sends no traffic", e.id, e.status)}
		}
		return g.eniSource(e), nil
	}
	var ids []string
	for id, e := range g.enis {
		if !e.synthetic {
			ids = append(ids, id)
		}
	}
	return Source{}, notFound(fmt.Sprintf("unknown source %q: want cloudshell, cloudshell:<name>, an interface id (eni-…), ecs-task:<id>, subnet:<id>[,sg-…] or internet", from), from, ids)
}

func notFound(msg, asked string, have []string) error {
	slices.Sort(have)
	if s := model.Suggest(asked, have); s != "" {
		msg += fmt.Sprintf("; did you mean %q?", s)
	} else if len(have) > 0 && len(have) <= 10 {
		msg += " (the snapshot has: " + strings.Join(have, ", ") + ")"
	}
	return &SourceError{msg}
}

func (g *Graph) onlyCloudShell() (Source, error) {
	envs := g.snap.CloudShells
	if len(envs) == 1 {
		return g.cloudShellSource(envs[0])
	}
	if len(envs) > 1 {
		var names []string
		for _, c := range envs {
			names = append(names, c.ID())
		}
		return Source{}, &SourceError{"the snapshot has several CloudShell environments; choose one with --from: " + strings.Join(names, ", ")}
	}
	var live, stale []string
	for _, e := range g.snap.ENIs {
		if !e.HasTag(model.CloudShellTag) {
			continue
		}
		if !e.Status.Known() || e.Status == model.StateInUse {
			live = append(live, e.ID)
		} else {
			stale = append(stale, e.ID)
		}
	}
	slices.Sort(live)
	switch len(live) {
	case 1:
		s := g.eniSource(g.enis[live[0]])
		s.Kind = SourceCloudShell
		return s, nil
	case 0:
		msg := "the snapshot has no CloudShell environment (no [[cloudshell]] table and no in-use interface tagged " + model.CloudShellTag + "); use --from eni-…, ecs-task:<id> or subnet:<id>[,sg-…]"
		if len(stale) > 0 {
			msg += "; interfaces tagged " + model.CloudShellTag + " but not attached (stale): " + strings.Join(stale, ", ")
		}
		return Source{}, &SourceError{msg}
	}
	return Source{}, &SourceError{"the snapshot has several interfaces tagged " + model.CloudShellTag + "; choose one with --from: " + strings.Join(live, ", ")}
}

func (g *Graph) cloudShellSource(c model.CloudShellEnv) (Source, error) {
	if c.ENI != "" {
		e, ok := g.enis[c.ENI]
		if !ok {
			return Source{}, &SourceError{fmt.Sprintf("CloudShell environment %q names interface %q, which the snapshot does not hold", c.Name, c.ENI)}
		}
		s := g.eniSource(e)
		s.Kind, s.ID = "cloudshell", c.Name
		if len(c.SecurityGroups) > 0 {
			s.SecurityGroups = c.SecurityGroups
		}
		return s, nil
	}
	e, ok := g.enis[c.ID()]
	if !ok || g.subnets[c.Subnet] == nil {
		return Source{}, &SourceError{fmt.Sprintf("CloudShell environment %q is in subnet %q, which the snapshot does not hold", c.Name, c.Subnet)}
	}
	s := Source{Kind: SourceCloudShell, ID: c.Name, VPC: e.vpc, Subnet: e.subnet, IP: e.ip, SecurityGroups: e.sgs, ENI: e.id}
	if !c.IP.IsValid() {
		s.assume(assumption(AssumeAddress, fmt.Sprintf("the environment's address is not in the snapshot; assumed %s, the first usable address of %s", e.ip, c.Subnet), c.ID()))
	}
	return s, nil
}

func (g *Graph) eniSource(e *eniInfo) Source {
	return Source{Kind: SourceENI, ID: e.id, VPC: e.vpc, Subnet: e.subnet, IP: e.ip, SecurityGroups: e.sgs, ENI: e.id, PublicIP: e.publicIP}
}

func (g *Graph) subnetSource(spec string) (Source, error) {
	parts := strings.Split(spec, ",")
	si := g.subnets[parts[0]]
	if si == nil {
		return Source{}, notFound(fmt.Sprintf("no subnet %q in the snapshot", parts[0]), parts[0], sortedKeys(g.subnets))
	}
	var sgs []string
	for _, sg := range parts[1:] {
		sg = strings.TrimSpace(sg)
		if sg == "" {
			continue
		}
		grp, ok := g.sgs[sg]
		if !ok {
			return Source{}, notFound(fmt.Sprintf("no security group %q in the snapshot", sg), sg, sortedKeys(g.sgs))
		}
		if grp.VPC != si.s.VPC {
			return Source{}, &SourceError{fmt.Sprintf("security group %q is in vpc %q, but subnet %q is in vpc %q", sg, grp.VPC, si.s.ID, si.s.VPC)}
		}
		sgs = append(sgs, sg)
	}
	if len(sgs) > model.MaxCloudShellSGs {
		return Source{}, &SourceError{fmt.Sprintf("%d security groups: a CloudShell VPC environment takes at most %d", len(sgs), model.MaxCloudShellSGs)}
	}
	ip := firstUsable(si.s.CIDR)
	s := Source{Kind: SourceSubnet, ID: spec, VPC: si.s.VPC, Subnet: si.s.ID, IP: ip, SecurityGroups: sgs}
	s.assume(assumption(AssumeAddress, fmt.Sprintf("a new interface in %s; assumed address %s (the first usable)", si.s.ID, ip), si.s.ID))
	if len(sgs) == 0 {
		s.assume(assumption(AssumeDefaultSG, "no security groups given: the VPC's default security group would be attached; its rules are not known here, so egress is assumed allowed", si.s.VPC))
	}
	return s, nil
}
