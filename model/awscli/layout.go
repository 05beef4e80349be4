package awscli

import (
	"strings"
)

// isRegion reports whether s looks like an AWS Region name: a two-letter
// area, one or more words and a number (us-east-1, us-gov-west-1,
// ap-southeast-3, eu-central-2).
func isRegion(s string) bool {
	parts := strings.Split(s, "-")
	if len(parts) < 3 || len(parts[0]) != 2 || !allLetters(parts[0]) {
		return false
	}
	last := parts[len(parts)-1]
	if len(last) == 0 || len(last) > 2 || !allDigits(last) {
		return false
	}
	for _, p := range parts[1 : len(parts)-1] {
		if p == "" || !allLetters(p) {
			return false
		}
	}
	return true
}

func allLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return s != ""
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// regionOfAZ returns the Region of an Availability Zone, Local Zone or
// Wavelength Zone name: us-east-1a → us-east-1, us-west-2-lax-1a →
// us-west-2. It returns "" when az does not start with a Region.
func regionOfAZ(az string) string {
	parts := strings.Split(az, "-")
	for i, p := range parts {
		if i < 2 {
			continue
		}
		// The first part that starts with a digit ends the Region: "1a" or "1".
		if p != "" && p[0] >= '0' && p[0] <= '9' {
			n := 0
			for n < len(p) && p[n] >= '0' && p[n] <= '9' {
				n++
			}
			r := strings.Join(parts[:i], "-") + "-" + p[:n]
			if isRegion(r) {
				return r
			}
			return ""
		}
	}
	return ""
}

// regionOfARN returns the Region field of an ARN (arn:aws:ec2:us-east-1:…).
func regionOfARN(arn string) string {
	parts := strings.SplitN(arn, ":", 5)
	if len(parts) < 5 || parts[0] != "arn" || !isRegion(parts[3]) {
		return ""
	}
	return parts[3]
}

// regionOfService returns the Region in an AWS service or prefix list
// name: com.amazonaws.us-east-1.s3, com.amazonaws.vpce.us-east-1.vpce-svc-….
func regionOfService(name string) string {
	for _, p := range strings.Split(name, ".") {
		if isRegion(p) {
			return p
		}
	}
	return ""
}

// layoutOf reads the account and Region a file's path implies: the folder
// after "accounts" (Batfish: aws_configs/accounts/<account>/<region>/) is an
// account; a folder named like a Region is a Region. The deepest match wins.
func layoutOf(path string) (account, region string) {
	segs := strings.Split(path, "/")
	if len(segs) > 0 {
		segs = segs[:len(segs)-1] // the file name itself says nothing
	}
	for i, s := range segs {
		switch {
		case i > 0 && segs[i-1] == "accounts" && allDigits(s):
			account = s
		case isRegion(s):
			region = s
		}
	}
	return account, region
}

// idInPath returns the last id with the prefix (tgw-rtb-, pl-) that the
// path names, in a folder or in the file name: routes/tgw-rtb-0abc.json.
func idInPath(path, prefix string) string {
	return idInPathFunc(path, prefix, nil)
}

// idInPathFunc is idInPath for ids whose part after the prefix satisfies
// ok (nil: any letters and digits).
func idInPathFunc(path, prefix string, ok func(string) bool) string {
	found := ""
	for i := 0; i+len(prefix) <= len(path); i++ {
		if path[i:i+len(prefix)] != prefix {
			continue
		}
		if i > 0 && isAlnum(path[i-1]) {
			continue // part of a longer word: apl-…
		}
		j := i + len(prefix)
		for j < len(path) && isAlnum(path[j]) {
			j++
		}
		if j > i+len(prefix) && (ok == nil || ok(path[i+len(prefix):j])) {
			found = path[i:j]
		}
	}
	return found
}

// isHex reports whether s holds lower-case hexadecimal digits only, as the
// part of an EC2 id after its prefix does (vpc-0a1b2c3d4e5f60718), so that
// a folder named vpc-endpoints is not taken for a VPC id.
func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if !('0' <= s[i] && s[i] <= '9' || 'a' <= s[i] && s[i] <= 'f') {
			return false
		}
	}
	return s != ""
}

// zoneID returns a Route 53 hosted zone id without the "/hostedzone/"
// that get-hosted-zone and list-hosted-zones put before it.
func zoneID(id string) string {
	return strings.TrimPrefix(strings.TrimSpace(id), "/hostedzone/")
}

// isZoneID reports whether s looks like a Route 53 hosted zone id: Z,
// then upper-case letters and digits (at least one digit), 8 to 32
// characters in all (Z1R8UBAEXAMPLE, Z04361832JHO9FJZ5LQR6).
func isZoneID(s string) bool {
	if len(s) < 8 || len(s) > 32 || s[0] != 'Z' {
		return false
	}
	digit := false
	for i := 1; i < len(s); i++ {
		switch c := s[i]; {
		case '0' <= c && c <= '9':
			digit = true
		case 'A' <= c && c <= 'Z':
		default:
			return false
		}
	}
	return digit
}

// zoneIDInPath returns the last hosted zone id the path names, as a whole
// word of a folder or file name: records/Z0123456789ABC.json,
// ResourceRecordSets-Z0123456789ABC.json.
func zoneIDInPath(path string) string {
	found := ""
	for i := 0; i < len(path); {
		if !isAlnum(path[i]) {
			i++
			continue
		}
		j := i
		for j < len(path) && isAlnum(path[j]) {
			j++
		}
		if isZoneID(path[i:j]) {
			found = path[i:j]
		}
		i = j
	}
	return found
}

func isAlnum(c byte) bool {
	return ('0' <= c && c <= '9') || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')
}
