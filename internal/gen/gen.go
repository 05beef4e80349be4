package gen

import (
	"errors"
	"fmt"
	"math/bits"
	"math/rand/v2"
	"net/netip"
	"strings"
)

// Version changes whenever the same Config would write different bytes:
// callers that keep generated exports (the benchmarks' -gen.dir) name them
// with it.
const Version = 1

// Config says what to generate. The zero value of a count means none
// (Scale fills them all).
type Config struct {
	// Seed derives every id, address choice and assignment.
	Seed uint64
	// Region and Account of the export (eu-west-1 and 111122223333 when
	// empty).
	Region, Account string

	// VPCs is the number of VPCs, SubnetsPerVPC the subnets of each (at
	// least 4): three public subnets (one per Availability Zone), three
	// endpoint subnets when there are 9 or more, the rest private.
	VPCs, SubnetsPerVPC int
	// ENIsPerSubnet is the number of instance interfaces in each private
	// subnet.
	ENIsPerSubnet int
	// SGsPerVPC application security groups per VPC, RulesPerSG rules
	// (one peer each) in each; every VPC also has its default group, and
	// VPCs with interface endpoints an endpoint group.
	SGsPerVPC, RulesPerSG int
	// RoutesPerTable is the number of routes of each private route table
	// (local, NAT, gateway endpoint prefix lists, transit gateway, peering,
	// blackhole and on-premises routes), at least 5.
	RoutesPerTable int
	// EndpointEvery: every n-th VPC (and VPC 0, the shared-services VPC)
	// has interface endpoints, one interface per endpoint subnet.
	EndpointEvery int
	// PeeringEvery: VPC k·n+1 peers with VPC k·n+2.
	PeeringEvery int
	// TasksPerVPC ECS tasks (Fargate, awsvpc) run in every other VPC.
	TasksPerVPC int
	// CloudShells is the number of interfaces tagged ManagedByCloudShell:
	// the first, in the shared-services VPC, is in use; the others are
	// stale (available), so `--from cloudshell` finds exactly one.
	CloudShells int
	// PageSize splits the lists of large outputs into files of at most
	// this many elements, as `--no-paginate`-less pages with NextToken
	// would be (0: one file per command, as docs/collect.sh writes).
	PageSize int
	// SGRulesFile also writes describe-security-group-rules output (the
	// same rules in their flat shape), as docs/collect.sh does.
	SGRulesFile bool
}

// Scale returns a preset: "S" (10 VPCs × 10 subnets: 100 subnets, about
// 200 interfaces and 1,000 security group rules) or "M" (1,000 VPCs ×
// 10 subnets: 10,000 subnets, about 20,000 interfaces and 100,000 security
// group rules).
func Scale(name string) (Config, error) {
	c := Config{
		Seed:           1,
		SubnetsPerVPC:  10,
		ENIsPerSubnet:  2,
		SGsPerVPC:      10,
		RulesPerSG:     10,
		RoutesPerTable: 12,
		EndpointEvery:  4,
		PeeringEvery:   10,
		TasksPerVPC:    3,
		CloudShells:    3,
	}
	switch strings.ToUpper(name) {
	case "S":
		c.VPCs = 10
		c.EndpointEvery = 3
		c.PeeringEvery = 5
	case "M":
		c.VPCs = 1000
		c.CloudShells = 20
	default:
		return Config{}, fmt.Errorf("unknown scale %q: want S or M", name)
	}
	return c, nil
}

func (c *Config) defaults() error {
	if c.Region == "" {
		c.Region = "eu-west-1"
	}
	if c.Account == "" {
		c.Account = "111122223333"
	}
	if len(strings.Split(c.Region, "-")) != 3 {
		return fmt.Errorf("region %q: want a name like eu-west-1", c.Region)
	}
	switch {
	case c.VPCs < 1:
		return errors.New("at least one VPC")
	case c.SubnetsPerVPC < 4:
		return errors.New("at least 4 subnets per VPC (3 public, 1 private)")
	case c.SubnetsPerVPC > 256:
		return errors.New("at most 256 subnets per VPC")
	case c.RoutesPerTable < 5:
		return errors.New("at least 5 routes per private route table")
	case c.ENIsPerSubnet < 0 || c.SGsPerVPC < 1 || c.RulesPerSG < 1 || c.TasksPerVPC < 0 || c.CloudShells < 0 || c.PageSize < 0:
		return errors.New("negative count (or fewer than one security group or rule)")
	}
	if n := c.VPCs << vpcBits(c.SubnetsPerVPC); n > 1<<16 {
		return fmt.Errorf("%d VPCs of %d /24 subnets do not fit in 10.0.0.0/8", c.VPCs, c.SubnetsPerVPC)
	}
	return nil
}

