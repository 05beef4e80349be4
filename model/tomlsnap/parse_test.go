package tomlsnap

import (
	"net/netip"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/cshsim/cshsim/model"
)

// cmpOpts compares snapshots without their reader bookkeeping.
var cmpOpts = cmp.Options{
	cmpopts.EquateComparable(netip.Addr{}, netip.Prefix{}),
	cmpopts.IgnoreFields(model.Snapshot{}, "Sources", "Notes"),
}

// errorCases are inputs with one problem each: the code and position Parse
// must report. FuzzParse seeds from them too.
var errorCases = []struct {
	name      string
	src       string
	code      string
	line, col int
	suggest   string // a did-you-mean the message must offer
}{
	{"syntax", "region = \"x\"\n[[vpc]\nid = \"v\"\n", "toml-syntax", 2, 6, ""},
	{"syntax unterminated string", "[[vpc]]\nid = \"v\ncidrs = []\n", "toml-syntax", 2, 8, ""},
	{"syntax duplicate key", "[[vpc]]\nid = \"a\"\nid = \"b\"\n", "toml-syntax", 3, 1, ""},

	{"unknown key top level", "regoin = \"ap-northeast-1\"\n", "unknown-key", 1, 1, "region"},
	{"unknown table", "[[subnets]]\nid = \"s\"\n", "unknown-key", 1, 1, "subnet"},
	{"unknown key in table", "[[subnet]]\nid = \"s\"\nvpc = \"v\"\ncidr = \"10.0.1.0/24\"\n  cidr_block = \"10.0.1.0/24\"\n", "unknown-key", 5, 3, "cidr"},
	{"unknown key in route", `[[route_table]]
id = "rtb-a"
vpc = "v"
routes = [
  { destination = "0.0.0.0/0", target = "local" },
  { destination = "10.0.0.0/8", tagret = "local", target = "local" },
]
`, "unknown-key", 6, 33, "target"},
	{"unknown key in rule", `[[security_group]]
id = "sg-1"
vpc = "v"
egress = [{ protocol = "all", cidr = "0.0.0.0/0", desc = "x" }]
`, "unknown-key", 4, 51, "description"},
	{"unknown key in peer", `[[peering]]
id = "pcx-1"
requester = { vpc = "v", acount = "1" }
`, "unknown-key", 3, 26, "account"},

	{"bad cidr", "[[subnet]]\nid = \"s\"\nvpc = \"v\"\ncidr = \"10.0.2.0/33\"\n", "bad-value", 4, 1, ""},
	{"bad cidr in array", "[[vpc]]\nid = \"v\"\ncidrs = [\n  \"10.0.0.0/16\",\n  \"10.1.0.0\",\n]\n", "bad-value", 5, 3, ""},
	{"bad ip", "[[eni]]\nid = \"eni-1\"\nsubnet = \"s\"\nprivate_ip = \"10.0.1.300\"\n", "bad-value", 4, 1, ""},
	{"bad prefix", "[[eni]]\nid = \"eni-1\"\nsubnet = \"s\"\nprivate_ip = \"10.0.1.5\"\nprefixes = [\"10.0.1.16/28\", \"10.0.1.16/33\"]\n", "bad-value", 5, 29, ""},
	{"prefix not a string", "[[eni]]\nid = \"eni-1\"\nsubnet = \"s\"\nprivate_ip = \"10.0.1.5\"\nprefixes = [28]\n", "bad-value", 5, 13, ""},
	{"unknown key prefixes", "[[eni]]\nid = \"eni-1\"\nsubnet = \"s\"\nprivate_ip = \"10.0.1.5\"\nprefixs = [\"10.0.1.16/28\"]\n", "unknown-key", 5, 1, "prefixes"},
	{"wrong type inbound resolver", "[[endpoint]]\nid = \"vpce-1\"\nvpc = \"v\"\nservice = \"s\"\nprivate_dns_only_for_inbound_resolver_endpoint = \"yes\"\n", "bad-value", 5, 1, ""},
	{"bad protocol", `[[security_group]]
id = "sg-1"
vpc = "v"
ingress = [
  { protocol = "tcpp", ports = 443, cidr = "0.0.0.0/0" },
]
`, "bad-value", 5, 5, ""},
	{"bad protocol number", "[[security_group]]\nid = \"sg-1\"\nvpc = \"v\"\negress = [{ protocol = 256, cidr = \"0.0.0.0/0\" }]\n", "bad-value", 4, 13, ""},
	{"bad port range", `[[network_acl]]
id = "acl-1"
vpc = "v"
egress = [
  { rule = 100, action = "allow", protocol = "tcp", cidr = "0.0.0.0/0", ports = "99-1" },
]
`, "bad-value", 5, 73, ""},
	{"port out of range", "[[security_group]]\nid = \"sg-1\"\nvpc = \"v\"\negress = [{ protocol = \"tcp\", ports = 70000, cidr = \"0.0.0.0/0\" }]\n", "bad-value", 4, 31, ""},
	{"bad icmp type", "[[security_group]]\nid = \"sg-1\"\nvpc = \"v\"\negress = [{ protocol = \"icmp\", icmp_type = 300, cidr = \"0.0.0.0/0\" }]\n", "bad-value", 4, 32, ""},
	{"bad action", "[[network_acl]]\nid = \"acl-1\"\nvpc = \"v\"\ningress = [{ rule = 1, action = \"permit\", protocol = \"all\", cidr = \"0.0.0.0/0\" }]\n", "bad-value", 4, 24, ""},
	{"two peers", "[[security_group]]\nid = \"sg-1\"\nvpc = \"v\"\negress = [\n  { protocol = \"all\", cidr = \"0.0.0.0/0\", security_group = \"sg-1\" },\n]\n", "bad-value", 5, 3, ""},
	{"no peer", "[[security_group]]\nid = \"sg-1\"\nvpc = \"v\"\negress = [\n  { protocol = \"all\" },\n]\n", "missing-field", 5, 3, ""},
	{"two destinations", "[[route_table]]\nid = \"r\"\nvpc = \"v\"\nroutes = [{ destination = \"0.0.0.0/0\", prefix_list = \"pl-1\", target = \"local\" }]\n", "bad-value", 4, 40, ""},

	{"missing key", "[[vpc]]\nid = \"v\"\ncidrs = [\"10.0.0.0/16\"]\n\n[[subnet]]\nid = \"s\"\nvpc = \"v\"\n", "missing-field", 5, 1, ""},
	{"missing id", "[[internet_gateway]]\nvpc = \"v\"\n", "missing-field", 1, 1, ""},
	{"empty id", "[[internet_gateway]]\nid = \"\"\n", "missing-field", 2, 1, ""},
	{"missing protocol", "[[security_group]]\nid = \"sg-1\"\nvpc = \"v\"\negress = [\n  { cidr = \"0.0.0.0/0\" },\n]\n", "missing-field", 5, 3, ""},
	{"missing route target", "[[route_table]]\nid = \"r\"\nvpc = \"v\"\nroutes = [\n  { destination = \"0.0.0.0/0\" },\n]\n", "missing-field", 5, 3, ""},
	{"missing nat subnet", "[[nat_gateway]]\nid = \"nat-a\"\n", "missing-field", 1, 1, ""},

	{"unknown route target", `[[nat_gateway]]
id = "nat-a"
subnet = "s"

[[route_table]]
id = "rtb-a"
vpc = "v"
routes = [
  { destination = "0.0.0.0/0", target = "nat-b" },
]
`, "dangling-reference", 9, 32, "nat-a"},
	{"route target not a target", "[[subnet]]\nid = \"subnet-a\"\nvpc = \"v\"\ncidr = \"10.0.0.0/24\"\n\n[[route_table]]\nid = \"r\"\nvpc = \"v\"\nroutes = [{ destination = \"0.0.0.0/0\", target = \"subnet-a\" }]\n", "dangling-reference", 9, 40, ""},

	{"wrong type string", "[[vpc]]\nid = \"v\"\ncidrs = \"10.0.0.0/16\"\n", "bad-value", 3, 1, ""},
	{"wrong type bool", "[[route_table]]\nid = \"r\"\nvpc = \"v\"\nmain = \"yes\"\n", "bad-value", 4, 1, ""},
	{"wrong type element", "[[cloudshell]]\nname = \"ops\"\nsubnet = \"s\"\nsecurity_groups = [\"sg-1\", 2]\n", "bad-value", 4, 28, ""},
	{"wrong type tag", "[[vpc]]\nid = \"v\"\ncidrs = [\"10.0.0.0/16\"]\ntags = { Name = 1 }\n", "bad-value", 4, 10, ""},
	{"wrong type tag with dots", "[[vpc]]\nid = \"v\"\ncidrs = [\"10.0.0.0/16\"]\ntags = { Name = \"a\", \"kubernetes.io/role/elb\" = 1 }\n", "bad-value", 4, 22, ""},
	{"wrong type table", "vpc = 1\n", "bad-value", 1, 1, ""},
	{"wrong type rule", "[[security_group]]\nid = \"sg-1\"\nvpc = \"v\"\negress = [\"all\"]\n", "bad-value", 4, 11, ""},
	{"wrong type id", "[[vpc]]\nid = 7\ncidrs = [\"10.0.0.0/16\"]\n", "bad-value", 2, 1, ""},
	{"nested too deep", "[[vpc]]\nid = \"v\"\ntags = " + strings.Repeat("{ a = ", 70) + "1" + strings.Repeat(" }", 70) + "\n", "toml-syntax", 3, 7 + 6*62 + 3, ""},
	{"key name too long", "[[vpc]]\nid = \"v\"\ntags = { " + strings.Repeat("k", MaxKeyName) + " = \"v\" }\n", "toml-syntax", 3, 10, ""},
	{"wrong type reachable", "[[expect]]\nfrom = \"a\"\nto = \"b\"\nreachable = \"yes\"\n", "bad-value", 4, 1, ""},
}

