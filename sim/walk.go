package sim

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/cshsim/cshsim/model"
)

// walker carries one query through the network. It records a hop for every
// component and a blocker for every component that stops the packet; where
// it can, it goes on past a blocker as if that component had let the packet
// through, so one walk yields the whole fix set.
type walker struct {
	g       *Graph
	src     Source
	res     *Result
	leg     Leg      // the leg hops are recorded on
	end     delivery // where the request arrived (when arrived); the reply starts there
	arrived bool
	pubMap  []publicMap
	// entered maps a VPC to the transit gateway or peering connection the
	// request entered it by, for the fix of a missing return route.
	entered map[string]string
	// visitedAt maps each subnet a packet left (with its destination, and
	// whether it was the reply) to the index of the first hop after it, for
	// loop reports.
	visitedAt  []visited
	visitedBuf [6]visited // visitedAt's first backing array
	stopped    bool
	assumed    map[string]bool
	internet   bool     // the destination stands for "the internet"
	quiet      bool     // Options.VerdictOnly: no hops, details, messages or positions
	gateway    string   // the gateway endpoint that delivered the request, if any
	noACL      []string // subnets crossed whose network ACL the snapshot lacks
}

// sprintf formats a detail or message; in quiet mode (Options.VerdictOnly)
// nothing is rendered.
func (w *walker) sprintf(format string, a ...any) string {
	if w.quiet {
		return ""
	}
	return fmt.Sprintf(format, a...)
}

// hop records a hop of the path. Quiet walks record none; the busiest
// callers also check w.quiet first, so that a detail's arguments are not
// even boxed for w.sprintf.
func (w *walker) hop(h Hop) {
	if w.quiet {
		return // bulk runs keep verdicts, not paths
	}
	if h.Leg == "" {
		h.Leg = w.leg
	}
	if h.Leg == "" {
		h.Leg = LegForward
	}
	if h.At == "" && h.Component != "" {
		h.At = w.g.at(h.Component)
	}
	w.res.Hops = append(w.res.Hops, h)
}

// at is Graph.at, skipped in quiet mode.
func (w *walker) at(id string) string {
	if w.quiet {
		return ""
	}
	return w.g.at(id)
}

// block records a blocker on the hop just added.
func (w *walker) block(code Code, component, msg, fix string) {
	if n := len(w.res.Hops); n > 0 && w.res.Hops[n-1].Component == component && w.res.Hops[n-1].Code == "" {
		w.res.Hops[n-1].Code = code
	}
	w.res.Blockers = append(w.res.Blockers, Blocker{Code: code, Component: component, Message: msg, Fix: fix})
}

// stop records a blocker past which the walk cannot go on.
func (w *walker) stop(code Code, component, msg, fix string) {
	w.block(code, component, msg, fix)
	w.stopped = true
}

// unknown records a decision the snapshot cannot make: the data it needs
// is missing. The walk goes on past it where the next hop is known.
func (w *walker) unknown(code Code, component, msg, collect string) {
	if n := len(w.res.Hops); n > 0 && w.res.Hops[n-1].Component == component && w.res.Hops[n-1].Code == "" {
		w.res.Hops[n-1].Code = code
		w.res.Hops[n-1].Verdict = Undecided
	}
	w.res.Unknowns = append(w.res.Unknowns, Missing{Code: code, Component: component, Message: msg, Collect: collect})
}

func (w *walker) assume(s string) {
	if s == "" || w.quiet {
		return
	}
	if w.assumed == nil {
		w.assumed = map[string]bool{}
	}
	if !w.assumed[s] {
		w.assumed[s] = true
		w.res.Assumptions = append(w.res.Assumptions, s)
	}
}

// walk walks one packet from the source to dst.
func (g *Graph) walk(src Source, dst netip.Addr, proto model.Protocol, port uint16, internet bool, opts Options) *Result {
	return g.newWalker(src, internet, opts).run(dst, proto, port)
}

// arrive records where the request arrived, for the reply walk.
func (w *walker) arrive(d delivery) {
	w.end, w.arrived = d, true
}

func (g *Graph) newWalker(src Source, internet bool, opts Options) *walker {
	w := &walker{g: g, src: src, res: &Result{Hops: []Hop{}}, internet: internet, quiet: opts.VerdictOnly}
	w.visitedAt = w.visitedBuf[:0]
	for _, a := range src.Assumptions {
		w.assume(a)
	}
	return w
}

// run walks the packet after whatever hops the caller added (a name
// resolution) and completes the result.
func (w *walker) run(dst netip.Addr, proto model.Protocol, port uint16) *Result {
	src := w.src
	p := packet{src: src.IP, dst: dst, proto: proto, port: port, srcPorts: linuxEphemeral, srcSGs: src.SecurityGroups, srcPublic: src.PublicIP}
	w.res.Address = dst.String()
	if !w.stopped {
		if src.Kind == SourceInternet {
			w.fromInternet(p)
		} else {
			w.sourceEgress(p)
			w.fromSubnet(src.Subnet, p, true)
		}
	}
	if !w.stopped && w.arrived {
		w.leg = LegReturn
		w.reply(w.end)
	}
	w.finish()
	return w.res
}

