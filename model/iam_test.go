package model

import (
	"strings"
	"testing"
	"time"
)

func TestGlob(t *testing.T) {
	tests := []struct {
		pattern, s string
		want       bool
	}{
		{"*", "", true},
		{"*", "anything", true},
		{"ec2:Describe*", "ec2:DescribeVpcs", true},
		{"ec2:Describe*", "ec2:CreateTags", false},
		{"ec2:*Interface*", "ec2:CreateNetworkInterfacePermission", true},
		{"ec2:?escribeVpcs", "ec2:DescribeVpcs", true},
		{"ec2:?", "ec2:", false},
		{"a*b*c", "aXbYbZc", true},
		{"a*b*c", "aXbYbZ", false},
		{"*x", "*ax", true}, // a literal * in s is not special
		{"", "", true},
		{"", "a", false},
		{"ab", "a", false},
		{"réseau*", "réseau-1", true},
	}
	for _, tt := range tests {
		if got := Glob(tt.pattern, tt.s); got != tt.want {
			t.Errorf("Glob(%q, %q) = %v, want %v", tt.pattern, tt.s, got, tt.want)
		}
	}
}

func TestCoversAction(t *testing.T) {
	tests := []struct {
		name string
		s    Statement
		act  string
		want bool
	}{
		{"exact", Statement{Action: []string{"ec2:CreateTags"}}, "ec2:CreateTags", true},
		{"case", Statement{Action: []string{"EC2:createTAGS"}}, "ec2:CreateTags", true},
		{"service wildcard", Statement{Action: []string{"ec2:*"}}, "ec2:CreateTags", true},
		{"other service", Statement{Action: []string{"s3:*"}}, "ec2:CreateTags", false},
		{"everything", Statement{Action: []string{"*"}}, "cloudshell:CreateEnvironment", true},
		{"NotAction excludes", Statement{NotAction: []string{"ec2:Create*"}}, "ec2:CreateTags", false},
		{"NotAction covers the rest", Statement{NotAction: []string{"ec2:Create*"}}, "ec2:DescribeVpcs", true},
		{"no action", Statement{}, "ec2:DescribeVpcs", false},
	}
	for _, tt := range tests {
		if got := tt.s.CoversAction(tt.act); got != tt.want {
			t.Errorf("%s: CoversAction(%q) = %v, want %v", tt.name, tt.act, got, tt.want)
		}
	}
}

// FuzzGlob checks Glob against a plain recursive matcher.
func FuzzGlob(f *testing.F) {
	for _, s := range [][2]string{{"*", "x"}, {"a*b?c", "aXbYc"}, {"**?", ""}, {"?*?", "ab"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, pattern, s string) {
		if len(pattern) > 32 || len(s) > 32 {
			return
		}
		if got, want := Glob(pattern, s), slowGlob([]rune(pattern), []rune(s)); got != want {
			t.Errorf("Glob(%q, %q) = %v, slow matcher says %v", pattern, s, got, want)
		}
	})
}

// TestSlowGlobPolynomial: the reference matcher answers a pattern of many
// stars that never matches at once. Without its memo it tries every way
// to split s among the stars, C(40, 11) ways here, and ran 93 s in the
// fuzzer.
func TestSlowGlobPolynomial(t *testing.T) {
	pattern, s := "*a*a*a*a*a*a*a*a*a*a*a*b", strings.Repeat("a", 40)
	done := make(chan bool, 1)
	go func() { done <- slowGlob([]rune(pattern), []rune(s)) }()
	select {
	case got := <-done:
		if got || Glob(pattern, s) {
			t.Errorf("slowGlob(%q, %q) = %v, Glob = %v; want false", pattern, s, got, Glob(pattern, s))
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("slowGlob(%q, %q) runs for more than 5 s", pattern, s)
	}
}

// slowGlob is the definition of Glob, one case per pattern character,
// memoized on the position in each (i, j) so that it makes at most
// (len(p)+1)·(len(s)+1) calls.
func slowGlob(p, s []rune) bool {
	memo := make(map[[2]int]bool)
	var match func(i, j int) bool
	match = func(i, j int) bool {
		if v, ok := memo[[2]int{i, j}]; ok {
			return v
		}
		var m bool
		switch {
		case i == len(p):
			m = j == len(s)
		case p[i] == '*': // none of s, or one rune more
			m = match(i+1, j) || (j < len(s) && match(i, j+1))
		case p[i] == '?':
			m = j < len(s) && match(i+1, j+1)
		default:
			m = j < len(s) && p[i] == s[j] && match(i+1, j+1)
		}
		memo[[2]int{i, j}] = m
		return m
	}
	return match(0, 0)
}
