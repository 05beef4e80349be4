// Package sim is cshsim's engine: it compiles a validated [model.Snapshot]
// into a component graph ([Build]) and walks simulated packets through it
// the way AWS forwards and filters them ([Graph.Query]), producing a
// [Result] with one [Hop] per component, a stable [Code] for the first
// blocker, a fix and the assumptions made.
//
// The rules implemented, each with its AWS source, are listed in
// docs/aws-rules.md of the repository; every rule has an allow and a block
// test in this package.
//
// A Graph is immutable after Build and safe for concurrent queries.
package sim
