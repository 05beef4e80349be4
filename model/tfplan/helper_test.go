package tfplan

import (
	"encoding/json"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/cshsim/cshsim/model"
)

// opts is the one cmp.Options of the package's tests: netip values compare
// with ==, and empty slices equal nil ones.
var opts = cmp.Options{cmpopts.EquateComparable(netip.Addr{}, netip.Prefix{}), cmpopts.EquateEmpty()}

// tr is one resource instance of a test plan.
type tr struct {
	addr    string // absolute address: module.net.aws_subnet.a[0]
	values  string // the planned values, a JSON object
	unknown string // after_unknown, a JSON object ("" for {})
	exprs   string // the configuration's expressions ("" for {}); taken from the first instance
	action  string // "" for create
}

// tcall is a module call of a test plan.
type tcall struct {
	exprs     string // the call's expressions
	outputs   string // the called module's outputs
	variables string // the called module's variables
}

// tplan describes a test plan.
type tplan struct {
	version string // format_version; "" for "1.2"
	region  string
	vars    string // root variables: {"name": {"value": …}}
	res     []tr
	prior   []tr // data sources in prior_state
	calls   map[string]tcall
	noCfg   bool
}

func raw(s, def string) json.RawMessage {
	if s == "" {
		s = def
	}
	return json.RawMessage(s)
}

