package tfplan

import (
	"github.com/cshsim/cshsim/model"
)

// This file holds what the conversions of several resource families share.
// Each family is converted in its own file (vpc.go, routing.go, security.go,
// interfaces.go, transit.go, endpoints.go); the value structs there name
// the attributes of the AWS provider's schema (v2 to v5) that cshsim reads;
// the others are skipped by the decoder.

var (
	wantVPC     = kinds(model.KindVPC)
	wantSubnet  = kinds(model.KindSubnet)
	wantRT      = kinds(model.KindRouteTable)
	wantSG      = kinds(model.KindSecurityGroup)
	wantACL     = kinds(model.KindNetworkACL)
	wantPL      = kinds(model.KindPrefixList)
	wantENI     = kinds(model.KindENI)
	wantIGW     = kinds(model.KindInternetGateway)
	wantEP      = kinds(model.KindEndpoint)
	wantEIP     = kinds(model.KindElasticIP)
	wantInst    = kinds(model.KindInstance)
	wantTGW     = kinds(model.KindTransitGateway)
	wantTGWAtt  = kinds(model.KindTGWAttachment)
	wantTGWRT   = kinds(model.KindTGWRouteTable)
	wantDHCP    = kinds(model.KindDHCPOptions)
	wantPeering = kinds(model.KindPeering)
	wantVGW     = kinds(model.KindVPNGateway)
)

// flag reads a boolean attribute with its default. Left to AWS (unknown
// but not configured, as enable_dns_hostnames of a new VPC) it takes the
// default; set by an expression known only after apply it stays unset (the
// simulator then assumes AWS's default) and is reported.
func (b *builder) flag(in *instance, v *bool, def bool, attr string) model.OptBool {
	if v != nil {
		return model.Of(*v)
	}
	if b.unknown(in, attr) && b.configuredAt(in, attr) {
		b.r.warnf(CodeUnknownValue, b.r.unknownPos(in, attr), "known only after apply; AWS's default (%v) is assumed", def)
		return model.Unset
	}
	return model.Of(def)
}

func containsStr(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// configuredAt reports whether the configuration sets the attribute at
// path (indexes are ignored). Without a configuration, everything counts
// as set.
func (b *builder) configuredAt(in *instance, path ...any) bool {
	if in.cfg == nil {
		return true
	}
	_, _, ok := b.r.exprAt(in, names(path)...)
	return ok
}

// configured reports whether the configuration sets attr of in.
func (b *builder) configured(in *instance, attr string) bool {
	_, _, ok := b.r.exprAt(in, attr)
	return ok
}
