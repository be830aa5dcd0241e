package stdlib

import (
	"errors"
	"fmt"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// slice returns part of a string (by bytes) or of an array. Negative
// start and end count from the end; an end past the length is clamped.
func init() {
	params := []Param{
		reqParam("value", value.BitBytes|value.BitArray),
		reqParam("start", value.BitInteger),
		optParam("end", value.BitInteger),
	}
	Register(typedFunc("slice", params, func(args *Args) TypeDef {
		k := argKind(args, 0)
		if !k.Is(value.BitBytes) && !k.Is(value.BitArray) {
			k = value.Kind{Bits: value.BitBytes | value.BitArray, Array: value.KindArrayAny().Array}
		}
		return TypeDef{Kind: k, Fallible: true}
	}, func(_ *Context, args []value.Value, present []bool) (value.Value, error) {
		var n int64
		if args[0].Type() == value.TypeBytes {
			n = int64(len(args[0].Str()))
		} else {
			n = int64(args[0].Arr().Len())
		}
		start := args[1].Int()
		if start < 0 {
			start += n
		}
		end := n
		if isPresent(present, 2) {
			end = args[2].Int()
			if end < 0 {
				end += n
			}
		}
		switch {
		case start < 0 || start > n:
			return value.Null, fmt.Errorf(`"start" must be between "%d" and "%d"`, -n, n)
		case end < start:
			return value.Null, errors.New(`"end" must be greater or equal to "start"`)
		case end > n:
			end = n
		}
		if args[0].Type() == value.TypeBytes {
			return value.Bytes(args[0].Str()[start:end]), nil
		}
		items := make([]value.Value, end-start)
		copy(items, args[0].Arr().Items[start:end])
		return value.ArrayValue(items), nil
	}))
}
