package awscli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/cshsim/cshsim/internal/jsonpos"
	"github.com/cshsim/cshsim/model"
)

// FuzzLoadFile loads arbitrary bytes as one file. It must never panic, must
// report a syntax error exactly when the bytes are not JSON, must place
// every diagnostic and source inside the file, and must give the same
// answer twice.
func FuzzLoadFile(f *testing.F) {
	seeds := []string{
		``,
		`{}`,
		`[]`,
		`null`,
		`{"Vpcs": [`,
		`{"Vpcs": "x"}`,
		`{"Vpcs": [1, "a", null, {"VpcId": 7}]}`,
		`{"VpcId": "vpc-1", "EnableDnsSupport": {"Value": "yes"}}`,
		`{"Routes": [{"DestinationCidrBlock": "10.0.0.0/8"}], "TransitGatewayRouteTableId": 5}`,
		`{"Entries": [{"Cidr": "10.0.0.0/33"}], "PrefixListId": "pl-1"}`,
		`{"RouteTables": [{"RouteTableId": "rtb-1", "Routes": [{"DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": ["x"]}], "Associations": [{"Main": "yes"}]}]}`,
		`{"NetworkAcls": [{"NetworkAclId": "acl-1", "Entries": [{"RuleNumber": 32767, "Protocol": {"a": 1}, "PortRange": {"From": -5, "To": 70000}, "IcmpTypeCode": {"Type": 300}}]}]}`,
		`{"SecurityGroups": [{"GroupId": "sg-1", "IpPermissions": [{"IpProtocol": 6, "FromPort": 65536, "ToPort": -2, "UserIdGroupPairs": [{"GroupId": "sg-1"}]}]}]}`,
		`{"tasks": [{"taskArn": "/", "attachments": [{"type": "eni", "details": [{"name": "privateIPv4Address", "value": "x"}]}]}], "failures": [{}]}`,
		"\xEF\xBB\xBF{\"Subnets\": []}",
		"\xFF\xFE{\x00}\x00",
		"{\"a\\u0022b\": 1, \"Vpcs\": []}",
		`{"HostedZone": {"Id": "/hostedzone/Z0123456789ABC", "Name": "a.example.", "Config": {"PrivateZone": "yes"}}, "VPCs": [{"VPCId": 5}, null]}`,
		`{"HostedZone": [], "VPCs": {}, "DelegationSet": {"NameServers": ["ns-1.awsdns-00.com"]}}`,
		`{"HostedZones": [{"Id": "", "Name": "x."}, {"Id": "/hostedzone/Z1R8UBAEXAMPLE", "Config": null}], "IsTruncated": true, "MaxItems": "1"}`,
		`{"VPCId": 7, "HostedZoneSummaries": [{"HostedZoneId": "Z0123456789ABC", "Name": "a.example.", "Owner": {"OwningService": "x"}}, {}]}`,
		`{"HostedZoneId": "/hostedzone/Z0123456789ABC", "ResourceRecordSets": [{"Name": "a.example.", "Type": "A", "AliasTarget": {"DNSName": 1}}, {"Type": "NS", "ResourceRecords": [{"Value": null}]}], "NextRecordName": "b."}`,
		`{"HostedZone": {"Id": "/hostedzone/Z0123456789ABC", "Name": "a.example.", "Config": {"PrivateZone": true}}, "VPCs": [{"VPCRegion": "eu-west-1", "VPCId": "vpc-1"}], "ResourceRecordSets": [{"Name": "a.example.", "Type": "A", "ResourceRecords": [{"Value": "10.0.0.1"}]}]}`,
		`{"NetworkInterfaces": [{"NetworkInterfaceId": "eni-1", "SubnetId": "subnet-1", "Ipv4Prefixes": [{"Ipv4Prefix": "10.0.1.16/28"}, {"Ipv4Prefix": "10.0.1.17/33"}, {"Ipv4Prefix": 5}, "x"]}]}`,
		`{"Vpcs": [{"VpcId": "vpc-1", "Tags": [{"Key": "Name", "Value": ` + strings.Repeat("[", 600) + strings.Repeat("]", 600) + `}]}]}`,
		"{\"Vpcs\": [{\"VpcId\": \"vpc-1\", \"Tags\": [{\"Key\": \"Name\", \"Value\": \"caf\xE9\"}]}], \"NextToken\": \"\xFF\"}",
		`{"RouteTables": [{"RouteTableId": "rtb-1", "Routes": [{"DestinationCidrBlock": "::/0", "GatewayId": "igw-1"}, {"DestinationIpv6CidrBlock": "0.0.0.0/0", "GatewayId": "igw-1"}]}]}`,
		`{"VpcEndpoints": [{"VpcEndpointId": "vpce-1", "DnsOptions": {"DnsRecordIpType": "ipv4", "PrivateDnsOnlyForInboundResolverEndpoint": true}}, {"VpcEndpointId": "vpce-2", "DnsOptions": {"PrivateDnsOnlyForInboundResolverEndpoint": "yes"}}]}`,
	}
	// Real files too, when the shared fixtures are there.
	for _, p := range []string{
		"batfish-aws/snapshots/test-nat-gateway/aws_configs/RouteTables.json",
		"batfish-aws/snapshots/test-nat-gateway/aws_configs/NetworkAcls.json",
		"batfish-aws/unit/SecurityGroupTest.json",
		"batfish-aws/unit/TransitGatewayStaticRoutesTest.json",
	} {
		if b, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "fixtures", p)); err == nil {
			seeds = append(seeds, string(b))
		}
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := fstest.MapFS{"f.json": {Data: data}}
		s, diags := LoadFS(fsys, ".")
		if s == nil {
			t.Fatal("nil snapshot")
		}
		norm := jsonpos.Normalize(data)
		lines := 1
		for _, c := range norm {
			if c == '\n' {
				lines++
			}
		}
		syntax := false
		for _, d := range diags {
			if d.Pos.File != "f.json" || d.Pos.Line < 1 || d.Pos.Line > lines || d.Pos.Col < 1 {
				t.Errorf("diagnostic outside the file: %#v", d)
			}
			if d.Code == CodeJSONSyntax {
				syntax = true
			}
		}
		// The reader takes JSON that encoding/json takes, in UTF-8, nested
		// at most jsonpos.MaxDepth levels.
		if valid := json.Valid(norm) && utf8.Valid(norm) && jsonpos.TooDeep(norm) < 0; valid == syntax {
			t.Errorf("valid = %v but syntax error reported = %v: %v", valid, syntax, diags)
		}
		for ref, p := range s.Sources {
			if p.File != "f.json" || p.Line < 1 || p.Line > lines {
				t.Errorf("source %v at %#v, outside the file", ref, p)
			}
		}
		s2, diags2 := LoadFS(fsys, ".")
		if len(diags2) != len(diags) || len(s2.Sources) != len(s.Sources) {
			t.Error("a second load differs")
		}
		_ = s.Validate()
		_ = model.Diagnostics(diags).Error()
	})
}
