package sim

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/cshsim/cshsim/model"
)

// endpoints adds to base() an endpoints subnet with interface endpoints for
// logs, ssmmessages and ecs (private DNS on), an S3 gateway endpoint on rt-priv,
// and removes the NAT gateway route, so that only endpoints lead anywhere.
func endpoints() *model.Snapshot {
	s := base()
	s.VPCs[0].DNSSupport, s.VPCs[0].DNSHostnames = model.True, model.True
	s.Subnets = append(s.Subnets, model.Subnet{ID: "sn-ep", VPC: "vpc-a", CIDR: pfx("10.0.8.0/24"), AZ: "eu-west-1a"})
	s.SecurityGroups = append(s.SecurityGroups, model.SecurityGroup{ID: "sg-ep", VPC: "vpc-a",
		Ingress: []model.SGRule{{Protocol: model.ProtoTCP, Ports: model.Port(443), Group: "sg-cs"}}})
	for _, svc := range []string{"logs", "ssmmessages", "ecs"} {
		s.Endpoints = append(s.Endpoints, model.Endpoint{ID: "vpce-" + svc, VPC: "vpc-a", Type: "Interface",
			Service: "com.amazonaws.eu-west-1." + svc, State: "available", PrivateDNS: true,
			Subnets: []string{"sn-ep"}, SecurityGroups: []string{"sg-ep"}})
	}
	s.PrefixLists = append(s.PrefixLists, model.PrefixList{ID: "pl-s3", Name: "com.amazonaws.eu-west-1.s3", Owner: "AWS", CIDRs: []netip.Prefix{pfx("52.218.0.0/17")}, EntriesKnown: true})
	s.Endpoints = append(s.Endpoints, model.Endpoint{ID: "vpce-s3", VPC: "vpc-a", Type: "Gateway", Service: "com.amazonaws.eu-west-1.s3", State: "available", RouteTables: []string{"rt-priv"}})
	rtByID(s, "rt-priv").Routes = nil
	return s
}

func endpointByID(s *model.Snapshot, id string) *model.Endpoint {
	for i := range s.Endpoints {
		if s.Endpoints[i].ID == id {
			return &s.Endpoints[i]
		}
	}
	panic("no endpoint " + id)
}

