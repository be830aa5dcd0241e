package stdlib

import "github.com/matano-go/matano/runtime/vrl/value"

// values returns an object's values, in the order of their sorted keys.
// Its item type is the union of the object's field types.
func init() {
	Register(typedFunc("values", []Param{reqParam("value", value.BitObject)}, func(args *Args) TypeDef {
		item := coreObjectShape(argKind(args, 0)).ReducedKind()
		return TypeDef{Kind: value.KindArrayOf(nil, item.Ptr())}
	}, func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
		entries := args[0].Obj().Entries()
		items := make([]value.Value, len(entries))
		for i, e := range entries {
			items[i] = e.Value
		}
		return value.ArrayValue(items), nil
	}))
}
