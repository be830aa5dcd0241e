package stdlib

import (
	"strings"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// strip_whitespace trims Unicode white space from both ends of a string.
func init() {
	Register(&Spec{
		Ident:      "strip_whitespace",
		Parameters: []Param{reqParam("value", value.BitBytes)},
		Returns:    value.KindBytes,
		Impl: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
			return value.Bytes(strings.TrimSpace(lossyUTF8(args[0].Str()))), nil
		},
	})
}
