package stdlib

import (
	"strings"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// sieve keeps only the parts of a string that match a regex of permitted
// characters. A removed run of one byte is replaced by replace_single and
// a longer one by replace_repeated (both empty by default); a run after
// the last match is dropped.
func init() {
	Register(&Spec{
		Ident: "sieve",
		Parameters: []Param{
			reqParam("value", value.BitBytes),
			reqParam("permitted_characters", value.BitRegex),
			optParam("replace_single", value.BitBytes),
			optParam("replace_repeated", value.BitBytes),
		},
		Returns: value.KindBytes,
		Impl: func(_ *Context, args []value.Value, present []bool) (value.Value, error) {
			s := lossyUTF8(args[0].Str())
			single := lossyUTF8(argStr(args, present, 2, ""))
			repeated := lossyUTF8(argStr(args, present, 3, ""))
			var b strings.Builder
			last := 0
			for _, m := range args[1].Re().FindAllStringIndex(s, -1) {
				switch gap := m[0] - last; {
				case gap > 1:
					b.WriteString(repeated)
				case gap == 1:
					b.WriteString(single)
				}
				b.WriteString(s[m[0]:m[1]])
				last = m[1]
			}
			return value.Bytes(b.String()), nil
		},
	})
}
