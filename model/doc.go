// Package model is cshsim's typed network snapshot: the VPCs, subnets, route
// tables, gateways, security groups, network ACLs, interfaces and CloudShell
// environments of one or more AWS accounts and Regions, with every address
// and prefix held as a [net/netip] value.
//
// Readers (model/tomlsnap, model/awscli) fill a [Snapshot]; [Snapshot.Validate]
// reports every problem as a [Diagnostic] with a stable code; the simulator
// (package sim) reads the snapshot and never writes it. The package imports
// only the standard library.
package model
