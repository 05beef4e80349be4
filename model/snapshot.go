package model

import (
	"net/netip"
	"strings"
)

// OptBool is a boolean that may be unset, for attributes a snapshot may not
// state (a VPC's DNS attributes when describe-vpc-attribute was not run).
// The zero value is Unset.
type OptBool uint8

// The values of OptBool.
const (
	Unset OptBool = iota
	False
	True
)

// Of returns True or False.
func Of(b bool) OptBool {
	if b {
		return True
	}
	return False
}

// Or returns the value of o, or def when o is Unset.
func (o OptBool) Or(def bool) bool {
	if o == Unset {
		return def
	}
	return o == True
}

// Tag is one AWS tag.
type Tag struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// Snapshot is a whole network: every object a reader found. Slices keep the
// reader's order; Validate and the simulator do not depend on it. A
// Snapshot is treated as immutable once validated.
type Snapshot struct {
	// Region is the default Region of objects that carry none.
	Region string
	// Account is the default account of objects that carry none.
	Account string

	VPCs             []VPC
	Subnets          []Subnet
	RouteTables      []RouteTable
	InternetGateways []InternetGateway
	EgressOnlyIGWs   []EgressOnlyIGW
	NATGateways      []NATGateway
	SecurityGroups   []SecurityGroup
	NetworkACLs      []NetworkACL
	PrefixLists      []PrefixList
	ENIs             []ENI
	Instances        []Instance
	ElasticIPs       []ElasticIP
	Endpoints        []Endpoint
	DHCPOptions      []DHCPOptions
	CloudShells      []CloudShellEnv
	TransitGateways  []TransitGateway
	TGWAttachments   []TGWAttachment
	TGWRouteTables   []TGWRouteTable
	Peerings         []PeeringConnection
	VPNGateways      []VPNGateway
	ECSTasks         []ECSTask
	HostedZones      []HostedZone

	// Deployed marks a snapshot read from what AWS reported (AWS CLI
	// exports): AWS already enforced its integrity, so a reference to an
	// object the snapshot lacks means the export is partial (another
	// account's file, a describe call not run). Validate then reports
	// integrity problems as warnings, and the engine treats what is missing
	// as unknown rather than refusing the whole snapshot.
	Deployed bool

	// Sources maps objects and fields to where the reader found them.
	Sources SourceMap
	// Notes are the reader's own diagnostics (warnings such as unknown keys),
	// kept so that every consumer reports them.
	Notes Diagnostics
}

// VPC is a virtual private cloud.
type VPC struct {
	ID      string
	Account string
	Region  string
	State   State // pending | available; unset means available
	// CIDRs are the associated IPv4 CIDR blocks, the primary first.
	CIDRs     []netip.Prefix
	IPv6CIDRs []netip.Prefix
	// DNSSupport is enableDnsSupport (AWS default true).
	DNSSupport OptBool
	// DNSHostnames is enableDnsHostnames (AWS default false, true in a default VPC).
	DNSHostnames OptBool
	DHCPOptions  string // dopt-… id; "" or "default" means none
	IsDefault    bool
	// BlockPublicAccess is BlockPublicAccessStates.InternetGatewayBlockMode:
	// "", "off", "block-bidirectional" or "block-ingress".
	BlockPublicAccess string
	Tags              []Tag
}

// Subnet is a subnet of one VPC in one Availability Zone.
type Subnet struct {
	ID        string
	VPC       string
	Account   string
	CIDR      netip.Prefix
	IPv6CIDRs []netip.Prefix
	AZ        string // ap-northeast-1a
	AZID      string // apne1-az4: the same physical zone in every account
	State     State  // pending | available | …; unset means available
	// RouteTable is the explicitly associated route table; "" means the
	// VPC's main route table.
	RouteTable string
	// NetworkACL is the associated network ACL; "" means the VPC's default.
	NetworkACL        string
	BlockPublicAccess string
	Tags              []Tag
}

