package stdlib

import (
	"strings"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// percentSets are the ASCII sets encode_percent accepts (the WHATWG URL
// percent-encode sets plus two extremes); each lists the ASCII bytes that
// get encoded beyond the C0 controls and DEL. Non-ASCII bytes are always
// encoded.
var percentSets = map[string]string{
	"CONTROLS":            "",
	"FRAGMENT":            " \"<>`",
	"QUERY":               " \"#<>",
	"SPECIAL":             " \"#<>'",
	"PATH":                " \"#<>?`{}",
	"USERINFO":            " \"#<>?`{}/:;=@[\\]^|",
	"COMPONENT":           " \"#<>?`{}/:;=@[\\]^|$%&+,",
	"WWW_FORM_URLENCODED": " \"#<>?`{}/:;=@[\\]^|$%&+,!'()~",
}

// percentSetNames lists the sets in upstream's order (for E401).
var percentSetNames = []string{"NON_ALPHANUMERIC", "CONTROLS", "FRAGMENT", "QUERY", "SPECIAL", "PATH", "USERINFO", "COMPONENT", "WWW_FORM_URLENCODED"}

// encode_percent percent-encodes the bytes of a string that are in the
// chosen ASCII set (a literal, checked at compile time).
func init() {
	Register(&funcDef{
		ident:  "encode_percent",
		params: []Param{reqParam("value", value.BitBytes), optParam("ascii_set", value.BitBytes)},
		compile: func(args *Args) (Call, error) {
			set, err := enumArg(args, 1, "ascii_set", percentSetNames, "NON_ALPHANUMERIC")
			if err != nil {
				return nil, err
			}
			var table [256]bool
			for c := 0; c < 256; c++ {
				switch {
				case c < 0x20 || c >= 0x7F:
					table[c] = true
				case set == "NON_ALPHANUMERIC":
					table[c] = !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z')
				default:
					table[c] = strings.IndexByte(percentSets[set], byte(c)) >= 0
				}
			}
			return &funcCall{td: TypeDef{Kind: value.KindBytes}, eval: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
				return value.Bytes(percentEncode(lossyUTF8(args[0].Str()), &table)), nil
			}}, nil
		},
	})
}

func percentEncode(s string, table *[256]bool) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if table[c] {
			b.WriteByte('%')
			b.WriteByte(hexDigits[c>>4])
			b.WriteByte(hexDigits[c&15])
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}
