package model

import "strings"

// Policy is an IAM identity-based policy document (IAM User Guide, "IAM
// JSON policy elements reference"), as a reader found it: a managed
// policy's default version, or an inline policy of a role, user or group.
// The zero Policy allows nothing.
type Policy struct {
	// Name is the policy's name: PolicyName when the document says it,
	// else the file it was read from.
	Name    string
	Version string // 2012-10-17 or 2008-10-17; "" when absent
	ID      string // the optional Id element
	// Statements are in document order.
	Statements []Statement
	// Pos is where the policy document starts.
	Pos Pos
}

// Effect is a statement's effect: Allow or Deny.
type Effect string

// The two effects.
const (
	EffectAllow Effect = "Allow"
	EffectDeny  Effect = "Deny"
)

// Statement is one statement of a policy. Exactly one of Action and
// NotAction is set, and exactly one of Resource and NotResource, in a
// policy a reader accepted.
type Statement struct {
	Sid    string
	Effect Effect
	// Action lists action patterns (service:Action, with * and ?
	// wildcards, or * alone); NotAction lists the actions the statement
	// does not cover: it covers every other.
	Action    []string
	NotAction []string
	// Resource lists resource ARN patterns (or *); NotResource the
	// resources the statement does not cover.
	Resource    []string
	NotResource []string
	// Condition is the Condition element: operator → condition key →
	// values. Every operator and every key must hold (AND); one of a key's
	// values is enough (OR).
	Condition Condition
	// Pos is where the statement starts; FieldPos holds the positions of
	// its elements by name (Action, Condition…), when the reader knows them.
	Pos      Pos
	FieldPos map[string]Pos
}

// Condition is a statement's Condition element: operator (StringEquals,
// ForAnyValue:StringLike, NullIfExists…) → condition key → values. Boolean
// and number values are kept as their JSON text ("true", "5"). The zero
// Condition holds always.
type Condition map[string]map[string][]string

// CoversAction reports whether the statement's Action or NotAction element
// covers the action (service:Name). Action names are matched without
// regard to case, with * matching any run of characters and ? one
// character (IAM User Guide, "IAM JSON policy elements: Action").
func (s Statement) CoversAction(action string) bool {
	if len(s.NotAction) > 0 {
		for _, p := range s.NotAction {
			if MatchAction(p, action) {
				return false
			}
		}
		return true
	}
	for _, p := range s.Action {
		if MatchAction(p, action) {
			return true
		}
	}
	return false
}

// MatchAction reports whether an action pattern (ec2:Describe*, ec2:*, *)
// matches the action, case-insensitively.
func MatchAction(pattern, action string) bool {
	return Glob(strings.ToLower(pattern), strings.ToLower(action))
}

// Glob reports whether s matches pattern, where * matches any run of
// characters (including none) and ? exactly one; every other character
// matches itself. It is the wildcard matching of IAM policy elements,
// case-sensitive; callers fold case where IAM does. Glob runs in
// O(len(pattern)·len(s)) time at worst.
func Glob(pattern, s string) bool {
	p, t := []rune(pattern), []rune(s)
	pi, ti := 0, 0
	star, mark := -1, 0
	for ti < len(t) {
		switch {
		case pi < len(p) && p[pi] == '*':
			star, mark = pi, ti
			pi++
		case pi < len(p) && (p[pi] == '?' || p[pi] == t[ti]):
			pi++
			ti++
		case star >= 0:
			pi = star + 1
			mark++
			ti = mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}
