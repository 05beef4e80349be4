package sim

import (
	"slices"

	"github.com/cshsim/cshsim/model"
)

// Code is a stable, documented reason code; "" when reachable. Where AWS
// VPC Reachability Analyzer has an explanation code for the situation the
// code is its exact name; codes of our own start with CSH_. Codes are only
// ever added; docs/codes.md lists them all.
type Code string

// Reason codes.
const (
	CodeNoRoute              Code = "NO_ROUTE_TO_DESTINATION"
	CodeSGMismatch           Code = "ENI_SG_RULES_MISMATCH"
	CodeSGHasNoRules         Code = "SG_HAS_NO_RULES"
	CodeACL                  Code = "SUBNET_ACL_RESTRICTION"
	CodeIGWNoPublicIP        Code = "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS"
	CodeIGWRFC1918           Code = "IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS"
	CodeIGWRFC6598           Code = "IGW_DESTINATION_ADDRESS_NOT_IN_RFC6598_EGRESS"
	CodeBadStateRoute        Code = "BAD_STATE_ROUTE"
	CodeBadState             Code = "BAD_STATE"
	CodeBadStateAttachment   Code = "BAD_STATE_ATTACHMENT"
	CodeSourceDestCheck      Code = "ENI_SOURCE_DEST_CHECK_RESTRICTION"
	CodeBPA                  Code = "VPC_BLOCK_PUBLIC_ACCESS_ENABLED"
	CodeNGWSourceNotInVPC    Code = "NGW_REQUIRES_SOURCE_IN_VPC"
	CodeIGWIngressPrivate    Code = "IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS"
	CodeUnknownResource      Code = "UNKNOWN_RESOURCE"
	CodeTGWAZ                Code = "TGW_ROUTE_AZ_RESTRICTION"
	CodeTGWNoAssociation     Code = "TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION"
	CodeTGWCannotRoute       Code = "TGW_RTB_CANNOT_ROUTE"
	CodeTGWRoutesUnknown     Code = "TGW_RTB_ROUTES_ARE_UNKNOWN"
	CodeTGWBadStateRoute     Code = "TGW_RTB_BAD_STATE_ROUTE"
	CodePCXCIDR              Code = "PCX_REQUIRES_ADDRESS_IN_VPC_CIDR"
	CodeRegionalNGWAZ        Code = "REGIONAL_NGW_ROUTE_AZ_RESTRICTION"
	CodeGatewayEndpointProto Code = "VPCE_GATEWAY_PROTOCOL_RESTRICTION"
	// Our own codes.
	CodeNoSubnet          Code = "CSH_NO_SUBNET_FOR_ADDRESS"
	CodeAsymmetricReturn  Code = "CSH_ASYMMETRIC_RETURN_ROUTE"
	CodeUnsupportedHop    Code = "CSH_UNSUPPORTED_HOP"
	CodeRoutingLoop       Code = "CSH_ROUTING_LOOP"
	CodeHostNotRunning    Code = "CSH_HOST_NOT_RUNNING"
	CodeNondeterministic  Code = "CSH_NONDETERMINISTIC_PREFIX_LIST_ROUTE"
	CodeCloudShellNoPubIP Code = "CSH_CLOUDSHELL_NO_PUBLIC_IP"
	CodePrivateDNS        Code = "CSH_PRIVATE_DNS_UNAVAILABLE"
	CodeExecNotEnabled    Code = "CSH_ECS_EXEC_NOT_ENABLED"
	CodeExecAgent         Code = "CSH_ECS_EXEC_AGENT_NOT_RUNNING"
	CodeExecPlatform      Code = "CSH_ECS_EXEC_PLATFORM_TOO_OLD"
	CodeTaskNotRunning    Code = "CSH_ECS_TASK_NOT_RUNNING"
	CodeUnknownTask       Code = "CSH_UNKNOWN_TASK"
	CodeNATInbound        Code = "CSH_NAT_REJECTS_INBOUND"
	CodeNameNotResolved   Code = "CSH_NAME_NOT_RESOLVED"
	CodeTGWPeeringTransit Code = "CSH_TGW_PEERING_NOT_TRANSITIVE"
	// CodeNotInSnapshot: the path leads into a VPC or gateway the snapshot
	// does not describe (another account's); the answer is unknown.
	CodeNotInSnapshot Code = "CSH_NOT_IN_SNAPSHOT"
	// CodeSGUnknown: a security group decision needs a group or a prefix
	// list's entries the snapshot lacks; the answer is unknown.
	CodeSGUnknown Code = "CSH_SECURITY_GROUP_UNKNOWN"
	// CodePLEntriesUnknown: a route table routes a prefix list whose
	// entries the snapshot lacks, and it may hold the destination.
	CodePLEntriesUnknown Code = "CSH_PREFIX_LIST_ENTRIES_UNKNOWN"
	// CodeApplianceUnknown: the path crosses an appliance (an instance or
	// interface with source/destination checking off) whose forwarding the
	// snapshot cannot show.
	CodeApplianceUnknown Code = "CSH_APPLIANCE_FORWARDING_UNKNOWN"
	// CodeInterfaceDetached: the destination address belongs to a network
	// interface that is attached to nothing.
	CodeInterfaceDetached Code = "CSH_INTERFACE_DETACHED"
	// CodeUnknownService: aws:<service> names no service cshsim knows and
	// is close to none (a typo close to a known name is
	// CSH_NAME_NOT_RESOLVED, with a did-you-mean).
	CodeUnknownService Code = "CSH_UNKNOWN_SERVICE"
)

