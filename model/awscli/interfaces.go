package awscli

import (
	"fmt"
	"slices"
	"strings"

	"github.com/cshsim/cshsim/model"
)

// This file reads network interfaces, instances (with their interfaces), Elastic IPs and ECS tasks.

// eni converts a network interface of describe-network-interfaces or of an
// instance in describe-instances.
func (l *loader) eni(e *elemCtx, v *rawENI) (model.ENI, []srcRef) {
	id := v.NetworkInterfaceID
	x := model.ENI{
		ID:               id,
		VPC:              v.VpcID,
		Subnet:           v.SubnetID,
		Account:          cmpOr(v.OwnerID, e.f.account),
		AZ:               v.AvailabilityZone,
		Type:             v.InterfaceType,
		Status:           model.ParseState(v.Status),
		SourceDestCheck:  optBool(v.SourceDestCheck),
		RequesterManaged: v.RequesterManaged,
		Description:      v.Description,
		Tags:             tags(v.TagSet),
	}
	if x.Tags == nil {
		x.Tags = tags(v.Tags)
	}
	if v.Attachment != nil {
		x.Instance = v.Attachment.InstanceID
	}
	e.f.hint(regionOfAZ(v.AvailabilityZone))
	x.PrivateIP = l.addr(e, ".PrivateIpAddress", v.PrivateIPAddress, model.FieldRef{ID: id, Field: "private_ip"})
	privRel := ".PrivateIpAddress"
	for j, pa := range v.PrivateIPAddresses {
		rel := fmt.Sprintf(".PrivateIpAddresses[%d]", j)
		a := l.addr(e, rel+".PrivateIpAddress", pa.PrivateIPAddress, model.FieldRef{ID: id, Field: "private_ip"})
		if !a.IsValid() {
			continue
		}
		switch {
		case pa.Primary || a == x.PrivateIP:
			if !x.PrivateIP.IsValid() {
				x.PrivateIP, privRel = a, rel+".PrivateIpAddress"
			}
			if pa.Association != nil && !x.PublicIP.IsValid() {
				x.PublicIP = l.addr(e, rel+".Association.PublicIp", pa.Association.PublicIP, model.FieldRef{ID: id, Field: "public_ip"})
			}
		case !slices.Contains(x.SecondaryIPs, a):
			x.SecondaryIPs = append(x.SecondaryIPs, a)
		}
	}
	if v.Association != nil && v.Association.PublicIP != "" {
		x.PublicIP = l.addr(e, ".Association.PublicIp", v.Association.PublicIP, model.FieldRef{ID: id, Field: "public_ip"})
	}
	var prefixRefs []srcRef
	for j, p := range v.IPv4Prefixes {
		if p.IPv4Prefix == "" {
			continue
		}
		rel := fmt.Sprintf(".Ipv4Prefixes[%d].Ipv4Prefix", j)
		f := fmt.Sprintf("prefixes[%d]", len(x.Prefixes))
		if pfx, ok := l.prefix(e, rel, p.IPv4Prefix, model.FieldRef{ID: id, Field: f}); ok && !slices.Contains(x.Prefixes, pfx) {
			prefixRefs = append(prefixRefs, srcRef{f, e.at(rel)})
			x.Prefixes = append(x.Prefixes, pfx)
		}
	}
	for j, a := range v.IPv6Addresses {
		if ip := l.addr(e, fmt.Sprintf(".Ipv6Addresses[%d].Ipv6Address", j), a.IPv6Address, model.FieldRef{ID: id, Field: "ipv6"}); ip.IsValid() {
			x.IPv6 = append(x.IPv6, ip)
		}
	}
	refs := []srcRef{{"vpc", e.at(".VpcId")}, {"subnet", e.at(".SubnetId")}, {"private_ip", e.at(privRel)}}
	refs = append(refs, prefixRefs...)
	for j, g := range v.Groups {
		if g.GroupID == "" {
			continue
		}
		refs = append(refs, srcRef{fmt.Sprintf("security_groups[%d]", len(x.SecurityGroups)), e.at(fmt.Sprintf(".Groups[%d].GroupId", j))})
		x.SecurityGroups = append(x.SecurityGroups, g.GroupID)
	}
	return x, refs
}

func readENI(l *loader, e *elemCtx, v *rawENI) {
	if v.NetworkInterfaceID == "" {
		l.missing(e, "NetworkInterfaceId")
		return
	}
	x, refs := l.eni(e, v)
	l.enis.put(l, x.ID, entry[model.ENI]{v: x, pos: e.at(""), f: e.f, refs: refs}, nil)
}

