package stdlib

import (
	"fmt"
	"net/netip"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// ipv6_to_ipv4 renders an address as IPv4. An IPv6 address converts when
// it is IPv4-compatible (::a.b.c.d) or IPv4-mapped (::ffff:a.b.c.d), as
// Rust's Ipv6Addr::to_ipv4 decides; any other IPv6 address is an error.
func init() {
	Register(&Spec{
		Ident:      "ipv6_to_ipv4",
		Parameters: []Param{reqParam("value", value.BitBytes)},
		Returns:    value.KindBytes,
		CanFail:    true,
		Impl: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
			a, err := parseIPArg(lossyUTF8(args[0].Str()))
			if err != nil {
				return value.Null, err
			}
			if a.Is4() {
				return value.Bytes(a.String()), nil
			}
			b := a.As16()
			for i := 0; i < 10; i++ {
				if b[i] != 0 {
					return value.Null, fmt.Errorf("IPV6 address %s is not compatible with IPV4", a)
				}
			}
			if (b[10] == 0 && b[11] == 0) || (b[10] == 0xff && b[11] == 0xff) {
				return value.Bytes(netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]}).String()), nil
			}
			return value.Null, fmt.Errorf("IPV6 address %s is not compatible with IPV4", a)
		},
	})
}
