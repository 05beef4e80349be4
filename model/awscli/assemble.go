package awscli

import (
	"fmt"
	"slices"
	"strings"

	"github.com/cshsim/cshsim/model"
)

// assemble builds the snapshot from everything read: it applies the joins
// between kinds (associations, attributes, flat rules, entries, routes),
// then fills accounts and Regions.
func (l *loader) assemble() *model.Snapshot {
	s := &model.Snapshot{Sources: make(model.SourceMap, l.sourceCount()), Deployed: true}
	for _, f := range l.files {
		// What the content names (zones, ARNs, service names) beats the
		// folder name, unless it names several Regions.
		if len(f.hints) == 1 {
			f.region = f.hints[0]
		}
	}

	// VPCs, with the describe-vpc-attribute outputs.
	s.VPCs = collect(s, &l.vpcs, func(x *model.VPC) string { return x.ID })
	for i, en := range l.vpcs.items {
		s.VPCs[i].Region = en.f.region
	}
	l.vpcAttributes(s)

	// Subnets, with their route table and network ACL.
	s.Subnets = collect(s, &l.subnets, func(x *model.Subnet) string { return x.ID })
	subnetAt := index(s.Subnets, func(x *model.Subnet) string { return x.ID })
	join(l, s, "route_table", l.rts.items, subnetAt, func(i int) *string { return &s.Subnets[i].RouteTable })
	join(l, s, "network_acl", l.acls.items, subnetAt, func(i int) *string { return &s.Subnets[i].NetworkACL })

	s.RouteTables = collect(s, &l.rts, func(x *model.RouteTable) string { return x.ID })
	s.InternetGateways = collect(s, &l.igws, func(x *model.InternetGateway) string { return x.ID })
	s.EgressOnlyIGWs = collect(s, &l.eigws, func(x *model.EgressOnlyIGW) string { return x.ID })
	s.NATGateways = collect(s, &l.nats, func(x *model.NATGateway) string { return x.ID })
	s.NetworkACLs = collect(s, &l.acls, func(x *model.NetworkACL) string { return x.ID })
	s.PrefixLists = l.prefixLists(s)

	// Interfaces: describe-network-interfaces first; an interface only
	// describe-instances shows is added from there.
	s.ENIs = collect(s, &l.enis, func(x *model.ENI) string { return x.ID })
	for _, en := range l.instENIs.items {
		if _, ok := l.enis.byID[en.v.ID]; ok {
			continue
		}
		s.ENIs = append(s.ENIs, en.v)
		record(s, en.v.ID, en.pos, en.refs)
	}
	s.Instances = collect(s, &l.instances, func(x *model.Instance) string { return x.ID })
	s.ElasticIPs = collect(s, &l.eips, func(x *model.ElasticIP) string { return cmpOr(x.AllocationID, x.PublicIP.String()) })
	l.publicIPs(s)

	s.SecurityGroups = collect(s, &l.sgs, func(x *model.SecurityGroup) string { return x.ID })
	l.flatRules(s)

	s.Endpoints = collect(s, &l.endpoints, func(x *model.Endpoint) string { return x.ID })
	s.DHCPOptions = collect(s, &l.dhcp, func(x *model.DHCPOptions) string { return x.ID })
	s.TransitGateways = collect(s, &l.tgws, func(x *model.TransitGateway) string { return x.ID })
	s.TGWAttachments = l.tgwAttachments(s)
	s.TGWRouteTables = collect(s, &l.tgwRTs, func(x *model.TGWRouteTable) string { return x.ID })
	l.tgwTables(s)
	s.Peerings = collect(s, &l.peerings, func(x *model.PeeringConnection) string { return x.ID })
	s.VPNGateways = collect(s, &l.vgws, func(x *model.VPNGateway) string { return x.ID })
	s.ECSTasks = collect(s, &l.tasks, func(x *model.ECSTask) string { return x.ID })
	l.hostedZones(s)

	l.placement(s)
	return s
}

