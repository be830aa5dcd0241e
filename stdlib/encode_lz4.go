package stdlib

import (
	"encoding/binary"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// encode_lz4 compresses bytes into an LZ4 block, by default prefixed with
// the uncompressed size.
func init() {
	Register(&Spec{
		Ident:      "encode_lz4",
		Parameters: []Param{reqParam("value", value.BitBytes), optParam("prepend_size", value.BitBoolean)},
		Returns:    value.KindBytes,
		CanFail:    true,
		Impl: func(_ *Context, args []value.Value, present []bool) (value.Value, error) {
			src := []byte(args[0].Str())
			block := lz4CompressBlock(src)
			if !argBool(args, present, 1, true) {
				return value.BytesFrom(block), nil
			}
			out := binary.LittleEndian.AppendUint32(make([]byte, 0, 4+len(block)), uint32(len(src)))
			return value.BytesFrom(append(out, block...)), nil
		},
	})
}
