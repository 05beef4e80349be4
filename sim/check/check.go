package check

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/cshsim/cshsim/model"
	"github.com/cshsim/cshsim/sim"
)

// Severity is how much a check finding matters: model's one severity,
// ordered most serious first.
type Severity = model.Severity

// Severities, most serious first.
const (
	// SeverityError: creating the environment fails, or AWS refuses it.
	SeverityError = model.Error
	// SeverityWarning: the environment can be created but something is
	// wrong or could not be verified.
	SeverityWarning = model.Warning
	// SeverityInfo: what the user should know.
	SeverityInfo = model.Info
)

// Code is the stable code of a check finding; docs/codes.md lists
// them all. Codes are only ever added.
type Code string

// Check finding codes.
const (
	// Limits and placement (errors unless noted).
	CodeTooManySGs         Code = "CSH_CHECK_TOO_MANY_SGS"
	CodeNoSGs              Code = "CSH_CHECK_NO_SECURITY_GROUPS" // warning
	CodeSGOtherVPC         Code = "CSH_CHECK_SG_OTHER_VPC"
	CodeSGMissing          Code = "CSH_CHECK_SG_MISSING" // warning in an export
	CodeSubnetMissing      Code = "CSH_CHECK_SUBNET_MISSING"
	CodeSubnetNotAvailable Code = "CSH_CHECK_SUBNET_NOT_AVAILABLE"
	CodeSubnetOtherVPC     Code = "CSH_CHECK_SUBNET_OTHER_VPC"
	CodeTooManyEnvs        Code = "CSH_CHECK_TOO_MANY_ENVIRONMENTS"
	CodeDuplicateConfig    Code = "CSH_CHECK_DUPLICATE_VPC_CONFIG"
	CodePrincipalUnknown   Code = "CSH_CHECK_PRINCIPAL_UNKNOWN" // info
	CodeNoEnvironment      Code = "CSH_CHECK_NO_ENVIRONMENT"    // info

	// Region.
	CodeRegionListed   Code = "CSH_CHECK_REGION_LISTED"   // info
	CodeRegionUnlisted Code = "CSH_CHECK_REGION_UNLISTED" // warning
	CodeRegionUnknown  Code = "CSH_CHECK_REGION_UNKNOWN"  // info

	// Network summary.
	CodeInternet         Code = "CSH_CHECK_INTERNET"          // info
	CodeEndpoints        Code = "CSH_CHECK_ENDPOINTS"         // info
	CodeEndpointUnusable Code = "CSH_CHECK_ENDPOINT_UNUSABLE" // warning
	CodeS3               Code = "CSH_CHECK_S3"                // info
	CodeEndpointsNote    Code = "CSH_CHECK_ENDPOINTS_NOTE"    // info

	// IAM.
	CodeIAMMissing    Code = "CSH_CHECK_IAM_MISSING"
	CodeIAMDenied     Code = "CSH_CHECK_IAM_DENIED"
	CodeIAMUncertain  Code = "CSH_CHECK_IAM_UNCERTAIN"     // warning
	CodeIAMNoDelete   Code = "CSH_CHECK_IAM_NO_DELETE_ENI" // warning
	CodeIAMVPCOnly    Code = "CSH_CHECK_IAM_VPC_ONLY"      // info
	CodeIAMOK         Code = "CSH_CHECK_IAM_OK"            // info
	CodeIAMNotChecked Code = "CSH_CHECK_IAM_NOT_CHECKED"   // info

	// Interfaces and the environment itself.
	CodeStaleENI            Code = "CSH_CHECK_STALE_ENI"             // warning
	CodeRoutingLoop         Code = "CSH_CHECK_ROUTING_LOOP"          // warning
	CodeNoPersistentStorage Code = "CSH_CHECK_NO_PERSISTENT_STORAGE" // info
	CodeNoUploadDownload    Code = "CSH_CHECK_NO_UPLOAD_DOWNLOAD"    // info
)

