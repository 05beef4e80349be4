// Package awscli reads a folder of AWS CLI JSON output (`aws ec2 describe-…
// --output json`, `aws ecs describe-tasks`, `aws route53 …`) into a
// [model.Snapshot].
//
// # Files and keys
//
// [Load] reads every *.json file under a folder, recursively and in sorted
// path order, and recognises each file by its top-level keys, never by its
// name. The keys read are the list keys of the describe commands:
//
//	Vpcs Subnets RouteTables InternetGateways EgressOnlyInternetGateways
//	NatGateways VpcEndpoints SecurityGroups SecurityGroupRules NetworkAcls
//	NetworkInterfaces DhcpOptions PrefixLists TransitGateways
//	TransitGatewayAttachments TransitGatewayVpcAttachments
//	TransitGatewayPeeringAttachments TransitGatewayRouteTables
//	VpcPeeringConnections VpnGateways Reservations Addresses tasks (ECS)
//	HostedZones (Route 53 list-hosted-zones)
//
// plus the outputs that need an owner id from elsewhere (Routes of
// search-transit-gateway-routes, Associations and
// TransitGatewayRouteTablePropagations of get-transit-gateway-route-table-…,
// Entries of get-managed-prefix-list-entries, HostedZoneSummaries of
// route53 list-hosted-zones-by-vpc, ResourceRecordSets of route53
// list-resource-record-sets), describe-vpc-attribute output (VpcId with
// EnableDnsSupport or EnableDnsHostnames, one attribute per file), route53
// get-hosted-zone output (HostedZone with VPCs) and the Batfish wrappers
// TransitGatewayStaticRoutes and TransitGatewayPropagations. NextToken,
// AdditionalRoutesAvailable, failures, ResponseMetadata, the Route 53
// pagination members (MaxItems, IsTruncated, Marker, NextMarker,
// NextRecordName, NextRecordType, NextRecordIdentifier) and DelegationSet
// are bookkeeping; AdditionalRoutesAvailable or IsTruncated true is an
// incomplete-output warning. Any other top-level key is reported
// once per file (unknown-key), and a file with no key cshsim reads gets one
// no-known-key warning. Within an object, members cshsim does not need
// (timestamps, user data, VPN tunnel configuration…) are skipped by the
// decoder and never copied anywhere, so secrets in an export stay out of
// the snapshot and of every message.
//
// Each list is decoded in one pass by the reader's own decoder (decode.go),
// which validates the JSON it reads and notes where every value is, so that
// positions cost no second scan, and each file's text is released once it
// is read. It decodes only what encoding/json would decode to the same
// value; anything else (invalid JSON, a member of the wrong type, an
// escaped key) is decoded again by encoding/json, whose errors become the
// diagnostics. FuzzDecodeList holds the two to each other.
//
// The layout Batfish users collect is read as is:
// aws_configs/[<region>/ | accounts/<account>/<region>/]<Kind>.json, with
// Python-style timestamps (never decoded).
//
// # Ids that the output does not carry
//
// search-transit-gateway-routes, get-transit-gateway-route-table-associations
// and -propagations do not repeat the route table id,
// get-managed-prefix-list-entries does not repeat the prefix list id,
// list-hosted-zones-by-vpc does not name the VPC it was asked about, and
// list-resource-record-sets does not name its hosted zone. The reader takes
// the id from, in order:
//
//  1. a "TransitGatewayRouteTableId" (or "PrefixListId", "VPCId",
//     "HostedZoneId") key beside the list in the same file, which is what
//     docs/collect.sh writes (with the AWS CLI's own --query) and what
//     Batfish's wrapper files carry;
//  2. an id in the file's path: a file or folder named tgw-rtb-….json,
//     pl-….json, vpc-….json or after a hosted zone id (Z….json);
//  3. the only candidate in the snapshot (the only TGW route table; the only
//     prefix list without entries; the only VPC; the only private hosted
//     zone without records), with an inferred-id warning;
//
// and otherwise ignores the file with a missing-id warning.
//
// # Route 53 private hosted zones
//
// get-hosted-zone (a zone with its VPCs), list-hosted-zones (zones without
// their VPCs) and list-hosted-zones-by-vpc (the zones of one VPC) merge
// into one [model.HostedZone] per zone id ("/hostedzone/" removed, names
// without their final dot), with the records of list-resource-record-sets
// (an alias record keeps its target's DNS name). Only private zones are
// kept: Config.PrivateZone true, or associated with a VPC. A private zone
// whose VPCs no output gives, or whose records are missing, is kept with an
// incomplete-output warning (one for all such zones): it answers no query,
// or it answers NXDOMAIN for every name under it.
//
// # Merging
//
// Several files of one kind merge (pages, accounts, Regions). The same id
// twice with the same content is kept once; with different content it is a
// conflicting-object error naming both places. Real exports need a few
// exceptions, each taken from how AWS shows shared objects:
//
//   - a subnet shared through RAM appears in each participant's
//     describe-subnets with that account's name for its Availability Zone:
//     when the zone ids agree the copies are one subnet (the owner's copy is
//     kept);
//   - an object exported from several account folders may carry different
//     tags in each (tags are per account): the tags are not compared, and
//     the copy from the owner's folder is kept;
//   - a transit gateway peering attachment is listed by each end with its own
//     transit gateway and route table association: one TGWAttachment per end
//     is kept, both with the attachment's id;
//   - the interfaces inside describe-instances are a second view: when two
//     disagree the first is kept with a warning, and describe-network-interfaces
//     wins over all of them.
//
// describe-security-groups and describe-security-group-rules print the same
// rules in two shapes. A group that describe-security-groups lists keeps its
// rules from there, and the flat rules only check them (a
// security-group-rules-differ warning when they disagree), so no rule is
// counted twice; a group only the flat rules name is built from them.
// describe-prefix-lists (with Cidrs), describe-managed-prefix-lists and
// get-managed-prefix-list-entries merge into one PrefixList per id.
//
// Each object's account is its OwnerId, else the account folder of the
// layout; each file's Region is the one Region its Availability Zones, ARNs
// and service names name, else its Region folder. Snapshot.Region and
// Snapshot.Account are set when the whole export has one.
//
// The returned diagnostics are also kept in Snapshot.Notes, so that
// Snapshot.Validate reports them again: print one list, not both. Codes are
// the Code constants of this package (and model.CodeBadValue,
// model.CodeMissingField).
//
// # Positions
//
// Snapshot.Sources maps every object ({ID, ""}) and each reference field,
// named as model.Validate names them ("vpc", "route_table",
// "routes[2].target", "security_groups[0]", "ingress[1].cidr"…), to a
// [model.Pos] with file, line, column and JSON path
// (RouteTables[3].Routes[1].NatGatewayId).
package awscli
