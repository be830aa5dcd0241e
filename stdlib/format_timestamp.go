package stdlib

import (
	"fmt"
	"time"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// format_timestamp renders a timestamp with a chrono strftime format, in
// UTC or in the given time zone. Fallible because the format and the zone
// are only checked at run time.
func init() {
	Register(&Spec{
		Ident: "format_timestamp",
		Parameters: []Param{
			{Keyword: "value", Kind: value.BitTimestamp, Required: true},
			{Keyword: "format", Kind: value.BitBytes, Required: true},
			{Keyword: "timezone", Kind: value.BitBytes},
		},
		Returns: value.KindBytes,
		CanFail: true,
		Impl: func(ctx *Context, args []value.Value, present []bool) (value.Value, error) {
			format := lossyUTF8(args[1].Str())
			for _, it := range tfItems(format) {
				if it.kind == tfError {
					return value.Null, fmt.Errorf("invalid format")
				}
			}
			loc, tzName := time.UTC, "UTC"
			if present[2] && !args[2].IsNull() {
				name := lossyUTF8(args[2].Str())
				l, ok := tfLoadZone(name)
				if !ok {
					return value.Null, fmt.Errorf("unable to parse timezone: %s", name)
				}
				loc, tzName = l, ""
				if l == time.Local {
					// chrono's Local offset prints %Z as the offset itself.
					_, off := args[0].Time().In(l).Zone()
					tzName = string(tfAppendOffset(nil, int64(off), true, false, false))
				}
			}
			s, err := tfFormat(args[0].Time(), format, loc, tzName)
			if err != nil {
				return value.Null, err
			}
			return value.Bytes(s), nil
		},
	})
}
