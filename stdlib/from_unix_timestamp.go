package stdlib

import (
	"fmt"
	"time"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// from_unix_timestamp converts seconds (or, with unit, milliseconds,
// microseconds or nanoseconds) since the Unix epoch into a timestamp. The
// unit must be a literal; the call fails for times out of range.
func init() {
	params := []Param{reqParam("value", value.BitInteger), optParam("unit", value.BitBytes)}
	Register(&funcDef{ident: "from_unix_timestamp", params: params, compile: func(args *Args) (Call, error) {
		unit, err := enumArg(args, 1, "unit", coreUnits, "seconds")
		if err != nil {
			return nil, err
		}
		return &funcCall{td: TypeDef{Kind: value.KindTimestamp, Fallible: true}, eval: func(_ *Context, a []value.Value, _ []bool) (value.Value, error) {
			n := a[0].Int()
			var sec, nsec int64
			switch unit {
			case "seconds":
				sec = n
			case "milliseconds":
				sec, nsec = coreFloorDivMod(n, 1e3)
				nsec *= 1e6
			case "microseconds":
				sec, nsec = coreFloorDivMod(n, 1e6)
				nsec *= 1e3
			default:
				sec, nsec = coreFloorDivMod(n, 1e9)
			}
			if sec < coreMinUnixSeconds || sec > coreMaxUnixSeconds {
				return value.Null, fmt.Errorf("unable to coerce %d into timestamp", n)
			}
			return value.Timestamp(time.Unix(sec, nsec).UTC()), nil
		}}, nil
	}})
}

// coreFloorDivMod divides rounding toward negative infinity, so the remainder
// is never negative.
func coreFloorDivMod(n, d int64) (int64, int64) {
	q, r := n/d, n%d
	if r < 0 {
		q--
		r += d
	}
	return q, r
}
