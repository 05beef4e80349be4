package sim

import (
	"fmt"
	"maps"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/cshsim/cshsim/model"
)

// oracleDump writes a snapshot compactly, one object a line, for failure
// messages.
func oracleDump(s *model.Snapshot) string {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	for _, v := range s.VPCs {
		w("vpc %s %v", v.ID, v.CIDRs)
	}
	for _, sn := range s.Subnets {
		w("subnet %s %s route_table=%q network_acl=%q", sn.ID, sn.CIDR, sn.RouteTable, sn.NetworkACL)
	}
	for _, rt := range s.RouteTables {
		w("route-table %s main=%v", rt.ID, rt.Main)
		for _, r := range rt.Routes {
			d := r.Destination.String()
			if r.PrefixList != "" {
				d = r.PrefixList
			}
			w("  %s → %s:%s state=%q origin=%s", d, r.Target.Kind, r.Target.ID, r.State, r.Origin)
		}
	}
	for _, pl := range s.PrefixLists {
		w("prefix-list %s %v", pl.ID, pl.CIDRs)
	}
	for _, g := range s.InternetGateways {
		w("igw %s vpc=%q state=%q", g.ID, g.VPC, g.State)
	}
	for _, n := range s.NATGateways {
		w("nat %s subnet=%s %q state=%q private=%s public=%s", n.ID, n.Subnet, n.Connectivity, n.State, n.PrivateIP, n.PublicIP)
	}
	rule := func(r model.SGRule) string {
		peer := r.CIDR.String()
		switch {
		case r.PrefixList != "":
			peer = r.PrefixList
		case r.Group != "":
			peer = r.Group
		}
		switch r.Protocol {
		case model.ProtoTCP, model.ProtoUDP:
			return fmt.Sprintf("%s %s %s", r.Protocol, r.Ports, peer)
		case model.ProtoICMP:
			return fmt.Sprintf("icmp %d/%d %s", r.ICMP.Type, r.ICMP.Code, peer)
		}
		return fmt.Sprintf("%s %s", r.Protocol, peer)
	}
	for _, sg := range s.SecurityGroups {
		w("sg %s", sg.ID)
		for _, r := range sg.Egress {
			w("  egress %s", rule(r))
		}
		for _, r := range sg.Ingress {
			w("  ingress %s", rule(r))
		}
	}
	for _, a := range s.NetworkACLs {
		w("acl %s default=%v", a.ID, a.Default)
		for _, egress := range []bool{false, true} {
			for _, e := range oracleACLEntries(&a, egress) {
				dir := "in "
				if egress {
					dir = "out"
				}
				act := "deny "
				if e.Allow {
					act = "allow"
				}
				what := e.Protocol.String()
				switch e.Protocol {
				case model.ProtoTCP, model.ProtoUDP:
					what += " " + e.Ports.String()
				case model.ProtoICMP:
					what += fmt.Sprintf(" %d/%d", e.ICMP.Type, e.ICMP.Code)
				}
				w("  %s %5d %s %s %s", dir, e.RuleNumber, act, what, e.CIDR)
			}
		}
	}
	for _, e := range s.ENIs {
		w("eni %s subnet=%s ip=%s public=%s sgs=%v", e.ID, e.Subnet, e.PrivateIP, e.PublicIP, e.SecurityGroups)
	}
	for _, e := range s.ElasticIPs {
		w("eip %s %s eni=%s", e.AllocationID, e.PublicIP, e.ENI)
	}
	for _, c := range s.CloudShells {
		w("cloudshell %s subnet=%s ip=%s sgs=%v", c.Name, c.Subnet, c.IP, c.SecurityGroups)
	}
	return b.String()
}

func oracleDumpHops(r Result) string {
	var b strings.Builder
	for _, h := range r.Hops {
		fmt.Fprintf(&b, "  %-7s %-8s %s %s %s: %s", h.Leg, h.Verdict, h.Component, h.Direction, h.Rule, h.Detail)
		if h.Code != "" {
			fmt.Fprintf(&b, " [%s]", h.Code)
		}
		b.WriteByte('\n')
	}
	for _, bl := range r.Blockers {
		fmt.Fprintf(&b, "  blocker %s %s: %s\n", bl.Code, bl.Component, bl.Message)
	}
	return b.String()
}

