package awscli

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/cshsim/cshsim/internal/jsonpos"
	"github.com/cshsim/cshsim/model"
)

// This file reads Route 53 private hosted zones: get-hosted-zone,
// list-hosted-zones, list-hosted-zones-by-vpc and list-resource-record-sets.
// A zone may be described by several of them (list-hosted-zones names it,
// get-hosted-zone gives its VPCs, list-hosted-zones-by-vpc one VPC per
// file): the descriptions merge by zone id once every file is read.

// zoneDesc is one description of a hosted zone.
type zoneDesc struct {
	id, name string
	private  model.OptBool // Config.PrivateZone; True for list-hosted-zones-by-vpc
	// assoc marks a description that says which VPCs the zone is
	// associated with (get-hosted-zone, list-hosted-zones-by-vpc).
	assoc bool
	vpcs  []string
	vpcAt []model.Pos
	pos   model.Pos
}

// zoneBatch is the zones of one file. For list-hosted-zones-by-vpc every
// zone is associated with the VPC the output was asked about, which the
// output itself does not name.
type zoneBatch struct {
	byVPC bool
	vpc   string    // byVPC: the VPC, "" until known
	vpcAt model.Pos // byVPC: where the VPC id was found
	at    model.Pos
	zones []zoneDesc
}

// recordBatch is one list-resource-record-sets output.
type recordBatch struct {
	zone    string // "" until known
	records []model.DNSRecord
	pos     []model.Pos
	at      model.Pos
}

// trimDot returns a DNS name without its final dot.
func trimDot(name string) string {
	return strings.TrimSuffix(strings.TrimSpace(name), ".")
}

// readGetHostedZone reads get-hosted-zone output: the HostedZone object,
// and the VPCs beside it.
func (l *loader) readGetHostedZone(f *fileCtx, m member, present map[string]member) {
	b := f.data
	if b[m.start] != '{' {
		l.add(model.Error, CodeBadType, f.pos(m.start, m.key), model.FieldRef{}, "want an object, found %s", jsonpos.KindAt(b, m.start))
		return
	}
	e := &elemCtx{f: f, start: m.start, path: m.key}
	var v rawHostedZone
	if err := json.Unmarshal(b[m.start:m.end], &v); err != nil {
		e.bad = true
		l.decodeError(e, m.end, err)
	}
	d, ok := l.zone(e, &v)
	if !ok {
		return
	}
	if vm, ok := present["VPCs"]; ok {
		d.assoc = true
		eachElem(l, f, vm.key, vm.start, vm.end, func(ve *elemCtx, z *rawZoneVPC) {
			if z.VPCID != "" && !slices.Contains(d.vpcs, z.VPCID) {
				d.vpcs = append(d.vpcs, z.VPCID)
				d.vpcAt = append(d.vpcAt, ve.at(".VPCId"))
			}
		})
	}
	l.zones = append(l.zones, zoneBatch{at: e.at(""), zones: []zoneDesc{d}})
}

// readHostedZone reads one zone of list-hosted-zones, which does not say
// which VPCs a private zone is associated with.
func readHostedZone(l *loader, e *elemCtx, v *rawHostedZone) {
	d, ok := l.zone(e, v)
	if !ok {
		return
	}
	l.zones = append(l.zones, zoneBatch{at: e.at(""), zones: []zoneDesc{d}})
}

// zone converts the HostedZone shape.
func (l *loader) zone(e *elemCtx, v *rawHostedZone) (zoneDesc, bool) {
	id := zoneID(v.ID)
	if id == "" {
		l.missing(e, "Id")
		return zoneDesc{}, false
	}
	d := zoneDesc{id: id, name: trimDot(v.Name), pos: e.at("")}
	if v.Config != nil {
		d.private = optBool(v.Config.PrivateZone)
	}
	return d, true
}