// Finding is one result of [Check].
type Finding struct {
	Severity Severity `json:"severity"`
	Code     Code     `json:"code"`
	// Environment names the environment the finding belongs to; "" for
	// the account, the Region and the snapshot as a whole.
	Environment string `json:"environment,omitempty"`
	// Resource is what the finding is about: cloudshell:<name>, an
	// interface, subnet or security group id, an IAM action, a Region.
	Resource string `json:"resource"`
	Message  string `json:"message"`
	Fix      string `json:"fix,omitempty"`
	// At is where the resource is written (snapshot or policy file), when
	// known: file:line:col.
	At string `json:"at,omitempty"`
}

// Options are the inputs of [Check] beyond the snapshot. The zero
// Options check the snapshot alone against the default Region list.
type Options struct {
	// Principal is the IAM principal (ARN) that creates the environments.
	// Environments that name no principal are taken to be its (AWS CLI
	// exports do not record whose an environment is); its account and
	// partition are used in the resource ARNs of IAM requests.
	Principal string
	// Policies are the principal's identity-based policies. When there
	// are none, IAM is not checked.
	Policies []model.Policy
	// Regions is the Region list; nil means DefaultRegions.
	Regions *RegionList
	// Query are the options of the network queries.
	Query sim.Options
}

// Report is what [Check] found.
type Report struct {
	// Regions names the Region list used.
	Regions RegionList `json:"-"`
	// Findings are grouped by environment (in snapshot order, then the
	// findings of no environment), errors first within each group.
	Findings []Finding `json:"findings"`
	// Environments summarises each environment and its network.
	Environments []EnvSummary `json:"environments"`
}

// HasErrors reports whether any finding is an error.
func (r Report) HasErrors() bool {
	return slices.ContainsFunc(r.Findings, func(f Finding) bool { return f.Severity == SeverityError })
}

// Count returns the number of findings of the severity.
func (r Report) Count(s Severity) int {
	n := 0
	for _, f := range r.Findings {
		if f.Severity == s {
			n++
		}
	}
	return n
}

// EnvSummary describes one environment and what it can reach.
type EnvSummary struct {
	Name      string `json:"name"`
	Principal string `json:"principal,omitempty"`
	// From says where the environment was found: "cloudshell" (a
	// [[cloudshell]] table) or "eni" (an in-use interface tagged
	// ManagedByCloudShell, the form an AWS CLI export takes).
	From           string   `json:"from"`
	Subnet         string   `json:"subnet"`
	VPC            string   `json:"vpc"`
	SecurityGroups []string `json:"security_groups"`
	ENI            string   `json:"eni,omitempty"`
	IP             string   `json:"ip,omitempty"`
	Region         string   `json:"region,omitempty"`
	// Internet, Endpoints and S3 are nil when the environment's subnet is
	// not in the snapshot, so nothing could be walked.
	Internet  *InternetSummary `json:"internet"`
	Endpoints []ServiceSummary `json:"endpoints"`
	S3        *ServiceSummary  `json:"s3"`
}

// InternetSummary says whether an environment reaches the internet.
type InternetSummary struct {
	// Verdict is reachable, unreachable or unknown; Reachable is true
	// only for reachable.
	Verdict   sim.Answer `json:"verdict"`
	Reachable bool       `json:"reachable"`
	// Via lists the gateways on the path (nat-a, igw-app).
	Via     []string `json:"via,omitempty"`
	Code    sim.Code `json:"code,omitempty"`
	Message string   `json:"message"`
	Fix     string   `json:"fix,omitempty"`
}

// Endpoint statuses of a [ServiceSummary].
const (
	// EndpointUsable: the service's name resolves to an endpoint (an
	// interface endpoint, or a gateway endpoint for S3) the environment
	// reaches.
	EndpointUsable = "usable"
	// EndpointUnusable: the VPC has an interface endpoint for the service,
	// but the environment cannot use it (Why says why).
	EndpointUnusable = "unusable"
	// EndpointAbsent: no endpoint; the service is reachable only through
	// the internet path.
	EndpointAbsent = "absent"
)

