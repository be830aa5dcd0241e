package stdlib

import "github.com/matano-go/matano/runtime/vrl/value"

// coreIsType builds the is_* type tests: infallible, any argument.
func coreIsType(ident string, t value.Type) *Spec {
	return &Spec{
		Ident:      ident,
		Parameters: []Param{reqParam("value", value.BitsAny)},
		Returns:    value.KindBoolean,
		Impl: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
			return value.Boolean(args[0].Type() == t), nil
		},
	}
}

// coreIsNullish is upstream's "nullish" test: null, "", "-", or a string of
// white space only.
func coreIsNullish(v value.Value) bool {
	switch v.Type() {
	case value.TypeNull:
		return true
	case value.TypeBytes:
		s := v.Str()
		if s == "" || s == "-" {
			return true
		}
		for _, r := range lossyUTF8(s) {
			if !coreIsWhitespace(r) {
				return false
			}
		}
		return true
	}
	return false
}

// coreIsWhitespace is Rust's char::is_whitespace (the White_Space
// property), which Go's unicode.IsSpace also implements.
func coreIsWhitespace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', ' ', 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
		return true
	}
	return r >= 0x2000 && r <= 0x200A
}