func (w *walker) finish() {
	r := w.res
	switch len(w.noACL) {
	case 0:
	case 1:
		w.assume(fmt.Sprintf("%s has no network ACL in the snapshot: the VPC's default ACL, which allows all traffic, is assumed", w.noACL[0]))
	default:
		w.assume(fmt.Sprintf("%s have no network ACL in the snapshot: their VPC's default ACL, which allows all traffic, is assumed", strings.Join(w.noACL, ", ")))
	}
	r.settle("reachable: " + pathLine(r.Hops))
}

func pathLine(hops []Hop) string {
	var parts []string
	for _, h := range hops {
		if h.Leg == LegReturn {
			continue
		}
		if len(parts) == 0 || parts[len(parts)-1] != h.Component {
			parts = append(parts, h.Component)
		}
	}
	return strings.Join(parts, " → ")
}

func (w *walker) enter(vpc, via string) {
	if w.entered == nil {
		w.entered = map[string]string{}
	}
	if _, ok := w.entered[vpc]; !ok {
		w.entered[vpc] = via
	}
}

// visited is a visit and the index of the first hop after it. A walk
// leaves few subnets, so a slice beats a map.
type visited struct {
	v  visit
	at int
}

// seen reports whether the walk already made the visit, and where.
func (w *walker) seen(v visit) (int, bool) {
	for _, x := range w.visitedAt {
		if x.v == v {
			return x.at, true
		}
	}
	return 0, false
}

// visit is a subnet left by a packet from an address, on the request or
// the reply.
type visit struct {
	si    *subnetInfo
	addr  netip.Addr
	reply bool
}

// loopComponents lists the routers and gateways the walk passed since hop
// index at: the components of a routing loop.
func (w *walker) loopComponents(at int) string {
	var out []string
	for _, h := range w.res.Hops[at:] {
		switch h.Kind {
		case model.KindSecurityGroup, model.KindNetworkACL:
			continue
		}
		if !slices.Contains(out, h.Component) {
			out = append(out, h.Component)
		}
	}
	return strings.Join(out, " → ")
}

// sourceEgress checks the source interface's security groups, egress.
func (w *walker) sourceEgress(p packet) {
	sgs := w.src.SecurityGroups
	comp := strings.Join(sgs, ",")
	if len(sgs) == 0 {
		w.assume("the source has no security groups in the snapshot; egress assumed allowed")
		return
	}
	var peerSGs []string
	if e := w.g.byIP[p.dst]; e != nil && w.g.sgPeerVisible(w.g.subnets[w.src.Subnet], e) {
		peerSGs = e.sgs
	}
	ok, rule, detail, unknown := w.g.sgVerdict(sgs, true, p, p.dst, peerSGs, w.quiet)
	h := Hop{Component: comp, Kind: model.KindSecurityGroup, Direction: "egress", Rule: rule}
	if !ok && len(unknown) > 0 {
		w.assume(w.sprintf("%s: not in the snapshot, so the egress rules that depend on it are unknown and assumed to allow the traffic", strings.Join(unknown, ", ")))
		h.Verdict, h.Detail = Allow, w.sprintf("no known rule allows %s to %s, but %s is not in the snapshot (assumed to allow)", p.service(), p.dst, strings.Join(unknown, ", "))
		w.hop(h)
		return
	}
	if ok {
		h.Verdict, h.Detail = Allow, w.sprintf("%s (%s) allows %s to %s", rule, detail, p.service(), p.dst)
		h.At = w.ruleAt(rule)
		w.hop(h)
		return
	}
	h.Verdict = Deny
	h.Detail = w.sprintf("no egress rule of %s allows %s to %s", comp, p.service(), p.dst)
	if detail != "" {
		h.Detail = w.sprintf("%s has %s: nothing can leave", comp, detail)
	}
	w.hop(h)
	code := CodeSGMismatch
	if detail != "" {
		code = CodeSGHasNoRules
	}
	target := p.dst.String() + "/32"
	if w.internet {
		target = "0.0.0.0/0"
	}
	w.block(code, comp, h.Detail, w.sprintf("add an egress rule to %s allowing %s to %s", sgs[0], p.service(), target))
}

// ruleAt returns the position of a rule named "sg-x egress[2]".
func (w *walker) ruleAt(rule string) string {
	if w.quiet {
		return ""
	}
	id, field, ok := strings.Cut(rule, " ")
	if !ok {
		return ""
	}
	return w.g.snap.Sources.Lookup(model.FieldRef{ID: id, Field: field}).String()
}

// aclCheck evaluates the subnet's network ACL for the request at a subnet
// boundary. Network ACLs are stateless: the reply is checked again as a
// new packet by the reply walk (VPC User Guide, "Network ACLs").
func (w *walker) aclCheck(si *subnetInfo, egress bool, p packet) {
	peer := p.dst
	if !egress {
		peer = p.src
	}
	w.aclHop(si, egress, p.proto, peer, model.Port(p.port), LegForward, p.service, echoType)
}

