package sim

import (
	"cmp"
	"net/netip"
	"slices"
	"strings"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/simple"
	"gonum.org/v1/gonum/graph/topo"

	"github.com/cshsim/cshsim/model"
)

// RoutingLoop is a set of subnets whose route tables forward a destination
// to one another, so a packet for it never arrives (it is dropped when its
// TTL runs out).
type RoutingLoop struct {
	// Prefix is the destination prefix the loop holds for.
	Prefix netip.Prefix `json:"prefix"`
	// Subnets are the subnets of the loop, in id order.
	Subnets []string `json:"subnets"`
}

// RoutingLoops finds the routing loops of the snapshot without walking a
// packet: for each destination prefix some route sends to a NAT gateway,
// an appliance interface or a transit gateway, it builds the forwarding
// graph of subnets (subnet → the subnet the next hop sits in or delivers
// into) and reports its strongly connected components with more than one
// subnet, or a subnet that forwards to itself (gonum's topo.TarjanSCC).
// The packet walk detects the same loops on the path it takes; this finds
// them all at once, for check.
func (g *Graph) RoutingLoops() []RoutingLoop {
	var prefixes []netip.Prefix
	seen := map[netip.Prefix]bool{}
	seenPL := map[*prefixSet]bool{}
	for _, id := range sortedKeys(g.rts) {
		for _, r := range g.rts[id].routes {
			switch r.src.Target.Kind {
			case model.KindNATGateway, model.KindENI, model.KindInstance, model.KindTransitGateway:
				if r.pl != nil && seenPL[r.pl] {
					continue // a list's entries are probed once, whatever the tables using it
				}
				seenPL[r.pl] = true
				r.prefixes(func(p netip.Prefix) {
					if !seen[p] {
						seen[p] = true
						prefixes = append(prefixes, p)
					}
				})
			}
		}
	}
	slices.SortFunc(prefixes, func(a, b netip.Prefix) int {
		return cmp.Or(a.Addr().Compare(b.Addr()), cmp.Compare(a.Bits(), b.Bits()))
	})
	subnets := sortedKeys(g.subnets)
	index := map[*subnetInfo]int64{}
	for i, id := range subnets {
		index[g.subnets[id]] = int64(i)
	}
	var loops []RoutingLoop
	w := g.newWalker(Source{}, false, Options{VerdictOnly: true}) // one probe walker, reset per probe
	defer w.release()
	w.forwardingOnly = true
	for _, p := range prefixes {
		dst := p.Addr()
		fg := simple.NewDirectedGraph()
		self := map[int64]bool{}
		for i, id := range subnets {
			si := g.subnets[id]
			if si.s.CIDR.Contains(dst) {
				continue // delivered within the subnet
			}
			next := w.handoff(si, dst)
			if next == nil {
				continue
			}
			u, v := int64(i), index[next]
			if u == v {
				self[u] = true
				continue
			}
			if fg.Node(u) == nil {
				fg.AddNode(simple.Node(u))
			}
			if fg.Node(v) == nil {
				fg.AddNode(simple.Node(v))
			}
			fg.SetEdge(fg.NewEdge(simple.Node(u), simple.Node(v)))
		}
		var comps [][]graph.Node
		for _, c := range topo.TarjanSCC(fg) {
			if len(c) > 1 {
				comps = append(comps, c)
			}
		}
		for u := range self {
			comps = append(comps, []graph.Node{simple.Node(u)})
		}
		for _, c := range comps {
			var ids []string
			for _, n := range c {
				ids = append(ids, subnets[n.ID()])
			}
			slices.Sort(ids)
			loops = append(loops, RoutingLoop{Prefix: p, Subnets: ids})
		}
	}
	slices.SortFunc(loops, func(a, b RoutingLoop) int {
		return cmp.Or(a.Prefix.Addr().Compare(b.Prefix.Addr()), cmp.Compare(a.Prefix.Bits(), b.Prefix.Bits()), strings.Compare(strings.Join(a.Subnets, ","), strings.Join(b.Subnets, ",")))
	})
	return loops
}

// handoff is the subnet a packet for dst leaving si is handed to, as
// the step function moves it: a NAT gateway's subnet, an appliance's
// subnet, or the attachment subnet a transit gateway delivers into; nil
// when the packet is delivered (local, IGW, endpoint, peering) or dropped
// for good. It walks quietly, past blockers that do not end a walk (a
// network ACL), exactly as a query would.
func (w *walker) handoff(si *subnetInfo, dst netip.Addr) *subnetInfo {
	w.src = Source{Subnet: si.s.ID, VPC: si.s.VPC}
	w.stopped, w.visitedAt = false, w.visitedBuf[:0]
	w.res.Blockers, w.res.Unknowns = w.res.Blockers[:0], w.res.Unknowns[:0]
	p := packet{src: firstUsable(si.s.CIDR), dst: dst, proto: model.ProtoTCP, port: DefaultPort,
		dstPorts: model.Port(DefaultPort), srcPorts: linuxEphemeral, icmpType: echoType, srcPublic: netip.MustParseAddr("192.0.2.1")}
	s := state{at: atLeave, si: si, p: p}
	for range maxSteps {
		next, ok := w.step(s)
		if !ok || w.stopped || next.at == atArrived {
			return nil
		}
		if next.at == atLeave {
			return next.si
		}
		s = next
	}
	return nil
}
