package sim

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/cshsim/cshsim/model"
)

// step is the engine: it applies the rule of the component the packet is
// at and gives the state it moves to, recording the decision on the
// walker's trace. It returns false when the packet goes no further (a
// blocker that ends the walk, an unknown past which nothing is known, or
// the end of a reply). The request, the reply, RoutingLoops and the
// component graph all move by it, so each AWS rule is written once, here
// and in the cases it calls (docs/architecture.md, "The step function").
//
// A new kind of hop (a firewall endpoint, a VPN attachment, a load
// balancer) is one more place and one more case.
func (w *walker) step(s state) (state, bool) {
	switch s.at {
	case atSource:
		return w.sourceEgress(s)
	case atLeave:
		return w.leave(s)
	case atVPC:
		return w.vpcRouter(s)
	case atEnter:
		return w.enterSubnet(s)
	case atENI:
		return w.deliverENI(s)
	case atNAT:
		return w.viaNAT(s)
	case atIGWOut:
		return w.igwOut(s)
	case atIGWIn:
		return w.igwIn(s)
	case atInternet:
		return w.internetStep(s)
	case atTGW:
		return w.viaTGW(s)
	case atPeering:
		return w.viaPeering(s)
	case atAppliance:
		return w.viaAppliance(s)
	case atEndpoint:
		return w.viaGatewayEndpoint(s)
	}
	return s, false
}

// routeLookup is the route-table lookup every flow uses; a variable so
// that a test can change the rule once and see the request, the reply and
// the loop finder all change with it.
var routeLookup = (*routeTable).lookup

// sourceEgress checks the source interface's security groups, egress
// (VPC User Guide, "Security group rules").
func (w *walker) sourceEgress(s state) (state, bool) {
	p := s.p
	next := state{at: atLeave, si: w.g.subnets[w.src.Subnet], sender: true, p: p}
	if next.si == nil {
		w.stop(CodeBadState, w.src.Subnet, says("source-no-subnet", w.src.Subnet))
		return s, false
	}
	sgs := w.src.SecurityGroups
	if len(sgs) == 0 {
		w.assume(AssumeNoSecurityGroups, "the source has no security groups in the snapshot; egress assumed allowed", w.src.ID)
		return next, true
	}
	var peerSGs []string
	if w.g.refGroups(sgs, true) {
		peerSGs = w.g.peerSGs(next.si, p.dst)
	}
	w.sgHop(sgs, true, p, peerSGs, func() string {
		if w.internet {
			return "0.0.0.0/0"
		}
		return p.dst.String() + "/32"
	})
	return next, true
}

// sgHop applies the security groups sgs to p in one direction (the peer
// is the destination on egress, the source on ingress, whose groups are
// peerSGs) and records the hop, with the blocker or the unknown it finds.
// fixPeer says what the fix should allow: the destination on egress, the
// client's address or group on ingress.
func (w *walker) sgHop(sgs []string, egress bool, p packet, peerSGs []string, fixPeer func() string) {
	peer, dir, toFrom, situation := p.src, Ingress, "from", "sg-ingress"
	if egress {
		peer, dir, toFrom, situation = p.dst, Egress, "to", "sg-egress"
	}
	d := w.g.sgDecide(sgs, egress, p, peer, peerSGs, !w.quiet)
	if d.allowed && w.quiet {
		return
	}
	comp := strings.Join(sgs, ",")
	h := Hop{Component: comp, Kind: model.KindSecurityGroup, Direction: dir, Rule: d.rule, Groups: sgs}
	switch {
	case d.allowed:
		h.Verdict, h.Detail, h.RuleRef = Allow, w.sprintf("%s (%s) allows %s %s %s", d.rule, d.detail, p.service(), toFrom, peer), d.ref
		w.hop(h)
	case len(d.unknown) > 0:
		h.Verdict, h.Detail = Undecided, w.sprintf("no known rule allows %s %s %s, but %s is not in the snapshot", p.service(), toFrom, peer, strings.Join(d.unknown, ", "))
		w.hop(h)
		w.unknownSGs(comp, d.unknown, dir)
	default:
		h.Verdict = Deny
		h.Detail = w.sprintf("no %s rule of %s allows %s %s %s", dir, comp, p.service(), toFrom, peer)
		code := CodeSGMismatch
		if d.detail != "" { // the groups have no rules in this direction
			h.Detail = w.sprintf("%s has %s", comp, d.detail)
			if egress {
				h.Detail += ": nothing can leave"
				code = CodeSGHasNoRules
			}
		}
		w.hop(h)
		var s saying
		if !w.quiet {
			s = says(situation, h.Detail, dir, sgs[0], p.service(), toFrom, fixPeer())
		}
		w.block(code, comp, s)
	}
}

