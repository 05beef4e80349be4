package gen

import (
	"fmt"
	"net/netip"
	"strings"
)

// vpcBuild is one VPC while it is built: what each step of buildVPC
// leaves for the steps after it.
type vpcBuild struct {
	p    *vpcPlan
	name string // the Name tag, and the prefix of its resources' names

	// Set by buildSubnets.
	subs                       []*subnet
	public, private, endpoints [3][]*subnet // by AZ
	attachSubs                 []*subnet    // per AZ: the first endpoint subnet, else the first private one
	privAll                    []*subnet    // the private subnets in order

	// Set by buildGateways.
	igw    string
	natAZs []int     // AZs with a NAT gateway
	nats   [3]string // the NAT gateway each AZ routes through

	// Set by buildSecurityGroups.
	sgName     map[string]string // group id to name
	defID      string            // the default group
	app        []string          // the application groups
	epSG, csSG string            // the endpoint and CloudShell groups, if any

	// Set by buildRouteTables.
	s3ep, ddbep string   // gateway endpoints (ddbep "" in nonprod VPCs)
	gwRTs       []string // route tables with routes to the gateway endpoints
}

// buildVPC builds one planned VPC and all it holds, one step per resource
// kind. Every step draws ids and random numbers from the generator, so
// the order of the steps is part of the output: changing it changes every
// id and address that follows.
func (g *generator) buildVPC(p *vpcPlan) error {
	b := &vpcBuild{p: p, name: fmt.Sprintf("%s-%03d", p.env, p.idx)}
	if p.env == "shared" {
		b.name = "shared-services"
	}
	g.buildVPCRecord(b)
	g.buildSubnets(b)
	if err := g.buildGateways(b); err != nil {
		return err
	}
	g.buildSecurityGroups(b)
	g.buildRouteTables(b)
	g.buildACLs(b)
	g.buildGatewayEndpoints(b)
	if err := g.buildInterfaceEndpoints(b); err != nil {
		return err
	}
	if err := g.buildAttachment(b); err != nil {
		return err
	}
	if err := g.buildInstances(b); err != nil {
		return err
	}
	if err := g.buildTasks(b); err != nil {
		return err
	}
	return g.buildCloudShells(b)
}

// buildVPCRecord adds the VPC itself, with its DHCP option set, and its
// DNS attributes.
func (g *generator) buildVPCRecord(b *vpcBuild) {
	c, p, v := g.c, b.p, b.p.idx
	dopt := g.dopt[0]
	switch {
	case v%25 == 13:
		dopt = g.dopt[2]
	case v%7 == 5:
		dopt = g.dopt[1]
	}
	g.vpcs = append(g.vpcs, outVPC{OwnerID: c.Account, InstanceTenancy: "default",
		CidrBlockAssociationSet: []vpcCidrAssoc{{g.id("vpc-cidr-assoc"), p.cidr.String(), stateHolder{"associated"}}},
		BlockPublicAccessStates: bpaStates{"off"}, Tags: tags("Name", b.name, "env", p.env, "cost-centre", fmt.Sprintf("cc-%04d", 1000+v%37)),
		VpcID: p.id, State: "available", CidrBlock: p.cidr.String(), DhcpOptionsID: dopt})
	g.st.VPCs++
	// DNS host names are off in some endpoint VPCs: their endpoints'
	// private DNS is not used.
	hostnames := !(p.endpoints && c.EndpointEvery > 0 && (v/c.EndpointEvery)%5 == 2)
	g.dnsSupport = append(g.dnsSupport, outDNSSupport{p.id, boolValue{true}})
	g.dnsHostnames = append(g.dnsHostnames, outDNSHostnames{p.id, boolValue{hostnames}})
}

