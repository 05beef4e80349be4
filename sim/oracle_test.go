package sim

// This file holds a slow, deliberately simple reference evaluator (the
// oracle) of the AWS rules the walk implements for IPv4 VPCs without
// connections between them (aws-rules.md §2, §3.1, §3.2, §4), a generator
// of small random snapshots, and the differential tests that require
// engine == oracle on them (style.md habit 14; cf. net/netip's
// parseIPSlow).
//
// The oracle shares no code with the engine: it reads the model.Snapshot
// directly (no Graph, no lookup, sgDecide or sgMatcher), scans every
// route and every rule, and checks a network ACL on a return leg port by
// port. A private address names an interface only within one VPC (VPCs
// may overlap, as every Region's default VPC is 172.31.0.0/16), so every
// address lookup names the VPC it is made in; public addresses are global.
//
// Its answer is a verdict and a code (oracleAnswer). It stops at the first
// certain failure (unreachable, that code); the engine records every
// blocker and reports the first one as Result.Code, so both must check in
// the same order: the forward path in path order, then the stateless
// return checks in reverse order. A decision the snapshot cannot make (a
// security group it lacks, a prefix list without entries, a middlebox
// route) is remembered and the walk goes on as if it had passed; with no
// failure, the first one makes the verdict unknown, with its code, and
// with one it must still head the engine's Result.Unknowns.

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/cshsim/cshsim/model"
)

// Codes only the oracle returns: they never equal an engine code, so a
// generator that produces what the oracle does not model fails loudly.
const (
	oracleAmbiguous   Code = "ORACLE_AMBIGUOUS_ROUTE"
	oracleUnsupported Code = "ORACLE_UNSUPPORTED_TARGET"
	oracleNoSource    Code = "ORACLE_NO_SOURCE"
)

// oracleMaxExits bounds the subnets a packet may leave before the oracle
// calls it a routing loop. The generated paths leave at most three
// (source subnet, two NAT gateway subnets); a packet that revisits a state
// repeats itself forever, and repeated checks give the same verdicts.
const oracleMaxExits = 16

// oracleSrc is where an oracle query starts, read straight from the
// snapshot.
type oracleSrc struct {
	id     string
	subnet string
	ip     netip.Addr
	sgs    []string
	public netip.Addr // public IPv4 or EIP; never set for CloudShell (aws-rules.md §1.2)
}

// oracleIface is an interface a packet can be delivered to.
type oracleIface struct {
	id     string
	vpc    string // the VPC of its subnet: its private address means it only there
	subnet string
	ip     netip.Addr // private
	public netip.Addr // public IPv4 or Elastic IP, if any
	sgs    []string
}

// oracleAnswer is the oracle's answer to one query: the verdict, and the
// code of the first certain failure (unreachable) or of the first decision
// the snapshot cannot make (unknown); "" when reachable.
type oracleAnswer struct {
	verdict Answer
	code    Code
	// iface is the interface the request was delivered to, "" when none
	// (the internet, an address no interface holds, or a failure first).
	iface string
	// undecided is the first decision the snapshot cannot make, met before
	// any failure: the engine lists it first among Result.Unknowns, even
	// when a blocker makes the verdict unreachable.
	undecided Code
}

func (a oracleAnswer) String() string {
	s := string(a.verdict)
	if a.code != "" {
		s += " " + string(a.code)
	}
	if a.iface != "" {
		s += " at " + a.iface
	}
	return s
}

// oracleSGDecision is what a set of security groups decides in one
// direction.
type oracleSGDecision int

const (
	oracleSGDeny    oracleSGDecision = iota // no rule allows, and every rule is known
	oracleSGAllow                           // a known rule allows
	oracleSGUnknown                         // no known rule allows; a group or a matching rule's prefix list is not known
)

// oraclePkt is the packet as the component at hand sees it.
type oraclePkt struct {
	src netip.Addr
	// eph are the sender's ephemeral ports: the replies' destination ports.
	eph model.PortRange
	// sgs are the groups of the interface whose private address src is; nil
	// once the source is translated (NAT gateway, IGW).
	sgs []string
	// public is the address an internet gateway maps src to; zero if none.
	public netip.Addr
}

// oracleRules is the oracle's reading of AWS where the engine is known to
// read it differently: oracleAWS is AWS; each known engine bug has a
// variant that reads AWS the engine's way, so the differential tests can
// tell a known bug from a new one (see TestOracleEngineBug…).
type oracleRules struct {
	// icmpReplyType is the ICMP type of the reply to an echo request, as
	// the return legs' network ACLs see it: 0, echo reply.
	icmpReplyType int16
	// filteredReplyRoute lets a route whose state is neither active nor
	// blackhole ("filtered") carry the reply to the internet gateway.
	filteredReplyRoute bool
}

var oracleAWS = oracleRules{icmpReplyType: 0}

// oracleKnownBugs are the engine's known deviations from AWS, each with
// the test that shows it on a minimal snapshot.
var oracleKnownBugs = []struct {
	name  string
	rules oracleRules
}{
	// Empty: the two deviations found (the ICMP type of echo replies on
	// return legs, filtered reply routes) are fixed, and their tests below
	// now guard against regressions. A future known bug is listed here
	// with its test.
}

type oracleRun struct {
	rules   oracleRules
	s       *model.Snapshot
	ifaces  []oracleIface
	dst     netip.Addr
	proto   model.Protocol
	port    uint16
	returns []func() Code
	exits   int
	// unknown is the first decision the snapshot cannot make (a middlebox
	// route, a security group decision that needs a group or prefix list
	// entries the snapshot lacks); the walk goes on past it, and with no
	// blocker it is the answer.
	unknown Code
	// delivered is the interface the request reached, if any.
	delivered string
}

// undecided remembers a decision the snapshot cannot make; the first one
// is the answer's code when nothing fails.
func (o *oracleRun) undecided(c Code) {
	if o.unknown == "" {
		o.unknown = c
	}
}

// oracleAddHost returns a + n for an IPv4 address.
func oracleAddHost(a netip.Addr, n uint32) netip.Addr {
	b := a.As4()
	v := uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
	v += n
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)})
}

// oracleCloudShellIP is the environment's address, or the first address AWS
// hands out in its subnet (the fifth: four are reserved).
func oracleCloudShellIP(s *model.Snapshot, c model.CloudShellEnv) netip.Addr {
	if c.IP.IsValid() {
		return c.IP
	}
	for _, sn := range s.Subnets {
		if sn.ID == c.Subnet {
			return oracleAddHost(sn.CIDR.Masked().Addr(), 4)
		}
	}
	return netip.Addr{}
}

func oracleIfaces(s *model.Snapshot) []oracleIface {
	vpcOf := func(subnet string) string {
		for _, sn := range s.Subnets {
			if sn.ID == subnet {
				return sn.VPC
			}
		}
		return ""
	}
	var out []oracleIface
	for _, e := range s.ENIs {
		pub := e.PublicIP
		if !pub.IsValid() {
			for _, eip := range s.ElasticIPs {
				if eip.ENI == e.ID {
					pub = eip.PublicIP
					break
				}
			}
		}
		out = append(out, oracleIface{id: e.ID, vpc: vpcOf(e.Subnet), subnet: e.Subnet, ip: e.PrivateIP, public: pub, sgs: e.SecurityGroups})
	}
	for _, c := range s.CloudShells {
		out = append(out, oracleIface{id: "cloudshell:" + c.Name, vpc: vpcOf(c.Subnet), subnet: c.Subnet, ip: oracleCloudShellIP(s, c), sgs: c.SecurityGroups})
	}
	return out
}

// oracleSource reads a source: "cloudshell" (the only environment) or an
// interface id.
func oracleSource(s *model.Snapshot, from string) (oracleSrc, bool) {
	if from == "cloudshell" {
		if len(s.CloudShells) != 1 {
			return oracleSrc{}, false
		}
		c := s.CloudShells[0]
		return oracleSrc{id: c.Name, subnet: c.Subnet, ip: oracleCloudShellIP(s, c), sgs: c.SecurityGroups}, true
	}
	for _, e := range oracleIfaces(s) {
		if e.id == from {
			return oracleSrc{id: e.id, subnet: e.subnet, ip: e.ip, sgs: e.sgs, public: e.public}, true
		}
	}
	return oracleSrc{}, false
}

// oracleReachable answers whether src reaches dst with proto and port:
// reachable, unreachable with the code of the first check that fails, or
// unknown with the code of the first decision the snapshot cannot make.
func oracleReachable(s *model.Snapshot, src oracleSrc, dst netip.Addr, proto model.Protocol, port uint16) oracleAnswer {
	return oracleReachableRules(oracleAWS, s, src, dst, proto, port)
}

func oracleReachableRules(rules oracleRules, s *model.Snapshot, src oracleSrc, dst netip.Addr, proto model.Protocol, port uint16) oracleAnswer {
	o := &oracleRun{rules: rules, s: s, ifaces: oracleIfaces(s), dst: dst, proto: proto, port: port}
	fail := func(c Code) oracleAnswer { return oracleAnswer{verdict: Unreachable, code: c, undecided: o.unknown} }
	sn := o.subnet(src.subnet)
	if sn == nil {
		return fail(oracleNoSource)
	}
	// 1. The source's security groups, egress; the peer is the destination
	// address, and its groups are those of the interface that holds it in
	// the source's VPC. No groups at all: the engine assumes egress is
	// allowed.
	if len(src.sgs) > 0 {
		var peerSGs []string
		if e := o.ifaceAt(sn.VPC, dst); e != nil {
			peerSGs = e.sgs
		}
		switch d, nrules := o.sgDecide(src.sgs, true, dst, peerSGs); {
		case d == oracleSGUnknown:
			o.undecided(CodeSGUnknown)
		case d == oracleSGDeny && nrules == 0:
			return fail(CodeSGHasNoRules)
		case d == oracleSGDeny:
			return fail(CodeSGMismatch)
		}
	}
	p := oraclePkt{src: src.ip, eph: model.PortRange{First: 32768, Last: 60999}, sgs: src.sgs, public: src.public}
	if c := o.leave(src.subnet, p); c != "" {
		return fail(c)
	}
	// 6. The stateless return checks, in reverse order of the forward path.
	for i := len(o.returns) - 1; i >= 0; i-- {
		if c := o.returns[i](); c != "" {
			return fail(c)
		}
	}
	if o.unknown != "" {
		return oracleAnswer{verdict: Unknown, code: o.unknown, iface: o.delivered, undecided: o.unknown}
	}
	return oracleAnswer{verdict: Reachable, iface: o.delivered}
}

func (o *oracleRun) subnet(id string) *model.Subnet {
	for i := range o.s.Subnets {
		if o.s.Subnets[i].ID == id {
			return &o.s.Subnets[i]
		}
	}
	return nil
}

func (o *oracleRun) vpc(id string) *model.VPC {
	for i := range o.s.VPCs {
		if o.s.VPCs[i].ID == id {
			return &o.s.VPCs[i]
		}
	}
	return nil
}

// ifaceAt returns the interface that holds the private address a in VPC
// vpc. Never another VPC's: VPCs may overlap, and an address inside a VPC
// means that VPC's interface.
func (o *oracleRun) ifaceAt(vpc string, a netip.Addr) *oracleIface {
	for i := range o.ifaces {
		if o.ifaces[i].vpc == vpc && o.ifaces[i].ip == a {
			return &o.ifaces[i]
		}
	}
	return nil
}

func (o *oracleRun) onReturn(f func() Code) { o.returns = append(o.returns, f) }

