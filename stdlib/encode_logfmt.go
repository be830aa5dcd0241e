package stdlib

import (
	"github.com/matano-go/matano/runtime/vrl/value"
)

// encode_logfmt is encode_key_value with "=" and " " as delimiters and
// boolean flattening on.
func init() {
	Register(typedFunc("encode_logfmt",
		[]Param{
			reqParam("value", value.BitObject),
			optParam("fields_ordering", value.BitArray),
		},
		kvEncodeTypeDef,
		func(_ *Context, args []value.Value, present []bool) (value.Value, error) {
			return kvEncodeValue(args, present, "=", " ", true)
		}))
}
