package tfplan

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cshsim/cshsim/model"
)

// TestReferences checks how ids known only after apply are resolved through
// the configuration.
func TestReferences(t *testing.T) {
	assoc := func(addr, subnetRefs, rtRefs string) tr {
		return tr{addr: addr, unknown: `{"id": true, "subnet_id": true, "route_table_id": true}`,
			exprs: `{"subnet_id": {"references": ` + subnetRefs + `}, "route_table_id": {"references": ` + rtRefs + `}}`}
	}
	rt := func(addr string) tr {
		return tr{addr: addr, unknown: `{"id": true, "vpc_id": true, "route": true}`, exprs: `{"vpc_id": ` + vpcRef + `}`}
	}
	tests := []struct {
		name    string
		plan    tplan
		want    map[string]string // subnet id → route table
		codes   []string
		wantErr string // substring of the one error's JSON path
	}{
		{"count pairs instance i with instance i", tplan{res: []tr{vpcRes,
			subnetRes("aws_subnet.private[0]", "10.0.1.0/24"), subnetRes("aws_subnet.private[1]", "10.0.2.0/24"),
			rt("aws_route_table.private[0]"), rt("aws_route_table.private[1]"),
			assoc("aws_route_table_association.private[0]", `["aws_subnet.private", "count.index"]`, `["aws_route_table.private", "count.index"]`),
			assoc("aws_route_table_association.private[1]", `["aws_subnet.private", "count.index"]`, `["aws_route_table.private", "count.index"]`),
		}}, map[string]string{"aws_subnet.private[0]": "aws_route_table.private[0]", "aws_subnet.private[1]": "aws_route_table.private[1]"}, nil, ""},
		{"element() wraps around when the counts differ", tplan{res: []tr{vpcRes,
			subnetRes("aws_subnet.private[0]", "10.0.1.0/24"), subnetRes("aws_subnet.private[1]", "10.0.2.0/24"),
			rt("aws_route_table.private[0]"),
			assoc("aws_route_table_association.private[0]", `["aws_subnet.private", "count.index"]`, `["aws_route_table.private", "count.index"]`),
			assoc("aws_route_table_association.private[1]", `["aws_subnet.private", "count.index"]`, `["aws_route_table.private", "count.index"]`),
		}}, map[string]string{"aws_subnet.private[0]": "aws_route_table.private[0]", "aws_subnet.private[1]": "aws_route_table.private[0]"},
			[]string{CodeAmbiguousRef}, ""},
		{"an explicit index", tplan{res: []tr{vpcRes,
			subnetRes("aws_subnet.private[0]", "10.0.1.0/24"), subnetRes("aws_subnet.private[1]", "10.0.2.0/24"),
			rt("aws_route_table.private[0]"), rt("aws_route_table.private[1]"),
			assoc("aws_route_table_association.one", `["aws_subnet.private[1].id", "aws_subnet.private[1]", "aws_subnet.private"]`, `["aws_route_table.private[0].id", "aws_route_table.private[0]", "aws_route_table.private"]`),
		}}, map[string]string{"aws_subnet.private[0]": "", "aws_subnet.private[1]": "aws_route_table.private[0]"}, nil, ""},
		{"for_each keys", tplan{res: []tr{vpcRes,
			subnetRes(`aws_subnet.this["a"]`, "10.0.1.0/24"), subnetRes(`aws_subnet.this["b"]`, "10.0.2.0/24"),
			rt(`aws_route_table.this["a"]`), rt(`aws_route_table.this["b"]`),
			assoc(`aws_route_table_association.this["b"]`, `["aws_subnet.this", "each.key"]`, `["aws_route_table.this", "each.key"]`),
			assoc(`aws_route_table_association.this["a"]`, `["aws_subnet.this", "each.key"]`, `["aws_route_table.this", "each.key"]`),
		}}, map[string]string{`aws_subnet.this["a"]`: `aws_route_table.this["a"]`, `aws_subnet.this["b"]`: `aws_route_table.this["b"]`}, nil, ""},
		{"module outputs and input variables", tplan{
			res: []tr{
				{addr: "module.net.aws_vpc.this", values: `{"cidr_block": "10.0.0.0/16"}`, unknown: `{"id": true}`},
				{addr: "module.net.aws_subnet.private[0]", values: `{"cidr_block": "10.0.1.0/24"}`, unknown: `{"id": true, "vpc_id": true}`,
					exprs: `{"vpc_id": {"references": ["aws_vpc.this.id", "aws_vpc.this"]}}`},
				{addr: "module.rt.aws_route_table.this", unknown: `{"id": true, "vpc_id": true, "route": true}`,
					exprs: `{"vpc_id": {"references": ["var.vpc_id"]}}`},
				{addr: "module.rt.aws_route_table_association.this[0]", unknown: `{"id": true, "subnet_id": true, "route_table_id": true}`,
					exprs: `{"subnet_id": {"references": ["var.subnet_ids", "count.index"]}, "route_table_id": {"references": ["aws_route_table.this.id", "aws_route_table.this"]}}`},
			},
			calls: map[string]tcall{
				"net": {outputs: `{"vpc_id": {"expression": {"references": ["aws_vpc.this.id", "aws_vpc.this"]}}, "private_subnets": {"expression": {"references": ["aws_subnet.private"]}}}`},
				"rt":  {exprs: `{"vpc_id": {"references": ["module.net.vpc_id", "module.net"]}, "subnet_ids": {"references": ["module.net.private_subnets", "module.net"]}}`},
			}}, map[string]string{"module.net.aws_subnet.private[0]": "module.rt.aws_route_table.this"}, nil, ""},
		{"nested modules and for_each module instances", tplan{
			res: []tr{
				{addr: "aws_vpc.main", values: `{"cidr_block": "10.0.0.0/16"}`, unknown: `{"id": true}`},
				{addr: `module.az["a"].module.subnet.aws_subnet.this`, values: `{"cidr_block": "10.0.1.0/24"}`, unknown: `{"id": true, "vpc_id": true}`,
					exprs: `{"vpc_id": {"references": ["var.vpc_id"]}}`},
				{addr: `module.az["b"].module.subnet.aws_subnet.this`, values: `{"cidr_block": "10.0.2.0/24"}`, unknown: `{"id": true, "vpc_id": true}`},
				{addr: "aws_route_table.rt", unknown: `{"id": true, "vpc_id": true, "route": true}`, exprs: `{"vpc_id": ` + vpcRef + `}`},
				{addr: "aws_route_table_association.b", unknown: `{"id": true, "subnet_id": true, "route_table_id": true}`,
					exprs: `{"subnet_id": {"references": ["module.az[\"b\"].subnet_id", "module.az[\"b\"]", "module.az"]}, "route_table_id": {"references": ["aws_route_table.rt.id", "aws_route_table.rt"]}}`},
			},
			calls: map[string]tcall{
				"az":        {exprs: `{"vpc_id": {"references": ["aws_vpc.main.id", "aws_vpc.main"]}}`, outputs: `{"subnet_id": {"expression": {"references": ["module.subnet.id", "module.subnet"]}}}`},
				"az.subnet": {exprs: `{"vpc_id": {"references": ["var.vpc_id"]}}`, outputs: `{"id": {"expression": {"references": ["aws_subnet.this.id", "aws_subnet.this"]}}}`},
			}}, map[string]string{`module.az["a"].module.subnet.aws_subnet.this`: "", `module.az["b"].module.subnet.aws_subnet.this`: "aws_route_table.rt"}, nil, ""},
		{"root variables and known ids", tplan{vars: `{"rt": {"value": "rtb-0abc"}}`, res: []tr{vpcRes,
			subnetRes("aws_subnet.a", "10.0.1.0/24"),
			{addr: "aws_route_table.known", values: `{"id": "rtb-0abc"}`, unknown: `{"vpc_id": true, "route": true}`, exprs: `{"vpc_id": ` + vpcRef + `}`},
			{addr: "aws_route_table_association.a", values: `{"route_table_id": "rtb-0abc"}`, unknown: `{"id": true, "subnet_id": true}`,
				exprs: `{"subnet_id": {"references": ["aws_subnet.a.id", "aws_subnet.a"]}, "route_table_id": {"references": ["var.rt"]}}`},
		}}, map[string]string{"aws_subnet.a": "rtb-0abc"}, nil, ""},
		{"a local cannot be followed", tplan{res: []tr{vpcRes,
			subnetRes("aws_subnet.a", "10.0.1.0/24"), rt("aws_route_table.rt"),
			assoc("aws_route_table_association.a", `["local.subnet_id"]`, `["aws_route_table.rt.id", "aws_route_table.rt"]`),
		}}, map[string]string{"aws_subnet.a": ""}, []string{CodeUnresolvedRef},
			"configuration.root_module.resources[3].expressions.subnet_id"},
		{"a resource with no instances", tplan{res: []tr{vpcRes,
			subnetRes("aws_subnet.a", "10.0.1.0/24"),
			assoc("aws_route_table_association.a", `["aws_subnet.a.id", "aws_subnet.a"]`, `["aws_route_table.gone", "count.index"]`),
		}}, map[string]string{"aws_subnet.a": ""}, []string{CodeUnresolvedRef},
			"configuration.root_module.resources[2].expressions.route_table_id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, d := tt.plan.parse(t, tt.wantErr != "")
			got := map[string]string{}
			for _, sn := range s.Subnets {
				got[sn.ID] = sn.RouteTable
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("subnet → route table (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.codes, codes(d), opts); diff != "" {
				t.Errorf("codes (-want +got):\n%s\n%v", diff, d)
			}
			if tt.wantErr != "" {
				errs := d.Errors()
				if len(errs) != 1 || errs[0].Pos.Path != tt.wantErr || errs[0].Pos.Line == 0 {
					t.Errorf("errors = %v, want one at %s with a line", errs, tt.wantErr)
				}
			}
		})
	}
}

