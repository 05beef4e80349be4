package tfplan

import (
	"fmt"
	"strings"

	"github.com/cshsim/cshsim/model"
)

// This file converts security groups and their rules, network ACLs and prefix lists.

// sgRuleV is an inline rule of aws_security_group.
type sgRuleV struct {
	CIDRs       []string `json:"cidr_blocks"`
	IPv6        []string `json:"ipv6_cidr_blocks"`
	PLs         []string `json:"prefix_list_ids"`
	SGs         []string `json:"security_groups"`
	Self        *bool    `json:"self"`
	Protocol    string   `json:"protocol"`
	From        *int     `json:"from_port"`
	To          *int     `json:"to_port"`
	Description string   `json:"description"`
}

func (b *builder) securityGroup(in *instance) {
	var v struct {
		Name    string            `json:"name"`
		VPC     string            `json:"vpc_id"`
		Ingress []sgRuleV         `json:"ingress"`
		Egress  []sgRuleV         `json:"egress"`
		OwnerID string            `json:"owner_id"`
		Tags    map[string]string `json:"tags"`
	}
	b.decode(in, &v)
	x := &model.SecurityGroup{ID: in.id, Name: v.Name, Account: v.OwnerID, Tags: tagsOf(v.Tags)}
	if in.typ == "aws_default_security_group" {
		x.Name = "default"
		x.VPC = in.adoptedVPC
	}
	if x.VPC == "" {
		x.VPC = b.ref(in, v.VPC, wantVPC, "vpc_id").id
	}
	if x.VPC == "" && !b.unknown(in, "vpc_id") {
		b.r.warnf(CodePartialResource, b.r.pos(in, ""), "no vpc_id: AWS creates the group in the Region's default VPC, which the plan does not describe")
	}
	if !b.put(in.id, model.KindSecurityGroup, x) {
		return
	}
	b.sgs = append(b.sgs, x)
	b.src(in.id, "", b.r.pos(in, ""))
	b.src(in.id, "vpc", b.r.pos(in, "vpc_id"))
	for _, dir := range []string{"ingress", "egress"} {
		list := v.Ingress
		if dir == "egress" {
			list = v.Egress
		}
		if len(list) == 0 && unknownAt(in.unknown, dir) {
			// Not configured: Terraform leaves the group without inline rules
			// (it removes AWS's default allow-all egress rule).
			if _, _, set := b.r.exprAt(in, dir); set {
				b.r.warnf(CodeUnknownValue, b.r.unknownPos(in, dir), "the %s rules are known only after apply; they are left out", dir)
			}
			continue
		}
		for i := range list {
			rules := b.inlineSGRules(in, x.ID, &list[i], dir, i)
			for _, rule := range rules {
				n := len(x.Ingress)
				if dir == "egress" {
					n = len(x.Egress)
				}
				b.src(x.ID, fmt.Sprintf("%s[%d]", dir, n), b.r.loc.at(fmt.Sprintf("%s.%s[%d]", in.valPath, dir, i), fmt.Sprintf("%s.%s[%d]", in.addr, dir, i)))
				if dir == "egress" {
					x.Egress = append(x.Egress, rule)
				} else {
					x.Ingress = append(x.Ingress, rule)
				}
			}
		}
	}
}

// inlineSGRules converts one inline rule: one model rule per peer.
func (b *builder) inlineSGRules(in *instance, self string, rv *sgRuleV, dir string, i int) []model.SGRule {
	proto, ports, icmp, ok := b.sgProto(in, rv.Protocol, rv.From, rv.To, dir, i)
	if !ok {
		return nil
	}
	mk := func() model.SGRule {
		return model.SGRule{Protocol: proto, Ports: ports, ICMP: icmp, Description: rv.Description}
	}
	var out []model.SGRule
	for j, c := range append(append([]string{}, rv.CIDRs...), rv.IPv6...) {
		attr := "cidr_blocks"
		if j >= len(rv.CIDRs) {
			attr = "ipv6_cidr_blocks"
		}
		if p := b.prefix(in, c, dir, i, attr); p.IsValid() {
			r := mk()
			r.CIDR = p
			out = append(out, r)
		}
	}
	for _, attr := range []string{"cidr_blocks", "ipv6_cidr_blocks"} {
		if b.unknownElems(in, dir, i, attr) {
			b.prefix(in, "", dir, i, attr)
		}
	}
	pls, _ := b.refElems(in, rv.PLs, wantPL, dir, i, "prefix_list_ids")
	for _, pl := range pls {
		r := mk()
		r.PrefixList = pl
		out = append(out, r)
	}
	sgs, _ := b.refElems(in, rv.SGs, wantSG, dir, i, "security_groups")
	for _, g := range sgs {
		r := mk()
		r.Group = g
		out = append(out, r)
	}
	if rv.Self != nil && *rv.Self {
		r := mk()
		r.Group = self
		out = append(out, r)
	}
	return out
}

