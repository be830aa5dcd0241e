package stdlib

import "github.com/matano-go/matano/runtime/vrl/value"

// tally_value counts the items of an array equal to a value (exactly: 1
// does not count 1.0).
func init() {
	Register(&Spec{
		Ident:      "tally_value",
		Parameters: []Param{reqParam("array", value.BitArray), reqParam("value", value.BitsAny)},
		Returns:    value.KindInteger,
		Impl: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
			var n int64
			for _, item := range args[0].Arr().Items {
				if value.Equal(item, args[1]) {
					n++
				}
			}
			return value.Integer(n), nil
		},
	})
}
