package stdlib

import (
	"unicode/utf8"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// strlen counts the characters (Unicode scalar values) of a string, where
// length counts its bytes.
func init() {
	Register(&Spec{
		Ident:      "strlen",
		Parameters: []Param{reqParam("value", value.BitBytes)},
		Returns:    value.KindInteger,
		Impl: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
			return value.Integer(int64(utf8.RuneCountInString(lossyUTF8(args[0].Str())))), nil
		},
	})
}
