package gen

// The types below are the AWS CLI v2 output shapes the generator writes,
// with their members in the order `aws … --output json` prints them (the
// order of the service response, as in testdata/awscli) and with the
// members cshsim does not read (timestamps, MAC addresses, ARNs) present
// as AWS includes them. Lists are never nil: the CLI prints [] for an
// empty list, never null.

type tag struct {
	Key   string `json:"Key"`
	Value string `json:"Value"`
}

type stateHolder struct {
	State string `json:"State"`
}

type bpaStates struct {
	InternetGatewayBlockMode string `json:"InternetGatewayBlockMode"`
}

// ec2 describe-vpcs
type outVPC struct {
	OwnerID                 string         `json:"OwnerId"`
	InstanceTenancy         string         `json:"InstanceTenancy"`
	CidrBlockAssociationSet []vpcCidrAssoc `json:"CidrBlockAssociationSet"`
	IsDefault               bool           `json:"IsDefault"`
	BlockPublicAccessStates bpaStates      `json:"BlockPublicAccessStates"`
	Tags                    []tag          `json:"Tags"`
	VpcID                   string         `json:"VpcId"`
	State                   string         `json:"State"`
	CidrBlock               string         `json:"CidrBlock"`
	DhcpOptionsID           string         `json:"DhcpOptionsId"`
}

type vpcCidrAssoc struct {
	AssociationID  string      `json:"AssociationId"`
	CidrBlock      string      `json:"CidrBlock"`
	CidrBlockState stateHolder `json:"CidrBlockState"`
}

// ec2 describe-vpc-attribute (one attribute per call)
type outDNSSupport struct {
	VpcID            string    `json:"VpcId"`
	EnableDNSSupport boolValue `json:"EnableDnsSupport"`
}

type outDNSHostnames struct {
	VpcID              string    `json:"VpcId"`
	EnableDNSHostnames boolValue `json:"EnableDnsHostnames"`
}

type boolValue struct {
	Value bool `json:"Value"`
}

// ec2 describe-subnets
type outSubnet struct {
	AvailabilityZoneID            string         `json:"AvailabilityZoneId"`
	MapCustomerOwnedIPOnLaunch    bool           `json:"MapCustomerOwnedIpOnLaunch"`
	OwnerID                       string         `json:"OwnerId"`
	AssignIpv6AddressOnCreation   bool           `json:"AssignIpv6AddressOnCreation"`
	Ipv6CidrBlockAssociationSet   []struct{}     `json:"Ipv6CidrBlockAssociationSet"`
	Tags                          []tag          `json:"Tags"`
	SubnetArn                     string         `json:"SubnetArn"`
	EnableDNS64                   bool           `json:"EnableDns64"`
	Ipv6Native                    bool           `json:"Ipv6Native"`
	PrivateDNSNameOptionsOnLaunch dnsNameOptions `json:"PrivateDnsNameOptionsOnLaunch"`
	BlockPublicAccessStates       bpaStates      `json:"BlockPublicAccessStates"`
	SubnetID                      string         `json:"SubnetId"`
	State                         string         `json:"State"`
	VpcID                         string         `json:"VpcId"`
	CidrBlock                     string         `json:"CidrBlock"`
	AvailableIPAddressCount       int            `json:"AvailableIpAddressCount"`
	AvailabilityZone              string         `json:"AvailabilityZone"`
	DefaultForAz                  bool           `json:"DefaultForAz"`
	MapPublicIPOnLaunch           bool           `json:"MapPublicIpOnLaunch"`
}

type dnsNameOptions struct {
	HostnameType                    string `json:"HostnameType"`
	EnableResourceNameDNSARecord    bool   `json:"EnableResourceNameDnsARecord"`
	EnableResourceNameDNSAAAARecord bool   `json:"EnableResourceNameDnsAAAARecord"`
}

// ec2 describe-route-tables
type outRouteTable struct {
	Associations    []rtAssoc  `json:"Associations"`
	PropagatingVgws []struct{} `json:"PropagatingVgws"`
	RouteTableID    string     `json:"RouteTableId"`
	Routes          []outRoute `json:"Routes"`
	Tags            []tag      `json:"Tags"`
	VpcID           string     `json:"VpcId"`
	OwnerID         string     `json:"OwnerId"`
}

