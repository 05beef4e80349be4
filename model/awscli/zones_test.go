package awscli

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cshsim/cshsim/model"
)

// Route 53 outputs in the shape AWS CLI v2 prints them.
const (
	r53VPCs = `{"Vpcs": [
 {"VpcId": "vpc-0a1b2c3d4e5f60718", "OwnerId": "111122223333", "CidrBlock": "10.1.0.0/16", "State": "available"},
 {"VpcId": "vpc-0b2c3d4e5f6071829", "OwnerId": "111122223333", "CidrBlock": "10.0.0.0/16", "State": "available"}
]}`
	r53OneVPC = `{"Vpcs": [{"VpcId": "vpc-0a1b2c3d4e5f60718", "OwnerId": "111122223333", "CidrBlock": "10.1.0.0/16", "State": "available"}]}`

	// aws route53 get-hosted-zone --id Z06217433KXJ7Q2SSMMSG
	r53GetZone = `{
    "HostedZone": {
        "Id": "/hostedzone/Z06217433KXJ7Q2SSMMSG",
        "Name": "ssmmessages.eu-west-1.amazonaws.com.",
        "CallerReference": "0b8e4a52-3c1f-4d2e-9a7b-5f6c7d8e9a01",
        "Config": {
            "Comment": "hub endpoint for the spokes",
            "PrivateZone": true
        },
        "ResourceRecordSetCount": 3
    },
    "VPCs": [
        {
            "VPCRegion": "eu-west-1",
            "VPCId": "vpc-0a1b2c3d4e5f60718"
        },
        {
            "VPCRegion": "eu-west-1",
            "VPCId": "vpc-0b2c3d4e5f6071829"
        }
    ]
}`

	// aws route53 list-resource-record-sets --hosted-zone-id … --query
	// "{HostedZoneId: '…', ResourceRecordSets: ResourceRecordSets}"
	r53Records = `{
    "HostedZoneId": "Z06217433KXJ7Q2SSMMSG",
    "ResourceRecordSets": [
        {
            "Name": "ssmmessages.eu-west-1.amazonaws.com.",
            "Type": "A",
            "AliasTarget": {
                "HostedZoneId": "Z38GZ743OKFT7T",
                "DNSName": "vpce-01c2d3e4f5a6b7c80-3k8f2m1q.ssmmessages.eu-west-1.vpce.amazonaws.com.",
                "EvaluateTargetHealth": true
            }
        },
        {
            "Name": "ssmmessages.eu-west-1.amazonaws.com.",
            "Type": "NS",
            "TTL": 172800,
            "ResourceRecords": [
                {"Value": "ns-1536.awsdns-00.co.uk."},
                {"Value": "ns-0.awsdns-00.com."}
            ]
        },
        {
            "Name": "test.ssmmessages.eu-west-1.amazonaws.com.",
            "Type": "A",
            "TTL": 300,
            "ResourceRecords": [
                {"Value": "10.0.8.5"}
            ]
        }
    ]
}`

	// aws route53 list-hosted-zones-by-vpc --vpc-id … --vpc-region eu-west-1
	// --query "{VPCId: '…', HostedZoneSummaries: HostedZoneSummaries}"
	r53ByVPC = `{
    "VPCId": "vpc-0a1b2c3d4e5f60718",
    "HostedZoneSummaries": [
        {
            "HostedZoneId": "Z06217433KXJ7Q2SSMMSG",
            "Name": "ssmmessages.eu-west-1.amazonaws.com.",
            "Owner": {"OwningAccount": "111122223333"}
        },
        {
            "HostedZoneId": "Z07415988LOGS4TQ2ZB1A",
            "Name": "logs.eu-west-1.amazonaws.com.",
            "Owner": {"OwningAccount": "444455556666"}
        }
    ],
    "MaxItems": "100"
}`

	// aws route53 list-hosted-zones
	r53List = `{
    "HostedZones": [
        {
            "Id": "/hostedzone/Z06217433KXJ7Q2SSMMSG",
            "Name": "ssmmessages.eu-west-1.amazonaws.com.",
            "CallerReference": "0b8e4a52-3c1f-4d2e-9a7b-5f6c7d8e9a01",
            "Config": {"Comment": "hub endpoint for the spokes", "PrivateZone": true},
            "ResourceRecordSetCount": 3
        },
        {
            "Id": "/hostedzone/Z1R8UBAEXAMPLE",
            "Name": "example.com.",
            "CallerReference": "C741617D-04E4-F8DE-B9D7-0D150FC61C2E",
            "Config": {"PrivateZone": false},
            "ResourceRecordSetCount": 2
        }
    ]
}`
)