// RouteTable is a route table of one VPC.
type RouteTable struct {
	ID      string
	VPC     string
	Account string
	// Main marks the VPC's main route table, used by every subnet without
	// an explicit association.
	Main bool
	// Gateways lists edge associations (igw-/vgw-): the table routes
	// traffic entering the VPC through that gateway.
	Gateways []string
	// Routes excludes nothing: local routes appear when the reader saw them;
	// the simulator adds the implicit local route for each VPC CIDR.
	Routes []Route
	Tags   []Tag
}

// Route is one route. Exactly one of Destination and PrefixList is set.
type Route struct {
	Destination netip.Prefix // IPv4 or IPv6 CIDR
	PrefixList  string       // pl-… id
	// Target is where matching traffic goes. For a blackhole route whose
	// target is gone the reader keeps the target it saw (it may be empty).
	Target Ref
	// State is active (or unset) or blackhole; any other state does not
	// forward.
	State State
	// Origin is CreateRouteTable, CreateRoute, EnableVgwRoutePropagation…
	Origin string
}

// Propagated reports whether the route was propagated (lower priority than
// static and prefix-list routes of the same length).
func (r Route) Propagated() bool { return r.Origin == "EnableVgwRoutePropagation" }

// InternetGateway is an internet gateway and its attachment.
type InternetGateway struct {
	ID      string
	Account string
	// VPC is the VPC it is attached to, "" when detached.
	VPC string
	// State is the attachment state: available and attached both mean
	// attached (describe-internet-gateways prints "available").
	State State
	Tags  []Tag
}

// EgressOnlyIGW is an IPv6 egress-only internet gateway.
type EgressOnlyIGW struct {
	ID    string
	VPC   string
	State State // the attachment state
	Tags  []Tag
}

// NATGateway is a NAT gateway.
type NATGateway struct {
	ID      string
	VPC     string
	Account string
	Subnet  string // "" for a regional NAT gateway
	// Connectivity is "public" (the default) or "private".
	Connectivity string
	// State: pending | failed | available | deleting | deleted; unset
	// means available.
	State     State
	PublicIP  netip.Addr // the primary EIP of a public NAT gateway
	PrivateIP netip.Addr
	ENI       string
	// Regional marks AvailabilityMode regional (no subnet, own route table).
	Regional   bool
	RouteTable string // regional NAT gateways only
	// Zones are the Availability Zones (names or zone ids) a regional NAT
	// gateway has addresses in, from NatGatewayAddresses; it serves those.
	Zones []string
	// AutoProvisionZones is AutoProvisionZones enabled: the regional NAT
	// gateway adds addresses in every zone that has subnets.
	AutoProvisionZones bool
	Tags               []Tag
}

// IsPrivate reports whether the NAT gateway has private connectivity.
func (n NATGateway) IsPrivate() bool { return n.Connectivity == "private" }

// SecurityGroup is a security group with its rules.
type SecurityGroup struct {
	ID      string
	Name    string
	VPC     string
	Account string
	Ingress []SGRule
	Egress  []SGRule
	Tags    []Tag
}

// SGRule is one security group rule with exactly one peer: a CIDR, a
// prefix list or a security group.
type SGRule struct {
	Protocol Protocol
	// Ports applies to TCP and UDP.
	Ports PortRange
	// ICMP applies to ICMP and ICMPv6.
	ICMP       ICMPMatch
	CIDR       netip.Prefix
	PrefixList string
	// Group is a referenced security group id; GroupVPC and Peering are set
	// when the reference crosses a peering connection.
	Group       string
	GroupVPC    string
	Peering     string
	Description string
}

// NetworkACL is a network ACL.
type NetworkACL struct {
	ID      string
	VPC     string
	Account string
	// Default marks the VPC's default network ACL, used by every subnet
	// without an explicit association.
	Default bool
	// Entries holds inbound and outbound entries in any order, without the
	// unremovable "*" deny rules (32767, 32768), which are implicit.
	Entries []ACLEntry
	Tags    []Tag
}

// ACLEntry is one network ACL rule.
type ACLEntry struct {
	RuleNumber int
	Egress     bool
	Allow      bool
	Protocol   Protocol
	CIDR       netip.Prefix
	Ports      PortRange
	ICMP       ICMPMatch
}

