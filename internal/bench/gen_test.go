package bench

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cshsim/cshsim/internal/gen"
	"github.com/cshsim/cshsim/model"
	"github.com/cshsim/cshsim/model/awscli"
	"github.com/cshsim/cshsim/sim"
)

// TestGeneratedExport generates scale S and checks that it is an export
// cshsim reads cleanly and that its network answers the way the generator
// promises: most interfaces reach the internet through their NAT gateway,
// endpoints resolve privately, and security groups and network ACLs block
// some.
func TestGeneratedExport(t *testing.T) {
	c, err := gen.Scale("S")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	st, err := gen.Generate(dir, c)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("scale S: %s", st)
	if st.Subnets != 100 || st.VPCs != 10 || st.ENIs < 200 || st.SGRules < 900 {
		t.Errorf("scale S: %s", st)
	}

	s, diags := awscli.Load(dir)
	if len(diags) > 0 {
		t.Fatalf("Load: %d diagnostics, first: %v", len(diags), diags[0])
	}
	if vd := s.Validate(); len(vd) > 0 {
		t.Fatalf("Validate: %d diagnostics, first: %v", len(vd), vd[0])
	}
	counts := map[string][2]int{
		"vpcs":          {len(s.VPCs), st.VPCs},
		"subnets":       {len(s.Subnets), st.Subnets},
		"route tables":  {len(s.RouteTables), st.RouteTables},
		"interfaces":    {len(s.ENIs), st.ENIs},
		"NAT gateways":  {len(s.NATGateways), st.NATGateways},
		"endpoints":     {len(s.Endpoints), st.InterfaceEndpoints + st.GatewayEndpoints},
		"ECS tasks":     {len(s.ECSTasks), st.ECSTasks},
		"peerings":      {len(s.Peerings), st.Peerings},
		"network ACLs":  {len(s.NetworkACLs), st.NetworkACLs},
		"TGW attachmts": {len(s.TGWAttachments), st.TGWAttachments},
		"TGW tables":    {len(s.TGWRouteTables), st.TGWRouteTables},
	}
	for what, n := range counts {
		if n[0] != n[1] {
			t.Errorf("%s: the snapshot has %d, the generator wrote %d", what, n[0], n[1])
		}
	}
	rules := 0
	for _, sg := range s.SecurityGroups {
		rules += len(sg.Ingress) + len(sg.Egress)
	}
	if rules != st.SGRules {
		t.Errorf("security group rules: the snapshot has %d, the generator wrote %d", rules, st.SGRules)
	}
	for _, tbl := range s.TGWRouteTables {
		if len(tbl.Routes) == 0 || !tbl.RoutesKnown || len(tbl.Propagations) == 0 {
			t.Errorf("TGW route table %s: %d routes (known %v), %d propagations", tbl.ID, len(tbl.Routes), tbl.RoutesKnown, len(tbl.Propagations))
		}
	}

	g := sim.Build(s)
	cs, err := g.ResolveSource("cloudshell")
	if err != nil {
		t.Fatalf("--from cloudshell: %v", err)
	}
	ask := func(src sim.Source, to string) sim.Result {
		t.Helper()
		d, err := sim.ParseDestination(to)
		if err != nil {
			t.Fatal(err)
		}
		return g.Query(src, d)
	}
	if r := ask(cs, "internet"); !r.Reachable || !passesKind(r, model.KindNATGateway) {
		t.Errorf("cloudshell → internet: reachable %v, code %s, want reachable through a NAT gateway: %s", r.Reachable, r.Code, r.Message)
	}
	for _, svc := range []string{"ssmmessages", "logs", "ecr.api"} {
		r := ask(cs, "aws:"+svc)
		if !r.Reachable || r.Resolution == nil || r.Resolution.Via != sim.ViaInterfaceEndpoint {
			t.Errorf("cloudshell → aws:%s: reachable %v, code %s, resolution %+v; want reachable through an interface endpoint", svc, r.Reachable, r.Code, r.Resolution)
		}
	}
	if r := ask(cs, "aws:s3"); !r.Reachable || r.Resolution == nil || r.Resolution.Via != sim.ViaGatewayEndpoint {
		t.Errorf("cloudshell → aws:s3: reachable %v, code %s, resolution %+v; want the gateway endpoint", r.Reachable, r.Code, r.Resolution)
	}

	// The matrix: every interface × its catalogue.
	srcs, skipped := matrixSources(s, g)
	if skipped > 0 {
		t.Errorf("%d interfaces do not resolve as sources", skipped)
	}
	codes := map[sim.Code]int{}
	internet, internetOK := 0, 0
	instances := map[string]bool{}
	for _, e := range s.ENIs {
		if e.Instance != "" {
			instances[e.ID] = true
		}
	}
	differ := 0
	for _, src := range srcs {
		dsts := g.Catalogue(src)
		quick := g.QueryAll(src, dsts, sim.Options{VerdictOnly: true})
		for i, r := range g.QueryAll(src, dsts, sim.Options{}) {
			if q := quick[i]; q.Reachable != r.Reachable || q.Code != r.Code {
				if differ++; differ <= 5 {
					t.Errorf("%s → %s: %v %s, but %v %s with VerdictOnly", src.ID, dsts[i], r.Reachable, r.Code, q.Reachable, q.Code)
				}
			}
			codes[r.Code]++
			if dsts[i].Kind == sim.DestInternet && instances[src.ID] {
				internet++
				if r.Reachable {
					internetOK++
				}
			}
		}
	}
	t.Logf("matrix: %d sources, codes %v; instances reaching the internet: %d of %d", len(srcs), codes, internetOK, internet)
	if internet == 0 || internetOK*2 < internet || internetOK == internet {
		t.Errorf("%d of %d instance interfaces reach the internet: want most, not all", internetOK, internet)
	}
	for _, want := range []sim.Code{"", sim.CodeSGMismatch, sim.CodeACL} {
		if codes[want] == 0 {
			t.Errorf("no answer with code %q in the matrix", want)
		}
	}
	if codes[""]*2 < len(srcs) {
		t.Errorf("only %d reachable answers of %d sources' catalogues", codes[""], len(srcs))
	}
}

