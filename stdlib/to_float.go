package stdlib

import (
	"errors"
	"fmt"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// to_float converts a scalar to a float: booleans to 1.0/0.0, null to 0.0,
// timestamps to fractional Unix seconds, strings by Rust's float grammar.
// The call is fallible when the argument may be a string, an array, an
// object or a regex.
func init() {
	Register(typedFunc("to_float", []Param{reqParam("value", value.BitsAny)}, func(args *Args) TypeDef {
		k := argKind(args, 0)
		return TypeDef{Kind: value.KindFloat, Fallible: k.Contains(value.BitBytes | value.BitArray | value.BitObject | value.BitRegex)}
	}, func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
		v := args[0]
		switch v.Type() {
		case value.TypeFloat:
			return v, nil
		case value.TypeInteger:
			return value.Float(float64(v.Int())), nil
		case value.TypeBoolean:
			if v.Bool() {
				return value.Float(1), nil
			}
			return value.Float(0), nil
		case value.TypeNull:
			return value.Float(0), nil
		case value.TypeTimestamp:
			ns, ok := coreUnixNanos(v)
			if !ok {
				return value.Null, errors.New("can't convert out of range timestamp")
			}
			return value.Float(float64(ns) / 1e9), nil
		case value.TypeBytes:
			f, err := convertFloat(lossyUTF8(v.Str()))
			if err != nil {
				return value.Null, err
			}
			return value.Float(f), nil
		}
		return value.Null, fmt.Errorf("unable to coerce %s into float", v.KindString())
	}))
}
