package stdlib

import (
	"encoding/hex"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// sha3 returns the lowercase hex SHA-3 digest; the variant (default
// SHA3-512) must be a literal, checked at compile time.
func init() {
	Register(&funcDef{
		ident:  "sha3",
		params: []Param{reqParam("value", value.BitBytes), optParam("variant", value.BitBytes)},
		compile: func(args *Args) (Call, error) {
			variant, err := enumArg(args, 1, "variant", sha3VariantNames, "SHA3-512")
			if err != nil {
				return nil, err
			}
			h := sha3Variants[variant]
			return &funcCall{td: TypeDef{Kind: value.KindBytes}, eval: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
				return value.Bytes(hex.EncodeToString(hashSum(h, []byte(args[0].Str())))), nil
			}}, nil
		},
	})
}