type rtAssoc struct {
	Main                    bool        `json:"Main"`
	RouteTableAssociationID string      `json:"RouteTableAssociationId"`
	RouteTableID            string      `json:"RouteTableId"`
	SubnetID                string      `json:"SubnetId,omitempty"`
	AssociationState        stateHolder `json:"AssociationState"`
}

type outRoute struct {
	DestinationCidrBlock    string `json:"DestinationCidrBlock,omitempty"`
	DestinationPrefixListID string `json:"DestinationPrefixListId,omitempty"`
	GatewayID               string `json:"GatewayId,omitempty"`
	NatGatewayID            string `json:"NatGatewayId,omitempty"`
	TransitGatewayID        string `json:"TransitGatewayId,omitempty"`
	VpcPeeringConnectionID  string `json:"VpcPeeringConnectionId,omitempty"`
	Origin                  string `json:"Origin"`
	State                   string `json:"State"`
}

// ec2 describe-internet-gateways
type outIGW struct {
	Attachments       []igwAttachment `json:"Attachments"`
	InternetGatewayID string          `json:"InternetGatewayId"`
	OwnerID           string          `json:"OwnerId"`
	Tags              []tag           `json:"Tags"`
}

type igwAttachment struct {
	State string `json:"State"`
	VpcID string `json:"VpcId"`
}

// ec2 describe-nat-gateways
type outNAT struct {
	CreateTime          string       `json:"CreateTime"`
	NatGatewayAddresses []natAddress `json:"NatGatewayAddresses"`
	NatGatewayID        string       `json:"NatGatewayId"`
	State               string       `json:"State"`
	SubnetID            string       `json:"SubnetId"`
	VpcID               string       `json:"VpcId"`
	Tags                []tag        `json:"Tags"`
	ConnectivityType    string       `json:"ConnectivityType"`
}

type natAddress struct {
	AllocationID       string `json:"AllocationId"`
	NetworkInterfaceID string `json:"NetworkInterfaceId"`
	PrivateIP          string `json:"PrivateIp"`
	PublicIP           string `json:"PublicIp"`
	AssociationID      string `json:"AssociationId"`
	IsPrimary          bool   `json:"IsPrimary"`
	Status             string `json:"Status"`
}

// ec2 describe-vpc-endpoints
type outEndpoint struct {
	VpcEndpointID       string      `json:"VpcEndpointId"`
	VpcEndpointType     string      `json:"VpcEndpointType"`
	VpcID               string      `json:"VpcId"`
	ServiceName         string      `json:"ServiceName"`
	State               string      `json:"State"`
	PolicyDocument      string      `json:"PolicyDocument"`
	RouteTableIDs       []string    `json:"RouteTableIds"`
	SubnetIDs           []string    `json:"SubnetIds"`
	Groups              []groupRef  `json:"Groups"`
	IPAddressType       string      `json:"IpAddressType"`
	DNSOptions          *dnsOptions `json:"DnsOptions,omitempty"`
	PrivateDNSEnabled   bool        `json:"PrivateDnsEnabled"`
	RequesterManaged    bool        `json:"RequesterManaged"`
	NetworkInterfaceIDs []string    `json:"NetworkInterfaceIds"`
	DNSEntries          []dnsEntry  `json:"DnsEntries"`
	CreationTimestamp   string      `json:"CreationTimestamp"`
	Tags                []tag       `json:"Tags"`
	OwnerID             string      `json:"OwnerId"`
}

type groupRef struct {
	GroupID   string `json:"GroupId"`
	GroupName string `json:"GroupName"`
}

type dnsOptions struct {
	DNSRecordIPType string `json:"DnsRecordIpType"`
}

type dnsEntry struct {
	DNSName      string `json:"DnsName"`
	HostedZoneID string `json:"HostedZoneId"`
}

// ec2 describe-security-groups
type outSG struct {
	GroupID             string       `json:"GroupId"`
	IPPermissionsEgress []permission `json:"IpPermissionsEgress"`
	VpcID               string       `json:"VpcId"`
	SecurityGroupArn    string       `json:"SecurityGroupArn"`
	OwnerID             string       `json:"OwnerId"`
	GroupName           string       `json:"GroupName"`
	Description         string       `json:"Description"`
	IPPermissions       []permission `json:"IpPermissions"`
	Tags                []tag        `json:"Tags,omitempty"`
}

