package awscli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/cshsim/cshsim/internal/jsonpos"
)

// obj is a JSON object of the generated export (test code only: the
// reader itself decodes into typed structs).
type obj = map[string]any

// writeExport writes a realistic single-account, single-Region export of
// vpcs VPCs with perVPC subnets each into dir, one file per describe
// command as docs/collect.sh does, indented as the AWS CLI prints. It
// returns the number of bytes written.
func writeExport(dir string, vpcs, perVPC int) (int64, error) {
	const account, region = "111122223333", "us-east-1"
	azs := []string{"us-east-1a", "us-east-1b", "us-east-1c"}
	azIDs := []string{"use1-az1", "use1-az2", "use1-az4"}
	id := func(prefix string, n ...int) string {
		h := uint64(14695981039346656037)
		for _, x := range n {
			h = (h ^ uint64(x)) * 1099511628211
		}
		return fmt.Sprintf("%s-0%016x", prefix, h)
	}
	tags := func(name string) []obj { return []obj{{"Key": "Name", "Value": name}, {"Key": "env", "Value": "prod"}} }
	var vpcList, subnets, rts, acls, sgs, enis, nats, igws, endpoints []obj
	files := map[string]any{}
	for v := range vpcs {
		vpc := id("vpc", v)
		cidr := fmt.Sprintf("10.%d.0.0/16", v)
		vpcList = append(vpcList, obj{
			"CidrBlock": cidr, "DhcpOptionsId": "dopt-0d1e2f3a4b5c6d7e8", "State": "available", "VpcId": vpc, "OwnerId": account,
			"InstanceTenancy": "default", "IsDefault": false,
			"CidrBlockAssociationSet": []obj{{"AssociationId": id("vpc-cidr-assoc", v), "CidrBlock": cidr, "CidrBlockState": obj{"State": "associated"}}},
			"BlockPublicAccessStates": obj{"InternetGatewayBlockMode": "off"},
			"Tags":                    tags(fmt.Sprintf("vpc-%d", v)),
		})
		files[fmt.Sprintf("VpcAttribute-enableDnsSupport-%s.json", vpc)] = obj{"VpcId": vpc, "EnableDnsSupport": obj{"Value": true}}
		files[fmt.Sprintf("VpcAttribute-enableDnsHostnames-%s.json", vpc)] = obj{"VpcId": vpc, "EnableDnsHostnames": obj{"Value": true}}
		igw := id("igw", v)
		igws = append(igws, obj{"Attachments": []obj{{"State": "available", "VpcId": vpc}}, "InternetGatewayId": igw, "OwnerId": account, "Tags": tags("igw")})

		local := obj{"DestinationCidrBlock": cidr, "GatewayId": "local", "Origin": "CreateRouteTable", "State": "active"}
		rtMain, rtPub := id("rtb", v, 0), id("rtb", v, 1)
		mainAssoc := []obj{{"Main": true, "RouteTableAssociationId": id("rtbassoc", v, 0), "RouteTableId": rtMain, "AssociationState": obj{"State": "associated"}}}
		var pubAssoc []obj
		privAssoc := make([][]obj, len(azs))
		var natIDs []string
		for a := range azs {
			natIDs = append(natIDs, id("nat", v, a))
		}
		var sgIDs []string
		for g := range 20 {
			sgIDs = append(sgIDs, id("sg", v, g))
		}
		defaultACL, customACL := id("acl", v, 0), id("acl", v, 1)
		var aclDefAssoc, aclCustAssoc []obj
		for sn := range perVPC {
			sid := id("subnet", v, sn)
			a := sn % len(azs)
			public := sn < len(azs)
			subnets = append(subnets, obj{
				"AvailabilityZone": azs[a], "AvailabilityZoneId": azIDs[a], "AvailableIpAddressCount": 240,
				"CidrBlock": fmt.Sprintf("10.%d.%d.0/24", v, sn), "DefaultForAz": false, "MapPublicIpOnLaunch": public,
				"MapCustomerOwnedIpOnLaunch": false, "State": "available", "SubnetId": sid, "VpcId": vpc, "OwnerId": account,
				"AssignIpv6AddressOnCreation": false, "Ipv6CidrBlockAssociationSet": []obj{}, "Tags": tags(fmt.Sprintf("subnet-%d", sn)),
				"SubnetArn": fmt.Sprintf("arn:aws:ec2:%s:%s:subnet/%s", region, account, sid), "EnableDns64": false, "Ipv6Native": false,
				"PrivateDnsNameOptionsOnLaunch": obj{"HostnameType": "ip-name", "EnableResourceNameDnsARecord": false, "EnableResourceNameDnsAAAARecord": false},
				"BlockPublicAccessStates":       obj{"InternetGatewayBlockMode": "off"},
			})
			assoc := obj{"Main": false, "RouteTableAssociationId": id("rtbassoc", v, sn+1), "SubnetId": sid, "AssociationState": obj{"State": "associated"}}
			if public {
				assoc["RouteTableId"] = rtPub
				pubAssoc = append(pubAssoc, assoc)
				nats = append(nats, obj{
					"CreateTime": "2025-03-14T09:26:53.000Z", "NatGatewayId": natIDs[a], "State": "available", "SubnetId": sid, "VpcId": vpc,
					"ConnectivityType": "public", "Tags": tags("nat"),
					"NatGatewayAddresses": []obj{{"AllocationId": id("eipalloc", v, a), "NetworkInterfaceId": id("eni", v, a, 9999),
						"PrivateIp": fmt.Sprintf("10.%d.%d.10", v, sn), "PublicIp": fmt.Sprintf("54.%d.%d.%d", 10+v/256, v%256, a+1), "IsPrimary": true, "Status": "succeeded"}},
				})
			} else {
				assoc["RouteTableId"] = id("rtb", v, 2+a)
				privAssoc[a] = append(privAssoc[a], assoc)
			}
			aclAssoc := obj{"NetworkAclAssociationId": id("aclassoc", v, sn), "SubnetId": sid}
			if sn%4 == 3 {
				aclAssoc["NetworkAclId"] = customACL
				aclCustAssoc = append(aclCustAssoc, aclAssoc)
			} else {
				aclAssoc["NetworkAclId"] = defaultACL
				aclDefAssoc = append(aclDefAssoc, aclAssoc)
			}
			for k := range 2 {
				ip := fmt.Sprintf("10.%d.%d.%d", v, sn, 20+k)
				enis = append(enis, obj{
					"AvailabilityZone": azs[a], "Description": "Primary network interface", "InterfaceType": "interface",
					"Groups":        []obj{{"GroupName": "app", "GroupId": sgIDs[(sn+k)%len(sgIDs)]}, {"GroupName": "default", "GroupId": sgIDs[0]}},
					"Ipv6Addresses": []obj{}, "MacAddress": "0e:11:22:33:44:55", "NetworkInterfaceId": id("eni", v, sn, k), "OwnerId": account,
					"PrivateDnsName": "ip-" + ip + ".ec2.internal", "PrivateIpAddress": ip,
					"PrivateIpAddresses": []obj{{"Primary": true, "PrivateDnsName": "ip-" + ip + ".ec2.internal", "PrivateIpAddress": ip}},
					"RequesterManaged":   false, "SourceDestCheck": true, "Status": "in-use", "SubnetId": sid, "VpcId": vpc,
					"Attachment": obj{"AttachTime": "2025-03-14T09:26:53.000Z", "AttachmentId": id("eni-attach", v, sn, k), "DeleteOnTermination": true,
						"DeviceIndex": 0, "InstanceId": id("i", v, sn, k), "InstanceOwnerId": account, "Status": "attached"},
					"TagSet": []obj{{"Key": "team", "Value": "payments"}},
				})
			}
		}
		rts = append(rts,
			obj{"Associations": mainAssoc, "PropagatingVgws": []obj{}, "RouteTableId": rtMain, "Routes": []obj{local}, "Tags": tags("main"), "VpcId": vpc, "OwnerId": account},
			obj{"Associations": pubAssoc, "PropagatingVgws": []obj{}, "RouteTableId": rtPub, "Tags": tags("public"), "VpcId": vpc, "OwnerId": account,
				"Routes": []obj{local, {"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": igw, "Origin": "CreateRoute", "State": "active"},
					{"DestinationPrefixListId": "pl-63a5400a", "GatewayId": id("vpce", v, 0), "Origin": "CreateRoute", "State": "active"}}},
		)
		for a := range azs {
			rts = append(rts, obj{"Associations": privAssoc[a], "PropagatingVgws": []obj{}, "RouteTableId": id("rtb", v, 2+a), "Tags": tags("private"), "VpcId": vpc, "OwnerId": account,
				"Routes": []obj{local, {"DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": natIDs[a], "Origin": "CreateRoute", "State": "active"},
					{"DestinationPrefixListId": "pl-63a5400a", "GatewayId": id("vpce", v, 0), "Origin": "CreateRoute", "State": "active"},
					{"DestinationCidrBlock": "172.16.0.0/12", "TransitGatewayId": "tgw-0a1b2c3d4e5f60718", "Origin": "CreateRoute", "State": "active"}}})
		}
		entry := func(n int, egress bool, action, proto string, from, to int) obj {
			e := obj{"CidrBlock": "0.0.0.0/0", "Egress": egress, "Protocol": proto, "RuleAction": action, "RuleNumber": n}
			if proto == "6" {
				e["PortRange"] = obj{"From": from, "To": to}
			}
			return e
		}
		acls = append(acls,
			obj{"Associations": aclDefAssoc, "IsDefault": true, "NetworkAclId": defaultACL, "Tags": []obj{}, "VpcId": vpc, "OwnerId": account,
				"Entries": []obj{entry(100, true, "allow", "-1", 0, 0), entry(32767, true, "deny", "-1", 0, 0), entry(100, false, "allow", "-1", 0, 0), entry(32767, false, "deny", "-1", 0, 0)}},
			obj{"Associations": aclCustAssoc, "IsDefault": false, "NetworkAclId": customACL, "Tags": tags("strict"), "VpcId": vpc, "OwnerId": account,
				"Entries": []obj{entry(100, true, "allow", "6", 443, 443), entry(110, true, "allow", "6", 1024, 65535), entry(120, true, "deny", "17", 0, 0),
					entry(32767, true, "deny", "-1", 0, 0), entry(100, false, "allow", "6", 1024, 65535), entry(110, false, "allow", "6", 22, 22), entry(32767, false, "deny", "-1", 0, 0)}},
		)
		for g, sg := range sgIDs {
			sgs = append(sgs, obj{
				"Description": "app tier", "GroupName": fmt.Sprintf("app-%d", g), "OwnerId": account, "GroupId": sg, "VpcId": vpc,
				"SecurityGroupArn": fmt.Sprintf("arn:aws:ec2:%s:%s:security-group/%s", region, account, sg), "Tags": tags("sg"),
				"IpPermissions": []obj{
					{"FromPort": 443, "IpProtocol": "tcp", "ToPort": 443, "IpRanges": []obj{{"CidrIp": "10.0.0.0/8", "Description": "internal"}}, "Ipv6Ranges": []obj{}, "PrefixListIds": []obj{}, "UserIdGroupPairs": []obj{}},
					{"FromPort": 5432, "IpProtocol": "tcp", "ToPort": 5432, "IpRanges": []obj{}, "Ipv6Ranges": []obj{}, "PrefixListIds": []obj{}, "UserIdGroupPairs": []obj{{"GroupId": sgIDs[(g+1)%len(sgIDs)], "UserId": account}}},
					{"FromPort": -1, "IpProtocol": "icmp", "ToPort": -1, "IpRanges": []obj{{"CidrIp": "10.0.0.0/8"}}, "Ipv6Ranges": []obj{}, "PrefixListIds": []obj{}, "UserIdGroupPairs": []obj{}},
				},
				"IpPermissionsEgress": []obj{{"IpProtocol": "-1", "IpRanges": []obj{{"CidrIp": "0.0.0.0/0"}}, "Ipv6Ranges": []obj{{"CidrIpv6": "::/0"}}, "PrefixListIds": []obj{}, "UserIdGroupPairs": []obj{}}},
			})
		}
		endpoints = append(endpoints, obj{
			"VpcEndpointId": id("vpce", v, 0), "VpcEndpointType": "Gateway", "VpcId": vpc, "ServiceName": "com.amazonaws.us-east-1.s3", "State": "available",
			"PolicyDocument": `{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}`,
			"RouteTableIds":  []string{rtPub, id("rtb", v, 2), id("rtb", v, 3), id("rtb", v, 4)}, "SubnetIds": []string{}, "Groups": []obj{},
			"PrivateDnsEnabled": false, "RequesterManaged": false, "NetworkInterfaceIds": []string{}, "DnsEntries": []obj{},
			"CreationTimestamp": "2025-03-14T09:26:53.000Z", "Tags": []obj{}, "OwnerId": account,
		})
	}
	files["Vpcs.json"] = obj{"Vpcs": vpcList}
	files["Subnets.json"] = obj{"Subnets": subnets}
	files["RouteTables.json"] = obj{"RouteTables": rts}
	files["NetworkAcls.json"] = obj{"NetworkAcls": acls}
	files["SecurityGroups.json"] = obj{"SecurityGroups": sgs}
	files["NetworkInterfaces.json"] = obj{"NetworkInterfaces": enis}
	files["NatGateways.json"] = obj{"NatGateways": nats}
	files["InternetGateways.json"] = obj{"InternetGateways": igws}
	files["VpcEndpoints.json"] = obj{"VpcEndpoints": endpoints}
	files["DhcpOptions.json"] = obj{"DhcpOptions": []obj{{"DhcpOptionsId": "dopt-0d1e2f3a4b5c6d7e8", "OwnerId": account,
		"DhcpConfigurations": []obj{{"Key": "domain-name-servers", "Values": []obj{{"Value": "AmazonProvidedDNS"}}}}}}}
	files["TransitGateways.json"] = obj{"TransitGateways": []obj{{"TransitGatewayId": "tgw-0a1b2c3d4e5f60718", "State": "available", "OwnerId": account,
		"TransitGatewayArn": "arn:aws:ec2:us-east-1:111122223333:transit-gateway/tgw-0a1b2c3d4e5f60718",
		"Options": obj{"AmazonSideAsn": 64512, "DefaultRouteTableAssociation": "enable", "AssociationDefaultRouteTableId": "tgw-rtb-0a1b2c3d4e5f60718",
			"DefaultRouteTablePropagation": "enable", "PropagationDefaultRouteTableId": "tgw-rtb-0a1b2c3d4e5f60718", "DnsSupport": "enable",
			"SecurityGroupReferencingSupport": "disable", "VpnEcmpSupport": "enable"}, "Tags": []obj{}}}}
	files["PrefixLists.json"] = obj{"PrefixLists": []obj{{"PrefixListId": "pl-63a5400a", "PrefixListName": "com.amazonaws.us-east-1.s3",
		"Cidrs": []string{"54.231.0.0/17", "52.216.0.0/15", "3.5.16.0/21", "3.5.0.0/20"}}}}
	var total int64
	for name, v := range files {
		data, err := json.MarshalIndent(v, "", "    ")
		if err != nil {
			return 0, err
		}
		if err := os.WriteFile(filepath.Join(dir, name), append(data, '\n'), 0o644); err != nil {
			return 0, err
		}
		total += int64(len(data) + 1)
	}
	return total, nil
}

