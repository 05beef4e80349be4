package awscli

import (
	"bytes"
	"encoding/json"

	"github.com/cshsim/cshsim/internal/jsonpos"
)

// The types below mirror the AWS CLI's JSON output (botocore shapes), one
// per describe command, holding only the members cshsim reads. Anything
// else in a file (timestamps, MAC addresses, user data, VPN configuration)
// is skipped by encoding/json without being copied anywhere.

type awsTag struct {
	Key   string `json:"Key"`
	Value string `json:"Value"`
}

// text is a string member that some producers write as a number (protocol
// numbers, mostly): it accepts both. Any other JSON type leaves a marker
// that the converter reports as bad-type at the member's own path (an error
// returned from here would lose the position).
type text string

// badText marks a text member that held neither a string nor a number; the
// JSON type follows the marker.
const badText = "\x00"

func (t *text) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || string(b) == "null":
		*t = ""
	case b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*t = text(s)
	case b[0] == '-' || ('0' <= b[0] && b[0] <= '9'):
		*t = text(b)
	default:
		*t = text(badText + jsonpos.KindAt(b, 0).String())
	}
	return nil
}

// bad reports whether t held a JSON type other than a string or a number,
// and which.
func (t text) bad() (kind string, isBad bool) {
	if len(t) > 0 && t[0] == 0 {
		return string(t[1:]), true
	}
	return "", false
}

type stateHolder struct {
	State string `json:"State"`
}

type valueHolder struct {
	Value *bool `json:"Value"`
}

// ec2 describe-vpcs
type rawVPC struct {
	VpcID                   string `json:"VpcId"`
	OwnerID                 string `json:"OwnerId"`
	State                   string `json:"State"`
	CidrBlock               string `json:"CidrBlock"`
	CidrBlockAssociationSet []struct {
		CidrBlock      string      `json:"CidrBlock"`
		CidrBlockState stateHolder `json:"CidrBlockState"`
	} `json:"CidrBlockAssociationSet"`
	Ipv6CidrBlockAssociationSet []struct {
		Ipv6CidrBlock      string      `json:"Ipv6CidrBlock"`
		Ipv6CidrBlockState stateHolder `json:"Ipv6CidrBlockState"`
	} `json:"Ipv6CidrBlockAssociationSet"`
	DhcpOptionsID           string `json:"DhcpOptionsId"`
	IsDefault               bool   `json:"IsDefault"`
	BlockPublicAccessStates struct {
		InternetGatewayBlockMode string `json:"InternetGatewayBlockMode"`
	} `json:"BlockPublicAccessStates"`
	Tags []awsTag `json:"Tags"`
}

// ec2 describe-subnets
type rawSubnet struct {
	SubnetID                    string `json:"SubnetId"`
	VpcID                       string `json:"VpcId"`
	OwnerID                     string `json:"OwnerId"`
	CidrBlock                   string `json:"CidrBlock"`
	Ipv6CidrBlockAssociationSet []struct {
		Ipv6CidrBlock      string      `json:"Ipv6CidrBlock"`
		Ipv6CidrBlockState stateHolder `json:"Ipv6CidrBlockState"`
	} `json:"Ipv6CidrBlockAssociationSet"`
	AvailabilityZone        string `json:"AvailabilityZone"`
	AvailabilityZoneID      string `json:"AvailabilityZoneId"`
	State                   string `json:"State"`
	SubnetArn               string `json:"SubnetArn"`
	BlockPublicAccessStates struct {
		InternetGatewayBlockMode string `json:"InternetGatewayBlockMode"`
	} `json:"BlockPublicAccessStates"`
	Tags []awsTag `json:"Tags"`
}

// ec2 describe-route-tables
type rawRouteTable struct {
	RouteTableID string `json:"RouteTableId"`
	VpcID        string `json:"VpcId"`
	OwnerID      string `json:"OwnerId"`
	Associations []struct {
		Main             bool        `json:"Main"`
		SubnetID         string      `json:"SubnetId"`
		GatewayID        string      `json:"GatewayId"`
		AssociationState stateHolder `json:"AssociationState"`
	} `json:"Associations"`
	Routes []rawRoute `json:"Routes"`
	Tags   []awsTag   `json:"Tags"`
}

