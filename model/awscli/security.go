package awscli

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/cshsim/cshsim/model"
)

// This file reads security groups and their rules, network ACLs and prefix lists.

func readSG(l *loader, e *elemCtx, v *rawSG) {
	if v.GroupID == "" {
		l.missing(e, "GroupId")
		return
	}
	id := v.GroupID
	x := model.SecurityGroup{ID: id, Name: v.GroupName, VPC: v.VpcID, Account: cmpOr(v.OwnerID, e.f.account), Tags: tags(v.Tags)}
	e.f.hint(regionOfARN(v.SecurityGroupArn))
	refs := []srcRef{{"vpc", e.at(".VpcId")}}
	for j := range v.IPPermissions {
		l.permission(e, fmt.Sprintf(".IpPermissions[%d]", j), &v.IPPermissions[j], &x, "ingress", &x.Ingress, &refs)
	}
	for j := range v.IPPermissionsEgress {
		l.permission(e, fmt.Sprintf(".IpPermissionsEgress[%d]", j), &v.IPPermissionsEgress[j], &x, "egress", &x.Egress, &refs)
	}
	l.sgs.put(l, id, entry[model.SecurityGroup]{v: x, pos: e.at(""), f: e.f, refs: refs}, nil)
}

// ruleBase reads the protocol and ports shared by the peers of one
// permission: protocol -1 and protocols without ports match every port;
// for ICMP FromPort is the type and ToPort the code.
func (l *loader) ruleBase(e *elemCtx, rel string, proto text, from, to *int, ref model.FieldRef) (model.SGRule, bool) {
	p, ok := l.protocol(e, rel+".IpProtocol", proto, ref)
	if !ok {
		return model.SGRule{}, false
	}
	r := model.SGRule{Protocol: p, Ports: model.AllPorts, ICMP: model.AnyICMP}
	switch p {
	case model.ProtoTCP, model.ProtoUDP:
		r.Ports, ok = l.ports(e, rel+".FromPort", from, to, ref)
	case model.ProtoICMP, model.ProtoICMPv6:
		r.ICMP, ok = l.icmp(e, rel+".FromPort", from, to, ref)
	}
	return r, ok
}

// permission expands one IpPermission into one rule per peer.
func (l *loader) permission(e *elemCtx, rel string, p *rawPerm, g *model.SecurityGroup, dir string, rules *[]model.SGRule, refs *[]srcRef) {
	base, ok := l.ruleBase(e, rel, p.IPProtocol, p.FromPort, p.ToPort, model.FieldRef{ID: g.ID, Field: dir})
	if !ok {
		return
	}
	// The rule's entry in the source map also places its peer field
	// (ingress[3].cidr): SourceMap.Lookup walks up to it.
	add := func(r model.SGRule, peerRel string) {
		f := fmt.Sprintf("%s[%d]", dir, len(*rules))
		*rules = append(*rules, r)
		*refs = append(*refs, srcRef{f, e.at(peerRel)})
	}
	for m, c := range p.IPRanges {
		pr := fmt.Sprintf("%s.IpRanges[%d]", rel, m)
		if pfx, ok := l.prefix(e, pr+".CidrIp", c.CidrIP, model.FieldRef{ID: g.ID, Field: dir}); ok {
			r := base
			r.CIDR, r.Description = pfx, c.Description
			add(r, pr)
		}
	}
	for m, c := range p.IPv6Ranges {
		pr := fmt.Sprintf("%s.Ipv6Ranges[%d]", rel, m)
		if pfx, ok := l.prefix(e, pr+".CidrIpv6", c.CidrIPv6, model.FieldRef{ID: g.ID, Field: dir}); ok {
			r := base
			r.CIDR, r.Description = pfx, c.Description
			add(r, pr)
		}
	}
	for m, c := range p.PrefixListIDs {
		if c.PrefixListID == "" {
			continue
		}
		r := base
		r.PrefixList, r.Description = c.PrefixListID, c.Description
		add(r, fmt.Sprintf("%s.PrefixListIds[%d]", rel, m))
	}
	for m, c := range p.UserIDGroupPairs {
		if c.GroupID == "" {
			continue
		}
		r := base
		groupRef(&r, &c, g.VPC)
		add(r, fmt.Sprintf("%s.UserIdGroupPairs[%d]", rel, m))
	}
}

