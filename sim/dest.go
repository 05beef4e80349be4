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
	DestHost                         // a DNS name, resolved as the source VPC resolves it
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
	Host    string // DestHost, lower case
	// Asked is the text the user typed when it was not the canonical form
	// (a URL, a hostname, s3://…); results keep it.
	Asked string
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
	case strings.Contains(s, "://"):
		return parseURL(orig, s)
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
	if err != nil && isHostname(host) && (strings.Contains(strings.TrimSuffix(host, "."), ".") || port != "" || strings.Contains(orig, "://")) {
		d.Kind, d.Host, d.Asked = DestHost, strings.ToLower(strings.TrimSuffix(host, ".")), orig
		if port != "" {
			p, err := strconv.ParseUint(port, 10, 16)
			if err != nil || p == 0 {
				return bad(fmt.Sprintf("port %q is not a number from 1 to 65535", port))
			}
			d.Port = uint16(p)
		}
		if d.Proto == model.ProtoICMP {
			d.Port = 0
		}
		return d, nil
	}
	if err != nil || a.Zone() != "" {
		return bad("not an IP address or a host name")
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
	case DestHost:
		h := d.Host
		if h == "aws" || h == "ecs-exec" || h == "ecs-task" {
			h += "." // a one-label host named like a prefix: "aws.:80/tcp", not aws:<service>
		}
		if d.Proto == model.ProtoICMP {
			return h + "/icmp"
		}
		return fmt.Sprintf("%s:%d/%s", h, d.Port, d.Proto)
	}
	return ""
}

// schemePorts are the default ports of URL schemes people paste.
var schemePorts = map[string]uint16{
	"https": 443, "http": 80, "ssh": 22, "postgres": 5432, "postgresql": 5432,
	"mysql": 3306, "redis": 6379, "rediss": 6379, "wss": 443, "ws": 80, "ftp": 21,
}

// parseURL reads scheme://host[:port][/path]: the scheme gives the port
// unless one is written; s3://bucket/key is the S3 API.
func parseURL(orig, s string) (Destination, error) {
	scheme, rest, _ := strings.Cut(s, "://")
	scheme = strings.ToLower(scheme)
	if scheme == "s3" {
		if rest == "" {
			return Destination{}, fmt.Errorf("destination %q: want s3://<bucket>[/key]", orig)
		}
		return Destination{Kind: DestAWS, Service: "s3", Proto: model.ProtoTCP, Port: DefaultPort, Asked: orig}, nil
	}
	port, ok := schemePorts[scheme]
	if !ok {
		return Destination{}, fmt.Errorf("destination %q: unknown scheme %q (want https, http, ssh, postgres, mysql, redis or s3)", orig, scheme)
	}
	hostport, _, _ := strings.Cut(rest, "/")
	hostport, _, _ = strings.Cut(hostport, "?")
	if i := strings.LastIndexByte(hostport, '@'); i >= 0 {
		hostport = hostport[i+1:] // user:password@host
	}
	if hostport == "" {
		return Destination{}, fmt.Errorf("destination %q: the URL has no host", orig)
	}
	if !strings.Contains(hostport, "]:") && !(strings.Count(hostport, ":") == 1) {
		hostport = fmt.Sprintf("%s:%d", hostport, port)
		if strings.Count(hostport, ":") > 2 && !strings.HasPrefix(hostport, "[") {
			return Destination{}, fmt.Errorf("destination %q: put an IPv6 address in brackets", orig)
		}
	}
	d, err := parseIPDest(orig, hostport)
	if err != nil {
		return Destination{}, err
	}
	d.Asked = orig
	return d, nil
}

// isHostname reports whether s is a DNS name: dot-separated labels of
// letters, digits, hyphens and underscores, with at least one letter.
func isHostname(s string) bool {
	s = strings.TrimSuffix(s, ".")
	if s == "" || len(s) > 253 || !strings.ContainsAny(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") {
		return false
	}
	for _, label := range strings.Split(s, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '*') {
				return false
			}
		}
	}
	return true
}

// WithPort returns d probed on port p, for --port. ICMP destinations keep
// no port.
func (d Destination) WithPort(p uint16) Destination {
	if d.Proto == model.ProtoTCP || d.Proto == model.ProtoUDP {
		d.Port = p
	}
	return d
}
