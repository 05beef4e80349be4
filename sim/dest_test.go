package sim

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/cshsim/cshsim/model"
)

func TestParseDestination(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"internet", "internet"},
		{"aws:logs", "aws:logs"},
		{"ecs-exec:0123abcd", "ecs-exec:0123abcd"},
		{"ecs-task:0123abcd:8080", "ecs-task:0123abcd:8080"},
		{"10.0.2.7", "10.0.2.7:443/tcp"},
		{"10.0.2.7:5432", "10.0.2.7:5432/tcp"},
		{"10.0.2.7:5432/tcp", "10.0.2.7:5432/tcp"},
		{"10.0.2.7:53/udp", "10.0.2.7:53/udp"},
		{"10.0.2.7/udp", "10.0.2.7:443/udp"},
		{"10.0.2.7/icmp", "10.0.2.7/icmp"},
		{"10.0.2.7/ICMP", "10.0.2.7/icmp"},
		{"[2001:db8::1]:443/tcp", "[2001:db8::1]:443/tcp"},
		{"2001:db8::1", "[2001:db8::1]:443/tcp"},
		{" 10.0.2.7 ", "10.0.2.7:443/tcp"},
		// Names and URLs as people type them (the canonical form of a name
		// is decided by Query, which resolves it).
		{"awscli.amazonaws.com", "awscli.amazonaws.com:443/tcp"},
		{"https://awscli.amazonaws.com/awscli-exe-linux-x86_64.zip", "awscli.amazonaws.com:443/tcp"},
		{"http://example.com:8080/x?y=1", "example.com:8080/tcp"},
		{"ssh://ec2-user@bastion.example.com", "bastion.example.com:22/tcp"},
		{"postgres://app:secret@db.internal.example:5433/orders", "db.internal.example:5433/tcp"},
		{"redis://cache.example.com", "cache.example.com:6379/tcp"},
		{"s3://my-bucket/path/key.txt", "aws:s3"},
		{"https://10.0.2.7/health", "10.0.2.7:443/tcp"},
		{"https://[2001:db8::1]/", "[2001:db8::1]:443/tcp"},
		{"logs.eu-west-1.amazonaws.com", "logs.eu-west-1.amazonaws.com:443/tcp"},
		{"Logs.EU-West-1.amazonaws.com.", "logs.eu-west-1.amazonaws.com:443/tcp"},
	}
	for _, tt := range tests {
		d, err := ParseDestination(tt.in)
		if err != nil {
			t.Errorf("ParseDestination(%q) error: %v", tt.in, err)
			continue
		}
		if got := d.String(); got != tt.want {
			t.Errorf("ParseDestination(%q).String() = %q, want %q", tt.in, got, tt.want)
		}
	}
	for _, bad := range []string{"", "intranet", "aws:", "10.0.2.7:0", "10.0.2.7:70000", "10.0.2.7/sctp", "10.0.2.0/24", "10.0.2.7:22/icmp", "[::1", "ecs-task:x", "fe80::1%eth0", "gopher://x.example.com", "https://", "s3://", "bad_.-host.example.com:99999"} {
		if d, err := ParseDestination(bad); err == nil {
			t.Errorf("ParseDestination(%q) = %v, want an error", bad, d)
		}
	}
}

func TestDestinationWithPort(t *testing.T) {
	d, _ := ParseDestination("internet")
	if got := d.WithPort(80); got.Port != 80 || got.Proto != model.ProtoTCP {
		t.Errorf("WithPort(80) = %+v", got)
	}
	i, _ := ParseDestination("10.0.0.1/icmp")
	if got := i.WithPort(80); got.Port != 0 {
		t.Errorf("icmp WithPort(80) kept port %d", got.Port)
	}
}

