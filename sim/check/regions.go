package check

import "slices"

// RegionList is one published list of the Regions where CloudShell VPC
// environments are offered, kept as data with where it comes from. AWS
// has published three generations of it (shared/aws-rules.md §1.4); none of
// the pages carries a date, so Read is the day we read the copy.
type RegionList struct {
	// Name says which generation this is.
	Name string `json:"name"`
	// Source is the page the list comes from.
	Source string `json:"source"`
	// Read is the date (UTC) the copy was read; the page itself is undated.
	Read string `json:"read"`
	// Regions are the Region codes, in the page's order.
	Regions []string `json:"regions"`
}

// Has reports whether the list names the Region.
func (l RegionList) Has(region string) bool { return slices.Contains(l.Regions, region) }

// The three generations of the list, newest first. [DefaultRegions] is the
// one `cshsim check` uses.
var (
	// RegionsGeneralReference is the newest list: the CloudShell endpoint
	// table of the AWS General Reference. The current user guide says VPC
	// environments exist in every Region where CloudShell runs, GovCloud
	// included, and its translated Region pages now point here.
	RegionsGeneralReference = RegionList{
		Name:   "AWS General Reference, CloudShell endpoints",
		Source: "https://docs.aws.amazon.com/general/latest/gr/cloudshell.html",
		Read:   "2026-11-28",
		Regions: []string{
			"us-east-2", "us-east-1", "us-west-1", "us-west-2",
			"af-south-1", "ap-east-1", "ap-south-2", "ap-southeast-3", "ap-southeast-4",
			"ap-south-1", "ap-northeast-3", "ap-northeast-2", "ap-southeast-1",
			"ap-southeast-2", "ap-northeast-1", "ca-central-1", "ca-west-1",
			"eu-central-1", "eu-west-1", "eu-west-2", "eu-south-1", "eu-west-3",
			"eu-south-2", "eu-north-1", "il-central-1", "me-south-1", "me-central-1",
			"sa-east-1",
			"us-gov-east-1", "us-gov-west-1",
		},
	}

	// RegionsUserGuide is the middle generation: the English "Supported
	// AWS Regions" page of the CloudShell User Guide, one list for
	// CloudShell, Docker and VPC environments, plus GovCloud.
	RegionsUserGuide = RegionList{
		Name:   "CloudShell User Guide, Supported AWS Regions",
		Source: "https://docs.aws.amazon.com/cloudshell/latest/userguide/supported-aws-regions.html",
		Read:   "2026-11-28",
		Regions: []string{
			"us-east-2", "us-east-1", "us-west-1", "us-west-2",
			"af-south-1", "ap-east-1", "ap-southeast-3", "ap-south-1",
			"ap-northeast-3", "ap-northeast-2", "ap-southeast-1", "ap-southeast-2",
			"ap-northeast-1", "ca-central-1", "eu-central-1", "eu-west-1",
			"eu-west-2", "eu-south-1", "eu-west-3", "eu-north-1", "me-south-1",
			"me-central-1", "sa-east-1",
			"us-gov-east-1", "us-gov-west-1",
		},
	}

	// RegionsLaunch is the oldest list, from the 2024 launch page of VPC
	// environments (since superseded).
	RegionsLaunch = RegionList{
		Name:   "CloudShell User Guide, VPC environment Regions at launch",
		Source: "https://docs.aws.amazon.com/cloudshell/latest/userguide/CloudShell-VPC-regions.html",
		Read:   "2026-11-28",
		Regions: []string{
			"us-east-2", "us-east-1", "us-west-2", "ap-south-1", "ap-southeast-2",
			"ap-southeast-1", "ap-northeast-1", "ca-central-1", "eu-central-1",
			"eu-west-1", "eu-west-2", "eu-west-3", "sa-east-1",
		},
	}
)

// DefaultRegions is the list `cshsim check` uses: the newest one. A Region
// it does not name is a warning, never an error: the copy we read may be
// older than the Region (we found no eu-central-2, ap-southeast-5/7 or
// mx-central-1 in any copy).
var DefaultRegions = RegionsGeneralReference
