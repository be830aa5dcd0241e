package stdlib

import (
	"github.com/matano-go/matano/runtime/vrl/value"
)

// parse_float parses a decimal floating-point number as Rust's f64
// FromStr does: optional sign, digits with an optional fraction and
// exponent, or inf/infinity/nan in any case. Out-of-range values become
// infinities or zero rather than errors; NaN is rejected because VRL
// floats are never NaN.
func init() {
	Register(&Spec{
		Ident:      "parse_float",
		Parameters: []Param{reqParam("value", value.BitBytes)},
		Returns:    value.KindFloat,
		CanFail:    true,
		Impl: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
			f, err := convertFloat(lossyUTF8(args[0].Str()))
			if err != nil {
				return value.Null, err
			}
			return value.Float(f), nil
		},
	})
}
