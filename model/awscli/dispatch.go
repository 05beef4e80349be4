package awscli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/cshsim/cshsim/model"
)

// This file recognises the shape of each file and hands each top-level key to its reader.

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

// readLinked reads a list whose owner id sits beside it or in the path:
// search-transit-gateway-routes, get-transit-gateway-route-table-
// associations and -propagations, get-managed-prefix-list-entries.
func (l *loader) readLinked(f *fileCtx, m member, present map[string]member) {
	idKey := linkedKeys[m.key]
	id := ""
	if im, ok := present[idKey]; ok {
		if json.Unmarshal(f.data[im.start:im.end], &id) != nil {
			l.add(model.Error, CodeBadType, f.pos(im.start, idKey), model.FieldRef{}, "want a string, found %s", jsonKind(f.data, im.start))
		}
	}
	name := filepath.ToSlash(f.name)
	switch m.key {
	case "Entries":
		id = cmpOr(id, idInPath(name, "pl-"))
	case "HostedZoneSummaries":
		id = cmpOr(id, idInPathFunc(name, "vpc-", isHex))
	case "ResourceRecordSets":
		id = cmpOr(zoneID(id), zoneIDInPath(name))
	default:
		id = cmpOr(id, idInPath(name, "tgw-rtb-"))
	}
	at := f.pos(m.start, m.key)
	switch m.key {
	case "HostedZoneSummaries":
		l.readZoneSummaries(f, m, present, id, at)
	case "ResourceRecordSets":
		l.readRecordSets(f, m, id, at)
	case "Routes":
		b := routeBatch{table: id, full: true, at: at}
		eachElem(l, f, m.key, m.start, m.end, func(e *elemCtx, v *rawTGWRoute) { l.tgwRoute(e, v, &b) })
		l.tgwRoutes = append(l.tgwRoutes, b)
	case "Associations", "TransitGatewayRouteTablePropagations":
		b := linkBatch{table: id, propagation: m.key != "Associations", at: at}
		eachElem(l, f, m.key, m.start, m.end, func(e *elemCtx, v *rawTGWTableLink) {
			b.links = append(b.links, *v)
			b.pos = append(b.pos, e.at(""))
		})
		l.tgwLinks = append(l.tgwLinks, b)
	case "Entries":
		b := cidrBatch{list: id, pos: at, f: f}
		eachElem(l, f, m.key, m.start, m.end, func(e *elemCtx, v *rawPLEntry) {
			if p, ok := l.prefix(e, ".Cidr", v.Cidr, model.FieldRef{ID: id}); ok {
				b.cidrs = append(b.cidrs, p)
			}
		})
		l.plCIDRs = append(l.plCIDRs, b)
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
