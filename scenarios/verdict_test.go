package scenarios

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/cshsim/cshsim/model/tomlsnap"
	"github.com/cshsim/cshsim/sim"
)

// partnerNet routes 10.9.0.0/16 over a peering connection to vpc-partner,
// another account's VPC the snapshot does not describe: what happens past
// pcx-partner is unknown. 10.1.1.10 (eni-app) is reachable; the internet
// is not (no route).
const partnerNet = `region = "eu-west-1"

[[vpc]]
id = "vpc-app"
cidrs = ["10.1.0.0/16"]

[[subnet]]
id = "subnet-app-a"
vpc = "vpc-app"
cidr = "10.1.1.0/24"
az = "eu-west-1a"
route_table = "rtb-app"

[[route_table]]
id = "rtb-app"
vpc = "vpc-app"
routes = [
  { destination = "10.9.0.0/16", target = "pcx-partner" },
]

[[peering]]
id = "pcx-partner"
status = "active"
requester = { vpc = "vpc-app", account = "123456789012", region = "eu-west-1", cidrs = ["10.1.0.0/16"] }
accepter = { vpc = "vpc-partner", account = "210987654321", region = "eu-west-1", cidrs = ["10.9.0.0/16"] }

[[security_group]]
id = "sg-cloudshell"
vpc = "vpc-app"
egress = [
  { protocol = "all", cidr = "0.0.0.0/0" },
]

[[security_group]]
id = "sg-app"
vpc = "vpc-app"
ingress = [
  { protocol = "tcp", ports = 443, security_group = "sg-cloudshell" },
]

[[eni]]
id = "eni-app"
subnet = "subnet-app-a"
private_ip = "10.1.1.10"
security_groups = ["sg-app"]

[[cloudshell]]
name = "ops"
subnet = "subnet-app-a"
security_groups = ["sg-cloudshell"]
`

