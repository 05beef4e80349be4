// Package check is `cshsim check`: can each CloudShell VPC environment of a
// snapshot be created, and will it be useful? [Run] checks the limits and
// the placement AWS enforces, the Region ([RegionList]), the IAM actions
// CloudShell needs (evaluated by sim/iam), the network the environment will
// see (queries of the sim engine), stale interfaces and routing loops
// (shared/aws-rules.md §1; docs/check.md).
//
// It sits on top of sim: it asks the engine questions through its exported
// query surface and never forwards a packet itself.
package check