// buildSubnets adds the subnets: public (one per AZ), endpoints (one per
// AZ, from 9 subnets), private (the rest). Interfaces of the attachment
// and of the endpoints go to endpoint subnets, else to the first private
// subnet of each AZ.
func (g *generator) buildSubnets(b *vpcBuild) {
	c, p := g.c, b.p
	m := c.SubnetsPerVPC
	nEnd := 0
	if m >= 9 {
		nEnd = 3
	}
	base := p.cidr.Addr().As4()
	for i := range m {
		tier := "private"
		switch {
		case i < 3:
			tier = "public"
		case i >= m-nEnd:
			tier = "endpoints"
		}
		az := i % 3
		n := int(base[2]) + i
		cidr := netip.PrefixFrom(netip.AddrFrom4([4]byte{10, base[1] + byte(n>>8), byte(n), 0}), 24)
		s := &subnet{id: g.id("subnet"), cidr: cidr, az: az, tier: tier, next: 10 + g.rnd.IntN(20), index: len(g.subnets)}
		b.subs = append(b.subs, s)
		switch tier {
		case "public":
			b.public[az] = append(b.public[az], s)
		case "private":
			b.private[az] = append(b.private[az], s)
		default:
			b.endpoints[az] = append(b.endpoints[az], s)
		}
		g.subnets = append(g.subnets, outSubnet{AvailabilityZoneID: g.azIDs[az], OwnerID: c.Account, Ipv6CidrBlockAssociationSet: []struct{}{},
			Tags: tags("Name", fmt.Sprintf("%s-%s-%s%d", b.name, tier, "abc"[az:az+1], i/3)), SubnetArn: g.arn("ec2", "subnet/"+s.id),
			PrivateDNSNameOptionsOnLaunch: dnsNameOptions{HostnameType: "ip-name"}, BlockPublicAccessStates: bpaStates{"off"},
			SubnetID: s.id, State: "available", VpcID: p.id, CidrBlock: cidr.String(), AvailableIPAddressCount: 251,
			AvailabilityZone: g.azs[az], MapPublicIPOnLaunch: tier == "public"})
		g.st.Subnets++
	}
	for az := range 3 {
		switch {
		case len(b.endpoints[az]) > 0:
			b.attachSubs = append(b.attachSubs, b.endpoints[az][0])
		case len(b.private[az]) > 0:
			b.attachSubs = append(b.attachSubs, b.private[az][0])
		}
	}
	for _, s := range b.subs {
		if s.tier == "private" {
			b.privAll = append(b.privAll, s)
		}
	}
}

// buildGateways adds the internet gateway and the NAT gateways (one per
// AZ in prod and shared VPCs, one for the VPC elsewhere), each NAT gateway
// with its Elastic IP and interface.
func (g *generator) buildGateways(b *vpcBuild) error {
	c, p := g.c, b.p
	b.igw = g.id("igw")
	g.igws = append(g.igws, outIGW{Attachments: []igwAttachment{{"available", p.id}}, InternetGatewayID: b.igw, OwnerID: c.Account, Tags: tags("Name", b.name+"-igw")})
	g.st.InternetGateways++
	b.natAZs = []int{0}
	if p.env != "nonprod" {
		b.natAZs = []int{0, 1, 2}
	}
	for _, az := range b.natAZs {
		s := b.public[az][0]
		nat, eni, alloc, assoc := g.id("nat"), g.id("eni"), g.id("eipalloc"), g.id("eipassoc")
		priv, err := g.take(s)
		if err != nil {
			return err
		}
		pub := g.publicIP()
		g.nats = append(g.nats, outNAT{CreateTime: g.when(true), NatGatewayAddresses: []natAddress{{alloc, eni, priv, pub, assoc, true, "succeeded"}},
			NatGatewayID: nat, State: "available", SubnetID: s.id, VpcID: p.id, Tags: tags("Name", fmt.Sprintf("%s-nat-%s", b.name, "abc"[az:az+1])), ConnectivityType: "public"})
		g.addresses = append(g.addresses, outAddress{AllocationID: alloc, AssociationID: assoc, Domain: "vpc", NetworkInterfaceID: eni,
			NetworkInterfaceOwnerID: c.Account, PrivateIPAddress: priv, PublicIPv4Pool: "amazon", NetworkBorderGroup: c.Region, PublicIP: pub})
		a := &eniAssociation{AllocationID: alloc, AssociationID: assoc, IPOwnerID: c.Account, PublicDNSName: "", PublicIP: pub}
		g.enis = append(g.enis, outENI{Association: a, AvailabilityZone: g.azs[az], Description: "Interface for NAT Gateway " + nat,
			Groups: []eniGroup{}, InterfaceType: "nat_gateway", Ipv6Addresses: []struct{}{}, MacAddress: g.mac(), NetworkInterfaceID: eni,
			OwnerID: c.Account, PrivateDNSName: g.dnsName(priv), PrivateIPAddress: priv,
			PrivateIPAddresses: []eniPrivateIP{{Association: a, Primary: true, PrivateDNSName: g.dnsName(priv), PrivateIPAddress: priv}},
			RequesterID:        "441200000000", RequesterManaged: true, SourceDestCheck: false, Status: "in-use", SubnetID: s.id, TagSet: []tag{}, VpcID: p.id})
		g.st.ENIs++
		g.st.NATGateways++
		for _, a2 := range []int{0, 1, 2} {
			if b.nats[a2] == "" && (len(b.natAZs) == 1 || a2 == az) {
				b.nats[a2] = nat
			}
		}
	}
	return nil
}

