package stdlib

import (
	"errors"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// uuid_v7 returns a time-ordered (version 7) UUID for the given timestamp
// (default: now): 48 bits of Unix milliseconds, then random bits.
//
// Upstream derives the sub-second part from the timestamp's total
// nanoseconds since the epoch truncated to 32 bits (not the nanosecond of
// the second), so its millisecond field runs up to ~4.3 s ahead of the
// timestamp; we reproduce that so identical inputs give identical time
// prefixes. Timestamps whose nanoseconds since the epoch overflow an i64
// fail as upstream.
func init() {
	Register(&Spec{
		Ident:      "uuid_v7",
		Parameters: []Param{optParam("timestamp", value.BitTimestamp)},
		Returns:    value.KindBytes,
		Impl: func(ctx *Context, args []value.Value, present []bool) (value.Value, error) {
			var secs, nanos int64
			if isPresent(present, 0) {
				t := args[0].Time()
				secs, nanos = t.Unix(), int64(t.Nanosecond())
			} else {
				t := ctxNow(ctx)
				secs, nanos = t.Unix(), int64(t.Nanosecond())
			}
			if secs > 9223372036 || secs < -9223372037 ||
				secs == 9223372036 && nanos > 854775807 || secs == -9223372037 && nanos < 145224192 {
				return value.Null, errors.New("can't convert out of range timestamp")
			}
			total := secs*1_000_000_000 + nanos
			ms := uint64(secs)*1000 + uint64(uint32(total))/1_000_000
			u := uuidRandom(7)
			for i := 0; i < 6; i++ {
				u[i] = byte(ms >> (40 - 8*i))
			}
			return value.Bytes(uuidFormat(u)), nil
		},
	})
}