type rawRoute struct {
	DestinationCidrBlock        string `json:"DestinationCidrBlock"`
	DestinationIpv6CidrBlock    string `json:"DestinationIpv6CidrBlock"`
	DestinationPrefixListID     string `json:"DestinationPrefixListId"`
	GatewayID                   string `json:"GatewayId"`
	NatGatewayID                string `json:"NatGatewayId"`
	TransitGatewayID            string `json:"TransitGatewayId"`
	VpcPeeringConnectionID      string `json:"VpcPeeringConnectionId"`
	EgressOnlyInternetGatewayID string `json:"EgressOnlyInternetGatewayId"`
	NetworkInterfaceID          string `json:"NetworkInterfaceId"`
	InstanceID                  string `json:"InstanceId"`
	CarrierGatewayID            string `json:"CarrierGatewayId"`
	LocalGatewayID              string `json:"LocalGatewayId"`
	CoreNetworkArn              string `json:"CoreNetworkArn"`
	OdbNetworkArn               string `json:"OdbNetworkArn"`
	IPAddress                   string `json:"IpAddress"`
	Origin                      string `json:"Origin"`
	State                       string `json:"State"`
}

// ec2 describe-internet-gateways, describe-egress-only-internet-gateways
type rawIGW struct {
	InternetGatewayID           string `json:"InternetGatewayId"`
	EgressOnlyInternetGatewayID string `json:"EgressOnlyInternetGatewayId"`
	OwnerID                     string `json:"OwnerId"`
	Attachments                 []struct {
		State string `json:"State"`
		VpcID string `json:"VpcId"`
	} `json:"Attachments"`
	Tags []awsTag `json:"Tags"`
}

// ec2 describe-nat-gateways
type rawNAT struct {
	NatGatewayID        string `json:"NatGatewayId"`
	VpcID               string `json:"VpcId"`
	SubnetID            string `json:"SubnetId"`
	State               string `json:"State"`
	ConnectivityType    string `json:"ConnectivityType"`
	AvailabilityMode    string `json:"AvailabilityMode"`
	AutoProvisionZones  string `json:"AutoProvisionZones"`
	RouteTableID        string `json:"RouteTableId"`
	NatGatewayAddresses []struct {
		PublicIP           string `json:"PublicIp"`
		PrivateIP          string `json:"PrivateIp"`
		NetworkInterfaceID string `json:"NetworkInterfaceId"`
		IsPrimary          *bool  `json:"IsPrimary"`
		AvailabilityZone   string `json:"AvailabilityZone"`
		AvailabilityZoneID string `json:"AvailabilityZoneId"`
	} `json:"NatGatewayAddresses"`
	Tags []awsTag `json:"Tags"`
}

// ec2 describe-vpc-endpoints
type rawEndpoint struct {
	VpcEndpointID       string   `json:"VpcEndpointId"`
	VpcEndpointType     string   `json:"VpcEndpointType"`
	VpcID               string   `json:"VpcId"`
	OwnerID             string   `json:"OwnerId"`
	ServiceName         string   `json:"ServiceName"`
	State               string   `json:"State"`
	PolicyDocument      string   `json:"PolicyDocument"`
	RouteTableIDs       []string `json:"RouteTableIds"`
	SubnetIDs           []string `json:"SubnetIds"`
	NetworkInterfaceIDs []string `json:"NetworkInterfaceIds"`
	Groups              []struct {
		GroupID string `json:"GroupId"`
	} `json:"Groups"`
	PrivateDNSEnabled bool `json:"PrivateDnsEnabled"`
	DNSOptions        struct {
		PrivateDNSOnlyForInboundResolverEndpoint bool `json:"PrivateDnsOnlyForInboundResolverEndpoint"`
	} `json:"DnsOptions"`
	Tags []awsTag `json:"Tags"`
}

// ec2 describe-security-groups
type rawSG struct {
	GroupID             string    `json:"GroupId"`
	GroupName           string    `json:"GroupName"`
	VpcID               string    `json:"VpcId"`
	OwnerID             string    `json:"OwnerId"`
	SecurityGroupArn    string    `json:"SecurityGroupArn"`
	IPPermissions       []rawPerm `json:"IpPermissions"`
	IPPermissionsEgress []rawPerm `json:"IpPermissionsEgress"`
	Tags                []awsTag  `json:"Tags"`
}

type rawPerm struct {
	IPProtocol text `json:"IpProtocol"`
	FromPort   *int `json:"FromPort"`
	ToPort     *int `json:"ToPort"`
	IPRanges   []struct {
		CidrIP      string `json:"CidrIp"`
		Description string `json:"Description"`
	} `json:"IpRanges"`
	IPv6Ranges []struct {
		CidrIPv6    string `json:"CidrIpv6"`
		Description string `json:"Description"`
	} `json:"Ipv6Ranges"`
	PrefixListIDs []struct {
		PrefixListID string `json:"PrefixListId"`
		Description  string `json:"Description"`
	} `json:"PrefixListIds"`
	UserIDGroupPairs []rawGroupRef `json:"UserIdGroupPairs"`
}

