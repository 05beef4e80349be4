package sim

import (
	"fmt"
	"net/netip"

	"github.com/cshsim/cshsim/model"
)

// delivery is where a request arrived, and the packet as it arrived.
type delivery struct {
	subnet   *subnetInfo // the subnet of the answering interface
	internet bool        // a host on the internet answers
	gateway  *vpcInfo    // a gateway endpoint of this VPC answers (S3, DynamoDB)
	p        packet
}

// publicMap is an address an internet gateway translated on the way out:
// replies to public come back to private in subnet.
type publicMap struct {
	public  netip.Addr
	private netip.Addr
	subnet  *subnetInfo
}

// mapPublic records a translation (a walk makes one or two: a slice).
func (w *walker) mapPublic(public, private netip.Addr, si *subnetInfo) {
	w.pubMap = append(w.pubMap, publicMap{public, private, si})
}

// publicOf returns the translation recorded for a public address.
func (w *walker) publicOf(a netip.Addr) (publicMap, bool) {
	for _, m := range w.pubMap {
		if m.public == a {
			return m, true
		}
	}
	return publicMap{}, false
}

// reply is the answer travelling back: a packet of its own, routed by the
// route tables it meets, which need not mirror the request's path (VPC
// User Guide, "Route tables"; Transit Gateways Guide, "Route tables").
// Security groups are stateful and let it pass; network ACLs check it as
// a new packet on the client's ephemeral ports; NAT gateways and internet
// gateways undo their translations.
type reply struct {
	src, dst netip.Addr
	proto    model.Protocol
	ports    model.PortRange // the reply's destination ports
	nats     []natFrame
}

func (r reply) what() string {
	if r.proto == model.ProtoICMP {
		return "icmp echo replies"
	}
	if !r.proto.HasPorts() {
		return r.proto.String() + " replies"
	}
	return fmt.Sprintf("%s replies on ports %s", r.proto, r.ports)
}

// reply walks the answer from where the request arrived back to the
// source.
func (w *walker) reply(d delivery) {
	p := d.p
	r := reply{src: p.dst, dst: p.src, proto: p.proto, ports: p.srcPorts, nats: p.nats}
	if !p.proto.HasPorts() {
		r.ports = model.AllPorts
	}
	switch {
	case d.internet:
		w.replyFromInternet(r)
	case d.gateway != nil:
		// The service answers through the gateway endpoint into the VPC,
		// whose router delivers it to the client's subnet.
		w.replyLocal(d.gateway, nil, r)
	case d.subnet != nil:
		w.replyFromSubnet(d.subnet, r, true)
	}
}

