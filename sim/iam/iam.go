package iam

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/cshsim/cshsim/model"
)

// Resource is the resource of one request. An empty field is unknown
// and matches any pattern.
type Resource struct {
	// Any is "*": the action has no resource-level permissions.
	Any bool
	// Partition, Service, Region and Account are the ARN's segments.
	Partition, Service, Region, Account string
	// Type and ID are the resource type and id: network-interface and
	// eni-0abc.
	Type, ID string
}

// String is the resource's ARN, with * for what is unknown.
func (r Resource) String() string {
	if r.Any {
		return "*"
	}
	id := r.ID
	if id == "" {
		id = "*"
	}
	return fmt.Sprintf("arn:%s:%s:%s:%s:%s/%s", cmp.Or(r.Partition, "aws"), r.Service, cmp.Or(r.Region, "*"), cmp.Or(r.Account, "*"), r.Type, id)
}

// Request is one authorization request: an action on a resource, with
// the request context.
type Request struct {
	// Action is service:Action, as policies name it.
	Action string
	// Resource is what the action is on.
	Resource Resource
	// Context holds the condition keys present in the request, lower-case; a
	// nil value means present with values cshsim does not know.
	Context map[string][]string
	// Decided lists key prefixes (lower-case) whose presence is known: a
	// key under one of them that Context lacks is absent. Any other key is
	// one cshsim cannot evaluate.
	Decided []string
}

func (q Request) lookup(key string) (vals []string, present, known bool) {
	k := strings.ToLower(key)
	if v, ok := q.Context[k]; ok {
		return v, true, true
	}
	for _, p := range q.Decided {
		if strings.HasPrefix(k, p) {
			return nil, false, true
		}
	}
	return nil, false, false
}

// tri is a three-valued truth: a condition cshsim cannot evaluate is
// unknown.
type tri uint8

const (
	triFalse tri = iota
	triTrue
	triUnknown
)

// matchResource reports whether a Resource pattern covers the request's
// resource. Patterns are matched segment by segment (arn:partition:
// service:region:account:resource), with * and ?; an unknown segment of
// the request (the id of an interface not yet created, an account the
// snapshot does not say) matches any pattern. An action without
// resource-level permissions is matched only by patterns that match "*".
func matchResource(pattern string, r Resource) bool {
	if r.Any {
		return model.Glob(pattern, "*")
	}
	if pattern == "*" {
		return true
	}
	parts := strings.SplitN(pattern, ":", 6)
	if len(parts) < 6 {
		return model.Glob(pattern, r.String())
	}
	seg := func(p, v string) bool { return v == "" || model.Glob(p, v) }
	if !seg(parts[1], r.Partition) || !seg(parts[2], r.Service) || !seg(parts[3], r.Region) || !seg(parts[4], r.Account) {
		return false
	}
	if r.ID != "" {
		return model.Glob(parts[5], r.Type+"/"+r.ID)
	}
	if i := strings.IndexByte(parts[5], '/'); i >= 0 {
		return model.Glob(parts[5][:i], r.Type)
	}
	return model.Glob(parts[5], r.Type+"/*")
}

func coversResource(s model.Statement, r Resource) bool {
	if len(s.NotResource) > 0 {
		return !slices.ContainsFunc(s.NotResource, func(p string) bool { return matchResource(p, r) })
	}
	return slices.ContainsFunc(s.Resource, func(p string) bool { return matchResource(p, r) })
}

// evalCondition evaluates a Condition element against the request: every
// operator and key must hold. It returns the keys it could not evaluate.
func evalCondition(c model.Condition, q Request) (tri, []string) {
	result := triTrue
	var unknown []string
	for _, op := range slices.Sorted(maps.Keys(c)) {
		for _, key := range slices.Sorted(maps.Keys(c[op])) {
			switch evalOne(op, key, c[op][key], q) {
			case triFalse:
				return triFalse, nil
			case triUnknown:
				result = triUnknown
				unknown = append(unknown, fmt.Sprintf("%s %s", op, key))
			}
		}
	}
	return result, unknown
}

// evalOne evaluates one operator on one key (IAM User Guide, "IAM JSON
// policy elements: Condition operators" and "Single-valued vs.
// multivalued context keys").
func evalOne(op, key string, vals []string, q Request) tri {
	base := op
	set := ""
	if i := strings.IndexByte(base, ':'); i >= 0 {
		set, base = strings.ToLower(base[:i]), base[i+1:]
		if set != "foranyvalue" && set != "forallvalues" {
			return triUnknown
		}
	}
	lower := strings.ToLower(base)
	ifExists := strings.HasSuffix(lower, "ifexists")
	lower = strings.TrimSuffix(lower, "ifexists")
	ctxVals, present, known := q.lookup(key)
	if !known {
		return triUnknown
	}
	if lower == "null" {
		for _, v := range vals {
			if (strings.EqualFold(v, "true") && !present) || (strings.EqualFold(v, "false") && present) {
				return triTrue
			}
		}
		return triFalse
	}
	match, negated, ok := matcher(lower)
	if !ok {
		return triUnknown
	}
	if !present {
		switch {
		case ifExists, set == "forallvalues":
			return triTrue
		case set == "foranyvalue":
			return triFalse
		case negated:
			return triTrue
		}
		return triFalse
	}
	if ctxVals == nil || slices.ContainsFunc(vals, func(v string) bool { return strings.Contains(v, "${") }) {
		return triUnknown // values not known, or a policy variable
	}
	hit := func(cv string) bool { return slices.ContainsFunc(vals, func(pv string) bool { return match(cv, pv) }) }
	sat := func(cv string) bool { return hit(cv) != negated }
	switch set {
	case "forallvalues":
		if slices.ContainsFunc(ctxVals, func(cv string) bool { return !sat(cv) }) {
			return triFalse
		}
		return triTrue
	case "foranyvalue":
		if slices.ContainsFunc(ctxVals, sat) {
			return triTrue
		}
		return triFalse
	}
	if negated {
		if slices.ContainsFunc(ctxVals, hit) {
			return triFalse
		}
		return triTrue
	}
	if slices.ContainsFunc(ctxVals, hit) {
		return triTrue
	}
	return triFalse
}

