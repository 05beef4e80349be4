package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestSharedFixtureVerdicts runs the shared Batfish snapshots pulled from
// real AWS through the command, with the verdicts reasoned out from the
// exports (shared/aws-rules.md). Skipped when shared/ is not beside the
// repository.
func TestSharedFixtureVerdicts(t *testing.T) {
	root := "../../../shared/fixtures/batfish-aws/snapshots"
	if _, err := os.Stat(root); err != nil {
		t.Skip("shared fixtures not found beside the repository")
	}
	tests := []struct {
		snap, from, to string
		reachable      bool
		code           string
		why            string
	}{
		{"test-vpc-peering", "eni-0f0708220e812876c", "192.168.2.229:22", true, "",
			"10.10.10.157 reaches the peer VPC over pcx-0d5b…, whose SG admits SSH"},
		{"test-vpc-peering", "eni-06347554b65539ff3", "192.168.1.106:22", false, "CSH_NO_SUBNET_FOR_ADDRESS",
			"both 192.168 VPCs have the same CIDR: the local route wins, and no subnet of the source VPC holds the address"},
		{"test-transit-gateway", "eni-0f0708220e812876c", "192.168.1.106:22", true, "",
			"10.10.10.157 → TGW (propagated 192.168.0.0/16) → attachment subnet in the same zone → SSH allowed"},
		{"test-transit-gateway", "eni-0024c0af5aa1387e5", "10.10.20.154:22", false, "TGW_ROUTE_AZ_RESTRICTION",
			"the request arrives, but the reply leaves a subnet in a zone where vpc-0404…'s attachment has no subnet"},
		{"test-transit-gateway-asymmetric-paths", "eni-0a45822da60501baf", "internet", false, "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS",
			"the interface has no public address and its route to the internet goes straight to the IGW"},
		{"test-nat-gateway", "eni-068fb5a0a9a57f23c", "internet", true, "",
			"the instance's interface has a public IP and an IGW route"},
		{"test-vpc-endpoint-gateway", "eni-05a3a36428edb2766", "aws:s3", true, "",
			"the S3 gateway endpoint's prefix-list route takes S3 traffic"},
		{"test-transit-gateway-peering", "eni-0a5a94e62838a2b2c", "192.168.1.100:22", false, "TGW_RTB_CANNOT_ROUTE",
			"across two Regions' peered transit gateways the request arrives, but the reply enters tgw-0e20… by the peering attachment, whose end is associated with tgw-rtb-05d2…, which has no route to 10.20.0.0/16"},
		{"test-vpc-endpoint-interface", "eni-0084b734451ba23ca", "aws:cloudtrail", false, "CSH_PRIVATE_DNS_UNAVAILABLE",
			"the export has no describe-vpc-attribute: enableDnsHostnames defaults to off, so the cloudtrail endpoint's private DNS is not used, and the public path has no public IP"},
	}
	for _, tt := range tests {
		t.Run(tt.snap+"/"+tt.to, func(t *testing.T) {
			got := reachJSON(t, []string{"reach", filepath.Join(root, tt.snap), "--from", tt.from, "--to", tt.to, "--format", "json"})
			r := got.Results[0]
			if r.Reachable != tt.reachable || string(r.Code) != tt.code {
				t.Errorf("%s → %s: reachable %v code %q (%s); want %v %q: %s", tt.from, tt.to, r.Reachable, r.Code, r.Message, tt.reachable, tt.code, tt.why)
			}
		})
	}
}
