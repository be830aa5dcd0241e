package stdlib

import (
	"github.com/matano-go/matano/runtime/vrl/value"
)

// uuid_v4 returns a random (version 4) UUID.
func init() {
	Register(&Spec{
		Ident:   "uuid_v4",
		Returns: value.KindBytes,
		Impl: func(_ *Context, _ []value.Value, _ []bool) (value.Value, error) {
			return value.Bytes(uuidFormat(uuidRandom(4))), nil
		},
	})
}