// oracleQuery runs q on the engine.
func oracleQuery(g *Graph, q rsnapQuery) (Result, error) {
	src, err := g.ResolveSource(q.from)
	if err != nil {
		return Result{}, err
	}
	return g.Query(src, Destination{Kind: DestIP, Addr: q.dst, Proto: q.proto, Port: q.port}), nil
}

// oracleCompare runs q on the engine and on the oracle and describes any
// disagreement; "" when they agree. known names the known engine bug that
// explains the disagreement, if one does. a is the oracle's answer.
func oracleCompare(seed uint64, s *model.Snapshot, g *Graph, q rsnapQuery) (res Result, a oracleAnswer, diff, known string) {
	res, a, diff = oracleCompare1(seed, s, g, q)
	if diff == "" {
		return res, a, "", ""
	}
	src, _ := oracleSource(s, q.from)
	for _, b := range oracleKnownBugs {
		if oracleDisagrees(oracleReachableRules(b.rules, s, src, q.dst, q.proto, q.port), res) == "" {
			return res, a, diff, b.name
		}
	}
	return res, a, diff, ""
}

func oracleCompare1(seed uint64, s *model.Snapshot, g *Graph, q rsnapQuery) (Result, oracleAnswer, string) {
	res, err := oracleQuery(g, q)
	if err != nil {
		return res, oracleAnswer{}, fmt.Sprintf("seed %d: ResolveSource(%q): %v", seed, q.from, err)
	}
	src, ok := oracleSource(s, q.from)
	if !ok {
		return res, oracleAnswer{}, fmt.Sprintf("seed %d: the oracle finds no source %q", seed, q.from)
	}
	if es, _ := g.ResolveSource(q.from); es.IP != src.ip || es.Subnet != src.subnet {
		return res, oracleAnswer{}, fmt.Sprintf("seed %d: source %q is %s in %s for the engine, %s in %s for the oracle", seed, q.from, es.IP, es.Subnet, src.ip, src.subnet)
	}
	a := oracleReachable(s, src, q.dst, q.proto, q.port)
	d := oracleDisagrees(a, res)
	if d == "" {
		return res, a, ""
	}
	return res, a, fmt.Sprintf("seed %d: Query(%s) = %s; oracle says %s (%s)\nsnapshot:\n%sengine hops:\n%s",
		seed, q, oracleDescribe(res), a, d, oracleDump(s), oracleDumpHops(res))
}

// oracleDisagrees says how the engine's result departs from the oracle's
// answer a, "" when it does not: the verdict and the code must be equal,
// Reachable must say whether the verdict is reachable, an unknown verdict
// must list its unknowns, and a request that nothing blocks must be
// delivered to the same interface (the one that holds the address in the
// VPC the packet is in).
func oracleDisagrees(a oracleAnswer, res Result) string {
	switch {
	case res.Verdict != a.verdict || res.Code != a.code:
		return "verdict or code"
	case res.Reachable != (res.Verdict == Reachable):
		return "Reachable does not match Verdict"
	case res.Verdict == Unknown && (len(res.Unknowns) == 0 || res.Unknowns[0].Code != res.Code):
		return "an unknown verdict whose first unknown is not its code"
	case a.undecided != "" && (len(res.Unknowns) == 0 || res.Unknowns[0].Code != a.undecided):
		return fmt.Sprintf("the first unknown decision, %s, is not the first of Unknowns %v", a.undecided, res.Unknowns)
	case a.verdict != Unreachable && oracleEngineDelivered(res) != a.iface:
		return fmt.Sprintf("delivered to %q, not %q", oracleEngineDelivered(res), a.iface)
	}
	return ""
}

// oracleEngineDelivered is the interface the engine delivered the request
// to, "" for none.
func oracleEngineDelivered(res Result) string {
	for _, h := range res.Hops {
		if h.Leg == LegForward && h.Kind == model.KindENI && h.Verdict == Deliver {
			return h.Component
		}
	}
	return ""
}

func oracleDescribe(res Result) string {
	s := string(res.Verdict)
	if res.Code != "" {
		s += " " + string(res.Code)
	}
	if e := oracleEngineDelivered(res); e != "" {
		s += " at " + e
	}
	return s
}

