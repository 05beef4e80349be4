// Package iampolicy reads IAM identity-based policy documents (JSON) into
// [model.Policy] values, for `cshsim check --policy`.
//
// A file holds one policy in any of three shapes:
//
//   - a bare policy document: {"Version": "2012-10-17", "Statement": […]};
//   - `aws iam get-policy-version` output:
//     {"PolicyVersion": {"Document": {…}, "VersionId": "v3", …}};
//   - `aws iam get-role-policy`, `get-user-policy` or `get-group-policy`
//     output: {"PolicyName": "…", "PolicyDocument": {…}}.
//
// A document may also be a string holding the JSON, URL-encoded as the IAM
// API returns it. Action, NotAction, Resource and NotResource take a string
// or a list of strings; Statement an object or a list; condition values a
// string, number, boolean or a list of them.
//
// A file is UTF-8, or UTF-16 with a byte order mark (PowerShell's `>`); text
// that is not UTF-8, or nests deeper than 512 levels, is a json-syntax
// error, as in the other JSON readers (internal/jsonpos).
//
// Every problem is a [model.Diagnostic] positioned at file:line:col with the
// JSON path of the value (Statement[2].Action[0]); reading never stops at
// the first problem and never panics.
package iampolicy

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/cshsim/cshsim/internal/jsonpos"
	"github.com/cshsim/cshsim/internal/safeio"
	"github.com/cshsim/cshsim/model"
)

// Diagnostic codes of the policy reader. They are stable: tests and users'
// scripts match on them (docs/codes.md).
const (
	// CodeJSONSyntax: the file is not valid JSON (or is empty, or truncated).
	CodeJSONSyntax = model.CodeJSONSyntax
	// CodeBadType: a value of the wrong JSON type (a number where a string
	// belongs).
	CodeBadType = model.CodeBadType
	// CodeBadValue: a value IAM would reject: an Effect other than Allow or
	// Deny, an action without its service prefix, a resource that is no ARN.
	CodeBadValue = model.CodeBadValue
	// CodeMissingField: a required element is absent (Statement, Effect,
	// Action or NotAction, Resource or NotResource).
	CodeMissingField = model.CodeMissingField
	// CodeUnknownKey: an element IAM does not know (with a did-you-mean).
	CodeUnknownKey = model.CodeUnknownKey
	// CodeDuplicateKey: an object names a member twice; the last one is
	// used (a warning).
	CodeDuplicateKey = "duplicate-key"
	// CodeNotIdentityPolicy: the document has a Principal: it is a
	// resource-based or trust policy, not an identity-based one.
	CodeNotIdentityPolicy = "not-identity-policy"
	// CodeNotAPolicy: the JSON is none of the shapes the reader takes (a
	// get-policy output, which holds no document, included).
	CodeNotAPolicy = "not-a-policy"
	// CodeNotDefaultVersion: get-policy-version output of a version that
	// is not the default one, which is not the one AWS applies (a warning).
	CodeNotDefaultVersion = "not-default-version"
	// CodeRead: a file or folder could not be read.
	CodeRead = model.CodeRead
	// CodeNoInput: the folder holds no *.json file.
	CodeNoInput = model.CodeNoInput
)

// Load reads the policy in a file, or one policy from each *.json file of a
// folder (not its subfolders), in file-name order. The diagnostics are
// sorted by position; the policies are those that could be read, even when
// there are errors (check HasErrors).
func Load(path string) ([]model.Policy, model.Diagnostics) {
	fi, err := safeio.Stat(path)
	if err != nil {
		return nil, model.Diagnostics{readErr(path, err)}
	}
	var files []string
	if fi.IsDir() {
		ents, err := os.ReadDir(path)
		if err != nil {
			return nil, model.Diagnostics{readErr(path, err)}
		}
		for _, e := range ents {
			if !e.IsDir() && strings.EqualFold(filepath.Ext(e.Name()), ".json") {
				files = append(files, filepath.Join(path, e.Name()))
			}
		}
		if len(files) == 0 {
			return nil, model.Diagnostics{{Pos: model.Pos{File: path}, Severity: model.Error, Code: CodeNoInput,
				Message: "the folder holds no *.json policy file"}}
		}
		sort.Strings(files)
	} else {
		files = []string{path}
	}
	var out []model.Policy
	var diags model.Diagnostics
	for _, f := range files {
		// Only regular files, within safeio's limit: a FIFO among the
		// policies is an error naming it, never a wait.
		data, err := safeio.ReadFile(f, 0)
		if err != nil {
			diags = append(diags, readErr(f, err))
			continue
		}
		p, ds := Parse(f, data)
		diags = append(diags, ds...)
		if p != nil {
			out = append(out, *p)
		}
	}
	diags.Sort()
	return out, diags
}

