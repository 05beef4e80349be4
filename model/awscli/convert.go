package awscli

import (
	"net/netip"
	"reflect"
	"strings"

	"github.com/cshsim/cshsim/model"
)

// This file holds what the readers of several resource families share.
// The readers turn the decoded CLI shapes into model objects, one reader per
// top-level key, recording where each object and reference was found; each
// family is read in its own file (vpc.go, routing.go, security.go,
// interfaces.go, transit.go, endpoints.go, zones.go).

func tags(ts []awsTag) []model.Tag {
	if len(ts) == 0 {
		return nil
	}
	out := make([]model.Tag, len(ts))
	for i, t := range ts {
		out[i] = model.Tag{Key: t.Key, Value: t.Value}
	}
	return out
}

func nonEmpty(s []string) []string {
	var out []string
	for _, x := range s {
		if x != "" {
			out = append(out, x)
		}
	}
	return out
}

func optBool(b *bool) model.OptBool {
	if b == nil {
		return model.Unset
	}
	return model.Of(*b)
}

// isAssociated reports whether an association state counts: "associated",
// or no state at all (older output omits it).
func isAssociated(state string) bool {
	return state == "" || strings.EqualFold(state, "associated")
}

// missing reports an object without its id.
func (l *loader) missing(e *elemCtx, key string) {
	if e.bad {
		return // the id had the wrong type, which is reported
	}
	l.add(model.Error, CodeMissingField, e.at(""), model.FieldRef{}, "the object has no %s; skipped", key)
}

// prefix parses a CIDR block at rel, reporting a bad one.
func (l *loader) prefix(e *elemCtx, rel, s string, ref model.FieldRef) (netip.Prefix, bool) {
	p, err := netip.ParsePrefix(strings.TrimSpace(s))
	if err != nil {
		l.add(model.Error, CodeBadValue, e.at(rel), ref, "%q is not a CIDR block", s)
		return netip.Prefix{}, false
	}
	return p, true
}

// prefixFamily is prefix for a member that holds only IPv4 blocks (v6
// false: DestinationCidrBlock of a VPC route) or only IPv6 ones
// (DestinationIpv6CidrBlock); a block of the other family is reported,
// since AWS never writes one there (aws-rules §2.3).
func (l *loader) prefixFamily(e *elemCtx, rel, s string, v6 bool, ref model.FieldRef) (netip.Prefix, bool) {
	p, ok := l.prefix(e, rel, s, ref)
	if !ok || p.Addr().Is6() == v6 {
		return p, ok
	}
	member := rel[strings.LastIndexByte(rel, '.')+1:]
	if v6 {
		l.add(model.Error, CodeBadValue, e.at(rel), ref, "%s %q is an IPv4 CIDR block; IPv4 destinations are in DestinationCidrBlock", member, s)
	} else {
		l.add(model.Error, CodeBadValue, e.at(rel), ref, "%s %q is an IPv6 CIDR block; IPv6 destinations are in DestinationIpv6CidrBlock", member, s)
	}
	return netip.Prefix{}, false
}

// addr parses an IP address at rel; the empty string is no address.
func (l *loader) addr(e *elemCtx, rel, s string, ref model.FieldRef) netip.Addr {
	if s == "" {
		return netip.Addr{}
	}
	a, err := netip.ParseAddr(strings.TrimSpace(s))
	if err != nil {
		l.add(model.Error, CodeBadValue, e.at(rel), ref, "%q is not an IP address", s)
		return netip.Addr{}
	}
	return a
}

func (l *loader) protocol(e *elemCtx, rel string, t text, ref model.FieldRef) (model.Protocol, bool) {
	if kind, bad := t.bad(); bad {
		l.add(model.Error, CodeBadType, e.at(rel), ref, "want a string, found %s", kind)
		return 0, false
	}
	p, err := model.ParseProtocol(string(t))
	if err != nil {
		l.add(model.Error, CodeBadValue, e.at(rel), ref, "%v", err)
		return 0, false
	}
	return p, true
}

// ports reads a TCP/UDP port range; absent ends, or -1 for both, mean all
// ports.
func (l *loader) ports(e *elemCtx, rel string, from, to *int, ref model.FieldRef) (model.PortRange, bool) {
	r, err := model.PortsFromAWS(from, to)
	if err != nil {
		l.add(model.Error, CodeBadValue, e.at(rel), ref, "%v", err)
		return model.PortRange{}, false
	}
	return r, true
}

// icmp reads an ICMP type and code, -1 (or absent) meaning any.
func (l *loader) icmp(e *elemCtx, rel string, typ, code *int, ref model.FieldRef) (model.ICMPMatch, bool) {
	m, err := model.ICMPFromAWS(typ, code)
	if err != nil {
		l.add(model.Error, CodeBadValue, e.at(rel), ref, "%v", err)
		return model.ICMPMatch{}, false
	}
	return m, true
}

func deepEqual(a, b any) bool { return reflect.DeepEqual(a, b) }

func cmpOr[S ~string](a, b S) S {
	if a != "" {
		return a
	}
	return b
}