func readReservation(l *loader, e *elemCtx, v *rawReservation) {
	for j := range v.Instances {
		in := &v.Instances[j]
		ie := e.sub(fmt.Sprintf(".Instances[%d]", j))
		if in.InstanceID == "" {
			l.missing(ie, "InstanceId")
			continue
		}
		az := in.Placement.AvailabilityZone
		e.f.hint(regionOfAZ(az))
		x := model.Instance{ID: in.InstanceID, Account: cmpOr(v.OwnerID, e.f.account), State: model.ParseState(in.State.Name), Tags: tags(in.Tags)}
		for k := range in.NetworkInterfaces {
			ni := &in.NetworkInterfaces[k]
			ne := ie.sub(fmt.Sprintf(".NetworkInterfaces[%d]", k))
			if ni.NetworkInterfaceID == "" {
				l.missing(ne, "NetworkInterfaceId")
				continue
			}
			if ni.AvailabilityZone == "" {
				ni.AvailabilityZone = az
			}
			if ni.OwnerID == "" {
				ni.OwnerID = v.OwnerID
			}
			n, refs := l.eni(ne, ni)
			n.Instance = x.ID
			x.ENIs = append(x.ENIs, n.ID)
			l.instENIs.put(l, n.ID, entry[model.ENI]{v: n, pos: ne.at(""), f: e.f, refs: refs}, nil)
		}
		l.instances.put(l, x.ID, entry[model.Instance]{v: x, pos: ie.at(""), f: e.f}, nil)
	}
}

func readAddress(l *loader, e *elemCtx, v *rawAddress) {
	key := cmpOr(v.AllocationID, v.PublicIP)
	if key == "" {
		l.missing(e, "AllocationId or PublicIp")
		return
	}
	x := model.ElasticIP{
		AllocationID: v.AllocationID,
		PublicIP:     l.addr(e, ".PublicIp", v.PublicIP, model.FieldRef{ID: key}),
		ENI:          v.NetworkInterfaceID,
		PrivateIP:    l.addr(e, ".PrivateIpAddress", v.PrivateIPAddress, model.FieldRef{ID: key}),
		Instance:     v.InstanceID,
	}
	l.eips.put(l, key, entry[model.ElasticIP]{v: x, pos: e.at(""), f: e.f}, nil)
}

func readTask(l *loader, e *elemCtx, v *rawTask) {
	if v.TaskArn == "" {
		l.missing(e, "taskArn")
		return
	}
	x := model.ECSTask{
		ID:              v.TaskArn[strings.LastIndexByte(v.TaskArn, '/')+1:],
		ARN:             v.TaskArn,
		Cluster:         v.ClusterArn[strings.LastIndexByte(v.ClusterArn, '/')+1:],
		LastStatus:      model.ParseState(v.LastStatus),
		LaunchType:      v.LaunchType,
		PlatformVersion: v.PlatformVersion,
		ExecEnabled:     v.EnableExecuteCommand,
	}
	e.f.hint(regionOfARN(v.TaskArn))
	e.f.hint(regionOfAZ(v.AvailabilityZone))
	var refs []srcRef
	for j, a := range v.Attachments {
		if !strings.EqualFold(a.Type, "ElasticNetworkInterface") && !strings.EqualFold(a.Type, "eni") {
			continue
		}
		for k, d := range a.Details {
			rel := fmt.Sprintf(".attachments[%d].details[%d].value", j, k)
			switch d.Name {
			case "networkInterfaceId":
				x.ENI = d.Value
				refs = append(refs, srcRef{"eni", e.at(rel)})
			case "subnetId":
				x.Subnet = d.Value
				refs = append(refs, srcRef{"subnet", e.at(rel)})
			case "privateIPv4Address":
				x.PrivateIP = l.addr(e, rel, d.Value, model.FieldRef{ID: x.ID, Field: "private_ip"})
			}
		}
		if x.ENI != "" {
			break
		}
	}
	for _, c := range v.Containers {
		for _, a := range c.ManagedAgents {
			if a.Name == "ExecuteCommandAgent" && !x.ExecAgent.Known() {
				x.ExecAgent = model.ParseState(a.LastStatus)
			}
		}
	}
	l.tasks.put(l, x.ID, entry[model.ECSTask]{v: x, pos: e.at(""), f: e.f, refs: refs}, nil)
}
