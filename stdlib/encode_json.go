package stdlib

import (
	"github.com/matano-go/matano/runtime/vrl/value"
)

// encode_json serialises any value as JSON the way upstream's serde_json
// does: timestamps as RFC 3339 strings, regexes as their pattern, floats
// in shortest round-trip form; with pretty, two-space indentation.
func init() {
	Register(&Spec{
		Ident:      "encode_json",
		Parameters: []Param{reqParam("value", value.BitsAny), optParam("pretty", value.BitBoolean)},
		Returns:    value.KindBytes,
		Impl: func(_ *Context, args []value.Value, present []bool) (value.Value, error) {
			if argBool(args, present, 1, false) {
				return value.BytesFrom(jsonAppendPretty(nil, args[0], 0)), nil
			}
			// Encoded into a stack buffer (grown on the heap only when
			// it is too small): BytesFrom copies the result into the one
			// allocation it keeps.
			var buf [1024]byte
			return value.BytesFrom(value.AppendJSON(buf[:0], args[0])), nil
		},
	})
}

// jsonAppendPretty writes v as serde_json's pretty printer does: each
// element on its own line, "key": value, and [] / {} for empty containers.
func jsonAppendPretty(dst []byte, v value.Value, depth int) []byte {
	indent := func(d int) {
		dst = append(dst, '\n')
		for i := 0; i < d; i++ {
			dst = append(dst, ' ', ' ')
		}
	}
	switch v.Type() {
	case value.TypeArray:
		items := v.Arr().Items
		if len(items) == 0 {
			return append(dst, "[]"...)
		}
		dst = append(dst, '[')
		for i, it := range items {
			if i > 0 {
				dst = append(dst, ',')
			}
			indent(depth + 1)
			dst = jsonAppendPretty(dst, it, depth+1)
		}
		indent(depth)
		return append(dst, ']')
	case value.TypeObject:
		entries := v.Obj().Entries()
		if len(entries) == 0 {
			return append(dst, "{}"...)
		}
		dst = append(dst, '{')
		for i, e := range entries {
			if i > 0 {
				dst = append(dst, ',')
			}
			indent(depth + 1)
			dst = value.AppendJSON(dst, value.Bytes(e.Key))
			dst = append(dst, ':', ' ')
			dst = jsonAppendPretty(dst, e.Value, depth+1)
		}
		indent(depth)
		return append(dst, '}')
	}
	return value.AppendJSON(dst, v)
}