func readErr(path string, err error) model.Diagnostic {
	why := strings.TrimPrefix(err.Error(), path+": ")
	if pe, ok := err.(*os.PathError); ok {
		why = pe.Err.Error()
	}
	return model.Diagnostic{Pos: model.Pos{File: path}, Severity: model.Error, Code: CodeRead, Message: fmt.Sprintf("reading %s: %s", path, why)}
}

// Parse reads one file's policy; name is the file name used in positions
// and, when the document carries no PolicyName, as the policy's Name. It
// returns nil when no policy could be read at all; otherwise the policy
// holds every statement that could be read.
func Parse(name string, data []byte) (*model.Policy, model.Diagnostics) {
	data = jsonpos.Normalize(data)
	r := &reader{file: name, data: data}
	root, e := parseJSON(data)
	if e != nil {
		r.add(model.Error, CodeJSONSyntax, e.Off, "", "%s", e.Msg)
		return nil, r.diags
	}
	p := r.top(root, filepath.Base(name))
	r.diags.Sort()
	return p, r.diags
}

// reader turns the JSON tree into a Policy, collecting diagnostics.
type reader struct {
	file  string
	data  []byte
	lines *jsonpos.Lines // built on first use
	diags model.Diagnostics
	// at, when set, is the one position every diagnostic takes: the
	// string that held an embedded document, whose own offsets mean
	// nothing in the file.
	at *model.Pos
}

func (r *reader) pos(off int, path string) model.Pos {
	if r.at != nil {
		p := *r.at
		p.Path = path
		return p
	}
	if r.lines == nil {
		r.lines = jsonpos.NewLines(r.data)
	}
	line, col := r.lines.Pos(off)
	return model.Pos{File: r.file, Line: line, Col: col, Path: path}
}

func (r *reader) add(sev model.Severity, code string, off int, path, format string, args ...any) {
	r.diags = append(r.diags, model.Diagnostic{Pos: r.pos(off, path), Severity: sev, Code: code, Message: fmt.Sprintf(format, args...)})
}

func (r *reader) errorf(code string, n *node, path, format string, args ...any) {
	r.add(model.Error, code, n.off, path, format, args...)
}

func (r *reader) wantKind(n *node, path string, kinds ...jsonpos.Kind) bool {
	if slices.Contains(kinds, n.kind) {
		return true
	}
	var want []string
	for _, k := range kinds {
		want = append(want, k.String())
	}
	r.errorf(CodeBadType, n, path, "%s: want %s, found %s", lastElem(path), strings.Join(want, " or "), n.kind)
	return false
}

func lastElem(path string) string {
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		return path[i+1:]
	}
	return path
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// duplicates warns about members named twice.
func (r *reader) duplicates(n *node, path string) {
	seen := map[string]bool{}
	for i, k := range n.keys {
		if seen[k] {
			r.add(model.Warning, CodeDuplicateKey, n.keyOff[i], join(path, k), "%q appears twice in one object; the last one is used", k)
		}
		seen[k] = true
	}
}

