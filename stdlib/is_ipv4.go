package stdlib

import "github.com/matano-go/matano/runtime/vrl/value"

// is_ipv4 reports whether a string is a dotted-quad IPv4 address. IPv6
// forms that embed an IPv4 address do not count.
func init() {
	Register(&Spec{
		Ident:      "is_ipv4",
		Parameters: []Param{reqParam("value", value.BitBytes)},
		Returns:    value.KindBoolean,
		Impl: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
			return value.Boolean(isDottedQuad(args[0].Str())), nil
		},
	})
}

// isDottedQuad is parseIPv4Addr's verdict (Rust's Ipv4Addr::from_str:
// four decimal octets of at most 255 without leading zeros) without
// parsing: netip.ParseAddr built an error value for every string that
// is not an address, which made is_ipv4 on a domain name (CloudTrail's
// sourceIPAddress of AWS services) allocate. It reads the raw bytes: an
// address is ASCII, and no invalid UTF-8 (nor its U+FFFD replacement)
// can be one, so lossyUTF8 would not change the verdict.
func isDottedQuad(s string) bool {
	fields, digits, octet := 0, 0, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			if digits == 1 && octet == 0 {
				return false // a leading zero
			}
			octet = octet*10 + int(c-'0')
			digits++
			if octet > 255 {
				return false
			}
		case c == '.' && digits > 0 && fields < 3:
			fields++
			digits, octet = 0, 0
		default:
			return false
		}
	}
	return fields == 3 && digits > 0
}
