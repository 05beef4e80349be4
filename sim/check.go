package sim

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/cshsim/cshsim/model"
)

// This file is `cshsim check`: can each CloudShell VPC environment of a
// snapshot be created, and will it be useful? It checks the limits and the
// placement AWS enforces, the Region, the IAM actions CloudShell needs, the
// network the environment will see, and stale interfaces
// (shared/aws-rules.md §1; docs/check.md).

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

// CheckCode is the stable code of a check finding; docs/codes.md lists
// them all. Codes are only ever added.
type CheckCode string

// Check finding codes.
const (
	// Limits and placement (errors unless noted).
	CheckTooManySGs         CheckCode = "CSH_CHECK_TOO_MANY_SGS"
	CheckNoSGs              CheckCode = "CSH_CHECK_NO_SECURITY_GROUPS" // warning
	CheckSGOtherVPC         CheckCode = "CSH_CHECK_SG_OTHER_VPC"
	CheckSGMissing          CheckCode = "CSH_CHECK_SG_MISSING" // warning in an export
	CheckSubnetMissing      CheckCode = "CSH_CHECK_SUBNET_MISSING"
	CheckSubnetNotAvailable CheckCode = "CSH_CHECK_SUBNET_NOT_AVAILABLE"
	CheckSubnetOtherVPC     CheckCode = "CSH_CHECK_SUBNET_OTHER_VPC"
	CheckTooManyEnvs        CheckCode = "CSH_CHECK_TOO_MANY_ENVIRONMENTS"
	CheckDuplicateConfig    CheckCode = "CSH_CHECK_DUPLICATE_VPC_CONFIG"
	CheckPrincipalUnknown   CheckCode = "CSH_CHECK_PRINCIPAL_UNKNOWN" // info
	CheckNoEnvironment      CheckCode = "CSH_CHECK_NO_ENVIRONMENT"    // info

	// Region.
	CheckRegionListed   CheckCode = "CSH_CHECK_REGION_LISTED"   // info
	CheckRegionUnlisted CheckCode = "CSH_CHECK_REGION_UNLISTED" // warning
	CheckRegionUnknown  CheckCode = "CSH_CHECK_REGION_UNKNOWN"  // info

	// Network summary.
	CheckInternet         CheckCode = "CSH_CHECK_INTERNET"          // info
	CheckEndpoints        CheckCode = "CSH_CHECK_ENDPOINTS"         // info
	CheckEndpointUnusable CheckCode = "CSH_CHECK_ENDPOINT_UNUSABLE" // warning
	CheckS3               CheckCode = "CSH_CHECK_S3"                // info
	CheckEndpointsNote    CheckCode = "CSH_CHECK_ENDPOINTS_NOTE"    // info

	// IAM.
	CheckIAMMissing    CheckCode = "CSH_CHECK_IAM_MISSING"
	CheckIAMDenied     CheckCode = "CSH_CHECK_IAM_DENIED"
	CheckIAMUncertain  CheckCode = "CSH_CHECK_IAM_UNCERTAIN"     // warning
	CheckIAMNoDelete   CheckCode = "CSH_CHECK_IAM_NO_DELETE_ENI" // warning
	CheckIAMVPCOnly    CheckCode = "CSH_CHECK_IAM_VPC_ONLY"      // info
	CheckIAMOK         CheckCode = "CSH_CHECK_IAM_OK"            // info
	CheckIAMNotChecked CheckCode = "CSH_CHECK_IAM_NOT_CHECKED"   // info

	// Interfaces and the environment itself.
	CheckStaleENI            CheckCode = "CSH_CHECK_STALE_ENI"             // warning
	CheckRoutingLoop         CheckCode = "CSH_CHECK_ROUTING_LOOP"          // warning
	CheckNoPersistentStorage CheckCode = "CSH_CHECK_NO_PERSISTENT_STORAGE" // info
	CheckNoUploadDownload    CheckCode = "CSH_CHECK_NO_UPLOAD_DOWNLOAD"    // info
)

