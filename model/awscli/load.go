package awscli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/cshsim/cshsim/model"
)

// Diagnostic codes of the AWS CLI reader. They are stable: tests and users'
// scripts match on them.
const (
	// CodeJSONSyntax: the file is not valid JSON (or is empty, or truncated).
	CodeJSONSyntax = model.CodeJSONSyntax
	// CodeBadType: a member holds the wrong JSON type (a string where a
	// list belongs).
	CodeBadType = model.CodeBadType
	// CodeBadValue: a CIDR, address, protocol or port that does not parse.
	CodeBadValue = model.CodeBadValue
	// CodeMissingField: an object without its id.
	CodeMissingField = model.CodeMissingField
	// CodeUnknownKey: a file mixes known top-level keys with unknown ones;
	// the unknown ones are ignored (one warning per file).
	CodeUnknownKey = model.CodeUnknownKey
	// CodeNoKnownKey: no top-level key of the file is one cshsim reads; the
	// file is ignored.
	CodeNoKnownKey = "no-known-key"
	// CodeConflict: the same id twice with different content.
	CodeConflict = "conflicting-object"
	// CodeNoTarget: an active route whose target cshsim does not recognise.
	CodeNoTarget = "no-route-target"
	// CodeMissingID: search-transit-gateway-routes,
	// get-managed-prefix-list-entries, list-hosted-zones-by-vpc or
	// list-resource-record-sets output whose table, list, VPC or hosted
	// zone id is not known (see the package documentation); the file is
	// ignored.
	CodeMissingID = "missing-id"
	// CodeInferredID: such output was given to the only candidate.
	CodeInferredID = "inferred-id"
	// CodeIncomplete: the output says it is incomplete
	// (AdditionalRoutesAvailable, ECS failures, Route 53 IsTruncated), or
	// the export lacks what a kind needs (private hosted zones without
	// their VPC associations or without their records).
	CodeIncomplete = "incomplete-output"
	// CodeOrphan: output about an object no other file describes.
	CodeOrphan = "orphan-data"
	// CodeRulesDiffer: describe-security-group-rules and
	// describe-security-groups disagree about one group.
	CodeRulesDiffer = "security-group-rules-differ"
	// CodeRead: a file or folder could not be read.
	CodeRead = model.CodeRead
	// CodeNoInput: the folder holds no *.json file.
	CodeNoInput = model.CodeNoInput
)

// Load reads every *.json file under dir (recursively, in sorted path
// order) and returns the merged snapshot. dir may also name one file.
//
// The returned diagnostics are sorted by position; they are also kept in
// Snapshot.Notes, so that Snapshot.Validate repeats them: print either
// list, not both. The snapshot is never nil and holds everything that could
// be read, even when there are errors.
func Load(dir string) (*model.Snapshot, model.Diagnostics) {
	return LoadProgress(dir, nil)
}

// Progress is told, after each file, how many of the folder's files have
// been read and how many there are in all.
type Progress func(done, total int)

// LoadProgress is Load with a progress callback (nil for none), for large
// folders read at a terminal.
func LoadProgress(dir string, progress Progress) (*model.Snapshot, model.Diagnostics) {
	info, err := os.Stat(dir)
	if err != nil {
		return failed(dir, err)
	}
	if !info.IsDir() {
		parent := filepath.Dir(dir)
		return load(os.DirFS(parent), []string{filepath.Base(dir)}, func(p string) string {
			return filepath.Join(parent, filepath.FromSlash(p))
		}, nil, progress)
	}
	display := func(p string) string { return filepath.Join(dir, filepath.FromSlash(p)) }
	files, diags := list(os.DirFS(dir), ".", display)
	return load(os.DirFS(dir), files, display, diags, progress)
}

// LoadFS does what Load does over a file system: it reads every *.json
// file under root in fsys. Positions name files by their path in fsys.
func LoadFS(fsys fs.FS, root string) (*model.Snapshot, model.Diagnostics) {
	display := func(p string) string { return p }
	files, diags := list(fsys, root, display)
	return load(fsys, files, display, diags, nil)
}

func failed(name string, err error) (*model.Snapshot, model.Diagnostics) {
	d := model.Diagnostics{{
		Pos:      model.Pos{File: name},
		Severity: model.Error,
		Code:     CodeRead,
		Message:  fmt.Sprintf("cannot read %s: %v", name, errors.Unwrap(err)),
	}}
	if errors.Unwrap(err) == nil {
		d[0].Message = fmt.Sprintf("cannot read %s: %v", name, err)
	}
	return &model.Snapshot{Sources: model.SourceMap{}, Notes: d}, d
}

