package stdlib

import (
	"crypto/sha1"
	"encoding/hex"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// sha1 returns the lowercase hex SHA-1 digest.
func init() {
	Register(&Spec{
		Ident:      "sha1",
		Parameters: []Param{reqParam("value", value.BitBytes)},
		Returns:    value.KindBytes,
		Impl: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
			sum := sha1.Sum([]byte(args[0].Str()))
			return value.Bytes(hex.EncodeToString(sum[:])), nil
		},
	})
}
