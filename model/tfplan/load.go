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
	"unicode/utf16"

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

// IsPlan reports whether data looks like `terraform show -json` output of a
// plan: a JSON object with format_version and planned_values or
// resource_changes.
func IsPlan(data []byte) bool {
	data = normalize(data)
	i := skipWS(data, 0)
	if i >= len(data) || data[i] != '{' {
		return false
	}
	var d struct {
		FormatVersion   json.RawMessage `json:"format_version"`
		PlannedValues   json.RawMessage `json:"planned_values"`
		ResourceChanges json.RawMessage `json:"resource_changes"`
	}
	if err := json.Unmarshal(data, &d); err != nil {
		return false
	}
	return len(d.FormatVersion) > 0 && (len(d.PlannedValues) > 0 || len(d.ResourceChanges) > 0)
}

// Load reads a plan JSON file written by `terraform show -json PLANFILE`.
// The snapshot is never nil; the diagnostics are sorted and also kept in
// Snapshot.Notes, so that Snapshot.Validate repeats them.
func Load(path string) (*model.Snapshot, model.Diagnostics) {
	data, err := os.ReadFile(path)
	if err != nil {
		var pe *os.PathError
		msg := err.Error()
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
	r.run(normalize(data))
	r.diags.Sort()
	r.snap.Notes = slices.Clone(r.diags)
	return r.snap, r.diags
}

// normalize returns data as UTF-8 without a byte order mark. PowerShell 5
// writes `terraform show -json plan > plan.json` as UTF-16 with a BOM.
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

func (r *reader) errorf(code string, pos model.Pos, format string, args ...any) {
	r.diags = append(r.diags, model.Diagnostic{Pos: pos, Severity: model.Error, Code: code, Message: fmt.Sprintf(format, args...)})
}

func (r *reader) warnf(code string, pos model.Pos, format string, args ...any) {
	r.diags = append(r.diags, model.Diagnostic{Pos: pos, Severity: model.Warning, Code: code, Message: fmt.Sprintf(format, args...)})
}

// run reads the whole document.
func (r *reader) run(data []byte) {
	r.loc = newLocator(r.name, data)
	if len(bytes.TrimSpace(data)) == 0 {
		r.errorf(CodeJSONSyntax, model.Pos{File: r.name, Line: 1, Col: 1}, "the file is empty; did terraform show -json fail?")
		return
	}
	if !json.Valid(data) {
		r.syntaxError(data)
		return
	}
	top := skipWS(data, 0)
	if data[top] != '{' {
		r.errorf(CodeNotAPlan, r.loc.atOffset(top, ""), "the file holds %s, not the object `terraform show -json PLANFILE` writes", jsonKind(data, top))
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
		r.errorf(CodeUnsupportedFormat, pos, "format_version must be a string such as \"1.2\", found %s", jsonKind(raw, 0))
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
		rel, at := valueAt(r.loc.b, base, base+int(te.Offset)-1)
		r.errorf(CodeBadType, r.loc.atOffset(at, part+rel), "want %s, found %s", goKind(te.Type.String()), article(te.Value))
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

// syntaxError reports where the JSON breaks.
func (r *reader) syntaxError(data []byte) {
	var raw json.RawMessage
	err := json.Unmarshal(data, &raw)
	var se *json.SyntaxError
	off, msg := len(data), "invalid JSON"
	if errors.As(err, &se) {
		off = int(se.Offset)
		msg = se.Error()
	}
	if off > len(data) {
		off = len(data)
	}
	if strings.Contains(msg, "unexpected end of JSON input") {
		r.errorf(CodeJSONSyntax, r.loc.atOffset(off, ""), "the file ends in the middle of a JSON value: it is truncated")
		return
	}
	if off > 0 {
		off-- // the decoder's offset is just past the offending byte
	}
	r.errorf(CodeJSONSyntax, r.loc.atOffset(off, ""), "invalid JSON: %s", strings.TrimPrefix(msg, "json: "))
}

// jsonKind names the kind of the JSON value at b[i].
func jsonKind(b []byte, i int) string {
	i = skipWS(b, i)
	if i >= len(b) {
		return "nothing"
	}
	switch b[i] {
	case '{':
		return "an object"
	case '[':
		return "a list"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

func goKind(t string) string {
	t = strings.TrimLeft(t, "*")
	switch {
	case t == "string":
		return "a string"
	case strings.HasPrefix(t, "[]"):
		return "a list"
	case strings.HasPrefix(t, "map["), strings.Contains(t, "."):
		return "an object"
	case t == "bool":
		return "a boolean"
	case strings.HasPrefix(t, "int"), strings.HasPrefix(t, "uint"):
		return "a whole number"
	case strings.HasPrefix(t, "float"):
		return "a number"
	}
	return "another type"
}

func article(jsonType string) string {
	switch {
	case jsonType == "array":
		return "a list"
	case jsonType == "object":
		return "an object"
	case jsonType == "string":
		return "a string"
	case strings.HasPrefix(jsonType, "number"):
		return "a number"
	case jsonType == "bool":
		return "a boolean"
	}
	return jsonType
}