func (w *walker) aclHop(si *subnetInfo, egress bool, proto model.Protocol, peer netip.Addr, ports model.PortRange, leg Leg, whatf func() string, icmpType int16) {
	if si.regional {
		return // a regional NAT gateway sits in no subnet: no network ACL
	}
	d := aclVerdict(si.acl, egress, proto, peer, ports, icmpType, !w.quiet)
	if w.quiet {
		if !d.allowed {
			comp := "default-acl:" + si.s.VPC
			if si.acl != nil {
				comp = si.acl.ID
			}
			w.block(CodeACL, comp, "", "")
		}
		return
	}
	what := whatf()
	comp := "default-acl:" + si.s.VPC
	if si.acl != nil {
		comp = si.acl.ID
	} else {
		if !w.quiet && !slices.Contains(w.noACL, si.s.ID) {
			w.noACL = append(w.noACL, si.s.ID)
		}
	}
	dir, toFrom := "inbound", "from"
	if egress {
		dir, toFrom = "outbound", "to"
	}
	h := Hop{Component: comp, Kind: model.KindNetworkACL, Leg: leg, Direction: dir, Rule: d.rule}
	if si.acl != nil && d.rule != "" && d.rule != "*" && !w.quiet {
		h.At = w.ruleAtACL(si.acl, egress, d.rule)
	}
	if d.allowed {
		h.Verdict = Allow
		h.Detail = w.sprintf("%s of %s: %s %s %s: %s", dir, si.s.ID, what, toFrom, peer, d.detail)
		w.hop(h)
		return
	}
	h.Verdict = Deny
	h.Detail = w.sprintf("%s of %s: %s %s %s: %s", dir, si.s.ID, what, toFrom, peer, d.detail)
	w.hop(h)
	fixPorts := ports.String()
	if leg == LegReturn && proto.HasPorts() {
		fixPorts = natEphemeral.String() // AWS's advice covers every client (VPC User Guide, "Ephemeral ports")
	}
	svc := proto.String()
	if proto.HasPorts() {
		svc += " " + fixPorts
	}
	below := "32767"
	if d.rule != "*" && d.rule != "" {
		below = d.rule
	}
	msg := w.sprintf("network ACL %s (%s of %s) drops %s %s %s", comp, dir, si.s.ID, what, toFrom, peer)
	if leg == LegReturn {
		msg = "return traffic: " + msg
	}
	fix := w.sprintf("add an %s rule to %s numbered below %s: allow %s %s %s", dir, comp, below, svc, toFrom, cidrFor(peer, w.internet && !isPrivate(peer)))
	w.block(CodeACL, comp, msg+": "+d.detail, fix)
}

func (w *walker) ruleAtACL(acl *model.NetworkACL, egress bool, rule string) string {
	dir := "ingress"
	if egress {
		dir = "egress"
	}
	n := 0
	for _, e := range acl.Entries {
		if e.Egress != egress {
			continue
		}
		if fmt.Sprint(e.RuleNumber) == rule {
			return w.g.snap.Sources.Lookup(model.FieldRef{ID: acl.ID, Field: w.sprintf("%s[%d]", dir, n)}).String()
		}
		n++
	}
	return ""
}

func cidrFor(a netip.Addr, wide bool) string {
	if wide {
		return "0.0.0.0/0"
	}
	return netip.PrefixFrom(a, a.BitLen()).String()
}

// fromSubnet forwards p out of subnet id, where p's sender sits. sender
// says whether the sender is an interface of that subnet (the first leg,
// or a NAT gateway's own interface).
func (w *walker) fromSubnet(id string, p packet, sender bool) {
	si := w.g.subnets[id]
	if si == nil {
		si = w.g.natSubnets[id] // a regional NAT gateway routes by its own table
	}
	if si == nil {
		w.stop(CodeBadState, id, w.sprintf("subnet %q is not in the snapshot", id), "")
		return
	}
	key := visit{si, p.src, false}
	if at, seen := w.seen(key); seen {
		loop := w.loopComponents(at)
		w.hop(Hop{Component: id, Kind: model.KindSubnet, Verdict: Drop, Detail: "the packet came back to " + id + ": routing loop through " + loop})
		w.stop(CodeRoutingLoop, id, "routing loop: the packet goes round "+loop+" and back to "+id, "change one of the routes of the loop so that it leads to the destination")
		return
	}
	w.visitedAt = append(w.visitedAt, visited{key, len(w.res.Hops)})
	// Traffic between interfaces of one subnet never reaches the router or
	// the network ACL (VPC User Guide, "Network ACLs": ACLs act at the
	// subnet boundary).
	if sender && si.s.CIDR.Contains(p.dst) {
		w.deliverLocal(si, si, p)
		return
	}
	w.aclCheck(si, true, p)
	rt := si.rt
	if len(rt.unknownPLs) > 0 {
		w.assume(w.sprintf("%s routes prefix lists whose entries are not in the snapshot (%s): those routes could not be considered (collect get-managed-prefix-list-entries)", rt.id, strings.Join(rt.unknownPLs, ", ")))
	}
	r, ok, alt := rt.lookup(p.dst)
	at := w.at(rt.id)
	if ok && r.index >= 0 && !w.quiet {
		at = w.g.snap.Sources.Lookup(model.FieldRef{ID: rt.id, Field: w.sprintf("routes[%d]", r.index)}).String()
	}
	if !ok {
		if !w.quiet {
			w.hop(Hop{Component: rt.id, Kind: model.KindRouteTable, Verdict: Drop, At: at,
				Detail: w.sprintf("route table of %s has no route to %s", id, p.dst)})
		}
		w.stop(CodeNoRoute, rt.id, w.sprintf("route table %s (of %s) has no route to %s", rt.id, id, p.dst), w.fixNoRoute(si, p))
		return
	}
	if len(alt) > 0 {
		var ts []string
		for _, a := range alt {
			ts = append(ts, a.describe())
		}
		w.assume(w.sprintf("%s has prefix-list routes of equal length to different targets (%s and %s): AWS picks one at random; %s was followed", rt.id, r.describe(), strings.Join(ts, ", "), r.src.Target))
	}
	rule := ""
	if !w.quiet {
		rule = r.describe()
		if r.index < 0 {
			rule = r.prefix.String() + " → local (implicit)"
		}
	}
	if model.IsBlackhole(r.src.State) || r.src.Target.Kind == model.KindBlackhole {
		w.hop(Hop{Component: rt.id, Kind: model.KindRouteTable, Verdict: Drop, Rule: rule, At: at,
			Detail: w.sprintf("%s matches %s and is a blackhole: the packet is dropped (no fall-back to a less specific route)", rule, p.dst)})
		what := "its target is gone"
		if r.src.Target.ID == "" {
			what = "it drops traffic"
		}
		w.stop(CodeBadStateRoute, rt.id, w.sprintf("route %s in %s is a blackhole (%s)", rule, rt.id, what),
			w.sprintf("delete the route %s from %s or point it at a working target", routeDest(r), rt.id))
		return
	}
	if r.src.State != "" && !model.StateIs(r.src.State, "active") {
		w.hop(Hop{Component: rt.id, Kind: model.KindRouteTable, Verdict: Drop, Rule: rule, At: at,
			Detail: w.sprintf("%s matches %s but is %s, not active", rule, p.dst, r.src.State)})
		w.stop(CodeBadStateRoute, rt.id, w.sprintf("route %s in %s is %s", rule, rt.id, r.src.State), "")
		return
	}
	if !w.quiet {
		w.hop(Hop{Component: rt.id, Kind: model.KindRouteTable, Verdict: Forward, Rule: rule, At: at,
			Detail: w.sprintf("route table of %s: %s matches %s", id, rule, p.dst)})
	}
	w.forwardTo(si, r, p)
}