// matcher returns the comparison of a condition operator (lower-case,
// without set prefix and IfExists) and whether it is negated; ok is false
// for operators cshsim does not evaluate (numeric, date, IP address,
// binary).
func matcher(op string) (match func(ctx, pol string) bool, negated, ok bool) {
	eq := func(a, b string) bool { return a == b }
	fold := strings.EqualFold
	like := func(a, b string) bool { return model.Glob(b, a) }
	switch op {
	case "stringequals":
		return eq, false, true
	case "stringnotequals":
		return eq, true, true
	case "stringequalsignorecase":
		return fold, false, true
	case "stringnotequalsignorecase":
		return fold, true, true
	case "stringlike", "arnlike", "arnequals":
		return like, false, true
	case "stringnotlike", "arnnotlike", "arnnotequals":
		return like, true, true
	case "bool":
		return fold, false, true
	}
	return nil, false, false
}

// // StatementRef names one statement of a policy, for messages.
type StatementRef struct {
	// Policy is the policy's name and Sid the statement's (may be "").
	Policy, Sid string
	// Index is the statement's place in the policy, from 0.
	Index int
	// At is where the statement is written: file:line:col.
	At string
}

// String names the statement by its Sid, or by its index.
func (s StatementRef) String() string {
	if s.Sid != "" {
		return fmt.Sprintf("statement %q of policy %s", s.Sid, s.Policy)
	}
	return fmt.Sprintf("statement %d of policy %s", s.Index, s.Policy)
}

// Outcome is the evaluation of one request, from best to worst.
type Outcome int

// Outcomes of [Evaluate].
const (
	// Allowed: an Allow applies and no Deny may.
	Allowed Outcome = iota
	// Uncertain: an Allow that may not apply, or a Deny that may, under
	// conditions cshsim cannot evaluate.
	Uncertain
	// Missing: no Allow applies (implicit deny).
	Missing
	// Denied: an explicit Deny applies.
	Denied
)

// Decision is the evaluation of one request, with the statements that
// decided it.
type Decision struct {
	Outcome Outcome
	// By is the Deny that applies, or the Allow.
	By StatementRef
	// Unsure is the statement whose conditions could not be evaluated,
	// and Unknown those conditions.
	Unsure  StatementRef
	Unknown []string
	// NearMiss is an Allow covering the action and resource whose
	// condition failed.
	NearMiss *StatementRef
	// Resource is the request's resource.
	Resource Resource
}

// Evaluate decides one request as AWS does for identity-based policies of
// one account: an explicit Deny wins; otherwise some Allow must apply
// (IAM User Guide, "Policy evaluation logic"). Statements whose conditions
// cannot be evaluated may or may not apply.
func Evaluate(policies []model.Policy, q Request) Decision {
	d := Decision{Outcome: Missing, Resource: q.Resource}
	var allow, maybeAllow, maybeDeny *StatementRef
	var allowUnknown, denyUnknown []string
	for _, p := range policies {
		for i, s := range p.Statements {
			if !s.CoversAction(q.Action) || !coversResource(s, q.Resource) {
				continue
			}
			ref := StatementRef{Policy: p.Name, Sid: s.Sid, Index: i, At: s.Pos.String()}
			t, unknown := evalCondition(s.Condition, q)
			switch {
			case s.Effect == model.EffectDeny && t == triTrue:
				d.Outcome, d.By = Denied, ref
				return d
			case s.Effect == model.EffectDeny && t == triUnknown && maybeDeny == nil:
				maybeDeny, denyUnknown = &ref, unknown
			case s.Effect == model.EffectAllow && t == triTrue && allow == nil:
				allow = &ref
			case s.Effect == model.EffectAllow && t == triUnknown && maybeAllow == nil:
				maybeAllow, allowUnknown = &ref, unknown
			case s.Effect == model.EffectAllow && t == triFalse && d.NearMiss == nil:
				d.NearMiss = &ref
			}
		}
	}
	switch {
	case maybeDeny != nil && (allow != nil || maybeAllow != nil):
		d.Outcome, d.Unsure, d.Unknown = Uncertain, *maybeDeny, denyUnknown
	case allow != nil:
		d.Outcome, d.By = Allowed, *allow
	case maybeAllow != nil:
		d.Outcome, d.Unsure, d.Unknown = Uncertain, *maybeAllow, allowUnknown
	}
	return d
}