// PrefixList is a managed or AWS service prefix list with its entries.
type PrefixList struct {
	ID      string
	Name    string // com.amazonaws.<region>.s3 for AWS service lists
	Owner   string // "AWS" for AWS-managed lists
	Account string
	Region  string
	CIDRs   []netip.Prefix
	// EntriesKnown is false when the snapshot names the list but not its
	// entries (describe-managed-prefix-lists without get-…-entries).
	EntriesKnown bool
}

// ENI is a network interface.
type ENI struct {
	ID      string
	VPC     string
	Subnet  string
	Account string
	AZ      string
	// Type is the InterfaceType: interface, natGateway, vpc_endpoint,
	// transit_gateway, lambda…; empty means interface.
	Type         string
	Status       State // in-use | available (detached) | …; unset means in use
	PrivateIP    netip.Addr
	SecondaryIPs []netip.Addr
	// Prefixes are the delegated IPv4 prefixes (EKS prefix mode): every
	// address in them belongs to the interface, with its security groups.
	// Source: EC2 User Guide, "Assign prefixes to network interfaces".
	Prefixes       []netip.Prefix
	PublicIP       netip.Addr // public IPv4 or EIP on the primary address
	IPv6           []netip.Addr
	SecurityGroups []string
	// SourceDestCheck is true unless disabled (appliances).
	SourceDestCheck  OptBool
	RequesterManaged bool
	Instance         string
	Description      string
	Tags             []Tag
}

// HasTag reports whether the ENI carries a tag with the key.
func (e ENI) HasTag(key string) bool {
	for _, t := range e.Tags {
		if t.Key == key {
			return true
		}
	}
	return false
}

// CloudShellTag is the tag key CloudShell puts on the ENIs it creates.
const CloudShellTag = "ManagedByCloudShell"

// Instance is an EC2 instance (from describe-instances).
type Instance struct {
	ID      string
	Account string
	State   State // running | stopped | terminated | …; unset means running
	ENIs    []string
	Tags    []Tag
}

// ElasticIP is an Elastic IP address (from describe-addresses).
type ElasticIP struct {
	AllocationID string
	PublicIP     netip.Addr
	ENI          string
	PrivateIP    netip.Addr
	Instance     string
}

// Endpoint is a VPC endpoint (interface, gateway, gateway load balancer).
type Endpoint struct {
	ID      string
	VPC     string
	Account string
	// Type: Interface | Gateway | GatewayLoadBalancer | …
	Type    string
	Service string // com.amazonaws.<region>.<service>
	// State: pending-acceptance | pending | available | …; unset means
	// available.
	State      State
	PrivateDNS bool
	// PrivateDNSOnlyForInboundResolver is the S3 interface endpoint's DNS
	// option: with private DNS on, the endpoint's private names answer only
	// queries that arrive through a Route 53 Resolver inbound endpoint;
	// clients inside the VPC keep resolving S3 to the gateway endpoint or
	// the public service. Source: AWS PrivateLink Guide and S3 User Guide,
	// "Private DNS for Amazon S3 interface endpoints".
	PrivateDNSOnlyForInboundResolver bool
	Subnets                          []string
	ENIs                             []string
	SecurityGroups                   []string
	RouteTables                      []string
	// Policy is the endpoint policy document; "" means the default (allow all).
	Policy string
	Tags   []Tag
}

// DHCPOptions is a DHCP option set.
type DHCPOptions struct {
	ID      string
	Account string
	// DomainNameServers lists AmazonProvidedDNS and/or server addresses.
	DomainNameServers []string
	DomainName        string
}

// CloudShellEnv is a CloudShell VPC environment: a managed ENI in one subnet
// with up to five security groups and never a public IP.
type CloudShellEnv struct {
	Name      string
	Principal string
	VPC       string
	Subnet    string
	// SecurityGroups are the environment's security groups (1 to 5).
	SecurityGroups []string
	// ENI is the environment's interface when the snapshot has it.
	ENI string
	// IP is the environment's private address; zero when not yet known.
	IP netip.Addr
}

// CloudShellPrefix begins the id an environment is known by where it has
// no interface of its own: "cloudshell:<name>", the form --from takes.
const CloudShellPrefix = "cloudshell:"

// ID returns the environment's id: CloudShellPrefix and its name.
func (c CloudShellEnv) ID() string { return CloudShellPrefix + c.Name }

