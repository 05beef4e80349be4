package sim

import (
	"fmt"
	"net/netip"
	"regexp"
	"strings"

	"github.com/cshsim/cshsim/model"
)

var (
	regionRE = regexp.MustCompile(`^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d+$`)
	// [<label>.]vpce-<id>-<suffix>[-<az>].<service>.<region>.vpce.amazonaws.com;
	// S3's interface endpoints prefix bucket., accesspoint. or control.
	// (S3 User Guide, "AWS PrivateLink for Amazon S3").
	vpceNameRE = regexp.MustCompile(`^(?:[a-z0-9.-]*\.)?(vpce-[0-9a-z]+)-[0-9a-z]+(?:-([a-z]{2}-[a-z]+-\d+[a-z]))?\.(.+)\.([a-z0-9-]+)\.vpce\.amazonaws\.com$`)
)

// awsService maps an AWS hostname to the service and Region it belongs to:
// <svc>.<region>.amazonaws.com, S3's bucket and path-style names,
// ECR's registry and API names. ok is false for other names.
func awsService(host string) (svc, region string, ok bool) {
	name, found := strings.CutSuffix(host, ".amazonaws.com")
	if !found {
		return "", "", false
	}
	labels := strings.Split(name, ".")
	n := len(labels)
	switch {
	case n >= 4 && labels[n-3] == "dkr" && labels[n-2] == "ecr" && regionRE.MatchString(labels[n-1]):
		return "ecr.dkr", labels[n-1], true // <account>.dkr.ecr.<region>.amazonaws.com
	case n >= 3 && labels[n-3] == "api" && labels[n-2] == "ecr" && regionRE.MatchString(labels[n-1]):
		return "ecr.api", labels[n-1], true
	case n >= 2 && labels[n-2] == "s3" && regionRE.MatchString(labels[n-1]):
		return "s3", labels[n-1], true // [bucket.]s3.<region>.amazonaws.com
	case labels[n-1] == "s3":
		return "s3", "us-east-1", true // [bucket.]s3.amazonaws.com
	case n >= 2 && regionRE.MatchString(labels[n-1]):
		return strings.Join(labels[:n-1], "."), labels[n-1], true
	}
	return "", "", false
}

// queryHost answers a destination given by name: an endpoint-specific
// vpce-… name resolves (publicly) to that endpoint's interfaces; the name
// of an AWS service in the source's Region is that service (aws:<svc>); a
// service name of another Region takes the public path, since endpoints
// serve their own Region; any other name resolves through the private
// hosted zones associated with the VPC, else publicly to the internet path.
func (g *Graph) queryHost(src Source, d Destination, opts Options) *Result {
	host := d.Host
	region := g.regionOf(src.VPC)
	if m := vpceNameRE.FindStringSubmatch(host); m != nil {
		return g.queryEndpointName(src, d, m[1], m[2], opts)
	}
	if svc, r, ok := awsService(host); ok {
		if r == region {
			res := g.queryService(src, svc, d.Port, opts)
			res.Destination = d.resolved(Destination{Kind: DestAWS, Service: svc}).String()
			return res
		}
		res := g.queryPublicName(src, host, d, fmt.Sprintf("%s is the %s service of %s; endpoints serve their own Region (%s), so the name resolves to public addresses", host, svc, r, region), opts)
		return res
	}
	if z := g.zoneFor(src.VPC, host); z != nil {
		if r := g.queryZoneName(src, host, d, opts); r != nil {
			if r.Resolution != nil {
				if a, err := netip.ParseAddr(r.Resolution.Address); err == nil {
					r.Destination = d.resolved(Destination{Kind: DestIP, Addr: a.Unmap()}).String() // 10.0.2.10/icmp, not 10.0.2.10:0/icmp
				}
			}
			return r
		}
	}
	return g.queryPublicName(src, host, d, "public DNS name", opts)
}

// queryPublicName walks to the internet, the way a public name leads.
func (g *Graph) queryPublicName(src Source, host string, d Destination, why string, opts Options) *Result {
	addr, note := g.internetProbe(src)
	w := g.newWalker(src, true, opts)
	defer w.release()
	w.assumeAll([]Assumption{note})
	if !w.quiet {
		w.hop(Hop{Component: "dns", Kind: "dns", Verdict: Forward, Detail: w.sprintf("%s resolves to public addresses (%s); probed at %s", host, why, addr)})
	}
	r := w.run(addr, d.Proto, d.Port)
	r.Resolution = &Resolution{Name: host, Via: ViaInternet, Address: addr.String(), Reason: why}
	r.Destination = d.resolved(Destination{Kind: DestInternet}).String()
	return r
}

// queryEndpointName walks to the interface named by an endpoint-specific
// DNS name: these names are public records of the endpoint's private
// addresses, whatever its private DNS setting (PrivateLink Guide, "DNS
// hostnames").
func (g *Graph) queryEndpointName(src Source, d Destination, id, az string, opts Options) *Result {
	w := g.newWalker(src, false, opts)
	defer w.release()
	ep := g.eps[id]
	if ep == nil {
		w.hop(Hop{Component: id, Kind: model.KindEndpoint, Verdict: Drop, Detail: id + " is not in the snapshot"})
		w.stop(CodeNameNotResolved, id, says("endpoint-name-not-in-snapshot", d.Host, id))
		w.finish()
		return w.res
	}
	var target *eniInfo
	for _, e := range g.epENIs[id] {
		if si := g.subnets[e.subnet]; az == "" || (si != nil && si.s.AZ == az) {
			target = e
			break
		}
	}
	if target == nil {
		w.hop(Hop{Component: id, Kind: model.KindEndpoint, Verdict: Drop, Detail: w.sprintf("%s has no interface%s", id, map[bool]string{true: " in " + az, false: ""}[az != ""])})
		w.stop(CodeNameNotResolved, id, says("endpoint-name-no-interface", d.Host, id, map[bool]string{true: " in " + az, false: ""}[az != ""]))
		w.finish()
		return w.res
	}
	why := fmt.Sprintf("the endpoint-specific name of %s resolves to its interface in %s", id, target.subnet)
	w.hop(Hop{Component: id, Kind: "dns", Verdict: Forward, Detail: w.sprintf("%s resolves to %s (%s)", d.Host, target.ip, why)})
	if ep.State.Known() && ep.State != model.StateAvailable {
		w.block(CodeBadState, id, says("endpoint-name-state", id, ep.State))
	}
	r := w.run(target.ip, d.Proto, d.Port)
	r.Resolution = &Resolution{Name: d.Host, Via: ViaInterfaceEndpoint, Endpoint: id, Address: target.ip.String(), Reason: why}
	r.Destination = d.resolved(Destination{Kind: DestIP, Addr: target.ip.Unmap()}).String()
	return r
}