// leave forwards p out of the subnet where its sender sits (steps 2–5).
func (o *oracleRun) leave(subnetID string, p oraclePkt) Code {
	o.exits++
	if o.exits > oracleMaxExits {
		return CodeRoutingLoop
	}
	sn := o.subnet(subnetID)
	// 2. Same subnet: no router, no network ACL.
	if sn.CIDR.Contains(o.dst) {
		return o.deliver(o.ifaceAt(sn.VPC, o.dst), p)
	}
	// 3. The subnet's network ACL, outbound toward the destination; the
	// reply comes back in from the destination to the sender's ports.
	acl := o.aclOf(sn)
	if !o.aclForward(acl, true, o.dst) {
		return CodeACL
	}
	o.onReturn(func() Code { return o.aclReturn(acl, false, o.dst, p.eph) })
	// 4. The subnet's route table.
	r, c := o.route(sn, o.dst)
	if c != "" {
		return c
	}
	// 5. The target.
	switch r.Target.Kind {
	case model.KindLocal:
		return o.local(sn, p)
	case model.KindNATGateway:
		return o.nat(sn, r.Target.ID, p)
	case model.KindInternetGateway:
		return o.igw(sn, r.Target.ID, p)
	}
	return oracleUnsupported
}

// routeTable returns the subnet's table: its explicit one, else the VPC's
// main table, else nil (only the local routes).
func (o *oracleRun) routeTable(sn *model.Subnet) *model.RouteTable {
	for i := range o.s.RouteTables {
		if rt := &o.s.RouteTables[i]; sn.RouteTable != "" && rt.ID == sn.RouteTable {
			return rt
		}
	}
	if sn.RouteTable != "" {
		return nil
	}
	for i := range o.s.RouteTables {
		if rt := &o.s.RouteTables[i]; rt.VPC == sn.VPC && rt.Main {
			return rt
		}
	}
	return nil
}

type oracleCand struct {
	bits  int
	class int // 0 static, 1 prefix list, 2 propagated
	r     model.Route
}

// candidates lists every route of the subnet's table that covers dst,
// prefix-list routes once per covering entry, plus the implicit local
// route of each CIDR of the subnet's VPC that the table does not replace
// with a static route.
func (o *oracleRun) candidates(sn *model.Subnet, dst netip.Addr) []oracleCand {
	rt := o.routeTable(sn)
	var out []oracleCand
	if rt != nil {
		for _, r := range rt.Routes {
			if r.PrefixList != "" {
				for _, pl := range o.s.PrefixLists {
					if pl.ID != r.PrefixList {
						continue
					}
					for _, c := range pl.CIDRs {
						if c.Contains(dst) {
							out = append(out, oracleCand{c.Bits(), 1, r})
						}
					}
				}
				continue
			}
			if r.Destination.Contains(dst) {
				class := 0
				if r.Origin == "EnableVgwRoutePropagation" {
					class = 2
				}
				out = append(out, oracleCand{r.Destination.Bits(), class, r})
			}
		}
	}
	for _, c := range o.vpc(sn.VPC).CIDRs {
		replaced := false
		if rt != nil {
			for _, r := range rt.Routes {
				if r.PrefixList == "" && r.Destination == c && r.Origin != "EnableVgwRoutePropagation" {
					replaced = true
				}
			}
		}
		if !replaced && c.Contains(dst) {
			out = append(out, oracleCand{c.Bits(), 0, model.Route{Destination: c, Target: model.Ref{Kind: model.KindLocal}}})
		}
	}
	return out
}

// route picks the route for dst: the longest prefix, then static ›
// prefix list › propagated; a blackhole or otherwise inactive route drops
// the packet without falling back (aws-rules.md §2.2).
func (o *oracleRun) route(sn *model.Subnet, dst netip.Addr) (model.Route, Code) {
	cands := o.candidates(sn, dst)
	if len(cands) == 0 {
		return model.Route{}, CodeNoRoute
	}
	best := cands[0]
	for _, c := range cands[1:] {
		if c.bits > best.bits || (c.bits == best.bits && c.class < best.class) {
			best = c
		}
	}
	for _, c := range cands {
		if c.bits == best.bits && c.class == best.class && (c.r.Target != best.r.Target || c.r.State != best.r.State) {
			return model.Route{}, oracleAmbiguous
		}
	}
	// A propagated route never overrides the local route, however specific
	// (aws-rules-2.md §12.2 rule 3).
	if best.class == 2 {
		for _, c := range cands {
			if c.r.Target.Kind == model.KindLocal {
				best = c
				break
			}
		}
	}
	r := best.r
	if strings.EqualFold(r.State, "blackhole") || r.Target.Kind == model.KindBlackhole {
		return r, CodeBadStateRoute
	}
	if r.State != "" && !strings.EqualFold(r.State, "active") {
		return r, CodeBadStateRoute
	}
	// An active static route more specific than the local route is a
	// middlebox route (§12.2 rule 1): not simulated yet, so unknown; the
	// walk goes on to its target. (A route that drops leaves nothing
	// unknown.)
	if best.class == 0 && best.r.Target.Kind != model.KindLocal {
		for _, c := range cands {
			if c.r.Target.Kind == model.KindLocal && c.bits < best.bits {
				o.undecided(CodeUnsupportedHop)
			}
		}
	}
	return r, ""
}

// local delivers inside the VPC of from: to its subnet holding dst,
// through its network ACL inbound. Another VPC's subnets never count,
// whatever their CIDRs.
func (o *oracleRun) local(from *model.Subnet, p oraclePkt) Code {
	var to *model.Subnet
	for i := range o.s.Subnets {
		if sn := &o.s.Subnets[i]; sn.VPC == from.VPC && sn.CIDR.Contains(o.dst) {
			to = sn
		}
	}
	if to == nil {
		return CodeNoSubnet
	}
	acl := o.aclOf(to)
	if !o.aclForward(acl, false, p.src) {
		return CodeACL
	}
	// The reply leaves to through its outbound ACL, then its route table
	// must route it back to p.src (return checks run in reverse order).
	o.onReturn(func() Code { return o.replyRoute(to, p.src) })
	o.onReturn(func() Code { return o.aclReturn(acl, true, p.src, p.eph) })
	return o.deliver(o.ifaceAt(to.VPC, o.dst), p)
}

// replyRoute is the route the reply to dst (an address inside the VPC:
// the client or a NAT gateway) takes out of subnet sn: only the local
// route brings it back; a NAT gateway would rewrite its source
// (asymmetric), an IGW does not carry private addresses.
func (o *oracleRun) replyRoute(sn *model.Subnet, dst netip.Addr) Code {
	r, c := o.route(sn, dst)
	if c != "" {
		return c
	}
	switch r.Target.Kind {
	case model.KindLocal:
		return ""
	case model.KindNATGateway:
		return CodeAsymmetricReturn
	case model.KindInternetGateway:
		// The reply to a private address would leave for the internet,
		// whatever state the gateway is in.
		return CodeAsymmetricReturn
	}
	return oracleUnsupported
}

// nat sends p through a NAT gateway (aws-rules.md §3.2).
func (o *oracleRun) nat(from *model.Subnet, id string, p oraclePkt) Code {
	var n *model.NATGateway
	for i := range o.s.NATGateways {
		if o.s.NATGateways[i].ID == id {
			n = &o.s.NATGateways[i]
		}
	}
	if n == nil {
		return CodeBadStateRoute
	}
	if n.State != "" && !strings.EqualFold(n.State, "available") {
		return CodeBadState
	}
	nsn := o.subnet(n.Subnet)
	if nsn == nil {
		return oracleUnsupported // a regional NAT gateway: not modelled
	}
	if nsn.ID != from.ID {
		acl := o.aclOf(nsn)
		if !o.aclForward(acl, false, p.src) {
			return CodeACL
		}
		// After the NAT gateway translates the reply back, it leaves the
		// NAT's subnet through its ACL and route table toward the client.
		o.onReturn(func() Code { return o.replyRoute(nsn, p.src) })
		o.onReturn(func() Code { return o.aclReturn(acl, true, p.src, p.eph) })
	}
	q := oraclePkt{src: n.PrivateIP, eph: model.PortRange{First: 1024, Last: 65535}}
	if n.Connectivity != "private" {
		q.public = n.PublicIP
	}
	return o.leave(nsn.ID, q)
}

func oracleIGWAttached(g *model.InternetGateway, vpc string) bool {
	if g == nil || g.VPC == "" || g.VPC != vpc {
		return false
	}
	return g.State == "" || strings.EqualFold(g.State, "available") || strings.EqualFold(g.State, "attached")
}

// igw sends p out of subnet from through an internet gateway, which must
// be attached to from's VPC (aws-rules.md §3.1).
func (o *oracleRun) igw(from *model.Subnet, id string, p oraclePkt) Code {
	var g *model.InternetGateway
	for i := range o.s.InternetGateways {
		if o.s.InternetGateways[i].ID == id {
			g = &o.s.InternetGateways[i]
		}
	}
	if !oracleIGWAttached(g, from.VPC) {
		return CodeBadStateAttachment
	}
	for _, priv := range []string{"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"} {
		if netip.MustParsePrefix(priv).Contains(o.dst) {
			return CodeIGWRFC1918
		}
	}
	if netip.MustParsePrefix("100.64.0.0/10").Contains(o.dst) {
		return CodeIGWRFC6598
	}
	if !p.public.IsValid() {
		return CodeIGWNoPublicIP
	}
	for i := range o.ifaces {
		if e := &o.ifaces[i]; e.public.IsValid() && e.public == o.dst {
			return o.igwIngress(e, p)
		}
	}
	return "" // a host on the internet
}

// igwIngress brings p from the internet back in to the interface whose
// public address it is sent to, in whatever VPC: that VPC's IGW translates
// the destination, the subnet's ACL and the interface's groups see the
// sender's public address, and the reply must leave through the same IGW.
func (o *oracleRun) igwIngress(e *oracleIface, p oraclePkt) Code {
	var igw *model.InternetGateway
	for i := range o.s.InternetGateways {
		if g := &o.s.InternetGateways[i]; igw == nil && oracleIGWAttached(g, e.vpc) {
			igw = g
		}
	}
	if igw == nil {
		return CodeBadStateAttachment
	}
	esn := o.subnet(e.subnet)
	q := oraclePkt{src: p.public, eph: p.eph} // public addresses never match SG references
	acl := o.aclOf(esn)
	if !o.aclForward(acl, false, q.src) {
		return CodeACL
	}
	// The reply leaves the subnet through its outbound ACL, then its route
	// table must send it to the same IGW: return checks run in reverse, so
	// the route check is queued first.
	o.onReturn(func() Code {
		r, c := o.route(esn, q.src)
		if c != "" {
			return c
		}
		switch {
		case r.Target.Kind == model.KindInternetGateway && r.Target.ID == igw.ID:
			return ""
		case r.Target.Kind == model.KindInternetGateway:
			return CodeBadStateAttachment // a VPC has one IGW: any other is not attached to it
		case r.Target.Kind == model.KindNATGateway:
			return CodeAsymmetricReturn
		}
		return oracleUnsupported
	})
	o.onReturn(func() Code { return o.aclReturn(acl, true, q.src, q.eph) })
	return o.deliver(e, q)
}