// readZoneSummaries reads list-hosted-zones-by-vpc output; vpc is the id
// found beside the list or in the path, or "".
func (l *loader) readZoneSummaries(f *fileCtx, m member, present map[string]member, vpc string, at model.Pos) {
	b := zoneBatch{byVPC: true, vpc: vpc, vpcAt: at, at: at}
	if im, ok := present["VPCId"]; ok && vpc != "" {
		b.vpcAt = f.pos(im.start, "VPCId")
	}
	eachElem(l, f, m.key, m.start, m.end, func(e *elemCtx, v *rawZoneSummary) {
		id := zoneID(v.HostedZoneID)
		if id == "" {
			l.missing(e, "HostedZoneId")
			return
		}
		// The command lists private zones only.
		b.zones = append(b.zones, zoneDesc{id: id, name: trimDot(v.Name), private: model.True, assoc: true, pos: e.at("")})
	})
	l.zones = append(l.zones, b)
}

// readRecordSets reads list-resource-record-sets output; zone is the id
// found beside the list or in the path, or "".
func (l *loader) readRecordSets(f *fileCtx, m member, zone string, at model.Pos) {
	b := recordBatch{zone: zone, at: at}
	eachElem(l, f, m.key, m.start, m.end, func(e *elemCtx, v *rawRecordSet) {
		if v.Name == "" {
			if !e.bad {
				l.add(model.Error, CodeMissingField, e.at(""), model.FieldRef{ID: zone}, "the record set has no Name; skipped")
			}
			return
		}
		r := model.DNSRecord{Name: trimDot(v.Name), Type: v.Type}
		if v.AliasTarget != nil {
			r.Alias = trimDot(v.AliasTarget.DNSName)
		}
		for _, rr := range v.ResourceRecords {
			r.Values = append(r.Values, rr.Value)
		}
		b.records = append(b.records, r)
		b.pos = append(b.pos, e.at(""))
	})
	l.records = append(l.records, b)
}

// zoneAcc is a hosted zone while its descriptions merge.
type zoneAcc struct {
	z       model.HostedZone
	pos     model.Pos
	private bool // some description says PrivateZone true
	public  bool // some description says PrivateZone false
	assoc   bool // some description gives its VPC associations
	refs    []srcRef
	records bool // some list-resource-record-sets output is for it
}

func (a *zoneAcc) kept() bool { return a.private || len(a.z.VPCs) > 0 }

