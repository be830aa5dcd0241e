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
			_, ok := parseIPv4Addr(lossyUTF8(args[0].Str()))
			return value.Boolean(ok), nil
		},
	})
}
