package stdlib

import (
	"errors"
	"strings"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// decode_punycode converts the xn-- labels of a domain name back to
// Unicode. A name without "xn--" is returned unchanged (not validated).
func init() {
	Register(&Spec{
		Ident:      "decode_punycode",
		Parameters: []Param{reqParam("value", value.BitBytes), optParam("validate", value.BitBoolean)},
		Returns:    value.KindBytes,
		CanFail:    true,
		Impl: func(_ *Context, args []value.Value, present []bool) (value.Value, error) {
			s := lossyUTF8(args[0].Str())
			if !strings.Contains(s, punycodePrefix) {
				return value.Bytes(s), nil
			}
			if argBool(args, present, 1, true) {
				out, err := punycodeIDNA.ToUnicode(s)
				if err != nil {
					return value.Null, errors.New("unable to decode punycode")
				}
				return value.Bytes(out), nil
			}
			labels := strings.Split(s, ".")
			for i, label := range labels {
				if rest, ok := strings.CutPrefix(label, punycodePrefix); ok {
					if dec, err := punycodeDecode(rest); err == nil {
						labels[i] = dec
					}
				}
			}
			return value.Bytes(strings.Join(labels, ".")), nil
		},
	})
}
