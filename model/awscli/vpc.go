package awscli

import (
	"encoding/json"
	"fmt"
	"net/netip"
	"slices"

	"github.com/cshsim/cshsim/internal/jsonpos"
	"github.com/cshsim/cshsim/model"
)

// This file reads VPCs, their attributes (describe-vpc-attribute), subnets and DHCP option sets.

func readVPC(l *loader, e *elemCtx, v *rawVPC) {
	if v.VpcID == "" {
		l.missing(e, "VpcId")
		return
	}
	id := v.VpcID
	x := model.VPC{
		ID:                id,
		Account:           cmpOr(v.OwnerID, e.f.account),
		State:             model.ParseState(v.State),
		DHCPOptions:       v.DhcpOptionsID,
		IsDefault:         v.IsDefault,
		BlockPublicAccess: v.BlockPublicAccessStates.InternetGatewayBlockMode,
		Tags:              tags(v.Tags),
	}
	var at []string // JSON path of each CIDR
	for j, a := range v.CidrBlockAssociationSet {
		if !isAssociated(a.CidrBlockState.State) || a.CidrBlock == "" {
			continue
		}
		rel := fmt.Sprintf(".CidrBlockAssociationSet[%d].CidrBlock", j)
		if p, ok := l.prefix(e, rel, a.CidrBlock, model.FieldRef{ID: id, Field: "cidrs"}); ok && !slices.Contains(x.CIDRs, p) {
			x.CIDRs = append(x.CIDRs, p)
			at = append(at, rel)
		}
	}
	if v.CidrBlock != "" {
		if p, ok := l.prefix(e, ".CidrBlock", v.CidrBlock, model.FieldRef{ID: id, Field: "cidrs"}); ok {
			// The primary CIDR comes first; it is the fallback when the
			// association set is missing.
			switch i := slices.Index(x.CIDRs, p); {
			case i < 0 && len(v.CidrBlockAssociationSet) == 0, i < 0 && len(x.CIDRs) == 0:
				x.CIDRs = append([]netip.Prefix{p}, x.CIDRs...)
				at = append([]string{".CidrBlock"}, at...)
			case i > 0:
				x.CIDRs = append(append([]netip.Prefix{p}, x.CIDRs[:i]...), x.CIDRs[i+1:]...)
				at = append(append([]string{at[i]}, at[:i]...), at[i+1:]...)
			}
		}
	}
	for j, a := range v.Ipv6CidrBlockAssociationSet {
		if !isAssociated(a.Ipv6CidrBlockState.State) || a.Ipv6CidrBlock == "" {
			continue
		}
		if p, ok := l.prefix(e, fmt.Sprintf(".Ipv6CidrBlockAssociationSet[%d].Ipv6CidrBlock", j), a.Ipv6CidrBlock, model.FieldRef{ID: id, Field: "ipv6_cidrs"}); ok {
			x.IPv6CIDRs = append(x.IPv6CIDRs, p)
		}
	}
	refs := []srcRef{{"dhcp_options", e.at(".DhcpOptionsId")}}
	for k, rel := range at {
		refs = append(refs, srcRef{fmt.Sprintf("cidrs[%d]", k), e.at(rel)})
	}
	l.vpcs.put(l, id, entry[model.VPC]{v: x, pos: e.at(""), f: e.f, refs: refs}, nil)
}