func TestParseErrors(t *testing.T) {
	for _, tc := range errorCases {
		t.Run(tc.name, func(t *testing.T) {
			_, diags := Parse("in.toml", []byte(tc.src))
			if len(diags) != 1 {
				t.Fatalf("Parse gave %d diagnostics, want 1:\n%v", len(diags), diags)
			}
			d := diags[0]
			want := model.Pos{File: "in.toml", Line: tc.line, Col: tc.col}
			if d.Code != tc.code || d.Pos != want || d.Severity != model.Error {
				t.Errorf("Parse: %v [%s %s], want %s at %v", d, d.Severity, d.Code, tc.code, want)
			}
			if tc.suggest != "" && !strings.Contains(d.Message, "did you mean \""+tc.suggest+"\"?") {
				t.Errorf("Parse: %q does not suggest %q", d.Message, tc.suggest)
			}
			if strings.Contains(d.Message, "\n") {
				t.Errorf("Parse: message %q spans lines", d.Message)
			}
		})
	}
}

// TestParseAllErrors checks that Parse reports every problem, not the first.
func TestParseAllErrors(t *testing.T) {
	src := `regoin = "x"
[[subnet]]
id = "s"
vpc = 1
cidr = "10.0.0.0/33"
[[eni]]
id = "e"
subnet = "s"
private_ip = "300.0.0.1"
`
	_, diags := Parse("in.toml", []byte(src))
	var got []string
	for _, d := range diags {
		got = append(got, d.Pos.String()+" "+d.Code)
	}
	want := []string{
		"in.toml:1:1 unknown-key",
		"in.toml:4:1 bad-value",
		"in.toml:5:1 bad-value",
		"in.toml:9:1 bad-value",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Parse diagnostics (-want +got):\n%s", diff)
	}
}

