package sim

import (
	"net/netip"
	"testing"

	"github.com/cshsim/cshsim/model"
)

// twoVPCs is vpc-a (10.1.0.0/16, CloudShell in sn-a1, eu-west-1a) and
// vpc-b (10.2.0.0/16, a database in sn-b1) joined by transit gateway
// tgw-1 (one route table, both attachments associated and propagating)
// and, unused until a test routes to it, peering connection pcx-1.
func twoVPCs() *model.Snapshot {
	any := []model.SGRule{{Protocol: model.ProtoAll, CIDR: pfx("0.0.0.0/0")}}
	return &model.Snapshot{
		Region: "eu-west-1",
		VPCs: []model.VPC{
			{ID: "vpc-a", CIDRs: []netip.Prefix{pfx("10.1.0.0/16")}},
			{ID: "vpc-b", CIDRs: []netip.Prefix{pfx("10.2.0.0/16")}},
		},
		Subnets: []model.Subnet{
			{ID: "sn-a1", VPC: "vpc-a", CIDR: pfx("10.1.1.0/24"), AZ: "eu-west-1a", RouteTable: "rt-a"},
			{ID: "sn-a-tgw", VPC: "vpc-a", CIDR: pfx("10.1.255.0/28"), AZ: "eu-west-1a", RouteTable: "rt-a"},
			{ID: "sn-b1", VPC: "vpc-b", CIDR: pfx("10.2.1.0/24"), AZ: "eu-west-1a", RouteTable: "rt-b"},
			{ID: "sn-b-tgw", VPC: "vpc-b", CIDR: pfx("10.2.255.0/28"), AZ: "eu-west-1a", RouteTable: "rt-b"},
		},
		RouteTables: []model.RouteTable{
			{ID: "rt-a", VPC: "vpc-a", Routes: []model.Route{mkRoute("10.2.0.0/16", model.KindTransitGateway, "tgw-1")}},
			{ID: "rt-b", VPC: "vpc-b", Routes: []model.Route{mkRoute("10.1.0.0/16", model.KindTransitGateway, "tgw-1")}},
		},
		TransitGateways: []model.TransitGateway{{ID: "tgw-1", State: "available"}},
		TGWAttachments: []model.TGWAttachment{
			{ID: "att-a", TransitGateway: "tgw-1", ResourceType: "vpc", ResourceID: "vpc-a", State: "available", Subnets: []string{"sn-a-tgw"}, RouteTable: "tgw-rt"},
			{ID: "att-b", TransitGateway: "tgw-1", ResourceType: "vpc", ResourceID: "vpc-b", State: "available", Subnets: []string{"sn-b-tgw"}, RouteTable: "tgw-rt"},
		},
		TGWRouteTables: []model.TGWRouteTable{{ID: "tgw-rt", TransitGateway: "tgw-1", State: "available", RoutesKnown: true, Propagations: []string{"att-a", "att-b"}}},
		Peerings: []model.PeeringConnection{{ID: "pcx-1", Status: "active",
			Requester: model.PeerVPC{VPC: "vpc-a", Region: "eu-west-1", CIDRs: []netip.Prefix{pfx("10.1.0.0/16")}},
			Accepter:  model.PeerVPC{VPC: "vpc-b", Region: "eu-west-1", CIDRs: []netip.Prefix{pfx("10.2.0.0/16")}}}},
		SecurityGroups: []model.SecurityGroup{
			{ID: "sg-cs", VPC: "vpc-a", Egress: any},
			{ID: "sg-db", VPC: "vpc-b", Ingress: []model.SGRule{{Protocol: model.ProtoTCP, Ports: model.Port(5432), CIDR: pfx("10.1.0.0/16")}}, Egress: any},
		},
		ENIs:        []model.ENI{{ID: "eni-db", Subnet: "sn-b1", PrivateIP: addr("10.2.1.10"), SecurityGroups: []string{"sg-db"}}},
		CloudShells: []model.CloudShellEnv{{Name: "ops", Subnet: "sn-a1", SecurityGroups: []string{"sg-cs"}}},
	}
}

func viaPeering(s *model.Snapshot) {
	rtByID(s, "rt-a").Routes = []model.Route{mkRoute("10.2.0.0/16", model.KindPeering, "pcx-1")}
	rtByID(s, "rt-b").Routes = []model.Route{mkRoute("10.1.0.0/16", model.KindPeering, "pcx-1")}
}

