package tfplan

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/cshsim/cshsim/internal/jsonpos"
	"github.com/cshsim/cshsim/internal/safeio"
	"github.com/cshsim/cshsim/model"
)

// Diagnostic codes of the Terraform plan reader. They are stable: tests and
// users' scripts match on them.
const (
	// CodeRead: the file could not be read.
	CodeRead = model.CodeRead
	// CodeJSONSyntax: the file is not valid JSON (or is empty, or truncated).
	CodeJSONSyntax = model.CodeJSONSyntax
	// CodeNotAPlan: valid JSON that is not `terraform show -json` output of
	// a plan (a state file, another tool's output).
	CodeNotAPlan = "not-a-plan"
	// CodeUnsupportedFormat: a format_version outside 0.1 to 1.x.
	CodeUnsupportedFormat = "unsupported-format"
	// CodeBadType: a member holds the wrong JSON type.
	CodeBadType = model.CodeBadType
	// CodeBadValue: a CIDR, address, protocol or port that does not parse.
	CodeBadValue = model.CodeBadValue
	// CodeUnsupportedResource: resources of types cshsim does not model;
	// one warning lists all their addresses.
	CodeUnsupportedResource = "unsupported-resource"
	// CodeUnknownValue: a value that matters is known only after apply; the
	// message says what was assumed instead.
	CodeUnknownValue = "unknown-value"
	// CodeUnresolvedRef: an id known only after apply whose configuration
	// expression leads to no object of the plan (an error).
	CodeUnresolvedRef = "unresolved-reference"
	// CodeAmbiguousRef: an expression leads to several objects where one
	// is needed; the message names the one taken.
	CodeAmbiguousRef = "ambiguous-reference"
	// CodeExternalRef: a reference to an object the plan does not create (an
	// existing resource named by id, a data source); the id is kept.
	CodeExternalRef = "external-reference"
	// CodePartialResource: a supported resource that can be modelled only in
	// part (an ECS service without awsvpc network configuration, a group or
	// instance placed in the Region's default VPC).
	CodePartialResource = "partial-resource"
	// CodeIncompletePlan: the plan says it is incomplete (errored, or
	// complete is false).
	CodeIncompletePlan = "incomplete-plan"
	// CodeDuplicateID: one resource address twice in planned_values,
	// resource_changes or prior_state; the message names where the first
	// one, which is read, is.
	CodeDuplicateID = model.CodeDuplicateID
)

// The JSON envelope of `terraform show -json PLANFILE` (HashiCorp, "JSON
// Output Format"). Only the members cshsim reads are declared.

type planDoc struct {
	FormatVersion   json.RawMessage `json:"format_version"`
	TerraformVer    json.RawMessage `json:"terraform_version"`
	Variables       json.RawMessage `json:"variables"`
	PlannedValues   json.RawMessage `json:"planned_values"`
	ResourceChanges json.RawMessage `json:"resource_changes"`
	PriorState      json.RawMessage `json:"prior_state"`
	Configuration   json.RawMessage `json:"configuration"`
	Values          json.RawMessage `json:"values"` // state output, not a plan
	Errored         json.RawMessage `json:"errored"`
	Complete        json.RawMessage `json:"complete"`
}

type valuesRepr struct {
	RootModule moduleValues `json:"root_module"`
}

type moduleValues struct {
	Address      string           `json:"address"`
	Resources    []resourceValues `json:"resources"`
	ChildModules []moduleValues   `json:"child_modules"`
}

type resourceValues struct {
	Address string          `json:"address"`
	Mode    string          `json:"mode"`
	Type    string          `json:"type"`
	Name    string          `json:"name"`
	Index   json.RawMessage `json:"index"`
	Values  json.RawMessage `json:"values"`
}

type resourceChange struct {
	Address string          `json:"address"`
	Mode    string          `json:"mode"`
	Type    string          `json:"type"`
	Name    string          `json:"name"`
	Index   json.RawMessage `json:"index"`
	Deposed string          `json:"deposed"`
	Change  struct {
		Actions      []string        `json:"actions"`
		After        json.RawMessage `json:"after"`
		AfterUnknown json.RawMessage `json:"after_unknown"`
	} `json:"change"`
}

type stateRepr struct {
	Values *valuesRepr `json:"values"`
}

type configRepr struct {
	ProviderConfig map[string]providerCfg `json:"provider_config"`
	RootModule     moduleCfg              `json:"root_module"`
}

type providerCfg struct {
	Name        string                     `json:"name"`
	Expressions map[string]json.RawMessage `json:"expressions"`
}

type moduleCfg struct {
	Outputs     map[string]outputCfg   `json:"outputs"`
	Resources   []resourceCfg          `json:"resources"`
	ModuleCalls map[string]moduleCall  `json:"module_calls"`
	Variables   map[string]variableCfg `json:"variables"`
}

type outputCfg struct {
	Expression expr `json:"expression"`
}

type variableCfg struct {
	Default json.RawMessage `json:"default"`
}

