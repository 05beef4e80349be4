package tomlsnap

import (
	"net/netip"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/cshsim/cshsim/model"
)

const acct = "123456789012"

// exampleSnapshot is testdata/example.toml as a model literal.
func exampleSnapshot() *model.Snapshot {
	anyRule := model.SGRule{Protocol: model.ProtoAll, Ports: model.AllPorts, ICMP: model.AnyICMP, CIDR: pfx("0.0.0.0/0")}
	return &model.Snapshot{
		Region:  "ap-northeast-1",
		Account: acct,
		VPCs: []model.VPC{
			{
				ID:                "vpc-app",
				Account:           acct,
				Region:            "ap-northeast-1",
				State:             "available",
				CIDRs:             []netip.Prefix{pfx("10.0.0.0/16"), pfx("100.64.0.0/16")},
				IPv6CIDRs:         []netip.Prefix{pfx("2001:db8:1234:1a00::/56")},
				DNSSupport:        model.True,
				DNSHostnames:      model.False,
				DHCPOptions:       "dopt-1",
				BlockPublicAccess: "off",
				Tags:              []model.Tag{{Key: "Name", Value: "app"}, {Key: "cost center", Value: "42"}},
			},
			{ID: "vpc-peer", CIDRs: []netip.Prefix{pfx("10.9.0.0/16")}},
		},
		Subnets: []model.Subnet{
			{
				ID:         "subnet-public-a",
				VPC:        "vpc-app",
				CIDR:       pfx("10.0.0.0/24"),
				RouteTable: "rtb-public",
				Tags:       []model.Tag{{Key: "Name", Value: "public-a"}},
			},
			{
				ID:                "subnet-private-a",
				VPC:               "vpc-app",
				Account:           acct,
				CIDR:              pfx("10.0.1.0/24"),
				IPv6CIDRs:         []netip.Prefix{pfx("2001:db8:1234:1a01::/64")},
				AZ:                "ap-northeast-1a",
				AZID:              "apne1-az4",
				State:             "available",
				RouteTable:        "rtb-private",
				NetworkACL:        "acl-private",
				BlockPublicAccess: "off",
			},
		},
		RouteTables: []model.RouteTable{
			{
				ID:       "rtb-main",
				VPC:      "vpc-app",
				Account:  acct,
				Main:     true,
				Gateways: []string{"igw-1"},
				Tags:     []model.Tag{{Key: "Name", Value: "main"}},
			},
			{
				ID:  "rtb-public",
				VPC: "vpc-app",
				Routes: []model.Route{
					{Destination: pfx("0.0.0.0/0"), Target: model.Ref{Kind: model.KindInternetGateway, ID: "igw-1"}},
				},
			},
			{
				ID:  "rtb-private",
				VPC: "vpc-app",
				Routes: []model.Route{
					{Destination: pfx("10.0.0.0/16"), Target: model.Ref{Kind: model.KindLocal}, Origin: "CreateRouteTable"},
					{Destination: pfx("0.0.0.0/0"), Target: model.Ref{Kind: model.KindNATGateway, ID: "nat-a"}},
					{Destination: pfx("::/0"), Target: model.Ref{Kind: model.KindEgressOnlyIGW, ID: "eigw-1"}},
					{PrefixList: "pl-s3", Target: model.Ref{Kind: model.KindEndpoint, ID: "vpce-s3"}},
					{Destination: pfx("10.9.0.0/16"), Target: model.Ref{Kind: model.KindPeering, ID: "pcx-1"}, State: "active"},
					{Destination: pfx("10.20.0.0/16"), Target: model.Ref{Kind: model.KindTransitGateway, ID: "tgw-1"}},
					{Destination: pfx("10.30.0.0/16"), Target: model.Ref{Kind: model.KindVPNGateway, ID: "vgw-1"}, Origin: "EnableVgwRoutePropagation"},
					{Destination: pfx("10.40.0.0/16"), Target: model.Ref{Kind: model.KindENI, ID: "eni-appliance"}},
					{Destination: pfx("10.50.0.0/16"), Target: model.Ref{Kind: model.KindNATGateway, ID: "nat-gone"}, State: "blackhole"},
					{Destination: pfx("10.60.0.0/16"), Target: model.Ref{Kind: model.KindBlackhole}, State: "blackhole"},
				},
			},
		},
		InternetGateways: []model.InternetGateway{
			{ID: "igw-1", Account: acct, VPC: "vpc-app", State: "available", Tags: []model.Tag{{Key: "Name", Value: "igw"}}},
		},
		EgressOnlyIGWs: []model.EgressOnlyIGW{
			{ID: "eigw-1", VPC: "vpc-app", State: "attached", Tags: []model.Tag{{Key: "Name", Value: "eigw"}}},
		},
		NATGateways: []model.NATGateway{
			{
				ID:           "nat-a",
				VPC:          "vpc-app",
				Account:      acct,
				Subnet:       "subnet-public-a",
				Connectivity: "public",
				State:        "available",
				PublicIP:     ip("203.0.113.10"),
				PrivateIP:    ip("10.0.0.10"),
				ENI:          "eni-nat-a",
				Tags:         []model.Tag{{Key: "Name", Value: "nat-a"}},
			},
			{ID: "nat-regional", Connectivity: "private", State: "pending", Regional: true, RouteTable: "rtb-main"},
		},
		SecurityGroups: []model.SecurityGroup{
			{
				ID:      "sg-cloudshell",
				Name:    "cloudshell",
				VPC:     "vpc-app",
				Account: acct,
				Egress:  []model.SGRule{anyRule},
				Tags:    []model.Tag{{Key: "Name", Value: "cloudshell"}},
			},
			{
				ID:  "sg-db",
				VPC: "vpc-app",
				Ingress: []model.SGRule{
					{Protocol: model.ProtoTCP, Ports: model.Port(5432), ICMP: model.AnyICMP, Group: "sg-cloudshell", Description: "psql from CloudShell"},
					{Protocol: model.ProtoTCP, Ports: model.PortRange{First: 1024, Last: 65535}, ICMP: model.AnyICMP, CIDR: pfx("10.0.0.0/16")},
					{Protocol: model.ProtoICMP, Ports: model.AllPorts, ICMP: model.ICMPMatch{Type: 8, Code: 0}, CIDR: pfx("10.0.0.0/16")},
					{Protocol: model.ProtoICMPv6, Ports: model.AllPorts, ICMP: model.AnyICMP, CIDR: pfx("2001:db8:1234:1a00::/56")},
					{Protocol: 47, Ports: model.AllPorts, ICMP: model.AnyICMP, PrefixList: "pl-s3"},
					{Protocol: model.ProtoUDP, Ports: model.AllPorts, ICMP: model.AnyICMP, Group: "sg-remote", GroupVPC: "vpc-peer", Peering: "pcx-1"},
				},
			},
		},
		NetworkACLs: []model.NetworkACL{
			{ID: "acl-default", VPC: "vpc-app", Default: true},
			{
				ID:      "acl-private",
				VPC:     "vpc-app",
				Account: acct,
				Entries: []model.ACLEntry{
					{RuleNumber: 100, Allow: true, Protocol: model.ProtoTCP, CIDR: pfx("0.0.0.0/0"), Ports: model.PortRange{First: 1024, Last: 65535}, ICMP: model.AnyICMP},
					{RuleNumber: 200, Protocol: model.ProtoICMP, CIDR: pfx("0.0.0.0/0"), Ports: model.AllPorts, ICMP: model.ICMPMatch{Type: 3, Code: 4}},
					{RuleNumber: 100, Egress: true, Allow: true, Protocol: model.ProtoAll, CIDR: pfx("0.0.0.0/0"), Ports: model.AllPorts, ICMP: model.AnyICMP},
				},
				Tags: []model.Tag{{Key: "Name", Value: "private"}},
			},
		},
		PrefixLists: []model.PrefixList{
			{
				ID:           "pl-s3",
				Name:         "com.amazonaws.ap-northeast-1.s3",
				Owner:        "AWS",
				Account:      acct,
				Region:       "ap-northeast-1",
				CIDRs:        []netip.Prefix{pfx("52.219.0.0/20"), pfx("3.5.152.0/21")},
				EntriesKnown: true,
			},
			{ID: "pl-unknown"},
		},
		ENIs: []model.ENI{
			{
				ID:               "eni-cloudshell",
				VPC:              "vpc-app",
				Subnet:           "subnet-private-a",
				Account:          acct,
				AZ:               "ap-northeast-1a",
				Type:             "interface",
				Status:           "in-use",
				PrivateIP:        ip("10.0.1.25"),
				SecondaryIPs:     []netip.Addr{ip("10.0.1.26")},
				IPv6:             []netip.Addr{ip("2001:db8:1234:1a01::25")},
				SecurityGroups:   []string{"sg-cloudshell"},
				RequesterManaged: true,
				Description:      "CloudShell",
				Tags:             []model.Tag{{Key: model.CloudShellTag, Value: ""}},
			},
			{
				ID:              "eni-appliance",
				Subnet:          "subnet-public-a",
				PrivateIP:       ip("10.0.0.50"),
				PublicIP:        ip("198.51.100.7"),
				SourceDestCheck: model.False,
				Instance:        "i-appliance",
			},
		},
		Instances: []model.Instance{
			{ID: "i-appliance", Account: acct, State: "running", ENIs: []string{"eni-appliance"}, Tags: []model.Tag{{Key: "Name", Value: "appliance"}}},
		},
		ElasticIPs: []model.ElasticIP{
			{AllocationID: "eipalloc-1", PublicIP: ip("198.51.100.7"), ENI: "eni-appliance", PrivateIP: ip("10.0.0.50"), Instance: "i-appliance"},
		},
		Endpoints: []model.Endpoint{
			{
				ID:          "vpce-s3",
				VPC:         "vpc-app",
				Account:     acct,
				Type:        "Gateway",
				Service:     "com.amazonaws.ap-northeast-1.s3",
				State:       "available",
				RouteTables: []string{"rtb-private"},
				Policy:      `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}`,
				Tags:        []model.Tag{{Key: "Name", Value: "s3"}},
			},
			{
				ID:             "vpce-logs",
				VPC:            "vpc-app",
				Type:           "Interface",
				Service:        "com.amazonaws.ap-northeast-1.logs",
				State:          "available",
				PrivateDNS:     true,
				Subnets:        []string{"subnet-private-a"},
				ENIs:           []string{"eni-vpce-logs"},
				SecurityGroups: []string{"sg-cloudshell"},
			},
		},
		DHCPOptions: []model.DHCPOptions{
			{ID: "dopt-1", Account: acct, DomainNameServers: []string{"AmazonProvidedDNS"}, DomainName: "ap-northeast-1.compute.internal"},
		},
		CloudShells: []model.CloudShellEnv{
			{
				Name:           "ops",
				Principal:      "arn:aws:iam::123456789012:role/Admin",
				VPC:            "vpc-app",
				Subnet:         "subnet-private-a",
				SecurityGroups: []string{"sg-cloudshell"},
				ENI:            "eni-cloudshell",
				IP:             ip("10.0.1.25"),
			},
		},
		TransitGateways: []model.TransitGateway{
			{
				ID:                      "tgw-1",
				Account:                 acct,
				State:                   "available",
				DefaultAssociationTable: "tgw-rtb-1",
				DefaultPropagationTable: "tgw-rtb-1",
				DNSSupport:              true,
				SGReferencing:           true,
				Tags:                    []model.Tag{{Key: "Name", Value: "hub"}},
			},
		},
		TGWAttachments: []model.TGWAttachment{
			{
				ID:             "tgw-attach-1",
				TransitGateway: "tgw-1",
				ResourceType:   "vpc",
				ResourceID:     "vpc-app",
				Account:        acct,
				State:          "available",
				Subnets:        []string{"subnet-private-a"},
				RouteTable:     "tgw-rtb-1",
				ApplianceMode:  true,
				SGReferencing:  true,
				DNSSupport:     true,
			},
		},
		TGWRouteTables: []model.TGWRouteTable{
			{
				ID:             "tgw-rtb-1",
				TransitGateway: "tgw-1",
				State:          "available",
				Routes: []model.TGWRoute{
					{Destination: pfx("10.0.0.0/16"), Type: "propagated", State: "active", Attachments: []string{"tgw-attach-1"}},
					{PrefixList: "pl-s3", Type: "static", State: "blackhole"},
				},
				Propagations: []string{"tgw-attach-1"},
				RoutesKnown:  true,
			},
		},
		Peerings: []model.PeeringConnection{
			{
				ID:        "pcx-1",
				Status:    "active",
				Requester: model.PeerVPC{VPC: "vpc-app", Account: acct, Region: "ap-northeast-1", CIDRs: []netip.Prefix{pfx("10.0.0.0/16")}},
				Accepter:  model.PeerVPC{VPC: "vpc-peer", Account: "210987654321", Region: "us-east-1", CIDRs: []netip.Prefix{pfx("10.9.0.0/16")}},
				Tags:      []model.Tag{{Key: "Name", Value: "app-peer"}},
			},
		},
		VPNGateways: []model.VPNGateway{{ID: "vgw-1", State: "available", VPCs: []string{"vpc-app"}}},
		ECSTasks: []model.ECSTask{
			{
				ID:              "0123456789abcdef0",
				ARN:             "arn:aws:ecs:ap-northeast-1:123456789012:task/app/0123456789abcdef0",
				Cluster:         "app",
				LastStatus:      model.StateRunning,
				LaunchType:      "FARGATE",
				PlatformVersion: "1.4.0",
				ExecEnabled:     true,
				ExecAgent:       model.StateRunning,
				ENI:             "eni-task",
				Subnet:          "subnet-private-a",
				PrivateIP:       ip("10.0.1.80"),
			},
		},
	}
}

