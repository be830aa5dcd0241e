package stdlib

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// This file renders values the ways upstream's Rust code does in
// results and error messages: Rust's float Display (to_string), VRL's
// value Display (assert_eq, compile-time "received:" labels) and Rust's
// Debug for strings (conversion errors quote their input with {:?}).

// formatFloat renders f as Rust's f64 Display: the shortest digits that
// round-trip, never in exponent notation, without a trailing ".0"
// (52.0 → "52", 1e21 → "1000000000000000000000").
func formatFloat(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	case math.IsNaN(f):
		return "NaN"
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// formatFloatDebug renders f as Rust's f64 Debug: like Display but always
// with a fraction, and in exponent notation for very large or small
// magnitudes.
func formatFloatDebug(f float64) string {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return formatFloat(f)
	}
	abs := math.Abs(f)
	if abs != 0 && (abs < 1e-4 || abs >= 1e16) {
		s := strconv.FormatFloat(f, 'e', -1, 64)
		mant, exp, _ := strings.Cut(s, "e")
		exp = strings.TrimPrefix(exp, "+")
		neg := strings.HasPrefix(exp, "-")
		exp = strings.TrimLeft(strings.TrimPrefix(exp, "-"), "0")
		if neg {
			exp = "-" + exp
		}
		return mant + "e" + exp
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.ContainsRune(s, '.') {
		s += ".0"
	}
	return s
}

// displayValue renders v as VRL's Value Display: strings quoted with
// `\\`, `"` and newlines escaped, objects as `{ "k": v }`, timestamps as
// t'…' and regexes as r'…'.
func displayValue(v value.Value) string {
	var b strings.Builder
	writeDisplay(&b, v)
	return b.String()
}

func writeDisplay(b *strings.Builder, v value.Value) {
	switch v.Type() {
	case value.TypeBytes:
		b.WriteByte('"')
		s := lossyUTF8(v.Str())
		s = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s)
		b.WriteString(s)
		b.WriteByte('"')
	case value.TypeInteger:
		b.WriteString(strconv.FormatInt(v.Int(), 10))
	case value.TypeFloat:
		b.WriteString(formatFloat(v.Flt()))
	case value.TypeBoolean:
		b.WriteString(strconv.FormatBool(v.Bool()))
	case value.TypeTimestamp:
		b.WriteString("t'" + value.FormatRFC3339(v.Time()) + "'")
	case value.TypeRegex:
		b.WriteString("r'" + v.Re().Pattern + "'")
	case value.TypeArray:
		b.WriteByte('[')
		for i, item := range v.Arr().Items {
			if i > 0 {
				b.WriteString(", ")
			}
			writeDisplay(b, item)
		}
		b.WriteByte(']')
	case value.TypeObject:
		b.WriteString("{ ")
		for i, e := range v.Obj().Entries() {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(`"` + e.Key + `": `)
			writeDisplay(b, e.Value)
		}
		b.WriteString(" }")
	default:
		b.WriteString("null")
	}
}

// rustDebugStr quotes s as Rust's `{:?}` does for a str.
func rustDebugStr(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		s = s[size:]
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case 0:
			b.WriteString(`\0`)
		default:
			if strconv.IsPrint(r) || r == ' ' {
				b.WriteRune(r)
			} else {
				b.WriteString(`\u{` + strconv.FormatInt(int64(r), 16) + `}`)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

// debugValue renders v as the derived Debug of upstream's Value enum
// (tally's error message quotes the offending item this way).
func debugValue(v value.Value) string {
	switch v.Type() {
	case value.TypeBytes:
		return "Bytes(b" + debugBytes(v.Str()) + ")"
	case value.TypeInteger:
		return "Integer(" + strconv.FormatInt(v.Int(), 10) + ")"
	case value.TypeFloat:
		return "Float(" + formatFloatDebug(v.Flt()) + ")"
	case value.TypeBoolean:
		return "Boolean(" + strconv.FormatBool(v.Bool()) + ")"
	case value.TypeTimestamp:
		return "Timestamp(" + value.FormatRFC3339(v.Time()) + ")"
	case value.TypeRegex:
		return "Regex(ValueRegex(Regex(" + rustDebugStr(v.Re().Pattern) + ")))"
	case value.TypeArray:
		parts := make([]string, len(v.Arr().Items))
		for i, item := range v.Arr().Items {
			parts[i] = debugValue(item)
		}
		return "Array([" + strings.Join(parts, ", ") + "])"
	case value.TypeObject:
		parts := make([]string, 0, v.Obj().Len())
		for _, e := range v.Obj().Entries() {
			parts = append(parts, rustDebugStr(e.Key)+": "+debugValue(e.Value))
		}
		return "Object({" + strings.Join(parts, ", ") + "})"
	}
	return "Null"
}

// debugBytes quotes b as the bytes crate's Debug does: printable
// ASCII as is, `\n`, `\r`, `\t`, `\"`, `\\` escaped, other bytes as \xNN.
func debugBytes(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\r':
			b.WriteString(`\r`)
		case c == '\t':
			b.WriteString(`\t`)
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c >= 0x20 && c < 0x7f:
			b.WriteByte(c)
		default:
			b.WriteString(`\x`)
			const hex = "0123456789abcdef"
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&0xf])
		}
	}
	b.WriteByte('"')
	return b.String()
}

// stringLossy renders a value as upstream's to_string_lossy: strings
// as is, numbers and booleans in their Display form, timestamps in RFC
// 3339, regexes as their pattern, arrays and objects as JSON, null as
// "<null>".
func stringLossy(v value.Value) string {
	switch v.Type() {
	case value.TypeBytes:
		return lossyUTF8(v.Str())
	case value.TypeInteger:
		return strconv.FormatInt(v.Int(), 10)
	case value.TypeFloat:
		return formatFloat(v.Flt())
	case value.TypeBoolean:
		return strconv.FormatBool(v.Bool())
	case value.TypeTimestamp:
		return value.FormatRFC3339(v.Time())
	case value.TypeRegex:
		return v.Re().Pattern
	case value.TypeNull:
		return "<null>"
	}
	return string(value.AppendJSON(nil, v))
}
