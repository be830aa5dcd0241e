package stdlib

import (
	"math/big"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// coreUnixNanos returns a timestamp's nanoseconds since the Unix epoch, and
// false when they do not fit in an i64 (chrono's timestamp_nanos_opt).
func coreUnixNanos(v value.Value) (int64, bool) {
	t := v.Time()
	n := new(big.Int).Mul(big.NewInt(t.Unix()), big.NewInt(1e9))
	n.Add(n, big.NewInt(int64(t.Nanosecond())))
	if !n.IsInt64() {
		return 0, false
	}
	return n.Int64(), true
}

// Bounds of the timestamps upstream can represent (chrono's dates, years
// -262143 to 262142), in Unix seconds.
const (
	coreMinUnixSeconds = -8334601315200
	coreMaxUnixSeconds = 8210266876799
)

// coreUnits are the unit keywords of from_unix_timestamp and
// to_unix_timestamp, in upstream's order.
var coreUnits = []string{"seconds", "milliseconds", "microseconds", "nanoseconds"}
