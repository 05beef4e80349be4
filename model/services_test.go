package model

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestServiceKnown(t *testing.T) {
	for _, tt := range []struct {
		region, svc string
		want        bool
	}{
		// The services a CloudShell VPC environment's host uses
		// (shared/aws-rules.md §1.3), in a Region that has all of them.
		{"us-west-2", "ssmmessages", true},
		{"us-west-2", "logs", true},
		{"us-west-2", "kms", true},
		{"us-west-2", "execute-api", true},
		{"us-west-2", "ecs-telemetry", true},
		{"us-west-2", "ecs-agent", true},
		{"us-west-2", "ecs", true},
		{"us-west-2", "ecr.dkr", true},
		{"us-west-2", "ecr.api", true},
		{"us-west-2", "codecatalyst.packages", true},
		{"us-west-2", "codecatalyst.git", true},
		// Other everyday ones.
		{"eu-central-1", "ssm", true},
		{"eu-central-1", "ec2messages", true},
		{"eu-central-1", "sts", true},
		{"eu-central-1", "s3", true},
		{"eu-central-1", "dynamodb", true},
		{"eu-central-1", "secretsmanager", true},
		{"eu-central-1", "monitoring", true},
		{"eu-central-1", "events", true},
		{"eu-central-1", "sqs", true},
		{"eu-central-1", "sns", true},
		{"eu-central-1", "lambda", true},
		{"eu-central-1", "elasticloadbalancing", true},
		{"eu-central-1", "autoscaling", true},
		{"eu-central-1", "rds", true},
		{"eu-central-1", "s3express", true},    // gateway endpoint only
		{"eu-central-1", "kinesis", true},      // hostname; the endpoint is kinesis-streams
		{"eu-central-1", "iam", true},          // global: com.amazonaws.iam
		{"eu-central-1", "codecatalyst", true}, // global: aws.api.global.codecatalyst
		{"mx-central-1", "ssm", true},          // a Region newer than our sources
		{"cn-north-1", "ssm", true},            // other partitions: by name
		// Case folding, in both arguments.
		{"us-west-2", "SSMMessages", true},
		{"US-WEST-2", "ECR.DKR", true},
		{"EU-WEST-1", "CodeCatalyst.Git", true},
		// Per-Region limits.
		{"eu-central-1", "codecatalyst.git", false},
		{"eu-central-1", "codecatalyst.packages", false},
		{"eu-west-1", "codecatalyst.git", true},
		{"", "codecatalyst.git", true}, // Region unknown
		{"us-east-1", "kms-fips", true},
		{"ca-central-1", "kms-fips", true},
		{"us-gov-west-1", "kms-fips", true},
		{"eu-west-1", "kms-fips", false},
		{"eu-west-1", "kms", true},
		// Not services.
		{"us-east-1", "ssmmesages", false},
		{"us-east-1", "ecr-dkr", false},
		{"us-east-1", "ecr.dkr.", false},
		{"us-east-1", "com.amazonaws.us-east-1.ssm", false}, // a service name, not a service
		{"us-east-1", "", false},
		{"", "", false},
	} {
		if got := ServiceKnown(tt.region, tt.svc); got != tt.want {
			t.Errorf("ServiceKnown(%q, %q) = %v, want %v", tt.region, tt.svc, got, tt.want)
		}
	}
}

func TestSuggestService(t *testing.T) {
	for _, tt := range []struct {
		region, svc string
		want        string // "" for no suggestion
	}{
		{"us-east-1", "ssmmesages", "ssmmessages"},
		{"us-east-1", "SSMMESAGES", "ssmmessages"},
		{"us-east-1", "ssm-messages", "ssmmessages"},
		{"us-east-1", "ecr-dkr", "ecr.dkr"},
		{"us-east-1", "ecr_api", "ecr.api"},
		{"us-east-1", "secretmanager", "secretsmanager"},
		{"us-east-1", "cloudwatch-logs", ""}, // a real name for logs, but too far
		{"us-east-1", "totally-unrelated-name", ""},
		{"us-east-1", "", ""},
		// A known name is not a typo.
		{"us-east-1", "ssm", ""},
		{"us-east-1", "ECR.DKR", ""},
		// Nor is a service of other Regions: ServiceRegions says where.
		{"eu-central-1", "codecatalyst.git", ""},
		{"eu-west-1", "kms-fips", ""},
		// Suggestions come only from the Region's services.
		{"us-west-2", "codecatalyst.gti", "codecatalyst.git"},
		{"eu-central-1", "codecatalyst.gti", "codecatalyst"},
		{"us-east-1", "kms-fip", "kms-fips"},
		{"eu-west-1", "kms-fip", ""},
	} {
		got, ok := SuggestService(tt.region, tt.svc)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("SuggestService(%q, %q) = %q, %v, want %q, %v", tt.region, tt.svc, got, ok, tt.want, tt.want != "")
		}
	}
}

