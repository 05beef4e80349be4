package model

import (
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"
)

// Diagnostic codes reported by Validate. They are stable: tests and users'
// scripts match on them. docs/codes.md lists them.
const (
	CodeDuplicateID       = "duplicate-id"
	CodeDanglingRef       = "dangling-reference"
	CodeMissingField      = "missing-field"
	CodeCIDRHostBits      = "cidr-host-bits"
	CodeSubnetOutsideVPC  = "subnet-outside-vpc"
	CodeOverlappingSubnet = "overlapping-subnets"
	CodeSGOtherVPC        = "security-group-other-vpc"
	CodeTooManySGs        = "cloudshell-too-many-security-groups"
	CodeTargetOtherVPC    = "route-target-other-vpc"
	CodeIPOutsideSubnet   = "ip-outside-subnet"
	CodeTwoMainTables     = "two-main-route-tables"
	CodeTwoDefaultACLs    = "two-default-network-acls"
	CodeBadValue          = "bad-value"
)

// Diagnostic codes every reader of files shares, defined once here; each
// reader re-exports the ones it reports. docs/codes.md lists them.
const (
	// CodeRead: a file or folder could not be read.
	CodeRead = "read-error"
	// CodeJSONSyntax: a file is not valid JSON (or is empty, or truncated).
	CodeJSONSyntax = "json-syntax"
	// CodeTOMLSyntax: a file is not valid TOML.
	CodeTOMLSyntax = "toml-syntax"
	// CodeBadType: a member holds the wrong type (a string where a list
	// belongs).
	CodeBadType = "bad-type"
	// CodeUnknownKey: a key the format does not have.
	CodeUnknownKey = "unknown-key"
	// CodeNoInput: a folder holds no file to read.
	CodeNoInput = "no-input"
)

// MaxCloudShellSGs is the most security groups a CloudShell VPC environment
// may have (CloudShell User Guide, "Creating a CloudShell VPC environment").
const MaxCloudShellSGs = 5

// Objects is an id → kind index of a snapshot, with the position of each
// object in its kind's slice.
type Objects map[string]Object

// Object locates one object of a snapshot.
type Object struct {
	Kind  Kind
	Index int
}

// Objects indexes every id-carrying object. Where an id is used twice the
// first object wins; Validate reports the duplicate.
func (s *Snapshot) Objects() Objects {
	o := make(Objects, len(s.VPCs)+len(s.Subnets)+len(s.RouteTables)+len(s.InternetGateways)+
		len(s.EgressOnlyIGWs)+len(s.NATGateways)+len(s.SecurityGroups)+len(s.NetworkACLs)+
		len(s.PrefixLists)+len(s.ENIs)+len(s.Instances)+len(s.Endpoints)+len(s.DHCPOptions)+
		len(s.TransitGateways)+len(s.TGWAttachments)+len(s.TGWRouteTables)+len(s.Peerings)+
		len(s.VPNGateways)+len(s.ECSTasks)+len(s.HostedZones))
	add := func(k Kind, n int, id func(int) string) {
		for i := range n {
			if v := id(i); v != "" {
				if _, dup := o[v]; !dup {
					o[v] = Object{k, i}
				}
			}
		}
	}
	add(KindVPC, len(s.VPCs), func(i int) string { return s.VPCs[i].ID })
	add(KindSubnet, len(s.Subnets), func(i int) string { return s.Subnets[i].ID })
	add(KindRouteTable, len(s.RouteTables), func(i int) string { return s.RouteTables[i].ID })
	add(KindInternetGateway, len(s.InternetGateways), func(i int) string { return s.InternetGateways[i].ID })
	add(KindEgressOnlyIGW, len(s.EgressOnlyIGWs), func(i int) string { return s.EgressOnlyIGWs[i].ID })
	add(KindNATGateway, len(s.NATGateways), func(i int) string { return s.NATGateways[i].ID })
	add(KindSecurityGroup, len(s.SecurityGroups), func(i int) string { return s.SecurityGroups[i].ID })
	add(KindNetworkACL, len(s.NetworkACLs), func(i int) string { return s.NetworkACLs[i].ID })
	add(KindPrefixList, len(s.PrefixLists), func(i int) string { return s.PrefixLists[i].ID })
	add(KindENI, len(s.ENIs), func(i int) string { return s.ENIs[i].ID })
	add(KindInstance, len(s.Instances), func(i int) string { return s.Instances[i].ID })
	add(KindEndpoint, len(s.Endpoints), func(i int) string { return s.Endpoints[i].ID })
	add(KindDHCPOptions, len(s.DHCPOptions), func(i int) string { return s.DHCPOptions[i].ID })
	add(KindTransitGateway, len(s.TransitGateways), func(i int) string { return s.TransitGateways[i].ID })
	add(KindTGWAttachment, len(s.TGWAttachments), func(i int) string { return s.TGWAttachments[i].ID })
	add(KindTGWRouteTable, len(s.TGWRouteTables), func(i int) string { return s.TGWRouteTables[i].ID })
	add(KindPeering, len(s.Peerings), func(i int) string { return s.Peerings[i].ID })
	add(KindVPNGateway, len(s.VPNGateways), func(i int) string { return s.VPNGateways[i].ID })
	add(KindECSTask, len(s.ECSTasks), func(i int) string { return s.ECSTasks[i].ID })
	add(KindHostedZone, len(s.HostedZones), func(i int) string { return s.HostedZones[i].ID })
	return o
}

