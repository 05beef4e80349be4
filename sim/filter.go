package sim

import (
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/cshsim/cshsim/model"
)

// packet is the simulated packet as the component at hand sees it.
type packet struct {
	src, dst netip.Addr
	proto    model.Protocol
	port     uint16 // destination port (TCP/UDP)
	// srcPorts are the source's ephemeral ports, the destination ports of
	// the replies: 32768–61000 for a Linux client such as CloudShell's
	// Amazon Linux 2023, 1024–65535 after a NAT gateway (VPC User Guide,
	// "Ephemeral ports").
	srcPorts model.PortRange
	// srcSGs are the sender's security groups while its private address is
	// preserved; nil after a NAT (SG references then cannot match).
	srcSGs []string
	// srcPublic is the public address the source is mapped to at an IGW.
	srcPublic netip.Addr
	// nat is the NAT gateway that translated the source, if any.
	nat *model.NATGateway
	// nats are the source translations made so far, innermost last; the
	// reply undoes them.
	nats []natFrame
	// viaPeering marks a packet that crossed a peering connection: no NAT
	// gateway, IGW or gateway endpoint of the peer takes it (no edge-to-edge).
	viaPeering bool
}

// natFrame is one source translation by a NAT gateway: replies to addr are
// translated back to client on clientPorts.
type natFrame struct {
	nat         *model.NATGateway
	subnet      *subnetInfo
	client      netip.Addr
	clientPorts model.PortRange
	addr        netip.Addr
}

// Ephemeral port ranges (VPC User Guide, "Ephemeral ports").
var (
	linuxEphemeral = model.PortRange{First: 32768, Last: 61000}
	natEphemeral   = model.PortRange{First: 1024, Last: 65535}
)

// An ICMP probe sends an echo request (type 8, code 0); the reply is an
// echo reply (type 0, code 0).
const echoType, echoReplyType, echoCode = 8, 0, 0

func (p packet) service() string {
	switch p.proto {
	case model.ProtoTCP, model.ProtoUDP:
		return fmt.Sprintf("%s %d", p.proto, p.port)
	case model.ProtoICMP:
		return "icmp echo"
	}
	return p.proto.String()
}

// sgRuleMatch reports whether an SG rule admits traffic of p's protocol and
// port with the peer address peer, which belongs to an interface with the
// security groups peerSGs (nil when the address is translated or unknown).
// Source: VPC User Guide, "Security group rules": rules match destination
// ports only; any protocol other than TCP, UDP, ICMP and ICMPv6 admits all
// ports; a security group reference matches the private addresses of the
// interfaces the group is attached to.
func (g *Graph) sgRuleMatch(r model.SGRule, p packet, peer netip.Addr, peerSGs []string) bool {
	if !r.Protocol.Matches(p.proto) {
		return false
	}
	switch {
	case r.Protocol == model.ProtoAll:
	case r.Protocol.HasPorts():
		if !r.Ports.Contains(p.port) {
			return false
		}
	case r.Protocol == model.ProtoICMP || r.Protocol == model.ProtoICMPv6:
		if !r.ICMP.Matches(echoType, echoCode) {
			return false
		}
	}
	switch {
	case r.CIDR.IsValid():
		return r.CIDR.Contains(peer)
	case r.PrefixList != "":
		pl := g.pls[r.PrefixList]
		return pl != nil && slices.ContainsFunc(pl.CIDRs, func(c netip.Prefix) bool { return c.Contains(peer) })
	case r.Group != "":
		return slices.Contains(peerSGs, r.Group)
	}
	return false
}

