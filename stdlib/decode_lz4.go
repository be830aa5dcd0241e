package stdlib

import (
	"bytes"
	"math"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// decode_lz4 decodes an LZ4 frame (recognised by its magic number) or a
// single LZ4 block, optionally prefixed with its uncompressed size.
func init() {
	Register(&Spec{
		Ident: "decode_lz4",
		Parameters: []Param{
			reqParam("value", value.BitBytes),
			optParam("buf_size", value.BitInteger),
			optParam("prepended_size", value.BitBoolean),
		},
		Returns: value.KindBytes,
		CanFail: true,
		Impl: func(_ *Context, args []value.Value, present []bool) (value.Value, error) {
			data := []byte(args[0].Str())
			if bytes.HasPrefix(data, lz4FrameMagic) {
				out, err := lz4DecodeFrame(data)
				if err != nil {
					return value.Null, err
				}
				return value.BytesFrom(out), nil
			}
			size := argInt(args, present, 1, 1_000_000)
			if size < 0 || size > math.MaxUint32 {
				size = math.MaxInt32 // upstream: usize::MAX (capped again by the block size)
			}
			out, err := lz4DecodeBlock(data, int(size), argBool(args, present, 2, false))
			if err != nil {
				return value.Null, err
			}
			return value.BytesFrom(out), nil
		},
	})
}
