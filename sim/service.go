package sim

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/cshsim/cshsim/model"
)

// Options are the choices a query makes where the snapshot cannot say.
// The zero Options are the defaults.
type Options struct {
	// CustomDNSBypasses assumes that custom DNS servers in a VPC's DHCP
	// options do not forward AWS names to the VPC resolver, so interface
	// endpoints' private DNS is not seen. The default assumes they forward
	// (the usual set-up; VPC User Guide, "DHCP option sets").
	CustomDNSBypasses bool
	// VerdictOnly skips rendering details, messages, fixes and positions:
	// results carry the verdict, code, hops' components and resolution
	// only. For bulk runs (a full matrix); explain never sets it.
	VerdictOnly bool
}

// CloudShellEndpoints are the services AWS lists for the CloudShell VPC
// environment's own host (CloudShell User Guide, "Using CloudShell in
// Amazon VPC"). AWS wires these for the managed host; what a user runs in
// the shell still leaves through the environment's interface, so each is
// worth checking from it (shared/aws-rules.md §1.3).
var CloudShellEndpoints = []string{
	"ssmmessages", "logs", "kms", "execute-api", "ecs-telemetry", "ecs-agent",
	"ecs", "ecr.dkr", "ecr.api", "codecatalyst.packages", "codecatalyst.git",
}

// placeholderService holds stand-in address ranges for AWS service prefix
// lists the snapshot names without their entries. They are real ranges of
// the services in us-east-1; the result states the substitution.
var placeholderService = map[string]netip.Prefix{
	"s3":       netip.MustParsePrefix("52.216.0.0/15"),
	"dynamodb": netip.MustParsePrefix("52.94.0.0/22"),
}

// splitService reads com.amazonaws.<region>.<service> (and the global
// aws.api.global.<service>); ok is false for partner and own endpoint
// services (com.amazonaws.vpce.…).
func splitService(name string) (region, svc string, ok bool) {
	if rest, found := strings.CutPrefix(name, "aws.api.global."); found {
		return "", rest, true
	}
	rest, found := strings.CutPrefix(name, "com.amazonaws.")
	if !found || strings.HasPrefix(rest, "vpce.") {
		return "", "", false
	}
	region, svc, ok = strings.Cut(rest, ".")
	return region, svc, ok && svc != ""
}

// regionOf returns the Region of a VPC: its own, the snapshot's, or the
// one its subnets' Availability Zones name.
func (g *Graph) regionOf(vpc string) string {
	if vi := g.vpcs[vpc]; vi != nil {
		if vi.v.Region != "" {
			return vi.v.Region
		}
		if g.snap.Region != "" {
			return g.snap.Region
		}
		for _, si := range vi.subnets {
			if az := si.s.AZ; len(az) > 1 && az[len(az)-1] >= 'a' && az[len(az)-1] <= 'z' {
				return az[:len(az)-1]
			}
		}
	}
	return g.snap.Region
}

// servicePrefixLists gives AWS service prefix lists without entries (and
// the lists gateway endpoints need but the snapshot lacks) stand-in
// addresses, so that routes and rules naming them can be evaluated.
func (g *Graph) servicePrefixLists() {
	defer g.indexPrefixLists()
	for id, pl := range g.pls {
		if len(pl.CIDRs) > 0 {
			continue
		}
		if _, svc, ok := splitService(pl.Name); ok {
			if p, ok := placeholderService[svc]; ok {
				c := *pl
				c.CIDRs = []netip.Prefix{p}
				g.pls[id] = &c
				g.plHolders[id] = true
			}
		}
	}
	g.indexPrefixLists()
	for _, id := range sortedKeys(g.eps) {
		ep := g.eps[id]
		if !strings.EqualFold(ep.Type, "Gateway") || g.prefixListFor(ep.Service) != nil {
			continue
		}
		_, svc, _ := splitService(ep.Service)
		p, ok := placeholderService[svc]
		if !ok {
			continue
		}
		plID := "pl:" + ep.Service
		pl := &model.PrefixList{ID: plID, Name: ep.Service, Owner: "AWS", CIDRs: []netip.Prefix{p}, EntriesKnown: true}
		g.pls[plID] = pl
		g.plByName[ep.Service] = pl
		g.plHolders[plID] = true
	}
}

// prefixListFor returns the AWS-managed prefix list of a service name
// (the lowest id when several lists share the name).
func (g *Graph) prefixListFor(service string) *model.PrefixList {
	return g.plByName[service]
}

