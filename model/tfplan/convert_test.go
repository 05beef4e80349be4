package tfplan

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cshsim/cshsim/model"
)

// allRule is the all-traffic rule with peer p.
func allRule(p string) model.SGRule {
	return model.SGRule{Protocol: model.ProtoAll, Ports: model.AllPorts, ICMP: model.AnyICMP, CIDR: pfx(p)}
}

// TestResourceTypes converts one small plan per resource type and checks
// what the snapshot holds. Every plan must also pass model.Validate.
func TestResourceTypes(t *testing.T) {
	tests := []struct {
		name  string
		plan  tplan
		check func(t *testing.T, s *model.Snapshot, d model.Diagnostics)
		// external: the plan names objects it does not create, which
		// Validate reports as dangling references.
		external bool
	}{
		{"vpc defaults", tplan{res: []tr{
			{addr: "aws_vpc.a", values: `{"cidr_block": "10.0.0.0/16", "tags": {"Name": "a"}}`, unknown: `{"id": true, "enable_dns_hostnames": true}`},
			{addr: "aws_vpc.b", values: `{"cidr_block": "10.1.0.0/16", "enable_dns_support": false}`, unknown: `{"id": true, "enable_dns_hostnames": true}`,
				exprs: `{"enable_dns_hostnames": {"references": ["var.x"]}}`},
			{addr: "aws_vpc_ipv4_cidr_block_association.b", values: `{"cidr_block": "10.2.0.0/16"}`, unknown: `{"id": true, "vpc_id": true}`,
				exprs: `{"vpc_id": {"references": ["aws_vpc.b.id", "aws_vpc.b"]}}`},
		}, vars: `{"x": {"value": true}}`}, func(t *testing.T, s *model.Snapshot, d model.Diagnostics) {
			want := []model.VPC{
				{ID: "aws_vpc.a", CIDRs: []netipPrefix{pfx("10.0.0.0/16")}, DNSSupport: model.True, DNSHostnames: model.False, Tags: []model.Tag{{Key: "Name", Value: "a"}}},
				{ID: "aws_vpc.b", CIDRs: []netipPrefix{pfx("10.1.0.0/16"), pfx("10.2.0.0/16")}, DNSSupport: model.False, DNSHostnames: model.Unset},
			}
			if diff := cmp.Diff(want, s.VPCs, opts); diff != "" {
				t.Errorf("VPCs (-want +got):\n%s", diff)
			}
			if got := codes(d); !cmp.Equal(got, []string{CodeUnknownValue}) {
				t.Errorf("codes = %q, want one unknown-value (enable_dns_hostnames)", got)
			}
		}, false},
		{"subnet", tplan{res: []tr{vpcRes,
			{addr: "aws_subnet.a", values: `{"cidr_block": "10.0.1.0/24", "availability_zone": "eu-west-1a", "map_public_ip_on_launch": true, "ipv6_cidr_block": null}`,
				unknown: `{"id": true, "vpc_id": true, "availability_zone_id": true}`, exprs: `{"vpc_id": ` + vpcRef + `}`},
		}}, func(t *testing.T, s *model.Snapshot, d model.Diagnostics) {
			want := model.Subnet{ID: "aws_subnet.a", VPC: "aws_vpc.main", CIDR: pfx("10.0.1.0/24"), AZ: "eu-west-1a"}
			if diff := cmp.Diff(want, subnetOf(t, s, "aws_subnet.a"), opts); diff != "" {
				t.Errorf("subnet (-want +got):\n%s", diff)
			}
		}, false},
		{"route table inline routes and targets", tplan{res: []tr{vpcRes,
			{addr: "aws_internet_gateway.gw", unknown: `{"id": true, "vpc_id": true}`, exprs: `{"vpc_id": ` + vpcRef + `}`},
			{addr: "aws_route_table.rt", values: `{"route": [
				{"cidr_block": "0.0.0.0/0", "gateway_id": "", "nat_gateway_id": ""},
				{"cidr_block": "10.9.0.0/16", "vpc_peering_connection_id": "pcx-0abc", "gateway_id": ""},
				{"cidr_block": "10.8.0.0/16", "transit_gateway_id": "tgw-0abc"},
				{"ipv6_cidr_block": "::/0", "egress_only_gateway_id": "eigw-0abc"},
				{"cidr_block": "10.7.0.0/16", "network_interface_id": "eni-0abc"},
				{"cidr_block": "10.6.0.0/16", "vpc_endpoint_id": "vpce-0abc"},
				{"cidr_block": "10.5.0.0/16", "gateway_id": "vgw-0abc"},
				{"cidr_block": "10.0.0.0/16", "gateway_id": "local"},
				{"destination_prefix_list_id": "pl-0abc", "nat_gateway_id": "nat-0abc"}]}`,
				unknown: `{"id": true, "vpc_id": true, "route": [{"gateway_id": true}, {}, {}, {}, {}, {}, {}, {}, {}]}`,
				exprs:   `{"vpc_id": ` + vpcRef + `, "route": {"references": ["aws_internet_gateway.gw.id", "aws_internet_gateway.gw"]}}`},
		}}, func(t *testing.T, s *model.Snapshot, d model.Diagnostics) {
			want := []model.Route{
				{Destination: pfx("0.0.0.0/0"), Target: model.Ref{Kind: model.KindInternetGateway, ID: "aws_internet_gateway.gw"}, Origin: "CreateRoute"},
				{Destination: pfx("10.9.0.0/16"), Target: model.Ref{Kind: model.KindPeering, ID: "pcx-0abc"}, Origin: "CreateRoute"},
				{Destination: pfx("10.8.0.0/16"), Target: model.Ref{Kind: model.KindTransitGateway, ID: "tgw-0abc"}, Origin: "CreateRoute"},
				{Destination: pfx("::/0"), Target: model.Ref{Kind: model.KindEgressOnlyIGW, ID: "eigw-0abc"}, Origin: "CreateRoute"},
				{Destination: pfx("10.7.0.0/16"), Target: model.Ref{Kind: model.KindENI, ID: "eni-0abc"}, Origin: "CreateRoute"},
				{Destination: pfx("10.6.0.0/16"), Target: model.Ref{Kind: model.KindEndpoint, ID: "vpce-0abc"}, Origin: "CreateRoute"},
				{Destination: pfx("10.5.0.0/16"), Target: model.Ref{Kind: model.KindVPNGateway, ID: "vgw-0abc"}, Origin: "CreateRoute"},
				{Destination: pfx("10.0.0.0/16"), Target: model.Ref{Kind: model.KindLocal}, Origin: "CreateRoute"},
				{PrefixList: "pl-0abc", Target: model.Ref{Kind: model.KindNATGateway, ID: "nat-0abc"}, Origin: "CreateRoute"},
			}
			if diff := cmp.Diff(want, rtOf(t, s, "aws_route_table.rt").Routes, opts); diff != "" {
				t.Errorf("routes (-want +got):\n%s", diff)
			}
			// The ids the plan does not create are kept, with one warning each.
			if n := len(only(d, CodeExternalRef)); n != 8 {
				t.Errorf("%d external-reference warnings, want 8: %v", n, d)
			}
		}, true},
		{"aws_route, associations, main table", tplan{res: []tr{vpcRes, subnetRes("aws_subnet.a", "10.0.1.0/24"),
			{addr: "aws_nat_gateway.n", values: `{"connectivity_type": "private"}`, unknown: `{"id": true, "subnet_id": true}`,
				exprs: `{"subnet_id": {"references": ["aws_subnet.a.id", "aws_subnet.a"]}}`},
			{addr: "aws_internet_gateway.gw", unknown: `{"id": true, "vpc_id": true}`, exprs: `{"vpc_id": ` + vpcRef + `}`},
			{addr: "aws_route_table.rt", unknown: `{"id": true, "vpc_id": true, "route": true}`, exprs: `{"vpc_id": ` + vpcRef + `}`},
			{addr: "aws_route_table.edge", unknown: `{"id": true, "vpc_id": true, "route": true}`, exprs: `{"vpc_id": ` + vpcRef + `}`},
			{addr: "aws_route.r", values: `{"destination_cidr_block": "0.0.0.0/0", "gateway_id": null}`,
				unknown: `{"id": true, "route_table_id": true, "nat_gateway_id": true, "network_interface_id": true, "instance_id": true}`,
				exprs:   `{"route_table_id": {"references": ["aws_route_table.rt.id", "aws_route_table.rt"]}, "nat_gateway_id": {"references": ["aws_nat_gateway.n.id", "aws_nat_gateway.n"]}}`},
			{addr: "aws_route_table_association.a", unknown: `{"id": true, "route_table_id": true, "subnet_id": true}`,
				exprs: `{"route_table_id": {"references": ["aws_route_table.rt.id", "aws_route_table.rt"]}, "subnet_id": {"references": ["aws_subnet.a.id", "aws_subnet.a"]}}`},
			{addr: "aws_route_table_association.edge", unknown: `{"id": true, "route_table_id": true, "gateway_id": true}`,
				exprs: `{"route_table_id": {"references": ["aws_route_table.edge.id", "aws_route_table.edge"]}, "gateway_id": {"references": ["aws_internet_gateway.gw.id", "aws_internet_gateway.gw"]}}`},
			{addr: "aws_main_route_table_association.m", unknown: `{"id": true, "route_table_id": true, "vpc_id": true}`,
				exprs: `{"route_table_id": {"references": ["aws_route_table.rt.id", "aws_route_table.rt"]}, "vpc_id": ` + vpcRef + `}`},
		}}, func(t *testing.T, s *model.Snapshot, d model.Diagnostics) {
			rt := rtOf(t, s, "aws_route_table.rt")
			want := model.RouteTable{ID: "aws_route_table.rt", VPC: "aws_vpc.main", Main: true, Routes: []model.Route{
				{Destination: pfx("0.0.0.0/0"), Target: model.Ref{Kind: model.KindNATGateway, ID: "aws_nat_gateway.n"}, Origin: "CreateRoute"}}}
			if diff := cmp.Diff(want, rt, opts); diff != "" {
				t.Errorf("route table (-want +got):\n%s", diff)
			}
			if got := subnetOf(t, s, "aws_subnet.a").RouteTable; got != "aws_route_table.rt" {
				t.Errorf("subnet route table = %q", got)
			}
			if got := rtOf(t, s, "aws_route_table.edge").Gateways; !cmp.Equal(got, []string{"aws_internet_gateway.gw"}) {
				t.Errorf("edge gateways = %q", got)
			}
			if n := s.NATGateways[0]; n.Connectivity != "private" || n.State != "available" || n.VPC != "" {
				t.Errorf("NAT gateway = %+v", n)
			}
		}, false},
		{"default route table, default network ACL, default group", tplan{res: []tr{vpcRes, subnetRes("aws_subnet.a", "10.0.1.0/24"),
			{addr: "aws_default_route_table.d", values: `{"route": [{"cidr_block": "10.50.0.0/16", "transit_gateway_id": "tgw-0abc"}]}`,
				unknown: `{"id": true, "default_route_table_id": true, "vpc_id": true}`,
				exprs:   `{"default_route_table_id": {"references": ["aws_vpc.main.default_route_table_id", "aws_vpc.main"]}}`},
			{addr: "aws_default_network_acl.d", values: `{"ingress": [{"rule_no": 100, "action": "allow", "protocol": "-1", "cidr_block": "10.0.0.0/16", "from_port": 0, "to_port": 0}]}`,
				unknown: `{"id": true, "default_network_acl_id": true, "subnet_ids": true}`,
				exprs:   `{"default_network_acl_id": {"references": ["aws_vpc.main.default_network_acl_id", "aws_vpc.main"]}, "subnet_ids": {"references": ["aws_subnet.a.id", "aws_subnet.a"]}}`},
			{addr: "aws_default_security_group.d", values: `{"egress": []}`, unknown: `{"id": true, "vpc_id": true}`,
				exprs: `{"vpc_id": ` + vpcRef + `}`},
			{addr: "aws_route.to_main", values: `{"destination_cidr_block": "10.60.0.0/16", "transit_gateway_id": "tgw-0abc"}`,
				unknown: `{"id": true, "route_table_id": true}`,
				exprs:   `{"route_table_id": {"references": ["aws_vpc.main.main_route_table_id", "aws_vpc.main"]}}`},
			{addr: "aws_network_interface.e", values: `{"private_ips": ["10.0.1.10"]}`, unknown: `{"id": true, "subnet_id": true, "security_groups": true}`,
				exprs: `{"subnet_id": {"references": ["aws_subnet.a.id", "aws_subnet.a"]}, "security_groups": {"references": ["aws_vpc.main.default_security_group_id", "aws_vpc.main"]}}`},
		}}, func(t *testing.T, s *model.Snapshot, d model.Diagnostics) {
			rt := rtOf(t, s, "aws_default_route_table.d")
			if !rt.Main || rt.VPC != "aws_vpc.main" || len(rt.Routes) != 2 {
				t.Errorf("default route table = %+v; want main, in aws_vpc.main, its route and aws_route.to_main's", rt)
			}
			acl := aclOf(t, s, "aws_default_network_acl.d")
			if !acl.Default || acl.VPC != "aws_vpc.main" || len(acl.Entries) != 1 {
				t.Errorf("default ACL = %+v", acl)
			}
			if got := subnetOf(t, s, "aws_subnet.a").NetworkACL; got != "aws_default_network_acl.d" {
				t.Errorf("subnet ACL = %q", got)
			}
			sg := sgOf(t, s, "aws_default_security_group.d")
			if sg.Name != "default" || sg.VPC != "aws_vpc.main" || len(sg.Egress) != 0 {
				t.Errorf("default group = %+v", sg)
			}
			if got := eniOf(t, s, "aws_network_interface.e").SecurityGroups; !cmp.Equal(got, []string{"aws_default_security_group.d"}) {
				t.Errorf("interface groups = %q, want the adopted default group", got)
			}
			if len(s.RouteTables) != 1 || len(s.SecurityGroups) != 1 || len(s.NetworkACLs) != 1 {
				t.Errorf("implicit objects created although adopted: %d tables, %d groups, %d ACLs", len(s.RouteTables), len(s.SecurityGroups), len(s.NetworkACLs))
			}
		}, true},
		{"implicit default group with AWS's rules", tplan{res: []tr{vpcRes, subnetRes("aws_subnet.a", "10.0.1.0/24"),
			{addr: "aws_network_interface.e", values: `{"private_ips": ["10.0.1.10"]}`, unknown: `{"id": true, "subnet_id": true, "security_groups": true}`,
				exprs: `{"subnet_id": {"references": ["aws_subnet.a.id", "aws_subnet.a"]}}`},
		}}, func(t *testing.T, s *model.Snapshot, d model.Diagnostics) {
			id := "aws_vpc.main.default_security_group_id"
			want := model.SecurityGroup{ID: id, Name: "default", VPC: "aws_vpc.main",
				Ingress: []model.SGRule{{Protocol: model.ProtoAll, Ports: model.AllPorts, ICMP: model.AnyICMP, Group: id}},
				Egress:  []model.SGRule{allRule("0.0.0.0/0")}}
			if diff := cmp.Diff(want, sgOf(t, s, id), opts); diff != "" {
				t.Errorf("default group (-want +got):\n%s", diff)
			}
			if got := eniOf(t, s, "aws_network_interface.e").SecurityGroups; !cmp.Equal(got, []string{id}) {
				t.Errorf("interface groups = %q", got)
			}
		}, false},
		{"internet gateway attachment, egress-only, vpn gateway", tplan{res: []tr{vpcRes,
			{addr: "aws_internet_gateway.gw", unknown: `{"id": true}`},
			{addr: "aws_internet_gateway_attachment.a", unknown: `{"id": true, "internet_gateway_id": true, "vpc_id": true}`,
				exprs: `{"internet_gateway_id": {"references": ["aws_internet_gateway.gw.id", "aws_internet_gateway.gw"]}, "vpc_id": ` + vpcRef + `}`},
			{addr: "aws_egress_only_internet_gateway.e", unknown: `{"id": true, "vpc_id": true}`, exprs: `{"vpc_id": ` + vpcRef + `}`},
			{addr: "aws_vpn_gateway.v", unknown: `{"id": true}`},
			{addr: "aws_vpn_gateway_attachment.v", unknown: `{"id": true, "vpc_id": true, "vpn_gateway_id": true}`,
				exprs: `{"vpn_gateway_id": {"references": ["aws_vpn_gateway.v.id", "aws_vpn_gateway.v"]}, "vpc_id": ` + vpcRef + `}`},
		}}, func(t *testing.T, s *model.Snapshot, d model.Diagnostics) {
			want := []model.InternetGateway{{ID: "aws_internet_gateway.gw", VPC: "aws_vpc.main"}}
			if diff := cmp.Diff(want, s.InternetGateways, opts); diff != "" {
				t.Errorf("IGWs (-want +got):\n%s", diff)
			}
			if got := s.EgressOnlyIGWs; len(got) != 1 || got[0].VPC != "aws_vpc.main" {
				t.Errorf("egress-only IGWs = %+v", got)
			}
			if got := s.VPNGateways; len(got) != 1 || !cmp.Equal(got[0].VPCs, []string{"aws_vpc.main"}) {
				t.Errorf("VPN gateways = %+v", got)
			}
		}, false},
		{"NAT gateway with a known Elastic IP", tplan{res: []tr{vpcRes, subnetRes("aws_subnet.a", "10.0.1.0/24"),
			{addr: "aws_eip.n", values: `{"public_ip": "54.250.10.20", "id": "eipalloc-0abc", "domain": "vpc"}`},
			{addr: "aws_nat_gateway.n", unknown: `{"id": true, "subnet_id": true, "allocation_id": true}`,
				exprs: `{"subnet_id": {"references": ["aws_subnet.a.id", "aws_subnet.a"]}, "allocation_id": {"references": ["aws_eip.n.id", "aws_eip.n"]}}`},
		}}, func(t *testing.T, s *model.Snapshot, d model.Diagnostics) {
			want := []model.NATGateway{{ID: "aws_nat_gateway.n", Subnet: "aws_subnet.a", Connectivity: "public", State: "available", PublicIP: ip("54.250.10.20")}}
			if diff := cmp.Diff(want, s.NATGateways, opts); diff != "" {
				t.Errorf("NAT gateways (-want +got):\n%s", diff)
			}
			if got := s.ElasticIPs; len(got) != 1 || got[0].AllocationID != "eipalloc-0abc" {
				t.Errorf("Elastic IPs = %+v", got)
			}
		}, false},
		{"endpoints and their associations", tplan{region: "eu-west-1", res: []tr{vpcRes, subnetRes("aws_subnet.a", "10.0.1.0/24"),
			{addr: "aws_route_table.rt", unknown: `{"id": true, "vpc_id": true, "route": true}`, exprs: `{"vpc_id": ` + vpcRef + `}`},
			{addr: "aws_security_group.ep", values: `{"name": "ep", "ingress": [], "egress": []}`, unknown: `{"id": true, "vpc_id": true}`, exprs: `{"vpc_id": ` + vpcRef + `}`},
			{addr: "aws_vpc_endpoint.s3", values: `{"service_name": "com.amazonaws.eu-west-1.s3"}`,
				unknown: `{"id": true, "vpc_id": true, "route_table_ids": true, "policy": true, "vpc_endpoint_type": true}`,
				exprs:   `{"vpc_id": ` + vpcRef + `}`},
			{addr: "aws_vpc_endpoint.logs", values: `{"service_name": "com.amazonaws.eu-west-1.logs", "vpc_endpoint_type": "Interface", "private_dns_enabled": true,
				"dns_options": [{"dns_record_ip_type": "ipv4", "private_dns_only_for_inbound_resolver_endpoint": false}]}`,
				unknown: `{"id": true, "vpc_id": true, "subnet_ids": true, "security_group_ids": true}`,
				exprs:   `{"vpc_id": ` + vpcRef + `}`},
			{addr: "aws_vpc_endpoint.s3_inbound", values: `{"service_name": "com.amazonaws.eu-west-1.s3", "vpc_endpoint_type": "Interface", "private_dns_enabled": true,
				"dns_options": [{"dns_record_ip_type": "ipv4", "private_dns_only_for_inbound_resolver_endpoint": true}]}`,
				unknown: `{"id": true, "vpc_id": true, "subnet_ids": true, "security_group_ids": true}`,
				exprs:   `{"vpc_id": ` + vpcRef + `, "subnet_ids": {"references": ["aws_subnet.a.id", "aws_subnet.a"]}}`},
			{addr: "aws_vpc_endpoint.kms", values: `{"service_name": "com.amazonaws.eu-west-1.kms", "vpc_endpoint_type": "Interface"}`,
				unknown: `{"id": true, "vpc_id": true, "subnet_ids": true, "security_group_ids": true}`,
				exprs:   `{"vpc_id": ` + vpcRef + `, "subnet_ids": {"references": ["aws_subnet.a.id", "aws_subnet.a"]}}`},
			{addr: "aws_vpc_endpoint_route_table_association.s3", unknown: `{"id": true, "route_table_id": true, "vpc_endpoint_id": true}`,
				exprs: `{"route_table_id": {"references": ["aws_route_table.rt.id", "aws_route_table.rt"]}, "vpc_endpoint_id": {"references": ["aws_vpc_endpoint.s3.id", "aws_vpc_endpoint.s3"]}}`},
			{addr: "aws_vpc_endpoint_subnet_association.logs", unknown: `{"id": true, "subnet_id": true, "vpc_endpoint_id": true}`,
				exprs: `{"subnet_id": {"references": ["aws_subnet.a.id", "aws_subnet.a"]}, "vpc_endpoint_id": {"references": ["aws_vpc_endpoint.logs.id", "aws_vpc_endpoint.logs"]}}`},
			{addr: "aws_vpc_endpoint_security_group_association.logs", unknown: `{"id": true, "security_group_id": true, "vpc_endpoint_id": true}`,
				exprs: `{"security_group_id": {"references": ["aws_security_group.ep.id", "aws_security_group.ep"]}, "vpc_endpoint_id": {"references": ["aws_vpc_endpoint.logs.id", "aws_vpc_endpoint.logs"]}}`},
		}}, func(t *testing.T, s *model.Snapshot, d model.Diagnostics) {
			want := []model.Endpoint{
				{ID: "aws_vpc_endpoint.s3", VPC: "aws_vpc.main", Type: "Gateway", Service: "com.amazonaws.eu-west-1.s3", RouteTables: []string{"aws_route_table.rt"}},
				{ID: "aws_vpc_endpoint.logs", VPC: "aws_vpc.main", Type: "Interface", Service: "com.amazonaws.eu-west-1.logs", PrivateDNS: true,
					Subnets: []string{"aws_subnet.a"}, SecurityGroups: []string{"aws_security_group.ep"}},
				// dns_options: private names for queries through a Resolver inbound endpoint only.
				{ID: "aws_vpc_endpoint.s3_inbound", VPC: "aws_vpc.main", Type: "Interface", Service: "com.amazonaws.eu-west-1.s3", PrivateDNS: true,
					PrivateDNSOnlyForInboundResolver: true, Subnets: []string{"aws_subnet.a"}, SecurityGroups: []string{"aws_vpc.main.default_security_group_id"}},
				{ID: "aws_vpc_endpoint.kms", VPC: "aws_vpc.main", Type: "Interface", Service: "com.amazonaws.eu-west-1.kms",
					Subnets: []string{"aws_subnet.a"}, SecurityGroups: []string{"aws_vpc.main.default_security_group_id"}},
			}
			if diff := cmp.Diff(want, s.Endpoints, opts); diff != "" {
				t.Errorf("endpoints (-want +got):\n%s", diff)
			}
			if s.Region != "eu-west-1" {
				t.Errorf("Region = %q", s.Region)
			}
		}, false},
		{"security group inline rules", tplan{res: []tr{vpcRes,
			{addr: "aws_security_group.peer", values: `{"name": "peer"}`, unknown: `{"id": true, "vpc_id": true, "ingress": true, "egress": true}`, exprs: `{"vpc_id": ` + vpcRef + `}`},
			{addr: "aws_security_group.a", values: `{"name": "a", "description": "A",
				"ingress": [
					{"protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_blocks": ["10.0.0.0/16", "192.168.0.0/16"], "ipv6_cidr_blocks": ["2001:db8::/32"], "prefix_list_ids": [], "security_groups": [], "self": false, "description": "https"},
					{"protocol": "icmp", "from_port": 8, "to_port": 0, "cidr_blocks": ["10.0.0.0/16"], "ipv6_cidr_blocks": [], "prefix_list_ids": [], "security_groups": [], "self": true, "description": ""},
					{"protocol": "6", "from_port": 5432, "to_port": 5432, "cidr_blocks": [], "ipv6_cidr_blocks": [], "prefix_list_ids": ["pl-0abc"], "security_groups": [null], "self": false, "description": ""}],
				"egress": [
					{"protocol": "-1", "from_port": 0, "to_port": 0, "cidr_blocks": ["0.0.0.0/0"], "ipv6_cidr_blocks": [], "prefix_list_ids": [], "security_groups": [], "self": false, "description": ""},
					{"protocol": "47", "from_port": 0, "to_port": 0, "cidr_blocks": ["10.0.0.0/8"], "ipv6_cidr_blocks": [], "prefix_list_ids": [], "security_groups": [], "self": false, "description": ""}]}`,
				unknown: `{"id": true, "vpc_id": true, "ingress": [{"cidr_blocks": [false, false]}, {}, {"security_groups": [true]}], "egress": [{}, {}]}`,
				exprs:   `{"vpc_id": ` + vpcRef + `, "ingress": {"references": ["aws_security_group.peer.id", "aws_security_group.peer"]}}`},
		}}, func(t *testing.T, s *model.Snapshot, d model.Diagnostics) {
			a := "aws_security_group.a"
			want := model.SecurityGroup{ID: a, Name: "a", VPC: "aws_vpc.main",
				Ingress: []model.SGRule{
					{Protocol: model.ProtoTCP, Ports: model.Port(443), ICMP: model.AnyICMP, CIDR: pfx("10.0.0.0/16"), Description: "https"},
					{Protocol: model.ProtoTCP, Ports: model.Port(443), ICMP: model.AnyICMP, CIDR: pfx("192.168.0.0/16"), Description: "https"},
					{Protocol: model.ProtoTCP, Ports: model.Port(443), ICMP: model.AnyICMP, CIDR: pfx("2001:db8::/32"), Description: "https"},
					{Protocol: model.ProtoICMP, Ports: model.AllPorts, ICMP: model.ICMPMatch{Type: 8, Code: 0}, CIDR: pfx("10.0.0.0/16")},
					{Protocol: model.ProtoICMP, Ports: model.AllPorts, ICMP: model.ICMPMatch{Type: 8, Code: 0}, Group: a},
					{Protocol: model.ProtoTCP, Ports: model.Port(5432), ICMP: model.AnyICMP, PrefixList: "pl-0abc"},
					{Protocol: model.ProtoTCP, Ports: model.Port(5432), ICMP: model.AnyICMP, Group: "aws_security_group.peer"},
				},
				Egress: []model.SGRule{allRule("0.0.0.0/0"), {Protocol: 47, Ports: model.AllPorts, ICMP: model.AnyICMP, CIDR: pfx("10.0.0.0/8")}},
			}
			if diff := cmp.Diff(want, sgOf(t, s, a), opts); diff != "" {
				t.Errorf("group (-want +got):\n%s", diff)
			}
			// No inline rules configured: none, not AWS's default egress rule.
			if got := sgOf(t, s, "aws_security_group.peer"); len(got.Ingress)+len(got.Egress) != 0 {
				t.Errorf("peer has rules %+v; Terraform removes the default egress rule", got)
			}
		}, true},
		{"separate rule resources", tplan{res: []tr{vpcRes,
			{addr: "aws_security_group.a", values: `{"name": "a"}`, unknown: `{"id": true, "vpc_id": true, "ingress": true, "egress": true}`, exprs: `{"vpc_id": ` + vpcRef + `}`},
			{addr: "aws_security_group.b", values: `{"name": "b"}`, unknown: `{"id": true, "vpc_id": true, "ingress": true, "egress": true}`, exprs: `{"vpc_id": ` + vpcRef + `}`},
			{addr: "aws_security_group_rule.from_b", values: `{"type": "ingress", "protocol": "tcp", "from_port": 22, "to_port": 22, "self": false}`,
				unknown: `{"id": true, "security_group_id": true, "source_security_group_id": true}`,
				exprs:   `{"security_group_id": {"references": ["aws_security_group.a.id", "aws_security_group.a"]}, "source_security_group_id": {"references": ["aws_security_group.b.id", "aws_security_group.b"]}}`},
			{addr: "aws_security_group_rule.self", values: `{"type": "ingress", "protocol": "-1", "from_port": 0, "to_port": 0, "self": true}`,
				unknown: `{"id": true, "security_group_id": true}`,
				exprs:   `{"security_group_id": {"references": ["aws_security_group.a.id", "aws_security_group.a"]}}`},
			{addr: "aws_security_group_rule.out", values: `{"type": "egress", "protocol": "udp", "from_port": 53, "to_port": 53, "cidr_blocks": ["10.0.0.2/32"]}`,
				unknown: `{"id": true, "security_group_id": true}`,
				exprs:   `{"security_group_id": {"references": ["aws_security_group.a.id", "aws_security_group.a"]}}`},
			{addr: "aws_vpc_security_group_ingress_rule.https", values: `{"ip_protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_ipv4": "0.0.0.0/0"}`,
				unknown: `{"id": true, "security_group_id": true}`,
				exprs:   `{"security_group_id": {"references": ["aws_security_group.b.id", "aws_security_group.b"]}}`},
			{addr: "aws_vpc_security_group_egress_rule.all", values: `{"ip_protocol": "-1", "from_port": null, "to_port": null}`,
				unknown: `{"id": true, "security_group_id": true, "referenced_security_group_id": true}`,
				exprs:   `{"security_group_id": {"references": ["aws_security_group.b.id", "aws_security_group.b"]}, "referenced_security_group_id": {"references": ["aws_security_group.a.id", "aws_security_group.a"]}}`},
		}}, func(t *testing.T, s *model.Snapshot, d model.Diagnostics) {
			a, b := sgOf(t, s, "aws_security_group.a"), sgOf(t, s, "aws_security_group.b")
			wantA := model.SecurityGroup{ID: a.ID, Name: "a", VPC: "aws_vpc.main",
				Ingress: []model.SGRule{
					{Protocol: model.ProtoTCP, Ports: model.Port(22), ICMP: model.AnyICMP, Group: "aws_security_group.b"},
					{Protocol: model.ProtoAll, Ports: model.AllPorts, ICMP: model.AnyICMP, Group: "aws_security_group.a"}},
				Egress: []model.SGRule{{Protocol: model.ProtoUDP, Ports: model.Port(53), ICMP: model.AnyICMP, CIDR: pfx("10.0.0.2/32")}}}
			wantB := model.SecurityGroup{ID: b.ID, Name: "b", VPC: "aws_vpc.main",
				Ingress: []model.SGRule{{Protocol: model.ProtoTCP, Ports: model.Port(443), ICMP: model.AnyICMP, CIDR: pfx("0.0.0.0/0")}},
				Egress:  []model.SGRule{{Protocol: model.ProtoAll, Ports: model.AllPorts, ICMP: model.AnyICMP, Group: "aws_security_group.a"}}}
			if diff := cmp.Diff([]model.SecurityGroup{wantA, wantB}, []model.SecurityGroup{a, b}, opts); diff != "" {
				t.Errorf("groups (-want +got):\n%s", diff)
			}
			// The rule resource is where explain points.
			if p := s.Sources.Lookup(model.FieldRef{ID: "aws_security_group.a", Field: "ingress[0]"}); p.Path != "aws_security_group_rule.from_b" || p.Line == 0 {
				t.Errorf("ingress[0] is at %v, want aws_security_group_rule.from_b with a line", p)
			}
		}, false},
		{"network ACLs", tplan{res: []tr{vpcRes, subnetRes("aws_subnet.a", "10.0.1.0/24"), subnetRes("aws_subnet.b", "10.0.2.0/24"),
			{addr: "aws_network_acl.n", values: `{
				"ingress": [{"rule_no": 100, "action": "allow", "protocol": "tcp", "cidr_block": "0.0.0.0/0", "from_port": 1024, "to_port": 65535, "icmp_type": 0, "icmp_code": 0, "ipv6_cidr_block": ""}],
				"egress": [{"rule_no": 200, "action": "deny", "protocol": "icmp", "cidr_block": "10.0.0.0/8", "from_port": 0, "to_port": 0, "icmp_type": 3, "icmp_code": 4, "ipv6_cidr_block": ""}]}`,
				unknown: `{"id": true, "vpc_id": true, "subnet_ids": true}`,
				exprs:   `{"vpc_id": ` + vpcRef + `, "subnet_ids": {"references": ["aws_subnet.a.id", "aws_subnet.a"]}}`},
			{addr: "aws_network_acl_rule.r", values: `{"rule_number": 110, "egress": true, "protocol": "-1", "rule_action": "allow", "cidr_block": "0.0.0.0/0", "from_port": null, "to_port": null}`,
				unknown: `{"id": true, "network_acl_id": true}`,
				exprs:   `{"network_acl_id": {"references": ["aws_network_acl.n.id", "aws_network_acl.n"]}}`},
			{addr: "aws_network_acl_association.b", unknown: `{"id": true, "network_acl_id": true, "subnet_id": true}`,
				exprs: `{"network_acl_id": {"references": ["aws_network_acl.n.id", "aws_network_acl.n"]}, "subnet_id": {"references": ["aws_subnet.b.id", "aws_subnet.b"]}}`},
		}}, func(t *testing.T, s *model.Snapshot, d model.Diagnostics) {
			want := model.NetworkACL{ID: "aws_network_acl.n", VPC: "aws_vpc.main", Entries: []model.ACLEntry{
				{RuleNumber: 100, Allow: true, Protocol: model.ProtoTCP, CIDR: pfx("0.0.0.0/0"), Ports: model.PortRange{First: 1024, Last: 65535}, ICMP: model.AnyICMP},
				{RuleNumber: 200, Egress: true, Protocol: model.ProtoICMP, CIDR: pfx("10.0.0.0/8"), Ports: model.AllPorts, ICMP: model.ICMPMatch{Type: 3, Code: 4}},
				{RuleNumber: 110, Egress: true, Allow: true, Protocol: model.ProtoAll, CIDR: pfx("0.0.0.0/0"), Ports: model.AllPorts, ICMP: model.AnyICMP},
			}}
			if diff := cmp.Diff(want, aclOf(t, s, "aws_network_acl.n"), opts); diff != "" {
				t.Errorf("ACL (-want +got):\n%s", diff)
			}
			for _, sn := range []string{"aws_subnet.a", "aws_subnet.b"} {
				if got := subnetOf(t, s, sn).NetworkACL; got != "aws_network_acl.n" {
					t.Errorf("%s network ACL = %q", sn, got)
				}
			}
			if p := s.Sources.Lookup(model.FieldRef{ID: "aws_network_acl.n", Field: "egress[1]"}); p.Path != "aws_network_acl_rule.r" {
				t.Errorf("egress[1] is at %v", p)
			}
		}, false},
		{"DHCP options", tplan{res: []tr{vpcRes,
			{addr: "aws_vpc_dhcp_options.d", values: `{"domain_name": "corp.example", "domain_name_servers": ["10.0.0.2", "AmazonProvidedDNS"]}`, unknown: `{"id": true}`},
			{addr: "aws_vpc_dhcp_options_association.d", unknown: `{"id": true, "vpc_id": true, "dhcp_options_id": true}`,
				exprs: `{"vpc_id": ` + vpcRef + `, "dhcp_options_id": {"references": ["aws_vpc_dhcp_options.d.id", "aws_vpc_dhcp_options.d"]}}`},
		}}, func(t *testing.T, s *model.Snapshot, d model.Diagnostics) {
			want := []model.DHCPOptions{{ID: "aws_vpc_dhcp_options.d", DomainName: "corp.example", DomainNameServers: []string{"10.0.0.2", "AmazonProvidedDNS"}}}
			if diff := cmp.Diff(want, s.DHCPOptions, opts); diff != "" {
				t.Errorf("DHCP options (-want +got):\n%s", diff)
			}
			if s.VPCs[0].DHCPOptions != "aws_vpc_dhcp_options.d" {
				t.Errorf("VPC DHCP options = %q", s.VPCs[0].DHCPOptions)
			}
		}, false},
		{"instances and interfaces", tplan{res: []tr{vpcRes,
			{addr: "aws_subnet.pub", values: `{"cidr_block": "10.0.1.0/28", "map_public_ip_on_launch": true}`, unknown: `{"id": true, "vpc_id": true}`, exprs: `{"vpc_id": ` + vpcRef + `}`},
			{addr: "aws_security_group.web", values: `{"name": "web", "ingress": [], "egress": []}`, unknown: `{"id": true, "vpc_id": true}`, exprs: `{"vpc_id": ` + vpcRef + `}`},
			{addr: "aws_instance.web", values: `{"instance_type": "t3.micro", "source_dest_check": false}`,
				unknown: `{"id": true, "subnet_id": true, "private_ip": true, "public_ip": true, "primary_network_interface_id": true, "vpc_security_group_ids": true, "associate_public_ip_address": true}`,
				exprs:   `{"subnet_id": {"references": ["aws_subnet.pub.id", "aws_subnet.pub"]}, "vpc_security_group_ids": {"references": ["aws_security_group.web.id", "aws_security_group.web"]}}`},
			{addr: "aws_instance.fixed", values: `{"private_ip": "10.0.1.6", "associate_public_ip_address": false}`,
				unknown: `{"id": true, "subnet_id": true}`,
				exprs:   `{"subnet_id": {"references": ["aws_subnet.pub.id", "aws_subnet.pub"]}}`},
			{addr: "aws_network_interface.extra", values: `{"private_ips": ["10.0.1.9", "10.0.1.8"], "private_ip_list": ["10.0.1.8", "10.0.1.9"], "source_dest_check": true}`,
				unknown: `{"id": true, "subnet_id": true, "security_groups": true}`,
				exprs:   `{"subnet_id": {"references": ["aws_subnet.pub.id", "aws_subnet.pub"]}, "security_groups": {"references": ["aws_security_group.web.id", "aws_security_group.web"]}}`},
			{addr: "aws_network_interface_attachment.extra", values: `{"device_index": 1}`, unknown: `{"id": true, "instance_id": true, "network_interface_id": true}`,
				exprs: `{"instance_id": {"references": ["aws_instance.web.id", "aws_instance.web"]}, "network_interface_id": {"references": ["aws_network_interface.extra.id", "aws_network_interface.extra"]}}`},
		}}, func(t *testing.T, s *model.Snapshot, d model.Diagnostics) {
			web := "aws_instance.web.primary_network_interface_id"
			want := []model.ENI{
				// 10.0.1.6 is taken by aws_instance.fixed: the first free address from .6 is .7.
				{ID: web, Subnet: "aws_subnet.pub", VPC: "aws_vpc.main", Type: "interface", Status: "in-use", Instance: "aws_instance.web",
					PrivateIP: ip("10.0.1.7"), PublicIP: ip("192.0.2.101"), SecurityGroups: []string{"aws_security_group.web"},
					SourceDestCheck: model.False, Description: "primary network interface of aws_instance.web"},
				{ID: "aws_instance.fixed.primary_network_interface_id", Subnet: "aws_subnet.pub", VPC: "aws_vpc.main", Type: "interface", Status: "in-use",
					Instance: "aws_instance.fixed", PrivateIP: ip("10.0.1.6"), SecurityGroups: []string{"aws_vpc.main.default_security_group_id"},
					Description: "primary network interface of aws_instance.fixed"},
				{ID: "aws_network_interface.extra", Subnet: "aws_subnet.pub", VPC: "aws_vpc.main", Type: "interface", Instance: "aws_instance.web",
					PrivateIP: ip("10.0.1.8"), SecondaryIPs: []netipAddr{ip("10.0.1.9")}, SecurityGroups: []string{"aws_security_group.web"}, SourceDestCheck: model.True},
			}
			s.Validate() // fills each interface's VPC
			if diff := cmp.Diff(want, s.ENIs, opts); diff != "" {
				t.Errorf("interfaces (-want +got):\n%s", diff)
			}
			wantI := []model.Instance{{ID: "aws_instance.web", ENIs: []string{web, "aws_network_interface.extra"}},
				{ID: "aws_instance.fixed", ENIs: []string{"aws_instance.fixed.primary_network_interface_id"}}}
			if diff := cmp.Diff(wantI, s.Instances, opts); diff != "" {
				t.Errorf("instances (-want +got):\n%s", diff)
			}
			if n := len(only(d, CodeUnknownValue)); n != 2 {
				t.Errorf("%d unknown-value warnings, want 2 (web's private and public address): %v", n, d)
			}
		}, false},
		{"interface prefixes", tplan{res: []tr{vpcRes, subnetRes("aws_subnet.a", "10.0.1.0/24"),
			{addr: "aws_network_interface.node", values: `{"private_ips": ["10.0.1.10"], "ipv4_prefixes": ["10.0.1.32/28", "10.0.1.16/28", "10.0.1.32/28"], "ipv4_prefix_count": 2}`,
				unknown: `{"id": true, "subnet_id": true}`, exprs: `{"subnet_id": {"references": ["aws_subnet.a.id", "aws_subnet.a"]}}`},
			{addr: "aws_network_interface.later", values: `{"private_ips": ["10.0.1.11"], "ipv4_prefix_count": 1}`,
				unknown: `{"id": true, "subnet_id": true, "ipv4_prefixes": true}`, exprs: `{"subnet_id": {"references": ["aws_subnet.a.id", "aws_subnet.a"]}}`},
			{addr: "aws_network_interface.none", values: `{"private_ips": ["10.0.1.12"]}`,
				unknown: `{"id": true, "subnet_id": true, "ipv4_prefixes": true}`, exprs: `{"subnet_id": {"references": ["aws_subnet.a.id", "aws_subnet.a"]}}`},
		}}, func(t *testing.T, s *model.Snapshot, d model.Diagnostics) {
			want := [][]netipPrefix{{pfx("10.0.1.32/28"), pfx("10.0.1.16/28")}, nil, nil}
			for i, id := range []string{"aws_network_interface.node", "aws_network_interface.later", "aws_network_interface.none"} {
				var got []netipPrefix
				for _, e := range s.ENIs {
					if e.ID == id {
						got = e.Prefixes
					}
				}
				if diff := cmp.Diff(want[i], got, opts); diff != "" {
					t.Errorf("%s prefixes (-want +got):\n%s", id, diff)
				}
			}
			if p := s.Sources[model.FieldRef{ID: "aws_network_interface.node", Field: "prefixes[1]"}]; p.Path != "aws_network_interface.node.ipv4_prefixes[1]" {
				t.Errorf("prefixes[1] at %v, want ipv4_prefixes[1]", p)
			}
			// ipv4_prefix_count without the prefixes: known only after apply.
			if u := only(d, CodeUnknownValue); len(u) != 1 || u[0].Pos.Path != "aws_network_interface.later.ipv4_prefixes" {
				t.Errorf("unknown-value warnings = %v, want one at aws_network_interface.later.ipv4_prefixes", u)
			}
		}, false},
		{"transit gateway", tplan{res: []tr{vpcRes, subnetRes("aws_subnet.a", "10.0.1.0/24"),
			{addr: "aws_ec2_transit_gateway.t", values: `{"default_route_table_association": "enable", "default_route_table_propagation": "enable", "dns_support": "enable"}`,
				unknown: `{"id": true, "association_default_route_table_id": true, "propagation_default_route_table_id": true}`},
			{addr: "aws_ec2_transit_gateway_vpc_attachment.a", values: `{"appliance_mode_support": "disable", "dns_support": "enable"}`,
				unknown: `{"id": true, "transit_gateway_id": true, "vpc_id": true, "subnet_ids": true}`,
				exprs: `{"transit_gateway_id": {"references": ["aws_ec2_transit_gateway.t.id", "aws_ec2_transit_gateway.t"]}, "vpc_id": ` + vpcRef + `,
					"subnet_ids": {"references": ["aws_subnet.a.id", "aws_subnet.a"]}}`},
			{addr: "aws_ec2_transit_gateway_route_table.rt", unknown: `{"id": true, "transit_gateway_id": true}`,
				exprs: `{"transit_gateway_id": {"references": ["aws_ec2_transit_gateway.t.id", "aws_ec2_transit_gateway.t"]}}`},
			{addr: "aws_ec2_transit_gateway_route.r", values: `{"destination_cidr_block": "10.0.0.0/16", "blackhole": false}`,
				unknown: `{"id": true, "transit_gateway_attachment_id": true, "transit_gateway_route_table_id": true}`,
				exprs: `{"transit_gateway_attachment_id": {"references": ["aws_ec2_transit_gateway_vpc_attachment.a.id", "aws_ec2_transit_gateway_vpc_attachment.a"]},
					"transit_gateway_route_table_id": {"references": ["aws_ec2_transit_gateway_route_table.rt.id", "aws_ec2_transit_gateway_route_table.rt"]}}`},
			{addr: "aws_ec2_transit_gateway_route_table_propagation.p", unknown: `{"id": true, "transit_gateway_attachment_id": true, "transit_gateway_route_table_id": true}`,
				exprs: `{"transit_gateway_attachment_id": {"references": ["aws_ec2_transit_gateway_vpc_attachment.a.id", "aws_ec2_transit_gateway_vpc_attachment.a"]},
					"transit_gateway_route_table_id": {"references": ["aws_ec2_transit_gateway_route_table.rt.id", "aws_ec2_transit_gateway_route_table.rt"]}}`},
		}}, func(t *testing.T, s *model.Snapshot, d model.Diagnostics) {
			def := "aws_ec2_transit_gateway.t.association_default_route_table_id"
			wantT := []model.TransitGateway{{ID: "aws_ec2_transit_gateway.t", State: "available", DNSSupport: true, DefaultAssociationTable: def, DefaultPropagationTable: def}}
			if diff := cmp.Diff(wantT, s.TransitGateways, opts); diff != "" {
				t.Errorf("transit gateways (-want +got):\n%s", diff)
			}
			wantA := []model.TGWAttachment{{ID: "aws_ec2_transit_gateway_vpc_attachment.a", TransitGateway: "aws_ec2_transit_gateway.t", ResourceType: "vpc",
				ResourceID: "aws_vpc.main", State: "available", Subnets: []string{"aws_subnet.a"}, RouteTable: def, DNSSupport: true}}
			if diff := cmp.Diff(wantA, s.TGWAttachments, opts); diff != "" {
				t.Errorf("attachments (-want +got):\n%s", diff)
			}
			wantR := []model.TGWRouteTable{
				{ID: def, TransitGateway: "aws_ec2_transit_gateway.t", State: "available", RoutesKnown: true, Propagations: []string{"aws_ec2_transit_gateway_vpc_attachment.a"}},
				{ID: "aws_ec2_transit_gateway_route_table.rt", TransitGateway: "aws_ec2_transit_gateway.t", State: "available", RoutesKnown: true,
					Propagations: []string{"aws_ec2_transit_gateway_vpc_attachment.a"},
					Routes:       []model.TGWRoute{{Destination: pfx("10.0.0.0/16"), Type: "static", State: "active", Attachments: []string{"aws_ec2_transit_gateway_vpc_attachment.a"}}}},
			}
			if diff := cmp.Diff(wantR, s.TGWRouteTables, opts); diff != "" {
				t.Errorf("route tables (-want +got):\n%s", diff)
			}
		}, false},
		{"peering", tplan{res: []tr{vpcRes,
			{addr: "aws_vpc.peer", values: `{"cidr_block": "10.9.0.0/16"}`, unknown: `{"id": true}`},
			{addr: "aws_vpc_peering_connection.p", values: `{"auto_accept": false}`, unknown: `{"id": true, "vpc_id": true, "peer_vpc_id": true, "accept_status": true}`,
				exprs: `{"vpc_id": ` + vpcRef + `, "peer_vpc_id": {"references": ["aws_vpc.peer.id", "aws_vpc.peer"]}}`},
			{addr: "aws_vpc_peering_connection_accepter.p", values: `{"auto_accept": true}`, unknown: `{"id": true, "vpc_peering_connection_id": true}`,
				exprs: `{"vpc_peering_connection_id": {"references": ["aws_vpc_peering_connection.p.id", "aws_vpc_peering_connection.p"]}}`},
		}}, func(t *testing.T, s *model.Snapshot, d model.Diagnostics) {
			want := []model.PeeringConnection{{ID: "aws_vpc_peering_connection.p", Status: "active",
				Requester: model.PeerVPC{VPC: "aws_vpc.main", CIDRs: []netipPrefix{pfx("10.0.0.0/16")}},
				Accepter:  model.PeerVPC{VPC: "aws_vpc.peer", CIDRs: []netipPrefix{pfx("10.9.0.0/16")}}}}
			if diff := cmp.Diff(want, s.Peerings, opts); diff != "" {
				t.Errorf("peerings (-want +got):\n%s", diff)
			}
		}, false},
		{"managed prefix list", tplan{res: []tr{
			{addr: "aws_ec2_managed_prefix_list.pl", values: `{"name": "office", "address_family": "IPv4", "max_entries": 5, "entry": [{"cidr": "198.51.100.0/24", "description": "HQ"}]}`,
				unknown: `{"id": true, "owner_id": true}`},
			{addr: "aws_ec2_managed_prefix_list_entry.e", values: `{"cidr": "203.0.113.0/24"}`, unknown: `{"id": true, "prefix_list_id": true}`,
				exprs: `{"prefix_list_id": {"references": ["aws_ec2_managed_prefix_list.pl.id", "aws_ec2_managed_prefix_list.pl"]}}`},
		}}, func(t *testing.T, s *model.Snapshot, d model.Diagnostics) {
			want := []model.PrefixList{{ID: "aws_ec2_managed_prefix_list.pl", Name: "office", EntriesKnown: true, CIDRs: []netipPrefix{pfx("198.51.100.0/24"), pfx("203.0.113.0/24")}}}
			if diff := cmp.Diff(want, s.PrefixLists, opts); diff != "" {
				t.Errorf("prefix lists (-want +got):\n%s", diff)
			}
		}, false},
		{"ECS service", tplan{res: []tr{vpcRes, subnetRes("aws_subnet.a", "10.0.1.0/24"), subnetRes("aws_subnet.b", "10.0.2.0/24"),
			{addr: "aws_ecs_service.app", values: `{"launch_type": "FARGATE", "platform_version": "1.4.0", "enable_execute_command": true,
				"network_configuration": [{"assign_public_ip": false, "subnets": [null, null], "security_groups": null}]}`,
				unknown: `{"id": true, "cluster": true, "network_configuration": [{"subnets": [true, true]}]}`,
				exprs:   `{"network_configuration": [{"subnets": {"references": ["aws_subnet.a.id", "aws_subnet.a", "aws_subnet.b.id", "aws_subnet.b"]}}]}`},
			{addr: "aws_ecs_service.bridge", values: `{"launch_type": "EC2"}`, unknown: `{"id": true}`},
		}}, func(t *testing.T, s *model.Snapshot, d model.Diagnostics) {
			want := []model.ECSTask{{ID: "aws_ecs_service.app", LaunchType: "FARGATE", PlatformVersion: "1.4.0", ExecEnabled: true,
				Subnet: "aws_subnet.a", SecurityGroups: []string{"aws_vpc.main.default_security_group_id"}}}
			if diff := cmp.Diff(want, s.ECSTasks, opts); diff != "" {
				t.Errorf("tasks (-want +got):\n%s", diff)
			}
			if got := codes(d); !cmp.Equal(got, []string{CodePartialResource}) {
				t.Errorf("codes = %q, want one partial-resource (the service without awsvpc)", got)
			}
		}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, d := tt.plan.parse(t, false)
			tt.check(t, s, d)
			for _, e := range s.Validate().Errors() {
				if !tt.external || e.Code != model.CodeDanglingRef {
					t.Errorf("Validate: %v", e)
				}
			}
		})
	}
}
