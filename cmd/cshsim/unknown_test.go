package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// partnerSnapshot routes 10.9.0.0/16 over pcx-partner to vpc-partner,
// another account's VPC that the snapshot does not describe: the answer
// for 10.9.0.5 is unknown (testdata/script/explain_unknown_peer.txtar
// shows the text).
const partnerSnapshot = `region = "eu-west-1"

[[vpc]]
id = "vpc-app"
cidrs = ["10.1.0.0/16"]

[[subnet]]
id = "subnet-app-a"
vpc = "vpc-app"
cidr = "10.1.1.0/24"
route_table = "rtb-app"

[[route_table]]
id = "rtb-app"
vpc = "vpc-app"
routes = [{ destination = "10.9.0.0/16", target = "pcx-partner" }]

[[peering]]
id = "pcx-partner"
status = "active"
requester = { vpc = "vpc-app", account = "123456789012", cidrs = ["10.1.0.0/16"] }
accepter = { vpc = "vpc-partner", account = "210987654321", cidrs = ["10.9.0.0/16"] }

[[security_group]]
id = "sg-cloudshell"
vpc = "vpc-app"
egress = [{ protocol = "all", cidr = "0.0.0.0/0" }]

[[cloudshell]]
name = "ops"
subnet = "subnet-app-a"
security_groups = ["sg-cloudshell"]
`

// TestMermaidUnknownValid: the pictures of an unknown answer are
// flowcharts Mermaid reads, with the undecided hop styled and no blocker.
func TestMermaidUnknownValid(t *testing.T) {
	snap := filepath.Join(t.TempDir(), "partner.toml")
	if err := os.WriteFile(snap, []byte(partnerSnapshot), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"explain", snap, "--to", "10.9.0.5:5432", "--format", "mermaid"},
		{"reach", snap, "--to", "10.9.0.5:5432", "--to", "internet", "--format", "mermaid"},
	} {
		var out, errb bytes.Buffer
		rc := run(context.Background(), args, &out, &errb)
		if want := map[string]int{"explain": exitUnknown, "reach": exitOK}[args[0]]; rc != want {
			t.Fatalf("cshsim %s: exit %d, want %d: %s", strings.Join(args, " "), rc, want, errb.String())
		}
		got := out.String()
		if err := validateMermaid(got); err != nil {
			t.Errorf("cshsim %s: %v\n%s", strings.Join(args, " "), err, got)
		}
		for _, want := range []string{"classDef unknown ", " unknown\n", "UNKNOWN CSH_NOT_IN_SNAPSHOT", "? unknown CSH_NOT_IN_SNAPSHOT", " -. unknown .-> "} {
			if !strings.Contains(got, want) {
				t.Errorf("cshsim %s: no %q in\n%s", strings.Join(args, " "), want, got)
			}
		}
	}
}