// newSG adds a security group without rules to the VPC (with a new id
// when id is empty) and returns it, valid until the next group is added.
func (g *generator) newSG(b *vpcBuild, id, name, desc string) *outSG {
	if id == "" {
		id = g.id("sg")
	}
	b.sgName[id] = name
	g.sgs = append(g.sgs, outSG{GroupID: id, IPPermissionsEgress: []permission{}, VpcID: b.p.id, SecurityGroupArn: g.arn("ec2", "security-group/"+id),
		OwnerID: g.c.Account, GroupName: name, Description: desc, IPPermissions: []permission{}})
	g.st.SecurityGroups++
	return &g.sgs[len(g.sgs)-1]
}

// buildSecurityGroups adds the security groups: the default group, the
// application groups, and the endpoint and CloudShell groups of the VPCs
// that have them.
func (g *generator) buildSecurityGroups(b *vpcBuild) {
	c, p, v := g.c, b.p, b.p.idx
	b.sgName = map[string]string{}
	def := g.newSG(b, "", "default", "default VPC security group")
	def.IPPermissions = append(def.IPPermissions, g.perm("-1", -1, -1, ruleRef{sg: def.GroupID}))
	def.IPPermissionsEgress = append(def.IPPermissionsEgress, g.perm("-1", -1, -1, ruleRef{cidr: "0.0.0.0/0"}))
	b.defID = def.GroupID
	g.flatRules(def)
	// The application groups' ids come first: their rules name each other.
	for range c.SGsPerVPC {
		b.app = append(b.app, g.id("sg"))
	}
	for k := range c.SGsPerVPC {
		n := sgNames[k%len(sgNames)]
		if k >= len(sgNames) {
			n = fmt.Sprintf("%s-%d", n, k/len(sgNames))
		}
		sg := g.newSG(b, b.app[k], n, fmt.Sprintf("%s tier of %s", n, b.name))
		sg.Tags = tags("Name", n, "team", []string{"payments", "platform", "data", "identity"}[k%4])
		g.appRules(sg, k, b.app, p)
		g.flatRules(sg)
	}
	if p.endpoints {
		sg := g.newSG(b, "", "vpc-endpoints", "interface endpoints of "+b.name)
		sg.Tags = tags("Name", "vpc-endpoints")
		// Endpoint groups that admit only the first application group
		// block everyone else at the endpoint.
		if c.EndpointEvery > 0 && (v/c.EndpointEvery)%3 == 1 {
			sg.IPPermissions = append(sg.IPPermissions, g.perm("tcp", 443, 443, ruleRef{sg: b.app[0], desc: "web tier only"}))
		} else {
			sg.IPPermissions = append(sg.IPPermissions, g.perm("tcp", 443, 443, ruleRef{cidr: p.cidr.String(), desc: "this VPC"}))
		}
		sg.IPPermissionsEgress = append(sg.IPPermissionsEgress, g.perm("-1", -1, -1, ruleRef{cidr: "0.0.0.0/0"}))
		b.epSG = sg.GroupID
		g.flatRules(sg)
	}
	if v == 0 && c.CloudShells > 0 {
		sg := g.newSG(b, "", "cloudshell", "CloudShell VPC environment")
		sg.Tags = tags("Name", "cloudshell")
		sg.IPPermissionsEgress = append(sg.IPPermissionsEgress,
			g.perm("tcp", 443, 443, ruleRef{cidr: "0.0.0.0/0"}),
			g.perm("tcp", 5432, 5432, ruleRef{cidr: "10.0.0.0/8", desc: "databases"}),
			g.perm("udp", 53, 53, ruleRef{cidr: "0.0.0.0/0"}))
		b.csSG = sg.GroupID
		g.flatRules(sg)
	}
}

