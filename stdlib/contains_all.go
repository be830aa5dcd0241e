package stdlib

import (
	"strings"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// contains_all tests whether a string contains every one of the given
// substrings. The call is fallible unless the array is known to hold only
// strings.
func init() {
	params := []Param{
		reqParam("value", value.BitBytes),
		reqParam("substrings", value.BitArray),
		optParam("case_sensitive", value.BitBoolean),
	}
	Register(typedFunc("contains_all", params, func(args *Args) TypeDef {
		return TypeDef{Kind: value.KindBoolean, Fallible: !arrayOfKinds(argKind(args, 1), value.BitBytes)}
	}, func(_ *Context, args []value.Value, present []bool) (value.Value, error) {
		fold := !argBool(args, present, 2, true)
		s := lossyUTF8(args[0].Str())
		if fold {
			s = coreLower(s)
		}
		for _, item := range args[1].Arr().Items {
			if item.Type() != value.TypeBytes {
				return value.Null, TypeError(value.BitBytes, item)
			}
			sub := lossyUTF8(item.Str())
			if fold {
				sub = coreLower(sub)
			}
			if !strings.Contains(s, sub) {
				return value.False, nil
			}
		}
		return value.True, nil
	}))
}
