package stdlib

import "github.com/matano-go/matano/runtime/vrl/value"

// remove returns a copy of an object or array without the value at a path
// given as an array of fields and indexes; with compact, containers left
// empty are removed as well.
func init() {
	params := []Param{
		reqParam("value", value.BitObject|value.BitArray),
		reqParam("path", value.BitArray),
		optParam("compact", value.BitBoolean),
	}
	Register(typedFunc("remove", params, fallibleContainerType, func(_ *Context, args []value.Value, present []bool) (value.Value, error) {
		path, err := coreParsePath(args[1])
		if err != nil {
			return value.Null, err
		}
		return coreRemovePath(args[0], path, argBool(args, present, 2, false)), nil
	}))
}
