package stdlib

import (
	"errors"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// chunks splits a string into pieces of chunk_size bytes (the last may be
// shorter; a multi-byte character may be cut). A literal chunk_size below
// 1 is a compile error; the call is fallible only when chunk_size is
// computed.
func init() {
	params := []Param{reqParam("value", value.BitBytes), reqParam("chunk_size", value.BitInteger)}
	Register(&funcDef{ident: "chunks", params: params, compile: func(args *Args) (Call, error) {
		size, isConst := constArg(args, 1)
		if isConst && size.Type() == value.TypeInteger && size.Int() < 1 {
			return nil, invalidArgument(1, "chunk_size", size, `"chunk_size" must be at least 1 byte`)
		}
		td := TypeDef{Kind: value.KindArrayOf(nil, value.KindBytes.Ptr()), Fallible: !isConst}
		return &funcCall{td: td, eval: func(_ *Context, a []value.Value, _ []bool) (value.Value, error) {
			n := a[1].Int()
			if n < 1 {
				return value.Null, errors.New(`"chunk_size" must be at least 1 byte`)
			}
			s := a[0].Str()
			items := make([]value.Value, 0, int64(len(s))/n+1)
			for len(s) > 0 {
				k := int(min(n, int64(len(s))))
				items = append(items, value.Bytes(s[:k]))
				s = s[k:]
			}
			return value.ArrayValue(items), nil
		}}, nil
	}})
}