type permission struct {
	IPProtocol       string        `json:"IpProtocol"`
	FromPort         *int          `json:"FromPort,omitempty"`
	ToPort           *int          `json:"ToPort,omitempty"`
	UserIDGroupPairs []groupPair   `json:"UserIdGroupPairs"`
	IPRanges         []ipRange     `json:"IpRanges"`
	Ipv6Ranges       []ipv6Range   `json:"Ipv6Ranges"`
	PrefixListIDs    []prefixListR `json:"PrefixListIds"`
}

type groupPair struct {
	Description string `json:"Description,omitempty"`
	UserID      string `json:"UserId"`
	GroupID     string `json:"GroupId"`
}

type ipRange struct {
	CidrIP      string `json:"CidrIp"`
	Description string `json:"Description,omitempty"`
}

type ipv6Range struct {
	CidrIpv6    string `json:"CidrIpv6"`
	Description string `json:"Description,omitempty"`
}

type prefixListR struct {
	Description  string `json:"Description,omitempty"`
	PrefixListID string `json:"PrefixListId"`
}

// ec2 describe-security-group-rules
type outSGRule struct {
	SecurityGroupRuleID  string       `json:"SecurityGroupRuleId"`
	GroupID              string       `json:"GroupId"`
	GroupOwnerID         string       `json:"GroupOwnerId"`
	IsEgress             bool         `json:"IsEgress"`
	IPProtocol           string       `json:"IpProtocol"`
	FromPort             int          `json:"FromPort"`
	ToPort               int          `json:"ToPort"`
	CidrIpv4             string       `json:"CidrIpv4,omitempty"`
	CidrIpv6             string       `json:"CidrIpv6,omitempty"`
	PrefixListID         string       `json:"PrefixListId,omitempty"`
	ReferencedGroupInfo  *referencedG `json:"ReferencedGroupInfo,omitempty"`
	Description          string       `json:"Description,omitempty"`
	Tags                 []tag        `json:"Tags"`
	SecurityGroupRuleArn string       `json:"SecurityGroupRuleArn"`
}

type referencedG struct {
	GroupID string `json:"GroupId"`
	UserID  string `json:"UserId"`
}

// ec2 describe-network-acls
type outACL struct {
	Associations []aclAssoc `json:"Associations"`
	Entries      []aclEntry `json:"Entries"`
	IsDefault    bool       `json:"IsDefault"`
	NetworkACLID string     `json:"NetworkAclId"`
	Tags         []tag      `json:"Tags"`
	VpcID        string     `json:"VpcId"`
	OwnerID      string     `json:"OwnerId"`
}

type aclAssoc struct {
	NetworkACLAssociationID string `json:"NetworkAclAssociationId"`
	NetworkACLID            string `json:"NetworkAclId"`
	SubnetID                string `json:"SubnetId"`
}

type aclEntry struct {
	CidrBlock    string     `json:"CidrBlock"`
	Egress       bool       `json:"Egress"`
	IcmpTypeCode *icmpCode  `json:"IcmpTypeCode,omitempty"`
	PortRange    *portRange `json:"PortRange,omitempty"`
	Protocol     string     `json:"Protocol"`
	RuleAction   string     `json:"RuleAction"`
	RuleNumber   int        `json:"RuleNumber"`
}

type icmpCode struct {
	Code int `json:"Code"`
	Type int `json:"Type"`
}

type portRange struct {
	From int `json:"From"`
	To   int `json:"To"`
}

// ec2 describe-network-interfaces
type outENI struct {
	Association        *eniAssociation `json:"Association,omitempty"`
	Attachment         *eniAttachment  `json:"Attachment,omitempty"`
	AvailabilityZone   string          `json:"AvailabilityZone"`
	Description        string          `json:"Description"`
	Groups             []eniGroup      `json:"Groups"`
	InterfaceType      string          `json:"InterfaceType"`
	Ipv6Addresses      []struct{}      `json:"Ipv6Addresses"`
	MacAddress         string          `json:"MacAddress"`
	NetworkInterfaceID string          `json:"NetworkInterfaceId"`
	OwnerID            string          `json:"OwnerId"`
	PrivateDNSName     string          `json:"PrivateDnsName"`
	PrivateIPAddress   string          `json:"PrivateIpAddress"`
	PrivateIPAddresses []eniPrivateIP  `json:"PrivateIpAddresses"`
	RequesterID        string          `json:"RequesterId,omitempty"`
	RequesterManaged   bool            `json:"RequesterManaged"`
	SourceDestCheck    bool            `json:"SourceDestCheck"`
	Status             string          `json:"Status"`
	SubnetID           string          `json:"SubnetId"`
	TagSet             []tag           `json:"TagSet"`
	VpcID              string          `json:"VpcId"`
}