// collect returns the kept objects of t in reading order and records their
// sources.
func collect[T any](s *model.Snapshot, t *table[T], id func(*T) string) []T {
	if len(t.items) == 0 {
		return nil
	}
	out := make([]T, len(t.items))
	for i := range t.items {
		out[i] = t.items[i].v
		record(s, id(&out[i]), t.items[i].pos, t.items[i].refs)
	}
	return out
}

// sourceCount estimates the number of SourceMap entries, to size the map
// once.
func (l *loader) sourceCount() int {
	n := sources(&l.vpcs) + sources(&l.subnets) + sources(&l.rts) + sources(&l.igws) +
		sources(&l.eigws) + sources(&l.nats) + sources(&l.sgs) + sources(&l.acls) +
		sources(&l.enis) + sources(&l.instENIs) + sources(&l.instances) + sources(&l.eips) +
		sources(&l.endpoints) + sources(&l.dhcp) + sources(&l.tgws) + sources(&l.tgwAtts) +
		sources(&l.tgwVPCAtt) + sources(&l.tgwPeer) + sources(&l.tgwRTs) + sources(&l.peerings) +
		sources(&l.vgws) + sources(&l.tasks) + sources(&l.pls)
	return n + 2*len(l.sgRules.items)
}

func sources[T any](t *table[T]) int {
	n := len(t.items)
	for i := range t.items {
		n += len(t.items[i].refs) + len(t.items[i].links)
	}
	return n
}

func record(s *model.Snapshot, id string, pos model.Pos, refs []srcRef) {
	s.Sources[model.FieldRef{ID: id}] = pos
	for _, r := range refs {
		s.Sources[model.FieldRef{ID: id, Field: r.field}] = r.pos
	}
}

func index[T any](xs []T, id func(*T) string) map[string]int {
	m := make(map[string]int, len(xs))
	for i := range xs {
		m[id(&xs[i])] = i
	}
	return m
}

// join applies the links of route tables or network ACLs to subnets: the
// field gets the linking object's id. Two objects linking one subnet is a
// conflict.
func join[T any](l *loader, s *model.Snapshot, field string, items []entry[T], subnetAt map[string]int, slot func(int) *string) {
	for _, en := range items {
		for _, ln := range en.links {
			i, ok := subnetAt[ln.subject]
			if !ok {
				continue // a subnet the export does not describe
			}
			p := slot(i)
			ref := model.FieldRef{ID: ln.subject, Field: field}
			switch {
			case *p == "":
				*p = ln.target
				s.Sources[ref] = ln.pos
			case *p != ln.target:
				l.add(model.Error, CodeConflict, ln.pos, ref, "subnet %q is associated with both %q (%s) and %q",
					ln.subject, *p, where(s.Sources[ref]), ln.target)
			}
		}
	}
}

func (l *loader) vpcAttributes(s *model.Snapshot) {
	at := index(s.VPCs, func(x *model.VPC) string { return x.ID })
	seen := map[string]model.Pos{}
	set := func(a vpcAttr, name string, v *bool, slot *model.OptBool) {
		if v == nil {
			return
		}
		key := a.vpc + "\x00" + name
		if *slot != model.Unset && *slot != model.Of(*v) {
			l.add(model.Error, CodeConflict, a.pos, model.FieldRef{ID: a.vpc, Field: name},
				"vpc %q: %s is given twice with different values; the first is at %s", a.vpc, name, where(seen[key]))
			return
		}
		if *slot == model.Unset {
			*slot = model.Of(*v)
			seen[key] = a.pos
			s.Sources[model.FieldRef{ID: a.vpc, Field: name}] = a.pos
		}
	}
	for _, a := range l.vpcAttrs {
		i, ok := at[a.vpc]
		if !ok {
			l.add(model.Warning, CodeOrphan, a.pos, model.FieldRef{ID: a.vpc},
				"describe-vpc-attribute output for vpc %q, which no describe-vpcs output lists; ignored", a.vpc)
			continue
		}
		set(a, "dns_support", a.dnsSupport, &s.VPCs[i].DNSSupport)
		set(a, "dns_hostnames", a.hostnames, &s.VPCs[i].DNSHostnames)
	}
}