type resourceCfg struct {
	Address     string                     `json:"address"`
	Mode        string                     `json:"mode"`
	Type        string                     `json:"type"`
	Name        string                     `json:"name"`
	Expressions map[string]json.RawMessage `json:"expressions"`
}

type moduleCall struct {
	Expressions map[string]json.RawMessage `json:"expressions"`
	Module      moduleCfg                  `json:"module"`
}

// expr is an expression representation: a constant or the references it
// makes.
type expr struct {
	ConstantValue json.RawMessage `json:"constant_value"`
	References    []string        `json:"references"`
}

// IsPlan reports whether data looks like `terraform show -json` output of
// a plan, so that it is read as one:
//
//   - valid JSON is a plan when its top-level object has format_version and
//     planned_values or resource_changes (a state, which has values
//     instead, is not);
//   - damaged JSON (truncated, a NUL byte, any syntax error) is a plan when
//     its top-level object starts with a member of Terraform's JSON output
//     and holds no values member before the damage, so that Parse reports
//     where the damage is.
//
// It reads the top-level keys only, with jsonpos's scanner, which stops
// where the text breaks.
func IsPlan(data []byte) bool {
	data = jsonpos.Normalize(data)
	i := jsonpos.SkipWS(data, 0)
	if i >= len(data) || data[i] != '{' {
		return false
	}
	seen := map[string]bool{}
	first := ""
	jsonpos.EachMember(data, i, nil, func(sp jsonpos.Span) bool {
		k := sp.Key(data)
		if first == "" {
			first = k
		}
		seen[k] = true
		return true
	})
	if json.Valid(data) {
		return seen["format_version"] && (seen["planned_values"] || seen["resource_changes"])
	}
	return planKeys[first] && !seen["values"]
}

// planKeys are the top-level members of a plan in Terraform's JSON output
// format, in the order Terraform writes them.
var planKeys = map[string]bool{
	"format_version": true, "terraform_version": true, "variables": true,
	"planned_values": true, "resource_drift": true, "resource_changes": true,
	"output_changes": true, "prior_state": true, "configuration": true,
	"relevant_attributes": true, "checks": true, "timestamp": true,
	"applyable": true, "complete": true, "errored": true,
}

// Load reads a plan JSON file written by `terraform show -json PLANFILE`.
// The snapshot is never nil; the diagnostics are sorted and also kept in
// Snapshot.Notes, so that Snapshot.Validate repeats them.
func Load(path string) (*model.Snapshot, model.Diagnostics) {
	// A regular file within safeio's limit: a FIFO or a device is an
	// error naming it, never a wait or an endless read.
	data, err := safeio.ReadFile(path, 0)
	if err != nil {
		var pe *os.PathError
		msg := strings.TrimPrefix(err.Error(), path+": ")
		if errors.As(err, &pe) {
			msg = pe.Err.Error()
		}
		d := model.Diagnostics{{Pos: model.Pos{File: path}, Severity: model.Error, Code: CodeRead,
			Message: fmt.Sprintf("cannot read %s: %s", path, msg)}}
		return &model.Snapshot{Sources: model.SourceMap{}, Notes: slices.Clone(d)}, d
	}
	return Parse(path, data)
}

// Parse reads plan JSON from memory; name is the file name used in
// positions. It behaves as Load.
func Parse(name string, data []byte) (*model.Snapshot, model.Diagnostics) {
	r := &reader{
		name: name,
		snap: &model.Snapshot{Sources: model.SourceMap{}},
	}
	r.run(jsonpos.Normalize(data))
	r.diags.Sort()
	r.snap.Notes = slices.Clone(r.diags)
	return r.snap, r.diags
}

func (r *reader) errorf(code string, pos model.Pos, format string, args ...any) {
	r.add(model.Error, code, pos, format, args...)
}

func (r *reader) warnf(code string, pos model.Pos, format string, args ...any) {
	r.add(model.Warning, code, pos, format, args...)
}

// add keeps model.MaxDiagnostics diagnostics and counts the rest, without
// formatting them (model.Diagnostics.Add).
func (r *reader) add(sev model.Severity, code string, pos model.Pos, format string, args ...any) {
	d := model.Diagnostic{Pos: pos, Severity: sev, Code: code}
	if len(r.diags) < model.MaxDiagnostics {
		d.Message = fmt.Sprintf(format, args...)
	}
	r.diags.Add(d)
}

