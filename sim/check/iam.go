package check

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/cshsim/cshsim/model"
	"github.com/cshsim/cshsim/sim/iam"
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
func iamRequests(action string, x iamContext) []iam.Request {
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
	res := func(service, typ, id string) iam.Resource {
		return iam.Resource{Partition: x.partition, Service: service, Region: x.region, Account: x.account, Type: typ, ID: id}
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
		return []iam.Request{{Action: action, Resource: res("cloudshell", "environment", ""), Context: m,
			Decided: []string{"aws:calledvia", "aws:viaawsservice", "ec2:", "cloudshell:"}}}
	case consoleCalls[action]:
		// The console's Create VPC environment form lists VPCs, subnets
		// and security groups itself, as the principal.
		m := base()
		m["aws:viaawsservice"] = []string{"false"}
		return []iam.Request{{Action: action, Resource: iam.Resource{Any: true}, Context: m, Decided: withResourceTags}}
	case strings.HasPrefix(action, "ec2:Describe"):
		return []iam.Request{{Action: action, Resource: iam.Resource{Any: true}, Context: viaCloudShell(base()), Decided: withResourceTags}}
	case action == "ec2:CreateTags":
		m := tagged(viaCloudShell(base()))
		m["ec2:createaction"] = []string{"CreateNetworkInterface"}
		return []iam.Request{{Action: action, Resource: res("ec2", "network-interface", ""), Context: m, Decided: withResourceTags}}
	case action == "ec2:CreateNetworkInterface":
		out := []iam.Request{
			{Action: action, Resource: res("ec2", "network-interface", ""), Context: tagged(viaCloudShell(base())), Decided: withResourceTags},
			{Action: action, Resource: res("ec2", "subnet", x.subnet), Context: viaCloudShell(base()), Decided: ec2Decided},
		}
		sgs := x.sgs
		if len(sgs) == 0 {
			sgs = []string{""}
		}
		for _, sg := range sgs {
			out = append(out, iam.Request{Action: action, Resource: res("ec2", "security-group", sg), Context: viaCloudShell(base()), Decided: ec2Decided})
		}
		return out
	default: // CreateNetworkInterfacePermission, DeleteNetworkInterface: the tagged interface
		m := viaCloudShell(base())
		m["aws:resourcetag/"+strings.ToLower(model.CloudShellTag)] = []string{""}
		return []iam.Request{{Action: action, Resource: res("ec2", "network-interface", x.eni), Context: m, Decided: withResourceTags}}
	}
}

// iamAccount returns the partition and account of the principal ARN
// (arn:aws:iam::123456789012:role/Admin), or of the snapshot.
func (c *checker) iamAccount(principal, region string) (partition, account string) {
	if parts := strings.Split(principal, ":"); len(parts) >= 5 && parts[0] == "arn" {
		partition, account = parts[1], parts[4]
	}
	account = cmp.Or(account, c.snap.Account)
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
		region := c.snap.Region
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
		worst := iam.Decision{Outcome: iam.Allowed}
		for _, q := range iamRequests(n.action, x) {
			if d := iam.Evaluate(c.opts.Policies, q); d.Outcome > worst.Outcome {
				worst = d
			}
		}
		f := Finding{Environment: env, Resource: n.action}
		kind := "required"
		if n.recommended {
			kind = "recommended"
		}
		switch worst.Outcome {
		case iam.Allowed:
			allowed = append(allowed, n.action)
			continue
		case iam.Denied:
			f.Severity, f.Code, f.At = SeverityError, CodeIAMDenied, worst.By.At
			f.Message = fmt.Sprintf("%s (%s) is denied explicitly by %s for %s: %s", n.action, kind, worst.By, worst.Resource, n.without)
			f.Fix = fmt.Sprintf("remove or narrow that Deny so that it spares CloudShell's request (aws:CalledVia = cloudshell.amazonaws.com, interfaces tagged %s)", model.CloudShellTag)
		case iam.Missing:
			f.Severity, f.Code = SeverityError, CodeIAMMissing
			f.Message = fmt.Sprintf("%s (%s) is not allowed for %s: no Allow statement of the policies applies", n.action, kind, worst.Resource)
			if worst.NearMiss != nil {
				f.Message += fmt.Sprintf(" (%s covers it, but its condition does not hold for CloudShell's request)", *worst.NearMiss)
				f.At = worst.NearMiss.At
			}
			f.Message += "; " + n.without
			f.Fix = fmt.Sprintf("allow %s on %s (the CloudShell User Guide's VPC example policy grants it)", n.action, fixResource(n.action))
		case iam.Uncertain:
			f.Severity, f.Code, f.At = SeverityWarning, CodeIAMUncertain, worst.Unsure.At
			f.Message = fmt.Sprintf("cannot tell whether %s (%s) is allowed for %s: %s applies only under conditions cshsim cannot evaluate (%s); without it, %s",
				n.action, kind, worst.Resource, worst.Unsure, strings.Join(worst.Unknown, "; "), n.without)
			f.Fix = "check those conditions against CloudShell's request: aws:CalledVia = cloudshell.amazonaws.com, the tag " + model.CloudShellTag + " with an empty value on the interface"
		}
		if n.recommended && f.Severity == SeverityError {
			f.Severity, f.Code = SeverityWarning, CodeIAMNoDelete
		}
		out = append(out, f)
	}
	if len(out) == 0 {
		out = append(out, Finding{Severity: SeverityInfo, Code: CodeIAMOK, Environment: env, Resource: "iam",
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
			for _, op := range slices.Sorted(maps.Keys(s.Condition)) {
				for _, k := range slices.Sorted(maps.Keys(s.Condition[op])) {
					vals := s.Condition[op][k]
					if strings.EqualFold(op, "Null") && strings.EqualFold(k, "cloudshell:VpcIds") && slices.ContainsFunc(vals, func(v string) bool { return strings.EqualFold(v, "true") }) {
						found = true
					}
				}
			}
			if found {
				ref := iam.StatementRef{Policy: p.Name, Sid: s.Sid, Index: i, At: s.Pos.String()}
				c.add(Finding{Severity: SeverityInfo, Code: CodeIAMVPCOnly, Resource: "cloudshell:CreateEnvironment", At: ref.At,
					Message: fmt.Sprintf("%s denies creating environments outside a VPC (Null cloudshell:VpcIds = true): VPC environments are not affected; a public environment the principal already has stays until it is deleted", ref)})
			}
		}
	}
}