// TestDataSources checks that ids come from data sources read during
// planning, and that a data source read only during apply keeps its address.
func TestDataSources(t *testing.T) {
	p := tplan{
		prior: []tr{{addr: "data.aws_vpc.shared", values: `{"id": "vpc-0abc", "cidr_block": "10.0.0.0/16"}`},
			{addr: "data.aws_caller_identity.me", values: `{"account_id": "123456789012", "id": "123456789012"}`}},
		res: []tr{
			{addr: "aws_subnet.a", values: `{"cidr_block": "10.0.1.0/24"}`, unknown: `{"id": true, "vpc_id": true}`,
				exprs: `{"vpc_id": {"references": ["data.aws_vpc.shared.id", "data.aws_vpc.shared"]}}`},
			{addr: "data.aws_vpc.later", unknown: `{"id": true}`},
			{addr: "aws_subnet.b", values: `{"cidr_block": "10.0.2.0/24"}`, unknown: `{"id": true, "vpc_id": true}`,
				exprs: `{"vpc_id": {"references": ["data.aws_vpc.later.id", "data.aws_vpc.later"]}}`},
		}}
	s, d := p.parse(t, false)
	if got := []string{s.Subnets[0].VPC, s.Subnets[1].VPC}; !cmp.Equal(got, []string{"vpc-0abc", "data.aws_vpc.later"}) {
		t.Errorf("subnet VPCs = %q", got)
	}
	if s.Account != "123456789012" {
		t.Errorf("Account = %q", s.Account)
	}
	if got := codes(d); !cmp.Equal(got, []string{CodeExternalRef, CodeExternalRef}) {
		t.Errorf("codes = %q, want two external-reference warnings: %v", got, d)
	}
	// Neither VPC is in the plan: Validate reports both subnets' references.
	if errs := s.Validate().Errors(); len(errs) != 2 {
		t.Errorf("Validate errors = %v, want two dangling references", errs)
	}
}