func zoneByID(t *testing.T, s *model.Snapshot, id string) model.HostedZone {
	t.Helper()
	for _, z := range s.HostedZones {
		if z.ID == id {
			return z
		}
	}
	t.Fatalf("no hosted zone %s in %+v", id, s.HostedZones)
	return model.HostedZone{}
}

func TestHostedZones(t *testing.T) {
	s, diags := loadFiles(t, map[string]string{
		"Vpcs.json":                                     r53VPCs,
		"HostedZones.json":                              r53List,
		"HostedZone-Z06217433KXJ7Q2SSMMSG.json":         r53GetZone,
		"ResourceRecordSets-Z06217433KXJ7Q2SSMMSG.json": r53Records,
		"HostedZonesByVpc-vpc-0a1b2c3d4e5f60718.json":   r53ByVPC,
	})
	// The logs zone belongs to another account: its records are not in
	// this export.
	if got := codes(diags); !slices.Equal(got, []string{CodeIncomplete}) || !strings.Contains(diags[0].Message, "Z07415988LOGS4TQ2ZB1A") {
		t.Errorf("diagnostics %v, want one %s naming the logs zone", diags, CodeIncomplete)
	}
	want := []model.HostedZone{
		{
			ID: "Z06217433KXJ7Q2SSMMSG", Name: "ssmmessages.eu-west-1.amazonaws.com",
			VPCs: []string{"vpc-0a1b2c3d4e5f60718", "vpc-0b2c3d4e5f6071829"},
			Records: []model.DNSRecord{
				{Name: "ssmmessages.eu-west-1.amazonaws.com", Type: "A", Alias: "vpce-01c2d3e4f5a6b7c80-3k8f2m1q.ssmmessages.eu-west-1.vpce.amazonaws.com"},
				{Name: "ssmmessages.eu-west-1.amazonaws.com", Type: "NS", Values: []string{"ns-1536.awsdns-00.co.uk.", "ns-0.awsdns-00.com."}},
				{Name: "test.ssmmessages.eu-west-1.amazonaws.com", Type: "A", Values: []string{"10.0.8.5"}},
			},
		},
		{ID: "Z07415988LOGS4TQ2ZB1A", Name: "logs.eu-west-1.amazonaws.com", VPCs: []string{"vpc-0a1b2c3d4e5f60718"}},
	}
	// The public zone example.com is left out.
	if diff := cmp.Diff(want, s.HostedZones, cmpOpts); diff != "" {
		t.Errorf("hosted zones (-want +got):\n%s", diff)
	}
	for _, tc := range []struct {
		ref  model.FieldRef
		file string
		path string
	}{
		{model.FieldRef{ID: "Z06217433KXJ7Q2SSMMSG"}, "HostedZone-Z06217433KXJ7Q2SSMMSG.json", "HostedZone"},
		{model.FieldRef{ID: "Z06217433KXJ7Q2SSMMSG", Field: "vpcs[1]"}, "HostedZone-Z06217433KXJ7Q2SSMMSG.json", "VPCs[1].VPCId"},
		{model.FieldRef{ID: "Z06217433KXJ7Q2SSMMSG", Field: "records[2]"}, "ResourceRecordSets-Z06217433KXJ7Q2SSMMSG.json", "ResourceRecordSets[2]"},
		{model.FieldRef{ID: "Z07415988LOGS4TQ2ZB1A"}, "HostedZonesByVpc-vpc-0a1b2c3d4e5f60718.json", "HostedZoneSummaries[1]"},
		{model.FieldRef{ID: "Z07415988LOGS4TQ2ZB1A", Field: "vpcs[0]"}, "HostedZonesByVpc-vpc-0a1b2c3d4e5f60718.json", "VPCId"},
	} {
		p, ok := s.Sources[tc.ref]
		if !ok || p.File != tc.file || p.Path != tc.path || p.Line == 0 {
			t.Errorf("source of %v = %+v, want %s at %s", tc.ref, p, tc.file, tc.path)
		}
	}
	// Validate repeats the reader's notes; it adds nothing.
	if ds := s.Validate(); len(ds) != len(diags) || len(ds.Errors()) != 0 {
		t.Errorf("Validate: %v", ds)
	}
}

