package scenarios

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/cshsim/cshsim/internal/safeio"
	"github.com/cshsim/cshsim/model"
	"github.com/cshsim/cshsim/model/awscli"
	"github.com/cshsim/cshsim/model/tfplan"
	"github.com/cshsim/cshsim/model/tomlsnap"
	"github.com/cshsim/cshsim/sim"
)

// Diagnostic codes of this package's own; the readers' codes pass through.
const (
	// CodeReadError: a snapshot or test file could not be read (as the
	// readers name it).
	CodeReadError = model.CodeRead
	// CodeUnknownScenario: scenario:<name> names no embedded scenario.
	CodeUnknownScenario = "unknown-scenario"
	// CodeUnknownFormat: a JSON file that is not a Terraform plan.
	CodeUnknownFormat = "unknown-format"
	// CodeBadTestFile: a test file is not of the form docs/testing.md
	// describes (a snapshot key that is not a string, network objects
	// beside it).
	CodeBadTestFile = "bad-test-file"
)

// Loaded is a snapshot ready for queries: read, validated and compiled.
// It is immutable and safe for concurrent queries.
type Loaded struct {
	// Name is the snapshot as it was named: a path, or scenario:<name>.
	Name string
	// Kind says what was read: scenario, toml, aws-cli or terraform-plan.
	Kind     string
	Snapshot *model.Snapshot
	Graph    *sim.Graph
	// Expects are the [[expect]] blocks of a TOML snapshot or scenario.
	Expects []tomlsnap.Expect
}

// Kinds of snapshot input.
const (
	KindScenario = "scenario"
	KindTOML     = "toml"
	KindAWSCLI   = "aws-cli"
	// KindTerraformPlan is `terraform show -json` output; see [Open].
	KindTerraformPlan = "terraform-plan"
)

// Open reads a snapshot in any of the forms the command line accepts
// (docs/cli.md, SNAPSHOT):
//
//   - "" — the default embedded scenario ([Default]);
//   - "scenario:<name>" — an embedded scenario;
//   - a folder — AWS CLI describe-* JSON exports ([awscli.Load]; the
//     snapshot is marked Deployed);
//   - a file whose content is `terraform show -json PLANFILE` output
//     ([tfplan.IsPlan]) — the planned network ([tfplan.Parse]);
//   - any other JSON file — an error saying what JSON is read;
//   - any other file — a TOML snapshot ([tomlsnap.ReadFile]).
//
// Open validates the snapshot and builds its graph. When any diagnostic is
// an error it returns nil and every diagnostic, sorted by position;
// otherwise the Loaded and the warnings (the reader's notes and
// Validate's), which callers should show. Open never panics on bad input.
func Open(arg string) (*Loaded, model.Diagnostics) {
	return OpenWith(arg, OpenOptions{})
}

// OpenOptions adjust Open.
type OpenOptions struct {
	// Progress, when set, is told how many files of an AWS CLI export
	// folder have been read (for a progress line at a terminal).
	Progress func(done, total int)
	// Owned, when set, names the validation diagnostics the caller reports
	// itself (cshsim check turns a CloudShell environment's dangling
	// references into findings): they are left out of what OpenWith
	// returns, whatever their severity, and do not stop the build. The
	// engine skips references that name nothing.
	Owned func(model.Diagnostic) bool
	// Stdin is read when the snapshot is "-": a TOML snapshot or a
	// Terraform plan, read once. Nil means "-" is an error.
	Stdin io.Reader
	// MaxBytes is the size limit of one input file (and of standard
	// input); 0 means safeio.DefaultLimit.
	MaxBytes int64
}

