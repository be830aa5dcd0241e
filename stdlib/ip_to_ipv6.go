package stdlib

import (
	"net/netip"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// ip_to_ipv6 renders an address as IPv6: an IPv4 address becomes its
// IPv4-mapped form (::ffff:a.b.c.d), an IPv6 address is re-rendered in
// canonical form.
func init() {
	Register(&Spec{
		Ident:      "ip_to_ipv6",
		Parameters: []Param{reqParam("value", value.BitBytes)},
		Returns:    value.KindBytes,
		CanFail:    true,
		Impl: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
			a, err := parseIPArg(lossyUTF8(args[0].Str()))
			if err != nil {
				return value.Null, err
			}
			if a.Is4() {
				a = netip.AddrFrom16(a.As16())
			}
			return value.Bytes(a.String()), nil
		},
	})
}
