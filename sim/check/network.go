package check

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/cshsim/cshsim/model"
	"github.com/cshsim/cshsim/sim"
)

// The network summary of each environment (internet, endpoints, S3), stale interfaces and routing loops.

// source resolves an environment as a query source.
func (c *checker) source(e checkEnv) (sim.Source, error) {
	if e.from == "eni" {
		src, err := c.g.ResolveSource(e.eni)
		src.Kind = "cloudshell"
		return src, err
	}
	return c.g.ResolveSource(e.ref)
}

// network walks the environment's traffic to the internet, to each service
// of the CloudShell endpoint list and to S3.
func (c *checker) network(e checkEnv, region string) EnvSummary {
	sum := EnvSummary{Name: e.name, Principal: e.principal, From: e.from, Subnet: e.subnet, VPC: e.vpc,
		SecurityGroups: slices.Clone(e.sgs), ENI: e.eni, Region: region}
	if sum.SecurityGroups == nil {
		sum.SecurityGroups = []string{}
	}
	if c.subnet(e.subnet) == nil {
		return sum
	}
	src, err := c.source(e)
	if err != nil {
		return sum
	}
	if src.IP.IsValid() {
		sum.IP = src.IP.String()
	}
	inet := c.g.QueryWith(src, sim.Destination{Kind: sim.DestInternet, Proto: model.ProtoTCP, Port: sim.DefaultPort}, c.opts.Query)
	is := &InternetSummary{Verdict: inet.Verdict, Reachable: inet.Reachable, Via: gateways(inet), Code: inet.Code, Message: inet.Message, Fix: inet.Fix}
	sum.Internet = is
	if is.Reachable {
		via := "the path"
		if len(is.Via) > 0 {
			via = strings.Join(is.Via, " → ")
		}
		c.add(Finding{Severity: SeverityInfo, Code: CodeInternet, Environment: e.name, Resource: e.ref,
			Message: fmt.Sprintf("internet: reachable from %s through %s", e.subnet, via)})
	} else if inet.Verdict == sim.Unknown {
		c.add(Finding{Severity: SeverityInfo, Code: CodeInternet, Environment: e.name, Resource: e.ref,
			Message: fmt.Sprintf("internet: unknown from %s (%s): %s", e.subnet, inet.Code, inet.Message), Fix: inet.Fix})
	} else {
		c.add(Finding{Severity: SeverityInfo, Code: CodeInternet, Environment: e.name, Resource: e.ref,
			Message: fmt.Sprintf("internet: not reachable from %s (%s): %s", e.subnet, inet.Code, inet.Message), Fix: inet.Fix})
	}

	var usable, unusable, absentOK, absentBad, zoned []string
	for _, svc := range sim.CloudShellEndpoints {
		r := c.g.QueryWith(src, sim.Destination{Kind: sim.DestAWS, Service: svc, Proto: model.ProtoTCP, Port: sim.DefaultPort}, c.opts.Query)
		s := c.service(src, svc, region, r)
		sum.Endpoints = append(sum.Endpoints, s)
		switch s.Status {
		case EndpointUsable:
			usable = append(usable, svc)
		case EndpointUnusable:
			unusable = append(unusable, svc)
			msg := fmt.Sprintf("aws:%s: endpoint %s is in %s but not usable from %s (%s): %s", svc, s.Endpoint, e.vpc, e.subnet, s.WhyCode, s.Why)
			switch {
			case s.Reachable:
				msg += fmt.Sprintf("; the service is reached through the %s path instead", s.Via)
			case s.Verdict == sim.Unknown:
				msg += "; whether the service is reachable is unknown"
			default:
				msg += "; the service is not reachable"
			}
			c.add(Finding{Severity: SeverityWarning, Code: CodeEndpointUnusable, Environment: e.name, Resource: s.Endpoint,
				Message: msg, Fix: s.Fix, At: c.at(s.Endpoint, "")})
		default:
			switch {
			case s.Via == sim.ViaPrivateZone:
				zoned = append(zoned, fmt.Sprintf("%s: %s", svc, cmp.Or(string(s.Code), "reachable")))
			case s.Reachable:
				absentOK = append(absentOK, svc)
			default:
				absentBad = append(absentBad, svc)
			}
		}
	}
	n := len(sim.CloudShellEndpoints)
	parts := []string{fmt.Sprintf("%d of %d services use an interface endpoint from %s", len(usable), n, e.subnet)}
	if len(usable) > 0 {
		parts[0] += " (" + strings.Join(usable, ", ") + ")"
	}
	if len(unusable) > 0 {
		parts = append(parts, fmt.Sprintf("%d %s an endpoint that is not usable (%s)", len(unusable), verb(len(unusable), "has", "have"), strings.Join(unusable, ", ")))
	}
	if none := len(absentOK) + len(absentBad); none > 0 {
		p := fmt.Sprintf("%d %s none and %s reachable only through the internet path", none, verb(none, "has", "have"), verb(none, "is", "are"))
		switch {
		case len(absentBad) == 0:
			p += ", which works"
		case len(absentOK) == 0:
			p += fmt.Sprintf(", which does not work (%s), so %s unreachable", inet.Code, verb(none, "it is", "they are"))
		default:
			p += fmt.Sprintf(": %s reachable, %s not", strings.Join(absentOK, ", "), strings.Join(absentBad, ", "))
		}
		parts = append(parts, p)
	}
	if len(zoned) > 0 {
		parts = append(parts, fmt.Sprintf("%d %s answered by a private hosted zone with no endpoint (%s)", len(zoned), verb(len(zoned), "is", "are"), strings.Join(zoned, "; ")))
	}
	c.add(Finding{Severity: SeverityInfo, Code: CodeEndpoints, Environment: e.name, Resource: e.ref,
		Message: "CloudShell endpoint list: " + strings.Join(parts, "; ")})

	r := c.g.QueryWith(src, sim.Destination{Kind: sim.DestAWS, Service: "s3", Proto: model.ProtoTCP, Port: sim.DefaultPort}, c.opts.Query)
	s3 := c.service(src, "s3", region, r)
	sum.S3 = &s3
	var msg string
	switch {
	case s3.Reachable && s3.Via == sim.ViaGatewayEndpoint:
		msg = fmt.Sprintf("aws:s3: reachable through gateway endpoint %s", s3.Endpoint)
	case s3.Reachable && s3.Via == sim.ViaInterfaceEndpoint:
		msg = fmt.Sprintf("aws:s3: reachable through interface endpoint %s", s3.Endpoint)
	case s3.Reachable:
		msg = fmt.Sprintf("aws:s3: reachable through the %s path (no S3 endpoint in %s)", s3.Via, e.vpc)
	default:
		msg = fmt.Sprintf("aws:s3: not reachable (%s): %s", r.Code, r.Message)
	}
	c.add(Finding{Severity: SeverityInfo, Code: CodeS3, Environment: e.name, Resource: e.ref, Message: msg, Fix: r.Fix})
	return sum
}

