package awscli

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/cshsim/cshsim/internal/jsonpos"
	"github.com/cshsim/cshsim/internal/safeio"
	"github.com/cshsim/cshsim/model"
)

// This file holds the entry points (Load, LoadProgress, LoadFS), the loader and the contexts that place what is read.

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
	return LoadWith(dir, Options{Progress: progress})
}

// Options adjust LoadWith.
type Options struct {
	// Progress, when set, is told after each file how many have been read.
	Progress Progress
	// MaxBytes is the size limit of one file; 0 means safeio.DefaultLimit.
	// Only regular files are read: a named pipe, a device or a socket in
	// the folder (or a link to one) is a read-error naming it, never a
	// wait or an endless read.
	MaxBytes int64
}

// LoadWith is Load with options.
func LoadWith(dir string, opts Options) (*model.Snapshot, model.Diagnostics) {
	info, err := safeio.Stat(dir)
	if err != nil {
		return failed(dir, err)
	}
	if !info.IsDir() {
		parent := filepath.Dir(dir)
		return load(os.DirFS(parent), []string{filepath.Base(dir)}, func(p string) string {
			return filepath.Join(parent, filepath.FromSlash(p))
		}, nil, opts)
	}
	display := func(p string) string { return filepath.Join(dir, filepath.FromSlash(p)) }
	files, diags := list(os.DirFS(dir), ".", display)
	return load(os.DirFS(dir), files, display, diags, opts)
}

// LoadFS does what Load does over a file system: it reads every *.json
// file under root in fsys. Positions name files by their path in fsys.
func LoadFS(fsys fs.FS, root string) (*model.Snapshot, model.Diagnostics) {
	display := func(p string) string { return p }
	files, diags := list(fsys, root, display)
	return load(fsys, files, display, diags, Options{})
}

func failed(name string, err error) (*model.Snapshot, model.Diagnostics) {
	why := strings.TrimPrefix(err.Error(), name+": ")
	if pe, ok := err.(*fs.PathError); ok {
		why = pe.Err.Error()
	}
	d := model.Diagnostics{{
		Pos:      model.Pos{File: name},
		Severity: model.Error,
		Code:     CodeRead,
		Message:  fmt.Sprintf("cannot read %s: %s", name, why),
	}}
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
	lines   *jsonpos.Lines
	line    int    // the line of the last position, where the next is looked for first
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
		f.lines = jsonpos.NewLines(f.data)
	}
	line, col := f.lines.PosFrom(off, f.line)
	f.line = line
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
	// fd finds values by path when there is no tape; made on first use,
	// shared with the contexts of the values below.
	fd *jsonpos.Finder
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
	return &elemCtx{f: e.f, start: e.locate(rel), path: e.join(rel), bad: e.bad, fd: e.fd}
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
	if e.fd == nil {
		e.fd = jsonpos.NewFinder(e.f.data)
	}
	return e.fd.Offset(e.start, rel)
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
	if len(l.diags) >= model.MaxDiagnostics {
		// Past the cap, counted without formatting (model.Diagnostics.Add).
		l.diags.Add(model.Diagnostic{Pos: pos, Severity: sev, Code: code})
		return
	}
	l.diags.Add(model.Diagnostic{
		Pos:      pos,
		Severity: sev,
		Code:     code,
		Message:  fmt.Sprintf(format, args...),
		Ref:      ref,
	})
}

func load(fsys fs.FS, files []string, display func(string) string, diags model.Diagnostics, opts Options) (*model.Snapshot, model.Diagnostics) {
	progress := opts.Progress
	l := &loader{diags: diags}
	l.initTables()
	for i, p := range files {
		if progress != nil {
			progress(i, len(files))
		}
		data, err := safeio.ReadFS(fsys, p, opts.MaxBytes)
		name := display(p)
		if err != nil {
			// safeio's errors name the file by its path in fsys.
			why := strings.TrimPrefix(err.Error(), p+": ")
			if pe, ok := err.(*fs.PathError); ok {
				why = pe.Err.Error()
			}
			l.add(model.Error, CodeRead, model.Pos{File: name}, model.FieldRef{}, "cannot read %s: %s", name, why)
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
