package stdlib

import (
	"strconv"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// append concatenates two arrays. When the first array's length is known
// exactly, the second's known items keep their positions (shifted).
func init() {
	params := []Param{reqParam("value", value.BitArray), reqParam("items", value.BitArray)}
	Register(typedFunc("append", params, func(args *Args) TypeDef {
		base := coreArrayShape(argKind(args, 0))
		items := coreArrayShape(argKind(args, 1))
		out := &value.Collection{Known: map[string]value.Kind{}}
		for k, v := range base.Known {
			out.Known[k] = v
		}
		if n, ok := coreExactLength(base); ok {
			for k, v := range items.Known {
				i, _ := strconv.Atoi(k)
				out.Known[strconv.Itoa(i+n)] = v
			}
			out.Unknown = items.Unknown
		} else {
			out.Unknown = base.Unknown
			out.SetUnknown(base.UnknownKind().Union(items.ReducedKind()))
		}
		return TypeDef{Kind: value.Kind{Bits: value.BitArray, Array: out}}
	}, func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
		a, b := args[0].Arr().Items, args[1].Arr().Items
		items := make([]value.Value, 0, len(a)+len(b))
		return value.ArrayValue(append(append(items, a...), b...)), nil
	}))
}

// coreArrayShape is the array part of a kind (an array of anything when
// the kind is not known to hold arrays), as upstream's restrict_array.
func coreArrayShape(k value.Kind) *value.Collection {
	if c := k.ArrayShape(); c != nil {
		return c
	}
	return value.KindArrayAny().Array
}

// coreExactLength returns the length of an array shape whose items are all
// known (indexes 0..n-1 and no unknown ones).
func coreExactLength(c *value.Collection) (int, bool) {
	if c.Unknown != nil {
		return 0, false
	}
	for i := 0; i < len(c.Known); i++ {
		if _, ok := c.Known[strconv.Itoa(i)]; !ok {
			return 0, false
		}
	}
	return len(c.Known), true
}
