package sim

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"slices"
	"strings"

	"github.com/cshsim/cshsim/model"
)

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
	// state picks one of AWS's spellings and reads it as a reader does.
	state := func(xs ...string) model.State { return model.ParseState(one(xs...)) }

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
		g := model.InternetGateway{ID: "igw-1", VPC: vpc, State: state("", "available", "available", "attached", "Available", "ATTACHED")}
		switch {
		case odds(0.08, 0.02):
			g.VPC, g.State = "", ""
		case odds(0.08, 0.02):
			g.State = state("detached", "attaching", "detaching")
		}
		s.InternetGateways = append(s.InternetGateways, g)
	}
	if chance(0.15) {
		s.InternetGateways = append(s.InternetGateways, model.InternetGateway{ID: "igw-2"}) // never attached
	}

	for i := range []int{0, 1, 1, 1, 2, 2}[r.IntN(6)] {
		sn := r.IntN(nsub)
		n := model.NATGateway{ID: fmt.Sprintf("nat-%d", i+1), Subnet: s.Subnets[sn].ID, PrivateIP: host(sn, byte(200+i)),
			State: state("available", "available", "available", "available", "available", "available", "", "Available", "failed", "pending", "deleting")}
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
		rt := model.Route{Origin: "CreateRoute", State: state("", "active")}
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