// Verdict is what one component did with the packet.
type Verdict string

// Verdicts.
const (
	Allow   Verdict = "allow"   // a filter (SG, NACL) let it through
	Deny    Verdict = "deny"    // a filter dropped it
	Forward Verdict = "forward" // a router or gateway passed it on
	Deliver Verdict = "deliver" // it reached its destination
	Drop    Verdict = "drop"    // a router or gateway dropped it
	// Undecided is a hop whose decision needs data the snapshot lacks; the
	// walk goes on past it the documented way.
	Undecided Verdict = "unknown"
)

// Answer is the verdict of a whole query: reachable, unreachable, or
// unknown when a decision on the path needs data the snapshot does not
// hold (design.md §4). A certain blocker anywhere on the path makes the
// answer unreachable even when other hops are unknown.
type Answer string

// Answers.
const (
	Reachable   Answer = "reachable"
	Unreachable Answer = "unreachable"
	Unknown     Answer = "unknown"
)

// Leg says whether a hop belongs to the request or to its reply.
type Leg string

// Legs.
const (
	LegForward Leg = "forward"
	LegReturn  Leg = "return"
)

// Hop is one component's decision, in walk order. Every component on the
// path has a hop, allows included.
type Hop struct {
	Component string     `json:"component"`
	Kind      model.Kind `json:"kind"`
	// Groups are the security groups of a security-group hop, whose
	// Component joins them with commas.
	Groups []string `json:"groups,omitempty"`
	Leg    Leg      `json:"leg,omitempty"`
	// Direction: egress | ingress (security groups), outbound | inbound
	// (network ACLs); empty for routers and gateways.
	Direction Direction `json:"direction,omitempty"`
	Verdict   Verdict   `json:"verdict"`
	// Rule names the rule or route that decided, "" for implicit decisions.
	Rule string `json:"rule,omitempty"`
	// RuleRef is the deciding rule as a reference into the snapshot (the
	// object and the field path, e.g. sg-x egress[2]); nil for implicit
	// decisions.
	RuleRef *model.FieldRef `json:"rule_ref,omitempty"`
	// Pos is where the deciding rule, else the component, is written;
	// At is the same, as text.
	Pos    model.Pos `json:"-"`
	At     string    `json:"at,omitempty"`
	Detail string    `json:"detail"`
	// Code is set on the hop that blocked the packet.
	Code Code `json:"code,omitempty"`
	// Part names the walk a hop belongs to when a destination needs
	// several (ECS Exec: "client → aws:ecs", …).
	Part string `json:"part,omitempty"`
}

// Blocked reports whether the hop stopped the packet.
func (h Hop) Blocked() bool { return h.Verdict == Deny || h.Verdict == Drop }

// Blocker is one component that stops the packet, with its fix. An
// explanation lists every blocker on the path: the walk goes on past a
// blocker where it can, as if that one component had let the packet pass.
type Blocker struct {
	Code      Code   `json:"code"`
	Component string `json:"component"`
	Message   string `json:"message"`
	Fix       string `json:"fix,omitempty"`
}

