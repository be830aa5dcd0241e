package stdlib

import "github.com/matano-go/matano/runtime/vrl/value"

// keys returns an object's keys, in sorted order.
func init() {
	Register(&Spec{
		Ident:      "keys",
		Parameters: []Param{reqParam("value", value.BitObject)},
		Returns:    value.KindArrayOf(nil, value.KindBytes.Ptr()),
		Impl: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
			entries := args[0].Obj().Entries()
			items := make([]value.Value, len(entries))
			for i, e := range entries {
				items[i] = value.Bytes(e.Key)
			}
			return value.ArrayValue(items), nil
		},
	})
}
