package sim

import (
	"fmt"
	"strings"
)

// The words of the engine's answers. For every blocker and every unknown
// the step function records a code, the component, the situation and the
// facts its words name (a saying); this file holds how each situation
// reads, its message and its fix (for an unknown, the read-only command
// that collects what is missing), keyed by code. The words are rendered
// when a walk finishes, and not at all in verdict-only walks, so no rule
// builds a sentence. Symptoms, the words of what a user sees, are keyed by
// code too (symptom.go).

// phrase is how one situation of a code reads: format strings over the
// facts recorded. A verb takes an explicit index (%[2]s) where the message
// and the fix name different facts; a fix that is all one fact is "%[n]s".
type phrase struct{ msg, fix string }

// saying is one situation of a code and the facts its words name, as the
// step function records them.
type saying struct {
	what  string
	facts []any
}

// says records the situation what and its facts.
func says(what string, facts ...any) saying { return saying{what, facts} }

// render gives the message and the fix of code in situation s. A
// situation the table lacks renders a message that says so, which the
// tests look for (TestPhrasesRender).
func (s saying) render(code Code) (msg, fix string) {
	p, ok := phrases[code][s.what]
	if !ok {
		return fmt.Sprintf("(no words for %s/%s)", code, s.what), ""
	}
	return format(p.msg, s.facts), format(p.fix, s.facts)
}

// format renders one format over the facts; a format with no verb is its
// own text (fmt would add the facts it does not take as EXTRA).
func format(f string, facts []any) string {
	if !strings.Contains(f, "%") {
		return f
	}
	return fmt.Sprintf(f, facts...)
}

// badRender reports whether a rendered sentence shows a format error: a
// missing or extra fact, or a fact of the wrong kind.
func badRender(s string) bool {
	return strings.Contains(s, "%!") || strings.HasPrefix(s, "(no words for ")
}

// phraseEntry is one row of the table: a code, a situation, its words.
type phraseEntry struct {
	code Code
	what string
	p    phrase
}

// phrases is the table, keyed by code, then situation.
var phrases = func() map[Code]map[string]phrase {
	m := map[Code]map[string]phrase{}
	for _, r := range phraseRows {
		if m[r.code] == nil {
			m[r.code] = map[string]phrase{}
		}
		if _, dup := m[r.code][r.what]; dup {
			panic("sim: two phrases for " + string(r.code) + "/" + r.what)
		}
		m[r.code][r.what] = r.p
	}
	return m
}()

