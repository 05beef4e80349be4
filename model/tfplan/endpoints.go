package tfplan

import (
	"fmt"
	"strings"

	"github.com/cshsim/cshsim/model"
)

// This file converts VPC endpoints and their associations.

func (b *builder) endpoint(in *instance) {
	var v struct {
		VPC        string `json:"vpc_id"`
		Service    string `json:"service_name"`
		Type       string `json:"vpc_endpoint_type"`
		PrivateDNS *bool  `json:"private_dns_enabled"`
		DNSOptions []struct {
			InboundResolverOnly *bool `json:"private_dns_only_for_inbound_resolver_endpoint"`
		} `json:"dns_options"`
		Subnets     []string          `json:"subnet_ids"`
		SGs         []string          `json:"security_group_ids"`
		RouteTables []string          `json:"route_table_ids"`
		ENIs        []string          `json:"network_interface_ids"`
		Policy      string            `json:"policy"`
		OwnerID     string            `json:"owner_id"`
		State       string            `json:"state"`
		Tags        map[string]string `json:"tags"`
	}
	b.decode(in, &v)
	x := &model.Endpoint{ID: in.id, Account: v.OwnerID, Type: v.Type, Service: v.Service, Policy: v.Policy, State: model.ParseState(v.State), Tags: tagsOf(v.Tags)}
	if x.Type == "" {
		x.Type = "Gateway" // the AWS provider's default
	}
	if x.Service == "" && b.unknown(in, "service_name") {
		b.r.warnf(CodeUnknownValue, b.r.unknownPos(in, "service_name"), "known only after apply; the endpoint serves no service cshsim can name")
	}
	x.PrivateDNS = b.flag(in, v.PrivateDNS, false, "private_dns_enabled").Or(false)
	if len(v.DNSOptions) > 0 && v.DNSOptions[0].InboundResolverOnly != nil {
		x.PrivateDNSOnlyForInboundResolver = *v.DNSOptions[0].InboundResolverOnly
	}
	x.VPC = b.ref(in, v.VPC, wantVPC, "vpc_id").id
	x.Subnets, _ = b.refList(in, v.Subnets, wantSubnet, "subnet_ids")
	x.SecurityGroups, _ = b.refList(in, v.SGs, wantSG, "security_group_ids")
	x.RouteTables, _ = b.refList(in, v.RouteTables, wantRT, "route_table_ids")
	for _, e := range v.ENIs {
		if b.kindOf(e) == model.KindENI {
			x.ENIs = append(x.ENIs, e)
		}
	}
	if !b.put(in.id, model.KindEndpoint, x) {
		return
	}
	b.endpoints = append(b.endpoints, x)
	b.src(in.id, "", b.r.pos(in, ""))
	b.src(in.id, "vpc", b.r.pos(in, "vpc_id"))
	for i := range x.Subnets {
		b.src(in.id, fmt.Sprintf("subnets[%d]", i), b.r.pos(in, "subnet_ids"))
	}
	for i := range x.RouteTables {
		b.src(in.id, fmt.Sprintf("route_tables[%d]", i), b.r.pos(in, "route_table_ids"))
	}
	b.src(in.id, "security_groups", b.r.pos(in, "security_group_ids"))
	if strings.EqualFold(x.Type, "Interface") {
		b.later = append(b.later, func() {
			if len(x.SecurityGroups) == 0 {
				// AWS attaches the VPC's default group (CreateVpcEndpoint).
				if sg := b.defaultSG(x.VPC); sg != "" {
					x.SecurityGroups = []string{sg}
				}
			}
		})
	}
}

func (b *builder) endpointAssociation(in *instance) {
	var v struct {
		Endpoint   string `json:"vpc_endpoint_id"`
		Subnet     string `json:"subnet_id"`
		RouteTable string `json:"route_table_id"`
		SG         string `json:"security_group_id"`
	}
	b.decode(in, &v)
	ep := get[model.Endpoint](b, b.ref(in, v.Endpoint, wantEP, "vpc_endpoint_id").id)
	if ep == nil {
		return
	}
	switch in.typ {
	case "aws_vpc_endpoint_subnet_association":
		if id := b.ref(in, v.Subnet, wantSubnet, "subnet_id").id; id != "" {
			b.src(ep.ID, fmt.Sprintf("subnets[%d]", len(ep.Subnets)), b.r.pos(in, ""))
			ep.Subnets = append(ep.Subnets, id)
		}
	case "aws_vpc_endpoint_route_table_association":
		if id := b.ref(in, v.RouteTable, wantRT, "route_table_id").id; id != "" {
			b.src(ep.ID, fmt.Sprintf("route_tables[%d]", len(ep.RouteTables)), b.r.pos(in, ""))
			ep.RouteTables = append(ep.RouteTables, id)
		}
	case "aws_vpc_endpoint_security_group_association":
		if id := b.ref(in, v.SG, wantSG, "security_group_id").id; id != "" {
			b.src(ep.ID, fmt.Sprintf("security_groups[%d]", len(ep.SecurityGroups)), b.r.pos(in, ""))
			ep.SecurityGroups = append(ep.SecurityGroups, id)
		}
	}
}