// list returns the sorted paths of the *.json files under root; display
// names paths in diagnostics.
func list(fsys fs.FS, root string, display func(string) string) ([]string, model.Diagnostics) {
	var files []string
	var diags model.Diagnostics
	err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			diags = append(diags, model.Diagnostic{
				Pos: model.Pos{File: display(p)}, Severity: model.Error, Code: CodeRead,
				Message: fmt.Sprintf("cannot read %s: %v", display(p), err),
			})
			if d != nil && d.IsDir() && p != root {
				return fs.SkipDir
			}
			return nil
		}
		if !d.IsDir() && strings.EqualFold(path.Ext(p), ".json") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil && len(diags) == 0 {
		diags = append(diags, model.Diagnostic{
			Pos: model.Pos{File: display(root)}, Severity: model.Error, Code: CodeRead,
			Message: fmt.Sprintf("cannot read %s: %v", display(root), err),
		})
	}
	slices.Sort(files)
	return files, diags
}

// fileCtx is one input file.
type fileCtx struct {
	path    string // slash path in the file system
	name    string // shown in positions
	data    []byte // the text; nil once the file is read (positions are taken while reading)
	lines   lineIndex
	line    int    // the 0-based line of the last position, where the next is looked for first
	account string // from the folder layout
	region  string // from the content, else from the folder layout
	hints   []string
}

// pos returns the position of byte offset off, with a JSON path. It is
// called only while the file is read: its text is dropped after.
func (f *fileCtx) pos(off int, path string) model.Pos {
	if f.data == nil {
		return model.Pos{File: f.name, Path: path} // no line rather than a wrong one
	}
	if f.lines == nil {
		f.lines = newLineIndex(f.data)
	}
	line, col := f.lines.lineColNear(off, f.line)
	f.line = line - 1
	return model.Pos{File: f.name, Line: line, Col: col, Path: path}
}

// hint records a Region the content names (an Availability Zone, an ARN, a
// service name).
func (f *fileCtx) hint(region string) {
	if region != "" && !slices.Contains(f.hints, region) {
		f.hints = append(f.hints, region)
	}
}

// elemCtx is one element of a top-level list (or a value nested in one): it
// turns relative JSON paths into positions.
type elemCtx struct {
	f     *fileCtx
	start int    // offset of the value in f.data
	path  string // JSON path of the value: RouteTables[3]
	// bad is set when decoding the value failed in part: what is missing
	// then follows from the error already reported, and is not reported
	// again.
	bad bool
	// The members and elements of the containers visited so far, by the
	// offset of the container, so that each is scanned once.
	objects map[int][]span
	arrays  map[int][]int
	// top holds the members of the value itself, when topOK.
	top   []span
	topOK bool
	// tape, when not nil, lists the values of the list the fast decoder
	// read, and node is the value's node in it; elems indexes its long
	// arrays.
	tape  tape
	node  int32
	elems elemIndex
}

// at returns the position of the value at rel, a path relative to e
// (".Routes[1].NatGatewayId", or "" for e itself). A member the file does
// not hold is placed at the deepest value found on the way.
func (e *elemCtx) at(rel string) model.Pos {
	return e.f.pos(e.locate(rel), e.join(rel))
}

// sub returns the context of the value at rel.
func (e *elemCtx) sub(rel string) *elemCtx {
	if e.tape != nil {
		if n, ok := e.tape.node(e.f.data, int(e.node), rel, e.elems); ok {
			return &elemCtx{f: e.f, start: int(e.tape[n].off), path: e.join(rel), bad: e.bad, tape: e.tape, node: int32(n), elems: e.elems}
		}
	}
	return &elemCtx{f: e.f, start: e.locate(rel), path: e.join(rel), bad: e.bad}
}

// join returns the JSON path of rel, relative to e, from the file's top.
func (e *elemCtx) join(rel string) string {
	if e.path == "" {
		return strings.TrimPrefix(rel, ".")
	}
	return e.path + rel
}

// locate returns the offset of the value at rel, or of the deepest value
// found on the way: from the tape when the fast decoder read the list,
// else by scanning (with the member and element lists cached).
func (e *elemCtx) locate(rel string) int {
	if e.tape != nil {
		if n, ok := e.tape.node(e.f.data, int(e.node), rel, e.elems); ok {
			return int(e.tape[n].off)
		}
	}
	b := e.f.data
	off := e.start
	for p := 0; p < len(rel); {
		key, k, member, next, ok := pathStep(rel, p)
		if !ok {
			return off
		}
		if member {
			var ms []span
			if off == e.start {
				if !e.topOK {
					e.top, _ = spansEnd(b, off)
					e.topOK = true
				}
				ms = e.top
			} else {
				if e.objects == nil {
					e.objects = map[int][]span{}
				}
				var ok bool
				ms, ok = e.objects[off]
				if !ok {
					ms = spans(b, off)
					e.objects[off] = ms
				}
			}
			i := slices.IndexFunc(ms, func(m span) bool { return m.keyIs(b, key) })
			if i < 0 {
				return off
			}
			off, p = ms[i].start, next
			continue
		}
		if e.arrays == nil {
			e.arrays = map[int][]int{}
		}
		starts, ok := e.arrays[off]
		if !ok {
			starts = e.index(off)
		}
		if k >= len(starts) {
			return off
		}
		off, p = starts[k], next
	}
	return off
}

