package stdlib

import (
	"github.com/matano-go/matano/runtime/vrl/value"
)

// ip_pton converts a textual IPv4 or IPv6 address to its 4- or 16-byte
// binary form, as inet_pton does.
func init() {
	Register(&Spec{
		Ident:      "ip_pton",
		Parameters: []Param{reqParam("value", value.BitBytes)},
		Returns:    value.KindBytes,
		CanFail:    true,
		Impl: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
			a, err := parseIPArg(lossyUTF8(args[0].Str()))
			if err != nil {
				return value.Null, err
			}
			return value.BytesFrom(a.AsSlice()), nil
		},
	})
}
