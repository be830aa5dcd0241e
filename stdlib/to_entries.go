package stdlib

import "github.com/matano-go/matano/runtime/vrl/value"

// to_entries turns an object into an array of {"key", "value"} objects
// (or an array, with the indexes as keys).
func init() {
	Register(&Spec{
		Ident:      "to_entries",
		Parameters: []Param{reqParam("value", value.BitObject|value.BitArray)},
		Returns:    value.KindArrayAny(),
		Impl: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
			entry := func(k, v value.Value) value.Value {
				o := value.NewObject(2)
				o.Set("key", k)
				o.Set("value", v)
				return value.ObjectValue(o)
			}
			var out []value.Value
			if args[0].Type() == value.TypeObject {
				for _, e := range args[0].Obj().Entries() {
					out = append(out, entry(value.Bytes(e.Key), e.Value))
				}
			} else {
				for i, item := range args[0].Arr().Items {
					out = append(out, entry(value.Integer(int64(i)), item))
				}
			}
			if out == nil {
				out = []value.Value{}
			}
			return value.ArrayValue(out), nil
		},
	})
}
