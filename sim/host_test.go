package sim

import (
	"strings"
	"testing"

	"github.com/cshsim/cshsim/model"
)

func TestAWSService(t *testing.T) {
	tests := []struct{ host, svc, region string }{
		{"logs.eu-west-1.amazonaws.com", "logs", "eu-west-1"},
		{"ssmmessages.ap-northeast-1.amazonaws.com", "ssmmessages", "ap-northeast-1"},
		{"123456789012.dkr.ecr.eu-west-1.amazonaws.com", "ecr.dkr", "eu-west-1"},
		{"api.ecr.eu-west-1.amazonaws.com", "ecr.api", "eu-west-1"},
		{"my-bucket.s3.eu-west-1.amazonaws.com", "s3", "eu-west-1"},
		{"s3.eu-west-1.amazonaws.com", "s3", "eu-west-1"},
		{"my-bucket.s3.amazonaws.com", "s3", "us-east-1"},
		{"sts.us-gov-west-1.amazonaws.com", "sts", "us-gov-west-1"},
		{"awscli.amazonaws.com", "", ""},
		{"example.com", "", ""},
	}
	for _, tt := range tests {
		svc, region, ok := awsService(tt.host)
		if svc != tt.svc || region != tt.region || ok != (tt.svc != "") {
			t.Errorf("awsService(%q) = %q, %q, %v; want %q, %q", tt.host, svc, region, ok, tt.svc, tt.region)
		}
	}
}

// TestHostDestinations: names and URLs resolve as the VPC resolves them.
func TestHostDestinations(t *testing.T) {
	s := endpoints()
	s.HostedZones = []model.HostedZone{{ID: "Zint", Name: "internal.example", VPCs: []string{"vpc-a"},
		Records: []model.DNSRecord{{Name: "db.internal.example", Type: "A", Values: []string{"10.0.2.10"}}}}}
	s.Endpoints[0].ENIs = nil
	if ds := s.Validate(); ds.HasErrors() {
		t.Fatal(ds.Err())
	}
	g := Build(s)
	src, _ := g.ResolveSource("cloudshell")
	query := func(to string) Result {
		d, err := ParseDestination(to)
		if err != nil {
			t.Fatal(err)
		}
		return g.Query(src, d)
	}
	// --to logs.<region>.amazonaws.com gives the same verdict and path as aws:logs.
	a, b := query("aws:logs"), query("logs.eu-west-1.amazonaws.com")
	if a.Reachable != b.Reachable || pathLine(a.Hops) != pathLine(b.Hops) || b.Destination != "aws:logs" || b.Asked != "logs.eu-west-1.amazonaws.com" {
		t.Errorf("logs by name: %v %q [%s] asked %q; by aws:logs: %v [%s]", b.Reachable, b.Destination, pathLine(b.Hops), b.Asked, a.Reachable, pathLine(a.Hops))
	}
	tests := []struct {
		to, dest string
		want     Code
		symptom  string
	}{
		{"https://logs.eu-west-1.amazonaws.com/", "aws:logs", "", ""},
		{"logs.us-east-1.amazonaws.com", "internet", CodeNoRoute, "Connect timeout"},
		{"s3://my-bucket/key", "aws:s3", "", ""},
		{"my-bucket.s3.eu-west-1.amazonaws.com", "aws:s3", "", ""},
		{"https://awscli.amazonaws.com/awscli-exe-linux-x86_64.zip", "internet", CodeNoRoute, "the download will time out"},
		{"vpce-logs-1a2b3c4d.logs.eu-west-1.vpce.amazonaws.com", "10.0.8.253:443/tcp", "", ""},
		{"db.internal.example:5432", "10.0.2.10:5432/tcp", "", ""},
		{"db.internal.example:22", "10.0.2.10:22/tcp", CodeSGMismatch, "ssh will hang"},
		{"nope.internal.example", "", CodeNameNotResolved, "Could not resolve host: nope.internal.example"},
		{"10.0.2.10:22", "10.0.2.10:22/tcp", CodeSGMismatch, "ssh will hang"},
		{"10.0.2.10/icmp", "10.0.2.10/icmp", CodeSGMismatch, "ping gets no reply"},
		{"aws:sts", "aws:sts", CodeNoRoute, `Connect timeout on endpoint URL: "https://sts.eu-west-1.amazonaws.com/"`},
	}
	for _, tt := range tests {
		r := query(tt.to)
		if r.Code != tt.want || r.Reachable != (tt.want == "") {
			t.Errorf("Query(%s) = %v %q (%s), want %q\n%s", tt.to, r.Reachable, r.Code, r.Message, tt.want, dumpHops(r))
		}
		if tt.dest != "" && r.Destination != tt.dest {
			t.Errorf("Query(%s).Destination = %q, want %q", tt.to, r.Destination, tt.dest)
		}
		if !strings.Contains(r.Symptom, tt.symptom) || (tt.want == "") != (r.Symptom == "") {
			t.Errorf("Query(%s).Symptom = %q, want it to contain %q", tt.to, r.Symptom, tt.symptom)
		}
	}
}
