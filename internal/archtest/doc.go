// Package archtest holds tests that keep the architecture honest: which
// package may import which (design.md §1), and that every package is
// documented. It has no code of its own.
package archtest