// TestDeletedExcluded checks that resources being destroyed are not in the
// snapshot.
func TestDeletedExcluded(t *testing.T) {
	p := tplan{res: []tr{vpcRes,
		subnetRes("aws_subnet.keep", "10.0.1.0/24"),
		{addr: "aws_subnet.gone", action: "delete"},
		{addr: "aws_internet_gateway.gone", action: "delete"},
	}}
	s, d := p.parse(t, false)
	if len(s.Subnets) != 1 || s.Subnets[0].ID != "aws_subnet.keep" || len(s.InternetGateways) != 0 {
		t.Errorf("subnets %+v, gateways %+v: want only aws_subnet.keep", s.Subnets, s.InternetGateways)
	}
	if len(d) != 0 {
		t.Errorf("diagnostics: %v", d)
	}
}

// TestUnsupported checks the one warning that lists what is left out.
func TestUnsupported(t *testing.T) {
	p := tplan{res: []tr{vpcRes,
		{addr: "aws_s3_bucket.logs", values: `{"bucket": "logs"}`},
		{addr: "module.app.aws_lb.web[0]", values: `{}`},
		{addr: "null_resource.x", values: `{}`},
		{addr: "data.aws_ami.linux", values: `{"id": "ami-1"}`},
	}}
	_, d := p.parse(t, false)
	if len(d) != 1 || d[0].Code != CodeUnsupportedResource || d[0].Severity != model.Warning {
		t.Fatalf("diagnostics = %v, want one unsupported-resource warning", d)
	}
	for _, a := range []string{"aws_s3_bucket.logs", "module.app.aws_lb.web[0]", "null_resource.x"} {
		if !strings.Contains(d[0].Message, a) {
			t.Errorf("message %q does not list %s", d[0].Message, a)
		}
	}
	if strings.Contains(d[0].Message, "aws_ami") {
		t.Errorf("message %q lists a data source", d[0].Message)
	}
}