// Missing is one decision the snapshot cannot make: what is missing, and
// the read-only command that would collect it.
type Missing struct {
	Code      Code   `json:"code"`
	Component string `json:"component"`
	Message   string `json:"message"`
	// Collect is the read-only AWS CLI command whose output would decide.
	Collect string `json:"collect,omitempty"`
}

// Result is the answer to one query. Renderers read only this.
type Result struct {
	// Destination is the canonical destination string (design.md §4).
	Destination string `json:"destination"`
	// Asked is the destination as the user typed it, when that was not the
	// canonical form (a URL, a host name, s3://…).
	Asked    string `json:"asked,omitempty"`
	Protocol string `json:"protocol"`
	Port     uint16 `json:"port,omitempty"`
	// Verdict is reachable, unreachable or unknown.
	Verdict Answer `json:"verdict"`
	// Reachable is true only when Verdict is reachable (kept for scripts
	// written before Verdict).
	Reachable bool `json:"reachable"`
	// Symptom says, in the user's words, what they will see when the
	// destination is unreachable: a connection that hangs until it times
	// out, one that is refused or reset, or a name that does not resolve.
	Symptom string `json:"symptom,omitempty"`
	// Code, Message and Fix describe the first blocker.
	Code     Code      `json:"code,omitempty"`
	Message  string    `json:"message"`
	Hops     []Hop     `json:"hops"`
	Fix      string    `json:"fix,omitempty"`
	Blockers []Blocker `json:"blockers,omitempty"`
	// Unknowns lists the decisions on the path that need data the
	// snapshot lacks. With no blocker they make the verdict unknown.
	Unknowns []Missing `json:"unknowns,omitempty"`
	// Assumptions lists what the snapshot did not say and the engine had to
	// assume, in words; Assumed holds the same as values.
	Assumptions []string     `json:"assumptions,omitempty"`
	Assumed     []Assumption `json:"assumed,omitempty"`
	// Address is the IP address the packet was sent to.
	Address string `json:"address,omitempty"`
	// Resolution says how an aws:<service> name resolved, and why.
	Resolution *Resolution `json:"resolution,omitempty"`
	// Parts are the separate walks a destination needs (ECS Exec: the
	// client to the ECS and SSM Messages APIs, the task to SSM Messages).
	Parts []Part `json:"parts,omitempty"`
}

// Resolution is how the VPC resolves a service's name (design.md §2).
type Resolution struct {
	// Name is the DNS name asked: logs.ap-northeast-1.amazonaws.com.
	Name string `json:"name"`
	// Via is interface-endpoint, gateway-endpoint, internet,
	// private-hosted-zone or none.
	Via Via `json:"via"`
	// Endpoint is the VPC endpoint used, or the one present but unused.
	Endpoint string `json:"endpoint,omitempty"`
	// Address is the address the name resolved to (one of them).
	Address string `json:"address"`
	// Reason says why the name resolved this way.
	Reason string `json:"reason"`
}

// Via is how a name resolves.
type Via string

// Ways a service name resolves.
const (
	ViaInterfaceEndpoint Via = "interface-endpoint"
	ViaGatewayEndpoint   Via = "gateway-endpoint"
	ViaInternet          Via = "internet"
	// ViaPrivateZone is a name a private hosted zone answers with an
	// address that is no endpoint, or with nothing (NXDOMAIN).
	ViaPrivateZone Via = "private-hosted-zone"
	// ViaNone is a name that resolves nowhere: aws:<service> with a
	// service name AWS does not have.
	ViaNone Via = "none"
)

// Direction is the side of a filter a hop checked: egress or ingress for
// security groups, outbound or inbound for network ACLs.
type Direction string

// Directions.
const (
	Egress   Direction = "egress"
	Ingress  Direction = "ingress"
	Outbound Direction = "outbound"
	Inbound  Direction = "inbound"
)

// Part is one walk of a destination that needs several.
type Part struct {
	Name   string `json:"name"`
	Source string `json:"source"`
	Result Result `json:"result"`
}

