package sim

import (
	"cmp"
	"net/netip"
	"slices"
	"strings"

	"github.com/cshsim/cshsim/model"
)

// viaNAT sends a packet through the NAT gateway its route targets (VPC
// User Guide, "NAT gateways"): the gateway must be available and in the
// sender's VPC; it translates the source to its own address and routes on
// from its subnet. A reply routed into a NAT gateway would leave with the
// gateway's address as its source, which the client never matches to its
// connection.
func (w *walker) viaNAT(s state) (state, bool) {
	from, id, p := s.si, s.r.src.Target.ID, s.p
	if p.reply {
		w.hop(Hop{Component: id, Kind: model.KindNATGateway, Verdict: Drop,
			Detail: w.sprintf("%s would translate the reply's source to its own address: the client drops it", id)})
		w.stop(CodeAsymmetricReturn, id, says("nat-reply", from.rt.id, p.dst, id, w.fixReturnRoute(from, p.dst)))
		return s, false
	}
	nat := w.g.nats[id]
	if nat == nil {
		w.hop(Hop{Component: id, Kind: model.KindNATGateway, Verdict: Undecided, Detail: id + " is not in the snapshot"})
		w.halt(CodeUnknownResource, id, says("nat-not-in-snapshot", id))
		return s, false
	}
	if nat.State.Known() && nat.State != model.StateAvailable {
		w.hop(Hop{Component: id, Kind: model.KindNATGateway, Verdict: Drop, Detail: w.sprintf("%s is %s; only an available NAT gateway forwards", id, nat.State)})
		w.stop(CodeBadState, id, says("nat-not-available", id, nat.State))
		return s, false
	}
	if p.nat != nil {
		w.assume(AssumeTwoNATs, w.sprintf("the packet passes two NAT gateways (%s, then %s)", p.nat.ID, id), p.nat.ID, id)
	}
	natSubnet := w.g.subnets[nat.Subnet]
	if natSubnet == nil && nat.Regional {
		natSubnet = w.g.natSubnets[nat.ID]
		if natSubnet != nil && !w.regionalServes(from, nat) {
			return s, false
		}
	}
	if natSubnet == nil {
		w.hop(Hop{Component: id, Kind: model.KindNATGateway, Verdict: Undecided, Detail: id + " has no subnet in the snapshot"})
		w.halt(CodeUnknownResource, id, says("nat-no-subnet", id))
		return s, false
	}
	// Only traffic that originates in the NAT gateway's VPC may use it
	// (Reachability Analyzer NGW_REQUIRES_SOURCE_IN_VPC).
	if natVPC := natSubnet.s.VPC; from.s.VPC != natVPC {
		w.hop(Hop{Component: id, Kind: model.KindNATGateway, Verdict: Drop, Detail: w.sprintf("%s takes only traffic from its own VPC %s", id, natVPC)})
		w.stop(CodeNGWSourceNotInVPC, id, says("nat-source-not-in-vpc", id, natVPC, from.s.VPC))
		return s, false
	}
	if natSubnet != from {
		w.aclHop(natSubnet, false, p)
	}
	srcIP := nat.PrivateIP
	if !srcIP.IsValid() && natSubnet.regional {
		srcIP = regionalNATStandIn
		w.assume(AssumeAddress, w.sprintf("%s has no private address in the snapshot; %s stands in for it", id, srcIP), id)
	} else if !srcIP.IsValid() {
		srcIP = firstUsable(natSubnet.s.CIDR)
		w.assume(AssumeAddress, w.sprintf("%s has no private address in the snapshot; assumed %s", id, srcIP), id)
	}
	if !w.quiet {
		conn := "public"
		if nat.IsPrivate() {
			conn = "private"
		}
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
			w.assume(AssumeNATElasticIP, w.sprintf("%s has no Elastic IP address in the snapshot; a public NAT gateway always has one", id), id)
		}
	}
	return state{at: atLeave, si: natSubnet, sender: true, p: q}, true
}

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
		w.assume(AssumeRegionalNATZones, w.sprintf("regional NAT gateway %s: the zones it has addresses in are not in the snapshot; it is assumed to serve %s", nat.ID, from.s.AZ), nat.ID)
		return true
	}
	if slices.Contains(nat.Zones, from.s.AZ) || (from.s.AZID != "" && slices.Contains(nat.Zones, from.s.AZID)) {
		return true
	}
	w.hop(Hop{Component: nat.ID, Kind: model.KindNATGateway, Verdict: Drop, Detail: w.sprintf("regional NAT gateway %s has no address in %s (it serves %s)", nat.ID, from.s.AZ, strings.Join(nat.Zones, ", "))})
	w.stop(CodeRegionalNGWAZ, nat.ID, says("regional-nat-zone", nat.ID, from.s.AZ, from.s.ID))
	return false
}