// indexPrefixLists fills plByName; Build calls it whenever it adds lists.
func (g *Graph) indexPrefixLists() {
	g.plByName = map[string]*model.PrefixList{}
	for _, id := range sortedKeys(g.pls) {
		pl := g.pls[id]
		if _, ok := g.plByName[pl.Name]; !ok && pl.Name != "" {
			g.plByName[pl.Name] = pl
		}
	}
}

// addGatewayEndpointRoutes adds the route AWS puts in every route table a
// gateway endpoint is associated with: the service's prefix list to the
// endpoint (PrivateLink Guide, "Gateway endpoints"). Exports list it
// already; designs usually do not.
func (g *Graph) addGatewayEndpointRoutes(c *routeTable, rt *model.RouteTable) {
	if g.gwByTable == nil {
		// Index the gateway endpoints by route table once (sorted by id).
		g.gwByTable = map[string][]*model.Endpoint{}
		for _, id := range sortedKeys(g.eps) {
			ep := g.eps[id]
			if !strings.EqualFold(ep.Type, "Gateway") {
				continue
			}
			for _, t := range ep.RouteTables {
				g.gwByTable[t] = append(g.gwByTable[t], ep)
			}
		}
	}
	for _, ep := range g.gwByTable[rt.ID] {
		if slices.ContainsFunc(rt.Routes, func(r model.Route) bool { return r.Target.ID == ep.ID }) {
			continue
		}
		pl := g.prefixListFor(ep.Service)
		if pl == nil {
			continue
		}
		r := model.Route{PrefixList: pl.ID, Target: model.Ref{Kind: model.KindEndpoint, ID: ep.ID}, State: model.StateActive, Origin: "CreateRoute"}
		if set := g.prefixSet(pl); set != nil {
			c.routes = append(c.routes, route{pl: set, class: classPrefixList, src: r, index: -2})
		}
	}
}

// endpointENIs collects each interface endpoint's interfaces; a design
// that lists subnets but no interfaces gets one per subnet, at the
// subnet's last usable address.
func (g *Graph) endpointENIs() {
	for _, id := range sortedKeys(g.eps) {
		ep := g.eps[id]
		if !strings.EqualFold(ep.Type, "Interface") {
			continue
		}
		sgs := ep.SecurityGroups
		if len(sgs) == 0 {
			sgs = g.defaultSG(ep.VPC)
		}
		for _, eid := range ep.ENIs {
			if e := g.enis[eid]; e != nil {
				if len(e.sgs) == 0 {
					e.sgs = sgs
				}
				g.epENIs[id] = append(g.epENIs[id], e)
			}
		}
		if len(g.epENIs[id]) > 0 {
			continue
		}
		for _, sn := range ep.Subnets {
			si := g.subnets[sn]
			if si == nil {
				continue
			}
			// Hand out addresses from the top of the subnet down, skipping
			// any an interface of the snapshot holds.
			ip := lastUsable(si.s.CIDR)
			for g.byAddr[vpcAddr{si.s.VPC, ip}] != nil && si.s.CIDR.Contains(ip.Prev()) {
				ip = ip.Prev()
			}
			e := &eniInfo{id: id + "@" + sn, vpc: ep.VPC, subnet: sn, ip: ip, sgs: sgs, srcDst: true, status: model.StateInUse, synthetic: true}
			g.addENI(e, nil)
			g.epENIs[id] = append(g.epENIs[id], g.enis[e.id])
		}
	}
}

// taskENIs gives ECS tasks of a design (no interface in the snapshot) an
// interface of their own.
func (g *Graph) taskENIs() {
	for i := range g.snap.ECSTasks {
		t := &g.snap.ECSTasks[i]
		g.tasks[t.ID] = t
		if t.ENI != "" && g.enis[t.ENI] != nil {
			continue
		}
		si := g.subnets[t.Subnet]
		if si == nil {
			continue
		}
		ip := t.PrivateIP
		if !ip.IsValid() {
			ip = firstUsable(si.s.CIDR).Next()
		}
		g.addENI(&eniInfo{id: "ecs-task:" + t.ID, vpc: si.s.VPC, subnet: t.Subnet, ip: ip, sgs: t.SecurityGroups, srcDst: true, status: model.StateInUse, synthetic: true}, nil)
	}
}

