package stdlib

import "github.com/matano-go/matano/runtime/vrl/value"

// set returns a copy of an object or array with data stored at a path
// given as an array of fields and indexes, creating containers on the way.
func init() {
	params := []Param{
		reqParam("value", value.BitObject|value.BitArray),
		reqParam("path", value.BitArray),
		reqParam("data", value.BitsAny),
	}
	Register(typedFunc("set", params, fallibleContainerType, func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
		path, err := coreParsePath(args[1])
		if err != nil {
			return value.Null, err
		}
		return coreInsertPath(args[0], path, args[2]), nil
	}))
}
