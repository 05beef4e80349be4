package gen

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// member is one top-level member of an output file, written in order.
type member struct {
	key   string
	write func(w *bufio.Writer, buf *bytes.Buffer) error
}

// indent is the AWS CLI's: four spaces a level.
const indent = "    "

// encode writes v as the CLI would at nesting depth depth (the first line
// unindented), reusing buf.
func encode(w *bufio.Writer, buf *bytes.Buffer, v any, depth int) error {
	buf.Reset()
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	prefix := ""
	for range depth {
		prefix += indent
	}
	enc.SetIndent(prefix, indent)
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
	return err
}

// value is a member holding v.
func value(key string, v any) member {
	return member{key, func(w *bufio.Writer, buf *bytes.Buffer) error { return encode(w, buf, v, 1) }}
}

// list is a member holding items, written element by element so that no
// output is held whole in memory.
func list[T any](key string, items []T) member {
	return member{key, func(w *bufio.Writer, buf *bytes.Buffer) error {
		if len(items) == 0 {
			_, err := w.WriteString("[]")
			return err
		}
		w.WriteString("[\n")
		for i := range items {
			w.WriteString(indent + indent)
			if err := encode(w, buf, &items[i], 2); err != nil {
				return err
			}
			if i < len(items)-1 {
				w.WriteByte(',')
			}
			w.WriteByte('\n')
		}
		_, err := w.WriteString(indent + "]")
		return err
	}}
}

type writer struct {
	dir   string
	st    *Stats
	buf   bytes.Buffer
	token func() string
}

// file writes one output file: an object with the members in order.
func (wr *writer) file(name string, ms ...member) error {
	f, err := os.Create(filepath.Join(wr.dir, name))
	if err != nil {
		return err
	}
	cw := &countingWriter{f: f}
	w := bufio.NewWriterSize(cw, 1<<16)
	w.WriteString("{\n")
	for i, m := range ms {
		fmt.Fprintf(w, "%s%q: ", indent, m.key)
		if err := m.write(w, &wr.buf); err != nil {
			f.Close()
			return fmt.Errorf("%s: %w", name, err)
		}
		if i < len(ms)-1 {
			w.WriteByte(',')
		}
		w.WriteByte('\n')
	}
	w.WriteString("}\n")
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	wr.st.Files++
	wr.st.Bytes += cw.n
	return nil
}

type countingWriter struct {
	f *os.File
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.f.Write(p)
	c.n += int64(n)
	return n, err
}

// pages writes items as name.json, or, when PageSize splits them, as
// name-1.json, name-2.json… with a NextToken on every page but the last,
// as `aws … --max-items` pages are.
func pages[T any](wr *writer, size int, name, key string, items []T) error {
	if size <= 0 || len(items) <= size {
		return wr.file(name+".json", list(key, items))
	}
	for n, i := 1, 0; i < len(items); n, i = n+1, i+size {
		j := min(i+size, len(items))
		ms := []member{list(key, items[i:j])}
		if j < len(items) {
			ms = append(ms, value("NextToken", wr.token()))
		}
		if err := wr.file(fmt.Sprintf("%s-%d.json", name, n), ms...); err != nil {
			return err
		}
	}
	return nil
}