// viaTGW returns a route to dst through the transit gateway.
func (g *generator) viaTGW(dst string) outRoute {
	return outRoute{DestinationCidrBlock: dst, TransitGatewayID: g.tgw, Origin: "CreateRoute", State: "active"}
}

// gatewayRoutes returns the routes to the prefix lists of the VPC's
// gateway endpoints.
func (g *generator) gatewayRoutes(b *vpcBuild) []outRoute {
	out := []outRoute{{DestinationPrefixListID: g.s3PL.id, GatewayID: b.s3ep, Origin: "CreateRoute", State: "active"}}
	if b.ddbep != "" {
		out = append(out, outRoute{DestinationPrefixListID: g.ddbPL.id, GatewayID: b.ddbep, Origin: "CreateRoute", State: "active"})
	}
	return out
}

// buildRouteTables adds the route tables: main (endpoint subnets use it
// implicitly), public, private (one per NAT gateway), and their subnet
// associations. It takes the gateway endpoints' ids first: routes name
// them.
func (g *generator) buildRouteTables(b *vpcBuild) {
	c, p := g.c, b.p
	b.s3ep = g.id("vpce")
	if p.env != "nonprod" {
		b.ddbep = g.id("vpce")
	}
	local := outRoute{DestinationCidrBlock: p.cidr.String(), GatewayID: "local", Origin: "CreateRouteTable", State: "active"}
	mainRT := g.id("rtb")
	mainRoutes := []outRoute{local, g.viaTGW("10.0.0.0/8")}
	g.addRT(outRouteTable{Associations: []rtAssoc{{Main: true, RouteTableAssociationID: g.id("rtbassoc"), RouteTableID: mainRT, AssociationState: stateHolder{"associated"}}},
		RouteTableID: mainRT, Routes: mainRoutes, Tags: tags("Name", b.name+"-main"), VpcID: p.id, OwnerID: c.Account})
	pubRT := g.id("rtb")
	pubRoutes := append([]outRoute{local, {DestinationCidrBlock: "0.0.0.0/0", GatewayID: b.igw, Origin: "CreateRoute", State: "active"}, g.viaTGW("10.0.0.0/8")}, g.gatewayRoutes(b)...)
	var pubAssoc []rtAssoc
	for _, s := range b.subs {
		if s.tier == "public" {
			s.rt = pubRT
			pubAssoc = append(pubAssoc, rtAssoc{RouteTableAssociationID: g.id("rtbassoc"), RouteTableID: pubRT, SubnetID: s.id, AssociationState: stateHolder{"associated"}})
		}
	}
	g.addRT(outRouteTable{Associations: pubAssoc, RouteTableID: pubRT, Routes: pubRoutes, Tags: tags("Name", b.name+"-public"), VpcID: p.id, OwnerID: c.Account})
	b.gwRTs = []string{pubRT}
	natIdx := map[string]int{}
	var privRTs []string
	for _, az := range b.natAZs {
		id := g.id("rtb")
		privRTs = append(privRTs, id)
		natIdx[b.nats[az]] = len(privRTs) - 1
		b.gwRTs = append(b.gwRTs, id)
	}
	privAssoc := make([][]rtAssoc, len(privRTs))
	for _, s := range b.privAll {
		k := natIdx[b.nats[s.az]]
		s.rt = privRTs[k]
		privAssoc[k] = append(privAssoc[k], rtAssoc{RouteTableAssociationID: g.id("rtbassoc"), RouteTableID: privRTs[k], SubnetID: s.id, AssociationState: stateHolder{"associated"}})
	}
	for k, az := range b.natAZs {
		routes := g.privateRoutes(b, az, local)
		if privAssoc[k] == nil {
			privAssoc[k] = []rtAssoc{}
		}
		g.addRT(outRouteTable{Associations: privAssoc[k], RouteTableID: privRTs[k], Routes: routes,
			Tags: tags("Name", fmt.Sprintf("%s-private-%s", b.name, "abc"[az:az+1])), VpcID: p.id, OwnerID: c.Account})
	}
}