// destGraph is a snapshot where every kind of name resolves: AWS
// services through interface endpoints, a private hosted zone, an
// endpoint-specific name, and public names.
func destGraph(t testing.TB) (*Graph, Source) {
	s := endpoints()
	s.HostedZones = []model.HostedZone{{ID: "Zint", Name: "internal.example", VPCs: []string{"vpc-a"},
		Records: []model.DNSRecord{{Name: "db.internal.example", Type: "A", Values: []string{"10.0.2.10"}}}}}
	if ds := s.Validate(); ds.HasErrors() {
		t.Fatal(ds.Err())
	}
	g := Build(s)
	src, err := g.ResolveSource("cloudshell")
	if err != nil {
		t.Fatal(err)
	}
	return g, src
}

// checkCanonical checks the canonical forms of a destination parsed from
// s: d.String() parses back to d; the text kept as asked parses to the
// same destination; and the destination a query reports (for a name or
// URL, what it resolved to) parses back to one with the reported protocol
// and port, whose own query reports the same destination.
func checkCanonical(t *testing.T, g *Graph, src Source, s string, d Destination) {
	t.Helper()
	d2, err := ParseDestination(d.String())
	if err != nil {
		t.Fatalf("ParseDestination(%q).String() = %q, which does not parse: %v", s, d.String(), err)
	}
	meaning := d
	meaning.Asked, d2.Asked = "", ""
	if d2 != meaning {
		t.Fatalf("round trip of %q through %q: %+v != %+v", s, d.String(), d2, meaning)
	}
	if d.Asked != "" {
		a, err := ParseDestination(d.Asked)
		if err != nil {
			t.Fatalf("ParseDestination(%q).Asked = %q, which does not parse: %v", s, d.Asked, err)
		}
		if a.Asked = ""; a != meaning {
			t.Fatalf("ParseDestination(%q).Asked = %q, which parses to %+v, not %+v", s, d.Asked, a, meaning)
		}
	}
	r := g.Query(src, d)
	rd, err := ParseDestination(r.Destination)
	if err != nil {
		t.Fatalf("Query(%q).Destination = %q, which does not parse: %v", s, r.Destination, err)
	}
	if rd.Proto.String() != r.Protocol || rd.Port != r.Port {
		t.Fatalf("Query(%q) = %s on %s port %d, but %q means %s port %d", s, r.Destination, r.Protocol, r.Port, r.Destination, rd.Proto, rd.Port)
	}
	if r2 := g.Query(src, rd); r2.Destination != r.Destination || r2.Protocol != r.Protocol || r2.Port != r.Port {
		t.Fatalf("Query(%q) = %s %s/%d, but Query(%q) = %s %s/%d", s, r.Destination, r.Protocol, r.Port, r.Destination, r2.Destination, r2.Protocol, r2.Port)
	}
}

func TestCanonicalDestinations(t *testing.T) {
	g, src := destGraph(t)
	tests := []struct {
		in   string // as typed
		want string // the destination the query reports
		port uint16
	}{
		// Issue 16: a URL to a one-label host named like a prefix.
		{"http://Aws", "internet:80/tcp", 80},
		{"http://internet", "internet:80/tcp", 80},
		{"internet", "internet", 443},
		{"internet:443/tcp", "internet", 443},
		{"internet:80", "internet:80/tcp", 80},
		{"internet/udp", "internet:443/udp", 443},
		{"internet:53/UDP", "internet:53/udp", 53},
		{"internet/icmp", "internet/icmp", 0},
		{"aws:logs:8443", "aws:logs:8443/tcp", 8443},
		{"http://logs.eu-west-1.amazonaws.com/", "aws:logs:80/tcp", 80},
		{"https://awscli.amazonaws.com:8443/x.zip", "internet:8443/tcp", 8443},
		{"example.com/icmp", "internet/icmp", 0},
		{"db.internal.example/icmp", "10.0.2.10/icmp", 0},
		{"vpce-logs-1a2b3c4d.logs.eu-west-1.vpce.amazonaws.com/icmp", "10.0.8.253/icmp", 0},
		{"ecs-task:t1:8080", "ecs-task:t1:8080", 8080},
	}
	for _, tt := range tests {
		d, err := ParseDestination(tt.in)
		if err != nil {
			t.Errorf("ParseDestination(%q): %v", tt.in, err)
			continue
		}
		t.Run(tt.in, func(t *testing.T) { checkCanonical(t, g, src, tt.in, d) })
		if r := g.Query(src, d); r.Destination != tt.want || r.Port != tt.port {
			t.Errorf("Query(%q) = %s port %d, want %s port %d", tt.in, r.Destination, r.Port, tt.want, tt.port)
		}
	}
	for _, bad := range []string{"internet:0", "internet:22/icmp", "internet/sctp", "internet:", "aws:logs:0", "aws:logs/", "aws::443", "ecs-task:t1:0", "db.example.com:80/icmp"} {
		if d, err := ParseDestination(bad); err == nil {
			t.Errorf("ParseDestination(%q) = %v, want an error", bad, d)
		}
	}
}

