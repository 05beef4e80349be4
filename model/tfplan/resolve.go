package tfplan

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/cshsim/cshsim/internal/jsonpos"
	"github.com/cshsim/cshsim/model"
)

// reader holds one plan while it is read.
type reader struct {
	name    string
	loc     *locator
	diags   model.Diagnostics
	snap    *model.Snapshot
	version string

	planned *valuesRepr
	changes []resourceChange
	prior   *stateRepr
	config  *configRepr
	vars    map[string]json.RawMessage

	insts   []*instance            // managed and data instances, in plan order
	byAddr  map[string]*instance   // canonical address → instance
	byRes   map[string][]*instance // modPath|local name → instances, sorted by key
	mods    map[string][]modStep   // every module instance path seen
	cfgMods map[string]*moduleCfg  // config path → module configuration
	cfgJSON map[string]string      // config path → JSON path of that configuration
	cfgRes  map[string]*resourceCfg
	cfgResJ map[string]string

	b *builder // the objects being built

	// Memos of what module outputs, input variables and attributes of other
	// resources resolve to: each is followed once, which also stops
	// references that go round in a circle.
	memo     map[string]*memoLeaves
	attrMemo map[string]*memoAttr
	// noConfig lists the attributes that a plan without a configuration
	// leaves unresolved.
	noConfig []string
}

type memoLeaves struct {
	leaves []leaf
	notes  []string
	done   bool
}

type memoAttr struct {
	x    resolved
	done bool
}

// instance is one resource instance of the plan (managed or data).
type instance struct {
	addr     string // as Terraform printed it
	ra       resAddr
	mod      string // canonical module instance path
	cfgMod   string // configuration path of the module
	resKey   string // mod|local name: the instances of one resource share it
	typ      string
	data     bool
	values   json.RawMessage
	unknown  any    // after_unknown; nil when none
	noChange bool   // no resource_changes entry: unknown-ness is not stated
	path     string // JSON path of the entry
	valPath  string // JSON path of its values
	chPath   string // JSON path of the resource_changes entry, "" when none
	cfg      *resourceCfg
	cfgPath  string
	id       string
	idKnown  bool
	warned   bool // an unknown data source id was reported
	// adoptedVPC is the VPC whose default object an aws_default_* resource
	// manages.
	adoptedVPC string
	noCfg      bool // the missing configuration was reported
}

// pos returns the position of the instance's entry, or of one of its
// attributes (attr "" for the entry itself).
func (r *reader) pos(in *instance, attr string) model.Pos {
	if attr == "" {
		return r.loc.at(in.path, in.addr)
	}
	return r.loc.at(in.valPath+"."+attr, in.addr+"."+attr)
}

// unknownPos returns the position where the plan says attr is unknown.
func (r *reader) unknownPos(in *instance, attr string) model.Pos {
	if in.chPath != "" {
		return r.loc.at(in.chPath+".change.after_unknown."+attr, in.addr+"."+attr)
	}
	return r.pos(in, attr)
}