// TestServiceRules checks name resolution and endpoint rules (shared
// aws-rules.md §5 and §7), each once allowing and once blocking.
func TestServiceRules(t *testing.T) {
	tests := []struct {
		name    string
		change  func(s *model.Snapshot)
		opts    Options
		to      string
		want    Code
		via     Via    // resolution
		assumed string // a substring of some assumption
	}{
		// §5.1: private DNS of an available interface endpoint, both VPC DNS attributes.
		{"interface-endpoint", nil, Options{}, "aws:logs", "", ViaInterfaceEndpoint, ""},
		{"private-dns-off", func(s *model.Snapshot) { endpointByID(s, "vpce-logs").PrivateDNS = false }, Options{}, "aws:logs", CodePrivateDNS, ViaInternet, ""},
		{"private-dns-off-nat-path-works", func(s *model.Snapshot) {
			endpointByID(s, "vpce-logs").PrivateDNS = false
			rtByID(s, "rt-priv").Routes = []model.Route{mkRoute("0.0.0.0/0", model.KindNATGateway, "nat-a")}
		}, Options{}, "aws:logs", "", ViaInternet, "vpce-logs is not used"},
		{"dns-hostnames-off", func(s *model.Snapshot) { s.VPCs[0].DNSHostnames = model.False }, Options{}, "aws:logs", CodePrivateDNS, ViaInternet, ""},
		{"dns-hostnames-unset-defaults-false", func(s *model.Snapshot) { s.VPCs[0].DNSHostnames = model.Unset }, Options{}, "aws:logs", CodePrivateDNS, ViaInternet, "AWS's default (false"},
		{"dns-hostnames-unset-default-vpc", func(s *model.Snapshot) { s.VPCs[0].DNSHostnames, s.VPCs[0].IsDefault = model.Unset, true }, Options{}, "aws:logs", "", ViaInterfaceEndpoint, "AWS's default (true"},
		{"dns-support-off", func(s *model.Snapshot) { s.VPCs[0].DNSSupport = model.False }, Options{}, "aws:logs", CodePrivateDNS, ViaInternet, ""},
		{"endpoint-pending", func(s *model.Snapshot) { endpointByID(s, "vpce-logs").State = model.ParseState("pendingAcceptance") }, Options{}, "aws:logs", CodePrivateDNS, ViaInternet, ""},
		{"endpoint-state-case", func(s *model.Snapshot) { endpointByID(s, "vpce-logs").State = model.ParseState("Available") }, Options{}, "aws:logs", "", ViaInterfaceEndpoint, ""},
		{"endpoint-sg-denies", func(s *model.Snapshot) {
			s.SecurityGroups[3].Ingress = []model.SGRule{{Protocol: model.ProtoTCP, Ports: model.Port(443), CIDR: pfx("10.0.99.0/24")}}
		}, Options{}, "aws:logs", CodeSGMismatch, ViaInterfaceEndpoint, ""},
		{"endpoint-sg-cidr", func(s *model.Snapshot) {
			s.SecurityGroups[3].Ingress = []model.SGRule{{Protocol: model.ProtoTCP, Ports: model.Port(443), CIDR: pfx("10.0.1.0/24")}}
		}, Options{}, "aws:logs", "", ViaInterfaceEndpoint, ""},
		{"endpoint-subnet-nacl-return", func(s *model.Snapshot) {
			withACL(s, "sn-ep", acl("acl-ep", deny(50, true, model.ProtoTCP, model.PortRange{First: 32768, Last: 65535}, "10.0.1.0/24")))
		}, Options{}, "aws:logs", CodeACL, ViaInterfaceEndpoint, ""},
		{"no-endpoint-no-nat", nil, Options{}, "aws:sts", CodeNoRoute, ViaInternet, ""},
		{"no-endpoint-nat", func(s *model.Snapshot) {
			rtByID(s, "rt-priv").Routes = []model.Route{mkRoute("0.0.0.0/0", model.KindNATGateway, "nat-a")}
		}, Options{}, "aws:sts", "", ViaInternet, ""},
		{"endpoint-of-other-region", func(s *model.Snapshot) { endpointByID(s, "vpce-logs").Service = "com.amazonaws.us-east-1.logs" }, Options{}, "aws:logs", CodeNoRoute, ViaInternet, ""},
		{"endpoint-policy", func(s *model.Snapshot) { endpointByID(s, "vpce-logs").Policy = `{"Statement":[]}` }, Options{}, "aws:logs", "", ViaInterfaceEndpoint, "endpoint policy of vpce-logs may deny"},
		// §5.3: custom DNS servers in the DHCP options.
		{"custom-dns-forwards", func(s *model.Snapshot) {
			s.DHCPOptions = []model.DHCPOptions{{ID: "dopt-1", DomainNameServers: []string{"10.0.0.2", "10.9.9.9"}}}
			s.VPCs[0].DHCPOptions = "dopt-1"
		}, Options{}, "aws:logs", "", ViaInterfaceEndpoint, "custom DNS servers"},
		{"custom-dns-bypasses", func(s *model.Snapshot) {
			s.DHCPOptions = []model.DHCPOptions{{ID: "dopt-1", DomainNameServers: []string{"10.9.9.9"}}}
			s.VPCs[0].DHCPOptions = "dopt-1"
		}, Options{CustomDNSBypasses: true}, "aws:logs", CodePrivateDNS, ViaInternet, ""},
		{"amazon-dns", func(s *model.Snapshot) {
			s.DHCPOptions = []model.DHCPOptions{{ID: "dopt-1", DomainNameServers: []string{"AmazonProvidedDNS"}}}
			s.VPCs[0].DHCPOptions = "dopt-1"
		}, Options{CustomDNSBypasses: true}, "aws:logs", "", ViaInterfaceEndpoint, ""},
		// §5.2: gateway endpoints.
		{"gateway-endpoint", nil, Options{}, "aws:s3", "", ViaGatewayEndpoint, ""},
		{"gateway-endpoint-not-on-table", func(s *model.Snapshot) { endpointByID(s, "vpce-s3").RouteTables = nil }, Options{}, "aws:s3", CodeNoRoute, ViaInternet, ""},
		{"gateway-endpoint-sg-prefix-list", func(s *model.Snapshot) {
			s.SecurityGroups[0].Egress = []model.SGRule{{Protocol: model.ProtoTCP, Ports: model.Port(443), PrefixList: "pl-s3"}}
		}, Options{}, "aws:s3", "", ViaGatewayEndpoint, ""},
		{"gateway-endpoint-sg-vpc-only", func(s *model.Snapshot) {
			s.SecurityGroups[0].Egress = []model.SGRule{{Protocol: model.ProtoAll, CIDR: pfx("10.0.0.0/16")}}
		}, Options{}, "aws:s3", CodeSGMismatch, ViaGatewayEndpoint, ""},
		{"gateway-endpoint-nacl-cidr", func(s *model.Snapshot) {
			withACL(s, "sn-priv", acl("acl-p", deny(50, true, model.ProtoAll, model.AllPorts, "52.218.0.0/17")))
		}, Options{}, "aws:s3", CodeACL, ViaGatewayEndpoint, ""},
		{"gateway-endpoint-deleted", func(s *model.Snapshot) { endpointByID(s, "vpce-s3").State = "deleted" }, Options{}, "aws:s3", CodeBadState, ViaInternet, ""},
		{"gateway-endpoint-placeholder-prefix-list", func(s *model.Snapshot) { s.PrefixLists = nil }, Options{}, "aws:s3", "", ViaGatewayEndpoint, "stands in"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := endpoints()
			if tt.change != nil {
				tt.change(s)
			}
			if ds := s.Validate(); ds.HasErrors() {
				t.Fatalf("snapshot invalid: %v", ds.Err())
			}
			g := Build(s)
			src, err := g.ResolveSource("cloudshell")
			if err != nil {
				t.Fatal(err)
			}
			dst, _ := ParseDestination(tt.to)
			r := g.QueryWith(src, dst, tt.opts)
			if r.Code != tt.want || r.Reachable != (tt.want == "") {
				t.Errorf("Query(%s) = reachable %v, code %q (%s); want %q\n%s", tt.to, r.Reachable, r.Code, r.Message, tt.want, dumpHops(r))
			}
			if r.Resolution == nil || r.Resolution.Via != tt.via {
				t.Errorf("Query(%s) resolution = %+v, want via %s", tt.to, r.Resolution, tt.via)
			}
			if tt.assumed != "" && !strings.Contains(strings.Join(r.Assumptions, "\n"), tt.assumed) {
				t.Errorf("Query(%s) assumptions %q lack %q", tt.to, r.Assumptions, tt.assumed)
			}
		})
	}
}