// index lists the elements of the array at off and keeps them, and the
// members of each element that is an object, in e's caches: one scan of
// the array's bytes instead of one for the array and one per element.
func (e *elemCtx) index(off int) []int {
	b := e.f.data
	var starts []int
	if off < len(b) && b[off] == '[' {
		i := skipWS(b, off+1)
		for i < len(b) && b[i] != ']' {
			var end int
			if b[i] == '{' {
				if _, seen := e.objects[i]; seen {
					end = skipValue(b, i)
				} else {
					var ms []span
					ms, end = spansEnd(b, i)
					if e.objects == nil {
						e.objects = map[int][]span{}
					}
					e.objects[i] = ms
				}
			} else {
				end = skipValue(b, i)
			}
			if end == i {
				break
			}
			starts = append(starts, i)
			i = skipWS(b, end)
			if i < len(b) && b[i] == ',' {
				i = skipWS(b, i+1)
			}
		}
	}
	e.arrays[off] = starts
	return starts
}

// srcRef is a SourceMap entry waiting for its object to be kept.
type srcRef struct {
	field string
	pos   model.Pos
}

// link is a reference one object makes for another, applied when the
// snapshot is assembled: a route table association sets a subnet's
// route_table.
type link struct {
	subject string // the id of the object that gets the field
	target  string
	pos     model.Pos
}

// entry is one object read from a file.
type entry[T any] struct {
	v     T
	pos   model.Pos
	f     *fileCtx
	refs  []srcRef
	links []link
}

// table holds the objects of one kind by id, in reading order.
type table[T any] struct {
	what string // "subnet", for messages
	// lenient makes conflicts warnings (keep the first): for secondary
	// views such as the interfaces inside describe-instances.
	lenient bool
	byID    map[string]int
	items   []entry[T]
}

// put adds en under id. The same id twice with the same content is kept
// once; with different content it is an error naming both places. same
// compares two values (nil: reflect.DeepEqual). Copies from different
// account folders may differ in their tags (each account tags a shared
// resource itself): the owner's copy is kept. put returns the index of the
// kept entry and whether en was added.
func (t *table[T]) put(l *loader, id string, en entry[T], same func(a, b *T) bool) (int, bool) {
	if t.byID == nil {
		t.byID = map[string]int{}
	}
	i, dup := t.byID[id]
	if !dup {
		t.byID[id] = len(t.items)
		t.items = append(t.items, en)
		return len(t.items) - 1, true
	}
	old := &t.items[i]
	eq := func(a, b T) bool {
		if same != nil {
			return same(&a, &b)
		}
		return reflect.DeepEqual(a, b)
	}
	ok := eq(old.v, en.v) && sameLinks(old.links, en.links)
	if !ok && old.f != en.f && old.f.account != en.f.account && sameLinks(old.links, en.links) {
		a, b := old.v, en.v
		clearField(&a, "Tags")
		clearField(&b, "Tags")
		if ok = eq(a, b); ok && fieldString(en.v, "Account") == en.f.account && fieldString(old.v, "Account") != old.f.account {
			*old = en
		}
	}
	if !ok {
		sev, tail := model.Error, ""
		if t.lenient {
			sev, tail = model.Warning, ", which is kept"
		}
		l.add(sev, CodeConflict, en.pos, model.FieldRef{ID: id},
			"%s %q is described twice with different content (%s); the first is at %s%s",
			t.what, id, differing(old.v, en.v, old.links, en.links), where(old.pos), tail)
	}
	return i, false
}

// where formats a position inside a message: file:line:col (path).
func where(p model.Pos) string {
	if p.Path == "" {
		return p.String()
	}
	q := p
	q.Path = ""
	return q.String() + " (" + p.Path + ")"
}

// clearField zeroes the named field of the struct *v, if it has one.
func clearField[T any](v *T, name string) {
	rv := reflect.ValueOf(v).Elem()
	if rv.Kind() == reflect.Struct {
		if f := rv.FieldByName(name); f.IsValid() && f.CanSet() {
			f.SetZero()
		}
	}
}

// fieldString returns the named string field of the struct v, or "".
func fieldString(v any, name string) string {
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Struct {
		if f := rv.FieldByName(name); f.IsValid() && f.Kind() == reflect.String {
			return f.String()
		}
	}
	return ""
}

