package stdlib

import "github.com/matano-go/matano/runtime/vrl/value"

// split_path splits a path into its components, the root being "/".
func init() {
	Register(&Spec{
		Ident:      "split_path",
		Parameters: []Param{reqParam("value", value.BitBytes)},
		Returns:    value.KindArrayAny(),
		Impl: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
			comps := corePathComponents(lossyUTF8(args[0].Str()))
			items := make([]value.Value, len(comps))
			for i, c := range comps {
				items[i] = value.Bytes(c)
			}
			return value.ArrayValue(items), nil
		},
	})
}
