package sim

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"sync"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/iterator"
	"gonum.org/v1/gonum/graph/simple"

	"github.com/cshsim/cshsim/model"
)

// Graph is a compiled snapshot: the lookup tables the packet walk uses,
// and the components as nodes of a gonum directed graph (dense ids
// assigned in sorted component-id order, so iteration is deterministic)
// with the forwarding adjacencies as edges, built on first use. It is
// immutable after Build (but for that first build, which is guarded) and
// safe for concurrent use.
type Graph struct {
	snap  *model.Snapshot
	objs  model.Objects
	g     *simple.DirectedGraph
	nodes []Node
	// The component graph is built the first time it is asked for (the
	// walks use the indexes, not the graph): graphOnce guards g, nodes and
	// ids.
	graphOnce sync.Once
	ids       map[string]int64

	vpcs    map[string]*vpcInfo
	subnets map[string]*subnetInfo
	rts     map[string]*routeTable
	acls    map[string]*compiledACL
	sgs     map[string]*model.SecurityGroup
	sgc     map[string]*compiledSG
	pls     map[string]*model.PrefixList
	enis    map[string]*eniInfo
	// byAddr maps a VPC and a private address to the interface holding it:
	// private address space is per VPC, and overlaps across VPCs are normal.
	byAddr  map[vpcAddr]*eniInfo
	byPubIP map[netip.Addr]*eniInfo // public addresses and EIPs (global)
	// natByPublicIP maps a NAT gateway's Elastic IP to it.
	natByPublicIP map[netip.Addr]*model.NATGateway
	nats          map[string]*model.NATGateway
	igws          map[string]*model.InternetGateway
	insts         map[string]*model.Instance
	eps           map[string]*model.Endpoint
	epENIs        map[string][]*eniInfo // interface endpoints' interfaces
	tasks         map[string]*model.ECSTask
	tgws          map[string]*model.TransitGateway
	tgwAtts       map[string]*model.TGWAttachment
	// attSubnets are each attachment's subnets, resolved once.
	attSubnets map[*model.TGWAttachment][]*subnetInfo
	// tgwAttEnds maps an attachment and a transit gateway to that gateway's
	// record of the attachment (peering attachments have one per end).
	tgwAttEnds map[pair]*model.TGWAttachment
	tgwRTs     map[string]*tgwTable
	pcxs       map[string]*model.PeeringConnection
	// natSubnets are the stand-in subnets of regional NAT gateways.
	natSubnets map[string]*subnetInfo
	// plHolders names the prefix lists whose addresses are stand-ins.
	plHolders map[string]bool
	// plByName maps an AWS service prefix list name to its list.
	plByName map[string]*model.PrefixList
	// plSets are the prefix lists route tables use, compiled once
	// (prefixSet).
	plSets    map[string]*prefixSet
	ix        indexes
	gwByTable map[string][]*model.Endpoint // gateway endpoints by route table (Build only)
}

// at returns where the input describes the object id, as text ("" when it
// does not say). It is formatted when a hop asks for it: most objects are
// never on a path that is shown.
func (g *Graph) at(id string) string {
	return g.snap.Sources[model.FieldRef{ID: id}].String()
}

// Node is one component of the graph.
type Node struct {
	id  int64
	Ref model.Ref
}

// ID implements graph.Node.
func (n Node) ID() int64 { return n.id }

// DOTID names the node in DOT output.
func (n Node) DOTID() string { return n.Ref.ID }

var _ graph.Directed = ordered{}

type vpcInfo struct {
	v          *model.VPC
	main       *routeTable   // never nil: an implicit table holds the local routes
	subnets    []*subnetInfo // sorted by id
	defaultACL *compiledACL
	igw        *model.InternetGateway // attached IGW, nil when none
}

