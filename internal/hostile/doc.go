// Package hostile holds cshsim's hostile-input suite (tests only, issue 16):
// it builds the cshsim binary once and runs it on inputs generated at test
// time, each under an address-space limit (prlimit --as, when the prlimit
// binary exists) and a timeout, and holds every run to the resource
// contract of docs/cli.md: the exit status (2 for bad input, 0 or 1 for a
// valid one), a position (file:line[:col], or the path of a special file)
// for bad input, no panic, stderr under 100 KB, and a peak resident set
// under 10× the input plus 100 MB.
//
// The inputs are deep nesting for every reader (TOML, AWS CLI JSON,
// Terraform plan, IAM policy), named pipes and links to /dev/zero where a
// file is expected, a 10 MB TOML design, huge error lists, a prefix list
// fanned out to many route tables, and truncations and bit flips of every
// fixture. Nothing big is kept on disk; the whole suite takes well under two
// minutes on two cores, so plain `go test ./...` runs it in CI:
//
//	go test -count=1 -v ./internal/hostile   # logs time and peak RSS per case
//
// It has no code of its own.
package hostile