// vpcBits is how many bits of /24 subnets a VPC CIDR holds.
func vpcBits(subnets int) int {
	return bits.Len(uint(subnets - 1))
}

// Stats counts what Generate wrote.
type Stats struct {
	Files int
	Bytes int64

	VPCs, Subnets, RouteTables, Routes                  int
	SecurityGroups, SGRules, NetworkACLs, NACLEntries   int
	ENIs, InstanceENIs, CloudShellENIs, TaskENIs        int
	NATGateways, InternetGateways                       int
	InterfaceEndpoints, GatewayEndpoints                int
	TGWAttachments, TGWRouteTables, TGWRoutes, Peerings int
	ECSTasks                                            int
}

// String summarises the counts on one line.
func (s Stats) String() string {
	return fmt.Sprintf("%d files, %.1f MB: %d VPCs, %d subnets, %d route tables (%d routes), %d security groups (%d rules), %d network ACLs (%d entries), %d interfaces (%d instance, %d CloudShell, %d ECS task), %d NAT gateways, %d interface and %d gateway endpoints, %d TGW attachments, %d TGW route tables (%d routes), %d peerings, %d ECS tasks",
		s.Files, float64(s.Bytes)/1e6, s.VPCs, s.Subnets, s.RouteTables, s.Routes, s.SecurityGroups, s.SGRules, s.NetworkACLs, s.NACLEntries,
		s.ENIs, s.InstanceENIs, s.CloudShellENIs, s.TaskENIs, s.NATGateways, s.InterfaceEndpoints, s.GatewayEndpoints,
		s.TGWAttachments, s.TGWRouteTables, s.TGWRoutes, s.Peerings, s.ECSTasks)
}

// Generate writes the export c describes into dir (created when missing;
// files of the same names are overwritten, others left alone).
func Generate(dir string, c Config) (Stats, error) {
	if err := c.defaults(); err != nil {
		return Stats{}, err
	}
	g := newGenerator(c)
	if err := g.build(); err != nil {
		return Stats{}, err
	}
	return g.write(dir)
}

// Interface endpoint services: the base set every endpoint VPC has, and
// one extra by rotation.
var (
	baseServices  = []string{"ssmmessages", "ssm", "ec2messages", "logs", "ecr.api", "ecr.dkr"}
	extraServices = []string{"kms", "sts", "secretsmanager", "sqs"}
)

// Application security group names.
var sgNames = []string{"web", "api", "worker", "db", "cache", "batch", "ops", "etl", "search", "queue", "auth", "billing"}

type generator struct {
	c   Config
	rnd *rand.Rand
	// ids: a per-prefix counter mixed with the seed.
	key      uint64
	counters map[string]uint64
	pubIPs   int
	st       Stats

	azs, azIDs []string
	s3PL       svcPL
	ddbPL      svcPL
	corpPL     string
	dopt       []string // DHCP option sets: default, corp, custom DNS
	tgw        string
	tgwRTs     [3]string // shared, prod, nonprod
	plans      []*vpcPlan

	vpcs         []outVPC
	dnsSupport   []outDNSSupport
	dnsHostnames []outDNSHostnames
	subnets      []outSubnet
	rts          []outRouteTable
	igws         []outIGW
	nats         []outNAT
	endpoints    []outEndpoint
	sgs          []outSG
	sgRules      []outSGRule
	acls         []outACL
	enis         []outENI
	dhcp         []outDHCP
	addresses    []outAddress
	peerings     []outPeering
	managedPLs   []outManagedPL
	servicePLs   []outServicePL
	plEntries    []outPLEntries
	tgws         []outTGW
	tgwAtts      []outTGWAttachment
	tgwVPCAtts   []outTGWVPCAttachment
	tgwRTList    []outTGWRouteTable
	tgwRoutes    [3][]tgwRoute
	tgwAssocs    [3][]tgwLink
	tgwProps     [3][]tgwLink
	clusters     []string
	tasks        map[string][]outTask
}

type svcPL struct {
	id, name string
	cidrs    []string
}

// vpcPlan is what other VPCs need to know of a VPC before it is built.
type vpcPlan struct {
	idx       int
	id        string
	cidr      netip.Prefix
	env       string // shared, prod, nonprod
	att       string // transit gateway attachment
	endpoints bool
	peers     []peer
}

type peer struct {
	pcx  string
	cidr string
}

