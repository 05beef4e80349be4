package tfplan

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cshsim/cshsim/model"
)

// fixtureDir holds the plan fixtures shared with the command's tests.
const fixtureDir = "../../testdata/tfplan"

// checkovPlan is the real-world plan of the shared fixtures (Checkov's test
// suite: Terraform 0.12.23, format 0.1).
const checkovPlan = "../../../shared/fixtures/tfplan/checkov-tfplan.json"

var expectRE = regexp.MustCompile(`^- expect: (\S+) → (\S+) (reachable|unreachable)(?:, code ([A-Z0-9_]+))?`)

// TestFixtures reads every plan of testdata/tfplan: no error, a snapshot
// that passes Validate, every object placed at its Terraform address, and
// the same answer twice.
func TestFixtures(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(fixtureDir, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures in %s: %v", fixtureDir, err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if !IsPlan(data) {
				t.Error("IsPlan = false")
			}
			s, d := Parse(f, data)
			for _, x := range d {
				t.Errorf("diagnostic: %v [%s]", x, x.Code)
			}
			for _, x := range s.Validate() {
				t.Errorf("Validate: %v [%s]", x, x.Code)
			}
			for id := range s.Objects() {
				p := s.Sources.Lookup(model.FieldRef{ID: id})
				if p.File != f || p.Line == 0 || !strings.HasPrefix(p.Path, strings.SplitN(id, ".", 2)[0]) {
					t.Errorf("%s is at %+v", id, p)
				}
			}
			s2, _ := Parse(f, data)
			s2.Validate()
			if diff := cmp.Diff(s, s2, opts); diff != "" {
				t.Errorf("a second Parse differs (-first +second):\n%s", diff)
			}
		})
	}
}

