package awscli

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/cshsim/cshsim/internal/jsonpos"
	"github.com/google/go-cmp/cmp"
)

// probe holds every kind of field the fast decoder takes.
type probe struct {
	S string    `json:"S"`
	T text      `json:"T"`
	B bool      `json:"B"`
	N *int      `json:"N"`
	I int8      `json:"I"`
	L []string  `json:"L"`
	M *[]string `json:"M"`
	P *struct {
		X string `json:"X"`
		Y int    `json:"Y"`
	} `json:"P"`
	Q []struct {
		K string `json:"K"`
		V *bool  `json:"V"`
	} `json:"Q"`
	R struct {
		State string `json:"State"`
	} `json:"R"`
}

// sameAsEncodingJSON decodes b[start:end] with the fast decoder and with
// encoding/json. It fails t when the fast decoder succeeds where
// encoding/json fails or decodes differently, or when a position the tape
// gives differs from the one a scan finds; it reports whether the fast
// decoder succeeded.
func sameAsEncodingJSON[T any](t testing.TB, name string, b []byte, start, end int) bool {
	t.Helper()
	fast, elems, tp, _, ok := decodeList[T](b, start, end)
	var slow []T
	err := json.Unmarshal(b[start:end], &slow)
	if !ok {
		return false
	}
	if err != nil {
		t.Fatalf("%s: the fast decoder accepted a list encoding/json rejects (%v):\n%s", name, err, b[start:end])
	}
	if diff := cmp.Diff(slow, fast); diff != "" {
		t.Fatalf("%s: the fast decoder and encoding/json differ (-encoding/json +fast):\n%s", name, diff)
	}
	if len(elems) != len(fast) {
		t.Fatalf("%s: %d elements, %d spans", name, len(fast), len(elems))
	}
	f := &fileCtx{name: name, data: b}
	for k, es := range elems {
		if end := jsonpos.SkipValue(b, es.start); end != es.end {
			t.Fatalf("%s[%d]: span %d-%d, the scanner says %d-%d", name, k, es.start, es.end, es.start, end)
		}
		var v any
		if json.Unmarshal(b[es.start:es.end], &v) != nil {
			continue // duplicate keys or odd text: encoding/json took it into T, not into any
		}
		for _, rel := range pathsOf(v, "") {
			withTape := &elemCtx{f: f, start: es.start, tape: tp, node: es.node, elems: elemIndex{}}
			scanned := &elemCtx{f: f, start: es.start}
			if got, want := withTape.locate(rel), scanned.locate(rel); got != want {
				t.Fatalf("%s[%d]: locate(%q) = %d with the tape, %d by scanning", name, k, rel, got, want)
			}
			if got, want := withTape.sub(rel).locate(".Key"), scanned.sub(rel).locate(".Key"); got != want {
				t.Fatalf("%s[%d]: sub(%q).locate(.Key) = %d with the tape, %d by scanning", name, k, rel, got, want)
			}
		}
	}
	return true
}

// pathsOf lists the paths of every value in v (as decoded into any), and
// of a few that are not there.
func pathsOf(v any, at string) []string {
	out := []string{at, at + ".Missing", at + "[7]", at + "[x]", at + "[-1]"}
	switch v := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if strings.ContainsAny(k, ".[") {
				continue // not expressible as a path
			}
			out = append(out, pathsOf(v[k], at+"."+k)...)
		}
	case []any:
		for i, e := range v {
			out = append(out, pathsOf(e, at+"["+strconv.Itoa(i)+"]")...)
		}
	}
	return out
}

