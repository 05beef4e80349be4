package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"

	"github.com/cshsim/cshsim/internal/safeio"
	"github.com/cshsim/cshsim/model"
	"github.com/cshsim/cshsim/model/awscli"
	"github.com/cshsim/cshsim/model/tfplan"
	"github.com/cshsim/cshsim/model/tomlsnap"
)

type importArgs struct {
	awsCLI    string
	terraform string
	out       string
	force     bool
}

var cmdImport = &command{
	Name:      "import",
	UsageLine: "import (--aws-cli DIR | --terraform PLAN.json) -o snapshot.toml [--force]",
	Short:     "convert AWS CLI exports or a Terraform plan to a TOML snapshot",
	Long: `Import reads a folder of AWS CLI describe-* JSON outputs (docs/collect.md),
or the JSON that terraform show -json PLANFILE writes, and writes the same
network as a TOML snapshot (docs/snapshot-format.md), so that it can be
read, edited and versioned as a design. The converted snapshot gives the
same answers as its source. Secrets in exports (VPN pre-shared keys, user
data) are never read, so never written. Objects of a plan whose ids are
unknown until apply keep their Terraform addresses as ids.

It refuses to overwrite an existing file unless --force is given; -o - writes
to standard output.

Examples:
  cshsim import --aws-cli ./export -o network.toml
  cshsim import --aws-cli ./export -o - | less
  terraform show -json tfplan > plan.json && cshsim import --terraform plan.json -o design.toml`,
	Flags: func(fs *flag.FlagSet) any {
		a := &importArgs{}
		fs.StringVar(&a.awsCLI, "aws-cli", "", "a folder of AWS CLI JSON exports")
		fs.StringVar(&a.terraform, "terraform", "", "a Terraform plan as JSON (terraform show -json PLANFILE)")
		fs.StringVar(&a.out, "o", "", "the TOML file to write (- for standard output)")
		fs.BoolVar(&a.force, "force", false, "overwrite the output file if it exists")
		return a
	},
	Run: func(ctx context.Context, e *env, args any, pos []string) int {
		a := args.(*importArgs)
		switch {
		case len(pos) > 0:
			return e.errorf("import: unexpected argument %q; give the folder with --aws-cli", pos[0])
		case a.awsCLI == "" && a.terraform == "":
			return e.errorf("import: give --aws-cli DIR or --terraform PLAN.json")
		case a.awsCLI != "" && a.terraform != "":
			return e.errorf("import: give --aws-cli or --terraform, not both")
		case a.out == "":
			return e.errorf("import: -o FILE is required (- for standard output)")
		}
		in := a.awsCLI
		if in == "" {
			in = a.terraform
		}
		if fi, err := safeio.Stat(in); err != nil && errors.Is(err, safeio.ErrNotRegular) {
			return e.errorf("import: %v", err)
		} else if err != nil {
			return e.errorf("import: %s: %v", in, unwrapPathErr(err))
		} else if a.awsCLI != "" && !fi.IsDir() {
			return e.errorf("import: %s is not a folder (--aws-cli reads a folder of exports)", in)
		} else if a.terraform != "" && fi.IsDir() {
			return e.errorf("import: %s is a folder; --terraform reads one plan file", in)
		}
		if a.out != "-" && !a.force {
			if _, err := os.Stat(a.out); err == nil {
				return e.errorf("import: %s exists; use --force to overwrite it", a.out)
			} else if !errors.Is(err, fs.ErrNotExist) {
				return e.errorf("import: %s: %v", a.out, unwrapPathErr(err))
			}
		}
		var snap *model.Snapshot
		var diags model.Diagnostics
		if a.awsCLI != "" {
			snap, diags = awscli.LoadWith(a.awsCLI, awscli.Options{MaxBytes: e.maxBytes})
		} else {
			if data, err := safeio.ReadFile(a.terraform, e.maxBytes); err != nil {
				return e.errorf("import: %v", err)
			} else {
				snap, diags = tfplan.Parse(a.terraform, data)
			}
		}
		if diags.HasErrors() || snap == nil {
			printDiags(e.stderr, diags)
			return exitUsage
		}
		snap.Notes = diags
		vd := snap.Validate()
		printDiags(e.stderr, vd)
		if vd.HasErrors() {
			return exitUsage
		}
		var buf bytes.Buffer
		if err := tomlsnap.Write(&buf, snap, nil); err != nil {
			return e.errorf("import: %v", err)
		}
		if a.out == "-" {
			_, err := e.stdout.Write(buf.Bytes())
			if err != nil {
				return e.errorf("import: %v", err)
			}
			return exitOK
		}
		// Written atomically: a failed write leaves an existing file whole,
		// and without --force a file that appeared while the snapshot was
		// read is not replaced.
		if err := safeio.WriteFile(a.out, buf.Bytes(), 0o644, a.force); errors.Is(err, safeio.ErrExists) {
			return e.errorf("import: %s exists; use --force to overwrite it", a.out)
		} else if err != nil {
			return e.errorf("import: %s: %v", a.out, unwrapPathErr(err))
		}
		fmt.Fprintf(e.stderr, "wrote %s\n", a.out)
		return exitOK
	},
}