// defaultSG returns the VPC's default security group, which AWS attaches
// when none is given (EC2 API, CreateVpcEndpoint SecurityGroupIds).
func (g *Graph) defaultSG(vpc string) []string {
	for _, id := range sortedKeys(g.sgs) {
		if sg := g.sgs[id]; sg.VPC == vpc && sg.Name == "default" {
			return []string{id}
		}
	}
	return nil
}

// lastUsable is the subnet's last address AWS hands out (the broadcast
// address is reserved; VPC User Guide, "Subnet CIDR blocks").
func lastUsable(p netip.Prefix) netip.Addr {
	a := p.Masked().Addr()
	n := p.Addr().BitLen() - p.Bits()
	if n < 2 {
		return a
	}
	b := a.As16()
	// set the host bits, then step back one
	for i := 0; i < n; i++ {
		byteIdx := 15 - i/8
		b[byteIdx] |= 1 << (i % 8)
	}
	last := netip.AddrFrom16(b)
	if a.Is4() {
		last = last.Unmap()
	}
	return last.Prev()
}

// PrivateDNS is how a service's name resolves inside a VPC, as
// [Graph.ResolvePrivateDNS] finds it.
type PrivateDNS struct {
	// Endpoint is the interface endpoint the name resolves to; "" when
	// it resolves to the public service.
	Endpoint string
	// Why says why the name resolves this way.
	Why string
	// Unusable is an interface endpoint for the service that is there but
	// does not answer the name (not available, private DNS off); Fix
	// says how to make it answer.
	Unusable, Fix string
}

// ResolvePrivateDNS says whether the name of service in region resolves,
// for the source, to an interface endpoint of its VPC: the rule of
// privateDNS below, for callers outside the engine (cshsim check's
// network summary).
func (g *Graph) ResolvePrivateDNS(src Source, service, region string, opts Options) PrivateDNS {
	ep, why, unusable, fix, _ := g.privateDNS(src, service, region, opts)
	var out PrivateDNS
	if ep != nil {
		out.Endpoint = ep.ID
	}
	if unusable != nil {
		out.Unusable = unusable.ID
	}
	out.Why, out.Fix = why, fix
	return out
}

// RegionOf returns the Region of a VPC: its own, the snapshot's, or the
// one its subnets' Availability Zones name.
func (g *Graph) RegionOf(vpc string) string { return g.regionOf(vpc) }