// TestUnknownValues checks the warnings for values that matter and are known
// only after apply.
func TestUnknownValues(t *testing.T) {
	p := tplan{res: []tr{
		{addr: "aws_vpc.ipam", values: `{"enable_dns_support": true, "enable_dns_hostnames": true}`, unknown: `{"id": true, "cidr_block": true}`,
			exprs: `{"ipv4_ipam_pool_id": {"references": ["aws_vpc_ipam_pool.p.id", "aws_vpc_ipam_pool.p"]}}`},
	}}
	s, d := p.parse(t, false)
	// aws_vpc_ipam_pool is not in the plan's planned values here: only the
	// unknown CIDR is reported.
	if len(d) != 1 || d[0].Code != CodeUnknownValue || d[0].Pos.Path != "aws_vpc.ipam.cidr_block" {
		t.Fatalf("diagnostics = %v, want one unknown-value at aws_vpc.ipam.cidr_block", d)
	}
	if len(s.VPCs[0].CIDRs) != 0 {
		t.Errorf("CIDRs = %v", s.VPCs[0].CIDRs)
	}
}

func TestParseTraversal(t *testing.T) {
	tests := []struct {
		in   string
		want string // steps rendered
		ok   bool
	}{
		{"aws_vpc.main.id", "aws_vpc|main|id", true},
		{`module.a["x.y"].aws_subnet.b[3].id`, `module|a|["x.y"]|aws_subnet|b|[3]|id`, true},
		{`data.aws_vpc.x.tags["Name"]`, `data|aws_vpc|x|tags|["Name"]`, true},
		{"aws_subnet.private[*].id", "aws_subnet|private|[*]|id", true},
		{`a["q\"uote"]`, `a|["q\"uote"]`, true},
		{"", "", false},
		{"a..b", "", false},
		{"a[", "", false},
		{"a[x]", "", false},
		{`a["open`, "", false},
	}
	for _, tt := range tests {
		steps, ok := parseTraversal(tt.in)
		var parts []string
		for _, s := range steps {
			if s.isIndex() {
				parts = append(parts, s.key.String())
			} else {
				parts = append(parts, s.name)
			}
		}
		if got := strings.Join(parts, "|"); ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("parseTraversal(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestParseResAddr(t *testing.T) {
	a, ok := parseResAddr(`module.net["a"].module.sub[0].data.aws_vpc.this["k"]`)
	if !ok || !a.data || a.typ != "aws_vpc" || a.name != "this" || a.key.str != "k" || modPath(a.mod) != `module.net["a"].module.sub[0]` || cfgPath(a.mod) != "net.sub" {
		t.Errorf("parseResAddr = %+v, %v", a, ok)
	}
	for _, bad := range []string{"aws_vpc", "module.x", "module.x.aws_vpc", "aws_vpc.a.b", "[0].a.b"} {
		if _, ok := parseResAddr(bad); ok {
			t.Errorf("parseResAddr(%q) succeeded", bad)
		}
	}
}
