package awscli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"

	"github.com/cshsim/cshsim/internal/jsonpos"
	"github.com/cshsim/cshsim/model"
)

// This file recognises the shape of each file and hands each top-level key to its reader.

// member is one member of the top-level object of a file: its key, where
// the key starts and the span of its value.
type member struct {
	key        string
	keyStart   int
	start, end int
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
// at b[start:end] without side effects and returns what reads it. decoded
// says the decode succeeded. With end < 0 it only tries the fast decoder,
// which finds where the list ends (returned in newEnd) and checks every
// byte it reads (see checkOutside); when that fails, decoded is false and
// read is nil.
type listReader func(b []byte, key string, start, end int) (read func(l *loader, f *fileCtx), newEnd int, decoded bool)

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
	f := &fileCtx{path: p, name: name, data: jsonpos.Normalize(data), account: account, region: region}
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
	top := jsonpos.SkipWS(data, 0)
	if data[top] != '{' {
		if e := jsonpos.Check(data); e != nil {
			l.jsonError(f, e)
			return
		}
		l.add(model.Warning, CodeNoKnownKey, f.pos(top, ""), model.FieldRef{},
			"the file holds %s, not an object; ignored (was it written with --query or --output text?)", jsonpos.KindAt(data, top))
		return
	}
	// The top object's members. Each list the reader takes is decoded as it
	// is met, by the fast decoder, which also finds where it ends: its text
	// is read once.
	reads := map[int]func(l *loader, f *fileCtx){}
	var fast []member
	var ms []member
	jsonpos.EachMember(data, top, func(sp jsonpos.Span) int {
		key := sp.Key(data)
		r := listKeys[key]
		if r == nil || data[sp.Start] != '[' {
			return -1
		}
		read, end, ok := r(data, key, sp.Start, -1)
		if !ok {
			return -1
		}
		reads[len(ms)] = read
		fast = append(fast, member{key, 0, sp.Start, end})
		return end
	}, func(sp jsonpos.Span) bool {
		ms = append(ms, member{sp.Key(data), sp.KeyStart, sp.Start, sp.End})
		return true
	})
	// The fast decoder checked the bytes of its lists; check the rest
	// before anything else is decoded, so that a file that is not valid
	// JSON (or nests too deep, or is not UTF-8) is reported as such and
	// nothing else.
	if e := checkOutside(data, fast); e != nil {
		l.jsonError(f, e)
		return
	}
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

	// Decode the lists the fast decoder left, with encoding/json.
	for i, m := range ms {
		if kinds[i] == topList && reads[i] == nil {
			reads[i], _, _ = listKeys[m.key](data, m.key, m.start, m.end)
		}
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

// jsonError reports what jsonpos.Check found wrong in the text of f.
func (l *loader) jsonError(f *fileCtx, e *jsonpos.Error) {
	msg := e.Msg
	if e.Truncated {
		msg += " (was the aws command interrupted?)"
	}
	l.add(model.Error, CodeJSONSyntax, f.pos(e.Off, ""), model.FieldRef{}, "%s", msg)
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
			if n := len(jsonpos.Elements(b, m.start)); n > 0 {
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
			l.add(model.Error, CodeBadType, f.pos(im.start, idKey), model.FieldRef{}, "want a string, found %s", jsonpos.KindAt(f.data, im.start))
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

// checkOutside runs jsonpos.Check over data with the value of each member
// of fast replaced by "[]", and returns its error with the offset in data.
// Each member of fast holds a list the fast decoder read, which so is valid
// JSON, UTF-8 and nested fewer than maxDepth levels, at a place where the
// rest of the text wants a value: data passes exactly when the rest does.
// So only the bytes the fast decoder did not read are scanned twice.
func checkOutside(data []byte, fast []member) *jsonpos.Error {
	if len(fast) == 0 {
		return jsonpos.Check(data)
	}
	n := len(data)
	for _, m := range fast {
		n -= m.end - m.start - 2
	}
	skel := make([]byte, 0, n)
	at := 0
	for _, m := range fast {
		skel = append(skel, data[at:m.start]...)
		skel = append(skel, '[', ']')
		at = m.end
	}
	skel = append(skel, data[at:]...)
	e := jsonpos.Check(skel)
	if e == nil {
		return nil
	}
	// Back to an offset in data.
	shift := 0
	for _, m := range fast {
		s := m.start - shift // where "[]" starts in skel
		switch {
		case e.Off == s:
			e.Off = m.start
			return e
		case e.Off == s+1:
			e.Off = m.end - 1
			return e
		case e.Off < s:
			e.Off += shift
			return e
		}
		shift += m.end - m.start - 2
	}
	e.Off += shift
	return e
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
			ok = start < end && b[start] == '[' &&
				(reflect.TypeFor[T]().Kind() != reflect.Struct || allObjects(b, start)) &&
				json.Unmarshal(b[start:end], &vs) == nil
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
	if reflect.TypeFor[T]().Kind() == reflect.Struct && !allObjects(b, start) {
		// A list of objects with something else in it fails to decode
		// whole; decoding it first would allocate every element (a
		// million numbers in a Subnets list cost a gigabyte) only to
		// decode each again, one by one.
		return nil, nil, nil, false
	}
	return vs, nil, nil, json.Unmarshal(b[start:end], &vs) == nil
}

// allObjects reports whether every element of the list at b[start] is an
// object (or null, which decodes to the zero value).
func allObjects(b []byte, start int) bool {
	all := true
	jsonpos.EachElement(b, start, func(_ int, sp jsonpos.Span) bool {
		all = b[sp.Start] == '{' || b[sp.Start] == 'n'
		return all
	})
	return all
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
		l.add(model.Error, CodeBadType, f.pos(start, path), model.FieldRef{}, "want a list, found %s", jsonpos.KindAt(b, start))
		return
	}
	// The whole list was decoded in one call: the file is valid JSON, so
	// this fails only on a type error somewhere in the list. Then decode
	// element by element, so that each error is reported where it is.
	if decoded {
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
		// The elements share one Finder (its lists are keyed by offset in
		// the file), reset between them so that it stays small.
		fd := jsonpos.NewFinder(b)
		jsonpos.EachElement(b, start, func(k int, sp jsonpos.Span) bool {
			if k >= len(vs) {
				return false
			}
			fd.Reset()
			fn(&elemCtx{f: f, start: sp.Start, path: elemPath(path, k), fd: fd}, &vs[k])
			return true
		})
		return
	}
	isStruct := reflect.TypeFor[T]().Kind() == reflect.Struct
	jsonpos.EachElement(b, start, func(k int, sp jsonpos.Span) bool {
		if isStruct && len(l.diags) > model.MaxDiagnostics && b[sp.Start] != '{' && b[sp.Start] != 'n' {
			// Past the cap, an element that is no object is only counted.
			l.add(model.Error, CodeBadType, model.Pos{File: f.name}, model.FieldRef{}, "")
			return true
		}
		var v T
		ec := &elemCtx{f: f, start: sp.Start, path: elemPath(path, k)}
		if err := json.Unmarshal(b[sp.Start:sp.End], &v); err != nil {
			ec.bad = true
			l.decodeError(ec, sp.End, err)
			if b[sp.Start] != '{' {
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
	// The decoder's offset is just past the offending token.
	rel, _ := jsonpos.PathAt(b, e.start, off-1)
	pos := e.at(rel)
	want, found := jsonpos.TypeError(te)
	msg := fmt.Sprintf("want %s, found %s", want, found)
	if found == "a number" && want == "a whole number" {
		msg = "want a whole number in range, found another number"
	}
	l.add(model.Error, CodeBadType, pos, model.FieldRef{}, "%s", msg)
}