func sameLinks(a, b []link) bool {
	return slices.EqualFunc(a, b, func(x, y link) bool { return x.subject == y.subject && x.target == y.target })
}

// differing names the fields in which a and b differ.
func differing(a, b any, la, lb []link) string {
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	var names []string
	if va.Kind() == reflect.Struct && va.Type() == vb.Type() {
		for i := range va.NumField() {
			if !reflect.DeepEqual(va.Field(i).Interface(), vb.Field(i).Interface()) {
				names = append(names, va.Type().Field(i).Name)
			}
		}
	}
	if !sameLinks(la, lb) {
		names = append(names, "associations")
	}
	if len(names) == 0 {
		return "content differs"
	}
	return "differs in " + strings.Join(names, ", ")
}

// loader accumulates the objects of every file, then assembles the
// snapshot once all files are read, so that nothing depends on the order
// of files or of keys.
type loader struct {
	diags model.Diagnostics
	files []*fileCtx

	vpcs      table[model.VPC]
	subnets   table[model.Subnet]
	rts       table[model.RouteTable]
	igws      table[model.InternetGateway]
	eigws     table[model.EgressOnlyIGW]
	nats      table[model.NATGateway]
	sgs       table[model.SecurityGroup]
	acls      table[model.NetworkACL]
	enis      table[model.ENI]
	instENIs  table[model.ENI]
	instances table[model.Instance]
	eips      table[model.ElasticIP]
	endpoints table[model.Endpoint]
	dhcp      table[model.DHCPOptions]
	tgws      table[model.TransitGateway]
	tgwAtts   table[model.TGWAttachment] // describe-transit-gateway-attachments
	tgwVPCAtt table[model.TGWAttachment] // describe-transit-gateway-vpc-attachments
	tgwPeer   table[model.TGWAttachment] // describe-transit-gateway-peering-attachments
	tgwRTs    table[model.TGWRouteTable]
	peerings  table[model.PeeringConnection]
	vgws      table[model.VPNGateway]
	tasks     table[model.ECSTask]
	pls       table[model.PrefixList] // describe-managed-prefix-lists, describe-prefix-lists
	sgRules   table[flatRule]
	plCIDRs   []cidrBatch
	tgwRoutes []routeBatch
	tgwLinks  []linkBatch
	vpcAttrs  []vpcAttr
	zones     []zoneBatch   // get-hosted-zone, list-hosted-zones, list-hosted-zones-by-vpc
	records   []recordBatch // list-resource-record-sets
}

func (l *loader) add(sev model.Severity, code string, pos model.Pos, ref model.FieldRef, format string, args ...any) {
	l.diags = append(l.diags, model.Diagnostic{
		Pos:      pos,
		Severity: sev,
		Code:     code,
		Message:  fmt.Sprintf(format, args...),
		Ref:      ref,
	})
}

func load(fsys fs.FS, files []string, display func(string) string, diags model.Diagnostics, progress Progress) (*model.Snapshot, model.Diagnostics) {
	l := &loader{diags: diags}
	l.initTables()
	for i, p := range files {
		if progress != nil {
			progress(i, len(files))
		}
		data, err := fs.ReadFile(fsys, p)
		name := display(p)
		if err != nil {
			l.add(model.Error, CodeRead, model.Pos{File: name}, model.FieldRef{}, "cannot read %s: %v", name, err)
			continue
		}
		l.loadFile(p, name, data)
	}
	if progress != nil {
		progress(len(files), len(files))
	}
	if len(files) == 0 && len(l.diags) == 0 {
		l.add(model.Error, CodeNoInput, model.Pos{}, model.FieldRef{}, "no *.json file found; expected the output of aws ec2 describe-… commands (see docs/collect.md)")
	}
	s := l.assemble()
	l.diags.Sort()
	s.Notes = slices.Clone(l.diags)
	return s, l.diags
}

func (l *loader) initTables() {
	l.vpcs.what = "vpc"
	l.subnets.what = "subnet"
	l.rts.what = "route table"
	l.igws.what = "internet gateway"
	l.eigws.what = "egress-only internet gateway"
	l.nats.what = "NAT gateway"
	l.sgs.what = "security group"
	l.acls.what = "network ACL"
	l.enis.what = "network interface"
	l.instENIs.what = "network interface"
	l.instENIs.lenient = true
	l.instances.what = "instance"
	l.eips.what = "Elastic IP"
	l.endpoints.what = "VPC endpoint"
	l.dhcp.what = "DHCP option set"
	l.tgws.what = "transit gateway"
	l.tgwAtts.what = "transit gateway attachment"
	l.tgwVPCAtt.what = "transit gateway VPC attachment"
	l.tgwPeer.what = "transit gateway peering attachment"
	l.tgwRTs.what = "transit gateway route table"
	l.peerings.what = "VPC peering connection"
	l.vgws.what = "virtual private gateway"
	l.tasks.what = "ECS task"
	l.pls.what = "prefix list"
	l.sgRules.what = "security group rule"
}

