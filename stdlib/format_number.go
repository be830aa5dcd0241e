package stdlib

import (
	"math"
	"math/big"
	"strconv"
	"strings"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// format_number renders a number with an optional fixed scale (digits are
// truncated, not rounded, and zero-padded), a decimal separator (default
// ".") and an optional grouping separator every three digits.
//
// Grouping follows upstream's algorithm literally: it counts the sign as
// a digit and, when the integer part's length is a multiple of three,
// inserts a separator before the first digit too ("123456" → ",123,456").
func init() {
	Register(&Spec{
		Ident: "format_number",
		Parameters: []Param{
			reqParam("value", value.BitInteger|value.BitFloat),
			optParam("scale", value.BitInteger),
			optParam("decimal_separator", value.BitBytes),
			optParam("grouping_separator", value.BitBytes),
		},
		Returns: value.KindBytes,
		Impl: func(_ *Context, args []value.Value, present []bool) (value.Value, error) {
			var text string
			if args[0].Type() == value.TypeInteger {
				text = strconv.FormatInt(args[0].Int(), 10)
			} else {
				text = formatNumberDecimal(args[0].Flt())
			}
			whole, frac, hasFrac := strings.Cut(text, ".")
			parts := []string{whole}
			if hasFrac {
				parts = append(parts, frac)
			}
			if isPresent(present, 1) {
				scale := args[1].Int()
				switch {
				case scale == 0:
					parts = parts[:1]
				default:
					i := int(uint64(scale))
					if len(parts) == 1 {
						parts = append(parts, "")
					}
					if i < 0 || i > len(parts[1]) {
						if i >= 0 {
							parts[1] += strings.Repeat("0", i-len(parts[1]))
						}
					} else {
						parts[1] = parts[1][:i]
					}
				}
			}
			if isPresent(present, 3) {
				sep := lossyUTF8(args[3].Str())
				digits := []rune(parts[0])
				start := len(digits) % 3
				var b strings.Builder
				for i, r := range digits {
					if i >= start && (i-start)%3 == 0 {
						b.WriteString(sep)
					}
					b.WriteRune(r)
				}
				parts[0] = b.String()
			}
			return value.Bytes(strings.Join(parts, lossyUTF8(argStr(args, present, 2, ".")))), nil
		},
	})
}

// formatNumberDecimal renders a float as upstream does: converted to a
// 96-bit decimal (rust_decimal's from_f64), which keeps at most the
// digits a float64 guarantees (the mantissa is cut to below 2^52, rounding
// half up) and drops trailing zeros. This is not always the shortest
// round-trip form: 0.1+0.2 prints as 0.3.
func formatNumberDecimal(f float64) string {
	bits := math.Float64bits(f)
	negative := bits>>63 == 1
	biased := int((bits >> 52) & 0x7FF)
	frac := bits & (1<<52 - 1)
	sign := ""
	if negative {
		sign = "-"
	}
	if biased == 0 && frac == 0 {
		return sign + "0"
	}
	e2 := biased - 1023
	if biased == 0 {
		e2++
	} else {
		frac |= 1 << 52
	}
	e2 -= 52
	m := new(big.Int).SetUint64(frac)
	limit96 := new(big.Int).Lsh(big.NewInt(1), 96)
	top95 := new(big.Int).Lsh(big.NewInt(1), 95)
	five, ten := big.NewInt(5), big.NewInt(10)
	e5, e10 := -e2, e2
	tmp := new(big.Int)
	for e5 > 0 {
		if m.Bit(0) == 0 {
			e10++
			e5--
			m.Rsh(m, 1)
			continue
		}
		e5--
		if tmp.Mul(m, five); tmp.Cmp(limit96) < 0 {
			m.Set(tmp)
		} else {
			e10++
			m.Rsh(m, 1)
		}
	}
	for e5 < 0 {
		switch {
		case m.Cmp(top95) < 0:
			e10--
			e5++
			m.Lsh(m, 1)
		case e10*2 > -e5:
			return strconv.FormatFloat(f, 'f', -1, 64) // beyond 96 bits
		default:
			e5++
			m.Quo(m, five)
		}
	}
	for e10 > 0 {
		if tmp.Mul(m, ten); tmp.Cmp(limit96) >= 0 {
			return strconv.FormatFloat(f, 'f', -1, 64) // beyond 96 bits
		}
		m.Set(tmp)
		e10--
	}
	rem := new(big.Int)
	for e10 < -28 {
		m.QuoRem(m, ten, rem)
		e10++
		if m.Sign() == 0 {
			e10 = 0
		} else if rem.Int64() >= 5 {
			m.Add(m, big.NewInt(1))
		}
	}
	limit52 := new(big.Int).Lsh(big.NewInt(1), 52)
	for e10 < 0 && m.Cmp(limit52) >= 0 {
		m.QuoRem(m, ten, rem)
		e10++
		if rem.Int64() >= 5 {
			m.Add(m, big.NewInt(1))
		}
	}
	for e10 < 0 {
		q, r := new(big.Int).QuoRem(m, ten, new(big.Int))
		if r.Sign() != 0 {
			break
		}
		m = q
		e10++
	}
	digits := m.String()
	scale := -e10
	if scale == 0 {
		return sign + digits
	}
	if len(digits) <= scale {
		digits = strings.Repeat("0", scale-len(digits)+1) + digits
	}
	return sign + digits[:len(digits)-scale] + "." + digits[len(digits)-scale:]
}