type subnetInfo struct {
	s   *model.Subnet
	vpc *vpcInfo
	rt  *routeTable
	acl *compiledACL // nil: the VPC's default ACL is not in the snapshot (allows all)
	// prefixes are the IPv4 prefixes delegated to interfaces of the subnet.
	prefixes []delegated
	// regional marks the stand-in subnet of a regional NAT gateway: no
	// CIDR, no network ACL, the gateway's own route table.
	regional bool
}

// vpcAddr is a private address in a VPC.
type vpcAddr struct {
	vpc  string
	addr netip.Addr
}

// delegated is a prefix delegated to an interface (EC2 User Guide,
// "Assign prefixes to network interfaces"): its addresses belong to it.
type delegated struct {
	prefix netip.Prefix
	e      *eniInfo
}

type eniInfo struct {
	id        string
	vpc       string
	subnet    string
	ip        netip.Addr
	publicIP  netip.Addr
	sgs       []string
	srcDst    bool // source/destination check on
	instance  string
	status    model.State
	synthetic bool // a CloudShell environment without an ENI in the snapshot
}

// detached reports whether the interface is attached to nothing: its
// status is available (EC2 API, NetworkInterface.Status). Such an
// interface answers nothing and sends nothing.
func (e *eniInfo) detached() bool { return e.status == model.StateAvailable }

// aclID names the subnet's network ACL: its id, or default-acl:<vpc> for
// a default ACL the snapshot lacks.
func (si *subnetInfo) aclID() string {
	if si.acl != nil {
		return si.acl.acl.ID
	}
	return "default-acl:" + si.s.VPC
}

// eniAt returns the live or detached interface that holds a private
// address in a VPC: a primary or secondary address, or one of a
// delegated prefix.
func (g *Graph) eniAt(vpc string, a netip.Addr) *eniInfo {
	if e := g.byAddr[vpcAddr{vpc, a}]; e != nil {
		return e
	}
	if vi := g.vpcs[vpc]; vi != nil {
		if si := g.subnetAt(vi, a); si != nil {
			for _, d := range si.prefixes {
				if d.prefix.Contains(a) {
					return d.e
				}
			}
		}
	}
	return nil
}

// eniIn returns the interface of subnet si that holds address a.
func (g *Graph) eniIn(si *subnetInfo, a netip.Addr) *eniInfo {
	if e := g.byAddr[vpcAddr{si.s.VPC, a}]; e != nil && e.subnet == si.s.ID {
		return e
	}
	for _, d := range si.prefixes {
		if d.prefix.Contains(a) {
			return d.e
		}
	}
	return nil
}

// anyENIAt reports whether an interface of any VPC holds the private
// address a.
func (g *Graph) anyENIAt(a netip.Addr) bool {
	for id := range g.vpcs {
		if g.byAddr[vpcAddr{id, a}] != nil {
			return true
		}
	}
	return false
}

// subnetAt returns the subnet of VPC vi whose CIDR holds a, or nil.
func (g *Graph) subnetAt(vi *vpcInfo, a netip.Addr) *subnetInfo {
	if e := g.byAddr[vpcAddr{vi.v.ID, a}]; e != nil {
		if si := g.subnets[e.subnet]; si != nil && si.vpc == vi && si.s.CIDR.Contains(a) {
			return si
		}
	}
	for _, s := range vi.subnets {
		if s.s.CIDR.Contains(a) {
			return s
		}
	}
	return nil
}

// routeTable is a route table compiled for lookup: prefix-list routes are
// expanded into one entry per CIDR, and the implicit local routes added.
type routeTable struct {
	id       string
	vpc      string
	implicit bool // not in the snapshot: the VPC has no main table there
	routes   []route
	// probe and probeNote stand for "the internet" from this table.
	probe     netip.Addr
	probeNote Assumption
	// unknownPLs are prefix lists routed to whose entries the snapshot
	// lacks: their routes cannot match.
	unknownPLs []string
}

type routeClass uint8

// Priority classes for routes of equal prefix length: static routes beat
// prefix-list routes, which beat propagated routes (VPC User Guide, "Route
// priority").
const (
	classStatic routeClass = iota
	classPrefixList
	classPropagated
)