// unknownSGs records that a security group decision needs groups or
// prefix-list entries the snapshot lacks.
func (w *walker) unknownSGs(comp string, missing []string, dir Direction) {
	var collect []string
	for _, m := range missing {
		if id, ok := strings.CutPrefix(m, "security group "); ok {
			collect = append(collect, "aws ec2 describe-security-groups --group-ids "+id)
		} else if strings.HasPrefix(m, "the entries of prefix list ") {
			id, _, _ := strings.Cut(strings.TrimPrefix(m, "the entries of prefix list "), " ")
			collect = append(collect, "aws ec2 get-managed-prefix-list-entries --prefix-list-id "+id)
		}
	}
	w.unknown(CodeSGUnknown, comp, says("sg-missing", dir, comp, strings.Join(missing, ", "), strings.Join(collect, "; ")))
}

// peerSGs returns the security groups of the interface that holds dst, as
// an egress rule of an interface in subnet si can see them: within one
// VPC, and across an active same-Region peering connection that si's route
// table uses for dst; never across a transit gateway, where references work
// in inbound rules only (VPC User Guide, "Security group referencing"; VPC
// Peering Guide, "Update your security groups").
func (g *Graph) peerSGs(si *subnetInfo, dst netip.Addr) []string {
	if e := g.eniAt(si.s.VPC, dst); e != nil {
		return e.sgs
	}
	r, _ := routeLookup(si.rt, dst)
	if r == nil || r.src.Target.Kind != model.KindPeering {
		return nil
	}
	p := g.pcxs[r.src.Target.ID]
	if p == nil || p.Status != model.StateActive {
		return nil
	}
	self, peer, ok := peeringSides(p, si.s.VPC)
	if !ok || !groupsCross(self, peer) {
		return nil
	}
	if e := g.eniAt(peer.VPC, dst); e != nil {
		return e.sgs
	}
	return nil
}

// aclHop evaluates subnet si's network ACL for p at the subnet boundary:
// outbound entries match the destination, inbound ones the source.
// Network ACLs are stateless: the reply is checked again as a packet of
// its own, on the client's ephemeral ports (VPC User Guide, "Network
// ACLs").
func (w *walker) aclHop(si *subnetInfo, egress bool, p packet) {
	if si.regional || w.forwardingOnly {
		return // a regional NAT gateway sits in no subnet: no network ACL
	}
	peer := p.dst
	if !egress {
		peer = p.src
	}
	d := si.acl.decide(egress, p.proto, peer, p.dstPorts, p.icmpType, !w.quiet)
	if w.quiet {
		if !d.allowed {
			w.addBlocker(CodeACL, si.aclID()) // a quiet walk keeps no words
		}
		return
	}
	comp := si.aclID()
	if si.acl == nil && !slices.Contains(w.noACL, si.s.ID) {
		w.noACL = append(w.noACL, si.s.ID)
	}
	what := p.what()
	leg := LegForward
	if p.reply {
		leg = LegReturn
	}
	dir, toFrom := Inbound, "from"
	if egress {
		dir, toFrom = Outbound, "to"
	}
	h := Hop{Component: comp, Kind: model.KindNetworkACL, Leg: leg, Direction: dir, Rule: d.rule}
	if d.pos >= 0 {
		h.RuleRef = &model.FieldRef{ID: comp, Field: fmt.Sprintf("%s[%d]", aclField(egress), d.pos)}
	}
	h.Detail = fmt.Sprintf("%s of %s: %s %s %s: %s", dir, si.s.ID, what, toFrom, peer, d.detail)
	if d.allowed {
		h.Verdict = Allow
		w.hop(h)
		return
	}
	h.Verdict = Deny
	w.hop(h)
	fixPorts := p.dstPorts.String()
	if p.reply && p.proto.HasPorts() {
		fixPorts = natEphemeral.String() // AWS's advice covers every client (VPC User Guide, "Ephemeral ports")
	}
	svc := p.proto.String()
	if p.proto.HasPorts() {
		svc += " " + fixPorts
	}
	below := "32767"
	if d.rule != "*" && d.rule != "" {
		below = d.rule
	}
	situation := "acl"
	if p.reply {
		situation = "acl-reply"
	}
	w.block(CodeACL, comp, says(situation, comp, dir, si.s.ID, what, toFrom, peer, d.detail, below, svc, cidrFor(peer, w.internet && !isPrivate(peer))))
}