func readSubnet(l *loader, e *elemCtx, v *rawSubnet) {
	if v.SubnetID == "" {
		l.missing(e, "SubnetId")
		return
	}
	id := v.SubnetID
	x := model.Subnet{
		ID:                id,
		VPC:               v.VpcID,
		Account:           cmpOr(v.OwnerID, e.f.account),
		AZ:                v.AvailabilityZone,
		AZID:              v.AvailabilityZoneID,
		State:             model.ParseState(v.State),
		BlockPublicAccess: v.BlockPublicAccessStates.InternetGatewayBlockMode,
		Tags:              tags(v.Tags),
	}
	e.f.hint(regionOfAZ(v.AvailabilityZone))
	e.f.hint(regionOfARN(v.SubnetArn))
	if v.CidrBlock != "" {
		x.CIDR, _ = l.prefix(e, ".CidrBlock", v.CidrBlock, model.FieldRef{ID: id, Field: "cidr"})
	}
	for j, a := range v.Ipv6CidrBlockAssociationSet {
		if !isAssociated(a.Ipv6CidrBlockState.State) || a.Ipv6CidrBlock == "" {
			continue
		}
		if p, ok := l.prefix(e, fmt.Sprintf(".Ipv6CidrBlockAssociationSet[%d].Ipv6CidrBlock", j), a.Ipv6CidrBlock, model.FieldRef{ID: id, Field: "ipv6_cidrs"}); ok {
			x.IPv6CIDRs = append(x.IPv6CIDRs, p)
		}
	}
	refs := []srcRef{{"vpc", e.at(".VpcId")}, {"cidr", e.at(".CidrBlock")}}
	en := entry[model.Subnet]{v: x, pos: e.at(""), f: e.f, refs: refs}
	i, added := l.subnets.put(l, id, en, sameSubnet)
	if !added && sameSubnet(&l.subnets.items[i].v, &x) && x.AZ != l.subnets.items[i].v.AZ {
		// A subnet shared through RAM appears in every participant's
		// describe-subnets with that account's name for the zone; keep the
		// owner's copy when the folder layout says which one it is.
		old := &l.subnets.items[i]
		if e.f.account != "" && e.f.account == x.Account && old.f.account != x.Account {
			old.v.AZ, old.pos, old.f, old.refs = x.AZ, en.pos, en.f, en.refs
		}
	}
}

// sameSubnet compares two descriptions of a subnet. Availability Zone names
// are per account, so when both carry the same zone id the names may differ
// (a subnet shared through RAM).
func sameSubnet(a, b *model.Subnet) bool {
	x, y := *a, *b
	if x.AZID != "" && x.AZID == y.AZID {
		x.AZ, y.AZ = "", ""
	}
	return deepEqual(x, y)
}

func readDHCP(l *loader, e *elemCtx, v *rawDHCP) {
	if v.DhcpOptionsID == "" {
		l.missing(e, "DhcpOptionsId")
		return
	}
	x := model.DHCPOptions{ID: v.DhcpOptionsID, Account: cmpOr(v.OwnerID, e.f.account)}
	for _, c := range v.DhcpConfigurations {
		for _, val := range c.Values {
			switch c.Key {
			case "domain-name-servers":
				x.DomainNameServers = append(x.DomainNameServers, val.Value)
			case "domain-name":
				if x.DomainName == "" {
					x.DomainName = val.Value
				}
			}
		}
	}
	l.dhcp.put(l, x.ID, entry[model.DHCPOptions]{v: x, pos: e.at(""), f: e.f}, nil)
}

// vpcAttr is one describe-vpc-attribute output.
type vpcAttr struct {
	vpc                   string
	dnsSupport, hostnames *bool
	pos                   model.Pos
}

func (l *loader) readVPCAttribute(f *fileCtx, top int) {
	e := &elemCtx{f: f, start: top}
	var v rawVPCAttribute
	if err := json.Unmarshal(f.data[top:jsonpos.SkipValue(f.data, top)], &v); err != nil {
		e.bad = true
		l.decodeError(e, jsonpos.SkipValue(f.data, top), err)
	}
	if v.VpcID == "" && e.bad {
		return
	}
	if v.VpcID == "" {
		l.add(model.Error, CodeMissingField, e.at(""), model.FieldRef{}, "describe-vpc-attribute output without a VpcId; ignored")
		return
	}
	a := vpcAttr{vpc: v.VpcID, pos: e.at("")}
	if v.EnableDNSSupport != nil {
		a.dnsSupport = v.EnableDNSSupport.Value
		a.pos = e.at(".EnableDnsSupport")
	}
	if v.EnableDNSHostnames != nil {
		a.hostnames = v.EnableDNSHostnames.Value
		a.pos = e.at(".EnableDnsHostnames")
	}
	l.vpcAttrs = append(l.vpcAttrs, a)
}
