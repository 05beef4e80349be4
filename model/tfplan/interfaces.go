package tfplan

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/cshsim/cshsim/model"
)

// This file converts network interfaces, instances, Elastic IPs and ECS services.

// eipV holds what an Elastic IP or its association says.
type eipV struct {
	PublicIP  string `json:"public_ip"`
	Instance  string `json:"instance"`
	ENI       string `json:"network_interface"`
	PrivateIP string `json:"associate_with_private_ip"`
}

func (b *builder) eip(in *instance) {
	var v eipV
	b.decode(in, &v)
	x := &model.ElasticIP{AllocationID: in.id}
	x.PublicIP = b.addr(in, v.PublicIP, "public_ip")
	x.PrivateIP = b.addr(in, v.PrivateIP, "associate_with_private_ip")
	if !b.put(in.id, model.KindElasticIP, x) {
		return
	}
	b.eips = append(b.eips, x)
	b.src(in.id, "", b.r.pos(in, ""))
	eni := b.ref(in, v.ENI, wantENI, "network_interface").id
	inst := b.ref(in, v.Instance, wantInst, "instance").id
	b.attachEIP(in, x, eni, inst)
}

func (b *builder) eipAssociation(in *instance) {
	var v struct {
		Allocation string `json:"allocation_id"`
		Instance   string `json:"instance_id"`
		ENI        string `json:"network_interface_id"`
	}
	b.decode(in, &v)
	x := get[model.ElasticIP](b, b.ref(in, v.Allocation, wantEIP, "allocation_id").id)
	if x == nil {
		return
	}
	eni := b.ref(in, v.ENI, wantENI, "network_interface_id").id
	inst := b.ref(in, v.Instance, wantInst, "instance_id").id
	b.attachEIP(in, x, eni, inst)
}

// attachEIP associates an Elastic IP with an interface (or an instance's
// primary interface) once every interface exists.
func (b *builder) attachEIP(in *instance, x *model.ElasticIP, eni, inst string) {
	if eni == "" && inst == "" {
		return
	}
	b.later = append(b.later, func() {
		if inst != "" {
			x.Instance = inst
			if i := get[model.Instance](b, inst); i != nil && len(i.ENIs) > 0 && eni == "" {
				eni = i.ENIs[0]
			}
		}
		x.ENI = eni
		e := get[model.ENI](b, eni)
		if e == nil {
			return
		}
		if x.PublicIP.IsValid() {
			e.PublicIP = x.PublicIP
		} else {
			b.needPublic = append(b.needPublic, placeholder{e, in, "an Elastic IP, " + in.addr})
		}
	})
}

func (b *builder) eni(in *instance) {
	var v struct {
		Subnet      string   `json:"subnet_id"`
		PrivateIP   string   `json:"private_ip"`
		PrivateIPs  []string `json:"private_ips"`
		IPList      []string `json:"private_ip_list"`
		SGs         []string `json:"security_groups"`
		SrcDstCheck *bool    `json:"source_dest_check"`
		Description string   `json:"description"`
		Prefixes    []string `json:"ipv4_prefixes"`
		PrefixCount *int     `json:"ipv4_prefix_count"`
		Attachment  []struct {
			Instance string `json:"instance"`
		} `json:"attachment"`
		OwnerID string            `json:"owner_id"`
		Tags    map[string]string `json:"tags"`
	}
	b.decode(in, &v)
	x := &model.ENI{ID: in.id, Account: v.OwnerID, Type: "interface", Description: v.Description, Tags: tagsOf(v.Tags)}
	x.Subnet = b.ref(in, v.Subnet, wantSubnet, "subnet_id").id
	ips := []string{v.PrivateIP}
	ips = append(ips, v.IPList...)
	ips = append(ips, v.PrivateIPs...)
	for _, s := range ips {
		a := b.addr(in, s, "private_ips")
		if !a.IsValid() || a == x.PrivateIP || containsAddr(x.SecondaryIPs, a) {
			continue
		}
		if !x.PrivateIP.IsValid() {
			x.PrivateIP = a
		} else {
			x.SecondaryIPs = append(x.SecondaryIPs, a)
		}
	}
	if v.SrcDstCheck != nil {
		x.SourceDestCheck = model.Of(*v.SrcDstCheck)
	}
	var prefixAt []int // the ipv4_prefixes index of each of x.Prefixes
	for i, s := range v.Prefixes {
		if p := b.prefix(in, s, "ipv4_prefixes", i); p.IsValid() && !slices.Contains(x.Prefixes, p) {
			x.Prefixes = append(x.Prefixes, p)
			prefixAt = append(prefixAt, i)
		}
	}
	if len(v.Prefixes) == 0 && v.PrefixCount != nil && *v.PrefixCount > 0 && b.unknown(in, "ipv4_prefixes") {
		b.r.warnf(CodeUnknownValue, b.r.unknownPos(in, "ipv4_prefixes"), "known only after apply (ipv4_prefix_count = %d); the interface has no delegated prefixes in the snapshot", *v.PrefixCount)
	}
	sgs, configured := b.refList(in, v.SGs, wantSG, "security_groups")
	x.SecurityGroups = sgs
	if len(v.Attachment) > 0 {
		x.Instance = b.ref(in, v.Attachment[0].Instance, wantInst, "attachment", 0, "instance").id
	}
	if !b.put(in.id, model.KindENI, x) {
		return
	}
	b.enis = append(b.enis, x)
	b.src(in.id, "", b.r.pos(in, ""))
	b.src(in.id, "subnet", b.r.pos(in, "subnet_id"))
	b.src(in.id, "private_ip", b.r.pos(in, "private_ips"))
	b.src(in.id, "security_groups", b.r.pos(in, "security_groups"))
	for k, i := range prefixAt {
		b.src(in.id, fmt.Sprintf("prefixes[%d]", k), b.r.pos(in, pathString([]any{"ipv4_prefixes", i})))
	}
	if !x.PrivateIP.IsValid() {
		b.needIP = append(b.needIP, placeholder{eni: x, in: in})
	}
	if !configured {
		b.later = append(b.later, func() {
			if len(x.SecurityGroups) == 0 {
				// AWS attaches the VPC's default group (CreateNetworkInterface).
				if sg := b.defaultSG(b.vpcOf(x.Subnet)); sg != "" {
					x.SecurityGroups = []string{sg}
				}
			}
		})
	}
}