// normalize returns data as UTF-8 without a byte order mark. PowerShell 5
// writes `aws … > file.json` as UTF-16 with a BOM.
func normalize(data []byte) []byte {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		return data[3:]
	case len(data) >= 2 && (data[0] == 0xFF && data[1] == 0xFE || data[0] == 0xFE && data[1] == 0xFF):
		le := data[0] == 0xFF
		data = data[2:]
		u := make([]uint16, len(data)/2)
		for i := range u {
			if le {
				u[i] = uint16(data[2*i]) | uint16(data[2*i+1])<<8
			} else {
				u[i] = uint16(data[2*i])<<8 | uint16(data[2*i+1])
			}
		}
		return []byte(string(utf16.Decode(u)))
	}
	return data
}

// topKind says how a top-level key is read.
type topKind uint8

const (
	topUnknown topKind = iota
	topList            // a list of objects of one kind
	topLinked          // a list that belongs to the table or list named beside it
	topIDKey           // the id beside a linked list, or a describe-vpc-attribute VpcId
	topAttr            // a describe-vpc-attribute value
	topZone            // the HostedZone of get-hosted-zone
	topNoise           // pagination and other bookkeeping
)

// listReader prepares the reading of a top-level list: it decodes the list
// at b[start:end] without side effects and returns what reads it. covered
// says the decode succeeded, so that the list's bytes are known to be valid
// JSON (both decoders check every byte they decode). With end < 0 it only
// tries the fast decoder, which finds where the list ends (returned in
// end); when that fails, covered is false and read is nil.
type listReader func(b []byte, key string, start, end int) (read func(l *loader, f *fileCtx), newEnd int, covered bool)

// listKeys maps each top-level list key to its reader.
var listKeys map[string]listReader

// linkedKeys maps a list that needs an id from elsewhere to the key of
// that id.
var linkedKeys = map[string]string{
	"Routes":                               "TransitGatewayRouteTableId",
	"Associations":                         "TransitGatewayRouteTableId",
	"TransitGatewayRouteTablePropagations": "TransitGatewayRouteTableId",
	"Entries":                              "PrefixListId",
	"HostedZoneSummaries":                  "VPCId",
	"ResourceRecordSets":                   "HostedZoneId",
}

var attrKeys = map[string]bool{
	"EnableDnsSupport":                 true,
	"EnableDnsHostnames":               true,
	"EnableNetworkAddressUsageMetrics": true,
}

var noiseKeys = map[string]bool{
	"NextToken":                 true,
	"AdditionalRoutesAvailable": true,
	"failures":                  true,
	"ResponseMetadata":          true,
	// Route 53 pagination, and the name servers of a public zone.
	"MaxItems":             true,
	"IsTruncated":          true,
	"Marker":               true,
	"NextMarker":           true,
	"NextRecordName":       true,
	"NextRecordType":       true,
	"NextRecordIdentifier": true,
	"DelegationSet":        true,
}

func init() {
	listKeys = map[string]listReader{
		"Vpcs":                             readList(readVPC),
		"Subnets":                          readList(readSubnet),
		"RouteTables":                      readList(readRouteTable),
		"InternetGateways":                 readList(readIGW),
		"EgressOnlyInternetGateways":       readList(readEIGW),
		"NatGateways":                      readList(readNAT),
		"VpcEndpoints":                     readList(readEndpoint),
		"SecurityGroups":                   readList(readSG),
		"SecurityGroupRules":               readList(readSGRule),
		"NetworkAcls":                      readList(readACL),
		"NetworkInterfaces":                readList(readENI),
		"DhcpOptions":                      readList(readDHCP),
		"PrefixLists":                      readList(readPrefixList),
		"TransitGateways":                  readList(readTGW),
		"TransitGatewayAttachments":        readList(readTGWAttachment),
		"TransitGatewayVpcAttachments":     readList(readTGWVPCAttachment),
		"TransitGatewayPeeringAttachments": readList(readTGWPeeringAttachment),
		"TransitGatewayRouteTables":        readList(readTGWRouteTable),
		"TransitGatewayStaticRoutes":       readList(readBatfishRoutes),
		"TransitGatewayPropagations":       readList(readBatfishPropagations),
		"VpcPeeringConnections":            readList(readPeering),
		"VpnGateways":                      readList(readVGW),
		"Reservations":                     readList(readReservation),
		"Addresses":                        readList(readAddress),
		"tasks":                            readList(readTask),
		"HostedZones":                      readList(readHostedZone),
	}
}

