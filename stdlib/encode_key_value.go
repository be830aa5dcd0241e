package stdlib

import (
	"github.com/matano-go/matano/runtime/vrl/value"
)

// encode_key_value writes an object as `key=value` pairs.
func init() {
	Register(typedFunc("encode_key_value",
		[]Param{
			reqParam("value", value.BitObject),
			optParam("fields_ordering", value.BitArray),
			optParam("key_value_delimiter", value.BitBytes),
			optParam("field_delimiter", value.BitBytes),
			optParam("flatten_boolean", value.BitBoolean),
		},
		kvEncodeTypeDef,
		func(_ *Context, args []value.Value, present []bool) (value.Value, error) {
			return kvEncodeValue(args, present,
				lossyUTF8(argStr(args, present, 2, "=")),
				lossyUTF8(argStr(args, present, 3, " ")),
				argBool(args, present, 4, false))
		}))
}
