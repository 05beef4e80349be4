package sim

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"sync"

	"github.com/cshsim/cshsim/model"
)

// walker carries one query's flows through the network: the request from
// the source, then its reply from where the request arrived, both moved
// by the same step function. It keeps the trace: a hop for every
// component, a blocker for every component that stops the packet, an
// unknown for every decision the snapshot cannot make. Where it can, it
// goes on past a blocker or an unknown as if that component had let the
// packet through the documented way, so one walk yields the whole fix set.
type walker struct {
	g   *Graph
	src Source
	res *Result
	leg Leg // the leg hops are recorded on
	// pubMap are the translations internet gateways made on the request:
	// the reply to a public address comes back to its private one.
	pubMap []publicMap
	// entered maps a VPC to the transit gateway or peering connection the
	// request entered it by, for the fix of a missing return route.
	entered map[string]string
	// visitedAt maps each subnet a packet left (with its addresses, and
	// whether it was the reply) to the index of the first hop after it, for
	// loop reports.
	visitedAt  []visited
	visitedBuf [6]visited // visitedAt's first backing array
	stopped    bool
	internet   bool     // the destination stands for "the internet"
	quiet      bool     // Options.VerdictOnly: no hops, details, messages or positions
	gateway    string   // the gateway endpoint that delivered the request, if any
	noACL      []string // subnets crossed whose network ACL the snapshot lacks
	// said are the sayings of blockers and unknowns recorded so far,
	// rendered into their messages by finish.
	said []pendingSaying
	// forwardingOnly: the walk is a probe of the loop finder, which needs
	// the transitions only; filters (network ACLs) decide nothing a
	// transition depends on, so they are not evaluated.
	forwardingOnly bool
	// path, when not nil, collects the components the flow passes,
	// routers, gateways and subnets, in order (the graph's edges).
	path *[]string
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
	if w.path != nil {
		switch h.Kind {
		case model.KindSecurityGroup, model.KindNetworkACL, "dns":
		default:
			w.pass(h.Component)
		}
	}
	if w.quiet {
		return // bulk runs keep verdicts, not paths
	}
	if h.Leg == "" {
		h.Leg = w.leg
	}
	if h.At == "" {
		switch {
		case h.RuleRef != nil:
			h.Pos = w.g.snap.Sources.Lookup(*h.RuleRef)
		case h.Component != "":
			h.Pos = w.g.snap.Sources[model.FieldRef{ID: h.Component}]
		}
		h.At = h.Pos.String()
	}
	w.res.Hops = append(w.res.Hops, h)
}

// tracing reports whether hops are kept (an explained walk, or a graph
// probe): the busiest steps skip building a hop nobody keeps.
func (w *walker) tracing() bool { return !w.quiet || w.path != nil }

// pass records a component on the path, for the graph.
func (w *walker) pass(id string) {
	if w.path == nil || id == "" {
		return
	}
	if n := len(*w.path); n > 0 && (*w.path)[n-1] == id {
		return
	}
	*w.path = append(*w.path, id)
}

// addBlocker records a blocker, and marks the hop just added with its
// code when the hop is the blocker's component.
func (w *walker) addBlocker(code Code, component string) {
	if n := len(w.res.Hops); n > 0 && w.res.Hops[n-1].Component == component && w.res.Hops[n-1].Code == "" {
		w.res.Hops[n-1].Code = code
	}
	w.res.Blockers = append(w.res.Blockers, Blocker{Code: code, Component: component})
}

// addUnknown records a decision the snapshot cannot make, once per code
// and component, and marks the hop just added undecided; it reports
// whether it added one.
func (w *walker) addUnknown(code Code, component string) bool {
	if n := len(w.res.Hops); n > 0 && w.res.Hops[n-1].Component == component && w.res.Hops[n-1].Code == "" {
		w.res.Hops[n-1].Code = code
		w.res.Hops[n-1].Verdict = Undecided
	}
	for _, u := range w.res.Unknowns {
		if u.Code == code && u.Component == component {
			return false
		}
	}
	w.res.Unknowns = append(w.res.Unknowns, Missing{Code: code, Component: component})
	return true
}

// pendingSaying is a saying waiting for finish to render it into the
// blocker or unknown at index i.
type pendingSaying struct {
	unknown bool
	i       int
	s       saying
}

// block records a blocker on the hop just added; its words are the code's
// situation s (words.go), rendered when the walk finishes and never in a
// quiet walk.
func (w *walker) block(code Code, component string, s saying) {
	w.addBlocker(code, component)
	if !w.quiet {
		w.said = append(w.said, pendingSaying{false, len(w.res.Blockers) - 1, s})
	}
}

// stop records a blocker past which the walk cannot go on.
func (w *walker) stop(code Code, component string, s saying) {
	w.block(code, component, s)
	w.stopped = true
}

