package stdlib

import (
	"errors"
	"net/netip"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// ip_ntop renders a 4- or 16-byte binary address as text, as inet_ntop
// does.
func init() {
	Register(&Spec{
		Ident:      "ip_ntop",
		Parameters: []Param{reqParam("value", value.BitBytes)},
		Returns:    value.KindBytes,
		CanFail:    true,
		Impl: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
			a, ok := netip.AddrFromSlice([]byte(args[0].Str()))
			if !ok {
				return value.Null, errors.New(`"value" must be of length 4 or 16 bytes`)
			}
			return value.Bytes(a.String()), nil
		},
	})
}
