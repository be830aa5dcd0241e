package stdlib

import "github.com/matano-go/matano/runtime/vrl/value"

// is_empty tests whether a string, array or object has no bytes, items or
// fields.
func init() {
	Register(&Spec{
		Ident:      "is_empty",
		Parameters: []Param{reqParam("value", value.BitObject|value.BitArray|value.BitBytes)},
		Returns:    value.KindBoolean,
		Impl: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
			return value.Boolean(coreLength(args[0]) == 0), nil
		},
	})
}

// coreLength is the number of bytes, items or fields of a value.
func coreLength(v value.Value) int {
	switch v.Type() {
	case value.TypeBytes:
		return len(v.Str())
	case value.TypeArray:
		return v.Arr().Len()
	case value.TypeObject:
		return v.Obj().Len()
	}
	return 0
}
