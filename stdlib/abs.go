package stdlib

import (
	"math"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// abs returns the absolute value of a number (the minimum integer wraps to
// itself, as Rust's i64::abs does in release builds).
func init() {
	Register(typedFunc("abs", []Param{reqParam("value", value.BitFloat|value.BitInteger)}, coreNumberType,
		func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
			if args[0].Type() == value.TypeInteger {
				n := args[0].Int()
				if n < 0 {
					n = -n
				}
				return value.Integer(n), nil
			}
			return value.Float(math.Abs(args[0].Flt())), nil
		}))
}
