package stdlib

import (
	"fmt"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// parse_timestamp reads a string with a chrono strptime format. A format
// that carries an offset (%z, %:z, %#z, %Z, %+) is read as written; any
// other is wall-clock time in `timezone`, or the runtime's default zone.
// A timestamp passes through unchanged.
func init() {
	Register(&Spec{
		Ident: "parse_timestamp",
		Parameters: []Param{
			{Keyword: "value", Kind: value.BitBytes | value.BitTimestamp, Required: true},
			{Keyword: "format", Kind: value.BitBytes, Required: true},
			{Keyword: "timezone", Kind: value.BitBytes},
		},
		Returns: value.KindTimestamp,
		CanFail: true,
		Impl: func(ctx *Context, args []value.Value, present []bool) (value.Value, error) {
			v := args[0]
			if v.Type() == value.TypeTimestamp {
				return v, nil
			}
			loc := ctxZone(ctx)
			if present[2] && !args[2].IsNull() {
				name := lossyUTF8(args[2].Str())
				l, ok := tfLoadZone(name)
				if !ok {
					return value.Null, fmt.Errorf("unable to parse timezone: %s", name)
				}
				loc = l
			}
			s := lossyUTF8(v.Str())
			t, err := tfParseFormat(s, lossyUTF8(args[1].Str()), loc)
			if err != nil {
				return value.Null, fmt.Errorf("Invalid timestamp %s: %v", rustDebugStr(s), err)
			}
			return value.Timestamp(t), nil
		},
	})
}
