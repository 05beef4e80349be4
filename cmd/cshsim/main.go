// Command cshsim is an offline network reachability simulator for AWS: it
// answers what a CloudShell VPC environment (or any network interface) can
// reach, and why not, from a snapshot of the network, without calling AWS.
//
// Run `cshsim help` for the subcommands; docs/cli.md is the reference.
package main

import (
	"context"
	"os"
)

func main() { os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr)) }
