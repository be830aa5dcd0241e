package value

import (
	"math"
	"strconv"
	"strings"
)

// KindString renders the type of v as VRL's error messages do (the
// Display of `Kind::from(&value)`): scalars by name ("string", "integer"),
// a non-empty object by its fields ("{ a: integer, b: string }"), a
// non-empty array by its items ("[integer, string]"), and empty
// containers as "object" and "array".
func (v Value) KindString() string {
	if v.t != TypeArray && v.t != TypeObject {
		return v.t.String()
	}
	var b strings.Builder
	appendKind(&b, v)
	return b.String()
}

func appendKind(b *strings.Builder, v Value) {
	switch v.t {
	case TypeArray:
		items := v.Arr().Items
		if len(items) == 0 {
			b.WriteString("array")
			return
		}
		b.WriteByte('[')
		for i, it := range items {
			if i > 0 {
				b.WriteString(", ")
			}
			appendKind(b, it)
		}
		b.WriteByte(']')
	case TypeObject:
		entries := v.Obj().entries
		if len(entries) == 0 {
			b.WriteString("object")
			return
		}
		b.WriteString("{ ")
		for i, e := range entries {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(FormatField(e.Key))
			b.WriteString(": ")
			appendKind(b, e.Value)
		}
		b.WriteString(" }")
	default:
		b.WriteString(v.t.String())
	}
}

// FormatField renders a path field as VRL prints it: bare when it matches
// ^[0-9]*[a-zA-Z_@][0-9a-zA-Z_@]*$, in double quotes otherwise.
func FormatField(f string) string {
	i := 0
	for i < len(f) && f[i] >= '0' && f[i] <= '9' {
		i++
	}
	ok := i < len(f) && isFieldStart(f[i])
	if ok {
		for _, c := range []byte(f[i+1:]) {
			if !isFieldStart(c) && !(c >= '0' && c <= '9') {
				ok = false
				break
			}
		}
	}
	if ok {
		return f
	}
	return `"` + f + `"`
}

func isFieldStart(c byte) bool {
	return c == '_' || c == '@' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

// FormatFloat renders f as Rust's f64 Display does, which VRL uses for
// to_string and string conversions: the shortest digits that round-trip,
// never in exponent notation, with no ".0" on integral values ("1",
// "0.1", "100000000000000000000"), and "inf", "-inf", "NaN".
func FormatFloat(f float64) string {
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

// String renders v as VRL's Display does (the REPL and diagnostics):
// strings quoted with \\, \" and \n escaped, timestamps as t'...', regexes
// as r'...', objects as { "k": v }, arrays as [a, b].
func (v Value) String() string {
	var b strings.Builder
	appendDisplay(&b, v)
	return b.String()
}

func appendDisplay(b *strings.Builder, v Value) {
	switch v.t {
	case TypeNull:
		b.WriteString("null")
	case TypeBytes:
		s := strings.ToValidUTF8(v.str(), "\uFFFD")
		b.WriteByte('"')
		b.WriteString(displayEscaper.Replace(s))
		b.WriteByte('"')
	case TypeInteger:
		b.WriteString(strconv.FormatInt(v.n, 10))
	case TypeFloat:
		b.WriteString(FormatFloat(v.Flt()))
	case TypeBoolean:
		b.WriteString(strconv.FormatBool(v.Bool()))
	case TypeTimestamp:
		b.WriteString("t'")
		b.WriteString(FormatRFC3339(v.Time()))
		b.WriteByte('\'')
	case TypeRegex:
		b.WriteString("r'")
		b.WriteString(v.Re().Pattern)
		b.WriteByte('\'')
	case TypeArray:
		b.WriteByte('[')
		for i, it := range v.Arr().Items {
			if i > 0 {
				b.WriteString(", ")
			}
			appendDisplay(b, it)
		}
		b.WriteByte(']')
	case TypeObject:
		b.WriteString("{ ")
		for i, e := range v.Obj().entries {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteByte('"')
			b.WriteString(e.Key)
			b.WriteString(`": `)
			appendDisplay(b, e.Value)
		}
		b.WriteString(" }")
	}
}

var displayEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
