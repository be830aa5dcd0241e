package stdlib

import (
	"github.com/matano-go/matano/runtime/vrl/value"
)

// decode_percent decodes %XX escapes; a '%' not followed by two hex
// digits stays as it is, and the result is read as lossy UTF-8.
func init() {
	Register(&Spec{
		Ident:      "decode_percent",
		Parameters: []Param{reqParam("value", value.BitBytes)},
		Returns:    value.KindBytes,
		Impl: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
			return value.Bytes(percentDecode(args[0].Str())), nil
		},
	})
}