// privateDNS decides whether svc's name resolves to an interface endpoint
// of the source VPC. Private DNS needs the endpoint available with private
// DNS on, and the VPC's enableDnsSupport and enableDnsHostnames both true
// (PrivateLink Guide, "Access an AWS service using an interface VPC
// endpoint", DNS hostnames), and clients that ask the VPC resolver.
func (g *Graph) privateDNS(src Source, svc, region string, opts Options) (ep *model.Endpoint, why string, unusable *model.Endpoint, fix string, assumptions []Assumption) {
	sp := fmt.Sprintf
	if opts.VerdictOnly {
		sp = func(string, ...any) string { return "" }
	}
	var cands []*model.Endpoint
	for _, e := range g.ix.ifaceEndpoints[src.VPC+"|"+svc] {
		if r, _, _ := splitService(e.Service); r == region || r == "" {
			cands = append(cands, e)
		}
	}
	if len(cands) == 0 {
		if opts.VerdictOnly {
			return nil, "", nil, "", nil
		}
		return nil, sp("%s has no interface endpoint for com.amazonaws.%s.%s", src.VPC, region, svc), nil, "", nil
	}
	vi := g.vpcs[src.VPC]
	var reasons []string
	for _, e := range cands {
		switch {
		case e.State.Known() && e.State != model.StateAvailable:
			reasons = append(reasons, sp("endpoint %s is %s, not available", e.ID, e.State))
			unusable, fix = e, sp("fix or recreate endpoint %s (it is %s)", e.ID, e.State)
			continue
		case !e.PrivateDNS:
			reasons = append(reasons, sp("endpoint %s has private DNS disabled, so %s.%s.amazonaws.com still resolves to public addresses", e.ID, svc, region))
			unusable, fix = e, sp("enable private DNS on %s (aws ec2 modify-vpc-endpoint --vpc-endpoint-id %s --private-dns-enabled)", e.ID, e.ID)
			continue
		case e.PrivateDNSOnlyForInboundResolver:
			// S3's interface endpoint can answer private DNS only for
			// queries that come through a Route 53 Resolver inbound
			// endpoint; clients inside the VPC keep the gateway endpoint or
			// the public service (PrivateLink Guide, "Private DNS for
			// Amazon S3 interface endpoints"). By design, not a fault.
			reasons = append(reasons, sp("endpoint %s answers private DNS only for queries through a Route 53 Resolver inbound endpoint (PrivateDnsOnlyForInboundResolverEndpoint), so clients in %s resolve %s.%s.amazonaws.com as if it were not there", e.ID, src.VPC, svc, region))
			continue
		}
		if vi != nil {
			if vi.v.DNSSupport == model.Unset {
				assumptions = append(assumptions, assumption(AssumeVPCDNSDefault, sp("enableDnsSupport of %s is not in the snapshot; AWS's default (true) is assumed", src.VPC), src.VPC))
			}
			if !vi.v.DNSSupport.Or(true) {
				reasons = append(reasons, sp("%s has enableDnsSupport off, so the endpoint's private DNS does not answer", src.VPC))
				unusable, fix = e, sp("turn on enableDnsSupport and enableDnsHostnames for %s", src.VPC)
				continue
			}
			hostDefault := vi.v.IsDefault
			if vi.v.DNSHostnames == model.Unset {
				assumptions = append(assumptions, assumption(AssumeVPCDNSDefault, sp("enableDnsHostnames of %s is not in the snapshot; AWS's default (%v for a %s VPC) is assumed", src.VPC, hostDefault, map[bool]string{true: "default", false: "non-default"}[hostDefault]), src.VPC))
			}
			if !vi.v.DNSHostnames.Or(hostDefault) {
				if vi.v.DNSHostnames == model.Unset {
					reasons = append(reasons, sp("the snapshot does not give %s's enableDnsHostnames, which is off by default for a VPC that is not the default VPC, so the private DNS of endpoint %s would not be used (collect describe-vpc-attribute to be sure)", src.VPC, e.ID))
				} else {
					reasons = append(reasons, sp("%s has enableDnsHostnames off, so the private DNS of endpoint %s is not used", src.VPC, e.ID))
				}
				unusable, fix = e, sp("turn on enableDnsHostnames for %s (aws ec2 modify-vpc-attribute --vpc-id %s --enable-dns-hostnames)", src.VPC, src.VPC)
				continue
			}
			if servers := g.customDNS(vi.v); len(servers) > 0 {
				if opts.CustomDNSBypasses {
					reasons = append(reasons, sp("%s's DHCP options name custom DNS servers (%s), assumed not to forward AWS names to the VPC resolver", src.VPC, strings.Join(servers, ", ")))
					unusable, fix = e, sp("make the DNS servers %s forward %s.%s.amazonaws.com to the VPC resolver, or add AmazonProvidedDNS to the DHCP options", strings.Join(servers, ", "), svc, region)
					continue
				}
				assumptions = append(assumptions, assumption(AssumeCustomDNS, sp("%s's DHCP options name custom DNS servers (%s): the endpoint's private DNS is used only if they forward to the VPC resolver, which is assumed (--custom-dns bypasses assumes the opposite)", src.VPC, strings.Join(servers, ", ")), src.VPC))
			}
		}
		return e, sp("private DNS of endpoint %s answers %s.%s.amazonaws.com in %s", e.ID, svc, region, src.VPC), nil, "", assumptions
	}
	return nil, strings.Join(reasons, "; "), unusable, fix, assumptions
}

// customDNS returns the DNS servers of the VPC's DHCP options when they
// are not AmazonProvidedDNS.
func (g *Graph) customDNS(v *model.VPC) []string {
	if v.DHCPOptions == "" || v.DHCPOptions == "default" {
		return nil
	}
	d := g.ix.dhcp[v.DHCPOptions]
	if d == nil || len(d.DomainNameServers) == 0 || slices.ContainsFunc(d.DomainNameServers, func(s string) bool { return strings.EqualFold(s, "AmazonProvidedDNS") }) {
		return nil
	}
	return d.DomainNameServers
}