// privateRoutes returns the routes of the private route table of the NAT
// gateway of az: local, the NAT gateway, the gateway endpoints, the hub,
// the peerings, and routes through the hub up to RoutesPerTable.
func (g *generator) privateRoutes(b *vpcBuild, az int, local outRoute) []outRoute {
	c, p, v := g.c, b.p, b.p.idx
	routes := []outRoute{local, {DestinationCidrBlock: "0.0.0.0/0", NatGatewayID: b.nats[az], Origin: "CreateRoute", State: "active"}}
	routes = append(routes, g.gatewayRoutes(b)...)
	routes = append(routes, g.viaTGW("10.0.0.0/8"))
	for _, pr := range p.peers {
		routes = append(routes, outRoute{DestinationCidrBlock: pr.cidr, VpcPeeringConnectionID: pr.pcx, Origin: "CreateRoute", State: "active"})
	}
	extra := []outRoute{g.viaTGW("172.16.0.0/12"), g.viaTGW("192.168.0.0/16")}
	if v%4 == 0 {
		// A route to a NAT gateway deleted since: AWS shows it as a
		// blackhole.
		extra = append(extra, outRoute{DestinationCidrBlock: "100.64.0.0/16", NatGatewayID: g.id("nat"), Origin: "CreateRoute", State: "blackhole"})
	}
	routes = append(routes, extra...)
	// Fill up with on-premises and partner networks through the hub;
	// every fifth one points at a peering connection since deleted.
	for j := 0; len(routes) < c.RoutesPerTable; j++ {
		dst := fmt.Sprintf("172.%d.%d.0/24", 20+j/256%12, j%256)
		if j%5 == 4 {
			routes = append(routes, outRoute{DestinationCidrBlock: dst, VpcPeeringConnectionID: g.id("pcx"), Origin: "CreateRoute", State: "blackhole"})
			continue
		}
		routes = append(routes, g.viaTGW(dst))
	}
	return routes
}

// buildACLs adds the network ACLs: the default (public and endpoint
// subnets), a private one, and in every third VPC a quarantine ACL on the
// last private subnet that lets only internal traffic through.
func (g *generator) buildACLs(b *vpcBuild) {
	c, p, v := g.c, b.p, b.p.idx
	aclDefault, aclPrivate := g.id("acl"), g.id("acl")
	aclQuarantine := ""
	if v%3 == 2 && len(b.privAll) > 1 {
		aclQuarantine = g.id("acl")
	}
	assoc := map[string][]aclAssoc{}
	for _, s := range b.subs {
		id := aclDefault
		switch {
		case aclQuarantine != "" && s == b.privAll[len(b.privAll)-1]:
			id = aclQuarantine
		case s.tier == "private":
			id = aclPrivate
		}
		s.nacl = id
		assoc[id] = append(assoc[id], aclAssoc{NetworkACLAssociationID: g.id("aclassoc"), NetworkACLID: id, SubnetID: s.id})
	}
	all := "0.0.0.0/0"
	g.addACL(outACL{Associations: assoc[aclDefault], IsDefault: true, NetworkACLID: aclDefault, Tags: []tag{}, VpcID: p.id, OwnerID: c.Account,
		Entries: []aclEntry{
			entry(100, true, "allow", "-1", all, nil), entry(32767, true, "deny", "-1", all, nil),
			entry(100, false, "allow", "-1", all, nil), entry(32767, false, "deny", "-1", all, nil)}})
	g.addACL(outACL{Associations: assoc[aclPrivate], NetworkACLID: aclPrivate, Tags: tags("Name", b.name+"-private"), VpcID: p.id, OwnerID: c.Account,
		Entries: []aclEntry{
			entry(90, true, "deny", "6", all, &portRange{25, 25}),
			entry(100, true, "allow", "6", all, &portRange{443, 443}),
			entry(110, true, "allow", "6", all, &portRange{80, 80}),
			entry(120, true, "allow", "-1", "10.0.0.0/8", nil),
			entry(130, true, "allow", "17", all, &portRange{53, 53}),
			entry(140, true, "allow", "6", all, &portRange{1024, 65535}),
			entry(32767, true, "deny", "-1", all, nil),
			entry(90, false, "deny", "-1", "198.51.100.0/24", nil),
			entry(100, false, "allow", "6", all, &portRange{1024, 65535}),
			entry(110, false, "allow", "-1", "10.0.0.0/8", nil),
			entry(120, false, "allow", "17", all, &portRange{1024, 65535}),
			entry(130, false, "allow", "1", "10.0.0.0/8", nil),
			entry(32767, false, "deny", "-1", all, nil)}})
	if aclQuarantine != "" {
		g.addACL(outACL{Associations: assoc[aclQuarantine], NetworkACLID: aclQuarantine, Tags: tags("Name", b.name+"-quarantine"), VpcID: p.id, OwnerID: c.Account,
			Entries: []aclEntry{
				entry(100, true, "allow", "-1", "10.0.0.0/8", nil), entry(32767, true, "deny", "-1", all, nil),
				entry(100, false, "allow", "-1", "10.0.0.0/8", nil), entry(32767, false, "deny", "-1", all, nil)}})
	}
}