// ServiceSummary says how an environment reaches one AWS service.
type ServiceSummary struct {
	Service string `json:"service"`
	// Status is usable, unusable or absent.
	Status   string `json:"status"`
	Endpoint string `json:"endpoint,omitempty"`
	// Why and WhyCode say why an endpoint is unusable.
	Why     string   `json:"why,omitempty"`
	WhyCode sim.Code `json:"why_code,omitempty"`
	// Via is how the name resolved: interface-endpoint,
	// gateway-endpoint, internet or private-hosted-zone.
	Via sim.Via `json:"via"`
	// Verdict is reachable, unreachable or unknown; Reachable is true
	// only for reachable.
	Verdict   sim.Answer `json:"verdict"`
	Reachable bool       `json:"reachable"`
	Code      sim.Code   `json:"code,omitempty"`
	Message   string     `json:"message"`
	Fix       string     `json:"fix,omitempty"`
}

// checkEnv is one environment under check.
type checkEnv struct {
	name      string
	principal string
	from      string // cloudshell | eni
	ref       string // cloudshell:<name>, or the interface id
	subnet    string
	vpc       string
	sgs       []string
	eni       string
	// sgRef and sgField locate the list of security groups in the
	// snapshot: the environment's own, or its interface's.
	sgRef, sgField string
}

// checker accumulates findings.
type checker struct {
	g        *sim.Graph
	snap     *model.Snapshot
	objs     model.Objects
	opts     Options
	findings []Finding
}

func (c *checker) add(f Finding) { c.findings = append(c.findings, f) }

func (c *checker) at(id, field string) string {
	return c.snap.Sources.Lookup(model.FieldRef{ID: id, Field: field}).String()
}

// Check checks every CloudShell VPC environment of the snapshot: the
// [[cloudshell]] tables, and the in-use interfaces tagged
// ManagedByCloudShell that no table names (an AWS CLI export). See
// docs/check.md for what each check does and what it approximates. Check
// never fails; it runs the network queries of each environment, so it
// costs a few dozen queries per environment.
func Run(g *sim.Graph, opts Options) Report {
	c := &checker{g: g, snap: g.Snapshot(), opts: opts}
	c.objs = c.snap.Objects()
	rl := DefaultRegions
	if opts.Regions != nil {
		rl = *opts.Regions
	}
	envs := c.environments()
	rep := Report{Regions: rl, Environments: []EnvSummary{}}
	for _, e := range envs {
		c.placement(e)
	}
	c.principals(envs)
	regions := c.regions(envs, rl)
	for i, e := range envs {
		rep.Environments = append(rep.Environments, c.network(e, regions[i]))
	}
	c.iam(envs, regions)
	c.staleENIs()
	c.loops()
	c.notes(envs)

	order := map[string]int{}
	for i, e := range envs {
		order[e.name] = i
	}
	group := func(f Finding) int {
		if i, ok := order[f.Environment]; ok && f.Environment != "" {
			return i
		}
		return len(envs)
	}
	slices.SortStableFunc(c.findings, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(group(a), group(b)), cmp.Compare(a.Severity, b.Severity))
	})
	rep.Findings = c.findings
	if rep.Findings == nil {
		rep.Findings = []Finding{}
	}
	return rep
}

// Owns reports whether a Validate diagnostic is one that [Run]
// reports itself as a finding, so a caller loading the snapshot for Run
// neither stops on it nor prints it: an environment's security groups (too many,
// of another VPC, not in the snapshot) or its subnet (not in the snapshot).
func Owns(d model.Diagnostic) bool {
	if _, ok := model.CloudShellName(d.Ref.ID); !ok {
		return false
	}
	switch d.Code {
	case model.CodeTooManySGs, model.CodeSGOtherVPC:
		return true
	case model.CodeDanglingRef:
		return d.Ref.Field == "subnet" || strings.HasPrefix(d.Ref.Field, "security_groups[")
	}
	return false
}