// The zone and VPC ids the Route 53 list outputs do not carry come from
// the key beside the list, else from the path, else from the only
// candidate.
func TestHostedZoneIDRules(t *testing.T) {
	const zone = "Z06217433KXJ7Q2SSMMSG"
	bare := strings.Replace(r53Records, `"HostedZoneId": "Z06217433KXJ7Q2SSMMSG",`, ``, 1)
	summaries := strings.Replace(r53ByVPC, `"VPCId": "vpc-0a1b2c3d4e5f60718",`, ``, 1)
	logsZone := strings.NewReplacer("Z06217433KXJ7Q2SSMMSG", "Z07415988LOGS4TQ2ZB1A", "ssmmessages.", "logs.").Replace(r53GetZone)
	tests := []struct {
		name    string
		files   map[string]string
		codes   []string
		records string // the zone that gets the records, "" for none
		vpc     string // the VPC list-hosted-zones-by-vpc is taken to be about
	}{
		{"records: key beside the list", map[string]string{"z.json": r53GetZone, "l.json": logsZone, "r.json": r53Records}, []string{CodeIncomplete}, zone, ""},
		{"records: key with /hostedzone/", map[string]string{"z.json": r53GetZone, "l.json": logsZone,
			"r.json": strings.Replace(r53Records, `"HostedZoneId": "`, `"HostedZoneId": "/hostedzone/`, 1)}, []string{CodeIncomplete}, zone, ""},
		{"records: file name", map[string]string{"z.json": r53GetZone, "l.json": logsZone, "records-" + zone + ".json": bare}, []string{CodeIncomplete}, zone, ""},
		{"records: folder", map[string]string{"z.json": r53GetZone, "l.json": logsZone, "route53/" + zone + "/records.json": bare}, []string{CodeIncomplete}, zone, ""},
		{"records: only zone", map[string]string{"z.json": r53GetZone, "records.json": bare}, []string{CodeInferredID}, zone, ""},
		{"records: only zone without records", map[string]string{"z.json": r53GetZone, "l.json": logsZone, "records.json": bare,
			"lr.json": strings.NewReplacer(zone, "Z07415988LOGS4TQ2ZB1A", "ssmmessages.", "logs.").Replace(r53Records)}, []string{CodeInferredID}, zone, ""},
		{"records: two candidates", map[string]string{"z.json": r53GetZone, "l.json": logsZone, "records.json": bare}, []string{CodeIncomplete, CodeMissingID}, "", ""},
		{"records: ZONES is no id", map[string]string{"z.json": r53GetZone, "l.json": logsZone, "ZONES/records.json": bare}, []string{CodeIncomplete, CodeMissingID}, "", ""},
		{"summaries: key beside the list", map[string]string{"v.json": r53VPCs, "s.json": r53ByVPC}, []string{CodeIncomplete}, "", "vpc-0a1b2c3d4e5f60718"},
		{"summaries: file name", map[string]string{"v.json": r53VPCs, "zones-vpc-0b2c3d4e5f6071829.json": summaries}, []string{CodeIncomplete}, "", "vpc-0b2c3d4e5f6071829"},
		{"summaries: only VPC", map[string]string{"v.json": r53OneVPC, "vpc-endpoints/zones.json": summaries}, []string{CodeIncomplete, CodeInferredID}, "", "vpc-0a1b2c3d4e5f60718"},
		{"summaries: two VPCs", map[string]string{"v.json": r53VPCs, "vpc-endpoints/zones.json": summaries}, []string{CodeMissingID}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, diags := loadFiles(t, tt.files)
			got := codes(diags)
			slices.Sort(got)
			if !slices.Equal(got, tt.codes) {
				t.Errorf("codes %q, want %q\n%v", got, tt.codes, diags)
			}
			for _, z := range s.HostedZones {
				if z.ID == tt.records && len(z.Records) != 3 || tt.records == "" && len(z.Records) != 0 {
					t.Errorf("zone %s has %d records", z.ID, len(z.Records))
				}
			}
			if tt.vpc != "" {
				for _, z := range s.HostedZones {
					if !slices.Equal(z.VPCs, []string{tt.vpc}) {
						t.Errorf("zone %s VPCs %v, want [%s]", z.ID, z.VPCs, tt.vpc)
					}
				}
			}
			if tt.vpc == "" && strings.Contains(tt.name, "summaries") && len(s.HostedZones) != 0 {
				t.Errorf("zones %+v, want none (the file is ignored)", s.HostedZones)
			}
		})
	}
}