type rawGroupRef struct {
	GroupID                string `json:"GroupId"`
	UserID                 string `json:"UserId"`
	VpcID                  string `json:"VpcId"`
	VpcPeeringConnectionID string `json:"VpcPeeringConnectionId"`
	Description            string `json:"Description"`
}

// ec2 describe-security-group-rules
type rawSGRule struct {
	SecurityGroupRuleID string       `json:"SecurityGroupRuleId"`
	GroupID             string       `json:"GroupId"`
	GroupOwnerID        string       `json:"GroupOwnerId"`
	IsEgress            bool         `json:"IsEgress"`
	IPProtocol          text         `json:"IpProtocol"`
	FromPort            *int         `json:"FromPort"`
	ToPort              *int         `json:"ToPort"`
	CidrIPv4            string       `json:"CidrIpv4"`
	CidrIPv6            string       `json:"CidrIpv6"`
	PrefixListID        string       `json:"PrefixListId"`
	ReferencedGroupInfo *rawGroupRef `json:"ReferencedGroupInfo"`
	Description         string       `json:"Description"`
}

// ec2 describe-network-acls
type rawACL struct {
	NetworkACLID string `json:"NetworkAclId"`
	VpcID        string `json:"VpcId"`
	OwnerID      string `json:"OwnerId"`
	IsDefault    bool   `json:"IsDefault"`
	Associations []struct {
		SubnetID string `json:"SubnetId"`
	} `json:"Associations"`
	Entries []struct {
		RuleNumber    int    `json:"RuleNumber"`
		Egress        bool   `json:"Egress"`
		RuleAction    string `json:"RuleAction"`
		Protocol      text   `json:"Protocol"`
		CidrBlock     string `json:"CidrBlock"`
		IPv6CidrBlock string `json:"Ipv6CidrBlock"`
		PortRange     *struct {
			From *int `json:"From"`
			To   *int `json:"To"`
		} `json:"PortRange"`
		IcmpTypeCode *struct {
			Type *int `json:"Type"`
			Code *int `json:"Code"`
		} `json:"IcmpTypeCode"`
	} `json:"Entries"`
	Tags []awsTag `json:"Tags"`
}

// ec2 describe-network-interfaces (and the interfaces inside describe-instances)
type rawENI struct {
	NetworkInterfaceID string `json:"NetworkInterfaceId"`
	VpcID              string `json:"VpcId"`
	SubnetID           string `json:"SubnetId"`
	OwnerID            string `json:"OwnerId"`
	AvailabilityZone   string `json:"AvailabilityZone"`
	InterfaceType      string `json:"InterfaceType"`
	Status             string `json:"Status"`
	Description        string `json:"Description"`
	PrivateIPAddress   string `json:"PrivateIpAddress"`
	PrivateIPAddresses []struct {
		PrivateIPAddress string          `json:"PrivateIpAddress"`
		Primary          bool            `json:"Primary"`
		Association      *rawAssociation `json:"Association"`
	} `json:"PrivateIpAddresses"`
	IPv4Prefixes []struct {
		IPv4Prefix string `json:"Ipv4Prefix"`
	} `json:"Ipv4Prefixes"`
	Association   *rawAssociation `json:"Association"`
	IPv6Addresses []struct {
		IPv6Address string `json:"Ipv6Address"`
	} `json:"Ipv6Addresses"`
	Groups []struct {
		GroupID string `json:"GroupId"`
	} `json:"Groups"`
	SourceDestCheck  *bool `json:"SourceDestCheck"`
	RequesterManaged bool  `json:"RequesterManaged"`
	Attachment       *struct {
		InstanceID string `json:"InstanceId"`
	} `json:"Attachment"`
	TagSet []awsTag `json:"TagSet"`
	Tags   []awsTag `json:"Tags"`
}

type rawAssociation struct {
	PublicIP string `json:"PublicIp"`
}

// ec2 describe-dhcp-options
type rawDHCP struct {
	DhcpOptionsID      string `json:"DhcpOptionsId"`
	OwnerID            string `json:"OwnerId"`
	DhcpConfigurations []struct {
		Key    string `json:"Key"`
		Values []struct {
			Value string `json:"Value"`
		} `json:"Values"`
	} `json:"DhcpConfigurations"`
}

