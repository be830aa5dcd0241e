package stdlib

import (
	"errors"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// assert fails with message (or "assertion failed") unless the condition
// is true; it returns true otherwise.
func init() {
	Register(&Spec{
		Ident:      "assert",
		Parameters: []Param{reqParam("condition", value.BitBoolean), optParam("message", value.BitBytes)},
		Returns:    value.KindBoolean,
		CanFail:    true,
		Impl: func(_ *Context, args []value.Value, present []bool) (value.Value, error) {
			if args[0].Bool() {
				return value.True, nil
			}
			if isPresent(present, 1) {
				return value.Null, errors.New(lossyUTF8(args[1].Str()))
			}
			return value.Null, errors.New("assertion failed")
		},
	})
}