// queryService answers aws:<service>: resolve the name as the VPC would,
// then walk to the address it resolved to.
func (g *Graph) queryService(src Source, svc string, port uint16, opts Options) *Result {
	region := g.regionOf(src.VPC)
	name := svc + "." + region + ".amazonaws.com"
	if r := g.unknownService(src, svc, region, name, port, opts); r != nil {
		return r
	}
	if r := g.queryZoneName(src, name, Destination{Kind: DestAWS, Proto: model.ProtoTCP, Port: port}, opts); r != nil {
		return r
	}
	ep, why, unusable, fix, assumptions := g.privateDNS(src, svc, region, opts)
	if ep != nil {
		enis := g.epENIs[ep.ID]
		var target *eniInfo
		for _, e := range enis {
			if si := g.subnets[e.subnet]; si != nil && g.subnets[src.Subnet] != nil && si.s.AZ == g.subnets[src.Subnet].s.AZ {
				target = e
				break
			}
		}
		if target == nil && len(enis) > 0 {
			target = enis[0]
		}
		if target == nil {
			w := g.newWalker(src, false, opts)
			defer w.release()
			w.hop(Hop{Component: ep.ID, Kind: model.KindEndpoint, Verdict: Drop, Detail: ep.ID + " has no network interface or subnet in the snapshot"})
			w.stop(CodeBadState, ep.ID, says("endpoint-no-interface", ep.ID))
			w.finish()
			w.res.Resolution = &Resolution{Name: name, Via: ViaInterfaceEndpoint, Endpoint: ep.ID, Reason: why}
			return w.res
		}
		w := g.newWalker(src, false, opts)
		defer w.release()
		w.assumeAll(assumptions)
		if g.enis[target.id].synthetic {
			w.assume(AssumeEndpointInterfaces, "the snapshot gives interface endpoints no interface addresses; each was given one from the top of its subnet", ep.ID)
		}
		if !w.quiet {
			w.hop(Hop{Component: ep.ID, Kind: "dns", Verdict: Forward, Detail: w.sprintf("%s resolves to %s, the interface of %s in %s (%s)", name, target.ip, ep.ID, target.subnet, why)})
		}
		if ep.Policy != "" {
			w.assume(AssumeEndpointPolicy, w.sprintf("the network path is open; the endpoint policy of %s may deny the call (cshsim does not evaluate IAM)", ep.ID), ep.ID)
		}
		r := w.run(target.ip, model.ProtoTCP, port)
		r.Resolution = &Resolution{Name: name, Via: ViaInterfaceEndpoint, Endpoint: ep.ID, Address: target.ip.String(), Reason: why}
		return r
	}
	// Public name: public addresses, the internet path, unless a gateway
	// endpoint's prefix-list route takes the traffic.
	addr, note := g.servicePublicAddr(src, svc, region)
	w := g.newWalker(src, true, opts)
	defer w.release()
	w.assumeAll(assumptions)
	w.assumeAll([]Assumption{note})
	reason := "public name: " + why
	if !w.quiet {
		w.hop(Hop{Component: "dns", Kind: "dns", Verdict: Forward, Detail: w.sprintf("%s resolves to public addresses (%s); probed at %s", name, why, addr)})
	}
	if unusable != nil {
		w.block(CodePrivateDNS, unusable.ID, says("endpoint-unused", unusable.ID, why, fix))
	}
	r := w.run(addr, model.ProtoTCP, port)
	via := ViaInternet
	if gw := w.gateway; gw != "" {
		via = ViaGatewayEndpoint
		reason = fmt.Sprintf("public name; the route table sends the service's prefix list to gateway endpoint %s", gw)
	}
	if unusable != nil {
		// The unused endpoint matters only when the public path fails.
		if len(r.Blockers) == 1 {
			r.Blockers = nil
			r.settle("reachable: " + pathLine(r.Hops))
			if !opts.VerdictOnly {
				r.addAssumption(assumption(AssumeEndpointUnused, fmt.Sprintf("endpoint %s is not used (%s); the call takes the %s path instead", unusable.ID, why, via), unusable.ID))
			}
		}
	}
	r.Resolution = &Resolution{Name: name, Via: via, Address: addr.String(), Reason: reason}
	if unusable != nil {
		r.Resolution.Endpoint = unusable.ID
	}
	return r
}

// servicePublicAddr picks a public address of the service: inside its
// prefix list when the snapshot has one (S3, DynamoDB), else the address
// that stands for the internet.
func (g *Graph) servicePublicAddr(src Source, svc, region string) (netip.Addr, Assumption) {
	if pl := g.prefixListFor("com.amazonaws." + region + "." + svc); pl != nil && len(pl.CIDRs) > 0 {
		a := pl.CIDRs[0].Masked().Addr().Next()
		if g.plHolders[pl.ID] {
			return a, assumption(AssumeServiceAddresses, fmt.Sprintf("the addresses of %s are not in the snapshot; %s stands in for them", pl.Name, pl.CIDRs[0]), pl.ID)
		}
		return a, Assumption{}
	}
	a, note := g.internetProbe(src)
	return a, note
}

