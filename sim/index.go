package sim

import (
	"slices"
	"strings"

	"github.com/cshsim/cshsim/model"
)

// indexes are the lookups queries make, built once so that no query scans
// or sorts the whole snapshot.
type indexes struct {
	// ifaceEndpoints maps vpc|service to the VPC's interface endpoints for
	// the service (any Region; callers filter), sorted by id.
	ifaceEndpoints map[string][]*model.Endpoint
	// regionServices maps a Region to the sorted services with an endpoint
	// there ("" holds global services).
	regionServices map[string][]string
	dhcp           map[string]*model.DHCPOptions
	zonesByVPC     map[string][]*model.HostedZone
	natsByVPC      map[string][]*model.NATGateway // sorted by id
	vpcAtt         map[pair]*model.TGWAttachment  // by transit gateway and VPC
}

func (g *Graph) buildIndexes() {
	ix := &g.ix
	ix.ifaceEndpoints = map[string][]*model.Endpoint{}
	ix.regionServices = map[string][]string{}
	for _, id := range sortedKeys(g.eps) {
		e := g.eps[id]
		r, svc, ok := splitService(e.Service)
		if !ok {
			continue
		}
		if !slices.Contains(ix.regionServices[r], svc) {
			ix.regionServices[r] = append(ix.regionServices[r], svc)
		}
		if strings.EqualFold(e.Type, "Interface") {
			k := e.VPC + "|" + svc
			ix.ifaceEndpoints[k] = append(ix.ifaceEndpoints[k], e)
		}
	}
	for _, v := range ix.regionServices {
		slices.Sort(v)
	}
	ix.dhcp = map[string]*model.DHCPOptions{}
	for i := range g.snap.DHCPOptions {
		d := &g.snap.DHCPOptions[i]
		if _, ok := ix.dhcp[d.ID]; !ok {
			ix.dhcp[d.ID] = d
		}
	}
	ix.zonesByVPC = map[string][]*model.HostedZone{}
	for i := range g.snap.HostedZones {
		z := &g.snap.HostedZones[i]
		for _, v := range z.VPCs {
			ix.zonesByVPC[v] = append(ix.zonesByVPC[v], z)
		}
	}
	ix.natsByVPC = map[string][]*model.NATGateway{}
	for _, id := range sortedKeys(g.nats) {
		n := g.nats[id]
		if si := g.subnets[n.Subnet]; si != nil {
			ix.natsByVPC[si.s.VPC] = append(ix.natsByVPC[si.s.VPC], n)
		}
	}
	ix.vpcAtt = map[pair]*model.TGWAttachment{}
	for _, id := range sortedKeys(g.tgwAtts) {
		a := g.tgwAtts[id]
		if !strings.EqualFold(a.ResourceType, "vpc") {
			continue
		}
		k := pair{a.TransitGateway, a.ResourceID}
		if best := ix.vpcAtt[k]; best == nil || (!available(best.State) && available(a.State)) {
			ix.vpcAtt[k] = a
		}
	}
}
