package stdlib

import (
	"strings"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// replace replaces the occurrences of a string or the matches of a regex
// (whose replacement may refer to capture groups as $1 or $name). count
// limits the number of replacements; a negative count (the default)
// replaces all and 0 none.
func init() {
	Register(&Spec{
		Ident: "replace",
		Parameters: []Param{
			reqParam("value", value.BitBytes),
			reqParam("pattern", value.BitBytes|value.BitRegex),
			reqParam("with", value.BitBytes),
			optParam("count", value.BitInteger),
		},
		Returns: value.KindBytes,
		Impl: func(_ *Context, args []value.Value, present []bool) (value.Value, error) {
			s, with := lossyUTF8(args[0].Str()), lossyUTF8(args[2].Str())
			count := argInt(args, present, 3, -1)
			if count == 0 {
				return value.Bytes(s), nil
			}
			n := -1
			if count > 0 {
				n = int(min(count, int64(len(s)+1)))
			}
			if args[1].Type() == value.TypeRegex {
				return value.Bytes(coreRegexReplace(args[1].Re(), s, with, n)), nil
			}
			return value.Bytes(strings.Replace(s, lossyUTF8(args[1].Str()), with, n)), nil
		},
	})
}