type eniAssociation struct {
	AllocationID  string `json:"AllocationId,omitempty"`
	AssociationID string `json:"AssociationId,omitempty"`
	IPOwnerID     string `json:"IpOwnerId"`
	PublicDNSName string `json:"PublicDnsName"`
	PublicIP      string `json:"PublicIp"`
}

type eniAttachment struct {
	AttachTime          string `json:"AttachTime"`
	AttachmentID        string `json:"AttachmentId"`
	DeleteOnTermination bool   `json:"DeleteOnTermination"`
	DeviceIndex         int    `json:"DeviceIndex"`
	NetworkCardIndex    int    `json:"NetworkCardIndex"`
	InstanceID          string `json:"InstanceId,omitempty"`
	InstanceOwnerID     string `json:"InstanceOwnerId"`
	Status              string `json:"Status"`
}

type eniGroup struct {
	GroupName string `json:"GroupName"`
	GroupID   string `json:"GroupId"`
}

type eniPrivateIP struct {
	Association      *eniAssociation `json:"Association,omitempty"`
	Primary          bool            `json:"Primary"`
	PrivateDNSName   string          `json:"PrivateDnsName"`
	PrivateIPAddress string          `json:"PrivateIpAddress"`
}

// ec2 describe-dhcp-options
type outDHCP struct {
	DhcpConfigurations []dhcpConfig `json:"DhcpConfigurations"`
	DhcpOptionsID      string       `json:"DhcpOptionsId"`
	OwnerID            string       `json:"OwnerId"`
	Tags               []tag        `json:"Tags"`
}

type dhcpConfig struct {
	Key    string      `json:"Key"`
	Values []dhcpValue `json:"Values"`
}

type dhcpValue struct {
	Value string `json:"Value"`
}

// ec2 describe-addresses
type outAddress struct {
	AllocationID            string `json:"AllocationId"`
	AssociationID           string `json:"AssociationId"`
	Domain                  string `json:"Domain"`
	NetworkInterfaceID      string `json:"NetworkInterfaceId"`
	NetworkInterfaceOwnerID string `json:"NetworkInterfaceOwnerId"`
	PrivateIPAddress        string `json:"PrivateIpAddress"`
	PublicIPv4Pool          string `json:"PublicIpv4Pool"`
	NetworkBorderGroup      string `json:"NetworkBorderGroup"`
	PublicIP                string `json:"PublicIp"`
}

// ec2 describe-managed-prefix-lists
type outManagedPL struct {
	PrefixListID   string `json:"PrefixListId"`
	AddressFamily  string `json:"AddressFamily"`
	State          string `json:"State"`
	PrefixListArn  string `json:"PrefixListArn"`
	PrefixListName string `json:"PrefixListName"`
	MaxEntries     int    `json:"MaxEntries,omitempty"`
	Version        int    `json:"Version"`
	Tags           []tag  `json:"Tags"`
	OwnerID        string `json:"OwnerId"`
}

// ec2 describe-prefix-lists (AWS service lists with their CIDRs)
type outServicePL struct {
	Cidrs          []string `json:"Cidrs"`
	PrefixListID   string   `json:"PrefixListId"`
	PrefixListName string   `json:"PrefixListName"`
}

// ec2 get-managed-prefix-list-entries, with the list id collect.sh adds
// beside the entries (--query "{PrefixListId: '…', Entries: Entries}").
type outPLEntries struct {
	PrefixListID string    `json:"PrefixListId"`
	Entries      []plEntry `json:"Entries"`
}

type plEntry struct {
	Cidr        string `json:"Cidr"`
	Description string `json:"Description"`
}

// ec2 describe-vpc-peering-connections
type outPeering struct {
	AccepterVpcInfo        peerVPCInfo `json:"AccepterVpcInfo"`
	RequesterVpcInfo       peerVPCInfo `json:"RequesterVpcInfo"`
	Status                 pcxStatus   `json:"Status"`
	Tags                   []tag       `json:"Tags"`
	VpcPeeringConnectionID string      `json:"VpcPeeringConnectionId"`
}

