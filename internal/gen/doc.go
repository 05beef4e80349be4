// Package gen writes synthetic AWS CLI export folders shaped like a real
// organisation's network, for benchmarks and load tests: N VPCs with M
// subnets each across three Availability Zones (public, private and
// endpoint tiers), route tables with prefix-list, blackhole, transit
// gateway and peering routes, security groups whose rules name CIDRs,
// other groups and prefix lists, custom network ACLs, an internet gateway
// and NAT gateways per VPC, interface and gateway endpoints, a transit
// gateway hub with route tables, associations and propagations, VPC
// peering, CloudShell interfaces and ECS tasks.
//
// The output is what docs/collect.sh writes: one file per describe
// command, in the exact shapes `aws … --output json` (AWS CLI v2) prints,
// indented as the CLI indents, with the members cshsim does not read
// (timestamps, MAC addresses, ARNs) present. Everything, ids included, is
// derived from Config.Seed: the same Config always writes the same bytes.
//
// [Scale] returns the presets the benchmarks use (S: 100 subnets; M: 1,000
// VPCs, 10,000 subnets, about 20,000 interfaces and 100,000 security group
// rules); testdata/gen is the command-line wrapper:
//
//	go run ./testdata/gen -scale M -seed 1 -o /tmp/export-m
//
// The generated network gives varied answers on purpose: most interfaces
// reach the internet through their VPC's NAT gateway and AWS services
// through interface endpoints where the VPC has them; security groups
// limited to internal egress, a quarantine network ACL, endpoint security
// groups that admit one group only and VPCs with DNS host names off block
// some of them.
package gen
