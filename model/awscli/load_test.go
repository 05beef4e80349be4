package awscli

import (
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/cshsim/cshsim/model"
)

// This file holds the tests' helpers and the tests of a folder as a whole: merging, conflicts, Region and account, sources, progress.

// cmpOpts is the one go-cmp option set of the package's tests: netip
// values must be compared with ==.
var cmpOpts = cmp.Options{cmpopts.EquateComparable(netip.Addr{}, netip.Prefix{})}

var (
	pfx  = netip.MustParsePrefix
	addr = netip.MustParseAddr
)

// loadFiles loads an in-memory export: path → JSON text.
func loadFiles(t testing.TB, files map[string]string) (*model.Snapshot, model.Diagnostics) {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, text := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	return LoadFS(fsys, ".")
}

// mustLoad loads files and fails on any error diagnostic.
func mustLoad(t testing.TB, files map[string]string) *model.Snapshot {
	t.Helper()
	s, diags := loadFiles(t, files)
	for _, d := range diags.Errors() {
		t.Errorf("Load: %v", d)
	}
	return s
}

// docExample returns the n-th JSON Output block (from 0) of a doc example.
func docExample(t testing.TB, rst string, n int) string {
	t.Helper()
	text, err := os.ReadFile(filepath.Join(fixtures(t), "awscli-doc-examples", rst))
	if err != nil {
		t.Fatal(err)
	}
	var blocks []string
	for _, b := range rstOutputs(string(text)) {
		if strings.HasPrefix(b.body, "{") {
			blocks = append(blocks, b.body)
		}
	}
	if n >= len(blocks) {
		t.Fatalf("%s has %d JSON outputs, want block %d", rst, len(blocks), n)
	}
	return blocks[n]
}

// codes returns the codes of ds, in order.
func codes(ds model.Diagnostics) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.Code)
	}
	return out
}

const oneVPC = `{"Vpcs":[{"VpcId":"vpc-0a1","State":"available","CidrBlock":"10.0.0.0/16",
 "CidrBlockAssociationSet":[{"AssociationId":"a2","CidrBlock":"10.9.0.0/16","CidrBlockState":{"State":"disassociated"}},
  {"AssociationId":"a3","CidrBlock":"10.1.0.0/16","CidrBlockState":{"State":"associated"}},
  {"AssociationId":"a1","CidrBlock":"10.0.0.0/16","CidrBlockState":{"State":"associated"}}],
 "DhcpOptionsId":"dopt-0d1","IsDefault":false,"OwnerId":"111122223333",
 "BlockPublicAccessStates":{"InternetGatewayBlockMode":"off"},"Tags":[{"Key":"Name","Value":"app"}]}]}`

func TestVPCAttributeMerge(t *testing.T) {
	s := mustLoad(t, map[string]string{
		"Vpcs.json":    oneVPC,
		"attr-1.json":  `{"VpcId":"vpc-0a1","EnableDnsSupport":{"Value":true}}`,
		"attr-2.json":  `{"VpcId":"vpc-0a1","EnableDnsHostnames":{"Value":false}}`,
		"attr-2b.json": `{"VpcId":"vpc-0a1","EnableDnsHostnames":{"Value":false}}`,
	})
	want := []model.VPC{{
		ID: "vpc-0a1", Account: "111122223333", State: "available",
		CIDRs:      []netip.Prefix{pfx("10.0.0.0/16"), pfx("10.1.0.0/16")},
		DNSSupport: model.True, DNSHostnames: model.False, DHCPOptions: "dopt-0d1", BlockPublicAccess: "off",
		Tags: []model.Tag{{Key: "Name", Value: "app"}},
	}}
	if diff := cmp.Diff(want, s.VPCs, cmpOpts); diff != "" {
		t.Errorf("vpc (-want +got):\n%s", diff)
	}
	if p := s.Sources[model.FieldRef{ID: "vpc-0a1", Field: "dns_hostnames"}]; p.File != "attr-2.json" || p.Path != "EnableDnsHostnames" || p.Line != 1 {
		t.Errorf("source of dns_hostnames = %+v", p)
	}

	// Two values for one attribute; an attribute of a VPC no file lists.
	_, diags := loadFiles(t, map[string]string{
		"Vpcs.json":   oneVPC,
		"attr-1.json": `{"VpcId":"vpc-0a1","EnableDnsSupport":{"Value":true}}`,
		"attr-2.json": `{"VpcId":"vpc-0a1","EnableDnsSupport":{"Value":false}}`,
		"attr-3.json": `{"VpcId":"vpc-other","EnableDnsSupport":{"Value":false}}`,
	})
	if got, want := codes(diags), []string{CodeConflict, CodeOrphan}; !cmp.Equal(got, want) {
		t.Errorf("codes = %q, want %q (%v)", got, want, diags)
	}
}