func TestECSExec(t *testing.T) {
	task := func() model.ECSTask {
		return model.ECSTask{ID: "t1", LastStatus: model.ParseState("RUNNING"), LaunchType: "FARGATE", PlatformVersion: "1.4.0", ExecEnabled: true, ExecAgent: model.ParseState("RUNNING"),
			Subnet: "sn-db", PrivateIP: addr("10.0.2.50"), SecurityGroups: []string{"sg-cs"}}
	}
	tests := []struct {
		name   string
		change func(s *model.Snapshot)
		want   Code
	}{
		{"works", nil, ""},
		{"exec-disabled", func(s *model.Snapshot) { s.ECSTasks[0].ExecEnabled = false }, CodeExecNotEnabled},
		{"agent-stopped", func(s *model.Snapshot) { s.ECSTasks[0].ExecAgent = model.ParseState("STOPPED") }, CodeExecAgent},
		{"old-platform", func(s *model.Snapshot) { s.ECSTasks[0].PlatformVersion = "1.3.0" }, CodeExecPlatform},
		{"latest-platform", func(s *model.Snapshot) { s.ECSTasks[0].PlatformVersion = "LATEST" }, ""},
		{"task-stopped", func(s *model.Snapshot) { s.ECSTasks[0].LastStatus = model.ParseState("STOPPED") }, CodeTaskNotRunning},
		{"task-leg-blocked", func(s *model.Snapshot) {
			s.SecurityGroups = append(s.SecurityGroups, model.SecurityGroup{ID: "sg-task", VPC: "vpc-a"})
			s.ECSTasks[0].SecurityGroups = []string{"sg-task"}
		}, CodeSGHasNoRules},
		{"client-leg-blocked", func(s *model.Snapshot) { s.SecurityGroups[3].Ingress[0].Group = "sg-db" }, CodeSGMismatch},
		// No inbound rule on the task is needed: the task's SG here admits nothing.
		{"no-inbound-needed", func(s *model.Snapshot) {
			s.SecurityGroups = append(s.SecurityGroups, model.SecurityGroup{ID: "sg-task", VPC: "vpc-a", Egress: allEgress()})
			s.ECSTasks[0].SecurityGroups = []string{"sg-task"}
			s.SecurityGroups[3].Ingress = append(s.SecurityGroups[3].Ingress, model.SGRule{Protocol: model.ProtoTCP, Ports: model.Port(443), Group: "sg-task"})
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := endpoints()
			s.ECSTasks = []model.ECSTask{task()}
			// the task shares sg-cs, which sg-ep admits
			if tt.change != nil {
				tt.change(s)
			}
			if ds := s.Validate(); ds.HasErrors() {
				t.Fatalf("snapshot invalid: %v", ds.Err())
			}
			g := Build(s)
			src, _ := g.ResolveSource("cloudshell")
			dst, _ := ParseDestination("ecs-exec:t1")
			r := g.Query(src, dst)
			if r.Code != tt.want || r.Reachable != (tt.want == "") {
				t.Errorf("ecs-exec: reachable %v code %q (%s), want %q\n%s", r.Reachable, r.Code, r.Message, tt.want, dumpHops(r))
			}
			if len(r.Parts) != 3 {
				t.Errorf("%d parts, want 3 (client → ecs, client → ssmmessages, task → ssmmessages)", len(r.Parts))
			}
		})
	}
}

func TestCatalogue(t *testing.T) {
	s := endpoints()
	s.Endpoints = append(s.Endpoints, model.Endpoint{ID: "vpce-sqs", VPC: "vpc-a", Type: "Interface", Service: "com.amazonaws.eu-west-1.sqs", State: "available", PrivateDNS: true, Subnets: []string{"sn-ep"}})
	s.Validate()
	g := Build(s)
	src, _ := g.ResolveSource("cloudshell")
	var got []string
	for _, d := range g.Catalogue(src) {
		got = append(got, d.String())
	}
	want := "internet aws:ssmmessages aws:logs aws:kms aws:execute-api aws:ecs-telemetry aws:ecs-agent aws:ecs aws:ecr.dkr aws:ecr.api aws:codecatalyst.packages aws:codecatalyst.git aws:sts aws:s3 aws:sqs"
	if strings.Join(got, " ") != want {
		t.Errorf("Catalogue = %s\nwant        %s", strings.Join(got, " "), want)
	}
}
