#!/usr/bin/env bash
# collect.sh: save the read-only AWS CLI output that cshsim reads, for one
# account and one Region, one file per command, into a folder that
# `cshsim reach FOLDER` accepts. See docs/collect.md.
#
# Usage: docs/collect.sh [-r REGION] [-p PROFILE] [-a] [OUTDIR]
#   -r REGION   Region to read (default: AWS_REGION, AWS_DEFAULT_REGION,
#               then the profile's configured region)
#   -p PROFILE  AWS CLI profile (default: the usual credential chain)
#   -a          also fetch the entries of AWS-managed prefix lists
#   OUTDIR      output folder (default: cshsim-export-<account>-<region>);
#               existing files in it are overwritten
#
# Every command is a describe/get/list/search call: nothing is changed in
# the account. describe-vpn-connections is never called (its output holds
# VPN pre-shared keys).
set -euo pipefail

region="${AWS_REGION:-${AWS_DEFAULT_REGION:-}}"
profile=""
aws_lists=0
while getopts ":r:p:ah" opt; do
	case "$opt" in
	r) region="$OPTARG" ;;
	p) profile="$OPTARG" ;;
	a) aws_lists=1 ;;
	h)
		sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'
		exit 0
		;;
	:)
		echo "collect.sh: -$OPTARG needs a value" >&2
		exit 2
		;;
	*)
		echo "collect.sh: unknown option -$OPTARG (try -h)" >&2
		exit 2
		;;
	esac
done
shift $((OPTIND - 1))
if [ "$#" -gt 1 ]; then
	echo "collect.sh: at most one output folder (try -h)" >&2
	exit 2
fi

command -v aws >/dev/null 2>&1 || {
	echo "collect.sh: the aws command (AWS CLI v2) is not installed" >&2
	exit 2
}

export AWS_PAGER=""
common=(--output json)
if [ -n "$profile" ]; then
	common+=(--profile "$profile")
fi
if [ -z "$region" ]; then
	region="$(aws configure get region ${profile:+--profile "$profile"} || true)"
fi
if [ -z "$region" ]; then
	echo "collect.sh: no Region: pass -r REGION or set AWS_REGION" >&2
	exit 2
fi
common+=(--region "$region")

# awsq runs a read-only aws command and prints its output.
awsq() {
	aws "${common[@]}" "$@"
}

# ids runs a command whose --query selects a list of ids and prints them
# one a line.
ids() {
	awsq "$@" --output text | tr '\t' '\n' | sed '/^$/d; /^None$/d'
}

account="$(awsq sts get-caller-identity --query Account --output text)"
out="${1:-cshsim-export-$account-$region}"
mkdir -p "$out"

tmp=""
cleanup() {
	if [ -n "$tmp" ]; then
		rm -f "$tmp"
	fi
}
trap cleanup EXIT

# save FILE COMMAND…: run the command and write its JSON output to
# OUTDIR/FILE, only once it has succeeded (a failed command leaves no
# half-written file behind).
save() {
	local file="$1"
	shift
	echo "  $file" >&2
	tmp="$out/.$file.tmp"
	awsq "$@" >"$tmp"
	mv "$tmp" "$out/$file"
	tmp=""
}

echo "cshsim: reading account $account, Region $region into $out/" >&2

# VPCs and their DNS attributes (describe-vpc-attribute takes one
# attribute per call).
save Vpcs.json ec2 describe-vpcs
vpcs="$(ids ec2 describe-vpcs --query 'Vpcs[].VpcId')"
for vpc in $vpcs; do
	save "VpcAttribute-enableDnsSupport-$vpc.json" ec2 describe-vpc-attribute --vpc-id "$vpc" --attribute enableDnsSupport
	save "VpcAttribute-enableDnsHostnames-$vpc.json" ec2 describe-vpc-attribute --vpc-id "$vpc" --attribute enableDnsHostnames
done

# Subnets, routing, gateways, filtering.
save Subnets.json ec2 describe-subnets
save RouteTables.json ec2 describe-route-tables
save InternetGateways.json ec2 describe-internet-gateways
save EgressOnlyInternetGateways.json ec2 describe-egress-only-internet-gateways
save NatGateways.json ec2 describe-nat-gateways
save VpcEndpoints.json ec2 describe-vpc-endpoints
save SecurityGroups.json ec2 describe-security-groups
save SecurityGroupRules.json ec2 describe-security-group-rules
save NetworkAcls.json ec2 describe-network-acls
save NetworkInterfaces.json ec2 describe-network-interfaces
save DhcpOptions.json ec2 describe-dhcp-options
save VpcPeeringConnections.json ec2 describe-vpc-peering-connections
save VpnGateways.json ec2 describe-vpn-gateways
save Reservations.json ec2 describe-instances
save Addresses.json ec2 describe-addresses