// groupRef fills the security group peer of r. GroupVPC is kept only for
// a group of another VPC (a reference across a peering connection).
func groupRef(r *model.SGRule, c *rawGroupRef, ownVPC string) {
	r.Group = c.GroupID
	r.Peering = c.VpcPeeringConnectionID
	if c.VpcID != "" && c.VpcID != ownVPC {
		r.GroupVPC = c.VpcID
	}
	if c.Description != "" {
		r.Description = c.Description
	}
}

// flatRule is one rule of describe-security-group-rules.
type flatRule struct {
	Group   string
	Account string
	Egress  bool
	Rule    model.SGRule
}

func readSGRule(l *loader, e *elemCtx, v *rawSGRule) {
	if v.GroupID == "" {
		l.missing(e, "GroupId")
		return
	}
	base, ok := l.ruleBase(e, "", v.IPProtocol, v.FromPort, v.ToPort, model.FieldRef{ID: v.GroupID})
	if !ok {
		return
	}
	r := flatRule{Group: v.GroupID, Account: cmpOr(v.GroupOwnerID, e.f.account), Egress: v.IsEgress, Rule: base}
	r.Rule.Description = v.Description
	switch {
	case v.CidrIPv4 != "":
		r.Rule.CIDR, ok = l.prefix(e, ".CidrIpv4", v.CidrIPv4, model.FieldRef{ID: v.GroupID})
	case v.CidrIPv6 != "":
		r.Rule.CIDR, ok = l.prefix(e, ".CidrIpv6", v.CidrIPv6, model.FieldRef{ID: v.GroupID})
	case v.PrefixListID != "":
		r.Rule.PrefixList = v.PrefixListID
	case v.ReferencedGroupInfo != nil && v.ReferencedGroupInfo.GroupID != "":
		groupRef(&r.Rule, v.ReferencedGroupInfo, "")
		r.Rule.Description = v.Description
	default:
		l.add(model.Error, CodeMissingField, e.at(""), model.FieldRef{ID: v.GroupID}, "the rule has no peer (CidrIpv4, CidrIpv6, PrefixListId or ReferencedGroupInfo)")
		return
	}
	if !ok {
		return
	}
	// Rules without an id cannot be paginated twice; key them by place.
	key := cmpOr(v.SecurityGroupRuleID, e.f.name+"\x00"+e.path)
	l.sgRules.put(l, key, entry[flatRule]{v: r, pos: e.at(""), f: e.f}, func(a, b *flatRule) bool {
		return a.Group == b.Group && a.Account == b.Account && a.Egress == b.Egress && a.Rule == b.Rule
	})
}