// deliver checks the destination interface's security groups, ingress
// (step 7). No interface: the engine assumes the address answers.
func (o *oracleRun) deliver(e *oracleIface, p oraclePkt) Code {
	if e == nil {
		return ""
	}
	o.delivered = e.id
	if len(e.sgs) == 0 {
		return ""
	}
	switch d, _ := o.sgDecide(e.sgs, false, p.src, p.sgs); d {
	case oracleSGDeny:
		return CodeSGMismatch
	case oracleSGUnknown:
		o.undecided(CodeSGUnknown)
	}
	return ""
}

// sgDecide decides for the union of the groups' rules in one direction,
// with the peer address peer, which is the private address of an interface
// with the groups peerSGs (nil when translated or unknown): allow when a
// rule the snapshot knows admits the packet; else unknown when a group is
// not in the snapshot, or a rule for the packet's protocol and port names
// a prefix list whose entries it lacks (that rule, or the missing group's
// rules, may admit it); else deny. It also returns how many rules the
// known groups have in that direction.
func (o *oracleRun) sgDecide(sgs []string, egress bool, peer netip.Addr, peerSGs []string) (oracleSGDecision, int) {
	n := 0
	unknown := false
	for _, id := range sgs {
		var sg *model.SecurityGroup
		for i := range o.s.SecurityGroups {
			if o.s.SecurityGroups[i].ID == id {
				sg = &o.s.SecurityGroups[i]
			}
		}
		if sg == nil {
			unknown = true
			continue
		}
		rules := sg.Ingress
		if egress {
			rules = sg.Egress
		}
		n += len(rules)
		for _, r := range rules {
			if !o.sgRuleTraffic(r) {
				continue
			}
			if o.sgRulePeer(r, peer, peerSGs) {
				return oracleSGAllow, n
			}
			if r.PrefixList != "" && o.plEntriesUnknown(r.PrefixList) {
				unknown = true
			}
		}
	}
	if unknown {
		return oracleSGUnknown, n
	}
	return oracleSGDeny, n
}

// sgRuleTraffic reports whether a rule admits the query's protocol and
// port (an echo request for ICMP), whoever the peer.
func (o *oracleRun) sgRuleTraffic(r model.SGRule) bool {
	switch {
	case r.Protocol == model.ProtoAll:
	case r.Protocol != o.proto:
		return false
	case o.proto == model.ProtoTCP || o.proto == model.ProtoUDP:
		if o.port < r.Ports.First || o.port > r.Ports.Last {
			return false
		}
	case o.proto == model.ProtoICMP:
		// The probe is an echo request: type 8, code 0.
		if (r.ICMP.Type != -1 && r.ICMP.Type != 8) || (r.ICMP.Code != -1 && r.ICMP.Code != 0) {
			return false
		}
	}
	return true
}

// sgRulePeer reports whether a rule's peer is known to cover peer.
func (o *oracleRun) sgRulePeer(r model.SGRule, peer netip.Addr, peerSGs []string) bool {
	switch {
	case r.CIDR.IsValid():
		return r.CIDR.Contains(peer)
	case r.PrefixList != "":
		for _, pl := range o.s.PrefixLists {
			if pl.ID == r.PrefixList {
				for _, c := range pl.CIDRs {
					if c.Contains(peer) {
						return true
					}
				}
			}
		}
		return false
	case r.Group != "":
		return slices.Contains(peerSGs, r.Group)
	}
	return false
}

// plEntriesUnknown reports whether the snapshot lacks a prefix list's
// entries: it names the list without them, or not at all.
func (o *oracleRun) plEntriesUnknown(id string) bool {
	for _, pl := range o.s.PrefixLists {
		if pl.ID == id {
			return !pl.EntriesKnown && len(pl.CIDRs) == 0
		}
	}
	return true
}

// aclOf returns the subnet's network ACL: its own, else the VPC's default,
// else nil (the default ACL, not in the snapshot, allows everything).
func (o *oracleRun) aclOf(sn *model.Subnet) *model.NetworkACL {
	for i := range o.s.NetworkACLs {
		if a := &o.s.NetworkACLs[i]; sn.NetworkACL != "" && a.ID == sn.NetworkACL {
			return a
		}
	}
	for i := range o.s.NetworkACLs {
		if a := &o.s.NetworkACLs[i]; sn.NetworkACL == "" && a.VPC == sn.VPC && a.Default {
			return a
		}
	}
	return nil
}

// aclEntries returns one direction's entries in evaluation order.
func oracleACLEntries(acl *model.NetworkACL, egress bool) []model.ACLEntry {
	var es []model.ACLEntry
	for _, e := range acl.Entries {
		if e.Egress == egress {
			es = append(es, e)
		}
	}
	slices.SortStableFunc(es, func(a, b model.ACLEntry) int { return a.RuleNumber - b.RuleNumber })
	return es
}

// aclDecide applies the first entry that matches one packet; nothing
// matches: the "*" rule denies.
func oracleACLDecide(es []model.ACLEntry, proto model.Protocol, icmpType, icmpCode int16, peer netip.Addr, port int) bool {
	for _, e := range es {
		if e.Protocol != model.ProtoAll && e.Protocol != proto {
			continue
		}
		if !e.CIDR.Contains(peer) {
			continue
		}
		if (e.Protocol == model.ProtoTCP || e.Protocol == model.ProtoUDP) && (port < int(e.Ports.First) || port > int(e.Ports.Last)) {
			continue
		}
		if e.Protocol == model.ProtoICMP && ((e.ICMP.Type != -1 && e.ICMP.Type != icmpType) || (e.ICMP.Code != -1 && e.ICMP.Code != icmpCode)) {
			continue
		}
		return e.Allow
	}
	return false
}

// aclForward checks the request: an echo request for ICMP, the
// destination port for TCP and UDP. Outbound entries match the
// destination address, inbound ones the source: peer is that address.
func (o *oracleRun) aclForward(acl *model.NetworkACL, egress bool, peer netip.Addr) bool {
	if acl == nil {
		return true
	}
	return oracleACLDecide(oracleACLEntries(acl, egress), o.proto, 8, 0, peer, int(o.port))
}

// aclReturn checks the reply: for TCP and UDP every port of the sender's
// ephemeral range, one by one, since the sender may pick any of them; for
// ICMP the echo reply (type 0, code 0; RFC 792).
func (o *oracleRun) aclReturn(acl *model.NetworkACL, egress bool, peer netip.Addr, eph model.PortRange) Code {
	if acl == nil {
		return ""
	}
	// Entries for another protocol or peer never decide: dropping them
	// first only makes the port loop below cheaper.
	var es []model.ACLEntry
	for _, e := range oracleACLEntries(acl, egress) {
		if (e.Protocol == model.ProtoAll || e.Protocol == o.proto) && e.CIDR.Contains(peer) {
			es = append(es, e)
		}
	}
	if o.proto != model.ProtoTCP && o.proto != model.ProtoUDP {
		if !oracleACLDecide(es, o.proto, o.rules.icmpReplyType, 0, peer, 0) {
			return CodeACL
		}
		return ""
	}
	for port := int(eph.First); port <= int(eph.Last); port++ {
		if !oracleACLDecide(es, o.proto, o.rules.icmpReplyType, 0, peer, port) {
			return CodeACL
		}
	}
	return ""
}

// ---------------------------------------------------------------------------
// Random snapshots.

// The VPCs of generated snapshots.
const (
	rsnapVPC     = "vpc-1"
	rsnapTwinVPC = "vpc-2" // overlaps rsnapVPC; see rsnapTwin
)