// buildGatewayEndpoints adds the gateway endpoints (S3 everywhere,
// DynamoDB outside nonprod) whose ids buildRouteTables took.
func (g *generator) buildGatewayEndpoints(b *vpcBuild) {
	c, p := g.c, b.p
	policy := `{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}`
	for _, ge := range []struct{ id, svc string }{{b.s3ep, g.s3PL.name}, {b.ddbep, g.ddbPL.name}} {
		if ge.id == "" {
			continue
		}
		g.endpoints = append(g.endpoints, outEndpoint{VpcEndpointID: ge.id, VpcEndpointType: "Gateway", VpcID: p.id, ServiceName: ge.svc, State: "available",
			PolicyDocument: policy, RouteTableIDs: append([]string{}, b.gwRTs...), SubnetIDs: []string{}, Groups: []groupRef{}, IPAddressType: "ipv4",
			NetworkInterfaceIDs: []string{}, DNSEntries: []dnsEntry{}, CreationTimestamp: g.when(false), Tags: tags("Name", b.name+"-"+ge.svc[strings.LastIndexByte(ge.svc, '.')+1:]), OwnerID: c.Account})
		g.st.GatewayEndpoints++
	}
}

// buildInterfaceEndpoints adds the interface endpoints of the VPCs that
// have them: the base services and one extra service.
func (g *generator) buildInterfaceEndpoints(b *vpcBuild) error {
	if !b.p.endpoints {
		return nil
	}
	svcs := append(append([]string{}, baseServices...), extraServices[b.p.idx/max(g.c.EndpointEvery, 1)%len(extraServices)])
	for _, svc := range svcs {
		if err := g.interfaceEndpoint(b, svc); err != nil {
			return err
		}
	}
	return nil
}

