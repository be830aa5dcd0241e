package stdlib

import (
	"math/rand/v2"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// random_int returns an integer in [min, max).
func init() {
	Register(&funcDef{
		ident:   "random_int",
		params:  []Param{reqParam("min", value.BitInteger), reqParam("max", value.BitInteger)},
		compile: randomRangeCompile(value.KindInteger, randomInt),
	})
}

func randomInt(min, max value.Value) (value.Value, error) {
	lo, hi := min.Int(), max.Int()
	if hi <= lo {
		return value.Null, errRandomRange
	}
	span := uint64(hi) - uint64(lo) // fits: hi > lo
	return value.Integer(lo + int64(rand.Uint64N(span))), nil
}
