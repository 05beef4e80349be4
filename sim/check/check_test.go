package check

import (
	"bytes"
	"net/netip"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/cshsim/cshsim/model"
	"github.com/cshsim/cshsim/sim"
)

const (
	ckPrincipal = "arn:aws:iam::123456789012:role/Ops"
	ckOther     = "arn:aws:iam::123456789012:role/Dev"
)

// ckSnap is one VPC with a public subnet (NAT gateway, IGW), two private
// subnets whose default route is the NAT gateway, a subnet of another VPC,
// and one CloudShell environment, "ops", of ckPrincipal in sn-priv with
// sg-cs. It passes every check but the notes.
func ckSnap() *model.Snapshot {
	p := netip.MustParsePrefix
	a := netip.MustParseAddr
	all := []model.SGRule{{Protocol: model.ProtoAll, CIDR: p("0.0.0.0/0")}}
	route := func(dst string, k model.Kind, id string) model.Route {
		return model.Route{Destination: p(dst), Target: model.Ref{Kind: k, ID: id}}
	}
	return &model.Snapshot{
		Region:  "eu-west-1",
		Account: "123456789012",
		VPCs: []model.VPC{
			{ID: "vpc-a", CIDRs: []netip.Prefix{p("10.0.0.0/16")}, DNSSupport: model.True, DNSHostnames: model.True},
			{ID: "vpc-b", CIDRs: []netip.Prefix{p("10.1.0.0/16")}},
		},
		Subnets: []model.Subnet{
			{ID: "sn-pub", VPC: "vpc-a", CIDR: p("10.0.0.0/24"), AZ: "eu-west-1a", RouteTable: "rt-pub"},
			{ID: "sn-priv", VPC: "vpc-a", CIDR: p("10.0.1.0/24"), AZ: "eu-west-1a", RouteTable: "rt-priv"},
			{ID: "sn-priv2", VPC: "vpc-a", CIDR: p("10.0.2.0/24"), AZ: "eu-west-1b", RouteTable: "rt-priv"},
			{ID: "sn-b", VPC: "vpc-b", CIDR: p("10.1.1.0/24"), AZ: "eu-west-1a"},
		},
		RouteTables: []model.RouteTable{
			{ID: "rt-pub", VPC: "vpc-a", Routes: []model.Route{route("0.0.0.0/0", model.KindInternetGateway, "igw-a")}},
			{ID: "rt-priv", VPC: "vpc-a", Routes: []model.Route{route("0.0.0.0/0", model.KindNATGateway, "nat-a")}},
		},
		InternetGateways: []model.InternetGateway{{ID: "igw-a", VPC: "vpc-a"}},
		NATGateways: []model.NATGateway{{ID: "nat-a", VPC: "vpc-a", Subnet: "sn-pub", Connectivity: "public",
			PublicIP: a("198.51.100.7"), PrivateIP: a("10.0.0.10")}},
		SecurityGroups: []model.SecurityGroup{
			{ID: "sg-cs", VPC: "vpc-a", Egress: all},
			{ID: "sg-2", VPC: "vpc-a"}, {ID: "sg-3", VPC: "vpc-a"}, {ID: "sg-4", VPC: "vpc-a"},
			{ID: "sg-5", VPC: "vpc-a"}, {ID: "sg-6", VPC: "vpc-a"},
			{ID: "sg-ep", VPC: "vpc-a", Ingress: []model.SGRule{{Protocol: model.ProtoTCP, Ports: model.Port(443), Group: "sg-cs"}}},
			{ID: "sg-b", VPC: "vpc-b", Egress: all},
		},
		CloudShells: []model.CloudShellEnv{{Name: "ops", Principal: ckPrincipal, VPC: "vpc-a", Subnet: "sn-priv", SecurityGroups: []string{"sg-cs"}}},
	}
}

// env adds a CloudShell environment.
func env(name, principal, subnet string, sgs ...string) func(*model.Snapshot) {
	return func(s *model.Snapshot) {
		s.CloudShells = append(s.CloudShells, model.CloudShellEnv{Name: name, Principal: principal, Subnet: subnet, SecurityGroups: sgs})
	}
}

