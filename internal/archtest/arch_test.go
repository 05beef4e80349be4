package archtest

import (
	"encoding/json"
	"io"
	"os/exec"
	"strings"
	"testing"
)

const mod = "github.com/cshsim/cshsim"

type pkg struct {
	ImportPath string
	Doc        string
	Imports    []string
	Standard   bool
}

func listPackages(t *testing.T) []pkg {
	t.Helper()
	cmd := exec.Command("go", "list", "-json", mod+"/...")
	cmd.Dir = "../.."
	out, err := cmd.Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	var ps []pkg
	for {
		var p pkg
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		ps = append(ps, p)
	}
	return ps
}

// allowed lists, per package, the module packages and third-party modules
// its non-test code may import, with the reason (design.md §1).
var allowed = map[string]struct {
	ours, thirdParty []string
	why              string
}{
	"model":             {nil, nil, "the model imports nothing of ours and no third-party code"},
	"model/tomlsnap":    {[]string{"model"}, []string{"github.com/BurntSushi/toml"}, "readers import only model"},
	"model/awscli":      {[]string{"model"}, nil, "readers import only model; encoding/json suffices"},
	"model/tfplan":      {[]string{"model"}, nil, "readers import only model; encoding/json suffices"},
	"sim":               {[]string{"model"}, []string{"gonum.org/v1/gonum"}, "the engine never sees a file format"},
	"scenarios":         {[]string{"model", "model/tomlsnap", "model/awscli", "model/tfplan", "sim"}, nil, "scenarios join the readers and the engine"},
	"cmd/cshsim":        {[]string{"model", "model/tomlsnap", "model/awscli", "model/tfplan", "sim", "scenarios"}, nil, "the command may import everything"},
	"internal/archtest": {nil, nil, "tests only"},
}

func TestLayering(t *testing.T) {
	for _, p := range listPackages(t) {
		rel := strings.TrimPrefix(strings.TrimPrefix(p.ImportPath, mod), "/")
		rule, ok := allowed[rel]
		if !ok {
			t.Errorf("package %s has no layering rule: add one to allowed", rel)
			continue
		}
		for _, imp := range p.Imports {
			switch {
			case strings.HasPrefix(imp, mod+"/"):
				dep := strings.TrimPrefix(imp, mod+"/")
				if !contains(rule.ours, dep) {
					t.Errorf("%s imports %s: not allowed (%s)", rel, dep, rule.why)
				}
			case strings.Contains(strings.Split(imp, "/")[0], "."):
				if !hasPrefixIn(imp, rule.thirdParty) {
					t.Errorf("%s imports %s: not allowed (%s)", rel, imp, rule.why)
				}
			}
		}
	}
}

func TestPackageDocs(t *testing.T) {
	for _, p := range listPackages(t) {
		if strings.TrimSpace(p.Doc) == "" {
			t.Errorf("package %s has no package doc comment", p.ImportPath)
		}
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func hasPrefixIn(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if s == p || strings.HasPrefix(s, p+"/") {
			return true
		}
	}
	return false
}
