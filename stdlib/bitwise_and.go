package stdlib

import "github.com/matano-go/matano/runtime/vrl/value"

// bitwise_and is one of Matano's own VRL functions: the bitwise AND of two
// integers (used by log parsers to test flag bits). Its parameters are
// named as in Matano, `value` and `other`.
func init() {
	Register(&Spec{
		Ident:      "bitwise_and",
		Parameters: []Param{reqParam("value", value.BitInteger), reqParam("other", value.BitInteger)},
		Returns:    value.KindInteger,
		Impl: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
			return value.Integer(args[0].Int() & args[1].Int()), nil
		},
	})
}