// FuzzParseDestination checks that every accepted destination round-trips
// through its canonical form, as checkCanonical says.
func FuzzParseDestination(f *testing.F) {
	for _, s := range []string{"internet", "aws:logs", "10.0.2.7", "10.0.2.7:5432/udp", "10.0.2.7/icmp", "[2001:db8::1]:22/tcp", "ecs-task:t:80", "ecs-exec:t",
		"https://awscli.amazonaws.com/x.zip", "s3://b/k", "db.example.com:5432", "host.example.com/icmp",
		"internet:80", "internet/udp", "aws:logs:8443/tcp", "http://logs.eu-west-1.amazonaws.com", "db.internal.example/icmp",
		"vpce-logs-1a2b3c4d.logs.eu-west-1.vpce.amazonaws.com/udp", "https://u:p@db.internal.example:5432/x?k=v#f"} {
		f.Add(s)
	}
	g, src := destGraph(f)
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDestination(s)
		if err != nil {
			return
		}
		checkCanonical(t, g, src, s, d)
	})
}

// FuzzResolveSource checks that any --from either fails with an error or
// yields a source in a subnet of the snapshot whose CIDR holds its address,
// with at most 5 security groups, and that a query from it does not panic.
func FuzzResolveSource(f *testing.F) {
	for _, s := range []string{"cloudshell", "cloudshell:ops", "eni-db", "internet", "subnet:sn-priv", "subnet:sn-db,sg-cs,sg-db",
		"subnet:sn-priv,sg-cs,sg-cs,sg-cs,sg-cs,sg-cs,sg-cs", "ecs-task:x", "subnet:", " eni-web "} {
		f.Add(s)
	}
	g := Build(base())
	inet, _ := ParseDestination("internet")
	f.Fuzz(func(t *testing.T, from string) {
		src, err := g.ResolveSource(from)
		if err != nil {
			return
		}
		if src.Kind != SourceInternet {
			si := g.subnets[src.Subnet]
			if si == nil || !si.s.CIDR.Contains(src.IP) {
				t.Fatalf("ResolveSource(%q) = %+v: address not in a subnet of the snapshot", from, src)
			}
			if len(src.SecurityGroups) > 5 {
				t.Fatalf("ResolveSource(%q): %d security groups", from, len(src.SecurityGroups))
			}
		}
		g.Query(src, inet)
	})
}