func newGenerator(c Config) *generator {
	g := &generator{
		c:        c,
		rnd:      rand.New(rand.NewPCG(c.Seed, c.Seed^0x9e3779b97f4a7c15)),
		key:      mix(c.Seed ^ 0x5bd1e9955bd1e995),
		counters: map[string]uint64{},
		tasks:    map[string][]outTask{},
	}
	short := regionShort(c.Region)
	for i, l := range []string{"a", "b", "c"} {
		g.azs = append(g.azs, c.Region+l)
		g.azIDs = append(g.azIDs, fmt.Sprintf("%s-az%d", short, i+1))
	}
	return g
}

// mix is the splitmix64 finaliser: a bijection on 64 bits.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// id returns the next id with the prefix: vpc-0a1b2c3d4e5f60718, 17
// hexadecimal digits as EC2 prints them. Ids of one prefix never repeat
// (mix is a bijection), and all derive from the seed.
func (g *generator) id(prefix string) string {
	n := g.counters[prefix]
	g.counters[prefix] = n + 1
	h := uint64(0)
	for i := 0; i < len(prefix); i++ {
		h = h*31 + uint64(prefix[i])
	}
	return fmt.Sprintf("%s-0%016x", prefix, mix(g.key+mix(h)+n))
}

// hex returns n pseudo-random hexadecimal digits.
func (g *generator) hex(n int) string {
	var b strings.Builder
	for b.Len() < n {
		fmt.Fprintf(&b, "%016x", g.rnd.Uint64())
	}
	return b.String()[:n]
}

func (g *generator) uuid() string {
	h := g.hex(32)
	return h[:8] + "-" + h[8:12] + "-4" + h[13:16] + "-a" + h[17:20] + "-" + h[20:]
}

func (g *generator) mac() string {
	b := g.rnd.Uint64()
	return fmt.Sprintf("06:%02x:%02x:%02x:%02x:%02x", byte(b), byte(b>>8), byte(b>>16), byte(b>>24), byte(b>>32))
}

// when returns a creation time in 2025, as EC2 prints it
// (2025-03-14T09:26:53+00:00) or, with millis, as the NAT gateway and
// endpoint APIs do (2025-03-14T09:26:53.000Z).
func (g *generator) when(millis bool) string {
	day := g.rnd.IntN(300)
	month, d := 1, day
	for _, n := range []int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31} {
		if d < n {
			break
		}
		d -= n
		month++
	}
	h, m, s := g.rnd.IntN(24), g.rnd.IntN(60), g.rnd.IntN(60)
	if millis {
		return fmt.Sprintf("2025-%02d-%02dT%02d:%02d:%02d.%03dZ", month, d+1, h, m, s, g.rnd.IntN(1000))
	}
	return fmt.Sprintf("2025-%02d-%02dT%02d:%02d:%02d+00:00", month, d+1, h, m, s)
}

// publicIP hands out addresses from 34.240.0.0/13 (EC2, eu-west-1).
func (g *generator) publicIP() string {
	n := g.pubIPs + 256
	g.pubIPs++
	return fmt.Sprintf("34.%d.%d.%d", 240+(n>>16)&7, (n>>8)&255, n&255)
}

func regionShort(region string) string {
	parts := strings.Split(region, "-")
	dirs := map[string]string{"north": "n", "south": "s", "east": "e", "west": "w", "central": "c",
		"northeast": "ne", "southeast": "se", "northwest": "nw", "southwest": "sw"}
	mid := parts[1]
	if d, ok := dirs[mid]; ok {
		mid = d
	} else if mid != "" {
		mid = mid[:1]
	}
	return parts[0] + mid + parts[2]
}

func (g *generator) arn(service, resource string) string {
	return fmt.Sprintf("arn:aws:%s:%s:%s:%s", service, g.c.Region, g.c.Account, resource)
}

func tags(kv ...string) []tag {
	out := []tag{}
	for i := 0; i+1 < len(kv); i += 2 {
		out = append(out, tag{kv[i], kv[i+1]})
	}
	return out
}

func intp(n int) *int { return &n }

// addr returns the address host of the /24 at p.
func addr(p netip.Prefix, host int) string {
	b := p.Addr().As4()
	b[3] = byte(host)
	return netip.AddrFrom4(b).String()
}

func (g *generator) dnsName(ip string) string {
	host := "ip-" + strings.ReplaceAll(ip, ".", "-")
	if g.c.Region == "us-east-1" {
		return host + ".ec2.internal"
	}
	return host + "." + g.c.Region + ".compute.internal"
}

