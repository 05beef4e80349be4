package scenarios_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/cshsim/cshsim/scenarios"
	"github.com/cshsim/cshsim/sim"
)

// Open a snapshot, resolve a source, query a destination and inspect the
// hops of the answer. The argument may be a .toml design, a folder of AWS
// CLI exports or scenario:<name>, as on the command line.
func Example() {
	l, diags := scenarios.Open("scenario:public-subnet")
	if l == nil {
		log.Fatal(diags.Err())
	}
	src, err := l.Graph.ResolveSource("cloudshell")
	if err != nil {
		log.Fatal(err)
	}
	dst, err := sim.ParseDestination("internet")
	if err != nil {
		log.Fatal(err)
	}
	r := l.Graph.Query(src, dst)
	fmt.Println(r.Destination, r.Reachable, r.Code)
	for _, h := range r.Path() {
		fmt.Printf("%s %s %s\n", h.Component, h.Kind, h.Verdict)
	}
	// Output:
	// internet false IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS
	// sg-cloudshell security-group allow
	// default-acl:vpc-app network-acl allow
	// rtb-public route-table forward
	// igw-app internet-gateway drop
}

// Loaded.Query takes the --from and --to forms of the command line: one
// line per question in a table test.
func ExampleLoaded_Query() {
	l, diags := scenarios.Open("scenario:private-nat")
	if l == nil {
		log.Fatal(diags.Err())
	}
	for _, to := range []string{"internet", "10.0.2.10:5432", "10.0.2.10:22"} {
		r, err := l.Query("cloudshell", to)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%-18s reachable=%-5v %s passes nat-a: %v\n", r.Destination, r.Reachable, r.Code, r.Passes("nat-a"))
	}
	// Output:
	// internet           reachable=true   passes nat-a: true
	// 10.0.2.10:5432/tcp reachable=true   passes nat-a: false
	// 10.0.2.10:22/tcp   reachable=false ENI_SG_RULES_MISMATCH passes nat-a: false
}

// Every blocker on the path, each with its fix.
func ExampleLoaded_Query_blockers() {
	l, diags := scenarios.Open("scenario:private-nat")
	if l == nil {
		log.Fatal(diags.Err())
	}
	r, err := l.Query("cloudshell", "10.0.2.10:22")
	if err != nil {
		log.Fatal(err)
	}
	for _, b := range r.Blockers {
		fmt.Printf("%s at %s\n  fix: %s\n", b.Code, b.Component, b.Fix)
	}
	// Output:
	// ENI_SG_RULES_MISMATCH at sg-db
	//   fix: add an ingress rule to sg-db allowing tcp 22 from sg-cloudshell
}

// A test file names the snapshot it checks; OpenTests reads it and the
// snapshot, and Run checks each [[expect]] block, as `cshsim test` does.
func ExampleOpenTests() {
	dir, err := os.MkdirTemp("", "cshsim")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "egress_test.toml")
	err = os.WriteFile(file, []byte(`snapshot = "scenario:private-nat"

[[expect]]
from = "cloudshell"
to = "internet"
reachable = true
via = ["nat-a"]

[[expect]]
from = "cloudshell"
to = "10.0.2.10:22"
reachable = true
why = "ssh to the database host"
`), 0o644)
	if err != nil {
		log.Fatal(err)
	}
	t, diags := scenarios.OpenTests(file)
	if t == nil {
		log.Fatal(diags.Err())
	}
	fmt.Println("snapshot:", t.SnapshotArg)
	for _, o := range t.Run() {
		fmt.Printf("line %d: %s → %s passed=%v %q\n", o.Expect.Pos.Line, o.Expect.From, o.Expect.To, o.Passed(), o.Failures)
	}
	// Output:
	// snapshot: scenario:private-nat
	// line 3: cloudshell → internet passed=true []
	// line 9: cloudshell → 10.0.2.10:22 passed=false ["reachable = false, want true (ENI_SG_RULES_MISMATCH: no ingress rule of sg-db allows tcp 22 from 10.0.1.4)"]
}
