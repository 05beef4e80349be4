package awscli

import (
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cshsim/cshsim/model"
)

// This file tests how transit gateways, their attachments and routes, and VPC peering connections are read.

func TestTGWVPCAttachment(t *testing.T) {
	s := mustLoad(t, map[string]string{
		"vpc-attachments.json": docExample(t, "ec2/describe-transit-gateway-vpc-attachments.rst", 0),
		"attachments.json": `{"TransitGatewayAttachments":[{"TransitGatewayAttachmentId":"tgw-attach-0a08e88308EXAMPLE","TransitGatewayId":"tgw-0043d72bb4EXAMPLE",
			"TransitGatewayOwnerId":"111122223333","ResourceOwnerId":"111122223333","ResourceType":"vpc","ResourceId":"vpc-0f501f7ee8EXAMPLE","State":"available",
			"Association":{"TransitGatewayRouteTableId":"tgw-rtb-0b0b0bEXAMPLE","State":"associated"},"Tags":[]}]}`,
	})
	want := []model.TGWAttachment{{
		ID: "tgw-attach-0a08e88308EXAMPLE", TransitGateway: "tgw-0043d72bb4EXAMPLE", ResourceType: "vpc",
		ResourceID: "vpc-0f501f7ee8EXAMPLE", Account: "111122223333", State: "available",
		Subnets:    []string{"subnet-045d586432EXAMPLE", "subnet-0a0ad478a6EXAMPLE"},
		RouteTable: "tgw-rtb-0b0b0bEXAMPLE", DNSSupport: true,
	}}
	if diff := cmp.Diff(want, s.TGWAttachments, cmpOpts); diff != "" {
		t.Errorf("attachment (-want +got):\n%s", diff)
	}
	if p := s.Sources[model.FieldRef{ID: want[0].ID, Field: "subnets[1]"}]; p.Path != "TransitGatewayVpcAttachments[0].SubnetIds[1]" || p.File != "vpc-attachments.json" {
		t.Errorf("source of subnets[1] = %v", p)
	}
}

func TestTGWRoutes(t *testing.T) {
	tables := docExample(t, "ec2/describe-transit-gateway-route-tables.rst", 0)
	routes := docExample(t, "ec2/search-transit-gateway-routes.rst", 0)
	props := docExample(t, "ec2/get-transit-gateway-route-table-propagations.rst", 0)
	assocs := docExample(t, "ec2/get-transit-gateway-route-table-associations.rst", 0)
	id := "tgw-rtb-0a823edbdeEXAMPLE"
	s, diags := loadFiles(t, map[string]string{
		"TransitGatewayRouteTables.json":  tables,
		"routes.json":                     strings.Replace(routes, `"Routes"`, `"TransitGatewayRouteTableId": "`+id+`", "Routes"`, 1),
		"propagations/" + id + ".json":    props,
		"associations-" + id + "-x.json":  assocs,
		"more/routes-" + id + "-bis.json": strings.Replace(routes, `"AdditionalRoutesAvailable": false`, `"AdditionalRoutesAvailable": true`, 1),
	})
	if got := codes(diags); len(got) != 1 || got[0] != CodeIncomplete {
		t.Errorf("codes %q, want one %s (AdditionalRoutesAvailable)", got, CodeIncomplete)
	}
	var rt model.TGWRouteTable
	for _, x := range s.TGWRouteTables {
		if x.ID == id {
			rt = x
		}
	}
	// The doc examples describe other tables: this one is known by its
	// routes only.
	want := model.TGWRouteTable{ID: id, RoutesKnown: true,
		Routes: []model.TGWRoute{
			{Destination: pfx("10.0.2.0/24"), Type: "static", State: "active", Attachments: []string{"tgw-attach-09b52ccdb5EXAMPLE"}},
			{Destination: pfx("10.1.0.0/24"), Type: "static", State: "active", Attachments: []string{"tgw-attach-09b52ccdb5EXAMPLE"}},
		},
		Propagations: []string{"tgw-attach-01f8100bc7EXAMPLE", "tgw-attach-08e0bc912cEXAMPLE", "tgw-attach-0a89069f57EXAMPLE"},
	}
	if diff := cmp.Diff(want, rt, cmpOpts); diff != "" {
		t.Errorf("route table (-want +got):\n%s", diff)
	}
	// The association is "associating": not effective.
	for _, a := range s.TGWAttachments {
		if a.RouteTable != "" {
			t.Errorf("attachment %s associated with %s, want none (associating)", a.ID, a.RouteTable)
		}
	}

	// Without any id and with several tables: ignored with a warning.
	_, diags = loadFiles(t, map[string]string{"TransitGatewayRouteTables.json": tables, "routes.json": routes})
	if got := codes(diags); len(got) != 1 || got[0] != CodeMissingID {
		t.Errorf("codes %q, want one %s", got, CodeMissingID)
	}
}