// prefixLists merges the prefix list descriptions with their CIDRs, from
// describe-prefix-lists and get-managed-prefix-list-entries.
func (l *loader) prefixLists(s *model.Snapshot) []model.PrefixList {
	out := collect(s, &l.pls, func(x *model.PrefixList) string { return x.ID })
	at := index(out, func(x *model.PrefixList) string { return x.ID })
	known := map[string]bool{}
	for _, b := range l.plCIDRs {
		if b.list != "" {
			known[b.list] = true
		}
	}
	for _, b := range l.plCIDRs {
		if b.list == "" {
			// Entries without a list id: give them to the only list whose
			// entries are missing, if there is exactly one.
			var cands []string
			for _, p := range out {
				if !known[p.ID] {
					cands = append(cands, p.ID)
				}
			}
			if len(cands) != 1 {
				l.add(model.Warning, CodeMissingID, b.pos, model.FieldRef{},
					"get-managed-prefix-list-entries output without a prefix list id; ignored (add \"PrefixListId\" beside \"Entries\" or name the file pl-….json, see docs/collect.md)")
				continue
			}
			b.list = cands[0]
			known[b.list] = true
			l.add(model.Warning, CodeInferredID, b.pos, model.FieldRef{ID: b.list},
				"get-managed-prefix-list-entries output without a prefix list id: taken to be the entries of %q, the only prefix list without them", b.list)
		}
		i, ok := at[b.list]
		if !ok {
			out = append(out, model.PrefixList{ID: b.list, Region: b.f.region})
			i = len(out) - 1
			at[b.list] = i
			s.Sources[model.FieldRef{ID: b.list}] = b.pos
		}
		p := &out[i]
		p.EntriesKnown = true
		for _, c := range b.cidrs {
			if !slices.Contains(p.CIDRs, c) {
				p.CIDRs = append(p.CIDRs, c)
			}
		}
	}
	for i, en := range l.pls.items {
		if out[i].Region == "" {
			out[i].Region = en.f.region
		}
		if out[i].Account == "" && out[i].Owner != "AWS" {
			out[i].Account = en.f.account
		}
	}
	return out
}

// publicIPs gives an interface the Elastic IP describe-addresses associates
// with its primary address when describe-network-interfaces shows none.
func (l *loader) publicIPs(s *model.Snapshot) {
	at := index(s.ENIs, func(x *model.ENI) string { return x.ID })
	for _, a := range s.ElasticIPs {
		i, ok := at[a.ENI]
		if !ok || !a.PublicIP.IsValid() {
			continue
		}
		e := &s.ENIs[i]
		if !e.PublicIP.IsValid() && (!a.PrivateIP.IsValid() || a.PrivateIP == e.PrivateIP) {
			e.PublicIP = a.PublicIP
		}
	}
}