func TestDecodeListMatchesEncodingJSON(t *testing.T) {
	tests := []struct {
		in   string
		fast bool // the fast decoder must take it (else it must give up)
	}{
		{`[]`, true},
		{`[null]`, true},
		{`[{}]`, true},
		{"[ \n{ \"S\" : \"a\" ,\"B\":true} \t,\r{}]", true},
		{`[{"S":"a","s":"b"}]`, true},
		{`[{"s":"x","Unknown":{"a":[1,2,{"b":null}]},"z":[]}]`, true},
		{`[{"S":"\u0041\n\"\\\/"}]`, true},
		{`[{"S":"été"}]`, true},
		{`[{"S":"\ud800"}]`, true},
		{`[{"T":5},{"T":-1.5e3},{"T":true},{"T":{"a":1}},{"T":null},{"T":[1]},{"T":"x"}]`, true},
		{`[{"I":127},{"I":-128}]`, true},
		{`[{"N":9223372036854775807},{"N":-9223372036854775808},{"N":-0},{"N":0}]`, true},
		{`[{"L":["a",null,"b"]},{"L":[]},{"L":null},{"M":["x"]},{"M":null},{"M":[]}]`, true},
		{`[{"P":{"X":"1"},"P":{"Y":2}}]`, true},
		{`[{"P":{"X":"1"},"P":null}]`, true},
		{`[{"Q":[{"K":"a","V":false},{"V":null},null]},{"R":{"State":"x"},"R":{}}]`, true},
		{`[{"S":"a","S":"b"}]`, true},
		{`[{"L":["0","1","2","3","4","5","6","7","8","9","10","11","12"],"Q":[{},{},{},{},{},{},{},{},{},{"K":"9"},{},null,{"V":true}]}]`, true}, // past the walk into the element index
		// Left to encoding/json:
		{`[{"\u0053":"x"}]`, false},            // an escaped key
		{"[{\"S\":\"\xff\xfe\"}]", false},      // invalid UTF-8: the reader rejects it (jsonpos.Check)
		{"[{\"Z\":\"\xed\xa0\x80\"}]", false},  // a surrogate in UTF-8, in a skipped member
		{`[{"L":["a"],"L":["b"]}]`, false},     // a list twice
		{`[{"I":128}]`, false},                 // out of range
		{`[{"N":9223372036854775808}]`, false}, // out of range
		{`[{"N":1.0}]`, false},                 // not a whole number
		{`[{"N":1e2}]`, false},                 //
		{`[{"N":"1"}]`, false},                 // wrong type
		{`[{"S":1}]`, false},                   //
		{`[{"B":"true"}]`, false},              //
		{`[{"P":[]}]`, false},                  //
		{`[{"L":{}}]`, false},                  //
		{`[1]`, false},                         //
		{`[{"S":"a"} {"S":"b"}]`, false},       // invalid JSON
		{`[{"S":"a"},]`, false},                //
		{`[{"S":"a",}]`, false},                //
		{`[{"Z":tru}]`, false},                 //
		{`[{"Z":nul}]`, false},                 //
		{`[{"Z":01}]`, false},                  //
		{`[{"Z":-}]`, false},                   //
		{`[{"Z":1.}]`, false},                  //
		{`[{"Z":1e}]`, false},                  //
		{"[{\"S\":\"a\x01\"}]", false},         //
		{`[{"S":"\x"}]`, false},                //
		{`[{"S":"\u12"}]`, false},              //
		{`[{"S" "a"}]`, false},                 //
		{`[{"S":"a"}`, false},                  //
		{`[{"S":"a"}] `, false},                // not the exact span of a list
		{`{"S":"a"}`, false},                   //
		{`[{"Z":` + strings.Repeat("[", 300) + strings.Repeat("]", 300) + `}]`, false}, // deeper than maxDepth
	}
	for _, tt := range tests {
		got := sameAsEncodingJSON[probe](t, tt.in, []byte(tt.in), 0, len(tt.in))
		if got != tt.fast {
			t.Errorf("decodeList(%q): fast path taken = %v, want %v", tt.in, got, tt.fast)
		}
	}
}

// TestDecodeListReaderShapes holds the fast decoder to encoding/json on the
// reader's own shapes, member by member where a member is new.
func TestDecodeListReaderShapes(t *testing.T) {
	tests := []struct {
		key, in string
		fast    bool // the fast decoder must take it (else it must give up)
	}{
		{"NetworkInterfaces", `[{"NetworkInterfaceId":"eni-1","PrivateIpAddresses":[{"PrivateIpAddress":"10.0.1.5","Primary":true}],
 "Ipv4Prefixes":[{"Ipv4Prefix":"10.0.1.16/28"},{"Ipv4Prefix":null},{},null]},{"Ipv4Prefixes":[]},{"Ipv4Prefixes":null}]`, true},
		{"Reservations", `[{"Instances":[{"InstanceId":"i-1","NetworkInterfaces":[{"NetworkInterfaceId":"eni-1","Ipv4Prefixes":[{"Ipv4Prefix":"10.0.1.16/28"}]}]}]}]`, true},
		{"VpcEndpoints", `[{"VpcEndpointId":"vpce-1","PrivateDnsEnabled":true,
 "DnsOptions":{"DnsRecordIpType":"ipv4","PrivateDnsOnlyForInboundResolverEndpoint":true}},{"DnsOptions":null},{"DnsOptions":{}}]`, true},
		// Left to encoding/json:
		{"NetworkInterfaces", `[{"Ipv4Prefixes":["10.0.1.16/28"]}]`, false},
		{"NetworkInterfaces", `[{"Ipv4Prefixes":[{"Ipv4Prefix":1}]}]`, false},
		{"VpcEndpoints", `[{"DnsOptions":{"PrivateDnsOnlyForInboundResolverEndpoint":"true"}}]`, false},
		{"VpcEndpoints", `[{"DnsOptions":[]}]`, false},
	}
	for _, tt := range tests {
		got := listShapes[tt.key].check(t, tt.key, []byte(tt.in), 0, len(tt.in))
		if got != tt.fast {
			t.Errorf("decodeList(%s, %q): fast path taken = %v, want %v", tt.key, tt.in, got, tt.fast)
		}
	}
}