// ec2 describe-managed-prefix-lists and describe-prefix-lists
type rawPrefixList struct {
	PrefixListID   string    `json:"PrefixListId"`
	PrefixListName string    `json:"PrefixListName"`
	OwnerID        string    `json:"OwnerId"`
	PrefixListArn  string    `json:"PrefixListArn"`
	Cidrs          *[]string `json:"Cidrs"`
}

// ec2 get-managed-prefix-list-entries
type rawPLEntry struct {
	Cidr string `json:"Cidr"`
}

// ec2 describe-transit-gateways
type rawTGW struct {
	TransitGatewayID  string `json:"TransitGatewayId"`
	OwnerID           string `json:"OwnerId"`
	State             string `json:"State"`
	TransitGatewayArn string `json:"TransitGatewayArn"`
	Options           struct {
		DefaultRouteTableAssociation    string `json:"DefaultRouteTableAssociation"`
		AssociationDefaultRouteTableID  string `json:"AssociationDefaultRouteTableId"`
		DefaultRouteTablePropagation    string `json:"DefaultRouteTablePropagation"`
		PropagationDefaultRouteTableID  string `json:"PropagationDefaultRouteTableId"`
		DNSSupport                      string `json:"DnsSupport"`
		SecurityGroupReferencingSupport string `json:"SecurityGroupReferencingSupport"`
	} `json:"Options"`
	Tags []awsTag `json:"Tags"`
}

// ec2 describe-transit-gateway-attachments, -vpc-attachments and
// -peering-attachments share one shape here; each fills some members.
type rawTGWAttachment struct {
	TransitGatewayAttachmentID string `json:"TransitGatewayAttachmentId"`
	TransitGatewayID           string `json:"TransitGatewayId"`
	ResourceType               string `json:"ResourceType"`
	ResourceID                 string `json:"ResourceId"`
	ResourceOwnerID            string `json:"ResourceOwnerId"`
	State                      string `json:"State"`
	Association                *struct {
		TransitGatewayRouteTableID string `json:"TransitGatewayRouteTableId"`
		State                      string `json:"State"`
	} `json:"Association"`
	// VPC attachments.
	VpcID      string   `json:"VpcId"`
	VpcOwnerID string   `json:"VpcOwnerId"`
	SubnetIDs  []string `json:"SubnetIds"`
	Options    struct {
		DNSSupport                      string `json:"DnsSupport"`
		SecurityGroupReferencingSupport string `json:"SecurityGroupReferencingSupport"`
		ApplianceModeSupport            string `json:"ApplianceModeSupport"`
	} `json:"Options"`
	// Peering attachments.
	RequesterTgwInfo *rawTGWInfo `json:"RequesterTgwInfo"`
	AccepterTgwInfo  *rawTGWInfo `json:"AccepterTgwInfo"`
	Status           *struct {
		Code string `json:"Code"`
	} `json:"Status"`
}

type rawTGWInfo struct {
	TransitGatewayID string `json:"TransitGatewayId"`
	OwnerID          string `json:"OwnerId"`
	Region           string `json:"Region"`
}

// ec2 describe-transit-gateway-route-tables
type rawTGWRouteTable struct {
	TransitGatewayRouteTableID string `json:"TransitGatewayRouteTableId"`
	TransitGatewayID           string `json:"TransitGatewayId"`
	State                      string `json:"State"`
}

// ec2 search-transit-gateway-routes (one route)
type rawTGWRoute struct {
	DestinationCidrBlock      string `json:"DestinationCidrBlock"`
	PrefixListID              string `json:"PrefixListId"`
	Type                      string `json:"Type"`
	State                     string `json:"State"`
	TransitGatewayAttachments []struct {
		TransitGatewayAttachmentID string `json:"TransitGatewayAttachmentId"`
	} `json:"TransitGatewayAttachments"`
}

// ec2 get-transit-gateway-route-table-associations / -propagations (one entry)
type rawTGWTableLink struct {
	TransitGatewayAttachmentID string `json:"TransitGatewayAttachmentId"`
	ResourceID                 string `json:"ResourceId"`
	ResourceType               string `json:"ResourceType"`
	State                      string `json:"State"`
}

// Batfish's TransitGatewayStaticRoutes.json and TransitGatewayPropagations.json
// wrap one API response per route table and add its id.
type rawBatfishRoutes struct {
	TransitGatewayRouteTableID string        `json:"TransitGatewayRouteTableId"`
	Routes                     []rawTGWRoute `json:"Routes"`
	AdditionalRoutesAvailable  bool          `json:"AdditionalRoutesAvailable"`
}

type rawBatfishPropagations struct {
	TransitGatewayRouteTableID           string            `json:"TransitGatewayRouteTableId"`
	TransitGatewayRouteTablePropagations []rawTGWTableLink `json:"TransitGatewayRouteTablePropagations"`
}

