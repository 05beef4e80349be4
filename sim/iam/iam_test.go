package iam

import (
	"testing"

	"github.com/cshsim/cshsim/model"
)

// TestEvalCondition pins the condition operators against AWS's rules for
// present, absent and multivalued keys.
func TestEvalCondition(t *testing.T) {
	q := Request{
		Context: map[string][]string{
			"aws:calledvia":                       {"cloudshell.amazonaws.com"},
			"aws:tagkeys":                         {model.CloudShellTag},
			"aws:resourcetag/managedbycloudshell": {""},
			"cloudshell:securitygroupids":         {"sg-1", "sg-2"},
			"cloudshell:vpcids":                   nil, // present, values unknown
		},
		Decided: []string{"aws:calledvia", "aws:tagkeys", "aws:requesttag/", "aws:resourcetag/", "cloudshell:"},
	}
	tests := []struct {
		op, key string
		vals    []string
		want    tri
	}{
		{"StringEquals", "aws:CalledVia", []string{"cloudshell.amazonaws.com"}, triTrue},
		{"StringEquals", "AWS:CALLEDVIA", []string{"cloudshell.amazonaws.com"}, triTrue}, // key names ignore case
		{"StringEquals", "aws:CalledVia", []string{"Cloudshell.amazonaws.com"}, triFalse},
		{"StringEqualsIgnoreCase", "aws:CalledVia", []string{"Cloudshell.amazonaws.com"}, triTrue},
		{"StringLike", "aws:CalledVia", []string{"*.amazonaws.com"}, triTrue},
		{"StringNotLike", "aws:CalledVia", []string{"cloudshell.*"}, triFalse},
		{"ForAnyValue:StringEquals", "aws:CalledVia", []string{"athena.amazonaws.com", "cloudshell.amazonaws.com"}, triTrue},
		{"ForAllValues:StringEquals", "aws:TagKeys", []string{model.CloudShellTag, "Owner"}, triTrue},
		{"ForAllValues:StringEquals", "aws:TagKeys", []string{"Owner"}, triFalse},
		{"StringEquals", "aws:ResourceTag/ManagedByCloudShell", []string{""}, triTrue},
		{"StringNotEquals", "aws:ResourceTag/ManagedByCloudShell", []string{""}, triFalse},
		{"Null", "aws:ResourceTag/ManagedByCloudShell", []string{"false"}, triTrue},
		{"Null", "aws:ResourceTag/ManagedByCloudShell", []string{"true"}, triFalse},
		// absent keys
		{"StringEquals", "aws:RequestTag/Owner", []string{"me"}, triFalse},
		{"StringNotEquals", "aws:RequestTag/Owner", []string{"me"}, triTrue},
		{"StringEqualsIfExists", "aws:RequestTag/Owner", []string{"me"}, triTrue},
		{"ForAnyValue:StringEquals", "aws:RequestTag/Owner", []string{"me"}, triFalse},
		{"ForAllValues:StringEquals", "aws:RequestTag/Owner", []string{"me"}, triTrue},
		{"Null", "aws:RequestTag/Owner", []string{"true"}, triTrue},
		{"Null", "cloudshell:SubnetIds", []string{"false"}, triFalse},
		// multivalued with set operators
		{"ForAnyValue:StringEquals", "cloudshell:SecurityGroupIds", []string{"sg-2"}, triTrue},
		{"ForAllValues:StringEquals", "cloudshell:SecurityGroupIds", []string{"sg-2"}, triFalse},
		{"ForAnyValue:StringNotEquals", "cloudshell:SecurityGroupIds", []string{"sg-1"}, triTrue},
		{"ForAllValues:StringNotEquals", "cloudshell:SecurityGroupIds", []string{"sg-1"}, triFalse},
		// what cshsim cannot evaluate
		{"Null", "cloudshell:VpcIds", []string{"true"}, triFalse}, // presence is known
		{"StringEquals", "cloudshell:VpcIds", []string{"vpc-a"}, triUnknown},
		{"IpAddress", "aws:SourceIp", []string{"203.0.113.0/24"}, triUnknown},
		{"StringEquals", "aws:PrincipalTag/team", []string{"ops"}, triUnknown},
		{"NumericLessThan", "aws:TagKeys", []string{"3"}, triUnknown},
		{"StringEquals", "aws:CalledVia", []string{"${aws:username}"}, triUnknown},
		{"Sometimes:StringEquals", "aws:CalledVia", []string{"cloudshell.amazonaws.com"}, triUnknown},
	}
	for _, tt := range tests {
		if got := evalOne(tt.op, tt.key, tt.vals, q); got != tt.want {
			t.Errorf("evalOne(%s, %s, %q) = %d, want %d", tt.op, tt.key, tt.vals, got, tt.want)
		}
	}
}

