package stdlib

import "github.com/matano-go/matano/runtime/vrl/value"

// parse_query_string parses a URL query string (a leading '?' is
// skipped) into an object. A key given once maps to its string value; a
// repeated key collects its values into an array in order.
func init() {
	unknown := value.Kind{Bits: value.BitBytes}
	arr := value.KindArrayAny()
	unknown.Bits |= value.BitArray
	unknown.Array = arr.Array
	Register(&Spec{
		Ident:      "parse_query_string",
		Parameters: []Param{reqParam("value", value.BitBytes)},
		Returns:    value.KindObjectOf(nil, &unknown),
		Impl: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
			return value.ObjectValue(parseQueryObject(args[0].Str())), nil
		},
	})
}

func parseQueryObject(s string) *value.Object {
	if len(s) > 0 && s[0] == '?' {
		s = s[1:]
	}
	pairs := parseFormPairs(s)
	o := value.NewObject(len(pairs))
	for _, p := range pairs {
		v := value.Bytes(p.value)
		prev, ok := o.Get(p.name)
		switch {
		case !ok:
			o.Set(p.name, v)
		case prev.Type() == value.TypeArray:
			// The array was built here, so appending in place is safe.
			a := prev.Arr()
			a.Items = append(a.Items, v)
		default:
			o.Set(p.name, value.ArrayValue([]value.Value{prev, v}))
		}
	}
	return o
}