type route struct {
	// prefix is the destination. A prefix-list route holds the list in pl
	// and no prefix; the route a lookup returns has the entry it matched.
	prefix netip.Prefix
	pl     *prefixSet
	class  routeClass
	src    model.Route // as written
	index  int         // index in the table's Routes, -1 for an implicit local route
	state  routeState
	// middlebox marks a static route more specific than a local route of
	// its table (VPC User Guide, "Routing for a middlebox appliance").
	middlebox bool
}

// routeState is a route's state, classified at Build: active, blackhole
// (its target is gone, or the route drops), or another state that does not
// forward (EC2 API, Route.State).
type routeState uint8

const (
	routeActive routeState = iota
	routeBlackhole
	routeInactive
)

func stateOfRoute(r model.Route) routeState {
	switch {
	case r.State == model.StateBlackhole || r.Target.Kind == model.KindBlackhole:
		return routeBlackhole
	case r.State.Known() && r.State != model.StateActive:
		return routeInactive
	}
	return routeActive
}

func (r route) describe() string {
	dst := r.src.Destination.String()
	switch {
	case r.src.PrefixList != "" && r.prefix.IsValid():
		dst = fmt.Sprintf("%s (%s)", r.src.PrefixList, r.prefix)
	case r.src.PrefixList != "":
		dst = r.src.PrefixList
	}
	t := r.src.Target.String()
	if r.src.State == model.StateBlackhole || r.src.Target.Kind == model.KindBlackhole {
		if r.src.Target.ID != "" {
			return fmt.Sprintf("%s → %s (blackhole)", dst, r.src.Target.ID)
		}
		return dst + " → blackhole"
	}
	return dst + " → " + t
}

