package stdlib

import "github.com/matano-go/matano/runtime/vrl/value"

// get returns the value at a path given as an array of fields and indexes
// (computed at run time, unlike a path expression), or null.
func init() {
	Register(&Spec{
		Ident:      "get",
		Parameters: []Param{reqParam("value", value.BitObject|value.BitArray), reqParam("path", value.BitArray)},
		Returns:    value.KindAny(),
		CanFail:    true,
		Impl: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
			path, err := coreParsePath(args[1])
			if err != nil {
				return value.Null, err
			}
			v, _ := coreGetPath(args[0], path)
			return v, nil
		},
	})
}
