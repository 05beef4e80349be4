package awscli

import (
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
)

// TestSecretsStayOut loads an export holding a VPN pre-shared key and
// instance user data, in valid and broken files, and checks that neither
// secret reaches the snapshot or any diagnostic.
func TestSecretsStayOut(t *testing.T) {
	const psk = "Fake_PSK.s3cr3t-9f2c"
	const userData = "#!/bin/sh\nexport DB_PASSWORD=Fake-UserData-s3cr3t-41d7\n"
	ud64 := base64.StdEncoding.EncodeToString([]byte(userData))
	cgw := fmt.Sprintf(`<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<vpn_connection id=\"vpn-1\"><ipsec_tunnel><ike><pre_shared_key>%s</pre_shared_key></ike></ipsec_tunnel></vpn_connection>`, psk)
	files := map[string]string{
		// describe-vpn-connections: not read at all.
		"VpnConnections.json": `{"VpnConnections": [{"VpnConnectionId": "vpn-1", "CustomerGatewayConfiguration": "` + cgw + `",
			"Options": {"TunnelOptions": [{"OutsideIpAddress": "203.0.113.9", "PreSharedKey": "` + psk + `"}]}, "State": "available"}]}`,
		// The same output beside a key cshsim reads.
		"Mixed.json": `{"Vpcs": [], "VpnConnections": [{"VpnConnectionId": "vpn-2", "CustomerGatewayConfiguration": "` + cgw + `"}]}`,
		// describe-instances with user data on the instance.
		"Reservations.json": `{"Reservations": [{"OwnerId": "111122223333", "Instances": [{"InstanceId": "i-1", "State": {"Name": "running"},
			"UserData": "` + ud64 + `", "NetworkInterfaces": [{"NetworkInterfaceId": "eni-1", "SubnetId": "subnet-1", "PrivateIpAddress": "10.0.0.5",
			"Description": "web"}]}]}]}`,
		// describe-instance-attribute --attribute userData.
		"UserData.json": `{"InstanceId": "i-1", "UserData": {"Value": "` + ud64 + `"}}`,
		// Broken files around the secrets: syntax, wrong types.
		"Broken1.json": `{"VpnConnections": [{"CustomerGatewayConfiguration": "` + cgw + `", "PreSharedKey": ` + psk + `}]}`,
		"Broken2.json": `{"Reservations": [{"Instances": [{"InstanceId": "i-2", "UserData": "` + ud64 + `", "State": "` + psk + `"}]}]}`,
		"Broken3.json": `{"Vpcs": "` + psk + `"}`,
		"Broken4.json": `{"VpnConnections": [{"PreSharedKey": "` + psk + `"`,
		"Broken5.json": `{"Vpcs": [{"VpcId": "vpc-1", "Tags": "` + psk + `", "CidrBlockAssociationSet": [{"CidrBlock": {"k": "` + psk + `"}}]}]}`,
	}
	s, diags := loadFiles(t, files)
	if !diags.HasErrors() {
		t.Error("the broken files gave no error")
	}
	dump := fmt.Sprintf("%#v\n%+v\n%v", s, s, s)
	for _, d := range diags {
		dump += fmt.Sprintf("\n%#v\n%s", d, d.Error())
	}
	dump += diags.Error()
	for _, secret := range []string{psk, "Fake-UserData-s3cr3t-41d7", ud64, "pre_shared_key"} {
		if strings.Contains(dump, secret) {
			t.Errorf("secret %q leaked into the snapshot or a diagnostic", secret)
		}
	}
	// i-2 is kept, best effort, beside the error about its State.
	if len(s.Instances) != 2 || len(s.ENIs) != 1 {
		t.Errorf("%d instances, %d interfaces; want 2 and 1", len(s.Instances), len(s.ENIs))
	}
}