// TestMatchResource pins resource matching, with unknown parts of the
// request matching any pattern.
func TestMatchResource(t *testing.T) {
	sn := Resource{Partition: "aws", Service: "ec2", Region: "eu-west-1", Account: "123456789012", Type: "subnet", ID: "subnet-1"}
	newENI := Resource{Partition: "aws", Service: "ec2", Region: "eu-west-1", Type: "network-interface"}
	tests := []struct {
		pattern string
		r       Resource
		want    bool
	}{
		{"*", sn, true},
		{"arn:aws:ec2:*:*:subnet/*", sn, true},
		{"arn:aws:ec2:eu-west-1:123456789012:subnet/subnet-1", sn, true},
		{"arn:aws:ec2:eu-west-1:123456789012:subnet/subnet-2", sn, false},
		{"arn:aws:ec2:us-east-1:*:subnet/*", sn, false},
		{"arn:aws:ec2:*:*:security-group/*", sn, false},
		{"arn:aws-us-gov:ec2:*:*:subnet/*", sn, false},
		{"arn:aws:ec2:*:*:*/*", sn, true},
		{"arn:aws:ec2:*:*:*", sn, true},
		{"arn:aws:ec2:*:*:network-interface/*", newENI, true},
		{"arn:aws:ec2:*:999999999999:network-interface/eni-1", newENI, true}, // unknown account and id
		{"arn:aws:ec2:*:*:subnet/*", newENI, false},
		{"arn:aws:ec2:*", sn, true}, // fewer than six parts: matched as a whole
		{"arn:aws:s3:*", sn, false},
		{"*", Resource{Any: true}, true},
		{"arn:aws:ec2:*:*:*", Resource{Any: true}, false},
	}
	for _, tt := range tests {
		if got := matchResource(tt.pattern, tt.r); got != tt.want {
			t.Errorf("matchResource(%q, %s) = %v, want %v", tt.pattern, tt.r, got, tt.want)
		}
	}
}

// TestEvaluate pins AWS's evaluation order for one account's
// identity-based policies: an explicit Deny wins over any Allow, no Allow
// is an implicit deny, and a statement whose condition cshsim cannot
// evaluate leaves the answer uncertain, never allowed or denied.
func TestEvaluate(t *testing.T) {
	eni := Resource{Partition: "aws", Service: "ec2", Region: "eu-west-1", Account: "123456789012", Type: "network-interface"}
	q := Request{Action: "ec2:CreateNetworkInterface", Resource: eni,
		Context: map[string][]string{"aws:calledvia": {"cloudshell.amazonaws.com"}},
		Decided: []string{"aws:calledvia"}}
	st := func(e model.Effect, sid, action, resource string, cond model.Condition) model.Statement {
		return model.Statement{Sid: sid, Effect: e, Action: []string{action}, Resource: []string{resource}, Condition: cond}
	}
	allowAll := st(model.EffectAllow, "all", "ec2:*", "*", nil)
	denyENI := st(model.EffectDeny, "no-eni", "ec2:CreateNetworkInterface", "arn:aws:ec2:*:*:network-interface/*", nil)
	allowS3 := st(model.EffectAllow, "s3", "s3:*", "*", nil)
	viaOther := st(model.EffectAllow, "via", "ec2:*", "*", model.Condition{"StringEquals": {"aws:CalledVia": {"athena.amazonaws.com"}}})
	tagged := st(model.EffectAllow, "tag", "ec2:*", "*", model.Condition{"StringEquals": {"aws:PrincipalTag/team": {"ops"}}})
	maybeDeny := st(model.EffectDeny, "maybe", "ec2:*", "*", model.Condition{"IpAddress": {"aws:SourceIp": {"203.0.113.0/24"}}})
	tests := []struct {
		name   string
		stmts  []model.Statement
		want   Outcome
		by     string // the deciding statement's Sid
		unsure string
		near   string
	}{
		{"allow", []model.Statement{allowAll}, Allowed, "all", "", ""},
		{"deny wins over allow", []model.Statement{allowAll, denyENI}, Denied, "no-eni", "", ""},
		{"no statement covers the action", []model.Statement{allowS3}, Missing, "", "", ""},
		{"condition fails: a near miss", []model.Statement{viaOther}, Missing, "", "", "via"},
		{"condition unknown", []model.Statement{tagged}, Uncertain, "", "tag", ""},
		{"a deny that may apply", []model.Statement{allowAll, maybeDeny}, Uncertain, "", "maybe", ""},
		{"a deny that may apply, with nothing allowed", []model.Statement{maybeDeny}, Missing, "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Evaluate([]model.Policy{{Name: "p", Statements: tt.stmts}}, q)
			if d.Outcome != tt.want || d.By.Sid != tt.by || d.Unsure.Sid != tt.unsure {
				t.Errorf("Evaluate = outcome %d by %q unsure %q, want %d by %q unsure %q", d.Outcome, d.By.Sid, d.Unsure.Sid, tt.want, tt.by, tt.unsure)
			}
			near := ""
			if d.NearMiss != nil {
				near = d.NearMiss.Sid
			}
			if near != tt.near {
				t.Errorf("near miss = %q, want %q", near, tt.near)
			}
		})
	}
}
