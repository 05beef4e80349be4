package sim

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/cshsim/cshsim/model"
)

// tgwTable is a transit gateway route table compiled for lookup: static
// routes, prefix-list routes expanded, and the routes its propagating VPC
// attachments install.
type tgwTable struct {
	t      *model.TGWRouteTable
	routes []tgwRoute
	// unseen are the attachments propagating into the table whose routes
	// the snapshot cannot derive (VPN, Direct Connect, Connect, or a VPC it
	// lacks) when the table's own routes were not collected: what they
	// advertise may decide a lookup.
	unseen []string
}

type tgwRoute struct {
	prefix netip.Prefix
	class  routeClass
	r      model.TGWRoute
}

func (r tgwRoute) describe() string {
	dst := r.prefix.String()
	if r.r.PrefixList != "" {
		dst = fmt.Sprintf("%s (%s)", r.r.PrefixList, r.prefix)
	}
	if r.r.State == model.StateBlackhole || len(r.r.Attachments) == 0 {
		return dst + " → blackhole"
	}
	kind := "static"
	if r.class == classPropagated {
		kind = "propagated"
	}
	return fmt.Sprintf("%s → %s (%s)", dst, strings.Join(r.r.Attachments, ", "), kind)
}

// compileTGW indexes transit gateways, attachments and route tables.
// Propagating VPC attachments install their VPC's CIDRs unless a route of
// the same prefix is already there (a static route wins over a propagated
// one; Transit Gateways Guide, "Route evaluation order").
func (g *Graph) compileTGW() {
	s := g.snap
	for i := range s.TransitGateways {
		g.tgws[s.TransitGateways[i].ID] = &s.TransitGateways[i]
	}
	g.tgwAttEnds = map[pair]*model.TGWAttachment{}
	g.attSubnets = map[*model.TGWAttachment][]*subnetInfo{}
	for i := range s.TGWAttachments {
		a := &s.TGWAttachments[i]
		if _, ok := g.tgwAtts[a.ID]; !ok {
			g.tgwAtts[a.ID] = a
		}
		// A peering attachment appears once per end, under each gateway.
		g.tgwAttEnds[pair{a.ID, a.TransitGateway}] = a
		for _, id := range a.Subnets {
			if s := g.subnets[id]; s != nil {
				g.attSubnets[a] = append(g.attSubnets[a], s)
			}
		}
	}
	for i := range s.TGWRouteTables {
		t := &s.TGWRouteTables[i]
		c := &tgwTable{t: t}
		for _, r := range t.Routes {
			cl := classStatic
			if strings.EqualFold(r.Type, "propagated") {
				cl = classPropagated
			}
			if r.PrefixList != "" {
				if pl := g.pls[r.PrefixList]; pl != nil {
					for _, p := range pl.CIDRs {
						c.routes = append(c.routes, tgwRoute{p.Masked(), classPrefixList, r})
					}
				}
				continue
			}
			if r.Destination.IsValid() {
				c.routes = append(c.routes, tgwRoute{r.Destination.Masked(), cl, r})
			}
		}
		for _, aid := range t.Propagations {
			a := g.tgwAtts[aid]
			var vi *vpcInfo
			if a != nil && strings.EqualFold(a.ResourceType, "vpc") {
				vi = g.vpcs[a.ResourceID]
			}
			if vi == nil {
				if !t.RoutesKnown {
					c.unseen = append(c.unseen, aid)
				}
				continue
			}
			for _, p := range vi.v.CIDRs {
				p = p.Masked()
				if slices.ContainsFunc(c.routes, func(r tgwRoute) bool { return r.prefix == p }) {
					continue
				}
				c.routes = append(c.routes, tgwRoute{p, classPropagated, model.TGWRoute{Destination: p, Type: "propagated", State: model.StateActive, Attachments: []string{aid}}})
			}
		}
		g.tgwRTs[t.ID] = c
	}
}

func (t *tgwTable) lookup(dst netip.Addr) (best tgwRoute, ok bool) {
	for _, r := range t.routes {
		if !r.prefix.Contains(dst) {
			continue
		}
		if !ok || r.prefix.Bits() > best.prefix.Bits() || (r.prefix.Bits() == best.prefix.Bits() && r.class < best.class) {
			best, ok = r, true
		}
	}
	return best, ok
}

