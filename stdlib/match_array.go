package stdlib

import "github.com/matano-go/matano/runtime/vrl/value"

// match_array tests whether any item (or, with all: true, every item) of
// an array is a string matching a regular expression; items that are not
// strings never match.
func init() {
	Register(&Spec{
		Ident: "match_array",
		Parameters: []Param{
			reqParam("value", value.BitArray),
			reqParam("pattern", value.BitRegex),
			optParam("all", value.BitBoolean),
		},
		Returns: value.KindBoolean,
		Impl: func(_ *Context, args []value.Value, present []bool) (value.Value, error) {
			re := args[1].Re()
			all := argBool(args, present, 2, false)
			for _, item := range args[0].Arr().Items {
				m := item.Type() == value.TypeBytes && re.MatchString(lossyUTF8(item.Str()))
				if all && !m {
					return value.False, nil
				}
				if !all && m {
					return value.True, nil
				}
			}
			return value.Boolean(all), nil
		},
	})
}
