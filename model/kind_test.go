package model

import "testing"

// TestKindOfID: the longest prefix names the kind (tgw-rtb- is a route
// table, not a transit gateway; vpce- an endpoint, not a VPC), and an id
// of no known form, or a bare prefix, names none.
func TestKindOfID(t *testing.T) {
	for _, tt := range []struct {
		id   string
		want Kind
		ok   bool
	}{
		{"tgw-rtb-0a1", KindTGWRouteTable, true},
		{"tgw-attach-0a1", KindTGWAttachment, true},
		{"tgw-0a1", KindTransitGateway, true},
		{"vpce-0a1", KindEndpoint, true},
		{"vpc-0a1", KindVPC, true},
		{"eigw-0a1", KindEgressOnlyIGW, true},
		{"igw-0a1", KindInternetGateway, true},
		{"i-0a1", KindInstance, true},
		{"eni-0a1", KindENI, true},
		{"vgw-0a1", KindVPNGateway, true},
		{"cagw-0a1", "", false},
		{"igw-", "", false},
		{"", "", false},
	} {
		if got, ok := KindOfID(tt.id); got != tt.want || ok != tt.ok {
			t.Errorf("KindOfID(%q) = %q, %v; want %q, %v", tt.id, got, ok, tt.want, tt.ok)
		}
	}
}