// collect gathers every resource instance from planned_values (or, for a
// plan without them, from resource_changes), the data sources of
// prior_state, and the configuration.
func (r *reader) collect() {
	r.byAddr = map[string]*instance{}
	r.byRes = map[string][]*instance{}
	r.mods = map[string][]modStep{"": nil}
	changeOf := map[string]int{}
	for i, c := range r.changes {
		if c.Deposed != "" {
			continue
		}
		if a, ok := parseResAddr(c.Address); ok {
			ca := canonical(a)
			if j, dup := changeOf[ca]; dup {
				r.duplicate(c.Address, fmt.Sprintf("resource_changes[%d]", j), fmt.Sprintf("resource_changes[%d]", i))
				continue
			}
			changeOf[ca] = i
		}
	}
	// firstAt is where each address was first met in the section being
	// walked. One address in two sections is no error: a data source read
	// during planning is in both planned_values and prior_state.
	var firstAt map[string]string
	add := func(rv resourceValues, path, valPath string) {
		a, ok := parseResAddr(rv.Address)
		if !ok {
			if rv.Address != "" || rv.Type != "" {
				r.errorf(CodeBadValue, r.loc.at(path+".address", path+".address"), "resource address %q does not parse", rv.Address)
			}
			return
		}
		ca := canonical(a)
		if first, dup := firstAt[ca]; dup {
			if !strings.HasPrefix(path, "resource_changes[") { // reported above
				r.duplicate(rv.Address, first, path)
			}
			return
		}
		firstAt[ca] = path
		if prev := r.byAddr[ca]; prev != nil {
			if len(prev.values) == 0 || string(prev.values) == "null" {
				prev.values = rv.Values
			}
			return
		}
		in := &instance{addr: rv.Address, ra: a, mod: modPath(a.mod), cfgMod: cfgPath(a.mod), typ: a.typ, data: a.data, values: rv.Values, path: path, valPath: valPath, noChange: true}
		in.resKey = in.mod + "|" + a.local()
		if i, ok := changeOf[ca]; ok {
			c := r.changes[i]
			in.noChange = false
			in.chPath = fmt.Sprintf("resource_changes[%d]", i)
			if len(c.Change.AfterUnknown) > 0 {
				_ = json.Unmarshal(c.Change.AfterUnknown, &in.unknown)
			}
		}
		r.insts = append(r.insts, in)
		r.byAddr[ca] = in
		r.byRes[in.resKey] = append(r.byRes[in.resKey], in)
		for j := 0; j <= len(a.mod); j++ {
			r.mods[modPath(a.mod[:j])] = a.mod[:j]
		}
	}
	var walk func(m *moduleValues, path string)
	walk = func(m *moduleValues, path string) {
		for i, rv := range m.Resources {
			p := fmt.Sprintf("%s.resources[%d]", path, i)
			add(rv, p, p+".values")
		}
		for i := range m.ChildModules {
			walk(&m.ChildModules[i], fmt.Sprintf("%s.child_modules[%d]", path, i))
		}
	}
	firstAt = map[string]string{}
	if r.planned != nil && (len(r.planned.RootModule.Resources) > 0 || len(r.planned.RootModule.ChildModules) > 0) {
		walk(&r.planned.RootModule, "planned_values.root_module")
	} else {
		// No planned values: take what each change leaves behind.
		for i, c := range r.changes {
			if c.Deposed != "" || len(c.Change.Actions) == 0 || (slices.Contains(c.Change.Actions, "delete") && !slices.Contains(c.Change.Actions, "create")) || slices.Contains(c.Change.Actions, "forget") {
				continue
			}
			p := fmt.Sprintf("resource_changes[%d]", i)
			add(resourceValues{Address: c.Address, Mode: c.Mode, Type: c.Type, Name: c.Name, Index: c.Index, Values: c.Change.After}, p, p+".change.after")
		}
	}
	// Data sources read during planning live in prior_state.
	if r.prior != nil && r.prior.Values != nil {
		var walkData func(m *moduleValues, path string)
		walkData = func(m *moduleValues, path string) {
			for i, rv := range m.Resources {
				if rv.Mode == "data" {
					p := fmt.Sprintf("%s.resources[%d]", path, i)
					add(rv, p, p+".values")
				}
			}
			for i := range m.ChildModules {
				walkData(&m.ChildModules[i], fmt.Sprintf("%s.child_modules[%d]", path, i))
			}
		}
		firstAt = map[string]string{}
		walkData(&r.prior.Values.RootModule, "prior_state.values.root_module")
	}
	for _, list := range r.byRes {
		sort.SliceStable(list, func(i, j int) bool { return list[i].ra.key.less(list[j].ra.key) })
	}
	// Ids: the planned id when known, else the address.
	for _, in := range r.insts {
		var v struct {
			ID json.RawMessage `json:"id"`
		}
		_ = json.Unmarshal(in.values, &v)
		var id string
		if json.Unmarshal(v.ID, &id) == nil && id != "" {
			in.id, in.idKnown = id, true
		} else {
			in.id = in.addr
		}
	}
	r.indexConfig()
	for _, in := range r.insts {
		k := in.cfgMod + "|" + in.ra.local()
		in.cfg, in.cfgPath = r.cfgRes[k], r.cfgResJ[k]
	}
}

// canonical renders a resource instance address canonically, for lookups.
func canonical(a resAddr) string {
	s := modPath(a.mod)
	if s != "" {
		s += "."
	}
	return s + a.local() + a.key.String()
}

