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
	// (a URL, a hostname, s3://…), with a URL's secrets redacted (see
	// ParseDestination); results keep it.
	Asked string
}

// DefaultPort is the port a destination without one is probed on (HTTPS).
const DefaultPort = 443

// ParseDestination reads the forms design.md §4 lists:
// internet[:<port>][/<tcp|udp|icmp>], aws:<service>[:<port>][/<tcp|udp|icmp>],
// ecs-exec:<task>, ecs-task:<task>:<port>, and
// <ip>[:<port>][/<tcp|udp|icmp>] (IPv6 in brackets when a port follows:
// [2001:db8::1]:443/tcp), host names and URLs. A missing port is 443 and a
// missing protocol TCP; a port is a number from 1 to 65535 (see
// [ParsePort]), and ICMP takes none.
//
// Secrets typed into a URL never get further than this function: the
// password of its user information and the values of its query and
// fragment are replaced by *** before the text is parsed, so Asked, the
// error and everything printed from them hold only the redacted form.
func ParseDestination(s string) (Destination, error) {
	orig := redactURL(s)
	s = strings.TrimSpace(orig)
	switch {
	case s == "":
		return Destination{}, fmt.Errorf("empty destination: want internet, aws:<service>, ecs-exec:<task> or <ip>[:<port>][/<tcp|udp|icmp>]")
	case s == "internet" || strings.HasPrefix(s, "internet:") || strings.HasPrefix(s, "internet/"):
		d := Destination{Kind: DestInternet}
		if err := d.setPortProto(strings.TrimPrefix(s, "internet")); err != nil {
			return Destination{}, fmt.Errorf("destination %q: %v; want internet[:<port>][/<tcp|udp|icmp>]", orig, err)
		}
		return d, nil
	case strings.HasPrefix(s, "aws:"):
		rest := strings.TrimPrefix(s, "aws:")
		svc := rest
		if i := strings.IndexAny(rest, ":/"); i >= 0 {
			svc, rest = rest[:i], rest[i:]
		} else {
			rest = ""
		}
		if !validService(svc) {
			return Destination{}, fmt.Errorf("destination %q: want aws:<service> with a service name such as logs, s3 or ecr.api", orig)
		}
		d := Destination{Kind: DestAWS, Service: svc}
		if err := d.setPortProto(rest); err != nil {
			return Destination{}, fmt.Errorf("destination %q: %v; want aws:<service>[:<port>][/<tcp|udp|icmp>]", orig, err)
		}
		return d, nil
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
		if i <= 0 || !validName(rest[:i]) {
			return Destination{}, fmt.Errorf("destination %q: want ecs-task:<task-id>:<port>", orig)
		}
		p, err := ParsePort(rest[i+1:])
		if err != nil {
			return Destination{}, fmt.Errorf("destination %q: %v; want ecs-task:<task-id>:<port>", orig, err)
		}
		return Destination{Kind: DestECSTask, Task: rest[:i], Proto: model.ProtoTCP, Port: p}, nil
	}
	return parseIPDest(orig, s)
}

// ParsePort reads a TCP or UDP port: a decimal number from 1 to 65535
// (port 0 names no service a client can connect to). --to and --port share
// its error.
func ParsePort(s string) (uint16, error) {
	p, err := strconv.ParseUint(s, 10, 16)
	if err != nil || p == 0 {
		return 0, fmt.Errorf("port %q is not a number from 1 to 65535", s)
	}
	return uint16(p), nil
}

// parseProto reads tcp, udp or icmp, in any case.
func parseProto(s string) (model.Protocol, bool) {
	switch strings.ToLower(s) {
	case "tcp":
		return model.ProtoTCP, true
	case "udp":
		return model.ProtoUDP, true
	case "icmp":
		return model.ProtoICMP, true
	}
	return 0, false
}

// setPortProto reads the [:<port>][/<tcp|udp|icmp>] that may follow
// internet and aws:<service>: TCP 443 unless written, and no port for ICMP.
func (d *Destination) setPortProto(s string) error {
	d.Proto, d.Port = model.ProtoTCP, DefaultPort
	port, proto, hasProto := strings.Cut(s, "/")
	if hasProto {
		p, ok := parseProto(proto)
		if !ok {
			return fmt.Errorf("unknown protocol %q", proto)
		}
		d.Proto = p
	}
	if port == "" {
		if d.Proto == model.ProtoICMP {
			d.Port = 0
		}
		return nil
	}
	if d.Proto == model.ProtoICMP {
		return fmt.Errorf("icmp has no port")
	}
	p, err := ParsePort(strings.TrimPrefix(port, ":"))
	if err != nil {
		return err
	}
	d.Port = p
	return nil
}

// validService reports whether s can be the name of an AWS service in
// aws:<service>: the first labels of its endpoint's host name (logs,
// ecr.api, execute-api), in the characters isHostname allows.
func validService(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_' || r == '*') {
			return false
		}
	}
	return true
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
		p, ok := parseProto(proto)
		if !ok {
			if _, err := strconv.Atoi(proto); err == nil {
				return bad("a CIDR is not a destination, name one address")
			}
			return bad(fmt.Sprintf("unknown protocol %q", proto))
		}
		d.Proto = p
		if p == model.ProtoICMP {
			d.Port = 0
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
		return withPort(d, port, bad)
	}
	if err != nil || a.Zone() != "" {
		return bad("not an IP address or a host name")
	}
	d.Addr = a.Unmap()
	return withPort(d, port, bad)
}

