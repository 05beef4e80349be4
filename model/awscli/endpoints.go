package awscli

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/cshsim/cshsim/model"
)

// This file reads VPC endpoints and their policies.

func readEndpoint(l *loader, e *elemCtx, v *rawEndpoint) {
	if v.VpcEndpointID == "" {
		l.missing(e, "VpcEndpointId")
		return
	}
	id := v.VpcEndpointID
	x := model.Endpoint{
		ID:                               id,
		VPC:                              v.VpcID,
		Account:                          cmpOr(v.OwnerID, e.f.account),
		Type:                             v.VpcEndpointType,
		Service:                          v.ServiceName,
		State:                            model.ParseState(v.State),
		PrivateDNS:                       v.PrivateDNSEnabled,
		PrivateDNSOnlyForInboundResolver: v.DNSOptions.PrivateDNSOnlyForInboundResolverEndpoint,
		Subnets:                          nonEmpty(v.SubnetIDs),
		ENIs:                             nonEmpty(v.NetworkInterfaceIDs),
		RouteTables:                      nonEmpty(v.RouteTableIDs),
		Policy:                           policy(v.PolicyDocument),
		Tags:                             tags(v.Tags),
	}
	e.f.hint(regionOfService(v.ServiceName))
	refs := []srcRef{{"vpc", e.at(".VpcId")}}
	for k := range v.SubnetIDs {
		refs = append(refs, srcRef{fmt.Sprintf("subnets[%d]", k), e.at(fmt.Sprintf(".SubnetIds[%d]", k))})
	}
	for k := range v.RouteTableIDs {
		refs = append(refs, srcRef{fmt.Sprintf("route_tables[%d]", k), e.at(fmt.Sprintf(".RouteTableIds[%d]", k))})
	}
	for k, g := range v.Groups {
		if g.GroupID == "" {
			continue
		}
		refs = append(refs, srcRef{fmt.Sprintf("security_groups[%d]", len(x.SecurityGroups)), e.at(fmt.Sprintf(".Groups[%d].GroupId", k))})
		x.SecurityGroups = append(x.SecurityGroups, g.GroupID)
	}
	l.endpoints.put(l, id, entry[model.Endpoint]{v: x, pos: e.at(""), f: e.f, refs: refs}, nil)
}

// policyDoc is an IAM policy document, typed just enough to recognise the
// default endpoint policy.
type policyDoc struct {
	Version   string          `json:"Version"`
	Statement json.RawMessage `json:"Statement"`
}

type policyStatement struct {
	Sid       string          `json:"Sid"`
	Effect    string          `json:"Effect"`
	Principal json.RawMessage `json:"Principal"`
	Action    json.RawMessage `json:"Action"`
	Resource  json.RawMessage `json:"Resource"`
	Condition json.RawMessage `json:"Condition"`
	NotAction json.RawMessage `json:"NotAction"`
	NotRes    json.RawMessage `json:"NotResource"`
	NotPrinc  json.RawMessage `json:"NotPrincipal"`
}

// policy returns an endpoint policy document, or "" for the default
// full-access policy AWS attaches when none is given: one statement
// allowing every action on every resource to every principal (Version
// 2008-10-17 or 2012-10-17, or none).
func policy(doc string) string {
	if strings.TrimSpace(doc) == "" {
		return ""
	}
	var d policyDoc
	if json.Unmarshal([]byte(doc), &d) != nil {
		return doc
	}
	switch d.Version {
	case "", "2008-10-17", "2012-10-17":
	default:
		return doc
	}
	var sts []policyStatement
	if json.Unmarshal(d.Statement, &sts) != nil {
		var st policyStatement
		if json.Unmarshal(d.Statement, &st) != nil {
			return doc
		}
		sts = []policyStatement{st}
	}
	if len(sts) != 1 {
		return doc
	}
	st := sts[0]
	if st.Effect != "Allow" || st.Condition != nil || st.NotAction != nil || st.NotRes != nil || st.NotPrinc != nil ||
		!isStar(st.Action) || !isStar(st.Resource) || !isStarPrincipal(st.Principal) {
		return doc
	}
	return ""
}

// isStar reports whether a policy element is "*" or ["*"].
func isStar(raw json.RawMessage) bool {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s == "*"
	}
	var l []string
	return json.Unmarshal(raw, &l) == nil && len(l) == 1 && l[0] == "*"
}

// isStarPrincipal reports whether a principal is "*" or {"AWS": "*"}.
func isStarPrincipal(raw json.RawMessage) bool {
	if isStar(raw) {
		return true
	}
	var m struct {
		AWS json.RawMessage `json:"AWS"`
	}
	var keys map[string]json.RawMessage
	return json.Unmarshal(raw, &keys) == nil && len(keys) == 1 &&
		json.Unmarshal(raw, &m) == nil && m.AWS != nil && isStar(m.AWS)
}