// run reads the whole document.
func (r *reader) run(data []byte) {
	r.loc = newLocator(r.name, data)
	if len(bytes.TrimSpace(data)) == 0 {
		r.errorf(CodeJSONSyntax, model.Pos{File: r.name, Line: 1, Col: 1}, "the file is empty; did terraform show -json fail?")
		return
	}
	if e := jsonpos.Check(data); e != nil {
		r.errorf(CodeJSONSyntax, r.loc.atOffset(e.Off, ""), "%s", e.Msg)
		return
	}
	top := jsonpos.SkipWS(data, 0)
	if data[top] != '{' {
		r.errorf(CodeNotAPlan, r.loc.atOffset(top, ""), "the file holds %s, not the object `terraform show -json PLANFILE` writes", jsonpos.KindAt(data, top))
		return
	}
	var doc planDoc
	if err := json.Unmarshal(data, &doc); err != nil {
		r.errorf(CodeNotAPlan, r.loc.atOffset(top, ""), "cannot read the plan: %v", err)
		return
	}
	switch {
	case len(doc.FormatVersion) == 0 && len(doc.PlannedValues) == 0 && len(doc.ResourceChanges) == 0:
		r.errorf(CodeNotAPlan, r.loc.atOffset(top, ""), "not a Terraform plan: no format_version, planned_values or resource_changes (write one with terraform plan -out=tfplan && terraform show -json tfplan)")
		return
	case len(doc.PlannedValues) == 0 && len(doc.ResourceChanges) == 0:
		if len(doc.Values) > 0 {
			r.errorf(CodeNotAPlan, r.loc.at("values", ""), "this is the JSON of a Terraform state, not of a plan: run terraform show -json on a plan file (terraform plan -out=tfplan)")
		} else {
			r.errorf(CodeNotAPlan, r.loc.atOffset(top, ""), "not a Terraform plan: no planned_values or resource_changes")
		}
		return
	case len(doc.FormatVersion) == 0:
		r.errorf(CodeNotAPlan, r.loc.atOffset(top, ""), "not a Terraform plan: no format_version")
		return
	}
	if !r.checkVersion(doc.FormatVersion) {
		return
	}
	r.checkComplete(doc)
	r.decodeParts(doc)
	r.build()
}

// checkVersion accepts format versions 0.x (Terraform 0.12 to 1.0) and 1.x;
// a new major version may change the meaning of members.
func (r *reader) checkVersion(raw json.RawMessage) bool {
	var v string
	pos := r.loc.at("format_version", "format_version")
	if err := json.Unmarshal(raw, &v); err != nil {
		r.errorf(CodeUnsupportedFormat, pos, "format_version must be a string such as \"1.2\", found %s", jsonpos.KindAt(raw, 0))
		return false
	}
	major, minor, ok := strings.Cut(v, ".")
	ma, err1 := strconv.Atoi(major)
	mi, err2 := strconv.Atoi(minor)
	switch {
	case !ok || err1 != nil || err2 != nil || mi < 0:
		r.errorf(CodeUnsupportedFormat, pos, "format_version %q: want major.minor, such as \"1.2\"", v)
		return false
	case ma == 0 && mi >= 1, ma == 1:
		r.version = v
		return true
	}
	r.errorf(CodeUnsupportedFormat, pos, "format_version %q is not supported: cshsim reads versions 0.1 to 1.x of Terraform's JSON output format", v)
	return false
}

func (r *reader) checkComplete(doc planDoc) {
	if string(doc.Errored) == "true" {
		r.warnf(CodeIncompletePlan, r.loc.at("errored", "errored"), "the plan errored: Terraform could not plan every resource, so the snapshot may lack some")
	} else if string(doc.Complete) == "false" {
		r.warnf(CodeIncompletePlan, r.loc.at("complete", "complete"), "the plan is not complete (deferred changes): applying it will not create everything the configuration describes")
	}
}

// decodeInto decodes part into v, reporting the first type error with its
// JSON path. Decoding goes on past type errors, so v holds what could be
// read.
func (r *reader) decodeInto(part string, raw json.RawMessage, v any) {
	if len(raw) == 0 {
		return
	}
	err := json.Unmarshal(raw, v)
	if err == nil {
		return
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		base := r.loc.offset(part)
		rel, at := r.loc.valueAt(base, base+int(te.Offset))
		want, found := jsonpos.TypeError(te)
		r.errorf(CodeBadType, r.loc.atOffset(at, part+rel), "want %s, found %s", want, found)
		return
	}
	r.errorf(CodeBadType, r.loc.at(part, part), "cannot decode %s: %v", part, err)
}

func (r *reader) decodeParts(doc planDoc) {
	if len(doc.PlannedValues) > 0 && string(doc.PlannedValues) != "null" {
		r.planned = &valuesRepr{}
		r.decodeInto("planned_values", doc.PlannedValues, r.planned)
	}
	r.decodeInto("resource_changes", doc.ResourceChanges, &r.changes)
	if len(doc.PriorState) > 0 && string(doc.PriorState) != "null" {
		r.prior = &stateRepr{}
		r.decodeInto("prior_state", doc.PriorState, r.prior)
	}
	if len(doc.Configuration) > 0 && string(doc.Configuration) != "null" {
		r.config = &configRepr{}
		r.decodeInto("configuration", doc.Configuration, r.config)
	}
	var vars map[string]struct {
		Value json.RawMessage `json:"value"`
	}
	r.decodeInto("variables", doc.Variables, &vars)
	r.vars = map[string]json.RawMessage{}
	for k, v := range vars {
		r.vars[k] = v.Value
	}
}
