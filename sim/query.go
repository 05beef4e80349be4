package sim

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/cshsim/cshsim/model"
)

// internetProbes are public addresses that stand for "the internet": the
// first one no route of the source's table sends elsewhere than the
// default route is used.
var internetProbes = []netip.Addr{
	netip.MustParseAddr("203.0.113.10"), // stands for any public host
	netip.MustParseAddr("8.8.8.8"),
	netip.MustParseAddr("151.101.1.1"),
	netip.MustParseAddr("52.94.0.10"),
	netip.MustParseAddr("1.1.1.1"),
}

// Query answers whether src reaches dst with the default Options. It never
// fails: a destination the snapshot cannot answer for gives an unreachable
// Result with a code that says why. Query is safe for concurrent use.
func (g *Graph) Query(src Source, dst Destination) Result {
	return g.QueryWith(src, dst, Options{})
}

// QueryWith answers whether src reaches dst under the given Options.
func (g *Graph) QueryWith(src Source, dst Destination, opts Options) Result {
	var r *Result
	switch dst.Kind {
	case DestAWS:
		r = g.queryService(src, dst.Service, dst.Port, opts)
	case DestHost:
		r = g.queryHost(src, dst, opts)
	case DestECSExec:
		r = g.queryECSExec(src, dst, opts)
	case DestECSTask:
		t := g.task(dst.Task)
		var e *eniInfo
		if t != nil {
			e = g.taskAddr(t)
		}
		if e == nil {
			b := blocker(CodeUnknownTask, dst.Task, says("task-no-address", dst.Task))
			r = &Result{Hops: []Hop{}, Code: b.Code, Message: b.Message, Blockers: []Blocker{b}}
		} else {
			r = g.walk(src, e.ip, dst.Proto, dst.Port, false, opts)
		}
	case DestInternet:
		addr, note := g.internetProbe(src)
		r = g.walk(src, addr, dst.Proto, dst.Port, true, opts)
		if !opts.VerdictOnly {
			r.addAssumption(note)
		}
	case DestIP:
		r = g.walk(src, dst.Addr, dst.Proto, dst.Port, false, opts)
	default:
		b := blocker(CodeUnsupportedHop, "", says("destination-kind", dst.String()))
		r = &Result{Hops: []Hop{}, Code: b.Code, Message: b.Message, Blockers: []Blocker{b}}
	}
	if r.Verdict == "" {
		r.settle(r.Message)
	}
	if dst.Kind != DestHost || r.Destination == "" {
		r.Destination = dst.String()
	}
	r.Asked = dst.Asked
	r.Protocol = dst.Proto.String()
	r.Port = dst.Port
	if !opts.VerdictOnly {
		r.Symptom = symptom(r, dst)
	}
	return *r
}

// internetProbe picks the public address that stands for "the internet"
// from src: one that no more specific route of the source subnet's table
// covers, so the answer is the one of the default route. When routes split
// the public address space, the assumption says so.
func (g *Graph) internetProbe(src Source) (netip.Addr, Assumption) {
	si := g.subnets[src.Subnet]
	if si == nil {
		return internetProbes[0], Assumption{}
	}
	if si.rt.probe.IsValid() {
		return si.rt.probe, si.rt.probeNote
	}
	return probeFor(si)
}

// probeFor computes the internet probe of a subnet's route table; Build
// stores it on the table.
func probeFor(si *subnetInfo) (netip.Addr, Assumption) {
	var splits []string
	var specific []route
	for _, r := range si.rt.routes {
		if r.src.Target.Kind == model.KindLocal {
			continue
		}
		public := false
		r.prefixes(func(p netip.Prefix) {
			public = public || (p.Bits() > 0 && p.Addr().Is4() && !isPrivate(p.Addr()))
		})
		if public {
			specific = append(specific, r)
		}
	}
	for _, a := range internetProbes {
		if !slices.ContainsFunc(specific, func(r route) bool {
			p, ok := r.match(a)
			return ok && p.Bits() > 0 && !isPrivate(p.Addr())
		}) {
			for _, r := range specific {
				r.prefixes(func(p netip.Prefix) {
					if p.Bits() > 0 && p.Addr().Is4() && !isPrivate(p.Addr()) {
						splits = append(splits, r.matched(p).describe())
					}
				})
			}
			slices.Sort(splits)
			splits = slices.Compact(splits)
			if len(splits) > 0 {
				return a, assumption(AssumeInternetProbe, fmt.Sprintf("routes in %s send parts of the public address space elsewhere (%s); \"internet\" was probed at %s, which takes the default route", si.rt.id, strings.Join(splits, "; "), a), si.rt.id)
			}
			return a, Assumption{}
		}
	}
	return internetProbes[0], assumption(AssumeInternetProbe, fmt.Sprintf("routes in %s cover every probe address; \"internet\" was probed at %s", si.rt.id, internetProbes[0]), si.rt.id)
}

// Catalogue returns the destinations reach lists by default: the
// internet, every service on the CloudShell VPC environment endpoint list,
// sts and s3, and every other service the snapshot has an endpoint for in
// the source's Region (design.md §2).
func (g *Graph) Catalogue(src Source) []Destination {
	region := g.regionOf(src.VPC)
	inRegion, anyRegion := g.ix.regionServices[region], g.ix.regionServices[""]
	n := 3 + len(CloudShellEndpoints) + len(inRegion) + len(anyRegion)
	d, _ := ParseDestination("internet")
	out := make([]Destination, 1, n)
	out[0] = d
	seen := make(map[string]bool, n)
	add := func(svc string) {
		if !seen[svc] {
			seen[svc] = true
			out = append(out, Destination{Kind: DestAWS, Service: svc, Proto: model.ProtoTCP, Port: DefaultPort})
		}
	}
	for _, s := range CloudShellEndpoints {
		add(s)
	}
	add("sts")
	add("s3")
	extra := inRegion // sorted at Build
	if len(anyRegion) > 0 {
		extra = append(slices.Clone(inRegion), anyRegion...)
		slices.Sort(extra)
	}
	for _, s := range extra {
		add(s)
	}
	return out
}

// QueryAll answers each destination in order.
func (g *Graph) QueryAll(src Source, dsts []Destination, opts Options) []Result {
	out := make([]Result, len(dsts))
	for i, d := range dsts {
		out[i] = g.QueryWith(src, d, opts)
	}
	return out
}
