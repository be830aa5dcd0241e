package stdlib

import (
	"errors"
	"strings"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// encode_csv writes an array of strings as one CSV record (no trailing
// newline). A field is quoted when it holds the delimiter, a quote or a
// line break; quotes are doubled. A record of one empty field is written
// as "" so it stays distinguishable from an empty record.
func init() {
	Register(&Spec{
		Ident:      "encode_csv",
		Parameters: []Param{reqParam("value", value.BitsAny), optParam("delimiter", value.BitBytes)},
		Returns:    value.KindBytes,
		CanFail:    true,
		Impl: func(_ *Context, args []value.Value, present []bool) (value.Value, error) {
			arr := args[0].Arr()
			if arr == nil {
				return value.Null, TypeError(value.BitArray, args[0])
			}
			fields := make([]string, 0, arr.Len())
			for _, it := range arr.Items {
				if it.Type() != value.TypeBytes {
					return value.Null, TypeError(value.BitBytes, it)
				}
				fields = append(fields, it.Str())
			}
			if len(fields) == 0 {
				return value.Bytes(""), nil
			}
			delim := argStr(args, present, 1, ",")
			if len(delim) != 1 {
				return value.Null, errors.New("delimiter must be a single character")
			}
			var b strings.Builder
			for i, f := range fields {
				if i > 0 {
					b.WriteByte(delim[0])
				}
				quote := strings.ContainsAny(f, "\"\r\n") || strings.IndexByte(f, delim[0]) >= 0 ||
					(len(fields) == 1 && f == "")
				if !quote {
					b.WriteString(f)
					continue
				}
				b.WriteByte('"')
				b.WriteString(strings.ReplaceAll(f, `"`, `""`))
				b.WriteByte('"')
			}
			return value.Bytes(b.String()), nil
		},
	})
}