// rsnapGen builds a small random snapshot from seed: one VPC 10.0.0.0/16
// (sometimes with a second CIDR 10.1.0.0/16) with 1–4 /24 subnets, 0–3
// route tables (random main), 0–2 internet gateways (at most one
// attached), 0–2 NAT gateways, 1–3 security groups, 0–2 network ACLs, 1–4
// interfaces and a CloudShell environment. In about 30% of seeds a second
// VPC overlaps the first, with interfaces at the same addresses
// (rsnapTwin); in about 30% the snapshot lacks a security group an
// interface names or the entries of a prefix list rules name
// (rsnapUnknowns). The same seed always gives the same snapshot. It
// returns the snapshot's validation errors, which would be a bug of the
// generator.
func rsnapGen(seed uint64) (*model.Snapshot, error) {
	r := rand.New(rand.NewPCG(seed, 0xc5a51))
	chance := func(p float64) bool { return r.Float64() < p }
	pfx := func(s string) netip.Prefix { return netip.MustParsePrefix(s) }
	one := func(xs ...string) string { return xs[r.IntN(len(xs))] }

	// A calm snapshot is mostly open, so that long paths (NAT gateways,
	// public addresses) get far enough to meet their later checks.
	calm := chance(0.5)
	odds := func(wild, tame float64) bool {
		if calm {
			return chance(tame)
		}
		return chance(wild)
	}

	const vpc = rsnapVPC
	s := &model.Snapshot{Region: "eu-west-1", Account: "111122223333"}
	s.VPCs = []model.VPC{{ID: vpc, CIDRs: []netip.Prefix{pfx("10.0.0.0/16")}}}
	// Sometimes a secondary CIDR 10.1.0.0/16, holding the last subnet.
	second := chance(0.25)
	if second {
		s.VPCs[0].CIDRs = append(s.VPCs[0].CIDRs, pfx("10.1.0.0/16"))
	}

	nsub := 1 + r.IntN(4)
	octets := r.Perm(8)[:nsub]
	host := func(sn int, h byte) netip.Addr {
		if second && sn == nsub-1 && nsub > 1 {
			return netip.AddrFrom4([4]byte{10, 1, byte(octets[sn]), h})
		}
		return netip.AddrFrom4([4]byte{10, 0, byte(octets[sn]), h})
	}
	var subnetCIDRs []string
	for i := range nsub {
		c := netip.PrefixFrom(host(i, 0), 24)
		subnetCIDRs = append(subnetCIDRs, c.String())
		s.Subnets = append(s.Subnets, model.Subnet{ID: fmt.Sprintf("subnet-%c", 'a'+i), VPC: vpc, CIDR: c, AZ: one("eu-west-1a", "eu-west-1b")})
	}

	if chance(0.3) {
		menu := append([]string{"203.0.113.0/24", "8.8.8.0/24", "8.8.0.0/16", "54.0.0.0/8", "13.112.0.0/16"}, subnetCIDRs...)
		var cidrs []netip.Prefix
		for _, i := range r.Perm(len(menu))[:1+r.IntN(2)] {
			cidrs = append(cidrs, pfx(menu[i]))
		}
		s.PrefixLists = []model.PrefixList{{ID: "pl-1", Name: "corp", CIDRs: cidrs, EntriesKnown: true}}
	}

	if odds(0.75, 0.95) {
		g := model.InternetGateway{ID: "igw-1", VPC: vpc, State: one("", "available", "available", "attached", "Available", "ATTACHED")}
		switch {
		case odds(0.08, 0.02):
			g.VPC, g.State = "", ""
		case odds(0.08, 0.02):
			g.State = one("detached", "attaching", "detaching")
		}
		s.InternetGateways = append(s.InternetGateways, g)
	}
	if chance(0.15) {
		s.InternetGateways = append(s.InternetGateways, model.InternetGateway{ID: "igw-2"}) // never attached
	}

	for i := range []int{0, 1, 1, 1, 2, 2}[r.IntN(6)] {
		sn := r.IntN(nsub)
		n := model.NATGateway{ID: fmt.Sprintf("nat-%d", i+1), Subnet: s.Subnets[sn].ID, PrivateIP: host(sn, byte(200+i)),
			State: one("available", "available", "available", "available", "available", "available", "", "Available", "failed", "pending", "deleting")}
		if calm {
			n.State = "available"
		}
		if chance(0.25) {
			n.Connectivity = "private"
		} else {
			n.Connectivity = one("public", "")
			n.PublicIP = netip.AddrFrom4([4]byte{13, 112, 0, byte(1 + i)})
		}
		s.NATGateways = append(s.NATGateways, n)
	}

	// Peers that rules and routes name.
	cidrMenu := append([]string{"0.0.0.0/0", "0.0.0.0/0", "10.0.0.0/16", "10.0.0.0/8", "203.0.113.0/24", "8.8.8.8/32",
		"54.0.0.0/8", "54.1.0.10/32", "13.112.0.0/16", "0.0.0.0/1", "128.0.0.0/1", "192.0.2.0/24"}, subnetCIDRs...)
	for _, n := range s.NATGateways {
		cidrMenu = append(cidrMenu, netip.PrefixFrom(n.PrivateIP, 32).String())
	}
	portMenu := []model.PortRange{model.AllPorts, model.Port(443), {First: 80, Last: 443}, model.Port(22), model.Port(5432),
		model.Port(53), {First: 1024, Last: 65535}, {First: 0, Last: 1023}, {First: 32768, Last: 61000},
		{First: 1024, Last: 32767}, {First: 40000, Last: 65535}, {First: 32768, Last: 65535}, {First: 50000, Last: 50010},
		{First: 1024, Last: 32768}, {First: 61000, Last: 65535}, {First: 61001, Last: 65535}, {First: 1023, Last: 1024}, {First: 1025, Last: 65535},
		{First: 32767, Last: 32768}}
	proto := func() model.Protocol {
		switch n := r.IntN(20); {
		case n < 6:
			return model.ProtoAll
		case n < 12:
			return model.ProtoTCP
		case n < 15:
			return model.ProtoUDP
		case n < 19:
			return model.ProtoICMP
		}
		return model.Protocol(50)
	}
	icmpMenu := []model.ICMPMatch{model.AnyICMP, {Type: 8, Code: -1}, {Type: 8, Code: 0}, {Type: 0, Code: 0}, {Type: 3, Code: -1}}

	nsg := 1 + r.IntN(3)
	var sgIDs []string
	for i := range nsg {
		sgIDs = append(sgIDs, fmt.Sprintf("sg-%d", i+1))
	}
	sgRule := func() model.SGRule {
		rr := model.SGRule{Protocol: proto()}
		switch rr.Protocol {
		case model.ProtoTCP, model.ProtoUDP:
			rr.Ports = portMenu[r.IntN(len(portMenu))]
		case model.ProtoICMP:
			rr.ICMP = icmpMenu[r.IntN(len(icmpMenu))]
		}
		switch n := r.IntN(10); {
		case n < 6:
			rr.CIDR = pfx(cidrMenu[r.IntN(len(cidrMenu))])
		case n < 7 && len(s.PrefixLists) > 0:
			rr.PrefixList = "pl-1"
		default:
			rr.Group = sgIDs[r.IntN(nsg)]
		}
		return rr
	}
	allowAll := model.SGRule{Protocol: model.ProtoAll, CIDR: pfx("0.0.0.0/0")}
	for _, id := range sgIDs {
		sg := model.SecurityGroup{ID: id, VPC: vpc}
		if odds(0.6, 0.9) {
			sg.Egress = []model.SGRule{allowAll}
		} else {
			for range r.IntN(4) {
				sg.Egress = append(sg.Egress, sgRule())
			}
		}
		if odds(0.2, 0.6) {
			sg.Ingress = []model.SGRule{allowAll}
		}
		for range r.IntN(4) {
			sg.Ingress = append(sg.Ingress, sgRule())
		}
		s.SecurityGroups = append(s.SecurityGroups, sg)
	}

	for i := range r.IntN(3) {
		a := model.NetworkACL{ID: fmt.Sprintf("acl-%d", i+1), VPC: vpc, Default: i == 0 && chance(0.5)}
		for _, egress := range []bool{false, true} {
			nums := r.Perm(399)[:r.IntN(5)] // rule numbers 2–400: 1 is left for the property tests
			for _, n := range nums {
				e := model.ACLEntry{RuleNumber: n + 2, Egress: egress, Allow: odds(0.6, 0.8), Protocol: proto(),
					CIDR: pfx(cidrMenu[r.IntN(len(cidrMenu))])}
				switch e.Protocol {
				case model.ProtoTCP, model.ProtoUDP:
					e.Ports = portMenu[r.IntN(len(portMenu))]
				case model.ProtoICMP:
					e.ICMP = model.AnyICMP
					if chance(0.4) {
						e.ICMP = icmpMenu[r.IntN(len(icmpMenu))]
					}
				}
				a.Entries = append(a.Entries, e)
			}
			if odds(0.6, 1) {
				a.Entries = append(a.Entries, model.ACLEntry{RuleNumber: 500 + r.IntN(32266), Egress: egress, Allow: true,
					Protocol: model.ProtoAll, CIDR: pfx("0.0.0.0/0")})
			}
		}
		s.NetworkACLs = append(s.NetworkACLs, a)
	}
	for i := range s.Subnets {
		if n := r.IntN(len(s.NetworkACLs) + 2); n < len(s.NetworkACLs) {
			s.Subnets[i].NetworkACL = s.NetworkACLs[n].ID
		}
	}

	nrt := r.IntN(4)
	mainRT := -1
	if nrt > 0 && chance(0.7) {
		mainRT = r.IntN(nrt)
	}
	// Route tables are associated first, so that routes can mostly avoid
	// sending a NAT gateway's traffic back to itself.
	for i := range s.Subnets {
		if n := r.IntN(nrt + 1); n < nrt {
			s.Subnets[i].RouteTable = fmt.Sprintf("rtb-%d", n+1)
		}
	}
	// The textbook public subnet: the main table sends 0.0.0.0/0 to the
	// internet gateway, and the NAT gateways' subnets use it.
	textbook := mainRT >= 0 && len(s.InternetGateways) > 0 && odds(0.6, 1)
	tableOf := func(subnet string) int {
		for _, sn := range s.Subnets {
			if sn.ID == subnet && sn.RouteTable != "" {
				var n int
				fmt.Sscanf(sn.RouteTable, "rtb-%d", &n)
				return n - 1
			}
		}
		return mainRT
	}
	if textbook {
		for i := range s.Subnets {
			hasNAT := slices.ContainsFunc(s.NATGateways, func(n model.NATGateway) bool { return n.Subnet == s.Subnets[i].ID })
			switch {
			case hasNAT:
				s.Subnets[i].RouteTable = ""
			case nrt > 1 && s.Subnets[i].RouteTable == "" && chance(0.6):
				// A private subnet with its own table (default route
				// below: mostly a NAT gateway).
				n := (mainRT + 1 + r.IntN(nrt-1)) % nrt
				s.Subnets[i].RouteTable = fmt.Sprintf("rtb-%d", n+1)
			}
		}
	}
	dstMenu := append([]string{"0.0.0.0/0", "0.0.0.0/0", "0.0.0.0/0", "0.0.0.0/1", "128.0.0.0/1", "8.0.0.0/8", "54.0.0.0/8",
		"13.0.0.0/8", "203.0.113.0/24", "8.8.8.0/24", "10.0.0.0/8", "100.64.0.0/10", "172.16.0.0/12", "10.0.0.0/16"}, subnetCIDRs...)
	if second {
		dstMenu = append(dstMenu, "10.1.0.0/16")
	}
	// target picks an existing gateway of the kind for table rt; a NAT
	// gateway whose own subnet uses rt mostly not (a routing loop).
	target := func(rt int, kind model.Kind, gone string) model.Ref {
		var ids, far []string
		if kind == model.KindInternetGateway {
			for _, g := range s.InternetGateways {
				ids = append(ids, g.ID)
			}
		} else {
			for _, n := range s.NATGateways {
				ids = append(ids, n.ID)
				if tableOf(n.Subnet) != rt {
					far = append(far, n.ID)
				}
			}
		}
		if kind == model.KindNATGateway && chance(0.9) {
			ids = far
		}
		if len(ids) == 0 {
			return model.Ref{Kind: kind, ID: gone}
		}
		return model.Ref{Kind: kind, ID: ids[r.IntN(len(ids))]}
	}
	randomRoute := func(table int) model.Route {
		rt := model.Route{Origin: "CreateRoute", State: one("", "active")}
		if len(s.PrefixLists) > 0 && chance(0.15) {
			rt.PrefixList = "pl-1"
		} else {
			rt.Destination = pfx(dstMenu[r.IntN(len(dstMenu))])
		}
		switch {
		case rt.Destination == pfx("10.0.0.0/16") || rt.Destination == pfx("10.1.0.0/16"):
			// The local route as a reader writes it.
			return model.Route{Destination: rt.Destination, Target: model.Ref{Kind: model.KindLocal}, State: "active", Origin: "CreateRouteTable"}
		case slices.Contains(subnetCIDRs, rt.Destination.String()):
			// A middlebox route for a whole subnet: a NAT gateway or nothing.
			rt.Target = target(table, model.KindNATGateway, "nat-gone")
		default:
			switch n := r.IntN(20); {
			case n < 9:
				rt.Target = target(table, model.KindInternetGateway, "igw-gone")
			case n < 17:
				rt.Target = target(table, model.KindNATGateway, "nat-gone")
			case n < 18:
				rt.Target = model.Ref{Kind: model.KindBlackhole}
			default:
				rt.Target = target(table, model.Kind(one(string(model.KindInternetGateway), string(model.KindNATGateway))), "gone")
				rt.State = "blackhole"
			}
			if rt.PrefixList == "" && chance(0.12) {
				rt.Origin = "EnableVgwRoutePropagation"
			}
		}
		if strings.HasSuffix(rt.Target.ID, "gone") {
			rt.State = "blackhole" // the target does not exist
		} else if rt.State != "blackhole" && chance(0.03) {
			rt.State = "filtered"
		}
		return rt
	}
	for i := range nrt {
		rt := model.RouteTable{ID: fmt.Sprintf("rtb-%d", i+1), VPC: vpc, Main: i == mainRT}
		// At most one route per prefix and priority class after prefix
		// lists are expanded: AWS refuses duplicates, and ties between
		// prefix lists are random in AWS.
		type key struct {
			p     netip.Prefix
			class int
		}
		used := map[key]bool{}
		keys := func(x model.Route) []key {
			if x.PrefixList != "" {
				var ks []key
				for _, c := range s.PrefixLists[0].CIDRs {
					ks = append(ks, key{c, 1})
				}
				return ks
			}
			if x.Propagated() {
				return []key{{x.Destination, 2}}
			}
			return []key{{x.Destination, 0}}
		}
		want := r.IntN(6)
		if (calm && len(s.InternetGateways)+len(s.NATGateways) > 0) || (textbook && i == mainRT) {
			kind := model.KindInternetGateway
			if len(s.InternetGateways) == 0 || (len(s.NATGateways) > 0 && chance(0.75)) {
				kind = model.KindNATGateway
			}
			x := model.Route{Destination: pfx("0.0.0.0/0"), Target: target(i, kind, ""), State: "active", Origin: "CreateRoute"}
			if textbook && i == mainRT {
				x.Target = model.Ref{Kind: model.KindInternetGateway, ID: s.InternetGateways[0].ID}
			}
			if x.Target.ID != "" {
				rt.Routes = append(rt.Routes, x)
				used[key{x.Destination, 0}] = true
			}
		}
		for try := 0; len(rt.Routes) < want && try < 20; try++ {
			x := randomRoute(i)
			ks := keys(x)
			if slices.ContainsFunc(ks, func(k key) bool { return used[k] }) {
				continue
			}
			for _, k := range ks {
				used[k] = true
			}
			rt.Routes = append(rt.Routes, x)
		}
		r.Shuffle(len(rt.Routes), func(a, b int) { rt.Routes[a], rt.Routes[b] = rt.Routes[b], rt.Routes[a] })
		s.RouteTables = append(s.RouteTables, rt)
	}

	someSGs := func(lo, hi int) []string {
		k := lo + r.IntN(hi-lo+1)
		var out []string
		for _, i := range r.Perm(nsg)[:min(k, nsg)] {
			out = append(out, sgIDs[i])
		}
		return out
	}
	for i := range 1 + r.IntN(4) {
		sn := r.IntN(nsub)
		e := model.ENI{ID: fmt.Sprintf("eni-%d", i+1), Subnet: s.Subnets[sn].ID, PrivateIP: host(sn, byte(10+i)), Status: "in-use",
			SecurityGroups: someSGs(1, 2)}
		if chance(0.05) {
			e.SecurityGroups = nil
		}
		switch {
		case chance(0.45):
			e.PublicIP = netip.AddrFrom4([4]byte{54, byte(1 + i), 0, 10})
		case chance(0.15):
			s.ElasticIPs = append(s.ElasticIPs, model.ElasticIP{AllocationID: fmt.Sprintf("eipalloc-%d", i+1),
				PublicIP: netip.AddrFrom4([4]byte{54, byte(101 + i), 0, 10}), ENI: e.ID, PrivateIP: e.PrivateIP})
		}
		s.ENIs = append(s.ENIs, e)
	}
	sn := r.IntN(nsub)
	c := model.CloudShellEnv{Name: "ops", Subnet: s.Subnets[sn].ID, SecurityGroups: someSGs(1, 3)}
	if chance(0.5) {
		c.IP = host(sn, 5)
	}
	s.CloudShells = []model.CloudShellEnv{c}

	// The extras draw from a stream of their own, so that the snapshot
	// above stays the same for every seed whether or not they apply.
	x := rand.New(rand.NewPCG(seed, 0x0b5e55ed))
	if x.Float64() < 0.3 {
		rsnapTwin(s, x)
	}
	if x.Float64() < 0.3 {
		rsnapUnknowns(s, x)
	}

	if ds := s.Validate(); ds.HasErrors() {
		return s, fmt.Errorf("seed %d: generated snapshot is invalid: %w", seed, ds.Err())
	}
	return s, nil
}