// TestCheckVerdict runs expectations against answers that are reachable,
// unreachable and unknown: reachable = true|false never passes on an
// unknown answer, and says why and what to collect; verdict = "unknown"
// expects it; a verdict other than the three is an invalid expectation.
func TestCheckVerdict(t *testing.T) {
	l, diags := Open(writeFile(t, t.TempDir(), "partner.toml", partnerNet))
	if l == nil || diags.HasErrors() {
		t.Fatalf("Open: %v", diags)
	}
	yes, no := true, false
	const peer, app, inet = "10.9.0.5:5432", "10.1.1.10:443", "internet"
	type want struct {
		failures []string // substrings, one per failure, in order
		invalid  string   // substring of Invalid; "" when valid
	}
	tests := []struct {
		name string
		x    tomlsnap.Expect
		want want
	}{
		// The peer VPC is not in the snapshot: the answer is unknown.
		{"unknown expected", tomlsnap.Expect{To: peer, Verdict: "unknown"}, want{}},
		{"unknown at the snapshot's edge", tomlsnap.Expect{To: peer, Verdict: "unknown", Code: "CSH_NOT_IN_SNAPSHOT", Via: []string{"pcx-partner"}}, want{}},
		{"reachable = true on unknown", tomlsnap.Expect{To: peer, Reachable: &yes}, want{failures: []string{
			"the answer is unknown, want reachable = true (CSH_NOT_IN_SNAPSHOT: the peer VPC vpc-partner (account 210987654321) is not in the snapshot: the path was checked up to pcx-partner; collect: aws ec2 describe-vpcs, ",
		}}},
		{"reachable = false on unknown", tomlsnap.Expect{To: peer, Reachable: &no}, want{failures: []string{
			"the answer is unknown, want reachable = false (CSH_NOT_IN_SNAPSHOT: the peer VPC vpc-partner",
		}}},
		{"consistent reachable and verdict on unknown", tomlsnap.Expect{To: peer, Reachable: &no, Verdict: "unreachable"}, want{failures: []string{
			"the answer is unknown, want reachable = false",
		}}},
		{"unreachable expected on unknown", tomlsnap.Expect{To: peer, Verdict: "unreachable"}, want{failures: []string{
			`verdict = "unknown", want "unreachable" (CSH_NOT_IN_SNAPSHOT: the peer VPC vpc-partner (account 210987654321) is not in the snapshot: the path was checked up to pcx-partner; collect: aws ec2 describe-vpcs, `,
		}}},

		// Known answers.
		{"reachable expected", tomlsnap.Expect{To: app, Verdict: "reachable"}, want{}},
		{"unreachable expected", tomlsnap.Expect{To: inet, Verdict: "unreachable", Code: "NO_ROUTE_TO_DESTINATION"}, want{}},
		{"unknown expected on unreachable", tomlsnap.Expect{To: inet, Verdict: "unknown"}, want{failures: []string{
			`verdict = "unreachable", want "unknown" (NO_ROUTE_TO_DESTINATION: `,
		}}},
		{"unknown expected on reachable", tomlsnap.Expect{To: app, Verdict: "unknown"}, want{failures: []string{
			`verdict = "reachable", want "unknown" (reachable)`,
		}}},

		// Malformed expectations.
		{"bad verdict", tomlsnap.Expect{To: peer, Verdict: "maybe"}, want{invalid: `verdict "maybe": want reachable, unreachable or unknown`}},
		{"verdict is case-sensitive", tomlsnap.Expect{To: peer, Verdict: "Unknown"}, want{invalid: `verdict "Unknown": want reachable, unreachable or unknown`}},
		{"verdict contradicts reachable", tomlsnap.Expect{To: peer, Reachable: &no, Verdict: "unknown"}, want{invalid: `reachable = false and verdict = "unknown" contradict each other`}},
		{"nothing checked", tomlsnap.Expect{To: peer}, want{invalid: "the expectation checks nothing: give reachable, verdict, code, via, not_via or resolves_via"}},
	}
	for _, tt := range tests {
		tt.x.From = "cloudshell"
		o := Check(l.Graph, []tomlsnap.Expect{tt.x})[0]
		if !strings.Contains(o.Invalid, tt.want.invalid) || (tt.want.invalid == "") != (o.Invalid == "") {
			t.Errorf("%s: Check(%s → %s).Invalid = %q, want %q", tt.name, tt.x.From, tt.x.To, o.Invalid, tt.want.invalid)
			continue
		}
		if tt.want.invalid != "" {
			if o.Passed() {
				t.Errorf("%s: an invalid expectation passed", tt.name)
			}
			continue
		}
		if len(o.Failures) != len(tt.want.failures) {
			t.Errorf("%s: Check(%s → %s).Failures = %q, want %d matching %q", tt.name, tt.x.From, tt.x.To, o.Failures, len(tt.want.failures), tt.want.failures)
			continue
		}
		for i, f := range o.Failures {
			if !strings.Contains(f, tt.want.failures[i]) {
				t.Errorf("%s: failure %d = %q, want it to contain %q", tt.name, i, f, tt.want.failures[i])
			}
		}
	}
}

// TestPartnerNetIsUnknown pins the engine answer the table above relies
// on, so that a change in the engine fails here first.
func TestPartnerNetIsUnknown(t *testing.T) {
	l, diags := Open(writeFile(t, t.TempDir(), filepath.Join("x", "partner.toml"), partnerNet))
	if l == nil {
		t.Fatalf("Open: %v", diags)
	}
	r, err := l.Query("cloudshell", "10.9.0.5:5432")
	if err != nil {
		t.Fatal(err)
	}
	if r.Verdict != sim.Unknown || r.Reachable || len(r.Unknowns) != 1 || r.Unknowns[0].Component != "vpc-partner" || r.Unknowns[0].Collect == "" {
		t.Errorf("Query(cloudshell, 10.9.0.5:5432) = %s (reachable %v), unknowns %+v; want unknown at vpc-partner with a command to collect it", r.Verdict, r.Reachable, r.Unknowns)
	}
}