func (g *generator) write(dir string) (Stats, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Stats{}, err
	}
	st := g.st
	st.Files, st.Bytes = 0, 0
	wr := &writer{dir: dir, st: &st, token: func() string { return "eyJ2IjoxLCJjIjoi" + g.hex(48) }}
	size := g.c.PageSize
	steps := []func() error{
		func() error { return pages(wr, size, "Vpcs", "Vpcs", g.vpcs) },
		func() error {
			for i := range g.dnsSupport {
				vpc := g.dnsSupport[i].VpcID
				if err := wr.file("VpcAttribute-enableDnsSupport-"+vpc+".json", value("VpcId", vpc), value("EnableDnsSupport", g.dnsSupport[i].EnableDNSSupport)); err != nil {
					return err
				}
				if err := wr.file("VpcAttribute-enableDnsHostnames-"+vpc+".json", value("VpcId", vpc), value("EnableDnsHostnames", g.dnsHostnames[i].EnableDNSHostnames)); err != nil {
					return err
				}
			}
			return nil
		},
		func() error { return pages(wr, size, "Subnets", "Subnets", g.subnets) },
		func() error { return pages(wr, size, "RouteTables", "RouteTables", g.rts) },
		func() error { return pages(wr, size, "InternetGateways", "InternetGateways", g.igws) },
		func() error {
			return wr.file("EgressOnlyInternetGateways.json", list("EgressOnlyInternetGateways", []struct{}{}))
		},
		func() error { return pages(wr, size, "NatGateways", "NatGateways", g.nats) },
		func() error { return pages(wr, size, "VpcEndpoints", "VpcEndpoints", g.endpoints) },
		func() error { return pages(wr, size, "SecurityGroups", "SecurityGroups", g.sgs) },
		func() error {
			if !g.c.SGRulesFile {
				return nil
			}
			return pages(wr, size, "SecurityGroupRules", "SecurityGroupRules", g.sgRules)
		},
		func() error { return pages(wr, size, "NetworkAcls", "NetworkAcls", g.acls) },
		func() error { return pages(wr, size, "NetworkInterfaces", "NetworkInterfaces", g.enis) },
		func() error { return wr.file("DhcpOptions.json", list("DhcpOptions", g.dhcp)) },
		func() error {
			return wr.file("VpcPeeringConnections.json", list("VpcPeeringConnections", g.peerings))
		},
		func() error { return wr.file("VpnGateways.json", list("VpnGateways", []struct{}{})) },
		func() error { return pages(wr, size, "Addresses", "Addresses", g.addresses) },
		func() error { return wr.file("ManagedPrefixLists.json", list("PrefixLists", g.managedPLs)) },
		func() error { return wr.file("PrefixLists.json", list("PrefixLists", g.servicePLs)) },
		func() error {
			for _, e := range g.plEntries {
				if err := wr.file("PrefixListEntries-"+e.PrefixListID+".json", value("PrefixListId", e.PrefixListID), list("Entries", e.Entries)); err != nil {
					return err
				}
			}
			return nil
		},
		func() error { return wr.file("TransitGateways.json", list("TransitGateways", g.tgws)) },
		func() error {
			return pages(wr, size, "TransitGatewayAttachments", "TransitGatewayAttachments", g.tgwAtts)
		},
		func() error {
			return pages(wr, size, "TransitGatewayVpcAttachments", "TransitGatewayVpcAttachments", g.tgwVPCAtts)
		},
		func() error {
			return wr.file("TransitGatewayPeeringAttachments.json", list("TransitGatewayPeeringAttachments", []struct{}{}))
		},
		func() error {
			return wr.file("TransitGatewayRouteTables.json", list("TransitGatewayRouteTables", g.tgwRTList))
		},
		func() error {
			for t, rtb := range g.tgwRTs {
				// search-transit-gateway-routes returns at most 1000
				// routes: a larger table is collected in several searches
				// (by --filters), each complete.
				routes := g.tgwRoutes[t]
				for n, i := 1, 0; i < len(routes) || n == 1; n, i = n+1, i+1000 {
					name := "TransitGatewayRoutes-" + rtb + ".json"
					if n > 1 {
						name = fmt.Sprintf("TransitGatewayRoutes-%s-%d.json", rtb, n)
					}
					if err := wr.file(name, value("TransitGatewayRouteTableId", rtb), list("Routes", routes[i:min(i+1000, len(routes))]),
						value("AdditionalRoutesAvailable", false)); err != nil {
						return err
					}
				}
				if err := wr.file("TransitGatewayRouteTableAssociations-"+rtb+".json", value("TransitGatewayRouteTableId", rtb),
					list("Associations", g.tgwAssocs[t])); err != nil {
					return err
				}
				if err := wr.file("TransitGatewayRouteTablePropagations-"+rtb+".json", value("TransitGatewayRouteTableId", rtb),
					list("TransitGatewayRouteTablePropagations", g.tgwProps[t])); err != nil {
					return err
				}
			}
			return nil
		},
		func() error {
			// ecs describe-tasks takes at most 100 tasks a call.
			for _, cl := range g.clusters {
				ts := g.tasks[cl]
				for n, i := 0, 0; i < len(ts); n, i = n+1, i+100 {
					if err := wr.file(fmt.Sprintf("EcsTasks-%s-%d.json", cl, n), list("tasks", ts[i:min(i+100, len(ts))]), list("failures", []struct{}{})); err != nil {
						return err
					}
				}
			}
			return nil
		},
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return st, err
		}
	}
	return st, nil
}