func TestBatfishTGWWrappers(t *testing.T) {
	dir := filepath.Join(fixtures(t), "batfish-aws", "unit")
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	s := mustLoad(t, map[string]string{
		"TransitGatewayStaticRoutes.json": read("TransitGatewayStaticRoutesTest.json"),
		"TransitGatewayPropagations.json": read("TransitGatewayPropagationsTest.json"),
	})
	var rt model.TGWRouteTable
	for _, x := range s.TGWRouteTables {
		if x.ID == "tgw-rtb-08262a9ed03306288" {
			rt = x
		}
	}
	want := []model.TGWRoute{
		{Destination: pfx("1.1.1.1/32"), Type: "static", State: "active", Attachments: []string{"tgw-attach-07f5ec59e9f540021"}},
		{Destination: pfx("192.168.0.0/16"), Type: "static", State: "blackhole"},
	}
	if diff := cmp.Diff(want, rt.Routes, cmpOpts); diff != "" {
		t.Errorf("static routes (-want +got):\n%s", diff)
	}
	if rt.RoutesKnown {
		t.Error("RoutesKnown after Batfish's static-only wrapper, want false (propagated routes are not listed)")
	}
	if len(s.TGWRouteTables) < 2 {
		t.Errorf("route tables %+v", s.TGWRouteTables)
	}
}

// A TGW peering attachment is listed by each end with its own transit
// gateway and association: both ends are kept.
func TestTGWPeeringAttachmentEnds(t *testing.T) {
	dir := filepath.Join(fixtures(t), "batfish-aws", "snapshots", "test-transit-gateway-peering")
	s, diags := Load(dir)
	if diags.HasErrors() {
		t.Fatal(diags.Errors())
	}
	var ends []model.TGWAttachment
	for _, a := range s.TGWAttachments {
		if a.ID == "tgw-attach-012e5d602f859dd80" {
			ends = append(ends, a)
		}
	}
	if len(ends) != 2 || ends[0].TransitGateway == ends[1].TransitGateway || ends[0].RouteTable == ends[1].RouteTable {
		t.Errorf("peering attachment ends = %+v, want two, one per transit gateway", ends)
	}
}

func TestPeering(t *testing.T) {
	s := mustLoad(t, map[string]string{"p.json": docExample(t, "ec2/describe-vpc-peering-connections.rst", 0)})
	if len(s.Peerings) == 0 {
		t.Fatal("no peering connections")
	}
	p := s.Peerings[0]
	if p.Status != "active" || p.Requester.VPC != "vpc-123abc45" || len(p.Requester.CIDRs) != 1 || p.Accepter.Account != "111122223333" {
		t.Errorf("peering = %+v", p)
	}
	// Each side's account exports the connection with its own tags.
	one := `{"VpcPeeringConnections":[{"VpcPeeringConnectionId":"pcx-1","Status":{"Code":"active","Message":"Active"},
	 "RequesterVpcInfo":{"VpcId":"vpc-a","OwnerId":"111111111111","Region":"us-east-1","CidrBlock":"10.0.0.0/16","CidrBlockSet":[{"CidrBlock":"10.0.0.0/16"}]},
	 "AccepterVpcInfo":{"VpcId":"vpc-b","OwnerId":"222222222222","Region":"us-east-1","CidrBlock":"10.1.0.0/16"},"Tags":[TAGS]}]}`
	s = mustLoad(t, map[string]string{
		"accounts/111111111111/us-east-1/p.json": strings.Replace(one, "TAGS", `{"Key":"Name","Value":"a-to-b"}`, 1),
		"accounts/222222222222/us-east-1/p.json": strings.Replace(one, "TAGS", ``, 1),
	})
	want := []model.PeeringConnection{{ID: "pcx-1", Status: "active",
		Requester: model.PeerVPC{VPC: "vpc-a", Account: "111111111111", Region: "us-east-1", CIDRs: []netip.Prefix{pfx("10.0.0.0/16")}},
		Accepter:  model.PeerVPC{VPC: "vpc-b", Account: "222222222222", Region: "us-east-1", CIDRs: []netip.Prefix{pfx("10.1.0.0/16")}},
		Tags:      []model.Tag{{Key: "Name", Value: "a-to-b"}}}}
	if diff := cmp.Diff(want, s.Peerings, cmpOpts); diff != "" {
		t.Errorf("peering (-want +got):\n%s", diff)
	}
}
