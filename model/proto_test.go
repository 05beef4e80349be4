package model

import "testing"

// TestFromAWS: the readers' one reading of AWS port ranges and ICMP
// type/code (EC2 API, IpPermission).
func TestFromAWS(t *testing.T) {
	n := func(i int) *int { return &i }
	for _, tt := range []struct {
		from, to *int
		want     PortRange
		bad      bool
	}{
		{nil, nil, AllPorts, false},
		{n(-1), n(-1), AllPorts, false},
		{n(443), n(443), Port(443), false},
		{n(1024), nil, PortRange{First: 1024, Last: 65535}, false},
		{n(10), n(5), PortRange{}, true},
		{n(0), n(70000), PortRange{}, true},
	} {
		got, err := PortsFromAWS(tt.from, tt.to)
		if got != tt.want || (err != nil) != tt.bad {
			t.Errorf("PortsFromAWS(%v, %v) = %v, %v; want %v, bad %v", tt.from, tt.to, got, err, tt.want, tt.bad)
		}
	}
	for _, tt := range []struct {
		typ, code *int
		want      ICMPMatch
		bad       bool
	}{
		{nil, nil, AnyICMP, false},
		{n(8), n(0), ICMPMatch{8, 0}, false},
		{n(3), nil, ICMPMatch{3, -1}, false},
		{n(-1), n(3), AnyICMP, false}, // any type is any code
		{n(300), n(0), ICMPMatch{}, true},
		{n(8), n(-2), ICMPMatch{}, true},
	} {
		got, err := ICMPFromAWS(tt.typ, tt.code)
		if got != tt.want || (err != nil) != tt.bad {
			t.Errorf("ICMPFromAWS(%v, %v) = %v, %v; want %v, bad %v", tt.typ, tt.code, got, err, tt.want, tt.bad)
		}
	}
}
