package tfplan

import (
	"fmt"

	"github.com/cshsim/cshsim/model"
)

// This file converts VPCs, their CIDR blocks, subnets and DHCP options.

func (b *builder) vpc(in *instance) {
	var v struct {
		CIDR         string            `json:"cidr_block"`
		IPv6         string            `json:"ipv6_cidr_block"`
		DNSSupport   *bool             `json:"enable_dns_support"`
		DNSHostnames *bool             `json:"enable_dns_hostnames"`
		OwnerID      string            `json:"owner_id"`
		DHCP         string            `json:"dhcp_options_id"`
		Tags         map[string]string `json:"tags"`
	}
	b.decode(in, &v)
	x := &model.VPC{ID: in.id, Account: v.OwnerID, Tags: tagsOf(v.Tags)}
	if p := b.prefix(in, v.CIDR, "cidr_block"); p.IsValid() {
		x.CIDRs = append(x.CIDRs, p)
	}
	if v.IPv6 != "" {
		if p := b.prefix(in, v.IPv6, "ipv6_cidr_block"); p.IsValid() {
			x.IPv6CIDRs = append(x.IPv6CIDRs, p)
		}
	}
	x.DNSSupport = b.flag(in, v.DNSSupport, true, "enable_dns_support")
	x.DNSHostnames = b.flag(in, v.DNSHostnames, false, "enable_dns_hostnames")
	if b.kindOf(v.DHCP) == model.KindDHCPOptions {
		x.DHCPOptions = v.DHCP
	}
	if !b.put(in.id, model.KindVPC, x) {
		return
	}
	b.vpcs = append(b.vpcs, x)
	b.src(in.id, "", b.r.pos(in, ""))
	b.src(in.id, "cidrs[0]", b.r.pos(in, "cidr_block"))
}

func (b *builder) subnet(in *instance) {
	var v struct {
		VPC       string            `json:"vpc_id"`
		CIDR      string            `json:"cidr_block"`
		IPv6      string            `json:"ipv6_cidr_block"`
		AZ        string            `json:"availability_zone"`
		AZID      string            `json:"availability_zone_id"`
		MapPublic *bool             `json:"map_public_ip_on_launch"`
		OwnerID   string            `json:"owner_id"`
		Tags      map[string]string `json:"tags"`
	}
	b.decode(in, &v)
	x := &model.Subnet{ID: in.id, Account: v.OwnerID, AZ: v.AZ, AZID: v.AZID, Tags: tagsOf(v.Tags)}
	x.VPC = b.ref(in, v.VPC, wantVPC, "vpc_id").id
	x.CIDR = b.prefix(in, v.CIDR, "cidr_block")
	if v.IPv6 != "" {
		if p := b.prefix(in, v.IPv6, "ipv6_cidr_block"); p.IsValid() {
			x.IPv6CIDRs = append(x.IPv6CIDRs, p)
		}
	}
	if v.MapPublic != nil && *v.MapPublic {
		b.mapPublic[in.id] = true
	}
	if !b.put(in.id, model.KindSubnet, x) {
		return
	}
	b.subnets = append(b.subnets, x)
	b.src(in.id, "", b.r.pos(in, ""))
	b.src(in.id, "vpc", b.r.pos(in, "vpc_id"))
	b.src(in.id, "cidr", b.r.pos(in, "cidr_block"))
}

func (b *builder) cidrAssociation(in *instance) {
	var v struct {
		VPC  string `json:"vpc_id"`
		CIDR string `json:"cidr_block"`
	}
	b.decode(in, &v)
	vpc := get[model.VPC](b, b.ref(in, v.VPC, wantVPC, "vpc_id").id)
	p := b.prefix(in, v.CIDR, "cidr_block")
	if vpc != nil && p.IsValid() {
		b.src(vpc.ID, fmt.Sprintf("cidrs[%d]", len(vpc.CIDRs)), b.r.pos(in, "cidr_block"))
		vpc.CIDRs = append(vpc.CIDRs, p)
	}
}

func (b *builder) dhcpOptions(in *instance) {
	var v struct {
		DomainName string   `json:"domain_name"`
		Servers    []string `json:"domain_name_servers"`
		OwnerID    string   `json:"owner_id"`
	}
	b.decode(in, &v)
	x := &model.DHCPOptions{ID: in.id, Account: v.OwnerID, DomainName: v.DomainName, DomainNameServers: v.Servers}
	if b.put(in.id, model.KindDHCPOptions, x) {
		b.dhcp = append(b.dhcp, x)
		b.src(in.id, "", b.r.pos(in, ""))
	}
}

func (b *builder) dhcpAssociation(in *instance) {
	var v struct {
		VPC  string `json:"vpc_id"`
		DHCP string `json:"dhcp_options_id"`
	}
	b.decode(in, &v)
	vpc := get[model.VPC](b, b.ref(in, v.VPC, wantVPC, "vpc_id").id)
	d := b.ref(in, v.DHCP, wantDHCP, "dhcp_options_id").id
	if vpc != nil && d != "" {
		vpc.DHCPOptions = d
		b.src(vpc.ID, "dhcp_options", b.r.pos(in, ""))
	}
}
