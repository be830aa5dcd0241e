package stdlib

import "github.com/matano-go/matano/runtime/vrl/value"

// upcase upper-cases a string (full Unicode case mapping: "ß" → "SS").
func init() {
	Register(&Spec{
		Ident:      "upcase",
		Parameters: []Param{reqParam("value", value.BitBytes)},
		Returns:    value.KindBytes,
		Impl: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
			return value.Bytes(coreUpper(lossyUTF8(args[0].Str()))), nil
		},
	})
}