// environments lists the environments to check, in snapshot order: the
// [[cloudshell]] tables first, then the live interfaces tagged
// ManagedByCloudShell that no table names.
func (c *checker) environments() []checkEnv {
	s := c.snap
	var envs []checkEnv
	named := map[string]bool{}
	for _, cs := range s.CloudShells {
		e := checkEnv{name: cs.Name, principal: cmp.Or(cs.Principal, c.opts.Principal), from: "cloudshell",
			ref: cs.ID(), subnet: cs.Subnet, vpc: cs.VPC, sgs: cs.SecurityGroups, eni: cs.ENI}
		e.sgRef, e.sgField = e.ref, "security_groups"
		if cs.ENI != "" {
			named[cs.ENI] = true
			if len(e.sgs) == 0 {
				if ei := c.eni(cs.ENI); ei != nil {
					e.sgs, e.sgRef = ei.SecurityGroups, ei.ID
				}
			}
		}
		if e.vpc == "" {
			e.vpc = c.subnetVPC(e.subnet)
		}
		envs = append(envs, e)
	}
	for _, ei := range s.ENIs {
		if !ei.HasTag(model.CloudShellTag) || named[ei.ID] || isStale(ei) {
			continue
		}
		e := checkEnv{name: ei.ID, principal: c.opts.Principal, from: "eni", ref: ei.ID, subnet: ei.Subnet,
			vpc: cmp.Or(ei.VPC, c.subnetVPC(ei.Subnet)), sgs: ei.SecurityGroups, eni: ei.ID, sgRef: ei.ID, sgField: "security_groups"}
		envs = append(envs, e)
	}
	return envs
}

func (c *checker) eni(id string) *model.ENI {
	for i := range c.snap.ENIs {
		if c.snap.ENIs[i].ID == id {
			return &c.snap.ENIs[i]
		}
	}
	return nil
}

func (c *checker) subnet(id string) *model.Subnet {
	for i := range c.snap.Subnets {
		if c.snap.Subnets[i].ID == id {
			return &c.snap.Subnets[i]
		}
	}
	return nil
}

func (c *checker) subnetVPC(id string) string {
	if sn := c.subnet(id); sn != nil {
		return sn.VPC
	}
	return ""
}

func (c *checker) sg(id string) *model.SecurityGroup {
	for i := range c.snap.SecurityGroups {
		if c.snap.SecurityGroups[i].ID == id {
			return &c.snap.SecurityGroups[i]
		}
	}
	return nil
}

// idsIn lists the ids of a VPC's objects for fixes, at most five.
func idsIn(vpc string, ids []string) string {
	if len(ids) == 0 {
		return "none in the snapshot"
	}
	if len(ids) > 5 {
		return strings.Join(ids[:5], ", ") + ", …"
	}
	return strings.Join(ids, ", ")
}

