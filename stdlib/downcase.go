package stdlib

import "github.com/matano-go/matano/runtime/vrl/value"

// downcase lower-cases a string (full Unicode case mapping).
func init() {
	Register(&Spec{
		Ident:      "downcase",
		Parameters: []Param{reqParam("value", value.BitBytes)},
		Returns:    value.KindBytes,
		Impl: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
			return value.Bytes(coreLower(lossyUTF8(args[0].Str()))), nil
		},
	})
}
