package awscli

import (
	"net/netip"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cshsim/cshsim/model"
)

// This file tests how each kind of VPC resource is read from its describe-… output.

func TestIGWAttachment(t *testing.T) {
	s := mustLoad(t, map[string]string{"igw.json": docExample(t, "ec2/describe-internet-gateways.rst", 0)})
	want := []model.InternetGateway{{
		ID: "igw-0d0fb496b3EXAMPLE", Account: "123456789012", VPC: "vpc-0a60eb65b4EXAMPLE", State: "available",
		Tags: []model.Tag{{Key: "Name", Value: "my-igw"}},
	}}
	if diff := cmp.Diff(want, s.InternetGateways, cmpOpts); diff != "" {
		t.Errorf("describe-internet-gateways example (-want +got):\n%s", diff)
	}

	s = mustLoad(t, map[string]string{"igw.json": `{"InternetGateways": [
		{"InternetGatewayId": "igw-1", "Attachments": [{"State": "Attached", "VpcId": "vpc-1"}]},
		{"InternetGatewayId": "igw-2", "Attachments": []},
		{"InternetGatewayId": "igw-3", "Attachments": [{"State": "detaching", "VpcId": "vpc-3"}]}]}`,
		"eigw.json": `{"EgressOnlyInternetGateways": [{"EgressOnlyInternetGatewayId": "eigw-1", "Attachments": [{"State": "attached", "VpcId": "vpc-1"}]}]}`,
	})
	got := []model.InternetGateway{}
	got = append(got, s.InternetGateways...)
	want = []model.InternetGateway{
		{ID: "igw-1", VPC: "vpc-1", State: model.StateAttached}, // "Attached", normalised
		{ID: "igw-2", State: model.StateDetached},
		{ID: "igw-3", State: model.StateDetaching},
	}
	if diff := cmp.Diff(want, got, cmpOpts); diff != "" {
		t.Errorf("attachment states (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]model.EgressOnlyIGW{{ID: "eigw-1", VPC: "vpc-1", State: "attached"}}, s.EgressOnlyIGWs, cmpOpts); diff != "" {
		t.Errorf("egress-only IGW (-want +got):\n%s", diff)
	}
}

func TestNetworkACLStarRulesDropped(t *testing.T) {
	s := mustLoad(t, map[string]string{"acls.json": docExample(t, "ec2/describe-network-acls.rst", 0)})
	all := model.ACLEntry{Protocol: model.ProtoAll, Ports: model.AllPorts, ICMP: model.AnyICMP, Allow: true, RuleNumber: 100}
	want := model.NetworkACL{
		ID: "acl-0ea1f54ca7EXAMPLE", VPC: "vpc-06e4ab6c6cEXAMPLE", Account: "111122223333", Default: true,
		Entries: []model.ACLEntry{
			func() model.ACLEntry { e := all; e.Egress, e.CIDR = true, pfx("0.0.0.0/0"); return e }(),
			func() model.ACLEntry { e := all; e.CIDR = pfx("0.0.0.0/0"); return e }(),
		},
	}
	if diff := cmp.Diff(want, s.NetworkACLs[0], cmpOpts); diff != "" {
		t.Errorf("default NACL (-want +got):\n%s", diff)
	}
	if got := s.Subnets; got != nil {
		t.Errorf("subnets = %v, want none", got)
	}
	// The second ACL holds IPv6 rules and the IPv6 "*" rule 32768.
	for _, e := range s.NetworkACLs[1].Entries {
		if e.RuleNumber > 32766 {
			t.Errorf("second NACL keeps the * rule %+v", e)
		}
	}
	if n := len(s.NetworkACLs[1].Entries); n != 4 {
		t.Errorf("second NACL has %d entries, want 4 (100 and 101, each way)", n)
	}

	// Protocol numbers as strings, port ranges, ICMP type and code; a rule
	// numbered 32767 that allows is not the * rule.
	s = mustLoad(t, map[string]string{"acl.json": `{"NetworkAcls": [{"NetworkAclId": "acl-1", "VpcId": "vpc-1", "IsDefault": false,
		"Associations": [{"NetworkAclId": "acl-1", "SubnetId": "subnet-1"}],
		"Entries": [
		 {"RuleNumber": 10, "Egress": false, "RuleAction": "ALLOW", "Protocol": "6", "CidrBlock": "10.0.0.0/8", "PortRange": {"From": 1024, "To": 65535}},
		 {"RuleNumber": 20, "Egress": false, "RuleAction": "deny", "Protocol": "1", "CidrBlock": "0.0.0.0/0", "IcmpTypeCode": {"Type": 8, "Code": -1}},
		 {"RuleNumber": 30, "Egress": true, "RuleAction": "allow", "Protocol": 17, "Ipv6CidrBlock": "::/0", "PortRange": {"From": 53, "To": 53}},
		 {"RuleNumber": 40, "Egress": true, "RuleAction": "allow", "Protocol": "50", "CidrBlock": "0.0.0.0/0"},
		 {"RuleNumber": 32767, "Egress": true, "RuleAction": "deny", "Protocol": "-1", "CidrBlock": "0.0.0.0/0"},
		 {"RuleNumber": 32768, "Egress": true, "RuleAction": "deny", "Protocol": "-1", "Ipv6CidrBlock": "::/0"}]}]}`,
		"subnets.json": `{"Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.0.1.0/24"}]}`,
	})
	wantEntries := []model.ACLEntry{
		{RuleNumber: 10, Allow: true, Protocol: model.ProtoTCP, CIDR: pfx("10.0.0.0/8"), Ports: model.PortRange{First: 1024, Last: 65535}, ICMP: model.AnyICMP},
		{RuleNumber: 20, Protocol: model.ProtoICMP, CIDR: pfx("0.0.0.0/0"), Ports: model.AllPorts, ICMP: model.ICMPMatch{Type: 8, Code: -1}},
		{RuleNumber: 30, Egress: true, Allow: true, Protocol: model.ProtoUDP, CIDR: pfx("::/0"), Ports: model.Port(53), ICMP: model.AnyICMP},
		{RuleNumber: 40, Egress: true, Allow: true, Protocol: 50, CIDR: pfx("0.0.0.0/0"), Ports: model.AllPorts, ICMP: model.AnyICMP},
	}
	if diff := cmp.Diff(wantEntries, s.NetworkACLs[0].Entries, cmpOpts); diff != "" {
		t.Errorf("entries (-want +got):\n%s", diff)
	}
	if got := s.Subnets[0].NetworkACL; got != "acl-1" {
		t.Errorf("subnet-1 network ACL = %q, want acl-1", got)
	}
}

func TestSecurityGroupRules(t *testing.T) {
	s := mustLoad(t, map[string]string{"sg.json": `{"SecurityGroups":[{"GroupId":"sg-0c1","GroupName":"cloudshell","VpcId":"vpc-0a1","OwnerId":"111122223333","Description":"cs",
 "IpPermissions":[
  {"IpProtocol":"icmp","FromPort":8,"ToPort":-1,"IpRanges":[{"CidrIp":"10.0.0.0/8"}]},
  {"IpProtocol":"6","FromPort":22,"ToPort":22,"IpRanges":[{"CidrIp":"10.1.0.0/16","Description":"ops"}],"Ipv6Ranges":[{"CidrIpv6":"2001:db8::/32"}],
   "PrefixListIds":[{"PrefixListId":"pl-1"}],"UserIdGroupPairs":[{"GroupId":"sg-0d1","UserId":"111122223333"},
   {"GroupId":"sg-peer","UserId":"444455556666","VpcId":"vpc-peer","VpcPeeringConnectionId":"pcx-1","PeeringStatus":"active"}]},
  {"IpProtocol":"50","IpRanges":[{"CidrIp":"192.0.2.0/24"}]}],
 "IpPermissionsEgress":[{"IpProtocol":"-1","IpRanges":[{"CidrIp":"0.0.0.0/0"}],"Ipv6Ranges":[],"PrefixListIds":[],"UserIdGroupPairs":[]},
  {"IpProtocol":"tcp","FromPort":5432,"ToPort":5432,"IpRanges":[],"UserIdGroupPairs":[{"GroupId":"sg-0d1","UserId":"111122223333"}]}],
 "Tags":[]}]}`})
	tcp22 := model.SGRule{Protocol: model.ProtoTCP, Ports: model.Port(22), ICMP: model.AnyICMP}
	with := func(r model.SGRule, f func(*model.SGRule)) model.SGRule { f(&r); return r }
	want := model.SecurityGroup{
		ID: "sg-0c1", Name: "cloudshell", VPC: "vpc-0a1", Account: "111122223333",
		Ingress: []model.SGRule{
			{Protocol: model.ProtoICMP, Ports: model.AllPorts, ICMP: model.ICMPMatch{Type: 8, Code: -1}, CIDR: pfx("10.0.0.0/8")},
			with(tcp22, func(r *model.SGRule) { r.CIDR, r.Description = pfx("10.1.0.0/16"), "ops" }),
			with(tcp22, func(r *model.SGRule) { r.CIDR = pfx("2001:db8::/32") }),
			with(tcp22, func(r *model.SGRule) { r.PrefixList = "pl-1" }),
			with(tcp22, func(r *model.SGRule) { r.Group = "sg-0d1" }),
			with(tcp22, func(r *model.SGRule) { r.Group, r.GroupVPC, r.Peering = "sg-peer", "vpc-peer", "pcx-1" }),
			{Protocol: 50, Ports: model.AllPorts, ICMP: model.AnyICMP, CIDR: pfx("192.0.2.0/24")},
		},
		Egress: []model.SGRule{
			{Protocol: model.ProtoAll, Ports: model.AllPorts, ICMP: model.AnyICMP, CIDR: pfx("0.0.0.0/0")},
			{Protocol: model.ProtoTCP, Ports: model.Port(5432), ICMP: model.AnyICMP, Group: "sg-0d1"},
		},
	}
	if diff := cmp.Diff([]model.SecurityGroup{want}, s.SecurityGroups, cmpOpts); diff != "" {
		t.Errorf("security group (-want +got):\n%s", diff)
	}
	if got, want := s.Sources.Lookup(model.FieldRef{ID: "sg-0c1", Field: "ingress[5].security_group"}).Path, "SecurityGroups[0].IpPermissions[1].UserIdGroupPairs[1]"; got != want {
		t.Errorf("source of ingress[5] = %q, want %q", got, want)
	}
}

// describe-security-group-rules restates describe-security-groups: rules
// of a described group are not added twice; a group only the flat rules
// name is built from them.
func TestSecurityGroupRulesMerge(t *testing.T) {
	groups := `{"SecurityGroups":[{"GroupId":"sg-1","VpcId":"vpc-1","IpPermissions":[],
	  "IpPermissionsEgress":[{"IpProtocol":"-1","IpRanges":[{"CidrIp":"0.0.0.0/0"}]}]}]}`
	flat := `{"SecurityGroupRules":[
	  {"SecurityGroupRuleId":"sgr-1","GroupId":"sg-1","GroupOwnerId":"111122223333","IsEgress":true,"IpProtocol":"-1","FromPort":-1,"ToPort":-1,"CidrIpv4":"0.0.0.0/0"},
	  {"SecurityGroupRuleId":"sgr-2","GroupId":"sg-2","GroupOwnerId":"111122223333","IsEgress":false,"IpProtocol":"tcp","FromPort":443,"ToPort":443,"ReferencedGroupInfo":{"GroupId":"sg-1","UserId":"111122223333","VpcId":"vpc-1"}},
	  {"SecurityGroupRuleId":"sgr-3","GroupId":"sg-2","GroupOwnerId":"111122223333","IsEgress":true,"IpProtocol":"-1","FromPort":-1,"ToPort":-1,"CidrIpv6":"::/0"}]}`
	enis := `{"NetworkInterfaces":[{"NetworkInterfaceId":"eni-1","SubnetId":"subnet-1","VpcId":"vpc-1","Groups":[{"GroupId":"sg-2"}]}]}`
	s, diags := loadFiles(t, map[string]string{"a/groups.json": groups, "b/rules.json": flat, "c/enis.json": enis})
	if len(diags) != 0 {
		t.Errorf("diagnostics: %v", diags)
	}
	all := model.SGRule{Protocol: model.ProtoAll, Ports: model.AllPorts, ICMP: model.AnyICMP}
	want := []model.SecurityGroup{
		{ID: "sg-1", VPC: "vpc-1", Egress: []model.SGRule{func() model.SGRule { r := all; r.CIDR = pfx("0.0.0.0/0"); return r }()}},
		{ID: "sg-2", VPC: "vpc-1", Account: "111122223333",
			Ingress: []model.SGRule{{Protocol: model.ProtoTCP, Ports: model.Port(443), ICMP: model.AnyICMP, Group: "sg-1"}},
			Egress:  []model.SGRule{func() model.SGRule { r := all; r.CIDR = pfx("::/0"); return r }()}},
	}
	if diff := cmp.Diff(want, s.SecurityGroups, cmpOpts); diff != "" {
		t.Errorf("groups (-want +got):\n%s", diff)
	}

	// A flat rule the described group lacks: a warning, and the group's
	// own rules stay.
	extra := strings.Replace(flat, `"CidrIpv4":"0.0.0.0/0"`, `"CidrIpv4":"10.0.0.0/8"`, 1)
	s, diags = loadFiles(t, map[string]string{"a/groups.json": groups, "b/rules.json": extra})
	if got := codes(diags); len(got) != 1 || got[0] != CodeRulesDiffer {
		t.Errorf("codes = %q, want [%s]", got, CodeRulesDiffer)
	}
	if got := s.SecurityGroups[0].Egress[0].CIDR; got != pfx("0.0.0.0/0") {
		t.Errorf("sg-1 egress = %v, want 0.0.0.0/0 from describe-security-groups", got)
	}
}

func TestPrefixListRoute(t *testing.T) {
	dir := filepath.Join(fixtures(t), "batfish-aws", "snapshots", "test-vpc-endpoint-gateway")
	s, diags := Load(dir)
	if diags.HasErrors() {
		t.Fatal(diags.Errors())
	}
	var rt *model.RouteTable
	for i := range s.RouteTables {
		if s.RouteTables[i].ID == "rtb-04f71fc2caa8d94cf" {
			rt = &s.RouteTables[i]
		}
	}
	if rt == nil {
		t.Fatal("rtb-04f71fc2caa8d94cf not loaded")
	}
	want := []model.Route{
		{Destination: pfx("10.1.0.0/16"), Target: model.Ref{Kind: model.KindLocal}, State: "active", Origin: "CreateRouteTable"},
		{PrefixList: "pl-63a5400a", Target: model.Ref{Kind: model.KindEndpoint, ID: "vpce-0b7357542bb7b83ec"}, State: "active", Origin: "CreateRoute"},
	}
	if diff := cmp.Diff(want, rt.Routes, cmpOpts); diff != "" {
		t.Errorf("routes (-want +got):\n%s", diff)
	}
	var pl model.PrefixList
	for _, p := range s.PrefixLists {
		if p.ID == "pl-63a5400a" {
			pl = p
		}
	}
	wantPL := model.PrefixList{ID: "pl-63a5400a", Name: "com.amazonaws.us-east-1.s3", Owner: "AWS", Region: "us-east-1", EntriesKnown: true,
		CIDRs: []netip.Prefix{pfx("54.231.0.0/17"), pfx("52.216.0.0/15"), pfx("3.5.16.0/21"), pfx("3.5.0.0/20")}}
	if diff := cmp.Diff(wantPL, pl, cmpOpts); diff != "" {
		t.Errorf("prefix list (-want +got):\n%s", diff)
	}
	if len(s.Endpoints) != 1 || s.Endpoints[0].Policy != "" {
		t.Errorf("endpoints = %+v, want one with the default policy (\"\")", s.Endpoints)
	}
	if s.Region != "us-east-1" || s.Account != "554773406868" {
		t.Errorf("region, account = %q, %q; want us-east-1, 554773406868", s.Region, s.Account)
	}
}

func TestECSTaskENI(t *testing.T) {
	s := mustLoad(t, map[string]string{"tasks.json": docExample(t, "ecs/describe-tasks.rst", 1)})
	if len(s.ECSTasks) != 2 {
		t.Fatalf("%d tasks, want 2", len(s.ECSTasks))
	}
	want := model.ECSTask{
		ID: "74de0355a10a4f979ac495c14EXAMPLE", ARN: "arn:aws:ecs:us-east-1:123456789012:task/MyCluster/74de0355a10a4f979ac495c14EXAMPLE",
		Cluster: "MyCluster", LastStatus: model.StateRunning, LaunchType: "FARGATE", PlatformVersion: "1.4.0",
		ENI: "eni-0fa40520aeEXAMPLE", Subnet: "subnet-0d0eab1bb3EXAMPLE", PrivateIP: addr("10.0.1.184"),
	}
	if diff := cmp.Diff(want, s.ECSTasks[0], cmpOpts); diff != "" {
		t.Errorf("task (-want +got):\n%s", diff)
	}
	if s.Region != "us-east-1" {
		t.Errorf("region = %q, want us-east-1 (from the task ARN)", s.Region)
	}

	// The lowerCamelCase shape of aws-rules §9.17, with the exec agent.
	s = mustLoad(t, map[string]string{"t.json": `{"tasks":[{"taskArn":"arn:aws:ecs:us-east-1:111122223333:task/prod/0123abcd",
	 "clusterArn":"arn:aws:ecs:us-east-1:111122223333:cluster/prod","lastStatus":"RUNNING","launchType":"FARGATE","platformVersion":"1.4.0",
	 "enableExecuteCommand":true,"attachments":[{"id":"att-1","type":"ElasticNetworkInterface","status":"ATTACHED","details":[
	  {"name":"subnetId","value":"subnet-0p2"},{"name":"networkInterfaceId","value":"eni-0t9"},{"name":"privateIPv4Address","value":"10.0.2.184"}]}],
	 "containers":[{"name":"app","managedAgents":[{"name":"ExecuteCommandAgent","lastStatus":"RUNNING"}]}]}],
	 "failures":[{"arn":"arn:aws:ecs:us-east-1:111122223333:task/prod/gone","reason":"MISSING"}]}`})
	want = model.ECSTask{ID: "0123abcd", ARN: "arn:aws:ecs:us-east-1:111122223333:task/prod/0123abcd", Cluster: "prod",
		LastStatus: model.StateRunning, LaunchType: "FARGATE", PlatformVersion: "1.4.0", ExecEnabled: true, ExecAgent: model.StateRunning,
		ENI: "eni-0t9", Subnet: "subnet-0p2", PrivateIP: addr("10.0.2.184")}
	if diff := cmp.Diff([]model.ECSTask{want}, s.ECSTasks, cmpOpts); diff != "" {
		t.Errorf("task (-want +got):\n%s", diff)
	}
	if got := codes(s.Notes); len(got) != 1 || got[0] != CodeIncomplete {
		t.Errorf("notes = %v, want one %s warning for the failure", s.Notes, CodeIncomplete)
	}
}

func TestRouteTargets(t *testing.T) {
	tests := []struct {
		route string
		want  model.Ref
		field string // JSON member named by the target source
	}{
		{`"GatewayId":"local"`, model.Ref{Kind: model.KindLocal}, "GatewayId"},
		{`"GatewayId":"igw-1"`, model.Ref{Kind: model.KindInternetGateway, ID: "igw-1"}, "GatewayId"},
		{`"GatewayId":"vgw-1"`, model.Ref{Kind: model.KindVPNGateway, ID: "vgw-1"}, "GatewayId"},
		{`"GatewayId":"vpce-1"`, model.Ref{Kind: model.KindEndpoint, ID: "vpce-1"}, "GatewayId"},
		{`"NatGatewayId":"nat-1"`, model.Ref{Kind: model.KindNATGateway, ID: "nat-1"}, "NatGatewayId"},
		{`"InstanceId":"i-1","InstanceOwnerId":"1","NetworkInterfaceId":"eni-1"`, model.Ref{Kind: model.KindENI, ID: "eni-1"}, "NetworkInterfaceId"},
		{`"InstanceId":"i-1"`, model.Ref{Kind: model.KindInstance, ID: "i-1"}, "InstanceId"},
		{`"TransitGatewayId":"tgw-1"`, model.Ref{Kind: model.KindTransitGateway, ID: "tgw-1"}, "TransitGatewayId"},
		{`"VpcPeeringConnectionId":"pcx-1"`, model.Ref{Kind: model.KindPeering, ID: "pcx-1"}, "VpcPeeringConnectionId"},
		{`"EgressOnlyInternetGatewayId":"eigw-1"`, model.Ref{Kind: model.KindEgressOnlyIGW, ID: "eigw-1"}, "EgressOnlyInternetGatewayId"},
		{`"CarrierGatewayId":"cagw-1"`, model.Ref{Kind: model.KindOther, ID: "cagw-1"}, "CarrierGatewayId"},
		{`"LocalGatewayId":"lgw-1"`, model.Ref{Kind: model.KindOther, ID: "lgw-1"}, "LocalGatewayId"},
		{`"CoreNetworkArn":"arn:aws:networkmanager::1:core-network/cn-1"`, model.Ref{Kind: model.KindOther, ID: "arn:aws:networkmanager::1:core-network/cn-1"}, "CoreNetworkArn"},
	}
	for _, tt := range tests {
		s := mustLoad(t, map[string]string{"rt.json": `{"RouteTables":[{"RouteTableId":"rtb-1","VpcId":"vpc-1","Routes":[
			{"DestinationCidrBlock":"10.0.0.0/16","GatewayId":"local","Origin":"CreateRouteTable","State":"active"},
			{"DestinationCidrBlock":"0.0.0.0/0",` + tt.route + `,"Origin":"CreateRoute","State":"active"}]}]}`})
		r := s.RouteTables[0].Routes[1]
		if r.Target != tt.want {
			t.Errorf("route {%s}: target %+v, want %+v", tt.route, r.Target, tt.want)
		}
		if p := s.Sources[model.FieldRef{ID: "rtb-1", Field: "routes[1].target"}]; p.Path != "RouteTables[0].Routes[1]."+tt.field {
			t.Errorf("route {%s}: target source %q, want the %s member", tt.route, p.Path, tt.field)
		}
	}
}

func TestRouteTable(t *testing.T) {
	s, diags := loadFiles(t, map[string]string{
		"rt.json": `{"RouteTables":[{"RouteTableId":"rtb-1","VpcId":"vpc-1","OwnerId":"111122223333",
  "Associations":[
   {"Main":true,"RouteTableAssociationId":"a0","RouteTableId":"rtb-1","AssociationState":{"State":"associated"}},
   {"Main":false,"RouteTableAssociationId":"a1","RouteTableId":"rtb-1","SubnetId":"subnet-1","AssociationState":{"State":"associated"}},
   {"Main":false,"RouteTableAssociationId":"a2","RouteTableId":"rtb-1","SubnetId":"subnet-2","AssociationState":{"State":"disassociated"}},
   {"Main":false,"RouteTableAssociationId":"a3","RouteTableId":"rtb-1","GatewayId":"igw-1","AssociationState":{"State":"associated"}}],
  "PropagatingVgws":[{"GatewayId":"vgw-1"}],
  "Routes":[
   {"DestinationCidrBlock":"10.0.0.0/16","GatewayId":"local","Origin":"CreateRouteTable","State":"active"},
   {"DestinationCidrBlock":"0.0.0.0/1","NatGatewayId":"nat-gone","Origin":"CreateRoute","State":"blackhole"},
   {"DestinationCidrBlock":"0.0.0.0/0","Origin":"CreateRoute","State":"blackhole"},
   {"DestinationIpv6CidrBlock":"::/0","EgressOnlyInternetGatewayId":"eigw-1","Origin":"CreateRoute","State":"active"},
   {"DestinationCidrBlock":"172.16.0.0/12","GatewayId":"vgw-1","Origin":"EnableVgwRoutePropagation","State":"active"},
   {"DestinationCidrBlock":"192.168.0.0/16","Origin":"CreateRoute","State":"active"}],"Tags":[]}]}`,
		"subnets.json": `{"Subnets":[{"SubnetId":"subnet-1","VpcId":"vpc-1","CidrBlock":"10.0.1.0/24"},{"SubnetId":"subnet-2","VpcId":"vpc-1","CidrBlock":"10.0.2.0/24"}]}`,
	})
	want := model.RouteTable{ID: "rtb-1", VPC: "vpc-1", Account: "111122223333", Main: true, Gateways: []string{"igw-1"},
		Routes: []model.Route{
			{Destination: pfx("10.0.0.0/16"), Target: model.Ref{Kind: model.KindLocal}, State: "active", Origin: "CreateRouteTable"},
			{Destination: pfx("0.0.0.0/1"), Target: model.Ref{Kind: model.KindNATGateway, ID: "nat-gone"}, State: "blackhole", Origin: "CreateRoute"},
			{Destination: pfx("0.0.0.0/0"), State: "blackhole", Origin: "CreateRoute"},
			{Destination: pfx("::/0"), Target: model.Ref{Kind: model.KindEgressOnlyIGW, ID: "eigw-1"}, State: "active", Origin: "CreateRoute"},
			{Destination: pfx("172.16.0.0/12"), Target: model.Ref{Kind: model.KindVPNGateway, ID: "vgw-1"}, State: "active", Origin: "EnableVgwRoutePropagation"},
			{Destination: pfx("192.168.0.0/16"), Target: model.Ref{Kind: model.KindOther}, State: "active", Origin: "CreateRoute"},
		}}
	if diff := cmp.Diff([]model.RouteTable{want}, s.RouteTables, cmpOpts); diff != "" {
		t.Errorf("route table (-want +got):\n%s", diff)
	}
	if s.Subnets[0].RouteTable != "rtb-1" || s.Subnets[1].RouteTable != "" {
		t.Errorf("subnet route tables = %q, %q; want rtb-1 and \"\" (disassociated: main)", s.Subnets[0].RouteTable, s.Subnets[1].RouteTable)
	}
	// The one active route without a target is a warning at its path.
	if len(diags) != 1 || diags[0].Code != CodeNoTarget || diags[0].Pos.Path != "RouteTables[0].Routes[5]" || diags[0].Severity != model.Warning {
		t.Errorf("diagnostics = %v, want one %s warning at RouteTables[0].Routes[5]", diags, CodeNoTarget)
	}
	if p := s.Sources[model.FieldRef{ID: "subnet-1", Field: "route_table"}]; p.Path != "RouteTables[0].Associations[1]" {
		t.Errorf("source of subnet-1 route_table = %v", p)
	}
}

func TestNATGateway(t *testing.T) {
	s := mustLoad(t, map[string]string{
		"public.json":  docExample(t, "ec2/describe-nat-gateways.rst", 0),
		"private.json": docExample(t, "ec2/describe-nat-gateways.rst", 1),
		"regional.json": `{"NatGateways":[{"NatGatewayId":"nat-r","VpcId":"vpc-1","State":"available","AvailabilityMode":"regional",
			"RouteTableId":"rtb-r","NatGatewayAddresses":[{"PublicIp":"198.51.100.7","PrivateIp":"10.0.0.7","NetworkInterfaceId":"eni-r","AvailabilityZone":"us-east-1b"}]}]}`,
	})
	want := []model.NATGateway{
		{ID: "nat-1234567890abcdef0", VPC: "vpc-098eb5ef58EXAMPLE", Subnet: "subnet-08fc749671EXAMPLE", Connectivity: "private", State: "available",
			PrivateIP: addr("10.0.20.240"), ENI: "eni-0065a61b324d1897a", Tags: []model.Tag{{Key: "Name", Value: "private-nat"}}},
		{ID: "nat-01234567890abcdef", VPC: "vpc-098eb5ef58EXAMPLE", Subnet: "subnet-655eab5f08EXAMPLE", Connectivity: "public", State: "available",
			PublicIP: addr("54.85.121.213"), PrivateIP: addr("10.0.0.211"), ENI: "eni-09cc4b2558794f7f9", Tags: []model.Tag{{Key: "Name", Value: "public-nat"}}},
		{ID: "nat-r", VPC: "vpc-1", Connectivity: "public", State: "available", Regional: true, RouteTable: "rtb-r", Zones: []string{"us-east-1b"},
			PublicIP: addr("198.51.100.7"), PrivateIP: addr("10.0.0.7"), ENI: "eni-r"},
	}
	if diff := cmp.Diff(want, s.NATGateways, cmpOpts); diff != "" {
		t.Errorf("NAT gateways (-want +got):\n%s", diff)
	}
}

func TestNetworkInterfaces(t *testing.T) {
	s := mustLoad(t, map[string]string{"enis.json": docExample(t, "ec2/describe-network-interfaces.rst", 1),
		"cs.json": `{"NetworkInterfaces":[{"NetworkInterfaceId":"eni-0c1","VpcId":"vpc-0a1","SubnetId":"subnet-0p1","AvailabilityZone":"us-east-1a",
 "InterfaceType":"interface","Status":"in-use","PrivateIpAddress":"10.0.1.25",
 "PrivateIpAddresses":[{"PrivateIpAddress":"10.0.1.25","Primary":true}],"Ipv6Addresses":[{"Ipv6Address":"2001:db8::25"}],
 "Groups":[{"GroupId":"sg-0c1","GroupName":"cloudshell"}],"SourceDestCheck":true,"RequesterManaged":false,
 "TagSet":[{"Key":"ManagedByCloudShell","Value":""}]},
 {"NetworkInterfaceId":"eni-0e1","VpcId":"vpc-0a1","SubnetId":"subnet-0p1","PrivateIpAddress":"10.0.1.30",
 "PrivateIpAddresses":[{"PrivateIpAddress":"10.0.1.30","Primary":true}],
 "Ipv4Prefixes":[{"Ipv4Prefix":"10.0.1.16/28"},{"Ipv4Prefix":""},{"Ipv4Prefix":"10.0.1.64/28"},{"Ipv4Prefix":"10.0.1.16/28"}],
 "Groups":[{"GroupId":"sg-0c1"}]}]}`})
	want := []model.ENI{
		{ID: "eni-0c1", VPC: "vpc-0a1", Subnet: "subnet-0p1", AZ: "us-east-1a", Type: "interface", Status: "in-use",
			PrivateIP: addr("10.0.1.25"), IPv6: []netip.Addr{addr("2001:db8::25")}, SecurityGroups: []string{"sg-0c1"},
			SourceDestCheck: model.True, Tags: []model.Tag{{Key: model.CloudShellTag}}},
		// EKS prefix mode: the delegated prefixes, once each.
		{ID: "eni-0e1", VPC: "vpc-0a1", Subnet: "subnet-0p1", PrivateIP: addr("10.0.1.30"),
			Prefixes: []netip.Prefix{pfx("10.0.1.16/28"), pfx("10.0.1.64/28")}, SecurityGroups: []string{"sg-0c1"}},
		{ID: "eni-b9a5ac93", VPC: "vpc-8941ebec", Subnet: "subnet-31d6c219", Account: "123456789012", AZ: "us-east-1d", Status: "available",
			PrivateIP: addr("10.0.1.55"), SecondaryIPs: []netip.Addr{addr("10.0.1.117")}, SecurityGroups: []string{"sg-905002f5"},
			SourceDestCheck: model.True, Description: "ProdENI", Tags: []model.Tag{{Key: "Purpose", Value: "Prod"}}},
	}
	if diff := cmp.Diff(want, s.ENIs, cmpOpts); diff != "" {
		t.Errorf("interfaces (-want +got):\n%s", diff)
	}
	if !s.ENIs[0].HasTag(model.CloudShellTag) {
		t.Error("the CloudShell tag is lost")
	}

	// A public address on the primary private address.
	s = mustLoad(t, map[string]string{"enis.json": docExample(t, "ec2/describe-network-interfaces.rst", 0)})
	if got := s.ENIs[1].PublicIP; got != addr("198.51.100.0") {
		t.Errorf("public IP = %v, want 198.51.100.0", got)
	}
}

func TestInstances(t *testing.T) {
	res := `{"Reservations":[{"OwnerId":"111122223333","ReservationId":"r-1","Instances":[
	 {"InstanceId":"i-run","State":{"Code":16,"Name":"running"},"Placement":{"AvailabilityZone":"eu-west-1b"},"UserData":"c2VjcmV0",
	  "NetworkInterfaces":[{"NetworkInterfaceId":"eni-a","SubnetId":"subnet-1","VpcId":"vpc-1","PrivateIpAddress":"10.0.1.5",
	   "PrivateIpAddresses":[{"PrivateIpAddress":"10.0.1.5","Primary":true,"Association":{"PublicIp":"203.0.113.5"}}],
	   "Ipv4Prefixes":[{"Ipv4Prefix":"10.0.1.32/28"}],
	   "Groups":[{"GroupId":"sg-1"}],"SourceDestCheck":false,"Status":"in-use","Attachment":{"DeviceIndex":0}}],"Tags":[{"Key":"Name","Value":"web"}]},
	 {"InstanceId":"i-stop","State":{"Code":80,"Name":"stopped"},"NetworkInterfaces":[{"NetworkInterfaceId":"eni-b","SubnetId":"subnet-1","PrivateIpAddress":"10.0.1.6"}]}]}]}`
	enis := `{"NetworkInterfaces":[{"NetworkInterfaceId":"eni-b","SubnetId":"subnet-1","VpcId":"vpc-1","PrivateIpAddress":"10.0.1.6","Status":"in-use",
	 "InterfaceType":"interface","Attachment":{"InstanceId":"i-stop"},"TagSet":[]}]}`
	s := mustLoad(t, map[string]string{"r.json": res, "n.json": enis})
	wantInst := []model.Instance{
		{ID: "i-run", Account: "111122223333", State: "running", ENIs: []string{"eni-a"}, Tags: []model.Tag{{Key: "Name", Value: "web"}}},
		{ID: "i-stop", Account: "111122223333", State: "stopped", ENIs: []string{"eni-b"}},
	}
	if diff := cmp.Diff(wantInst, s.Instances, cmpOpts); diff != "" {
		t.Errorf("instances (-want +got):\n%s", diff)
	}
	// describe-network-interfaces wins for eni-b; eni-a comes from the instance.
	wantENIs := []model.ENI{
		{ID: "eni-b", VPC: "vpc-1", Subnet: "subnet-1", Type: "interface", Status: "in-use", PrivateIP: addr("10.0.1.6"), Instance: "i-stop"},
		{ID: "eni-a", VPC: "vpc-1", Subnet: "subnet-1", Account: "111122223333", AZ: "eu-west-1b", Status: "in-use",
			PrivateIP: addr("10.0.1.5"), Prefixes: []netip.Prefix{pfx("10.0.1.32/28")}, PublicIP: addr("203.0.113.5"), SecurityGroups: []string{"sg-1"},
			SourceDestCheck: model.False, Instance: "i-run"},
	}
	if diff := cmp.Diff(wantENIs, s.ENIs, cmpOpts); diff != "" {
		t.Errorf("interfaces (-want +got):\n%s", diff)
	}
}

func TestElasticIPs(t *testing.T) {
	s := mustLoad(t, map[string]string{
		"eip.json":  docExample(t, "ec2/describe-addresses.rst", 0),
		"enis.json": `{"NetworkInterfaces":[{"NetworkInterfaceId":"eni-12345678","SubnetId":"subnet-1","PrivateIpAddress":"10.0.1.241"}]}`,
	})
	want := []model.ElasticIP{
		{PublicIP: addr("198.51.100.0"), Instance: "i-1234567890abcdef0"},
		{AllocationID: "eipalloc-12345678", PublicIP: addr("203.0.113.0"), ENI: "eni-12345678", PrivateIP: addr("10.0.1.241"), Instance: "i-1234567890abcdef0"},
	}
	if diff := cmp.Diff(want, s.ElasticIPs, cmpOpts); diff != "" {
		t.Errorf("Elastic IPs (-want +got):\n%s", diff)
	}
	if got := s.ENIs[0].PublicIP; got != addr("203.0.113.0") {
		t.Errorf("ENI public IP from describe-addresses = %v, want 203.0.113.0", got)
	}
}

func TestEndpointPolicy(t *testing.T) {
	tests := []struct {
		doc, want string
	}{
		{``, ``},
		{`{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}`, ``},
		{"{\n  \"Statement\": [\n    {\n      \"Action\": \"*\", \n      \"Effect\": \"Allow\", \n      \"Principal\": \"*\", \n      \"Resource\": \"*\"\n    }\n  ]\n}", ``},
		{`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"*"},"Action":["*"],"Resource":["*"]}}`, ``},
		{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}`,
			`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}`},
		{`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-1"}}}]}`,
			`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-1"}}}]}`},
		{`{"Statement":[{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}]}`, `{"Statement":[{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}]}`},
		{`not json`, `not json`},
	}
	for _, tt := range tests {
		if got := policy(tt.doc); got != tt.want {
			t.Errorf("policy(%q) = %q, want %q", tt.doc, got, tt.want)
		}
	}
	s := mustLoad(t, map[string]string{"e.json": docExample(t, "ec2/describe-vpc-endpoints.rst", 0)})
	if len(s.Endpoints) != 3 || s.Endpoints[0].Policy != "" || s.Endpoints[1].Policy != "" {
		t.Fatalf("endpoints = %+v, want three, the first two with the default policy", s.Endpoints)
	}
	want := model.Endpoint{ID: "vpce-0f89a33420c1931d7", VPC: "vpc-1a2b3c4d", Account: "123456789012", Type: "Interface",
		Service: "com.amazonaws.us-east-1.elasticloadbalancing", State: "available",
		Subnets: []string{"subnet-d6fcaa8d", "subnet-7b16de0c"}, ENIs: []string{"eni-2ec2b084", "eni-1b4a65cf"}, SecurityGroups: []string{"sg-54e8bf31"}}
	if diff := cmp.Diff(want, s.Endpoints[1], cmpOpts); diff != "" {
		t.Errorf("interface endpoint (-want +got):\n%s", diff)
	}
}

