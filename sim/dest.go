package sim

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/cshsim/cshsim/model"
)

// DestKind says what a Destination names.
type DestKind uint8

// Destination kinds.
const (
	DestIP       DestKind = iota + 1 // an address, port and protocol
	DestInternet                     // a public address not routed elsewhere
	DestAWS                          // an AWS service API: aws:<service>
	DestECSExec                      // ECS Exec into a task
	DestECSTask                      // a task's port: ecs-task:<id>:<port>
)

// Destination is what a query asks to reach. The zero Destination is not
// valid; build one with ParseDestination.
type Destination struct {
	Kind    DestKind
	Addr    netip.Addr // DestIP
	Proto   model.Protocol
	Port    uint16 // TCP/UDP only
	Service string // DestAWS
	Task    string // DestECSExec, DestECSTask
}

// DefaultPort is the port a destination without one is probed on (HTTPS).
const DefaultPort = 443

// ParseDestination reads the forms design.md §4 lists: internet,
// aws:<service>, ecs-exec:<task>, ecs-task:<task>:<port>, and
// <ip>[:<port>][/<tcp|udp|icmp>] (IPv6 in brackets when a port follows:
// [2001:db8::1]:443/tcp). A missing port is 443 and a missing protocol TCP.
func ParseDestination(s string) (Destination, error) {
	orig := s
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return Destination{}, fmt.Errorf("empty destination: want internet, aws:<service>, ecs-exec:<task> or <ip>[:<port>][/<tcp|udp|icmp>]")
	case s == "internet":
		return Destination{Kind: DestInternet, Proto: model.ProtoTCP, Port: DefaultPort}, nil
	case strings.HasPrefix(s, "aws:"):
		svc := strings.TrimPrefix(s, "aws:")
		if !validName(svc) {
			return Destination{}, fmt.Errorf("destination %q: want aws:<service> with a service name such as logs, s3 or ecr.api", orig)
		}
		return Destination{Kind: DestAWS, Service: svc, Proto: model.ProtoTCP, Port: DefaultPort}, nil
	case strings.HasPrefix(s, "ecs-exec:"):
		t := strings.TrimPrefix(s, "ecs-exec:")
		if !validName(t) {
			return Destination{}, fmt.Errorf("destination %q: want ecs-exec:<task-id>", orig)
		}
		return Destination{Kind: DestECSExec, Task: t, Proto: model.ProtoTCP, Port: DefaultPort}, nil
	case strings.HasPrefix(s, "ecs-task:"):
		rest := strings.TrimPrefix(s, "ecs-task:")
		i := strings.LastIndexByte(rest, ':')
		if i <= 0 {
			return Destination{}, fmt.Errorf("destination %q: want ecs-task:<task-id>:<port>", orig)
		}
		p, err := strconv.ParseUint(rest[i+1:], 10, 16)
		if err != nil || !validName(rest[:i]) {
			return Destination{}, fmt.Errorf("destination %q: want ecs-task:<task-id>:<port>", orig)
		}
		return Destination{Kind: DestECSTask, Task: rest[:i], Proto: model.ProtoTCP, Port: uint16(p)}, nil
	}
	return parseIPDest(orig, s)
}

func validName(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r <= ' ' || r == '/' || r > '~' {
			return false
		}
	}
	return true
}

func parseIPDest(orig, s string) (Destination, error) {
	bad := func(why string) (Destination, error) {
		return Destination{}, fmt.Errorf("destination %q: %s; want internet, aws:<service>, ecs-exec:<task> or <ip>[:<port>][/<tcp|udp|icmp>]", orig, why)
	}
	d := Destination{Kind: DestIP, Proto: model.ProtoTCP, Port: DefaultPort}
	hostport, proto, hasProto := strings.Cut(s, "/")
	if hasProto {
		switch strings.ToLower(proto) {
		case "tcp":
			d.Proto = model.ProtoTCP
		case "udp":
			d.Proto = model.ProtoUDP
		case "icmp":
			d.Proto, d.Port = model.ProtoICMP, 0
		default:
			if _, err := strconv.Atoi(proto); err == nil {
				return bad("a CIDR is not a destination, name one address")
			}
			return bad(fmt.Sprintf("unknown protocol %q", proto))
		}
	}
	host, port := hostport, ""
	if strings.HasPrefix(hostport, "[") {
		end := strings.IndexByte(hostport, ']')
		if end < 0 {
			return bad("missing ]")
		}
		host = hostport[1:end]
		rest := hostport[end+1:]
		if rest != "" {
			if !strings.HasPrefix(rest, ":") {
				return bad("unexpected text after ]")
			}
			port = rest[1:]
		}
	} else if strings.Count(hostport, ":") == 1 {
		host, port, _ = strings.Cut(hostport, ":")
	}
	a, err := netip.ParseAddr(host)
	if err != nil || a.Zone() != "" {
		return bad("not an IP address")
	}
	d.Addr = a.Unmap()
	if port != "" {
		if d.Proto == model.ProtoICMP {
			return bad("icmp has no port")
		}
		p, err := strconv.ParseUint(port, 10, 16)
		if err != nil || p == 0 {
			return bad(fmt.Sprintf("port %q is not a number from 1 to 65535", port))
		}
		d.Port = uint16(p)
	}
	return d, nil
}

// String returns the canonical form: internet, aws:<service>,
// ecs-exec:<task>, ecs-task:<task>:<port>, <ip>:<port>/<tcp|udp> or
// <ip>/icmp. ParseDestination(d.String()) == d for every valid d.
func (d Destination) String() string {
	switch d.Kind {
	case DestInternet:
		return "internet"
	case DestAWS:
		return "aws:" + d.Service
	case DestECSExec:
		return "ecs-exec:" + d.Task
	case DestECSTask:
		return fmt.Sprintf("ecs-task:%s:%d", d.Task, d.Port)
	case DestIP:
		if d.Proto == model.ProtoICMP {
			return d.Addr.String() + "/icmp"
		}
		return netip.AddrPortFrom(d.Addr, d.Port).String() + "/" + d.Proto.String()
	}
	return ""
}

// WithPort returns d probed on port p, for --port. ICMP destinations keep
// no port.
func (d Destination) WithPort(p uint16) Destination {
	if d.Proto == model.ProtoTCP || d.Proto == model.ProtoUDP {
		d.Port = p
	}
	return d
}