// top recognises the shape of the file and reads the document in it.
func (r *reader) top(root *node, file string) *model.Policy {
	if root.kind != jsonpos.Object {
		r.errorf(CodeNotAPolicy, root, "", "want an object (an IAM policy document), found %s", root.kind)
		return nil
	}
	r.duplicates(root, "")
	if pv, _ := root.member("PolicyVersion"); pv != nil {
		if !r.wantKind(pv, "PolicyVersion", jsonpos.Object) {
			return nil
		}
		doc, _ := pv.member("Document")
		if doc == nil {
			r.errorf(CodeMissingField, pv, "PolicyVersion", "get-policy-version output without its Document")
			return nil
		}
		name := file
		if v, _ := pv.member("VersionId"); v != nil && v.kind == jsonpos.String && v.str != "" {
			name += " (" + v.str + ")"
		}
		if d, _ := pv.member("IsDefaultVersion"); d != nil && d.kind == jsonpos.Bool && d.str == "false" {
			r.add(model.Warning, CodeNotDefaultVersion, d.off, "PolicyVersion.IsDefaultVersion",
				"this is not the policy's default version, so it is not the one AWS applies; read the default version with aws iam get-policy-version --version-id <DefaultVersionId>")
		}
		return r.document(doc, "PolicyVersion.Document", name)
	}
	if doc, _ := root.member("PolicyDocument"); doc != nil {
		name := file
		if n, _ := root.member("PolicyName"); n != nil && n.kind == jsonpos.String && n.str != "" {
			name = n.str
		}
		return r.document(doc, "PolicyDocument", name)
	}
	if _, i := root.member("Statement"); i >= 0 {
		return r.document(root, "", file)
	}
	if _, i := root.member("Version"); i >= 0 {
		return r.document(root, "", file)
	}
	hint := ""
	switch {
	case has(root, "Policy"):
		hint = "; this is get-policy output, which holds no document: save the output of aws iam get-policy-version --policy-arn ARN --version-id <DefaultVersionId> instead"
	case has(root, "AttachedPolicies"), has(root, "PolicyNames"):
		hint = "; this lists policies without their documents: save get-policy-version (managed) or get-role-policy / get-user-policy (inline) output for each"
	case has(root, "AssumeRolePolicyDocument"), has(root, "Role"):
		hint = "; a role's trust policy says who may assume it, not what it may do"
	}
	r.errorf(CodeNotAPolicy, root, "", "not an IAM policy document: want {\"Version\", \"Statement\"}, get-policy-version output {\"PolicyVersion\": {\"Document\": …}} or get-role-policy / get-user-policy output {\"PolicyDocument\": …}%s", hint)
	return nil
}

func has(n *node, key string) bool {
	_, i := n.member(key)
	return i >= 0
}

// document reads a policy document at path, which may be a string holding
// the JSON (URL-encoded or not).
func (r *reader) document(n *node, path, name string) *model.Policy {
	if n.kind == jsonpos.String {
		text := strings.TrimSpace(n.str)
		if !strings.HasPrefix(text, "{") {
			if u, err := url.PathUnescape(text); err == nil {
				text = strings.TrimSpace(u)
			}
		}
		inner, e := parseJSON([]byte(text))
		at := r.pos(n.off, path)
		if e != nil {
			r.add(model.Error, CodeJSONSyntax, n.off, path, "the document string is not a JSON policy: %s (at byte %d of the document)", e.Msg, e.Off)
			return nil
		}
		sub := &reader{file: r.file, at: &at}
		p := sub.policy(inner, path, name)
		if p != nil {
			p.Pos = at
		}
		r.diags = append(r.diags, sub.diags...)
		return p
	}
	return r.policy(n, path, name)
}

var (
	docKeys  = []string{"Version", "Id", "Statement"}
	stmtKeys = []string{"Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition", "Principal", "NotPrincipal"}
)