func TestEndpointDNSOptions(t *testing.T) {
	tests := []struct {
		name, options string // the DnsOptions member, "" for none
		want          bool
	}{
		{"absent", ``, false},
		{"null", `"DnsOptions": null,`, false},
		{"record type only", `"DnsOptions": {"DnsRecordIpType": "ipv4"},`, false},
		{"off", `"DnsOptions": {"DnsRecordIpType": "ipv4", "PrivateDnsOnlyForInboundResolverEndpoint": false},`, false},
		{"on", `"DnsOptions": {"DnsRecordIpType": "ipv4", "PrivateDnsOnlyForInboundResolverEndpoint": true},`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustLoad(t, map[string]string{"e.json": `{"VpcEndpoints": [{"VpcEndpointId": "vpce-s3", "VpcEndpointType": "Interface",
 "VpcId": "vpc-1", "ServiceName": "com.amazonaws.eu-west-1.s3", "State": "available", "PrivateDnsEnabled": true, ` + tt.options + `
 "SubnetIds": ["subnet-1"]}]}`})
			if len(s.Endpoints) != 1 {
				t.Fatalf("endpoints = %+v, want one", s.Endpoints)
			}
			if ep := s.Endpoints[0]; !ep.PrivateDNS || ep.PrivateDNSOnlyForInboundResolver != tt.want {
				t.Errorf("PrivateDNS %v, PrivateDNSOnlyForInboundResolver = %v, want true, %v", ep.PrivateDNS, ep.PrivateDNSOnlyForInboundResolver, tt.want)
			}
		})
	}
}