// The generated export is realistic enough to load and validate cleanly.
func TestGeneratedExport(t *testing.T) {
	dir := t.TempDir()
	if _, err := writeExport(dir, 3, 20); err != nil {
		t.Fatal(err)
	}
	s, diags := Load(dir)
	if len(diags) != 0 {
		t.Fatalf("Load: %v", diags)
	}
	if vd := s.Validate(); len(vd) != 0 {
		t.Fatalf("Validate: %v", vd)
	}
	if len(s.Subnets) != 60 || len(s.ENIs) != 120 || s.Region != "us-east-1" {
		t.Errorf("%d subnets, %d interfaces, region %q", len(s.Subnets), len(s.ENIs), s.Region)
	}
}

// BenchmarkLoad reads a generated export of 5,000 subnets (50 VPCs, 10,000
// interfaces, 1,000 security groups) and reports the throughput.
func BenchmarkLoad(b *testing.B) {
	dir := b.TempDir()
	n, err := writeExport(dir, 50, 100)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(n)
	b.ReportAllocs()
	for b.Loop() {
		s, diags := Load(dir)
		if diags.HasErrors() || len(s.Subnets) != 5000 {
			b.Fatalf("%d subnets, %v", len(s.Subnets), diags.Errors())
		}
	}
}

// BenchmarkDecodeList compares the reader's one-pass decoder (with its
// tape of positions) with encoding/json decoding the same lists into the
// same shapes, in one run: the decode alone, without the model.
func BenchmarkDecodeList(b *testing.B) {
	dir := b.TempDir()
	if _, err := writeExport(dir, 50, 100); err != nil {
		b.Fatal(err)
	}
	type list struct {
		data       []byte
		start, end int
		shape      listShape
	}
	var lists []list
	var n int64
	paths, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		ms, _ := jsonpos.Members(data, jsonpos.SkipWS(data, 0))
		for _, m := range ms {
			if sh, ok := listShapes[m.Key(data)]; ok {
				lists = append(lists, list{data, m.Start, m.End, sh})
				n += int64(m.End - m.Start)
			}
		}
	}
	for _, which := range []string{"fast", "encoding-json"} {
		b.Run(which, func(b *testing.B) {
			b.SetBytes(n)
			b.ReportAllocs()
			for b.Loop() {
				for _, l := range lists {
					f := l.shape.fast
					if which != "fast" {
						f = l.shape.std
					}
					if !f(l.data, l.start, l.end) {
						b.Fatal("a list did not decode")
					}
				}
			}
		})
	}
}

// BenchmarkLongNestedList loads one security group whose permission lists
// n ranges: ns/range should not grow with n (reading a nested list element
// by element must stay linear).
func BenchmarkLongNestedList(b *testing.B) {
	for _, n := range []int{1000, 10000, 40000} {
		var sb strings.Builder
		sb.WriteString(`{"SecurityGroups": [{"GroupId": "sg-1", "VpcId": "vpc-1", "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [`)
		for i := range n {
			if i > 0 {
				sb.WriteString(", ")
			}
			fmt.Fprintf(&sb, `{"CidrIp": "10.%d.%d.0/24"}`, i/256%256, i%256)
		}
		sb.WriteString(`]}]}]}`)
		fsys := fstest.MapFS{"sg.json": {Data: []byte(sb.String())}}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				if s, diags := LoadFS(fsys, "."); diags.HasErrors() || len(s.SecurityGroups[0].Ingress) != n {
					b.Fatal(diags.Errors())
				}
			}
			b.ReportMetric(float64(b.Elapsed())/float64(b.N)/float64(n), "ns/range")
		})
	}
}