func containsAddr(xs []netip.Addr, a netip.Addr) bool {
	for _, x := range xs {
		if x == a {
			return true
		}
	}
	return false
}

func (b *builder) instance(in *instance) {
	var v struct {
		Subnet       string            `json:"subnet_id"`
		PrivateIP    string            `json:"private_ip"`
		SecondaryIPs []string          `json:"secondary_private_ips"`
		VPCSGs       []string          `json:"vpc_security_group_ids"`
		SGs          []string          `json:"security_groups"`
		AssocPublic  *bool             `json:"associate_public_ip_address"`
		PublicIP     string            `json:"public_ip"`
		PrimaryENI   string            `json:"primary_network_interface_id"`
		SrcDstCheck  *bool             `json:"source_dest_check"`
		State        string            `json:"instance_state"`
		OwnerID      string            `json:"owner_id"`
		Tags         map[string]string `json:"tags"`
		NICs         []struct {
			DeviceIndex *int   `json:"device_index"`
			ENI         string `json:"network_interface_id"`
		} `json:"network_interface"`
	}
	b.decode(in, &v)
	x := &model.Instance{ID: in.id, Account: v.OwnerID, State: model.ParseState(v.State), Tags: tagsOf(v.Tags)}
	if !b.put(in.id, model.KindInstance, x) {
		return
	}
	b.instances = append(b.instances, x)
	b.src(in.id, "", b.r.pos(in, ""))
	// Interfaces attached at launch (network_interface blocks) come first.
	primary := false
	for i, nic := range v.NICs {
		id := b.ref(in, nic.ENI, wantENI, "network_interface", i, "network_interface_id").id
		if id == "" {
			continue
		}
		if nic.DeviceIndex != nil && *nic.DeviceIndex == 0 {
			primary = true
			x.ENIs = append([]string{id}, x.ENIs...)
		} else {
			x.ENIs = append(x.ENIs, id)
		}
	}
	if len(x.ENIs) > 0 {
		b.later = append(b.later, func() {
			for _, id := range x.ENIs {
				if e := get[model.ENI](b, id); e != nil && e.Instance == "" {
					e.Instance = x.ID
				}
			}
		})
	}
	if primary {
		return
	}
	// Otherwise AWS creates the primary interface from the instance's own
	// arguments.
	subnet := b.ref(in, v.Subnet, wantSubnet, "subnet_id").id
	if subnet == "" {
		if !b.unknown(in, "subnet_id") || !b.configured(in, "subnet_id") {
			b.r.warnf(CodePartialResource, b.r.pos(in, ""), "no subnet_id: AWS launches the instance in the Region's default VPC, which the plan does not describe; it has no interface in the snapshot")
		}
		return
	}
	eni := &model.ENI{ID: primaryENIID(in, v.PrimaryENI), Subnet: subnet, Type: "interface", Status: model.StateInUse, Instance: in.id,
		Account: v.OwnerID, Description: "primary network interface of " + in.addr}
	eni.PrivateIP = b.addr(in, v.PrivateIP, "private_ip")
	for _, s := range v.SecondaryIPs {
		if a := b.addr(in, s, "secondary_private_ips"); a.IsValid() {
			eni.SecondaryIPs = append(eni.SecondaryIPs, a)
		}
	}
	eni.PublicIP = b.addr(in, v.PublicIP, "public_ip")
	if v.SrcDstCheck != nil {
		eni.SourceDestCheck = model.Of(*v.SrcDstCheck)
	}
	sgs, configured := b.refList(in, v.VPCSGs, wantSG, "vpc_security_group_ids")
	named, namedSet := b.refList(in, v.SGs, wantSG, "security_groups")
	for _, g := range named {
		if !containsStr(sgs, g) && (b.kindOf(g) == model.KindSecurityGroup || strings.HasPrefix(g, "sg-")) {
			sgs = append(sgs, g)
		}
	}
	eni.SecurityGroups = sgs
	if !b.put(eni.ID, model.KindENI, eni) {
		return
	}
	b.enis = append(b.enis, eni)
	x.ENIs = append([]string{eni.ID}, x.ENIs...)
	pos := b.r.pos(in, "")
	pos.Path = eni.ID
	b.src(eni.ID, "", pos)
	b.src(eni.ID, "subnet", b.r.pos(in, "subnet_id"))
	b.src(eni.ID, "private_ip", b.r.pos(in, "private_ip"))
	b.src(eni.ID, "security_groups", b.r.pos(in, "vpc_security_group_ids"))
	if !eni.PrivateIP.IsValid() {
		b.needIP = append(b.needIP, placeholder{eni: eni, in: in})
	}
	b.later = append(b.later, func() {
		if len(eni.SecurityGroups) == 0 && !configured && !namedSet {
			if sg := b.defaultSG(b.vpcOf(eni.Subnet)); sg != "" {
				eni.SecurityGroups = []string{sg}
			}
		}
		if eni.PublicIP.IsValid() {
			return
		}
		switch {
		case v.AssocPublic != nil && *v.AssocPublic:
			b.needPublic = append(b.needPublic, placeholder{eni, in, "associate_public_ip_address"})
		case v.AssocPublic == nil && b.mapPublic[subnet]:
			b.needPublic = append(b.needPublic, placeholder{eni, in, "map_public_ip_on_launch of " + subnet})
		}
	})
}