// replyFromSubnet routes the reply out of subnet si.
func (w *walker) replyFromSubnet(si *subnetInfo, r reply, sender bool) {
	key := visit{si, r.dst, true}
	if _, seen := w.seen(key); seen {
		w.hop(Hop{Component: si.s.ID, Kind: model.KindSubnet, Verdict: Drop, Detail: "the reply came back to " + si.s.ID + ": routing loop"})
		w.stop(CodeRoutingLoop, si.s.ID, "routing loop: the reply returns to "+si.s.ID, "")
		return
	}
	w.visitedAt = append(w.visitedAt, visited{key, len(w.res.Hops)})
	if sender && si.s.CIDR.Contains(r.dst) {
		w.replyDeliver(si, si, r)
		return
	}
	w.aclHop(si, true, r.proto, r.dst, r.ports, LegReturn, r.what, echoReplyType)
	rt := si.rt
	rte, ok, _ := rt.lookup(r.dst)
	at := w.at(rt.id)
	if !ok {
		w.hop(Hop{Component: rt.id, Kind: model.KindRouteTable, Verdict: Drop, At: at,
			Detail: w.sprintf("the reply to %s finds no route in the route table of %s", r.dst, si.s.ID)})
		w.stop(CodeNoRoute, rt.id, w.sprintf("return traffic: route table %s (of %s) has no route back to %s", rt.id, si.s.ID, r.dst),
			w.fixReturnRoute(si, r.dst))
		return
	}
	rule := ""
	if !w.quiet {
		rule = rte.describe()
		if rte.index < 0 {
			rule = rte.prefix.String() + " → local (implicit)"
		}
	}
	if model.IsBlackhole(rte.src.State) || rte.src.Target.Kind == model.KindBlackhole || (rte.src.State != "" && !model.StateIs(rte.src.State, "active")) {
		w.hop(Hop{Component: rt.id, Kind: model.KindRouteTable, Verdict: Drop, Rule: rule, At: at,
			Detail: w.sprintf("the reply to %s matches %s, which does not forward (%s)", r.dst, rule, orActive(rte.src.State))})
		w.stop(CodeBadStateRoute, rt.id, w.sprintf("return traffic: route %s in %s does not forward the reply to %s", rule, rt.id, r.dst),
			w.sprintf("point the route %s in %s at a working target", routeDest(rte), rt.id))
		return
	}
	t := rte.src.Target
	if t.Kind == model.KindInternetGateway && isPrivate(r.dst) {
		// The reply to a private address would leave for the internet:
		// the request came another way (a transit gateway, a peering).
		w.hop(Hop{Component: rt.id, Kind: model.KindRouteTable, Verdict: Drop, Rule: rule, At: at,
			Detail: w.sprintf("the reply to %s matches %s: it would leave for the internet, not the way the request came", r.dst, rule)})
		w.stop(CodeAsymmetricReturn, rt.id, w.sprintf("return traffic: route table %s (of %s) sends the reply to %s to %s instead of back the way the request came", rt.id, si.s.ID, r.dst, t.ID),
			w.fixReturnRoute(si, r.dst))
		return
	}
	w.hop(Hop{Component: rt.id, Kind: model.KindRouteTable, Verdict: Forward, Rule: rule, At: at,
		Detail: w.sprintf("the reply to %s: %s", r.dst, rule)})
	switch t.Kind {
	case model.KindLocal:
		w.replyLocal(si.vpc, si, r)
	case model.KindInternetGateway:
		w.replyEgressIGW(si, t.ID, r)
	case model.KindNATGateway:
		w.hop(Hop{Component: t.ID, Kind: model.KindNATGateway, Verdict: Drop,
			Detail: w.sprintf("%s would translate the reply's source to its own address: the client drops it", t.ID)})
		w.stop(CodeAsymmetricReturn, t.ID, w.sprintf("return traffic: %s sends the reply to %s through NAT gateway %s, which rewrites its source, so the client never matches it to the connection", rt.id, r.dst, t.ID),
			w.fixReturnRoute(si, r.dst))
	case model.KindTransitGateway:
		aclIn := func(att *subnetInfo) {
			w.aclHop(att, false, r.proto, r.src, r.ports, LegReturn, r.what, echoReplyType)
		}
		if entry, _ := w.crossTGW(si, t.ID, r.src, r.dst, aclIn); entry != nil {
			w.replyFromSubnet(entry, r, true)
		}
	case model.KindPeering:
		if vi := w.crossPeering(si, t.ID, r.dst, nil); vi != nil {
			w.replyLocal(vi, nil, r)
		}
	default:
		w.hop(Hop{Component: t.ID, Kind: t.Kind, Verdict: Drop, Detail: w.sprintf("the reply goes on through %s %s, which cshsim does not simulate", t.Kind, t.ID)})
		w.stop(CodeUnsupportedHop, t.ID, w.sprintf("return traffic continues through %s %s, which cshsim does not simulate yet", t.Kind, t.ID), "")
	}
}

func orActive(state string) string {
	if state == "" {
		return "blackhole"
	}
	return state
}

// replyLocal delivers the reply inside a VPC, to the subnet holding its
// destination; from is the subnet it leaves (nil when it enters the VPC
// from a gateway endpoint or a peering connection).
func (w *walker) replyLocal(vi *vpcInfo, from *subnetInfo, r reply) {
	var to *subnetInfo
	for _, s := range vi.subnets {
		if s.s.CIDR.Contains(r.dst) {
			to = s
			break
		}
	}
	if to == nil {
		w.hop(Hop{Component: vi.v.ID, Kind: model.KindVPC, Verdict: Drop, Detail: w.sprintf("the reply's destination %s is in none of the subnets of %s", r.dst, vi.v.ID)})
		w.stop(CodeNoSubnet, vi.v.ID, w.sprintf("return traffic: no subnet of %s holds %s", vi.v.ID, r.dst), "")
		return
	}
	w.replyDeliver(from, to, r)
}

// replyDeliver brings the reply into subnet to: a NAT gateway's address
// there undoes its translation and routes on; any other address is the
// client, which takes the reply (stateful security groups).
func (w *walker) replyDeliver(from, to *subnetInfo, r reply) {
	if from != to {
		w.aclHop(to, false, r.proto, r.src, r.ports, LegReturn, r.what, echoReplyType)
	}
	if n := len(r.nats); n > 0 && r.nats[n-1].addr == r.dst {
		f := r.nats[n-1]
		w.hop(Hop{Component: f.nat.ID, Kind: model.KindNATGateway, Verdict: Forward,
			Detail: w.sprintf("%s translates the reply back to %s", f.nat.ID, f.client)})
		q := r
		q.dst, q.ports, q.nats = f.client, f.clientPorts, r.nats[:n-1]
		if !r.proto.HasPorts() {
			q.ports = model.AllPorts
		}
		w.replyFromSubnet(f.subnet, q, true)
		return
	}
	comp := to.s.ID
	if e := w.g.byIP[r.dst]; e != nil {
		comp = e.id
	}
	w.hop(Hop{Component: comp, Kind: model.KindENI, Verdict: Deliver, Detail: w.sprintf("the reply reaches %s (security groups are stateful: no rule needed)", r.dst)})
}