// igwOut sends a packet out of the VPC through the internet gateway its
// route targets (VPC User Guide, "Internet gateways": the gateway must be
// attached to the VPC, and it translates the source's private address to
// its public one, so a source needs a public IPv4 address; Reachability
// Analyzer's IGW rules add that an IGW never carries traffic to RFC 1918
// or RFC 6598 addresses). A reply leaves with the public address the
// request was sent to.
func (w *walker) igwOut(s state) (state, bool) {
	si, id, p := s.si, s.r.src.Target.ID, s.p
	ret := ""
	if p.reply {
		ret = "return traffic: "
	}
	igw := w.g.igws[id]
	if igw == nil {
		w.hop(Hop{Component: id, Kind: model.KindInternetGateway, Verdict: Undecided, Detail: w.sprintf("%s is not in the snapshot", id)})
		w.halt(CodeUnknownResource, id, says("igw-out-not-in-snapshot", ret, id))
		return s, false
	}
	if !igwAttached(igw) || igw.VPC != si.s.VPC {
		state := "detached"
		if igw.VPC != "" && igw.VPC != si.s.VPC {
			state = "attached to " + igw.VPC
		}
		w.hop(Hop{Component: id, Kind: model.KindInternetGateway, Verdict: Drop, Detail: w.sprintf("%s is %s, not attached to %s", id, state, si.s.VPC)})
		what := "igw-out-not-attached"
		if p.reply {
			what = "igw-out-reply-not-attached"
		}
		w.stop(CodeBadStateAttachment, id, says(what, ret, id, si.s.VPC))
		return s, false
	}
	if p.reply && isRFC1918(p.dst) {
		w.hop(Hop{Component: id, Kind: model.KindInternetGateway, Verdict: Drop, Detail: w.sprintf("the reply to %s (a private address) reaches %s, which does not carry it", p.dst, id)})
		w.stop(CodeAsymmetricReturn, id, says("igw-out-reply-private", p.dst, id, si.rt.id))
		return s, false
	}
	if isRFC1918(p.dst) {
		w.hop(Hop{Component: id, Kind: model.KindInternetGateway, Verdict: Drop, Detail: w.sprintf("an internet gateway does not carry traffic to the private address %s", p.dst)})
		w.stop(CodeIGWRFC1918, id, says("igw-out-rfc1918", p.dst, id))
		return s, false
	}
	if cgnat.Contains(p.dst) {
		w.hop(Hop{Component: id, Kind: model.KindInternetGateway, Verdict: Drop, Detail: w.sprintf("an internet gateway does not carry traffic to the shared address %s (100.64.0.0/10)", p.dst)})
		w.stop(CodeIGWRFC6598, id, says("igw-out-rfc6598", p.dst, id))
		return s, false
	}
	if p.reply {
		pub := p.srcPublic
		if !pub.IsValid() {
			if e := w.g.eniIn(si, p.src); e != nil {
				pub = e.publicIP
			}
		}
		if !pub.IsValid() {
			w.hop(Hop{Component: id, Kind: model.KindInternetGateway, Verdict: Drop, Detail: w.sprintf("the reply's source %s has no public address", p.src)})
			w.stop(CodeAsymmetricReturn, id, says("igw-out-reply-no-public-ip", p.src, id, p.dst, si.rt.id))
			return s, false
		}
		w.hop(Hop{Component: id, Kind: model.KindInternetGateway, Verdict: Forward, Detail: w.sprintf("%s translates the reply's source %s to %s", id, p.src, pub)})
		q := p
		q.src = pub
		return state{at: atInternet, p: q}, true
	}
	// VPC Block Public Access (VPC User Guide, "Block public access to
	// VPCs and subnets").
	for _, m := range []struct{ mode, what string }{{si.s.BlockPublicAccess, si.s.ID}, {si.vpc.v.BlockPublicAccess, si.s.VPC}} {
		if m.mode == "block-bidirectional" {
			w.hop(Hop{Component: id, Kind: model.KindInternetGateway, Verdict: Drop, Detail: w.sprintf("VPC Block Public Access is block-bidirectional for %s", m.what)})
			w.block(CodeBPA, id, says("igw-out-bpa", m.what))
			break
		}
	}
	if !p.srcPublic.IsValid() {
		w.hop(Hop{Component: id, Kind: model.KindInternetGateway, Verdict: Drop, Detail: "the source has no public IPv4 address to translate to"})
		switch {
		case w.quiet:
			w.block(CodeIGWNoPublicIP, id, saying{}) // not rendered
		case p.nat != nil:
			w.block(CodeIGWNoPublicIP, id, says("igw-out-nat-private", p.nat.ID, id, p.nat.Subnet))
		case w.src.Kind == SourceCloudShell:
			w.block(CodeIGWNoPublicIP, id, says("igw-out-cloudshell", s.r.describe(), id, w.fixCloudShellIGW(si)))
		default:
			w.block(CodeIGWNoPublicIP, id, says("igw-out-no-public-ip", w.src.ID, id, routeDest(s.r)))
		}
	} else if !w.quiet {
		w.hop(Hop{Component: id, Kind: model.KindInternetGateway, Verdict: Forward,
			Detail: w.sprintf("%s translates the source %s to its public address %s", id, p.src, p.srcPublic)})
	}
	q := p
	q.src, q.srcSGs = p.srcPublic, nil
	if !q.src.IsValid() {
		q.src = netip.MustParseAddr("192.0.2.1") // continue the walk past the blocker
	}
	w.mapPublic(q.src, p.src, si)
	if e := w.g.byPubIP[p.dst]; e != nil {
		return w.toPublic(e, q)
	}
	if !w.quiet {
		w.hop(Hop{Component: "internet", Kind: model.KindInternet, Verdict: Deliver, Detail: w.sprintf("%s is reached on the internet", p.dst)})
	}
	return state{at: atArrived, internet: true, p: q}, true
}