// Path returns the components of the forward path up to the first
// blocking hop, in order, for one-line summaries.
func (r *Result) Path() []Hop {
	var out []Hop
	for _, h := range r.Hops {
		if h.Leg == LegReturn {
			continue
		}
		out = append(out, h)
		if h.Blocked() {
			break
		}
	}
	return out
}

// Passes reports whether the path crosses the component with id and the
// component let the packet through. A hop of several security groups
// ("sg-a,sg-b") passes each of them.
func (r *Result) Passes(id string) bool {
	for _, h := range r.Hops {
		if h.Blocked() {
			continue
		}
		if h.Component == id || slices.Contains(h.Groups, id) {
			return true
		}
	}
	return false
}

// settle sets the verdict, and the code, message and fix, from the
// blockers and unknowns found: a certain blocker makes the answer
// unreachable; failing that, an unknown decision makes it unknown.
// reachable is the message of a reachable answer.
func (r *Result) settle(reachable string) {
	r.Code, r.Message, r.Fix = "", "", ""
	switch {
	case len(r.Blockers) > 0:
		b := r.Blockers[0]
		r.Verdict, r.Code, r.Message, r.Fix = Unreachable, b.Code, b.Message, b.Fix
	case len(r.Unknowns) > 0:
		u := r.Unknowns[0]
		r.Verdict, r.Code, r.Message = Unknown, u.Code, u.Message
		if u.Collect != "" {
			r.Fix = "collect: " + u.Collect
		}
	default:
		r.Verdict, r.Message = Reachable, reachable
	}
	r.Reachable = r.Verdict == Reachable
}

// AssumptionCode names a kind of assumption. Codes are stable, like reason
// codes; docs/codes.md lists them.
type AssumptionCode string

// Assumption codes.
const (
	AssumeDefaultACL         AssumptionCode = "default-network-acl"
	AssumeAddress            AssumptionCode = "assumed-address"
	AssumeNoSecurityGroups   AssumptionCode = "no-security-groups"
	AssumeDefaultSG          AssumptionCode = "default-security-group"
	AssumeInternetProbe      AssumptionCode = "internet-probe"
	AssumeInternetHost       AssumptionCode = "internet-host"
	AssumePrefixListTie      AssumptionCode = "prefix-list-route-tie"
	AssumeHolderUnknown      AssumptionCode = "address-holder-unknown"
	AssumeTwoNATs            AssumptionCode = "two-nat-gateways"
	AssumeNATElasticIP       AssumptionCode = "nat-elastic-ip"
	AssumeRegionalNATZones   AssumptionCode = "regional-nat-zones"
	AssumeEndpointPolicy     AssumptionCode = "endpoint-policy"
	AssumeVPCDNSDefault      AssumptionCode = "vpc-dns-default"
	AssumeCustomDNS          AssumptionCode = "custom-dns"
	AssumeZoneUnused         AssumptionCode = "private-zone-unused"
	AssumeAliasTarget        AssumptionCode = "alias-target-public"
	AssumeTGWDefaultTable    AssumptionCode = "tgw-default-association"
	AssumeServiceAddresses   AssumptionCode = "service-addresses"
	AssumeEndpointUnused     AssumptionCode = "endpoint-unused"
	AssumeExecAgent          AssumptionCode = "ecs-exec-agent"
	AssumeNotChecked         AssumptionCode = "not-checked"
	AssumeEndpointInterfaces AssumptionCode = "endpoint-interfaces"
)

// Assumption is one thing the snapshot leaves implicit that the answer
// assumed, the documented default or a stand-in: a code, the objects it
// concerns, and the sentence.
type Assumption struct {
	Code     AssumptionCode `json:"code"`
	Subjects []string       `json:"subjects,omitempty"`
	Text     string         `json:"text"`
}

// assumption builds an Assumption.
func assumption(code AssumptionCode, text string, subjects ...string) Assumption {
	return Assumption{Code: code, Subjects: subjects, Text: text}
}

// addAssumption records a once, as a value and as its sentence.
func (r *Result) addAssumption(a Assumption) {
	if a.Text == "" || slices.Contains(r.Assumptions, a.Text) {
		return
	}
	r.Assumptions = append(r.Assumptions, a.Text)
	r.Assumed = append(r.Assumed, a)
}