// interfaceEndpoint adds the interface endpoint of svc, with one interface
// per attachment subnet (the endpoint subnets where there are some).
func (g *generator) interfaceEndpoint(b *vpcBuild, svc string) error {
	c, p := g.c, b.p
	ep := g.id("vpce")
	full := fmt.Sprintf("com.amazonaws.%s.%s", c.Region, svc)
	suffix := g.hex(8)
	out := outEndpoint{VpcEndpointID: ep, VpcEndpointType: "Interface", VpcID: p.id, ServiceName: full, State: "available",
		PolicyDocument: "{\n  \"Statement\": [\n    {\n      \"Action\": \"*\", \n      \"Effect\": \"Allow\", \n      \"Principal\": \"*\", \n      \"Resource\": \"*\"\n    }\n  ]\n}",
		RouteTableIDs:  []string{}, SubnetIDs: []string{}, Groups: []groupRef{{b.epSG, "vpc-endpoints"}}, IPAddressType: "ipv4",
		DNSOptions: &dnsOptions{"ipv4"}, PrivateDNSEnabled: true, NetworkInterfaceIDs: []string{},
		DNSEntries:        []dnsEntry{{fmt.Sprintf("%s-%s.%s.%s.vpce.amazonaws.com", ep, suffix, svc, c.Region), "Z38GZ743OKFT7T"}},
		CreationTimestamp: g.when(false), Tags: tags("Name", svc+"-endpoint"), OwnerID: c.Account}
	for _, s := range b.attachSubs {
		eni := g.id("eni")
		ip, err := g.take(s)
		if err != nil {
			return err
		}
		out.SubnetIDs = append(out.SubnetIDs, s.id)
		out.NetworkInterfaceIDs = append(out.NetworkInterfaceIDs, eni)
		out.DNSEntries = append(out.DNSEntries, dnsEntry{fmt.Sprintf("%s-%s-%s.%s.%s.vpce.amazonaws.com", ep, suffix, g.azs[s.az], svc, c.Region), "Z38GZ743OKFT7T"})
		g.enis = append(g.enis, outENI{AvailabilityZone: g.azs[s.az], Description: "VPC Endpoint Interface " + ep,
			Groups: []eniGroup{{"vpc-endpoints", b.epSG}}, InterfaceType: "vpc_endpoint", Ipv6Addresses: []struct{}{}, MacAddress: g.mac(),
			NetworkInterfaceID: eni, OwnerID: c.Account, PrivateDNSName: g.dnsName(ip), PrivateIPAddress: ip,
			PrivateIPAddresses: []eniPrivateIP{{Primary: true, PrivateDNSName: g.dnsName(ip), PrivateIPAddress: ip}},
			RequesterID:        "727180483921", RequesterManaged: true, SourceDestCheck: true, Status: "in-use", SubnetID: s.id, TagSet: []tag{}, VpcID: p.id})
		g.st.ENIs++
	}
	out.DNSEntries = append(out.DNSEntries, dnsEntry{fmt.Sprintf("%s.%s.amazonaws.com", svc, c.Region), "Z0" + strings.ToUpper(g.hex(18))})
	g.endpoints = append(g.endpoints, out)
	g.st.InterfaceEndpoints++
	return nil
}

// buildAttachment adds the VPC's transit gateway attachment, with its
// interface in each attachment subnet (one per AZ), its association with
// the route table of the VPC's environment and its propagations.
func (g *generator) buildAttachment(b *vpcBuild) error {
	c, p := g.c, b.p
	var attIDs []string
	for _, s := range b.attachSubs {
		attIDs = append(attIDs, s.id)
		ip, err := g.take(s)
		if err != nil {
			return err
		}
		g.enis = append(g.enis, outENI{AvailabilityZone: g.azs[s.az], Description: "Network Interface for Transit Gateway Attachment " + p.att,
			Groups: []eniGroup{}, InterfaceType: "transit_gateway", Ipv6Addresses: []struct{}{}, MacAddress: g.mac(), NetworkInterfaceID: g.id("eni"),
			OwnerID: c.Account, PrivateDNSName: g.dnsName(ip), PrivateIPAddress: ip,
			PrivateIPAddresses: []eniPrivateIP{{Primary: true, PrivateDNSName: g.dnsName(ip), PrivateIPAddress: ip}},
			RequesterID:        "939162780484", RequesterManaged: true, SourceDestCheck: false, Status: "in-use", SubnetID: s.id, TagSet: []tag{}, VpcID: p.id})
		g.st.ENIs++
	}
	envRT := map[string]int{"shared": 0, "prod": 1, "nonprod": 2}[p.env]
	created := g.when(false)
	g.tgwAtts = append(g.tgwAtts, outTGWAttachment{TransitGatewayAttachmentID: p.att, TransitGatewayID: g.tgw, TransitGatewayOwnerID: c.Account,
		ResourceOwnerID: c.Account, ResourceType: "vpc", ResourceID: p.id, State: "available",
		Association: &tgwAssociation{g.tgwRTs[envRT], "associated"}, CreationTime: created, Tags: tags("Name", b.name)})
	g.tgwVPCAtts = append(g.tgwVPCAtts, outTGWVPCAttachment{TransitGatewayAttachmentID: p.att, TransitGatewayID: g.tgw, VpcID: p.id, VpcOwnerID: c.Account,
		State: "available", SubnetIDs: attIDs, CreationTime: created, Options: tgwVPCOptions{"enable", "disable", "disable", "disable"}, Tags: tags("Name", b.name)})
	g.st.TGWAttachments++
	link := tgwLink{TransitGatewayAttachmentID: p.att, ResourceID: p.id, ResourceType: "vpc"}
	la := link
	la.State = "associated"
	g.tgwAssocs[envRT] = append(g.tgwAssocs[envRT], la)
	lp := link
	lp.State = "enabled"
	g.tgwProps[0] = append(g.tgwProps[0], lp) // every VPC propagates to the shared table
	switch p.env {
	case "shared":
		g.tgwProps[1] = append(g.tgwProps[1], lp)
		g.tgwProps[2] = append(g.tgwProps[2], lp)
	case "prod":
		g.tgwProps[1] = append(g.tgwProps[1], lp)
	case "nonprod":
		g.tgwProps[2] = append(g.tgwProps[2], lp)
	}
	return nil
}