func (l *loader) loadFile(p, name string, data []byte) {
	// The shown name holds the path inside the folder at its end, so the
	// deepest account and Region folders win.
	account, region := layoutOf(filepath.ToSlash(name))
	f := &fileCtx{path: p, name: name, data: normalize(data), account: account, region: region}
	l.files = append(l.files, f)
	data = f.data
	// Everything read from the file holds its positions already: its text
	// can go once it is read, so that a large export is not all in memory
	// at once.
	defer func() { f.data, f.lines = nil, nil }()

	if len(bytes.TrimSpace(data)) == 0 {
		l.add(model.Error, CodeJSONSyntax, model.Pos{File: name, Line: 1, Col: 1}, model.FieldRef{},
			"the file is empty; did the aws command that wrote it fail?")
		return
	}
	top := skipWS(data, 0)
	if data[top] != '{' {
		if !json.Valid(data) {
			l.syntaxError(f)
			return
		}
		l.add(model.Warning, CodeNoKnownKey, f.pos(top, ""), model.FieldRef{},
			"the file holds %s, not an object; ignored (was it written with --query or --output text?)", jsonKind(data, top))
		return
	}
	// The top object's members. Each list the reader takes is decoded as it
	// is met, by the fast decoder, which also finds where it ends: its text
	// is read once.
	reads := map[int]func(l *loader, f *fileCtx){}
	var covered []member
	var ms []member
	eachMemberEnd(data, top, func(key string, k, start, end int) bool {
		ms = append(ms, member{key, k, start, end})
		return true
	}, func(key string, start int) int {
		r := listKeys[key]
		if r == nil || data[start] != '[' {
			return -1
		}
		read, end, ok := r(data, key, start, -1)
		if !ok {
			return -1
		}
		reads[len(ms)] = read
		covered = append(covered, member{key, 0, start, end})
		return end
	})
	present := map[string]member{}
	for _, m := range ms {
		present[m.key] = m
	}
	kinds := make([]topKind, len(ms))
	hasAttr := false
	for i, m := range ms {
		switch {
		case listKeys[m.key] != nil:
			kinds[i] = topList
		case linkedKeys[m.key] != "":
			kinds[i] = topLinked
		case attrKeys[m.key]:
			if _, ok := present["VpcId"]; ok {
				kinds[i], hasAttr = topAttr, true
			}
		case m.key == "HostedZone":
			kinds[i] = topZone
		case noiseKeys[m.key]:
			kinds[i] = topNoise
		}
	}
	for i, m := range ms {
		if kinds[i] != topUnknown {
			continue
		}
		switch m.key {
		case "VpcId":
			if hasAttr {
				kinds[i] = topIDKey
			}
		case "VPCs":
			if _, ok := present["HostedZone"]; ok {
				kinds[i] = topIDKey // read with the HostedZone
			}
		default:
			// The id beside a list that does not carry it.
			for list, idKey := range linkedKeys {
				if _, ok := present[list]; ok && idKey == m.key {
					kinds[i] = topIDKey
				}
			}
		}
	}

	// Decode the lists before reading anything: a file that is not valid
	// JSON is reported as such and nothing else. The decodes check the
	// bytes of the lists; json.Valid checks the rest (see validOutside).
	for i, m := range ms {
		if kinds[i] == topList && reads[i] == nil {
			var ok bool
			reads[i], _, ok = listKeys[m.key](data, m.key, m.start, m.end)
			if ok {
				covered = append(covered, m)
			}
		}
	}
	slices.SortFunc(covered, func(a, b member) int { return a.start - b.start })
	if !validOutside(data, covered) {
		l.syntaxError(f)
		return
	}

	var unknown []string
	firstUnknown := -1
	known := false
	for i, m := range ms {
		switch kinds[i] {
		case topUnknown:
			unknown = append(unknown, strconv.Quote(m.key))
			if firstUnknown < 0 {
				firstUnknown = i
			}
		case topList:
			known = true
			reads[i](l, f)
		case topLinked:
			known = true
			l.readLinked(f, m, present)
		case topNoise:
			l.readNoise(f, m)
		case topIDKey, topAttr:
			known = true
		case topZone:
			known = true
			l.readGetHostedZone(f, m, present)
		}
	}
	if hasAttr {
		l.readVPCAttribute(f, top)
	}
	switch {
	case !known && len(ms) == 0:
		l.add(model.Warning, CodeNoKnownKey, f.pos(top, ""), model.FieldRef{}, "the file holds an empty object; ignored")
	case !known:
		l.add(model.Warning, CodeNoKnownKey, f.pos(ms[0].keyStart, ""), model.FieldRef{},
			"no top-level key cshsim reads (%s); the file is ignored", strings.Join(unknown, ", "))
	case len(unknown) > 0:
		m := ms[firstUnknown]
		l.add(model.Warning, CodeUnknownKey, f.pos(m.keyStart, ""), model.FieldRef{},
			"unknown top-level key %s ignored", strings.Join(unknown, ", "))
	}
}

