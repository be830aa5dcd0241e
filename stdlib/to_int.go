package stdlib

import (
	"fmt"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// to_int converts a scalar to an integer: floats are truncated (saturating
// at the i64 bounds, as Rust's `as` does), booleans become 1/0, null 0,
// timestamps their Unix seconds and strings are parsed as decimal. The
// call is fallible when the argument may be a string, an array, an object
// or a regex.
func init() {
	Register(typedFunc("to_int", []Param{reqParam("value", value.BitsAny)}, func(args *Args) TypeDef {
		k := argKind(args, 0)
		return TypeDef{Kind: value.KindInteger, Fallible: k.Contains(value.BitBytes | value.BitArray | value.BitObject | value.BitRegex)}
	}, func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
		v := args[0]
		switch v.Type() {
		case value.TypeInteger:
			return v, nil
		case value.TypeFloat:
			return value.Integer(saturatingInt(v.Flt())), nil
		case value.TypeBoolean:
			if v.Bool() {
				return value.Integer(1), nil
			}
			return value.Integer(0), nil
		case value.TypeNull:
			return value.Integer(0), nil
		case value.TypeTimestamp:
			return value.Integer(v.Time().Unix()), nil
		case value.TypeBytes:
			n, err := convertInt(lossyUTF8(v.Str()))
			if err != nil {
				return value.Null, err
			}
			return value.Integer(n), nil
		}
		return value.Null, fmt.Errorf("unable to coerce %s into integer", v.KindString())
	}))
}
