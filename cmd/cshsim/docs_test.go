package main

import (
	"flag"
	"io"
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestCLIDocsMatchFlags: every flag of every command is documented in
// docs/cli.md, and every --flag docs/cli.md names is one a command has.
func TestCLIDocsMatchFlags(t *testing.T) {
	b, err := os.ReadFile("../../docs/cli.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	have := map[string]bool{"help": true}
	for _, c := range commands() {
		if c.Flags == nil {
			continue
		}
		fs := flag.NewFlagSet(c.Name, flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		c.Flags(fs)
		commonFlags(c, fs)
		fs.VisitAll(func(f *flag.Flag) {
			have[f.Name] = true
			spelled := "--" + f.Name
			if len(f.Name) == 1 {
				spelled = "-" + f.Name + " " // -o FILE
			}
			if !strings.Contains(doc, spelled) {
				t.Errorf("cshsim %s %s is not in docs/cli.md", c.Name, spelled)
			}
		})
	}
	for _, m := range regexp.MustCompile(`(?:^|[\s\x60(\[])--([a-z][a-z0-9-]*)`).FindAllStringSubmatch(doc, -1) {
		if !have[m[1]] {
			t.Errorf("docs/cli.md names --%s, which no command has", m[1])
		}
	}
}
