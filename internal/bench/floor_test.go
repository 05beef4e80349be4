package bench

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// floorFile is any file of an export: every top-level member the reader
// knows, typed as the reader types it. A file fills the members it has.
type floorFile struct {
	Vpcs                             []rawVPC                 `json:"Vpcs"`
	Subnets                          []rawSubnet              `json:"Subnets"`
	RouteTables                      []rawRouteTable          `json:"RouteTables"`
	InternetGateways                 []rawIGW                 `json:"InternetGateways"`
	EgressOnlyInternetGateways       []rawIGW                 `json:"EgressOnlyInternetGateways"`
	NatGateways                      []rawNAT                 `json:"NatGateways"`
	VpcEndpoints                     []rawEndpoint            `json:"VpcEndpoints"`
	SecurityGroups                   []rawSG                  `json:"SecurityGroups"`
	SecurityGroupRules               []rawSGRule              `json:"SecurityGroupRules"`
	NetworkAcls                      []rawACL                 `json:"NetworkAcls"`
	NetworkInterfaces                []rawENI                 `json:"NetworkInterfaces"`
	DhcpOptions                      []rawDHCP                `json:"DhcpOptions"`
	PrefixLists                      []rawPrefixList          `json:"PrefixLists"`
	TransitGateways                  []rawTGW                 `json:"TransitGateways"`
	TransitGatewayAttachments        []rawTGWAttachment       `json:"TransitGatewayAttachments"`
	TransitGatewayVpcAttachments     []rawTGWAttachment       `json:"TransitGatewayVpcAttachments"`
	TransitGatewayPeeringAttachments []rawTGWAttachment       `json:"TransitGatewayPeeringAttachments"`
	TransitGatewayRouteTables        []rawTGWRouteTable       `json:"TransitGatewayRouteTables"`
	TransitGatewayStaticRoutes       []rawBatfishRoutes       `json:"TransitGatewayStaticRoutes"`
	TransitGatewayPropagations       []rawBatfishPropagations `json:"TransitGatewayPropagations"`
	VpcPeeringConnections            []rawPeering             `json:"VpcPeeringConnections"`
	VpnGateways                      []rawVGW                 `json:"VpnGateways"`
	Reservations                     []rawReservation         `json:"Reservations"`
	Addresses                        []rawAddress             `json:"Addresses"`
	Tasks                            []rawTask                `json:"tasks"`
	HostedZones                      []rawHostedZone          `json:"HostedZones"`
	// Lists whose owner id sits beside them, and the ids.
	Routes                               []rawTGWRoute     `json:"Routes"`
	Associations                         []rawTGWTableLink `json:"Associations"`
	TransitGatewayRouteTablePropagations []rawTGWTableLink `json:"TransitGatewayRouteTablePropagations"`
	Entries                              []rawPLEntry      `json:"Entries"`
	HostedZoneSummaries                  []rawZoneSummary  `json:"HostedZoneSummaries"`
	ResourceRecordSets                   []rawRecordSet    `json:"ResourceRecordSets"`
	TransitGatewayRouteTableID           string            `json:"TransitGatewayRouteTableId"`
	PrefixListID                         string            `json:"PrefixListId"`
	HostedZoneID                         string            `json:"HostedZoneId"`
	VPCID                                string            `json:"VPCId"`
	// describe-vpc-attribute, route53 get-hosted-zone.
	VpcID              string         `json:"VpcId"`
	EnableDNSSupport   *valueHolder   `json:"EnableDnsSupport"`
	EnableDNSHostnames *valueHolder   `json:"EnableDnsHostnames"`
	HostedZone         *rawHostedZone `json:"HostedZone"`
	VPCs               []rawZoneVPC   `json:"VPCs"`
	// Bookkeeping.
	NextToken                 string `json:"NextToken"`
	AdditionalRoutesAvailable bool   `json:"AdditionalRoutesAvailable"`
}

// floorDecode is the floor: list the *.json files under dir (sorted, as
// Load does), read each and decode it into a floorFile with encoding/json,
// and nothing else. It returns the number of objects decoded, so that the
// work cannot be optimised away.
func floorDecode(dir string) (int, error) {
	files, err := jsonFiles(dir)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			return 0, err
		}
		var f floorFile
		if err := json.Unmarshal(data, &f); err != nil {
			return 0, err
		}
		n += f.count()
	}
	return n, nil
}

func jsonFiles(dir string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.EqualFold(filepath.Ext(p), ".json") {
			files = append(files, p)
		}
		return err
	})
	slices.Sort(files)
	return files, err
}

func (f *floorFile) count() int {
	return len(f.Vpcs) + len(f.Subnets) + len(f.RouteTables) + len(f.InternetGateways) + len(f.EgressOnlyInternetGateways) +
		len(f.NatGateways) + len(f.VpcEndpoints) + len(f.SecurityGroups) + len(f.SecurityGroupRules) + len(f.NetworkAcls) +
		len(f.NetworkInterfaces) + len(f.DhcpOptions) + len(f.PrefixLists) + len(f.TransitGateways) + len(f.TransitGatewayAttachments) +
		len(f.TransitGatewayVpcAttachments) + len(f.TransitGatewayPeeringAttachments) + len(f.TransitGatewayRouteTables) +
		len(f.TransitGatewayStaticRoutes) + len(f.TransitGatewayPropagations) + len(f.VpcPeeringConnections) + len(f.VpnGateways) +
		len(f.Reservations) + len(f.Addresses) + len(f.Tasks) + len(f.HostedZones) + len(f.Routes) + len(f.Associations) +
		len(f.TransitGatewayRouteTablePropagations) + len(f.Entries) + len(f.HostedZoneSummaries) + len(f.ResourceRecordSets) +
		len(f.VPCs) + boolInt(f.EnableDNSSupport != nil || f.EnableDNSHostnames != nil || f.HostedZone != nil)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// floorTime runs decode runs times and returns the fastest run's wall
// time and the smallest CPU time: the floor's denominators, measured in
// the same process as what they divide.
func floorTime(dir string, runs int, decode func(string) (int, error)) (wall, cpu time.Duration, err error) {
	for range runs {
		start, c0 := time.Now(), cpuTime()
		if _, err := decode(dir); err != nil {
			return 0, 0, err
		}
		d, c := time.Since(start), cpuTime()-c0
		if wall == 0 || d < wall {
			wall = d
		}
		if cpu == 0 || c < cpu {
			cpu = c
		}
	}
	return wall, cpu, nil
}
