package stdlib

import (
	"math"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// coreNumberType is the type rule of abs, ceil, floor and round: the
// argument's type when it is exactly an integer or exactly a float,
// integer or float otherwise.
func coreNumberType(args *Args) TypeDef {
	k := argKind(args, 0)
	if k.Is(value.BitInteger) || k.Is(value.BitFloat) {
		return TypeDef{Kind: value.Kind{Bits: k.Bits}}
	}
	return TypeDef{Kind: value.Kind{Bits: value.BitInteger | value.BitFloat}}
}

// coreRoundFunc builds ceil, floor and round: integers are returned as is,
// floats rounded by f at the given decimal precision (scaling by
// 10^precision as upstream does, so results inherit its float error).
func coreRoundFunc(ident string, f func(float64) float64) *funcDef {
	params := []Param{reqParam("value", value.BitInteger|value.BitFloat), optParam("precision", value.BitInteger)}
	return typedFunc(ident, params, coreNumberType, func(_ *Context, args []value.Value, present []bool) (value.Value, error) {
		if args[0].Type() == value.TypeInteger {
			return args[0], nil
		}
		m := math.Pow(10, float64(argInt(args, present, 1, 0)))
		r := f(args[0].Flt()*m) / m
		if math.IsNaN(r) {
			r = 0
		}
		return value.Float(r), nil
	})
}
