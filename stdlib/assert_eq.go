package stdlib

import (
	"errors"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// assert_eq fails unless its two arguments are equal (exactly: 1 and 1.0
// differ), with message or "assertion failed: <left> == <right>"; it
// returns true otherwise.
func init() {
	Register(&Spec{
		Ident: "assert_eq",
		Parameters: []Param{
			reqParam("left", value.BitsAny),
			reqParam("right", value.BitsAny),
			optParam("message", value.BitBytes),
		},
		Returns: value.KindBoolean,
		CanFail: true,
		Impl: func(_ *Context, args []value.Value, present []bool) (value.Value, error) {
			if value.Equal(args[0], args[1]) {
				return value.True, nil
			}
			if isPresent(present, 2) {
				return value.Null, errors.New(lossyUTF8(args[2].Str()))
			}
			return value.Null, errors.New("assertion failed: " + displayValue(args[0]) + " == " + displayValue(args[1]))
		},
	})
}
