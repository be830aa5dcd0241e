package stdlib

import (
	"encoding/hex"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// sha2 returns the lowercase hex SHA-2 digest; the variant (default
// SHA-512/256) must be a literal, checked at compile time.
func init() {
	Register(&funcDef{
		ident:  "sha2",
		params: []Param{reqParam("value", value.BitBytes), optParam("variant", value.BitBytes)},
		compile: func(args *Args) (Call, error) {
			variant, err := enumArg(args, 1, "variant", sha2VariantNames, "SHA-512/256")
			if err != nil {
				return nil, err
			}
			h := sha2Variants[variant]
			return &funcCall{td: TypeDef{Kind: value.KindBytes}, eval: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
				return value.Bytes(hex.EncodeToString(hashSum(h, []byte(args[0].Str())))), nil
			}}, nil
		},
	})
}
