package stdlib

import "github.com/matano-go/matano/runtime/vrl/value"

// includes tests whether an array holds an item equal to a value (exactly:
// 1 does not match 1.0).
func init() {
	Register(&Spec{
		Ident:      "includes",
		Parameters: []Param{reqParam("value", value.BitArray), reqParam("item", value.BitsAny)},
		Returns:    value.KindBoolean,
		Impl: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
			for _, item := range args[0].Arr().Items {
				if value.Equal(item, args[1]) {
					return value.True, nil
				}
			}
			return value.False, nil
		},
	})
}
