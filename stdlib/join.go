package stdlib

import (
	"errors"
	"strings"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// join concatenates an array of strings, with an optional separator. It
// fails when an item is not a string.
func init() {
	Register(&Spec{
		Ident:      "join",
		Parameters: []Param{reqParam("value", value.BitArray), optParam("separator", value.BitBytes)},
		Returns:    value.KindBytes,
		CanFail:    true,
		Impl: func(_ *Context, args []value.Value, present []bool) (value.Value, error) {
			items := args[0].Arr().Items
			parts := make([]string, len(items))
			for i, item := range items {
				if item.Type() != value.TypeBytes {
					return value.Null, errors.New("all array items must be strings")
				}
				parts[i] = lossyUTF8(item.Str())
			}
			sep := lossyUTF8(argStr(args, present, 1, ""))
			return value.Bytes(strings.Join(parts, sep)), nil
		},
	})
}
