package stdlib

import (
	"errors"

	"github.com/golang/snappy"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// decode_snappy decompresses raw (unframed) Snappy data.
func init() {
	Register(&Spec{
		Ident:      "decode_snappy",
		Parameters: []Param{reqParam("value", value.BitBytes)},
		Returns:    value.KindBytes,
		CanFail:    true,
		Impl: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
			out, err := snappy.Decode(nil, []byte(args[0].Str()))
			if err != nil {
				return value.Null, errors.New("unable to decode value with Snappy decoder")
			}
			return value.BytesFrom(out), nil
		},
	})
}
