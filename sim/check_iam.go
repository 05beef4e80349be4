package sim

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/cshsim/cshsim/model"
)

// The IAM evaluation of check: the actions needed, the requests made, statements, conditions and matching.

// iamNeed is one action CloudShell needs to create a VPC environment
// (CloudShell User Guide, "Required IAM permissions for creating and using
// CloudShell VPC environments").
type iamNeed struct {
	action      string
	recommended bool   // not required: a missing one is a warning
	without     string // the consequence of not having it
}

var iamNeeds = []iamNeed{
	{"cloudshell:CreateEnvironment", false, "the environment cannot be created at all"},
	{"ec2:DescribeVpcs", false, "the Create VPC environment form cannot list the VPCs, and creating the environment fails"},
	{"ec2:DescribeSubnets", false, "the Create VPC environment form cannot list the subnets, and creating the environment fails"},
	{"ec2:DescribeSecurityGroups", false, "the Create VPC environment form cannot list the security groups, and creating the environment fails"},
	{"ec2:DescribeDhcpOptions", false, "CloudShell cannot read the VPC's DHCP options while it sets up the environment's network, and creating the environment fails"},
	{"ec2:DescribeNetworkInterfaces", false, "CloudShell cannot look up the environment's network interface, and creating the environment fails"},
	{"ec2:CreateTags", false, "CloudShell cannot tag the environment's network interface " + model.CloudShellTag + ", and creating the environment fails"},
	{"ec2:CreateNetworkInterface", false, "CloudShell cannot create the environment's network interface in the subnet, and creating the environment fails"},
	{"ec2:CreateNetworkInterfacePermission", false, "CloudShell cannot attach the network interface to the environment's host, and creating the environment fails"},
	{"ec2:DeleteNetworkInterface", true, "CloudShell cannot delete the environment's network interface: interfaces tagged " + model.CloudShellTag + " are left behind and must be deleted by hand after each use"},
}

// iamResource is the resource of one request. An empty field is unknown
// and matches any pattern.
type iamResource struct {
	any                                 bool // "*": the action has no resource-level permissions
	partition, service, region, account string
	typ, id                             string
}

func (r iamResource) String() string {
	if r.any {
		return "*"
	}
	id := r.id
	if id == "" {
		id = "*"
	}
	return fmt.Sprintf("arn:%s:%s:%s:%s:%s/%s", cmp.Or(r.partition, "aws"), r.service, cmp.Or(r.region, "*"), cmp.Or(r.account, "*"), r.typ, id)
}

// iamRequest is one authorization request CloudShell's creation of an
// environment makes: an action on a resource, with the request context.
type iamRequest struct {
	action   string
	resource iamResource
	// ctx holds the condition keys present in the request, lower-case; a
	// nil value means present with values cshsim does not know.
	ctx map[string][]string
	// decided lists key prefixes (lower-case) whose presence is known: a
	// key under one of them that ctx lacks is absent. Any other key is
	// one cshsim cannot evaluate.
	decided []string
}

