package stdlib

import (
	"crypto/hmac"
	"fmt"
	"strings"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// hmac returns the raw HMAC bytes of value under key. The algorithm name
// is case-insensitive and may be dynamic; the call is infallible when it
// is omitted or a constant naming a known algorithm.
func init() {
	Register(typedFunc("hmac",
		[]Param{reqParam("value", value.BitBytes), reqParam("key", value.BitBytes), optParam("algorithm", value.BitBytes)},
		func(args *Args) TypeDef {
			valid := constValidUpper(args, 2, func(s string) bool { _, ok := hmacAlgorithms[s]; return ok })
			return TypeDef{Kind: value.KindBytes, Fallible: !valid}
		},
		func(_ *Context, args []value.Value, present []bool) (value.Value, error) {
			name := strings.ToUpper(lossyUTF8(argStr(args, present, 2, "SHA-256")))
			h, ok := hmacAlgorithms[name]
			if !ok {
				return value.Null, fmt.Errorf("Invalid algorithm: %s", name)
			}
			mac := hmac.New(h, []byte(args[1].Str()))
			mac.Write([]byte(args[0].Str()))
			return value.BytesFrom(mac.Sum(nil)), nil
		}))
}