// oracleStats counts outcomes, to show what the generator covers.
type oracleStats struct {
	mu        sync.Mutex
	snapshots int
	queries   int
	// overlapping counts snapshots with two VPCs whose interfaces share
	// private addresses; unknownParts those that name a security group or
	// prefix list entries the snapshot lacks.
	overlapping, unknownParts int
	codes                     map[Code]int
	verdicts                  map[Answer]int
	// dup counts the queries to a private address that interfaces of two
	// VPCs hold, by the source's VPC; dupDelivered those delivered to one
	// (with no blocker before).
	dup, dupDelivered map[string]int
}

// oracleTally is one snapshot's share of oracleStats.
type oracleTally struct {
	overlapping, unknownParts bool
	codes                     map[Code]int
	verdicts                  map[Answer]int
	dup, dupDelivered         map[string]int
}

func newOracleTally(s *model.Snapshot) *oracleTally {
	t := &oracleTally{codes: map[Code]int{}, verdicts: map[Answer]int{}, dup: map[string]int{}, dupDelivered: map[string]int{}}
	t.overlapping = len(rsnapDupAddrs(s)) > 0
	t.unknownParts = rsnapHasUnknowns(s)
	return t
}

func (st *oracleStats) add(t *oracleTally) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.codes == nil {
		st.codes, st.verdicts, st.dup, st.dupDelivered = map[Code]int{}, map[Answer]int{}, map[string]int{}, map[string]int{}
	}
	st.snapshots++
	if t.overlapping {
		st.overlapping++
	}
	if t.unknownParts {
		st.unknownParts++
	}
	for c, n := range t.codes {
		st.codes[c] += n
		st.queries += n
	}
	for v, n := range t.verdicts {
		st.verdicts[v] += n
	}
	for v, n := range t.dup {
		st.dup[v] += n
	}
	for v, n := range t.dupDelivered {
		st.dupDelivered[v] += n
	}
}

func (st *oracleStats) String() string {
	var cs []string
	for c, n := range st.codes {
		name := string(c)
		if c == "" {
			name = "reachable"
		}
		cs = append(cs, fmt.Sprintf("%s=%d", name, n))
	}
	slices.Sort(cs)
	var dups []string
	for _, v := range slices.Sorted(maps.Keys(st.dup)) {
		dups = append(dups, fmt.Sprintf("from %s %d (%d delivered)", v, st.dup[v], st.dupDelivered[v]))
	}
	return fmt.Sprintf("%d snapshots (%d with overlapping VPCs, %d with unknown parts), %d queries (reachable %d, unreachable %d, unknown %d): %s; to duplicated addresses: %s",
		st.snapshots, st.overlapping, st.unknownParts, st.queries, st.verdicts[Reachable], st.verdicts[Unreachable], st.verdicts[Unknown],
		strings.Join(cs, " "), strings.Join(dups, ", "))
}

// oracleSeeds runs f on seeds [0, n) in parallel chunks and stops each
// chunk after the first failure, so one engine bug does not print
// thousands of dumps.
func oracleSeeds(t *testing.T, n uint64, f func(t *testing.T, seed uint64) bool) {
	const chunks = 4
	var failed atomic.Int32
	for c := range uint64(chunks) {
		t.Run(fmt.Sprintf("chunk%d", c), func(t *testing.T) {
			t.Parallel()
			for seed := c; seed < n; seed += chunks {
				if failed.Load() >= 3 {
					return
				}
				if !f(t, seed) {
					failed.Add(1)
				}
			}
		})
	}
}

