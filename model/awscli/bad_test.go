package awscli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/cshsim/cshsim/model"
)

// TestBadInput checks the code, severity and position of each kind of bad
// input. Messages are for people; only a word or two is checked.
func TestBadInput(t *testing.T) {
	tests := []struct {
		name string
		text string
		code string
		sev  model.Severity
		pos  model.Pos // File is always f.json
		says string    // a fragment of the message
	}{
		{"syntax", "{\n  \"Vpcs\": [\n    {\"VpcId\": \"vpc-1\",}\n  ]\n}\n", CodeJSONSyntax, model.Error, model.Pos{Line: 3, Col: 23}, "invalid character '}'"},
		{"truncated", "{\n  \"Vpcs\": [\n    {\"VpcId\": \"vpc-1\"", CodeJSONSyntax, model.Error, model.Pos{Line: 3, Col: 22}, "truncated"},
		{"empty", "  \n", CodeJSONSyntax, model.Error, model.Pos{Line: 1, Col: 1}, "empty"},
		{"trailing data", `{"Vpcs": []} {"Subnets": []}`, CodeJSONSyntax, model.Error, model.Pos{Line: 1, Col: 14}, "after top-level value"},
		{"string for a list", `{"Vpcs": "vpc-1"}`, CodeBadType, model.Error, model.Pos{Line: 1, Col: 10, Path: "Vpcs"}, "want a list, found a string"},
		{"string in a list of objects", `{"Subnets": ["subnet-1"]}`, CodeBadType, model.Error, model.Pos{Line: 1, Col: 14, Path: "Subnets[0]"}, "want an object, found a string"},
		{"list for a string", `{"RouteTables": [{"RouteTableId": "rtb-0"}, {"RouteTableId": "rtb-1"}, {"RouteTableId": "rtb-2"},
{"RouteTableId": "rtb-3", "VpcId": "vpc-1", "Routes": [
  {"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local"},
  {"DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": ["nat-1"]}]}]}`,
			CodeBadType, model.Error, model.Pos{Line: 4, Col: 57, Path: "RouteTables[3].Routes[1].NatGatewayId"}, "want a string, found a list"},
		{"object for a list", `{"Vpcs": [{"VpcId": "vpc-1", "CidrBlockAssociationSet": {"CidrBlock": "10.0.0.0/16"}}]}`,
			CodeBadType, model.Error, model.Pos{Line: 1, Col: 57, Path: "Vpcs[0].CidrBlockAssociationSet"}, "want a list, found an object"},
		{"string for a number", `{"SecurityGroups": [{"GroupId": "sg-1", "IpPermissions": [{"IpProtocol": "tcp", "FromPort": "22", "ToPort": 22}]}]}`,
			CodeBadType, model.Error, model.Pos{Line: 1, Col: 93, Path: "SecurityGroups[0].IpPermissions[0].FromPort"}, "want a whole number, found a string"},
		{"number out of range", `{"SecurityGroups": [{"GroupId": "sg-1", "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 1e99, "ToPort": 22}]}]}`,
			CodeBadType, model.Error, model.Pos{Line: 1, Col: 93, Path: "SecurityGroups[0].IpPermissions[0].FromPort"}, "whole number"},
		{"object for a protocol", `{"NetworkAcls": [{"NetworkAclId": "acl-1", "Entries": [{"RuleNumber": 1, "Protocol": {"n": 6}, "RuleAction": "allow", "CidrBlock": "0.0.0.0/0"}]}]}`,
			CodeBadType, model.Error, model.Pos{Line: 1, Col: 86, Path: "NetworkAcls[0].Entries[0].Protocol"}, "want a string, found an object"},
		{"bad CIDR", `{"Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.0.1.0/33"}]}`,
			CodeBadValue, model.Error, model.Pos{Line: 1, Col: 70, Path: "Subnets[0].CidrBlock"}, `"10.0.1.0/33" is not a CIDR block`},
		{"bad IP", `{"NetworkInterfaces": [{"NetworkInterfaceId": "eni-1", "SubnetId": "subnet-1", "PrivateIpAddress": "10.0.1.300"}]}`,
			CodeBadValue, model.Error, model.Pos{Line: 1, Col: 100, Path: "NetworkInterfaces[0].PrivateIpAddress"}, "not an IP address"},
		{"bad prefix", `{"NetworkInterfaces": [{"NetworkInterfaceId": "eni-1", "SubnetId": "subnet-1", "Ipv4Prefixes": [{"Ipv4Prefix": "10.0.1.16/33"}]}]}`,
			CodeBadValue, model.Error, model.Pos{Line: 1, Col: 112, Path: "NetworkInterfaces[0].Ipv4Prefixes[0].Ipv4Prefix"}, `"10.0.1.16/33" is not a CIDR block`},
		{"prefix not a string", `{"NetworkInterfaces": [{"NetworkInterfaceId": "eni-1", "SubnetId": "subnet-1", "Ipv4Prefixes": ["10.0.1.16/28"]}]}`,
			CodeBadType, model.Error, model.Pos{Line: 1, Col: 97, Path: "NetworkInterfaces[0].Ipv4Prefixes[0]"}, "want an object, found a string"},
		{"DNS option not a boolean", `{"VpcEndpoints": [{"VpcEndpointId": "vpce-1", "DnsOptions": {"PrivateDnsOnlyForInboundResolverEndpoint": "true"}}]}`,
			CodeBadType, model.Error, model.Pos{Line: 1, Col: 106, Path: "VpcEndpoints[0].DnsOptions.PrivateDnsOnlyForInboundResolverEndpoint"}, "found a string"},
		{"bad protocol", `{"SecurityGroups": [{"GroupId": "sg-1", "IpPermissionsEgress": [{"IpProtocol": "tcpx", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]}]}`,
			CodeBadValue, model.Error, model.Pos{Line: 1, Col: 80, Path: "SecurityGroups[0].IpPermissionsEgress[0].IpProtocol"}, "protocol"},
		{"bad port range", `{"SecurityGroups": [{"GroupId": "sg-1", "IpPermissions": [{"IpProtocol": "udp", "FromPort": 90, "ToPort": 80, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]}]}`,
			CodeBadValue, model.Error, model.Pos{Line: 1, Col: 93, Path: "SecurityGroups[0].IpPermissions[0].FromPort"}, "port range 90-80"},
		{"bad rule action", `{"NetworkAcls": [{"NetworkAclId": "acl-1", "Entries": [{"RuleNumber": 1, "Protocol": "-1", "RuleAction": "permit", "CidrBlock": "0.0.0.0/0"}]}]}`,
			CodeBadValue, model.Error, model.Pos{Line: 1, Col: 106, Path: "NetworkAcls[0].Entries[0].RuleAction"}, `"permit"`},
		{"no id", `{"Vpcs": [{"CidrBlock": "10.0.0.0/16"}]}`, CodeMissingField, model.Error, model.Pos{Line: 1, Col: 11, Path: "Vpcs[0]"}, "VpcId"},
		{"route without target", `{"RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-1", "Routes": [{"DestinationCidrBlock": "0.0.0.0/0", "State": "active"}]}]}`,
			CodeNoTarget, model.Warning, model.Pos{Line: 1, Col: 73, Path: "RouteTables[0].Routes[0]"}, "no target"},
		{"no known key", "{\n  \"Volumes\": [], \"NextToken\": \"x\"\n}", CodeNoKnownKey, model.Warning, model.Pos{Line: 2, Col: 3}, `"Volumes"`},
		{"unknown key", `{"Vpcs": [], "VpnConnections": [{"VpnConnectionId": "vpn-1"}]}`, CodeUnknownKey, model.Warning, model.Pos{Line: 1, Col: 14}, `"VpnConnections"`},
		{"top-level list", `[{"Instance": "i-1"}]`, CodeNoKnownKey, model.Warning, model.Pos{Line: 1, Col: 1}, "--query"},
		{"top-level string", `"vpc-1"`, CodeNoKnownKey, model.Warning, model.Pos{Line: 1, Col: 1}, "a string"},
		{"empty object", `{}`, CodeNoKnownKey, model.Warning, model.Pos{Line: 1, Col: 1}, "empty"},
		{"routes truncated", `{"TransitGatewayRouteTableId": "tgw-rtb-1", "Routes": [], "AdditionalRoutesAvailable": true}`,
			CodeIncomplete, model.Warning, model.Pos{Line: 1, Col: 88, Path: "AdditionalRoutesAvailable"}, "more routes"},
		{"attribute id not a string", `{"VpcId": 7, "EnableDnsSupport": {"Value": true}}`, CodeBadType, model.Error, model.Pos{Line: 1, Col: 11, Path: "VpcId"}, "want a string, found a number"},
		// Issue 16: hostile and damaged text.
		{"IPv6 block in DestinationCidrBlock", `{"RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-1", "Routes": [{"DestinationCidrBlock": "::/0", "GatewayId": "igw-1"}]}]}`,
			CodeBadValue, model.Error, model.Pos{Line: 1, Col: 98, Path: "RouteTables[0].Routes[0].DestinationCidrBlock"}, "IPv6"},
		{"IPv4 block in DestinationIpv6CidrBlock", `{"RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-1", "Routes": [{"DestinationIpv6CidrBlock": "0.0.0.0/0", "EgressOnlyInternetGatewayId": "eigw-1"}]}]}`,
			CodeBadValue, model.Error, model.Pos{Line: 1, Col: 102, Path: "RouteTables[0].Routes[0].DestinationIpv6CidrBlock"}, "IPv4"},
		{"10,000 nested lists in a list the reader takes", `{"Vpcs": ` + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + "}",
			CodeJSONSyntax, model.Error, model.Pos{Line: 1, Col: 10 + 511}, "nested deeper than 512 levels"}, // "{" is level 1
		{"10,000 nested lists in a member the reader skips", `{"Vpcs": [{"VpcId": "vpc-1", "X": ` + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + "}]}",
			CodeJSONSyntax, model.Error, model.Pos{Line: 1, Col: 35 + 509}, "nested deeper"}, // the first "[" is level 4
		{"10,000 nested lists in an unknown key", `{"X": ` + strings.Repeat("[", 10000),
			CodeJSONSyntax, model.Error, model.Pos{Line: 1, Col: 7 + 511}, "nested deeper"},
		{"10,000 nested lists at the top", strings.Repeat("[", 10000) + strings.Repeat("]", 10000),
			CodeJSONSyntax, model.Error, model.Pos{Line: 1, Col: 513}, "nested deeper"},
		{"invalid UTF-8 in a list the reader takes", "{\"Vpcs\": [{\"VpcId\": \"vpc-1\", \"Tags\": [{\"Key\": \"Name\", \"Value\": \"caf\xE9\"}]}]}",
			CodeJSONSyntax, model.Error, model.Pos{Line: 1, Col: 68}, "invalid UTF-8"},
		{"invalid UTF-8 outside the lists", "{\"NextToken\": \"\xFF\", \"Vpcs\": []}",
			CodeJSONSyntax, model.Error, model.Pos{Line: 1, Col: 16}, "invalid UTF-8"},
		{"a NUL byte", "{\"Vpcs\": [{\"VpcId\": \"vpc-1\"}], \"NextToken\": \"a\x00\"}",
			CodeJSONSyntax, model.Error, model.Pos{Line: 1, Col: 47}, "invalid character"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := loadFiles(t, map[string]string{"f.json": tt.text})
			if len(diags) == 0 {
				t.Fatalf("no diagnostic, want %s", tt.code)
			}
			d := diags[0]
			want := tt.pos
			want.File = "f.json"
			if d.Code != tt.code || d.Severity != tt.sev || d.Pos != want {
				t.Errorf("diagnostic = %s %s at %v, want %s %s at %v (%v)", d.Severity, d.Code, d.Pos, tt.sev, tt.code, want, diags)
			}
			if !strings.Contains(d.Message, tt.says) {
				t.Errorf("message %q does not say %q", d.Message, tt.says)
			}
			if strings.Contains(d.Message, want.Path+":") && want.Path != "" {
				t.Errorf("message %q repeats the path, which the position carries", d.Message)
			}
		})
	}
}

