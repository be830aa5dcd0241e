package value

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// FromJSON decodes one JSON document into a Value as VRL does: integers
// that fit in i64 become integers, every other number a float, objects
// become sorted objects.
func FromJSON(data []byte) (Value, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var raw any
	if err := dec.Decode(&raw); err != nil {
		return Null, err
	}
	if dec.More() {
		return Null, fmt.Errorf("trailing characters")
	}
	return FromGo(raw), nil
}

// FromGo converts a value decoded by encoding/json (with UseNumber, or
// plain float64) or built from Go maps and slices into a Value.
func FromGo(x any) Value {
	switch t := x.(type) {
	case nil:
		return Null
	case bool:
		return Boolean(t)
	case string:
		return Bytes(t)
	case json.Number:
		s := string(t)
		if !strings.ContainsAny(s, ".eE") {
			if i, err := strconv.ParseInt(s, 10, 64); err == nil {
				return Integer(i)
			}
		}
		f, _ := strconv.ParseFloat(s, 64)
		return Float(f)
	case float64:
		return Float(t)
	case int:
		return Integer(int64(t))
	case int64:
		return Integer(t)
	case []any:
		items := make([]Value, len(t))
		for i, e := range t {
			items[i] = FromGo(e)
		}
		return ArrayValue(items)
	case map[string]any:
		m := make(map[string]Value, len(t))
		for k, e := range t {
			m[k] = FromGo(e)
		}
		return ObjectValue(ObjectFromMap(m))
	case Value:
		return t
	}
	return Bytes(fmt.Sprint(x))
}

// MarshalJSON encodes v as VRL's test harness and `matano vrl run` do:
// bytes as a (lossy UTF-8) string, timestamps as RFC 3339 with `Z`,
// regexes as their pattern, floats always with a decimal point or an
// exponent so 1.0 stays distinct from 1.
func (v Value) MarshalJSON() ([]byte, error) {
	return AppendJSON(nil, v), nil
}

// AppendJSON appends the JSON encoding of v to dst.
func AppendJSON(dst []byte, v Value) []byte {
	switch v.t {
	case TypeNull:
		return append(dst, "null"...)
	case TypeBoolean:
		if v.Bool() {
			return append(dst, "true"...)
		}
		return append(dst, "false"...)
	case TypeInteger:
		return strconv.AppendInt(dst, v.n, 10)
	case TypeFloat:
		return AppendFloat(dst, v.Flt())
	case TypeBytes:
		return appendJSONString(dst, v.str())
	case TypeTimestamp:
		return appendJSONString(dst, FormatRFC3339(v.Time()))
	case TypeRegex:
		return appendJSONString(dst, v.Re().Pattern)
	case TypeArray:
		dst = append(dst, '[')
		for i, it := range v.Arr().Items {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = AppendJSON(dst, it)
		}
		return append(dst, ']')
	case TypeObject:
		dst = append(dst, '{')
		for i, e := range v.Obj().entries {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendJSONString(dst, e.Key)
			dst = append(dst, ':')
			dst = AppendJSON(dst, e.Value)
		}
		return append(dst, '}')
	}
	return dst
}

// AppendFloat formats f the way Rust's serde_json (ryu) does: the
// shortest representation that round-trips, in plain notation between
// 1e-5 and 1e16 (always with a ".0" when integral), scientific outside
// with a signed exponent (1e+21, 1e-7).
func AppendFloat(dst []byte, f float64) []byte {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		// JSON has no infinity; serde_json writes null.
		return append(dst, "null"...)
	}
	if f == 0 {
		if math.Signbit(f) {
			return append(dst, "-0.0"...)
		}
		return append(dst, "0.0"...)
	}
	abs := math.Abs(f)
	if abs >= 1e-5 && abs < 1e16 {
		s := strconv.FormatFloat(f, 'f', -1, 64)
		dst = append(dst, s...)
		if !strings.ContainsRune(s, '.') {
			dst = append(dst, ".0"...)
		}
		return dst
	}
	s := strconv.FormatFloat(f, 'e', -1, 64) // like 1.5e-07 or 1e+16
	mant, exp, _ := strings.Cut(s, "e")
	exp = strings.TrimPrefix(exp, "+")
	neg := strings.HasPrefix(exp, "-")
	exp = strings.TrimLeft(strings.TrimPrefix(exp, "-"), "0")
	dst = append(dst, mant...)
	dst = append(dst, 'e')
	// serde_json writes the exponent's sign either way: 1e+16, 1.5e-7
	// (checked against vrl 0.35 with bench/vrl-diff).
	if neg {
		dst = append(dst, '-')
	} else {
		dst = append(dst, '+')
	}
	return append(dst, exp...)
}