func (r *reader) policy(n *node, path, name string) *model.Policy {
	if !r.wantKind(n, orRoot(path, "Document"), jsonpos.Object) {
		return nil
	}
	r.duplicates(n, path)
	p := &model.Policy{Name: name, Pos: r.pos(n.off, path)}
	for i, k := range n.keys {
		v, kp := n.vals[i], join(path, k)
		switch k {
		case "Version":
			if r.wantKind(v, kp, jsonpos.String) {
				p.Version = v.str
				if v.str != "2012-10-17" && v.str != "2008-10-17" {
					r.errorf(CodeBadValue, v, kp, "Version %q: want \"2012-10-17\" (or the older \"2008-10-17\")", v.str)
				}
			}
		case "Id":
			if r.wantKind(v, kp, jsonpos.String) {
				p.ID = v.str
			}
		case "Statement":
			switch v.kind {
			case jsonpos.Object:
				if s, ok := r.statement(v, kp); ok {
					p.Statements = append(p.Statements, s)
				}
			case jsonpos.Array:
				for j, sv := range v.vals {
					sp := fmt.Sprintf("%s[%d]", kp, j)
					if !r.wantKind(sv, sp, jsonpos.Object) {
						continue
					}
					if s, ok := r.statement(sv, sp); ok {
						p.Statements = append(p.Statements, s)
					}
				}
			default:
				r.wantKind(v, kp, jsonpos.Object, jsonpos.Array)
			}
		default:
			r.unknown(n.keyOff[i], kp, k, docKeys, "a policy document")
		}
	}
	if !has(n, "Statement") {
		r.errorf(CodeMissingField, n, orRoot(path, ""), "the policy document has no Statement")
	}
	return p
}

func orRoot(path, def string) string {
	if path == "" {
		return def
	}
	return path
}

func (r *reader) unknown(off int, path, key string, known []string, what string) {
	msg := fmt.Sprintf("%q is not an element of %s", key, what)
	if s := model.Suggest(key, known); s != "" {
		msg += fmt.Sprintf("; did you mean %q?", s)
	} else {
		msg += " (" + strings.Join(known, ", ") + ")"
	}
	r.add(model.Error, CodeUnknownKey, off, path, "%s", msg)
}

// statement reads one statement; ok is false when it is too broken to
// evaluate (no effect, no action, no resource).
func (r *reader) statement(n *node, path string) (model.Statement, bool) {
	r.duplicates(n, path)
	s := model.Statement{Pos: r.pos(n.off, path), FieldPos: map[string]model.Pos{}}
	ok := true
	seen := map[string]bool{}
	for i, k := range n.keys {
		v, kp := n.vals[i], join(path, k)
		seen[k] = true
		s.FieldPos[k] = r.pos(v.off, kp)
		switch k {
		case "Sid":
			if r.wantKind(v, kp, jsonpos.String) {
				s.Sid = v.str
			}
		case "Effect":
			if !r.wantKind(v, kp, jsonpos.String) {
				ok = false
				break
			}
			switch v.str {
			case "Allow":
				s.Effect = model.EffectAllow
			case "Deny":
				s.Effect = model.EffectDeny
			default:
				msg := fmt.Sprintf("Effect %q: want \"Allow\" or \"Deny\"", v.str)
				if strings.EqualFold(v.str, "allow") || strings.EqualFold(v.str, "deny") {
					msg += " (IAM is case-sensitive here)"
				}
				r.errorf(CodeBadValue, v, kp, "%s", msg)
				ok = false
			}
		case "Action", "NotAction":
			list, good := r.strings(v, kp)
			for j, a := range list {
				if a != "*" && (!strings.Contains(a, ":") || strings.HasPrefix(a, ":") || strings.HasSuffix(a, ":")) {
					r.add(model.Error, CodeBadValue, elemOff(v, j), elemPath(v, kp, j), "action %q: want service:Action (ec2:CreateNetworkInterface, ec2:Describe*) or *", a)
					good = false
				}
			}
			if k == "Action" {
				s.Action = list
			} else {
				s.NotAction = list
			}
			ok = ok && good
		case "Resource", "NotResource":
			list, good := r.strings(v, kp)
			for j, a := range list {
				if a != "*" && !strings.HasPrefix(a, "arn:") {
					r.add(model.Error, CodeBadValue, elemOff(v, j), elemPath(v, kp, j), "resource %q: want an ARN (arn:aws:ec2:*:*:network-interface/*) or *", a)
					good = false
				}
			}
			if k == "Resource" {
				s.Resource = list
			} else {
				s.NotResource = list
			}
			ok = ok && good
		case "Condition":
			c, good := r.condition(v, kp)
			s.Condition = c
			ok = ok && good
		case "Principal", "NotPrincipal":
			r.add(model.Error, CodeNotIdentityPolicy, n.keyOff[i], kp,
				"%s belongs in resource-based and trust policies; --policy takes identity-based policies (those attached to a user, group or role), which name no principal", k)
			ok = false
		default:
			r.unknown(n.keyOff[i], kp, k, stmtKeys, "a statement")
			ok = false
		}
	}
	if !seen["Effect"] {
		r.errorf(CodeMissingField, n, path, "the statement has no Effect (Allow or Deny)")
		ok = false
	}
	switch {
	case seen["Action"] && seen["NotAction"]:
		r.errorf(CodeBadValue, n, path, "the statement has both Action and NotAction; IAM takes one")
		ok = false
	case !seen["Action"] && !seen["NotAction"]:
		r.errorf(CodeMissingField, n, path, "the statement has neither Action nor NotAction")
		ok = false
	}
	switch {
	case seen["Resource"] && seen["NotResource"]:
		r.errorf(CodeBadValue, n, path, "the statement has both Resource and NotResource; IAM takes one")
		ok = false
	case !seen["Resource"] && !seen["NotResource"]:
		r.errorf(CodeMissingField, n, path, "the statement has neither Resource nor NotResource (identity-based policies need one)")
		ok = false
	}
	return s, ok
}