// IDsOf returns the sorted ids of the objects of kind k, for did-you-mean
// messages.
func (o Objects) IDsOf(k Kind) []string {
	var ids []string
	for id, ob := range o {
		if ob.Kind == k {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}

// VPCOf returns the VPC an object belongs to, "" when it has none.
func (s *Snapshot) VPCOf(id string, o Objects) string {
	ob, ok := o[id]
	if !ok {
		return ""
	}
	switch ob.Kind {
	case KindVPC:
		return id
	case KindSubnet:
		return s.Subnets[ob.Index].VPC
	case KindRouteTable:
		return s.RouteTables[ob.Index].VPC
	case KindInternetGateway:
		return s.InternetGateways[ob.Index].VPC
	case KindEgressOnlyIGW:
		return s.EgressOnlyIGWs[ob.Index].VPC
	case KindNATGateway:
		return s.NATGateways[ob.Index].VPC
	case KindSecurityGroup:
		return s.SecurityGroups[ob.Index].VPC
	case KindNetworkACL:
		return s.NetworkACLs[ob.Index].VPC
	case KindENI:
		return s.ENIs[ob.Index].VPC
	case KindEndpoint:
		return s.Endpoints[ob.Index].VPC
	}
	return ""
}

// Validate checks the snapshot's integrity and returns every problem found,
// sorted by position: duplicate ids, dangling references, CIDRs with host
// bits set, subnets outside their VPC or overlapping each other, security
// groups of another VPC on an interface, CloudShell environments with more
// than five security groups, route targets in another VPC. In a Deployed
// snapshot every problem but a duplicate id is a warning. It also fills
// derivable fields that readers may leave empty (a subnet's VPC on an ENI,
// a NAT gateway's VPC from its subnet). The reader's own Notes are included.
func (s *Snapshot) Validate() Diagnostics {
	v := validator{s: s, o: s.Objects()}
	v.diags = append(v.diags, s.Notes...)
	v.duplicates()
	v.fill()
	v.vpcs()
	v.subnets()
	v.routeTables()
	v.gateways()
	v.securityGroups()
	v.acls()
	v.enis()
	v.cloudshells()
	v.endpoints()
	v.hostedZones()
	v.diags.Sort()
	return v.diags
}

type validator struct {
	s     *Snapshot
	o     Objects
	diags Diagnostics
	// ids holds the sorted ids of each kind, built on the first dangling
	// reference: one pass over the objects, not one per reference (100,000
	// subnets of missing VPCs took minutes).
	ids map[Kind][]string
	// suggested counts the did-you-means offered; past maxSuggestions a
	// dangling reference is reported without one, so that many of them
	// against many candidates stay linear.
	suggested int
}

// maxSuggestions bounds the did-you-means of one validation.
const maxSuggestions = 100

// idsOf is Objects.IDsOf, from the validator's one index.
func (v *validator) idsOf(k Kind) []string {
	if v.ids == nil {
		v.ids = map[Kind][]string{}
		for id, ob := range v.o {
			v.ids[ob.Kind] = append(v.ids[ob.Kind], id)
		}
		for _, ids := range v.ids {
			slices.Sort(ids)
		}
	}
	return v.ids[k]
}

func (v *validator) add(sev Severity, code string, ref FieldRef, format string, args ...any) {
	if v.s.Deployed && code != CodeDuplicateID {
		sev = Warning
	}
	if len(v.diags) >= MaxDiagnostics {
		v.diags.Add(Diagnostic{Pos: v.s.Sources.Lookup(ref), Severity: sev, Code: code})
		return
	}
	v.diags.Add(Diagnostic{
		Pos:      v.s.Sources.Lookup(ref),
		Severity: sev,
		Code:     code,
		Message:  fmt.Sprintf(format, args...),
		Ref:      ref,
	})
}

func (v *validator) duplicates() {
	seen := map[string]Kind{}
	check := func(k Kind, id string, field string) {
		if id == "" {
			return
		}
		if prev, ok := seen[id]; ok {
			what := string(prev)
			if prev == k {
				what = "another " + string(k)
			}
			v.add(Error, CodeDuplicateID, FieldRef{id, field}, "duplicate id %q: %s already uses it", id, what)
			return
		}
		seen[id] = k
	}
	for _, x := range v.s.VPCs {
		check(KindVPC, x.ID, "")
	}
	for _, x := range v.s.Subnets {
		check(KindSubnet, x.ID, "")
	}
	for _, x := range v.s.RouteTables {
		check(KindRouteTable, x.ID, "")
	}
	for _, x := range v.s.InternetGateways {
		check(KindInternetGateway, x.ID, "")
	}
	for _, x := range v.s.EgressOnlyIGWs {
		check(KindEgressOnlyIGW, x.ID, "")
	}
	for _, x := range v.s.NATGateways {
		check(KindNATGateway, x.ID, "")
	}
	for _, x := range v.s.SecurityGroups {
		check(KindSecurityGroup, x.ID, "")
	}
	for _, x := range v.s.NetworkACLs {
		check(KindNetworkACL, x.ID, "")
	}
	for _, x := range v.s.PrefixLists {
		check(KindPrefixList, x.ID, "")
	}
	for _, x := range v.s.ENIs {
		check(KindENI, x.ID, "")
	}
	for _, x := range v.s.Endpoints {
		check(KindEndpoint, x.ID, "")
	}
	for _, x := range v.s.TransitGateways {
		check(KindTransitGateway, x.ID, "")
	}
	for _, x := range v.s.Peerings {
		check(KindPeering, x.ID, "")
	}
	names := map[string]bool{}
	for _, c := range v.s.CloudShells {
		if names[c.Name] {
			v.add(Error, CodeDuplicateID, FieldRef{c.ID(), ""}, "duplicate CloudShell environment name %q", c.Name)
		}
		names[c.Name] = true
	}
}

// fill derives fields readers may leave empty.
func (v *validator) fill() {
	s := v.s
	for i := range s.ENIs {
		e := &s.ENIs[i]
		if e.VPC == "" {
			e.VPC = s.VPCOf(e.Subnet, v.o)
		}
	}
	for i := range s.NATGateways {
		n := &s.NATGateways[i]
		if n.VPC == "" {
			n.VPC = s.VPCOf(n.Subnet, v.o)
		}
	}
	for i := range s.CloudShells {
		c := &s.CloudShells[i]
		if c.VPC == "" {
			c.VPC = s.VPCOf(c.Subnet, v.o)
		}
	}
}

// ref checks that id names an object of one of the kinds. An empty id is
// accepted (optional fields); required fields are checked by the caller.
func (v *validator) ref(from FieldRef, id string, kinds ...Kind) bool {
	if v.resolves(id, kinds...) {
		return true
	}
	ob, ok := v.o[id]
	var names []string
	for _, k := range kinds {
		names = append(names, string(k))
	}
	want := strings.Join(names, " or ")
	if ok {
		v.add(Error, CodeDanglingRef, from, "%s %q is a %s, not a %s", from.Field, id, ob.Kind, want)
		return false
	}
	msg := fmt.Sprintf("%s %q names no %s in the snapshot", from.Field, id, want)
	if v.suggested < maxSuggestions {
		v.suggested++
		var cands []string
		for _, k := range kinds {
			cands = append(cands, v.idsOf(k)...)
		}
		if s := Suggest(id, cands); s != "" {
			msg += fmt.Sprintf("; did you mean %q?", s)
		}
	}
	v.add(Error, CodeDanglingRef, from, "%s", msg)
	return false
}

func (v *validator) required(from FieldRef, val string) bool {
	if val == "" {
		v.add(Error, CodeMissingField, from, "%s is required", from.Field)
		return false
	}
	return true
}

// resolves reports whether id is empty or names an object of one of kinds:
// what ref checks, without a diagnostic.
func (v *validator) resolves(id string, kinds ...Kind) bool {
	if id == "" {
		return true
	}
	ob, ok := v.o[id]
	return ok && slices.Contains(kinds, ob.Kind)
}

func (v *validator) prefix(from FieldRef, p netip.Prefix) {
	if p.IsValid() && p != p.Masked() {
		v.add(Error, CodeCIDRHostBits, from, "cidr %s has host bits set; did you mean %s?", p, p.Masked())
	}
}

func (v *validator) vpcs() {
	for _, x := range v.s.VPCs {
		if len(x.CIDRs) == 0 {
			v.add(Error, CodeMissingField, FieldRef{x.ID, "cidrs"}, "vpc %q has no IPv4 CIDR", x.ID)
		}
		for i, p := range x.CIDRs {
			v.prefix(FieldRef{x.ID, fmt.Sprintf("cidrs[%d]", i)}, p)
		}
		// An export without describe-dhcp-options still names each VPC's
		// set: check the reference only when the snapshot has sets at all.
		if x.DHCPOptions != "default" && len(v.s.DHCPOptions) > 0 {
			v.ref(FieldRef{x.ID, "dhcp_options"}, x.DHCPOptions, KindDHCPOptions)
		}
	}
}

func (v *validator) subnets() {
	s := v.s
	type placed struct {
		id   string
		cidr netip.Prefix
	}
	byVPC := map[string][]placed{}
	for _, x := range s.Subnets {
		id := x.ID
		if !v.required(FieldRef{id, "vpc"}, x.VPC) || !v.ref(FieldRef{id, "vpc"}, x.VPC, KindVPC) {
			continue
		}
		if !x.CIDR.IsValid() {
			if len(x.IPv6CIDRs) == 0 { // IPv6-only subnets have no IPv4 CIDR
				v.add(Error, CodeMissingField, FieldRef{id, "cidr"}, "subnet %q has no cidr", id)
			}
		} else {
			v.prefix(FieldRef{id, "cidr"}, x.CIDR)
			vpc := s.VPCs[v.o[x.VPC].Index]
			if !slices.ContainsFunc(vpc.CIDRs, func(p netip.Prefix) bool { return covers(p, x.CIDR) }) {
				v.add(Error, CodeSubnetOutsideVPC, FieldRef{id, "cidr"}, "subnet %q cidr %s is outside vpc %q (%s)", id, x.CIDR, x.VPC, joinPrefixes(vpc.CIDRs))
			}
			for _, o := range byVPC[x.VPC] {
				if o.cidr.Overlaps(x.CIDR) {
					v.add(Error, CodeOverlappingSubnet, FieldRef{id, "cidr"}, "subnet %q cidr %s overlaps subnet %q (%s)", id, x.CIDR, o.id, o.cidr)
				}
			}
			byVPC[x.VPC] = append(byVPC[x.VPC], placed{id, x.CIDR.Masked()})
		}
		if v.ref(FieldRef{id, "route_table"}, x.RouteTable, KindRouteTable) && x.RouteTable != "" {
			if rv := s.VPCOf(x.RouteTable, v.o); rv != x.VPC {
				v.add(Error, CodeDanglingRef, FieldRef{id, "route_table"}, "route_table %q belongs to vpc %q, not to the subnet's vpc %q", x.RouteTable, rv, x.VPC)
			}
		}
		if v.ref(FieldRef{id, "network_acl"}, x.NetworkACL, KindNetworkACL) && x.NetworkACL != "" {
			if av := s.VPCOf(x.NetworkACL, v.o); av != x.VPC {
				v.add(Error, CodeDanglingRef, FieldRef{id, "network_acl"}, "network_acl %q belongs to vpc %q, not to the subnet's vpc %q", x.NetworkACL, av, x.VPC)
			}
		}
	}
}

func (v *validator) routeTables() {
	s := v.s
	mains := map[string]string{}
	for _, rt := range s.RouteTables {
		if !v.required(FieldRef{rt.ID, "vpc"}, rt.VPC) || !v.ref(FieldRef{rt.ID, "vpc"}, rt.VPC, KindVPC) {
			continue
		}
		if rt.Main {
			if prev, ok := mains[rt.VPC]; ok {
				v.add(Error, CodeTwoMainTables, FieldRef{rt.ID, "main"}, "vpc %q has two main route tables: %q and %q", rt.VPC, prev, rt.ID)
			} else {
				mains[rt.VPC] = rt.ID
			}
		}
		for i, r := range rt.Routes {
			f := FieldRef{rt.ID, fmt.Sprintf("routes[%d]", i)}
			v.prefix(FieldRef{rt.ID, f.Field + ".destination"}, r.Destination)
			if !r.Destination.IsValid() && r.PrefixList == "" {
				v.add(Error, CodeMissingField, f, "route %d has no destination (a CIDR or a prefix list)", i)
			}
			v.ref(FieldRef{rt.ID, f.Field + ".prefix_list"}, r.PrefixList, KindPrefixList)
			t := r.Target
			tf := FieldRef{rt.ID, f.Field + ".target"}
			switch t.Kind {
			case KindLocal, KindBlackhole, KindOther, "":
				continue
			}
			if r.State == StateBlackhole {
				// The target may be gone: that is why the route is a blackhole.
				continue
			}
			if t.ID == "" {
				v.add(Error, CodeMissingField, tf, "route %d has a %s target without an id", i, t.Kind)
				continue
			}
			if !v.ref(tf, t.ID, t.Kind) {
				continue
			}
			if tv := s.VPCOf(t.ID, v.o); tv != "" && tv != rt.VPC {
				switch t.Kind {
				case KindInternetGateway, KindNATGateway, KindENI, KindEndpoint, KindEgressOnlyIGW:
					v.add(Error, CodeTargetOtherVPC, tf, "route target %q is in vpc %q, but route table %q is in vpc %q", t.ID, tv, rt.ID, rt.VPC)
				}
			}
		}
	}
}

func (v *validator) gateways() {
	for _, g := range v.s.InternetGateways {
		v.ref(FieldRef{g.ID, "vpc"}, g.VPC, KindVPC)
	}
	for _, n := range v.s.NATGateways {
		if !n.Regional {
			v.required(FieldRef{n.ID, "subnet"}, n.Subnet)
		}
		v.ref(FieldRef{n.ID, "subnet"}, n.Subnet, KindSubnet)
		switch n.Connectivity {
		case "", "public", "private":
		default:
			v.add(Error, CodeBadValue, FieldRef{n.ID, "connectivity"}, "connectivity %q: want public or private", n.Connectivity)
		}
	}
}

func (v *validator) rules(id, dir string, rules []SGRule) {
	for i, r := range rules {
		// The field names are built only for a diagnostic: a large
		// snapshot has 100,000 rules.
		field := func(peer string) FieldRef {
			f := dir + "[" + strconv.Itoa(i) + "]"
			if peer != "" {
				f += "." + peer
			}
			return FieldRef{id, f}
		}
		if r.CIDR.IsValid() && r.CIDR != r.CIDR.Masked() {
			v.prefix(field("cidr"), r.CIDR)
		}
		if !v.resolves(r.PrefixList, KindPrefixList) {
			v.ref(field("prefix_list"), r.PrefixList, KindPrefixList)
		}
		// A reference across a peering connection may name a group the
		// snapshot does not hold (another account): not an error.
		if r.Peering == "" && r.GroupVPC == "" && !v.resolves(r.Group, KindSecurityGroup) {
			v.ref(field("security_group"), r.Group, KindSecurityGroup)
		}
		if !r.CIDR.IsValid() && r.PrefixList == "" && r.Group == "" {
			v.add(Error, CodeMissingField, field(""), "%s rule %d has no peer (cidr, prefix_list or security_group)", dir, i)
		}
	}
}

func (v *validator) securityGroups() {
	for _, g := range v.s.SecurityGroups {
		if v.required(FieldRef{g.ID, "vpc"}, g.VPC) {
			v.ref(FieldRef{g.ID, "vpc"}, g.VPC, KindVPC)
		}
		v.rules(g.ID, "ingress", g.Ingress)
		v.rules(g.ID, "egress", g.Egress)
	}
}

func (v *validator) acls() {
	defaults := map[string]string{}
	for _, a := range v.s.NetworkACLs {
		if v.required(FieldRef{a.ID, "vpc"}, a.VPC) {
			v.ref(FieldRef{a.ID, "vpc"}, a.VPC, KindVPC)
		}
		if a.Default {
			if prev, ok := defaults[a.VPC]; ok {
				v.add(Error, CodeTwoDefaultACLs, FieldRef{a.ID, "default"}, "vpc %q has two default network ACLs: %q and %q", a.VPC, prev, a.ID)
			} else {
				defaults[a.VPC] = a.ID
			}
		}
		in, out := 0, 0
		for _, e := range a.Entries {
			dir, n := "ingress", &in
			if e.Egress {
				dir, n = "egress", &out
			}
			f := FieldRef{a.ID, fmt.Sprintf("%s[%d]", dir, *n)}
			*n++
			v.prefix(FieldRef{a.ID, f.Field + ".cidr"}, e.CIDR)
			if e.RuleNumber < 1 || e.RuleNumber > 32766 {
				v.add(Error, CodeBadValue, FieldRef{a.ID, f.Field + ".rule"}, "rule number %d: want 1 to 32766", e.RuleNumber)
			}
		}
	}
}

func (v *validator) sgsOn(from FieldRef, vpc string, sgs []string) {
	for i, g := range sgs {
		f := FieldRef{from.ID, fmt.Sprintf("%s[%d]", from.Field, i)}
		if !v.ref(f, g, KindSecurityGroup) {
			continue
		}
		if gv := v.s.VPCOf(g, v.o); vpc != "" && gv != vpc {
			v.add(Error, CodeSGOtherVPC, f, "security group %q is in vpc %q, but %q is in vpc %q", g, gv, from.ID, vpc)
		}
	}
}

func (v *validator) enis() {
	for _, e := range v.s.ENIs {
		for i, p := range e.Prefixes {
			v.prefix(FieldRef{e.ID, fmt.Sprintf("prefixes[%d]", i)}, p)
		}
		if !v.required(FieldRef{e.ID, "subnet"}, e.Subnet) || !v.ref(FieldRef{e.ID, "subnet"}, e.Subnet, KindSubnet) {
			continue
		}
		sn := v.s.Subnets[v.o[e.Subnet].Index]
		if e.PrivateIP.IsValid() && sn.CIDR.IsValid() && !sn.CIDR.Contains(e.PrivateIP) {
			v.add(Error, CodeIPOutsideSubnet, FieldRef{e.ID, "private_ip"}, "private_ip %s is outside subnet %q (%s)", e.PrivateIP, e.Subnet, sn.CIDR)
		}
		for i, p := range e.Prefixes {
			if p.IsValid() && sn.CIDR.IsValid() && !covers(sn.CIDR, p) {
				v.add(Error, CodeIPOutsideSubnet, FieldRef{e.ID, fmt.Sprintf("prefixes[%d]", i)}, "prefix %s is outside subnet %q (%s)", p, e.Subnet, sn.CIDR)
			}
		}
		v.sgsOn(FieldRef{e.ID, "security_groups"}, e.VPC, e.SecurityGroups)
	}
}

func (v *validator) cloudshells() {
	for _, c := range v.s.CloudShells {
		id := c.ID()
		if c.Name == "" {
			v.add(Error, CodeMissingField, FieldRef{id, "name"}, "a CloudShell environment needs a name")
		}
		if !v.required(FieldRef{id, "subnet"}, c.Subnet) || !v.ref(FieldRef{id, "subnet"}, c.Subnet, KindSubnet) {
			continue
		}
		if len(c.SecurityGroups) > MaxCloudShellSGs {
			v.add(Error, CodeTooManySGs, FieldRef{id, "security_groups"}, "CloudShell environment %q has %d security groups; a VPC environment takes at most %d", c.Name, len(c.SecurityGroups), MaxCloudShellSGs)
		}
		v.sgsOn(FieldRef{id, "security_groups"}, c.VPC, c.SecurityGroups)
		v.ref(FieldRef{id, "eni"}, c.ENI, KindENI)
		sn := v.s.Subnets[v.o[c.Subnet].Index]
		if c.IP.IsValid() && sn.CIDR.IsValid() && !sn.CIDR.Contains(c.IP) {
			v.add(Error, CodeIPOutsideSubnet, FieldRef{id, "ip"}, "ip %s is outside subnet %q (%s)", c.IP, c.Subnet, sn.CIDR)
		}
	}
}

func (v *validator) endpoints() {
	for _, e := range v.s.Endpoints {
		v.ref(FieldRef{e.ID, "vpc"}, e.VPC, KindVPC)
		for i, sn := range e.Subnets {
			v.ref(FieldRef{e.ID, fmt.Sprintf("subnets[%d]", i)}, sn, KindSubnet)
		}
		for i, rt := range e.RouteTables {
			v.ref(FieldRef{e.ID, fmt.Sprintf("route_tables[%d]", i)}, rt, KindRouteTable)
		}
		v.sgsOn(FieldRef{e.ID, "security_groups"}, e.VPC, e.SecurityGroups)
	}
}

func (v *validator) hostedZones() {
	for _, z := range v.s.HostedZones {
		if z.Name == "" {
			v.add(Error, CodeMissingField, FieldRef{z.ID, "name"}, "hosted zone %q has no name", z.ID)
		}
		for i, vpc := range z.VPCs {
			v.ref(FieldRef{z.ID, fmt.Sprintf("vpcs[%d]", i)}, vpc, KindVPC)
		}
	}
}

// covers reports whether outer contains every address of inner.
func covers(outer, inner netip.Prefix) bool {
	return outer.Bits() <= inner.Bits() && outer.Contains(inner.Masked().Addr())
}

// Covers reports whether prefix outer contains every address of inner.
func Covers(outer, inner netip.Prefix) bool { return covers(outer, inner) }

func joinPrefixes(ps []netip.Prefix) string {
	var s []string
	for _, p := range ps {
		s = append(s, p.String())
	}
	return strings.Join(s, ", ")
}