// TestOracleAgreesWithEngine requires engine == oracle on the queries of
// 2000 random snapshots.
func TestOracleAgreesWithEngine(t *testing.T) {
	n := uint64(2000)
	if testing.Short() {
		n = 200
	}
	var st oracleStats
	t.Cleanup(func() { // after the parallel subtests
		t.Log(st.String())
		if testing.Short() || t.Failed() {
			return
		}
		// The comparison is only as good as what the generator reaches.
		for _, c := range []Code{"", CodeNoRoute, CodeSGMismatch, CodeSGHasNoRules, CodeACL, CodeIGWNoPublicIP, CodeIGWRFC1918,
			CodeIGWRFC6598, CodeBadStateRoute, CodeBadState, CodeBadStateAttachment, CodeNoSubnet, CodeAsymmetricReturn, CodeRoutingLoop,
			CodeUnsupportedHop, CodeSGUnknown} {
			if st.codes[c] == 0 {
				t.Errorf("no generated query ends with code %q: rsnapGen no longer covers it", c)
			}
		}
		for _, v := range []Answer{Reachable, Unreachable, Unknown} {
			if st.verdicts[v] == 0 {
				t.Errorf("no generated query has the verdict %s: rsnapGen no longer covers it", v)
			}
		}
		for _, v := range []string{rsnapVPC, rsnapTwinVPC} {
			if st.dupDelivered[v] == 0 {
				t.Errorf("no query from %s reaches an address that both VPCs use: rsnapGen no longer covers overlapping VPCs", v)
			}
		}
	})
	oracleSeeds(t, n, func(t *testing.T, seed uint64) bool {
		s, err := rsnapGen(seed)
		if err != nil {
			t.Fatal(err)
		}
		g := Build(s)
		tally := newOracleTally(s)
		dups := rsnapDupAddrs(s)
		for _, q := range rsnapQueries(s, seed) {
			res, a, diff, known := oracleCompare(seed, s, g, q)
			switch {
			case known != "":
				tally.codes[Code("known engine bug "+known)]++
				continue
			case diff != "":
				t.Error(diff)
				return false
			}
			tally.codes[res.Code]++
			tally.verdicts[res.Verdict]++
			if dups[q.dst] {
				src, _ := oracleSource(s, q.from)
				vpc := rsnapVPCOf(s, src.subnet)
				tally.dup[vpc]++
				if a.iface != "" {
					tally.dupDelivered[vpc]++
				}
			}
		}
		st.add(tally)
		return true
	})
}

// FuzzQuery requires engine == oracle on one query of a random snapshot:
// seed chooses the snapshot, sel the query. The files of
// testdata/fuzz/FuzzQuery are named after what they hit with the
// generator as written; changing rsnapGen or rsnapQueries reshuffles them
// (they stay valid inputs, only their names go stale). A disagreement that
// a known engine bug explains skips the input.
func FuzzQuery(f *testing.F) {
	for _, c := range []struct {
		seed uint64
		sel  uint32
	}{{0, 0}, {1, 7}, {42, 3}, {1234, 99}} {
		f.Add(c.seed, c.sel)
	}
	f.Fuzz(func(t *testing.T, seed uint64, sel uint32) {
		s, err := rsnapGen(seed)
		if err != nil {
			t.Fatal(err)
		}
		qs := rsnapQueries(s, seed)
		q := qs[int(sel%uint32(len(qs)))]
		switch _, _, diff, known := oracleCompare(seed, s, Build(s), q); {
		case known != "":
			t.Skipf("known engine bug (%s): %s", known, diff)
		case diff != "":
			t.Error(diff)
		}
	})
}

// oracleMini is the smallest network the engine-bug tests need: CloudShell
// and eni-a (public 198.51.100.10) in subnet-a, eni-b (public
// 198.51.100.20) in subnet-b; both subnets route 0.0.0.0/0 to igw-1; every
// group allows everything.
func oracleMini() *model.Snapshot {
	pfx, addr := netip.MustParsePrefix, netip.MustParseAddr
	all := []model.SGRule{{Protocol: model.ProtoAll, CIDR: pfx("0.0.0.0/0")}}
	toIGW := []model.Route{{Destination: pfx("0.0.0.0/0"), Target: model.Ref{Kind: model.KindInternetGateway, ID: "igw-1"}, State: "active"}}
	return &model.Snapshot{
		VPCs: []model.VPC{{ID: "vpc-1", CIDRs: []netip.Prefix{pfx("10.0.0.0/16")}}},
		Subnets: []model.Subnet{
			{ID: "subnet-a", VPC: "vpc-1", CIDR: pfx("10.0.1.0/24"), RouteTable: "rtb-a"},
			{ID: "subnet-b", VPC: "vpc-1", CIDR: pfx("10.0.2.0/24"), RouteTable: "rtb-b"},
		},
		RouteTables: []model.RouteTable{
			{ID: "rtb-a", VPC: "vpc-1", Routes: toIGW},
			{ID: "rtb-b", VPC: "vpc-1", Routes: slices.Clone(toIGW)},
		},
		InternetGateways: []model.InternetGateway{{ID: "igw-1", VPC: "vpc-1", State: "available"}},
		SecurityGroups:   []model.SecurityGroup{{ID: "sg-1", VPC: "vpc-1", Ingress: all, Egress: all}},
		ENIs: []model.ENI{
			{ID: "eni-a", Subnet: "subnet-a", PrivateIP: addr("10.0.1.10"), PublicIP: addr("198.51.100.10"), SecurityGroups: []string{"sg-1"}},
			{ID: "eni-b", Subnet: "subnet-b", PrivateIP: addr("10.0.2.10"), PublicIP: addr("198.51.100.20"), SecurityGroups: []string{"sg-1"}},
		},
		CloudShells: []model.CloudShellEnv{{Name: "ops", Subnet: "subnet-a", SecurityGroups: []string{"sg-1"}}},
	}
}