func (g *generator) build() error {
	c := g.c
	// AWS service prefix lists (the real ids in eu-west-1) and a
	// customer-managed list of corporate networks.
	if c.Region == "eu-west-1" {
		g.s3PL = svcPL{"pl-6da54004", "com.amazonaws.eu-west-1.s3", []string{"52.218.0.0/17", "3.5.64.0/21", "3.5.72.0/23", "52.92.0.0/17"}}
		g.ddbPL = svcPL{"pl-6fa54006", "com.amazonaws.eu-west-1.dynamodb", []string{"52.94.24.0/23", "52.94.26.0/23", "52.119.240.0/21"}}
	} else {
		g.s3PL = svcPL{"pl-" + g.hex(8), "com.amazonaws." + c.Region + ".s3", []string{"52.216.0.0/15", "3.5.0.0/20"}}
		g.ddbPL = svcPL{"pl-" + g.hex(8), "com.amazonaws." + c.Region + ".dynamodb", []string{"52.94.0.0/22"}}
	}
	for _, pl := range []svcPL{g.s3PL, g.ddbPL} {
		g.servicePLs = append(g.servicePLs, outServicePL{Cidrs: pl.cidrs, PrefixListID: pl.id, PrefixListName: pl.name})
		g.managedPLs = append(g.managedPLs, outManagedPL{PrefixListID: pl.id, AddressFamily: "IPv4", State: "create-complete",
			PrefixListArn: fmt.Sprintf("arn:aws:ec2:%s:aws:prefix-list/%s", c.Region, pl.id), PrefixListName: pl.name, Version: 1, Tags: []tag{}, OwnerID: "AWS"})
	}
	g.corpPL = g.id("pl")
	g.managedPLs = append(g.managedPLs, outManagedPL{PrefixListID: g.corpPL, AddressFamily: "IPv4", State: "create-complete",
		PrefixListArn: g.arn("ec2", "prefix-list/"+g.corpPL), PrefixListName: "corp-networks", MaxEntries: 20, Version: 3, Tags: tags("Name", "corp-networks"), OwnerID: c.Account})
	g.plEntries = append(g.plEntries, outPLEntries{PrefixListID: g.corpPL, Entries: []plEntry{
		{"172.16.0.0/16", "London office"}, {"172.17.0.0/16", "Dublin office"}, {"192.168.100.0/24", "VPN clients"}}})

	// DHCP option sets: AWS's, a corporate domain, and custom DNS servers.
	for i, cfg := range [][]dhcpConfig{
		{{"domain-name", []dhcpValue{{c.Region + ".compute.internal"}}}, {"domain-name-servers", []dhcpValue{{"AmazonProvidedDNS"}}}},
		{{"domain-name", []dhcpValue{{"corp.example.com"}}}, {"domain-name-servers", []dhcpValue{{"AmazonProvidedDNS"}}}, {"ntp-servers", []dhcpValue{{"169.254.169.123"}}}},
		{{"domain-name", []dhcpValue{{"ad.example.com"}}}, {"domain-name-servers", []dhcpValue{{"10.0.0.53"}, {"10.0.1.53"}}}},
	} {
		id := g.id("dopt")
		g.dopt = append(g.dopt, id)
		g.dhcp = append(g.dhcp, outDHCP{DhcpConfigurations: cfg, DhcpOptionsID: id, OwnerID: c.Account, Tags: tags("Name", []string{"default", "corp", "ad-dns"}[i])})
	}

	// The transit gateway hub and its route tables.
	g.tgw = g.id("tgw")
	g.tgws = append(g.tgws, outTGW{TransitGatewayID: g.tgw, TransitGatewayArn: g.arn("ec2", "transit-gateway/"+g.tgw), State: "available",
		OwnerID: c.Account, Description: "organisation hub", CreationTime: g.when(false),
		Options: tgwOptions{AmazonSideAsn: 64512, AutoAcceptSharedAttachments: "disable", DefaultRouteTableAssociation: "disable",
			DefaultRouteTablePropagation: "disable", VpnEcmpSupport: "enable", DNSSupport: "enable", SecurityGroupReferencingSupport: "disable", MulticastSupport: "disable"},
		Tags: tags("Name", "hub")})
	for i, name := range []string{"shared", "prod", "nonprod"} {
		g.tgwRTs[i] = g.id("tgw-rtb")
		g.tgwRTList = append(g.tgwRTList, outTGWRouteTable{TransitGatewayRouteTableID: g.tgwRTs[i], TransitGatewayID: g.tgw, State: "available",
			CreationTime: g.when(false), Tags: tags("Name", name)})
	}

	// Plan every VPC first: peering routes and TGW routes name other VPCs.
	bitsPer := vpcBits(c.SubnetsPerVPC)
	for v := range c.VPCs {
		base := v << bitsPer // in /24s from 10.0.0.0
		cidr := netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(base >> 8), byte(base), 0}), 24-bitsPer)
		env := "nonprod"
		switch {
		case v == 0:
			env = "shared"
		case v%2 == 0:
			env = "prod"
		}
		p := &vpcPlan{idx: v, id: g.id("vpc"), cidr: cidr, env: env, att: g.id("tgw-attach"),
			endpoints: v == 0 || (c.EndpointEvery > 0 && v%c.EndpointEvery == 0)}
		g.plans = append(g.plans, p)
	}
	if c.PeeringEvery > 0 {
		for v := 1; v+1 < c.VPCs; v += c.PeeringEvery {
			a, b := g.plans[v], g.plans[v+1]
			pcx := g.id("pcx")
			a.peers = append(a.peers, peer{pcx, b.cidr.String()})
			b.peers = append(b.peers, peer{pcx, a.cidr.String()})
			info := func(p *vpcPlan) peerVPCInfo {
				return peerVPCInfo{CidrBlock: p.cidr.String(), CidrBlockSet: []cidrOnly{{p.cidr.String()}}, OwnerID: c.Account, VpcID: p.id, Region: c.Region}
			}
			g.peerings = append(g.peerings, outPeering{AccepterVpcInfo: info(b), RequesterVpcInfo: info(a), Status: pcxStatus{"active", "Active"},
				Tags: tags("Name", fmt.Sprintf("vpc-%d-to-vpc-%d", v, v+1)), VpcPeeringConnectionID: pcx})
			g.st.Peerings++
		}
	}
	for _, p := range g.plans {
		if err := g.buildVPC(p); err != nil {
			return err
		}
	}
	g.buildTGWRoutes()
	return nil
}