// unknown records a decision the snapshot cannot make, in the words of
// the code's situation s (its fix is the command that collects what is
// missing). The walk goes on past it where the next hop is known.
func (w *walker) unknown(code Code, component string, s saying) {
	if w.addUnknown(code, component) && !w.quiet {
		w.said = append(w.said, pendingSaying{true, len(w.res.Unknowns) - 1, s})
	}
}

// halt records an unknown past which the walk cannot go on.
func (w *walker) halt(code Code, component string, s saying) {
	w.unknown(code, component, s)
	w.stopped = true
}

// render puts the words of the sayings recorded into their blockers and
// unknowns.
func (w *walker) render() {
	for _, p := range w.said {
		if p.unknown {
			u := &w.res.Unknowns[p.i]
			u.Message, u.Collect = p.s.render(u.Code)
			continue
		}
		b := &w.res.Blockers[p.i]
		b.Message, b.Fix = p.s.render(b.Code)
	}
	w.said = w.said[:0]
}

// assume records an assumption (not in quiet walks).
func (w *walker) assume(code AssumptionCode, text string, subjects ...string) {
	if text == "" || w.quiet {
		return
	}
	w.res.addAssumption(assumption(code, text, subjects...))
}

// assumeAll records assumptions made before the walk.
func (w *walker) assumeAll(as []Assumption) {
	if w.quiet {
		return
	}
	for _, a := range as {
		w.res.addAssumption(a)
	}
}

// walk walks one packet from the source to dst.
func (g *Graph) walk(src Source, dst netip.Addr, proto model.Protocol, port uint16, internet bool, opts Options) *Result {
	w := g.newWalker(src, internet, opts)
	defer w.release()
	return w.run(dst, proto, port)
}

// release returns the walker to the pool.
func (w *walker) release() {
	*w = walker{}
	walkers.Put(w)
}

// walkers recycles walkers: a matrix makes one per query, and a walker is
// large (its first visited list is inline).
var walkers = sync.Pool{New: func() any { return new(walker) }}

// newWalker returns a walker for one query; the caller releases it when
// it no longer reads it (the Result it built is its own).
func (g *Graph) newWalker(src Source, internet bool, opts Options) *walker {
	w := walkers.Get().(*walker)
	*w = walker{g: g, src: src, res: &Result{Hops: []Hop{}}, leg: LegForward, internet: internet, quiet: opts.VerdictOnly}
	w.visitedAt = w.visitedBuf[:0]
	w.assumeAll(src.Assumed)
	return w
}

// run walks the request after whatever hops the caller added (a name
// resolution), then its reply, and completes the result.
func (w *walker) run(dst netip.Addr, proto model.Protocol, port uint16) *Result {
	p := request(w.src, dst, proto, port)
	w.res.Address = dst.String()
	if !w.stopped {
		start := state{at: atSource, p: p}
		if w.src.Kind == SourceInternet {
			start.at = atInternet
		}
		if end, ok := w.flow(start); ok && !w.stopped {
			w.leg = LegReturn
			w.flow(replyStart(end))
		}
	}
	w.finish()
	return w.res
}

// flow moves a packet by the step function until it arrives or stops. It
// returns the state it arrived in.
func (w *walker) flow(s state) (state, bool) {
	for steps := 0; ; steps++ {
		if s.at == atArrived {
			return s, true
		}
		if steps > maxSteps {
			// Loops end at a subnet left twice; this only bounds a flow
			// the step function failed to end.
			w.stop(CodeRoutingLoop, "", says("walk-did-not-end"))
			return s, false
		}
		next, ok := w.step(s)
		if !ok || w.stopped {
			return next, false
		}
		s = next
	}
}

// maxSteps bounds one flow: far above any real path.
const maxSteps = 10000

func (w *walker) finish() {
	w.render()
	r := w.res
	switch len(w.noACL) {
	case 0:
	case 1:
		w.assume(AssumeDefaultACL, fmt.Sprintf("%s has no network ACL in the snapshot: the VPC's default ACL, which allows all traffic, is assumed", w.noACL[0]), w.noACL...)
	default:
		w.assume(AssumeDefaultACL, fmt.Sprintf("%s have no network ACL in the snapshot: their VPC's default ACL, which allows all traffic, is assumed", strings.Join(w.noACL, ", ")), w.noACL...)
	}
	msg := ""
	if !w.quiet {
		msg = "reachable: " + pathLine(r.Hops)
	}
	r.settle(msg)
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

// visit is a subnet left by a packet, on the request or the reply: the
// same packet leaving the same subnet twice is a loop.
type visit struct {
	si       *subnetInfo
	src, dst netip.Addr
	reply    bool
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