func (r *reader) indexConfig() {
	r.cfgMods = map[string]*moduleCfg{}
	r.cfgJSON = map[string]string{}
	r.cfgRes = map[string]*resourceCfg{}
	r.cfgResJ = map[string]string{}
	if r.config == nil {
		return
	}
	var walk func(m *moduleCfg, cfg, path string, depth int)
	walk = func(m *moduleCfg, cfg, path string, depth int) {
		if depth > 64 {
			return
		}
		r.cfgMods[cfg] = m
		r.cfgJSON[cfg] = path
		for i := range m.Resources {
			rc := &m.Resources[i]
			local := rc.Type + "." + rc.Name
			if rc.Mode == "data" {
				local = "data." + local
			}
			k := cfg + "|" + local
			if _, dup := r.cfgRes[k]; !dup {
				r.cfgRes[k] = rc
				r.cfgResJ[k] = fmt.Sprintf("%s.resources[%d]", path, i)
			}
		}
		for _, name := range sortedKeys(m.ModuleCalls) {
			call := m.ModuleCalls[name]
			child := name
			if cfg != "" {
				child = cfg + "." + name
			}
			walk(&call.Module, child, path+".module_calls."+name+".module", depth+1)
		}
	}
	walk(&r.config.RootModule, "", "configuration.root_module", 0)
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// unknownAt reports whether the value at path (keys and indexes) of
// after_unknown is unknown: true there or at one of its parents.
func unknownAt(u any, path ...any) bool {
	for _, p := range path {
		switch v := u.(type) {
		case bool:
			return v
		case map[string]any:
			k, ok := p.(string)
			if !ok {
				return false
			}
			u = v[k]
		case []any:
			i, ok := p.(int)
			if !ok || i < 0 || i >= len(v) {
				return false
			}
			u = v[i]
		default:
			return false
		}
	}
	return anyTrue(u)
}

// anyTrue reports whether u, a piece of after_unknown, marks anything
// unknown.
func anyTrue(u any) bool {
	switch v := u.(type) {
	case bool:
		return v
	case map[string]any:
		for _, x := range v {
			if anyTrue(x) {
				return true
			}
		}
	case []any:
		for _, x := range v {
			if anyTrue(x) {
				return true
			}
		}
	}
	return false
}

// exprAt finds the expression that sets the attribute at path (attribute
// names; nested blocks are searched in every element). It returns the
// references found, the JSON path of the (first) expression, and whether
// the configuration sets the attribute at all. An attribute written in the
// attributes-as-blocks syntax (route, ingress, egress) has one expression
// for all its blocks: its references are returned for any field below it.
func (r *reader) exprAt(in *instance, path ...string) (refs []string, jpath string, found bool) {
	if in.cfg == nil || len(path) == 0 {
		return nil, "", false
	}
	raw, ok := in.cfg.Expressions[path[0]]
	if !ok {
		return nil, "", false
	}
	var visit func(b []byte, p string, rest []string, depth int)
	visit = func(b []byte, p string, rest []string, depth int) {
		i := jsonpos.SkipWS(b, 0)
		if i >= len(b) || depth > 16 {
			return
		}
		switch b[i] {
		case '[':
			jsonpos.EachElement(b, i, func(j int, sp jsonpos.Span) bool {
				visit(b[sp.Start:sp.End], fmt.Sprintf("%s[%d]", p, j), rest, depth+1)
				return true
			})
		case '{':
			if isExprRepr(b, i) || len(rest) == 0 {
				var e expr
				_ = json.Unmarshal(b, &e)
				refs = append(refs, e.References...)
				if !found {
					jpath = p
				}
				found = true
				return
			}
			jsonpos.EachMember(b, i, nil, func(sp jsonpos.Span) bool {
				if sp.KeyIs(b, rest[0]) {
					visit(b[sp.Start:sp.End], p+"."+rest[0], rest[1:], depth+1)
				}
				return true
			})
		}
	}
	visit(raw, in.cfgPath+".expressions."+path[0], path[1:], 0)
	return refs, jpath, found
}

// isExprRepr reports whether the object at b[i] is an expression
// representation (only constant_value and references members) rather than
// a nested block.
func isExprRepr(b []byte, i int) bool {
	only := true
	jsonpos.EachMember(b, i, nil, func(sp jsonpos.Span) bool {
		only = sp.KeyIs(b, "constant_value") || sp.KeyIs(b, "references")
		return only
	})
	return only
}

// duplicate reports the resource address addr, met at the JSON path first
// (an object of planned_values, resource_changes or prior_state) and again
// at again: Terraform writes each instance once, so the plan is damaged.
func (r *reader) duplicate(addr, first, again string) {
	f := r.loc.at(first+".address", "")
	r.errorf(CodeDuplicateID, r.loc.at(again+".address", again+".address"),
		"resource address %q appears twice; the first one, at %s, is read", addr, model.Pos{File: f.File, Line: f.Line, Col: f.Col})
}

// leaf is what a reference finally names: a resource instance (and the
// attribute read from it) or a literal value from a variable or a constant.
type leaf struct {
	in    *instance
	attr  string
	lit   string
	group string // set when the leaf is one of several instances of a resource named without a key
	via   string // the reference that led here, for messages
}

// ctx is where an expression is evaluated: a module instance and the
// instance key of the resource (or module call) that holds it.
type ctx struct {
	mod []modStep
	key key
}

// resolver follows references for one attribute.
type resolver struct {
	r     *reader
	depth int
	notes []string // why references led nowhere
}

// memoized returns what f gives for key k, computing it once per plan.
func (v *resolver) memoized(k string, f func() []leaf) []leaf {
	r := v.r
	if r.memo == nil {
		r.memo = map[string]*memoLeaves{}
	}
	if e, ok := r.memo[k]; ok {
		if !e.done {
			v.notes = append(v.notes, "the references go round in a circle")
			return nil
		}
		v.notes = append(v.notes, e.notes...)
		return e.leaves
	}
	e := &memoLeaves{}
	r.memo[k] = e
	saved := v.notes
	v.notes = nil
	ls := f()
	e.leaves, e.notes, e.done = ls, v.notes, true
	v.notes = append(saved, v.notes...)
	return ls
}

// leaves follows the references of one expression in c.
func (v *resolver) leaves(refs []string, c ctx) []leaf {
	v.depth++
	defer func() { v.depth-- }()
	if v.depth > 24 {
		v.notes = append(v.notes, "references nest too deeply")
		return nil
	}
	rs, iter, bad := maximal(refs)
	for _, b := range bad {
		v.notes = append(v.notes, fmt.Sprintf("%q does not parse", b))
	}
	var out []leaf
	for _, rf := range rs {
		out = append(out, v.follow(rf, c)...)
	}
	if iter && c.key.set {
		out = v.selectIter(out, c.key)
	}
	return out
}

// follow resolves one reference in c.
func (v *resolver) follow(rf ref, c ctx) []leaf {
	r := v.r
	switch rf.kind {
	case refResource:
		mp := modPath(c.mod)
		list := r.byRes[mp+"|"+rf.local()]
		if len(list) == 0 {
			v.notes = append(v.notes, fmt.Sprintf("%s names no resource instance of the plan", rf.text))
			return nil
		}
		if rf.key.set && !rf.key.splat {
			for _, in := range list {
				if in.ra.key == rf.key {
					return []leaf{{in: in, attr: rf.attr, via: rf.text}}
				}
			}
			v.notes = append(v.notes, fmt.Sprintf("%s names no instance of %s", rf.text, rf.local()))
			return nil
		}
		var out []leaf
		for _, in := range list {
			l := leaf{in: in, attr: rf.attr, via: rf.text}
			if len(list) > 1 || in.ra.key.set {
				l.group = in.resKey
			}
			out = append(out, l)
		}
		return out
	case refModule:
		return v.output(rf, c)
	case refVar:
		return v.variable(rf, c)
	}
	v.notes = append(v.notes, fmt.Sprintf("%s cannot be followed (the plan does not record locals)", rf.text))
	return nil
}

// output follows module.<call>[key].<output> into the called module.
func (v *resolver) output(rf ref, c ctx) []leaf {
	r := v.r
	parentCfg := cfgPath(c.mod)
	childCfg := rf.call
	if parentCfg != "" {
		childCfg = parentCfg + "." + rf.call
	}
	m := r.cfgMods[childCfg]
	if m == nil || rf.output == "" {
		v.notes = append(v.notes, fmt.Sprintf("%s: the configuration has no module %q", rf.text, childCfg))
		return nil
	}
	out, ok := m.Outputs[rf.output]
	if !ok {
		v.notes = append(v.notes, fmt.Sprintf("%s: module %q has no output %q", rf.text, childCfg, rf.output))
		return nil
	}
	// The module instances the reference names.
	var insts [][]modStep
	if rf.callKey.set && !rf.callKey.splat {
		insts = append(insts, append(slices.Clone(c.mod), modStep{rf.call, rf.callKey}))
	} else {
		prefix := len(c.mod)
		for _, p := range sortedKeys(r.mods) {
			ms := r.mods[p]
			if len(ms) == prefix+1 && ms[prefix].name == rf.call && modPath(ms[:prefix]) == modPath(c.mod) {
				insts = append(insts, ms)
			}
		}
		if len(insts) == 0 {
			insts = append(insts, append(slices.Clone(c.mod), modStep{name: rf.call}))
		}
	}
	var leaves []leaf
	for _, mi := range insts {
		leaves = append(leaves, v.memoized(modPath(mi)+"#output."+rf.output, func() []leaf {
			return v.fromExpr(out.Expression, ctx{mod: mi})
		})...)
	}
	return leaves
}

// variable follows var.<name> to the module call that sets it, or to the
// plan's root variables.
func (v *resolver) variable(rf ref, c ctx) []leaf {
	r := v.r
	if len(c.mod) == 0 {
		raw, ok := r.vars[rf.name]
		if !ok {
			v.notes = append(v.notes, fmt.Sprintf("%s has no value in the plan", rf.text))
			return nil
		}
		return literals(raw, rf.text)
	}
	parent := c.mod[:len(c.mod)-1]
	call := c.mod[len(c.mod)-1]
	pm := r.cfgMods[cfgPath(parent)]
	var mc moduleCall
	if pm != nil {
		mc = pm.ModuleCalls[call.name]
	}
	if raw, ok := mc.Expressions[rf.name]; ok {
		var e expr
		_ = json.Unmarshal(raw, &e)
		return v.memoized(modPath(c.mod)+"#var."+rf.name, func() []leaf {
			return v.fromExpr(e, ctx{mod: parent, key: call.key})
		})
	}
	if m := r.cfgMods[cfgPath(c.mod)]; m != nil {
		if vc, ok := m.Variables[rf.name]; ok && len(vc.Default) > 0 {
			return literals(vc.Default, rf.text)
		}
	}
	v.notes = append(v.notes, fmt.Sprintf("%s is not set by the call of module %q", rf.text, call.name))
	return nil
}

// fromExpr resolves an expression: its references, else its constant.
func (v *resolver) fromExpr(e expr, c ctx) []leaf {
	if len(e.References) > 0 {
		return v.leaves(e.References, c)
	}
	return literals(e.ConstantValue, "a constant")
}

// literals turns a constant (a string or a list of strings) into leaves.
func literals(raw json.RawMessage, via string) []leaf {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		if s == "" {
			return nil
		}
		return []leaf{{lit: s, via: via}}
	}
	var list []json.RawMessage
	if json.Unmarshal(raw, &list) == nil {
		var out []leaf
		for _, x := range list {
			if json.Unmarshal(x, &s) == nil && s != "" {
				out = append(out, leaf{lit: s, via: via})
			}
		}
		return out
	}
	return nil
}