// FormatRFC3339 formats a timestamp as VRL does (chrono's AutoSi with Z):
// fractional seconds only when non-zero, in groups of 3 digits.
func FormatRFC3339(t time.Time) string { return formatAutoSi(t.UTC()) }

// appendJSONString appends s as a JSON string, invalid UTF-8 replaced by
// U+FFFD (strings.ToValidUTF8).
//
// A string of printable ASCII without '"' or '\\' (most of a log's keys,
// names, paths and ARNs) is copied as it is, found so eight bytes at a
// time (plainJSONASCII); the general path checks UTF-8 validity and then
// scans for escapes byte by byte, two passes that were half of
// encode_json's CPU time on CloudTrail's requestParameters (3,130 against
// 1,940 instructions a call with the fast path, by cachegrind).
func appendJSONString(dst []byte, s string) []byte {
	if plainJSONASCII(s) {
		dst = append(dst, '"')
		dst = append(dst, s...)
		return append(dst, '"')
	}
	return appendJSONEscaped(dst, s)
}

// appendJSONEscaped is appendJSONString's general path.
func appendJSONEscaped(dst []byte, s string) []byte {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	dst = append(dst, '"')
	// Runs of bytes that need no escape (which includes every byte of a
	// multi-byte character, s being valid UTF-8 here) are copied at once.
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		dst = append(dst, s[start:i]...)
		start = i + 1
		switch c {
		case '"':
			dst = append(dst, '\\', '"')
		case '\\':
			dst = append(dst, '\\', '\\')
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			dst = append(dst, '\\', 't')
		case '\b':
			dst = append(dst, '\\', 'b')
		case '\f':
			dst = append(dst, '\\', 'f')
		default:
			dst = append(dst, fmt.Sprintf("\\u%04x", c)...)
		}
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// plainJSONASCII reports whether every byte of s is printable ASCII
// other than '"' and '\\': a string JSON writes as it is, with no escape
// and no invalid UTF-8 to replace. It tests eight bytes at a time.
func plainJSONASCII(s string) bool {
	n := len(s)
	if n < 8 {
		for i := 0; i < n; i++ {
			if c := s[i]; c < 0x20 || c >= 0x80 || c == '"' || c == '\\' {
				return false
			}
		}
		return true
	}
	// Whole words, the last one overlapping the one before it rather
	// than ending with a byte loop. The usual word tricks: a byte's top
	// bit is set in w itself when it is not ASCII, in w-0x20 (per byte)
	// when it is below 0x20, and in (x-1)&^x when x, the byte xor '"' or
	// xor '\\', is zero. A borrow can only set a byte's top bit above a
	// byte that is itself caught, so a word's verdict is exact. (The
	// eight byte loads compile to one; the test is written out here
	// because as a function it was too big to inline, and the calls cost
	// a tenth of encode_json's instructions on
	// CloudTrail's requestParameters.)
	const ones, tops = 0x0101010101010101, 0x8080808080808080
	for i := 0; ; i += 8 {
		i = min(i, n-8)
		w := s[i : i+8]
		x := uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
			uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
		q := x ^ (ones * '"')
		b := x ^ (ones * '\\')
		if (x|(x-ones*0x20)|(q-ones)&^q|(b-ones)&^b)&tops != 0 {
			return false
		}
		if i == n-8 {
			return true
		}
	}
}