// flatRules merges describe-security-group-rules output. A group that
// describe-security-groups also lists keeps the rules from there (the two
// commands print the same rules in two shapes, so adding both would double
// them); when the two disagree a warning says so. A group only the flat
// rules name is built from them.
func (l *loader) flatRules(s *model.Snapshot) {
	at := index(s.SecurityGroups, func(x *model.SecurityGroup) string { return x.ID })
	fromFlat := map[string][2][]model.SGRule{}
	var order []string
	vpcOf := func(group string) string {
		if i, ok := at[group]; ok {
			return s.SecurityGroups[i].VPC
		}
		for _, e := range s.ENIs {
			if slices.Contains(e.SecurityGroups, group) {
				return e.VPC
			}
		}
		return ""
	}
	for _, en := range l.sgRules.items {
		r := en.v
		if r.Rule.GroupVPC != "" && r.Rule.GroupVPC == vpcOf(r.Group) {
			r.Rule.GroupVPC = "" // a group of the same VPC, as describe-security-groups writes it
		}
		i, described := at[r.Group]
		if described && i < len(l.sgs.items) {
			rules := fromFlat[r.Group]
			if r.Egress {
				rules[1] = append(rules[1], r.Rule)
			} else {
				rules[0] = append(rules[0], r.Rule)
			}
			if _, seen := fromFlat[r.Group]; !seen {
				order = append(order, r.Group)
			}
			fromFlat[r.Group] = rules
			continue
		}
		if !described {
			s.SecurityGroups = append(s.SecurityGroups, model.SecurityGroup{ID: r.Group, VPC: vpcOf(r.Group), Account: r.Account})
			i = len(s.SecurityGroups) - 1
			at[r.Group] = i
			s.Sources[model.FieldRef{ID: r.Group}] = en.pos
		}
		g := &s.SecurityGroups[i]
		dir, rules := "ingress", &g.Ingress
		if r.Egress {
			dir, rules = "egress", &g.Egress
		}
		f := fmt.Sprintf("%s[%d]", dir, len(*rules))
		*rules = append(*rules, r.Rule)
		s.Sources[model.FieldRef{ID: r.Group, Field: f}] = en.pos // and its peer field's: Lookup walks up
	}
	for _, id := range order {
		g := s.SecurityGroups[at[id]]
		flat := fromFlat[id]
		if !sameRules(g.Ingress, flat[0]) || !sameRules(g.Egress, flat[1]) {
			l.add(model.Warning, CodeRulesDiffer, s.Sources[model.FieldRef{ID: id}], model.FieldRef{ID: id},
				"security group %q: describe-security-group-rules and describe-security-groups list different rules (exported at different times?); using describe-security-groups", id)
		}
	}
}

// sameRules compares two rule lists as multisets, ignoring descriptions.
func sameRules(a, b []model.SGRule) bool {
	if len(a) != len(b) {
		return false
	}
	count := map[model.SGRule]int{}
	for _, r := range a {
		r.Description = ""
		count[r]++
	}
	for _, r := range b {
		r.Description = ""
		if count[r] == 0 {
			return false
		}
		count[r]--
	}
	return true
}