func TestReadFileMissing(t *testing.T) {
	doc, diags := ReadFile("testdata/no-such-file.toml")
	if doc == nil || doc.Snapshot == nil {
		t.Fatal("ReadFile returned no document")
	}
	if len(diags) != 1 || diags[0].Code != "read-error" || diags[0].Pos.File != "testdata/no-such-file.toml" {
		t.Errorf("ReadFile = %v, want one read-error", diags)
	}
}

func TestParseNeverNil(t *testing.T) {
	for _, src := range []string{"", "[[", "vpc = 1", "[[vpc]]"} {
		doc, _ := Parse("in.toml", []byte(src))
		if doc == nil || doc.Snapshot == nil || doc.Snapshot.Sources == nil {
			t.Errorf("Parse(%q) returned an incomplete document", src)
		}
	}
}

func TestParseDefaults(t *testing.T) {
	src := `[[security_group]]
id = "sg-default-egress"
vpc = "v"

[[security_group]]
id = "sg-no-egress"
vpc = "v"
egress = []

[[nat_gateway]]
id = "nat-a"
subnet = "s"

[[endpoint]]
id = "vpce-1"
vpc = "v"
service = "com.amazonaws.ap-northeast-1.logs"

[[route_table]]
id = "rtb-a"
vpc = "v"
routes = [
  { destination = "10.1.0.0/16", target = "nat-gone", state = "blackhole" },
  { destination = "10.2.0.0/16", target = "cagw-1" },
  { destination = "10.3.0.0/16", state = "blackhole" },
  { destination = "10.4.0.0/16", target = "x-gone", state = "blackhole" },
  { destination = "10.5.0.0/16", target = "blackhole", state = "" },
]

[[vpc]]
id = "v"
cidrs = ["10.0.0.0/16"]
dns_hostnames = true

[[prefix_list]]
id = "pl-empty"
cidrs = []
`
	doc, diags := Parse("in.toml", []byte(src))
	if len(diags) > 0 {
		t.Fatalf("Parse: %v", diags)
	}
	s := doc.Snapshot
	want := &model.Snapshot{
		VPCs: []model.VPC{{ID: "v", CIDRs: []netip.Prefix{pfx("10.0.0.0/16")}, DNSHostnames: model.True}},
		RouteTables: []model.RouteTable{{ID: "rtb-a", VPC: "v", Routes: []model.Route{
			{Destination: pfx("10.1.0.0/16"), Target: model.Ref{Kind: model.KindNATGateway, ID: "nat-gone"}, State: "blackhole"},
			{Destination: pfx("10.2.0.0/16"), Target: model.Ref{Kind: model.KindOther, ID: "cagw-1"}},
			{Destination: pfx("10.3.0.0/16"), State: "blackhole"},
			{Destination: pfx("10.4.0.0/16"), Target: model.Ref{Kind: model.KindOther, ID: "x-gone"}, State: "blackhole"},
			{Destination: pfx("10.5.0.0/16"), Target: model.Ref{Kind: model.KindBlackhole}},
		}}},
		NATGateways: []model.NATGateway{{ID: "nat-a", Subnet: "s", Connectivity: "public", State: "available"}},
		SecurityGroups: []model.SecurityGroup{
			{ID: "sg-default-egress", VPC: "v", Egress: []model.SGRule{{Protocol: model.ProtoAll, Ports: model.AllPorts, ICMP: model.AnyICMP, CIDR: pfx("0.0.0.0/0")}}},
			{ID: "sg-no-egress", VPC: "v"},
		},
		PrefixLists: []model.PrefixList{{ID: "pl-empty", EntriesKnown: true}},
		Endpoints:   []model.Endpoint{{ID: "vpce-1", VPC: "v", Type: "Interface", Service: "com.amazonaws.ap-northeast-1.logs", State: "available"}},
	}
	if diff := cmp.Diff(want, s, cmpOpts); diff != "" {
		t.Errorf("Parse (-want +got):\n%s", diff)
	}
}