func routeDest(r route) string {
	if r.src.PrefixList != "" {
		return r.src.PrefixList
	}
	return r.src.Destination.String()
}

// forwardTo hands p to the route's target.
func (w *walker) forwardTo(si *subnetInfo, r route, p packet) {
	t := r.src.Target
	switch t.Kind {
	case model.KindLocal:
		w.local(si, p)
	case model.KindInternetGateway:
		w.egressIGW(si, t.ID, p, r)
	case model.KindNATGateway:
		w.viaNAT(si, t.ID, p)
	case model.KindENI, model.KindInstance:
		w.viaAppliance(si, t, p)
	case model.KindEndpoint:
		w.viaGatewayEndpoint(si, t.ID, p)
	case model.KindTransitGateway:
		aclIn := func(att *subnetInfo) { w.aclCheck(att, false, p) }
		if entry, sgRef := w.crossTGW(si, t.ID, p.src, p.dst, aclIn); entry != nil {
			w.enter(entry.s.VPC, t.ID)
			q := p
			if !sgRef {
				q.srcSGs = nil // the transit gateway drops SG membership (SG_REFERENCING_SUPPORT)
			}
			w.fromSubnet(entry.s.ID, q, true)
		}
	case model.KindPeering:
		q := p
		if vi := w.crossPeering(si, t.ID, p.dst, &q); vi != nil {
			w.enter(vi.v.ID, t.ID)
			w.localIn(vi, q)
		}
	default:
		w.hop(Hop{Component: t.ID, Kind: t.Kind, Verdict: Drop, Detail: w.sprintf("the path goes on through %s %s, which this version of cshsim does not simulate", t.Kind, t.ID)})
		w.stop(CodeUnsupportedHop, t.ID, w.sprintf("the path continues through %s %s, which cshsim does not simulate yet", t.Kind, t.ID), "")
	}
}

// localIn delivers p, arriving in VPC vi over a peering connection, to the
// subnet holding its destination: the peer VPC's router delivers it
// locally, crossing that subnet's network ACL.
func (w *walker) localIn(vi *vpcInfo, p packet) {
	for _, s := range vi.subnets {
		if s.s.CIDR.Contains(p.dst) {
			w.deliverLocal(nil, s, p)
			return
		}
	}
	w.hop(Hop{Component: vi.v.ID, Kind: model.KindVPC, Verdict: Drop, Detail: w.sprintf("%s is inside %s but in none of its subnets", p.dst, vi.v.ID)})
	w.stop(CodeNoSubnet, vi.v.ID, w.sprintf("no subnet of %s holds %s", vi.v.ID, p.dst), "")
}

