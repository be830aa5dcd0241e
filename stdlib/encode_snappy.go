package stdlib

import (
	"github.com/golang/snappy"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// encode_snappy compresses bytes in the raw (unframed) Snappy format.
// golang/snappy ports the reference C++ compressor, as upstream's snap
// crate does, so outputs are expected to match upstream's (verified on the
// upstream example; not proven for every input).
func init() {
	Register(&Spec{
		Ident:      "encode_snappy",
		Parameters: []Param{reqParam("value", value.BitBytes)},
		Returns:    value.KindBytes,
		CanFail:    true,
		Impl: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
			return value.BytesFrom(snappy.Encode(nil, []byte(args[0].Str()))), nil
		},
	})
}