// vpcAttachment returns the attachment of VPC vpc to transit gateway tgw,
// preferring an available one.
func (g *Graph) vpcAttachment(tgw, vpc string) *model.TGWAttachment {
	return g.ix.vpcAtt[pair{tgw, vpc}]
}

func isTGWPeering(t string) bool {
	return strings.EqualFold(t, "peering") || strings.EqualFold(t, "tgw-peering")
}

func available(state model.State) bool { return !state.Known() || state == model.StateAvailable }

// attachmentSubnet returns the attachment's subnet in the Availability
// Zone of si (by zone id when both have one), or nil.
func (g *Graph) attachmentSubnet(a *model.TGWAttachment, si *subnetInfo) *subnetInfo {
	for _, s := range g.attSubnets[a] {
		if (s.s.AZID != "" && s.s.AZID == si.s.AZID) || s.s.AZ == si.s.AZ {
			return s
		}
	}
	return nil
}

// crossTGW carries a packet from subnet si through transit gateway id to
// the VPC its route table points at, and returns the attachment subnet it
// enters there, whose route table routes it on; nil when it stops. The
// rules (Transit Gateways Guide, "How transit gateways work", "VPC
// attachments"): the source VPC's attachment must be available and have a
// subnet in the sender's Availability Zone; the attachment's associated
// route table decides; blackhole routes drop; the destination attachment
// must be available. The source-side attachment subnet's network ACL is
// checked, inbound, when it is not the sender's own subnet.
//
// sgRef reports whether security group membership survives the crossing:
// only with SecurityGroupReferencingSupport on the transit gateway and on
// both attachments (VPC User Guide, "Security group referencing";
// Reachability Analyzer SG_REFERENCING_SUPPORT).
func (w *walker) crossTGW(si *subnetInfo, id string, p packet) (entry *subnetInfo, sgRef bool) {
	src, dst := p.src, p.dst
	tgw := w.g.tgws[id]
	if tgw == nil {
		w.hop(Hop{Component: id, Kind: model.KindTransitGateway, Verdict: Undecided, Detail: id + " is not in the snapshot"})
		w.halt(CodeUnknownResource, id, says("tgw-not-in-snapshot", id))
		return nil, false
	}
	if !available(tgw.State) {
		w.hop(Hop{Component: id, Kind: model.KindTransitGateway, Verdict: Drop, Detail: w.sprintf("%s is %s", id, tgw.State)})
		w.stop(CodeBadState, id, says("tgw-not-available", id, tgw.State))
		return nil, false
	}
	att := w.g.vpcAttachment(id, si.s.VPC)
	if att == nil || !available(att.State) {
		state := "missing"
		aid := id
		if att != nil {
			state, aid = string(att.State), att.ID
		}
		w.hop(Hop{Component: aid, Kind: model.KindTGWAttachment, Verdict: Drop, Detail: w.sprintf("%s has no available attachment to %s (%s)", si.s.VPC, id, state)})
		w.stop(CodeBadStateAttachment, aid, says("tgw-attachment-unavailable", si.s.VPC, id, state))
		return nil, false
	}
	ats := w.g.attachmentSubnet(att, si)
	if ats == nil {
		az := si.s.AZ
		w.hop(Hop{Component: att.ID, Kind: model.KindTGWAttachment, Verdict: Drop, Detail: w.sprintf("%s has no subnet in %s, the Availability Zone of %s", att.ID, az, si.s.ID)})
		w.stop(CodeTGWAZ, att.ID, says("tgw-attachment-no-subnet-in-az", att.ID, az, si.s.ID, id))
		return nil, false
	}
	if ats != si {
		w.aclHop(ats, false, p)
	}
	rtID := att.RouteTable
	if rtID == "" && tgw.DefaultAssociationTable != "" {
		rtID = tgw.DefaultAssociationTable
		w.assume(AssumeTGWDefaultTable, w.sprintf("%s names no route table association; the default association table %s of %s is assumed", att.ID, rtID, id), att.ID, rtID)
	}
	rt := w.g.tgwRTs[rtID]
	if rt == nil {
		w.hop(Hop{Component: att.ID, Kind: model.KindTGWAttachment, Verdict: Drop, Detail: w.sprintf("%s is associated with no route table", att.ID)})
		w.stop(CodeTGWNoAssociation, att.ID, says("tgw-attachment-no-association", att.ID, id))
		return nil, false
	}
	if w.tracing() {
		w.hop(Hop{Component: id, Kind: model.KindTransitGateway, Verdict: Forward, Detail: w.sprintf("%s enters %s through attachment %s in %s", src, id, att.ID, ats.s.ID)})
	}
	var next *model.TGWAttachment
	cur, crossedPeering := id, false
	for {
		r, ok := rt.lookup(dst)
		if !ok {
			if !rt.t.RoutesKnown && (len(rt.routes) == 0 || len(rt.unseen) > 0) {
				why := w.sprintf("the routes of transit gateway route table %s are not in the snapshot (run search-transit-gateway-routes)", rt.t.ID)
				say := says("tgw-routes-not-collected", rt.t.ID)
				if len(rt.routes) > 0 {
					unseen := strings.Join(rt.unseen, ", ")
					why = w.sprintf("transit gateway route table %s has no known route to %s, and the routes %s propagates into it are not in the snapshot", rt.t.ID, dst, unseen)
					say = says("tgw-routes-propagated-unseen", rt.t.ID, dst, unseen)
				}
				w.hop(Hop{Component: rt.t.ID, Kind: model.KindTGWRouteTable, Verdict: Undecided, Detail: why})
				w.halt(CodeTGWRoutesUnknown, rt.t.ID, say)
				return nil, false
			}
			why := w.sprintf("transit gateway route table %s has no route to %s", rt.t.ID, dst)
			w.hop(Hop{Component: rt.t.ID, Kind: model.KindTGWRouteTable, Verdict: Drop, Detail: why})
			w.stop(CodeTGWCannotRoute, rt.t.ID, says("tgw-no-route", rt.t.ID, dst))
			return nil, false
		}
		if len(rt.unseen) > 0 && r.prefix.Bits() < dst.BitLen() {
			// A route propagated from a VPN or Direct Connect attachment may
			// be more specific than the one known (Transit Gateways Guide,
			// "Route evaluation order"); the walk goes on by the known one.
			w.unknown(CodeTGWRoutesUnknown, rt.t.ID, says("tgw-routes-maybe-more-specific", strings.Join(rt.unseen, ", "), rt.t.ID, r.describe()))
		}
		if r.r.State == model.StateBlackhole || len(r.r.Attachments) == 0 {
			w.hop(Hop{Component: rt.t.ID, Kind: model.KindTGWRouteTable, Verdict: Drop, Rule: r.describe(), Detail: w.sprintf("%s matches %s and drops it", r.describe(), dst)})
			w.stop(CodeTGWBadStateRoute, rt.t.ID, says("tgw-route-blackhole", r.describe(), rt.t.ID))
			return nil, false
		}
		if w.tracing() {
			w.hop(Hop{Component: rt.t.ID, Kind: model.KindTGWRouteTable, Verdict: Forward, Rule: r.describe(), Detail: w.sprintf("%s matches %s", r.describe(), dst)})
		}
		aid := r.r.Attachments[0]
		next = w.g.tgwAttEnds[pair{aid, cur}]
		if next == nil {
			next = w.g.tgwAtts[aid]
		}
		if next == nil || !available(next.State) {
			w.hop(Hop{Component: aid, Kind: model.KindTGWAttachment, Verdict: Drop, Detail: "the attachment is missing or not available"})
			w.stop(CodeBadStateAttachment, aid, says("tgw-next-attachment-unavailable", aid))
			return nil, false
		}
		if !isTGWPeering(next.ResourceType) {
			break
		}
		// A transit gateway peering attachment: the peer gateway routes the
		// packet with the route table its end of the attachment is
		// associated with. Peering attachments carry static routes only and
		// are not transitive (Transit Gateways Guide, "Transit gateway
		// peering attachments").
		if crossedPeering {
			w.hop(Hop{Component: next.ID, Kind: model.KindTGWAttachment, Verdict: Drop, Detail: w.sprintf("%s would send the packet on through a second peering attachment: peering is not transitive", cur)})
			w.stop(CodeTGWPeeringTransit, next.ID, says("tgw-peering-not-transitive", next.ID))
			return nil, false
		}
		peerTGW := next.ResourceID
		end := w.g.tgwAttEnds[pair{next.ID, peerTGW}]
		if end == nil || w.g.tgws[peerTGW] == nil {
			w.hop(Hop{Component: next.ID, Kind: model.KindTGWAttachment, Verdict: Undecided, Detail: w.sprintf("the packet crosses peering attachment %s to %s, which the snapshot does not describe", next.ID, peerTGW)})
			w.halt(CodeNotInSnapshot, peerTGW, says("tgw-peer-not-in-snapshot", peerTGW, next.ID))
			return nil, false
		}
		if w.tracing() {
			w.hop(Hop{Component: next.ID, Kind: model.KindTGWAttachment, Verdict: Forward, Detail: w.sprintf("%s carries the packet from %s to %s", next.ID, cur, peerTGW)})
		}
		rtID := end.RouteTable
		if rtID == "" {
			rtID = w.g.tgws[peerTGW].DefaultAssociationTable
		}
		if rt = w.g.tgwRTs[rtID]; rt == nil {
			w.hop(Hop{Component: end.ID, Kind: model.KindTGWAttachment, Verdict: Drop, Detail: w.sprintf("%s's end on %s is associated with no route table", end.ID, peerTGW)})
			w.stop(CodeTGWNoAssociation, end.ID, says("tgw-peering-end-no-association", end.ID, peerTGW))
			return nil, false
		}
		cur, crossedPeering = peerTGW, true
	}
	if !strings.EqualFold(next.ResourceType, "vpc") {
		w.hop(Hop{Component: next.ID, Kind: model.KindTGWAttachment, Verdict: Undecided, Detail: w.sprintf("the path leaves through %s attachment %s, which cshsim does not simulate", next.ResourceType, next.ID)})
		w.halt(CodeUnsupportedHop, next.ID, says("tgw-attachment-unsupported", next.ResourceType, next.ID, next.ResourceID))
		return nil, false
	}
	vi := w.g.vpcs[next.ResourceID]
	if vi == nil {
		w.hop(Hop{Component: next.ID, Kind: model.KindTGWAttachment, Verdict: Undecided, Detail: w.sprintf("delivered to %s, which the snapshot does not describe", next.ResourceID)})
		w.halt(CodeNotInSnapshot, next.ResourceID, says("tgw-vpc-not-in-snapshot", next.ResourceID, next.ID))
		return nil, false
	}
	// The transit gateway delivers into the destination VPC through the
	// attachment's subnet in the sender's zone when it has one (appliance
	// mode aside), else through another of its subnets.
	entry = w.g.attachmentSubnet(next, si)
	if entry == nil {
		for _, id := range next.Subnets {
			if s := w.g.subnets[id]; s != nil {
				entry = s
				break
			}
		}
	}
	if entry == nil {
		w.hop(Hop{Component: next.ID, Kind: model.KindTGWAttachment, Verdict: Drop, Detail: next.ID + " has no subnet in the snapshot"})
		w.stop(CodeBadStateAttachment, next.ID, says("tgw-attachment-no-subnet", next.ID))
		return nil, false
	}
	if w.tracing() {
		w.hop(Hop{Component: next.ID, Kind: model.KindTGWAttachment, Verdict: Forward, Detail: w.sprintf("%s delivers into %s through %s; %s's route table routes it on", cur, vi.v.ID, entry.s.ID, entry.s.ID)})
	}
	return entry, tgw.SGReferencing && att.SGReferencing && next.SGReferencing
}