// unknownElems reports whether a list inside an inline block is known only
// after apply, in whole or in part.
func (b *builder) unknownElems(in *instance, path ...any) bool {
	return unknownAt(in.unknown, path...)
}

// refElems resolves a list of ids inside an inline block (path ends with
// the list's attribute).
func (b *builder) refElems(in *instance, known []string, w want, path ...any) ([]string, bool) {
	var ids []string
	for _, s := range known {
		if s != "" {
			ids = append(ids, s)
			b.checks = append(b.checks, check{s, in, pathString(path)})
		}
	}
	if !b.unknownElems(in, path...) {
		return ids, true
	}
	xs, _ := b.r.resolveIDs(in, w, names(path)...)
	for _, x := range xs {
		if x.id != in.id && !containsStr(ids, x.id) {
			ids = append(ids, x.id)
		}
	}
	return ids, true
}

// sgProto reads a security group rule's protocol and ports. For ICMP and
// ICMPv6 the from and to ports are the type and the code (-1 for any).
func (b *builder) sgProto(in *instance, protocol string, from, to *int, at ...any) (model.Protocol, model.PortRange, model.ICMPMatch, bool) {
	sub := func(a string) []any { return append(append([]any{}, at...), a) }
	if protocol == "" {
		if b.unknown(in, sub("protocol")...) {
			b.r.warnf(CodeUnknownValue, b.r.unknownPos(in, pathString(sub("protocol"))), "the protocol of the rule is known only after apply; the rule is left out")
		}
		return 0, model.PortRange{}, model.ICMPMatch{}, false
	}
	p, err := model.ParseProtocol(protocol)
	if err != nil {
		b.r.errorf(CodeBadValue, b.r.pos(in, pathString(sub("protocol"))), "%v", err)
		return 0, model.PortRange{}, model.ICMPMatch{}, false
	}
	switch p {
	case model.ProtoTCP, model.ProtoUDP:
		if from == nil || to == nil {
			if b.unknown(in, sub("from_port")...) || b.unknown(in, sub("to_port")...) {
				b.r.warnf(CodeUnknownValue, b.r.unknownPos(in, pathString(sub("from_port"))), "the ports of the rule are known only after apply; the rule is left out")
				return 0, model.PortRange{}, model.ICMPMatch{}, false
			}
			return p, model.AllPorts, model.AnyICMP, true
		}
		if *from == -1 && *to == -1 {
			return p, model.AllPorts, model.AnyICMP, true
		}
		r, err := model.PortsFromAWS(from, to)
		if err != nil {
			b.r.errorf(CodeBadValue, b.r.pos(in, pathString(sub("from_port"))), "%v", err)
			return 0, model.PortRange{}, model.ICMPMatch{}, false
		}
		return p, r, model.AnyICMP, true
	case model.ProtoICMP, model.ProtoICMPv6:
		m, err := model.ICMPFromAWS(from, to)
		if err != nil {
			b.r.errorf(CodeBadValue, b.r.pos(in, pathString(sub("from_port"))), "%v", err)
			return 0, model.PortRange{}, model.ICMPMatch{}, false
		}
		return p, model.AllPorts, m, true
	}
	return p, model.AllPorts, model.AnyICMP, true
}