// Build compiles a snapshot. It assumes s passed Validate without errors;
// references that name nothing are skipped, never dereferenced. Build is
// O(n log n) in the number of objects and routes.
func Build(s *model.Snapshot) *Graph {
	g := &Graph{
		snap:    s,
		objs:    s.Objects(),
		g:       simple.NewDirectedGraph(),
		ids:     map[string]int64{},
		vpcs:    map[string]*vpcInfo{},
		subnets: map[string]*subnetInfo{},
		rts:     map[string]*routeTable{},
		acls:    make(map[string]*compiledACL, len(s.NetworkACLs)),
		sgs:     make(map[string]*model.SecurityGroup, len(s.SecurityGroups)),
		sgc:     make(map[string]*compiledSG, len(s.SecurityGroups)),
		pls:     map[string]*model.PrefixList{},
		plSets:  map[string]*prefixSet{},
		enis:    make(map[string]*eniInfo, len(s.ENIs)+len(s.CloudShells)),
		byAddr:  make(map[vpcAddr]*eniInfo, len(s.ENIs)+len(s.CloudShells)),
		byPubIP: map[netip.Addr]*eniInfo{},

		natByPublicIP: map[netip.Addr]*model.NATGateway{},
		nats:          map[string]*model.NATGateway{},
		igws:          map[string]*model.InternetGateway{},
		insts:         map[string]*model.Instance{},
		eps:           map[string]*model.Endpoint{},
		epENIs:        map[string][]*eniInfo{},
		tasks:         map[string]*model.ECSTask{},
		tgws:          map[string]*model.TransitGateway{},
		tgwAtts:       map[string]*model.TGWAttachment{},
		tgwRTs:        map[string]*tgwTable{},
		pcxs:          map[string]*model.PeeringConnection{},

		plHolders: map[string]bool{},
	}
	for i := range s.PrefixLists {
		g.pls[s.PrefixLists[i].ID] = &s.PrefixLists[i]
	}
	for i := range s.Endpoints {
		g.eps[s.Endpoints[i].ID] = &s.Endpoints[i]
	}
	g.servicePrefixLists()
	for i := range s.SecurityGroups {
		g.sgs[s.SecurityGroups[i].ID] = &s.SecurityGroups[i]
	}
	for id, sg := range g.sgs {
		g.sgc[id] = g.compileSG(sg)
	}
	for i := range s.NATGateways {
		n := &s.NATGateways[i]
		g.nats[n.ID] = n
		if _, ok := g.natByPublicIP[n.PublicIP]; n.PublicIP.IsValid() && !ok {
			g.natByPublicIP[n.PublicIP] = n
		}
	}
	for i := range s.Instances {
		g.insts[s.Instances[i].ID] = &s.Instances[i]
	}
	for i := range s.VPCs {
		v := &s.VPCs[i]
		g.vpcs[v.ID] = &vpcInfo{v: v}
	}
	for i := range s.InternetGateways {
		igw := &s.InternetGateways[i]
		g.igws[igw.ID] = igw
		if vi := g.vpcs[igw.VPC]; vi != nil && igwAttached(igw) && vi.igw == nil {
			vi.igw = igw
		}
	}
	for i := range s.RouteTables {
		rt := &s.RouteTables[i]
		crt := g.compileRouteTable(rt)
		g.rts[rt.ID] = crt
		if vi := g.vpcs[rt.VPC]; vi != nil && rt.Main && vi.main == nil {
			vi.main = crt
		}
	}
	for id, vi := range g.vpcs {
		if vi.main == nil {
			vi.main = g.implicitMain(id)
		}
	}
	for i := range s.NetworkACLs {
		a := &s.NetworkACLs[i]
		c := compileACL(a)
		if _, dup := g.acls[a.ID]; !dup {
			g.acls[a.ID] = c
		}
		if vi := g.vpcs[a.VPC]; vi != nil && a.Default && vi.defaultACL == nil {
			vi.defaultACL = c
		}
	}
	for i := range s.Subnets {
		sn := &s.Subnets[i]
		vi := g.vpcs[sn.VPC]
		if vi == nil {
			continue
		}
		si := &subnetInfo{s: sn, vpc: vi, rt: vi.main, acl: vi.defaultACL}
		if rt := g.rts[sn.RouteTable]; rt != nil {
			si.rt = rt
		}
		if a := g.acls[sn.NetworkACL]; a != nil {
			si.acl = a
		}
		g.subnets[sn.ID] = si
	}
	for _, id := range sortedKeys(g.subnets) {
		si := g.subnets[id]
		si.vpc.subnets = append(si.vpc.subnets, si)
	}
	for i := range s.ENIs {
		e := &s.ENIs[i]
		ei := &eniInfo{id: e.ID, vpc: e.VPC, subnet: e.Subnet, ip: e.PrivateIP, publicIP: e.PublicIP,
			sgs: e.SecurityGroups, srcDst: e.SourceDestCheck.Or(true), instance: e.Instance, status: e.Status}
		if g.addENI(ei, e.SecondaryIPs) {
			if si := g.subnets[e.Subnet]; si != nil {
				for _, p := range e.Prefixes {
					si.prefixes = append(si.prefixes, delegated{p.Masked(), ei})
				}
			}
		}
	}
	for _, eip := range s.ElasticIPs {
		if ei := g.enis[eip.ENI]; ei != nil && eip.PublicIP.IsValid() {
			if _, ok := g.byPubIP[eip.PublicIP]; !ok {
				g.byPubIP[eip.PublicIP] = ei
			}
			if !ei.publicIP.IsValid() {
				ei.publicIP = eip.PublicIP
			}
		}
	}
	g.endpointENIs()
	g.taskENIs()
	g.compileTGW()
	g.natSubnets = map[string]*subnetInfo{}
	for _, id := range sortedKeys(g.nats) {
		n := g.nats[id]
		if !n.Regional || g.subnets[n.Subnet] != nil {
			continue
		}
		vpc := n.VPC
		if c := g.rts[n.RouteTable]; vpc == "" && c != nil {
			vpc = c.vpc
		}
		vi := g.vpcs[vpc]
		if vi == nil {
			continue
		}
		rt := g.rts[n.RouteTable]
		if rt == nil {
			rt = vi.main
		}
		g.natSubnets[id] = &subnetInfo{s: &model.Subnet{ID: id, VPC: vpc}, vpc: vi, rt: rt, regional: true}
	}
	for i := range s.Peerings {
		g.pcxs[s.Peerings[i].ID] = &s.Peerings[i]
	}
	for i := range s.CloudShells {
		c := &s.CloudShells[i]
		if c.ENI != "" {
			continue
		}
		ip := c.IP
		if !ip.IsValid() {
			if si := g.subnets[c.Subnet]; si != nil {
				ip = firstUsable(si.s.CIDR)
			}
		}
		g.addENI(&eniInfo{id: c.ID(), vpc: c.VPC, subnet: c.Subnet, ip: ip, sgs: c.SecurityGroups, srcDst: true, status: model.StateInUse, synthetic: true}, nil)
	}
	g.buildIndexes()
	for _, id := range sortedKeys(g.subnets) {
		if si := g.subnets[id]; !si.rt.probe.IsValid() {
			si.rt.probe, si.rt.probeNote = probeFor(si)
		}
	}
	return g
}