func readACL(l *loader, e *elemCtx, v *rawACL) {
	if v.NetworkACLID == "" {
		l.missing(e, "NetworkAclId")
		return
	}
	id := v.NetworkACLID
	x := model.NetworkACL{ID: id, VPC: v.VpcID, Account: cmpOr(v.OwnerID, e.f.account), Default: v.IsDefault, Tags: tags(v.Tags)}
	refs := []srcRef{{"vpc", e.at(".VpcId")}, {"default", e.at(".IsDefault")}}
	var links []link
	for j, a := range v.Associations {
		if a.SubnetID != "" {
			links = append(links, link{subject: a.SubnetID, target: id, pos: e.at(fmt.Sprintf(".Associations[%d]", j))})
		}
	}
	in, out := 0, 0
	for j := range v.Entries {
		en := &v.Entries[j]
		rel := fmt.Sprintf(".Entries[%d]", j)
		// The unremovable "*" rules: the model treats them as implicit.
		if (en.RuleNumber == 32767 || en.RuleNumber == 32768) && strings.EqualFold(en.RuleAction, "deny") &&
			(en.Protocol == "-1" || strings.EqualFold(string(en.Protocol), "all")) {
			continue
		}
		dir, n := "ingress", &in
		if en.Egress {
			dir, n = "egress", &out
		}
		f := fmt.Sprintf("%s[%d]", dir, *n)
		ref := model.FieldRef{ID: id, Field: f}
		proto, ok := l.protocol(e, rel+".Protocol", en.Protocol, ref)
		if !ok {
			continue
		}
		ae := model.ACLEntry{RuleNumber: en.RuleNumber, Egress: en.Egress, Protocol: proto, Ports: model.AllPorts, ICMP: model.AnyICMP}
		switch {
		case strings.EqualFold(en.RuleAction, "allow"):
			ae.Allow = true
		case strings.EqualFold(en.RuleAction, "deny"):
		default:
			l.add(model.Error, CodeBadValue, e.at(rel+".RuleAction"), ref, "rule action %q: want allow or deny", en.RuleAction)
			continue
		}
		cidrRel := rel + ".CidrBlock"
		switch {
		case en.CidrBlock != "":
			ae.CIDR, ok = l.prefix(e, cidrRel, en.CidrBlock, ref)
		case en.IPv6CidrBlock != "":
			cidrRel = rel + ".Ipv6CidrBlock"
			ae.CIDR, ok = l.prefix(e, cidrRel, en.IPv6CidrBlock, ref)
		default:
			l.add(model.Error, CodeMissingField, e.at(rel), ref, "the entry has no CidrBlock or Ipv6CidrBlock")
			ok = false
		}
		if !ok {
			continue
		}
		switch proto {
		case model.ProtoTCP, model.ProtoUDP:
			if en.PortRange != nil {
				ae.Ports, ok = l.ports(e, rel+".PortRange", en.PortRange.From, en.PortRange.To, ref)
			}
		case model.ProtoICMP, model.ProtoICMPv6:
			if en.IcmpTypeCode != nil {
				ae.ICMP, ok = l.icmp(e, rel+".IcmpTypeCode", en.IcmpTypeCode.Type, en.IcmpTypeCode.Code, ref)
			}
		}
		if !ok {
			continue
		}
		*n++
		x.Entries = append(x.Entries, ae)
		refs = append(refs, srcRef{f, e.at(rel)}, srcRef{f + ".cidr", e.at(cidrRel)}, srcRef{f + ".rule", e.at(rel + ".RuleNumber")})
	}
	l.acls.put(l, id, entry[model.NetworkACL]{v: x, pos: e.at(""), f: e.f, refs: refs, links: links}, nil)
}

// cidrBatch is a set of prefix list CIDRs from one place: the Cidrs of
// describe-prefix-lists or one get-managed-prefix-list-entries output.
type cidrBatch struct {
	list  string // "" until known
	cidrs []netip.Prefix
	pos   model.Pos
	f     *fileCtx
}

func readPrefixList(l *loader, e *elemCtx, v *rawPrefixList) {
	if v.PrefixListID == "" {
		l.missing(e, "PrefixListId")
		return
	}
	id := v.PrefixListID
	x := model.PrefixList{ID: id, Name: v.PrefixListName, Owner: v.OwnerID}
	if v.Cidrs != nil && x.Owner == "" {
		x.Owner = "AWS" // describe-prefix-lists lists AWS service prefix lists only
	}
	if x.Owner != "AWS" {
		x.Account = x.Owner
	}
	x.Region = cmpOr(regionOfService(v.PrefixListName), regionOfARN(v.PrefixListArn))
	e.f.hint(x.Region)
	if v.Cidrs != nil {
		b := cidrBatch{list: id, pos: e.at(".Cidrs"), f: e.f}
		for j, c := range *v.Cidrs {
			if p, ok := l.prefix(e, fmt.Sprintf(".Cidrs[%d]", j), c, model.FieldRef{ID: id}); ok {
				b.cidrs = append(b.cidrs, p)
			}
		}
		l.plCIDRs = append(l.plCIDRs, b)
	}
	i, added := l.pls.put(l, id, entry[model.PrefixList]{v: x, pos: e.at(""), f: e.f}, func(a, b *model.PrefixList) bool {
		// The managed and the legacy shapes describe one list with
		// different members: they agree when no member is set differently.
		return a.ID == b.ID && compatible(a.Name, b.Name) && compatible(a.Owner, b.Owner) && compatible(a.Region, b.Region)
	})
	if !added {
		old := &l.pls.items[i].v
		old.Name, old.Owner, old.Account, old.Region = cmpOr(old.Name, x.Name), cmpOr(old.Owner, x.Owner), cmpOr(old.Account, x.Account), cmpOr(old.Region, x.Region)
	}
}

func compatible(a, b string) bool { return a == "" || b == "" || a == b }