func TestPrefixListEntries(t *testing.T) {
	managed := docExample(t, "ec2/describe-managed-prefix-lists.rst", 0)
	entries := docExample(t, "ec2/get-managed-prefix-list-entries.rst", 0)
	withID := strings.Replace(entries, `"Entries"`, `"PrefixListId": "pl-0123456abcabcabc1", "Entries"`, 1)
	wantCIDRs := []netip.Prefix{pfx("10.0.0.0/16"), pfx("10.2.0.0/16")}
	check := func(name string, s *model.Snapshot, list string) {
		t.Helper()
		for _, p := range s.PrefixLists {
			if p.ID == list {
				if !p.EntriesKnown || !cmp.Equal(p.CIDRs, wantCIDRs, cmpOpts) {
					t.Errorf("%s: %s = %+v, want entries %v", name, list, p, wantCIDRs)
				}
				return
			}
		}
		t.Errorf("%s: no prefix list %s", name, list)
	}

	// The id beside the entries (what docs/collect.sh writes).
	s, diags := loadFiles(t, map[string]string{"PrefixLists.json": managed, "entries.json": withID})
	if len(diags) != 0 {
		t.Errorf("id key: %v", diags)
	}
	check("id key", s, "pl-0123456abcabcabc1")
	if s.PrefixLists[0].EntriesKnown {
		t.Errorf("pl-11223344556677aab has entries known, want not")
	}
	// The id in the file name.
	s, diags = loadFiles(t, map[string]string{"PrefixLists.json": managed, "entries/pl-0123456abcabcabc1.json": entries})
	if len(diags) != 0 {
		t.Errorf("file name: %v", diags)
	}
	check("file name", s, "pl-0123456abcabcabc1")
	// No id, one list without entries: inferred, with a warning.
	s, diags = loadFiles(t, map[string]string{
		"PrefixLists.json": managed, "e1.json": strings.Replace(withID, "pl-0123456abcabcabc1", "pl-11223344556677aab", 1), "e2.json": entries,
	})
	if got := codes(diags); len(got) != 1 || got[0] != CodeInferredID {
		t.Errorf("inferred: codes %q", got)
	}
	check("inferred", s, "pl-0123456abcabcabc1")
	// No id and two candidates: ignored, with a warning.
	_, diags = loadFiles(t, map[string]string{"PrefixLists.json": managed, "e.json": entries})
	if got := codes(diags); len(got) != 1 || got[0] != CodeMissingID {
		t.Errorf("missing: codes %q", got)
	}
}
