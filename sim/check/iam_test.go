package check

import (
	"slices"
	"strings"
	"testing"

	"github.com/cshsim/cshsim/model"
)

// Tests of the IAM evaluation of check: needed actions, per-environment findings, conditions and resources.

func stmt(effect model.Effect, sid string, actions, resources []string, cond model.Condition) model.Statement {
	return model.Statement{Sid: sid, Effect: effect, Action: actions, Resource: resources, Condition: cond}
}

func allow(sid string, actions, resources []string, cond model.Condition) model.Statement {
	return stmt(model.EffectAllow, sid, actions, resources, cond)
}

func denyStmt(sid string, actions, resources []string, cond model.Condition) model.Statement {
	return stmt(model.EffectDeny, sid, actions, resources, cond)
}

func pol(name string, ss ...model.Statement) model.Policy {
	return model.Policy{Name: name, Version: "2012-10-17", Statements: ss}
}

var (
	star       = []string{"*"}
	eniARN     = []string{"arn:aws:ec2:*:*:network-interface/*"}
	viaCS      = model.Condition{"ForAnyValue:StringEquals": {"aws:CalledVia": {"cloudshell.amazonaws.com"}}}
	viaCSTag   = model.Condition{"ForAnyValue:StringEquals": {"aws:TagKeys": {model.CloudShellTag}, "aws:CalledVia": {"cloudshell.amazonaws.com"}}}
	describe3  = []string{"ec2:DescribeSubnets", "ec2:DescribeSecurityGroups", "ec2:DescribeVpcs"}
	describe5  = append(slices.Clone(describe3), "ec2:DescribeDhcpOptions", "ec2:DescribeNetworkInterfaces")
	manageENIs = []string{"ec2:CreateNetworkInterfacePermission", "ec2:DeleteNetworkInterface"}
)

// docNewer has the shape of the newer full-access example of the
// CloudShell User Guide (shared/aws-rules.md §1.5): the two Describe
// actions CloudShell calls itself, tagging, the interface and its
// management all conditioned on aws:CalledVia and the tag.
func docNewer() model.Policy {
	return pol("newer.json",
		allow("CloudShell", []string{"cloudshell:*"}, star, nil),
		allow("DescribeForTheForm", describe3, star, nil),
		allow("DescribeViaCloudShell", []string{"ec2:DescribeDhcpOptions", "ec2:DescribeNetworkInterfaces"}, star, viaCS),
		allow("Tag", []string{"ec2:CreateTags"}, eniARN, model.Condition{
			"StringEquals":             {"ec2:CreateAction": {"CreateNetworkInterface"}},
			"ForAnyValue:StringEquals": {"aws:TagKeys": {model.CloudShellTag}, "aws:CalledVia": {"cloudshell.amazonaws.com"}},
		}),
		allow("InSubnet", []string{"ec2:CreateNetworkInterface"}, []string{"arn:aws:ec2:*:*:subnet/*", "arn:aws:ec2:*:*:security-group/*"}, viaCS),
		allow("Tagged", []string{"ec2:CreateNetworkInterface"}, eniARN, viaCSTag),
		allow("Manage", manageENIs, eniARN, model.Condition{
			"StringEquals":             {"aws:ResourceTag/" + model.CloudShellTag: {""}},
			"ForAnyValue:StringEquals": {"aws:CalledVia": {"cloudshell.amazonaws.com"}},
		}),
	)
}