// toPublic sends a packet from the internet to the interface that owns
// its public destination address, through that VPC's internet gateway.
func (w *walker) toPublic(e *eniInfo, p packet) (state, bool) {
	si := w.g.subnets[e.subnet]
	if si == nil {
		w.stop(CodeBadState, e.id, says("to-public-no-subnet"))
		return state{}, false
	}
	return state{at: atIGWIn, si: si, e: e, priv: e.ip, p: p}, true
}

// igwIn brings a packet from the internet into the VPC: the internet
// gateway translates the public destination to the private address it
// maps to (VPC User Guide, "Internet gateways"), and the subnet's network
// ACL and the interface's security groups see the translated packet. A
// reply comes back through the gateway that translated its request.
func (w *walker) igwIn(s state) (state, bool) {
	si, p := s.si, s.p
	igw := si.vpc.igw
	if p.reply {
		comp := "igw:" + si.vpc.v.ID
		if igw != nil {
			comp = igw.ID
		}
		w.hop(Hop{Component: comp, Kind: model.KindInternetGateway, Verdict: Forward, Detail: w.sprintf("%s translates the reply's destination %s back to %s", comp, p.dst, s.priv)})
		q := p
		q.dst = s.priv
		return state{at: atEnter, si: si, p: q}, true
	}
	if igw == nil {
		w.hop(Hop{Component: si.s.VPC, Kind: model.KindVPC, Verdict: Drop, Detail: w.sprintf("%s has no attached internet gateway: %s is unreachable from the internet", si.s.VPC, p.dst)})
		w.stop(CodeBadStateAttachment, si.s.VPC, says("igw-in-no-igw", si.s.VPC, p.dst, s.e.id))
		return s, false
	}
	w.hop(Hop{Component: igw.ID, Kind: model.KindInternetGateway, Verdict: Forward,
		Detail: w.sprintf("%s translates the destination %s to %s's private address %s", igw.ID, p.dst, s.e.id, s.priv)})
	for _, mode := range []string{si.s.BlockPublicAccess, si.vpc.v.BlockPublicAccess} {
		if mode == "block-bidirectional" || mode == "block-ingress" {
			w.block(CodeBPA, igw.ID, says("igw-in-bpa", mode, si.s.ID))
			break
		}
	}
	q := p
	q.dst, q.dnat = s.priv, p.dst
	return state{at: atEnter, si: si, p: q}, true
}