func (q iamRequest) lookup(key string) (vals []string, present, known bool) {
	k := strings.ToLower(key)
	if v, ok := q.ctx[k]; ok {
		return v, true, true
	}
	for _, p := range q.decided {
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

// iamContext is what cshsim knows of the environment being created.
type iamContext struct {
	principal, partition, account, region string
	vpc, subnet                           string
	sgs                                   []string
	eni                                   string
	known                                 bool // vpc, subnet and sgs are the environment's
}

// consoleCalls are the actions the console's Create VPC environment form
// calls itself, as the principal, to list the choices: the CloudShell User
// Guide's newer example policy grants them without the aws:CalledVia
// condition it puts on the calls CloudShell makes (shared/aws-rules.md
// §1.5; an inference, see docs/check.md).
var consoleCalls = map[string]bool{"ec2:DescribeVpcs": true, "ec2:DescribeSubnets": true, "ec2:DescribeSecurityGroups": true}

// iamRequests lists the requests creating an environment makes for one
// action (shared/aws-rules.md §1.5). Describe actions have no
// resource-level permissions ("*"). cloudshell:CreateEnvironment and the
// form's Describe calls come from the principal; the other ec2 calls come
// from CloudShell on the principal's behalf: aws:CalledVia is
// cloudshell.amazonaws.com, and the new interface carries the tag
// ManagedByCloudShell (empty value) from its creation.
func iamRequests(action string, x iamContext) []iamRequest {
	base := func() map[string][]string {
		m := map[string][]string{}
		if x.region != "" {
			m["aws:requestedregion"] = []string{x.region}
		}
		if x.principal != "" {
			m["aws:principalarn"] = []string{x.principal}
		}
		if x.account != "" {
			m["aws:principalaccount"] = []string{x.account}
		}
		return m
	}
	res := func(service, typ, id string) iamResource {
		return iamResource{partition: x.partition, service: service, region: x.region, account: x.account, typ: typ, id: id}
	}
	viaCloudShell := func(m map[string][]string) map[string][]string {
		m["aws:calledvia"] = []string{"cloudshell.amazonaws.com"}
		m["aws:calledviafirst"] = []string{"cloudshell.amazonaws.com"}
		m["aws:calledvialast"] = []string{"cloudshell.amazonaws.com"}
		m["aws:viaawsservice"] = []string{"true"}
		return m
	}
	// ec2Decided: keys whose presence an ec2 request of CloudShell's
	// decides; tags on a subnet or security group are the user's, unknown.
	ec2Decided := []string{"aws:calledvia", "aws:viaawsservice", "aws:requesttag/", "aws:tagkeys", "ec2:createaction", "cloudshell:"}
	withResourceTags := append(slices.Clone(ec2Decided), "aws:resourcetag/")
	tagged := func(m map[string][]string) map[string][]string {
		m["aws:requesttag/"+strings.ToLower(model.CloudShellTag)] = []string{""}
		m["aws:tagkeys"] = []string{model.CloudShellTag}
		return m
	}
	switch {
	case action == "cloudshell:CreateEnvironment":
		m := base()
		m["aws:viaawsservice"] = []string{"false"}
		if x.known {
			m["cloudshell:vpcids"] = []string{x.vpc}
			m["cloudshell:subnetids"] = []string{x.subnet}
			m["cloudshell:securitygroupids"] = slices.Clone(x.sgs)
		} else {
			m["cloudshell:vpcids"], m["cloudshell:subnetids"], m["cloudshell:securitygroupids"] = nil, nil, nil
		}
		return []iamRequest{{action: action, resource: res("cloudshell", "environment", ""), ctx: m,
			decided: []string{"aws:calledvia", "aws:viaawsservice", "ec2:", "cloudshell:"}}}
	case consoleCalls[action]:
		// The console's Create VPC environment form lists VPCs, subnets
		// and security groups itself, as the principal.
		m := base()
		m["aws:viaawsservice"] = []string{"false"}
		return []iamRequest{{action: action, resource: iamResource{any: true}, ctx: m, decided: withResourceTags}}
	case strings.HasPrefix(action, "ec2:Describe"):
		return []iamRequest{{action: action, resource: iamResource{any: true}, ctx: viaCloudShell(base()), decided: withResourceTags}}
	case action == "ec2:CreateTags":
		m := tagged(viaCloudShell(base()))
		m["ec2:createaction"] = []string{"CreateNetworkInterface"}
		return []iamRequest{{action: action, resource: res("ec2", "network-interface", ""), ctx: m, decided: withResourceTags}}
	case action == "ec2:CreateNetworkInterface":
		out := []iamRequest{
			{action: action, resource: res("ec2", "network-interface", ""), ctx: tagged(viaCloudShell(base())), decided: withResourceTags},
			{action: action, resource: res("ec2", "subnet", x.subnet), ctx: viaCloudShell(base()), decided: ec2Decided},
		}
		sgs := x.sgs
		if len(sgs) == 0 {
			sgs = []string{""}
		}
		for _, sg := range sgs {
			out = append(out, iamRequest{action: action, resource: res("ec2", "security-group", sg), ctx: viaCloudShell(base()), decided: ec2Decided})
		}
		return out
	default: // CreateNetworkInterfacePermission, DeleteNetworkInterface: the tagged interface
		m := viaCloudShell(base())
		m["aws:resourcetag/"+strings.ToLower(model.CloudShellTag)] = []string{""}
		return []iamRequest{{action: action, resource: res("ec2", "network-interface", x.eni), ctx: m, decided: withResourceTags}}
	}
}

// matchResource reports whether a Resource pattern covers the request's
// resource. Patterns are matched segment by segment (arn:partition:
// service:region:account:resource), with * and ?; an unknown segment of
// the request (the id of an interface not yet created, an account the
// snapshot does not say) matches any pattern. An action without
// resource-level permissions is matched only by patterns that match "*".
func matchResource(pattern string, r iamResource) bool {
	if r.any {
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
	if !seg(parts[1], r.partition) || !seg(parts[2], r.service) || !seg(parts[3], r.region) || !seg(parts[4], r.account) {
		return false
	}
	if r.id != "" {
		return model.Glob(parts[5], r.typ+"/"+r.id)
	}
	if i := strings.IndexByte(parts[5], '/'); i >= 0 {
		return model.Glob(parts[5][:i], r.typ)
	}
	return model.Glob(parts[5], r.typ+"/*")
}

func coversResource(s model.Statement, r iamResource) bool {
	if len(s.NotResource) > 0 {
		return !slices.ContainsFunc(s.NotResource, func(p string) bool { return matchResource(p, r) })
	}
	return slices.ContainsFunc(s.Resource, func(p string) bool { return matchResource(p, r) })
}

// evalCondition evaluates a Condition element against the request: every
// operator and key must hold. It returns the keys it could not evaluate.
func evalCondition(c model.Condition, q iamRequest) (tri, []string) {
	result := triTrue
	var unknown []string
	for _, op := range sortedKeys(c) {
		for _, key := range sortedKeys(c[op]) {
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
func evalOne(op, key string, vals []string, q iamRequest) tri {
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

// stmtRef names one statement for messages.
type stmtRef struct {
	policy string
	sid    string
	index  int
	at     string
}

func (s stmtRef) String() string {
	if s.sid != "" {
		return fmt.Sprintf("statement %q of policy %s", s.sid, s.policy)
	}
	return fmt.Sprintf("statement %d of policy %s", s.index, s.policy)
}

// iamOutcome is the evaluation of one request.
type iamOutcome int

const (
	iamAllowed   iamOutcome = iota
	iamUncertain            // an Allow that may not apply, or a Deny that may
	iamMissing              // no Allow applies: implicit deny
	iamDenied               // an explicit Deny applies
)

// iamDecision is the evaluation of one request, with the statements that
// decided it.
type iamDecision struct {
	outcome  iamOutcome
	by       stmtRef  // the Deny that applies, or the Allow
	unsure   stmtRef  // the statement whose conditions could not be evaluated
	unknown  []string // the conditions cshsim could not evaluate
	nearMiss *stmtRef // an Allow covering the action and resource whose condition failed
	resource iamResource
}

// evaluate decides one request as AWS does for identity-based policies of
// one account: an explicit Deny wins; otherwise some Allow must apply
// (IAM User Guide, "Policy evaluation logic"). Statements whose conditions
// cannot be evaluated may or may not apply.
func evaluate(policies []model.Policy, q iamRequest) iamDecision {
	d := iamDecision{outcome: iamMissing, resource: q.resource}
	var allow, maybeAllow, maybeDeny *stmtRef
	var allowUnknown, denyUnknown []string
	for _, p := range policies {
		for i, s := range p.Statements {
			if !s.CoversAction(q.action) || !coversResource(s, q.resource) {
				continue
			}
			ref := stmtRef{policy: p.Name, sid: s.Sid, index: i, at: s.Pos.String()}
			t, unknown := evalCondition(s.Condition, q)
			switch {
			case s.Effect == model.EffectDeny && t == triTrue:
				d.outcome, d.by = iamDenied, ref
				return d
			case s.Effect == model.EffectDeny && t == triUnknown && maybeDeny == nil:
				maybeDeny, denyUnknown = &ref, unknown
			case s.Effect == model.EffectAllow && t == triTrue && allow == nil:
				allow = &ref
			case s.Effect == model.EffectAllow && t == triUnknown && maybeAllow == nil:
				maybeAllow, allowUnknown = &ref, unknown
			case s.Effect == model.EffectAllow && t == triFalse && d.nearMiss == nil:
				d.nearMiss = &ref
			}
		}
	}
	switch {
	case maybeDeny != nil && (allow != nil || maybeAllow != nil):
		d.outcome, d.unsure, d.unknown = iamUncertain, *maybeDeny, denyUnknown
	case allow != nil:
		d.outcome, d.by = iamAllowed, *allow
	case maybeAllow != nil:
		d.outcome, d.unsure, d.unknown = iamUncertain, *maybeAllow, allowUnknown
	}
	return d
}

// iamAccount returns the partition and account of the principal ARN
// (arn:aws:iam::123456789012:role/Admin), or of the snapshot.
func (c *checker) iamAccount(principal, region string) (partition, account string) {
	if parts := strings.Split(principal, ":"); len(parts) >= 5 && parts[0] == "arn" {
		partition, account = parts[1], parts[4]
	}
	account = cmp.Or(account, c.g.snap.Account)
	if partition == "" {
		switch {
		case strings.HasPrefix(region, "us-gov-"):
			partition = "aws-us-gov"
		case strings.HasPrefix(region, "cn-"):
			partition = "aws-cn"
		default:
			partition = "aws"
		}
	}
	return partition, account
}

// iam evaluates the policies for the requests creating each environment
// (or an environment of unknown placement when there is none). When every
// environment gets the same findings they are reported once, for all.
func (c *checker) iam(envs []checkEnv, regions []string) {
	if len(c.opts.Policies) == 0 {
		return
	}
	c.vpcOnly()
	var per [][]Finding
	if len(envs) == 0 {
		region := c.g.snap.Region
		partition, account := c.iamAccount(c.opts.Principal, region)
		per = append(per, c.iamFor("", iamContext{principal: c.opts.Principal, partition: partition, account: account, region: region}))
	}
	for i, e := range envs {
		partition, account := c.iamAccount(e.principal, regions[i])
		x := iamContext{principal: e.principal, partition: partition, account: account, region: regions[i],
			vpc: e.vpc, subnet: e.subnet, sgs: e.sgs, eni: e.eni, known: true}
		per = append(per, c.iamFor(e.name, x))
	}
	same := true
	for _, fs := range per[1:] {
		if !sameFindings(fs, per[0]) {
			same = false
		}
	}
	if same {
		for _, f := range per[0] {
			f.Environment = ""
			c.add(f)
		}
		return
	}
	for _, fs := range per {
		for _, f := range fs {
			c.add(f)
		}
	}
}

func sameFindings(a, b []Finding) bool {
	return slices.EqualFunc(a, b, func(x, y Finding) bool {
		x.Environment, y.Environment = "", ""
		return x == y
	})
}

// iamFor evaluates every needed action for one environment.
func (c *checker) iamFor(env string, x iamContext) []Finding {
	var out []Finding
	var allowed []string
	for _, n := range iamNeeds {
		worst := iamDecision{outcome: iamAllowed}
		for _, q := range iamRequests(n.action, x) {
			if d := evaluate(c.opts.Policies, q); d.outcome > worst.outcome {
				worst = d
			}
		}
		f := Finding{Environment: env, Resource: n.action}
		kind := "required"
		if n.recommended {
			kind = "recommended"
		}
		switch worst.outcome {
		case iamAllowed:
			allowed = append(allowed, n.action)
			continue
		case iamDenied:
			f.Severity, f.Code, f.At = SeverityError, CheckIAMDenied, worst.by.at
			f.Message = fmt.Sprintf("%s (%s) is denied explicitly by %s for %s: %s", n.action, kind, worst.by, worst.resource, n.without)
			f.Fix = fmt.Sprintf("remove or narrow that Deny so that it spares CloudShell's request (aws:CalledVia = cloudshell.amazonaws.com, interfaces tagged %s)", model.CloudShellTag)
		case iamMissing:
			f.Severity, f.Code = SeverityError, CheckIAMMissing
			f.Message = fmt.Sprintf("%s (%s) is not allowed for %s: no Allow statement of the policies applies", n.action, kind, worst.resource)
			if worst.nearMiss != nil {
				f.Message += fmt.Sprintf(" (%s covers it, but its condition does not hold for CloudShell's request)", *worst.nearMiss)
				f.At = worst.nearMiss.at
			}
			f.Message += "; " + n.without
			f.Fix = fmt.Sprintf("allow %s on %s (the CloudShell User Guide's VPC example policy grants it)", n.action, fixResource(n.action))
		case iamUncertain:
			f.Severity, f.Code, f.At = SeverityWarning, CheckIAMUncertain, worst.unsure.at
			f.Message = fmt.Sprintf("cannot tell whether %s (%s) is allowed for %s: %s applies only under conditions cshsim cannot evaluate (%s); without it, %s",
				n.action, kind, worst.resource, worst.unsure, strings.Join(worst.unknown, "; "), n.without)
			f.Fix = "check those conditions against CloudShell's request: aws:CalledVia = cloudshell.amazonaws.com, the tag " + model.CloudShellTag + " with an empty value on the interface"
		}
		if n.recommended && f.Severity == SeverityError {
			f.Severity, f.Code = SeverityWarning, CheckIAMNoDelete
		}
		out = append(out, f)
	}
	if len(out) == 0 {
		out = append(out, Finding{Severity: SeverityInfo, Code: CheckIAMOK, Environment: env, Resource: "iam",
			Message: fmt.Sprintf("the %s every action creating a VPC environment needs, as CloudShell calls them: %s",
				verb(len(c.opts.Policies), "policy allows", fmt.Sprintf("%d policies allow", len(c.opts.Policies))), strings.Join(allowed, ", "))})
	}
	return out
}

func fixResource(action string) string {
	switch action {
	case "cloudshell:CreateEnvironment":
		return "arn:aws:cloudshell:*:*:environment/*"
	case "ec2:CreateNetworkInterface":
		return "arn:aws:ec2:*:*:network-interface/*, arn:aws:ec2:*:*:subnet/* and arn:aws:ec2:*:*:security-group/*"
	case "ec2:CreateTags", "ec2:CreateNetworkInterfacePermission", "ec2:DeleteNetworkInterface":
		return "arn:aws:ec2:*:*:network-interface/*"
	}
	return "\"*\" (Describe actions take no resource ARN)"
}

// vpcOnly notes the CloudShell User Guide's pattern that forces VPC
// environments: Deny cloudshell:CreateEnvironment when cloudshell:VpcIds
// is null. It does not stop VPC environments.
func (c *checker) vpcOnly() {
	for _, p := range c.opts.Policies {
		for i, s := range p.Statements {
			if s.Effect != model.EffectDeny || !s.CoversAction("cloudshell:CreateEnvironment") {
				continue
			}
			found := false
			for _, op := range sortedKeys(s.Condition) {
				for _, k := range sortedKeys(s.Condition[op]) {
					vals := s.Condition[op][k]
					if strings.EqualFold(op, "Null") && strings.EqualFold(k, "cloudshell:VpcIds") && slices.ContainsFunc(vals, func(v string) bool { return strings.EqualFold(v, "true") }) {
						found = true
					}
				}
			}
			if found {
				ref := stmtRef{policy: p.Name, sid: s.Sid, index: i, at: s.Pos.String()}
				c.add(Finding{Severity: SeverityInfo, Code: CheckIAMVPCOnly, Resource: "cloudshell:CreateEnvironment", At: ref.at,
					Message: fmt.Sprintf("%s denies creating environments outside a VPC (Null cloudshell:VpcIds = true): VPC environments are not affected; a public environment the principal already has stays until it is deleted", ref)})
			}
		}
	}
}
