package stdlib

import (
	"encoding/hex"
	"errors"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// decode_base16 decodes hexadecimal (either case). Upstream reads the
// input as lossy UTF-8 first, so invalid UTF-8 simply fails to decode.
func init() {
	Register(&Spec{
		Ident:      "decode_base16",
		Parameters: []Param{reqParam("value", value.BitBytes)},
		Returns:    value.KindBytes,
		CanFail:    true,
		Impl: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
			b, err := hex.DecodeString(lossyUTF8(args[0].Str()))
			if err != nil {
				return value.Null, errors.New("unable to decode value to base16")
			}
			return value.BytesFrom(b), nil
		},
	})
}
