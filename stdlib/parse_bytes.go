package stdlib

import (
	"errors"
	"fmt"
	"math/big"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// parse_bytes parses a size such as "1.5 GiB" into a float in the
// requested unit. base "2" (the default) reads KB, MB, ... as powers of
// 1024 and base "10" as powers of 1000; the "i" forms (KiB, MiB, ...) are
// always binary. The number is parsed as the parse-size crate VRL uses
// does: digits with an optional fraction and exponent, spaces and
// underscores ignored, rounded to a whole number of bytes.
func init() {
	Register(&funcDef{
		ident: "parse_bytes",
		params: []Param{
			reqParam("value", value.BitBytes),
			reqParam("unit", value.BitBytes),
			optParam("base", value.BitBytes),
		},
		compile: func(args *Args) (Call, error) {
			base, err := enumArg(args, 2, "base", []string{"2", "10"}, "2")
			if err != nil {
				return nil, err
			}
			return &funcCall{td: TypeDef{Kind: value.KindFloat, Fallible: true}, eval: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
				return parseBytes(lossyUTF8(args[0].Str()), lossyUTF8(args[1].Str()), base == "10")
			}}, nil
		},
	})
}

// Output units: bytes per unit. Under base 2 the SI names are binary too.
var (
	binaryByteUnits = map[string]uint64{
		"B": 1, "KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30, "TiB": 1 << 40, "PiB": 1 << 50, "EiB": 1 << 60,
		"KB": 1 << 10, "MB": 1 << 20, "GB": 1 << 30, "TB": 1 << 40, "PB": 1 << 50, "EB": 1 << 60,
	}
	decimalByteUnits = map[string]uint64{
		"B": 1, "kB": 1e3, "MB": 1e6, "GB": 1e9, "TB": 1e12, "PB": 1e15, "EB": 1e18,
	}
)

func parseBytes(text, unit string, decimal bool) (value.Value, error) {
	units := binaryByteUnits
	if decimal {
		units = decimalByteUnits
	}
	factor, ok := units[unit]
	if !ok {
		return value.Null, fmt.Errorf("unknown unit format: '%s'", unit)
	}
	n, err := parseSize(text, decimal)
	if err != nil {
		return value.Null, fmt.Errorf("unable to parse bytes: '%s'", err)
	}
	r := new(big.Rat).SetFrac(new(big.Int).SetUint64(n), new(big.Int).SetUint64(factor))
	f, _ := r.Float64()
	return value.Float(f), nil
}

var (
	errSizeEmpty    = errors.New("cannot parse integer from empty string")
	errSizeDigit    = errors.New("invalid digit found in string")
	errSizeOverflow = errors.New("number too large to fit in target type")
)

// parseSize reads a byte size the way the parse-size crate does: an
// optional trailing "B", an optional "i" (forcing binary), an optional
// K/M/G/T/P/E prefix, then a decimal number in which spaces and
// underscores are ignored; fractions are rounded half up to whole bytes.
func parseSize(s string, decimal bool) (uint64, error) {
	multiply := uint64(1)
	if n := len(s); n > 0 && (s[n-1] == 'b' || s[n-1] == 'B') {
		s = s[:n-1]
	}
	binary := !decimal
	if n := len(s); n > 0 && (s[n-1] == 'i' || s[n-1] == 'I') {
		s, binary = s[:n-1], true
	}
	if n := len(s); n > 0 {
		if f := sizePrefix(s[n-1], binary); f != 0 {
			multiply, s = f, s[:n-1]
		}
	}
	const (
		stEmpty = iota
		stInt
		stIntOverflow
		stFrac
		stFracOverflow
		stPosExp
		stNegExp
	)
	state := stEmpty
	var mantissa uint64
	fracExp := int64(0)
	exp := int64(0)
	appendDigit := func(m uint64, d byte) (uint64, bool) {
		if m > (1<<64-1)/10 {
			return 0, false
		}
		m *= 10
		if m > 1<<64-1-uint64(d) {
			return 0, false
		}
		return m + uint64(d), true
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		isDigit := c >= '0' && c <= '9'
		switch {
		case isDigit && (state == stEmpty || state == stInt):
			if m, ok := appendDigit(mantissa, c-'0'); ok {
				mantissa, state = m, stInt
			} else {
				if c >= '5' {
					mantissa++
				}
				state = stIntOverflow
				fracExp++
			}
		case isDigit && state == stIntOverflow:
			fracExp++
		case isDigit && state == stFrac:
			if m, ok := appendDigit(mantissa, c-'0'); ok {
				mantissa = m
				fracExp--
			} else {
				if c >= '5' {
					mantissa++
				}
				state = stFracOverflow
			}
		case isDigit && state == stFracOverflow:
		case isDigit && state == stPosExp:
			exp = exp*10 + int64(c-'0')
			if exp > 1<<31-1 {
				return 0, errSizeOverflow
			}
		case isDigit && state == stNegExp:
			if exp > -(1 << 31) {
				exp = exp*10 - int64(c-'0')
				if exp < -(1 << 31) {
					exp = -(1 << 31)
				}
			}
		case c == '_' || c == ' ' || (state == stPosExp && c == '+'):
		case (c == 'e' || c == 'E') && (state == stInt || state == stFrac || state == stIntOverflow || state == stFracOverflow):
			state = stPosExp
		case state == stPosExp && c == '-':
			state = stNegExp
		case state == stInt && c == '.':
			state = stFrac
		case state == stIntOverflow && c == '.':
			state = stFracOverflow
		default:
			return 0, errSizeDigit
		}
	}
	if state == stEmpty {
		return 0, errSizeEmpty
	}
	e := exp + fracExp
	maxU64 := new(big.Int).SetUint64(1<<64 - 1)
	m := new(big.Int).SetUint64(mantissa)
	mult := new(big.Int).SetUint64(multiply)
	switch {
	case e >= 0:
		// As the crate: 10^e, then multiply*10^e, then the mantissa
		// times that, each step checked against u64.
		if e > 19 {
			return 0, errSizeOverflow
		}
		mult.Mul(mult, new(big.Int).Exp(big.NewInt(10), big.NewInt(e), nil))
		if mult.Cmp(maxU64) > 0 {
			return 0, errSizeOverflow
		}
		m.Mul(m, mult)
		if m.Cmp(maxU64) > 0 {
			return 0, errSizeOverflow
		}
		return m.Uint64(), nil
	case e >= -38:
		pow := new(big.Int).Exp(big.NewInt(10), big.NewInt(-e), nil)
		m.Mul(m, mult)
		m.Add(m, new(big.Int).Rsh(pow, 1))
		m.Quo(m, pow)
		if m.Cmp(maxU64) > 0 {
			return 0, errSizeOverflow
		}
		return m.Uint64(), nil
	}
	return 0, nil
}

// sizePrefix is the factor of a K/M/G/T/P/E prefix (0 when c is not one).
func sizePrefix(c byte, binary bool) uint64 {
	i := map[byte]uint{'k': 1, 'K': 1, 'm': 2, 'M': 2, 'g': 3, 'G': 3, 't': 4, 'T': 4, 'p': 5, 'P': 5, 'e': 6, 'E': 6}[c]
	if i == 0 {
		return 0
	}
	if binary {
		return 1 << (10 * i)
	}
	f := uint64(1)
	for ; i > 0; i-- {
		f *= 1000
	}
	return f
}