// addENI indexes an interface by id and by its addresses in its VPC; it
// reports false for a duplicate id. Of two interfaces that claim one
// address in a VPC, a live one wins over a detached one.
func (g *Graph) addENI(ei *eniInfo, secondary []netip.Addr) bool {
	if _, dup := g.enis[ei.id]; dup {
		return false
	}
	if si := g.subnets[ei.subnet]; si != nil && ei.vpc == "" {
		ei.vpc = si.s.VPC
	}
	g.enis[ei.id] = ei
	add := func(a netip.Addr) {
		k := vpcAddr{ei.vpc, a}
		if old, ok := g.byAddr[k]; a.IsValid() && (!ok || (old.detached() && !ei.detached())) {
			g.byAddr[k] = ei
		}
	}
	add(ei.ip)
	for _, a := range secondary {
		add(a)
	}
	if _, ok := g.byPubIP[ei.publicIP]; ei.publicIP.IsValid() && !ei.detached() && !ok {
		g.byPubIP[ei.publicIP] = ei
	}
	return true
}

// firstUsable returns the first address AWS hands out in a subnet: the
// network address plus 4 (the first four are reserved; VPC User Guide,
// "Subnet CIDR blocks").
func firstUsable(p netip.Prefix) netip.Addr {
	a := p.Masked().Addr()
	for range 4 {
		a = a.Next()
	}
	return a
}

func igwAttached(igw *model.InternetGateway) bool {
	// describe-internet-gateways prints "available" for an attached IGW,
	// although the API enum says attached (aws-rules.md §3.1).
	return igw.VPC != "" && (!igw.State.Known() || igw.State.Is(model.StateAvailable, model.StateAttached))
}

func (g *Graph) implicitMain(vpc string) *routeTable {
	rt := &routeTable{id: "main-rtb:" + vpc, vpc: vpc, implicit: true}
	g.addLocalRoutes(rt)
	g.markRoutes(rt)
	return rt
}

func (g *Graph) compileRouteTable(rt *model.RouteTable) *routeTable {
	c := &routeTable{id: rt.ID, vpc: rt.VPC}
	for i, r := range rt.Routes {
		switch {
		case r.PrefixList != "":
			set := g.prefixSet(g.pls[r.PrefixList])
			if set == nil {
				if !slices.Contains(c.unknownPLs, r.PrefixList) {
					c.unknownPLs = append(c.unknownPLs, r.PrefixList)
				}
				continue
			}
			c.routes = append(c.routes, route{pl: set, class: classPrefixList, src: r, index: i})
		case r.Destination.IsValid():
			cl := classStatic
			if r.Propagated() {
				cl = classPropagated
			}
			c.routes = append(c.routes, route{prefix: r.Destination.Masked(), class: cl, src: r, index: i})
		}
	}
	g.addGatewayEndpointRoutes(c, rt)
	g.addLocalRoutes(c)
	g.markRoutes(c)
	return c
}