// TestTransitRules checks transit gateway and peering rules (shared
// aws-rules.md §6 and §4.1), each once allowing and once blocking.
func TestTransitRules(t *testing.T) {
	tests := []struct {
		name   string
		change func(s *model.Snapshot)
		to     string
		want   Code
		via    []string
	}{
		// §6.1–6.2: transit gateway.
		{"tgw", nil, "10.2.1.10:5432/tcp", "", []string{"tgw-1", "tgw-rt", "att-b", "sg-db"}},
		{"tgw-attachment-pending", func(s *model.Snapshot) { s.TGWAttachments[0].State = model.ParseState("pendingAcceptance") }, "10.2.1.10:5432/tcp", CodeBadStateAttachment, nil},
		{"tgw-destination-attachment-deleted", func(s *model.Snapshot) { s.TGWAttachments[1].State = "deleted" }, "10.2.1.10:5432/tcp", CodeBadStateAttachment, nil},
		{"tgw-az-rule", func(s *model.Snapshot) { s.Subnets[0].AZ = "eu-west-1b" }, "10.2.1.10:5432/tcp", CodeTGWAZ, nil},
		{"tgw-az-by-zone-id", func(s *model.Snapshot) {
			s.Subnets[0].AZ, s.Subnets[0].AZID = "eu-west-1c", "euw1-az1" // another account's letter for the same zone
			s.Subnets[1].AZID = "euw1-az1"
		}, "10.2.1.10:5432/tcp", "", nil},
		{"tgw-no-association", func(s *model.Snapshot) { s.TGWAttachments[0].RouteTable = "" }, "10.2.1.10:5432/tcp", CodeTGWNoAssociation, nil},
		{"tgw-no-route", func(s *model.Snapshot) { s.TGWRouteTables[0].Propagations = []string{"att-a"} }, "10.2.1.10:5432/tcp", CodeTGWCannotRoute, nil},
		{"tgw-routes-unknown", func(s *model.Snapshot) {
			s.TGWRouteTables[0].Propagations, s.TGWRouteTables[0].RoutesKnown = nil, false
		}, "10.2.1.10:5432/tcp", CodeTGWRoutesUnknown, nil},
		// A VPN attachment propagates into the table, whose routes were not
		// collected: what the VPN advertises may be more specific.
		{"tgw-vpn-propagation-unknown", func(s *model.Snapshot) {
			s.TGWAttachments = append(s.TGWAttachments, model.TGWAttachment{ID: "att-vpn", TransitGateway: "tgw-1", ResourceType: "vpn", ResourceID: "vpn-1", State: "available", RouteTable: "tgw-rt"})
			s.TGWRouteTables[0].Propagations, s.TGWRouteTables[0].RoutesKnown = []string{"att-a", "att-b", "att-vpn"}, false
		}, "10.2.1.10:5432/tcp", CodeTGWRoutesUnknown, nil},
		{"tgw-vpn-propagation-collected", func(s *model.Snapshot) {
			s.TGWAttachments = append(s.TGWAttachments, model.TGWAttachment{ID: "att-vpn", TransitGateway: "tgw-1", ResourceType: "vpn", ResourceID: "vpn-1", State: "available", RouteTable: "tgw-rt"})
			s.TGWRouteTables[0].Propagations = []string{"att-a", "att-b", "att-vpn"} // routes collected: they decide
		}, "10.2.1.10:5432/tcp", "", nil},
		{"tgw-static-blackhole-beats-propagated", func(s *model.Snapshot) {
			s.TGWRouteTables[0].Routes = []model.TGWRoute{{Destination: pfx("10.2.0.0/16"), Type: "static", State: "blackhole"}}
		}, "10.2.1.10:5432/tcp", CodeTGWBadStateRoute, nil},
		{"tgw-more-specific-static", func(s *model.Snapshot) {
			s.TGWRouteTables[0].Routes = []model.TGWRoute{{Destination: pfx("10.2.1.0/24"), Type: "static", State: "active", Attachments: []string{"att-b"}}}
			s.TGWRouteTables[0].Propagations = []string{"att-a"}
		}, "10.2.1.10:5432/tcp", "", nil},
		{"tgw-source-attachment-subnet-acl", func(s *model.Snapshot) {
			s.NetworkACLs = []model.NetworkACL{{ID: "acl-tgw", VPC: "vpc-a", Entries: []model.ACLEntry{{RuleNumber: 100, Egress: true, Allow: true, Protocol: model.ProtoAll, CIDR: pfx("0.0.0.0/0")}}}}
			s.Subnets[1].NetworkACL = "acl-tgw" // no inbound rule: transit traffic entering the attachment subnet is dropped
		}, "10.2.1.10:5432/tcp", CodeACL, nil},
		{"tgw-destination-attachment-subnet-acl", func(s *model.Snapshot) {
			s.NetworkACLs = []model.NetworkACL{{ID: "acl-tgw-b", VPC: "vpc-b", Entries: []model.ACLEntry{{RuleNumber: 100, Allow: true, Protocol: model.ProtoAll, CIDR: pfx("0.0.0.0/0")}}}}
			s.Subnets[3].NetworkACL = "acl-tgw-b" // no outbound rule
		}, "10.2.1.10:5432/tcp", CodeACL, nil},
		{"tgw-entering-vpc-routed-by-attachment-subnet", func(s *model.Snapshot) {
			s.RouteTables = append(s.RouteTables, model.RouteTable{ID: "rt-b-tgw", VPC: "vpc-b", Routes: []model.Route{{Destination: pfx("10.2.1.0/24"), Target: model.Ref{Kind: model.KindBlackhole}, State: "blackhole"}}})
			s.Subnets[3].RouteTable = "rt-b-tgw"
		}, "10.2.1.10:5432/tcp", CodeBadStateRoute, nil},
		// §6: replies route on their own.
		{"tgw-no-return-route-in-vpc", func(s *model.Snapshot) { rtByID(s, "rt-b").Routes = nil }, "10.2.1.10:5432/tcp", CodeNoRoute, nil},
		{"tgw-no-return-route-in-tgw", func(s *model.Snapshot) {
			s.TGWAttachments[1].RouteTable = "tgw-rt-b"
			s.TGWRouteTables = append(s.TGWRouteTables, model.TGWRouteTable{ID: "tgw-rt-b", TransitGateway: "tgw-1", State: "available", RoutesKnown: true})
		}, "10.2.1.10:5432/tcp", CodeTGWCannotRoute, nil},
		// §4.1: security group references across a transit gateway.
		{"tgw-sg-reference-off", func(s *model.Snapshot) {
			s.SecurityGroups[1].Ingress[0] = model.SGRule{Protocol: model.ProtoTCP, Ports: model.Port(5432), Group: "sg-cs"}
		}, "10.2.1.10:5432/tcp", CodeSGMismatch, nil},
		{"tgw-sg-reference-on", func(s *model.Snapshot) {
			s.SecurityGroups[1].Ingress[0] = model.SGRule{Protocol: model.ProtoTCP, Ports: model.Port(5432), Group: "sg-cs"}
			s.TransitGateways[0].SGReferencing = true
			s.TGWAttachments[0].SGReferencing, s.TGWAttachments[1].SGReferencing = true, true
		}, "10.2.1.10:5432/tcp", "", nil},
		{"tgw-sg-reference-egress-never", func(s *model.Snapshot) {
			s.SecurityGroups[0].Egress = []model.SGRule{{Protocol: model.ProtoTCP, Ports: model.Port(5432), Group: "sg-db"}}
			s.TransitGateways[0].SGReferencing = true
			s.TGWAttachments[0].SGReferencing, s.TGWAttachments[1].SGReferencing = true, true
		}, "10.2.1.10:5432/tcp", CodeSGMismatch, nil},
		// §6.3: peering.
		{"peering", viaPeering, "10.2.1.10:5432/tcp", "", []string{"pcx-1", "sg-db"}},
		{"peering-pending", func(s *model.Snapshot) { viaPeering(s); s.Peerings[0].Status = "pending-acceptance" }, "10.2.1.10:5432/tcp", CodeBadState, nil},
		{"peering-outside-peer-cidr", func(s *model.Snapshot) {
			viaPeering(s)
			r := rtByID(s, "rt-a")
			r.Routes = append(r.Routes, mkRoute("0.0.0.0/0", model.KindPeering, "pcx-1"))
		}, "203.0.113.10:443/tcp", CodePCXCIDR, nil},
		{"peering-no-return-route", func(s *model.Snapshot) { viaPeering(s); rtByID(s, "rt-b").Routes = nil }, "10.2.1.10:5432/tcp", CodeNoRoute, nil},
		{"peering-sg-reference-same-region", func(s *model.Snapshot) {
			viaPeering(s)
			s.SecurityGroups[1].Ingress[0] = model.SGRule{Protocol: model.ProtoTCP, Ports: model.Port(5432), Group: "sg-cs", GroupVPC: "vpc-a", Peering: "pcx-1"}
		}, "10.2.1.10:5432/tcp", "", nil},
		{"peering-sg-reference-inter-region", func(s *model.Snapshot) {
			viaPeering(s)
			s.Peerings[0].Accepter.Region = "us-east-1"
			s.SecurityGroups[1].Ingress[0] = model.SGRule{Protocol: model.ProtoTCP, Ports: model.Port(5432), Group: "sg-cs", GroupVPC: "vpc-a", Peering: "pcx-1"}
		}, "10.2.1.10:5432/tcp", CodeSGMismatch, nil},
		{"peering-sg-reference-egress", func(s *model.Snapshot) {
			viaPeering(s)
			s.SecurityGroups[0].Egress = []model.SGRule{{Protocol: model.ProtoTCP, Ports: model.Port(5432), Group: "sg-db", GroupVPC: "vpc-b", Peering: "pcx-1"}}
		}, "10.2.1.10:5432/tcp", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := twoVPCs()
			if tt.change != nil {
				tt.change(s)
			}
			if ds := s.Validate(); ds.HasErrors() {
				t.Fatalf("snapshot invalid: %v", ds.Err())
			}
			g := Build(s)
			src, err := g.ResolveSource("cloudshell")
			if err != nil {
				t.Fatal(err)
			}
			dst, _ := ParseDestination(tt.to)
			r := g.Query(src, dst)
			if r.Code != tt.want || r.Reachable != (tt.want == "") {
				t.Errorf("Query(%s) = reachable %v, code %q (%s); want %q\n%s", tt.to, r.Reachable, r.Code, r.Message, tt.want, dumpHops(r))
			}
			for _, v := range tt.via {
				if !r.Passes(v) {
					t.Errorf("path does not pass %s\n%s", v, dumpHops(r))
				}
			}
		})
	}
}