// tgwAttachments merges the generic, VPC and peering attachment shapes:
// describe-transit-gateway-attachments gives the association and the
// owner, the VPC shape the subnets and options.
func (l *loader) tgwAttachments(s *model.Snapshot) []model.TGWAttachment {
	var out []model.TGWAttachment
	at := map[string]int{}
	key := func(x *model.TGWAttachment) string {
		if isPeering(x.ResourceType) {
			return x.ID + "\x00" + x.TransitGateway
		}
		return x.ID
	}
	merge := func(t *table[model.TGWAttachment]) {
		for _, en := range t.items {
			x := en.v
			i, ok := at[key(&x)]
			if !ok {
				out = append(out, x)
				at[key(&x)] = len(out) - 1
				if _, seen := s.Sources[model.FieldRef{ID: x.ID}]; !seen {
					record(s, x.ID, en.pos, en.refs)
				}
				continue
			}
			o := &out[i]
			o.TransitGateway = cmpOr(o.TransitGateway, x.TransitGateway)
			o.ResourceType = cmpOr(o.ResourceType, x.ResourceType)
			o.ResourceID = cmpOr(o.ResourceID, x.ResourceID)
			o.Account = cmpOr(o.Account, x.Account)
			o.State = cmpOr(o.State, x.State)
			o.RouteTable = cmpOr(o.RouteTable, x.RouteTable)
			if o.Subnets == nil {
				o.Subnets = x.Subnets
			}
			o.ApplianceMode = o.ApplianceMode || x.ApplianceMode
			o.SGReferencing = o.SGReferencing || x.SGReferencing
			o.DNSSupport = o.DNSSupport || x.DNSSupport
			for _, r := range en.refs {
				ref := model.FieldRef{ID: x.ID, Field: r.field}
				if _, ok := s.Sources[ref]; !ok {
					s.Sources[ref] = r.pos
				}
			}
		}
	}
	merge(&l.tgwAtts)
	merge(&l.tgwVPCAtt)
	merge(&l.tgwPeer)

	// get-transit-gateway-route-table-associations.
	tgwOf := map[string]string{}
	for _, en := range l.tgwRTs.items {
		tgwOf[en.v.ID] = en.v.TransitGateway
	}
	for _, b := range l.tgwLinks {
		if b.propagation {
			continue
		}
		table := l.tableFor(b.table, b.at, "get-transit-gateway-route-table-associations")
		if table == "" {
			continue
		}
		for j, ln := range b.links {
			if ln.TransitGatewayAttachmentID == "" || !isAssociated(ln.State) {
				continue
			}
			i, ok := at[ln.TransitGatewayAttachmentID+"\x00"+tgwOf[table]]
			if !ok {
				i, ok = at[ln.TransitGatewayAttachmentID]
			}
			if !ok {
				out = append(out, model.TGWAttachment{ID: ln.TransitGatewayAttachmentID, ResourceType: ln.ResourceType, ResourceID: ln.ResourceID})
				i = len(out) - 1
				at[ln.TransitGatewayAttachmentID] = i
				s.Sources[model.FieldRef{ID: ln.TransitGatewayAttachmentID}] = b.pos[j]
			}
			o := &out[i]
			ref := model.FieldRef{ID: o.ID, Field: "route_table"}
			switch {
			case o.RouteTable == "":
				o.RouteTable = table
				s.Sources[ref] = b.pos[j]
			case o.RouteTable != table:
				l.add(model.Error, CodeConflict, b.pos[j], ref, "transit gateway attachment %q is associated with both %q (%s) and %q",
					o.ID, o.RouteTable, where(s.Sources[ref]), table)
			}
		}
	}
	return out
}

// tableFor resolves the transit gateway route table a list belongs to:
// the id found beside it or in its path, else the only table of the
// snapshot (with a warning), else none (with a warning).
func (l *loader) tableFor(id string, pos model.Pos, what string) string {
	if id != "" {
		return id
	}
	if len(l.tgwRTs.items) == 1 {
		id = l.tgwRTs.items[0].v.ID
		l.add(model.Warning, CodeInferredID, pos, model.FieldRef{ID: id},
			"%s output without a transit gateway route table id: taken to be %q, the only table in the snapshot", what, id)
		return id
	}
	l.add(model.Warning, CodeMissingID, pos, model.FieldRef{},
		"%s output without a transit gateway route table id; ignored (add \"TransitGatewayRouteTableId\" beside the list or name the file tgw-rtb-….json, see docs/collect.md)", what)
	return ""
}

