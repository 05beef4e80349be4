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
	// ./... skips testdata folders, so testdata/gen is named too.
	cmd := exec.Command("go", "list", "-json", mod+"/...", "./testdata/gen")
	cmd.Dir = "../.."
	out, err := cmd.Output()
	if err != nil {
		// A guard that cannot see the packages guards nothing: fail.
		msg := err.Error()
		if ee, ok := err.(*exec.ExitError); ok {
			msg += ": " + string(ee.Stderr)
		}
		t.Fatalf("go list: %s", msg)
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
	"model":                      {nil, nil, "the model imports nothing of ours and no third-party code"},
	"model/tomlsnap":             {[]string{"model", "internal/safeio"}, []string{"github.com/BurntSushi/toml"}, "readers import only model and the shared internal helpers (internal/jsonpos, internal/safeio) import nothing of ours, so a reader using them still never imports another reader (design.md §1)"},
	"model/awscli":               {[]string{"model", "internal/jsonpos", "internal/safeio"}, nil, "readers import only model and the shared internal helpers (internal/jsonpos, internal/safeio) import nothing of ours, so a reader using them still never imports another reader (design.md §1); encoding/json suffices"},
	"model/tfplan":               {[]string{"model", "internal/jsonpos", "internal/safeio"}, nil, "readers import only model and the shared internal helpers (internal/jsonpos, internal/safeio) import nothing of ours, so a reader using them still never imports another reader (design.md §1); encoding/json suffices"},
	"model/iampolicy":            {[]string{"model", "internal/jsonpos", "internal/safeio"}, nil, "readers import only model and the shared internal helpers (internal/jsonpos, internal/safeio) import nothing of ours, so a reader using them still never imports another reader (design.md §1); IAM policy JSON needs encoding/json alone, and the evaluation lives in sim/iam"},
	"sim":                        {[]string{"model"}, []string{"gonum.org/v1/gonum"}, "the engine never sees a file format"},
	"sim/iam":                    {[]string{"model"}, nil, "policy evaluation needs the policy types alone: no engine, no reader, no command"},
	"sim/check":                  {[]string{"model", "sim", "sim/iam"}, nil, "check sits on the engine and the policy evaluator; never on a reader or the command"},
	"scenarios":                  {[]string{"model", "model/tomlsnap", "model/awscli", "model/tfplan", "sim", "internal/safeio"}, nil, "scenarios join the readers and the engine; a test file's snapshot key comes from tomlsnap (Options.TopKeys), so scenarios reads no TOML itself"},
	"cmd/cshsim":                 {[]string{"model", "model/tomlsnap", "model/awscli", "model/tfplan", "model/iampolicy", "sim", "sim/check", "scenarios", "cmd/cshsim/internal/render", "internal/safeio"}, nil, "the command may import everything of ours; the drawing, and so gonum's graph packages, is render's"},
	"cmd/cshsim/internal/render": {[]string{"model", "sim", "sim/check", "scenarios"}, []string{"gonum.org/v1/gonum/graph"}, "renderers read results, never readers; gonum's graph packages only to write sim's topology through encoding/dot"},
	"internal/archtest":          {nil, nil, "tests only"},
	"internal/jsonpos":           {nil, nil, "the one reader of JSON with positions the JSON readers share: it imports nothing of ours (design.md §1 allows shared internal helpers that import nothing of ours but model, such as one JSON-position reader; it needs not even model) and no third-party code, so sharing it never joins two readers: readers still never import each other"},
	"internal/safeio":            {nil, nil, "bounded reads of regular files and atomic writes, for readers and commands alike: it imports nothing of ours"},
	"internal/gen":               {nil, nil, "the export generator writes AWS CLI JSON with encoding/json; it knows no model type, so a reader bug cannot hide in shared code"},
	"internal/hostile":           {nil, nil, "the hostile-input suite (tests only) runs the cshsim binary it builds; it imports nothing of ours"},
	"internal/bench":             {[]string{"model", "model/awscli", "sim", "scenarios", "internal/gen"}, nil, "benchmarks (tests only) drive the readers and the engine end to end over generated exports"},
	// testdata/gen is skipped by ./... patterns (a testdata folder);
	// listPackages names it.
	"testdata/gen": {[]string{"internal/gen", "model", "model/awscli"}, nil, "the generator's command: flags around internal/gen"},
}

func TestLayering(t *testing.T) {
	seen := map[string]bool{}
	for _, p := range listPackages(t) {
		rel := strings.TrimPrefix(strings.TrimPrefix(p.ImportPath, mod), "/")
		seen[rel] = true
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
	// A rule for a package that no longer exists guards nothing.
	for rel := range allowed {
		if !seen[rel] {
			t.Errorf("allowed has a rule for %s, which go list does not find", rel)
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