func (b *builder) eniAttachment(in *instance) {
	var v struct {
		Instance string `json:"instance_id"`
		ENI      string `json:"network_interface_id"`
	}
	b.decode(in, &v)
	inst := b.ref(in, v.Instance, wantInst, "instance_id").id
	eni := get[model.ENI](b, b.ref(in, v.ENI, wantENI, "network_interface_id").id)
	if eni == nil || inst == "" {
		return
	}
	eni.Instance = inst
	if i := get[model.Instance](b, inst); i != nil && !containsStr(i.ENIs, eni.ID) {
		i.ENIs = append(i.ENIs, eni.ID)
	}
}

func (b *builder) eniSGAttachment(in *instance) {
	var v struct {
		SG  string `json:"security_group_id"`
		ENI string `json:"network_interface_id"`
	}
	b.decode(in, &v)
	sg := b.ref(in, v.SG, wantSG, "security_group_id").id
	eni := get[model.ENI](b, b.ref(in, v.ENI, wantENI, "network_interface_id").id)
	if eni != nil && sg != "" && !containsStr(eni.SecurityGroups, sg) {
		eni.SecurityGroups = append(eni.SecurityGroups, sg)
	}
}

func (b *builder) ecsService(in *instance) {
	var v struct {
		Cluster         string `json:"cluster"`
		LaunchType      string `json:"launch_type"`
		PlatformVersion string `json:"platform_version"`
		ExecEnabled     *bool  `json:"enable_execute_command"`
		Network         []struct {
			Subnets []string `json:"subnets"`
			SGs     []string `json:"security_groups"`
		} `json:"network_configuration"`
	}
	b.decode(in, &v)
	if len(v.Network) == 0 {
		if !unknownAt(in.unknown, "network_configuration") {
			b.r.warnf(CodePartialResource, b.r.pos(in, ""), "no network_configuration (the tasks do not use awsvpc networking): no task is modelled")
			return
		}
		v.Network = make([]struct {
			Subnets []string `json:"subnets"`
			SGs     []string `json:"security_groups"`
		}, 1)
	}
	nc := v.Network[0]
	subnets, _ := b.refList(in, nc.Subnets, wantSubnet, "network_configuration", 0, "subnets")
	sgs, _ := b.refList(in, nc.SGs, wantSG, "network_configuration", 0, "security_groups")
	if len(subnets) == 0 {
		return
	}
	x := &model.ECSTask{ID: in.id, Cluster: v.Cluster, LaunchType: v.LaunchType, PlatformVersion: v.PlatformVersion,
		ExecEnabled: v.ExecEnabled != nil && *v.ExecEnabled, Subnet: subnets[0], SecurityGroups: sgs}
	if !b.put(in.id, model.KindECSTask, x) {
		return
	}
	b.tasks = append(b.tasks, x)
	b.src(in.id, "", b.r.pos(in, ""))
	if len(sgs) == 0 {
		b.later = append(b.later, func() {
			if sg := b.defaultSG(b.vpcOf(x.Subnet)); sg != "" {
				x.SecurityGroups = []string{sg}
			}
		})
	}
}