// rsnapTwin adds a second VPC, vpc-2, whose CIDRs equal or overlap
// vpc-1's (as every Region's default VPC is 172.31.0.0/16, and as
// separate teams reuse 10.0.0.0/16): subnets at the CIDRs of some of
// vpc-1's, and in them interfaces at the same private addresses as vpc-1's
// interfaces, with vpc-2's own security groups; sometimes a subnet and an
// interface at an address inside vpc-1's CIDR that vpc-1 does not use. No
// route, peering or transit gateway joins the two VPCs: an address inside
// a VPC means that VPC's interface, and only public addresses, through
// each VPC's internet gateway, lead from one to the other.
func rsnapTwin(s *model.Snapshot, r *rand.Rand) {
	chance := func(p float64) bool { return r.Float64() < p }
	pfx := netip.MustParsePrefix
	const vpc = rsnapTwinVPC
	v1 := s.VPCs[0]
	var cidrs []netip.Prefix
	switch r.IntN(3) {
	case 0:
		cidrs = slices.Clone(v1.CIDRs) // the same CIDRs
	case 1:
		cidrs = []netip.Prefix{pfx("10.0.0.0/16")} // the same primary CIDR
	default:
		cidrs = []netip.Prefix{pfx("10.0.0.0/20")} // inside vpc-1's 10.0.0.0/16
	}
	s.VPCs = append(s.VPCs, model.VPC{ID: vpc, CIDRs: cidrs})
	inTwin := func(p netip.Prefix) bool {
		return slices.ContainsFunc(cidrs, func(c netip.Prefix) bool { return c.Bits() <= p.Bits() && c.Contains(p.Addr()) })
	}

	// Subnets at vpc-1's CIDRs: twin maps a vpc-1 subnet to its copy.
	twin := map[string]string{}
	var v1Subnets []model.Subnet
	for _, sn := range s.Subnets {
		if sn.VPC == v1.ID && inTwin(sn.CIDR) {
			v1Subnets = append(v1Subnets, sn)
		}
	}
	for i, sn := range v1Subnets {
		if chance(0.75) || (i == len(v1Subnets)-1 && len(twin) == 0) {
			id := "subnet-v2" + strings.TrimPrefix(sn.ID, "subnet-")
			twin[sn.ID] = id
			s.Subnets = append(s.Subnets, model.Subnet{ID: id, VPC: vpc, CIDR: sn.CIDR, AZ: sn.AZ})
		}
	}
	// vpc-1's subnets use octets 0–7 of 10.0.x.0/24; 10.0.9.0/24 is inside
	// every CIDR of vpc-2 and of vpc-1, and no vpc-1 subnet holds it.
	extra := chance(0.4)
	if extra {
		s.Subnets = append(s.Subnets, model.Subnet{ID: "subnet-v2x", VPC: vpc, CIDR: pfx("10.0.9.0/24"), AZ: "eu-west-1a"})
	}

	hasIGW := chance(0.75)
	if hasIGW {
		s.InternetGateways = append(s.InternetGateways, model.InternetGateway{ID: "igw-v2", VPC: vpc, State: "available"})
	}
	if chance(0.85) {
		rt := model.RouteTable{ID: "rtb-v2", VPC: vpc, Main: true}
		if hasIGW && chance(0.7) {
			rt.Routes = append(rt.Routes, model.Route{Destination: pfx("0.0.0.0/0"), State: "active", Origin: "CreateRoute",
				Target: model.Ref{Kind: model.KindInternetGateway, ID: "igw-v2"}})
		}
		if hasIGW && chance(0.2) {
			rt.Routes = append(rt.Routes, model.Route{Destination: pfx("10.0.0.0/8"), State: "active", Origin: "CreateRoute",
				Target: model.Ref{Kind: model.KindInternetGateway, ID: "igw-v2"}})
		}
		s.RouteTables = append(s.RouteTables, rt)
	}
	if chance(0.3) {
		// A table with only the local routes, for one subnet.
		s.RouteTables = append(s.RouteTables, model.RouteTable{ID: "rtb-v2-local", VPC: vpc})
		for i := range s.Subnets {
			if s.Subnets[i].VPC == vpc {
				s.Subnets[i].RouteTable = "rtb-v2-local"
				break
			}
		}
	}
	if chance(0.3) {
		all := pfx("0.0.0.0/0")
		a := model.NetworkACL{ID: "acl-v2", VPC: vpc, Default: true, Entries: []model.ACLEntry{
			{RuleNumber: 200, Allow: true, Protocol: model.ProtoAll, CIDR: all},
		}}
		if chance(0.5) {
			a.Entries = append(a.Entries, model.ACLEntry{RuleNumber: 100, Protocol: model.ProtoTCP, Ports: model.Port(22), CIDR: all})
		}
		if chance(0.8) {
			a.Entries = append(a.Entries, model.ACLEntry{RuleNumber: 200, Egress: true, Allow: true, Protocol: model.ProtoAll, CIDR: all})
		}
		s.NetworkACLs = append(s.NetworkACLs, a)
	}

	// Security groups of vpc-2 only: the same address answers by other
	// rules in each VPC.
	sgIDs := []string{"sg-v2-1", "sg-v2-2"}
	ingressMenu := []model.SGRule{
		{Protocol: model.ProtoAll, CIDR: pfx("0.0.0.0/0")},
		{Protocol: model.ProtoTCP, Ports: model.Port(443), CIDR: pfx("10.0.0.0/16")},
		{Protocol: model.ProtoTCP, Ports: model.Port(22), CIDR: pfx("10.0.0.0/8")},
		{Protocol: model.ProtoTCP, Ports: model.AllPorts, CIDR: pfx("203.0.113.0/24")},
		{Protocol: model.ProtoUDP, Ports: model.Port(53), CIDR: pfx("0.0.0.0/0")},
		{Protocol: model.ProtoICMP, ICMP: model.AnyICMP, CIDR: pfx("0.0.0.0/0")},
		{Protocol: model.ProtoAll, Group: "sg-v2-1"},
	}
	for _, id := range sgIDs {
		sg := model.SecurityGroup{ID: id, VPC: vpc}
		if chance(0.8) {
			sg.Egress = []model.SGRule{{Protocol: model.ProtoAll, CIDR: pfx("0.0.0.0/0")}}
		} else if chance(0.5) {
			sg.Egress = []model.SGRule{ingressMenu[r.IntN(len(ingressMenu))]}
		}
		for range r.IntN(3) {
			sg.Ingress = append(sg.Ingress, ingressMenu[r.IntN(len(ingressMenu))])
		}
		s.SecurityGroups = append(s.SecurityGroups, sg)
	}
	someSGs := func() []string {
		if chance(0.5) {
			return []string{sgIDs[r.IntN(len(sgIDs))]}
		}
		return slices.Clone(sgIDs)
	}

	// Interfaces at vpc-1's interfaces' addresses.
	type held struct {
		subnet string
		ip     netip.Addr
	}
	var v1Addrs []held
	for _, e := range s.ENIs {
		v1Addrs = append(v1Addrs, held{e.Subnet, e.PrivateIP})
	}
	for _, c := range s.CloudShells {
		v1Addrs = append(v1Addrs, held{c.Subnet, oracleCloudShellIP(s, c)})
	}
	k := 0
	add := func(subnet string, ip netip.Addr) {
		k++
		e := model.ENI{ID: fmt.Sprintf("eni-v2-%d", k), Subnet: subnet, PrivateIP: ip, Status: "in-use", SecurityGroups: someSGs()}
		if chance(0.3) {
			e.PublicIP = netip.AddrFrom4([4]byte{54, byte(200 + k), 0, 10})
		}
		s.ENIs = append(s.ENIs, e)
	}
	for _, h := range v1Addrs {
		if t, ok := twin[h.subnet]; ok && chance(0.8) {
			add(t, h.ip)
		}
	}
	if extra {
		add("subnet-v2x", netip.MustParseAddr("10.0.9.10"))
	}
}

// rsnapUnknownSG and rsnapUnknownPL are what rsnapUnknowns leaves out of a
// snapshot: a security group, and the entries of a prefix list.
const (
	rsnapUnknownSG = "sg-0gone"
	rsnapUnknownPL = "pl-0partners"
)

