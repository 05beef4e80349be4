package model

// Kind names a kind of component. Kinds appear in hops, in JSON output and
// in diagnostics; they are only ever added.
type Kind string

// The kinds of component a snapshot holds.
const (
	KindVPC             Kind = "vpc"
	KindSubnet          Kind = "subnet"
	KindRouteTable      Kind = "route-table"
	KindInternetGateway Kind = "internet-gateway"
	KindEgressOnlyIGW   Kind = "egress-only-internet-gateway"
	KindNATGateway      Kind = "nat-gateway"
	KindSecurityGroup   Kind = "security-group"
	KindNetworkACL      Kind = "network-acl"
	KindPrefixList      Kind = "prefix-list"
	KindENI             Kind = "network-interface"
	KindInstance        Kind = "instance"
	KindCloudShell      Kind = "cloudshell"
	KindEndpoint        Kind = "vpc-endpoint"
	KindDHCPOptions     Kind = "dhcp-options"
	KindTransitGateway  Kind = "transit-gateway"
	KindTGWAttachment   Kind = "transit-gateway-attachment"
	KindTGWRouteTable   Kind = "transit-gateway-route-table"
	KindPeering         Kind = "vpc-peering-connection"
	KindVPNGateway      Kind = "virtual-private-gateway"
	KindECSTask         Kind = "ecs-task"
	KindElasticIP       Kind = "elastic-ip"
	KindHostedZone      Kind = "hosted-zone"
	KindInternet        Kind = "internet"
	// KindLocal is the "local" route target: delivery inside the VPC.
	KindLocal Kind = "local"
	// KindBlackhole is a route whose target is gone or was set to drop.
	KindBlackhole Kind = "blackhole"
	// KindOther is a route target cshsim knows by id only (carrier gateway,
	// local gateway, Cloud WAN core network…): it carries no traffic here.
	KindOther Kind = "other"
)

// Ref names a component of any kind. The zero Ref names nothing.
type Ref struct {
	Kind Kind   `json:"kind"`
	ID   string `json:"id"`
}

// IsZero reports whether r names nothing.
func (r Ref) IsZero() bool { return r == Ref{} }

// String returns the id, or the kind for id-less targets such as local.
func (r Ref) String() string {
	if r.ID == "" {
		return string(r.Kind)
	}
	return r.ID
}

// idPrefixes maps the prefix of an AWS id to the kind it names, longest
// prefix first where one prefix begins another (tgw-attach- before tgw-).
// It is the one table the readers use to know a kind from an id alone (a
// route target gone from the snapshot, a Terraform reference to an
// existing object).
var idPrefixes = []struct {
	prefix string
	kind   Kind
}{
	{"tgw-attach-", KindTGWAttachment},
	{"tgw-rtb-", KindTGWRouteTable},
	{"tgw-", KindTransitGateway},
	{"vpce-", KindEndpoint},
	{"vpc-", KindVPC},
	{"subnet-", KindSubnet},
	{"rtb-", KindRouteTable},
	{"eigw-", KindEgressOnlyIGW},
	{"igw-", KindInternetGateway},
	{"nat-", KindNATGateway},
	{"sg-", KindSecurityGroup},
	{"acl-", KindNetworkACL},
	{"pl-", KindPrefixList},
	{"eni-", KindENI},
	{"i-", KindInstance},
	{"eipalloc-", KindElasticIP},
	{"dopt-", KindDHCPOptions},
	{"pcx-", KindPeering},
	{"vgw-", KindVPNGateway},
}

// KindOfID returns the kind an AWS id names by its prefix (igw-… is an
// internet gateway), and false for an id of no known form.
func KindOfID(id string) (Kind, bool) {
	for _, p := range idPrefixes {
		if len(id) > len(p.prefix) && id[:len(p.prefix)] == p.prefix {
			return p.kind, true
		}
	}
	return "", false
}
