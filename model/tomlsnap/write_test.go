package tomlsnap

import (
	"bytes"
	"flag"
	"net/netip"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/cshsim/cshsim/model"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// golden compares got with the golden file, or rewrites it under -update.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs (-want +got):\n%s", path, diff)
	}
}

func write(t *testing.T, s *model.Snapshot, expects []Expect) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, s, expects); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestWriteGolden(t *testing.T) {
	got := write(t, exampleSnapshot(), exampleExpects())
	golden(t, "testdata/example.golden", got)
}

// TestRoundTrip checks Parse → Write → Parse and Write → Parse → Write on
// every snapshot file in testdata.
func TestRoundTrip(t *testing.T) {
	files, err := filepath.Glob("testdata/*.toml")
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, "testdata/example.golden")
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			roundTrip(t, data)
		})
	}
}

// roundTrip checks that data, which must parse without errors, survives
// Write and Parse, and that Write is a fixed point.
func roundTrip(t *testing.T, data []byte) {
	t.Helper()
	doc1, diags := Parse("in.toml", data)
	if diags.HasErrors() {
		t.Fatalf("Parse: %v", diags)
	}
	out1 := write(t, doc1.Snapshot, doc1.Expects)
	doc2, diags := Parse("out.toml", out1)
	if len(diags) > 0 {
		t.Fatalf("Parse(Write(x)): %v\n%s", diags, out1)
	}
	if diff := cmp.Diff(doc1.Snapshot, doc2.Snapshot, cmpOpts); diff != "" {
		t.Errorf("Parse(Write(x)) snapshot differs (-x +got):\n%s\n%s", diff, out1)
	}
	if diff := cmp.Diff(doc1.Expects, doc2.Expects, cmpopts.IgnoreFields(Expect{}, "Pos")); diff != "" {
		t.Errorf("Parse(Write(x)) expects differ (-x +got):\n%s", diff)
	}
	out2 := write(t, doc2.Snapshot, doc2.Expects)
	if !bytes.Equal(out1, out2) {
		t.Errorf("Write is not a fixed point:\n%s\n---\n%s", out1, out2)
	}
}

// TestWriteStrings checks that strings and tag keys TOML must quote or
// escape survive the round trip.
func TestWriteStrings(t *testing.T) {
	odd := "quote \" backslash \\ tab \t newline \n cr \r bell \a del \x7f ünïcode ☁ '''"
	s := &model.Snapshot{
		Region: odd,
		VPCs: []model.VPC{{
			ID:    "vpc-" + odd,
			CIDRs: []netip.Prefix{pfx("10.0.0.0/16")},
			Tags: []model.Tag{
				{Key: "", Value: "empty key"},
				{Key: "a.b", Value: odd},
				{Key: "Name", Value: `"quoted"`},
				{Key: "spaced key", Value: ""},
				{Key: "ключ", Value: "v"},
			},
		}},
		Endpoints: []model.Endpoint{{ID: "vpce-1", VPC: "v", Service: "s", Type: "Interface", State: "available", Policy: "{\n  \"Statement\": []\n}\n"}},
	}
	out := write(t, s, []Expect{{From: "a", To: "b", Why: odd}})
	doc, diags := Parse("out.toml", out)
	if len(diags) > 0 {
		t.Fatalf("Parse(Write(x)): %v\n%s", diags, out)
	}
	want := *s
	want.VPCs = []model.VPC{s.VPCs[0]}
	want.VPCs[0].Tags = []model.Tag{s.VPCs[0].Tags[0], s.VPCs[0].Tags[2], s.VPCs[0].Tags[1], s.VPCs[0].Tags[3], s.VPCs[0].Tags[4]}
	if diff := cmp.Diff(&want, doc.Snapshot, cmpOpts); diff != "" {
		t.Errorf("Parse(Write(x)) (-want +got):\n%s\n%s", diff, out)
	}
	if doc.Expects[0].Why != odd {
		t.Errorf("expect why = %q, want %q", doc.Expects[0].Why, odd)
	}
	roundTrip(t, out)
}

// TestWriteExplicitEmpty checks that values Parse defaults when absent are
// written when they differ from the default, even empty.
func TestWriteExplicitEmpty(t *testing.T) {
	s := &model.Snapshot{
		NATGateways: []model.NATGateway{{ID: "nat-a", Subnet: "s"}},
		Endpoints:   []model.Endpoint{{ID: "vpce-1", VPC: "v", Service: "s"}},
		SecurityGroups: []model.SecurityGroup{
			{ID: "sg-1", VPC: "v"},
		},
		RouteTables: []model.RouteTable{{ID: "r", VPC: "v", Routes: []model.Route{
			{Destination: pfx("10.0.0.0/8"), Target: model.Ref{Kind: model.KindBlackhole}},
		}}},
		PrefixLists: []model.PrefixList{{ID: "pl-1", EntriesKnown: true}},
	}
	doc, diags := Parse("out.toml", write(t, s, nil))
	if len(diags) > 0 {
		t.Fatalf("Parse(Write(x)): %v", diags)
	}
	if diff := cmp.Diff(s, doc.Snapshot, cmpOpts); diff != "" {
		t.Errorf("Parse(Write(x)) (-want +got):\n%s", diff)
	}
}

// TestWriteFields checks, field by field, the line Write gives a value and
// that Parse reads it back.
func TestWriteFields(t *testing.T) {
	tests := []struct {
		name string
		s    *model.Snapshot
		line string // a line of Write's output
	}{
		{"eni prefixes", &model.Snapshot{ENIs: []model.ENI{{ID: "eni-1", Subnet: "s", PrivateIP: ip("10.0.1.5"),
			Prefixes: []netip.Prefix{pfx("10.0.1.16/28"), pfx("10.0.1.64/28")}}}},
			`prefixes = ["10.0.1.16/28", "10.0.1.64/28"]`},
		{"eni prefix with host bits", &model.Snapshot{ENIs: []model.ENI{{ID: "eni-1", Subnet: "s", PrivateIP: ip("10.0.1.5"),
			Prefixes: []netip.Prefix{pfx("10.0.1.17/28")}}}},
			`prefixes = ["10.0.1.17/28"]`},
		{"endpoint inbound resolver only", &model.Snapshot{Endpoints: []model.Endpoint{{ID: "vpce-1", VPC: "v", Type: "Interface",
			Service: "com.amazonaws.eu-west-1.s3", State: "available", PrivateDNS: true, PrivateDNSOnlyForInboundResolver: true}}},
			"private_dns_only_for_inbound_resolver_endpoint = true"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := write(t, tt.s, nil)
			if !bytes.Contains(out, []byte("\n"+tt.line+"\n")) {
				t.Errorf("Write gave no line %q:\n%s", tt.line, out)
			}
			doc, diags := Parse("out.toml", out)
			if len(diags) > 0 {
				t.Fatalf("Parse(Write(x)): %v\n%s", diags, out)
			}
			if diff := cmp.Diff(tt.s, doc.Snapshot, cmpOpts); diff != "" {
				t.Errorf("Parse(Write(x)) (-want +got):\n%s", diff)
			}
			roundTrip(t, out)
		})
	}
}