// hostedZones merges the hosted zone descriptions and their records into
// s.HostedZones. Only private zones are kept: those some output says are
// private, or that are associated with a VPC.
func (l *loader) hostedZones(s *model.Snapshot) {
	var order []*zoneAcc
	byID := map[string]*zoneAcc{}
	for _, b := range l.zones {
		if b.byVPC && b.vpc == "" {
			if len(l.vpcs.items) != 1 {
				l.add(model.Warning, CodeMissingID, b.at, model.FieldRef{},
					"list-hosted-zones-by-vpc output without a VPC id; ignored (add \"VPCId\" beside \"HostedZoneSummaries\" or name the file after the VPC, vpc-….json, see docs/collect.md)")
				continue
			}
			b.vpc = l.vpcs.items[0].v.ID
			l.add(model.Warning, CodeInferredID, b.at, model.FieldRef{ID: b.vpc},
				"list-hosted-zones-by-vpc output without a VPC id: taken to be %q, the only VPC in the export", b.vpc)
		}
		for _, d := range b.zones {
			if b.byVPC {
				d.vpcs, d.vpcAt = []string{b.vpc}, []model.Pos{b.vpcAt}
			}
			a := byID[d.id]
			if a == nil {
				a = &zoneAcc{z: model.HostedZone{ID: d.id, Name: d.name}, pos: d.pos}
				byID[d.id] = a
				order = append(order, a)
			}
			if !strings.EqualFold(a.z.Name, d.name) {
				if a.z.Name != "" && d.name != "" {
					l.add(model.Error, CodeConflict, d.pos, model.FieldRef{ID: d.id},
						"hosted zone %q is named %q here and %q at %s", d.id, d.name, a.z.Name, where(a.pos))
					continue
				}
				a.z.Name = cmpOr(a.z.Name, d.name)
			}
			a.private = a.private || d.private == model.True
			a.public = a.public || d.private == model.False
			a.assoc = a.assoc || d.assoc
			for k, vpc := range d.vpcs {
				if !slices.Contains(a.z.VPCs, vpc) {
					a.refs = append(a.refs, srcRef{fmt.Sprintf("vpcs[%d]", len(a.z.VPCs)), d.vpcAt[k]})
					a.z.VPCs = append(a.z.VPCs, vpc)
				}
			}
		}
	}

	// Records.
	for _, b := range l.records {
		if b.zone != "" {
			if a := byID[b.zone]; a != nil {
				a.records = true
			}
		}
	}
	for _, b := range l.records {
		id := b.zone
		if id == "" {
			// Records without a zone id: give them to the only private
			// zone whose records are missing, if there is exactly one.
			var cands []*zoneAcc
			for _, a := range order {
				if a.kept() && !a.records {
					cands = append(cands, a)
				}
			}
			if len(cands) != 1 {
				l.add(model.Warning, CodeMissingID, b.at, model.FieldRef{},
					"list-resource-record-sets output without a hosted zone id; ignored (add \"HostedZoneId\" beside \"ResourceRecordSets\" or name the file after the zone, Z….json, see docs/collect.md)")
				continue
			}
			id = cands[0].z.ID
			cands[0].records = true
			l.add(model.Warning, CodeInferredID, b.at, model.FieldRef{ID: id},
				"list-resource-record-sets output without a hosted zone id: taken to be the records of %q (%s), the only private hosted zone without them", id, cands[0].z.Name)
		}
		a := byID[id]
		switch {
		case a != nil && a.kept():
		case a != nil && a.public:
			continue // a public zone: cshsim simulates private DNS only
		default:
			l.add(model.Warning, CodeOrphan, b.at, model.FieldRef{ID: id},
				"list-resource-record-sets output for hosted zone %q, which no get-hosted-zone, list-hosted-zones or list-hosted-zones-by-vpc output lists; ignored", id)
			continue
		}
		for j, r := range b.records {
			if slices.ContainsFunc(a.z.Records, func(x model.DNSRecord) bool { return deepEqual(x, r) }) {
				continue // the same record twice: pages saved twice
			}
			a.refs = append(a.refs, srcRef{fmt.Sprintf("records[%d]", len(a.z.Records)), b.pos[j]})
			a.z.Records = append(a.z.Records, r)
		}
	}

	var noAssoc, noRecords []*zoneAcc
	for _, a := range order {
		if !a.kept() {
			continue
		}
		s.HostedZones = append(s.HostedZones, a.z)
		record(s, a.z.ID, a.pos, a.refs)
		switch {
		case !a.assoc && len(a.z.VPCs) == 0:
			noAssoc = append(noAssoc, a)
		case len(a.z.Records) == 0:
			noRecords = append(noRecords, a)
		}
	}
	if len(noAssoc) > 0 {
		l.add(model.Warning, CodeIncomplete, noAssoc[0].pos, model.FieldRef{ID: noAssoc[0].z.ID},
			"%s: the export does not say which VPCs %s associated with, so %s no query; add get-hosted-zone (per zone) or list-hosted-zones-by-vpc (per VPC) output, see docs/collect.md",
			zoneList("private hosted zone", noAssoc), isAre(len(noAssoc), "it is", "they are"), isAre(len(noAssoc), "it answers", "they answer"))
	}
	if len(noRecords) > 0 {
		l.add(model.Warning, CodeIncomplete, noRecords[0].pos, model.FieldRef{ID: noRecords[0].z.ID},
			"%s: no list-resource-record-sets output, so cshsim takes %s to hold no record and names under %s do not resolve in the associated VPCs; add list-resource-record-sets output (per zone), see docs/collect.md",
			zoneList("private hosted zone", noRecords), isAre(len(noRecords), "it", "them"), isAre(len(noRecords), "it", "them"))
	}
}

// zoneList names zones for a message: "private hosted zone Z1 (a.example)"
// or "3 private hosted zones: Z1 (a.example), Z2 (b.example), Z3 (c.example)".
func zoneList(what string, zs []*zoneAcc) string {
	names := make([]string, len(zs))
	for i, a := range zs {
		names[i] = fmt.Sprintf("%s (%s)", a.z.ID, a.z.Name)
	}
	if len(zs) == 1 {
		return what + " " + names[0]
	}
	return fmt.Sprintf("%d %ss: %s", len(zs), what, strings.Join(names, ", "))
}

func isAre(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
