package stdlib

import (
	"errors"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// object_from_array builds an object from [key, value] pairs, or from two
// arrays of values and keys. A null key skips its pair; other keys must be
// strings, and a pair with no value gets null.
// Upstream types the call infallible even though malformed input is a
// run-time error.
func init() {
	Register(&Spec{
		Ident:      "object_from_array",
		Parameters: []Param{reqParam("values", value.BitArray), optParam("keys", value.BitArray)},
		Returns:    value.KindObjectAny(),
		Impl: func(_ *Context, args []value.Value, present []bool) (value.Value, error) {
			values := args[0].Arr().Items
			out := value.NewObject(len(values))
			if isPresent(present, 1) {
				keys := args[1].Arr().Items
				for i := 0; i < len(keys) && i < len(values); i++ {
					if err := objectFromArraySet(out, keys[i], values[i]); err != nil {
						return value.Null, err
					}
				}
				return value.ObjectValue(out), nil
			}
			for _, pair := range values {
				if pair.Type() != value.TypeArray {
					return value.Null, TypeError(value.BitArray, pair)
				}
				items := pair.Arr().Items
				if len(items) == 0 {
					return value.Null, errors.New("array value too short")
				}
				v := value.Null
				if len(items) > 1 {
					v = items[1]
				}
				if err := objectFromArraySet(out, items[0], v); err != nil {
					return value.Null, err
				}
			}
			return value.ObjectValue(out), nil
		},
	})
}

func objectFromArraySet(out *value.Object, key, v value.Value) error {
	switch key.Type() {
	case value.TypeNull:
		return nil
	case value.TypeBytes:
		out.Set(lossyUTF8(key.Str()), v)
		return nil
	}
	return errors.New("object keys must be strings")
}