// subnet is one subnet while its VPC is built.
type subnet struct {
	id    string
	cidr  netip.Prefix
	az    int
	tier  string // public, private, endpoints
	next  int    // next free host number
	rt    string // explicit route table, "" for the main table
	nacl  string
	index int // in g.subnets
}

// take returns the next free address of the subnet.
func (g *generator) take(s *subnet) (string, error) {
	if s.next > 250 {
		return "", fmt.Errorf("subnet %s (%s) is full: lower the interfaces per subnet", s.id, s.cidr)
	}
	ip := addr(s.cidr, s.next)
	s.next += 1 + g.rnd.IntN(3)
	g.subnets[s.index].AvailableIPAddressCount--
	return ip, nil
}

func eniGroups(sgs []string, names map[string]string) []eniGroup {
	out := []eniGroup{}
	for _, id := range sgs {
		out = append(out, eniGroup{names[id], id})
	}
	return out
}

func (g *generator) instanceENI(p *vpcPlan, s *subnet, ip string, sgs []string, names map[string]string, pub *eniAssociation, role string) {
	eni, inst := g.id("eni"), g.id("i")
	e := outENI{Association: pub,
		Attachment: &eniAttachment{AttachTime: g.when(false), AttachmentID: g.id("eni-attach"), DeleteOnTermination: true, InstanceID: inst,
			InstanceOwnerID: g.c.Account, Status: "attached"},
		AvailabilityZone: g.azs[s.az], Description: "Primary network interface", Groups: eniGroups(sgs, names), InterfaceType: "interface",
		Ipv6Addresses: []struct{}{}, MacAddress: g.mac(), NetworkInterfaceID: eni, OwnerID: g.c.Account, PrivateDNSName: g.dnsName(ip),
		PrivateIPAddress: ip, PrivateIPAddresses: []eniPrivateIP{{Association: pub, Primary: true, PrivateDNSName: g.dnsName(ip), PrivateIPAddress: ip}},
		SourceDestCheck: true, Status: "in-use", SubnetID: s.id, TagSet: []tag{}, VpcID: p.id}
	if role != "" {
		e.TagSet = tags("role", role)
	} else if g.rnd.IntN(4) == 0 {
		e.TagSet = tags("team", []string{"payments", "platform", "data", "identity"}[g.rnd.IntN(4)])
	}
	g.enis = append(g.enis, e)
	g.st.ENIs++
	g.st.InstanceENIs++
}

