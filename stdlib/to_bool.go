package stdlib

import (
	"fmt"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// to_bool converts a scalar to a boolean: numbers are true when non-zero,
// null is false, and strings must be a boolean word ("yes", "f", ...) or
// an integer. The call is fallible when the argument may be a string, a
// timestamp, an array, an object or a regex.
func init() {
	Register(typedFunc("to_bool", []Param{reqParam("value", value.BitsAny)}, func(args *Args) TypeDef {
		k := argKind(args, 0)
		return TypeDef{Kind: value.KindBoolean, Fallible: k.Contains(value.BitBytes | value.BitTimestamp | value.BitArray | value.BitObject | value.BitRegex)}
	}, func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
		v := args[0]
		switch v.Type() {
		case value.TypeBoolean:
			return v, nil
		case value.TypeInteger:
			return value.Boolean(v.Int() != 0), nil
		case value.TypeFloat:
			return value.Boolean(v.Flt() != 0), nil
		case value.TypeNull:
			return value.False, nil
		case value.TypeBytes:
			b, err := convertBool(lossyUTF8(v.Str()))
			if err != nil {
				return value.Null, err
			}
			return value.Boolean(b), nil
		}
		return value.Null, fmt.Errorf("unable to coerce %s into boolean", v.KindString())
	}))
}
