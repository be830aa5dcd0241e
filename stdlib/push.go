package stdlib

import (
	"strconv"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// push appends one item to an array.
func init() {
	params := []Param{reqParam("value", value.BitArray), reqParam("item", value.BitsAny)}
	Register(typedFunc("push", params, func(args *Args) TypeDef {
		base := coreArrayShape(argKind(args, 0))
		item := argKind(args, 1).UpgradeUndefined()
		out := &value.Collection{Known: map[string]value.Kind{}, Unknown: base.Unknown}
		for k, v := range base.Known {
			out.Known[k] = v
		}
		if n, ok := coreExactLength(base); ok {
			out.Known[strconv.Itoa(n)] = item
		} else {
			out.SetUnknown(base.UnknownKind().Union(item))
		}
		return TypeDef{Kind: value.Kind{Bits: value.BitArray, Array: out}}
	}, func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
		a := args[0].Arr().Items
		items := make([]value.Value, 0, len(a)+1)
		return value.ArrayValue(append(append(items, a...), args[1])), nil
	}))
}