// TestFromInternet checks inbound exposure (aws-rules.md §3.1).
func TestFromInternet(t *testing.T) {
	tests := []struct {
		name   string
		change func(s *model.Snapshot)
		to     string
		want   Code
	}{
		{"public-ip", nil, "198.51.100.20:443/tcp", ""},
		{"public-ip-sg-closed", func(s *model.Snapshot) { s.SecurityGroups[2].Ingress[0].CIDR = pfx("10.0.0.0/8") }, "198.51.100.20:443/tcp", CodeSGMismatch},
		{"private-ip", nil, "10.0.0.20:443/tcp", CodeIGWIngressPrivate},
		{"unknown-public-ip", nil, "198.51.100.200:443/tcp", CodeIGWIngressPrivate},
		{"nat-eip", nil, "198.51.100.7:443/tcp", CodeNATInbound},
		{"reply-through-nat", func(s *model.Snapshot) {
			s.ENIs[1].Subnet, s.ENIs[1].PrivateIP = "sn-db", addr("10.0.2.20")
			rtByID(s, "rt-main").Routes = []model.Route{mkRoute("0.0.0.0/0", model.KindNATGateway, "nat-a")}
		}, "198.51.100.20:443/tcp", CodeAsymmetricReturn},
		{"subnet-acl-inbound", func(s *model.Snapshot) {
			withACL(s, "sn-pub", acl("acl-pub", deny(50, false, model.ProtoTCP, model.Port(443), "0.0.0.0/0")))
		}, "198.51.100.20:443/tcp", CodeACL},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := base()
			if tt.change != nil {
				tt.change(s)
			}
			if ds := s.Validate(); ds.HasErrors() {
				t.Fatal(ds.Err())
			}
			g := Build(s)
			src, err := g.ResolveSource("internet")
			if err != nil {
				t.Fatal(err)
			}
			dst, _ := ParseDestination(tt.to)
			r := g.Query(src, dst)
			if r.Code != tt.want || r.Reachable != (tt.want == "") {
				t.Errorf("Query(internet → %s) = %v %q (%s); want %q\n%s", tt.to, r.Reachable, r.Code, r.Message, tt.want, dumpHops(r))
			}
		})
	}
}