// zoneFor returns the most specific private hosted zone associated with
// the VPC that answers for name (its own name or a parent), or nil.
func (g *Graph) zoneFor(vpc, name string) *model.HostedZone {
	var best *model.HostedZone
	n := strings.ToLower(name)
	for _, z := range g.ix.zonesByVPC[vpc] {
		zn := strings.ToLower(z.Name)
		if n != zn && !strings.HasSuffix(n, "."+zn) {
			continue
		}
		if best == nil || len(z.Name) > len(best.Name) {
			best = z
		}
	}
	return best
}

// endpointOfAlias returns the interface endpoint an alias target names:
// its id, or a DNS name vpce-<id>-<suffix>.<service>.<region>.vpce.amazonaws.com.
func (g *Graph) endpointOfAlias(alias string) *model.Endpoint {
	if ep := g.eps[alias]; ep != nil {
		return ep
	}
	label, _, _ := strings.Cut(strings.ToLower(alias), ".")
	parts := strings.Split(label, "-")
	if len(parts) >= 2 && parts[0] == "vpce" {
		return g.eps["vpce-"+parts[1]]
	}
	return nil
}

// queryZone resolves name through a private hosted zone associated with
// the source VPC (Route 53 Developer Guide, "Considerations when working
// with a private hosted zone"): the most specific zone answers, and a name
// it holds no record for does not resolve at all. It returns nil when no
// zone answers. Zones need the VPC's enableDnsSupport and
// enableDnsHostnames, and clients that ask the VPC resolver.
func (g *Graph) queryZoneName(src Source, name string, d Destination, opts Options) *Result {
	port := d.Port
	z := g.zoneFor(src.VPC, name)
	if z == nil {
		return nil
	}
	w := g.newWalker(src, false, opts)
	defer w.release()
	vi := g.vpcs[src.VPC]
	if vi != nil {
		if !vi.v.DNSSupport.Or(true) || !vi.v.DNSHostnames.Or(vi.v.IsDefault) {
			w.assume(AssumeZoneUnused, w.sprintf("private hosted zone %s is associated with %s, but the VPC's DNS attributes (enableDnsSupport and enableDnsHostnames) are not both on, so it is not used", z.ID, src.VPC), z.ID)
			return nil
		}
		if servers := g.customDNS(vi.v); len(servers) > 0 {
			if opts.CustomDNSBypasses {
				return nil
			}
		}
	}
	var rec *model.DNSRecord
	for i := range z.Records {
		r := &z.Records[i]
		if strings.EqualFold(r.Name, name) && (r.Type == "" || strings.EqualFold(r.Type, "A")) {
			rec = r
			break
		}
	}
	res := &Resolution{Name: name, Via: ViaPrivateZone, Endpoint: z.ID}
	if rec == nil {
		w.hop(Hop{Component: z.ID, Kind: model.KindHostedZone, Verdict: Drop,
			Detail: fmt.Sprintf("private hosted zone %s (%s) answers for %s but has no record for it: NXDOMAIN, with no fall-back to public DNS", z.ID, z.Name, name)})
		w.stop(CodeNameNotResolved, z.ID, says("zone-no-record", name, z.ID, z.Name, src.VPC))
		w.finish()
		res.Reason = "the private hosted zone has no record for the name"
		w.res.Resolution = res
		return w.res
	}
	var target netip.Addr
	var why string
	if rec.Alias != "" {
		ep := g.endpointOfAlias(rec.Alias)
		if ep == nil {
			w.assume(AssumeAliasTarget, w.sprintf("the alias target %s of %s is not an endpoint in the snapshot; the name is taken to resolve to public addresses", rec.Alias, name), z.ID)
			return nil
		}
		enis := g.epENIs[ep.ID]
		for _, e := range enis {
			if si, ssi := g.subnets[e.subnet], g.subnets[src.Subnet]; si != nil && ssi != nil && si.s.AZ == ssi.s.AZ {
				target = e.ip
				break
			}
		}
		if !target.IsValid() && len(enis) > 0 {
			target = enis[0].ip
		}
		if !target.IsValid() {
			w.hop(Hop{Component: ep.ID, Kind: model.KindEndpoint, Verdict: Drop, Detail: ep.ID + " has no network interface in the snapshot"})
			w.stop(CodeBadState, ep.ID, says("alias-endpoint-no-interface", ep.ID, name))
			w.finish()
			w.res.Resolution = res
			return w.res
		}
		if ep.State.Known() && ep.State != model.StateAvailable {
			w.block(CodeBadState, ep.ID, says("alias-endpoint-state", ep.ID, name, ep.State))
		}
		res.Via, res.Endpoint = ViaInterfaceEndpoint, ep.ID
		why = fmt.Sprintf("private hosted zone %s aliases %s to endpoint %s (in %s)", z.ID, name, ep.ID, ep.VPC)
		if ep.Policy != "" {
			w.assume(AssumeEndpointPolicy, w.sprintf("the network path is open; the endpoint policy of %s may deny the call (cshsim does not evaluate IAM)", ep.ID), ep.ID)
		}
	} else {
		for _, v := range rec.Values {
			if a, err := netip.ParseAddr(v); err == nil {
				target = a
				break
			}
		}
		if !target.IsValid() {
			return nil
		}
		why = fmt.Sprintf("private hosted zone %s answers %s with %s", z.ID, name, target)
	}
	w.hop(Hop{Component: z.ID, Kind: "dns", Verdict: Forward, Detail: w.sprintf("%s resolves to %s: %s", name, target, why)})
	r := w.run(target, d.Proto, port)
	res.Address, res.Reason = target.String(), why
	r.Resolution = res
	if d.Kind == DestHost {
		r.Destination = netip.AddrPortFrom(target, port).String() + "/" + d.Proto.String()
	}
	return r
}