// rsnapUnknowns makes the snapshot partial, as an export is when a
// describe call was not run or another account owns an object: one or
// two interfaces name a security group it lacks (beside their own, or
// alone), and/or rules of some groups name a customer-managed prefix list
// without its entries (some replacing a group's egress rules, so that no
// known rule allows). A missing group marks the snapshot Deployed, as
// only an export can lack one.
func rsnapUnknowns(s *model.Snapshot, r *rand.Rand) {
	chance := func(p float64) bool { return r.Float64() < p }
	n := r.IntN(3)
	if n != 1 {
		s.Deployed = true
		for range 1 + r.IntN(2) {
			var sgs *[]string
			if i := r.IntN(len(s.ENIs) + 1); i < len(s.ENIs) {
				sgs = &s.ENIs[i].SecurityGroups
			} else {
				sgs = &s.CloudShells[0].SecurityGroups
			}
			switch {
			case slices.Contains(*sgs, rsnapUnknownSG):
			case chance(0.3):
				*sgs = []string{rsnapUnknownSG}
			default:
				at := r.IntN(len(*sgs) + 1)
				*sgs = slices.Insert(slices.Clone(*sgs), at, rsnapUnknownSG)
			}
		}
	}
	if n != 0 {
		s.PrefixLists = append(s.PrefixLists, model.PrefixList{ID: rsnapUnknownPL, Name: "partners", Owner: "222233334444"})
		menu := []model.SGRule{
			{Protocol: model.ProtoAll},
			{Protocol: model.ProtoTCP, Ports: model.Port(443)},
			{Protocol: model.ProtoTCP, Ports: model.Port(22)},
			{Protocol: model.ProtoTCP, Ports: model.AllPorts},
			{Protocol: model.ProtoUDP, Ports: model.Port(53)},
			{Protocol: model.ProtoICMP, ICMP: model.AnyICMP},
		}
		rule := func() model.SGRule {
			x := menu[r.IntN(len(menu))]
			x.PrefixList = rsnapUnknownPL
			return x
		}
		touched := false
		for i := range s.SecurityGroups {
			sg := &s.SecurityGroups[i]
			if !chance(0.5) && (touched || i < len(s.SecurityGroups)-1) {
				continue
			}
			touched = true
			switch n := r.IntN(4); {
			case n == 0:
				sg.Egress = []model.SGRule{rule()}
			case n == 1:
				sg.Egress = slices.Insert(slices.Clone(sg.Egress), r.IntN(len(sg.Egress)+1), rule())
			}
			if chance(0.7) {
				sg.Ingress = slices.Insert(slices.Clone(sg.Ingress), r.IntN(len(sg.Ingress)+1), rule())
			}
		}
	}
}

// rsnapVPCOf returns the VPC of a subnet.
func rsnapVPCOf(s *model.Snapshot, subnet string) string {
	for _, sn := range s.Subnets {
		if sn.ID == subnet {
			return sn.VPC
		}
	}
	return ""
}

// rsnapDupAddrs returns the private addresses that interfaces of more
// than one VPC hold.
func rsnapDupAddrs(s *model.Snapshot) map[netip.Addr]bool {
	vpcs := map[netip.Addr]string{}
	dup := map[netip.Addr]bool{}
	for _, e := range oracleIfaces(s) {
		if v, ok := vpcs[e.ip]; ok && v != e.vpc {
			dup[e.ip] = true
		}
		vpcs[e.ip] = e.vpc
	}
	return dup
}

// rsnapHasUnknowns reports whether the snapshot lacks a security group an
// interface names or the entries of a prefix list.
func rsnapHasUnknowns(s *model.Snapshot) bool {
	for _, pl := range s.PrefixLists {
		if !pl.EntriesKnown && len(pl.CIDRs) == 0 {
			return true
		}
	}
	known := map[string]bool{}
	for _, sg := range s.SecurityGroups {
		known[sg.ID] = true
	}
	for _, e := range oracleIfaces(s) {
		for _, id := range e.sgs {
			if !known[id] {
				return true
			}
		}
	}
	return false
}

// rsnapQuery is one flow of the differential tests.
type rsnapQuery struct {
	from  string // cloudshell or an interface id
	dst   netip.Addr
	proto model.Protocol
	port  uint16
}

func (q rsnapQuery) String() string {
	d := Destination{Kind: DestIP, Addr: q.dst, Proto: q.proto, Port: q.port}
	return q.from + " → " + d.String()
}

// rsnapQueries lists the flows asked of a generated snapshot: from the
// CloudShell environment and every interface (of both VPCs, when two
// overlap) to internet hosts, to every interface's private and public
// address (an address two VPCs use is asked from the sources of both, and
// must reach the interface of the source's VPC), to an address of a subnet
// that no interface holds, to a VPC address in no subnet and to private
// addresses outside the VPCs; each with a random protocol (TCP, UDP, ICMP
// echo or ESP) and port.
func rsnapQueries(s *model.Snapshot, seed uint64) []rsnapQuery {
	r := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	froms := []string{"cloudshell"}
	for _, e := range s.ENIs {
		froms = append(froms, e.ID)
	}
	dsts := []netip.Addr{
		netip.MustParseAddr("203.0.113.10"), netip.MustParseAddr("8.8.8.8"),
		netip.MustParseAddr("10.99.0.1"), netip.MustParseAddr("100.64.0.10"), netip.MustParseAddr("10.0.250.9"), netip.MustParseAddr("10.1.250.9"),
		oracleAddHost(s.Subnets[r.IntN(len(s.Subnets))].CIDR.Addr(), 77),
	}
	for _, e := range oracleIfaces(s) {
		dsts = append(dsts, e.ip)
		if e.public.IsValid() {
			dsts = append(dsts, e.public)
		}
	}
	tcpPorts := []uint16{443, 443, 22, 80, 5432, 53, 8080}
	var qs []rsnapQuery
	for _, f := range froms {
		for _, d := range dsts {
			q := rsnapQuery{from: f, dst: d}
			switch n := r.IntN(20); {
			case n < 11:
				q.proto, q.port = model.ProtoTCP, tcpPorts[r.IntN(len(tcpPorts))]
				if r.IntN(5) == 0 {
					q.port = uint16(1 + r.IntN(65535))
				}
			case n < 15:
				q.proto, q.port = model.ProtoUDP, 53
				if r.IntN(2) == 0 {
					q.port = uint16(1 + r.IntN(65535))
				}
			case n < 19:
				q.proto = model.ProtoICMP
			default:
				q.proto = model.Protocol(50) // ESP: no ports
			}
			qs = append(qs, q)
		}
	}
	return qs
}

// oracleDump writes a snapshot compactly, one object a line, for failure
// messages.
func oracleDump(s *model.Snapshot) string {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	for _, v := range s.VPCs {
		w("vpc %s %v", v.ID, v.CIDRs)
	}
	for _, sn := range s.Subnets {
		w("subnet %s %s route_table=%q network_acl=%q", sn.ID, sn.CIDR, sn.RouteTable, sn.NetworkACL)
	}
	for _, rt := range s.RouteTables {
		w("route-table %s main=%v", rt.ID, rt.Main)
		for _, r := range rt.Routes {
			d := r.Destination.String()
			if r.PrefixList != "" {
				d = r.PrefixList
			}
			w("  %s → %s:%s state=%q origin=%s", d, r.Target.Kind, r.Target.ID, r.State, r.Origin)
		}
	}
	for _, pl := range s.PrefixLists {
		w("prefix-list %s %v", pl.ID, pl.CIDRs)
	}
	for _, g := range s.InternetGateways {
		w("igw %s vpc=%q state=%q", g.ID, g.VPC, g.State)
	}
	for _, n := range s.NATGateways {
		w("nat %s subnet=%s %q state=%q private=%s public=%s", n.ID, n.Subnet, n.Connectivity, n.State, n.PrivateIP, n.PublicIP)
	}
	rule := func(r model.SGRule) string {
		peer := r.CIDR.String()
		switch {
		case r.PrefixList != "":
			peer = r.PrefixList
		case r.Group != "":
			peer = r.Group
		}
		switch r.Protocol {
		case model.ProtoTCP, model.ProtoUDP:
			return fmt.Sprintf("%s %s %s", r.Protocol, r.Ports, peer)
		case model.ProtoICMP:
			return fmt.Sprintf("icmp %d/%d %s", r.ICMP.Type, r.ICMP.Code, peer)
		}
		return fmt.Sprintf("%s %s", r.Protocol, peer)
	}
	for _, sg := range s.SecurityGroups {
		w("sg %s", sg.ID)
		for _, r := range sg.Egress {
			w("  egress %s", rule(r))
		}
		for _, r := range sg.Ingress {
			w("  ingress %s", rule(r))
		}
	}
	for _, a := range s.NetworkACLs {
		w("acl %s default=%v", a.ID, a.Default)
		for _, egress := range []bool{false, true} {
			for _, e := range oracleACLEntries(&a, egress) {
				dir := "in "
				if egress {
					dir = "out"
				}
				act := "deny "
				if e.Allow {
					act = "allow"
				}
				what := e.Protocol.String()
				switch e.Protocol {
				case model.ProtoTCP, model.ProtoUDP:
					what += " " + e.Ports.String()
				case model.ProtoICMP:
					what += fmt.Sprintf(" %d/%d", e.ICMP.Type, e.ICMP.Code)
				}
				w("  %s %5d %s %s %s", dir, e.RuleNumber, act, what, e.CIDR)
			}
		}
	}
	for _, e := range s.ENIs {
		w("eni %s subnet=%s ip=%s public=%s sgs=%v", e.ID, e.Subnet, e.PrivateIP, e.PublicIP, e.SecurityGroups)
	}
	for _, e := range s.ElasticIPs {
		w("eip %s %s eni=%s", e.AllocationID, e.PublicIP, e.ENI)
	}
	for _, c := range s.CloudShells {
		w("cloudshell %s subnet=%s ip=%s sgs=%v", c.Name, c.Subnet, c.IP, c.SecurityGroups)
	}
	return b.String()
}

func oracleDumpHops(r Result) string {
	var b strings.Builder
	for _, h := range r.Hops {
		fmt.Fprintf(&b, "  %-7s %-8s %s %s %s: %s", h.Leg, h.Verdict, h.Component, h.Direction, h.Rule, h.Detail)
		if h.Code != "" {
			fmt.Fprintf(&b, " [%s]", h.Code)
		}
		b.WriteByte('\n')
	}
	for _, bl := range r.Blockers {
		fmt.Fprintf(&b, "  blocker %s %s: %s\n", bl.Code, bl.Component, bl.Message)
	}
	return b.String()
}

// oracleQuery runs q on the engine.
func oracleQuery(g *Graph, q rsnapQuery) (Result, error) {
	src, err := g.ResolveSource(q.from)
	if err != nil {
		return Result{}, err
	}
	return g.Query(src, Destination{Kind: DestIP, Addr: q.dst, Proto: q.proto, Port: q.port}), nil
}

// oracleCompare runs q on the engine and on the oracle and describes any
// disagreement; "" when they agree. known names the known engine bug that
// explains the disagreement, if one does. a is the oracle's answer.
func oracleCompare(seed uint64, s *model.Snapshot, g *Graph, q rsnapQuery) (res Result, a oracleAnswer, diff, known string) {
	res, a, diff = oracleCompare1(seed, s, g, q)
	if diff == "" {
		return res, a, "", ""
	}
	src, _ := oracleSource(s, q.from)
	for _, b := range oracleKnownBugs {
		if oracleDisagrees(oracleReachableRules(b.rules, s, src, q.dst, q.proto, q.port), res) == "" {
			return res, a, diff, b.name
		}
	}
	return res, a, diff, ""
}

