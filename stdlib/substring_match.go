package stdlib

import (
	"github.com/matano-go/matano/runtime/vrl/value"
)

// coreSubstringFunc builds contains, starts_with and ends_with: a test of
// a string against a substring, optionally ignoring case (both sides are
// lower-cased first, as upstream does).
func coreSubstringFunc(ident string, test func(s, sub string) bool) *Spec {
	return &Spec{
		Ident: ident,
		Parameters: []Param{
			reqParam("value", value.BitBytes),
			reqParam("substring", value.BitBytes),
			optParam("case_sensitive", value.BitBoolean),
		},
		Returns: value.KindBoolean,
		Impl: func(_ *Context, args []value.Value, present []bool) (value.Value, error) {
			s, sub := lossyUTF8(args[0].Str()), lossyUTF8(args[1].Str())
			if !argBool(args, present, 2, true) {
				s, sub = coreLower(s), coreLower(sub)
			}
			return value.Boolean(test(s, sub)), nil
		},
	}
}