// local delivers p inside the VPC, to the subnet holding the destination.
func (w *walker) local(from *subnetInfo, p packet) {
	var dst *subnetInfo
	if e := w.g.byIP[p.dst]; e != nil && w.g.subnets[e.subnet] != nil && w.g.subnets[e.subnet].s.VPC == from.s.VPC {
		dst = w.g.subnets[e.subnet]
	} else {
		for _, s := range from.vpc.subnets {
			if s.s.CIDR.Contains(p.dst) {
				dst = s
				break
			}
		}
	}
	if dst == nil {
		w.hop(Hop{Component: from.s.VPC, Kind: model.KindVPC, Verdict: Drop, Detail: w.sprintf("%s is inside %s but in none of its subnets", p.dst, from.s.VPC)})
		w.stop(CodeNoSubnet, from.s.VPC, w.sprintf("no subnet of %s holds %s", from.s.VPC, p.dst), "")
		return
	}
	w.deliverLocal(from, dst, p)
}

// deliverLocal delivers p from subnet from to an interface of subnet to.
func (w *walker) deliverLocal(from, to *subnetInfo, p packet) {
	if from != to {
		w.aclCheck(to, false, p)
	}
	e := w.g.byIP[p.dst]
	if e == nil || e.subnet != to.s.ID {
		w.hop(Hop{Component: to.s.ID, Kind: model.KindSubnet, Verdict: Deliver, Detail: w.sprintf("%s is in %s; no interface in the snapshot has this address", p.dst, to.s.ID)})
		w.assume(w.sprintf("no interface in the snapshot has %s: the network path to %s was checked, the security groups of whatever holds the address were not", p.dst, to.s.ID))
		w.arrive(delivery{subnet: to, p: p})
		return
	}
	w.ingressENI(e, p)
}

// ingressENI checks the destination interface's state and security groups.
func (w *walker) ingressENI(e *eniInfo, p packet) {
	w.arrive(delivery{subnet: w.g.subnets[e.subnet], p: p})
	if inst := w.g.insts[e.instance]; inst != nil && inst.State != "" && !model.StateIs(inst.State, "running") {
		w.hop(Hop{Component: e.id, Kind: model.KindENI, Verdict: Drop, Detail: w.sprintf("%s belongs to instance %s, which is %s", e.id, inst.ID, inst.State)})
		w.block(CodeHostNotRunning, e.id, w.sprintf("instance %s (behind %s) is %s: nothing answers", inst.ID, e.id, inst.State), "start instance "+inst.ID)
	}
	comp := strings.Join(e.sgs, ",")
	if len(e.sgs) == 0 {
		w.hop(Hop{Component: e.id, Kind: model.KindENI, Verdict: Deliver, Detail: w.sprintf("delivered to %s (%s); it has no security groups in the snapshot", e.id, p.dst)})
		w.assume(w.sprintf("%s has no security groups in the snapshot; ingress assumed allowed", e.id))
		return
	}
	ok, rule, detail, unknown := w.g.sgVerdict(e.sgs, false, p, p.src, p.srcSGs, w.quiet)
	h := Hop{Component: comp, Kind: model.KindSecurityGroup, Direction: "ingress", Rule: rule}
	if !ok && len(unknown) > 0 {
		w.assume(w.sprintf("%s: not in the snapshot, so the ingress rules that depend on it are unknown and assumed to allow the traffic", strings.Join(unknown, ", ")))
		h.Verdict, h.Detail = Allow, w.sprintf("no known rule allows %s from %s, but %s is not in the snapshot (assumed to allow)", p.service(), p.src, strings.Join(unknown, ", "))
		w.hop(h)
		w.hop(Hop{Component: e.id, Kind: model.KindENI, Verdict: Deliver, Detail: w.sprintf("delivered to %s (%s)", e.id, p.dst)})
		return
	}
	if ok {
		h.Verdict, h.Detail, h.At = Allow, w.sprintf("%s (%s) allows %s from %s", rule, detail, p.service(), p.src), w.ruleAt(rule)
		w.hop(h)
	} else {
		h.Verdict = Deny
		h.Detail = w.sprintf("no ingress rule of %s allows %s from %s", comp, p.service(), p.src)
		if detail != "" {
			h.Detail = w.sprintf("%s has %s", comp, detail)
		}
		w.hop(h)
		from := p.src.String() + "/32"
		if len(p.srcSGs) > 0 && w.g.sgs[p.srcSGs[0]] != nil && w.g.sgs[p.srcSGs[0]].VPC == e.vpc {
			from = p.srcSGs[0]
		}
		w.block(CodeSGMismatch, comp, h.Detail, w.sprintf("add an ingress rule to %s allowing %s from %s", e.sgs[0], p.service(), from))
	}
	w.hop(Hop{Component: e.id, Kind: model.KindENI, Verdict: Deliver, Detail: w.sprintf("delivered to %s (%s)", e.id, p.dst)})
}

// viaAppliance forwards to an interface or instance route target.
func (w *walker) viaAppliance(si *subnetInfo, t model.Ref, p packet) {
	e := w.g.enis[t.ID]
	if e == nil {
		if inst := w.g.insts[t.ID]; inst != nil && len(inst.ENIs) > 0 {
			e = w.g.enis[inst.ENIs[0]]
		}
	}
	if e != nil && e.srcDst && e.ip != p.dst {
		w.hop(Hop{Component: t.ID, Kind: t.Kind, Verdict: Drop, Detail: w.sprintf("%s has source/destination checking on: it drops traffic not addressed to it", t.ID)})
		w.stop(CodeSourceDestCheck, t.ID, w.sprintf("appliance %s has source/destination checking on, so it drops traffic for %s", t.ID, p.dst),
			w.sprintf("disable source/destination checking on %s", t.ID))
		return
	}
	w.hop(Hop{Component: t.ID, Kind: t.Kind, Verdict: Drop, Detail: w.sprintf("the route sends the packet to appliance %s; what the appliance does with it is not in the snapshot", t.ID)})
	w.stop(CodeUnsupportedHop, t.ID, w.sprintf("the path continues through appliance %s, whose forwarding cshsim cannot see", t.ID), "")
}

