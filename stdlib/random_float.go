package stdlib

import (
	"errors"
	"math/rand/v2"

	"github.com/matano-go/matano/runtime/vrl/value"
)

var errRandomRange = errors.New("max must be greater than min")

// random_float returns a float in [min, max). Constant bounds with
// max <= min are a compile error; valid constant bounds make the call
// infallible.
func init() {
	Register(&funcDef{
		ident:   "random_float",
		params:  []Param{reqParam("min", value.BitFloat), reqParam("max", value.BitFloat)},
		compile: randomRangeCompile(value.KindFloat, randomFloat),
	})
}

func randomFloat(min, max value.Value) (value.Value, error) {
	lo, hi := min.Flt(), max.Flt()
	if hi <= lo {
		return value.Null, errRandomRange
	}
	f := lo + rand.Float64()*(hi-lo)
	if f >= hi { // rounding at the top of the range
		f = lo
	}
	return value.Float(f), nil
}

// randomRangeCompile is the compile step shared by random_int and
// random_float: it checks constant bounds with eval itself.
func randomRangeCompile(kind value.Kind, eval func(min, max value.Value) (value.Value, error)) func(args *Args) (Call, error) {
	return func(args *Args) (Call, error) {
		fallible := true
		lo, okLo := constArg(args, 0)
		hi, okHi := constArg(args, 1)
		if okLo && okHi && lo.Type() == hi.Type() {
			if _, err := eval(lo, hi); err != nil {
				return nil, invalidArgument(1, "max", hi, err.Error())
			}
			fallible = false
		}
		return &funcCall{td: TypeDef{Kind: kind, Fallible: fallible}, eval: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
			return eval(args[0], args[1])
		}}, nil
	}
}