func oracleCompare1(seed uint64, s *model.Snapshot, g *Graph, q rsnapQuery) (Result, oracleAnswer, string) {
	res, err := oracleQuery(g, q)
	if err != nil {
		return res, oracleAnswer{}, fmt.Sprintf("seed %d: ResolveSource(%q): %v", seed, q.from, err)
	}
	src, ok := oracleSource(s, q.from)
	if !ok {
		return res, oracleAnswer{}, fmt.Sprintf("seed %d: the oracle finds no source %q", seed, q.from)
	}
	if es, _ := g.ResolveSource(q.from); es.IP != src.ip || es.Subnet != src.subnet {
		return res, oracleAnswer{}, fmt.Sprintf("seed %d: source %q is %s in %s for the engine, %s in %s for the oracle", seed, q.from, es.IP, es.Subnet, src.ip, src.subnet)
	}
	a := oracleReachable(s, src, q.dst, q.proto, q.port)
	d := oracleDisagrees(a, res)
	if d == "" {
		return res, a, ""
	}
	return res, a, fmt.Sprintf("seed %d: Query(%s) = %s; oracle says %s (%s)\nsnapshot:\n%sengine hops:\n%s",
		seed, q, oracleDescribe(res), a, d, oracleDump(s), oracleDumpHops(res))
}

// oracleDisagrees says how the engine's result departs from the oracle's
// answer a, "" when it does not: the verdict and the code must be equal,
// Reachable must say whether the verdict is reachable, an unknown verdict
// must list its unknowns, and a request that nothing blocks must be
// delivered to the same interface (the one that holds the address in the
// VPC the packet is in).
func oracleDisagrees(a oracleAnswer, res Result) string {
	switch {
	case res.Verdict != a.verdict || res.Code != a.code:
		return "verdict or code"
	case res.Reachable != (res.Verdict == Reachable):
		return "Reachable does not match Verdict"
	case res.Verdict == Unknown && (len(res.Unknowns) == 0 || res.Unknowns[0].Code != res.Code):
		return "an unknown verdict whose first unknown is not its code"
	case a.undecided != "" && (len(res.Unknowns) == 0 || res.Unknowns[0].Code != a.undecided):
		return fmt.Sprintf("the first unknown decision, %s, is not the first of Unknowns %v", a.undecided, res.Unknowns)
	case a.verdict != Unreachable && oracleEngineDelivered(res) != a.iface:
		return fmt.Sprintf("delivered to %q, not %q", oracleEngineDelivered(res), a.iface)
	}
	return ""
}

// oracleEngineDelivered is the interface the engine delivered the request
// to, "" for none.
func oracleEngineDelivered(res Result) string {
	for _, h := range res.Hops {
		if h.Leg == LegForward && h.Kind == model.KindENI && h.Verdict == Deliver {
			return h.Component
		}
	}
	return ""
}

func oracleDescribe(res Result) string {
	s := string(res.Verdict)
	if res.Code != "" {
		s += " " + string(res.Code)
	}
	if e := oracleEngineDelivered(res); e != "" {
		s += " at " + e
	}
	return s
}

// oracleStats counts outcomes, to show what the generator covers.
type oracleStats struct {
	mu        sync.Mutex
	snapshots int
	queries   int
	// overlapping counts snapshots with two VPCs whose interfaces share
	// private addresses; unknownParts those that name a security group or
	// prefix list entries the snapshot lacks.
	overlapping, unknownParts int
	codes                     map[Code]int
	verdicts                  map[Answer]int
	// dup counts the queries to a private address that interfaces of two
	// VPCs hold, by the source's VPC; dupDelivered those delivered to one
	// (with no blocker before).
	dup, dupDelivered map[string]int
}

// oracleTally is one snapshot's share of oracleStats.
type oracleTally struct {
	overlapping, unknownParts bool
	codes                     map[Code]int
	verdicts                  map[Answer]int
	dup, dupDelivered         map[string]int
}

func newOracleTally(s *model.Snapshot) *oracleTally {
	t := &oracleTally{codes: map[Code]int{}, verdicts: map[Answer]int{}, dup: map[string]int{}, dupDelivered: map[string]int{}}
	t.overlapping = len(rsnapDupAddrs(s)) > 0
	t.unknownParts = rsnapHasUnknowns(s)
	return t
}

func (st *oracleStats) add(t *oracleTally) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.codes == nil {
		st.codes, st.verdicts, st.dup, st.dupDelivered = map[Code]int{}, map[Answer]int{}, map[string]int{}, map[string]int{}
	}
	st.snapshots++
	if t.overlapping {
		st.overlapping++
	}
	if t.unknownParts {
		st.unknownParts++
	}
	for c, n := range t.codes {
		st.codes[c] += n
		st.queries += n
	}
	for v, n := range t.verdicts {
		st.verdicts[v] += n
	}
	for v, n := range t.dup {
		st.dup[v] += n
	}
	for v, n := range t.dupDelivered {
		st.dupDelivered[v] += n
	}
}

func (st *oracleStats) String() string {
	var cs []string
	for c, n := range st.codes {
		name := string(c)
		if c == "" {
			name = "reachable"
		}
		cs = append(cs, fmt.Sprintf("%s=%d", name, n))
	}
	slices.Sort(cs)
	var dups []string
	for _, v := range slices.Sorted(maps.Keys(st.dup)) {
		dups = append(dups, fmt.Sprintf("from %s %d (%d delivered)", v, st.dup[v], st.dupDelivered[v]))
	}
	return fmt.Sprintf("%d snapshots (%d with overlapping VPCs, %d with unknown parts), %d queries (reachable %d, unreachable %d, unknown %d): %s; to duplicated addresses: %s",
		st.snapshots, st.overlapping, st.unknownParts, st.queries, st.verdicts[Reachable], st.verdicts[Unreachable], st.verdicts[Unknown],
		strings.Join(cs, " "), strings.Join(dups, ", "))
}

// oracleSeeds runs f on seeds [0, n) in parallel chunks and stops each
// chunk after the first failure, so one engine bug does not print
// thousands of dumps.
func oracleSeeds(t *testing.T, n uint64, f func(t *testing.T, seed uint64) bool) {
	const chunks = 4
	var failed atomic.Int32
	for c := range uint64(chunks) {
		t.Run(fmt.Sprintf("chunk%d", c), func(t *testing.T) {
			t.Parallel()
			for seed := c; seed < n; seed += chunks {
				if failed.Load() >= 3 {
					return
				}
				if !f(t, seed) {
					failed.Add(1)
				}
			}
		})
	}
}

// TestOracleAgreesWithEngine requires engine == oracle on the queries of
// 2000 random snapshots.
func TestOracleAgreesWithEngine(t *testing.T) {
	n := uint64(2000)
	if testing.Short() {
		n = 200
	}
	var st oracleStats
	t.Cleanup(func() { // after the parallel subtests
		t.Log(st.String())
		if testing.Short() || t.Failed() {
			return
		}
		// The comparison is only as good as what the generator reaches.
		for _, c := range []Code{"", CodeNoRoute, CodeSGMismatch, CodeSGHasNoRules, CodeACL, CodeIGWNoPublicIP, CodeIGWRFC1918,
			CodeIGWRFC6598, CodeBadStateRoute, CodeBadState, CodeBadStateAttachment, CodeNoSubnet, CodeAsymmetricReturn, CodeRoutingLoop,
			CodeUnsupportedHop, CodeSGUnknown} {
			if st.codes[c] == 0 {
				t.Errorf("no generated query ends with code %q: rsnapGen no longer covers it", c)
			}
		}
		for _, v := range []Answer{Reachable, Unreachable, Unknown} {
			if st.verdicts[v] == 0 {
				t.Errorf("no generated query has the verdict %s: rsnapGen no longer covers it", v)
			}
		}
		for _, v := range []string{rsnapVPC, rsnapTwinVPC} {
			if st.dupDelivered[v] == 0 {
				t.Errorf("no query from %s reaches an address that both VPCs use: rsnapGen no longer covers overlapping VPCs", v)
			}
		}
	})
	oracleSeeds(t, n, func(t *testing.T, seed uint64) bool {
		s, err := rsnapGen(seed)
		if err != nil {
			t.Fatal(err)
		}
		g := Build(s)
		tally := newOracleTally(s)
		dups := rsnapDupAddrs(s)
		for _, q := range rsnapQueries(s, seed) {
			res, a, diff, known := oracleCompare(seed, s, g, q)
			switch {
			case known != "":
				tally.codes[Code("known engine bug "+known)]++
				continue
			case diff != "":
				t.Error(diff)
				return false
			}
			tally.codes[res.Code]++
			tally.verdicts[res.Verdict]++
			if dups[q.dst] {
				src, _ := oracleSource(s, q.from)
				vpc := rsnapVPCOf(s, src.subnet)
				tally.dup[vpc]++
				if a.iface != "" {
					tally.dupDelivered[vpc]++
				}
			}
		}
		st.add(tally)
		return true
	})
}

// FuzzQuery requires engine == oracle on one query of a random snapshot:
// seed chooses the snapshot, sel the query. The files of
// testdata/fuzz/FuzzQuery are named after what they hit with the
// generator as written; changing rsnapGen or rsnapQueries reshuffles them
// (they stay valid inputs, only their names go stale). A disagreement that
// a known engine bug explains skips the input.
func FuzzQuery(f *testing.F) {
	for _, c := range []struct {
		seed uint64
		sel  uint32
	}{{0, 0}, {1, 7}, {42, 3}, {1234, 99}} {
		f.Add(c.seed, c.sel)
	}
	f.Fuzz(func(t *testing.T, seed uint64, sel uint32) {
		s, err := rsnapGen(seed)
		if err != nil {
			t.Fatal(err)
		}
		qs := rsnapQueries(s, seed)
		q := qs[int(sel%uint32(len(qs)))]
		switch _, _, diff, known := oracleCompare(seed, s, Build(s), q); {
		case known != "":
			t.Skipf("known engine bug (%s): %s", known, diff)
		case diff != "":
			t.Error(diff)
		}
	})
}

// oracleMini is the smallest network the engine-bug tests need: CloudShell
// and eni-a (public 198.51.100.10) in subnet-a, eni-b (public
// 198.51.100.20) in subnet-b; both subnets route 0.0.0.0/0 to igw-1; every
// group allows everything.
func oracleMini() *model.Snapshot {
	pfx, addr := netip.MustParsePrefix, netip.MustParseAddr
	all := []model.SGRule{{Protocol: model.ProtoAll, CIDR: pfx("0.0.0.0/0")}}
	toIGW := []model.Route{{Destination: pfx("0.0.0.0/0"), Target: model.Ref{Kind: model.KindInternetGateway, ID: "igw-1"}, State: "active"}}
	return &model.Snapshot{
		VPCs: []model.VPC{{ID: "vpc-1", CIDRs: []netip.Prefix{pfx("10.0.0.0/16")}}},
		Subnets: []model.Subnet{
			{ID: "subnet-a", VPC: "vpc-1", CIDR: pfx("10.0.1.0/24"), RouteTable: "rtb-a"},
			{ID: "subnet-b", VPC: "vpc-1", CIDR: pfx("10.0.2.0/24"), RouteTable: "rtb-b"},
		},
		RouteTables: []model.RouteTable{
			{ID: "rtb-a", VPC: "vpc-1", Routes: toIGW},
			{ID: "rtb-b", VPC: "vpc-1", Routes: slices.Clone(toIGW)},
		},
		InternetGateways: []model.InternetGateway{{ID: "igw-1", VPC: "vpc-1", State: "available"}},
		SecurityGroups:   []model.SecurityGroup{{ID: "sg-1", VPC: "vpc-1", Ingress: all, Egress: all}},
		ENIs: []model.ENI{
			{ID: "eni-a", Subnet: "subnet-a", PrivateIP: addr("10.0.1.10"), PublicIP: addr("198.51.100.10"), SecurityGroups: []string{"sg-1"}},
			{ID: "eni-b", Subnet: "subnet-b", PrivateIP: addr("10.0.2.10"), PublicIP: addr("198.51.100.20"), SecurityGroups: []string{"sg-1"}},
		},
		CloudShells: []model.CloudShellEnv{{Name: "ops", Subnet: "subnet-a", SecurityGroups: []string{"sg-1"}}},
	}
}