// gateways lists the gateways and connections a reachable path crosses.
func gateways(r sim.Result) []string {
	var out []string
	for _, h := range r.Path() {
		switch h.Kind {
		case model.KindNATGateway, model.KindInternetGateway, model.KindEgressOnlyIGW, model.KindTransitGateway,
			model.KindPeering, model.KindEndpoint, model.KindVPNGateway:
			if h.Verdict != sim.Deny && h.Verdict != sim.Drop && !slices.Contains(out, h.Component) {
				out = append(out, h.Component)
			}
		}
	}
	return out
}

// service classifies how the environment reaches one service.
func (c *checker) service(src sim.Source, svc, region string, r sim.Result) ServiceSummary {
	s := ServiceSummary{Service: svc, Status: EndpointAbsent, Verdict: r.Verdict, Reachable: r.Reachable, Code: r.Code, Message: r.Message, Fix: r.Fix}
	res := r.Resolution
	if res == nil {
		return s
	}
	s.Via = res.Via
	switch {
	case res.Via == sim.ViaInterfaceEndpoint:
		s.Endpoint = res.Endpoint
		if r.Reachable {
			s.Status = EndpointUsable
		} else {
			s.Status, s.Why, s.WhyCode = EndpointUnusable, r.Message, r.Code
		}
	case res.Via == sim.ViaPrivateZone:
		// A private hosted zone answers with no endpoint (or NXDOMAIN).
	case res.Endpoint != "":
		// An interface endpoint is there, but the name does not resolve to it.
		dns := c.g.ResolvePrivateDNS(src, svc, region, c.opts.Query)
		s.Status, s.Endpoint, s.Why, s.WhyCode = EndpointUnusable, cmp.Or(dns.Unusable, res.Endpoint), dns.Why, sim.CodePrivateDNS
		s.Fix = cmp.Or(dns.Fix, s.Fix)
	case res.Via == sim.ViaGatewayEndpoint:
		s.Endpoint = passesGatewayEndpoint(&r)
		if r.Reachable {
			s.Status = EndpointUsable
		}
	}
	return s
}

// isStale reports whether a CloudShell interface is left behind: not
// attached (status available).
func isStale(e model.ENI) bool { return e.Status == model.StateAvailable }

// staleENIs reports interfaces CloudShell created and did not delete.
func (c *checker) staleENIs() {
	for _, e := range c.snap.ENIs {
		if !e.HasTag(model.CloudShellTag) || !isStale(e) {
			continue
		}
		c.add(Finding{Severity: SeverityWarning, Code: CodeStaleENI, Resource: e.ID,
			Message: fmt.Sprintf("interface %s in %s is tagged %s but not attached (status %s): an environment's interface left behind, usually because CloudShell lacked ec2:DeleteNetworkInterface", e.ID, cmp.Or(e.Subnet, "an unknown subnet"), model.CloudShellTag, e.Status),
			Fix:     fmt.Sprintf("delete it (aws ec2 delete-network-interface --network-interface-id %s) and allow ec2:DeleteNetworkInterface on interfaces tagged %s", e.ID, model.CloudShellTag),
			At:      c.at(e.ID, "")})
	}
}

// loops reports the routing loops of the network (Graph.RoutingLoops):
// traffic for the prefix goes round the subnets and never arrives.
func (c *checker) loops() {
	for _, l := range c.g.RoutingLoops() {
		c.add(Finding{Severity: SeverityWarning, Code: CodeRoutingLoop, Resource: strings.Join(l.Subnets, ", "),
			Message: fmt.Sprintf("routing loop for %s: the route tables of %s forward it round in a circle, so it never arrives", l.Prefix, strings.Join(l.Subnets, ", ")),
			Fix:     fmt.Sprintf("change one route for %s in the loop so that it leads to the destination", l.Prefix),
			At:      c.at(l.Subnets[0], "")})
	}
}

// passesGatewayEndpoint returns the gateway endpoint that delivered a
// result's request, from its hops ("" when none).
func passesGatewayEndpoint(r *sim.Result) string {
	for _, h := range r.Hops {
		if h.Kind == model.KindEndpoint && h.Verdict == sim.Deliver {
			return h.Component
		}
	}
	return ""
}
