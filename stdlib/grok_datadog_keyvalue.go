package stdlib

// grok_datadog_keyvalue.go is the Datadog grok `keyvalue` filter:
// keyvalue([separator[, extra value chars[, quotes[, field delimiters]]]])
// finds key/value pairs anywhere in the text with one regex, and types
// the values (null, booleans, numbers, strings, quoted strings).

import (
	"math"
	"regexp"
	"strings"
	"unicode"

	"github.com/dlclark/regexp2"
	"github.com/matano-go/matano/runtime/vrl/value"
)

type ddKeyValue struct {
	re     *regexp2.Regexp
	quotes [][2]rune
}

var ddDefaultQuotes = [][2]rune{{'"', '"'}, {'\'', '\''}, {'<', '>'}}

func ddKeyValueFilter(f *ddFunc) (ddFilter, error) {
	kvd, valueChars := "=", `\w.\-_@`
	quotes := ddDefaultQuotes
	open, close := `\s,;(\[{`, `\s,;)\]}`
	str := func(i int) (string, bool, bool) {
		if i >= len(f.args) {
			return "", false, true
		}
		a := f.args[i]
		if a.fn != nil || a.lit.Type() != value.TypeBytes {
			return "", true, false
		}
		return a.lit.Str(), true, true
	}
	if s, present, ok := str(0); !ok {
		return ddFilter{}, ddInvalidArgs(f.name)
	} else if present {
		kvd = s
	}
	if s, present, ok := str(1); !ok {
		return ddFilter{}, ddInvalidArgs(f.name)
	} else if present {
		valueChars += s
	}
	if s, present, ok := str(2); !ok {
		return ddFilter{}, ddInvalidArgs(f.name)
	} else if present {
		switch r := []rune(s); {
		case len(s) == 2:
			quotes = [][2]rune{{r[0], r[1]}}
		case s == "":
		default:
			return ddFilter{}, ddInvalidArgs(f.name)
		}
	}
	if s, present, ok := str(3); !ok {
		return ddFilter{}, ddInvalidArgs(f.name)
	} else if present {
		switch r := []rune(s); len(r) {
		case 1:
			open, close = s, s
		case 2:
			open, close = string(r[0]), string(r[1])
		default:
			return ddFilter{}, ddInvalidArgs(f.name)
		}
	}
	var quoting strings.Builder
	quoting.WriteString("(")
	for _, q := range quotes {
		l, r := string(q[0]), string(q[1])
		quoting.WriteString(l + "[^" + l + "]+" + r + "|")
	}
	quoting.WriteString("[")
	pattern := "(?<=[" + open + "]|^)" + quoting.String() + valueChars + "]+)" + kvd + quoting.String() + valueChars + "]+)" + "(?:[" + close + "]|$)"
	re, err := regexp2.Compile(pattern, regexp2.None)
	if err != nil {
		return ddFilter{}, ddInvalidArgs(f.name)
	}
	re.MatchTimeout = grokMatchTimeout
	return ddFilter{kind: "keyvalue", kv: &ddKeyValue{re: re, quotes: quotes}}, nil
}

// ddUnquote returns the text inside the first matching quote pair.
func (k *ddKeyValue) unquote(s string) (string, string, bool) {
	for _, q := range k.quotes {
		r := []rune(s)
		if len(r) == 0 || r[0] != q[0] {
			continue
		}
		body := string(r[1:])
		i := strings.IndexRune(body, q[1])
		if i < 0 {
			continue
		}
		return body[:i], body[i+len(string(q[1])):], true
	}
	return "", s, false
}

var ddNumberRE = regexp.MustCompile(`^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$`)

func (k *ddKeyValue) typed(s string) (value.Value, bool) {
	switch {
	case strings.HasPrefix(s, "null"):
		return value.Null, true
	case strings.HasPrefix(s, "true"):
		return value.True, true
	case strings.HasPrefix(s, "false"):
		return value.False, true
	}
	low := strings.ToLower(strings.TrimLeft(s, "+-"))
	if ddNumberRE.MatchString(s) || low == "inf" || low == "infinity" {
		x, err := parseRustFloat(s)
		if err == nil && !math.IsNaN(x) {
			if !math.IsInf(x, 0) && float64(int64(x)) == x {
				if !(strings.HasPrefix(s, "0") && strings.ContainsAny(s, "89")) {
					return value.Integer(int64(x)), true
				}
			} else {
				return value.Float(x), true
			}
		}
	}
	if inner, _, ok := k.unquote(s); ok {
		return value.Bytes(strings.TrimFunc(inner, unicode.IsSpace)), true
	}
	return value.Bytes(strings.TrimFunc(s, unicode.IsSpace)), true
}

func (k *ddKeyValue) apply(s string) (value.Value, bool) {
	obj := value.NewObject(8)
	m, err := k.re.FindStringMatch(s)
	for m != nil && err == nil {
		gs := m.Groups()
		get := func(i int) string {
			if i < len(gs) && len(gs[i].Captures) > 0 {
				return strings.TrimFunc(gs[i].String(), unicode.IsSpace)
			}
			return ""
		}
		key := get(1)
		if inner, _, ok := k.unquote(key); ok {
			key = inner
		}
		if !strings.Contains(key, " ") {
			v, _ := k.typed(strings.TrimRight(get(2), ","))
			if !(v.IsNull() || (v.Type() == value.TypeBytes && v.Str() == "") || key == "") {
				if old, ok := obj.Get(key); ok {
					if old.Type() == value.TypeArray {
						obj.Set(key, value.ArrayValue(append(old.Arr().Clone().Items, v)))
					} else {
						obj.Set(key, value.ArrayValue([]value.Value{old, v}))
					}
				} else {
					obj.Set(key, v)
				}
			}
		}
		m, err = k.re.FindNextMatch(m)
	}
	return value.ObjectValue(obj), true
}