// buildInstances adds the instances' interfaces: a bastion with a public
// address in the first public subnet, then ENIsPerSubnet in each private
// subnet.
func (g *generator) buildInstances(b *vpcBuild) error {
	c, p := g.c, b.p
	{
		s := b.public[0][0]
		ip, err := g.take(s)
		if err != nil {
			return err
		}
		pub := g.publicIP()
		a := &eniAssociation{IPOwnerID: "amazon", PublicDNSName: fmt.Sprintf("ec2-%s.%s.compute.amazonaws.com", strings.ReplaceAll(pub, ".", "-"), c.Region), PublicIP: pub}
		g.instanceENI(p, s, ip, []string{b.app[0]}, b.sgName, a, "bastion")
	}
	for _, s := range b.privAll {
		for range c.ENIsPerSubnet {
			ip, err := g.take(s)
			if err != nil {
				return err
			}
			k := g.rnd.IntN(len(b.app))
			sgs := []string{b.app[k]}
			if g.rnd.IntN(10) < 3 {
				sgs = append(sgs, b.defID)
			}
			g.instanceENI(p, s, ip, sgs, b.sgName, nil, "")
		}
	}
	return nil
}

// buildTasks adds the ECS cluster and tasks of every other VPC, spread
// over the private subnets.
func (g *generator) buildTasks(b *vpcBuild) error {
	c, p, v := g.c, b.p, b.p.idx
	if v%2 != 1 || len(b.privAll) == 0 {
		return nil
	}
	cluster := p.env + "-" + fmt.Sprintf("%03d", v)
	g.clusters = append(g.clusters, cluster)
	for t := range c.TasksPerVPC {
		s := b.privAll[t%len(b.privAll)]
		ip, err := g.take(s)
		if err != nil {
			return err
		}
		k := (t + 1) % len(b.app)
		if err := g.task(p, s, cluster, ip, b.app[k], b.sgName[b.app[k]], t); err != nil {
			return err
		}
	}
	return nil
}

// buildCloudShells adds the VPC's CloudShell interfaces: the first, in
// use, in the shared VPC; the others, stale, spread over the other VPCs.
func (g *generator) buildCloudShells(b *vpcBuild) error {
	c, p, v := g.c, b.p, b.p.idx
	for k := range c.CloudShells {
		if k%c.VPCs != v || (k > 0 && len(b.privAll) == 0) {
			continue
		}
		var s *subnet
		if len(b.privAll) > 0 {
			s = b.privAll[0]
		} else {
			s = b.public[0][0]
		}
		ip, err := g.take(s)
		if err != nil {
			return err
		}
		sgs := []string{b.csSG}
		status := "in-use"
		if k > 0 {
			sgs, status = []string{b.app[0]}, "available"
		}
		eni := g.id("eni")
		g.enis = append(g.enis, outENI{AvailabilityZone: g.azs[s.az], Description: fmt.Sprintf("CloudShell VPC environment env-%d", k),
			Groups: eniGroups(sgs, b.sgName), InterfaceType: "interface", Ipv6Addresses: []struct{}{}, MacAddress: g.mac(), NetworkInterfaceID: eni,
			OwnerID: c.Account, PrivateDNSName: g.dnsName(ip), PrivateIPAddress: ip,
			PrivateIPAddresses: []eniPrivateIP{{Primary: true, PrivateDNSName: g.dnsName(ip), PrivateIPAddress: ip}},
			RequesterID:        "AROAEXAMPLEROLEID:cloudshell", SourceDestCheck: true, Status: status, SubnetID: s.id,
			TagSet: []tag{{"ManagedByCloudShell", ""}}, VpcID: p.id})
		g.st.ENIs++
		g.st.CloudShellENIs++
	}
	return nil
}