type peerVPCInfo struct {
	CidrBlock      string         `json:"CidrBlock"`
	CidrBlockSet   []cidrOnly     `json:"CidrBlockSet"`
	OwnerID        string         `json:"OwnerId"`
	PeeringOptions peeringOptions `json:"PeeringOptions"`
	VpcID          string         `json:"VpcId"`
	Region         string         `json:"Region"`
}

type cidrOnly struct {
	CidrBlock string `json:"CidrBlock"`
}

type peeringOptions struct {
	AllowDNSResolutionFromRemoteVpc            bool `json:"AllowDnsResolutionFromRemoteVpc"`
	AllowEgressFromLocalClassicLinkToRemoteVpc bool `json:"AllowEgressFromLocalClassicLinkToRemoteVpc"`
	AllowEgressFromLocalVpcToRemoteClassicLink bool `json:"AllowEgressFromLocalVpcToRemoteClassicLink"`
}

type pcxStatus struct {
	Code    string `json:"Code"`
	Message string `json:"Message"`
}

// ec2 describe-transit-gateways
type outTGW struct {
	TransitGatewayID  string     `json:"TransitGatewayId"`
	TransitGatewayArn string     `json:"TransitGatewayArn"`
	State             string     `json:"State"`
	OwnerID           string     `json:"OwnerId"`
	Description       string     `json:"Description"`
	CreationTime      string     `json:"CreationTime"`
	Options           tgwOptions `json:"Options"`
	Tags              []tag      `json:"Tags"`
}

type tgwOptions struct {
	AmazonSideAsn                   int    `json:"AmazonSideAsn"`
	AutoAcceptSharedAttachments     string `json:"AutoAcceptSharedAttachments"`
	DefaultRouteTableAssociation    string `json:"DefaultRouteTableAssociation"`
	DefaultRouteTablePropagation    string `json:"DefaultRouteTablePropagation"`
	VpnEcmpSupport                  string `json:"VpnEcmpSupport"`
	DNSSupport                      string `json:"DnsSupport"`
	SecurityGroupReferencingSupport string `json:"SecurityGroupReferencingSupport"`
	MulticastSupport                string `json:"MulticastSupport"`
}

// ec2 describe-transit-gateway-attachments
type outTGWAttachment struct {
	TransitGatewayAttachmentID string          `json:"TransitGatewayAttachmentId"`
	TransitGatewayID           string          `json:"TransitGatewayId"`
	TransitGatewayOwnerID      string          `json:"TransitGatewayOwnerId"`
	ResourceOwnerID            string          `json:"ResourceOwnerId"`
	ResourceType               string          `json:"ResourceType"`
	ResourceID                 string          `json:"ResourceId"`
	State                      string          `json:"State"`
	Association                *tgwAssociation `json:"Association,omitempty"`
	CreationTime               string          `json:"CreationTime"`
	Tags                       []tag           `json:"Tags"`
}

type tgwAssociation struct {
	TransitGatewayRouteTableID string `json:"TransitGatewayRouteTableId"`
	State                      string `json:"State"`
}

// ec2 describe-transit-gateway-vpc-attachments
type outTGWVPCAttachment struct {
	TransitGatewayAttachmentID string        `json:"TransitGatewayAttachmentId"`
	TransitGatewayID           string        `json:"TransitGatewayId"`
	VpcID                      string        `json:"VpcId"`
	VpcOwnerID                 string        `json:"VpcOwnerId"`
	State                      string        `json:"State"`
	SubnetIDs                  []string      `json:"SubnetIds"`
	CreationTime               string        `json:"CreationTime"`
	Options                    tgwVPCOptions `json:"Options"`
	Tags                       []tag         `json:"Tags"`
}

type tgwVPCOptions struct {
	DNSSupport                      string `json:"DnsSupport"`
	SecurityGroupReferencingSupport string `json:"SecurityGroupReferencingSupport"`
	Ipv6Support                     string `json:"Ipv6Support"`
	ApplianceModeSupport            string `json:"ApplianceModeSupport"`
}

// ec2 describe-transit-gateway-route-tables
type outTGWRouteTable struct {
	TransitGatewayRouteTableID   string `json:"TransitGatewayRouteTableId"`
	TransitGatewayID             string `json:"TransitGatewayId"`
	State                        string `json:"State"`
	DefaultAssociationRouteTable bool   `json:"DefaultAssociationRouteTable"`
	DefaultPropagationRouteTable bool   `json:"DefaultPropagationRouteTable"`
	CreationTime                 string `json:"CreationTime"`
	Tags                         []tag  `json:"Tags"`
}