func aclField(egress bool) string {
	if egress {
		return "egress"
	}
	return "ingress"
}

func cidrFor(a netip.Addr, wide bool) string {
	if wide {
		if a.Is6() {
			return "::/0"
		}
		return "0.0.0.0/0"
	}
	return netip.PrefixFrom(a, a.BitLen()).String()
}

// leave moves a packet out of subnet si, where its sender sits: within the
// subnet it is delivered directly; otherwise the subnet's network ACL
// (outbound) and route table decide, and the route's target is the next
// place (VPC User Guide, "Route tables", "Route priority").
func (w *walker) leave(s state) (state, bool) {
	si, p := s.si, s.p
	w.pass(si.s.ID)
	key := visit{si, p.src, p.dst, p.reply}
	if at, seen := w.seen(key); seen {
		id := si.s.ID
		if p.reply {
			w.hop(Hop{Component: id, Kind: model.KindSubnet, Verdict: Drop, Detail: "the reply came back to " + id + ": routing loop"})
			w.stop(CodeRoutingLoop, id, says("leave-reply-loop", id))
			return s, false
		}
		loop := ""
		if !w.quiet {
			loop = w.loopComponents(at)
		}
		w.hop(Hop{Component: id, Kind: model.KindSubnet, Verdict: Drop, Detail: "the packet came back to " + id + ": routing loop through " + loop})
		w.stop(CodeRoutingLoop, id, says("leave-loop", loop, id))
		return s, false
	}
	w.visitedAt = append(w.visitedAt, visited{key, len(w.res.Hops)})
	// Traffic between interfaces of one subnet never reaches the router or
	// the network ACL (VPC User Guide, "Network ACLs": ACLs act at the
	// subnet boundary).
	if s.sender && !si.regional && si.s.CIDR.Contains(p.dst) {
		return state{at: atEnter, si: si, from: si, p: p}, true
	}
	w.aclHop(si, true, p)
	rt := si.rt
	r, alt := routeLookup(rt, p.dst)
	ok := r != nil
	if len(rt.unknownPLs) > 0 && (!ok || r.prefix.Bits() < p.dst.BitLen()) {
		w.unknown(CodePLEntriesUnknown, rt.id, says("leave-pl-entries", rt.id, strings.Join(rt.unknownPLs, ", "), p.dst, rt.unknownPLs[0]))
	}
	var ref *model.FieldRef // the route that decided, as written
	if ok && r.index >= 0 && !w.quiet {
		ref = &model.FieldRef{ID: rt.id, Field: fmt.Sprintf("routes[%d]", r.index)}
	}
	if !ok {
		if p.reply {
			w.hop(Hop{Component: rt.id, Kind: model.KindRouteTable, Verdict: Drop, RuleRef: ref,
				Detail: w.sprintf("the reply to %s finds no route in the route table of %s", p.dst, si.s.ID)})
			w.stop(CodeNoRoute, rt.id, says("leave-reply-no-route", rt.id, si.s.ID, p.dst, w.fixReturnRoute(si, p.dst)))
			return s, false
		}
		w.hop(Hop{Component: rt.id, Kind: model.KindRouteTable, Verdict: Drop, RuleRef: ref,
			Detail: w.sprintf("route table of %s has no route to %s", si.s.ID, p.dst)})
		w.stop(CodeNoRoute, rt.id, says("leave-no-route", rt.id, si.s.ID, p.dst, w.fixNoRoute(si, p)))
		return s, false
	}
	if len(alt) > 0 && !w.quiet {
		var ts []string
		for _, a := range alt {
			ts = append(ts, a.describe())
		}
		w.assume(AssumePrefixListTie, fmt.Sprintf("%s has prefix-list routes of equal length to different targets (%s and %s): AWS picks one at random; %s was followed", rt.id, r.describe(), strings.Join(ts, ", "), r.src.Target), rt.id)
	}
	rule := ""
	if !w.quiet {
		rule = r.describe()
		switch {
		case r.index < 0 && r.src.Target.Kind == model.KindLocal:
			rule = r.prefix.String() + " → local (implicit)"
		case r.index < 0:
			rule += " (implicit: the endpoint's route table)" // a gateway endpoint's route a design implies
		}
	}
	if r.state != routeActive {
		what := "it drops traffic"
		switch {
		case r.state != routeBlackhole:
			what = string(r.src.State)
		case r.src.Target.ID != "" && r.src.Target.Kind != model.KindBlackhole:
			what = "its target is gone"
		}
		if p.reply {
			w.hop(Hop{Component: rt.id, Kind: model.KindRouteTable, Verdict: Drop, Rule: rule, RuleRef: ref,
				Detail: w.sprintf("the reply to %s matches %s, which does not forward (%s)", p.dst, rule, orBlackhole(r.src.State))})
			w.stop(CodeBadStateRoute, rt.id, says("leave-reply-dead-route", rule, rt.id, p.dst, routeDest(r)))
			return s, false
		}
		if r.state == routeBlackhole {
			w.hop(Hop{Component: rt.id, Kind: model.KindRouteTable, Verdict: Drop, Rule: rule, RuleRef: ref,
				Detail: w.sprintf("%s matches %s and is a blackhole: the packet is dropped (no fall-back to a less specific route)", rule, p.dst)})
			w.stop(CodeBadStateRoute, rt.id, says("leave-blackhole", rule, rt.id, what, routeDest(r)))
			return s, false
		}
		w.hop(Hop{Component: rt.id, Kind: model.KindRouteTable, Verdict: Drop, Rule: rule, RuleRef: ref,
			Detail: w.sprintf("%s matches %s but is %s, not active", rule, p.dst, r.src.State)})
		w.stop(CodeBadStateRoute, rt.id, says("leave-route-inactive", rule, rt.id, r.src.State))
		return s, false
	}
	t := r.src.Target
	if p.reply && t.Kind == model.KindInternetGateway && isPrivate(p.dst) {
		// The reply to a private address would leave for the internet:
		// the request came another way (a transit gateway, a peering).
		w.hop(Hop{Component: rt.id, Kind: model.KindRouteTable, Verdict: Drop, Rule: rule, RuleRef: ref,
			Detail: w.sprintf("the reply to %s matches %s: it would leave for the internet, not the way the request came", p.dst, rule)})
		w.stop(CodeAsymmetricReturn, rt.id, says("leave-reply-internet", rt.id, si.s.ID, p.dst, t.ID, w.fixReturnRoute(si, p.dst)))
		return s, false
	}
	if !w.quiet {
		detail := fmt.Sprintf("route table of %s: %s matches %s", si.s.ID, rule, p.dst)
		if p.reply {
			detail = fmt.Sprintf("the reply to %s: %s", p.dst, rule)
		}
		w.hop(Hop{Component: rt.id, Kind: model.KindRouteTable, Verdict: Forward, Rule: rule, RuleRef: ref, Detail: detail})
	}
	if r.middlebox {
		// A route more specific than the local route sends traffic for a
		// subnet of the VPC through a middlebox (VPC User Guide, "Routing
		// for a middlebox appliance"), which the middlebox issue will
		// simulate. Until then the decision is unknown, and the walk goes on
		// to the route's target as written, so a certain blocker further on
		// is still found.
		w.unknown(CodeUnsupportedHop, rt.id, says("leave-middlebox", rt.id, r.prefix, t))
	}
	next := state{si: si, r: r, p: p}
	switch t.Kind {
	case model.KindLocal:
		next.at, next.vi, next.from = atVPC, si.vpc, si
	case model.KindInternetGateway:
		next.at = atIGWOut
	case model.KindNATGateway:
		next.at = atNAT
	case model.KindENI, model.KindInstance:
		next.at = atAppliance
	case model.KindEndpoint:
		next.at = atEndpoint
	case model.KindTransitGateway:
		next.at = atTGW
	case model.KindPeering:
		next.at = atPeering
	default:
		if p.reply {
			w.hop(Hop{Component: t.ID, Kind: t.Kind, Verdict: Undecided, Detail: w.sprintf("the reply goes on through %s %s, which cshsim does not simulate", t.Kind, t.ID)})
			w.halt(CodeUnsupportedHop, t.ID, says("leave-reply-unsimulated", t.Kind, t.ID))
			return s, false
		}
		w.hop(Hop{Component: t.ID, Kind: t.Kind, Verdict: Undecided, Detail: w.sprintf("the path goes on through %s %s, which this version of cshsim does not simulate", t.Kind, t.ID)})
		w.halt(CodeUnsupportedHop, t.ID, says("leave-unsimulated", t.Kind, t.ID))
		return s, false
	}
	return next, true
}