// A subnet shared through RAM: each account's describe-subnets names the
// zone its own way, with one zone id.
func TestRAMSharedSubnet(t *testing.T) {
	subnet := func(az string) string {
		return `{"Subnets":[{"SubnetId":"subnet-0s1","VpcId":"vpc-0a1","OwnerId":"111111111111","CidrBlock":"10.0.1.0/24",
		 "AvailabilityZone":"` + az + `","AvailabilityZoneId":"use1-az4","State":"available","Tags":[]}]}`
	}
	s, diags := loadFiles(t, map[string]string{
		"accounts/222222222222/us-east-1/Subnets.json": subnet("us-east-1a"),
		"accounts/111111111111/us-east-1/Subnets.json": subnet("us-east-1c"),
	})
	if len(diags) != 0 {
		t.Errorf("diagnostics: %v", diags)
	}
	want := []model.Subnet{{ID: "subnet-0s1", VPC: "vpc-0a1", Account: "111111111111", CIDR: pfx("10.0.1.0/24"),
		AZ: "us-east-1c", AZID: "use1-az4", State: "available"}}
	if diff := cmp.Diff(want, s.Subnets, cmpOpts); diff != "" {
		t.Errorf("subnets (-want +got): the owner's copy should win\n%s", diff)
	}
	if s.Region != "us-east-1" {
		t.Errorf("region = %q", s.Region)
	}

	// Different zone ids are two different subnets: a conflict.
	_, diags = loadFiles(t, map[string]string{
		"a/Subnets.json": subnet("us-east-1a"),
		"b/Subnets.json": strings.Replace(subnet("us-east-1c"), "use1-az4", "use1-az6", 1),
	})
	if got := codes(diags); len(got) != 1 || got[0] != CodeConflict {
		t.Errorf("codes = %q, want one %s", got, CodeConflict)
	}
}

func TestConflictingDuplicate(t *testing.T) {
	subnets := `{"Subnets":[{"SubnetId":"subnet-1","VpcId":"vpc-1","CidrBlock":"10.0.1.0/24","AvailabilityZone":"eu-west-1a"}]}`
	// Identical: kept once, silently.
	s, diags := loadFiles(t, map[string]string{"page1.json": subnets, "page2.json": subnets})
	if len(diags) != 0 || len(s.Subnets) != 1 {
		t.Errorf("identical duplicates: %d subnets, diagnostics %v", len(s.Subnets), diags)
	}
	// Different: an error at the second, naming the first.
	s, diags = loadFiles(t, map[string]string{
		"a/Subnets.json": subnets,
		"b/Subnets.json": "{\n  \"Subnets\": [\n    {\"SubnetId\":\"subnet-1\",\"VpcId\":\"vpc-1\",\"CidrBlock\":\"10.0.2.0/24\",\"AvailabilityZone\":\"eu-west-1a\"}]}",
	})
	if len(diags) != 1 {
		t.Fatalf("diagnostics %v, want one", diags)
	}
	d := diags[0]
	wantPos := model.Pos{File: "b/Subnets.json", Line: 3, Col: 5, Path: "Subnets[0]"}
	if d.Code != CodeConflict || d.Severity != model.Error || d.Pos != wantPos || !strings.Contains(d.Message, "a/Subnets.json:1:13") || !strings.Contains(d.Message, "CIDR") {
		t.Errorf("diagnostic = %+v, want a %s error at %v naming a/Subnets.json:1:13 and the CIDR", d, CodeConflict, wantPos)
	}
	if len(s.Subnets) != 1 || s.Subnets[0].CIDR != pfx("10.0.1.0/24") {
		t.Errorf("subnets = %+v, want the first kept", s.Subnets)
	}
}

