package stdlib

import (
	"fmt"
	"strconv"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// to_string converts a scalar to a string: floats in Rust's Display form
// (52.0 → "52"), timestamps in RFC 3339, null to "". Arrays, objects and
// regexes cannot be converted, so the call is fallible when the argument
// may be one.
func init() {
	Register(typedFunc("to_string", []Param{reqParam("value", value.BitsAny)}, func(args *Args) TypeDef {
		k := argKind(args, 0)
		return TypeDef{Kind: value.KindBytes, Fallible: k.Contains(value.BitArray | value.BitObject | value.BitRegex)}
	}, func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
		v := args[0]
		switch v.Type() {
		case value.TypeBytes:
			return v, nil
		case value.TypeInteger:
			return value.Bytes(strconv.FormatInt(v.Int(), 10)), nil
		case value.TypeFloat:
			return value.Bytes(formatFloat(v.Flt())), nil
		case value.TypeBoolean:
			return value.Bytes(strconv.FormatBool(v.Bool())), nil
		case value.TypeTimestamp:
			return value.Bytes(value.FormatRFC3339(v.Time())), nil
		case value.TypeNull:
			return value.Bytes(""), nil
		}
		return value.Null, fmt.Errorf("unable to coerce %s into string", v.KindString())
	}))
}
