package sim

// This file holds a slow, deliberately simple reference evaluator (the
// oracle) of the AWS rules the walk implements for IPv4 VPCs without
// connections between them (aws-rules.md §2, §3.1, §3.2, §4);
// oracle_gen_test.go generates small random snapshots, and
// oracle_cmp_test.go holds the differential tests that require engine ==
// oracle on them (style.md habit 14; cf. net/netip's parseIPSlow).
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
	"net/netip"
	"slices"
	"strings"

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
	if strings.EqualFold(string(r.State), "blackhole") || r.Target.Kind == model.KindBlackhole {
		return r, CodeBadStateRoute
	}
	if r.State != "" && !strings.EqualFold(string(r.State), "active") {
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
	if n.State != "" && !strings.EqualFold(string(n.State), "available") {
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
	return g.State == "" || strings.EqualFold(string(g.State), "available") || strings.EqualFold(string(g.State), "attached")
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
