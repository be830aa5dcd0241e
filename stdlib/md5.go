package stdlib

import (
	"crypto/md5"
	"encoding/hex"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// md5 returns the lowercase hex MD5 digest.
func init() {
	Register(&Spec{
		Ident:      "md5",
		Parameters: []Param{reqParam("value", value.BitBytes)},
		Returns:    value.KindBytes,
		Impl: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
			sum := md5.Sum([]byte(args[0].Str()))
			return value.Bytes(hex.EncodeToString(sum[:])), nil
		},
	})
}