// ec2 search-transit-gateway-routes, with the table id collect.sh adds
// beside the routes.
type outTGWRoutes struct {
	TransitGatewayRouteTableID string     `json:"TransitGatewayRouteTableId"`
	Routes                     []tgwRoute `json:"Routes"`
	AdditionalRoutesAvailable  bool       `json:"AdditionalRoutesAvailable"`
}

type tgwRoute struct {
	DestinationCidrBlock      string           `json:"DestinationCidrBlock"`
	TransitGatewayAttachments []tgwRouteTarget `json:"TransitGatewayAttachments,omitempty"`
	Type                      string           `json:"Type"`
	State                     string           `json:"State"`
}

type tgwRouteTarget struct {
	ResourceID                 string `json:"ResourceId"`
	TransitGatewayAttachmentID string `json:"TransitGatewayAttachmentId"`
	ResourceType               string `json:"ResourceType"`
}

// ec2 get-transit-gateway-route-table-associations / -propagations, with
// the table id beside the list.
type outTGWAssociations struct {
	TransitGatewayRouteTableID string    `json:"TransitGatewayRouteTableId"`
	Associations               []tgwLink `json:"Associations"`
}

type outTGWPropagations struct {
	TransitGatewayRouteTableID           string    `json:"TransitGatewayRouteTableId"`
	TransitGatewayRouteTablePropagations []tgwLink `json:"TransitGatewayRouteTablePropagations"`
}

type tgwLink struct {
	TransitGatewayAttachmentID string `json:"TransitGatewayAttachmentId"`
	ResourceID                 string `json:"ResourceId"`
	ResourceType               string `json:"ResourceType"`
	State                      string `json:"State"`
}

// ecs describe-tasks (lowerCamelCase)
type outTask struct {
	Attachments          []taskAttachment `json:"attachments"`
	Attributes           []nameValue      `json:"attributes"`
	AvailabilityZone     string           `json:"availabilityZone"`
	CapacityProviderName string           `json:"capacityProviderName"`
	ClusterArn           string           `json:"clusterArn"`
	Connectivity         string           `json:"connectivity"`
	ConnectivityAt       string           `json:"connectivityAt"`
	Containers           []taskContainer  `json:"containers"`
	CPU                  string           `json:"cpu"`
	CreatedAt            string           `json:"createdAt"`
	DesiredStatus        string           `json:"desiredStatus"`
	EnableExecuteCommand bool             `json:"enableExecuteCommand"`
	Group                string           `json:"group"`
	HealthStatus         string           `json:"healthStatus"`
	LastStatus           string           `json:"lastStatus"`
	LaunchType           string           `json:"launchType"`
	Memory               string           `json:"memory"`
	PlatformVersion      string           `json:"platformVersion"`
	PlatformFamily       string           `json:"platformFamily"`
	StartedAt            string           `json:"startedAt"`
	StartedBy            string           `json:"startedBy"`
	Tags                 []struct{}       `json:"tags"`
	TaskArn              string           `json:"taskArn"`
	TaskDefinitionArn    string           `json:"taskDefinitionArn"`
	Version              int              `json:"version"`
}

type taskAttachment struct {
	ID      string      `json:"id"`
	Type    string      `json:"type"`
	Status  string      `json:"status"`
	Details []nameValue `json:"details"`
}

type nameValue struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

type taskContainer struct {
	ContainerArn      string         `json:"containerArn"`
	TaskArn           string         `json:"taskArn"`
	Name              string         `json:"name"`
	Image             string         `json:"image"`
	RuntimeID         string         `json:"runtimeId"`
	LastStatus        string         `json:"lastStatus"`
	NetworkBindings   []struct{}     `json:"networkBindings"`
	NetworkInterfaces []containerNIC `json:"networkInterfaces"`
	HealthStatus      string         `json:"healthStatus"`
	ManagedAgents     []managedAgent `json:"managedAgents"`
	CPU               string         `json:"cpu"`
}

type containerNIC struct {
	AttachmentID       string `json:"attachmentId"`
	PrivateIpv4Address string `json:"privateIpv4Address"`
}

type managedAgent struct {
	LastStartedAt string `json:"lastStartedAt"`
	Name          string `json:"name"`
	LastStatus    string `json:"lastStatus"`
}