// replyEgressIGW sends the reply to the internet: the IGW maps the
// responder's private address to its public one.
func (w *walker) replyEgressIGW(si *subnetInfo, id string, r reply) {
	igw := w.g.igws[id]
	if igw == nil || !igwAttached(igw) || igw.VPC != si.s.VPC {
		w.hop(Hop{Component: id, Kind: model.KindInternetGateway, Verdict: Drop, Detail: w.sprintf("%s is not attached to %s", id, si.s.VPC)})
		w.stop(CodeBadStateAttachment, id, w.sprintf("return traffic: internet gateway %s is not attached to %s", id, si.s.VPC), "")
		return
	}
	if isRFC1918(r.dst) {
		w.hop(Hop{Component: id, Kind: model.KindInternetGateway, Verdict: Drop, Detail: w.sprintf("the reply to %s (a private address) reaches %s, which does not carry it", r.dst, id)})
		w.stop(CodeAsymmetricReturn, id, w.sprintf("return traffic: the reply to %s leaves through %s instead of the way the request came", r.dst, id),
			w.sprintf("route %s in %s the way the request came", r.dst, si.rt.id))
		return
	}
	pub := netip.Addr{}
	if e := w.g.byIP[r.src]; e != nil {
		pub = e.publicIP
	}
	if !pub.IsValid() {
		w.hop(Hop{Component: id, Kind: model.KindInternetGateway, Verdict: Drop, Detail: w.sprintf("the reply's source %s has no public address", r.src)})
		w.stop(CodeAsymmetricReturn, id, w.sprintf("return traffic: the reply from %s leaves through %s, but %s has no public address the client knows", r.src, id, r.src),
			w.sprintf("route %s in %s the way the request came", r.dst, si.rt.id))
		return
	}
	w.hop(Hop{Component: id, Kind: model.KindInternetGateway, Verdict: Forward, Detail: w.sprintf("%s translates the reply's source %s to %s", id, r.src, pub)})
	q := r
	q.src = pub
	w.replyFromInternet(q)
}

// replyFromInternet brings a reply from the internet back in, through the
// IGW of the VPC that owns its (public) destination, or ends it at an
// internet host.
func (w *walker) replyFromInternet(r reply) {
	if m, ok := w.publicOf(r.dst); ok {
		vi := m.subnet.vpc
		igw := vi.igw
		comp := "igw:" + vi.v.ID
		if igw != nil {
			comp = igw.ID
		}
		w.hop(Hop{Component: comp, Kind: model.KindInternetGateway, Verdict: Forward, Detail: w.sprintf("%s translates the reply's destination %s back to %s", comp, r.dst, m.private)})
		q := r
		q.dst = m.private
		w.replyDeliver(nil, m.subnet, q)
		return
	}
	if e := w.g.byPubIP[r.dst]; e != nil {
		if si := w.g.subnets[e.subnet]; si != nil {
			comp := "igw:" + si.vpc.v.ID
			if si.vpc.igw != nil {
				comp = si.vpc.igw.ID
			}
			w.hop(Hop{Component: comp, Kind: model.KindInternetGateway, Verdict: Forward, Detail: w.sprintf("%s translates the reply's destination %s back to %s", comp, r.dst, e.ip)})
			q := r
			q.dst = e.ip
			w.replyDeliver(nil, si, q)
			return
		}
	}
	w.hop(Hop{Component: "internet", Kind: model.KindInternet, Verdict: Deliver, Detail: w.sprintf("the reply reaches %s on the internet", r.dst)})
}

// fixReturnRoute proposes the route a reply from subnet si to dst needs:
// back through the gateway the request entered the VPC by, for the CIDR of
// the VPC the client is in.
func (w *walker) fixReturnRoute(si *subnetInfo, dst netip.Addr) string {
	dest := netip.PrefixFrom(dst, dst.BitLen()).String()
	for _, id := range sortedKeys(w.g.vpcs) {
		for _, c := range w.g.vpcs[id].v.CIDRs {
			if c.Contains(dst) {
				dest = c.Masked().String()
			}
		}
	}
	if via, ok := w.entered[si.s.VPC]; ok {
		return w.sprintf("add the route %s → %s to %s (the request came in through %s)", dest, via, si.rt.id, via)
	}
	if isPrivate(dst) {
		return w.sprintf("add a route for %s to %s that leads back the way the request came", dest, si.rt.id)
	}
	if si.vpc.igw != nil {
		return w.sprintf("add the route %s → %s to %s (or 0.0.0.0/0 → %s)", dest, si.vpc.igw.ID, si.rt.id, si.vpc.igw.ID)
	}
	return w.sprintf("add a route for %s to %s that leads back the way the request came", dest, si.rt.id)
}