// placement checks the limits and placement of one environment
// (aws-rules §1.1, §1.8): 1 to 5 security groups, all in the
// environment's VPC; the subnet exists, is available and is in that VPC.
func (c *checker) placement(e checkEnv) {
	s := c.snap
	missing := SeverityError
	if s.Deployed {
		// An export lacks only what was not collected: AWS had the object.
		missing = SeverityWarning
	}
	switch n := len(e.sgs); {
	case n > model.MaxCloudShellSGs:
		c.add(Finding{Severity: SeverityError, Code: CodeTooManySGs, Environment: e.name, Resource: e.ref,
			Message: fmt.Sprintf("CloudShell environment %q has %d security groups; a VPC environment takes at most %d", e.name, n, model.MaxCloudShellSGs),
			Fix:     fmt.Sprintf("keep at most %d of %s (merge the rules of the others into them)", model.MaxCloudShellSGs, strings.Join(e.sgs, ", ")),
			At:      c.at(e.sgRef, e.sgField)})
	case n == 0:
		c.add(Finding{Severity: SeverityWarning, Code: CodeNoSGs, Environment: e.name, Resource: e.ref,
			Message: fmt.Sprintf("CloudShell environment %q names no security groups; the console asks for 1 to %d, and without them cshsim assumed all egress allowed", e.name, model.MaxCloudShellSGs),
			Fix:     "name the environment's security groups (security_groups = [\"sg-…\"])",
			At:      c.at(e.ref, "")})
	}
	sn := c.subnet(e.subnet)
	var subnetsOfVPC []string
	for _, x := range s.Subnets {
		if e.vpc != "" && x.VPC == e.vpc {
			subnetsOfVPC = append(subnetsOfVPC, x.ID)
		}
	}
	slices.Sort(subnetsOfVPC)
	switch {
	case sn == nil:
		what := "the snapshot does not hold it"
		if s.Deployed {
			what = "the export does not hold it (describe-subnets not collected, or another account's subnet), so it could not be checked"
		}
		c.add(Finding{Severity: missing, Code: CodeSubnetMissing, Environment: e.name, Resource: e.subnet,
			Message: fmt.Sprintf("CloudShell environment %q is in subnet %q, but %s", e.name, e.subnet, what),
			Fix:     "choose a subnet that exists" + suggestIn(e.subnet, c.objs.IDsOf(model.KindSubnet)),
			At:      c.at(e.ref, "subnet")})
	default:
		if sn.State.Known() && sn.State != model.StateAvailable {
			c.add(Finding{Severity: SeverityError, Code: CodeSubnetNotAvailable, Environment: e.name, Resource: sn.ID,
				Message: fmt.Sprintf("subnet %q of CloudShell environment %q is %s, not available: CloudShell cannot create the environment's interface in it", sn.ID, e.name, sn.State),
				Fix:     fmt.Sprintf("wait until %s is available, or choose another subnet of %s (%s)", sn.ID, e.vpc, idsIn(e.vpc, without(subnetsOfVPC, sn.ID))),
				At:      c.at(sn.ID, "")})
		}
		if e.vpc != "" && sn.VPC != e.vpc {
			c.add(Finding{Severity: SeverityError, Code: CodeSubnetOtherVPC, Environment: e.name, Resource: sn.ID,
				Message: fmt.Sprintf("subnet %q is in vpc %q, but CloudShell environment %q is in vpc %q: the subnet must belong to the environment's VPC", sn.ID, sn.VPC, e.name, e.vpc),
				Fix:     fmt.Sprintf("choose a subnet of %s (%s), or set the environment's VPC to %s", e.vpc, idsIn(e.vpc, subnetsOfVPC), sn.VPC),
				At:      c.at(e.ref, "subnet")})
		}
	}
	var sgsOfVPC []string
	for _, x := range s.SecurityGroups {
		if e.vpc != "" && x.VPC == e.vpc {
			sgsOfVPC = append(sgsOfVPC, x.ID)
		}
	}
	slices.Sort(sgsOfVPC)
	for i, id := range e.sgs {
		field := fmt.Sprintf("%s[%d]", e.sgField, i)
		g := c.sg(id)
		if g == nil {
			what := "the snapshot does not hold it"
			if s.Deployed {
				what = "the export does not hold it, so its VPC could not be checked"
			}
			c.add(Finding{Severity: missing, Code: CodeSGMissing, Environment: e.name, Resource: id,
				Message: fmt.Sprintf("CloudShell environment %q names security group %q, but %s", e.name, id, what),
				Fix:     "name a security group that exists" + suggestIn(id, c.objs.IDsOf(model.KindSecurityGroup)),
				At:      c.at(e.sgRef, field)})
			continue
		}
		if e.vpc != "" && g.VPC != e.vpc {
			c.add(Finding{Severity: SeverityError, Code: CodeSGOtherVPC, Environment: e.name, Resource: id,
				Message: fmt.Sprintf("security group %q is in vpc %q, but CloudShell environment %q is in vpc %q: an interface takes only security groups of its own VPC", id, g.VPC, e.name, e.vpc),
				Fix:     fmt.Sprintf("choose security groups of %s (%s)", e.vpc, idsIn(e.vpc, sgsOfVPC)),
				At:      c.at(e.sgRef, field)})
		}
	}
}