func (g *generator) task(p *vpcPlan, s *subnet, cluster, ip, sg, sgName string, t int) error {
	c := g.c
	taskID := g.hex(32)
	attach := g.uuid()
	eni := g.id("eni")
	mac := g.mac()
	service := []string{"web", "worker", "scheduler"}[t%3]
	clusterArn := g.arn("ecs", "cluster/"+cluster)
	taskArn := g.arn("ecs", "task/"+cluster+"/"+taskID)
	created := g.when(false)
	execOn := t%4 != 3
	g.enis = append(g.enis, outENI{
		Attachment:       &eniAttachment{AttachTime: created, AttachmentID: g.id("eni-attach"), DeviceIndex: 1, InstanceOwnerID: "578734482556", Status: "attached"},
		AvailabilityZone: g.azs[s.az], Description: g.arn("ecs", "attachment/"+attach), Groups: []eniGroup{{sgName, sg}}, InterfaceType: "interface",
		Ipv6Addresses: []struct{}{}, MacAddress: mac, NetworkInterfaceID: eni, OwnerID: c.Account, PrivateDNSName: g.dnsName(ip), PrivateIPAddress: ip,
		PrivateIPAddresses: []eniPrivateIP{{Primary: true, PrivateDNSName: g.dnsName(ip), PrivateIPAddress: ip}},
		RequesterID:        "578734482556", RequesterManaged: true, SourceDestCheck: true, Status: "in-use", SubnetID: s.id, TagSet: []tag{}, VpcID: p.id})
	g.st.ENIs++
	g.st.TaskENIs++
	g.tasks[cluster] = append(g.tasks[cluster], outTask{
		Attachments: []taskAttachment{{ID: attach, Type: "ElasticNetworkInterface", Status: "ATTACHED", Details: []nameValue{
			{"subnetId", s.id}, {"networkInterfaceId", eni}, {"macAddress", mac}, {"privateDnsName", g.dnsName(ip)}, {"privateIPv4Address", ip}}}},
		Attributes: []nameValue{{"ecs.cpu-architecture", "x86_64"}}, AvailabilityZone: g.azs[s.az], CapacityProviderName: "FARGATE",
		ClusterArn: clusterArn, Connectivity: "CONNECTED", ConnectivityAt: created,
		Containers: []taskContainer{{ContainerArn: g.arn("ecs", "container/"+cluster+"/"+taskID+"/"+g.uuid()), TaskArn: taskArn, Name: service,
			Image: fmt.Sprintf("%s.dkr.ecr.%s.amazonaws.com/%s:2025.03.1", c.Account, c.Region, service), RuntimeID: taskID + "-1005184666",
			LastStatus: "RUNNING", NetworkBindings: []struct{}{}, NetworkInterfaces: []containerNIC{{attach, ip}}, HealthStatus: "UNKNOWN",
			ManagedAgents: []managedAgent{{created, "ExecuteCommandAgent", "RUNNING"}}, CPU: "0"}},
		CPU: "512", CreatedAt: created, DesiredStatus: "RUNNING", EnableExecuteCommand: execOn, Group: "service:" + service, HealthStatus: "UNKNOWN",
		LastStatus: "RUNNING", LaunchType: "FARGATE", Memory: "1024", PlatformVersion: "1.4.0", PlatformFamily: "Linux", StartedAt: created,
		StartedBy: "ecs-svc/" + fmt.Sprint(g.rnd.Uint64()%1e18), Tags: []struct{}{}, TaskArn: taskArn,
		TaskDefinitionArn: g.arn("ecs", "task-definition/"+service+":7"), Version: 3})
	g.st.ECSTasks++
	return nil
}

func (g *generator) addRT(rt outRouteTable) {
	if rt.Associations == nil {
		rt.Associations = []rtAssoc{}
	}
	rt.PropagatingVgws = []struct{}{}
	g.rts = append(g.rts, rt)
	g.st.RouteTables++
	g.st.Routes += len(rt.Routes)
}

func (g *generator) addACL(a outACL) {
	if a.Associations == nil {
		a.Associations = []aclAssoc{}
	}
	g.acls = append(g.acls, a)
	g.st.NetworkACLs++
	g.st.NACLEntries += len(a.Entries)
}

func entry(n int, egress bool, action, proto, cidr string, ports *portRange) aclEntry {
	e := aclEntry{CidrBlock: cidr, Egress: egress, Protocol: proto, RuleAction: action, RuleNumber: n, PortRange: ports}
	if proto == "1" {
		e.IcmpTypeCode = &icmpCode{-1, -1}
	}
	return e
}