// TestValidatePositions checks that Validate's diagnostics land on the key
// that caused them, through the Sources Parse fills.
func TestValidatePositions(t *testing.T) {
	src := `[[vpc]]
id = "vpc-a"
cidrs = ["10.0.0.0/16"]

[[subnet]]
id = "subnet-a"
vpc = "vpc-a"
cidr = "10.0.1.7/24"
  route_table = "rtb-nope"

[[route_table]]
id = "rtb-main"
vpc = "vpc-a"
main = true

[[security_group]]
id = "sg-a"
vpc = "vpc-a"
ingress = [
  { protocol = "tcp", ports = 22, cidr = "10.0.0.0/16" },
  { protocol = "tcp", ports = 443, security_group = "sg-nope" },
]

[[network_acl]]
id = "acl-a"
vpc = "vpc-a"
ingress = [{ rule = 100, action = "allow", protocol = "all", cidr = "0.0.0.0/0" }]
egress = [
  { rule = 100, action = "allow", protocol = "all", cidr = "0.0.0.0/0" },
  { rule = 40000, action = "allow", protocol = "all", cidr = "0.0.0.0/0" },
]

[[cloudshell]]
name = "ops"
subnet = "subnet-a"
security_groups = ["sg-a", "sg-gone"]

[[vpc]]
id = "vpc-a"
cidrs = ["10.1.0.0/16"]

[[eni]]
id = "eni-a"
subnet = "subnet-a"
private_ip = "10.0.1.5"
prefixes = ["10.0.1.16/28", "10.0.1.40/28", "10.0.9.0/28"]
`
	doc, diags := Parse("snap.toml", []byte(src))
	if len(diags) > 0 {
		t.Fatalf("Parse: %v", diags)
	}
	var got []string
	for _, d := range doc.Snapshot.Validate() {
		got = append(got, d.Pos.String()+" "+d.Code+" "+d.Ref.String())
	}
	want := []string{
		"snap.toml:8:1 cidr-host-bits subnet-a.cidr",
		"snap.toml:9:3 dangling-reference subnet-a.route_table",
		"snap.toml:21:36 dangling-reference sg-a.ingress[1].security_group",
		"snap.toml:30:5 bad-value acl-a.egress[1].rule",
		"snap.toml:36:28 dangling-reference cloudshell:ops.security_groups[1]",
		"snap.toml:38:1 duplicate-id vpc-a",
		"snap.toml:46:29 cidr-host-bits eni-a.prefixes[1]",
		"snap.toml:46:45 ip-outside-subnet eni-a.prefixes[2]",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Validate diagnostics (-want +got):\n%s", diff)
	}
}