// listShape ties a list key to the shape the reader decodes it into: the
// one registry of the tests and benchmarks of the fast decoder.
type listShape struct {
	typ reflect.Type
	// check decodes a list both ways (sameAsEncodingJSON).
	check func(t testing.TB, name string, b []byte, start, end int) bool
	// fast and std decode a list with the fast decoder or encoding/json.
	fast, std func(b []byte, start, end int) bool
}

func shapeOf[T any]() listShape {
	return listShape{
		typ:   reflect.TypeFor[T](),
		check: sameAsEncodingJSON[T],
		fast: func(b []byte, start, end int) bool {
			_, _, t, _, ok := decodeList[T](b, start, end)
			t.release()
			return ok
		},
		std: func(b []byte, start, end int) bool {
			var vs []T
			return json.Unmarshal(b[start:end], &vs) == nil
		},
	}
}

// listShapes holds every list the reader decodes: the top-level lists of
// listKeys and the nested ones read with eachElem.
var listShapes = map[string]listShape{
	"Vpcs":                             shapeOf[rawVPC](),
	"Subnets":                          shapeOf[rawSubnet](),
	"RouteTables":                      shapeOf[rawRouteTable](),
	"InternetGateways":                 shapeOf[rawIGW](),
	"EgressOnlyInternetGateways":       shapeOf[rawIGW](),
	"NatGateways":                      shapeOf[rawNAT](),
	"VpcEndpoints":                     shapeOf[rawEndpoint](),
	"SecurityGroups":                   shapeOf[rawSG](),
	"SecurityGroupRules":               shapeOf[rawSGRule](),
	"NetworkAcls":                      shapeOf[rawACL](),
	"NetworkInterfaces":                shapeOf[rawENI](),
	"DhcpOptions":                      shapeOf[rawDHCP](),
	"PrefixLists":                      shapeOf[rawPrefixList](),
	"TransitGateways":                  shapeOf[rawTGW](),
	"TransitGatewayAttachments":        shapeOf[rawTGWAttachment](),
	"TransitGatewayVpcAttachments":     shapeOf[rawTGWAttachment](),
	"TransitGatewayPeeringAttachments": shapeOf[rawTGWAttachment](),
	"TransitGatewayRouteTables":        shapeOf[rawTGWRouteTable](),
	"TransitGatewayStaticRoutes":       shapeOf[rawBatfishRoutes](),
	"TransitGatewayPropagations":       shapeOf[rawBatfishPropagations](),
	"VpcPeeringConnections":            shapeOf[rawPeering](),
	"VpnGateways":                      shapeOf[rawVGW](),
	"Reservations":                     shapeOf[rawReservation](),
	"Addresses":                        shapeOf[rawAddress](),
	"tasks":                            shapeOf[rawTask](),
	"HostedZones":                      shapeOf[rawHostedZone](),
	"Routes":                           shapeOf[rawTGWRoute](),
	"Entries":                          shapeOf[rawPLEntry](),
	"HostedZoneSummaries":              shapeOf[rawZoneSummary](),
	"ResourceRecordSets":               shapeOf[rawRecordSet](),
	"VPCs":                             shapeOf[rawZoneVPC](),
}

// TestListShapesCoverListKeys keeps listShapes in step with the reader.
func TestListShapesCoverListKeys(t *testing.T) {
	for k := range listKeys {
		if _, ok := listShapes[k]; !ok {
			t.Errorf("listKeys has %q, listShapes does not", k)
		}
	}
}

