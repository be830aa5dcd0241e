package stdlib

import (
	"fmt"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// tally counts how often each string occurs in an array; every item must
// be a string.
func init() {
	Register(&Spec{
		Ident:      "tally",
		Parameters: []Param{reqParam("value", value.BitArray)},
		Returns:    value.KindObjectOf(nil, value.KindInteger.Ptr()),
		CanFail:    true,
		Impl: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
			counts := map[string]int64{}
			for _, item := range args[0].Arr().Items {
				if item.Type() != value.TypeBytes {
					return value.Null, fmt.Errorf("all values must be strings, found: %s", debugValue(item))
				}
				counts[lossyUTF8(item.Str())]++
			}
			out := value.NewObject(len(counts))
			for k, n := range counts {
				out.Set(k, value.Integer(n))
			}
			return value.ObjectValue(out), nil
		},
	})
}
