package stdlib

import (
	"encoding/base64"
	"errors"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// encode_base64 encodes with the standard or URL-safe alphabet, padded
// unless padding is false.
func init() {
	Register(&Spec{
		Ident: "encode_base64",
		Parameters: []Param{
			reqParam("value", value.BitBytes),
			optParam("padding", value.BitBoolean),
			optParam("charset", value.BitBytes),
		},
		Returns: value.KindBytes,
		Impl: func(_ *Context, args []value.Value, present []bool) (value.Value, error) {
			enc, err := base64Encoding(argStr(args, present, 2, "standard"), argBool(args, present, 1, true))
			if err != nil {
				return value.Null, err
			}
			return value.Bytes(enc.EncodeToString([]byte(args[0].Str()))), nil
		},
	})
}

// base64Encoding maps VRL's charset names to an encoding. Upstream
// declares the parameter infallible although an unknown name fails at run
// time with "unknown charset"; we report the same error.
func base64Encoding(charset string, padding bool) (*base64.Encoding, error) {
	var enc *base64.Encoding
	switch charset {
	case "standard":
		enc = base64.StdEncoding
	case "url_safe":
		enc = base64.URLEncoding
	default:
		return nil, errors.New("unknown charset")
	}
	if !padding {
		enc = enc.WithPadding(base64.NoPadding)
	}
	return enc, nil
}