// list-hosted-zones says which zones are private but not with which VPCs:
// they are kept without VPCs, with one warning for all of them.
func TestHostedZonesWithoutAssociations(t *testing.T) {
	two := strings.Replace(r53List, `"Config": {"PrivateZone": false}`, `"Config": {"PrivateZone": true}`, 1)
	s, diags := loadFiles(t, map[string]string{"HostedZones.json": two})
	if got := codes(diags); !slices.Equal(got, []string{CodeIncomplete}) {
		t.Fatalf("codes %q, want one %s", got, CodeIncomplete)
	}
	d := diags[0]
	if !strings.Contains(d.Message, "2 private hosted zones") || !strings.Contains(d.Message, "get-hosted-zone") ||
		!strings.Contains(d.Message, "list-hosted-zones-by-vpc") || d.Pos.Path != "HostedZones[0]" {
		t.Errorf("diagnostic %+v", d)
	}
	want := []model.HostedZone{
		{ID: "Z06217433KXJ7Q2SSMMSG", Name: "ssmmessages.eu-west-1.amazonaws.com"},
		{ID: "Z1R8UBAEXAMPLE", Name: "example.com"},
	}
	if diff := cmp.Diff(want, s.HostedZones, cmpOpts); diff != "" {
		t.Errorf("hosted zones (-want +got):\n%s", diff)
	}

	// A public zone is left out, and so are its records, silently.
	s, diags = loadFiles(t, map[string]string{
		"HostedZones.json": r53List,
		"Z1R8UBAEXAMPLE.json": `{"ResourceRecordSets": [{"Name": "www.example.com.", "Type": "A", "TTL": 60,
			"ResourceRecords": [{"Value": "192.0.2.44"}]}], "IsTruncated": false, "MaxItems": "100"}`,
	})
	if got := codes(diags); !slices.Equal(got, []string{CodeIncomplete}) || !strings.Contains(diags[0].Message, "Z06217433KXJ7Q2SSMMSG") {
		t.Errorf("diagnostics %v, want one %s about the private zone", diags, CodeIncomplete)
	}
	if len(s.HostedZones) != 1 || s.HostedZones[0].ID != "Z06217433KXJ7Q2SSMMSG" {
		t.Errorf("hosted zones %+v, want the private one", s.HostedZones)
	}
}

func TestHostedZoneProblems(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		codes []string
	}{
		{"records of an unknown zone", map[string]string{"r.json": r53Records}, []string{CodeOrphan}},
		{"one page of several", map[string]string{"z.json": r53GetZone,
			"r.json": strings.Replace(r53Records, `"HostedZoneId"`, `"IsTruncated": true, "NextRecordName": "x.", "NextRecordType": "A", "HostedZoneId"`, 1)},
			[]string{CodeIncomplete}},
		{"two names for one zone", map[string]string{"z.json": r53GetZone, "r.json": r53Records,
			"l.json": strings.Replace(r53List, `"Name": "ssmmessages.eu-west-1.amazonaws.com."`, `"Name": "ssm.eu-west-1.amazonaws.com."`, 1)},
			[]string{CodeIncomplete, CodeConflict}},
		{"a zone without id", map[string]string{"z.json": strings.Replace(r53GetZone, `"Id": "/hostedzone/Z06217433KXJ7Q2SSMMSG",`, ``, 1)},
			[]string{CodeMissingField}},
		{"HostedZone of the wrong type", map[string]string{"z.json": `{"HostedZone": ["x"], "VPCs": []}`}, []string{CodeBadType}},
		{"VPCs alone", map[string]string{"z.json": `{"VPCs": [{"VPCId": "vpc-1"}]}`}, []string{CodeNoKnownKey}},
		{"a record without a name", map[string]string{"z.json": r53GetZone, "r.json": strings.Replace(r53Records, `"Name": "test.ssmmessages.eu-west-1.amazonaws.com.",`, ``, 1)},
			[]string{CodeMissingField}},
		{"records twice", map[string]string{"z.json": r53GetZone, "r.json": r53Records, "r2.json": r53Records}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, diags := loadFiles(t, tt.files)
			if got := codes(diags); !slices.Equal(got, tt.codes) {
				t.Errorf("codes %q, want %q\n%v", got, tt.codes, diags)
			}
			for _, d := range diags {
				if d.Pos.File == "" || d.Pos.Line == 0 {
					t.Errorf("diagnostic without a position: %+v", d)
				}
			}
			if tt.name == "records twice" && len(s.HostedZones[0].Records) != 3 {
				t.Errorf("records %+v, want 3", s.HostedZones[0].Records)
			}
		})
	}
}