// checkFile runs the shapes' checks over the top-level lists of one file and
// counts the lists the fast decoder took and those it left.
func checkFile(t testing.TB, name string, data []byte) (fast, slow int) {
	data = jsonpos.Normalize(data)
	top := jsonpos.SkipWS(data, 0)
	if top >= len(data) || data[top] != '{' || !json.Valid(data) {
		return 0, 0
	}
	ms, _ := jsonpos.Members(data, top)
	for _, sp := range ms {
		m := member{sp.Key(data), sp.KeyStart, sp.Start, sp.End}
		shape, ok := listShapes[m.key]
		if !ok || data[m.start] != '[' {
			continue
		}
		if shape.check(t, name+": "+m.key, data, m.start, m.end) {
			fast++
		} else {
			slow++
		}
	}
	return fast, slow
}

// TestDecodeListOnRealExports runs both decoders over every list of the
// shared fixtures (AWS CLI output written by AWS and by others) and of this
// repository's export cases: the fast decoder must agree with encoding/json, and
// must take every list of real output.
func TestDecodeListOnRealExports(t *testing.T) {
	roots := []string{filepath.Join("..", "..", "..", "shared", "fixtures"), filepath.Join("..", "..", "testdata", "awscli")}
	files, fast := 0, 0
	for _, root := range roots {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".json") {
				return nil
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			f, s := checkFile(t, p, data)
			if s > 0 && !strings.Contains(p, "bad") {
				t.Errorf("%s: the fast decoder left %d list(s) of a valid export to encoding/json", p, s)
			}
			files++
			fast += f
			return nil
		})
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
	}
	t.Logf("%d files, %d lists decoded by both and equal", files, fast)
	if files > 0 && fast == 0 {
		t.Fatal("no list was decoded by the fast decoder")
	}
}

// FuzzDecodeList holds the fast decoder to encoding/json on any text: when
// it decodes a list, encoding/json must decode the same value, and every
// position the tape gives must match a scan.
func FuzzDecodeList(f *testing.F) {
	for _, s := range []string{
		`[]`, `[null]`, `[{"S":"a","T":5,"B":true,"N":-3,"I":7,"L":["x"],"M":null,"P":{"X":"y"},"Q":[{"K":"k","V":true}],"R":{"State":"s"}}]`,
		`[{"s":"x","Unknown":{"a":[1,2,{"b":null}]}}]`, `[{"T":{"a":1}},{"T":[1]},{"T":"\u00e9"}]`,
		`[{"GroupId":"sg-1","IpPermissions":[{"IpProtocol":"tcp","FromPort":22,"ToPort":22,"UserIdGroupPairs":[{"GroupId":"sg-2"}],"IpRanges":[{"CidrIp":"10.0.0.0/8"}]}]}]`,
		`[{"NetworkInterfaceId":"eni-1","PrivateIpAddresses":[{"PrivateIpAddress":"10.0.1.5","Primary":true}],"Ipv4Prefixes":[{"Ipv4Prefix":"10.0.1.16/28"},{"Ipv4Prefix":null}]}]`,
		`[{"VpcEndpointId":"vpce-1","DnsOptions":{"DnsRecordIpType":"ipv4","PrivateDnsOnlyForInboundResolverEndpoint":true}}]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) == 0 {
			return
		}
		sameAsEncodingJSON[probe](t, "probe", b, 0, len(b))
		sameAsEncodingJSON[rawSG](t, "SecurityGroups", b, 0, len(b))
		sameAsEncodingJSON[rawENI](t, "NetworkInterfaces", b, 0, len(b))
		sameAsEncodingJSON[rawRouteTable](t, "RouteTables", b, 0, len(b))
		sameAsEncodingJSON[rawEndpoint](t, "VpcEndpoints", b, 0, len(b))
	})
}

// TestPlanCoversShapes: every shape the reader decodes has a plan, so the
// fast decoder can take its lists.
func TestPlanCoversShapes(t *testing.T) {
	for key, shape := range listShapes {
		if planFor(shape.typ) == nil {
			t.Errorf("%s: no fast plan for %v", key, shape.typ)
		}
	}
	// Types it must refuse: they would need encoding/json's other rules.
	for _, typ := range []reflect.Type{
		reflect.TypeFor[float64](), reflect.TypeFor[map[string]string](), reflect.TypeFor[any](),
		reflect.TypeFor[json.RawMessage](), reflect.TypeFor[struct {
			A string `json:"a,omitempty"`
		}](), reflect.TypeFor[struct{ A string }](), reflect.TypeFor[struct {
			A string `json:"x"`
			B string `json:"X"`
		}](),
	} {
		if planFor(typ) != nil {
			t.Errorf("a fast plan for %v", typ)
		}
	}
}
