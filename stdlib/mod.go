package stdlib

import (
	"math"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// mod is the remainder of a division (truncated, like Rust's %). It is
// infallible only when the modulus is a non-zero literal (a normal float
// or non-zero integer) and the value is not a literal infinity.
func init() {
	params := []Param{reqParam("value", value.BitInteger|value.BitFloat), reqParam("modulus", value.BitInteger|value.BitFloat)}
	Register(typedFunc("mod", params, func(args *Args) TypeDef {
		td := TypeDef{Kind: value.Kind{Bits: value.BitInteger | value.BitFloat}, Fallible: true}
		if m, ok := constArg(args, 1); ok {
			switch m.Type() {
			case value.TypeFloat:
				f := m.Flt()
				td = TypeDef{Kind: value.KindFloat, Fallible: !coreIsNormal(f)}
			case value.TypeInteger:
				td = TypeDef{Kind: value.KindInteger, Fallible: m.Int() == 0}
			}
		}
		if v, ok := constArg(args, 0); ok && v.Type() == value.TypeFloat && math.IsInf(v.Flt(), 0) {
			td.Fallible = true
		}
		return td
	}, func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
		return value.Rem(args[0], args[1])
	}))
}

// coreIsNormal is Rust's f64::is_normal: finite, non-zero, not subnormal.
func coreIsNormal(f float64) bool {
	return f != 0 && !math.IsInf(f, 0) && !math.IsNaN(f) && math.Abs(f) >= 0x1p-1022
}
