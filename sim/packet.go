package sim

import (
	"fmt"
	"net/netip"

	"github.com/cshsim/cshsim/model"
)

// packet is the simulated packet as the component at hand sees it, with
// what its flow has set up so far. The reply is the request's packet with
// the addresses and ports swapped, carrying the request's translations
// (reverse).
type packet struct {
	src, dst netip.Addr
	proto    model.Protocol
	// port is the request's destination port (TCP/UDP); dstPorts are the
	// ports the packet is addressed to: the one port on the request, the
	// client's ephemeral range on the reply (the client may pick any).
	port     uint16
	dstPorts model.PortRange
	// srcPorts are the sender's source ports: the client's ephemeral
	// range on the request, the service port on the reply.
	srcPorts model.PortRange
	// icmpType is the ICMP type the packet carries: an echo request (8)
	// or, on the reply, an echo reply (0).
	icmpType int16
	// reply marks the reply leg: security groups pass it (stateful) and
	// only the request's translations are undone.
	reply bool
	// srcSGs are the sender's security groups while its private address is
	// preserved; nil after a NAT (SG references then cannot match).
	srcSGs []string
	// srcPublic is the public address the source is mapped to at an IGW.
	srcPublic netip.Addr
	// nat is the NAT gateway that translated the source, if any.
	nat *model.NATGateway
	// nats are the source translations made so far, innermost last; the
	// reply undoes them.
	nats []natFrame
	// dnat is the public address an internet gateway translated the
	// request's destination from; the reply leaves with it as its source.
	dnat netip.Addr
	// viaPeering marks a packet that crossed a peering connection: no NAT
	// gateway, IGW or gateway endpoint of the peer takes it (no edge-to-edge).
	viaPeering bool
}

// natFrame is one source translation by a NAT gateway: replies to addr are
// translated back to client on clientPorts.
type natFrame struct {
	nat         *model.NATGateway
	subnet      *subnetInfo
	client      netip.Addr
	clientPorts model.PortRange
	addr        netip.Addr
}

// Ephemeral port ranges. A Linux client picks its source ports from
// net.ipv4.ip_local_port_range, 32768–60999 by default (Linux kernel
// documentation, networking/ip-sysctl.rst, "ip_local_port_range"): the
// kernels of CloudShell and Amazon Linux 2023 keep it. A NAT gateway
// remaps source ports to 1024–65535 (VPC User Guide, "Ephemeral ports").
var (
	linuxEphemeral = model.PortRange{First: 32768, Last: 60999}
	natEphemeral   = model.PortRange{First: 1024, Last: 65535}
)

// An ICMP probe sends an echo request (type 8, code 0); the reply is an
// echo reply (type 0, code 0).
const echoType, echoReplyType, echoCode = 8, 0, 0

// request builds the packet of a request from src to dst.
func request(src Source, dst netip.Addr, proto model.Protocol, port uint16) packet {
	p := packet{src: src.IP, dst: dst, proto: proto, port: port, dstPorts: model.Port(port),
		srcPorts: linuxEphemeral, icmpType: echoType, srcSGs: src.SecurityGroups, srcPublic: src.PublicIP}
	if !proto.HasPorts() {
		p.dstPorts = model.AllPorts
	}
	return p
}

// swap turns the request as it arrived into its reply: addresses and ports
// swapped, the NAT translations kept to be undone, the IGW's destination
// translation kept as the reply's public source.
func (p packet) swap() packet {
	r := packet{src: p.dst, dst: p.src, proto: p.proto, port: p.port, dstPorts: p.srcPorts, srcPorts: p.dstPorts,
		icmpType: echoReplyType, reply: true, nats: p.nats, srcPublic: p.dnat, viaPeering: p.viaPeering}
	if !p.proto.HasPorts() {
		r.dstPorts = model.AllPorts
	}
	return r
}

// what names the traffic in a sentence: "tcp 443", "icmp echo", or for a
// reply "tcp replies on ports 32768-60999".
func (p packet) what() string {
	if p.reply {
		switch {
		case p.proto == model.ProtoICMP:
			return "icmp echo replies"
		case !p.proto.HasPorts():
			return p.proto.String() + " replies"
		}
		return fmt.Sprintf("%s replies on ports %s", p.proto, p.dstPorts)
	}
	return p.service()
}

func (p packet) service() string {
	switch p.proto {
	case model.ProtoTCP, model.ProtoUDP:
		return fmt.Sprintf("%s %d", p.proto, p.port)
	case model.ProtoICMP:
		return "icmp echo"
	}
	return p.proto.String()
}

// place is where a packet is: the kind of component whose rule decides
// its next move.
type place uint8

// Places.
const (
	atSource    place = iota // the source interface: its security groups, egress
	atLeave                  // leaving a subnet: network ACL outbound, route table
	atVPC                    // the VPC router delivering to the subnet that holds the destination
	atEnter                  // entering a subnet: network ACL inbound, then the interface
	atENI                    // the destination interface: its state and security groups
	atNAT                    // a NAT gateway the route leads to
	atIGWOut                 // an internet gateway, leaving the VPC
	atIGWIn                  // an internet gateway, entering the VPC (the destination translated)
	atInternet               // a host on the internet, or the internet carrying a packet back
	atTGW                    // a transit gateway the route leads to
	atPeering                // a peering connection the route leads to
	atAppliance              // an appliance interface or instance the route leads to
	atEndpoint               // a gateway endpoint the route leads to
	atArrived                // delivered: the request's end, where its reply starts
)

// state is a packet and where it is. The step function reads a state and
// gives the next one; it is the only place an AWS forwarding or filtering
// rule lives. A state is copied on every step: keep it small.
type state struct {
	at place
	p  packet
	// si is the subnet at hand: the one left (atLeave), entered (atEnter),
	// routed from (gateways) or, when the request arrived (atArrived), the
	// subnet of the interface that answers; from is the subnet the packet
	// comes from (nil when it enters from outside the VPC).
	si, from *subnetInfo
	// sender: the sender is an interface of si (the first leg, or a NAT
	// gateway's own interface): traffic within si is delivered directly.
	sender bool
	// internet: the request arrived at a host on the internet (atArrived).
	internet bool
	// vi is the VPC routing the packet (atVPC), or whose gateway endpoint
	// answers (atArrived).
	vi *vpcInfo
	e  *eniInfo
	// r is the route that led here (its target is the place's component);
	// it points into an immutable route table.
	r *route
	// priv is the private address an internet gateway translates the
	// public destination into (atIGWIn).
	priv netip.Addr
}

// replyStart is the state the reply starts from: where the request
// arrived (end), with the packet swapped.
func replyStart(end state) state {
	r := end.p.swap()
	switch {
	case end.internet:
		return state{at: atInternet, p: r}
	case end.vi != nil:
		// The service answers through the gateway endpoint into the VPC,
		// whose router delivers it to the client's subnet.
		return state{at: atVPC, vi: end.vi, p: r}
	}
	return state{at: atLeave, si: end.si, sender: true, p: r}
}
