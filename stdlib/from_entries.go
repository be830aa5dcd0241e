package stdlib

import (
	"errors"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// from_entries builds an object from an array of entry objects. An entry's
// key is its first of "key", "Key", "name", "Name" that is neither null nor
// false, and must be a string; its value is "value" or "Value" (null when
// absent).
// Upstream types the call infallible even though malformed input is a
// run-time error.
func init() {
	Register(&Spec{
		Ident:      "from_entries",
		Parameters: []Param{reqParam("value", value.BitArray)},
		Returns:    value.KindObjectAny(),
		Impl: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
			out := value.NewObject(args[0].Arr().Len())
			for _, entry := range args[0].Arr().Items {
				if entry.Type() != value.TypeObject {
					return value.Null, TypeError(value.BitObject, entry)
				}
				obj := entry.Obj()
				key := value.Null
				for _, alias := range [...]string{"key", "Key", "name", "Name"} {
					if k, ok := obj.Get(alias); ok && !k.IsNull() && !(k.Type() == value.TypeBoolean && !k.Bool()) {
						key = k
						break
					}
				}
				if key.Type() != value.TypeBytes {
					return value.Null, errors.New("object keys must be strings")
				}
				v, ok := obj.Get("value")
				if !ok {
					v, _ = obj.Get("Value")
				}
				out.Set(lossyUTF8(key.Str()), v)
			}
			return value.ObjectValue(out), nil
		},
	})
}