// appendRule adds a rule from a separate resource to a group of the plan.
func (b *builder) appendRule(in *instance, sgID string, egress bool, rules []model.SGRule) {
	sg := get[model.SecurityGroup](b, sgID)
	if sg == nil {
		return
	}
	for _, r := range rules {
		if egress {
			b.src(sgID, fmt.Sprintf("egress[%d]", len(sg.Egress)), b.r.pos(in, ""))
			sg.Egress = append(sg.Egress, r)
		} else {
			b.src(sgID, fmt.Sprintf("ingress[%d]", len(sg.Ingress)), b.r.pos(in, ""))
			sg.Ingress = append(sg.Ingress, r)
		}
	}
}

func (b *builder) sgRule(in *instance) {
	var v struct {
		Type   string `json:"type"`
		SG     string `json:"security_group_id"`
		Source string `json:"source_security_group_id"`
		sgRuleV
	}
	b.decode(in, &v)
	sgID := b.ref(in, v.SG, wantSG, "security_group_id").id
	proto, ports, icmp, ok := b.sgProto(in, v.Protocol, v.From, v.To)
	if !ok || sgID == "" {
		return
	}
	mk := func() model.SGRule {
		return model.SGRule{Protocol: proto, Ports: ports, ICMP: icmp, Description: v.Description}
	}
	var rules []model.SGRule
	for j, c := range append(append([]string{}, v.CIDRs...), v.IPv6...) {
		attr := "cidr_blocks"
		if j >= len(v.CIDRs) {
			attr = "ipv6_cidr_blocks"
		}
		if p := b.prefix(in, c, attr); p.IsValid() {
			r := mk()
			r.CIDR = p
			rules = append(rules, r)
		}
	}
	for _, attr := range []string{"cidr_blocks", "ipv6_cidr_blocks"} {
		if unknownAt(in.unknown, attr) {
			b.prefix(in, "", attr)
		}
	}
	pls, _ := b.refList(in, v.PLs, wantPL, "prefix_list_ids")
	for _, pl := range pls {
		r := mk()
		r.PrefixList = pl
		rules = append(rules, r)
	}
	if g := b.ref(in, v.Source, wantSG, "source_security_group_id").id; g != "" {
		r := mk()
		r.Group = g
		rules = append(rules, r)
	}
	if v.Self != nil && *v.Self {
		r := mk()
		r.Group = sgID
		rules = append(rules, r)
	}
	if v.Type != "ingress" && v.Type != "egress" {
		b.r.errorf(CodeBadValue, b.r.pos(in, "type"), "type %q: want ingress or egress", v.Type)
		return
	}
	b.appendRule(in, sgID, v.Type == "egress", rules)
}

func (b *builder) vpcSGRule(in *instance) {
	var v struct {
		SG          string `json:"security_group_id"`
		Protocol    string `json:"ip_protocol"`
		From        *int   `json:"from_port"`
		To          *int   `json:"to_port"`
		CIDR4       string `json:"cidr_ipv4"`
		CIDR6       string `json:"cidr_ipv6"`
		PL          string `json:"prefix_list_id"`
		Group       string `json:"referenced_security_group_id"`
		Description string `json:"description"`
	}
	b.decode(in, &v)
	sgID := b.ref(in, v.SG, wantSG, "security_group_id").id
	proto, ports, icmp, ok := b.sgProto(in, v.Protocol, v.From, v.To)
	if !ok || sgID == "" {
		return
	}
	r := model.SGRule{Protocol: proto, Ports: ports, ICMP: icmp, Description: v.Description}
	switch {
	case v.CIDR4 != "" || unknownAt(in.unknown, "cidr_ipv4"):
		r.CIDR = b.prefix(in, v.CIDR4, "cidr_ipv4")
	case v.CIDR6 != "" || unknownAt(in.unknown, "cidr_ipv6"):
		r.CIDR = b.prefix(in, v.CIDR6, "cidr_ipv6")
	default:
		r.PrefixList = b.ref(in, v.PL, wantPL, "prefix_list_id").id
		if r.PrefixList == "" {
			r.Group = b.ref(in, v.Group, wantSG, "referenced_security_group_id").id
		}
	}
	if !r.CIDR.IsValid() && r.PrefixList == "" && r.Group == "" {
		return
	}
	b.appendRule(in, sgID, in.typ == "aws_vpc_security_group_egress_rule", []model.SGRule{r})
}