func elemOff(v *node, j int) int {
	if v.kind == jsonpos.Array && j < len(v.vals) {
		return v.vals[j].off
	}
	return v.off
}

func elemPath(v *node, path string, j int) string {
	if v.kind == jsonpos.Array {
		return fmt.Sprintf("%s[%d]", path, j)
	}
	return path
}

// strings reads a string or a list of strings.
func (r *reader) strings(v *node, path string) ([]string, bool) {
	switch v.kind {
	case jsonpos.String:
		if v.str == "" {
			r.errorf(CodeBadValue, v, path, "%s is an empty string", lastElem(path))
			return nil, false
		}
		return []string{v.str}, true
	case jsonpos.Array:
		if len(v.vals) == 0 {
			r.errorf(CodeBadValue, v, path, "%s is an empty list", lastElem(path))
			return nil, false
		}
		var out []string
		ok := true
		for j, e := range v.vals {
			ep := fmt.Sprintf("%s[%d]", path, j)
			if !r.wantKind(e, ep, jsonpos.String) {
				ok = false
				continue
			}
			if e.str == "" {
				r.errorf(CodeBadValue, e, ep, "an empty string")
				ok = false
				continue
			}
			out = append(out, e.str)
		}
		return out, ok
	}
	r.wantKind(v, path, jsonpos.String, jsonpos.Array)
	return nil, false
}

// condition reads the Condition element: operator → key → value(s).
func (r *reader) condition(v *node, path string) (model.Condition, bool) {
	if !r.wantKind(v, path, jsonpos.Object) {
		return nil, false
	}
	r.duplicates(v, path)
	c := model.Condition{}
	ok := true
	for i, op := range v.keys {
		ov, opPath := v.vals[i], join(path, op)
		if !r.wantKind(ov, opPath, jsonpos.Object) {
			ok = false
			continue
		}
		r.duplicates(ov, opPath)
		keys := c[op]
		if keys == nil {
			keys = map[string][]string{}
			c[op] = keys
		}
		for j, key := range ov.keys {
			kv, kp := ov.vals[j], join(opPath, key)
			var vals []string
			switch kv.kind {
			case jsonpos.String, jsonpos.Number, jsonpos.Bool:
				vals = []string{kv.str}
			case jsonpos.Array:
				for m, e := range kv.vals {
					ep := fmt.Sprintf("%s[%d]", kp, m)
					if r.wantKind(e, ep, jsonpos.String, jsonpos.Number, jsonpos.Bool) {
						vals = append(vals, e.str)
					} else {
						ok = false
					}
				}
			default:
				r.wantKind(kv, kp, jsonpos.String, jsonpos.Array)
				ok = false
				continue
			}
			keys[key] = vals
		}
	}
	return c, ok
}
