package stdlib

import (
	"errors"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// decode_zlib decompresses a zlib stream.
func init() {
	Register(&Spec{
		Ident:      "decode_zlib",
		Parameters: []Param{reqParam("value", value.BitBytes)},
		Returns:    value.KindBytes,
		CanFail:    true,
		Impl: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
			out, err := unzlib([]byte(args[0].Str()))
			if err != nil {
				return value.Null, errors.New("unable to decode value with Zlib decoder")
			}
			return value.BytesFrom(out), nil
		},
	})
}