func orBlackhole(state model.State) model.State {
	if !state.Known() {
		return model.StateBlackhole
	}
	return state
}

func routeDest(r *route) string {
	if r.src.PrefixList != "" {
		return r.src.PrefixList
	}
	return r.src.Destination.String()
}

// vpcRouter delivers a packet inside VPC vi to the subnet that holds its
// destination; addresses are looked up in this VPC only (overlapping
// address space across VPCs is normal).
func (w *walker) vpcRouter(s state) (state, bool) {
	vi, p := s.vi, s.p
	to := w.g.subnetAt(vi, p.dst)
	if to == nil {
		if p.reply {
			w.hop(Hop{Component: vi.v.ID, Kind: model.KindVPC, Verdict: Drop, Detail: w.sprintf("the reply's destination %s is in none of the subnets of %s", p.dst, vi.v.ID)})
			w.stop(CodeNoSubnet, vi.v.ID, says("vpc-reply-no-subnet", vi.v.ID, p.dst))
			return s, false
		}
		w.hop(Hop{Component: vi.v.ID, Kind: model.KindVPC, Verdict: Drop, Detail: w.sprintf("%s is inside %s but in none of its subnets", p.dst, vi.v.ID)})
		w.stop(CodeNoSubnet, vi.v.ID, says("vpc-no-subnet", vi.v.ID, p.dst))
		return s, false
	}
	return state{at: atEnter, si: to, from: s.from, p: p}, true
}