// docOlder has the shape of the older version: all five Describe actions
// in one unconditioned statement, and tagging without aws:CalledVia.
func docOlder() model.Policy {
	return pol("older.json",
		allow("CloudShell", []string{"cloudshell:*"}, star, nil),
		allow("Describe", describe5, star, nil),
		allow("Tag", []string{"ec2:CreateTags"}, eniARN, model.Condition{
			"StringEquals":             {"ec2:CreateAction": {"CreateNetworkInterface"}},
			"ForAnyValue:StringEquals": {"aws:TagKeys": {model.CloudShellTag}},
		}),
		allow("InSubnet", []string{"ec2:CreateNetworkInterface"}, []string{"arn:aws:ec2:*:*:subnet/*", "arn:aws:ec2:*:*:security-group/*"}, viaCS),
		allow("Tagged", []string{"ec2:CreateNetworkInterface"}, eniARN, viaCSTag),
		allow("Manage", manageENIs, eniARN, model.Condition{
			"StringEquals":             {"aws:ResourceTag/" + model.CloudShellTag: {""}},
			"ForAnyValue:StringEquals": {"aws:CalledVia": {"cloudshell.amazonaws.com"}},
		}),
	)
}

// TestCheckIAM evaluates policy sets for the actions CloudShell needs.
// want lists the IAM findings as "CODE action" (or "CODE" for the
// finding about the whole set), in order.
func TestCheckIAM(t *testing.T) {
	cloudshell := allow("", []string{"cloudshell:*"}, star, nil)
	tests := []struct {
		name     string
		policies []model.Policy
		mutate   []func(*model.Snapshot)
		want     []string
		contains string // in the first IAM finding's message
	}{
		{"newer doc example", []model.Policy{docNewer()}, nil, []string{"CSH_CHECK_IAM_OK"}, "cloudshell:CreateEnvironment, ec2:DescribeVpcs"},
		{"older doc example", []model.Policy{docOlder()}, nil, []string{"CSH_CHECK_IAM_OK"}, ""},
		{"ec2:* and cloudshell:*", []model.Policy{pol("admin.json", allow("", []string{"ec2:*", "cloudshell:*"}, star, nil))}, nil, []string{"CSH_CHECK_IAM_OK"}, ""},
		{"*", []model.Policy{pol("admin.json", allow("", star, star, nil))}, nil, []string{"CSH_CHECK_IAM_OK"}, ""},
		{"Describe* and names in another case", []model.Policy{pol("p.json", cloudshell,
			allow("", []string{"ec2:Describe*", "EC2:createtags", "ec2:CREATENETWORKINTERFACE*", "ec2:DeleteNetworkInterface"}, star, nil))}, nil, []string{"CSH_CHECK_IAM_OK"}, ""},
		{"NotAction of other services", []model.Policy{pol("p.json",
			model.Statement{Effect: model.EffectAllow, NotAction: []string{"iam:*", "organizations:*"}, Resource: star})}, nil, []string{"CSH_CHECK_IAM_OK"}, ""},
		{"NotAction ec2:Create*", []model.Policy{pol("p.json",
			model.Statement{Effect: model.EffectAllow, NotAction: []string{"ec2:Create*"}, Resource: star})}, nil,
			[]string{"CSH_CHECK_IAM_MISSING ec2:CreateTags", "CSH_CHECK_IAM_MISSING ec2:CreateNetworkInterface", "CSH_CHECK_IAM_MISSING ec2:CreateNetworkInterfacePermission"}, "no Allow statement"},
		{"explicit Deny on CreateNetworkInterface", []model.Policy{docNewer(), pol("deny.json", denyStmt("NoENIs", []string{"ec2:CreateNetworkInterface"}, star, nil))}, nil,
			[]string{"CSH_CHECK_IAM_DENIED ec2:CreateNetworkInterface"}, `denied explicitly by statement "NoENIs" of policy deny.json`},
		{"Deny on CloudShell's calls", []model.Policy{pol("admin.json", allow("", star, star, nil)), pol("deny.json", denyStmt("NoCloudShellTags", []string{"ec2:CreateTags"}, star, viaCS))}, nil,
			[]string{"CSH_CHECK_IAM_DENIED ec2:CreateTags"}, "NoCloudShellTags"},
		{"Deny sparing tagged interfaces", []model.Policy{pol("admin.json", allow("", star, star, nil)), pol("deny.json",
			denyStmt("OnlyCloudShellENIs", []string{"ec2:DeleteNetworkInterface"}, star, model.Condition{"StringNotEquals": {"aws:ResourceTag/" + model.CloudShellTag: {""}}}))}, nil,
			[]string{"CSH_CHECK_IAM_OK"}, ""},
		{"missing DeleteNetworkInterface", []model.Policy{pol("p.json", cloudshell, allow("", describe5, star, nil),
			allow("", []string{"ec2:CreateTags", "ec2:CreateNetworkInterface", "ec2:CreateNetworkInterfacePermission"}, star, nil))}, nil,
			[]string{"CSH_CHECK_IAM_NO_DELETE_ENI ec2:DeleteNetworkInterface"}, "left behind and must be deleted by hand"},
		{"denied DeleteNetworkInterface", []model.Policy{docNewer(), pol("deny.json", denyStmt("", []string{"ec2:Delete*"}, star, nil))}, nil,
			[]string{"CSH_CHECK_IAM_NO_DELETE_ENI ec2:DeleteNetworkInterface"}, "denied explicitly"},
		{"Describe scoped to an ARN", []model.Policy{pol("p.json", cloudshell, allow("", []string{"ec2:*"}, []string{"arn:aws:ec2:*:*:*"}, nil))}, nil,
			[]string{"CSH_CHECK_IAM_MISSING ec2:DescribeVpcs", "CSH_CHECK_IAM_MISSING ec2:DescribeSubnets", "CSH_CHECK_IAM_MISSING ec2:DescribeSecurityGroups",
				"CSH_CHECK_IAM_MISSING ec2:DescribeDhcpOptions", "CSH_CHECK_IAM_MISSING ec2:DescribeNetworkInterfaces"}, `"*" (Describe actions take no resource ARN)`},
		{"the form's Describe calls only via CloudShell", []model.Policy{pol("p.json", cloudshell, allow("", describe5, star, viaCS),
			allow("", []string{"ec2:Create*", "ec2:DeleteNetworkInterface"}, star, nil))}, nil,
			[]string{"CSH_CHECK_IAM_MISSING ec2:DescribeVpcs", "CSH_CHECK_IAM_MISSING ec2:DescribeSubnets", "CSH_CHECK_IAM_MISSING ec2:DescribeSecurityGroups"},
			"the Create VPC environment form cannot list the VPCs"},
		{"interface ARN only", []model.Policy{pol("p.json", cloudshell, allow("", describe5, star, nil), allow("", []string{"ec2:Create*", "ec2:DeleteNetworkInterface"}, eniARN, nil))}, nil,
			[]string{"CSH_CHECK_IAM_MISSING ec2:CreateNetworkInterface"}, "arn:aws:ec2:eu-west-1:123456789012:subnet/sn-priv"},
		{"subnet of another account", []model.Policy{pol("p.json", cloudshell, allow("", describe5, star, nil), allow("", []string{"ec2:Create*", "ec2:DeleteNetworkInterface"}, eniARN, nil),
			allow("", []string{"ec2:CreateNetworkInterface"}, []string{"arn:aws:ec2:eu-west-1:999999999999:*"}, nil))}, nil,
			[]string{"CSH_CHECK_IAM_MISSING ec2:CreateNetworkInterface"}, ""},
		{"subnet by id", []model.Policy{pol("p.json", cloudshell, allow("", describe5, star, nil), allow("", []string{"ec2:Create*", "ec2:DeleteNetworkInterface"}, eniARN, nil),
			allow("", []string{"ec2:CreateNetworkInterface"}, []string{"arn:aws:ec2:eu-west-1:123456789012:subnet/sn-priv", "arn:aws:ec2:eu-west-1:123456789012:security-group/*"}, nil))}, nil,
			[]string{"CSH_CHECK_IAM_OK"}, ""},
		{"condition with the wrong service", []model.Policy{pol("p.json", cloudshell, allow("", describe5, star, nil),
			allow("ViaLambda", []string{"ec2:Create*", "ec2:DeleteNetworkInterface"}, star, model.Condition{"ForAnyValue:StringEquals": {"aws:CalledVia": {"lambda.amazonaws.com"}}}))}, nil,
			[]string{"CSH_CHECK_IAM_MISSING ec2:CreateTags", "CSH_CHECK_IAM_MISSING ec2:CreateNetworkInterface", "CSH_CHECK_IAM_MISSING ec2:CreateNetworkInterfacePermission", "CSH_CHECK_IAM_NO_DELETE_ENI ec2:DeleteNetworkInterface"},
			`statement "ViaLambda" of policy p.json covers it, but its condition does not hold`},
		{"request tag on the subnet", []model.Policy{pol("p.json", cloudshell, allow("", describe5, star, nil), allow("", []string{"ec2:CreateTags", "ec2:CreateNetworkInterfacePermission", "ec2:DeleteNetworkInterface"}, star, nil),
			allow("TagOnCreate", []string{"ec2:CreateNetworkInterface"}, star, model.Condition{"StringEquals": {"aws:RequestTag/" + model.CloudShellTag: {""}}}))}, nil,
			[]string{"CSH_CHECK_IAM_MISSING ec2:CreateNetworkInterface"}, "subnet/sn-priv"},
		{"condition cshsim cannot evaluate", []model.Policy{pol("p.json", allow("FromOffice", star, star, model.Condition{"IpAddress": {"aws:SourceIp": {"203.0.113.0/24"}}}))}, nil,
			[]string{"CSH_CHECK_IAM_UNCERTAIN cloudshell:CreateEnvironment", "CSH_CHECK_IAM_UNCERTAIN ec2:DescribeVpcs", "CSH_CHECK_IAM_UNCERTAIN ec2:DescribeSubnets",
				"CSH_CHECK_IAM_UNCERTAIN ec2:DescribeSecurityGroups", "CSH_CHECK_IAM_UNCERTAIN ec2:DescribeDhcpOptions", "CSH_CHECK_IAM_UNCERTAIN ec2:DescribeNetworkInterfaces",
				"CSH_CHECK_IAM_UNCERTAIN ec2:CreateTags", "CSH_CHECK_IAM_UNCERTAIN ec2:CreateNetworkInterface", "CSH_CHECK_IAM_UNCERTAIN ec2:CreateNetworkInterfacePermission",
				"CSH_CHECK_IAM_UNCERTAIN ec2:DeleteNetworkInterface"}, "IpAddress aws:SourceIp"},
		{"Deny that may apply", []model.Policy{docNewer(), pol("deny.json", denyStmt("MFA", []string{"ec2:CreateNetworkInterface"}, star, model.Condition{"BoolIfExists": {"aws:MultiFactorAuthPresent": {"false"}}}))}, nil,
			[]string{"CSH_CHECK_IAM_UNCERTAIN ec2:CreateNetworkInterface"}, `statement "MFA"`},
		{"VPC-only pattern", []model.Policy{docNewer(), pol("vpc-only.json", denyStmt("VpcOnly", []string{"cloudshell:CreateEnvironment"}, star, model.Condition{"Null": {"cloudshell:VpcIds": {"true"}}}))}, nil,
			[]string{"CSH_CHECK_IAM_VPC_ONLY cloudshell:CreateEnvironment", "CSH_CHECK_IAM_OK"}, "VPC environments are not affected"},
		{"CreateEnvironment in one VPC only", []model.Policy{docOlder(), pol("vpc.json", denyStmt("OnlyVpcA", []string{"cloudshell:CreateEnvironment"}, star,
			model.Condition{"ForAnyValue:StringNotEquals": {"cloudshell:VpcIds": {"vpc-a"}}}))}, nil,
			[]string{"CSH_CHECK_IAM_OK"}, ""},
		{"CreateEnvironment denied in this VPC", []model.Policy{docOlder(), pol("vpc.json", denyStmt("OnlyVpcB", []string{"cloudshell:CreateEnvironment"}, star,
			model.Condition{"ForAnyValue:StringNotEquals": {"cloudshell:VpcIds": {"vpc-b"}}}))}, nil,
			[]string{"CSH_CHECK_IAM_DENIED cloudshell:CreateEnvironment"}, "OnlyVpcB"},
		{"no policy statement at all", []model.Policy{pol("empty.json")}, nil,
			[]string{"CSH_CHECK_IAM_MISSING cloudshell:CreateEnvironment", "CSH_CHECK_IAM_MISSING ec2:DescribeVpcs", "CSH_CHECK_IAM_MISSING ec2:DescribeSubnets",
				"CSH_CHECK_IAM_MISSING ec2:DescribeSecurityGroups", "CSH_CHECK_IAM_MISSING ec2:DescribeDhcpOptions", "CSH_CHECK_IAM_MISSING ec2:DescribeNetworkInterfaces",
				"CSH_CHECK_IAM_MISSING ec2:CreateTags", "CSH_CHECK_IAM_MISSING ec2:CreateNetworkInterface", "CSH_CHECK_IAM_MISSING ec2:CreateNetworkInterfacePermission",
				"CSH_CHECK_IAM_NO_DELETE_ENI ec2:DeleteNetworkInterface"}, "the environment cannot be created at all"},
		{"no environment: checked once", []model.Policy{docNewer()}, muts(func(s *model.Snapshot) { s.CloudShells = nil }), []string{"CSH_CHECK_IAM_OK"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := runCheck(t, tt.mutate, Options{Policies: tt.policies})
			var got []string
			var first *Finding
			for i, f := range rep.Findings {
				if !strings.HasPrefix(string(f.Code), "CSH_CHECK_IAM_") {
					continue
				}
				if first == nil {
					first = &rep.Findings[i]
				}
				if f.Environment != "" {
					t.Errorf("%s has environment %q; the same for every environment should be reported once", f.Code, f.Environment)
				}
				s := string(f.Code)
				if f.Resource != "iam" {
					s += " " + f.Resource
				}
				got = append(got, s)
			}
			if !slices.Equal(got, tt.want) {
				t.Fatalf("IAM findings:\n  %s\nwant:\n  %s\nall:\n%s", strings.Join(got, "\n  "), strings.Join(tt.want, "\n  "), dump(rep))
			}
			if tt.contains != "" && !strings.Contains(first.Message+" "+first.Fix, tt.contains) {
				t.Errorf("first IAM finding = %q (fix %q), want it to contain %q", first.Message, first.Fix, tt.contains)
			}
			errs := slices.ContainsFunc(got, func(s string) bool {
				return strings.HasPrefix(s, string(CodeIAMMissing)) || strings.HasPrefix(s, string(CodeIAMDenied))
			})
			if errs != rep.HasErrors() {
				t.Errorf("HasErrors() = %v, want %v", rep.HasErrors(), errs)
			}
		})
	}
}

// TestCheckIAMPerEnvironment: a condition on cloudshell:VpcIds decides
// differently for two environments, so each gets its own findings.
func TestCheckIAMPerEnvironment(t *testing.T) {
	policies := []model.Policy{docOlder(), pol("vpc.json", denyStmt("OnlyVpcA", []string{"cloudshell:CreateEnvironment"}, star,
		model.Condition{"StringNotEquals": {"cloudshell:VpcIds": {"vpc-a"}}}))}
	rep := runCheck(t, muts(env("other", ckPrincipal, "sn-b", "sg-b")), Options{Policies: policies})
	var got []string
	for _, f := range rep.Findings {
		if strings.HasPrefix(string(f.Code), "CSH_CHECK_IAM_") {
			got = append(got, f.Environment+" "+string(f.Code))
		}
	}
	want := []string{"ops CSH_CHECK_IAM_OK", "other CSH_CHECK_IAM_DENIED"}
	if !slices.Equal(got, want) {
		t.Errorf("IAM findings = %q, want %q\n%s", got, want, dump(rep))
	}
}