func cmpOr[S ~string](a, b S) S {
	if a != "" {
		return a
	}
	return b
}

// syntaxError reports where the JSON of f breaks.
func (l *loader) syntaxError(f *fileCtx) {
	var raw json.RawMessage
	err := json.Unmarshal(f.data, &raw)
	var se *json.SyntaxError
	off, msg := len(f.data), "invalid JSON"
	if errors.As(err, &se) {
		off = int(se.Offset)
		msg = se.Error()
	}
	if off > len(f.data) {
		off = len(f.data)
	}
	pos := f.pos(off, "")
	if strings.Contains(msg, "unexpected end of JSON input") {
		l.add(model.Error, CodeJSONSyntax, pos, model.FieldRef{},
			"the file ends in the middle of a JSON value: it is truncated (was the aws command interrupted?)")
		return
	}
	if off > 0 && off <= len(f.data) {
		// Decoder offsets point just past the offending byte.
		pos = f.pos(off-1, "")
	}
	l.add(model.Error, CodeJSONSyntax, pos, model.FieldRef{}, "invalid JSON: %s", strings.TrimPrefix(msg, "json: "))
}

func (l *loader) readNoise(f *fileCtx, m member) {
	b := f.data
	switch m.key {
	case "AdditionalRoutesAvailable":
		if string(b[m.start:m.end]) == "true" {
			l.add(model.Warning, CodeIncomplete, f.pos(m.start, m.key), model.FieldRef{},
				"AdditionalRoutesAvailable is true: the transit gateway route table has more routes than this output lists (search-transit-gateway-routes returns at most 1000; narrow --filters and collect the rest)")
		}
	case "IsTruncated":
		if string(b[m.start:m.end]) == "true" {
			l.add(model.Warning, CodeIncomplete, f.pos(m.start, m.key), model.FieldRef{},
				"IsTruncated is true: this Route 53 output is one page of several (saved with --no-paginate or --max-items?); collect the rest, or let the AWS CLI paginate")
		}
	case "failures":
		if b[m.start] == '[' {
			if n := len(elements(b, m.start)); n > 0 {
				l.add(model.Warning, CodeIncomplete, f.pos(m.start, m.key), model.FieldRef{},
					"ecs describe-tasks reported %d failure(s): those tasks are not in the snapshot", n)
			}
		}
	}
}

// validOutside reports whether data is valid JSON, given that each member
// of covered holds a list (its value starts with '[') that decoded without
// error, so is a valid JSON value: it checks data with each such value
// replaced by "[]". When data is valid, the members were found correctly
// and the check passes; when the check passes, data is valid, since each
// covered value is a valid value at a place where the rest of the text
// wants one (whatever the scanner made of invalid text). So only the bytes
// no decode covered are scanned twice.
func validOutside(data []byte, covered []member) bool {
	if len(covered) == 0 {
		return json.Valid(data)
	}
	n := len(data)
	for _, m := range covered {
		n -= m.end - m.start - 2
	}
	skel := make([]byte, 0, n)
	at := 0
	for _, m := range covered {
		skel = append(skel, data[at:m.start]...)
		skel = append(skel, '[', ']')
		at = m.end
	}
	skel = append(skel, data[at:]...)
	return json.Valid(skel)
}

// readList returns a reader that decodes a top-level list in one call and
// hands each element to fn.
func readList[T any](fn func(l *loader, e *elemCtx, v *T)) listReader {
	return func(b []byte, key string, start, end int) (func(l *loader, f *fileCtx), int, bool) {
		var vs []T
		var elems []elemSpan
		var t tape
		var ok bool
		if end < 0 {
			if vs, elems, t, end, ok = decodeList[T](b, start, -1); !ok {
				return nil, -1, false
			}
		} else {
			// The fast decoder already failed on this list (or it is not
			// a list): only encoding/json can take it, and its error is
			// what gets reported.
			ok = start < end && b[start] == '[' && json.Unmarshal(b[start:end], &vs) == nil
		}
		return func(l *loader, f *fileCtx) {
			eachElemDecoded(l, f, key, start, end, vs, elems, t, ok, func(e *elemCtx, v *T) { fn(l, e, v) })
		}, end, ok
	}
}

// eachElem decodes the list at f.data[start:end] and hands each element to
// fn.
func eachElem[T any](l *loader, f *fileCtx, path string, start, end int, fn func(e *elemCtx, v *T)) {
	vs, elems, t, ok := decodeSlice[T](f.data, start, end)
	eachElemDecoded(l, f, path, start, end, vs, elems, t, ok, fn)
}

