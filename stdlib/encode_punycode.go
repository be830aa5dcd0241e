package stdlib

import (
	"errors"
	"strings"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// encode_punycode converts an internationalized domain name to its ASCII
// (xn--) form.
func init() {
	Register(&Spec{
		Ident:      "encode_punycode",
		Parameters: []Param{reqParam("value", value.BitBytes), optParam("validate", value.BitBoolean)},
		Returns:    value.KindBytes,
		CanFail:    true,
		Impl: func(_ *Context, args []value.Value, present []bool) (value.Value, error) {
			s := lossyUTF8(args[0].Str())
			if argBool(args, present, 1, true) {
				out, err := punycodeIDNA.ToASCII(s)
				if err != nil {
					return value.Null, errors.New("unable to encode to punycode")
				}
				return value.Bytes(out), nil
			}
			return value.Bytes(punycodeEncodeLabels(s)), nil
		},
	})
}

// punycodeEncodeLabels is the unvalidated path: already-lowercase ASCII
// passes through, ASCII or xn-- labels are lowercased, and every other
// label is lowercased and punycode-encoded.
func punycodeEncodeLabels(s string) string {
	plain := true
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.') {
			plain = false
			break
		}
	}
	if plain {
		return s
	}
	labels := strings.Split(s, ".")
	for i, label := range labels {
		lower := strings.ToLower(label)
		if strings.HasPrefix(label, punycodePrefix) || isASCII(label) {
			labels[i] = lower
			continue
		}
		if enc, err := punycodeEncode(lower); err == nil {
			labels[i] = punycodePrefix + enc
		} else {
			labels[i] = punycodePrefix + lower
		}
	}
	return strings.Join(labels, ".")
}