// viaNAT sends p through a NAT gateway (VPC User Guide, "NAT gateways").
func (w *walker) viaNAT(from *subnetInfo, id string, p packet) {
	nat := w.g.nats[id]
	if nat == nil {
		w.hop(Hop{Component: id, Kind: model.KindNATGateway, Verdict: Drop, Detail: id + " is not in the snapshot"})
		w.stop(CodeUnknownResource, id, w.sprintf("the route targets NAT gateway %s, which the snapshot does not describe (a partial export?)", id),
			"add the describe-nat-gateways output that holds "+id+" to the snapshot")
		return
	}
	if nat.State != "" && !model.StateIs(nat.State, "available") {
		w.hop(Hop{Component: id, Kind: model.KindNATGateway, Verdict: Drop, Detail: w.sprintf("%s is %s; only an available NAT gateway forwards", id, nat.State)})
		w.stop(CodeBadState, id, w.sprintf("NAT gateway %s is %s", id, nat.State),
			w.sprintf("create a new NAT gateway and point the route at it (%s is %s)", id, nat.State))
		return
	}
	if p.nat != nil {
		w.assume(w.sprintf("the packet passes two NAT gateways (%s, then %s)", p.nat.ID, id))
	}
	natSubnet := w.g.subnets[nat.Subnet]
	if natSubnet == nil && nat.Regional {
		natSubnet = w.g.natSubnets[nat.ID]
		if natSubnet != nil && !w.regionalServes(from, nat) {
			return
		}
	}
	if natSubnet == nil {
		w.hop(Hop{Component: id, Kind: model.KindNATGateway, Verdict: Drop, Detail: id + " has no subnet in the snapshot"})
		w.stop(CodeUnsupportedHop, id, w.sprintf("NAT gateway %s has no subnet (nor, for a regional NAT gateway, a VPC) in the snapshot", id), "")
		return
	}
	// Only traffic that originates in the NAT gateway's VPC may use it
	// (Reachability Analyzer NGW_REQUIRES_SOURCE_IN_VPC).
	if natVPC := natSubnet.s.VPC; from.s.VPC != natVPC {
		w.hop(Hop{Component: id, Kind: model.KindNATGateway, Verdict: Drop, Detail: w.sprintf("%s takes only traffic from its own VPC %s", id, natVPC)})
		w.stop(CodeNGWSourceNotInVPC, id, w.sprintf("NAT gateway %s is in %s and takes no traffic from %s", id, natVPC, from.s.VPC), "")
		return
	}
	if natSubnet != from {
		w.aclCheck(natSubnet, false, p)
	}
	conn := "public"
	if nat.IsPrivate() {
		conn = "private"
	}
	srcIP := nat.PrivateIP
	if !srcIP.IsValid() && natSubnet.regional {
		srcIP = regionalNATStandIn
		w.assume(w.sprintf("%s has no private address in the snapshot; %s stands in for it", id, srcIP))
	} else if !srcIP.IsValid() {
		srcIP = firstUsable(natSubnet.s.CIDR)
		w.assume(w.sprintf("%s has no private address in the snapshot; assumed %s", id, srcIP))
	}
	if !w.quiet {
		w.hop(Hop{Component: id, Kind: model.KindNATGateway, Verdict: Forward,
			Detail: w.sprintf("%s NAT gateway in %s translates the source %s to %s (ports 1024-65535)", conn, cmp.Or(nat.Subnet, "no subnet (regional)"), p.src, srcIP)})
	}
	q := p
	q.nats = append(slices.Clone(p.nats), natFrame{nat: nat, subnet: natSubnet, client: p.src, clientPorts: p.srcPorts, addr: srcIP})
	q.src, q.srcPorts, q.srcSGs, q.nat = srcIP, natEphemeral, nil, nat
	q.srcPublic = netip.Addr{}
	if !nat.IsPrivate() {
		q.srcPublic = nat.PublicIP
		if !q.srcPublic.IsValid() {
			q.srcPublic = netip.MustParseAddr("192.0.2.1")
			w.assume(w.sprintf("%s has no Elastic IP address in the snapshot; a public NAT gateway always has one", id))
		}
	}
	w.fromSubnet(natSubnet.s.ID, q, true)
}

