package stdlib

import (
	"errors"
	"net/netip"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// ip_ntoa renders an integer in network byte order as a dotted-quad IPv4
// address, as inet_ntoa does; the integer must fit in an unsigned 32 bits.
func init() {
	Register(&Spec{
		Ident:      "ip_ntoa",
		Parameters: []Param{reqParam("value", value.BitInteger)},
		Returns:    value.KindBytes,
		CanFail:    true,
		Impl: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
			n := args[0].Int()
			if n < 0 || n > 0xFFFFFFFF {
				return value.Null, errors.New("cannot convert to bytes: integer does not fit in u32")
			}
			a := netip.AddrFrom4([4]byte{byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)})
			return value.Bytes(a.String()), nil
		},
	})
}
