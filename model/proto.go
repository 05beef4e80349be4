package model

import (
	"fmt"
	"strconv"
	"strings"
)

// Protocol is an IP protocol number as AWS rules carry it, with -1 meaning
// every protocol (AWS's "-1", written "all" in TOML). The zero value is
// protocol 0 (HOPOPT), which rules never use in practice.
type Protocol int16

// Protocols that rules name by word.
const (
	ProtoAll    Protocol = -1
	ProtoICMP   Protocol = 1
	ProtoTCP    Protocol = 6
	ProtoUDP    Protocol = 17
	ProtoICMPv6 Protocol = 58
)

// ParseProtocol reads a protocol as AWS and our TOML write it: "-1", "all",
// "tcp", "udp", "icmp", "icmpv6" (any case) or a number 0–255 as text.
func ParseProtocol(s string) (Protocol, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "-1", "all", "any":
		return ProtoAll, nil
	case "tcp":
		return ProtoTCP, nil
	case "udp":
		return ProtoUDP, nil
	case "icmp":
		return ProtoICMP, nil
	case "icmpv6", "icmp6":
		return ProtoICMPv6, nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 0 || n > 255 {
		return 0, fmt.Errorf("protocol %q: want all, tcp, udp, icmp, icmpv6 or a number from 0 to 255", s)
	}
	return Protocol(n), nil
}

// String returns the name TOML uses: "all", "tcp", "udp", "icmp", "icmpv6",
// or the number.
func (p Protocol) String() string {
	switch p {
	case ProtoAll:
		return "all"
	case ProtoTCP:
		return "tcp"
	case ProtoUDP:
		return "udp"
	case ProtoICMP:
		return "icmp"
	case ProtoICMPv6:
		return "icmpv6"
	}
	return strconv.Itoa(int(p))
}

// MarshalText implements encoding.TextMarshaler.
func (p Protocol) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (p *Protocol) UnmarshalText(b []byte) error {
	v, err := ParseProtocol(string(b))
	if err != nil {
		return err
	}
	*p = v
	return nil
}

// HasPorts reports whether rules for p filter on ports (TCP and UDP only).
// AWS: any protocol other than TCP, UDP, ICMP and ICMPv6 allows all ports
// whatever the port fields say (VPC User Guide, "Security group rules").
func (p Protocol) HasPorts() bool { return p == ProtoTCP || p == ProtoUDP }

// Matches reports whether a rule for protocol p admits a packet of protocol q.
func (p Protocol) Matches(q Protocol) bool { return p == ProtoAll || p == q }

// PortRange is an inclusive range of TCP or UDP ports. The zero value is
// port 0 alone; use AllPorts for "every port".
type PortRange struct {
	First, Last uint16
}

// AllPorts is every port, 0–65535.
var AllPorts = PortRange{0, 65535}

// Port returns the range holding port p only.
func Port(p uint16) PortRange { return PortRange{p, p} }

// Contains reports whether p lies in r.
func (r PortRange) Contains(p uint16) bool { return r.First <= p && p <= r.Last }

// IsAll reports whether r covers every port.
func (r PortRange) IsAll() bool { return r == AllPorts }

// ParsePortRange reads "443", "1024-65535" or "all".
func ParsePortRange(s string) (PortRange, error) {
	s = strings.TrimSpace(s)
	if s == "all" || s == "*" || s == "-1" {
		return AllPorts, nil
	}
	lo, hi, isRange := strings.Cut(s, "-")
	a, err := strconv.ParseUint(strings.TrimSpace(lo), 10, 16)
	if err != nil {
		return PortRange{}, fmt.Errorf("port range %q: want a port (443), a range (1024-65535) or all", s)
	}
	b := a
	if isRange {
		b, err = strconv.ParseUint(strings.TrimSpace(hi), 10, 16)
		if err != nil {
			return PortRange{}, fmt.Errorf("port range %q: want a port (443), a range (1024-65535) or all", s)
		}
	}
	if b < a {
		return PortRange{}, fmt.Errorf("port range %q: the first port is larger than the last", s)
	}
	return PortRange{uint16(a), uint16(b)}, nil
}

// String returns "443", "1024-65535" or "all".
func (r PortRange) String() string {
	switch {
	case r.IsAll():
		return "all"
	case r.First == r.Last:
		return strconv.Itoa(int(r.First))
	}
	return fmt.Sprintf("%d-%d", r.First, r.Last)
}

// ICMPMatch selects ICMP messages: Type and Code, each -1 for any.
// The zero value matches echo-reply (type 0, code 0) only; use AnyICMP.
type ICMPMatch struct {
	Type, Code int16
}

// AnyICMP matches every ICMP type and code.
var AnyICMP = ICMPMatch{-1, -1}

// Matches reports whether m admits a message of type t and code c.
func (m ICMPMatch) Matches(t, c int16) bool {
	return (m.Type == -1 || m.Type == t) && (m.Code == -1 || m.Code == c)
}

// PortsFromAWS reads a TCP or UDP port range as AWS gives it (FromPort,
// ToPort; from_port, to_port): both absent, or both -1, mean every port;
// one absent end is open. A port outside 0–65535, or a first port above
// the last, is an error that names the range. The readers share it, so
// one range reads alike in every input.
func PortsFromAWS(from, to *int) (PortRange, error) {
	if from == nil && to == nil || from != nil && to != nil && *from == -1 && *to == -1 {
		return AllPorts, nil
	}
	lo, hi := 0, 65535
	if from != nil {
		lo = *from
	}
	if to != nil {
		hi = *to
	}
	if lo < 0 || hi > 65535 || lo > hi {
		return PortRange{}, fmt.Errorf("port range %d-%d: want 0 to 65535, the first port not above the last", lo, hi)
	}
	return PortRange{First: uint16(lo), Last: uint16(hi)}, nil
}

// ICMPFromAWS reads an ICMP type and code as AWS gives them (for a
// security group rule, FromPort is the type and ToPort the code): absent
// or -1 means any. Any type means any code, as AWS requires (EC2 API,
// IpPermission). A value outside -1–255 is an error that names it.
func ICMPFromAWS(typ, code *int) (ICMPMatch, error) {
	m := AnyICMP
	if typ != nil {
		m.Type = int16(max(min(*typ, 1000), -1000))
	}
	if code != nil {
		m.Code = int16(max(min(*code, 1000), -1000))
	}
	if m.Type < -1 || m.Type > 255 || m.Code < -1 || m.Code > 255 {
		return ICMPMatch{}, fmt.Errorf("ICMP type %d code %d: want -1 (any) or 0 to 255", m.Type, m.Code)
	}
	if m.Type == -1 {
		m.Code = -1
	}
	return m, nil
}