// ec2 describe-vpc-peering-connections
type rawPeering struct {
	VpcPeeringConnectionID string `json:"VpcPeeringConnectionId"`
	Status                 struct {
		Code string `json:"Code"`
	} `json:"Status"`
	RequesterVpcInfo rawPeerVPC `json:"RequesterVpcInfo"`
	AccepterVpcInfo  rawPeerVPC `json:"AccepterVpcInfo"`
	Tags             []awsTag   `json:"Tags"`
}

type rawPeerVPC struct {
	VpcID        string `json:"VpcId"`
	OwnerID      string `json:"OwnerId"`
	Region       string `json:"Region"`
	CidrBlock    string `json:"CidrBlock"`
	CidrBlockSet []struct {
		CidrBlock string `json:"CidrBlock"`
	} `json:"CidrBlockSet"`
	IPv6CidrBlockSet []struct {
		IPv6CidrBlock string `json:"Ipv6CidrBlock"`
	} `json:"Ipv6CidrBlockSet"`
}

// ec2 describe-vpn-gateways
type rawVGW struct {
	VpnGatewayID   string `json:"VpnGatewayId"`
	State          string `json:"State"`
	VpcAttachments []struct {
		State string `json:"State"`
		VpcID string `json:"VpcId"`
	} `json:"VpcAttachments"`
}

// ec2 describe-instances
type rawReservation struct {
	OwnerID   string        `json:"OwnerId"`
	Instances []rawInstance `json:"Instances"`
}

type rawInstance struct {
	InstanceID string `json:"InstanceId"`
	State      struct {
		Name string `json:"Name"`
	} `json:"State"`
	Placement struct {
		AvailabilityZone string `json:"AvailabilityZone"`
	} `json:"Placement"`
	NetworkInterfaces []rawENI `json:"NetworkInterfaces"`
	Tags              []awsTag `json:"Tags"`
}

// ec2 describe-addresses
type rawAddress struct {
	AllocationID       string `json:"AllocationId"`
	PublicIP           string `json:"PublicIp"`
	NetworkInterfaceID string `json:"NetworkInterfaceId"`
	PrivateIPAddress   string `json:"PrivateIpAddress"`
	InstanceID         string `json:"InstanceId"`
}

// ecs describe-tasks (lowerCamelCase)
type rawTask struct {
	TaskArn              string `json:"taskArn"`
	ClusterArn           string `json:"clusterArn"`
	LastStatus           string `json:"lastStatus"`
	LaunchType           string `json:"launchType"`
	PlatformVersion      string `json:"platformVersion"`
	EnableExecuteCommand bool   `json:"enableExecuteCommand"`
	AvailabilityZone     string `json:"availabilityZone"`
	Attachments          []struct {
		Type    string `json:"type"`
		Details []struct {
			Name  string `json:"name"`
			Value string `json:"value"`
		} `json:"details"`
	} `json:"attachments"`
	Containers []struct {
		ManagedAgents []struct {
			Name       string `json:"name"`
			LastStatus string `json:"lastStatus"`
		} `json:"managedAgents"`
	} `json:"containers"`
}

// ec2 describe-vpc-attribute: {"VpcId": …, "EnableDnsSupport": {"Value": …}}
type rawVPCAttribute struct {
	VpcID              string       `json:"VpcId"`
	EnableDNSSupport   *valueHolder `json:"EnableDnsSupport"`
	EnableDNSHostnames *valueHolder `json:"EnableDnsHostnames"`
}

// route53 get-hosted-zone: {"HostedZone": {…}, "VPCs": […]}; the zones of
// list-hosted-zones have the same shape.
type rawHostedZone struct {
	ID     string `json:"Id"`
	Name   string `json:"Name"`
	Config *struct {
		PrivateZone *bool `json:"PrivateZone"`
	} `json:"Config"`
}

type rawZoneVPC struct {
	VPCRegion string `json:"VPCRegion"`
	VPCID     string `json:"VPCId"`
}

// route53 list-hosted-zones-by-vpc (one summary)
type rawZoneSummary struct {
	HostedZoneID string `json:"HostedZoneId"`
	Name         string `json:"Name"`
}

// route53 list-resource-record-sets (one record set)
type rawRecordSet struct {
	Name            string `json:"Name"`
	Type            string `json:"Type"`
	ResourceRecords []struct {
		Value string `json:"Value"`
	} `json:"ResourceRecords"`
	AliasTarget *struct {
		DNSName string `json:"DNSName"`
	} `json:"AliasTarget"`
}
