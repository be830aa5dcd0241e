package stdlib

import "github.com/matano-go/matano/runtime/vrl/value"

// unique removes repeated items from an array, keeping the first of each.
// Items are compared exactly: 1 and 1.0 are different.
func init() {
	Register(&Spec{
		Ident:      "unique",
		Parameters: []Param{reqParam("value", value.BitArray)},
		Returns:    value.KindArrayAny(),
		Impl: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
			seen := map[string]bool{}
			var out []value.Value
			for _, item := range args[0].Arr().Items {
				k := coreHashKey(item)
				if !seen[k] {
					seen[k] = true
					out = append(out, item)
				}
			}
			if out == nil {
				out = []value.Value{}
			}
			return value.ArrayValue(out), nil
		},
	})
}
