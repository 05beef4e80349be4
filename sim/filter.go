package sim

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/cshsim/cshsim/model"
)

// compiledSG is a security group compiled at Build: each rule's prefix
// list resolved to its CIDRs, rules kept in their written order (their
// positions name them).
type compiledSG struct {
	sg             *model.SecurityGroup
	ingress, egres []sgMatcher
	// refIn and refOut: some ingress (egress) rule references a group.
	refIn, refOut bool
}

// refGroups reports whether a rule of the groups, in one direction,
// references a security group: only then do the peer's groups matter.
func (g *Graph) refGroups(sgs []string, egress bool) bool {
	for _, id := range sgs {
		if c := g.sgc[id]; c != nil && ((egress && c.refOut) || (!egress && c.refIn)) {
			return true
		}
	}
	return false
}

// sgMatcher is one security group rule ready to match.
type sgMatcher struct {
	r     *model.SGRule  // the rule in the snapshot, which is immutable
	cidrs []netip.Prefix // its prefix list's entries (a CIDR rule matches r.CIDR)
	// plUnknown: the snapshot lacks the entries of the rule's prefix list,
	// so the rule may match any address.
	plUnknown bool
}

func (g *Graph) compileSG(sg *model.SecurityGroup) *compiledSG {
	c := &compiledSG{sg: sg}
	build := func(rules []model.SGRule) []sgMatcher {
		out := make([]sgMatcher, len(rules))
		for i := range rules {
			r := &rules[i]
			m := sgMatcher{r: r}
			switch {
			case r.CIDR.IsValid():
			case r.PrefixList != "":
				if g.plUnknown(r.PrefixList) {
					m.plUnknown = true
				} else {
					m.cidrs = g.pls[r.PrefixList].CIDRs
				}
			}
			out[i] = m
		}
		return out
	}
	c.ingress, c.egres = build(sg.Ingress), build(sg.Egress)
	c.refIn = slices.ContainsFunc(sg.Ingress, func(r model.SGRule) bool { return r.Group != "" })
	c.refOut = slices.ContainsFunc(sg.Egress, func(r model.SGRule) bool { return r.Group != "" })
	return c
}

// matchesTraffic reports whether a rule admits traffic of p's protocol and
// destination port. Source: VPC User Guide, "Security group rules": rules
// match destination ports only; any protocol other than TCP, UDP, ICMP and
// ICMPv6 admits all ports.
func matchesTraffic(r *model.SGRule, p *packet) bool {
	if !r.Protocol.Matches(p.proto) {
		return false
	}
	switch {
	case r.Protocol == model.ProtoAll:
	case r.Protocol.HasPorts():
		return r.Ports.Contains(p.port)
	case r.Protocol == model.ProtoICMP || r.Protocol == model.ProtoICMPv6:
		return r.ICMP.Matches(p.icmpType, echoCode)
	}
	return true
}

// matches reports whether the rule admits p from (or to) the peer address
// peer, which belongs to an interface with the security groups peerSGs
// (nil when the address is translated or unknown): a security group
// reference matches the private addresses of the interfaces the group is
// attached to.
func (m *sgMatcher) matches(p *packet, peer netip.Addr, peerSGs []string) bool {
	if !matchesTraffic(m.r, p) {
		return false
	}
	if m.r.Group != "" {
		return slices.Contains(peerSGs, m.r.Group)
	}
	if m.r.CIDR.IsValid() {
		return m.r.CIDR.Contains(peer)
	}
	for _, c := range m.cidrs {
		if c.Contains(peer) {
			return true
		}
	}
	return false
}

// sgDecision is what a set of security groups decided.
type sgDecision struct {
	allowed bool
	rule    string          // "sg-x egress[2]": the rule that allowed
	ref     *model.FieldRef // the same rule as a field reference
	detail  string          // the rule in words, or "no egress rules"
	// unknown lists what the decision needs that the snapshot lacks: a
	// group, or a prefix list's entries.
	unknown []string
}