// internetHost is the address that stands for a host on the internet.
var internetHost = netip.MustParseAddr("198.51.100.99")

// internetStep moves a packet that is on the internet: a request from an
// internet host to a public address goes in through the IGW of the VPC
// that owns it; private addresses are unreachable from there (VPC User
// Guide, "Internet gateways"). A reply to a public address an IGW
// translated on the way out comes back in through it; any other reply
// reaches its host.
func (w *walker) internetStep(s state) (state, bool) {
	p := s.p
	if p.reply {
		if m, ok := w.publicOf(p.dst); ok {
			return state{at: atIGWIn, si: m.subnet, priv: m.private, p: p}, true
		}
		if e := w.g.byPubIP[p.dst]; e != nil {
			if si := w.g.subnets[e.subnet]; si != nil {
				return state{at: atIGWIn, si: si, e: e, priv: e.ip, p: p}, true
			}
		}
		w.hop(Hop{Component: "internet", Kind: model.KindInternet, Verdict: Deliver, Detail: w.sprintf("the reply reaches %s on the internet", p.dst)})
		return state{at: atArrived, p: p}, true
	}
	w.hop(Hop{Component: "internet", Kind: model.KindInternet, Verdict: Forward, Detail: w.sprintf("a host on the internet (%s) sends %s to %s", p.src, p.service(), p.dst)})
	if e := w.g.byPubIP[p.dst]; e != nil {
		return w.toPublic(e, p)
	}
	if isPrivate(p.dst) || w.g.anyENIAt(p.dst) {
		w.hop(Hop{Component: "internet", Kind: model.KindInternet, Verdict: Drop, Detail: w.sprintf("%s is a private address: nothing routes it from the internet", p.dst)})
		w.stop(CodeIGWIngressPrivate, "internet", says("internet-private-address", p.dst))
		return s, false
	}
	if n := w.g.natByPublicIP[p.dst]; n != nil {
		w.hop(Hop{Component: n.ID, Kind: model.KindNATGateway, Verdict: Drop, Detail: w.sprintf("%s is the Elastic IP of NAT gateway %s, which accepts no connections from outside", p.dst, n.ID)})
		w.stop(CodeNATInbound, n.ID, says("internet-nat-inbound", p.dst, n.ID))
		return s, false
	}
	w.hop(Hop{Component: "internet", Kind: model.KindInternet, Verdict: Drop, Detail: w.sprintf("no interface in the snapshot has the public address %s", p.dst)})
	w.stop(CodeIGWIngressPrivate, "internet", says("internet-no-such-public-ip", p.dst))
	return s, false
}

// viaAppliance forwards to an interface or instance route target. With
// source/destination checking on, an interface drops traffic not
// addressed to it (EC2 User Guide, "Source/destination checks"). With it
// off, what the appliance does is not in the snapshot: the decision is
// unknown, and the walk goes on as if the appliance routed the packet on
// from its subnet unchanged, so a certain blocker further on (the
// appliance subnet's route table, say) is still found.
func (w *walker) viaAppliance(s state) (state, bool) {
	t, p := s.r.src.Target, s.p
	e := w.g.enis[t.ID]
	if e == nil {
		if inst := w.g.insts[t.ID]; inst != nil && len(inst.ENIs) > 0 {
			e = w.g.enis[inst.ENIs[0]]
		}
	}
	if e != nil && e.srcDst && e.ip != p.dst {
		w.hop(Hop{Component: t.ID, Kind: t.Kind, Verdict: Drop, Detail: w.sprintf("%s has source/destination checking on: it drops traffic not addressed to it", t.ID)})
		w.stop(CodeSourceDestCheck, t.ID, says("appliance-source-dest-check", t.ID, p.dst))
		return s, false
	}
	w.hop(Hop{Component: t.ID, Kind: t.Kind, Verdict: Undecided, Detail: w.sprintf("the route sends the packet to appliance %s; what the appliance does with it is not in the snapshot", t.ID)})
	w.unknown(CodeApplianceUnknown, t.ID, says("appliance-forwarding", t.ID))
	var si *subnetInfo
	if e != nil {
		si = w.g.subnets[e.subnet]
	}
	if si == nil {
		w.stopped = true
		return s, false
	}
	return state{at: atLeave, si: si, sender: true, p: p}, true
}