func without(ids []string, id string) []string {
	return slices.DeleteFunc(slices.Clone(ids), func(s string) bool { return s == id })
}

func suggestIn(id string, have []string) string {
	if s := model.Suggest(id, have); s != "" {
		return fmt.Sprintf("; did you mean %q?", s)
	}
	return ""
}

// vpcConfig is what makes two environments' VPC configurations the same:
// the VPC, the subnets and the security groups, as sets.
func vpcConfig(e checkEnv) string {
	sgs := slices.Clone(e.sgs)
	slices.Sort(sgs)
	sgs = slices.Compact(sgs)
	return e.vpc + "|" + e.subnet + "|" + strings.Join(sgs, ",")
}

// principals checks the per-principal limits: at most 2 VPC environments,
// and no two with the same VPC configuration.
func (c *checker) principals(envs []checkEnv) {
	byPrincipal := map[string][]checkEnv{}
	var principals, unnamed []string
	for _, e := range envs {
		if e.principal == "" {
			unnamed = append(unnamed, e.name)
			continue
		}
		if _, ok := byPrincipal[e.principal]; !ok {
			principals = append(principals, e.principal)
		}
		byPrincipal[e.principal] = append(byPrincipal[e.principal], e)
	}
	for _, p := range principals {
		list := byPrincipal[p]
		var names []string
		for _, e := range list {
			names = append(names, fmt.Sprintf("%q", e.name))
		}
		for i, e := range list {
			if i >= 2 {
				c.add(Finding{Severity: SeverityError, Code: CodeTooManyEnvs, Environment: e.name, Resource: e.ref,
					Message: fmt.Sprintf("principal %s has %d VPC environments (%s); CloudShell allows at most 2 per IAM principal, so %q cannot be created", p, len(list), strings.Join(names, ", "), e.name),
					Fix:     fmt.Sprintf("delete one of the principal's other VPC environments first, or create %q as another principal", e.name),
					At:      c.at(e.ref, "")})
			}
		}
		seen := map[string]checkEnv{}
		for _, e := range list {
			k := vpcConfig(e)
			if first, dup := seen[k]; dup {
				c.add(Finding{Severity: SeverityError, Code: CodeDuplicateConfig, Environment: e.name, Resource: e.ref,
					Message: fmt.Sprintf("Invalid VPC configuration provided. Environment with provided VpcConfig already exists for user %s (environment %q has the VPC, subnet and security groups of %q: %s, %s, %s)",
						p, e.name, first.name, e.vpc, e.subnet, strings.Join(e.sgs, ", ")),
					Fix: fmt.Sprintf("choose another subnet for %q (or another set of security groups), or use %q", e.name, first.name),
					At:  c.at(e.ref, "")})
				continue
			}
			seen[k] = e
		}
	}
	if len(unnamed) > 0 && len(envs) > 1 {
		c.add(Finding{Severity: SeverityInfo, Code: CodePrincipalUnknown, Resource: strings.Join(unnamed, ", "),
			Message: fmt.Sprintf("%d of %d environments %s no principal (%s): the limit of 2 VPC environments per principal and repeated VPC configurations were checked only among environments that name one", len(unnamed), len(envs), verb(len(unnamed), "names", "name"), strings.Join(unnamed, ", ")),
			Fix:     "give the environments a principal, or pass --principal ARN"})
	}
}