// unknownService checks an aws:<service> name against the services AWS
// offers (model.ServiceKnown) and the endpoints of the snapshot. A name
// close to a known one is a typo: its hostname does not resolve, and the
// fix names the service meant. A name unknown and near nothing may be a
// service newer than cshsim's list: the answer is unknown, and the public
// path is still walked. It returns nil for a known service.
func (g *Graph) unknownService(src Source, svc, region, name string, port uint16, opts Options) *Result {
	if model.ServiceKnown("", svc) || slices.Contains(g.ix.regionServices[region], svc) || slices.Contains(g.ix.regionServices[""], svc) {
		return nil
	}
	if alt, ok := model.SuggestService(region, svc); ok {
		w := g.newWalker(src, false, opts)
		defer w.release()
		w.hop(Hop{Component: "dns", Kind: "dns", Verdict: Drop, Detail: w.sprintf("%s is not the name of an AWS service: it does not resolve", name)})
		w.stop(CodeNameNotResolved, "dns", says("service-typo", svc, alt, name, region))
		w.finish()
		w.res.Resolution = &Resolution{Name: name, Via: ViaNone, Reason: "aws:" + svc + " is not an AWS service; did you mean aws:" + alt + "?"}
		return w.res
	}
	addr, note := g.internetProbe(src)
	w := g.newWalker(src, true, opts)
	defer w.release()
	w.assumeAll([]Assumption{note})
	w.hop(Hop{Component: "dns", Kind: "dns", Verdict: Undecided, Detail: w.sprintf("%s is not in cshsim's list of AWS services; if it exists it resolves to public addresses, probed at %s", name, addr)})
	w.unknown(CodeUnknownService, "dns", says("service-unknown", svc, region, name))
	r := w.run(addr, model.ProtoTCP, port)
	r.Resolution = &Resolution{Name: name, Via: ViaInternet, Address: addr.String(), Reason: "a service name cshsim does not know"}
	return r
}

// gatewayEndpointFor returns an available gateway endpoint of the VPC whose
// service's prefix list holds a (S3, DynamoDB), or nil.
func (g *Graph) gatewayEndpointFor(vpc string, a netip.Addr) *model.Endpoint {
	for _, id := range sortedKeys(g.eps) {
		ep := g.eps[id]
		if ep.VPC != vpc || !strings.EqualFold(ep.Type, "Gateway") || (ep.State.Known() && ep.State != model.StateAvailable) {
			continue
		}
		if pl := g.prefixListFor(ep.Service); pl != nil && slices.ContainsFunc(pl.CIDRs, func(c netip.Prefix) bool { return c.Contains(a) }) {
			return ep
		}
	}
	return nil
}