// tgwPeered moves vpc-b behind a second transit gateway, tgw-2, peered
// with tgw-1 by attachment att-p (one record per end, as exports show it),
// with static routes each way.
func tgwPeered(s *model.Snapshot) {
	s.TransitGateways = append(s.TransitGateways, model.TransitGateway{ID: "tgw-2", State: "available"})
	s.TGWAttachments[1].TransitGateway, s.TGWAttachments[1].RouteTable = "tgw-2", "tgw-rt-2"
	rtByID(s, "rt-b").Routes = []model.Route{mkRoute("10.1.0.0/16", model.KindTransitGateway, "tgw-2")}
	s.TGWAttachments = append(s.TGWAttachments,
		model.TGWAttachment{ID: "att-p", TransitGateway: "tgw-1", ResourceType: "peering", ResourceID: "tgw-2", State: "available", RouteTable: "tgw-rt"},
		model.TGWAttachment{ID: "att-p", TransitGateway: "tgw-2", ResourceType: "peering", ResourceID: "tgw-1", State: "available", RouteTable: "tgw-rt-2"})
	s.TGWRouteTables[0].Propagations = []string{"att-a"}
	s.TGWRouteTables[0].Routes = []model.TGWRoute{{Destination: pfx("10.2.0.0/16"), Type: "static", State: "active", Attachments: []string{"att-p"}}}
	s.TGWRouteTables = append(s.TGWRouteTables, model.TGWRouteTable{ID: "tgw-rt-2", TransitGateway: "tgw-2", State: "available", RoutesKnown: true,
		Propagations: []string{"att-b"},
		Routes:       []model.TGWRoute{{Destination: pfx("10.1.0.0/16"), Type: "static", State: "active", Attachments: []string{"att-p"}}}})
}

