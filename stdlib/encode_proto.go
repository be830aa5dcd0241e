package stdlib

import (
	"fmt"

	"google.golang.org/protobuf/proto"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// encode_proto encodes an object as a protobuf payload of a message type
// read, at compile time, from a descriptor set file (desc_file and
// message_type must be literals). Fields are matched by name; null and
// absent fields are left unset. allow_lossy_string_coercion (default
// true) lets booleans, numbers and timestamps fill string fields.
func init() {
	Register(&funcDef{
		ident: "encode_proto",
		params: []Param{
			reqParam("value", value.BitsAny),
			reqParam("desc_file", value.BitBytes),
			reqParam("message_type", value.BitBytes),
			optParam("allow_lossy_string_coercion", value.BitBoolean),
		},
		compile: func(args *Args) (Call, error) {
			md, err := protoMessageArgs(args, 1, 2)
			if err != nil {
				return nil, err
			}
			return &funcCall{td: TypeDef{Kind: value.KindBytes, Fallible: true}, eval: func(_ *Context, args []value.Value, present []bool) (value.Value, error) {
				lossy := true
				if isPresent(present, 3) {
					lossy = args[3].Bool()
				}
				m, err := encodeProtoMessage(md, args[0], lossy)
				if err != nil {
					return value.Null, err
				}
				b, err := proto.MarshalOptions{Deterministic: true}.Marshal(m)
				if err != nil {
					return value.Null, fmt.Errorf("Error encoding protobuf message: %v", err)
				}
				return value.BytesFrom(b), nil
			}}, nil
		},
	})
}
