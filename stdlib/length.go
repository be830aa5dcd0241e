package stdlib

import "github.com/matano-go/matano/runtime/vrl/value"

// length counts the bytes of a string, the items of an array or the
// fields of an object (not recursively).
func init() {
	Register(&Spec{
		Ident:      "length",
		Parameters: []Param{reqParam("value", value.BitArray|value.BitObject|value.BitBytes)},
		Returns:    value.KindInteger,
		Impl: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
			return value.Integer(int64(coreLength(args[0]))), nil
		},
	})
}
