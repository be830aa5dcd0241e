package stdlib

import (
	"errors"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// decode_gzip decompresses gzip data (all members).
func init() {
	Register(&Spec{
		Ident:      "decode_gzip",
		Parameters: []Param{reqParam("value", value.BitBytes)},
		Returns:    value.KindBytes,
		CanFail:    true,
		Impl: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
			out, err := gunzipAll([]byte(args[0].Str()))
			if err != nil {
				return value.Null, errors.New("unable to decode value with Gzip decoder")
			}
			return value.BytesFrom(out), nil
		},
	})
}