// Finding is one result of [Check].
type Finding struct {
	Severity Severity  `json:"severity"`
	Code     CheckCode `json:"code"`
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

// CheckOptions are the inputs of [Check] beyond the snapshot. The zero
// CheckOptions check the snapshot alone against the default Region list.
type CheckOptions struct {
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
	Query Options
}

// CheckReport is what [Check] found.
type CheckReport struct {
	// Regions names the Region list used.
	Regions RegionList `json:"-"`
	// Findings are grouped by environment (in snapshot order, then the
	// findings of no environment), errors first within each group.
	Findings []Finding `json:"findings"`
	// Environments summarises each environment and its network.
	Environments []EnvSummary `json:"environments"`
}

// HasErrors reports whether any finding is an error.
func (r CheckReport) HasErrors() bool {
	return slices.ContainsFunc(r.Findings, func(f Finding) bool { return f.Severity == SeverityError })
}

// Count returns the number of findings of the severity.
func (r CheckReport) Count(s Severity) int {
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
	Verdict   Answer `json:"verdict"`
	Reachable bool   `json:"reachable"`
	// Via lists the gateways on the path (nat-a, igw-app).
	Via     []string `json:"via,omitempty"`
	Code    Code     `json:"code,omitempty"`
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
	Why     string `json:"why,omitempty"`
	WhyCode Code   `json:"why_code,omitempty"`
	// Via is how the name resolved: interface-endpoint,
	// gateway-endpoint, internet or private-hosted-zone.
	Via Via `json:"via"`
	// Verdict is reachable, unreachable or unknown; Reachable is true
	// only for reachable.
	Verdict   Answer `json:"verdict"`
	Reachable bool   `json:"reachable"`
	Code      Code   `json:"code,omitempty"`
	Message   string `json:"message"`
	Fix       string `json:"fix,omitempty"`
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
	g        *Graph
	opts     CheckOptions
	findings []Finding
}

func (c *checker) add(f Finding) { c.findings = append(c.findings, f) }

func (c *checker) at(id, field string) string {
	return c.g.snap.Sources.Lookup(model.FieldRef{ID: id, Field: field}).String()
}

// Check checks every CloudShell VPC environment of the snapshot: the
// [[cloudshell]] tables, and the in-use interfaces tagged
// ManagedByCloudShell that no table names (an AWS CLI export). See
// docs/check.md for what each check does and what it approximates. Check
// never fails; it runs the network queries of each environment, so it
// costs a few dozen queries per environment.
func Check(g *Graph, opts CheckOptions) CheckReport {
	c := &checker{g: g, opts: opts}
	rl := DefaultRegions
	if opts.Regions != nil {
		rl = *opts.Regions
	}
	envs := c.environments()
	rep := CheckReport{Regions: rl, Environments: []EnvSummary{}}
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

// environments lists the environments to check, in snapshot order: the
// [[cloudshell]] tables first, then the live interfaces tagged
// ManagedByCloudShell that no table names.
func (c *checker) environments() []checkEnv {
	s := c.g.snap
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

// isStale reports whether a CloudShell interface is left behind: not
// attached (status available).
func isStale(e model.ENI) bool { return e.Status == model.StateAvailable }

func (c *checker) eni(id string) *model.ENI {
	for i := range c.g.snap.ENIs {
		if c.g.snap.ENIs[i].ID == id {
			return &c.g.snap.ENIs[i]
		}
	}
	return nil
}

func (c *checker) subnet(id string) *model.Subnet {
	for i := range c.g.snap.Subnets {
		if c.g.snap.Subnets[i].ID == id {
			return &c.g.snap.Subnets[i]
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
	for i := range c.g.snap.SecurityGroups {
		if c.g.snap.SecurityGroups[i].ID == id {
			return &c.g.snap.SecurityGroups[i]
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
	s := c.g.snap
	missing := SeverityError
	if s.Deployed {
		// An export lacks only what was not collected: AWS had the object.
		missing = SeverityWarning
	}
	switch n := len(e.sgs); {
	case n > model.MaxCloudShellSGs:
		c.add(Finding{Severity: SeverityError, Code: CheckTooManySGs, Environment: e.name, Resource: e.ref,
			Message: fmt.Sprintf("CloudShell environment %q has %d security groups; a VPC environment takes at most %d", e.name, n, model.MaxCloudShellSGs),
			Fix:     fmt.Sprintf("keep at most %d of %s (merge the rules of the others into them)", model.MaxCloudShellSGs, strings.Join(e.sgs, ", ")),
			At:      c.at(e.sgRef, e.sgField)})
	case n == 0:
		c.add(Finding{Severity: SeverityWarning, Code: CheckNoSGs, Environment: e.name, Resource: e.ref,
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
		c.add(Finding{Severity: missing, Code: CheckSubnetMissing, Environment: e.name, Resource: e.subnet,
			Message: fmt.Sprintf("CloudShell environment %q is in subnet %q, but %s", e.name, e.subnet, what),
			Fix:     "choose a subnet that exists" + suggestIn(e.subnet, c.g.objs.IDsOf(model.KindSubnet)),
			At:      c.at(e.ref, "subnet")})
	default:
		if sn.State.Known() && sn.State != model.StateAvailable {
			c.add(Finding{Severity: SeverityError, Code: CheckSubnetNotAvailable, Environment: e.name, Resource: sn.ID,
				Message: fmt.Sprintf("subnet %q of CloudShell environment %q is %s, not available: CloudShell cannot create the environment's interface in it", sn.ID, e.name, sn.State),
				Fix:     fmt.Sprintf("wait until %s is available, or choose another subnet of %s (%s)", sn.ID, e.vpc, idsIn(e.vpc, without(subnetsOfVPC, sn.ID))),
				At:      c.at(sn.ID, "")})
		}
		if e.vpc != "" && sn.VPC != e.vpc {
			c.add(Finding{Severity: SeverityError, Code: CheckSubnetOtherVPC, Environment: e.name, Resource: sn.ID,
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
			c.add(Finding{Severity: missing, Code: CheckSGMissing, Environment: e.name, Resource: id,
				Message: fmt.Sprintf("CloudShell environment %q names security group %q, but %s", e.name, id, what),
				Fix:     "name a security group that exists" + suggestIn(id, c.g.objs.IDsOf(model.KindSecurityGroup)),
				At:      c.at(e.sgRef, field)})
			continue
		}
		if e.vpc != "" && g.VPC != e.vpc {
			c.add(Finding{Severity: SeverityError, Code: CheckSGOtherVPC, Environment: e.name, Resource: id,
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
				c.add(Finding{Severity: SeverityError, Code: CheckTooManyEnvs, Environment: e.name, Resource: e.ref,
					Message: fmt.Sprintf("principal %s has %d VPC environments (%s); CloudShell allows at most 2 per IAM principal, so %q cannot be created", p, len(list), strings.Join(names, ", "), e.name),
					Fix:     fmt.Sprintf("delete one of the principal's other VPC environments first, or create %q as another principal", e.name),
					At:      c.at(e.ref, "")})
			}
		}
		seen := map[string]checkEnv{}
		for _, e := range list {
			k := vpcConfig(e)
			if first, dup := seen[k]; dup {
				c.add(Finding{Severity: SeverityError, Code: CheckDuplicateConfig, Environment: e.name, Resource: e.ref,
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
		c.add(Finding{Severity: SeverityInfo, Code: CheckPrincipalUnknown, Resource: strings.Join(unnamed, ", "),
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
	if r := c.g.regionOf(e.vpc); r != "" {
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
		r := c.g.snap.Region
		for _, v := range c.g.snap.VPCs {
			if r == "" {
				r = c.g.regionOf(v.ID)
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
			c.add(Finding{Severity: SeverityInfo, Code: CheckRegionUnknown, Resource: "region",
				Message: "the snapshot does not say its Region (no region, no VPC Region, no Availability Zone name), so whether CloudShell VPC environments are offered there was not checked",
				Fix:     "add region = \"…\" to the snapshot"})
		case rl.Has(r):
			c.add(Finding{Severity: SeverityInfo, Code: CheckRegionListed, Resource: r,
				Message: fmt.Sprintf("CloudShell VPC environments are offered in %s (%s, read %s)", r, rl.Name, rl.Read)})
		default:
			msg := fmt.Sprintf("%s is not on the list of Regions where CloudShell VPC environments are offered (%s, read %s); the list may be older than the Region", r, rl.Name, rl.Read)
			if s := model.Suggest(r, rl.Regions); s != "" {
				msg += fmt.Sprintf("; did you mean %s?", s)
			}
			c.add(Finding{Severity: SeverityWarning, Code: CheckRegionUnlisted, Resource: r, Message: msg,
				Fix: "check " + rl.Source + " for the Region, or use a listed Region"})
		}
	}
	return per
}

// source resolves an environment as a query source.
func (c *checker) source(e checkEnv) (Source, error) {
	if e.from == "eni" {
		src, err := c.g.ResolveSource(e.eni)
		src.Kind = "cloudshell"
		return src, err
	}
	return c.g.ResolveSource(e.ref)
}

// network walks the environment's traffic to the internet, to each service
// of the CloudShell endpoint list and to S3.
func (c *checker) network(e checkEnv, region string) EnvSummary {
	sum := EnvSummary{Name: e.name, Principal: e.principal, From: e.from, Subnet: e.subnet, VPC: e.vpc,
		SecurityGroups: slices.Clone(e.sgs), ENI: e.eni, Region: region}
	if sum.SecurityGroups == nil {
		sum.SecurityGroups = []string{}
	}
	if c.g.subnets[e.subnet] == nil {
		return sum
	}
	src, err := c.source(e)
	if err != nil {
		return sum
	}
	if src.IP.IsValid() {
		sum.IP = src.IP.String()
	}
	inet := c.g.QueryWith(src, Destination{Kind: DestInternet, Proto: model.ProtoTCP, Port: DefaultPort}, c.opts.Query)
	is := &InternetSummary{Verdict: inet.Verdict, Reachable: inet.Reachable, Via: gateways(inet), Code: inet.Code, Message: inet.Message, Fix: inet.Fix}
	sum.Internet = is
	if is.Reachable {
		via := "the path"
		if len(is.Via) > 0 {
			via = strings.Join(is.Via, " → ")
		}
		c.add(Finding{Severity: SeverityInfo, Code: CheckInternet, Environment: e.name, Resource: e.ref,
			Message: fmt.Sprintf("internet: reachable from %s through %s", e.subnet, via)})
	} else if inet.Verdict == Unknown {
		c.add(Finding{Severity: SeverityInfo, Code: CheckInternet, Environment: e.name, Resource: e.ref,
			Message: fmt.Sprintf("internet: unknown from %s (%s): %s", e.subnet, inet.Code, inet.Message), Fix: inet.Fix})
	} else {
		c.add(Finding{Severity: SeverityInfo, Code: CheckInternet, Environment: e.name, Resource: e.ref,
			Message: fmt.Sprintf("internet: not reachable from %s (%s): %s", e.subnet, inet.Code, inet.Message), Fix: inet.Fix})
	}

	var usable, unusable, absentOK, absentBad, zoned []string
	for _, svc := range CloudShellEndpoints {
		r := c.g.QueryWith(src, Destination{Kind: DestAWS, Service: svc, Proto: model.ProtoTCP, Port: DefaultPort}, c.opts.Query)
		s := c.service(src, svc, region, r)
		sum.Endpoints = append(sum.Endpoints, s)
		switch s.Status {
		case EndpointUsable:
			usable = append(usable, svc)
		case EndpointUnusable:
			unusable = append(unusable, svc)
			msg := fmt.Sprintf("aws:%s: endpoint %s is in %s but not usable from %s (%s): %s", svc, s.Endpoint, e.vpc, e.subnet, s.WhyCode, s.Why)
			switch {
			case s.Reachable:
				msg += fmt.Sprintf("; the service is reached through the %s path instead", s.Via)
			case s.Verdict == Unknown:
				msg += "; whether the service is reachable is unknown"
			default:
				msg += "; the service is not reachable"
			}
			c.add(Finding{Severity: SeverityWarning, Code: CheckEndpointUnusable, Environment: e.name, Resource: s.Endpoint,
				Message: msg, Fix: s.Fix, At: c.at(s.Endpoint, "")})
		default:
			switch {
			case s.Via == ViaPrivateZone:
				zoned = append(zoned, fmt.Sprintf("%s: %s", svc, cmp.Or(string(s.Code), "reachable")))
			case s.Reachable:
				absentOK = append(absentOK, svc)
			default:
				absentBad = append(absentBad, svc)
			}
		}
	}
	n := len(CloudShellEndpoints)
	parts := []string{fmt.Sprintf("%d of %d services use an interface endpoint from %s", len(usable), n, e.subnet)}
	if len(usable) > 0 {
		parts[0] += " (" + strings.Join(usable, ", ") + ")"
	}
	if len(unusable) > 0 {
		parts = append(parts, fmt.Sprintf("%d %s an endpoint that is not usable (%s)", len(unusable), verb(len(unusable), "has", "have"), strings.Join(unusable, ", ")))
	}
	if none := len(absentOK) + len(absentBad); none > 0 {
		p := fmt.Sprintf("%d %s none and %s reachable only through the internet path", none, verb(none, "has", "have"), verb(none, "is", "are"))
		switch {
		case len(absentBad) == 0:
			p += ", which works"
		case len(absentOK) == 0:
			p += fmt.Sprintf(", which does not work (%s), so %s unreachable", inet.Code, verb(none, "it is", "they are"))
		default:
			p += fmt.Sprintf(": %s reachable, %s not", strings.Join(absentOK, ", "), strings.Join(absentBad, ", "))
		}
		parts = append(parts, p)
	}
	if len(zoned) > 0 {
		parts = append(parts, fmt.Sprintf("%d %s answered by a private hosted zone with no endpoint (%s)", len(zoned), verb(len(zoned), "is", "are"), strings.Join(zoned, "; ")))
	}
	c.add(Finding{Severity: SeverityInfo, Code: CheckEndpoints, Environment: e.name, Resource: e.ref,
		Message: "CloudShell endpoint list: " + strings.Join(parts, "; ")})

	r := c.g.QueryWith(src, Destination{Kind: DestAWS, Service: "s3", Proto: model.ProtoTCP, Port: DefaultPort}, c.opts.Query)
	s3 := c.service(src, "s3", region, r)
	sum.S3 = &s3
	var msg string
	switch {
	case s3.Reachable && s3.Via == ViaGatewayEndpoint:
		msg = fmt.Sprintf("aws:s3: reachable through gateway endpoint %s", s3.Endpoint)
	case s3.Reachable && s3.Via == ViaInterfaceEndpoint:
		msg = fmt.Sprintf("aws:s3: reachable through interface endpoint %s", s3.Endpoint)
	case s3.Reachable:
		msg = fmt.Sprintf("aws:s3: reachable through the %s path (no S3 endpoint in %s)", s3.Via, e.vpc)
	default:
		msg = fmt.Sprintf("aws:s3: not reachable (%s): %s", r.Code, r.Message)
	}
	c.add(Finding{Severity: SeverityInfo, Code: CheckS3, Environment: e.name, Resource: e.ref, Message: msg, Fix: r.Fix})
	return sum
}

// gateways lists the gateways and connections a reachable path crosses.
func gateways(r Result) []string {
	var out []string
	for _, h := range r.Path() {
		switch h.Kind {
		case model.KindNATGateway, model.KindInternetGateway, model.KindEgressOnlyIGW, model.KindTransitGateway,
			model.KindPeering, model.KindEndpoint, model.KindVPNGateway:
			if h.Verdict != Deny && h.Verdict != Drop && !slices.Contains(out, h.Component) {
				out = append(out, h.Component)
			}
		}
	}
	return out
}

// service classifies how the environment reaches one service.
func (c *checker) service(src Source, svc, region string, r Result) ServiceSummary {
	s := ServiceSummary{Service: svc, Status: EndpointAbsent, Verdict: r.Verdict, Reachable: r.Reachable, Code: r.Code, Message: r.Message, Fix: r.Fix}
	res := r.Resolution
	if res == nil {
		return s
	}
	s.Via = res.Via
	switch {
	case res.Via == ViaInterfaceEndpoint:
		s.Endpoint = res.Endpoint
		if r.Reachable {
			s.Status = EndpointUsable
		} else {
			s.Status, s.Why, s.WhyCode = EndpointUnusable, r.Message, r.Code
		}
	case res.Via == ViaPrivateZone:
		// A private hosted zone answers with no endpoint (or NXDOMAIN).
	case res.Endpoint != "":
		// An interface endpoint is there, but the name does not resolve to it.
		_, why, unusable, fix, _ := c.g.privateDNS(src, svc, region, c.opts.Query)
		s.Status, s.Endpoint, s.Why, s.WhyCode = EndpointUnusable, res.Endpoint, why, CodePrivateDNS
		if unusable != nil {
			s.Endpoint = unusable.ID
		}
		if fix != "" {
			s.Fix = fix
		}
	case res.Via == ViaGatewayEndpoint:
		s.Endpoint = passesGatewayEndpoint(&r)
		if r.Reachable {
			s.Status = EndpointUsable
		}
	}
	return s
}

// staleENIs reports interfaces CloudShell created and did not delete.
func (c *checker) staleENIs() {
	for _, e := range c.g.snap.ENIs {
		if !e.HasTag(model.CloudShellTag) || !isStale(e) {
			continue
		}
		c.add(Finding{Severity: SeverityWarning, Code: CheckStaleENI, Resource: e.ID,
			Message: fmt.Sprintf("interface %s in %s is tagged %s but not attached (status %s): an environment's interface left behind, usually because CloudShell lacked ec2:DeleteNetworkInterface", e.ID, cmp.Or(e.Subnet, "an unknown subnet"), model.CloudShellTag, e.Status),
			Fix:     fmt.Sprintf("delete it (aws ec2 delete-network-interface --network-interface-id %s) and allow ec2:DeleteNetworkInterface on interfaces tagged %s", e.ID, model.CloudShellTag),
			At:      c.at(e.ID, "")})
	}
}

// loops reports the routing loops of the network (Graph.RoutingLoops):
// traffic for the prefix goes round the subnets and never arrives.
func (c *checker) loops() {
	for _, l := range c.g.RoutingLoops() {
		c.add(Finding{Severity: SeverityWarning, Code: CheckRoutingLoop, Resource: strings.Join(l.Subnets, ", "),
			Message: fmt.Sprintf("routing loop for %s: the route tables of %s forward it round in a circle, so it never arrives", l.Prefix, strings.Join(l.Subnets, ", ")),
			Fix:     fmt.Sprintf("change one route for %s in the loop so that it leads to the destination", l.Prefix),
			At:      c.at(l.Subnets[0], "")})
	}
}

// notes adds what the user should know about every VPC environment.
func (c *checker) notes(envs []checkEnv) {
	if len(envs) == 0 {
		c.add(Finding{Severity: SeverityInfo, Code: CheckNoEnvironment, Resource: "cloudshell",
			Message: "the snapshot has no CloudShell VPC environment: no [[cloudshell]] table and no in-use interface tagged " + model.CloudShellTag + "; only the Region, IAM and stale interfaces were checked",
			Fix:     "describe the environment you plan in a [[cloudshell]] table (name, subnet, security_groups, principal)"})
	} else {
		c.add(Finding{Severity: SeverityInfo, Code: CheckEndpointsNote, Resource: "cloudshell",
			Message: "AWS lists the CloudShell endpoints (ssmmessages, logs, kms, ecr…) for the managed environment's own host, and wires them itself; what a user runs in the shell still leaves through the environment's network interface, so where the VPC has no endpoint for a service, the shell reaches it only through the internet path"})
	}
	c.add(Finding{Severity: SeverityInfo, Code: CheckNoPersistentStorage, Resource: "cloudshell",
		Message: "VPC environments have no persistent storage: the home directory is deleted when the session ends, when the environment times out or when it is deleted",
		Fix:     "keep files in S3 or a repository, not in $HOME"})
	c.add(Finding{Severity: SeverityInfo, Code: CheckNoUploadDownload, Resource: "cloudshell",
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
		c.add(Finding{Severity: SeverityInfo, Code: CheckIAMNotChecked, Resource: "iam",
			Message: "IAM was not checked: creating a VPC environment needs " + strings.Join(acts, ", ") + "; " + strings.Join(rec, ", ") + " is recommended",
			Fix:     "pass the principal's policies with --policy FILE|DIR"})
	}
}

// ---------------------------------------------------------------------
// IAM

// iamNeed is one action CloudShell needs to create a VPC environment
// (CloudShell User Guide, "Required IAM permissions for creating and using
// CloudShell VPC environments").
type iamNeed struct {
	action      string
	recommended bool   // not required: a missing one is a warning
	without     string // the consequence of not having it
}

var iamNeeds = []iamNeed{
	{"cloudshell:CreateEnvironment", false, "the environment cannot be created at all"},
	{"ec2:DescribeVpcs", false, "the Create VPC environment form cannot list the VPCs, and creating the environment fails"},
	{"ec2:DescribeSubnets", false, "the Create VPC environment form cannot list the subnets, and creating the environment fails"},
	{"ec2:DescribeSecurityGroups", false, "the Create VPC environment form cannot list the security groups, and creating the environment fails"},
	{"ec2:DescribeDhcpOptions", false, "CloudShell cannot read the VPC's DHCP options while it sets up the environment's network, and creating the environment fails"},
	{"ec2:DescribeNetworkInterfaces", false, "CloudShell cannot look up the environment's network interface, and creating the environment fails"},
	{"ec2:CreateTags", false, "CloudShell cannot tag the environment's network interface " + model.CloudShellTag + ", and creating the environment fails"},
	{"ec2:CreateNetworkInterface", false, "CloudShell cannot create the environment's network interface in the subnet, and creating the environment fails"},
	{"ec2:CreateNetworkInterfacePermission", false, "CloudShell cannot attach the network interface to the environment's host, and creating the environment fails"},
	{"ec2:DeleteNetworkInterface", true, "CloudShell cannot delete the environment's network interface: interfaces tagged " + model.CloudShellTag + " are left behind and must be deleted by hand after each use"},
}

// iamResource is the resource of one request. An empty field is unknown
// and matches any pattern.
type iamResource struct {
	any                                 bool // "*": the action has no resource-level permissions
	partition, service, region, account string
	typ, id                             string
}

func (r iamResource) String() string {
	if r.any {
		return "*"
	}
	id := r.id
	if id == "" {
		id = "*"
	}
	return fmt.Sprintf("arn:%s:%s:%s:%s:%s/%s", cmp.Or(r.partition, "aws"), r.service, cmp.Or(r.region, "*"), cmp.Or(r.account, "*"), r.typ, id)
}

// iamRequest is one authorization request CloudShell's creation of an
// environment makes: an action on a resource, with the request context.
type iamRequest struct {
	action   string
	resource iamResource
	// ctx holds the condition keys present in the request, lower-case; a
	// nil value means present with values cshsim does not know.
	ctx map[string][]string
	// decided lists key prefixes (lower-case) whose presence is known: a
	// key under one of them that ctx lacks is absent. Any other key is
	// one cshsim cannot evaluate.
	decided []string
}

func (q iamRequest) lookup(key string) (vals []string, present, known bool) {
	k := strings.ToLower(key)
	if v, ok := q.ctx[k]; ok {
		return v, true, true
	}
	for _, p := range q.decided {
		if strings.HasPrefix(k, p) {
			return nil, false, true
		}
	}
	return nil, false, false
}

// tri is a three-valued truth: a condition cshsim cannot evaluate is
// unknown.
type tri uint8

const (
	triFalse tri = iota
	triTrue
	triUnknown
)

// iamContext is what cshsim knows of the environment being created.
type iamContext struct {
	principal, partition, account, region string
	vpc, subnet                           string
	sgs                                   []string
	eni                                   string
	known                                 bool // vpc, subnet and sgs are the environment's
}

// consoleCalls are the actions the console's Create VPC environment form
// calls itself, as the principal, to list the choices: the CloudShell User
// Guide's newer example policy grants them without the aws:CalledVia
// condition it puts on the calls CloudShell makes (shared/aws-rules.md
// §1.5; an inference, see docs/check.md).
var consoleCalls = map[string]bool{"ec2:DescribeVpcs": true, "ec2:DescribeSubnets": true, "ec2:DescribeSecurityGroups": true}

// iamRequests lists the requests creating an environment makes for one
// action (shared/aws-rules.md §1.5). Describe actions have no
// resource-level permissions ("*"). cloudshell:CreateEnvironment and the
// form's Describe calls come from the principal; the other ec2 calls come
// from CloudShell on the principal's behalf: aws:CalledVia is
// cloudshell.amazonaws.com, and the new interface carries the tag
// ManagedByCloudShell (empty value) from its creation.
func iamRequests(action string, x iamContext) []iamRequest {
	base := func() map[string][]string {
		m := map[string][]string{}
		if x.region != "" {
			m["aws:requestedregion"] = []string{x.region}
		}
		if x.principal != "" {
			m["aws:principalarn"] = []string{x.principal}
		}
		if x.account != "" {
			m["aws:principalaccount"] = []string{x.account}
		}
		return m
	}
	res := func(service, typ, id string) iamResource {
		return iamResource{partition: x.partition, service: service, region: x.region, account: x.account, typ: typ, id: id}
	}
	viaCloudShell := func(m map[string][]string) map[string][]string {
		m["aws:calledvia"] = []string{"cloudshell.amazonaws.com"}
		m["aws:calledviafirst"] = []string{"cloudshell.amazonaws.com"}
		m["aws:calledvialast"] = []string{"cloudshell.amazonaws.com"}
		m["aws:viaawsservice"] = []string{"true"}
		return m
	}
	// ec2Decided: keys whose presence an ec2 request of CloudShell's
	// decides; tags on a subnet or security group are the user's, unknown.
	ec2Decided := []string{"aws:calledvia", "aws:viaawsservice", "aws:requesttag/", "aws:tagkeys", "ec2:createaction", "cloudshell:"}
	withResourceTags := append(slices.Clone(ec2Decided), "aws:resourcetag/")
	tagged := func(m map[string][]string) map[string][]string {
		m["aws:requesttag/"+strings.ToLower(model.CloudShellTag)] = []string{""}
		m["aws:tagkeys"] = []string{model.CloudShellTag}
		return m
	}
	switch {
	case action == "cloudshell:CreateEnvironment":
		m := base()
		m["aws:viaawsservice"] = []string{"false"}
		if x.known {
			m["cloudshell:vpcids"] = []string{x.vpc}
			m["cloudshell:subnetids"] = []string{x.subnet}
			m["cloudshell:securitygroupids"] = slices.Clone(x.sgs)
		} else {
			m["cloudshell:vpcids"], m["cloudshell:subnetids"], m["cloudshell:securitygroupids"] = nil, nil, nil
		}
		return []iamRequest{{action: action, resource: res("cloudshell", "environment", ""), ctx: m,
			decided: []string{"aws:calledvia", "aws:viaawsservice", "ec2:", "cloudshell:"}}}
	case consoleCalls[action]:
		// The console's Create VPC environment form lists VPCs, subnets
		// and security groups itself, as the principal.
		m := base()
		m["aws:viaawsservice"] = []string{"false"}
		return []iamRequest{{action: action, resource: iamResource{any: true}, ctx: m, decided: withResourceTags}}
	case strings.HasPrefix(action, "ec2:Describe"):
		return []iamRequest{{action: action, resource: iamResource{any: true}, ctx: viaCloudShell(base()), decided: withResourceTags}}
	case action == "ec2:CreateTags":
		m := tagged(viaCloudShell(base()))
		m["ec2:createaction"] = []string{"CreateNetworkInterface"}
		return []iamRequest{{action: action, resource: res("ec2", "network-interface", ""), ctx: m, decided: withResourceTags}}
	case action == "ec2:CreateNetworkInterface":
		out := []iamRequest{
			{action: action, resource: res("ec2", "network-interface", ""), ctx: tagged(viaCloudShell(base())), decided: withResourceTags},
			{action: action, resource: res("ec2", "subnet", x.subnet), ctx: viaCloudShell(base()), decided: ec2Decided},
		}
		sgs := x.sgs
		if len(sgs) == 0 {
			sgs = []string{""}
		}
		for _, sg := range sgs {
			out = append(out, iamRequest{action: action, resource: res("ec2", "security-group", sg), ctx: viaCloudShell(base()), decided: ec2Decided})
		}
		return out
	default: // CreateNetworkInterfacePermission, DeleteNetworkInterface: the tagged interface
		m := viaCloudShell(base())
		m["aws:resourcetag/"+strings.ToLower(model.CloudShellTag)] = []string{""}
		return []iamRequest{{action: action, resource: res("ec2", "network-interface", x.eni), ctx: m, decided: withResourceTags}}
	}
}

// matchResource reports whether a Resource pattern covers the request's
// resource. Patterns are matched segment by segment (arn:partition:
// service:region:account:resource), with * and ?; an unknown segment of
// the request (the id of an interface not yet created, an account the
// snapshot does not say) matches any pattern. An action without
// resource-level permissions is matched only by patterns that match "*".
func matchResource(pattern string, r iamResource) bool {
	if r.any {
		return model.Glob(pattern, "*")
	}
	if pattern == "*" {
		return true
	}
	parts := strings.SplitN(pattern, ":", 6)
	if len(parts) < 6 {
		return model.Glob(pattern, r.String())
	}
	seg := func(p, v string) bool { return v == "" || model.Glob(p, v) }
	if !seg(parts[1], r.partition) || !seg(parts[2], r.service) || !seg(parts[3], r.region) || !seg(parts[4], r.account) {
		return false
	}
	if r.id != "" {
		return model.Glob(parts[5], r.typ+"/"+r.id)
	}
	if i := strings.IndexByte(parts[5], '/'); i >= 0 {
		return model.Glob(parts[5][:i], r.typ)
	}
	return model.Glob(parts[5], r.typ+"/*")
}

func coversResource(s model.Statement, r iamResource) bool {
	if len(s.NotResource) > 0 {
		return !slices.ContainsFunc(s.NotResource, func(p string) bool { return matchResource(p, r) })
	}
	return slices.ContainsFunc(s.Resource, func(p string) bool { return matchResource(p, r) })
}

// evalCondition evaluates a Condition element against the request: every
// operator and key must hold. It returns the keys it could not evaluate.
func evalCondition(c model.Condition, q iamRequest) (tri, []string) {
	result := triTrue
	var unknown []string
	for _, op := range sortedKeys(c) {
		for _, key := range sortedKeys(c[op]) {
			switch evalOne(op, key, c[op][key], q) {
			case triFalse:
				return triFalse, nil
			case triUnknown:
				result = triUnknown
				unknown = append(unknown, fmt.Sprintf("%s %s", op, key))
			}
		}
	}
	return result, unknown
}

// evalOne evaluates one operator on one key (IAM User Guide, "IAM JSON
// policy elements: Condition operators" and "Single-valued vs.
// multivalued context keys").
func evalOne(op, key string, vals []string, q iamRequest) tri {
	base := op
	set := ""
	if i := strings.IndexByte(base, ':'); i >= 0 {
		set, base = strings.ToLower(base[:i]), base[i+1:]
		if set != "foranyvalue" && set != "forallvalues" {
			return triUnknown
		}
	}
	lower := strings.ToLower(base)
	ifExists := strings.HasSuffix(lower, "ifexists")
	lower = strings.TrimSuffix(lower, "ifexists")
	ctxVals, present, known := q.lookup(key)
	if !known {
		return triUnknown
	}
	if lower == "null" {
		for _, v := range vals {
			if (strings.EqualFold(v, "true") && !present) || (strings.EqualFold(v, "false") && present) {
				return triTrue
			}
		}
		return triFalse
	}
	match, negated, ok := matcher(lower)
	if !ok {
		return triUnknown
	}
	if !present {
		switch {
		case ifExists, set == "forallvalues":
			return triTrue
		case set == "foranyvalue":
			return triFalse
		case negated:
			return triTrue
		}
		return triFalse
	}
	if ctxVals == nil || slices.ContainsFunc(vals, func(v string) bool { return strings.Contains(v, "${") }) {
		return triUnknown // values not known, or a policy variable
	}
	hit := func(cv string) bool { return slices.ContainsFunc(vals, func(pv string) bool { return match(cv, pv) }) }
	sat := func(cv string) bool { return hit(cv) != negated }
	switch set {
	case "forallvalues":
		if slices.ContainsFunc(ctxVals, func(cv string) bool { return !sat(cv) }) {
			return triFalse
		}
		return triTrue
	case "foranyvalue":
		if slices.ContainsFunc(ctxVals, sat) {
			return triTrue
		}
		return triFalse
	}
	if negated {
		if slices.ContainsFunc(ctxVals, hit) {
			return triFalse
		}
		return triTrue
	}
	if slices.ContainsFunc(ctxVals, hit) {
		return triTrue
	}
	return triFalse
}

// matcher returns the comparison of a condition operator (lower-case,
// without set prefix and IfExists) and whether it is negated; ok is false
// for operators cshsim does not evaluate (numeric, date, IP address,
// binary).
func matcher(op string) (match func(ctx, pol string) bool, negated, ok bool) {
	eq := func(a, b string) bool { return a == b }
	fold := strings.EqualFold
	like := func(a, b string) bool { return model.Glob(b, a) }
	switch op {
	case "stringequals":
		return eq, false, true
	case "stringnotequals":
		return eq, true, true
	case "stringequalsignorecase":
		return fold, false, true
	case "stringnotequalsignorecase":
		return fold, true, true
	case "stringlike", "arnlike", "arnequals":
		return like, false, true
	case "stringnotlike", "arnnotlike", "arnnotequals":
		return like, true, true
	case "bool":
		return fold, false, true
	}
	return nil, false, false
}

// stmtRef names one statement for messages.
type stmtRef struct {
	policy string
	sid    string
	index  int
	at     string
}

func (s stmtRef) String() string {
	if s.sid != "" {
		return fmt.Sprintf("statement %q of policy %s", s.sid, s.policy)
	}
	return fmt.Sprintf("statement %d of policy %s", s.index, s.policy)
}

// iamOutcome is the evaluation of one request.
type iamOutcome int

const (
	iamAllowed   iamOutcome = iota
	iamUncertain            // an Allow that may not apply, or a Deny that may
	iamMissing              // no Allow applies: implicit deny
	iamDenied               // an explicit Deny applies
)

// iamDecision is the evaluation of one request, with the statements that
// decided it.
type iamDecision struct {
	outcome  iamOutcome
	by       stmtRef  // the Deny that applies, or the Allow
	unsure   stmtRef  // the statement whose conditions could not be evaluated
	unknown  []string // the conditions cshsim could not evaluate
	nearMiss *stmtRef // an Allow covering the action and resource whose condition failed
	resource iamResource
}

// evaluate decides one request as AWS does for identity-based policies of
// one account: an explicit Deny wins; otherwise some Allow must apply
// (IAM User Guide, "Policy evaluation logic"). Statements whose conditions
// cannot be evaluated may or may not apply.
func evaluate(policies []model.Policy, q iamRequest) iamDecision {
	d := iamDecision{outcome: iamMissing, resource: q.resource}
	var allow, maybeAllow, maybeDeny *stmtRef
	var allowUnknown, denyUnknown []string
	for _, p := range policies {
		for i, s := range p.Statements {
			if !s.CoversAction(q.action) || !coversResource(s, q.resource) {
				continue
			}
			ref := stmtRef{policy: p.Name, sid: s.Sid, index: i, at: s.Pos.String()}
			t, unknown := evalCondition(s.Condition, q)
			switch {
			case s.Effect == model.EffectDeny && t == triTrue:
				d.outcome, d.by = iamDenied, ref
				return d
			case s.Effect == model.EffectDeny && t == triUnknown && maybeDeny == nil:
				maybeDeny, denyUnknown = &ref, unknown
			case s.Effect == model.EffectAllow && t == triTrue && allow == nil:
				allow = &ref
			case s.Effect == model.EffectAllow && t == triUnknown && maybeAllow == nil:
				maybeAllow, allowUnknown = &ref, unknown
			case s.Effect == model.EffectAllow && t == triFalse && d.nearMiss == nil:
				d.nearMiss = &ref
			}
		}
	}
	switch {
	case maybeDeny != nil && (allow != nil || maybeAllow != nil):
		d.outcome, d.unsure, d.unknown = iamUncertain, *maybeDeny, denyUnknown
	case allow != nil:
		d.outcome, d.by = iamAllowed, *allow
	case maybeAllow != nil:
		d.outcome, d.unsure, d.unknown = iamUncertain, *maybeAllow, allowUnknown
	}
	return d
}

// iamAccount returns the partition and account of the principal ARN
// (arn:aws:iam::123456789012:role/Admin), or of the snapshot.
func (c *checker) iamAccount(principal, region string) (partition, account string) {
	if parts := strings.Split(principal, ":"); len(parts) >= 5 && parts[0] == "arn" {
		partition, account = parts[1], parts[4]
	}
	account = cmp.Or(account, c.g.snap.Account)
	if partition == "" {
		switch {
		case strings.HasPrefix(region, "us-gov-"):
			partition = "aws-us-gov"
		case strings.HasPrefix(region, "cn-"):
			partition = "aws-cn"
		default:
			partition = "aws"
		}
	}
	return partition, account
}

// iam evaluates the policies for the requests creating each environment
// (or an environment of unknown placement when there is none). When every
// environment gets the same findings they are reported once, for all.
func (c *checker) iam(envs []checkEnv, regions []string) {
	if len(c.opts.Policies) == 0 {
		return
	}
	c.vpcOnly()
	var per [][]Finding
	if len(envs) == 0 {
		region := c.g.snap.Region
		partition, account := c.iamAccount(c.opts.Principal, region)
		per = append(per, c.iamFor("", iamContext{principal: c.opts.Principal, partition: partition, account: account, region: region}))
	}
	for i, e := range envs {
		partition, account := c.iamAccount(e.principal, regions[i])
		x := iamContext{principal: e.principal, partition: partition, account: account, region: regions[i],
			vpc: e.vpc, subnet: e.subnet, sgs: e.sgs, eni: e.eni, known: true}
		per = append(per, c.iamFor(e.name, x))
	}
	same := true
	for _, fs := range per[1:] {
		if !sameFindings(fs, per[0]) {
			same = false
		}
	}
	if same {
		for _, f := range per[0] {
			f.Environment = ""
			c.add(f)
		}
		return
	}
	for _, fs := range per {
		for _, f := range fs {
			c.add(f)
		}
	}
}

func sameFindings(a, b []Finding) bool {
	return slices.EqualFunc(a, b, func(x, y Finding) bool {
		x.Environment, y.Environment = "", ""
		return x == y
	})
}

// iamFor evaluates every needed action for one environment.
func (c *checker) iamFor(env string, x iamContext) []Finding {
	var out []Finding
	var allowed []string
	for _, n := range iamNeeds {
		worst := iamDecision{outcome: iamAllowed}
		for _, q := range iamRequests(n.action, x) {
			if d := evaluate(c.opts.Policies, q); d.outcome > worst.outcome {
				worst = d
			}
		}
		f := Finding{Environment: env, Resource: n.action}
		kind := "required"
		if n.recommended {
			kind = "recommended"
		}
		switch worst.outcome {
		case iamAllowed:
			allowed = append(allowed, n.action)
			continue
		case iamDenied:
			f.Severity, f.Code, f.At = SeverityError, CheckIAMDenied, worst.by.at
			f.Message = fmt.Sprintf("%s (%s) is denied explicitly by %s for %s: %s", n.action, kind, worst.by, worst.resource, n.without)
			f.Fix = fmt.Sprintf("remove or narrow that Deny so that it spares CloudShell's request (aws:CalledVia = cloudshell.amazonaws.com, interfaces tagged %s)", model.CloudShellTag)
		case iamMissing:
			f.Severity, f.Code = SeverityError, CheckIAMMissing
			f.Message = fmt.Sprintf("%s (%s) is not allowed for %s: no Allow statement of the policies applies", n.action, kind, worst.resource)
			if worst.nearMiss != nil {
				f.Message += fmt.Sprintf(" (%s covers it, but its condition does not hold for CloudShell's request)", *worst.nearMiss)
				f.At = worst.nearMiss.at
			}
			f.Message += "; " + n.without
			f.Fix = fmt.Sprintf("allow %s on %s (the CloudShell User Guide's VPC example policy grants it)", n.action, fixResource(n.action))
		case iamUncertain:
			f.Severity, f.Code, f.At = SeverityWarning, CheckIAMUncertain, worst.unsure.at
			f.Message = fmt.Sprintf("cannot tell whether %s (%s) is allowed for %s: %s applies only under conditions cshsim cannot evaluate (%s); without it, %s",
				n.action, kind, worst.resource, worst.unsure, strings.Join(worst.unknown, "; "), n.without)
			f.Fix = "check those conditions against CloudShell's request: aws:CalledVia = cloudshell.amazonaws.com, the tag " + model.CloudShellTag + " with an empty value on the interface"
		}
		if n.recommended && f.Severity == SeverityError {
			f.Severity, f.Code = SeverityWarning, CheckIAMNoDelete
		}
		out = append(out, f)
	}
	if len(out) == 0 {
		out = append(out, Finding{Severity: SeverityInfo, Code: CheckIAMOK, Environment: env, Resource: "iam",
			Message: fmt.Sprintf("the %s every action creating a VPC environment needs, as CloudShell calls them: %s",
				verb(len(c.opts.Policies), "policy allows", fmt.Sprintf("%d policies allow", len(c.opts.Policies))), strings.Join(allowed, ", "))})
	}
	return out
}

func fixResource(action string) string {
	switch action {
	case "cloudshell:CreateEnvironment":
		return "arn:aws:cloudshell:*:*:environment/*"
	case "ec2:CreateNetworkInterface":
		return "arn:aws:ec2:*:*:network-interface/*, arn:aws:ec2:*:*:subnet/* and arn:aws:ec2:*:*:security-group/*"
	case "ec2:CreateTags", "ec2:CreateNetworkInterfacePermission", "ec2:DeleteNetworkInterface":
		return "arn:aws:ec2:*:*:network-interface/*"
	}
	return "\"*\" (Describe actions take no resource ARN)"
}

// vpcOnly notes the CloudShell User Guide's pattern that forces VPC
// environments: Deny cloudshell:CreateEnvironment when cloudshell:VpcIds
// is null. It does not stop VPC environments.
func (c *checker) vpcOnly() {
	for _, p := range c.opts.Policies {
		for i, s := range p.Statements {
			if s.Effect != model.EffectDeny || !s.CoversAction("cloudshell:CreateEnvironment") {
				continue
			}
			found := false
			for _, op := range sortedKeys(s.Condition) {
				for _, k := range sortedKeys(s.Condition[op]) {
					vals := s.Condition[op][k]
					if strings.EqualFold(op, "Null") && strings.EqualFold(k, "cloudshell:VpcIds") && slices.ContainsFunc(vals, func(v string) bool { return strings.EqualFold(v, "true") }) {
						found = true
					}
				}
			}
			if found {
				ref := stmtRef{policy: p.Name, sid: s.Sid, index: i, at: s.Pos.String()}
				c.add(Finding{Severity: SeverityInfo, Code: CheckIAMVPCOnly, Resource: "cloudshell:CreateEnvironment", At: ref.at,
					Message: fmt.Sprintf("%s denies creating environments outside a VPC (Null cloudshell:VpcIds = true): VPC environments are not affected; a public environment the principal already has stays until it is deleted", ref)})
			}
		}
	}
}