// selectIter keeps, of each group of instances, the one whose key is k
// (count.index and each.key pair instance i with instance i). Where no
// instance has that key and the keys are numbers, element()'s wrap-around
// picks k mod n, with a note.
func (v *resolver) selectIter(ls []leaf, k key) []leaf {
	groups := map[string][]int{}
	var order []string
	var out []leaf
	for i, l := range ls {
		if l.group == "" {
			out = append(out, l)
			continue
		}
		if _, ok := groups[l.group]; !ok {
			order = append(order, l.group)
		}
		groups[l.group] = append(groups[l.group], i)
	}
	for _, g := range order {
		idx := groups[g]
		picked := -1
		for _, i := range idx {
			if ls[i].in.ra.key == k {
				picked = i
			}
		}
		if picked < 0 && k.isNum && len(idx) > 0 {
			allNum := true
			for _, i := range idx {
				allNum = allNum && ls[i].in.ra.key.isNum
			}
			if allNum {
				picked = idx[((k.num%len(idx))+len(idx))%len(idx)]
				v.notes = append(v.notes, fmt.Sprintf("no instance %s of %s; took %s, as element() wraps around", k, strings.TrimPrefix(g[strings.IndexByte(g, '|')+1:], "|"), ls[picked].in.addr))
			}
		}
		if picked < 0 {
			for _, i := range idx {
				l := ls[i]
				out = append(out, l)
			}
			v.notes = append(v.notes, fmt.Sprintf("no instance %s of %s to pair with", k, g[strings.IndexByte(g, '|')+1:]))
			continue
		}
		l := ls[picked]
		l.group = ""
		out = append(out, l)
	}
	return out
}