func ops(f func(*model.CloudShellEnv)) func(*model.Snapshot) {
	return func(s *model.Snapshot) { f(&s.CloudShells[0]) }
}

// subnetState sets a subnet's state as a reader reads AWS's spelling.
func subnetState(id, state string) func(*model.Snapshot) {
	return func(s *model.Snapshot) {
		for i := range s.Subnets {
			if s.Subnets[i].ID == id {
				s.Subnets[i].State = model.ParseState(state)
			}
		}
	}
}

func deployed(s *model.Snapshot) { s.Deployed = true }

func findings(rep Report, code Code) []Finding {
	var out []Finding
	for _, f := range rep.Findings {
		if f.Code == code {
			out = append(out, f)
		}
	}
	return out
}

func runCheck(t *testing.T, mutate []func(*model.Snapshot), opts Options) Report {
	t.Helper()
	s := ckSnap()
	for _, m := range mutate {
		m(s)
	}
	return Run(sim.Build(s), opts)
}

func muts(fs ...func(*model.Snapshot)) []func(*model.Snapshot) { return fs }

// TestCheckPlacement covers every finding of limits, placement, Region,
// stale interfaces and notes, each both ways: the case that trips it and
// the nearest case that does not.
func TestCheckPlacement(t *testing.T) {
	six := []string{"sg-cs", "sg-2", "sg-3", "sg-4", "sg-5", "sg-6"}
	tests := []struct {
		name     string
		mutate   []func(*model.Snapshot)
		opts     Options
		code     Code
		n        int      // how many findings of the code; 0: none
		severity Severity // of each, when n > 0
		env      string   // the environment of the first, when n > 0
		contains string   // in the first message, when n > 0
	}{
		// Security groups: 1 to 5, all in the environment's VPC.
		{"six SGs", muts(ops(func(c *model.CloudShellEnv) { c.SecurityGroups = six })), Options{}, CodeTooManySGs, 1, SeverityError, "ops", `"ops" has 6 security groups; a VPC environment takes at most 5`},
		{"five SGs", muts(ops(func(c *model.CloudShellEnv) { c.SecurityGroups = six[:5] })), Options{}, CodeTooManySGs, 0, 0, "", ""},
		{"six SGs on a tagged interface", muts(func(s *model.Snapshot) {
			s.CloudShells = nil
			s.ENIs = append(s.ENIs, model.ENI{ID: "eni-cs", VPC: "vpc-a", Subnet: "sn-priv", Status: "in-use", PrivateIP: netip.MustParseAddr("10.0.1.9"),
				SecurityGroups: six, Tags: []model.Tag{{Key: model.CloudShellTag}}})
		}), Options{}, CodeTooManySGs, 1, SeverityError, "eni-cs", "at most 5"},
		{"no SGs", muts(ops(func(c *model.CloudShellEnv) { c.SecurityGroups = nil })), Options{}, CodeNoSGs, 1, SeverityWarning, "ops", "names no security groups"},
		{"one SG", nil, Options{}, CodeNoSGs, 0, 0, "", ""},
		{"SG of another VPC", muts(ops(func(c *model.CloudShellEnv) { c.SecurityGroups = []string{"sg-cs", "sg-b"} })), Options{}, CodeSGOtherVPC, 1, SeverityError, "ops", `"sg-b" is in vpc "vpc-b"`},
		{"SGs of its VPC", muts(ops(func(c *model.CloudShellEnv) { c.SecurityGroups = []string{"sg-cs", "sg-2"} })), Options{}, CodeSGOtherVPC, 0, 0, "", ""},
		{"SG not in the design", muts(ops(func(c *model.CloudShellEnv) { c.SecurityGroups = []string{"sg-c"} })), Options{}, CodeSGMissing, 1, SeverityError, "ops", `security group "sg-c"`},
		{"SG not in the export", muts(deployed, ops(func(c *model.CloudShellEnv) { c.SecurityGroups = []string{"sg-c"} })), Options{}, CodeSGMissing, 1, SeverityWarning, "ops", "export does not hold it"},
		{"SG present", nil, Options{}, CodeSGMissing, 0, 0, "", ""},

		// The subnet: exists, available, in the environment's VPC.
		{"subnet not in the design", muts(ops(func(c *model.CloudShellEnv) { c.Subnet, c.VPC = "sn-gone", "" })), Options{}, CodeSubnetMissing, 1, SeverityError, "ops", `subnet "sn-gone"`},
		{"subnet not in the export", muts(deployed, ops(func(c *model.CloudShellEnv) { c.Subnet, c.VPC = "sn-gone", "" })), Options{}, CodeSubnetMissing, 1, SeverityWarning, "ops", "export does not hold it"},
		{"subnet present", nil, Options{}, CodeSubnetMissing, 0, 0, "", ""},
		{"subnet pending", muts(subnetState("sn-priv", "pending")), Options{}, CodeSubnetNotAvailable, 1, SeverityError, "ops", "is pending, not available"},
		{"subnet Available", muts(subnetState("sn-priv", "Available")), Options{}, CodeSubnetNotAvailable, 0, 0, "", ""},
		{"subnet state unset", nil, Options{}, CodeSubnetNotAvailable, 0, 0, "", ""},
		{"subnet of another VPC", muts(ops(func(c *model.CloudShellEnv) { c.VPC, c.SecurityGroups = "vpc-b", []string{"sg-b"} })), Options{}, CodeSubnetOtherVPC, 1, SeverityError, "ops", `"sn-priv" is in vpc "vpc-a", but CloudShell environment "ops" is in vpc "vpc-b"`},
		{"VPC derived from the subnet", muts(ops(func(c *model.CloudShellEnv) { c.VPC = "" })), Options{}, CodeSubnetOtherVPC, 0, 0, "", ""},

		// Per principal: at most 2 environments, no repeated configuration.
		{"third environment", muts(env("two", ckPrincipal, "sn-priv2", "sg-cs"), env("three", ckPrincipal, "sn-pub", "sg-cs")), Options{}, CodeTooManyEnvs, 1, SeverityError, "three", "has 3 VPC environments"},
		{"two environments", muts(env("two", ckPrincipal, "sn-priv2", "sg-cs")), Options{}, CodeTooManyEnvs, 0, 0, "", ""},
		{"third of another principal", muts(env("two", ckPrincipal, "sn-priv2", "sg-cs"), env("three", ckOther, "sn-pub", "sg-cs")), Options{}, CodeTooManyEnvs, 0, 0, "", ""},
		{"third by --principal", muts(env("two", "", "sn-priv2", "sg-cs"), env("three", "", "sn-pub", "sg-cs")), Options{Principal: ckPrincipal}, CodeTooManyEnvs, 1, SeverityError, "three", ckPrincipal},
		{"same VPC configuration", muts(env("again", ckPrincipal, "sn-priv", "sg-cs")), Options{}, CodeDuplicateConfig, 1, SeverityError, "again",
			"Invalid VPC configuration provided. Environment with provided VpcConfig already exists for user " + ckPrincipal},
		{"same groups in another order", muts(ops(func(c *model.CloudShellEnv) { c.SecurityGroups = []string{"sg-cs", "sg-2"} }), env("again", ckPrincipal, "sn-priv", "sg-2", "sg-cs", "sg-2")), Options{}, CodeDuplicateConfig, 1, SeverityError, "again", "VpcConfig already exists"},
		{"another subnet", muts(env("again", ckPrincipal, "sn-priv2", "sg-cs")), Options{}, CodeDuplicateConfig, 0, 0, "", ""},
		{"other security groups", muts(env("again", ckPrincipal, "sn-priv", "sg-cs", "sg-2")), Options{}, CodeDuplicateConfig, 0, 0, "", ""},
		{"another principal", muts(env("again", ckOther, "sn-priv", "sg-cs")), Options{}, CodeDuplicateConfig, 0, 0, "", ""},
		{"principal unknown", muts(env("anon", "", "sn-priv2", "sg-cs")), Options{}, CodePrincipalUnknown, 1, SeverityInfo, "", "names no principal"},
		{"principal given", muts(env("anon", "", "sn-priv2", "sg-cs")), Options{Principal: ckPrincipal}, CodePrincipalUnknown, 0, 0, "", ""},

		// Region.
		{"listed Region", nil, Options{}, CodeRegionListed, 1, SeverityInfo, "", "offered in eu-west-1"},
		{"unlisted Region", muts(func(s *model.Snapshot) { s.Region = "eu-central-2" }), Options{}, CodeRegionUnlisted, 1, SeverityWarning, "", "eu-central-2 is not on the list"},
		{"Region listed only in the newest list", muts(func(s *model.Snapshot) { s.Region = "ap-east-1" }), Options{}, CodeRegionUnlisted, 0, 0, "", ""},
		{"Region not in the launch list", muts(func(s *model.Snapshot) { s.Region = "ap-east-1" }), Options{Regions: &RegionsLaunch}, CodeRegionUnlisted, 1, SeverityWarning, "", "ap-east-1"},
		{"Region from the VPC", muts(func(s *model.Snapshot) { s.Region, s.VPCs[0].Region = "", "mx-central-1" }), Options{}, CodeRegionUnlisted, 1, SeverityWarning, "", "mx-central-1"},
		{"Region from the AZ", muts(func(s *model.Snapshot) { s.Region = "" }), Options{}, CodeRegionListed, 1, SeverityInfo, "", "eu-west-1"},
		{"Region unknown", muts(func(s *model.Snapshot) {
			s.Region = ""
			for i := range s.Subnets {
				s.Subnets[i].AZ = ""
			}
		}), Options{}, CodeRegionUnknown, 1, SeverityInfo, "", "does not say its Region"},
		{"Region known", nil, Options{}, CodeRegionUnknown, 0, 0, "", ""},

		// Stale interfaces.
		{"stale interface", muts(func(s *model.Snapshot) {
			s.ENIs = append(s.ENIs, model.ENI{ID: "eni-old", Subnet: "sn-priv", Status: "available", Tags: []model.Tag{{Key: model.CloudShellTag}}})
		}), Options{}, CodeStaleENI, 1, SeverityWarning, "", "eni-old"},
		{"attached interface", muts(func(s *model.Snapshot) {
			s.ENIs = append(s.ENIs, model.ENI{ID: "eni-live", Subnet: "sn-priv", Status: "in-use", Tags: []model.Tag{{Key: model.CloudShellTag}}})
		}), Options{}, CodeStaleENI, 0, 0, "", ""},
		{"untagged available interface", muts(func(s *model.Snapshot) {
			s.ENIs = append(s.ENIs, model.ENI{ID: "eni-spare", Subnet: "sn-priv", Status: "available"})
		}), Options{}, CodeStaleENI, 0, 0, "", ""},

		// Notes.
		{"no environment", muts(func(s *model.Snapshot) { s.CloudShells = nil }), Options{}, CodeNoEnvironment, 1, SeverityInfo, "", "no CloudShell VPC environment"},
		{"an environment", nil, Options{}, CodeNoEnvironment, 0, 0, "", ""},
		{"endpoint list note", nil, Options{}, CodeEndpointsNote, 1, SeverityInfo, "", "leaves through the environment's network interface"},
		{"no endpoint list note without an environment", muts(func(s *model.Snapshot) { s.CloudShells = nil }), Options{}, CodeEndpointsNote, 0, 0, "", ""},
		{"no persistent storage", nil, Options{}, CodeNoPersistentStorage, 1, SeverityInfo, "", "home directory is deleted"},
		{"no upload or download", nil, Options{}, CodeNoUploadDownload, 1, SeverityInfo, "", "Upload file and Download file"},
		{"IAM not checked", nil, Options{}, CodeIAMNotChecked, 1, SeverityInfo, "", "ec2:CreateNetworkInterfacePermission"},
		{"IAM checked", nil, Options{Policies: []model.Policy{docNewer()}}, CodeIAMNotChecked, 0, 0, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := runCheck(t, tt.mutate, tt.opts)
			got := findings(rep, tt.code)
			if len(got) != tt.n {
				t.Fatalf("%d %s findings, want %d; all findings:\n%s", len(got), tt.code, tt.n, dump(rep))
			}
			if tt.n == 0 {
				return
			}
			f := got[0]
			if f.Severity != tt.severity || f.Environment != tt.env || !strings.Contains(f.Message, tt.contains) {
				t.Errorf("finding = %+v\nwant severity %s, environment %q, a message containing %q", f, tt.severity, tt.env, tt.contains)
			}
			if f.Severity == SeverityError && !rep.HasErrors() {
				t.Errorf("HasErrors() = false with an error finding")
			}
		})
	}
}