// oracleBugCase is one engine-bug case: the AWS answer (which the oracle
// must give) and the answer the engine is known to give instead.
type oracleBugCase struct {
	name      string
	change    func(s *model.Snapshot)
	q         rsnapQuery
	want      Code // "" = reachable: what AWS does
	engineBug Code // what the engine answers while the bug stands
}

func oracleRunBugCases(t *testing.T, bug string, cases []oracleBugCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			s := oracleMini()
			tt.change(s)
			if ds := s.Validate(); ds.HasErrors() {
				t.Fatal(ds.Err())
			}
			src, _ := oracleSource(s, tt.q.from)
			if a := oracleReachable(s, src, tt.q.dst, tt.q.proto, tt.q.port); (a.verdict == Reachable) != (tt.want == "") || a.code != tt.want {
				t.Fatalf("oracle: %s = %s; want code %q", tt.q, a, tt.want)
			}
			res, err := oracleQuery(Build(s), tt.q)
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case res.Reachable == (tt.want == "") && res.Code == tt.want:
				// Fixed: the differential tests no longer need oracleKnownBugs' entry.
			case res.Reachable == (tt.engineBug == "") && res.Code == tt.engineBug:
				// The bug is fixed: its old answer is now a regression.
				t.Errorf("regression of a fixed engine bug: %s: Query(%s) = code %q, want %q\n%s", bug, tt.q, res.Code, tt.want, oracleDumpHops(res))
			default:
				t.Errorf("Query(%s) = reachable %v, code %q; want code %q\n%s", tt.q, res.Reachable, res.Code, tt.want, oracleDumpHops(res))
			}
		})
	}
}

// TestOracleEngineBugICMPEchoReplyACL: the reply to an ICMP echo request
// is an echo reply, type 0 (RFC 792), and network ACLs are stateless: the
// reply is checked as a new packet (aws-rules.md §4.2), so an ACL entry for
// ICMP type 8 does not admit it and one for type 0 does. The engine checks
// the reply with the request's type 8 and code 0 (filter.go echoType).
func TestOracleEngineBugICMPEchoReplyACL(t *testing.T) {
	icmpIn := func(typ int16) func(s *model.Snapshot) {
		return func(s *model.Snapshot) {
			s.NetworkACLs = []model.NetworkACL{{ID: "acl-a", VPC: "vpc-1", Entries: []model.ACLEntry{
				{RuleNumber: 100, Egress: true, Allow: true, Protocol: model.ProtoAll, CIDR: netip.MustParsePrefix("0.0.0.0/0")},
				{RuleNumber: 100, Allow: true, Protocol: model.ProtoICMP, ICMP: model.ICMPMatch{Type: typ, Code: -1}, CIDR: netip.MustParsePrefix("0.0.0.0/0")},
			}}}
			s.Subnets[0].NetworkACL = "acl-a"
		}
	}
	ping := rsnapQuery{from: "cloudshell", dst: netip.MustParseAddr("10.0.2.10"), proto: model.ProtoICMP}
	oracleRunBugCases(t, "the return leg's network ACL is checked for ICMP type 8 instead of 0 (echo reply)", []oracleBugCase{
		{"inbound-allows-echo-request-only", icmpIn(8), ping, CodeACL, ""},
		{"inbound-allows-echo-reply-only", icmpIn(0), ping, "", CodeACL},
	})
}

// TestOracleEngineBugFilteredReplyRoute: only active routes forward
// (aws-rules.md §2.2 rule 5; "filtered" is treated as non-forwarding, as
// the engine's forward walk does with BAD_STATE_ROUTE). The reply from
// eni-b to eni-a's public address must leave through igw-1, but the route
// that would carry it is filtered; the engine's reply-route check accepts
// any route to the IGW that is not a blackhole.
func TestOracleEngineBugFilteredReplyRoute(t *testing.T) {
	oracleRunBugCases(t, "the reply route check accepts a filtered route", []oracleBugCase{
		{"reply-route-filtered", func(s *model.Snapshot) { s.RouteTables[1].Routes[0].State = "filtered" },
			rsnapQuery{from: "eni-a", dst: netip.MustParseAddr("198.51.100.20"), proto: model.ProtoTCP, port: 443}, CodeBadStateRoute, ""},
		{"forward-route-filtered", func(s *model.Snapshot) { s.RouteTables[0].Routes[0].State = "filtered" },
			rsnapQuery{from: "eni-a", dst: netip.MustParseAddr("198.51.100.20"), proto: model.ProtoTCP, port: 443}, CodeBadStateRoute, CodeBadStateRoute},
	})
}

// TestOracleOverlapAndUnknown pins the oracle's reading of the two things
// the generator's extras exercise, on oracleMini, and requires the engine
// to agree: an address inside a VPC means that VPC's interface, however
// another VPC uses it (vpc-2 below is a copy of vpc-1's CIDR with its own
// interfaces at eni-a's and eni-b's addresses, and no route to vpc-1); a
// security group decision that needs a group or prefix list entries the
// snapshot lacks is unknown, unless a known rule allows, and a certain
// blocker elsewhere still makes the answer unreachable.
func TestOracleOverlapAndUnknown(t *testing.T) {
	pfx, addr := netip.MustParsePrefix, netip.MustParseAddr
	twin := func(s *model.Snapshot) {
		s.VPCs = append(s.VPCs, model.VPC{ID: "vpc-2", CIDRs: []netip.Prefix{pfx("10.0.0.0/16")}})
		s.Subnets = append(s.Subnets,
			model.Subnet{ID: "subnet-a2", VPC: "vpc-2", CIDR: pfx("10.0.1.0/24")},
			model.Subnet{ID: "subnet-b2", VPC: "vpc-2", CIDR: pfx("10.0.2.0/24")})
		s.SecurityGroups = append(s.SecurityGroups,
			model.SecurityGroup{ID: "sg-2", VPC: "vpc-2", Egress: []model.SGRule{{Protocol: model.ProtoAll, CIDR: pfx("0.0.0.0/0")}}}) // no ingress
		s.ENIs = append(s.ENIs,
			model.ENI{ID: "eni-a2", Subnet: "subnet-a2", PrivateIP: addr("10.0.1.10"), SecurityGroups: []string{"sg-2"}},
			model.ENI{ID: "eni-b2", Subnet: "subnet-b2", PrivateIP: addr("10.0.2.10"), SecurityGroups: []string{"sg-2"}})
	}
	missingSG := func(sgs ...string) func(s *model.Snapshot) {
		return func(s *model.Snapshot) {
			s.Deployed = true
			s.ENIs[1].SecurityGroups = sgs // eni-b
		}
	}
	// sg-pl admits TCP 443 from a prefix list whose entries are unknown.
	plRule := func(s *model.Snapshot) {
		s.PrefixLists = append(s.PrefixLists, model.PrefixList{ID: "pl-x", Name: "partners"})
		s.SecurityGroups = append(s.SecurityGroups, model.SecurityGroup{ID: "sg-pl", VPC: "vpc-1",
			Ingress: []model.SGRule{{Protocol: model.ProtoTCP, Ports: model.Port(443), PrefixList: "pl-x"}}})
		s.ENIs[1].SecurityGroups = []string{"sg-pl"}
	}
	denyIn := func(s *model.Snapshot) {
		s.NetworkACLs = []model.NetworkACL{{ID: "acl-b", VPC: "vpc-1", Entries: []model.ACLEntry{
			{RuleNumber: 100, Egress: true, Allow: true, Protocol: model.ProtoAll, CIDR: pfx("0.0.0.0/0")}}}} // inbound: only "*"
		s.Subnets[1].NetworkACL = "acl-b"
	}
	both := func(fs ...func(*model.Snapshot)) func(*model.Snapshot) {
		return func(s *model.Snapshot) {
			for _, f := range fs {
				f(s)
			}
		}
	}
	tcp := func(from, dst string, port uint16) rsnapQuery {
		return rsnapQuery{from: from, dst: addr(dst), proto: model.ProtoTCP, port: port}
	}
	for _, tt := range []struct {
		name   string
		change func(s *model.Snapshot)
		q      rsnapQuery
		want   oracleAnswer
	}{
		// Overlapping VPCs: each source reaches its own VPC's interface.
		{"vpc-1-to-its-eni-b", twin, tcp("eni-a", "10.0.2.10", 443), oracleAnswer{verdict: Reachable, iface: "eni-b"}},
		{"cloudshell-to-its-eni-b", twin, tcp("cloudshell", "10.0.2.10", 22), oracleAnswer{verdict: Reachable, iface: "eni-b"}},
		{"vpc-2-to-its-eni-b2", twin, tcp("eni-a2", "10.0.2.10", 443), oracleAnswer{verdict: Unreachable, code: CodeSGMismatch}},
		{"vpc-2-no-subnet-where-vpc-1-has-one", func(s *model.Snapshot) { twin(s); s.Subnets = s.Subnets[:3]; s.ENIs = s.ENIs[:3] },
			tcp("eni-a2", "10.0.2.10", 443), oracleAnswer{verdict: Unreachable, code: CodeNoSubnet}},

		// Unknown parts.
		{"missing-group-alone", missingSG("sg-gone"), tcp("eni-a", "10.0.2.10", 443),
			oracleAnswer{verdict: Unknown, code: CodeSGUnknown, iface: "eni-b", undecided: CodeSGUnknown}},
		{"missing-group-beside-one-that-allows", missingSG("sg-gone", "sg-1"), tcp("eni-a", "10.0.2.10", 443),
			oracleAnswer{verdict: Reachable, iface: "eni-b"}},
		{"missing-source-group", func(s *model.Snapshot) { s.Deployed = true; s.CloudShells[0].SecurityGroups = []string{"sg-gone"} },
			tcp("cloudshell", "203.0.113.10", 443), oracleAnswer{verdict: Unreachable, code: CodeIGWNoPublicIP, undecided: CodeSGUnknown}},
		{"prefix-list-rule-for-the-port", plRule, tcp("eni-a", "10.0.2.10", 443),
			oracleAnswer{verdict: Unknown, code: CodeSGUnknown, iface: "eni-b", undecided: CodeSGUnknown}},
		{"prefix-list-rule-for-another-port", plRule, tcp("eni-a", "10.0.2.10", 22), oracleAnswer{verdict: Unreachable, code: CodeSGMismatch}},
		{"unknown-and-a-blocker-before", both(plRule, denyIn), tcp("eni-a", "10.0.2.10", 443), oracleAnswer{verdict: Unreachable, code: CodeACL}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := oracleMini()
			tt.change(s)
			if ds := s.Validate(); ds.HasErrors() {
				t.Fatal(ds.Err())
			}
			src, ok := oracleSource(s, tt.q.from)
			if !ok {
				t.Fatalf("no source %q", tt.q.from)
			}
			if a := oracleReachable(s, src, tt.q.dst, tt.q.proto, tt.q.port); a != tt.want {
				t.Errorf("oracle: %s = %s (first unknown %q); want %s (first unknown %q)", tt.q, a, a.undecided, tt.want, tt.want.undecided)
			}
			res, err := oracleQuery(Build(s), tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if d := oracleDisagrees(tt.want, res); d != "" {
				t.Errorf("Query(%s) = %s; want %s (%s)\n%s", tt.q, oracleDescribe(res), tt.want, d, oracleDumpHops(res))
			}
		})
	}
}