// aclV is a network ACL entry: an inline ingress or egress element, or the
// attributes of aws_network_acl_rule.
type aclV struct {
	RuleNo     *int   `json:"rule_no"`
	RuleNumber *int   `json:"rule_number"`
	Action     string `json:"action"`
	RuleAction string `json:"rule_action"`
	Protocol   string `json:"protocol"`
	CIDR       string `json:"cidr_block"`
	IPv6       string `json:"ipv6_cidr_block"`
	From       *int   `json:"from_port"`
	To         *int   `json:"to_port"`
	ICMPType   *int   `json:"icmp_type"`
	ICMPCode   *int   `json:"icmp_code"`
	Egress     *bool  `json:"egress"`
}

func (b *builder) aclEntry(in *instance, av *aclV, egress bool, at ...any) (model.ACLEntry, bool) {
	sub := func(a string) []any { return append(append([]any{}, at...), a) }
	e := model.ACLEntry{Egress: egress, Ports: model.AllPorts, ICMP: model.AnyICMP}
	n := av.RuleNo
	if n == nil {
		n = av.RuleNumber
	}
	if n == nil {
		return e, false
	}
	e.RuleNumber = *n
	action := av.Action
	if action == "" {
		action = av.RuleAction
	}
	switch strings.ToLower(action) {
	case "allow":
		e.Allow = true
	case "deny":
	default:
		b.r.errorf(CodeBadValue, b.r.pos(in, pathString(sub("action"))), "action %q: want allow or deny", action)
		return e, false
	}
	p, err := model.ParseProtocol(av.Protocol)
	if err != nil {
		b.r.errorf(CodeBadValue, b.r.pos(in, pathString(sub("protocol"))), "%v", err)
		return e, false
	}
	e.Protocol = p
	switch {
	case av.CIDR != "":
		e.CIDR = b.prefix(in, av.CIDR, sub("cidr_block")...)
	case av.IPv6 != "":
		e.CIDR = b.prefix(in, av.IPv6, sub("ipv6_cidr_block")...)
	default:
		b.prefix(in, "", sub("cidr_block")...)
	}
	if !e.CIDR.IsValid() {
		return e, false
	}
	switch p {
	case model.ProtoTCP, model.ProtoUDP:
		if av.From != nil && av.To != nil && !(*av.From == 0 && *av.To == 0) {
			if *av.From < 0 || *av.To > 65535 || *av.From > *av.To {
				b.r.errorf(CodeBadValue, b.r.pos(in, pathString(sub("from_port"))), "ports %d-%d: want 0 to 65535, the first not above the last", *av.From, *av.To)
				return e, false
			}
			e.Ports = model.PortRange{First: uint16(*av.From), Last: uint16(*av.To)}
		}
	case model.ProtoICMP, model.ProtoICMPv6:
		if av.ICMPType != nil && *av.ICMPType >= -1 && *av.ICMPType <= 255 {
			e.ICMP.Type = int16(*av.ICMPType)
		}
		if av.ICMPCode != nil && *av.ICMPCode >= -1 && *av.ICMPCode <= 255 {
			e.ICMP.Code = int16(*av.ICMPCode)
		}
	}
	return e, true
}

func (b *builder) networkACL(in *instance) {
	var v struct {
		VPC     string            `json:"vpc_id"`
		Subnets []string          `json:"subnet_ids"`
		Ingress []aclV            `json:"ingress"`
		Egress  []aclV            `json:"egress"`
		OwnerID string            `json:"owner_id"`
		Tags    map[string]string `json:"tags"`
	}
	b.decode(in, &v)
	x := &model.NetworkACL{ID: in.id, Account: v.OwnerID, Tags: tagsOf(v.Tags)}
	if in.typ == "aws_default_network_acl" {
		x.Default = true
		x.VPC = in.adoptedVPC
	}
	if x.VPC == "" {
		x.VPC = b.ref(in, v.VPC, wantVPC, "vpc_id").id
	}
	if !b.put(in.id, model.KindNetworkACL, x) {
		return
	}
	b.acls = append(b.acls, x)
	b.src(in.id, "", b.r.pos(in, ""))
	b.src(in.id, "vpc", b.r.pos(in, "vpc_id"))
	for _, dir := range []string{"ingress", "egress"} {
		list := v.Ingress
		if dir == "egress" {
			list = v.Egress
		}
		if len(list) == 0 && unknownAt(in.unknown, dir) {
			if _, _, set := b.r.exprAt(in, dir); set {
				b.r.warnf(CodeUnknownValue, b.r.unknownPos(in, dir), "the %s entries are known only after apply; they are left out", dir)
			}
		}
		n := 0
		for i := range list {
			e, ok := b.aclEntry(in, &list[i], dir == "egress", dir, i)
			if !ok {
				continue
			}
			b.src(in.id, fmt.Sprintf("%s[%d]", dir, n), b.r.loc.at(fmt.Sprintf("%s.%s[%d]", in.valPath, dir, i), fmt.Sprintf("%s.%s[%d]", in.addr, dir, i)))
			n++
			x.Entries = append(x.Entries, e)
		}
	}
	subnets, _ := b.refList(in, v.Subnets, wantSubnet, "subnet_ids")
	if len(subnets) > 0 {
		b.later = append(b.later, func() {
			for _, sn := range subnets {
				b.associateACL(in, sn, x.ID)
			}
		})
	}
}

