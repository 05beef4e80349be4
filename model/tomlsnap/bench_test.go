package tomlsnap

import (
	"bytes"
	"fmt"
	"net/netip"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cshsim/cshsim/model"
)

// design returns a snapshot file of about size bytes as Write prints it:
// VPCs each with subnets, a route table to an internet gateway and a NAT
// gateway, security groups, a network ACL and interfaces, all named
// uniquely, so that Parse reads it without a diagnostic.
func design(size int) []byte {
	designs.Lock()
	defer designs.Unlock()
	if b, ok := designs.m[size]; ok {
		return b
	}
	one := len(writeDesign(1))
	b := writeDesign(max(1, size/one))
	designs.m[size] = b
	return b
}

var designs = struct {
	sync.Mutex
	m map[int][]byte
}{m: map[int][]byte{}}

func writeDesign(vpcs int) []byte {
	s := &model.Snapshot{Region: "ap-northeast-1", Account: "123456789012"}
	for v := range vpcs {
		vpc := fmt.Sprintf("vpc-%05d", v)
		base := netip.AddrFrom4([4]byte{10, byte(v >> 8), byte(v), 0})
		igw, nat, rtb := "igw-"+vpc[4:], "nat-"+vpc[4:], "rtb-"+vpc[4:]
		s.VPCs = append(s.VPCs, model.VPC{ID: vpc, CIDRs: []netip.Prefix{netip.PrefixFrom(base, 24)},
			Tags: []model.Tag{{Key: "Name", Value: "app " + vpc}, {Key: "kubernetes.io/role/elb", Value: "1"}}})
		s.InternetGateways = append(s.InternetGateways, model.InternetGateway{ID: igw, VPC: vpc})
		rt := model.RouteTable{ID: rtb, VPC: vpc, Routes: []model.Route{
			{Destination: netip.MustParsePrefix("0.0.0.0/0"), Target: model.Ref{Kind: model.KindInternetGateway, ID: igw}},
			{Destination: netip.MustParsePrefix("192.168.0.0/16"), Target: model.Ref{Kind: model.KindNATGateway, ID: nat}},
		}}
		for k := range 4 {
			sub := fmt.Sprintf("subnet-%05d-%d", v, k)
			a := base.As4()
			a[3] = byte(k * 64)
			s.Subnets = append(s.Subnets, model.Subnet{ID: sub, VPC: vpc, RouteTable: rtb,
				CIDR: netip.PrefixFrom(netip.AddrFrom4(a), 26), AZ: "ap-northeast-1a"})
			for e := range 2 {
				a[3] = byte(k*64 + 4 + e)
				s.ENIs = append(s.ENIs, model.ENI{ID: fmt.Sprintf("eni-%05d-%d-%d", v, k, e), Subnet: sub,
					PrivateIP: netip.AddrFrom4(a), SecurityGroups: []string{"sg-" + vpc[4:]}, Description: "an interface"})
			}
		}
		s.NATGateways = append(s.NATGateways, model.NATGateway{ID: nat, Subnet: s.Subnets[len(s.Subnets)-1].ID})
		s.RouteTables = append(s.RouteTables, rt)
		sg := model.SecurityGroup{ID: "sg-" + vpc[4:], VPC: vpc, Name: "app"}
		for p := range 6 {
			sg.Ingress = append(sg.Ingress, model.SGRule{Protocol: model.ProtoTCP, Ports: model.Port(uint16(8000 + p)),
				ICMP: model.AnyICMP, CIDR: netip.PrefixFrom(base, 24), Description: "from the app tier"})
		}
		s.SecurityGroups = append(s.SecurityGroups, sg)
		acl := model.NetworkACL{ID: "acl-" + vpc[4:], VPC: vpc, Default: true}
		for r := range 8 {
			acl.Entries = append(acl.Entries, model.ACLEntry{RuleNumber: 100 + r, Egress: r%2 == 1, Allow: true,
				Protocol: model.ProtoTCP, CIDR: netip.MustParsePrefix("0.0.0.0/0"), Ports: model.PortRange{First: 1024, Last: 65535},
				ICMP: model.AnyICMP})
		}
		s.NetworkACLs = append(s.NetworkACLs, acl)
	}
	var b bytes.Buffer
	if err := Write(&b, s, nil); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// BenchmarkParse reads designs 10× apart in size: time per MB stays flat
// when Parse is linear.
//
//	go test -run '^$' -bench Parse -benchmem ./model/tomlsnap
func BenchmarkParse(b *testing.B) {
	for _, size := range []struct {
		name  string
		bytes int
	}{{"100KB", 100_000}, {"1MB", 1_000_000}, {"10MB", 10_000_000}} {
		b.Run(size.name, func(b *testing.B) {
			data := design(size.bytes)
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, diags := Parse("design.toml", data); len(diags) > 0 {
					b.Fatal(diags[0])
				}
			}
		})
	}
}