// crossPeering carries a packet from subnet si over peering connection id
// and returns the peer VPC, which delivers it locally; nil when it stops.
// Only an active peering carries traffic, and only to addresses inside the
// peer VPC's CIDRs: no transit, no use of the peer's gateways (VPC Peering
// Guide, "VPC peering limitations", "Unsupported configurations").
func (w *walker) crossPeering(si *subnetInfo, id string, dst netip.Addr, p *packet) *vpcInfo {
	pcx := w.g.pcxs[id]
	if pcx == nil {
		w.hop(Hop{Component: id, Kind: model.KindPeering, Verdict: Undecided, Detail: id + " is not in the snapshot"})
		w.halt(CodeUnknownResource, id, says("pcx-not-in-snapshot", id))
		return nil
	}
	if pcx.Status.Known() && pcx.Status != model.StateActive {
		w.hop(Hop{Component: id, Kind: model.KindPeering, Verdict: Drop, Detail: w.sprintf("%s is %s; only an active peering connection carries traffic", id, pcx.Status)})
		w.stop(CodeBadState, id, says("pcx-not-active", id, pcx.Status))
		return nil
	}
	self, peer, ok := peeringSides(pcx, si.s.VPC)
	if !ok {
		w.hop(Hop{Component: id, Kind: model.KindPeering, Verdict: Drop, Detail: w.sprintf("%s does not connect %s", id, si.s.VPC)})
		w.stop(CodeBadState, id, says("pcx-not-connecting", id, si.s.VPC))
		return nil
	}
	cidrs := slices.Clone(peer.CIDRs)
	vi := w.g.vpcs[peer.VPC]
	if vi != nil {
		cidrs = append(cidrs, vi.v.CIDRs...)
	}
	if !slices.ContainsFunc(cidrs, func(c netip.Prefix) bool { return c.Contains(dst) }) {
		w.hop(Hop{Component: id, Kind: model.KindPeering, Verdict: Drop, Detail: w.sprintf("%s is outside %s's CIDRs: a peering connection carries only traffic for the peer VPC itself", dst, peer.VPC)})
		w.stop(CodePCXCIDR, id, says("pcx-outside-peer-cidrs", id, peer.VPC, joinPrefixes(cidrs), dst, si.s.VPC))
		return nil
	}
	if p != nil {
		p.viaPeering = true
		if !groupsCross(self, peer) {
			p.srcSGs = nil
		}
	}
	if w.tracing() {
		w.hop(Hop{Component: id, Kind: model.KindPeering, Verdict: Forward, Detail: w.sprintf("%s carries the packet to %s", id, peer.VPC)})
	}
	if vi == nil {
		w.hop(Hop{Component: peer.VPC, Kind: model.KindVPC, Verdict: Undecided, Detail: peer.VPC + " is not in the snapshot"})
		w.halt(CodeNotInSnapshot, peer.VPC, says("pcx-peer-vpc-not-in-snapshot", peer.VPC, peer.Account, id))
		return nil
	}
	return vi
}