# Prefix lists: the lists, the AWS service lists with their CIDRs, and the
# entries of each customer-managed list. get-managed-prefix-list-entries
# does not repeat the list id, so --query adds it beside the entries.
save ManagedPrefixLists.json ec2 describe-managed-prefix-lists
save PrefixLists.json ec2 describe-prefix-lists
pl_query="PrefixLists[?OwnerId!='AWS'].PrefixListId"
if [ "$aws_lists" = 1 ]; then
	pl_query="PrefixLists[].PrefixListId"
fi
pls="$(ids ec2 describe-managed-prefix-lists --query "$pl_query")"
for pl in $pls; do
	save "PrefixListEntries-$pl.json" ec2 get-managed-prefix-list-entries --prefix-list-id "$pl" \
		--query "{PrefixListId: '$pl', Entries: Entries}"
done

# Transit gateways. search-transit-gateway-routes needs --filters and does
# not repeat the table id either: --query adds it.
save TransitGateways.json ec2 describe-transit-gateways
save TransitGatewayAttachments.json ec2 describe-transit-gateway-attachments
save TransitGatewayVpcAttachments.json ec2 describe-transit-gateway-vpc-attachments
save TransitGatewayPeeringAttachments.json ec2 describe-transit-gateway-peering-attachments
save TransitGatewayRouteTables.json ec2 describe-transit-gateway-route-tables
rtbs="$(ids ec2 describe-transit-gateway-route-tables \
	--query "TransitGatewayRouteTables[?State=='available'].TransitGatewayRouteTableId")"
for rtb in $rtbs; do
	save "TransitGatewayRoutes-$rtb.json" ec2 search-transit-gateway-routes \
		--transit-gateway-route-table-id "$rtb" \
		--filters Name=state,Values=active,blackhole \
		--query "{TransitGatewayRouteTableId: '$rtb', Routes: Routes, AdditionalRoutesAvailable: AdditionalRoutesAvailable}"
	save "TransitGatewayRouteTableAssociations-$rtb.json" ec2 get-transit-gateway-route-table-associations \
		--transit-gateway-route-table-id "$rtb" \
		--query "{TransitGatewayRouteTableId: '$rtb', Associations: Associations}"
	save "TransitGatewayRouteTablePropagations-$rtb.json" ec2 get-transit-gateway-route-table-propagations \
		--transit-gateway-route-table-id "$rtb" \
		--query "{TransitGatewayRouteTableId: '$rtb', TransitGatewayRouteTablePropagations: TransitGatewayRouteTablePropagations}"
done

# Route 53 private hosted zones (Route 53 is global; --region is harmless).
# list-hosted-zones-by-vpc does not repeat the VPC it was asked about and
# list-resource-record-sets does not repeat the zone id: --query adds them.
# get-hosted-zone and list-resource-record-sets run for the account's own
# private zones only: a zone another account (or an AWS service) shares
# with these VPCs shows up in list-hosted-zones-by-vpc, and its records
# come from its owner's export.
for vpc in $vpcs; do
	save "HostedZonesByVpc-$vpc.json" route53 list-hosted-zones-by-vpc \
		--vpc-id "$vpc" --vpc-region "$region" \
		--query "{VPCId: '$vpc', HostedZoneSummaries: HostedZoneSummaries}"
done
zones="$(ids route53 list-hosted-zones --query 'HostedZones[?Config.PrivateZone].Id')"
for zone in $zones; do
	zone="${zone##*/}" # /hostedzone/Z… → Z…
	save "HostedZone-$zone.json" route53 get-hosted-zone --id "$zone"
	save "ResourceRecordSets-$zone.json" route53 list-resource-record-sets \
		--hosted-zone-id "$zone" \
		--query "{HostedZoneId: '$zone', ResourceRecordSets: ResourceRecordSets}"
done

# ECS tasks (for ecs-exec and ecs-task destinations): describe-tasks takes
# at most 100 tasks a call. (Written for bash 3.2 too, as macOS ships it.)
clusters="$(ids ecs list-clusters --query 'clusterArns[]')"
for cluster in $clusters; do
	name="${cluster##*/}"
	task_arns="$(ids ecs list-tasks --cluster "$cluster" --query 'taskArns[]')"
	n=0
	batch=()
	for arn in $task_arns; do
		batch+=("$arn")
		if [ "${#batch[@]}" -eq 100 ]; then
			save "EcsTasks-$name-$n.json" ecs describe-tasks --cluster "$cluster" --tasks "${batch[@]}"
			n=$((n + 1))
			batch=()
		fi
	done
	if [ "${#batch[@]}" -gt 0 ]; then
		save "EcsTasks-$name-$n.json" ecs describe-tasks --cluster "$cluster" --tasks "${batch[@]}"
	fi
done

echo "cshsim: done; try: cshsim reach $out --from cloudshell" >&2