// A file that fails does not stop the others.
func TestBadFileDoesNotStopOthers(t *testing.T) {
	s, diags := loadFiles(t, map[string]string{
		"a.json": `{"Vpcs": [`,
		"b.json": `{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}]}`,
		"c.json": `{"Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.0.0.0/24"},
		            {"SubnetId": "subnet-2", "VpcId": "vpc-1", "CidrBlock": "10.0.1.0/24", "Tags": "none"}]}`,
	})
	if got := codes(diags); len(got) != 2 || got[0] != CodeJSONSyntax || got[1] != CodeBadType {
		t.Errorf("codes = %q, want json-syntax, bad-type", got)
	}
	if len(s.VPCs) != 1 || len(s.Subnets) != 2 {
		t.Errorf("%d VPCs, %d subnets; want 1 and 2 (best effort)", len(s.VPCs), len(s.Subnets))
	}
	if !s.Notes.HasErrors() || len(s.Notes) != len(diags) {
		t.Errorf("Notes = %v, want the diagnostics", s.Notes)
	}
}

func TestLoadFolders(t *testing.T) {
	_, diags := Load(filepath.Join(t.TempDir(), "missing"))
	if got := codes(diags); len(got) != 1 || got[0] != CodeRead {
		t.Errorf("missing folder: codes %q, want [%s]", got, CodeRead)
	}
	dir := t.TempDir()
	_, diags = Load(dir)
	if got := codes(diags); len(got) != 1 || got[0] != CodeNoInput {
		t.Errorf("empty folder: codes %q, want [%s]", got, CodeNoInput)
	}
	// Nested folders, any name, *.json only, a single file.
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(dir, "eu-west-1", "x"), 0o755))
	must(os.WriteFile(filepath.Join(dir, "eu-west-1", "x", "anything.JSON"), []byte(`{"Vpcs":[{"VpcId":"vpc-1","CidrBlock":"10.0.0.0/16"}]}`), 0o644))
	must(os.WriteFile(filepath.Join(dir, "notes.txt"), []byte(`not json`), 0o644))
	s, diags := Load(dir)
	if len(diags) != 0 || len(s.VPCs) != 1 || s.Region != "eu-west-1" {
		t.Errorf("Load(dir) = %d VPCs, region %q, %v", len(s.VPCs), s.Region, diags)
	}
	if p := s.Sources[model.FieldRef{ID: "vpc-1"}]; p.File != filepath.Join(dir, "eu-west-1", "x", "anything.JSON") {
		t.Errorf("source file %q", p.File)
	}
	s, diags = Load(filepath.Join(dir, "eu-west-1", "x", "anything.JSON"))
	if len(diags) != 0 || len(s.VPCs) != 1 {
		t.Errorf("Load(file) = %d VPCs, %v", len(s.VPCs), diags)
	}
}

// PowerShell 5 writes `aws … > file.json` as UTF-16 with a byte order mark.
func TestUTF16AndBOM(t *testing.T) {
	text := "{\r\n  \"Vpcs\": [{\"VpcId\": \"vpc-1\", \"CidrBlock\": \"10.0.0.0/16\"}]\r\n}\r\n"
	u := utf16.Encode([]rune(text))
	le := []byte{0xFF, 0xFE}
	for _, c := range u {
		le = append(le, byte(c), byte(c>>8))
	}
	for name, data := range map[string]string{"utf16.json": string(le), "bom.json": "\xEF\xBB\xBF" + text} {
		s, diags := loadFiles(t, map[string]string{name: data})
		if len(diags) != 0 || len(s.VPCs) != 1 {
			t.Errorf("%s: %d VPCs, %v", name, len(s.VPCs), diags)
		}
		if p := s.Sources[model.FieldRef{ID: "vpc-1"}]; p.Line != 2 {
			t.Errorf("%s: vpc-1 at %v, want line 2", name, p)
		}
	}
}
