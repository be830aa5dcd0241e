package stdlib

import (
	"errors"

	"github.com/klauspost/compress/zstd"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// decode_zstd decompresses Zstandard data (all frames).
func init() {
	Register(&Spec{
		Ident:      "decode_zstd",
		Parameters: []Param{reqParam("value", value.BitBytes)},
		Returns:    value.KindBytes,
		CanFail:    true,
		Impl: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
			out, err := zstdDecoder.DecodeAll([]byte(args[0].Str()), nil)
			if err != nil {
				return value.Null, errors.New("unable to decode value with Zstd decoder")
			}
			return value.BytesFrom(out), nil
		},
	})
}

// zstdDecoder is shared: DecodeAll is safe for concurrent use.
var zstdDecoder, _ = zstd.NewReader(nil, zstd.WithDecoderConcurrency(1))
