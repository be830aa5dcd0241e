package stdlib

import "github.com/matano-go/matano/runtime/vrl/value"

// pop removes the last item of an array (an empty array stays empty). Its
// type is the argument's array type, as upstream keeps it.
func init() {
	Register(typedFunc("pop", []Param{reqParam("value", value.BitArray)}, func(args *Args) TypeDef {
		k := argKind(args, 0)
		return TypeDef{Kind: value.Kind{Bits: value.BitArray, Array: coreArrayShape(k)}, Fallible: !k.Is(value.BitArray)}
	}, func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
		a := args[0].Arr().Items
		if len(a) == 0 {
			return args[0], nil
		}
		items := make([]value.Value, len(a)-1)
		copy(items, a)
		return value.ArrayValue(items), nil
	}))
}
