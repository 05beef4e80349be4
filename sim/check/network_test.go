package check

import (
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/cshsim/cshsim/model"
	"github.com/cshsim/cshsim/sim"
)

// Tests of the network summary of check: internet, endpoints, S3 and routing loops.

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
		check  func(t *testing.T, rep Report, e EnvSummary)
	}{
		{"internet through NAT", nil, func(t *testing.T, rep Report, e EnvSummary) {
			if !e.Internet.Reachable || !slices.Equal(e.Internet.Via, []string{"nat-a", "igw-a"}) {
				t.Errorf("Internet = %+v, want reachable via nat-a, igw-a", e.Internet)
			}
			if f := findings(rep, CodeInternet); len(f) != 1 || !strings.Contains(f[0].Message, "reachable from sn-priv through nat-a → igw-a") {
				t.Errorf("internet findings = %+v", f)
			}
		}},
		{"no internet in a public subnet", muts(publicSubnet), func(t *testing.T, rep Report, e EnvSummary) {
			if e.Internet.Reachable || e.Internet.Code != sim.CodeIGWNoPublicIP {
				t.Errorf("Internet = %+v, want unreachable with %s", e.Internet, sim.CodeIGWNoPublicIP)
			}
			f := findings(rep, CodeInternet)
			if len(f) != 1 || f[0].Severity != SeverityInfo || !strings.Contains(f[0].Message, "not reachable") || f[0].Fix == "" {
				t.Errorf("internet findings = %+v, want an info with the code and a fix", f)
			}
			if f := findings(rep, CodeEndpoints); len(f) != 1 || !strings.Contains(f[0].Message, "which does not work (IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS), so they are unreachable") {
				t.Errorf("endpoints findings = %+v", f)
			}
		}},
		{"usable interface endpoint", muts(iface("vpce-logs", "logs", true, "sg-ep")), func(t *testing.T, rep Report, e EnvSummary) {
			s := svcOf(e, "logs")
			if s.Status != EndpointUsable || s.Endpoint != "vpce-logs" || !s.Reachable || s.Via != sim.ViaInterfaceEndpoint {
				t.Errorf("logs = %+v, want usable through vpce-logs", s)
			}
			if f := findings(rep, CodeEndpoints); len(f) != 1 || !strings.Contains(f[0].Message, "1 of 11 services use an interface endpoint from sn-priv (logs); 10 have none") {
				t.Errorf("endpoints findings = %+v", f)
			}
			if f := findings(rep, CodeEndpointUnusable); len(f) != 0 {
				t.Errorf("unusable findings = %+v, want none", f)
			}
		}},
		{"endpoint with private DNS off", muts(iface("vpce-logs", "logs", false, "sg-ep")), func(t *testing.T, rep Report, e EnvSummary) {
			s := svcOf(e, "logs")
			if s.Status != EndpointUnusable || s.WhyCode != sim.CodePrivateDNS || !s.Reachable || s.Via != sim.ViaInternet || !strings.Contains(s.Fix, "private-dns-enabled") {
				t.Errorf("logs = %+v, want unusable (private DNS), reached through the internet", s)
			}
			f := findings(rep, CodeEndpointUnusable)
			if len(f) != 1 || f[0].Severity != SeverityWarning || f[0].Resource != "vpce-logs" || !strings.Contains(f[0].Message, "reached through the internet path instead") {
				t.Errorf("unusable findings = %+v", f)
			}
		}},
		{"endpoint its security group blocks", muts(iface("vpce-logs", "logs", true, "sg-2")), func(t *testing.T, rep Report, e EnvSummary) {
			s := svcOf(e, "logs")
			if s.Status != EndpointUnusable || s.WhyCode != sim.CodeSGMismatch || s.Reachable {
				t.Errorf("logs = %+v, want unusable (%s) and unreachable", s, sim.CodeSGMismatch)
			}
			if f := findings(rep, CodeEndpointUnusable); len(f) != 1 || !strings.Contains(f[0].Message, "the service is not reachable") {
				t.Errorf("unusable findings = %+v", f)
			}
		}},
		{"no endpoint: the internet path", nil, func(t *testing.T, rep Report, e EnvSummary) {
			s := svcOf(e, "ssmmessages")
			if s.Status != EndpointAbsent || s.Via != sim.ViaInternet || !s.Reachable {
				t.Errorf("ssmmessages = %+v, want absent, reachable through the internet", s)
			}
			if len(e.Endpoints) != len(sim.CloudShellEndpoints) {
				t.Errorf("%d endpoints summarised, want %d", len(e.Endpoints), len(sim.CloudShellEndpoints))
			}
		}},
		{"S3 through a gateway endpoint", muts(gateway), func(t *testing.T, rep Report, e EnvSummary) {
			if e.S3 == nil || e.S3.Status != EndpointUsable || e.S3.Via != sim.ViaGatewayEndpoint || e.S3.Endpoint != "vpce-s3" {
				t.Errorf("S3 = %+v, want the gateway endpoint", e.S3)
			}
			if f := findings(rep, CodeS3); len(f) != 1 || !strings.Contains(f[0].Message, "through gateway endpoint vpce-s3") {
				t.Errorf("s3 findings = %+v", f)
			}
		}},
		{"S3 through the internet", nil, func(t *testing.T, rep Report, e EnvSummary) {
			if e.S3 == nil || e.S3.Status != EndpointAbsent || e.S3.Via != sim.ViaInternet || !e.S3.Reachable {
				t.Errorf("S3 = %+v, want the internet path", e.S3)
			}
		}},
		{"environment from a tagged interface", muts(func(s *model.Snapshot) {
			s.CloudShells = nil
			s.ENIs = append(s.ENIs, model.ENI{ID: "eni-cs", VPC: "vpc-a", Subnet: "sn-priv", Status: "in-use", PrivateIP: netip.MustParseAddr("10.0.1.9"),
				SecurityGroups: []string{"sg-cs"}, Tags: []model.Tag{{Key: model.CloudShellTag}}})
		}), func(t *testing.T, rep Report, e EnvSummary) {
			if e.Name != "eni-cs" || e.From != "eni" || e.IP != "10.0.1.9" || !e.Internet.Reachable {
				t.Errorf("environment = %+v, want eni-cs from the interface, reaching the internet", e)
			}
		}},
		{"subnet missing: nothing walked", muts(ops(func(c *model.CloudShellEnv) { c.Subnet, c.VPC = "sn-gone", "" })), func(t *testing.T, rep Report, e EnvSummary) {
			if e.Internet != nil || e.Endpoints != nil || e.S3 != nil {
				t.Errorf("environment = %+v, want no network summary", e)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := runCheck(t, tt.mutate, Options{})
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

// TestCheckRoutingLoop: check reports a routing loop found on the whole
// network, and none in a sound one.
func TestCheckRoutingLoop(t *testing.T) {
	has := func(s *model.Snapshot) bool {
		s.Validate()
		for _, f := range Run(sim.Build(s), Options{}).Findings {
			if f.Code == CodeRoutingLoop {
				return true
			}
		}
		return false
	}
	if has(ckSnap()) {
		t.Error("a sound network has a routing loop finding")
	}
	s := ckSnap()
	s.RouteTables[0].Routes = []model.Route{{Destination: netip.MustParsePrefix("0.0.0.0/0"), Target: model.Ref{Kind: model.KindNATGateway, ID: "nat-a"}}}
	if !has(s) {
		t.Error("no routing loop finding for a NAT gateway whose subnet routes back to it")
	}
}