// TestDestinationRedactsSecrets: a password typed into a URL, or a
// signature in its query, appears in no output: not in the destination,
// the text kept as asked, the result (JSON: hops, symptom, messages), nor
// an error.
func TestDestinationRedactsSecrets(t *testing.T) {
	g, src := destGraph(t)
	tests := []struct {
		in     string
		secret []string // none may appear
		asked  string   // "" when the destination does not parse
	}{
		{"https://user:hunter2@awscli.amazonaws.com/x.zip", []string{"hunter2"}, "https://user:***@awscli.amazonaws.com/x.zip"},
		{"postgres://app:s3cr%2Fet@db.internal.example:5433/orders", []string{"s3cr"}, "postgres://app:***@db.internal.example:5433/orders"},
		{"https://AKIAEXAMPLE:wJalr@logs.eu-west-1.amazonaws.com/", []string{"wJalr"}, "https://AKIAEXAMPLE:***@logs.eu-west-1.amazonaws.com/"},
		{"https://u:p@ss:w@rd@example.com/", []string{"p@ss", "w@rd"}, "https://u:***@example.com/"},
		{"https://u:pa/ss?w#d@example.com/a?b", []string{"pa/ss", "ss?w", "w#d"}, "https://u:***@example.com/a?***"},
		{"https://bucket.s3.eu-west-1.amazonaws.com/k?X-Amz-Signature=abc123&X-Amz-Security-Token=tok456&zqxj", []string{"abc123", "tok456", "zqxj"},
			"https://bucket.s3.eu-west-1.amazonaws.com/k?X-Amz-Signature=***&X-Amz-Security-Token=***&***"},
		{"https://example.com/cb#access_token=tok789", []string{"tok789"}, "https://example.com/cb#access_token=***"},
		{"s3://AKIAEXAMPLE:wJalr@bucket/key", []string{"wJalr"}, "s3://AKIAEXAMPLE:***@bucket/key"},
		{" ssh://ec2-user@bastion.example.com ", nil, " ssh://ec2-user@bastion.example.com "},
		// Errors quote the input: redacted too.
		{"https://user:hunter2@host.example.com:99999/", []string{"hunter2"}, ""},
		{"gopher://user:hunter2@host.example.com/", []string{"hunter2"}, ""},
		{"https://user:hunter2@/", []string{"hunter2"}, ""},
		{"https://user:hunter2@[::1/", []string{"hunter2"}, ""},
		{"user:hunter2@db.example.com:5432", []string{"hunter2"}, ""},
		{"https://user:/hunter2@/", []string{"hunter2"}, ""},
	}
	for _, tt := range tests {
		var out []string
		d, err := ParseDestination(tt.in)
		switch {
		case err != nil && tt.asked != "":
			t.Errorf("ParseDestination(%q): %v", tt.in, err)
			continue
		case err == nil && tt.asked == "":
			t.Errorf("ParseDestination(%q) = %v, want an error", tt.in, d)
			continue
		case err != nil:
			out = append(out, err.Error())
		default:
			if d.Asked != tt.asked {
				t.Errorf("ParseDestination(%q).Asked = %q, want %q", tt.in, d.Asked, tt.asked)
			}
			r := g.Query(src, d)
			j, err := json.Marshal(r)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, d.String(), fmt.Sprintf("%+v", d), string(j))
		}
		for _, o := range out {
			for _, secret := range tt.secret {
				if strings.Contains(o, secret) {
					t.Errorf("ParseDestination(%q): %q appears in %s", tt.in, secret, o)
				}
			}
		}
	}
}

func TestRedactURLIdempotent(t *testing.T) {
	for _, s := range []string{"https://u:p@h/?a=1#b", "https://u:pa/ss@h/", "u:p@h", "https://h:8080/@scope/pkg", "https://[::1]:443/@x", "internet:80", "https://h/a@b?c=d@e"} {
		r := redactURL(s)
		if rr := redactURL(r); rr != r {
			t.Errorf("redactURL(%q) = %q, but redactURL(%q) = %q", s, r, r, rr)
		}
	}
	// What is not a secret stays as typed.
	for _, s := range []string{"https://h:8080/@scope/pkg", "ssh://ec2-user@bastion", "10.0.2.7:5432/tcp", "https://h/a@b", "aws:logs:443/tcp"} {
		if r := redactURL(s); r != s {
			t.Errorf("redactURL(%q) = %q, want it unchanged", s, r)
		}
	}
}