// ruleRef is one peer of a security group rule.
type ruleRef struct {
	cidr, cidr6, sg, pl, desc string
}

// perm returns a permission with one peer per ruleRef.
func (g *generator) perm(proto string, from, to int, peers ...ruleRef) permission {
	p := permission{IPProtocol: proto, UserIDGroupPairs: []groupPair{}, IPRanges: []ipRange{}, Ipv6Ranges: []ipv6Range{}, PrefixListIDs: []prefixListR{}}
	if proto != "-1" {
		p.FromPort, p.ToPort = intp(from), intp(to)
	}
	for _, r := range peers {
		switch {
		case r.cidr != "":
			p.IPRanges = append(p.IPRanges, ipRange{r.cidr, r.desc})
		case r.cidr6 != "":
			p.Ipv6Ranges = append(p.Ipv6Ranges, ipv6Range{r.cidr6, r.desc})
		case r.sg != "":
			p.UserIDGroupPairs = append(p.UserIDGroupPairs, groupPair{Description: r.desc, UserID: g.c.Account, GroupID: r.sg})
		case r.pl != "":
			p.PrefixListIDs = append(p.PrefixListIDs, prefixListR{r.desc, r.pl})
		}
		g.st.SGRules++
	}
	return p
}

// appRules fills application group k with RulesPerSG rules. Group kinds
// by k mod 5: 0-2 may send anything anywhere; 3 sends HTTPS anywhere, to
// S3 and to the database group; 4 sends only inside 10.0.0.0/8 (it
// cannot reach the internet).
func (g *generator) appRules(sg *outSG, k int, app []string, p *vpcPlan) {
	n := g.c.RulesPerSG
	db := app[min(3, len(app)-1)]
	var egress []permission
	switch k % 5 {
	case 0, 1, 2:
		egress = []permission{g.perm("-1", -1, -1, ruleRef{cidr: "0.0.0.0/0"})}
	case 3:
		egress = []permission{
			g.perm("tcp", 443, 443, ruleRef{cidr: "0.0.0.0/0"}, ruleRef{pl: g.s3PL.id, desc: "S3"}),
			g.perm("tcp", 5432, 5432, ruleRef{sg: db, desc: "database"}),
		}
	case 4:
		egress = []permission{
			g.perm("tcp", 443, 443, ruleRef{cidr: "10.0.0.0/8", desc: "internal HTTPS"}),
			g.perm("tcp", 5432, 5432, ruleRef{sg: db, desc: "database"}),
		}
	}
	used := 0
	for _, e := range egress {
		used += len(e.IPRanges) + len(e.Ipv6Ranges) + len(e.UserIDGroupPairs) + len(e.PrefixListIDs)
	}
	sg.IPPermissionsEgress = egress
	other := func(d int) string { return app[(k+d+len(app))%len(app)] }
	var ingress []permission
	for j := 0; used < n; j++ {
		left := n - used
		var pm permission
		switch t := j % 10; {
		case j >= 10:
			// More rules: application ports from other groups.
			port := 8000 + j
			pm = g.perm("tcp", port, port, ruleRef{sg: other(j), desc: fmt.Sprintf("app port %d", port)})
		case t == 0:
			pm = g.perm("tcp", 443, 443, ruleRef{cidr: p.cidr.String(), desc: "HTTPS from the VPC"})
		case t == 1:
			pm = g.perm("tcp", 8080, 8080, ruleRef{sg: other(-1), desc: "from the tier above"})
		case t == 2:
			pm = g.perm("tcp", 22, 22, ruleRef{pl: g.corpPL, desc: "SSH from the offices"})
		case t == 3:
			pm = g.perm("icmp", -1, -1, ruleRef{cidr: "10.0.0.0/8"})
		case t == 4:
			pm = g.perm("tcp", 5432, 5432, ruleRef{sg: other(1)})
		case t == 5:
			pm = g.perm("tcp", 30000, 32767, ruleRef{cidr: p.cidr.String(), desc: "node ports"})
		case t == 6:
			pm = g.perm("udp", 53, 53, ruleRef{cidr: "10.0.0.0/8"})
		case t == 7:
			pm = g.perm("tcp", 443, 443, ruleRef{cidr: fmt.Sprintf("172.16.%d.0/24", k%256), desc: "partner"})
		case t == 8:
			pm = g.perm("tcp", 9090, 9100, ruleRef{sg: sg.GroupID, desc: "metrics"})
		case t == 9 && left >= 2:
			pm = g.perm("tcp", 80, 80, ruleRef{cidr: "0.0.0.0/0"}, ruleRef{cidr6: "::/0"})
		default:
			pm = g.perm("tcp", 80, 80, ruleRef{cidr: "0.0.0.0/0"})
		}
		// A permission of the same protocol and ports as an earlier one
		// would be one permission in AWS's output: merge the peers.
		if i := samePerm(ingress, pm); i >= 0 {
			ingress[i].IPRanges = append(ingress[i].IPRanges, pm.IPRanges...)
			ingress[i].Ipv6Ranges = append(ingress[i].Ipv6Ranges, pm.Ipv6Ranges...)
			ingress[i].UserIDGroupPairs = append(ingress[i].UserIDGroupPairs, pm.UserIDGroupPairs...)
			ingress[i].PrefixListIDs = append(ingress[i].PrefixListIDs, pm.PrefixListIDs...)
		} else {
			ingress = append(ingress, pm)
		}
		used += len(pm.IPRanges) + len(pm.Ipv6Ranges) + len(pm.UserIDGroupPairs) + len(pm.PrefixListIDs)
	}
	if ingress == nil {
		ingress = []permission{}
	}
	sg.IPPermissions = ingress
}