// TestFixtureExpectations checks that testdata/tfplan/README.md is what the
// command's tests expect: each expectation sits under the heading of an
// existing fixture, and names a subnet and groups that the plan holds.
func TestFixtureExpectations(t *testing.T) {
	f, err := os.Open(filepath.Join(fixtureDir, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cur string
	var snap *model.Snapshot
	n := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if h, ok := strings.CutPrefix(line, "## "); ok {
			cur = strings.Trim(h, "` ")
			var d model.Diagnostics
			snap, d = Load(filepath.Join(fixtureDir, cur))
			if d.HasErrors() {
				t.Errorf("heading %q: %v", cur, d)
			}
			continue
		}
		if !strings.HasPrefix(line, "- expect:") {
			continue
		}
		m := expectRE.FindStringSubmatch(line)
		if m == nil || snap == nil {
			t.Errorf("%q does not parse or has no fixture heading", line)
			continue
		}
		n++
		spec, ok := strings.CutPrefix(m[1], "subnet:")
		if !ok {
			t.Errorf("%q: the source of a plan is subnet:<address>,<group>…", line)
			continue
		}
		o := snap.Objects()
		parts := strings.Split(spec, ",")
		if o[parts[0]].Kind != model.KindSubnet {
			t.Errorf("%s: no subnet %q", cur, parts[0])
		}
		for _, g := range parts[1:] {
			if o[g].Kind != model.KindSecurityGroup {
				t.Errorf("%s: no security group %q", cur, g)
			}
		}
	}
	if n < 10 {
		t.Errorf("%d expectations, want at least 10", n)
	}
}

// TestCheckovPlan reads the real-world plan: no error, the network objects
// linked through the configuration's references.
func TestCheckovPlan(t *testing.T) {
	data, err := os.ReadFile(checkovPlan)
	if os.IsNotExist(err) {
		t.Skipf("%s is not there", checkovPlan)
	}
	if err != nil {
		t.Fatal(err)
	}
	s, d := Parse("checkov-tfplan.json", data)
	if d.HasErrors() {
		t.Fatalf("Parse: %v", d.Error())
	}
	if vd := s.Validate(); vd.HasErrors() {
		t.Fatalf("Validate: %v", vd.Error())
	}
	if u := only(d, CodeUnsupportedResource); len(u) != 1 || !strings.HasPrefix(u[0].Message, "37 resource(s)") || !strings.Contains(u[0].Message, "aws_s3_bucket.data") {
		t.Errorf("unsupported-resource = %v", u)
	}
	if s.Region != "us-west-2" || s.Account != "123456789123" {
		t.Errorf("Region, Account = %q, %q", s.Region, s.Account)
	}
	wantVPC := model.VPC{ID: "aws_vpc.web_vpc", CIDRs: []netipPrefix{pfx("172.16.0.0/16")}, DNSSupport: model.True, DNSHostnames: model.True,
		Tags: []model.Tag{{Key: "Name", Value: "123456789123-acme-corp-vpc"}}}
	if diff := cmp.Diff(wantVPC, find(t, s.VPCs, "aws_vpc.web_vpc", func(v model.VPC) string { return v.ID }), opts); diff != "" {
		t.Errorf("VPC (-want +got):\n%s", diff)
	}
	wantSubnet := model.Subnet{ID: "aws_subnet.web_subnet2", VPC: "aws_vpc.web_vpc", CIDR: pfx("172.16.11.0/24"), AZ: "us-west-2b",
		RouteTable: "aws_route_table.web_rtb", Tags: []model.Tag{{Key: "Name", Value: "123456789123-acme-corp-subnet2"}}}
	if diff := cmp.Diff(wantSubnet, subnetOf(t, s, "aws_subnet.web_subnet2"), opts); diff != "" {
		t.Errorf("subnet (-want +got):\n%s", diff)
	}
	wantRoutes := []model.Route{{Destination: pfx("0.0.0.0/0"), Target: model.Ref{Kind: model.KindInternetGateway, ID: "aws_internet_gateway.web_igw"}, Origin: "CreateRoute"}}
	if diff := cmp.Diff(wantRoutes, rtOf(t, s, "aws_route_table.web_rtb").Routes, opts); diff != "" {
		t.Errorf("routes (-want +got):\n%s", diff)
	}
	// aws_security_group.default has no inline rules; its two rules are
	// aws_security_group_rule resources.
	wantSG := model.SecurityGroup{ID: "aws_security_group.default", Name: "123456789123-acme-corp-rds-sg", VPC: "aws_vpc.web_vpc",
		Ingress: []model.SGRule{{Protocol: model.ProtoTCP, Ports: model.Port(3306), ICMP: model.AnyICMP, CIDR: pfx("172.16.0.0/16")}},
		Egress:  []model.SGRule{allRule("0.0.0.0/0")},
		Tags:    []model.Tag{{Key: "Environment", Value: "123456789123-acme-corp"}, {Key: "Name", Value: "123456789123-acme-corp-rds-sg"}}}
	if diff := cmp.Diff(wantSG, sgOf(t, s, "aws_security_group.default"), opts); diff != "" {
		t.Errorf("security group (-want +got):\n%s", diff)
	}
	wantENI := model.ENI{ID: "aws_network_interface.web-eni", VPC: "aws_vpc.web_vpc", Subnet: "aws_subnet.web_subnet", Type: "interface",
		PrivateIP: ip("172.16.10.100"), SourceDestCheck: model.True, SecurityGroups: []string{"aws_vpc.web_vpc.default_security_group_id"},
		Tags: []model.Tag{{Key: "Name", Value: "123456789123-acme-corp-primary_network_interface"}}}
	if diff := cmp.Diff(wantENI, eniOf(t, s, "aws_network_interface.web-eni"), opts); diff != "" {
		t.Errorf("interface (-want +got):\n%s", diff)
	}
	web := eniOf(t, s, "aws_instance.web_host.primary_network_interface_id")
	if web.Subnet != "aws_subnet.web_subnet" || !cmp.Equal(web.SecurityGroups, []string{"aws_security_group.web-node"}) ||
		!web.PrivateIP.IsValid() || !web.PublicIP.IsValid() {
		t.Errorf("web_host's interface = %+v; want one in web_subnet with web-node, a private and a public address (map_public_ip_on_launch)", web)
	}
}
