package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"

	"github.com/cshsim/cshsim/model/awscli"
	"github.com/cshsim/cshsim/model/tomlsnap"
)

type importArgs struct {
	awsCLI string
	out    string
	force  bool
}

var cmdImport = &command{
	Name:      "import",
	UsageLine: "import --aws-cli DIR -o snapshot.toml [--force]",
	Short:     "convert AWS CLI exports to a TOML snapshot",
	Long: `Import reads a folder of AWS CLI describe-* JSON outputs (docs/collect.md)
and writes the same network as a TOML snapshot (docs/snapshot-format.md),
so that a deployed network can be read, edited and versioned as a design.
The converted snapshot gives the same answers as the folder. Secrets in the
exports (VPN pre-shared keys, user data) are never read, so never written.

It refuses to overwrite an existing file unless --force is given; -o - writes
to standard output.

Examples:
  cshsim import --aws-cli ./export -o network.toml
  cshsim import --aws-cli ./export -o - | less`,
	Flags: func(fs *flag.FlagSet) any {
		a := &importArgs{}
		fs.StringVar(&a.awsCLI, "aws-cli", "", "a folder of AWS CLI JSON exports")
		fs.StringVar(&a.out, "o", "", "the TOML file to write (- for standard output)")
		fs.BoolVar(&a.force, "force", false, "overwrite the output file if it exists")
		return a
	},
	Run: func(ctx context.Context, e *env, args any, pos []string) int {
		a := args.(*importArgs)
		switch {
		case len(pos) > 0:
			return e.errorf("import: unexpected argument %q; give the folder with --aws-cli", pos[0])
		case a.awsCLI == "":
			return e.errorf("import: --aws-cli DIR is required (Terraform plans are not supported yet)")
		case a.out == "":
			return e.errorf("import: -o FILE is required (- for standard output)")
		}
		if fi, err := os.Stat(a.awsCLI); err != nil {
			return e.errorf("import: %s: %v", a.awsCLI, unwrapPathErr(err))
		} else if !fi.IsDir() {
			return e.errorf("import: %s is not a folder", a.awsCLI)
		}
		if a.out != "-" && !a.force {
			if _, err := os.Stat(a.out); err == nil {
				return e.errorf("import: %s exists; use --force to overwrite it", a.out)
			} else if !errors.Is(err, fs.ErrNotExist) {
				return e.errorf("import: %s: %v", a.out, unwrapPathErr(err))
			}
		}
		snap, diags := awscli.Load(a.awsCLI)
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
		if err := os.WriteFile(a.out, buf.Bytes(), 0o644); err != nil {
			return e.errorf("import: %v", unwrapPathErr(err))
		}
		fmt.Fprintf(e.stderr, "wrote %s\n", a.out)
		return exitOK
	},
}
