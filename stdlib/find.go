package stdlib

import (
	"strings"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// find returns the byte offset of the first occurrence of a string or
// match of a regex at or after from, or null.
func init() {
	Register(&Spec{
		Ident: "find",
		Parameters: []Param{
			reqParam("value", value.BitBytes),
			reqParam("pattern", value.BitBytes|value.BitRegex),
			optParam("from", value.BitInteger),
		},
		Returns: value.Kind{Bits: value.BitInteger | value.BitNull},
		Impl: func(_ *Context, args []value.Value, present []bool) (value.Value, error) {
			from := argInt(args, present, 2, 0)
			if args[1].Type() == value.TypeRegex {
				// Upstream's negative offset wraps to a huge one: nothing
				// is found.
				s := lossyUTF8(args[0].Str())
				if from < 0 || from > int64(len(s)) {
					return value.Null, nil
				}
				if m := args[1].Re().FindStringIndex(s[from:]); m != nil {
					return value.Integer(from + int64(m[0])), nil
				}
				return value.Null, nil
			}
			s, pat := args[0].Str(), args[1].Str()
			if from < 0 || len(pat) > len(s) || from > int64(len(s)-len(pat)) {
				return value.Null, nil
			}
			if i := strings.Index(s[from:], pat); i >= 0 {
				return value.Integer(from + int64(i)), nil
			}
			return value.Null, nil
		},
	})
}