// oracleBugCase is one engine-bug case: the AWS answer (which the oracle
// must give) and the answer the engine is known to give instead.
type oracleBugCase struct {
	name      string
	change    func(s *model.Snapshot)
	q         rsnapQuery
	want      Code // "" = reachable: what AWS does
	engineBug Code // what the engine answers while the bug stands
}

func oracleRunBugCases(t *testing.T, bug string, cases []oracleBugCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			s := oracleMini()
			tt.change(s)
			if ds := s.Validate(); ds.HasErrors() {
				t.Fatal(ds.Err())
			}
			src, _ := oracleSource(s, tt.q.from)
			if a := oracleReachable(s, src, tt.q.dst, tt.q.proto, tt.q.port); (a.verdict == Reachable) != (tt.want == "") || a.code != tt.want {
				t.Fatalf("oracle: %s = %s; want code %q", tt.q, a, tt.want)
			}
			res, err := oracleQuery(Build(s), tt.q)
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case res.Reachable == (tt.want == "") && res.Code == tt.want:
				// Fixed: the differential tests no longer need oracleKnownBugs' entry.
			case res.Reachable == (tt.engineBug == "") && res.Code == tt.engineBug:
				// The bug is fixed: its old answer is now a regression.
				t.Errorf("regression of a fixed engine bug: %s: Query(%s) = code %q, want %q\n%s", bug, tt.q, res.Code, tt.want, oracleDumpHops(res))
			default:
				t.Errorf("Query(%s) = reachable %v, code %q; want code %q\n%s", tt.q, res.Reachable, res.Code, tt.want, oracleDumpHops(res))
			}
		})
	}
}

// TestOracleEngineBugICMPEchoReplyACL: the reply to an ICMP echo request
// is an echo reply, type 0 (RFC 792), and network ACLs are stateless: the
// reply is checked as a new packet (aws-rules.md §4.2), so an ACL entry for
// ICMP type 8 does not admit it and one for type 0 does. The engine checks
// the reply with the request's type 8 and code 0 (filter.go echoType).
func TestOracleEngineBugICMPEchoReplyACL(t *testing.T) {
	icmpIn := func(typ int16) func(s *model.Snapshot) {
		return func(s *model.Snapshot) {
			s.NetworkACLs = []model.NetworkACL{{ID: "acl-a", VPC: "vpc-1", Entries: []model.ACLEntry{
				{RuleNumber: 100, Egress: true, Allow: true, Protocol: model.ProtoAll, CIDR: netip.MustParsePrefix("0.0.0.0/0")},
				{RuleNumber: 100, Allow: true, Protocol: model.ProtoICMP, ICMP: model.ICMPMatch{Type: typ, Code: -1}, CIDR: netip.MustParsePrefix("0.0.0.0/0")},
			}}}
			s.Subnets[0].NetworkACL = "acl-a"
		}
	}
	ping := rsnapQuery{from: "cloudshell", dst: netip.MustParseAddr("10.0.2.10"), proto: model.ProtoICMP}
	oracleRunBugCases(t, "the return leg's network ACL is checked for ICMP type 8 instead of 0 (echo reply)", []oracleBugCase{
		{"inbound-allows-echo-request-only", icmpIn(8), ping, CodeACL, ""},
		{"inbound-allows-echo-reply-only", icmpIn(0), ping, "", CodeACL},
	})
}

