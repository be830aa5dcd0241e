package stdlib

import (
	"github.com/matano-go/matano/runtime/vrl/value"
)

// decode_charset converts text in a legacy charset to UTF-8.
func init() {
	Register(&Spec{
		Ident: "decode_charset",
		Parameters: []Param{
			reqParam("value", value.BitBytes),
			reqParam("from_charset", value.BitBytes),
		},
		Returns: value.KindBytes,
		CanFail: true,
		Impl: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
			enc, _, err := charsetLookup(args[1].Str())
			if err != nil {
				return value.Null, err
			}
			return value.BytesFrom(charsetDecode(enc, []byte(args[0].Str()))), nil
		},
	})
}
