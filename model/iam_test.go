package model

import "testing"

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

func slowGlob(p, s []rune) bool {
	if len(p) == 0 {
		return len(s) == 0
	}
	switch p[0] {
	case '*':
		return slowGlob(p[1:], s) || (len(s) > 0 && slowGlob(p, s[1:]))
	case '?':
		return len(s) > 0 && slowGlob(p[1:], s[1:])
	}
	return len(s) > 0 && p[0] == s[0] && slowGlob(p[1:], s[1:])
}