// TestSources checks the positions Parse records for the fields Validate
// names, in the example file.
func TestSources(t *testing.T) {
	data, err := os.ReadFile("testdata/example.toml")
	if err != nil {
		t.Fatal(err)
	}
	doc, diags := Parse("example.toml", data)
	if len(diags) > 0 {
		t.Fatalf("Parse: %v", diags)
	}
	for _, tc := range []struct {
		ref  model.FieldRef
		find string // the text the position must point at, at » if present
	}{
		{model.FieldRef{ID: "vpc-app"}, "[[vpc]]\nid = \"vpc-app\""},
		{model.FieldRef{ID: "vpc-app", Field: "cidrs[1]"}, `"100.64.0.0/16"`},
		{model.FieldRef{ID: "vpc-app", Field: "dhcp_options"}, `dhcp_options = "dopt-1"`},
		{model.FieldRef{ID: "subnet-private-a", Field: "route_table"}, `route_table = "rtb-private"`},
		{model.FieldRef{ID: "subnet-private-a", Field: "network_acl"}, `network_acl = "acl-private"`},
		{model.FieldRef{ID: "subnet-private-a", Field: "cidr"}, `cidr = "10.0.1.0/24"`},
		{model.FieldRef{ID: "rtb-main", Field: "main"}, "main = true"},
		{model.FieldRef{ID: "rtb-private", Field: "routes[1]"}, `{ destination = "0.0.0.0/0", target = "nat-a" }`},
		{model.FieldRef{ID: "rtb-private", Field: "routes[1].target"}, `target = "nat-a"`},
		{model.FieldRef{ID: "rtb-private", Field: "routes[3].prefix_list"}, `prefix_list = "pl-s3", target`},
		{model.FieldRef{ID: "rtb-private", Field: "routes[9].destination"}, `destination = "10.60.0.0/16"`},
		{model.FieldRef{ID: "nat-a", Field: "subnet"}, `subnet = "subnet-public-a"` + "\nvpc"},
		{model.FieldRef{ID: "nat-regional", Field: "connectivity"}, `connectivity = "private"`},
		{model.FieldRef{ID: "sg-db", Field: "ingress[0].security_group"}, `security_group = "sg-cloudshell"`},
		{model.FieldRef{ID: "sg-db", Field: "ingress[4].prefix_list"}, `prefix_list = "pl-s3" }`},
		{model.FieldRef{ID: "sg-db", Field: "ingress[1].cidr"}, `cidr = "10.0.0.0/16" },` + "\n  { protocol = \"icmp\""},
		{model.FieldRef{ID: "acl-default", Field: "default"}, "default = true"},
		{model.FieldRef{ID: "acl-private", Field: "ingress[1].rule"}, "rule = 200"},
		{model.FieldRef{ID: "acl-private", Field: "egress[0].rule"}, `rule = 100, action = "allow", protocol = "all"`},
		{model.FieldRef{ID: "eni-cloudshell", Field: "private_ip"}, `private_ip = "10.0.1.25"`},
		{model.FieldRef{ID: "eni-cloudshell", Field: "security_groups[0]"}, `"sg-cloudshell"]` + "\ntype"},
		{model.FieldRef{ID: "cloudshell:ops"}, "[[cloudshell]]"},
		{model.FieldRef{ID: "cloudshell:ops", Field: "name"}, `name = "ops"`},
		{model.FieldRef{ID: "cloudshell:ops", Field: "ip"}, "\n»ip = \"10.0.1.25\""},
		{model.FieldRef{ID: "cloudshell:ops", Field: "eni"}, `eni = "eni-cloudshell"`},
		{model.FieldRef{ID: "vpce-logs", Field: "subnets[0]"}, `"subnet-private-a"]` + "\nenis"},
		{model.FieldRef{ID: "vpce-s3", Field: "route_tables[0]"}, `"rtb-private"]` + "\npolicy"},
		{model.FieldRef{ID: "pcx-1", Field: "accepter.vpc"}, `{ »vpc = "vpc-peer"`},
	} {
		want := posOf(t, "example.toml", string(data), tc.find)
		if got := doc.Snapshot.Sources[tc.ref]; got != want {
			t.Errorf("Sources[%v] = %v, want %v", tc.ref, got, want)
		}
	}
}