// markRoutes classifies each route's state and marks middlebox routes:
// static routes more specific than a local route of the table.
func (g *Graph) markRoutes(c *routeTable) {
	for i := range c.routes {
		r := &c.routes[i]
		r.state = stateOfRoute(r.src)
		if r.class != classStatic || r.src.Target.Kind == model.KindLocal {
			continue
		}
		for _, l := range c.routes {
			if l.src.Target.Kind == model.KindLocal && l.prefix.Bits() < r.prefix.Bits() && l.prefix.Contains(r.prefix.Addr()) {
				r.middlebox = true
				break
			}
		}
	}
}

// addLocalRoutes adds the local route of each VPC CIDR that the table does
// not list itself. A table may replace a local route's target with a
// middlebox (VPC User Guide, "Route tables: local route"); then the
// written route stands.
func (g *Graph) addLocalRoutes(c *routeTable) {
	vi := g.vpcs[c.vpc]
	if vi == nil {
		return
	}
	for _, p := range append(slices.Clone(vi.v.CIDRs), vi.v.IPv6CIDRs...) {
		p = p.Masked()
		if slices.ContainsFunc(c.routes, func(r route) bool { return r.prefix == p && r.class == classStatic }) {
			continue
		}
		c.routes = append(c.routes, route{prefix: p, class: classStatic,
			src: model.Route{Destination: p, Target: model.Ref{Kind: model.KindLocal}, State: model.StateActive, Origin: "CreateRouteTable"}, index: -1})
	}
}

// lookup returns the route the table uses for dst (nil when none): the
// longest prefix, then static › prefix list › propagated (VPC User Guide,
// "Route priority"). Ties between prefix-list routes with different targets
// are reported in alt: AWS picks one of them at random. A propagated route
// never overrides a local route, even when it is more specific
// (Site-to-Site VPN User Guide, "Route tables and VPN route priority";
// shared/aws-rules-2.md §12.2). The route points into the table, which is
// immutable.
func (rt *routeTable) lookup(dst netip.Addr) (best *route, alt []*route) {
	best, alt = rt.longest(dst)
	if best != nil && best.class == classPropagated {
		for i := range rt.routes {
			if r := &rt.routes[i]; r.src.Target.Kind == model.KindLocal && r.prefix.Contains(dst) {
				return r, nil
			}
		}
	}
	return best, alt
}

// longest is the longest-prefix match with route priority. A prefix-list
// route matches with its longest entry that holds dst; the route returned
// for it is a copy carrying that entry.
func (rt *routeTable) longest(dst netip.Addr) (best *route, alt []*route) {
	var bestP netip.Prefix
	for i := range rt.routes {
		r := &rt.routes[i]
		p, ok := r.match(dst)
		if !ok {
			continue
		}
		if best == nil || p.Bits() > bestP.Bits() ||
			(p.Bits() == bestP.Bits() && r.class < best.class) {
			best, bestP, alt = r, p, nil
			continue
		}
		if p.Bits() == bestP.Bits() && r.class == best.class && r.class == classPrefixList && r.src.Target != best.src.Target {
			alt = append(alt, r.matched(p))
		}
	}
	if best != nil && best.pl != nil {
		best = best.matched(bestP)
	}
	return best, alt
}

// match reports whether the route holds dst, and the prefix that does.
func (r *route) match(dst netip.Addr) (netip.Prefix, bool) {
	if r.pl != nil {
		return r.pl.match(dst)
	}
	return r.prefix, r.prefix.Contains(dst)
}

// matched is a prefix-list route as a lookup returns it: with the entry
// that matched.
func (r *route) matched(p netip.Prefix) *route {
	if r.pl == nil {
		return r
	}
	m := *r
	m.prefix = p
	return &m
}

