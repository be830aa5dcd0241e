package stdlib

import "github.com/matano-go/matano/runtime/vrl/value"

// match tests whether a string matches a regular expression.
func init() {
	Register(&Spec{
		Ident:      "match",
		Parameters: []Param{reqParam("value", value.BitBytes), reqParam("pattern", value.BitRegex)},
		Returns:    value.KindBoolean,
		Impl: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
			return value.Boolean(args[1].Re().MatchString(lossyUTF8(args[0].Str()))), nil
		},
	})
}