// CloudShellName returns the name in a "cloudshell:<name>" id, and
// whether id has that form.
func CloudShellName(id string) (string, bool) { return strings.CutPrefix(id, CloudShellPrefix) }

// TransitGateway is a transit gateway.
type TransitGateway struct {
	ID                      string
	Account                 string
	State                   State // unset means available
	DefaultAssociationTable string
	DefaultPropagationTable string
	DNSSupport              bool
	SGReferencing           bool
	Tags                    []Tag
}

// TGWAttachment is a transit gateway attachment.
type TGWAttachment struct {
	ID             string
	TransitGateway string
	// ResourceType: vpc | vpn | direct-connect-gateway | peering | …
	ResourceType string
	ResourceID   string
	Account      string
	State        State    // unset means available
	Subnets      []string // VPC attachments: one subnet per AZ
	// RouteTable is the associated TGW route table, "" when none.
	RouteTable    string
	ApplianceMode bool
	SGReferencing bool
	DNSSupport    bool
}

// TGWRouteTable is a transit gateway route table.
type TGWRouteTable struct {
	ID             string
	TransitGateway string
	State          State
	Routes         []TGWRoute
	// Propagations lists attachments propagating into the table.
	Propagations []string
	// RoutesKnown is false when the snapshot lists the table without its
	// routes (no search-transit-gateway-routes output).
	RoutesKnown bool
}

// TGWRoute is a transit gateway route.
type TGWRoute struct {
	Destination netip.Prefix
	PrefixList  string
	Type        string // static | propagated
	State       State  // active | blackhole | …
	Attachments []string
}

// PeeringConnection is a VPC peering connection.
type PeeringConnection struct {
	ID        string
	Status    State // active | pending-acceptance | deleted | …; unset means active
	Requester PeerVPC
	Accepter  PeerVPC
	Tags      []Tag
}

// PeerVPC is one side of a peering connection.
type PeerVPC struct {
	VPC     string
	Account string
	Region  string
	CIDRs   []netip.Prefix
}

// VPNGateway is a virtual private gateway.
type VPNGateway struct {
	ID    string
	State State
	VPCs  []string
}

// ECSTask is an ECS task in awsvpc mode.
type ECSTask struct {
	ID      string // the task id (last part of the ARN)
	ARN     string
	Cluster string
	// LastStatus is the task's lastStatus (RUNNING reads as [StateRunning]);
	// unset means running.
	LastStatus      State
	LaunchType      string
	PlatformVersion string
	ExecEnabled     bool
	// ExecAgent is the lastStatus of the ExecuteCommandAgent, unset when
	// the snapshot does not show it.
	ExecAgent State
	ENI       string
	Subnet    string
	PrivateIP netip.Addr
	// SecurityGroups are the task's groups when the snapshot has no
	// interface for it (a design); an interface's own groups win.
	SecurityGroups []string
}

// HostedZone is a Route 53 private hosted zone: it answers for its name
// and the names below it in the VPCs it is associated with.
type HostedZone struct {
	ID   string
	Name string // ssmmessages.eu-west-1.amazonaws.com (no trailing dot)
	// VPCs are the associated VPCs.
	VPCs    []string
	Records []DNSRecord
}

// DNSRecord is one record of a hosted zone.
type DNSRecord struct {
	Name string // the full name, no trailing dot
	Type string // A, AAAA, CNAME…
	// Alias is the alias target's DNS name (an endpoint's
	// vpce-….vpce.amazonaws.com name) or a VPC endpoint id.
	Alias  string
	Values []string
}

// Expect is one assertion about a query (a TOML [[expect]] block): from a
// source to a destination, what the answer must be. The runner checks it
// (package scenarios).
type Expect struct {
	From, To  string
	Reachable *bool // nil when not stated
	Code      string
	Via       []string
	NotVia    []string
	// Verdict is the answer the query must give: reachable, unreachable
	// or unknown; "" when not stated. The runner checks the value.
	Verdict string
	// ResolvesVia is how an aws:<service> name must resolve:
	// interface-endpoint, gateway-endpoint or internet.
	ResolvesVia string
	Why         string
	Pos         Pos // position of the block's header
}