// prefixes calls fn with each prefix the route stands for: its own, or
// every entry of its prefix list.
func (r *route) prefixes(fn func(netip.Prefix)) {
	if r.pl == nil {
		fn(r.prefix)
		return
	}
	for _, p := range r.pl.entries {
		fn(p)
	}
}

// buildGraph adds one node per component, in sorted id order, and the
// forwarding adjacencies.
func (g *Graph) buildGraph() {
	refs := make([]model.Ref, 0, len(g.objs)+len(g.vpcs))
	for id, o := range g.objs {
		refs = append(refs, model.Ref{Kind: o.Kind, ID: id})
	}
	for _, vi := range g.vpcs {
		if vi.main.implicit {
			refs = append(refs, model.Ref{Kind: model.KindRouteTable, ID: vi.main.id})
		}
	}
	for _, ei := range g.enis {
		if ei.synthetic {
			// Interfaces Build gives what the snapshot holds without one: a
			// CloudShell environment, an ECS task, an endpoint's interface.
			kind := model.KindENI
			switch {
			case strings.HasPrefix(ei.id, model.CloudShellPrefix):
				kind = model.KindCloudShell
			case strings.HasPrefix(ei.id, "ecs-task:"):
				kind = model.KindECSTask
			}
			refs = append(refs, model.Ref{Kind: kind, ID: ei.id})
		}
	}
	slices.SortFunc(refs, func(a, b model.Ref) int { return cmp.Compare(a.ID, b.ID) })
	g.ids = make(map[string]int64, len(refs))
	g.nodes = slices.Grow(g.nodes, len(refs))
	for i, r := range refs {
		n := Node{id: int64(i), Ref: r}
		g.nodes = append(g.nodes, n)
		g.ids[r.ID] = n.id
		g.g.AddNode(n)
	}
	edge := func(from, to string) {
		f, ok1 := g.ids[from]
		t, ok2 := g.ids[to]
		if ok1 && ok2 && f != t && !g.g.HasEdgeFromTo(f, t) {
			g.g.SetEdge(g.g.NewEdge(g.g.Node(f), g.g.Node(t)))
		}
	}
	for _, id := range sortedKeys(g.enis) {
		ei := g.enis[id]
		edge(id, ei.subnet)
		for _, sg := range ei.sgs {
			edge(id, sg)
		}
	}
	for _, id := range sortedKeys(g.subnets) {
		si := g.subnets[id]
		edge(id, si.rt.id)
		if si.acl != nil {
			edge(id, si.acl.acl.ID)
		}
		edge(id, si.s.VPC)
	}
	for _, id := range sortedKeys(g.rts) {
		for _, r := range g.rts[id].routes {
			if r.src.Target.ID != "" && r.state != routeBlackhole {
				edge(id, r.src.Target.ID)
			}
		}
	}
	// An interface endpoint's interfaces are where its name leads.
	for _, id := range sortedKeys(g.epENIs) {
		for _, e := range g.epENIs[id] {
			edge(id, e.id)
		}
	}
	// The edges the walks take past each route: the step function moves a
	// probe for every route of every subnet's table, and each component
	// it passes leads to the next (TGW attachments and route tables,
	// peering connections, endpoints, gateways, the subnets beyond).
	for _, id := range sortedKeys(g.subnets) {
		si := g.subnets[id]
		for _, dst := range probeDestinations(si) {
			path := g.probePath(si, dst)
			for i := 1; i < len(path); i++ {
				edge(path[i-1], path[i])
			}
		}
	}
	for _, id := range sortedKeys(g.nats) {
		edge(id, g.nats[id].Subnet)
	}
	for _, id := range sortedKeys(g.igws) {
		if igw := g.igws[id]; igwAttached(igw) {
			edge(id, igw.VPC)
			edge(igw.VPC, id)
		}
	}
}

// Directed returns the component graph, for topology export and cycle
// detection. Node ids are dense and follow sorted component ids, and
// Nodes, From and To iterate in id order (gonum's own map-backed graphs
// iterate at random), so everything derived from it is deterministic.
func (g *Graph) Directed() graph.Directed {
	g.graphOnce.Do(g.buildGraph)
	return ordered{g.g}
}

