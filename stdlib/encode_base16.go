package stdlib

import (
	"encoding/hex"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// encode_base16 renders bytes as lowercase hexadecimal.
func init() {
	Register(&Spec{
		Ident:      "encode_base16",
		Parameters: []Param{reqParam("value", value.BitBytes)},
		Returns:    value.KindBytes,
		Impl: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
			return value.Bytes(hex.EncodeToString([]byte(args[0].Str()))), nil
		},
	})
}
