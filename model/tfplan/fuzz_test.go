package tfplan

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/cshsim/cshsim/internal/jsonpos"
)

// FuzzParse reads arbitrary bytes as a plan. It must never panic, must
// report a syntax error exactly when the bytes are not JSON, must place
// every diagnostic inside the file, must give the same answer twice, and
// its snapshot must survive Validate.
func FuzzParse(f *testing.F) {
	seeds := []string{
		``,
		`{}`,
		`[]`,
		`null`,
		`{"format_version": "1.2"`,
		`{"format_version": "1.2", "planned_values": {"root_module": {"resources": "x"}}}`,
		`{"format_version": "2.0", "planned_values": {}}`,
		`{"format_version": "0.1", "resource_changes": [{"address": "aws_vpc.a", "change": {"actions": ["create"], "after": {"cidr_block": "10.0.0.0/16"}}}]}`,
		`{"format_version": "1.2", "planned_values": {"root_module": {"resources": [{"address": "module.a[\"k\"].aws_subnet.s[0]", "values": {"cidr_block": "10.0.0.0/33", "vpc_id": 7}}]}},
		  "resource_changes": [{"address": "module.a[\"k\"].aws_subnet.s[0]", "change": {"actions": ["create"], "after_unknown": {"vpc_id": true, "id": true}}}],
		  "configuration": {"root_module": {"module_calls": {"a": {"module": {"resources": [{"address": "aws_subnet.s", "mode": "managed", "type": "aws_subnet", "name": "s",
		    "expressions": {"vpc_id": {"references": ["var.v", "module.b.x", "local.l", "aws_vpc.v[\"q\"].id", "count.index"]}}}]}, "expressions": {"v": {"references": ["var.v"]}}}}}}}`,
		`{"format_version": "1.2", "planned_values": {"root_module": {"resources": [{"address": "aws_route_table.r", "values": {"route": [{"cidr_block": "0.0.0.0/0"}, 5, null]}},
		  {"address": "aws_security_group.g", "values": {"ingress": [{"protocol": "icmp", "from_port": -5, "to_port": 999, "security_groups": [null]}], "egress": "x"}},
		  {"address": "aws_network_acl.n", "values": {"ingress": [{"rule_no": 1, "action": "maybe", "protocol": "tcp", "cidr_block": "1.2.3.4/8", "from_port": 9, "to_port": 1}]}}]}},
		  "resource_changes": [{"address": "aws_security_group.g", "change": {"actions": ["create"], "after_unknown": {"ingress": [{"security_groups": [true]}]}}}],
		  "configuration": {"root_module": {"resources": [{"address": "aws_security_group.g", "mode": "managed", "type": "aws_security_group", "name": "g",
		    "expressions": {"ingress": [[{"security_groups": {"references": ["aws_security_group.g.id"]}}]]}}]}}}`,
		`{"format_version": "1.2", "planned_values": {"root_module": {"child_modules": [{"address": "module.x", "child_modules": [{"resources": [{"address": "module.x.module.y.aws_instance.i", "values": {"network_interface": [{"device_index": 0}]}}]}]}]}},
		  "configuration": {"root_module": {"module_calls": {"x": {"module": {"outputs": {"o": {"expression": {"references": ["module.x.o"]}}}}}}}}}`,
		`{"format_version": "1.2", "planned_values": {"root_module": {"resources": [
		  {"address": "aws_network_interface.n", "values": {"private_ips": ["10.0.1.5"], "ipv4_prefixes": ["10.0.1.16/28", "10.0.1.17/28", "x", null], "ipv4_prefix_count": 2}},
		  {"address": "aws_vpc_endpoint.e", "values": {"service_name": "com.amazonaws.eu-west-1.s3", "vpc_endpoint_type": "Interface", "private_dns_enabled": true,
		    "dns_options": [{"dns_record_ip_type": "ipv4", "private_dns_only_for_inbound_resolver_endpoint": true}, {"private_dns_only_for_inbound_resolver_endpoint": "x"}]}}]}}}`,
	}
	seeds = append(seeds,
		`{"format_version": "1.2", "planned_values": `+strings.Repeat("[", 600)+strings.Repeat("]", 600)+`}`,
		"{\"format_version\": \"1.2\", \"planned_values\": {\"root_module\": {\"resources\": [{\"address\": \"aws_vpc.caf\xE9\"}]}}}",
		`{"format_version": "1.2", "planned_values": {"root_module": {"resources": [{"address": "aws_vpc.a", "values": {}}, {"address": "aws_vpc.a", "values": {}}]}}}`,
	)
	for _, p := range []string{"private-with-nat.json", "private-endpoints-only.json", "sg-reference.json"} {
		if b, err := os.ReadFile(filepath.Join(fixtureDir, p)); err == nil {
			seeds = append(seeds, string(b))
		}
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, diags := Parse("f.json", data)
		if s == nil {
			t.Fatal("nil snapshot")
		}
		norm := jsonpos.Normalize(data)
		lines := bytes.Count(norm, []byte("\n")) + 1
		syntax := false
		for _, d := range diags {
			if d.Code == CodeJSONSyntax {
				syntax = true
			}
			if d.Pos.File != "f.json" || d.Pos.Line < 1 || d.Pos.Line > lines || d.Pos.Col < 1 {
				t.Errorf("diagnostic outside the file: %+v", d)
			}
		}
		// The reader takes JSON that encoding/json takes, in UTF-8, nested
		// at most jsonpos.MaxDepth levels.
		if valid := len(bytes.TrimSpace(norm)) > 0 && json.Valid(norm) && utf8.Valid(norm) && jsonpos.TooDeep(norm) < 0; syntax == valid {
			t.Errorf("json-syntax reported = %v, but valid = %v", syntax, valid)
		}
		for ref, p := range s.Sources {
			if p.File != "f.json" || p.Line < 1 || p.Line > lines {
				t.Errorf("source of %v outside the file: %+v", ref, p)
			}
		}
		s2, diags2 := Parse("f.json", data)
		if diff := cmp.Diff(diags, diags2); diff != "" {
			t.Errorf("diagnostics differ between two reads:\n%s", diff)
		}
		if diff := cmp.Diff(s, s2, opts); diff != "" {
			t.Errorf("snapshots differ between two reads:\n%s", diff)
		}
		s.Validate()
	})
}
