package stdlib

import (
	"strings"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// split splits a string at the occurrences of a string or the matches of a
// regex, into at most limit pieces (the last holding the rest).
func init() {
	Register(&Spec{
		Ident: "split",
		Parameters: []Param{
			reqParam("value", value.BitBytes),
			reqParam("pattern", value.BitBytes|value.BitRegex),
			optParam("limit", value.BitInteger),
		},
		Returns: value.KindArrayOf(nil, value.KindBytes.Ptr()),
		Impl: func(ctx *Context, args []value.Value, present []bool) (value.Value, error) {
			s := lossyUTF8(args[0].Str())
			limit := argInt(args, present, 2, 999_999_999)
			if limit < 0 {
				limit = 0
			}
			limit = min(limit, int64(len(s)+2))
			if args[1].Type() == value.TypeRegex {
				spans := args[1].Re().FindAllStringIndex(s, int(limit))
				return value.ArrayValue(coreSplitAt(s, spans, int(limit))), nil
			}
			sep := lossyUTF8(args[1].Str())
			if sep == "" {
				return value.ArrayValue(coreSplitAt(s, coreStringSpans(s, sep), int(limit))), nil
			}
			// The common case, without collecting match spans first.
			if limit == 0 {
				return value.ArrayValue([]value.Value{}), nil
			}
			// The pieces are counted first so that the array and its
			// items take one allocation when few (value.NewArrayLen; an
			// ARN split at "/" has two or three), or none from the run's
			// arena.
			n := min(int(limit), strings.Count(s, sep)+1)
			out := ctx.newArray(n)
			for k := 0; k < n-1; k++ {
				i := strings.Index(s, sep)
				out.Items[k] = value.Bytes(s[:i])
				s = s[i+len(sep):]
			}
			out.Items[n-1] = value.Bytes(s)
			return value.ArrayOf(out), nil
		},
	})
}