// egressIGW sends p out through an internet gateway (VPC User Guide,
// "Internet gateways": the gateway must be attached, and the source needs a
// public IPv4 address; Reachability Analyzer's IGW rules add that an IGW
// never carries traffic to RFC 1918 or RFC 6598 addresses).
func (w *walker) egressIGW(si *subnetInfo, id string, p packet, r route) {
	igw := w.g.igws[id]
	if igw == nil {
		w.hop(Hop{Component: id, Kind: model.KindInternetGateway, Verdict: Drop, Detail: w.sprintf("%s is not in the snapshot", id)})
		w.stop(CodeUnknownResource, id, w.sprintf("the route targets internet gateway %s, which the snapshot does not describe (a partial export?)", id),
			"add the describe-internet-gateways output of the account that owns "+id+" to the snapshot")
		return
	}
	if !igwAttached(igw) || igw.VPC != si.s.VPC {
		state := "detached"
		if igw != nil && igw.VPC != "" && igw.VPC != si.s.VPC {
			state = "attached to " + igw.VPC
		}
		w.hop(Hop{Component: id, Kind: model.KindInternetGateway, Verdict: Drop, Detail: w.sprintf("%s is %s, not attached to %s", id, state, si.s.VPC)})
		w.stop(CodeBadStateAttachment, id, w.sprintf("internet gateway %s is not attached to %s", id, si.s.VPC),
			w.sprintf("attach %s to %s", id, si.s.VPC))
		return
	}
	if isRFC1918(p.dst) {
		w.hop(Hop{Component: id, Kind: model.KindInternetGateway, Verdict: Drop, Detail: w.sprintf("an internet gateway does not carry traffic to the private address %s", p.dst)})
		w.stop(CodeIGWRFC1918, id, w.sprintf("%s is a private (RFC 1918) address; %s drops traffic to it", p.dst, id), "")
		return
	}
	if cgnat.Contains(p.dst) {
		w.hop(Hop{Component: id, Kind: model.KindInternetGateway, Verdict: Drop, Detail: w.sprintf("an internet gateway does not carry traffic to the shared address %s (100.64.0.0/10)", p.dst)})
		w.stop(CodeIGWRFC6598, id, w.sprintf("%s is in 100.64.0.0/10 (RFC 6598); %s drops traffic to it", p.dst, id), "")
		return
	}
	for _, m := range []struct{ mode, what string }{{si.s.BlockPublicAccess, si.s.ID}, {si.vpc.v.BlockPublicAccess, si.s.VPC}} {
		if m.mode == "block-bidirectional" {
			w.hop(Hop{Component: id, Kind: model.KindInternetGateway, Verdict: Drop, Detail: w.sprintf("VPC Block Public Access is block-bidirectional for %s", m.what)})
			w.block(CodeBPA, id, w.sprintf("VPC Block Public Access (block-bidirectional) blocks internet traffic of %s", m.what),
				w.sprintf("add a Block Public Access exclusion (allow-egress) for %s", m.what))
			break
		}
	}
	if !p.srcPublic.IsValid() {
		var msg, fix string
		switch {
		case p.nat != nil:
			msg = w.sprintf("NAT gateway %s has private connectivity and no Elastic IP: %s drops its traffic", p.nat.ID, id)
			fix = w.sprintf("use a public NAT gateway for internet traffic from %s", p.nat.Subnet)
		case w.src.Kind == "cloudshell":
			msg = w.sprintf("the route %s sends the traffic to %s, but a CloudShell VPC environment never has a public IP address, so the internet gateway cannot carry it", r.describe(), id)
			fix = w.fixCloudShellIGW(si, r)
		default:
			msg = w.sprintf("%s has no public IPv4 address, so %s cannot carry its traffic", w.src.ID, id)
			fix = w.sprintf("route %s through a NAT gateway, or give %s a public IP or an Elastic IP", routeDest(r), w.src.ID)
		}
		w.hop(Hop{Component: id, Kind: model.KindInternetGateway, Verdict: Drop, Detail: "the source has no public IPv4 address to translate to"})
		w.block(CodeIGWNoPublicIP, id, msg, fix)
	} else {
		if !w.quiet {
			w.hop(Hop{Component: id, Kind: model.KindInternetGateway, Verdict: Forward,
				Detail: w.sprintf("%s translates the source %s to its public address %s", id, p.src, p.srcPublic)})
		}
	}
	q := p
	q.src, q.srcSGs = p.srcPublic, nil
	if !q.src.IsValid() {
		q.src = netip.MustParseAddr("192.0.2.1") // continue the walk past the blocker
	}
	w.mapPublic(q.src, p.src, si)
	if e := w.g.byPubIP[p.dst]; e != nil {
		w.ingressIGW(e, q)
		return
	}
	if !w.quiet {
		w.hop(Hop{Component: "internet", Kind: model.KindInternet, Verdict: Deliver, Detail: w.sprintf("%s is reached on the internet", p.dst)})
	}
	w.arrive(delivery{internet: true, p: q})
}

// ingressIGW delivers p, arriving from the internet, to the interface with
// the public address p.dst: the IGW translates the destination to the
// private address, security groups and ACLs see the translated source, and
// the reply must leave through the same IGW.
func (w *walker) ingressIGW(e *eniInfo, p packet) {
	si := w.g.subnets[e.subnet]
	if si == nil {
		w.stop(CodeBadState, e.id, "the interface's subnet is not in the snapshot", "")
		return
	}
	igw := si.vpc.igw
	if igw == nil {
		w.hop(Hop{Component: si.s.VPC, Kind: model.KindVPC, Verdict: Drop, Detail: w.sprintf("%s has no attached internet gateway: %s is unreachable from the internet", si.s.VPC, p.dst)})
		w.stop(CodeBadStateAttachment, si.s.VPC, w.sprintf("%s has no attached internet gateway, so the public address %s of %s cannot be reached", si.s.VPC, p.dst, e.id), "attach an internet gateway to "+si.s.VPC)
		return
	}
	w.hop(Hop{Component: igw.ID, Kind: model.KindInternetGateway, Verdict: Forward,
		Detail: w.sprintf("%s translates the destination %s to %s's private address %s", igw.ID, p.dst, e.id, e.ip)})
	for _, mode := range []string{si.s.BlockPublicAccess, si.vpc.v.BlockPublicAccess} {
		if mode == "block-bidirectional" || mode == "block-ingress" {
			w.block(CodeBPA, igw.ID, w.sprintf("VPC Block Public Access (%s) blocks inbound internet traffic to %s", mode, si.s.ID), "add a Block Public Access exclusion (allow-bidirectional) for "+si.s.ID)
			break
		}
	}
	q := p
	q.dst = e.ip
	w.aclCheck(si, false, q)
	w.ingressENI(e, q)
}