func exampleExpects() []Expect {
	yes, no := true, false
	return []Expect{
		{
			From:      "cloudshell:ops",
			To:        "internet",
			Reachable: &yes,
			Via:       []string{"nat-a"},
			NotVia:    []string{"igw-1"},
			Why:       "private subnet: out through the NAT gateway",
		},
		{From: "cloudshell:ops", To: "10.0.1.200:5432/tcp", Reachable: &no, Code: "NO_ROUTE_TO_DESTINATION"},
	}
}

func TestExample(t *testing.T) {
	doc, diags := ReadFile("testdata/example.toml")
	if len(diags) > 0 {
		t.Fatalf("ReadFile: %v", diags)
	}
	if diff := cmp.Diff(exampleSnapshot(), doc.Snapshot, cmpOpts); diff != "" {
		t.Errorf("ReadFile snapshot (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(exampleExpects(), doc.Expects, cmpopts.IgnoreFields(Expect{}, "Pos")); diff != "" {
		t.Errorf("ReadFile expects (-want +got):\n%s", diff)
	}
	for i, e := range doc.Expects {
		if e.Pos.File != "testdata/example.toml" || e.Pos.Col != 1 || e.Pos.Line == 0 {
			t.Errorf("expect %d at %v, want the [[expect]] header", i, e.Pos)
		}
	}
	if d := doc.Snapshot.Validate(); len(d) > 0 {
		t.Errorf("Validate: %v", d)
	}
}
