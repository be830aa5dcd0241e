package stdlib

import "github.com/matano-go/matano/runtime/vrl/value"

// truncate cuts a string to at most limit characters, appending suffix
// when something was cut.
func init() {
	Register(&Spec{
		Ident: "truncate",
		Parameters: []Param{
			reqParam("value", value.BitBytes),
			reqParam("limit", value.BitInteger),
			optParam("suffix", value.BitBytes),
		},
		Returns: value.KindBytes,
		Impl: func(_ *Context, args []value.Value, present []bool) (value.Value, error) {
			s := lossyUTF8(args[0].Str())
			limit := max(args[1].Int(), 0)
			suffix := lossyUTF8(argStr(args, present, 2, ""))
			var chars int64
			for i := range s {
				if chars == limit {
					return value.Bytes(s[:i] + suffix), nil
				}
				chars++
			}
			return value.Bytes(s), nil
		},
	})
}
