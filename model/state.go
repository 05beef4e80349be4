package model

import "strings"

// State is the lifecycle state (or status) of a resource: a VPC, subnet,
// route, gateway, interface, instance, endpoint, transit gateway part,
// peering connection or ECS task.
//
// States are held in one canonical spelling, lower case with words joined by
// hyphens: the readers pass AWS's spellings through [ParseState], so
// "Available" (a VPC endpoint), "pendingAcceptance" (a transit gateway
// attachment) and "RUNNING" (an ECS task) become [StateAvailable],
// [StatePendingAcceptance] and [StateRunning]. A state AWS adds later still
// loads, as its canonical text, and is none of the constants.
//
// The zero State means the snapshot does not say (a design usually leaves
// states out); the engine reads it as the resource's working state
// (available, active, attached, running, in-use). Compare states with ==
// or [State.Is], never as strings.
type State string

// The states AWS documents for the resources a snapshot holds (EC2 API
// Reference: VpcState, SubnetState, RouteState, AttachmentStatus,
// NatGatewayState, NetworkInterfaceStatus, InstanceStateName, the VPC
// endpoint State, TransitGatewayState, TransitGatewayAttachmentState,
// TransitGatewayRouteTableState, TransitGatewayRouteState,
// VpcPeeringConnectionStateReasonCode, VpnState; ECS Developer Guide,
// "Task lifecycle"). A value names the same state for every resource that
// has it.
const (
	// Lifecycle states shared by most resources.
	StatePending     State = "pending"
	StateAvailable   State = "available"
	StateActive      State = "active" // routes, peering connections
	StateModifying   State = "modifying"
	StateDeleting    State = "deleting"
	StateDeleted     State = "deleted"
	StateFailing     State = "failing"
	StateFailed      State = "failed"
	StateUnavailable State = "unavailable" // subnets
	// StateFailedInsufficientCapacity is a subnet whose infrastructure
	// failed to provision for want of EC2 capacity.
	StateFailedInsufficientCapacity State = "failed-insufficient-capacity"

	// StateBlackhole is a route (VPC or transit gateway) that drops what it
	// matches, usually because its target is gone.
	StateBlackhole State = "blackhole"

	// Attachment states of internet gateways, egress-only internet gateways
	// and virtual private gateways (describe-internet-gateways prints
	// "available" for an attached internet gateway).
	StateAttaching State = "attaching"
	StateAttached  State = "attached"
	StateDetaching State = "detaching"
	StateDetached  State = "detached"

	// Network interface statuses besides available (detached), attaching
	// and detaching.
	StateInUse      State = "in-use"
	StateAssociated State = "associated"

	// Instance states besides pending.
	StateRunning      State = "running"
	StateStopping     State = "stopping"
	StateStopped      State = "stopped"
	StateShuttingDown State = "shutting-down"
	StateTerminated   State = "terminated"

	// States of connections another party accepts: peering connections,
	// transit gateway attachments, VPC endpoints.
	StateInitiating        State = "initiating"
	StateInitiatingRequest State = "initiating-request"
	StatePendingAcceptance State = "pending-acceptance"
	StateProvisioning      State = "provisioning"
	StateRejecting         State = "rejecting"
	StateRejected          State = "rejected"
	StateExpired           State = "expired"
	StateRollingBack       State = "rolling-back"
	StatePartial           State = "partial" // VPC endpoints

	// ECS task states besides provisioning, pending, running, stopping,
	// stopped and deleted; also the ExecuteCommandAgent's.
	StateActivating     State = "activating"
	StateDeactivating   State = "deactivating"
	StateDeprovisioning State = "deprovisioning"
)

// ParseState returns the canonical form of an AWS state: surrounding space
// removed, a hyphen between the words of a camel-case spelling, lower case.
// "Available" is [StateAvailable], "RUNNING" is [StateRunning],
// "pendingAcceptance" and "pending-acceptance" are [StatePendingAcceptance],
// "" is the zero State. It never fails: a value it does not know is kept as
// its canonical text. ParseState(string(s)) == s for every s it returns.
func ParseState(s string) State {
	s = strings.TrimSpace(s)
	canonical := true
	for i := 0; i < len(s) && canonical; i++ {
		canonical = s[i] < 0x80 && (s[i] < 'A' || s[i] > 'Z')
	}
	if canonical {
		return State(s) // no allocation for what AWS mostly prints
	}
	var b strings.Builder
	b.Grow(len(s) + 2)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' && i > 0 && 'a' <= s[i-1] && s[i-1] <= 'z' {
			b.WriteByte('-')
		}
		b.WriteByte(c)
	}
	return State(strings.TrimSpace(strings.ToLower(b.String())))
}

// Is reports whether s is one of states. The zero State is none of them:
// where the engine reads an unstated state as the working one it says so
// with [State.Known].
func (s State) Is(states ...State) bool {
	for _, t := range states {
		if s == t {
			return true
		}
	}
	return false
}

// Known reports whether the snapshot states s.
func (s State) Known() bool { return s != "" }

// ECSText returns s as ECS spells task and agent statuses, in upper case
// ("RUNNING"; ECS API Reference, Task.lastStatus). Only ASCII letters
// change, so ParseState(s.ECSText()) == s for every canonical s.
func (s State) ECSText() string {
	return strings.Map(func(r rune) rune {
		if 'a' <= r && r <= 'z' {
			return r - 'a' + 'A'
		}
		return r
	}, string(s))
}