func TestRegionAndAccount(t *testing.T) {
	vpc := func(id string) string { return `{"Vpcs":[{"VpcId":"` + id + `","CidrBlock":"10.0.0.0/16"}]}` }
	tests := []struct {
		name            string
		files           map[string]string
		region, account string
	}{
		{"layout", map[string]string{"aws_configs/accounts/123/eu-central-1/Vpcs.json": vpc("vpc-1")}, "eu-central-1", "123"},
		{"two regions", map[string]string{"aws_configs/us-east-1/Vpcs.json": vpc("vpc-1"), "aws_configs/us-west-2/Vpcs.json": vpc("vpc-2")}, "", ""},
		{"zones", map[string]string{"Vpcs.json": vpc("vpc-1"), "Subnets.json": `{"Subnets":[{"SubnetId":"subnet-1","VpcId":"vpc-1","CidrBlock":"10.0.0.0/24","AvailabilityZone":"ap-northeast-1c","OwnerId":"210987654321"}]}`}, "ap-northeast-1", "210987654321"},
		{"service", map[string]string{"e.json": `{"VpcEndpoints":[{"VpcEndpointId":"vpce-1","VpcId":"vpc-1","ServiceName":"com.amazonaws.sa-east-1.s3"}]}`}, "sa-east-1", ""},
		{"nothing", map[string]string{"Vpcs.json": vpc("vpc-1")}, "", ""},
	}
	for _, tt := range tests {
		s := mustLoad(t, tt.files)
		if s.Region != tt.region || s.Account != tt.account {
			t.Errorf("%s: region, account = %q, %q; want %q, %q", tt.name, s.Region, s.Account, tt.region, tt.account)
		}
	}
	s := mustLoad(t, tests[1].files)
	if s.VPCs[0].Region != "us-east-1" || s.VPCs[1].Region != "us-west-2" {
		t.Errorf("VPC regions = %q, %q", s.VPCs[0].Region, s.VPCs[1].Region)
	}
}

// Sources give Validate positions: a dangling route target is reported at
// the member that names it.
func TestSourcesForValidate(t *testing.T) {
	s := mustLoad(t, map[string]string{
		"Vpcs.json": oneVPC,
		"RouteTables.json": `{
    "RouteTables": [
        {
            "RouteTableId": "rtb-1",
            "VpcId": "vpc-0a1",
            "Routes": [
                {"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local", "State": "active"},
                {"DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": "nat-missing", "State": "active"}
            ]
        }
    ]
}`,
		"DhcpOptions.json": `{"DhcpOptions":[{"DhcpOptionsId":"dopt-0d1"}]}`,
	})
	ds := s.Validate()
	if len(ds) != 1 {
		t.Fatalf("Validate = %v, want one error", ds)
	}
	want := model.Pos{File: "RouteTables.json", Line: 8, Col: 71, Path: "RouteTables[0].Routes[1].NatGatewayId"}
	if ds[0].Code != model.CodeDanglingRef || ds[0].Pos != want {
		t.Errorf("Validate = %+v, want %s at %v", ds[0], model.CodeDanglingRef, want)
	}
}

// A delegated prefix outside its subnet is reported at its own member.
func TestSourcesForValidatePrefix(t *testing.T) {
	s := mustLoad(t, map[string]string{
		"Subnets.json": `{"Subnets":[{"SubnetId":"subnet-1","VpcId":"vpc-0a1","CidrBlock":"10.0.1.0/24"}]}`,
		"Vpcs.json":    oneVPC,
		"NetworkInterfaces.json": `{"NetworkInterfaces":[{"NetworkInterfaceId":"eni-1","VpcId":"vpc-0a1","SubnetId":"subnet-1","PrivateIpAddress":"10.0.1.5",
  "Ipv4Prefixes":[{"Ipv4Prefix":"10.0.1.16/28"},
                  {"Ipv4Prefix":"10.0.2.16/28"}]}]}`,
		"DhcpOptions.json": `{"DhcpOptions":[{"DhcpOptionsId":"dopt-0d1"}]}`,
	})
	ds := s.Validate()
	i := slices.IndexFunc(ds, func(d model.Diagnostic) bool { return d.Code == model.CodeIPOutsideSubnet })
	if i < 0 {
		t.Fatalf("Validate = %v, want %s", ds, model.CodeIPOutsideSubnet)
	}
	want := model.Pos{File: "NetworkInterfaces.json", Line: 3, Col: 33, Path: "NetworkInterfaces[0].Ipv4Prefixes[1].Ipv4Prefix"}
	if ds[i].Ref != (model.FieldRef{ID: "eni-1", Field: "prefixes[1]"}) || ds[i].Pos != want {
		t.Errorf("Validate = %+v, want eni-1 prefixes[1] at %v", ds[i], want)
	}
}

func TestLoadProgress(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "awscli", "private-nat")
	var calls [][2]int
	s, diags := LoadProgress(dir, func(done, total int) { calls = append(calls, [2]int{done, total}) })
	if diags.HasErrors() || s == nil {
		t.Fatal(diags)
	}
	if len(calls) < 2 || calls[0][0] != 0 || calls[len(calls)-1][0] != calls[len(calls)-1][1] {
		t.Errorf("progress calls %v: want 0…total, ending at total", calls)
	}
}