// posOf returns the position of the only occurrence of find in src, or
// of the » in find.
func posOf(t *testing.T, file, src, find string) model.Pos {
	t.Helper()
	at := max(strings.Index(find, "»"), 0)
	find = strings.Replace(find, "»", "", 1)
	i := strings.Index(src, find)
	if i < 0 || strings.Count(src, find) != 1 {
		t.Fatalf("%q occurs %d times in %s, want once", find, strings.Count(src, find), file)
	}
	i += at
	line := strings.Count(src[:i], "\n") + 1
	col := i - strings.LastIndex(src[:i], "\n")
	return model.Pos{File: file, Line: line, Col: col}
}

func TestIndexLayouts(t *testing.T) {
	src := "\ufeff" + `# a BOM, comments, odd spacing and every kind of string
title = """
[[vpc]]
id = "not a table"
"""
other = '''
]]'''
when = 1979-05-27 07:32:00Z

[[ vpc ]]
"id" = "vpc-q"   # quoted key
cidrs = [ # a comment inside an array
  "10.0.0.0/16",  # first
  'x',
  [1, [2]], "10.1.0.0/16",
]
tags.Name = "dotted"

[[route_table]]
id = "rtb-t"
[[route_table.routes]]
destination = "0.0.0.0/0"
target = "igw-1"
[[route_table.routes]]
destination = "::/0"

[vpc_extra]
key = { a = { b = "c" }, d = [ { e = 1 } ] }
`
	x := scan("f", src, 0)
	for _, tc := range []struct {
		path      string
		line, col int
	}{
		{"title", 2, 1},
		{"other", 6, 1},
		{"when", 8, 1},
		{"vpc[0]", 10, 1},
		{"vpc[0].id", 11, 1},
		{"vpc[0].cidrs", 12, 1},
		{"vpc[0].cidrs[0]", 13, 3},
		{"vpc[0].cidrs[1]", 14, 3},
		{"vpc[0].cidrs[2]", 15, 3},
		{"vpc[0].cidrs[2][1][0]", 15, 8},
		{"vpc[0].cidrs[3]", 15, 13},
		{"vpc[0].tags.Name", 17, 1},
		{"route_table[0].routes[0]", 21, 1},
		{"route_table[0].routes[0].target", 23, 1},
		{"route_table[0].routes[1].destination", 25, 1},
		{"vpc_extra.key.a.b", 28, 15},
		{"vpc_extra.key.d[0].e", 28, 34},
	} {
		want := model.Pos{File: "f", Line: tc.line, Col: tc.col}
		if n, ok := x.find(tc.path); !ok || x.pos(n) != want {
			t.Errorf("index[%q] = %v (found %v), want %v", tc.path, x.pos(n), ok, want)
		}
	}
	if _, ok := x.find("vpc[1]"); ok {
		t.Errorf("index holds vpc[1]: a multi-line string was read as a table header")
	}
}

func pfx(s string) netip.Prefix { return netip.MustParsePrefix(s) }
func ip(s string) netip.Addr    { return netip.MustParseAddr(s) }

// TestParseWithTopKeys: a key the caller reads itself is not unknown, and
// a near miss of it gets it as a suggestion.
func TestParseWithTopKeys(t *testing.T) {
	opts := Options{TopKeys: []string{"snapshot"}}
	tests := []struct {
		name, in string
		opts     Options
		want     string // the unknown-key message, or "" for none
	}{
		{"read by the caller", "snapshot = \"net.toml\"\n", opts, ""},
		{"not without the option", "snapshot = \"net.toml\"\n", Options{}, `unknown key "snapshot" at the top level`},
		{"near miss", "snapshots = \"net.toml\"\n", opts, `unknown key "snapshots" at the top level; did you mean "snapshot"?`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := ParseWith("t.toml", []byte(tt.in), tt.opts)
			got := ""
			for _, d := range diags {
				if d.Code == codeUnknownKey {
					got = d.Message
				}
			}
			if got != tt.want {
				t.Errorf("unknown-key message = %q, want %q (all: %v)", got, tt.want, diags)
			}
		})
	}
}