func TestServiceRegions(t *testing.T) {
	for _, tt := range []struct {
		svc    string
		want   []string
		wantOK bool
	}{
		{"ssm", nil, true},
		{"codecatalyst.git", []string{"eu-west-1", "us-west-2"}, true},
		{"CODECATALYST.PACKAGES", []string{"eu-west-1", "us-west-2"}, true},
		{"codecatalyst", nil, true}, // the global name
		{"sts-fips", fipsServiceRegions, true},
		{"ssmmesages", nil, false},
	} {
		got, ok := ServiceRegions(tt.svc)
		if !slices.Equal(got, tt.want) || ok != tt.wantOK {
			t.Errorf("ServiceRegions(%q) = %q, %v, want %q, %v", tt.svc, got, ok, tt.want, tt.wantOK)
		}
	}
	// The result is a copy.
	got, _ := ServiceRegions("codecatalyst.git")
	got[0] = "xx-east-9"
	if again, _ := ServiceRegions("codecatalyst.git"); again[0] != "eu-west-1" {
		t.Errorf("changing ServiceRegions' result changed the table: %q", again)
	}
}

// TestServiceTable checks the table's invariants: ServiceKnown's binary
// search needs it sorted, and a duplicate would mean a mistyped edit.
func TestServiceTable(t *testing.T) {
	if !slices.IsSorted(awsServiceNames) {
		for i := 1; i < len(awsServiceNames); i++ {
			if awsServiceNames[i-1] > awsServiceNames[i] {
				t.Errorf("awsServiceNames not sorted: %q before %q", awsServiceNames[i-1], awsServiceNames[i])
			}
		}
	}
	for i := 1; i < len(awsServiceNames); i++ {
		if awsServiceNames[i-1] == awsServiceNames[i] {
			t.Errorf("awsServiceNames lists %q twice", awsServiceNames[i])
		}
	}
	for _, name := range awsServiceNames {
		// Lower case, as ServiceKnown folds the input; only the characters
		// of a DNS name, since each is part of a hostname.
		if name == "" || strings.Trim(name, "abcdefghijklmnopqrstuvwxyz0123456789.-") != "" ||
			strings.HasPrefix(name, ".") || strings.HasSuffix(name, ".") || strings.HasPrefix(name, "-") {
			t.Errorf("awsServiceNames: %q is not a lower-case DNS name", name)
		}
	}
	for _, limit := range [][]string{codeCatalystServiceRegions, fipsServiceRegions} {
		if !slices.IsSorted(limit) {
			t.Errorf("Region limit %q not sorted", limit)
		}
	}
	// Each limited name is in the table, so a limit never names a typo.
	for _, name := range []string{"codecatalyst.git", "codecatalyst.packages"} {
		if !serviceNameKnown(name) {
			t.Errorf("limited service %q missing from awsServiceNames", name)
		}
	}
}

func TestServices(t *testing.T) {
	all := Services("")
	if !slices.Equal(all, awsServiceNames) {
		t.Fatalf("Services(\"\") has %d names, want the whole table (%d)", len(all), len(awsServiceNames))
	}
	all[0] = "changed"
	if awsServiceNames[0] == "changed" {
		t.Fatal("Services returned the table itself, not a copy")
	}
	for _, region := range []string{"", "us-east-1", "US-EAST-1", "eu-west-1", "us-west-2", "eu-central-1", "us-gov-west-1", "cn-north-1"} {
		got := Services(region)
		if !slices.IsSorted(got) {
			t.Errorf("Services(%q) not sorted", region)
		}
		// Services and ServiceKnown agree on every name.
		for _, name := range awsServiceNames {
			if in, known := slices.Contains(got, name), ServiceKnown(region, name); in != known {
				t.Errorf("Services(%q) contains %q = %v, but ServiceKnown = %v", region, name, in, known)
			}
			if s, ok := SuggestService(region, name); ok {
				t.Errorf("SuggestService(%q, %q) = %q for a known name", region, name, s)
			}
		}
	}
	if n, m := len(Services("eu-west-1")), len(Services("us-east-1")); n >= m {
		t.Errorf("eu-west-1 has %d services, us-east-1 %d: want fewer outside the FIPS Regions", n, m)
	}
}

func ExampleSuggestService() {
	svc := "ssmmesages"
	if !ServiceKnown("eu-west-1", svc) {
		if s, ok := SuggestService("eu-west-1", svc); ok {
			fmt.Printf("unknown AWS service %q in eu-west-1; did you mean %q?\n", svc, s)
		}
	}
	// Output: unknown AWS service "ssmmesages" in eu-west-1; did you mean "ssmmessages"?
}
