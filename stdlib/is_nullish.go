package stdlib

import "github.com/matano-go/matano/runtime/vrl/value"

// is_nullish tests whether a value is null, an empty string, "-", or only
// white space.
func init() {
	Register(&Spec{
		Ident:      "is_nullish",
		Parameters: []Param{reqParam("value", value.BitsAny)},
		Returns:    value.KindBoolean,
		Impl: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
			return value.Boolean(coreIsNullish(args[0])), nil
		},
	})
}
