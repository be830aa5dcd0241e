package stdlib

import (
	"fmt"
	"math/big"
	"regexp"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// parse_duration parses a duration such as "1s 500ms" and returns it as a
// float in the requested unit. Each component is a decimal number and a
// unit (ns, us, µs, ms, cs, ds, s, m, h, d, w); components are summed.
// VRL computes each component in 96-bit decimal arithmetic, so the exact
// rational value is computed here and a component beyond that range is an
// error as it is upstream.
func init() {
	Register(&Spec{
		Ident:      "parse_duration",
		Parameters: []Param{reqParam("value", value.BitBytes), reqParam("unit", value.BitBytes)},
		Returns:    value.KindFloat,
		CanFail:    true,
		Impl:       evalParseDuration,
	})
}

// durationComponent finds the next "<number><unit>" anywhere in the rest
// of the input (VRL's search is unanchored).
var durationComponent = regexp.MustCompile(`(?i)([0-9]*\.?[0-9]+)\s?([µa-z]{1,2})`)

// durationUnits are seconds per unit.
var durationUnits = map[string]*big.Rat{
	"ns": big.NewRat(1, 1_000_000_000),
	"us": big.NewRat(1, 1_000_000),
	"µs": big.NewRat(1, 1_000_000),
	"ms": big.NewRat(1, 1_000),
	"cs": big.NewRat(1, 100),
	"ds": big.NewRat(1, 10),
	"s":  big.NewRat(1, 1),
	"m":  big.NewRat(60, 1),
	"h":  big.NewRat(3_600, 1),
	"d":  big.NewRat(86_400, 1),
	"w":  big.NewRat(604_800, 1),
}

// decimalMax is the largest magnitude of rust_decimal's 96-bit Decimal.
var decimalMax = new(big.Rat).SetInt(new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 96), big.NewInt(1)))

func decimalOverflows(r *big.Rat) bool { return new(big.Rat).Abs(r).Cmp(decimalMax) > 0 }

func evalParseDuration(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
	rest := lossyUTF8(args[0].Str())
	unitName := lossyUTF8(args[1].Str())
	factor, ok := durationUnits[unitName]
	if !ok {
		return value.Null, fmt.Errorf("unknown unit format: '%s'", unitName)
	}
	total := 0.0
	for rest != "" {
		m := durationComponent.FindStringSubmatchIndex(rest)
		if m == nil {
			return value.Null, fmt.Errorf("unable to parse duration: '%s'", rest)
		}
		num, ok := new(big.Rat).SetString(rest[m[2]:m[3]])
		if !ok || decimalOverflows(num) {
			return value.Null, fmt.Errorf("unable to parse number: Invalid decimal: overflow from too many digits")
		}
		unit, ok := durationUnits[rest[m[4]:m[5]]]
		if !ok {
			return value.Null, fmt.Errorf("unknown duration unit: '%s'", rest[m[4]:m[5]])
		}
		n := new(big.Rat).Mul(num, unit)
		if decimalOverflows(n) {
			return value.Null, fmt.Errorf("unable to convert duration: '%s'", rest)
		}
		n.Quo(n, factor)
		if decimalOverflows(n) {
			return value.Null, fmt.Errorf("unable to convert duration: '%s'", rest)
		}
		f, _ := n.Float64()
		total += f
		rest = rest[m[1]:]
	}
	return value.Float(total), nil
}