// enterSubnet brings a packet into subnet si: its network ACL (inbound)
// when it comes from another subnet, then the interface that holds the
// destination. A reply to a NAT gateway's address is translated back and
// routed on from the gateway's subnet.
func (w *walker) enterSubnet(s state) (state, bool) {
	to, p := s.si, s.p
	w.pass(to.s.ID)
	if s.from != to {
		w.aclHop(to, false, p)
	}
	if n := len(p.nats); p.reply && n > 0 && p.nats[n-1].addr == p.dst {
		f := p.nats[n-1]
		w.hop(Hop{Component: f.nat.ID, Kind: model.KindNATGateway, Verdict: Forward,
			Detail: w.sprintf("%s translates the reply back to %s", f.nat.ID, f.client)})
		q := p
		q.dst, q.dstPorts, q.nats = f.client, f.clientPorts, p.nats[:n-1]
		if !p.proto.HasPorts() {
			q.dstPorts = model.AllPorts
		}
		return state{at: atLeave, si: f.subnet, sender: true, p: q}, true
	}
	e := w.g.eniIn(to, p.dst)
	if p.reply {
		comp := to.s.ID
		if e != nil {
			comp = e.id
		}
		w.hop(Hop{Component: comp, Kind: model.KindENI, Verdict: Deliver, Detail: w.sprintf("the reply reaches %s (security groups are stateful: no rule needed)", p.dst)})
		return state{at: atArrived, si: to, p: p}, true
	}
	if e == nil {
		w.hop(Hop{Component: to.s.ID, Kind: model.KindSubnet, Verdict: Deliver, Detail: w.sprintf("%s is in %s; no interface in the snapshot has this address", p.dst, to.s.ID)})
		w.assume(AssumeHolderUnknown, w.sprintf("no interface in the snapshot has %s: the network path to %s was checked, the security groups of whatever holds the address were not", p.dst, to.s.ID), to.s.ID)
		return state{at: atArrived, si: to, p: p}, true
	}
	return state{at: atENI, si: to, e: e, p: p}, true
}