// TestOracleEngineBugFilteredReplyRoute: only active routes forward
// (aws-rules.md §2.2 rule 5; "filtered" is treated as non-forwarding, as
// the engine's forward walk does with BAD_STATE_ROUTE). The reply from
// eni-b to eni-a's public address must leave through igw-1, but the route
// that would carry it is filtered; the engine's reply-route check accepts
// any route to the IGW that is not a blackhole.
func TestOracleEngineBugFilteredReplyRoute(t *testing.T) {
	oracleRunBugCases(t, "the reply route check accepts a filtered route", []oracleBugCase{
		{"reply-route-filtered", func(s *model.Snapshot) { s.RouteTables[1].Routes[0].State = "filtered" },
			rsnapQuery{from: "eni-a", dst: netip.MustParseAddr("198.51.100.20"), proto: model.ProtoTCP, port: 443}, CodeBadStateRoute, ""},
		{"forward-route-filtered", func(s *model.Snapshot) { s.RouteTables[0].Routes[0].State = "filtered" },
			rsnapQuery{from: "eni-a", dst: netip.MustParseAddr("198.51.100.20"), proto: model.ProtoTCP, port: 443}, CodeBadStateRoute, CodeBadStateRoute},
	})
}

// TestOracleOverlapAndUnknown pins the oracle's reading of the two things
// the generator's extras exercise, on oracleMini, and requires the engine
// to agree: an address inside a VPC means that VPC's interface, however
// another VPC uses it (vpc-2 below is a copy of vpc-1's CIDR with its own
// interfaces at eni-a's and eni-b's addresses, and no route to vpc-1); a
// security group decision that needs a group or prefix list entries the
// snapshot lacks is unknown, unless a known rule allows, and a certain
// blocker elsewhere still makes the answer unreachable.
func TestOracleOverlapAndUnknown(t *testing.T) {
	pfx, addr := netip.MustParsePrefix, netip.MustParseAddr
	twin := func(s *model.Snapshot) {
		s.VPCs = append(s.VPCs, model.VPC{ID: "vpc-2", CIDRs: []netip.Prefix{pfx("10.0.0.0/16")}})
		s.Subnets = append(s.Subnets,
			model.Subnet{ID: "subnet-a2", VPC: "vpc-2", CIDR: pfx("10.0.1.0/24")},
			model.Subnet{ID: "subnet-b2", VPC: "vpc-2", CIDR: pfx("10.0.2.0/24")})
		s.SecurityGroups = append(s.SecurityGroups,
			model.SecurityGroup{ID: "sg-2", VPC: "vpc-2", Egress: []model.SGRule{{Protocol: model.ProtoAll, CIDR: pfx("0.0.0.0/0")}}}) // no ingress
		s.ENIs = append(s.ENIs,
			model.ENI{ID: "eni-a2", Subnet: "subnet-a2", PrivateIP: addr("10.0.1.10"), SecurityGroups: []string{"sg-2"}},
			model.ENI{ID: "eni-b2", Subnet: "subnet-b2", PrivateIP: addr("10.0.2.10"), SecurityGroups: []string{"sg-2"}})
	}
	missingSG := func(sgs ...string) func(s *model.Snapshot) {
		return func(s *model.Snapshot) {
			s.Deployed = true
			s.ENIs[1].SecurityGroups = sgs // eni-b
		}
	}
	// sg-pl admits TCP 443 from a prefix list whose entries are unknown.
	plRule := func(s *model.Snapshot) {
		s.PrefixLists = append(s.PrefixLists, model.PrefixList{ID: "pl-x", Name: "partners"})
		s.SecurityGroups = append(s.SecurityGroups, model.SecurityGroup{ID: "sg-pl", VPC: "vpc-1",
			Ingress: []model.SGRule{{Protocol: model.ProtoTCP, Ports: model.Port(443), PrefixList: "pl-x"}}})
		s.ENIs[1].SecurityGroups = []string{"sg-pl"}
	}
	denyIn := func(s *model.Snapshot) {
		s.NetworkACLs = []model.NetworkACL{{ID: "acl-b", VPC: "vpc-1", Entries: []model.ACLEntry{
			{RuleNumber: 100, Egress: true, Allow: true, Protocol: model.ProtoAll, CIDR: pfx("0.0.0.0/0")}}}} // inbound: only "*"
		s.Subnets[1].NetworkACL = "acl-b"
	}
	both := func(fs ...func(*model.Snapshot)) func(*model.Snapshot) {
		return func(s *model.Snapshot) {
			for _, f := range fs {
				f(s)
			}
		}
	}
	tcp := func(from, dst string, port uint16) rsnapQuery {
		return rsnapQuery{from: from, dst: addr(dst), proto: model.ProtoTCP, port: port}
	}
	for _, tt := range []struct {
		name   string
		change func(s *model.Snapshot)
		q      rsnapQuery
		want   oracleAnswer
	}{
		// Overlapping VPCs: each source reaches its own VPC's interface.
		{"vpc-1-to-its-eni-b", twin, tcp("eni-a", "10.0.2.10", 443), oracleAnswer{verdict: Reachable, iface: "eni-b"}},
		{"cloudshell-to-its-eni-b", twin, tcp("cloudshell", "10.0.2.10", 22), oracleAnswer{verdict: Reachable, iface: "eni-b"}},
		{"vpc-2-to-its-eni-b2", twin, tcp("eni-a2", "10.0.2.10", 443), oracleAnswer{verdict: Unreachable, code: CodeSGMismatch}},
		{"vpc-2-no-subnet-where-vpc-1-has-one", func(s *model.Snapshot) { twin(s); s.Subnets = s.Subnets[:3]; s.ENIs = s.ENIs[:3] },
			tcp("eni-a2", "10.0.2.10", 443), oracleAnswer{verdict: Unreachable, code: CodeNoSubnet}},

		// Unknown parts.
		{"missing-group-alone", missingSG("sg-gone"), tcp("eni-a", "10.0.2.10", 443),
			oracleAnswer{verdict: Unknown, code: CodeSGUnknown, iface: "eni-b", undecided: CodeSGUnknown}},
		{"missing-group-beside-one-that-allows", missingSG("sg-gone", "sg-1"), tcp("eni-a", "10.0.2.10", 443),
			oracleAnswer{verdict: Reachable, iface: "eni-b"}},
		{"missing-source-group", func(s *model.Snapshot) { s.Deployed = true; s.CloudShells[0].SecurityGroups = []string{"sg-gone"} },
			tcp("cloudshell", "203.0.113.10", 443), oracleAnswer{verdict: Unreachable, code: CodeIGWNoPublicIP, undecided: CodeSGUnknown}},
		{"prefix-list-rule-for-the-port", plRule, tcp("eni-a", "10.0.2.10", 443),
			oracleAnswer{verdict: Unknown, code: CodeSGUnknown, iface: "eni-b", undecided: CodeSGUnknown}},
		{"prefix-list-rule-for-another-port", plRule, tcp("eni-a", "10.0.2.10", 22), oracleAnswer{verdict: Unreachable, code: CodeSGMismatch}},
		{"unknown-and-a-blocker-before", both(plRule, denyIn), tcp("eni-a", "10.0.2.10", 443), oracleAnswer{verdict: Unreachable, code: CodeACL}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := oracleMini()
			tt.change(s)
			if ds := s.Validate(); ds.HasErrors() {
				t.Fatal(ds.Err())
			}
			src, ok := oracleSource(s, tt.q.from)
			if !ok {
				t.Fatalf("no source %q", tt.q.from)
			}
			if a := oracleReachable(s, src, tt.q.dst, tt.q.proto, tt.q.port); a != tt.want {
				t.Errorf("oracle: %s = %s (first unknown %q); want %s (first unknown %q)", tt.q, a, a.undecided, tt.want, tt.want.undecided)
			}
			res, err := oracleQuery(Build(s), tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if d := oracleDisagrees(tt.want, res); d != "" {
				t.Errorf("Query(%s) = %s; want %s (%s)\n%s", tt.q, oracleDescribe(res), tt.want, d, oracleDumpHops(res))
			}
		})
	}
}
