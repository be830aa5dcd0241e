package stdlib

import (
	"fmt"
	"strconv"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// format_int renders an integer in base 2–36 (lowercase digits, '-' for
// negatives).
func init() {
	Register(&Spec{
		Ident:      "format_int",
		Parameters: []Param{reqParam("value", value.BitInteger), optParam("base", value.BitInteger)},
		Returns:    value.KindBytes,
		CanFail:    true,
		Impl: func(_ *Context, args []value.Value, present []bool) (value.Value, error) {
			base := argInt(args, present, 1, 10)
			if base < 2 || base > 36 {
				return value.Null, fmt.Errorf("invalid base %d: must be be between 2 and 36 (inclusive)", base)
			}
			n := args[0].Int()
			if n < 0 {
				return value.Bytes("-" + strconv.FormatUint(-uint64(n), int(base))), nil
			}
			return value.Bytes(strconv.FormatInt(n, int(base))), nil
		},
	})
}
