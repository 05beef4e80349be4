// Package tfplan reads a Terraform plan, the JSON that
// `terraform show -json PLANFILE` writes, into a [model.Snapshot]: the
// network as it will be once the plan is applied.
//
// The format is HashiCorp's "JSON Output Format", versions 0.1 (Terraform
// 0.12) to 1.x; another major version is an unsupported-format error.
// [IsPlan] recognises such output by its content, [Load] and [Parse] read
// it. The reader uses planned_values (the root module and its child
// modules, every count and for_each instance), resource_changes (after and
// after_unknown: which values are known only after apply), prior_state (the
// data sources read during planning) and configuration (the references of
// each expression, the module calls, outputs and variables). A plan without
// planned_values is read from the after values of its changes. Resources
// being destroyed are not in planned_values and so not in the snapshot.
//
// # Resource types
//
// Objects: aws_vpc, aws_subnet, aws_route_table (inline routes),
// aws_default_route_table, aws_internet_gateway,
// aws_egress_only_internet_gateway, aws_vpn_gateway, aws_nat_gateway,
// aws_eip, aws_vpc_endpoint, aws_security_group (inline rules),
// aws_default_security_group, aws_network_acl (inline entries),
// aws_default_network_acl, aws_vpc_dhcp_options, aws_network_interface,
// aws_instance (its primary interface), aws_ec2_transit_gateway,
// aws_ec2_transit_gateway_vpc_attachment,
// aws_ec2_transit_gateway_route_table, aws_vpc_peering_connection,
// aws_ec2_managed_prefix_list, aws_ecs_service.
//
// Links between them: aws_vpc_ipv4_cidr_block_association, aws_route,
// aws_route_table_association (subnet or edge), aws_main_route_table_association,
// aws_internet_gateway_attachment, aws_vpn_gateway_attachment,
// aws_vpc_endpoint_subnet_association, aws_vpc_endpoint_route_table_association,
// aws_vpc_endpoint_security_group_association, aws_security_group_rule,
// aws_vpc_security_group_ingress_rule, aws_vpc_security_group_egress_rule,
// aws_network_acl_rule, aws_network_acl_association,
// aws_vpc_dhcp_options_association, aws_network_interface_attachment,
// aws_network_interface_sg_attachment, aws_eip_association,
// aws_ec2_transit_gateway_route, aws_ec2_transit_gateway_route_table_association,
// aws_ec2_transit_gateway_route_table_propagation,
// aws_vpc_peering_connection_accepter, aws_ec2_managed_prefix_list_entry.
//
// Managed resources of any other type are listed, by address, in one
// unsupported-resource warning. Data sources are not objects of the
// snapshot: they only supply the values that references to them name.
//
// # Ids
//
// An object's id is the resource's planned id when the plan knows it (an
// existing resource, or a prior_state value), and otherwise its address as
// Terraform prints it: aws_vpc.main, module.net.aws_subnet.private[0],
// aws_vpc_endpoint.interface["logs"]. Hops, messages and --from then name
// what the user wrote. Objects AWS creates on its own are named by the
// attribute that refers to them: an instance's primary interface is
// <instance address>.primary_network_interface_id, a VPC's default security
// group, main route table and default network ACL are
// <vpc address>.default_security_group_id, .main_route_table_id and
// .default_network_acl_id (unless aws_default_security_group,
// aws_default_route_table or aws_default_network_acl manages them; those
// take their own id), a transit gateway's default route table is
// <tgw address>.association_default_route_table_id, a gateway endpoint's
// service prefix list is <endpoint address>.prefix_list_id. These implicit
// objects exist in the snapshot only when something needs them.
//
// # References
//
// An id attribute known only after apply (after_unknown) is resolved through
// the configuration: the references of its expression (aws_vpc.main.id) are
// followed to resource instances of the same module instance, through module
// outputs (module.net.vpc_id), input variables (var.subnet_id, to the module
// call or to the plan's variables) and data sources (whose ids come from
// prior_state). A reference to a resource with several instances names all
// of them for a list attribute; for one id, an expression that uses
// count.index or each.* pairs instance i with instance i, and when the
// referenced resource has no such instance and both use count, element()'s
// wrap-around picks i mod n (an ambiguous-reference warning). Attributes
// written as blocks (route, ingress, egress) have one expression for all
// their blocks: the references of the right kind are taken for each unknown
// field. Where an expression still leads to several objects, the first is
// taken with an ambiguous-reference warning.
//
// A reference that leads to no object of the plan (a local value, which the
// plan does not record; a resource with no instances) is an
// unresolved-reference error at the JSON path of the expression, such as
// configuration.root_module.resources[3].expressions.vpc_id: the snapshot
// would be wrong without it. A known id that names no object of the plan
// (an existing resource, a data source) is kept, with one
// external-reference warning per id; model.Validate then reports the
// reference as dangling where the model needs the object.
//
// # Values known only after apply
//
// Values that matter and are unknown at plan time are unknown-value
// warnings naming the address and attribute, with what was assumed:
//
//   - a CIDR (IPAM allocations): the object has no CIDR;
//   - an interface's private address: the first free address of its subnet
//     from the first usable one plus two (the simulator's stand-ins for a
//     CloudShell environment and an ECS task come before it);
//   - the public address an instance gets at launch (associate_public_ip_address,
//     the subnet's map_public_ip_on_launch, an Elastic IP whose address is
//     unknown): a documentation address from 192.0.2.101 up (RFC 5737), so
//     that the verdicts are those of the applied plan;
//   - enable_dns_support and enable_dns_hostnames set by such an
//     expression: unset, so that the simulator assumes AWS's defaults (left
//     to AWS, as a new VPC's enable_dns_hostnames, they take the default
//     without a warning).
//
// A NAT gateway's Elastic IP and private address stay unset when unknown:
// the simulator states that assumption on every result that uses them.
//
// # Defaults
//
// The AWS provider's defaults apply to absent values: a VPC's
// enable_dns_support is true and enable_dns_hostnames false, an endpoint is
// of type Gateway without private DNS, a NAT gateway's connectivity is
// public. Unlike the TOML snapshot format, an aws_security_group without
// egress rules has no egress rules: Terraform removes the allow-all rule
// AWS creates with a group. An interface, instance, interface endpoint or
// ECS task without security groups gets its VPC's default group, created
// with AWS's default rules (all traffic from members of the group, all
// traffic out) when the plan does not manage it. A subnet without a route
// table or network ACL association uses the VPC's main table and default
// ACL, which the simulator supplies.
//
// An aws_ecs_service with awsvpc network_configuration becomes one ECS task
// standing for its tasks, with the service's id, in its first subnet and
// with its security groups; its address is what ecs-task: names.
//
// # Diagnostics and positions
//
// The returned diagnostics are sorted and also kept in Snapshot.Notes, so
// that Snapshot.Validate repeats them: print one list, not both. Codes are
// the Code constants of this package. Snapshot.Sources maps every object
// (and the fields model.Validate names: vpc, subnet, cidr, route_table,
// routes[i], ingress[i], egress[i]…) to a [model.Pos] with file, line and
// column of the value in the plan and, as Path, the Terraform address of
// the resource or attribute (module.net.aws_route.public_internet_gateway,
// aws_security_group.app.egress[0]). Errors about the file itself carry
// the JSON path (format_version, configuration…expressions.vpc_id).
package tfplan
