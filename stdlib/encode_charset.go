package stdlib

import (
	"github.com/matano-go/matano/runtime/vrl/value"
)

// encode_charset converts UTF-8 text to a legacy charset.
func init() {
	Register(&Spec{
		Ident: "encode_charset",
		Parameters: []Param{
			reqParam("value", value.BitBytes),
			reqParam("to_charset", value.BitBytes),
		},
		Returns: value.KindBytes,
		CanFail: true,
		Impl: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
			enc, name, err := charsetLookup(args[1].Str())
			if err != nil {
				return value.Null, err
			}
			return value.BytesFrom(charsetEncode(enc, name, args[0].Str())), nil
		},
	})
}