// bytes renders the plan as terraform show -json would.
func (p tplan) bytes(t testing.TB) []byte {
	t.Helper()
	type values struct {
		Address      string           `json:"address,omitempty"`
		Resources    []map[string]any `json:"resources,omitempty"`
		ChildModules []*values        `json:"child_modules,omitempty"`
	}
	type cfgMod struct {
		Outputs     json.RawMessage    `json:"outputs,omitempty"`
		Resources   []map[string]any   `json:"resources,omitempty"`
		ModuleCalls map[string]any     `json:"module_calls,omitempty"`
		Variables   json.RawMessage    `json:"variables,omitempty"`
		calls       map[string]*cfgMod // by call name
		seen        map[string]bool
	}
	newMod := func() *cfgMod { return &cfgMod{calls: map[string]*cfgMod{}, seen: map[string]bool{}} }
	root := &values{}
	mods := map[string]*values{"": root}
	cfgRoot := newMod()
	var changes []map[string]any
	entry := func(r tr) (map[string]any, resAddr) {
		a, ok := parseResAddr(r.addr)
		if !ok {
			t.Fatalf("bad test address %q", r.addr)
		}
		mode := "managed"
		if a.data {
			mode = "data"
		}
		e := map[string]any{"address": r.addr, "mode": mode, "type": a.typ, "name": a.name,
			"provider_name": "registry.terraform.io/hashicorp/aws", "schema_version": 0, "values": raw(r.values, "{}")}
		if a.key.set {
			if a.key.isNum {
				e["index"] = a.key.num
			} else {
				e["index"] = a.key.str
			}
		}
		return e, a
	}
	for _, r := range p.res {
		e, a := entry(r)
		mp := modPath(a.mod)
		if r.action != "delete" {
			m := mods[mp]
			if m == nil {
				// Parents first, so that child_modules nest.
				for i := 1; i <= len(a.mod); i++ {
					pp := modPath(a.mod[:i])
					if mods[pp] == nil {
						nm := &values{Address: pp}
						parent := mods[modPath(a.mod[:i-1])]
						parent.ChildModules = append(parent.ChildModules, nm)
						mods[pp] = nm
					}
				}
				m = mods[mp]
			}
			m.Resources = append(m.Resources, e)
		}
		actions := []string{"create"}
		after := raw(r.values, "{}")
		if r.action == "delete" {
			actions = []string{"delete"}
			after = json.RawMessage("null")
		}
		c := map[string]any{"address": r.addr, "mode": e["mode"], "type": a.typ, "name": a.name,
			"provider_name": "registry.terraform.io/hashicorp/aws",
			"change":        map[string]any{"actions": actions, "before": nil, "after": after, "after_unknown": raw(r.unknown, "{}")}}
		if mp != "" {
			c["module_address"] = mp
		}
		if idx, ok := e["index"]; ok {
			c["index"] = idx
		}
		changes = append(changes, c)
		// Configuration.
		cm := cfgRoot
		for _, s := range a.mod {
			if cm.calls[s.name] == nil {
				cm.calls[s.name] = newMod()
			}
			cm = cm.calls[s.name]
		}
		local := a.local()
		if !cm.seen[local] && !p.noCfg {
			cm.seen[local] = true
			cm.Resources = append(cm.Resources, map[string]any{"address": local, "mode": e["mode"], "type": a.typ, "name": a.name,
				"provider_config_key": "aws", "expressions": raw(r.exprs, "{}"), "schema_version": 0})
		}
	}
	// Module calls, outputs and variables.
	var fill func(m *cfgMod, path string)
	fill = func(m *cfgMod, path string) {
		for name, child := range m.calls {
			cp := name
			if path != "" {
				cp = path + "." + name
			}
			c := p.calls[cp]
			child.Outputs = raw(c.outputs, "{}")
			child.Variables = raw(c.variables, "{}")
			fill(child, cp)
			if m.ModuleCalls == nil {
				m.ModuleCalls = map[string]any{}
			}
			m.ModuleCalls[name] = map[string]any{"source": "./" + name, "expressions": raw(c.exprs, "{}"), "module": child}
		}
	}
	for cp := range p.calls { // calls of modules without resources
		cm := cfgRoot
		for _, n := range strings.Split(cp, ".") {
			if cm.calls[n] == nil {
				cm.calls[n] = newMod()
			}
			cm = cm.calls[n]
		}
	}
	fill(cfgRoot, "")
	doc := map[string]any{
		"format_version":    "1.2",
		"terraform_version": "1.7.5",
		"planned_values":    map[string]any{"root_module": root},
		"resource_changes":  changes,
	}
	if p.version != "" {
		doc["format_version"] = p.version
	}
	if p.vars != "" {
		doc["variables"] = raw(p.vars, "{}")
	}
	if !p.noCfg {
		cfg := map[string]any{"root_module": cfgRoot}
		if p.region != "" {
			cfg["provider_config"] = map[string]any{"aws": map[string]any{"name": "aws", "expressions": map[string]any{"region": map[string]any{"constant_value": p.region}}}}
		}
		doc["configuration"] = cfg
	}
	if len(p.prior) > 0 {
		var rs []map[string]any
		for _, r := range p.prior {
			e, _ := entry(r)
			rs = append(rs, e)
		}
		doc["prior_state"] = map[string]any{"values": map[string]any{"root_module": map[string]any{"resources": rs}}}
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// parse reads the plan and fails the test on an error diagnostic unless
// errorsOK.
func (p tplan) parse(t *testing.T, errorsOK bool) (*model.Snapshot, model.Diagnostics) {
	t.Helper()
	s, diags := Parse("plan.json", p.bytes(t))
	if !errorsOK && diags.HasErrors() {
		t.Fatalf("Parse: %v\nplan:\n%s", diags.Error(), p.bytes(t))
	}
	return s, diags
}

// codes returns the codes of ds, in order.
func codes(ds model.Diagnostics) []string {
	var cs []string
	for _, d := range ds {
		cs = append(cs, d.Code)
	}
	return cs
}

// only returns the diagnostics with the code.
func only(ds model.Diagnostics, code string) model.Diagnostics {
	var out model.Diagnostics
	for _, d := range ds {
		if d.Code == code {
			out = append(out, d)
		}
	}
	return out
}

func pfx(s string) netip.Prefix { return netip.MustParsePrefix(s) }
func ip(s string) netip.Addr    { return netip.MustParseAddr(s) }

// find returns the object of a snapshot slice with the id.
func find[T any](t *testing.T, xs []T, id string, idOf func(T) string) T {
	t.Helper()
	i := slices.IndexFunc(xs, func(x T) bool { return idOf(x) == id })
	if i < 0 {
		var ids []string
		for _, x := range xs {
			ids = append(ids, idOf(x))
		}
		t.Fatalf("no object %q; have %q", id, ids)
	}
	return xs[i]
}

func subnetOf(t *testing.T, s *model.Snapshot, id string) model.Subnet {
	return find(t, s.Subnets, id, func(x model.Subnet) string { return x.ID })
}
func sgOf(t *testing.T, s *model.Snapshot, id string) model.SecurityGroup {
	return find(t, s.SecurityGroups, id, func(x model.SecurityGroup) string { return x.ID })
}
func rtOf(t *testing.T, s *model.Snapshot, id string) model.RouteTable {
	return find(t, s.RouteTables, id, func(x model.RouteTable) string { return x.ID })
}
func eniOf(t *testing.T, s *model.Snapshot, id string) model.ENI {
	return find(t, s.ENIs, id, func(x model.ENI) string { return x.ID })
}
func epOf(t *testing.T, s *model.Snapshot, id string) model.Endpoint {
	return find(t, s.Endpoints, id, func(x model.Endpoint) string { return x.ID })
}
func aclOf(t *testing.T, s *model.Snapshot, id string) model.NetworkACL {
	return find(t, s.NetworkACLs, id, func(x model.NetworkACL) string { return x.ID })
}

// vpcRes is a VPC whose id is unknown, as most tests need one.
var vpcRes = tr{addr: "aws_vpc.main", values: `{"cidr_block": "10.0.0.0/16", "enable_dns_support": true, "enable_dns_hostnames": true}`,
	unknown: `{"id": true, "default_security_group_id": true, "main_route_table_id": true, "default_route_table_id": true, "default_network_acl_id": true}`,
	exprs:   `{"cidr_block": {"constant_value": "10.0.0.0/16"}}`}

// vpcRef is the expression of vpc_id = aws_vpc.main.id.
const vpcRef = `{"references": ["aws_vpc.main.id", "aws_vpc.main"]}`

// subnetRes is a subnet of aws_vpc.main.
func subnetRes(addr, cidr string) tr {
	return tr{addr: addr, values: `{"cidr_block": "` + cidr + `", "availability_zone": "eu-west-1a"}`,
		unknown: `{"id": true, "vpc_id": true}`, exprs: `{"vpc_id": ` + vpcRef + `}`}
}

type (
	netipPrefix = netip.Prefix
	netipAddr   = netip.Addr
)