// fixNoRoute proposes the route a missing route needs.
func (w *walker) fixNoRoute(si *subnetInfo, p packet) string {
	if isPrivate(p.dst) {
		return w.sprintf("add a route for %s to %s", p.dst, si.rt.id)
	}
	if nat := w.g.natFor(si); nat != nil {
		return w.sprintf("add the route 0.0.0.0/0 → %s to %s", nat.ID, si.rt.id)
	}
	if w.src.Kind == "cloudshell" || !w.src.PublicIP.IsValid() {
		return w.sprintf("create a public NAT gateway in a public subnet of %s and add the route 0.0.0.0/0 → it to %s", si.s.VPC, si.rt.id)
	}
	if si.vpc.igw != nil {
		return w.sprintf("add the route 0.0.0.0/0 → %s to %s", si.vpc.igw.ID, si.rt.id)
	}
	return w.sprintf("attach an internet gateway to %s and route 0.0.0.0/0 to it in %s", si.s.VPC, si.rt.id)
}

func (w *walker) fixCloudShellIGW(si *subnetInfo, r route) string {
	if nat := w.g.natFor(si); nat != nil {
		return w.sprintf("create the environment in a private subnet whose route table sends 0.0.0.0/0 to a NAT gateway such as %s (do not change %s: the NAT gateway itself needs its IGW route)", nat.ID, si.rt.id)
	}
	return w.sprintf("create a public NAT gateway in a public subnet of %s and create the environment in a private subnet whose route table sends 0.0.0.0/0 to it", si.s.VPC)
}

// natFor returns an available public NAT gateway of the subnet's VPC that
// is not in the subnet itself, preferring the subnet's Availability Zone.
func (g *Graph) natFor(si *subnetInfo) *model.NATGateway {
	var best *model.NATGateway
	for _, n := range g.ix.natsByVPC[si.s.VPC] {
		ns := g.subnets[n.Subnet]
		if ns == nil || ns.s.VPC != si.s.VPC || n.Subnet == si.s.ID || n.IsPrivate() || (n.State != "" && !model.StateIs(n.State, "available")) {
			continue
		}
		if ns.s.AZ == si.s.AZ && (best == nil || g.subnets[best.Subnet].s.AZ != si.s.AZ) {
			best = n
		} else if best == nil {
			best = n
		}
	}
	return best
}

var (
	rfc1918 = []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("172.16.0.0/12"), netip.MustParsePrefix("192.168.0.0/16")}
	cgnat   = netip.MustParsePrefix("100.64.0.0/10")
)

func isRFC1918(a netip.Addr) bool {
	for _, p := range rfc1918 {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

func isPrivate(a netip.Addr) bool { return isRFC1918(a) || cgnat.Contains(a) || a.IsPrivate() }

// regionalNATStandIn stands for a regional NAT gateway's private address
// when the snapshot does not give it.
var regionalNATStandIn = netip.MustParseAddr("100.64.255.254")

// regionalServes checks that a regional NAT gateway serves the sender's
// Availability Zone: it does where it has an address, or everywhere with
// AutoProvisionZones (Reachability Analyzer
// REGIONAL_NGW_ROUTE_AZ_RESTRICTION; shared/aws-rules.md §3.2).
func (w *walker) regionalServes(from *subnetInfo, nat *model.NATGateway) bool {
	if nat.AutoProvisionZones {
		return true
	}
	if len(nat.Zones) == 0 {
		w.assume(w.sprintf("regional NAT gateway %s: the zones it has addresses in are not in the snapshot; it is assumed to serve %s", nat.ID, from.s.AZ))
		return true
	}
	if slices.Contains(nat.Zones, from.s.AZ) || (from.s.AZID != "" && slices.Contains(nat.Zones, from.s.AZID)) {
		return true
	}
	w.hop(Hop{Component: nat.ID, Kind: model.KindNATGateway, Verdict: Drop, Detail: w.sprintf("regional NAT gateway %s has no address in %s (it serves %s)", nat.ID, from.s.AZ, strings.Join(nat.Zones, ", "))})
	w.stop(CodeRegionalNGWAZ, nat.ID, w.sprintf("regional NAT gateway %s is not registered in %s, the Availability Zone of %s", nat.ID, from.s.AZ, from.s.ID),
		w.sprintf("add an address in %s to %s, or enable AutoProvisionZones", from.s.AZ, nat.ID))
	return false
}
