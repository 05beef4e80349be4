package sim

import (
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

// FuzzParseDestination checks that every accepted destination round-trips
// through its canonical form.
func FuzzParseDestination(f *testing.F) {
	for _, s := range []string{"internet", "aws:logs", "10.0.2.7", "10.0.2.7:5432/udp", "10.0.2.7/icmp", "[2001:db8::1]:22/tcp", "ecs-task:t:80", "ecs-exec:t",
		"https://awscli.amazonaws.com/x.zip", "s3://b/k", "db.example.com:5432", "host.example.com/icmp"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDestination(s)
		if err != nil {
			return
		}
		d2, err := ParseDestination(d.String())
		if err != nil {
			t.Fatalf("ParseDestination(%q) = %q, which does not parse: %v", s, d.String(), err)
		}
		d.Asked, d2.Asked = "", ""
		if d2 != d {
			t.Fatalf("round trip of %q: %+v != %+v", s, d2, d)
		}
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