func joinPrefixes(ps []netip.Prefix) string {
	var s []string
	for _, p := range ps {
		s = append(s, p.String())
	}
	return strings.Join(s, ", ")
}

// viaTGW carries a packet through the transit gateway its route targets
// into the attachment subnet of the VPC the gateway's route table picks,
// whose route table routes it on (crossTGW has the rules).
func (w *walker) viaTGW(s state) (state, bool) {
	entry, sgRef := w.crossTGW(s.si, s.r.src.Target.ID, s.p)
	if entry == nil {
		return s, false
	}
	q := s.p
	if !q.reply {
		w.enter(entry.s.VPC, s.r.src.Target.ID)
	}
	if !sgRef {
		q.srcSGs = nil // the transit gateway drops SG membership (SG_REFERENCING_SUPPORT)
	}
	return state{at: atLeave, si: entry, sender: true, p: q}, true
}

// viaPeering carries a packet over the peering connection its route
// targets into the peer VPC, whose router delivers it (crossPeering has
// the rules).
func (w *walker) viaPeering(s state) (state, bool) {
	q := s.p
	vi := w.crossPeering(s.si, s.r.src.Target.ID, q.dst, &q)
	if vi == nil {
		return s, false
	}
	if !q.reply {
		w.enter(vi.v.ID, s.r.src.Target.ID)
	}
	return state{at: atVPC, vi: vi, p: q}, true
}

// peeringSides returns the side of peering connection pcx that is VPC vpc
// and the other side; false when pcx does not connect vpc.
func peeringSides(pcx *model.PeeringConnection, vpc string) (self, peer model.PeerVPC, ok bool) {
	switch vpc {
	case pcx.Requester.VPC:
		return pcx.Requester, pcx.Accepter, true
	case pcx.Accepter.VPC:
		return pcx.Accepter, pcx.Requester, true
	}
	return model.PeerVPC{}, model.PeerVPC{}, false
}

// groupsCross reports whether security group references work across a
// peering between the two sides: in the same Region only (VPC Peering
// Guide, "Update your security groups"); an unstated Region is taken as
// the same.
func groupsCross(self, peer model.PeerVPC) bool {
	return self.Region == "" || peer.Region == "" || self.Region == peer.Region
}