func (b *builder) associateACL(in *instance, subnet, acl string) {
	if s := get[model.Subnet](b, subnet); s != nil {
		s.NetworkACL = acl
		b.src(subnet, "network_acl", b.r.pos(in, ""))
	}
}

func (b *builder) aclRule(in *instance) {
	var v struct {
		ACL string `json:"network_acl_id"`
		aclV
	}
	b.decode(in, &v)
	acl := get[model.NetworkACL](b, b.ref(in, v.ACL, wantACL, "network_acl_id").id)
	e, ok := b.aclEntry(in, &v.aclV, v.Egress != nil && *v.Egress)
	if !ok || acl == nil {
		return
	}
	dir := "ingress"
	if e.Egress {
		dir = "egress"
	}
	n := 0
	for _, o := range acl.Entries {
		if o.Egress == e.Egress {
			n++
		}
	}
	b.src(acl.ID, fmt.Sprintf("%s[%d]", dir, n), b.r.pos(in, ""))
	acl.Entries = append(acl.Entries, e)
}

func (b *builder) aclAssociation(in *instance) {
	var v struct {
		ACL    string `json:"network_acl_id"`
		Subnet string `json:"subnet_id"`
	}
	b.decode(in, &v)
	acl := b.ref(in, v.ACL, wantACL, "network_acl_id").id
	sn := b.ref(in, v.Subnet, wantSubnet, "subnet_id").id
	if acl != "" && sn != "" {
		b.associateACL(in, sn, acl)
	}
}

func (b *builder) prefixList(in *instance) {
	var v struct {
		Name    string `json:"name"`
		OwnerID string `json:"owner_id"`
		Entries []struct {
			CIDR string `json:"cidr"`
		} `json:"entry"`
	}
	b.decode(in, &v)
	x := &model.PrefixList{ID: in.id, Name: v.Name, Owner: v.OwnerID, Account: v.OwnerID, Region: b.r.snap.Region, EntriesKnown: true}
	for i, e := range v.Entries {
		if p := b.prefix(in, e.CIDR, "entry", i, "cidr"); p.IsValid() {
			x.CIDRs = append(x.CIDRs, p)
		}
	}
	if len(v.Entries) == 0 && unknownAt(in.unknown, "entry") && b.configured(in, "entry") {
		b.r.warnf(CodeUnknownValue, b.r.unknownPos(in, "entry"), "the entries are known only after apply; they are left out")
	}
	if b.put(in.id, model.KindPrefixList, x) {
		b.pls = append(b.pls, x)
		b.src(in.id, "", b.r.pos(in, ""))
	}
}

func (b *builder) prefixListEntry(in *instance) {
	var v struct {
		PL   string `json:"prefix_list_id"`
		CIDR string `json:"cidr"`
	}
	b.decode(in, &v)
	pl := get[model.PrefixList](b, b.ref(in, v.PL, wantPL, "prefix_list_id").id)
	p := b.prefix(in, v.CIDR, "cidr")
	if pl != nil && p.IsValid() {
		pl.CIDRs = append(pl.CIDRs, p)
		pl.EntriesKnown = true
	}
}
