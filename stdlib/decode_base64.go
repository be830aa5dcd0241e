package stdlib

import (
	"errors"
	"strings"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// decode_base64 decodes standard or URL-safe Base64. As upstream, any run
// of trailing '=' is stripped and the rest decoded without padding, so
// both padded and unpadded input are accepted (and so is over-padding);
// non-zero trailing bits are rejected.
func init() {
	Register(&Spec{
		Ident: "decode_base64",
		Parameters: []Param{
			reqParam("value", value.BitBytes),
			optParam("charset", value.BitBytes),
		},
		Returns: value.KindBytes,
		CanFail: true,
		Impl: func(_ *Context, args []value.Value, present []bool) (value.Value, error) {
			enc, err := base64Encoding(argStr(args, present, 1, "standard"), false)
			if err != nil {
				return value.Null, err
			}
			s := strings.TrimRight(args[0].Str(), "=")
			b, err := enc.Strict().DecodeString(s)
			if err != nil || strings.ContainsAny(s, "\r\n") {
				return value.Null, errors.New("unable to decode value from base64")
			}
			return value.BytesFrom(b), nil
		},
	})
}