// sgVerdict evaluates the union of the groups' rules in one direction.
// Security groups are allow-only and stateful: replies pass without a rule
// (VPC User Guide, "Security groups").
//
// Groups the snapshot does not hold (a partial export) are reported in
// unknown; the caller decides what to assume.
func (g *Graph) sgVerdict(sgs []string, egress bool, p packet, peer netip.Addr, peerSGs []string, quiet bool) (ok bool, rule, detail string, unknown []string) {
	dir := "ingress"
	if egress {
		dir = "egress"
	}
	nrules := 0
	for _, id := range sgs {
		sg := g.sgs[id]
		if sg == nil {
			unknown = append(unknown, "security group "+id)
			continue
		}
		rules := sg.Ingress
		if egress {
			rules = sg.Egress
		}
		nrules += len(rules)
		for i, r := range rules {
			if g.sgRuleMatch(r, p, peer, peerSGs) {
				if quiet {
					return true, "", "", nil
				}
				return true, fmt.Sprintf("%s %s[%d]", id, dir, i), describeSGRule(r, egress), nil
			}
			// A rule naming a prefix list whose entries the snapshot lacks
			// (describe-managed-prefix-lists without its entries) may match.
			if r.PrefixList != "" && g.plUnknown(r.PrefixList) {
				q := r
				q.PrefixList, q.CIDR = "", netip.PrefixFrom(peer, peer.BitLen())
				if g.sgRuleMatch(q, p, peer, peerSGs) {
					unknown = append(unknown, fmt.Sprintf("the entries of prefix list %s (in %s)", r.PrefixList, id))
				}
			}
		}
	}
	if nrules == 0 && len(unknown) == 0 {
		return false, "", "no " + dir + " rules", nil
	}
	return false, "", "", unknown
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

// aclDecision is the outcome of a network ACL for a range of ports.
type aclDecision struct {
	allowed bool
	rule    string // "100", "*"
	detail  string
}

// aclVerdict evaluates a network ACL for traffic through a subnet boundary:
// outbound entries match the destination address, inbound entries the
// source; entries are tried in ascending rule number and the first match
// decides; what matches nothing hits the implicit "*" deny (VPC User
// Guide, "Network ACL rules"). ports is a range for the return leg (the
// replies' ephemeral ports): the ACL allows only when every port of the
// range is allowed, since the client may pick any of them.
//
// icmpType is the ICMP type the ACL sees: 8 (echo request) on the way
// out, 0 (echo reply) for the reply (RFC 792).
//
// With explain false only the verdict and the deciding rule number are
// computed (bulk runs).
func aclVerdict(acl *model.NetworkACL, egress bool, proto model.Protocol, peer netip.Addr, ports model.PortRange, icmpType int16, explain ...bool) aclDecision {
	if len(explain) > 0 && !explain[0] {
		return aclQuick(acl, egress, proto, peer, ports, icmpType)
	}
	if acl == nil {
		return aclDecision{allowed: true, rule: "", detail: "the VPC's default network ACL (not in the snapshot) allows all traffic"}
	}
	entries := make([]model.ACLEntry, 0, len(acl.Entries))
	for _, e := range acl.Entries {
		if e.Egress == egress {
			entries = append(entries, e)
		}
	}
	slices.SortStableFunc(entries, func(a, b model.ACLEntry) int { return a.RuleNumber - b.RuleNumber })
	open := []model.PortRange{ports} // ports not yet decided
	var allowedBy, deniedBy, missed []string
	var deniedPorts []model.PortRange
	for _, e := range entries {
		if len(open) == 0 {
			break
		}
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
			if e.Allow {
				missed = append(missed, fmt.Sprintf("rule %d allows only %s", e.RuleNumber, describeACLEntry(e, egress)))
			}
			continue
		}
		desc := fmt.Sprintf("rule %d %s %s", e.RuleNumber, action(e.Allow), describeACLEntry(e, egress))
		if e.Allow {
			allowedBy = append(allowedBy, desc)
		} else {
			deniedBy = append(deniedBy, desc)
			deniedPorts = append(deniedPorts, hit...)
		}
	}
	if len(open) > 0 {
		deniedBy = append(deniedBy, "rule * denies everything else")
		deniedPorts = append(deniedPorts, open...)
	}
	if len(deniedBy) == 0 {
		return aclDecision{allowed: true, rule: firstRule(allowedBy), detail: strings.Join(allowedBy, "; ")}
	}
	d := aclDecision{allowed: false, rule: firstRule(deniedBy), detail: strings.Join(deniedBy, "; ")}
	if ports.First != ports.Last && proto.HasPorts() {
		denied := joinRanges(deniedPorts)
		if denied == ports.String() {
			d.detail = fmt.Sprintf("every port of %s denied: %s", ports, d.detail)
		} else {
			d.detail = fmt.Sprintf("ports %s of %s denied: %s", denied, ports, d.detail)
		}
		if len(allowedBy) > 0 {
			d.detail += "; " + strings.Join(allowedBy, "; ")
		}
	}
	if len(missed) > 0 {
		d.detail += " (" + strings.Join(missed, "; ") + ")"
	}
	return d
}

func firstRule(descs []string) string {
	if len(descs) == 0 {
		return ""
	}
	f := strings.Fields(descs[0])
	if len(f) > 1 {
		return f[1]
	}
	return ""
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

// aclQuick is aclVerdict without explanations: the same first-match walk
// over the entries, with no strings built.
func aclQuick(acl *model.NetworkACL, egress bool, proto model.Protocol, peer netip.Addr, ports model.PortRange, icmpType int16) aclDecision {
	if acl == nil {
		return aclDecision{allowed: true}
	}
	var buf [8]model.ACLEntry
	entries := buf[:0]
	for _, e := range acl.Entries {
		if e.Egress == egress {
			entries = append(entries, e)
		}
	}
	slices.SortStableFunc(entries, func(a, b model.ACLEntry) int { return a.RuleNumber - b.RuleNumber })
	var obuf [4]model.PortRange
	open := append(obuf[:0], ports)
	for _, e := range entries {
		if len(open) == 0 {
			break
		}
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
		if len(hit) > 0 && !e.Allow {
			return aclDecision{allowed: false, rule: strconv.Itoa(e.RuleNumber)}
		}
	}
	if len(open) > 0 {
		return aclDecision{allowed: false, rule: "*"}
	}
	return aclDecision{allowed: true}
}

// plUnknown reports whether a prefix list's entries are unknown: it is not
// in the snapshot, or the snapshot names it without its entries.
func (g *Graph) plUnknown(id string) bool {
	pl := g.pls[id]
	return pl == nil || (!pl.EntriesKnown && len(pl.CIDRs) == 0)
}
