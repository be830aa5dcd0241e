package stdlib

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Rust's number parsing (str::parse and from_str_radix), which VRL
// inherits in what it accepts and in its error texts ("invalid digit found
// in string"). Go's strconv accepts things Rust rejects (hex floats,
// underscores after a base prefix), rejects things Rust accepts (out of
// range floats, which Rust rounds to infinity) and words its errors
// differently.

// parseRustInt is Rust's i64::from_str_radix, with its error texts.
func parseRustInt(s string, base uint64) (int64, error) {
	if s == "" {
		return 0, errors.New("cannot parse integer from empty string")
	}
	neg := false
	digits := s
	switch s[0] {
	case '+':
		digits = s[1:]
	case '-':
		neg, digits = true, s[1:]
	}
	if digits == "" {
		return 0, errors.New("invalid digit found in string")
	}
	// Accumulate as a negative number so math.MinInt64 parses.
	var n int64
	for i := 0; i < len(digits); i++ {
		d := digitValue(digits[i])
		if d >= base {
			return 0, errors.New("invalid digit found in string")
		}
		const minInt64 = -1 << 63
		if n < minInt64/int64(base) || n*int64(base) < minInt64+int64(d) {
			if neg {
				return 0, errors.New("number too small to fit in target type")
			}
			return 0, errors.New("number too large to fit in target type")
		}
		n = n*int64(base) - int64(d)
	}
	if !neg {
		if n == -1<<63 {
			return 0, errors.New("number too large to fit in target type")
		}
		n = -n
	}
	return n, nil
}

// digitValue is a character's digit value in bases up to 36 (or 99).
func digitValue(c byte) uint64 {
	switch {
	case c >= '0' && c <= '9':
		return uint64(c - '0')
	case c >= 'a' && c <= 'z':
		return uint64(c-'a') + 10
	case c >= 'A' && c <= 'Z':
		return uint64(c-'A') + 10
	}
	return 99
}

// parseRustFloat is Rust's f64::from_str.
func parseRustFloat(s string) (float64, error) {
	if s == "" {
		return 0, errors.New("cannot parse float from empty string")
	}
	invalid := errors.New("invalid float literal")
	body := s
	if body[0] == '+' || body[0] == '-' {
		body = body[1:]
	}
	switch strings.ToLower(body) {
	case "inf", "infinity", "nan":
		f, _ := strconv.ParseFloat(s, 64)
		return f, nil
	}
	// digits [. digits] [e [sign] digits], at least one mantissa digit.
	i, mant := 0, 0
	for i < len(body) && body[i] >= '0' && body[i] <= '9' {
		i++
		mant++
	}
	if i < len(body) && body[i] == '.' {
		i++
		for i < len(body) && body[i] >= '0' && body[i] <= '9' {
			i++
			mant++
		}
	}
	if mant == 0 {
		return 0, invalid
	}
	if i < len(body) && (body[i] == 'e' || body[i] == 'E') {
		i++
		if i < len(body) && (body[i] == '+' || body[i] == '-') {
			i++
		}
		exp := 0
		for i < len(body) && body[i] >= '0' && body[i] <= '9' {
			i++
			exp++
		}
		if exp == 0 {
			return 0, invalid
		}
	}
	if i != len(body) {
		return 0, invalid
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return 0, invalid
	}
	return f, nil // ErrRange already gives ±Inf or ±0
}

// parseRustUint parses an unsigned decimal as Rust's u8/u16/... FromStr
// does (an optional leading '+'), with its error texts.
func parseRustUint(s string, max uint64) (uint64, error) {
	if s == "" {
		return 0, errors.New("cannot parse integer from empty string")
	}
	digits := strings.TrimPrefix(s, "+")
	if digits == "" {
		return 0, errors.New("invalid digit found in string")
	}
	var n uint64
	overflow := false
	for i := 0; i < len(digits); i++ {
		c := digits[i]
		if c < '0' || c > '9' {
			return 0, errors.New("invalid digit found in string")
		}
		if !overflow {
			n = n*10 + uint64(c-'0')
			if n > max {
				overflow = true
			}
		}
	}
	if overflow {
		return 0, errors.New("number too large to fit in target type")
	}
	return n, nil
}

// The conversions below are to_int, to_float, to_bool and parse_float on
// strings: Rust's parsing with upstream's error messages.

// convertInt parses a decimal i64 as Rust's i64::from_str does. The
// error is upstream's: `Invalid integer "<s>": <reason>`.
func convertInt(s string) (int64, error) {
	n, err := parseRustInt(s, 10)
	if err != nil {
		return 0, fmt.Errorf("Invalid integer %s: %v", rustDebugStr(s), err)
	}
	return n, nil
}

// convertFloat parses an f64 as Rust's f64::from_str does, with
// upstream's error texts. NaN is rejected as VRL floats cannot hold it.
func convertFloat(s string) (float64, error) {
	f, err := parseRustFloat(s)
	if err != nil {
		return 0, fmt.Errorf("Invalid floating point number %s: %v", rustDebugStr(s), err)
	}
	if math.IsNaN(f) {
		return 0, fmt.Errorf("NaN number not supported %s", rustDebugStr(s))
	}
	return f, nil
}

// convertBool parses the words upstream accepts as booleans: true/t/
// yes/y and false/f/no/n (in any case), or an integer (non-zero is true).
func convertBool(s string) (bool, error) {
	switch s {
	case "true", "t", "yes", "y":
		return true, nil
	case "false", "f", "no", "n", "0":
		return false, nil
	}
	if n, err := parseRustInt(s, 10); err == nil {
		return n != 0, nil
	}
	switch coreLower(s) {
	case "true", "t", "yes", "y":
		return true, nil
	case "false", "f", "no", "n":
		return false, nil
	}
	return false, fmt.Errorf("Invalid boolean value %s", rustDebugStr(s))
}

// saturatingInt is Rust's `f as i64`: truncation toward zero, clamped to
// the i64 range, NaN as 0.
func saturatingInt(f float64) int64 {
	switch {
	case math.IsNaN(f):
		return 0
	case f >= math.MaxInt64:
		return math.MaxInt64
	case f <= math.MinInt64:
		return math.MinInt64
	}
	return int64(f)
}
