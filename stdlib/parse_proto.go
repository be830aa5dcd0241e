package stdlib

import (
	"fmt"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/dynamicpb"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// parse_proto decodes a protobuf payload of a message type read, at
// compile time, from a descriptor set file: desc_file and message_type
// must be literals. The result is an object of the fields set in the
// payload (enums by name, maps as objects, repeated fields as arrays).
func init() {
	Register(&funcDef{
		ident: "parse_proto",
		params: []Param{
			reqParam("value", value.BitBytes),
			reqParam("desc_file", value.BitBytes),
			reqParam("message_type", value.BitBytes),
		},
		compile: func(args *Args) (Call, error) {
			md, err := protoMessageArgs(args, 1, 2)
			if err != nil {
				return nil, err
			}
			return &funcCall{td: TypeDef{Kind: value.KindObjectAny(), Fallible: true}, eval: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
				m := dynamicpb.NewMessage(md)
				if err := proto.Unmarshal([]byte(args[0].Str()), m); err != nil {
					return value.Null, fmt.Errorf("Error parsing protobuf: %v", err)
				}
				return protoMessageValue(m)
			}}, nil
		},
	})
}