func dump(rep Report) string {
	var b strings.Builder
	for _, f := range rep.Findings {
		b.WriteString("  " + string(f.Severity) + " " + string(f.Code) + " [" + f.Environment + "] " + f.Resource + ": " + f.Message + "\n")
	}
	return b.String()
}

// TestCheckBaseIsClean: the base snapshot has no error and no warning, so
// every case above changes one thing.
func TestCheckBaseIsClean(t *testing.T) {
	rep := runCheck(t, nil, Options{Policies: []model.Policy{docNewer()}})
	if n := rep.Count(SeverityError) + rep.Count(SeverityWarning); n > 0 {
		t.Fatalf("base snapshot: %d errors and warnings:\n%s", n, dump(rep))
	}
	if len(rep.Environments) != 1 || rep.Environments[0].Name != "ops" || rep.Environments[0].From != "cloudshell" {
		t.Errorf("Environments = %+v, want ops from a [[cloudshell]] table", rep.Environments)
	}
}

// TestCheckOrder: findings are grouped by environment in snapshot order,
// errors first in each group, then the findings of no environment.
func TestCheckOrder(t *testing.T) {
	rep := runCheck(t, muts(env("two", ckPrincipal, "sn-priv", "sg-cs")), Options{})
	last, lastRank := -1, -1
	group := map[string]int{"ops": 0, "two": 1, "": 2}
	for _, f := range rep.Findings {
		g, r := group[f.Environment], int(f.Severity)
		if g < last || (g == last && r < lastRank) {
			t.Fatalf("finding out of order: %s %s [%s]\n%s", f.Severity, f.Code, f.Environment, dump(rep))
		}
		if g != last {
			lastRank = -1
		}
		last, lastRank = g, r
	}
}