// kindOfType maps a resource type to the kind of object it becomes.
var kindOfType = map[string]model.Kind{
	"aws_vpc":                                model.KindVPC,
	"aws_subnet":                             model.KindSubnet,
	"aws_route_table":                        model.KindRouteTable,
	"aws_default_route_table":                model.KindRouteTable,
	"aws_internet_gateway":                   model.KindInternetGateway,
	"aws_egress_only_internet_gateway":       model.KindEgressOnlyIGW,
	"aws_nat_gateway":                        model.KindNATGateway,
	"aws_security_group":                     model.KindSecurityGroup,
	"aws_default_security_group":             model.KindSecurityGroup,
	"aws_network_acl":                        model.KindNetworkACL,
	"aws_default_network_acl":                model.KindNetworkACL,
	"aws_ec2_managed_prefix_list":            model.KindPrefixList,
	"aws_prefix_list":                        model.KindPrefixList, // data source
	"aws_network_interface":                  model.KindENI,
	"aws_instance":                           model.KindInstance,
	"aws_eip":                                model.KindElasticIP,
	"aws_vpc_endpoint":                       model.KindEndpoint,
	"aws_vpc_dhcp_options":                   model.KindDHCPOptions,
	"aws_ec2_transit_gateway":                model.KindTransitGateway,
	"aws_ec2_transit_gateway_vpc_attachment": model.KindTGWAttachment,
	"aws_ec2_transit_gateway_route_table":    model.KindTGWRouteTable,
	"aws_vpc_peering_connection":             model.KindPeering,
	"aws_vpc_peering_connection_accepter":    model.KindPeering,
	"aws_vpn_gateway":                        model.KindVPNGateway,
	"aws_ecs_service":                        model.KindECSTask,
}