// sgDecide evaluates the union of the groups' rules in one direction.
// Security groups are allow-only and stateful: replies pass without a rule
// (VPC User Guide, "Security groups"). explain builds the words; the
// verdict does not depend on it.
func (g *Graph) sgDecide(sgs []string, egress bool, p packet, peer netip.Addr, peerSGs []string, explain bool) sgDecision {
	dir := "ingress"
	if egress {
		dir = "egress"
	}
	var d sgDecision
	nrules := 0
	for _, id := range sgs {
		c := g.sgc[id]
		if c == nil {
			d.unknown = append(d.unknown, "security group "+id)
			continue
		}
		rules := c.ingress
		if egress {
			rules = c.egres
		}
		nrules += len(rules)
		for i := range rules {
			m := &rules[i]
			if m.matches(&p, peer, peerSGs) {
				d.allowed, d.unknown = true, nil
				if explain {
					field := fmt.Sprintf("%s[%d]", dir, i)
					d.rule, d.ref, d.detail = id+" "+field, &model.FieldRef{ID: id, Field: field}, describeSGRule(*m.r, egress)
				}
				return d
			}
			if m.plUnknown && matchesTraffic(m.r, &p) {
				d.unknown = append(d.unknown, fmt.Sprintf("the entries of prefix list %s (in %s)", m.r.PrefixList, id))
			}
		}
	}
	if nrules == 0 && len(d.unknown) == 0 {
		d.detail = "no " + dir + " rules"
	}
	return d
}

func describeSGRule(r model.SGRule, egress bool) string {
	what := r.Protocol.String()
	if r.Protocol.HasPorts() && !r.Ports.IsAll() {
		what += " " + r.Ports.String()
	}
	peer := r.CIDR.String()
	switch {
	case r.PrefixList != "":
		peer = r.PrefixList
	case r.Group != "":
		peer = r.Group
	}
	if egress {
		return what + " to " + peer
	}
	return what + " from " + peer
}

// compiledACL is a network ACL compiled at Build: its entries split by
// direction and sorted by rule number once, so no query sorts.
type compiledACL struct {
	acl     *model.NetworkACL
	in, out []aclEntry
}

// aclEntry is an entry with its index among its direction's entries as
// written (its position is "ingress[3]").
type aclEntry struct {
	e   model.ACLEntry
	pos int
}

func compileACL(a *model.NetworkACL) *compiledACL {
	c := &compiledACL{acl: a}
	for _, e := range a.Entries {
		if e.Egress {
			c.out = append(c.out, aclEntry{e, len(c.out)})
		} else {
			c.in = append(c.in, aclEntry{e, len(c.in)})
		}
	}
	by := func(a, b aclEntry) int { return cmp.Compare(a.e.RuleNumber, b.e.RuleNumber) }
	slices.SortStableFunc(c.in, by)
	slices.SortStableFunc(c.out, by)
	return c
}

// aclDecision is the outcome of a network ACL for a range of ports.
type aclDecision struct {
	allowed bool
	rule    string // "100", "*"
	pos     int    // the deciding entry's index among its direction's, -1 for none
	detail  string
}