// tgwTables adds routes and propagations to transit gateway route tables.
func (l *loader) tgwTables(s *model.Snapshot) {
	at := index(s.TGWRouteTables, func(x *model.TGWRouteTable) string { return x.ID })
	tableAt := func(id string, pos model.Pos) *model.TGWRouteTable {
		i, ok := at[id]
		if !ok {
			s.TGWRouteTables = append(s.TGWRouteTables, model.TGWRouteTable{ID: id})
			i = len(s.TGWRouteTables) - 1
			at[id] = i
			s.Sources[model.FieldRef{ID: id}] = pos
		}
		return &s.TGWRouteTables[i]
	}
	type routeKey struct {
		table, dest, pl string
	}
	seen := map[routeKey]model.Pos{}
	for _, b := range l.tgwRoutes {
		id := l.tableFor(b.table, b.at, "search-transit-gateway-routes")
		if id == "" {
			continue
		}
		t := tableAt(id, b.at)
		if b.full {
			t.RoutesKnown = true
		}
		for j, r := range b.routes {
			k := routeKey{id, r.Destination.String(), r.PrefixList}
			if prev, dup := seen[k]; dup {
				i := slices.IndexFunc(t.Routes, func(x model.TGWRoute) bool {
					return x.Destination == r.Destination && x.PrefixList == r.PrefixList
				})
				if i >= 0 && !deepEqual(t.Routes[i], r) {
					l.add(model.Error, CodeConflict, b.pos[j], model.FieldRef{ID: id},
						"transit gateway route table %q: the route to %s is described twice with different content; the first is at %s",
						id, cmpOr(r.PrefixList, r.Destination.String()), where(prev))
				}
				continue
			}
			seen[k] = b.pos[j]
			s.Sources[model.FieldRef{ID: id, Field: fmt.Sprintf("routes[%d]", len(t.Routes))}] = b.pos[j]
			t.Routes = append(t.Routes, r)
		}
	}
	for _, b := range l.tgwLinks {
		if !b.propagation {
			continue
		}
		id := l.tableFor(b.table, b.at, "get-transit-gateway-route-table-propagations")
		if id == "" {
			continue
		}
		t := tableAt(id, b.at)
		for j, ln := range b.links {
			if ln.TransitGatewayAttachmentID == "" || !strings.EqualFold(ln.State, "enabled") && ln.State != "" {
				continue
			}
			if !slices.Contains(t.Propagations, ln.TransitGatewayAttachmentID) {
				s.Sources[model.FieldRef{ID: id, Field: fmt.Sprintf("propagations[%d]", len(t.Propagations))}] = b.pos[j]
				t.Propagations = append(t.Propagations, ln.TransitGatewayAttachmentID)
			}
		}
	}
}

// placement fills accounts and Regions that only other objects imply, and
// the snapshot's own Region and account when the whole export has one.
func (l *loader) placement(s *model.Snapshot) {
	vpcAt := index(s.VPCs, func(x *model.VPC) string { return x.ID })
	subnetRegion := map[string]string{}
	for _, sn := range s.Subnets {
		if r := regionOfAZ(sn.AZ); r != "" && subnetRegion[sn.VPC] == "" {
			subnetRegion[sn.VPC] = r
		}
	}
	regions := map[string]bool{}
	accounts := map[string]bool{}
	for _, f := range l.files {
		if f.region != "" {
			regions[f.region] = true
		}
		if f.account != "" {
			accounts[f.account] = true
		}
	}
	region := ""
	if len(regions) == 1 {
		for r := range regions {
			region = r
		}
	}
	for i := range s.VPCs {
		v := &s.VPCs[i]
		v.Region = cmpOr(v.Region, cmpOr(subnetRegion[v.ID], region))
		if v.Region != "" {
			regions[v.Region] = true
		}
		if v.Account != "" {
			accounts[v.Account] = true
		}
	}
	for i := range s.NATGateways {
		n := &s.NATGateways[i]
		if j, ok := vpcAt[n.VPC]; ok && n.Account == "" {
			n.Account = s.VPCs[j].Account
		}
	}
	for i := range s.PrefixLists {
		if s.PrefixLists[i].Region == "" {
			s.PrefixLists[i].Region = region
		}
	}
	for _, x := range s.Subnets {
		if x.Account != "" {
			accounts[x.Account] = true
		}
	}
	for _, x := range s.ENIs {
		if x.Account != "" {
			accounts[x.Account] = true
		}
	}
	if len(regions) == 1 {
		for r := range regions {
			s.Region = r
		}
	}
	if len(accounts) == 1 {
		for a := range accounts {
			s.Account = a
		}
	}
}