// withPort sets the port written after a host or an address: none for
// ICMP, 1 to 65535 otherwise (ParsePort).
func withPort(d Destination, port string, bad func(string) (Destination, error)) (Destination, error) {
	if port == "" {
		return d, nil
	}
	if d.Proto == model.ProtoICMP {
		return bad("icmp has no port")
	}
	p, err := ParsePort(port)
	if err != nil {
		return bad(err.Error())
	}
	d.Port = p
	return d, nil
}

// String returns the canonical form: internet, aws:<service>,
// ecs-exec:<task>, ecs-task:<task>:<port>, <ip>:<port>/<tcp|udp> or
// <ip>/icmp. Internet and aws:<service> name a protocol or port other than
// TCP 443 the way addresses do (internet:80/tcp, aws:logs:8443/tcp,
// internet/icmp). ParseDestination(d.String()) == d for every valid d but
// for Asked.
func (d Destination) String() string {
	switch d.Kind {
	case DestInternet:
		return "internet" + d.portProto()
	case DestAWS:
		return "aws:" + d.Service + d.portProto()
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
		switch h {
		case "internet", "aws", "ecs-exec", "ecs-task":
			h += "." // a one-label host named like a form: "aws.:80/tcp", not aws:<service>
		}
		if d.Proto == model.ProtoICMP {
			return h + "/icmp"
		}
		return fmt.Sprintf("%s:%d/%s", h, d.Port, d.Proto)
	}
	return ""
}

// portProto is the suffix of internet and aws:<service>: none for TCP 443.
func (d Destination) portProto() string {
	switch {
	case d.Proto == model.ProtoICMP:
		return "/icmp"
	case d.Proto == model.ProtoTCP && d.Port == DefaultPort:
		return ""
	}
	return fmt.Sprintf(":%d/%s", d.Port, d.Proto)
}

// resolved returns to, what the name d resolved to (the internet, an AWS
// service, an address), probed with d's own protocol and port.
func (d Destination) resolved(to Destination) Destination {
	to.Proto, to.Port = d.Proto, d.Port
	return to
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
	hostport := rest
	if i := strings.IndexAny(hostport, "/?#"); i >= 0 {
		hostport = hostport[:i]
	}
	if i := strings.LastIndexByte(hostport, '@'); i >= 0 {
		hostport = hostport[i+1:] // user:***@host
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
// no port, and ECS Exec keeps 443: its connections go to the ECS and SSM
// Messages APIs, whatever the task listens on.
func (d Destination) WithPort(p uint16) Destination {
	if d.Kind != DestECSExec && (d.Proto == model.ProtoTCP || d.Proto == model.ProtoUDP) {
		d.Port = p
	}
	return d
}

// Redact is the text of a destination as any output may show it: a URL's
// password and query and fragment values hidden (redactURL). Callers that
// print a destination as the user wrote it (a test file's `to`) use it.
func Redact(to string) string { return redactURL(to) }

// redactURL hides the secrets a URL can carry: the password of its user
// information becomes *** (https://user:***@host/; the user name is kept,
// as ssh://ec2-user@host needs it), and so does every value of its query
// and fragment (?X-Amz-Signature=***, #access_token=***), which play no
// part in reachability. A password with an unencoded / ? or # in it
// (user:pa/ss@host) is found too: when the text before the first of those
// is not host[:port], everything up to the last @ is user information.
// Text without :// is a URL without a scheme; only its user information
// is redacted. redactURL(redactURL(s)) == redactURL(s).
func redactURL(s string) string {
	head, rest := "", s
	i := strings.Index(s, "://")
	if i >= 0 {
		head, rest = s[:i+3], s[i+3:]
	}
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	at := strings.LastIndexByte(rest[:end], '@')
	if at < 0 && strings.Contains(rest[end:], "@") && !isHostPort(rest[:end]) {
		at = strings.LastIndexByte(rest, '@')
	}
	if at >= 0 {
		if user, _, ok := strings.Cut(rest[:at], ":"); ok {
			rest = user + ":***" + rest[at:]
			at = len(user) + 4
		}
	}
	if i < 0 {
		return head + rest
	}
	q := strings.IndexAny(rest[at+1:], "?#")
	if q < 0 {
		return head + rest
	}
	q += at + 1
	var b strings.Builder
	b.WriteString(head)
	b.WriteString(rest[:q])
	for q < len(rest) {
		b.WriteByte(rest[q]) // ? # & or ;
		n := strings.IndexAny(rest[q+1:], "?#&;")
		if n < 0 {
			n = len(rest) - q - 1
		}
		part := rest[q+1 : q+1+n]
		if k, v, ok := strings.Cut(part, "="); ok && v != "" {
			b.WriteString(k + "=***")
		} else if !ok && part != "" {
			b.WriteString("***")
		} else {
			b.WriteString(part)
		}
		q += 1 + n
	}
	return b.String()
}

// isHostPort reports whether s reads as host[:port] with a numeric port,
// or [ipv6][:port]: the authority of a URL without user information.
func isHostPort(s string) bool {
	if strings.HasPrefix(s, "[") {
		return true
	}
	_, port, ok := strings.Cut(s, ":")
	if !ok {
		return true
	}
	_, err := strconv.ParseUint(port, 10, 16)
	return err == nil
}