// deliverENI checks the destination interface: attached to a running
// instance, and its security groups' ingress rules (VPC User Guide,
// "Security group rules"; EC2 User Guide, "Network interface attachment").
func (w *walker) deliverENI(s state) (state, bool) {
	e, p := s.e, s.p
	end := state{at: atArrived, si: s.si, p: p}
	if e.detached() {
		w.hop(Hop{Component: e.id, Kind: model.KindENI, Verdict: Drop, Detail: w.sprintf("%s holds %s but is detached (status %s): nothing answers", e.id, p.dst, e.status)})
		w.stop(CodeInterfaceDetached, e.id, says("enter-detached", e.id, p.dst))
		return s, false
	}
	if inst := w.g.insts[e.instance]; inst != nil && inst.State.Known() && inst.State != model.StateRunning {
		w.hop(Hop{Component: e.id, Kind: model.KindENI, Verdict: Drop, Detail: w.sprintf("%s belongs to instance %s, which is %s", e.id, inst.ID, inst.State)})
		w.block(CodeHostNotRunning, e.id, says("enter-host-not-running", inst.ID, e.id, inst.State))
	}
	if len(e.sgs) == 0 {
		w.hop(Hop{Component: e.id, Kind: model.KindENI, Verdict: Deliver, Detail: w.sprintf("delivered to %s (%s); it has no security groups in the snapshot", e.id, p.dst)})
		w.assume(AssumeNoSecurityGroups, w.sprintf("%s has no security groups in the snapshot; ingress assumed allowed", e.id), e.id)
		return end, true
	}
	w.sgHop(e.sgs, false, p, p.srcSGs, func() string {
		// A group reference works within the VPC and across a same-Region
		// peering (the packet keeps its groups only then).
		if len(p.srcSGs) > 0 && w.g.sgs[p.srcSGs[0]] != nil && (w.g.sgs[p.srcSGs[0]].VPC == e.vpc || p.viaPeering) {
			return p.srcSGs[0]
		}
		return p.src.String() + "/32"
	})
	w.hop(Hop{Component: e.id, Kind: model.KindENI, Verdict: Deliver, Detail: w.sprintf("delivered to %s (%s)", e.id, p.dst)})
	return end, true
}

// fixNoRoute proposes the route a missing route needs.
func (w *walker) fixNoRoute(si *subnetInfo, p packet) string {
	if w.quiet {
		return ""
	}
	if isPrivate(p.dst) {
		return fmt.Sprintf("add a route for %s to %s", p.dst, si.rt.id)
	}
	if ep := w.g.gatewayEndpointFor(si.s.VPC, p.dst); ep != nil {
		return fmt.Sprintf("add %s to the route tables of gateway endpoint %s (aws ec2 modify-vpc-endpoint --vpc-endpoint-id %s --add-route-table-ids %s)", si.rt.id, ep.ID, ep.ID, si.rt.id)
	}
	if nat := w.g.natFor(si); nat != nil {
		return fmt.Sprintf("add the route 0.0.0.0/0 → %s to %s", nat.ID, si.rt.id)
	}
	if w.src.Kind == SourceCloudShell || !w.src.PublicIP.IsValid() {
		return fmt.Sprintf("create a public NAT gateway in a public subnet of %s and add the route 0.0.0.0/0 → it to %s", si.s.VPC, si.rt.id)
	}
	if si.vpc.igw != nil {
		return fmt.Sprintf("add the route 0.0.0.0/0 → %s to %s", si.vpc.igw.ID, si.rt.id)
	}
	return fmt.Sprintf("attach an internet gateway to %s and route 0.0.0.0/0 to it in %s", si.s.VPC, si.rt.id)
}

// fixReturnRoute proposes the route a reply from subnet si to dst needs:
// back through the gateway the request entered the VPC by, for the CIDR of
// the VPC the client is in.
func (w *walker) fixReturnRoute(si *subnetInfo, dst netip.Addr) string {
	if w.quiet {
		return ""
	}
	dest := netip.PrefixFrom(dst, dst.BitLen()).String()
	if c, ok := w.g.clientCIDR(w.src, dst); ok {
		dest = c.String()
	}
	if via, ok := w.entered[si.s.VPC]; ok {
		return fmt.Sprintf("add the route %s → %s to %s (the request came in through %s)", dest, via, si.rt.id, via)
	}
	if isPrivate(dst) {
		return fmt.Sprintf("add a route for %s to %s that leads back the way the request came", dest, si.rt.id)
	}
	if si.vpc.igw != nil {
		return fmt.Sprintf("add the route %s → %s to %s (or 0.0.0.0/0 → %s)", dest, si.vpc.igw.ID, si.rt.id, si.vpc.igw.ID)
	}
	return fmt.Sprintf("add a route for %s to %s that leads back the way the request came", dest, si.rt.id)
}

// clientCIDR returns the VPC CIDR that holds dst (the reply's
// destination): the source VPC's first, then any VPC's.
func (g *Graph) clientCIDR(src Source, dst netip.Addr) (netip.Prefix, bool) {
	if vi := g.vpcs[src.VPC]; vi != nil {
		for _, c := range vi.v.CIDRs {
			if c.Contains(dst) {
				return c.Masked(), true
			}
		}
	}
	// A NAT gateway's address in another VPC, say.
	for _, id := range sortedKeys(g.vpcs) {
		for _, c := range g.vpcs[id].v.CIDRs {
			if c.Contains(dst) {
				return c.Masked(), true
			}
		}
	}
	return netip.Prefix{}, false
}