// TestDesignParses keeps the benchmark's design readable without a
// diagnostic, so that BenchmarkParse measures the whole reader.
func TestDesignParses(t *testing.T) {
	data := design(100_000)
	doc, diags := Parse("design.toml", data)
	if len(diags) > 0 {
		t.Fatalf("Parse(design): %v", diags)
	}
	if n := len(doc.Snapshot.VPCs); n < 10 {
		t.Errorf("design(100 KB) has %d VPCs, want at least 10", n)
	}
}

// TestParseLinear reads inputs 4× apart (500 KB and 2 MB for a design): a
// linear reader takes 4× the time and allocates 4× the bytes, a quadratic
// one 16×. Time is CPU time, the fastest of three runs of each size taken
// in turns, and may be up to 8×: caches and the collector make even
// BurntSushi/toml alone take about 5×, and a loaded machine slows runs
// unevenly. Allocation does not depend on the machine and may be up to 6×.
func TestParseLinear(t *testing.T) {
	for _, tc := range []struct {
		name  string
		gen   func(size int) []byte
		small int
	}{
		{"design", design, 500_000},
		// Every route names a NAT gateway the file lacks: each would be
		// compared with every gateway for a did-you-mean.
		{"unknown route targets", danglingTargets, 100_000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			small, large := tc.gen(tc.small), tc.gen(4*tc.small)
			size := float64(len(large)) / float64(len(small))
			var cs, cl time.Duration = 1 << 62, 1 << 62
			var as, al uint64
			for range 3 {
				c, a := parseCost(small)
				cs, as = min(cs, c), a
				c, a = parseCost(large)
				cl, al = min(cl, c), a
			}
			ct, at := float64(cl)/float64(cs), float64(al)/float64(as)
			t.Logf("Parse: %d and %d bytes (%.1f×) in %v and %v CPU (%.1f×), allocating %d and %d bytes (%.1f×)",
				len(small), len(large), size, cs, cl, ct, as, al, at)
			if ct > 2*size {
				t.Errorf("Parse takes %.1f× the CPU time for %.1f× the input, want at most %.1f×", ct, size, 2*size)
			}
			if at > 1.5*size {
				t.Errorf("Parse allocates %.1f× the bytes for %.1f× the input, want at most %.1f×", at, size, 1.5*size)
			}
		})
	}
}

// parseCost returns the CPU time (wall time where it is not measured) and
// the bytes allocated of one Parse of data.
func parseCost(data []byte) (time.Duration, uint64) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	c, w := cpuTime(), time.Now()
	Parse("in.toml", data)
	cpu, wall := cpuTime()-c, time.Since(w)
	runtime.ReadMemStats(&after)
	if c == 0 {
		cpu = wall
	}
	return cpu, after.TotalAlloc - before.TotalAlloc
}

// danglingTargets returns a file of about size bytes: NAT gateways, and a
// route table whose routes each name one that is not there.
func danglingTargets(size int) []byte {
	var b strings.Builder
	n := size / 120
	for i := range n {
		fmt.Fprintf(&b, "[[nat_gateway]]\nid = \"nat-%08d\"\nsubnet = \"s\"\n", i)
	}
	b.WriteString("[[route_table]]\nid = \"rtb-a\"\nvpc = \"v\"\nroutes = [\n")
	for i := range n {
		fmt.Fprintf(&b, "  { destination = \"10.%d.%d.0/24\", target = \"nat-%08dx\" },\n", i>>8&255, i&255, i)
	}
	b.WriteString("]\n")
	return []byte(b.String())
}

// TestParseMemoryLinear: the index holds each key once, not once per
// value below it. A long key over many array elements cost the path-keyed
// index a copy of the key per element.
func TestParseMemoryLinear(t *testing.T) {
	const elements = 20_000
	key := strings.Repeat("k", MaxKeyName-len("vpc."))
	src := "[[vpc]]\nid = \"vpc-a\"\ncidrs = [\"10.0.0.0/16\"]\n" + key + " = [" + strings.Repeat("1, ", elements) + "]\n"
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, diags := Parse("long.toml", []byte(src))
	runtime.ReadMemStats(&after)
	if len(diags) != 1 || diags[0].Code != codeUnknownKey {
		t.Fatalf("Parse: %v, want one unknown-key", diags)
	}
	// A few hundred bytes per element: the decoded value, an index node,
	// its map entry. A copy of the key per element would be 1 KB more.
	per := (after.TotalAlloc - before.TotalAlloc) / elements
	t.Logf("Parse allocates %d bytes per element", per)
	if per > 600 {
		t.Errorf("Parse allocates %d bytes per element of an array under a %d-byte key, want at most 600", per, len(key))
	}
}