// TestTGWPeering: a packet crosses a peering attachment to the peer
// gateway, which routes it with the table its end is associated with;
// peering attachments are not transitive (Transit Gateways Guide,
// "Transit gateway peering attachments").
func TestTGWPeering(t *testing.T) {
	tests := []struct {
		name   string
		change func(s *model.Snapshot)
		want   Code
	}{
		{"peered", tgwPeered, ""},
		{"peer-table-lacks-return-route", func(s *model.Snapshot) {
			tgwPeered(s)
			s.TGWRouteTables[1].Routes = nil
		}, CodeTGWCannotRoute},
		{"not-transitive", func(s *model.Snapshot) {
			tgwPeered(s)
			// tgw-2 sends 10.2/16 on over a second peering to tgw-3.
			s.TransitGateways = append(s.TransitGateways, model.TransitGateway{ID: "tgw-3", State: "available"})
			s.TGWAttachments = append(s.TGWAttachments,
				model.TGWAttachment{ID: "att-q", TransitGateway: "tgw-2", ResourceType: "peering", ResourceID: "tgw-3", State: "available", RouteTable: "tgw-rt-2"},
				model.TGWAttachment{ID: "att-q", TransitGateway: "tgw-3", ResourceType: "peering", ResourceID: "tgw-2", State: "available"})
			s.TGWRouteTables[1].Propagations = nil
			s.TGWRouteTables[1].Routes = append(s.TGWRouteTables[1].Routes, model.TGWRoute{Destination: pfx("10.2.0.0/16"), Type: "static", State: "active", Attachments: []string{"att-q"}})
		}, CodeTGWPeeringTransit},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := twoVPCs()
			tt.change(s)
			if ds := s.Validate(); ds.HasErrors() {
				t.Fatal(ds.Err())
			}
			g := Build(s)
			src, _ := g.ResolveSource("cloudshell")
			dst, _ := ParseDestination("10.2.1.10:5432/tcp")
			r := g.Query(src, dst)
			if r.Code != tt.want || r.Reachable != (tt.want == "") {
				t.Errorf("Query = %v %q (%s); want %q\n%s", r.Reachable, r.Code, r.Message, tt.want, dumpHops(r))
			}
			if tt.want == "" && !r.Passes("att-p") {
				t.Errorf("path does not cross att-p\n%s", dumpHops(r))
			}
		})
	}
}