// ordered is a directed graph whose node iterators are sorted by id.
type ordered struct{ *simple.DirectedGraph }

func sortedNodes(it graph.Nodes) graph.Nodes {
	ns := graph.NodesOf(it)
	if len(ns) == 0 {
		return graph.Empty
	}
	slices.SortFunc(ns, func(a, b graph.Node) int { return cmp.Compare(a.ID(), b.ID()) })
	return iterator.NewOrderedNodes(ns)
}

// Nodes returns every node in id order.
func (o ordered) Nodes() graph.Nodes { return sortedNodes(o.DirectedGraph.Nodes()) }

// From returns the successors of id in id order.
func (o ordered) From(id int64) graph.Nodes { return sortedNodes(o.DirectedGraph.From(id)) }

// To returns the predecessors of id in id order.
func (o ordered) To(id int64) graph.Nodes { return sortedNodes(o.DirectedGraph.To(id)) }

// NodeOf returns the node of a component id.
func (g *Graph) NodeOf(id string) (Node, bool) {
	g.graphOnce.Do(g.buildGraph)
	n, ok := g.ids[id]
	if !ok {
		return Node{}, false
	}
	return g.nodes[n], true
}

// Snapshot returns the snapshot the graph was built from.
func (g *Graph) Snapshot() *model.Snapshot { return g.snap }

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// probeDestinations are the addresses a graph probe sends from subnet si:
// one inside each route's prefix, the internet probe for the default
// route.
func probeDestinations(si *subnetInfo) []netip.Addr {
	var out []netip.Addr
	for _, r := range si.rt.routes {
		p := r.prefix
		if r.pl != nil {
			// One probe stands for the list: every entry has the same
			// target, and the graph draws the edge to it.
			p = r.pl.entries[0]
		}
		a := p.Addr()
		if p.Bits() == 0 {
			a = si.rt.probe
		} else if p.Bits() < a.BitLen() {
			a = a.Next()
		}
		if a.IsValid() && !si.s.CIDR.Contains(a) && !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	return out
}

// probePath walks a request from subnet si to dst with the step function
// and returns the components it passes, in order.
func (g *Graph) probePath(si *subnetInfo, dst netip.Addr) []string {
	var path []string
	w := g.newWalker(Source{Kind: "probe", Subnet: si.s.ID, VPC: si.s.VPC}, false, Options{})
	defer w.release()
	w.path = &path
	p := packet{src: firstUsable(si.s.CIDR), dst: dst, proto: model.ProtoTCP, port: DefaultPort,
		dstPorts: model.Port(DefaultPort), srcPorts: linuxEphemeral, icmpType: echoType, srcPublic: netip.MustParseAddr("192.0.2.1")}
	w.flow(state{at: atLeave, si: si, p: p})
	return path
}

// pair is a key of two ids (an attachment and a transit gateway, a
// transit gateway and a VPC), without building a string.
type pair struct{ a, b string }

// Topology is the component graph as values: the components in id order,
// and the forwarding adjacencies as pairs of indexes into Nodes, sorted.
// It is what renderers draw; gonum's ids stay inside sim.
type Topology struct {
	Nodes []model.Ref
	Edges [][2]int
}

// Topology returns the component graph (the one Directed returns) as
// values.
func (g *Graph) Topology() Topology {
	d := g.Directed()
	var t Topology
	at := map[int64]int{}
	for _, n := range graph.NodesOf(d.Nodes()) {
		at[n.ID()] = len(t.Nodes)
		t.Nodes = append(t.Nodes, n.(Node).Ref)
	}
	for _, n := range graph.NodesOf(d.Nodes()) {
		for _, m := range graph.NodesOf(d.From(n.ID())) {
			t.Edges = append(t.Edges, [2]int{at[n.ID()], at[m.ID()]})
		}
	}
	return t
}
