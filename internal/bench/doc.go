// Package bench holds cshsim's end-to-end benchmarks (tests only): load
// (read, decode, model, Validate, sim.Build) against the floor of decoding
// the same files into typed structs, one CloudShell environment's default
// catalogue, the full matrix of every interface × its catalogue on all
// cores, and the memory a load takes, at the scales of internal/gen (S:
// 100 subnets; M: 1,000 VPCs, 10,000 subnets, ~20,000 interfaces, ~100,000
// security group rules). docs/performance.md has the commands, the
// numbers and the targets.
//
//	go test -run '^$' -bench . -benchtime 1x -short ./internal/bench   # S only
//	go test -run '^$' -bench . -benchtime 1x ./internal/bench          # S and M
//
// Its test (TestGeneratedExport, scale S) checks that a generated export
// loads without diagnostics, validates, and gives the varied answers the
// generator promises.
package bench