// phraseRows are the rows of the table, grouped by the step whose
// situations they name.
var phraseRows = []phraseEntry{
	// step.go: a source, subnets, route tables, network ACLs, security groups, interfaces.
	// sourceEgress: subnet.
	{CodeBadState, "source-no-subnet", phrase{
		msg: "subnet %[1]q is not in the snapshot",
	}},

	// sgHop: the hop's detail; direction, first group, service, to/from,
	// peer to allow.
	{CodeSGMismatch, "sg-egress", phrase{
		msg: "%[1]s",
		fix: "add an %[2]s rule to %[3]s allowing %[4]s %[5]s %[6]s",
	}},
	{CodeSGMismatch, "sg-ingress", phrase{
		msg: "%[1]s",
		fix: "add an %[2]s rule to %[3]s allowing %[4]s %[5]s %[6]s",
	}},
	{CodeSGHasNoRules, "sg-egress", phrase{
		msg: "%[1]s",
		fix: "add an %[2]s rule to %[3]s allowing %[4]s %[5]s %[6]s",
	}},

	// unknownSGs: direction, groups, what is missing, collect commands.
	{CodeSGUnknown, "sg-missing", phrase{
		msg: "no known %[1]s rule of %[2]s allows the traffic, and %[3]s is not in the snapshot: the rules that depend on it decide",
		fix: "%[4]s",
	}},

	// aclHop: ACL, direction, subnet, traffic, to/from, peer, the ACL's
	// detail, rule number to go below, service, CIDR to allow.
	{CodeACL, "acl", phrase{
		msg: "network ACL %[1]s (%[2]s of %[3]s) drops %[4]s %[5]s %[6]s: %[7]s",
		fix: "add an %[2]s rule to %[1]s numbered below %[8]s: allow %[9]s %[5]s %[10]s",
	}},
	{CodeACL, "acl-reply", phrase{
		msg: "return traffic: network ACL %[1]s (%[2]s of %[3]s) drops %[4]s %[5]s %[6]s: %[7]s",
		fix: "add an %[2]s rule to %[1]s numbered below %[8]s: allow %[9]s %[5]s %[10]s",
	}},

	// leave: routing loops.
	{CodeRoutingLoop, "leave-reply-loop", phrase{ // subnet
		msg: "routing loop: the reply returns to %[1]s",
	}},
	{CodeRoutingLoop, "leave-loop", phrase{ // components of the loop, subnet
		msg: "routing loop: the packet goes round %[1]s and back to %[2]s",
		fix: "change one of the routes of the loop so that it leads to the destination",
	}},

	// leave: route table, prefix lists, destination, first prefix list.
	{CodePLEntriesUnknown, "leave-pl-entries", phrase{
		msg: "%[1]s routes prefix lists whose entries are not in the snapshot (%[2]s): one of them may hold %[3]s",
		fix: "aws ec2 get-managed-prefix-list-entries --prefix-list-id %[4]s",
	}},

	// leave: route table, subnet, destination, the route to add.
	{CodeNoRoute, "leave-reply-no-route", phrase{
		msg: "return traffic: route table %[1]s (of %[2]s) has no route back to %[3]s",
		fix: "%[4]s",
	}},
	{CodeNoRoute, "leave-no-route", phrase{
		msg: "route table %[1]s (of %[2]s) has no route to %[3]s",
		fix: "%[4]s",
	}},

	// leave: routes that do not forward; the route, route table, then the
	// destination (reply), why (blackhole) or state, and the route's
	// destination.
	{CodeBadStateRoute, "leave-reply-dead-route", phrase{
		msg: "return traffic: route %[1]s in %[2]s does not forward the reply to %[3]s",
		fix: "point the route %[4]s in %[2]s at a working target",
	}},
	{CodeBadStateRoute, "leave-blackhole", phrase{
		msg: "route %[1]s in %[2]s is a blackhole (%[3]s)",
		fix: "delete the route %[4]s from %[2]s or point it at a working target",
	}},
	{CodeBadStateRoute, "leave-route-inactive", phrase{
		msg: "route %[1]s in %[2]s is %[3]s",
	}},

	// leave: route table, subnet, destination, internet gateway, the route
	// to add.
	{CodeAsymmetricReturn, "leave-reply-internet", phrase{
		msg: "return traffic: route table %[1]s (of %[2]s) sends the reply to %[3]s to %[4]s instead of back the way the request came",
		fix: "%[5]s",
	}},

	// leave: hops cshsim does not simulate.
	{CodeUnsupportedHop, "leave-middlebox", phrase{ // route table, prefix, target
		msg: "%[1]s sends traffic for %[2]s through the middlebox %[3]s (a route more specific than the local route), which cshsim does not simulate yet",
	}},
	{CodeUnsupportedHop, "leave-reply-unsimulated", phrase{ // kind, id
		msg: "return traffic continues through %[1]s %[2]s, which cshsim does not simulate yet",
	}},
	{CodeUnsupportedHop, "leave-unsimulated", phrase{ // kind, id
		msg: "the path continues through %[1]s %[2]s, which cshsim does not simulate yet",
	}},

	// vpcRouter: VPC, destination.
	{CodeNoSubnet, "vpc-reply-no-subnet", phrase{
		msg: "return traffic: no subnet of %[1]s holds %[2]s",
	}},
	{CodeNoSubnet, "vpc-no-subnet", phrase{
		msg: "no subnet of %[1]s holds %[2]s",
	}},

	// deliverENI: interface, destination.
	{CodeInterfaceDetached, "enter-detached", phrase{
		msg: "network interface %[1]s, which holds %[2]s, is not attached to anything: nothing answers",
		fix: "attach %[1]s to an instance, or send the traffic to an address in use",
	}},
	// deliverENI: instance, interface, state.
	{CodeHostNotRunning, "enter-host-not-running", phrase{
		msg: "instance %[1]s (behind %[2]s) is %[3]s: nothing answers",
		fix: "start instance %[1]s",
	}},

	// gateways.go: NAT gateways, internet gateways, the internet, appliances, gateway endpoints.
	// viaNAT
	{CodeAsymmetricReturn, "nat-reply", phrase{
		msg: "return traffic: %[1]s sends the reply to %[2]s through NAT gateway %[3]s, which rewrites its source, so the client never matches it to the connection",
		fix: "%[4]s"}},
	{CodeUnknownResource, "nat-not-in-snapshot", phrase{
		msg: "the route targets NAT gateway %[1]s, which the snapshot does not describe (a partial export?)",
		fix: "aws ec2 describe-nat-gateways --nat-gateway-ids %[1]s"}},
	{CodeBadState, "nat-not-available", phrase{
		msg: "NAT gateway %[1]s is %[2]s",
		fix: "create a new NAT gateway and point the route at it (%[1]s is %[2]s)"}},
	{CodeUnknownResource, "nat-no-subnet", phrase{
		msg: "NAT gateway %[1]s has no subnet (nor, for a regional NAT gateway, a VPC) in the snapshot",
		fix: "aws ec2 describe-nat-gateways --nat-gateway-ids %[1]s; aws ec2 describe-subnets"}},
	{CodeNGWSourceNotInVPC, "nat-source-not-in-vpc", phrase{
		msg: "NAT gateway %[1]s is in %[2]s and takes no traffic from %[3]s",
		fix: ""}},

	// regionalServes
	{CodeRegionalNGWAZ, "regional-nat-zone", phrase{
		msg: "regional NAT gateway %[1]s is not registered in %[2]s, the Availability Zone of %[3]s",
		fix: "add an address in %[2]s to %[1]s, or enable AutoProvisionZones"}},

	// igwOut
	{CodeUnknownResource, "igw-out-not-in-snapshot", phrase{
		msg: "%[1]sthe route targets internet gateway %[2]s, which the snapshot does not describe (a partial export?)",
		fix: "aws ec2 describe-internet-gateways --internet-gateway-ids %[2]s (in the account that owns it)"}},
	{CodeBadStateAttachment, "igw-out-not-attached", phrase{
		msg: "%[1]sinternet gateway %[2]s is not attached to %[3]s",
		fix: "attach %[2]s to %[3]s"}},
	{CodeBadStateAttachment, "igw-out-reply-not-attached", phrase{
		msg: "%[1]sinternet gateway %[2]s is not attached to %[3]s",
		fix: ""}},
	{CodeAsymmetricReturn, "igw-out-reply-private", phrase{
		msg: "return traffic: the reply to %[1]s leaves through %[2]s instead of the way the request came",
		fix: "route %[1]s in %[3]s the way the request came"}},
	{CodeIGWRFC1918, "igw-out-rfc1918", phrase{
		msg: "%[1]s is a private (RFC 1918) address; %[2]s drops traffic to it",
		fix: ""}},
	{CodeIGWRFC6598, "igw-out-rfc6598", phrase{
		msg: "%[1]s is in 100.64.0.0/10 (RFC 6598); %[2]s drops traffic to it",
		fix: ""}},
	{CodeAsymmetricReturn, "igw-out-reply-no-public-ip", phrase{
		msg: "return traffic: the reply from %[1]s leaves through %[2]s, but %[1]s has no public address the client knows",
		fix: "route %[3]s in %[4]s the way the request came"}},
	{CodeBPA, "igw-out-bpa", phrase{
		msg: "VPC Block Public Access (block-bidirectional) blocks internet traffic of %[1]s",
		fix: "add a Block Public Access exclusion (allow-egress) for %[1]s"}},
	{CodeIGWNoPublicIP, "igw-out-nat-private", phrase{
		msg: "NAT gateway %[1]s has private connectivity and no Elastic IP: %[2]s drops its traffic",
		fix: "use a public NAT gateway for internet traffic from %[3]s"}},
	{CodeIGWNoPublicIP, "igw-out-cloudshell", phrase{
		msg: "the route %[1]s sends the traffic to %[2]s, but a CloudShell VPC environment never has a public IP address, so the internet gateway cannot carry it",
		fix: "%[3]s"}},
	{CodeIGWNoPublicIP, "igw-out-no-public-ip", phrase{
		msg: "%[1]s has no public IPv4 address, so %[2]s cannot carry its traffic",
		fix: "route %[3]s through a NAT gateway, or give %[1]s a public IP or an Elastic IP"}},

	// toPublic
	{CodeBadState, "to-public-no-subnet", phrase{
		msg: "the interface's subnet is not in the snapshot",
		fix: ""}},

	// igwIn
	{CodeBadStateAttachment, "igw-in-no-igw", phrase{
		msg: "%[1]s has no attached internet gateway, so the public address %[2]s of %[3]s cannot be reached",
		fix: "attach an internet gateway to %[1]s"}},
	{CodeBPA, "igw-in-bpa", phrase{
		msg: "VPC Block Public Access (%[1]s) blocks inbound internet traffic to %[2]s",
		fix: "add a Block Public Access exclusion (allow-bidirectional) for %[2]s"}},

	// internetStep
	{CodeIGWIngressPrivate, "internet-private-address", phrase{
		msg: "%[1]s is not a public address: an internet gateway only accepts traffic for the public IP of an interface",
		fix: "give the interface a public IP or an Elastic IP, in a subnet whose route table sends 0.0.0.0/0 to an internet gateway"}},
	{CodeNATInbound, "internet-nat-inbound", phrase{
		msg: "%[1]s belongs to NAT gateway %[2]s: a NAT gateway only carries connections started inside its VPC",
		fix: ""}},
	{CodeIGWIngressPrivate, "internet-no-such-public-ip", phrase{
		msg: "no interface in the snapshot has the public address %[1]s",
		fix: ""}},

	// viaAppliance
	{CodeSourceDestCheck, "appliance-source-dest-check", phrase{
		msg: "appliance %[1]s has source/destination checking on, so it drops traffic for %[2]s",
		fix: "disable source/destination checking on %[1]s"}},
	{CodeApplianceUnknown, "appliance-forwarding", phrase{
		msg: "the path continues through appliance %[1]s, whose forwarding (its operating system's routes, firewall and NAT) cshsim cannot see",
		fix: ""}},

	// viaGatewayEndpoint
	{CodeUnknownResource, "gateway-endpoint-not-in-snapshot", phrase{
		msg: "the route targets VPC endpoint %[1]s, which the snapshot does not describe",
		fix: "aws ec2 describe-vpc-endpoints --vpc-endpoint-ids %[1]s"}},
	{CodeUnsupportedHop, "gateway-endpoint-unsupported-type", phrase{
		msg: "the path continues through %[1]s endpoint %[2]s, which cshsim does not simulate yet",
		fix: ""}},
	{CodeAsymmetricReturn, "gateway-endpoint-reply", phrase{
		msg: "return traffic: the reply to %[1]s is routed to gateway endpoint %[2]s instead of back the way the request came",
		fix: "%[3]s"}},
	{CodeBadState, "gateway-endpoint-not-available", phrase{
		msg: "gateway endpoint %[1]s is %[2]s, not available",
		fix: ""}},
	{CodeGatewayEndpointProto, "gateway-endpoint-protocol", phrase{
		msg: "gateway endpoint %[1]s carries only TCP and ICMP echo",
		fix: ""}},

	// transit.go: transit gateways and peering connections.
	// crossTGW: transit gateways, their attachments and route tables.
	{CodeUnknownResource, "tgw-not-in-snapshot", phrase{
		msg: "the route targets transit gateway %[1]s, which the snapshot does not describe",
		fix: "aws ec2 describe-transit-gateways --transit-gateway-ids %[1]s (in the account that owns it)"}},
	{CodeBadState, "tgw-not-available", phrase{
		msg: "transit gateway %[1]s is %[2]s"}},
	{CodeBadStateAttachment, "tgw-attachment-unavailable", phrase{
		msg: "%[1]s has no available attachment to transit gateway %[2]s (%[3]s)",
		fix: "attach %[1]s to %[2]s"}},
	{CodeTGWAZ, "tgw-attachment-no-subnet-in-az", phrase{
		msg: "transit gateway attachment %[1]s has no subnet in %[2]s: traffic from %[3]s cannot reach %[4]s",
		fix: "add a subnet in %[2]s to attachment %[1]s (aws ec2 modify-transit-gateway-vpc-attachment --add-subnet-ids)"}},
	{CodeTGWNoAssociation, "tgw-attachment-no-association", phrase{
		msg: "transit gateway attachment %[1]s has no route table association, so %[2]s cannot forward its traffic",
		fix: "associate %[1]s with a route table of %[2]s"}},
	{CodeTGWRoutesUnknown, "tgw-routes-not-collected", phrase{
		msg: "the routes of transit gateway route table %[1]s are not in the snapshot (run search-transit-gateway-routes)",
		fix: "aws ec2 search-transit-gateway-routes --transit-gateway-route-table-id %[1]s --filters Name=state,Values=active,blackhole"}},
	{CodeTGWRoutesUnknown, "tgw-routes-propagated-unseen", phrase{
		msg: "transit gateway route table %[1]s has no known route to %[2]s, and the routes %[3]s propagates into it are not in the snapshot",
		fix: "aws ec2 search-transit-gateway-routes --transit-gateway-route-table-id %[1]s --filters Name=state,Values=active,blackhole"}},
	{CodeTGWCannotRoute, "tgw-no-route", phrase{
		msg: "transit gateway route table %[1]s has no route to %[2]s",
		fix: "add a route for %[2]s to %[1]s, or propagate the destination VPC's attachment into it"}},
	{CodeTGWRoutesUnknown, "tgw-routes-maybe-more-specific", phrase{
		msg: "the routes %[1]s propagates into transit gateway route table %[2]s are not in the snapshot; one may be more specific than %[3]s",
		fix: "aws ec2 search-transit-gateway-routes --transit-gateway-route-table-id %[2]s --filters Name=state,Values=active,blackhole"}},
	{CodeTGWBadStateRoute, "tgw-route-blackhole", phrase{
		msg: "transit gateway route %[1]s in %[2]s is a blackhole"}},
	{CodeBadStateAttachment, "tgw-next-attachment-unavailable", phrase{
		msg: "transit gateway attachment %[1]s is missing or not available"}},
	{CodeTGWPeeringTransit, "tgw-peering-not-transitive", phrase{
		msg: "traffic that arrived over a transit gateway peering cannot leave through another peering attachment (%[1]s)",
		fix: "peer the two transit gateways directly"}},
	{CodeNotInSnapshot, "tgw-peer-not-in-snapshot", phrase{
		msg: "transit gateway %[1]s (the peer of %[2]s) is not in the snapshot: the path was checked up to the peering attachment",
		fix: "aws ec2 describe-transit-gateways, describe-transit-gateway-attachments and describe-transit-gateway-route-tables in the account and Region of %[1]s"}},
	{CodeTGWNoAssociation, "tgw-peering-end-no-association", phrase{
		msg: "the end of peering attachment %[1]s on %[2]s has no route table association",
		fix: "associate %[1]s with a route table of %[2]s"}},
	{CodeUnsupportedHop, "tgw-attachment-unsupported", phrase{
		msg: "the path continues through %[1]s attachment %[2]s (%[3]s), which cshsim does not simulate yet"}},
	{CodeNotInSnapshot, "tgw-vpc-not-in-snapshot", phrase{
		msg: "%[1]s (behind %[2]s) is not in the snapshot: the path was checked up to the transit gateway",
		fix: "aws ec2 describe-vpcs, describe-subnets, describe-route-tables, describe-network-acls, describe-security-groups and describe-network-interfaces in the account that owns %[1]s"}},
	{CodeBadStateAttachment, "tgw-attachment-no-subnet", phrase{
		msg: "transit gateway attachment %[1]s has no subnet in the snapshot"}},
	// crossPeering: VPC peering connections.
	{CodeUnknownResource, "pcx-not-in-snapshot", phrase{
		msg: "the route targets peering connection %[1]s, which the snapshot does not describe",
		fix: "aws ec2 describe-vpc-peering-connections --vpc-peering-connection-ids %[1]s"}},
	{CodeBadState, "pcx-not-active", phrase{
		msg: "peering connection %[1]s is %[2]s, not active",
		fix: "accept or recreate peering connection %[1]s"}},
	{CodeBadState, "pcx-not-connecting", phrase{
		msg: "peering connection %[1]s does not connect %[2]s"}},
	{CodePCXCIDR, "pcx-outside-peer-cidrs", phrase{
		msg: "peering connection %[1]s carries only addresses inside %[2]s (%[3]s); %[4]s is not, and the peer's gateways cannot be used (no edge-to-edge routing)",
		fix: "give the traffic its own route out of %[5]s"}},
	{CodeNotInSnapshot, "pcx-peer-vpc-not-in-snapshot", phrase{
		msg: "the peer VPC %[1]s (account %[2]s) is not in the snapshot: the path was checked up to %[3]s",
		fix: "aws ec2 describe-vpcs, describe-subnets, describe-route-tables, describe-network-acls, describe-security-groups and describe-network-interfaces in account %[2]s"}},

	// service.go, host.go, ecs.go, query.go, flow.go: names, ECS Exec, destinations, the walk.
	// service.go: interface endpoints, private hosted zones, service names.
	{CodeBadState, "endpoint-no-interface", phrase{
		msg: "interface endpoint %[1]s has no network interface in any subnet",
		fix: "add a subnet to %[1]s"}},
	{CodePrivateDNS, "endpoint-unused", phrase{
		msg: "%[1]s exists but is not used: %[2]s",
		fix: "%[3]s"}},
	{CodeNameNotResolved, "zone-no-record", phrase{
		msg: "%[1]s does not resolve: private hosted zone %[2]s (%[3]s) is associated with %[4]s and has no A record for it",
		fix: "add an A (alias) record for %[1]s to %[2]s, or disassociate the zone from %[4]s"}},
	{CodeBadState, "alias-endpoint-no-interface", phrase{
		msg: "endpoint %[1]s, the alias target of %[2]s, has no interface"}},
	{CodeBadState, "alias-endpoint-state", phrase{
		msg: "endpoint %[1]s, the alias target of %[2]s, is %[3]s"}},
	{CodeNameNotResolved, "service-typo", phrase{
		msg: "aws:%[1]s is not an AWS service (did you mean aws:%[2]s?): %[3]s does not resolve",
		fix: "use aws:%[2]s (%[2]s.%[4]s.amazonaws.com)"}},
	{CodeUnknownService, "service-unknown", phrase{
		msg: "aws:%[1]s is not a service cshsim knows in %[2]s (a newer service, or a misspelt name): whether %[3]s resolves is unknown",
		fix: "dig +short %[3]s"}},
	// host.go: endpoint-specific names.
	{CodeNameNotResolved, "endpoint-name-not-in-snapshot", phrase{
		msg: "%[1]s names endpoint %[2]s, which the snapshot does not hold"}},
	{CodeNameNotResolved, "endpoint-name-no-interface", phrase{
		msg: "%[1]s does not resolve: endpoint %[2]s has no interface%[3]s"}},
	{CodeBadState, "endpoint-name-state", phrase{
		msg: "endpoint %[1]s is %[2]s"}},
	// ecs.go: the task's own conditions.
	{CodeUnknownTask, "task-unknown", phrase{msg: "%[1]s"}},
	{CodeTaskNotRunning, "task-not-running", phrase{
		msg: "task %[1]s is %[2]s, not RUNNING",
		fix: "start a new task"}},
	{CodeExecNotEnabled, "exec-not-enabled", phrase{
		msg: "task %[1]s was launched without enableExecuteCommand; it cannot be switched on for a running task",
		fix: "update the service (or run-task) with --enable-execute-command and replace the task"}},
	{CodeExecAgent, "exec-agent-not-running", phrase{
		msg: "the ExecuteCommandAgent of task %[1]s is %[2]s, not RUNNING",
		fix: "check the task role's ssmmessages permissions and the task's path to ssmmessages, then replace the task"}},
	{CodeExecPlatform, "exec-platform-too-old", phrase{
		msg: "Fargate platform version %[1]s is older than 1.4.0, the first with ECS Exec",
		fix: "run the task on platform version 1.4.0 or LATEST"}},
	{CodeBadState, "task-no-source", phrase{msg: "%[1]s"}},
	// query.go: destinations.
	{CodeUnknownTask, "task-no-address", phrase{
		msg: "no ECS task %[1]q with an address in the snapshot"}},
	{CodeUnsupportedHop, "destination-kind", phrase{
		msg: "%[1]s destinations are not simulated yet"}},
	// flow.go: the walk.
	{CodeRoutingLoop, "walk-did-not-end", phrase{msg: "the walk did not end"}},
}

// blocker is a blocker outside a walk (an ECS task's own conditions, a
// destination the engine does not take), its words rendered at once.
func blocker(code Code, component string, s saying) Blocker {
	msg, fix := s.render(code)
	return Blocker{Code: code, Component: component, Message: msg, Fix: fix}
}