// kindOfID guesses the kind of an AWS id from its prefix
// (model.KindOfID), "" when it has no known form.
func kindOfID(id string) model.Kind {
	k, _ := model.KindOfID(id)
	return k
}

// want says what an attribute accepts.
type want struct {
	kinds []model.Kind
	quiet bool // a reference that leads nowhere is not an error
}

func kinds(ks ...model.Kind) want { return want{kinds: ks} }

func (w want) accepts(k model.Kind) bool {
	return len(w.kinds) == 0 || slices.Contains(w.kinds, k)
}

// resolved is one id an attribute resolves to.
type resolved struct {
	id   string
	kind model.Kind
}

// resolveIDs resolves the ids an attribute of in names when the plan does
// not know them: the references of its configuration expression are
// followed to resource instances (through module outputs and input
// variables), whose ids are their planned ids or their addresses. The
// attribute is a path: "vpc_id", or "route", "gateway_id" for a field of
// a nested block. ok is false when the configuration does not set the
// attribute (it is computed by AWS).
func (r *reader) resolveIDs(in *instance, w want, path ...string) (ids []resolved, ok bool) {
	refs, jpath, found := r.exprAt(in, path...)
	attr := strings.Join(path, ".")
	if !found {
		if r.config == nil && !in.data && !w.quiet {
			r.noConfig = append(r.noConfig, in.addr+"."+attr)
		}
		if in.cfg == nil && r.config != nil && !in.data && !in.noCfg {
			in.noCfg = true
			r.errorf(CodeUnresolvedRef, r.unknownPos(in, path[0]), "known only after apply, and the configuration has no resource %s to follow", in.ra.local())
		}
		return nil, false
	}
	v := &resolver{r: r}
	ls := v.leaves(refs, ctx{mod: in.ra.mod, key: in.ra.key})
	var out []resolved
	var fromInst []bool
	var dropped []string
	for _, l := range ls {
		id, k, ok := r.idOf(l)
		if !ok || id == "" {
			continue
		}
		if !w.accepts(k) && !(l.in == nil && k == "") {
			dropped = append(dropped, id)
			continue
		}
		out = append(out, resolved{id, k})
		fromInst = append(fromInst, l.in != nil)
	}
	if slices.Contains(fromInst, true) {
		// The value is unknown, so it comes from an instance, not from a
		// literal of the same expression (var.vpc_id != "" ? var.vpc_id : aws_vpc.this[0].id).
		var keep []resolved
		for i, x := range out {
			if fromInst[i] {
				keep = append(keep, x)
			}
		}
		out = keep
	}
	out = dedupe(out)
	if len(out) == 0 {
		if w.quiet {
			return nil, true
		}
		why := strings.Join(v.notes, "; ")
		if why == "" && len(dropped) > 0 {
			why = "it names " + strings.Join(dropped, ", ") + ", not " + kindNames(w.kinds)
		}
		if why == "" && len(refs) == 0 {
			why = "its expression makes no reference"
		}
		if why == "" {
			why = "its references (" + strings.Join(refs, ", ") + ") lead to no value known at plan time"
		}
		r.errorf(CodeUnresolvedRef, r.loc.at(jpath, jpath), "%s: %s is known only after apply and cannot be resolved: %s", in.addr, attr, why)
		return nil, true
	}
	for _, n := range v.notes {
		if strings.Contains(n, "element() wraps around") || strings.Contains(n, "to pair with") {
			r.warnf(CodeAmbiguousRef, r.loc.at(jpath, jpath), "%s: %s: %s", in.addr, attr, n)
		}
	}
	return out, true
}