func passesKind(r sim.Result, k model.Kind) bool {
	for _, h := range r.Path() {
		if h.Kind == k && h.Verdict != sim.Deny && h.Verdict != sim.Drop {
			return true
		}
	}
	return false
}

// The generator is deterministic: the same seed writes the same bytes; a
// different seed, different ids.
func TestGeneratorDeterministic(t *testing.T) {
	c, err := gen.Scale("S")
	if err != nil {
		t.Fatal(err)
	}
	c.VPCs = 3
	read := func(seed uint64) map[string][]byte {
		c.Seed = seed
		dir := t.TempDir()
		if _, err := gen.Generate(dir, c); err != nil {
			t.Fatal(err)
		}
		out := map[string][]byte{}
		files, err := jsonFiles(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range files {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			out[filepath.Base(p)] = data
		}
		return out
	}
	a, b, other := read(7), read(7), read(8)
	if len(a) != len(b) {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for name, data := range a {
		if !bytes.Equal(data, b[name]) {
			t.Errorf("%s differs between two runs with the same seed", name)
		}
	}
	if bytes.Equal(a["Vpcs.json"], other["Vpcs.json"]) {
		t.Error("seeds 7 and 8 wrote the same Vpcs.json")
	}
}

// Pages and the flat security group rules load to the same snapshot.
func TestGeneratorPagesAndFlatRules(t *testing.T) {
	c, err := gen.Scale("S")
	if err != nil {
		t.Fatal(err)
	}
	c.VPCs = 4
	dir := t.TempDir()
	if _, err := gen.Generate(dir, c); err != nil {
		t.Fatal(err)
	}
	c.PageSize, c.SGRulesFile = 7, true
	paged := t.TempDir()
	st, err := gen.Generate(paged, c)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(paged, "NetworkInterfaces-2.json")); err != nil {
		t.Errorf("no second page of interfaces: %v", err)
	}
	a, da := awscli.Load(dir)
	b, db := awscli.Load(paged)
	if len(da)+len(db) > 0 {
		t.Fatalf("diagnostics: %v / %v", da, db)
	}
	if len(a.ENIs) != len(b.ENIs) || len(a.SecurityGroups) != len(b.SecurityGroups) || len(b.ENIs) != st.ENIs {
		t.Errorf("paged: %d interfaces, %d groups; one file: %d, %d", len(b.ENIs), len(b.SecurityGroups), len(a.ENIs), len(a.SecurityGroups))
	}
}

// The command testdata/gen (which ./... patterns skip) builds and writes
// an export with the flags it documents.
func TestGenCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: runs the go command")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	dir := t.TempDir()
	cmd := exec.Command(goTool, "run", "./testdata/gen", "-scale", "S", "-vpcs", "2", "-seed", "3", "-o", dir)
	cmd.Dir = "../.."
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go run ./testdata/gen: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "2 VPCs, 20 subnets") {
		t.Errorf("unexpected summary:\n%s", out)
	}
	if _, diags := awscli.Load(dir); len(diags) > 0 {
		t.Errorf("Load: %v", diags)
	}
	cmd = exec.Command(goTool, "run", "./testdata/gen", "-o", dir)
	cmd.Dir = "../.."
	if out, err := cmd.CombinedOutput(); err == nil || !strings.Contains(string(out), "not empty") {
		t.Errorf("writing into a full folder: %v\n%s", err, out)
	}
}