func samePerm(ps []permission, p permission) int {
	for i, q := range ps {
		if q.IPProtocol == p.IPProtocol && eqPort(q.FromPort, p.FromPort) && eqPort(q.ToPort, p.ToPort) {
			return i
		}
	}
	return -1
}

func eqPort(a, b *int) bool {
	return (a == nil) == (b == nil) && (a == nil || *a == *b)
}

// flatRules adds the describe-security-group-rules view of sg.
func (g *generator) flatRules(sg *outSG) {
	if !g.c.SGRulesFile {
		return
	}
	for _, dir := range []struct {
		egress bool
		perms  []permission
	}{{false, sg.IPPermissions}, {true, sg.IPPermissionsEgress}} {
		for _, p := range dir.perms {
			from, to := -1, -1
			if p.FromPort != nil {
				from, to = *p.FromPort, *p.ToPort
			}
			add := func(r outSGRule) {
				id := g.id("sgr")
				r.SecurityGroupRuleID, r.GroupID, r.GroupOwnerID, r.IsEgress = id, sg.GroupID, g.c.Account, dir.egress
				r.IPProtocol, r.FromPort, r.ToPort, r.Tags = p.IPProtocol, from, to, []tag{}
				r.SecurityGroupRuleArn = g.arn("ec2", "security-group-rule/"+id)
				g.sgRules = append(g.sgRules, r)
			}
			for _, x := range p.IPRanges {
				add(outSGRule{CidrIpv4: x.CidrIP, Description: x.Description})
			}
			for _, x := range p.Ipv6Ranges {
				add(outSGRule{CidrIpv6: x.CidrIpv6, Description: x.Description})
			}
			for _, x := range p.PrefixListIDs {
				add(outSGRule{PrefixListID: x.PrefixListID, Description: x.Description})
			}
			for _, x := range p.UserIDGroupPairs {
				add(outSGRule{ReferencedGroupInfo: &referencedG{x.GroupID, x.UserID}, Description: x.Description})
			}
		}
	}
}

// buildTGWRoutes fills the transit gateway route tables: each propagation
// gives a propagated route to the VPC's CIDR; the spoke tables add a
// blackhole for a decommissioned range and a static route to the
// on-premises networks through the shared-services VPC.
func (g *generator) buildTGWRoutes() {
	byAtt := map[string]*vpcPlan{}
	for _, p := range g.plans {
		byAtt[p.att] = p
	}
	for t := range 3 {
		for _, lp := range g.tgwProps[t] {
			p := byAtt[lp.TransitGatewayAttachmentID]
			g.tgwRoutes[t] = append(g.tgwRoutes[t], tgwRoute{DestinationCidrBlock: p.cidr.String(),
				TransitGatewayAttachments: []tgwRouteTarget{{p.id, p.att, "vpc"}}, Type: "propagated", State: "active"})
		}
		if t > 0 {
			shared := g.plans[0]
			g.tgwRoutes[t] = append(g.tgwRoutes[t],
				tgwRoute{DestinationCidrBlock: "172.16.0.0/12", TransitGatewayAttachments: []tgwRouteTarget{{shared.id, shared.att, "vpc"}}, Type: "static", State: "active"},
				tgwRoute{DestinationCidrBlock: "172.31.0.0/16", Type: "static", State: "blackhole"})
		}
		g.st.TGWRoutes += len(g.tgwRoutes[t])
	}
	g.st.TGWRouteTables = 3
}