// viaGatewayEndpoint delivers traffic to an S3 or DynamoDB gateway
// endpoint: it must be available, and it carries only TCP and ICMP echo
// (Reachability Analyzer VPCE_GATEWAY_PROTOCOL_RESTRICTION). Security
// groups and network ACLs were checked on the way, against the service's
// addresses (PrivateLink Guide, "Gateway endpoints").
func (w *walker) viaGatewayEndpoint(s state) (state, bool) {
	si, id, p := s.si, s.r.src.Target.ID, s.p
	ep := w.g.eps[id]
	if ep == nil {
		w.hop(Hop{Component: id, Kind: model.KindEndpoint, Verdict: Undecided, Detail: id + " is not in the snapshot"})
		w.halt(CodeUnknownResource, id, says("gateway-endpoint-not-in-snapshot", id))
		return s, false
	}
	if !strings.EqualFold(ep.Type, "Gateway") {
		w.hop(Hop{Component: id, Kind: model.KindEndpoint, Verdict: Undecided, Detail: w.sprintf("the route sends the packet to %s endpoint %s, which cshsim does not simulate as a next hop", ep.Type, id)})
		w.halt(CodeUnsupportedHop, id, says("gateway-endpoint-unsupported-type", ep.Type, id))
		return s, false
	}
	if p.reply {
		// A reply routed to a gateway endpoint would go to the service.
		w.hop(Hop{Component: id, Kind: model.KindEndpoint, Verdict: Drop, Detail: w.sprintf("the reply to %s is routed to gateway endpoint %s", p.dst, id)})
		w.stop(CodeAsymmetricReturn, id, says("gateway-endpoint-reply", p.dst, id, w.fixReturnRoute(si, p.dst)))
		return s, false
	}
	if ep.State.Known() && ep.State != model.StateAvailable {
		w.hop(Hop{Component: id, Kind: model.KindEndpoint, Verdict: Drop, Detail: w.sprintf("gateway endpoint %s is %s", id, ep.State)})
		w.stop(CodeBadState, id, says("gateway-endpoint-not-available", id, ep.State))
		return s, false
	}
	if p.proto != model.ProtoTCP && p.proto != model.ProtoICMP {
		w.hop(Hop{Component: id, Kind: model.KindEndpoint, Verdict: Drop, Detail: w.sprintf("gateway endpoint %s carries only TCP and ICMP echo, not %s", id, p.proto)})
		w.stop(CodeGatewayEndpointProto, id, says("gateway-endpoint-protocol", id))
		return s, false
	}
	if ep.Policy != "" {
		w.assume(AssumeEndpointPolicy, w.sprintf("the network path is open; the endpoint policy of %s may deny the call (cshsim does not evaluate IAM)", id), id)
	}
	w.hop(Hop{Component: id, Kind: model.KindEndpoint, Verdict: Deliver, Detail: w.sprintf("gateway endpoint %s delivers the traffic to %s", id, ep.Service)})
	w.gateway = id
	return state{at: atArrived, vi: si.vpc, p: p}, true
}

func (w *walker) fixCloudShellIGW(si *subnetInfo) string {
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
		if ns == nil || ns.s.VPC != si.s.VPC || n.Subnet == si.s.ID || n.IsPrivate() || (n.State.Known() && n.State != model.StateAvailable) {
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
