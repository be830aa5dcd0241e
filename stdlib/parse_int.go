package stdlib

import (
	"errors"
	"fmt"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// parse_int parses a signed integer in base 2–36. Without a base the
// prefix decides: "0b" binary, "0o" octal, "0x" hex, another leading "0"
// octal, else decimal. Digits are parsed as Rust's i64::from_str_radix
// does (optional sign, no underscores or spaces).
func init() {
	Register(&Spec{
		Ident:      "parse_int",
		Parameters: []Param{reqParam("value", value.BitBytes), optParam("base", value.BitInteger)},
		Returns:    value.KindInteger,
		CanFail:    true,
		Impl:       evalParseInt,
	})
}

func evalParseInt(_ *Context, args []value.Value, present []bool) (value.Value, error) {
	s := lossyUTF8(args[0].Str())
	var base uint64
	if isPresent(present, 1) {
		b := args[1].Int()
		if b < 2 || b > 36 {
			return value.Null, fmt.Errorf("invalid base %s: must be be between 2 and 36 (inclusive)", displayValue(args[0]))
		}
		base = uint64(b)
	} else {
		switch {
		case s == "":
			return value.Null, errors.New("value is empty")
		case len(s) >= 2 && s[0] == '0' && s[1] == 'b':
			base, s = 2, s[2:]
		case len(s) >= 2 && s[0] == '0' && s[1] == 'o':
			base, s = 8, s[2:]
		case len(s) >= 2 && s[0] == '0' && s[1] == 'x':
			base, s = 16, s[2:]
		case s[0] == '0':
			base = 8
		default:
			base = 10
		}
	}
	n, err := parseRustInt(s, base)
	if err != nil {
		return value.Null, fmt.Errorf("could not parse integer: %s", err)
	}
	return value.Integer(n), nil
}
