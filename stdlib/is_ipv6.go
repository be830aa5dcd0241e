package stdlib

import "github.com/matano-go/matano/runtime/vrl/value"

// is_ipv6 reports whether a string is an IPv6 address.
func init() {
	Register(&Spec{
		Ident:      "is_ipv6",
		Parameters: []Param{reqParam("value", value.BitBytes)},
		Returns:    value.KindBoolean,
		Impl: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
			_, ok := parseIPv6Addr(lossyUTF8(args[0].Str()))
			return value.Boolean(ok), nil
		},
	})
}