// decide evaluates the ACL for traffic through a subnet boundary: outbound
// entries match the destination address, inbound entries the source;
// entries are tried in ascending rule number and the first match decides;
// what matches nothing hits the implicit "*" deny (VPC User Guide,
// "Network ACL rules"). ports is a range for the reply (the client's
// ephemeral ports): the ACL allows only when every port of the range is
// allowed, since the client may pick any of them. icmpType is the ICMP
// type the ACL sees: 8 (echo request) on the way out, 0 (echo reply) for
// the reply (RFC 792). A nil ACL is the VPC's default ACL the snapshot
// lacks, which allows all traffic (VPC User Guide, "Default network ACL").
//
// explain builds the words; the verdict and the deciding rule do not
// depend on it.
func (c *compiledACL) decide(egress bool, proto model.Protocol, peer netip.Addr, ports model.PortRange, icmpType int16, explain bool) aclDecision {
	if c == nil {
		return aclDecision{allowed: true, pos: -1, detail: "the VPC's default network ACL (not in the snapshot) allows all traffic"}
	}
	entries := c.in
	if egress {
		entries = c.out
	}
	var obuf [4]model.PortRange
	open := append(obuf[:0], ports) // ports not yet decided
	var allowedBy, deniedBy, missed []string
	var deniedPorts []model.PortRange
	first := aclDecision{pos: -1}
	decided := false
	for i := range entries {
		if len(open) == 0 {
			break
		}
		e := &entries[i].e
		if !e.Protocol.Matches(proto) || !e.CIDR.IsValid() || e.CIDR.Addr().Is4() != peer.Is4() || !e.CIDR.Contains(peer) {
			continue
		}
		if proto == model.ProtoICMP && e.Protocol == model.ProtoICMP && !e.ICMP.Matches(icmpType, echoCode) {
			continue
		}
		var hit []model.PortRange
		if e.Protocol.HasPorts() {
			open, hit = splitRanges(open, e.Ports)
		} else {
			hit, open = open, nil
		}
		if len(hit) == 0 {
			if e.Allow && explain {
				missed = append(missed, fmt.Sprintf("rule %d allows only %s", e.RuleNumber, describeACLEntry(*e, egress)))
			}
			continue
		}
		// The deciding rule: the first deny that hits, else the first allow.
		switch {
		case !e.Allow && !decided:
			first, decided = aclDecision{allowed: false, rule: strconv.Itoa(e.RuleNumber), pos: entries[i].pos}, true
		case e.Allow && first.rule == "":
			first = aclDecision{allowed: true, rule: strconv.Itoa(e.RuleNumber), pos: entries[i].pos}
		}
		if !explain {
			if !e.Allow {
				return first
			}
			continue
		}
		desc := fmt.Sprintf("rule %d %s %s", e.RuleNumber, action(e.Allow), describeACLEntry(*e, egress))
		if e.Allow {
			allowedBy = append(allowedBy, desc)
		} else {
			deniedBy = append(deniedBy, desc)
			deniedPorts = append(deniedPorts, hit...)
		}
	}
	if len(open) > 0 && !decided {
		first, decided = aclDecision{allowed: false, rule: "*", pos: -1}, true
	}
	if !decided {
		first.allowed = true
	}
	if !explain {
		return first
	}
	if len(open) > 0 {
		deniedBy = append(deniedBy, "rule * denies everything else")
		deniedPorts = append(deniedPorts, open...)
	}
	if len(deniedBy) == 0 {
		first.detail = strings.Join(allowedBy, "; ")
		return first
	}
	first.detail = strings.Join(deniedBy, "; ")
	if ports.First != ports.Last && proto.HasPorts() {
		denied := joinRanges(deniedPorts)
		if denied == ports.String() {
			first.detail = fmt.Sprintf("every port of %s denied: %s", ports, first.detail)
		} else {
			first.detail = fmt.Sprintf("ports %s of %s denied: %s", denied, ports, first.detail)
		}
		if len(allowedBy) > 0 {
			first.detail += "; " + strings.Join(allowedBy, "; ")
		}
	}
	if len(missed) > 0 {
		first.detail += " (" + strings.Join(missed, "; ") + ")"
	}
	return first
}

func action(allow bool) string {
	if allow {
		return "allows"
	}
	return "denies"
}

func describeACLEntry(e model.ACLEntry, egress bool) string {
	what := e.Protocol.String()
	if e.Protocol.HasPorts() && !e.Ports.IsAll() {
		what += " " + e.Ports.String()
	}
	if egress {
		return what + " to " + e.CIDR.String()
	}
	return what + " from " + e.CIDR.String()
}

// splitRanges removes r from the open ranges, returning what stays open and
// what r covered.
func splitRanges(open []model.PortRange, r model.PortRange) (rest, hit []model.PortRange) {
	for _, o := range open {
		if r.Last < o.First || r.First > o.Last {
			rest = append(rest, o)
			continue
		}
		lo, hi := max(o.First, r.First), min(o.Last, r.Last)
		hit = append(hit, model.PortRange{First: lo, Last: hi})
		if o.First < lo {
			rest = append(rest, model.PortRange{First: o.First, Last: lo - 1})
		}
		if hi < o.Last {
			rest = append(rest, model.PortRange{First: hi + 1, Last: o.Last})
		}
	}
	return rest, hit
}

func joinRanges(rs []model.PortRange) string {
	slices.SortFunc(rs, func(a, b model.PortRange) int { return int(a.First) - int(b.First) })
	var s []string
	for _, r := range rs {
		s = append(s, r.String())
	}
	return strings.Join(s, ", ")
}

// plUnknown reports whether a prefix list's entries are unknown: it is not
// in the snapshot, or the snapshot names it without its entries.
func (g *Graph) plUnknown(id string) bool {
	pl := g.pls[id]
	return pl == nil || (!pl.EntriesKnown && len(pl.CIDRs) == 0)
}
