// Command gen writes a synthetic AWS CLI export folder shaped like a real
// organisation's network (see package internal/gen), for benchmarks and
// load tests:
//
//	go run ./testdata/gen -scale S -seed 1 -o /tmp/export-s
//	go run ./testdata/gen -scale M -o /tmp/export-m
//	go run ./testdata/gen -vpcs 50 -subnets-per-vpc 12 -sgs-per-vpc 20 -o DIR
//
// A -scale preset sets every count; the other flags override it. The same
// flags and seed always write the same bytes.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/cshsim/cshsim/internal/gen"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(2)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	scale := fs.String("scale", "S", "preset: S (100 subnets) or M (1,000 VPCs, 10,000 subnets, ~20,000 interfaces, ~100,000 security group rules)")
	out := fs.String("o", "", "output folder (required; created; must be empty unless -f)")
	force := fs.Bool("f", false, "write into a folder that is not empty (files of the same names are overwritten)")
	seed := fs.Uint64("seed", 1, "seed: ids and choices derive from it")
	region := fs.String("region", "", "Region (default eu-west-1)")
	account := fs.String("account", "", "account id (default 111122223333)")
	vpcs := fs.Int("vpcs", 0, "VPCs (0: the preset's)")
	subnets := fs.Int("subnets-per-vpc", 0, "subnets per VPC, at least 4 (0: the preset's)")
	enis := fs.Int("enis-per-subnet", -1, "instance interfaces per private subnet (-1: the preset's)")
	sgs := fs.Int("sgs-per-vpc", 0, "application security groups per VPC (0: the preset's)")
	rules := fs.Int("rules-per-sg", 0, "rules per application security group (0: the preset's)")
	routes := fs.Int("routes-per-table", 0, "routes per private route table, at least 5 (0: the preset's)")
	endpointEvery := fs.Int("endpoint-every", -1, "every n-th VPC has interface endpoints (-1: the preset's, 0: only the shared-services VPC)")
	peeringEvery := fs.Int("peering-every", -1, "VPC k·n+1 peers with k·n+2 (-1: the preset's, 0: no peering)")
	tasks := fs.Int("tasks-per-vpc", -1, "ECS tasks in every other VPC (-1: the preset's)")
	cloudshells := fs.Int("cloudshells", -1, "interfaces tagged ManagedByCloudShell, one in use (-1: the preset's)")
	page := fs.Int("page", 0, "split large outputs into files of at most this many elements (0: one file per command)")
	sgRules := fs.Bool("sg-rules", false, "also write describe-security-group-rules output, as docs/collect.sh does")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" || fs.NArg() > 0 {
		return fmt.Errorf("usage: go run ./testdata/gen [-scale S|M] [-seed N] [flags] -o DIR")
	}
	c, err := gen.Scale(*scale)
	if err != nil {
		return err
	}
	c.Seed, c.Region, c.Account, c.PageSize, c.SGRulesFile = *seed, *region, *account, *page, *sgRules
	set := func(dst *int, v, unset int) {
		if v != unset {
			*dst = v
		}
	}
	set(&c.VPCs, *vpcs, 0)
	set(&c.SubnetsPerVPC, *subnets, 0)
	set(&c.ENIsPerSubnet, *enis, -1)
	set(&c.SGsPerVPC, *sgs, 0)
	set(&c.RulesPerSG, *rules, 0)
	set(&c.RoutesPerTable, *routes, 0)
	set(&c.EndpointEvery, *endpointEvery, -1)
	set(&c.PeeringEvery, *peeringEvery, -1)
	set(&c.TasksPerVPC, *tasks, -1)
	set(&c.CloudShells, *cloudshells, -1)

	if entries, err := os.ReadDir(*out); err == nil && len(entries) > 0 && !*force {
		return fmt.Errorf("%s is not empty (use -f to write into it anyway)", *out)
	}
	start := time.Now()
	st, err := gen.Generate(*out, c)
	if err != nil {
		return err
	}
	abs, _ := filepath.Abs(*out)
	fmt.Fprintf(os.Stderr, "gen: wrote %s in %s\ngen: %s\n", abs, time.Since(start).Round(time.Millisecond), st)
	return nil
}
