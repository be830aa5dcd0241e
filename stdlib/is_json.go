package stdlib

import (
	"encoding/json"
	"unicode/utf8"

	"github.com/matano-go/matano/runtime/vrl/value"
)

var isJSONVariants = []string{"object", "array", "bool", "number", "string", "null"}

// is_json reports whether a string is one valid JSON document, and with
// variant (a literal) whether its top-level value is of that type.
func init() {
	Register(&funcDef{
		ident:  "is_json",
		params: []Param{reqParam("value", value.BitBytes), optParam("variant", value.BitBytes)},
		compile: func(args *Args) (Call, error) {
			variant, err := enumArg(args, 1, "variant", isJSONVariants, "")
			if err != nil {
				return nil, err
			}
			return &funcCall{td: TypeDef{Kind: value.KindBoolean}, eval: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
				b := []byte(args[0].Str())
				if !isJSONValid(b) {
					return value.False, nil
				}
				if variant == "" {
					return value.True, nil
				}
				return value.Boolean(isJSONKind(b) == variant), nil
			}}, nil
		},
	})
}

// isJSONValid is serde_json's acceptance when skipping a value: strict
// JSON and valid UTF-8 (skipping is iterative, so nesting is unlimited).
func isJSONValid(b []byte) bool {
	return json.Valid(b) && utf8.Valid(b)
}

// isJSONKind names the type of a valid document's top-level value from
// its first non-whitespace byte.
func isJSONKind(b []byte) string {
	for _, c := range b {
		switch c {
		case ' ', '\n', '\t', '\r':
			continue
		case '{':
			return "object"
		case '[':
			return "array"
		case 't', 'f':
			return "bool"
		case '"':
			return "string"
		case 'n':
			return "null"
		}
		if c == '-' || c >= '0' && c <= '9' {
			return "number"
		}
		return ""
	}
	return ""
}