// TestRegionLists: the lists are data with a source and a date, and the
// default is the newest.
func TestRegionLists(t *testing.T) {
	for _, l := range []RegionList{RegionsGeneralReference, RegionsUserGuide, RegionsLaunch} {
		if l.Name == "" || !strings.HasPrefix(l.Source, "https://docs.aws.amazon.com/") || l.Read == "" || len(l.Regions) == 0 {
			t.Errorf("list %+v lacks a name, source, date or Regions", l)
		}
		seen := map[string]bool{}
		for _, r := range l.Regions {
			if seen[r] {
				t.Errorf("%s: %s twice", l.Name, r)
			}
			seen[r] = true
		}
	}
	if DefaultRegions.Source != RegionsGeneralReference.Source {
		t.Errorf("DefaultRegions = %s, want the General Reference list", DefaultRegions.Name)
	}
	if n := len(RegionsGeneralReference.Regions); n != 30 {
		t.Errorf("General Reference list has %d Regions, want 28 commercial + 2 GovCloud", n)
	}
	for _, r := range RegionsLaunch.Regions {
		if !RegionsGeneralReference.Has(r) {
			t.Errorf("%s of the launch list is missing from the newest list", r)
		}
	}
}

// TestCheckCodesDocumented: every check code is listed in docs/codes.md
// and explained in docs/check.md.
func TestCheckCodesDocumented(t *testing.T) {
	src, err := os.ReadFile("check.go")
	if err != nil {
		t.Fatal(err)
	}
	codes := regexp.MustCompile(`Code = "(CSH_CHECK_[A-Z_]+)"`).FindAllSubmatch(src, -1)
	if len(codes) < 25 {
		t.Fatalf("found %d check codes in check.go", len(codes))
	}
	for _, doc := range []string{"../../docs/codes.md", "../../docs/check.md"} {
		b, err := os.ReadFile(doc)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range codes {
			if !bytes.Contains(b, []byte("`"+string(c[1])+"`")) {
				t.Errorf("%s does not list %s", doc, c[1])
			}
		}
	}
}