// OpenWith is Open with options.
func OpenWith(arg string, opt OpenOptions) (*Loaded, model.Diagnostics) {
	l := &Loaded{Name: arg}
	var diags model.Diagnostics
	switch {
	case arg == "" || strings.HasPrefix(arg, "scenario:"):
		name := strings.TrimPrefix(arg, "scenario:")
		if name == "" {
			name = Default
		}
		l.Name, l.Kind = "scenario:"+name, KindScenario
		sc, err := Get(name)
		if err != nil {
			return nil, model.Diagnostics{{Severity: model.Error, Code: CodeUnknownScenario, Message: err.Error()}}
		}
		doc, ds := sc.Load()
		diags = ds
		l.Snapshot, l.Expects = doc.Snapshot, doc.Expects
	default:
		kind, data, err := detect(arg, opt)
		if err != nil {
			// safeio's errors name the path already.
			why := strings.TrimPrefix(unwrapPathErr(err).Error(), arg+": ")
			return nil, model.Diagnostics{{Severity: model.Error, Code: CodeReadError,
				Message: fmt.Sprintf("snapshot %s: %s", arg, why)}}
		}
		l.Kind = kind
		switch kind {
		case KindAWSCLI:
			l.Snapshot, diags = awscli.LoadWith(arg, awscli.Options{Progress: opt.Progress, MaxBytes: opt.MaxBytes})
		case KindTerraformPlan:
			l.Snapshot, diags = tfplan.Parse(displayName(arg), data)
		case kindOtherJSON:
			return nil, model.Diagnostics{{Pos: model.Pos{File: arg}, Severity: model.Error, Code: CodeUnknownFormat,
				Message: "JSON that is not a Terraform plan (terraform show -json PLANFILE); AWS CLI describe-* outputs are read from a folder: give the folder that holds them"}}
		default:
			doc, ds := tomlsnap.Parse(displayName(arg), data)
			diags = ds
			l.Snapshot, l.Expects = doc.Snapshot, doc.Expects
		}
	}
	if l.Snapshot == nil || diags.HasErrors() {
		if !diags.HasErrors() {
			diags = append(diags, model.Diagnostic{Severity: model.Error, Code: CodeReadError,
				Message: fmt.Sprintf("snapshot %s: nothing could be read", l.Name)})
		}
		return nil, diags
	}
	// The readers' notes travel with the snapshot: Validate repeats them.
	l.Snapshot.Notes = diags
	vd := l.Snapshot.Validate()
	if opt.Owned != nil {
		vd = slices.DeleteFunc(vd, opt.Owned)
	}
	if vd.HasErrors() {
		return nil, vd
	}
	l.Graph = sim.Build(l.Snapshot)
	return l, vd
}

// kindOtherJSON is a JSON file of no kind cshsim reads.
const kindOtherJSON = "json"

// detect says what kind of snapshot path holds and reads it, once (a
// pipe can be read only once): a folder is AWS CLI exports; a .toml file
// is TOML; another file is a Terraform plan when tfplan.IsPlan accepts it,
// JSON of no known kind when it starts like JSON, and TOML otherwise. "-"
// is standard input. Only regular files and pipes are read
// (safeio.ReadArg), within the size limit.
func detect(path string, opt OpenOptions) (kind string, data []byte, err error) {
	if path == "-" {
		if opt.Stdin == nil {
			return "", nil, errors.New("standard input is not available here")
		}
		data, err = safeio.ReadAll("standard input", opt.Stdin, opt.MaxBytes)
		if err != nil {
			return "", nil, err
		}
		return kindOf(path, data), data, nil
	}
	fi, err := safeio.Stat(path)
	if err != nil && !errors.Is(err, safeio.ErrNotRegular) {
		return "", nil, err
	}
	if err == nil && fi.IsDir() {
		return KindAWSCLI, nil, nil
	}
	data, err = safeio.ReadArg(path, opt.MaxBytes)
	if err != nil {
		return "", nil, err
	}
	return kindOf(path, data), data, nil
}

// kindOf says what kind of snapshot a file's content is.
func kindOf(path string, data []byte) string {
	if strings.EqualFold(filepath.Ext(path), ".toml") {
		return KindTOML
	}
	if tfplan.IsPlan(data) {
		return KindTerraformPlan
	}
	if t := bytes.TrimLeft(data, " \t\r\n\ufeff"); len(t) > 0 && (t[0] == '{' || t[0] == '[') {
		return kindOtherJSON
	}
	return KindTOML
}

// displayName is how diagnostics name an input: "-" is standard input.
func displayName(arg string) string {
	if arg == "-" {
		return "<stdin>"
	}
	return arg
}

func unwrapPathErr(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// Query resolves the source from and the destination to in the forms of
// docs/cli.md (--from, --to) and answers whether from reaches to with the
// default [sim.Options]. The error is about from or to, never about the
// network: an unreachable destination is a Result with Reachable false.
func (l *Loaded) Query(from, to string) (sim.Result, error) {
	src, err := l.Graph.ResolveSource(from)
	if err != nil {
		return sim.Result{}, fmt.Errorf("from %q: %w", from, err)
	}
	dst, err := sim.ParseDestination(to)
	if err != nil {
		return sim.Result{}, fmt.Errorf("to: %w", err)
	}
	return l.Graph.Query(src, dst), nil
}

// Cache opens each snapshot once, so that many test files that point at
// one snapshot read it once. The zero Cache is ready to use; a Cache is
// not safe for concurrent use.
type Cache struct {
	m map[string]cached
}

type cached struct {
	l     *Loaded
	diags model.Diagnostics
}

// Open is [Open] through the cache. Paths are keyed by their cleaned
// absolute form; a failed open is cached too.
func (c *Cache) Open(arg string) (*Loaded, model.Diagnostics) {
	key := arg
	if arg != "" && !strings.HasPrefix(arg, "scenario:") {
		if abs, err := filepath.Abs(arg); err == nil {
			key = abs
		}
	}
	if r, ok := c.m[key]; ok {
		return r.l, r.diags
	}
	l, diags := Open(arg)
	if c.m == nil {
		c.m = map[string]cached{}
	}
	c.m[key] = cached{l, diags}
	return l, diags
}