// decodeSlice decodes the list at b[start:end], with the fast decoder when
// it can and else with encoding/json; elems and t are nil in the second
// case. ok is false when the text is not a list or does not decode.
func decodeSlice[T any](b []byte, start, end int) (vs []T, elems []elemSpan, t tape, ok bool) {
	if start >= end || b[start] != '[' {
		return nil, nil, nil, false
	}
	if vs, elems, t, _, ok := decodeList[T](b, start, end); ok {
		return vs, elems, t, true
	}
	return vs, nil, nil, json.Unmarshal(b[start:end], &vs) == nil
}

// eachElemDecoded is eachElem once the list has been decoded into vs, if
// decoded.
func eachElemDecoded[T any](l *loader, f *fileCtx, path string, start, end int, vs []T, elems []elemSpan, t tape, decoded bool, fn func(e *elemCtx, v *T)) {
	b := f.data
	switch b[start] {
	case '[':
	case 'n':
		return // null: an empty list
	default:
		l.add(model.Error, CodeBadType, f.pos(start, path), model.FieldRef{}, "want a list, found %s", jsonKind(b, start))
		return
	}
	// The whole list was decoded in one call: the file is valid JSON, so
	// this fails only on a type error somewhere in the list. Then decode
	// element by element, so that each error is reported where it is.
	if decoded {
		// Scan each element once: its members are kept for positions. The
		// caches of nested containers are shared by the elements (they are
		// keyed by offset in the file), so that their maps are reused.
		var objects map[int][]span
		var arrays map[int][]int
		if elems != nil {
			// The fast decoder noted where each element and its values
			// are.
			idx := elemIndex{}
			for k := range vs {
				if len(idx) > 0 {
					clear(idx) // the arrays of the element before
				}
				es := &elems[k]
				fn(&elemCtx{f: f, start: es.start, path: elemPath(path, k), tape: t, node: es.node, elems: idx}, &vs[k])
			}
			t.release()
			return
		}
		i := skipWS(b, start+1)
		for k := 0; k < len(vs) && i < len(b) && b[i] != ']'; k++ {
			if len(objects) > 0 {
				clear(objects)
			}
			if len(arrays) > 0 {
				clear(arrays)
			}
			ec := &elemCtx{f: f, start: i, path: elemPath(path, k), objects: objects, arrays: arrays}
			var e int
			if b[i] == '{' {
				ec.top, e = spansEnd(b, i)
				ec.topOK = true
			} else {
				e = skipValue(b, i)
			}
			if e == i {
				return
			}
			fn(ec, &vs[k])
			objects, arrays = ec.objects, ec.arrays
			i = skipWS(b, e)
			if i < len(b) && b[i] == ',' {
				i = skipWS(b, i+1)
			}
		}
		return
	}
	eachElement(b, start, func(k, s, e int) bool {
		var v T
		ec := &elemCtx{f: f, start: s, path: elemPath(path, k)}
		if err := json.Unmarshal(b[s:e], &v); err != nil {
			ec.bad = true
			l.decodeError(ec, e, err)
			if b[s] != '{' {
				return true
			}
		}
		fn(ec, &v)
		return true
	})
}

// elemPath returns path[k].
func elemPath(path string, k int) string {
	buf := make([]byte, 0, len(path)+8)
	buf = append(buf, path...)
	buf = append(buf, '[')
	buf = strconv.AppendInt(buf, int64(k), 10)
	buf = append(buf, ']')
	return string(buf)
}

// decodeError reports a decoding error inside the element e (ending at end).
func (l *loader) decodeError(e *elemCtx, end int, err error) {
	var te *json.UnmarshalTypeError
	if !errors.As(err, &te) {
		l.add(model.Error, CodeBadType, e.at(""), model.FieldRef{}, "cannot decode: %v", err)
		return
	}
	b := e.f.data
	off := e.start + int(te.Offset)
	if off > end {
		off = end
	}
	rel := pathAt(b, e.start, off)
	pos := e.at(rel)
	found, _, _ := strings.Cut(te.Value, " ")
	want := goKind(te.Type)
	msg := fmt.Sprintf("want %s, found %s", want, article(found))
	if found == "number" && want == "a whole number" {
		msg = "want a whole number in range, found another number"
	}
	l.add(model.Error, CodeBadType, pos, model.FieldRef{}, "%s", msg)
}

func goKind(t reflect.Type) string {
	if t == nil {
		return "another type"
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Bool:
		return "a boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	}
	return "another type"
}

func article(jsonType string) string {
	switch jsonType {
	case "array":
		return "a list"
	case "object":
		return "an object"
	case "string":
		return "a string"
	case "number":
		return "a number"
	case "bool":
		return "a boolean"
	}
	return jsonType
}