// verb picks the singular or plural form for a count.
func verb(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// regionOfEnv returns an environment's Region: its VPC's, the snapshot's,
// or the one its subnet's Availability Zone names.
func (c *checker) regionOfEnv(e checkEnv) string {
	if r := c.g.RegionOf(e.vpc); r != "" {
		return r
	}
	if sn := c.subnet(e.subnet); sn != nil {
		return regionOfAZ(sn.AZ)
	}
	return ""
}

func regionOfAZ(az string) string {
	if len(az) > 1 && az[len(az)-1] >= 'a' && az[len(az)-1] <= 'z' {
		return az[:len(az)-1]
	}
	return ""
}

// regions checks the Region of every environment (or of the snapshot when
// it has none) against the list, and returns each environment's Region.
func (c *checker) regions(envs []checkEnv, rl RegionList) []string {
	per := make([]string, len(envs))
	var all []string
	for i, e := range envs {
		per[i] = c.regionOfEnv(e)
		all = append(all, per[i])
	}
	if len(envs) == 0 {
		r := c.snap.Region
		for _, v := range c.snap.VPCs {
			if r == "" {
				r = c.g.RegionOf(v.ID)
			}
		}
		all = append(all, r)
	}
	done := map[string]bool{}
	for _, r := range all {
		if done[r] {
			continue
		}
		done[r] = true
		switch {
		case r == "":
			c.add(Finding{Severity: SeverityInfo, Code: CodeRegionUnknown, Resource: "region",
				Message: "the snapshot does not say its Region (no region, no VPC Region, no Availability Zone name), so whether CloudShell VPC environments are offered there was not checked",
				Fix:     "add region = \"…\" to the snapshot"})
		case rl.Has(r):
			c.add(Finding{Severity: SeverityInfo, Code: CodeRegionListed, Resource: r,
				Message: fmt.Sprintf("CloudShell VPC environments are offered in %s (%s, read %s)", r, rl.Name, rl.Read)})
		default:
			msg := fmt.Sprintf("%s is not on the list of Regions where CloudShell VPC environments are offered (%s, read %s); the list may be older than the Region", r, rl.Name, rl.Read)
			if s := model.Suggest(r, rl.Regions); s != "" {
				msg += fmt.Sprintf("; did you mean %s?", s)
			}
			c.add(Finding{Severity: SeverityWarning, Code: CodeRegionUnlisted, Resource: r, Message: msg,
				Fix: "check " + rl.Source + " for the Region, or use a listed Region"})
		}
	}
	return per
}

// notes adds what the user should know about every VPC environment.
func (c *checker) notes(envs []checkEnv) {
	if len(envs) == 0 {
		c.add(Finding{Severity: SeverityInfo, Code: CodeNoEnvironment, Resource: "cloudshell",
			Message: "the snapshot has no CloudShell VPC environment: no [[cloudshell]] table and no in-use interface tagged " + model.CloudShellTag + "; only the Region, IAM and stale interfaces were checked",
			Fix:     "describe the environment you plan in a [[cloudshell]] table (name, subnet, security_groups, principal)"})
	} else {
		c.add(Finding{Severity: SeverityInfo, Code: CodeEndpointsNote, Resource: "cloudshell",
			Message: "AWS lists the CloudShell endpoints (ssmmessages, logs, kms, ecr…) for the managed environment's own host, and wires them itself; what a user runs in the shell still leaves through the environment's network interface, so where the VPC has no endpoint for a service, the shell reaches it only through the internet path"})
	}
	c.add(Finding{Severity: SeverityInfo, Code: CodeNoPersistentStorage, Resource: "cloudshell",
		Message: "VPC environments have no persistent storage: the home directory is deleted when the session ends, when the environment times out or when it is deleted",
		Fix:     "keep files in S3 or a repository, not in $HOME"})
	c.add(Finding{Severity: SeverityInfo, Code: CodeNoUploadDownload, Resource: "cloudshell",
		Message: "VPC environments do not offer Upload file and Download file from the Actions menu",
		Fix:     "move files with the AWS CLI (aws s3 cp) or another tool over a path the environment reaches"})
	if len(c.opts.Policies) == 0 {
		var acts, rec []string
		for _, n := range iamNeeds {
			if n.recommended {
				rec = append(rec, n.action)
			} else {
				acts = append(acts, n.action)
			}
		}
		c.add(Finding{Severity: SeverityInfo, Code: CodeIAMNotChecked, Resource: "iam",
			Message: "IAM was not checked: creating a VPC environment needs " + strings.Join(acts, ", ") + "; " + strings.Join(rec, ", ") + " is recommended",
			Fix:     "pass the principal's policies with --policy FILE|DIR"})
	}
}