// resolveID resolves one id (see resolveIDs); several candidates give an
// ambiguous-reference warning and the first is taken.
func (r *reader) resolveID(in *instance, w want, path ...string) (resolved, bool) {
	ids, ok := r.resolveIDs(in, w, path...)
	if len(ids) == 0 {
		return resolved{}, ok
	}
	if len(ids) > 1 {
		var names []string
		for _, x := range ids {
			names = append(names, x.id)
		}
		_, jpath, _ := r.exprAt(in, path...)
		r.warnf(CodeAmbiguousRef, r.loc.at(jpath, jpath), "%s: %s could be any of %s; cshsim took %s", in.addr, strings.Join(path, "."), strings.Join(names, ", "), ids[0].id)
	}
	return ids[0], true
}

func dedupe(xs []resolved) []resolved {
	var out []resolved
	seen := map[string]bool{}
	for _, x := range xs {
		if !seen[x.id] {
			seen[x.id] = true
			out = append(out, x)
		}
	}
	return out
}

func kindNames(ks []model.Kind) string {
	var s []string
	for _, k := range ks {
		s = append(s, string(k))
	}
	return strings.Join(s, " or ")
}

// idOf returns the id and kind a leaf stands for.
func (r *reader) idOf(l leaf) (string, model.Kind, bool) {
	if l.in == nil {
		return l.lit, kindOfID(l.lit), true
	}
	in := l.in
	if id, k, ok := r.b.special(in, l.attr); ok {
		return id, k, true
	}
	switch l.attr {
	case "", "id":
		if in.data && !in.idKnown && !in.warned {
			in.warned = true
			r.warnf(CodeExternalRef, r.pos(in, ""), "the data source is read only during apply: its id is unknown, so cshsim names the object %q", in.addr)
		}
		return in.id, kindOfType[in.typ], true
	}
	// Any other attribute: its planned value, else its own expression.
	var vals map[string]json.RawMessage
	_ = json.Unmarshal(in.values, &vals)
	var s string
	if json.Unmarshal(vals[l.attr], &s) == nil && s != "" {
		k := r.b.kindOf(s)
		if k == "" {
			k = kindOfID(s)
		}
		return s, k, true
	}
	if x := r.attrOf(in, l.attr); x.id != "" {
		return x.id, x.kind, true
	}
	return "", "", false
}

// attrOf resolves an attribute of another resource that is known only after
// apply (aws_subnet.a.vpc_id), once per plan.
func (r *reader) attrOf(in *instance, attr string) resolved {
	if r.attrMemo == nil {
		r.attrMemo = map[string]*memoAttr{}
	}
	k := in.addr + "#" + attr
	if m, ok := r.attrMemo[k]; ok {
		return m.x // the zero value while in progress: a circle leads nowhere
	}
	m := &memoAttr{}
	r.attrMemo[k] = m
	m.x, _ = r.resolveID(in, want{quiet: true}, attr)
	m.done = true
	return m.x
}

// str reads a string member of a raw object.
func str(raw json.RawMessage) string {
	var s string
	_ = json.Unmarshal(raw, &s)
	return s
}
