package sim

import (
	"bytes"
	"net/netip"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/cshsim/cshsim/model"
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

func findings(rep CheckReport, code CheckCode) []Finding {
	var out []Finding
	for _, f := range rep.Findings {
		if f.Code == code {
			out = append(out, f)
		}
	}
	return out
}

func runCheck(t *testing.T, mutate []func(*model.Snapshot), opts CheckOptions) CheckReport {
	t.Helper()
	s := ckSnap()
	for _, m := range mutate {
		m(s)
	}
	return Check(Build(s), opts)
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
		opts     CheckOptions
		code     CheckCode
		n        int      // how many findings of the code; 0: none
		severity Severity // of each, when n > 0
		env      string   // the environment of the first, when n > 0
		contains string   // in the first message, when n > 0
	}{
		// Security groups: 1 to 5, all in the environment's VPC.
		{"six SGs", muts(ops(func(c *model.CloudShellEnv) { c.SecurityGroups = six })), CheckOptions{}, CheckTooManySGs, 1, SeverityError, "ops", `"ops" has 6 security groups; a VPC environment takes at most 5`},
		{"five SGs", muts(ops(func(c *model.CloudShellEnv) { c.SecurityGroups = six[:5] })), CheckOptions{}, CheckTooManySGs, 0, 0, "", ""},
		{"six SGs on a tagged interface", muts(func(s *model.Snapshot) {
			s.CloudShells = nil
			s.ENIs = append(s.ENIs, model.ENI{ID: "eni-cs", VPC: "vpc-a", Subnet: "sn-priv", Status: "in-use", PrivateIP: netip.MustParseAddr("10.0.1.9"),
				SecurityGroups: six, Tags: []model.Tag{{Key: model.CloudShellTag}}})
		}), CheckOptions{}, CheckTooManySGs, 1, SeverityError, "eni-cs", "at most 5"},
		{"no SGs", muts(ops(func(c *model.CloudShellEnv) { c.SecurityGroups = nil })), CheckOptions{}, CheckNoSGs, 1, SeverityWarning, "ops", "names no security groups"},
		{"one SG", nil, CheckOptions{}, CheckNoSGs, 0, 0, "", ""},
		{"SG of another VPC", muts(ops(func(c *model.CloudShellEnv) { c.SecurityGroups = []string{"sg-cs", "sg-b"} })), CheckOptions{}, CheckSGOtherVPC, 1, SeverityError, "ops", `"sg-b" is in vpc "vpc-b"`},
		{"SGs of its VPC", muts(ops(func(c *model.CloudShellEnv) { c.SecurityGroups = []string{"sg-cs", "sg-2"} })), CheckOptions{}, CheckSGOtherVPC, 0, 0, "", ""},
		{"SG not in the design", muts(ops(func(c *model.CloudShellEnv) { c.SecurityGroups = []string{"sg-c"} })), CheckOptions{}, CheckSGMissing, 1, SeverityError, "ops", `security group "sg-c"`},
		{"SG not in the export", muts(deployed, ops(func(c *model.CloudShellEnv) { c.SecurityGroups = []string{"sg-c"} })), CheckOptions{}, CheckSGMissing, 1, SeverityWarning, "ops", "export does not hold it"},
		{"SG present", nil, CheckOptions{}, CheckSGMissing, 0, 0, "", ""},

		// The subnet: exists, available, in the environment's VPC.
		{"subnet not in the design", muts(ops(func(c *model.CloudShellEnv) { c.Subnet, c.VPC = "sn-gone", "" })), CheckOptions{}, CheckSubnetMissing, 1, SeverityError, "ops", `subnet "sn-gone"`},
		{"subnet not in the export", muts(deployed, ops(func(c *model.CloudShellEnv) { c.Subnet, c.VPC = "sn-gone", "" })), CheckOptions{}, CheckSubnetMissing, 1, SeverityWarning, "ops", "export does not hold it"},
		{"subnet present", nil, CheckOptions{}, CheckSubnetMissing, 0, 0, "", ""},
		{"subnet pending", muts(subnetState("sn-priv", "pending")), CheckOptions{}, CheckSubnetNotAvailable, 1, SeverityError, "ops", "is pending, not available"},
		{"subnet Available", muts(subnetState("sn-priv", "Available")), CheckOptions{}, CheckSubnetNotAvailable, 0, 0, "", ""},
		{"subnet state unset", nil, CheckOptions{}, CheckSubnetNotAvailable, 0, 0, "", ""},
		{"subnet of another VPC", muts(ops(func(c *model.CloudShellEnv) { c.VPC, c.SecurityGroups = "vpc-b", []string{"sg-b"} })), CheckOptions{}, CheckSubnetOtherVPC, 1, SeverityError, "ops", `"sn-priv" is in vpc "vpc-a", but CloudShell environment "ops" is in vpc "vpc-b"`},
		{"VPC derived from the subnet", muts(ops(func(c *model.CloudShellEnv) { c.VPC = "" })), CheckOptions{}, CheckSubnetOtherVPC, 0, 0, "", ""},

		// Per principal: at most 2 environments, no repeated configuration.
		{"third environment", muts(env("two", ckPrincipal, "sn-priv2", "sg-cs"), env("three", ckPrincipal, "sn-pub", "sg-cs")), CheckOptions{}, CheckTooManyEnvs, 1, SeverityError, "three", "has 3 VPC environments"},
		{"two environments", muts(env("two", ckPrincipal, "sn-priv2", "sg-cs")), CheckOptions{}, CheckTooManyEnvs, 0, 0, "", ""},
		{"third of another principal", muts(env("two", ckPrincipal, "sn-priv2", "sg-cs"), env("three", ckOther, "sn-pub", "sg-cs")), CheckOptions{}, CheckTooManyEnvs, 0, 0, "", ""},
		{"third by --principal", muts(env("two", "", "sn-priv2", "sg-cs"), env("three", "", "sn-pub", "sg-cs")), CheckOptions{Principal: ckPrincipal}, CheckTooManyEnvs, 1, SeverityError, "three", ckPrincipal},
		{"same VPC configuration", muts(env("again", ckPrincipal, "sn-priv", "sg-cs")), CheckOptions{}, CheckDuplicateConfig, 1, SeverityError, "again",
			"Invalid VPC configuration provided. Environment with provided VpcConfig already exists for user " + ckPrincipal},
		{"same groups in another order", muts(ops(func(c *model.CloudShellEnv) { c.SecurityGroups = []string{"sg-cs", "sg-2"} }), env("again", ckPrincipal, "sn-priv", "sg-2", "sg-cs", "sg-2")), CheckOptions{}, CheckDuplicateConfig, 1, SeverityError, "again", "VpcConfig already exists"},
		{"another subnet", muts(env("again", ckPrincipal, "sn-priv2", "sg-cs")), CheckOptions{}, CheckDuplicateConfig, 0, 0, "", ""},
		{"other security groups", muts(env("again", ckPrincipal, "sn-priv", "sg-cs", "sg-2")), CheckOptions{}, CheckDuplicateConfig, 0, 0, "", ""},
		{"another principal", muts(env("again", ckOther, "sn-priv", "sg-cs")), CheckOptions{}, CheckDuplicateConfig, 0, 0, "", ""},
		{"principal unknown", muts(env("anon", "", "sn-priv2", "sg-cs")), CheckOptions{}, CheckPrincipalUnknown, 1, SeverityInfo, "", "names no principal"},
		{"principal given", muts(env("anon", "", "sn-priv2", "sg-cs")), CheckOptions{Principal: ckPrincipal}, CheckPrincipalUnknown, 0, 0, "", ""},

		// Region.
		{"listed Region", nil, CheckOptions{}, CheckRegionListed, 1, SeverityInfo, "", "offered in eu-west-1"},
		{"unlisted Region", muts(func(s *model.Snapshot) { s.Region = "eu-central-2" }), CheckOptions{}, CheckRegionUnlisted, 1, SeverityWarning, "", "eu-central-2 is not on the list"},
		{"Region listed only in the newest list", muts(func(s *model.Snapshot) { s.Region = "ap-east-1" }), CheckOptions{}, CheckRegionUnlisted, 0, 0, "", ""},
		{"Region not in the launch list", muts(func(s *model.Snapshot) { s.Region = "ap-east-1" }), CheckOptions{Regions: &RegionsLaunch}, CheckRegionUnlisted, 1, SeverityWarning, "", "ap-east-1"},
		{"Region from the VPC", muts(func(s *model.Snapshot) { s.Region, s.VPCs[0].Region = "", "mx-central-1" }), CheckOptions{}, CheckRegionUnlisted, 1, SeverityWarning, "", "mx-central-1"},
		{"Region from the AZ", muts(func(s *model.Snapshot) { s.Region = "" }), CheckOptions{}, CheckRegionListed, 1, SeverityInfo, "", "eu-west-1"},
		{"Region unknown", muts(func(s *model.Snapshot) {
			s.Region = ""
			for i := range s.Subnets {
				s.Subnets[i].AZ = ""
			}
		}), CheckOptions{}, CheckRegionUnknown, 1, SeverityInfo, "", "does not say its Region"},
		{"Region known", nil, CheckOptions{}, CheckRegionUnknown, 0, 0, "", ""},

		// Stale interfaces.
		{"stale interface", muts(func(s *model.Snapshot) {
			s.ENIs = append(s.ENIs, model.ENI{ID: "eni-old", Subnet: "sn-priv", Status: "available", Tags: []model.Tag{{Key: model.CloudShellTag}}})
		}), CheckOptions{}, CheckStaleENI, 1, SeverityWarning, "", "eni-old"},
		{"attached interface", muts(func(s *model.Snapshot) {
			s.ENIs = append(s.ENIs, model.ENI{ID: "eni-live", Subnet: "sn-priv", Status: "in-use", Tags: []model.Tag{{Key: model.CloudShellTag}}})
		}), CheckOptions{}, CheckStaleENI, 0, 0, "", ""},
		{"untagged available interface", muts(func(s *model.Snapshot) {
			s.ENIs = append(s.ENIs, model.ENI{ID: "eni-spare", Subnet: "sn-priv", Status: "available"})
		}), CheckOptions{}, CheckStaleENI, 0, 0, "", ""},

		// Notes.
		{"no environment", muts(func(s *model.Snapshot) { s.CloudShells = nil }), CheckOptions{}, CheckNoEnvironment, 1, SeverityInfo, "", "no CloudShell VPC environment"},
		{"an environment", nil, CheckOptions{}, CheckNoEnvironment, 0, 0, "", ""},
		{"endpoint list note", nil, CheckOptions{}, CheckEndpointsNote, 1, SeverityInfo, "", "leaves through the environment's network interface"},
		{"no endpoint list note without an environment", muts(func(s *model.Snapshot) { s.CloudShells = nil }), CheckOptions{}, CheckEndpointsNote, 0, 0, "", ""},
		{"no persistent storage", nil, CheckOptions{}, CheckNoPersistentStorage, 1, SeverityInfo, "", "home directory is deleted"},
		{"no upload or download", nil, CheckOptions{}, CheckNoUploadDownload, 1, SeverityInfo, "", "Upload file and Download file"},
		{"IAM not checked", nil, CheckOptions{}, CheckIAMNotChecked, 1, SeverityInfo, "", "ec2:CreateNetworkInterfacePermission"},
		{"IAM checked", nil, CheckOptions{Policies: []model.Policy{docNewer()}}, CheckIAMNotChecked, 0, 0, "", ""},
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

func dump(rep CheckReport) string {
	var b strings.Builder
	for _, f := range rep.Findings {
		b.WriteString("  " + string(f.Severity) + " " + string(f.Code) + " [" + f.Environment + "] " + f.Resource + ": " + f.Message + "\n")
	}
	return b.String()
}

// TestCheckBaseIsClean: the base snapshot has no error and no warning, so
// every case above changes one thing.
func TestCheckBaseIsClean(t *testing.T) {
	rep := runCheck(t, nil, CheckOptions{Policies: []model.Policy{docNewer()}})
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
	rep := runCheck(t, muts(env("two", ckPrincipal, "sn-priv", "sg-cs")), CheckOptions{})
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

// TestCheckNetwork covers the network summary: internet, the CloudShell
// endpoint list (usable, unusable, absent) and S3, from a [[cloudshell]]
// table and from a tagged interface.
func TestCheckNetwork(t *testing.T) {
	iface := func(id, svc string, private bool, sgs ...string) func(*model.Snapshot) {
		return func(s *model.Snapshot) {
			s.Endpoints = append(s.Endpoints, model.Endpoint{ID: id, VPC: "vpc-a", Type: "Interface", Service: "com.amazonaws.eu-west-1." + svc,
				PrivateDNS: private, Subnets: []string{"sn-priv2"}, SecurityGroups: sgs})
		}
	}
	gateway := func(s *model.Snapshot) {
		s.Endpoints = append(s.Endpoints, model.Endpoint{ID: "vpce-s3", VPC: "vpc-a", Type: "Gateway", Service: "com.amazonaws.eu-west-1.s3", RouteTables: []string{"rt-priv"}})
	}
	publicSubnet := ops(func(c *model.CloudShellEnv) { c.Subnet = "sn-pub" })
	tests := []struct {
		name   string
		mutate []func(*model.Snapshot)
		check  func(t *testing.T, rep CheckReport, e EnvSummary)
	}{
		{"internet through NAT", nil, func(t *testing.T, rep CheckReport, e EnvSummary) {
			if !e.Internet.Reachable || !slices.Equal(e.Internet.Via, []string{"nat-a", "igw-a"}) {
				t.Errorf("Internet = %+v, want reachable via nat-a, igw-a", e.Internet)
			}
			if f := findings(rep, CheckInternet); len(f) != 1 || !strings.Contains(f[0].Message, "reachable from sn-priv through nat-a → igw-a") {
				t.Errorf("internet findings = %+v", f)
			}
		}},
		{"no internet in a public subnet", muts(publicSubnet), func(t *testing.T, rep CheckReport, e EnvSummary) {
			if e.Internet.Reachable || e.Internet.Code != CodeIGWNoPublicIP {
				t.Errorf("Internet = %+v, want unreachable with %s", e.Internet, CodeIGWNoPublicIP)
			}
			f := findings(rep, CheckInternet)
			if len(f) != 1 || f[0].Severity != SeverityInfo || !strings.Contains(f[0].Message, "not reachable") || f[0].Fix == "" {
				t.Errorf("internet findings = %+v, want an info with the code and a fix", f)
			}
			if f := findings(rep, CheckEndpoints); len(f) != 1 || !strings.Contains(f[0].Message, "which does not work (IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS), so they are unreachable") {
				t.Errorf("endpoints findings = %+v", f)
			}
		}},
		{"usable interface endpoint", muts(iface("vpce-logs", "logs", true, "sg-ep")), func(t *testing.T, rep CheckReport, e EnvSummary) {
			s := svcOf(e, "logs")
			if s.Status != EndpointUsable || s.Endpoint != "vpce-logs" || !s.Reachable || s.Via != ViaInterfaceEndpoint {
				t.Errorf("logs = %+v, want usable through vpce-logs", s)
			}
			if f := findings(rep, CheckEndpoints); len(f) != 1 || !strings.Contains(f[0].Message, "1 of 11 services use an interface endpoint from sn-priv (logs); 10 have none") {
				t.Errorf("endpoints findings = %+v", f)
			}
			if f := findings(rep, CheckEndpointUnusable); len(f) != 0 {
				t.Errorf("unusable findings = %+v, want none", f)
			}
		}},
		{"endpoint with private DNS off", muts(iface("vpce-logs", "logs", false, "sg-ep")), func(t *testing.T, rep CheckReport, e EnvSummary) {
			s := svcOf(e, "logs")
			if s.Status != EndpointUnusable || s.WhyCode != CodePrivateDNS || !s.Reachable || s.Via != ViaInternet || !strings.Contains(s.Fix, "private-dns-enabled") {
				t.Errorf("logs = %+v, want unusable (private DNS), reached through the internet", s)
			}
			f := findings(rep, CheckEndpointUnusable)
			if len(f) != 1 || f[0].Severity != SeverityWarning || f[0].Resource != "vpce-logs" || !strings.Contains(f[0].Message, "reached through the internet path instead") {
				t.Errorf("unusable findings = %+v", f)
			}
		}},
		{"endpoint its security group blocks", muts(iface("vpce-logs", "logs", true, "sg-2")), func(t *testing.T, rep CheckReport, e EnvSummary) {
			s := svcOf(e, "logs")
			if s.Status != EndpointUnusable || s.WhyCode != CodeSGMismatch || s.Reachable {
				t.Errorf("logs = %+v, want unusable (%s) and unreachable", s, CodeSGMismatch)
			}
			if f := findings(rep, CheckEndpointUnusable); len(f) != 1 || !strings.Contains(f[0].Message, "the service is not reachable") {
				t.Errorf("unusable findings = %+v", f)
			}
		}},
		{"no endpoint: the internet path", nil, func(t *testing.T, rep CheckReport, e EnvSummary) {
			s := svcOf(e, "ssmmessages")
			if s.Status != EndpointAbsent || s.Via != ViaInternet || !s.Reachable {
				t.Errorf("ssmmessages = %+v, want absent, reachable through the internet", s)
			}
			if len(e.Endpoints) != len(CloudShellEndpoints) {
				t.Errorf("%d endpoints summarised, want %d", len(e.Endpoints), len(CloudShellEndpoints))
			}
		}},
		{"S3 through a gateway endpoint", muts(gateway), func(t *testing.T, rep CheckReport, e EnvSummary) {
			if e.S3 == nil || e.S3.Status != EndpointUsable || e.S3.Via != ViaGatewayEndpoint || e.S3.Endpoint != "vpce-s3" {
				t.Errorf("S3 = %+v, want the gateway endpoint", e.S3)
			}
			if f := findings(rep, CheckS3); len(f) != 1 || !strings.Contains(f[0].Message, "through gateway endpoint vpce-s3") {
				t.Errorf("s3 findings = %+v", f)
			}
		}},
		{"S3 through the internet", nil, func(t *testing.T, rep CheckReport, e EnvSummary) {
			if e.S3 == nil || e.S3.Status != EndpointAbsent || e.S3.Via != ViaInternet || !e.S3.Reachable {
				t.Errorf("S3 = %+v, want the internet path", e.S3)
			}
		}},
		{"environment from a tagged interface", muts(func(s *model.Snapshot) {
			s.CloudShells = nil
			s.ENIs = append(s.ENIs, model.ENI{ID: "eni-cs", VPC: "vpc-a", Subnet: "sn-priv", Status: "in-use", PrivateIP: netip.MustParseAddr("10.0.1.9"),
				SecurityGroups: []string{"sg-cs"}, Tags: []model.Tag{{Key: model.CloudShellTag}}})
		}), func(t *testing.T, rep CheckReport, e EnvSummary) {
			if e.Name != "eni-cs" || e.From != "eni" || e.IP != "10.0.1.9" || !e.Internet.Reachable {
				t.Errorf("environment = %+v, want eni-cs from the interface, reaching the internet", e)
			}
		}},
		{"subnet missing: nothing walked", muts(ops(func(c *model.CloudShellEnv) { c.Subnet, c.VPC = "sn-gone", "" })), func(t *testing.T, rep CheckReport, e EnvSummary) {
			if e.Internet != nil || e.Endpoints != nil || e.S3 != nil {
				t.Errorf("environment = %+v, want no network summary", e)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := runCheck(t, tt.mutate, CheckOptions{})
			if len(rep.Environments) != 1 {
				t.Fatalf("%d environments, want 1", len(rep.Environments))
			}
			e := rep.Environments[0]
			if e.Internet == nil && tt.name != "subnet missing: nothing walked" {
				t.Fatalf("no network summary: %+v\n%s", e, dump(rep))
			}
			tt.check(t, rep, e)
		})
	}
}

func svcOf(e EnvSummary, svc string) ServiceSummary {
	for _, s := range e.Endpoints {
		if s.Service == svc {
			return s
		}
	}
	return ServiceSummary{}
}

// ---------------------------------------------------------------------
// IAM

func stmt(effect model.Effect, sid string, actions, resources []string, cond model.Condition) model.Statement {
	return model.Statement{Sid: sid, Effect: effect, Action: actions, Resource: resources, Condition: cond}
}

func allow(sid string, actions, resources []string, cond model.Condition) model.Statement {
	return stmt(model.EffectAllow, sid, actions, resources, cond)
}

func denyStmt(sid string, actions, resources []string, cond model.Condition) model.Statement {
	return stmt(model.EffectDeny, sid, actions, resources, cond)
}

func pol(name string, ss ...model.Statement) model.Policy {
	return model.Policy{Name: name, Version: "2012-10-17", Statements: ss}
}

var (
	star       = []string{"*"}
	eniARN     = []string{"arn:aws:ec2:*:*:network-interface/*"}
	viaCS      = model.Condition{"ForAnyValue:StringEquals": {"aws:CalledVia": {"cloudshell.amazonaws.com"}}}
	viaCSTag   = model.Condition{"ForAnyValue:StringEquals": {"aws:TagKeys": {model.CloudShellTag}, "aws:CalledVia": {"cloudshell.amazonaws.com"}}}
	describe3  = []string{"ec2:DescribeSubnets", "ec2:DescribeSecurityGroups", "ec2:DescribeVpcs"}
	describe5  = append(slices.Clone(describe3), "ec2:DescribeDhcpOptions", "ec2:DescribeNetworkInterfaces")
	manageENIs = []string{"ec2:CreateNetworkInterfacePermission", "ec2:DeleteNetworkInterface"}
)

// docNewer has the shape of the newer full-access example of the
// CloudShell User Guide (shared/aws-rules.md §1.5): the two Describe
// actions CloudShell calls itself, tagging, the interface and its
// management all conditioned on aws:CalledVia and the tag.
func docNewer() model.Policy {
	return pol("newer.json",
		allow("CloudShell", []string{"cloudshell:*"}, star, nil),
		allow("DescribeForTheForm", describe3, star, nil),
		allow("DescribeViaCloudShell", []string{"ec2:DescribeDhcpOptions", "ec2:DescribeNetworkInterfaces"}, star, viaCS),
		allow("Tag", []string{"ec2:CreateTags"}, eniARN, model.Condition{
			"StringEquals":             {"ec2:CreateAction": {"CreateNetworkInterface"}},
			"ForAnyValue:StringEquals": {"aws:TagKeys": {model.CloudShellTag}, "aws:CalledVia": {"cloudshell.amazonaws.com"}},
		}),
		allow("InSubnet", []string{"ec2:CreateNetworkInterface"}, []string{"arn:aws:ec2:*:*:subnet/*", "arn:aws:ec2:*:*:security-group/*"}, viaCS),
		allow("Tagged", []string{"ec2:CreateNetworkInterface"}, eniARN, viaCSTag),
		allow("Manage", manageENIs, eniARN, model.Condition{
			"StringEquals":             {"aws:ResourceTag/" + model.CloudShellTag: {""}},
			"ForAnyValue:StringEquals": {"aws:CalledVia": {"cloudshell.amazonaws.com"}},
		}),
	)
}

// docOlder has the shape of the older version: all five Describe actions
// in one unconditioned statement, and tagging without aws:CalledVia.
func docOlder() model.Policy {
	return pol("older.json",
		allow("CloudShell", []string{"cloudshell:*"}, star, nil),
		allow("Describe", describe5, star, nil),
		allow("Tag", []string{"ec2:CreateTags"}, eniARN, model.Condition{
			"StringEquals":             {"ec2:CreateAction": {"CreateNetworkInterface"}},
			"ForAnyValue:StringEquals": {"aws:TagKeys": {model.CloudShellTag}},
		}),
		allow("InSubnet", []string{"ec2:CreateNetworkInterface"}, []string{"arn:aws:ec2:*:*:subnet/*", "arn:aws:ec2:*:*:security-group/*"}, viaCS),
		allow("Tagged", []string{"ec2:CreateNetworkInterface"}, eniARN, viaCSTag),
		allow("Manage", manageENIs, eniARN, model.Condition{
			"StringEquals":             {"aws:ResourceTag/" + model.CloudShellTag: {""}},
			"ForAnyValue:StringEquals": {"aws:CalledVia": {"cloudshell.amazonaws.com"}},
		}),
	)
}

// TestCheckIAM evaluates policy sets for the actions CloudShell needs.
// want lists the IAM findings as "CODE action" (or "CODE" for the
// finding about the whole set), in order.
func TestCheckIAM(t *testing.T) {
	cloudshell := allow("", []string{"cloudshell:*"}, star, nil)
	tests := []struct {
		name     string
		policies []model.Policy
		mutate   []func(*model.Snapshot)
		want     []string
		contains string // in the first IAM finding's message
	}{
		{"newer doc example", []model.Policy{docNewer()}, nil, []string{"CSH_CHECK_IAM_OK"}, "cloudshell:CreateEnvironment, ec2:DescribeVpcs"},
		{"older doc example", []model.Policy{docOlder()}, nil, []string{"CSH_CHECK_IAM_OK"}, ""},
		{"ec2:* and cloudshell:*", []model.Policy{pol("admin.json", allow("", []string{"ec2:*", "cloudshell:*"}, star, nil))}, nil, []string{"CSH_CHECK_IAM_OK"}, ""},
		{"*", []model.Policy{pol("admin.json", allow("", star, star, nil))}, nil, []string{"CSH_CHECK_IAM_OK"}, ""},
		{"Describe* and names in another case", []model.Policy{pol("p.json", cloudshell,
			allow("", []string{"ec2:Describe*", "EC2:createtags", "ec2:CREATENETWORKINTERFACE*", "ec2:DeleteNetworkInterface"}, star, nil))}, nil, []string{"CSH_CHECK_IAM_OK"}, ""},
		{"NotAction of other services", []model.Policy{pol("p.json",
			model.Statement{Effect: model.EffectAllow, NotAction: []string{"iam:*", "organizations:*"}, Resource: star})}, nil, []string{"CSH_CHECK_IAM_OK"}, ""},
		{"NotAction ec2:Create*", []model.Policy{pol("p.json",
			model.Statement{Effect: model.EffectAllow, NotAction: []string{"ec2:Create*"}, Resource: star})}, nil,
			[]string{"CSH_CHECK_IAM_MISSING ec2:CreateTags", "CSH_CHECK_IAM_MISSING ec2:CreateNetworkInterface", "CSH_CHECK_IAM_MISSING ec2:CreateNetworkInterfacePermission"}, "no Allow statement"},
		{"explicit Deny on CreateNetworkInterface", []model.Policy{docNewer(), pol("deny.json", denyStmt("NoENIs", []string{"ec2:CreateNetworkInterface"}, star, nil))}, nil,
			[]string{"CSH_CHECK_IAM_DENIED ec2:CreateNetworkInterface"}, `denied explicitly by statement "NoENIs" of policy deny.json`},
		{"Deny on CloudShell's calls", []model.Policy{pol("admin.json", allow("", star, star, nil)), pol("deny.json", denyStmt("NoCloudShellTags", []string{"ec2:CreateTags"}, star, viaCS))}, nil,
			[]string{"CSH_CHECK_IAM_DENIED ec2:CreateTags"}, "NoCloudShellTags"},
		{"Deny sparing tagged interfaces", []model.Policy{pol("admin.json", allow("", star, star, nil)), pol("deny.json",
			denyStmt("OnlyCloudShellENIs", []string{"ec2:DeleteNetworkInterface"}, star, model.Condition{"StringNotEquals": {"aws:ResourceTag/" + model.CloudShellTag: {""}}}))}, nil,
			[]string{"CSH_CHECK_IAM_OK"}, ""},
		{"missing DeleteNetworkInterface", []model.Policy{pol("p.json", cloudshell, allow("", describe5, star, nil),
			allow("", []string{"ec2:CreateTags", "ec2:CreateNetworkInterface", "ec2:CreateNetworkInterfacePermission"}, star, nil))}, nil,
			[]string{"CSH_CHECK_IAM_NO_DELETE_ENI ec2:DeleteNetworkInterface"}, "left behind and must be deleted by hand"},
		{"denied DeleteNetworkInterface", []model.Policy{docNewer(), pol("deny.json", denyStmt("", []string{"ec2:Delete*"}, star, nil))}, nil,
			[]string{"CSH_CHECK_IAM_NO_DELETE_ENI ec2:DeleteNetworkInterface"}, "denied explicitly"},
		{"Describe scoped to an ARN", []model.Policy{pol("p.json", cloudshell, allow("", []string{"ec2:*"}, []string{"arn:aws:ec2:*:*:*"}, nil))}, nil,
			[]string{"CSH_CHECK_IAM_MISSING ec2:DescribeVpcs", "CSH_CHECK_IAM_MISSING ec2:DescribeSubnets", "CSH_CHECK_IAM_MISSING ec2:DescribeSecurityGroups",
				"CSH_CHECK_IAM_MISSING ec2:DescribeDhcpOptions", "CSH_CHECK_IAM_MISSING ec2:DescribeNetworkInterfaces"}, `"*" (Describe actions take no resource ARN)`},
		{"the form's Describe calls only via CloudShell", []model.Policy{pol("p.json", cloudshell, allow("", describe5, star, viaCS),
			allow("", []string{"ec2:Create*", "ec2:DeleteNetworkInterface"}, star, nil))}, nil,
			[]string{"CSH_CHECK_IAM_MISSING ec2:DescribeVpcs", "CSH_CHECK_IAM_MISSING ec2:DescribeSubnets", "CSH_CHECK_IAM_MISSING ec2:DescribeSecurityGroups"},
			"the Create VPC environment form cannot list the VPCs"},
		{"interface ARN only", []model.Policy{pol("p.json", cloudshell, allow("", describe5, star, nil), allow("", []string{"ec2:Create*", "ec2:DeleteNetworkInterface"}, eniARN, nil))}, nil,
			[]string{"CSH_CHECK_IAM_MISSING ec2:CreateNetworkInterface"}, "arn:aws:ec2:eu-west-1:123456789012:subnet/sn-priv"},
		{"subnet of another account", []model.Policy{pol("p.json", cloudshell, allow("", describe5, star, nil), allow("", []string{"ec2:Create*", "ec2:DeleteNetworkInterface"}, eniARN, nil),
			allow("", []string{"ec2:CreateNetworkInterface"}, []string{"arn:aws:ec2:eu-west-1:999999999999:*"}, nil))}, nil,
			[]string{"CSH_CHECK_IAM_MISSING ec2:CreateNetworkInterface"}, ""},
		{"subnet by id", []model.Policy{pol("p.json", cloudshell, allow("", describe5, star, nil), allow("", []string{"ec2:Create*", "ec2:DeleteNetworkInterface"}, eniARN, nil),
			allow("", []string{"ec2:CreateNetworkInterface"}, []string{"arn:aws:ec2:eu-west-1:123456789012:subnet/sn-priv", "arn:aws:ec2:eu-west-1:123456789012:security-group/*"}, nil))}, nil,
			[]string{"CSH_CHECK_IAM_OK"}, ""},
		{"condition with the wrong service", []model.Policy{pol("p.json", cloudshell, allow("", describe5, star, nil),
			allow("ViaLambda", []string{"ec2:Create*", "ec2:DeleteNetworkInterface"}, star, model.Condition{"ForAnyValue:StringEquals": {"aws:CalledVia": {"lambda.amazonaws.com"}}}))}, nil,
			[]string{"CSH_CHECK_IAM_MISSING ec2:CreateTags", "CSH_CHECK_IAM_MISSING ec2:CreateNetworkInterface", "CSH_CHECK_IAM_MISSING ec2:CreateNetworkInterfacePermission", "CSH_CHECK_IAM_NO_DELETE_ENI ec2:DeleteNetworkInterface"},
			`statement "ViaLambda" of policy p.json covers it, but its condition does not hold`},
		{"request tag on the subnet", []model.Policy{pol("p.json", cloudshell, allow("", describe5, star, nil), allow("", []string{"ec2:CreateTags", "ec2:CreateNetworkInterfacePermission", "ec2:DeleteNetworkInterface"}, star, nil),
			allow("TagOnCreate", []string{"ec2:CreateNetworkInterface"}, star, model.Condition{"StringEquals": {"aws:RequestTag/" + model.CloudShellTag: {""}}}))}, nil,
			[]string{"CSH_CHECK_IAM_MISSING ec2:CreateNetworkInterface"}, "subnet/sn-priv"},
		{"condition cshsim cannot evaluate", []model.Policy{pol("p.json", allow("FromOffice", star, star, model.Condition{"IpAddress": {"aws:SourceIp": {"203.0.113.0/24"}}}))}, nil,
			[]string{"CSH_CHECK_IAM_UNCERTAIN cloudshell:CreateEnvironment", "CSH_CHECK_IAM_UNCERTAIN ec2:DescribeVpcs", "CSH_CHECK_IAM_UNCERTAIN ec2:DescribeSubnets",
				"CSH_CHECK_IAM_UNCERTAIN ec2:DescribeSecurityGroups", "CSH_CHECK_IAM_UNCERTAIN ec2:DescribeDhcpOptions", "CSH_CHECK_IAM_UNCERTAIN ec2:DescribeNetworkInterfaces",
				"CSH_CHECK_IAM_UNCERTAIN ec2:CreateTags", "CSH_CHECK_IAM_UNCERTAIN ec2:CreateNetworkInterface", "CSH_CHECK_IAM_UNCERTAIN ec2:CreateNetworkInterfacePermission",
				"CSH_CHECK_IAM_UNCERTAIN ec2:DeleteNetworkInterface"}, "IpAddress aws:SourceIp"},
		{"Deny that may apply", []model.Policy{docNewer(), pol("deny.json", denyStmt("MFA", []string{"ec2:CreateNetworkInterface"}, star, model.Condition{"BoolIfExists": {"aws:MultiFactorAuthPresent": {"false"}}}))}, nil,
			[]string{"CSH_CHECK_IAM_UNCERTAIN ec2:CreateNetworkInterface"}, `statement "MFA"`},
		{"VPC-only pattern", []model.Policy{docNewer(), pol("vpc-only.json", denyStmt("VpcOnly", []string{"cloudshell:CreateEnvironment"}, star, model.Condition{"Null": {"cloudshell:VpcIds": {"true"}}}))}, nil,
			[]string{"CSH_CHECK_IAM_VPC_ONLY cloudshell:CreateEnvironment", "CSH_CHECK_IAM_OK"}, "VPC environments are not affected"},
		{"CreateEnvironment in one VPC only", []model.Policy{docOlder(), pol("vpc.json", denyStmt("OnlyVpcA", []string{"cloudshell:CreateEnvironment"}, star,
			model.Condition{"ForAnyValue:StringNotEquals": {"cloudshell:VpcIds": {"vpc-a"}}}))}, nil,
			[]string{"CSH_CHECK_IAM_OK"}, ""},
		{"CreateEnvironment denied in this VPC", []model.Policy{docOlder(), pol("vpc.json", denyStmt("OnlyVpcB", []string{"cloudshell:CreateEnvironment"}, star,
			model.Condition{"ForAnyValue:StringNotEquals": {"cloudshell:VpcIds": {"vpc-b"}}}))}, nil,
			[]string{"CSH_CHECK_IAM_DENIED cloudshell:CreateEnvironment"}, "OnlyVpcB"},
		{"no policy statement at all", []model.Policy{pol("empty.json")}, nil,
			[]string{"CSH_CHECK_IAM_MISSING cloudshell:CreateEnvironment", "CSH_CHECK_IAM_MISSING ec2:DescribeVpcs", "CSH_CHECK_IAM_MISSING ec2:DescribeSubnets",
				"CSH_CHECK_IAM_MISSING ec2:DescribeSecurityGroups", "CSH_CHECK_IAM_MISSING ec2:DescribeDhcpOptions", "CSH_CHECK_IAM_MISSING ec2:DescribeNetworkInterfaces",
				"CSH_CHECK_IAM_MISSING ec2:CreateTags", "CSH_CHECK_IAM_MISSING ec2:CreateNetworkInterface", "CSH_CHECK_IAM_MISSING ec2:CreateNetworkInterfacePermission",
				"CSH_CHECK_IAM_NO_DELETE_ENI ec2:DeleteNetworkInterface"}, "the environment cannot be created at all"},
		{"no environment: checked once", []model.Policy{docNewer()}, muts(func(s *model.Snapshot) { s.CloudShells = nil }), []string{"CSH_CHECK_IAM_OK"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := runCheck(t, tt.mutate, CheckOptions{Policies: tt.policies})
			var got []string
			var first *Finding
			for i, f := range rep.Findings {
				if !strings.HasPrefix(string(f.Code), "CSH_CHECK_IAM_") {
					continue
				}
				if first == nil {
					first = &rep.Findings[i]
				}
				if f.Environment != "" {
					t.Errorf("%s has environment %q; the same for every environment should be reported once", f.Code, f.Environment)
				}
				s := string(f.Code)
				if f.Resource != "iam" {
					s += " " + f.Resource
				}
				got = append(got, s)
			}
			if !slices.Equal(got, tt.want) {
				t.Fatalf("IAM findings:\n  %s\nwant:\n  %s\nall:\n%s", strings.Join(got, "\n  "), strings.Join(tt.want, "\n  "), dump(rep))
			}
			if tt.contains != "" && !strings.Contains(first.Message+" "+first.Fix, tt.contains) {
				t.Errorf("first IAM finding = %q (fix %q), want it to contain %q", first.Message, first.Fix, tt.contains)
			}
			errs := slices.ContainsFunc(got, func(s string) bool {
				return strings.HasPrefix(s, string(CheckIAMMissing)) || strings.HasPrefix(s, string(CheckIAMDenied))
			})
			if errs != rep.HasErrors() {
				t.Errorf("HasErrors() = %v, want %v", rep.HasErrors(), errs)
			}
		})
	}
}

// TestCheckIAMPerEnvironment: a condition on cloudshell:VpcIds decides
// differently for two environments, so each gets its own findings.
func TestCheckIAMPerEnvironment(t *testing.T) {
	policies := []model.Policy{docOlder(), pol("vpc.json", denyStmt("OnlyVpcA", []string{"cloudshell:CreateEnvironment"}, star,
		model.Condition{"StringNotEquals": {"cloudshell:VpcIds": {"vpc-a"}}}))}
	rep := runCheck(t, muts(env("other", ckPrincipal, "sn-b", "sg-b")), CheckOptions{Policies: policies})
	var got []string
	for _, f := range rep.Findings {
		if strings.HasPrefix(string(f.Code), "CSH_CHECK_IAM_") {
			got = append(got, f.Environment+" "+string(f.Code))
		}
	}
	want := []string{"ops CSH_CHECK_IAM_OK", "other CSH_CHECK_IAM_DENIED"}
	if !slices.Equal(got, want) {
		t.Errorf("IAM findings = %q, want %q\n%s", got, want, dump(rep))
	}
}

// TestEvalCondition pins the condition operators against AWS's rules for
// present, absent and multivalued keys.
func TestEvalCondition(t *testing.T) {
	q := iamRequest{
		ctx: map[string][]string{
			"aws:calledvia":                       {"cloudshell.amazonaws.com"},
			"aws:tagkeys":                         {model.CloudShellTag},
			"aws:resourcetag/managedbycloudshell": {""},
			"cloudshell:securitygroupids":         {"sg-1", "sg-2"},
			"cloudshell:vpcids":                   nil, // present, values unknown
		},
		decided: []string{"aws:calledvia", "aws:tagkeys", "aws:requesttag/", "aws:resourcetag/", "cloudshell:"},
	}
	tests := []struct {
		op, key string
		vals    []string
		want    tri
	}{
		{"StringEquals", "aws:CalledVia", []string{"cloudshell.amazonaws.com"}, triTrue},
		{"StringEquals", "AWS:CALLEDVIA", []string{"cloudshell.amazonaws.com"}, triTrue}, // key names ignore case
		{"StringEquals", "aws:CalledVia", []string{"Cloudshell.amazonaws.com"}, triFalse},
		{"StringEqualsIgnoreCase", "aws:CalledVia", []string{"Cloudshell.amazonaws.com"}, triTrue},
		{"StringLike", "aws:CalledVia", []string{"*.amazonaws.com"}, triTrue},
		{"StringNotLike", "aws:CalledVia", []string{"cloudshell.*"}, triFalse},
		{"ForAnyValue:StringEquals", "aws:CalledVia", []string{"athena.amazonaws.com", "cloudshell.amazonaws.com"}, triTrue},
		{"ForAllValues:StringEquals", "aws:TagKeys", []string{model.CloudShellTag, "Owner"}, triTrue},
		{"ForAllValues:StringEquals", "aws:TagKeys", []string{"Owner"}, triFalse},
		{"StringEquals", "aws:ResourceTag/ManagedByCloudShell", []string{""}, triTrue},
		{"StringNotEquals", "aws:ResourceTag/ManagedByCloudShell", []string{""}, triFalse},
		{"Null", "aws:ResourceTag/ManagedByCloudShell", []string{"false"}, triTrue},
		{"Null", "aws:ResourceTag/ManagedByCloudShell", []string{"true"}, triFalse},
		// absent keys
		{"StringEquals", "aws:RequestTag/Owner", []string{"me"}, triFalse},
		{"StringNotEquals", "aws:RequestTag/Owner", []string{"me"}, triTrue},
		{"StringEqualsIfExists", "aws:RequestTag/Owner", []string{"me"}, triTrue},
		{"ForAnyValue:StringEquals", "aws:RequestTag/Owner", []string{"me"}, triFalse},
		{"ForAllValues:StringEquals", "aws:RequestTag/Owner", []string{"me"}, triTrue},
		{"Null", "aws:RequestTag/Owner", []string{"true"}, triTrue},
		{"Null", "cloudshell:SubnetIds", []string{"false"}, triFalse},
		// multivalued with set operators
		{"ForAnyValue:StringEquals", "cloudshell:SecurityGroupIds", []string{"sg-2"}, triTrue},
		{"ForAllValues:StringEquals", "cloudshell:SecurityGroupIds", []string{"sg-2"}, triFalse},
		{"ForAnyValue:StringNotEquals", "cloudshell:SecurityGroupIds", []string{"sg-1"}, triTrue},
		{"ForAllValues:StringNotEquals", "cloudshell:SecurityGroupIds", []string{"sg-1"}, triFalse},
		// what cshsim cannot evaluate
		{"Null", "cloudshell:VpcIds", []string{"true"}, triFalse}, // presence is known
		{"StringEquals", "cloudshell:VpcIds", []string{"vpc-a"}, triUnknown},
		{"IpAddress", "aws:SourceIp", []string{"203.0.113.0/24"}, triUnknown},
		{"StringEquals", "aws:PrincipalTag/team", []string{"ops"}, triUnknown},
		{"NumericLessThan", "aws:TagKeys", []string{"3"}, triUnknown},
		{"StringEquals", "aws:CalledVia", []string{"${aws:username}"}, triUnknown},
		{"Sometimes:StringEquals", "aws:CalledVia", []string{"cloudshell.amazonaws.com"}, triUnknown},
	}
	for _, tt := range tests {
		if got := evalOne(tt.op, tt.key, tt.vals, q); got != tt.want {
			t.Errorf("evalOne(%s, %s, %q) = %d, want %d", tt.op, tt.key, tt.vals, got, tt.want)
		}
	}
}

// TestMatchResource pins resource matching, with unknown parts of the
// request matching any pattern.
func TestMatchResource(t *testing.T) {
	sn := iamResource{partition: "aws", service: "ec2", region: "eu-west-1", account: "123456789012", typ: "subnet", id: "subnet-1"}
	newENI := iamResource{partition: "aws", service: "ec2", region: "eu-west-1", typ: "network-interface"}
	tests := []struct {
		pattern string
		r       iamResource
		want    bool
	}{
		{"*", sn, true},
		{"arn:aws:ec2:*:*:subnet/*", sn, true},
		{"arn:aws:ec2:eu-west-1:123456789012:subnet/subnet-1", sn, true},
		{"arn:aws:ec2:eu-west-1:123456789012:subnet/subnet-2", sn, false},
		{"arn:aws:ec2:us-east-1:*:subnet/*", sn, false},
		{"arn:aws:ec2:*:*:security-group/*", sn, false},
		{"arn:aws-us-gov:ec2:*:*:subnet/*", sn, false},
		{"arn:aws:ec2:*:*:*/*", sn, true},
		{"arn:aws:ec2:*:*:*", sn, true},
		{"arn:aws:ec2:*:*:network-interface/*", newENI, true},
		{"arn:aws:ec2:*:999999999999:network-interface/eni-1", newENI, true}, // unknown account and id
		{"arn:aws:ec2:*:*:subnet/*", newENI, false},
		{"arn:aws:ec2:*", sn, true}, // fewer than six parts: matched as a whole
		{"arn:aws:s3:*", sn, false},
		{"*", iamResource{any: true}, true},
		{"arn:aws:ec2:*:*:*", iamResource{any: true}, false},
	}
	for _, tt := range tests {
		if got := matchResource(tt.pattern, tt.r); got != tt.want {
			t.Errorf("matchResource(%q, %s) = %v, want %v", tt.pattern, tt.r, got, tt.want)
		}
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
	codes := regexp.MustCompile(`CheckCode = "(CSH_CHECK_[A-Z_]+)"`).FindAllSubmatch(src, -1)
	if len(codes) < 25 {
		t.Fatalf("found %d check codes in check.go", len(codes))
	}
	for _, doc := range []string{"../docs/codes.md", "../docs/check.md"} {
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

// TestCheckRoutingLoop: check reports a routing loop found on the whole
// network, and none in a sound one.
func TestCheckRoutingLoop(t *testing.T) {
	has := func(s *model.Snapshot) bool {
		s.Validate()
		for _, f := range Check(Build(s), CheckOptions{}).Findings {
			if f.Code == CheckRoutingLoop {
				return true
			}
		}
		return false
	}
	if has(base()) {
		t.Error("a sound network has a routing loop finding")
	}
	s := base()
	rtByID(s, "rt-pub").Routes = []model.Route{mkRoute("0.0.0.0/0", model.KindNATGateway, "nat-a")}
	if !has(s) {
		t.Error("no routing loop finding for a NAT gateway whose subnet routes back to it")
	}
}
