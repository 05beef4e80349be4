package tomlsnap

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// FuzzParse checks that Parse never panics and that, for every input it
// accepts without errors, Write and Parse agree and Write is a fixed point.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.toml")
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, tc := range errorCases {
		f.Add([]byte(tc.src))
	}
	// Nesting and key names at and past MaxDepth and MaxKeyName, and
	// brackets hidden in strings and comments (bounds_test.go).
	for _, src := range boundSeeds() {
		f.Add([]byte(src))
	}
	for _, s := range []string{
		"",
		"region = \"x\"\n",
		"[[route_table]]\nid = \"r\"\nvpc = \"v\"\nroutes = [{ destination = \"0.0.0.0/0\", target = \"blackhole\" }]\n",
		"[[security_group]]\nid = \"sg\"\nvpc = \"v\"\ningress = [{ protocol = 6, ports = \"1-2\", cidr = \"::/0\" }]\n",
		"[[vpc]]\nid = \"v\"\ncidrs = [\"10.0.1.7/24\"]\ntags = { \"a b\" = \"\\u0001\" }\n",
		"[[eni]]\nid = \"e\"\nsubnet = \"s\"\nprivate_ip = \"10.0.1.5\"\nprefixes = [\"10.0.1.16/28\", \"10.0.1.17/28\", \"::/0\"]\n",
		"[[endpoint]]\nid = \"vpce-1\"\nvpc = \"v\"\nservice = \"s\"\nprivate_dns = true\nprivate_dns_only_for_inbound_resolver_endpoint = true\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, diags := Parse("fuzz.toml", data)
		if doc == nil || doc.Snapshot == nil {
			t.Fatal("Parse returned no document")
		}
		for _, d := range diags {
			if d.Pos.File != "fuzz.toml" || d.Code == "" || d.Message == "" {
				t.Fatalf("diagnostic without position, code or message: %#v", d)
			}
		}
		if diags.HasErrors() {
			return
		}
		var out1 bytes.Buffer
		if err := Write(&out1, doc.Snapshot, doc.Expects); err != nil {
			t.Fatal(err)
		}
		doc2, diags := Parse("out.toml", out1.Bytes())
		if len(diags) > 0 {
			t.Fatalf("Parse(Write(x)): %v\n%s", diags, out1.Bytes())
		}
		if diff := cmp.Diff(doc.Snapshot, doc2.Snapshot, cmpOpts); diff != "" {
			t.Fatalf("Parse(Write(x)) differs (-x +got):\n%s", diff)
		}
		var out2 bytes.Buffer
		if err := Write(&out2, doc2.Snapshot, doc2.Expects); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(out1.Bytes(), out2.Bytes()) {
			t.Fatalf("Write is not a fixed point:\n%s\n---\n%s", out1.Bytes(), out2.Bytes())
		}
	})
}
