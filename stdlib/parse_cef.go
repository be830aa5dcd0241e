package stdlib

import (
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// parse_cef reads an ArcSight Common Event Format record: anything before
// `CEF:` (a syslog header) is skipped, then seven `|`-separated header
// fields and `key=value` extensions. Escapes are decoded (`\|` and `\\` in
// headers; `\=`, `\\`, `\n`, `\r` in values), surrounding quotes removed.
// In strict mode an unescaped `=` ends a value and leftover text is an
// error. translate_custom_fields replaces the cs1/cs1Label style pairs by
// one field named after the label.
func init() {
	Register(&Spec{
		Ident: "parse_cef",
		Parameters: []Param{
			{Keyword: "value", Kind: value.BitBytes, Required: true},
			{Keyword: "translate_custom_fields", Kind: value.BitBoolean},
			{Keyword: "strict", Kind: value.BitBoolean},
		},
		Returns: cefKind(),
		CanFail: true,
		Impl:    parseCEFImpl,
	})
}

var cefHeaderNames = []string{"cefVersion", "deviceVendor", "deviceProduct", "deviceVersion", "deviceEventClassId", "name", "severity"}

func cefKind() value.Kind {
	known := map[string]value.Kind{}
	for _, h := range cefHeaderNames {
		known[h] = value.KindBytes
	}
	return value.KindObjectOf(known, &value.KindBytes)
}

// cefCustomFields lists the label/value pairs translate_custom_fields
// folds together, in upstream's order.
var cefCustomFields = [][2]string{
	{"c6a1Label", "c6a1"}, {"c6a2Label", "c6a2"}, {"c6a3Label", "c6a3"}, {"c6a4Label", "c6a4"},
	{"cfp1Label", "cfp1"}, {"cfp2Label", "cfp2"}, {"cfp3Label", "cfp3"}, {"cfp4Label", "cfp4"},
	{"cn1Label", "cn1"}, {"cn2Label", "cn2"}, {"cn3Label", "cn3"},
	{"cs1Label", "cs1"}, {"cs2Label", "cs2"}, {"cs3Label", "cs3"}, {"cs4Label", "cs4"}, {"cs5Label", "cs5"}, {"cs6Label", "cs6"},
	{"deviceCustomDate1Label", "deviceCustomDate1"}, {"deviceCustomDate2Label", "deviceCustomDate2"},
	{"flexDate1Label", "flexDate1"}, {"flexString1Label", "flexString1"}, {"flexString2Label", "flexString2"},
}

func parseCEFImpl(_ *Context, args []value.Value, present []bool) (value.Value, error) {
	translate := present[1] && args[1].Bool()
	strict := !present[2] || args[2].IsNull() || args[2].Bool()
	pairs, err := cefParse(lossyUTF8(args[0].Str()), strict)
	if err != nil {
		return value.Null, err
	}
	obj := value.NewObject(len(pairs))
	if !translate {
		for _, p := range pairs {
			obj.Set(p[0], value.Bytes(p[1]))
		}
		return value.ObjectValue(obj), nil
	}
	type slot struct{ label, val *string }
	custom := map[int]*slot{}
	var order []int
	for _, p := range pairs {
		idx, isLabel := -1, false
		for i, cf := range cefCustomFields {
			if p[0] == cf[0] {
				idx, isLabel = i, true
			} else if p[0] == cf[1] {
				idx = i
			}
		}
		if idx < 0 {
			obj.Set(p[0], value.Bytes(p[1]))
			continue
		}
		s, ok := custom[idx]
		if !ok {
			s = &slot{}
			custom[idx] = s
			order = append(order, idx)
		}
		v := p[1]
		target, what := &s.val, "value"
		if isLabel {
			target, what = &s.label, "label"
		}
		if *target != nil {
			return value.Null, fmt.Errorf("Custom field with duplicate %s", what)
		}
		*target = &v
	}
	for _, idx := range order {
		s := custom[idx]
		if s.label == nil {
			return value.Null, errors.New("Custom field with missing label or value")
		}
		if s.val == nil {
			obj.Set(*s.label, value.Null)
		} else {
			obj.Set(*s.label, value.Bytes(*s.val))
		}
	}
	return value.ObjectValue(obj), nil
}

// cefParse returns the extension pairs followed by the header fields.
func cefParse(input string, strict bool) ([][2]string, error) {
	i := strings.Index(input, "CEF:")
	if i < 0 {
		return nil, errors.New(nomError(input, nomEntry{at: input, kind: "TakeUntil"}))
	}
	s := input[i+4:]
	var headers []string
	for n := 0; n < 7; n++ {
		elemStart := s
		s = strings.TrimPrefix(s, "|")
		valStart := s
		v, rest, badEscape, ok := cefHeaderValue(s)
		if !ok {
			// A backslash ends the input (EscapedTransform) or escapes
			// something other than \ or | (Satisfy).
			kind := "Satisfy"
			if strings.HasPrefix(badEscape, `\`) && len(badEscape) == 1 {
				kind = "EscapedTransform"
			}
			return nil, errors.New(nomError(input, nomEntry{at: badEscape, kind: kind}, nomEntry{at: valStart, kind: "Alt"}, nomEntry{at: elemStart, kind: "Count"}))
		}
		headers = append(headers, v)
		s = rest
	}
	extStart := s
	var ext [][2]string
	for {
		key, afterKey, ok := cefKey(s)
		if !ok {
			break
		}
		val, rest, ok := cefValue(afterKey, strict)
		if !ok {
			break
		}
		ext = append(ext, [2]string{key, val})
		s = rest
	}
	if len(ext) == 0 {
		if !strings.HasPrefix(extStart, "|") {
			return nil, errors.New(nomError(input, nomEntry{at: extStart, kind: "Tag"}, nomEntry{at: extStart, kind: "Alt"}))
		}
		s = extStart[1:]
	}
	if n := len(ext); n > 0 {
		ext[n-1][1] = strings.TrimRight(ext[n-1][1], " ")
	}
	if strict && strings.TrimFunc(s, unicode.IsSpace) != "" {
		return nil, errors.New("Could not parse whole line successfully")
	}
	out := make([][2]string, 0, len(ext)+7)
	for _, kv := range ext {
		out = append(out, [2]string{kv[0], cefUnquote(kv[1])})
	}
	for j, h := range headers {
		out = append(out, [2]string{cefHeaderNames[j], cefUnquote(h)})
	}
	return out, nil
}

func cefUnquote(v string) string {
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
		return v[1 : len(v)-1]
	}
	return v
}

// cefHeaderValue reads one header field up to an unescaped `|`, trimmed.
// On a bad escape it returns where the escaped character stood.
func cefHeaderValue(s string) (string, string, string, bool) {
	if strings.HasPrefix(s, "|") {
		return "", s, "", true
	}
	var b strings.Builder
	i := 0
	for i < len(s) {
		c := s[i]
		if c == '|' {
			break
		}
		if c == '\\' {
			if i+1 >= len(s) {
				return "", s, s[i:], false
			}
			if s[i+1] == '\\' || s[i+1] == '|' {
				b.WriteByte(s[i+1])
				i += 2
				continue
			}
			return "", s, s[i+1:], false
		}
		b.WriteByte(c)
		i++
	}
	return strings.TrimFunc(b.String(), unicode.IsSpace), s[i:], "", true
}

// cefKey reads ( |`|`)+ key `=`; the key stops at a space, `=` or `\`.
func cefKey(s string) (string, string, bool) {
	i := 0
	for i < len(s) && (s[i] == ' ' || s[i] == '|') {
		i++
	}
	if i == 0 {
		return "", s, false
	}
	j := i
	for j < len(s) && s[j] != ' ' && s[j] != '=' && s[j] != '\\' {
		j++
	}
	if j == i || j >= len(s) || s[j] != '=' {
		return "", s, false
	}
	return s[i:j], s[j+1:], true
}

// cefValueEnds reports whether a value stops at s: at the next key, at a
// backslash (an escape), or in strict mode at an `=`.
func cefValueEnds(s string, strict bool) bool {
	if (strict && strings.HasPrefix(s, "=")) || strings.HasPrefix(s, `\`) {
		return true
	}
	_, _, ok := cefKey(s)
	return ok
}

func cefValue(s string, strict bool) (string, string, bool) {
	if _, _, ok := cefKey(s); ok {
		return "", s, true
	}
	var b strings.Builder
	consumed := 0
	for {
		// A run of ordinary characters.
		start := consumed
		for consumed < len(s) && !cefValueEnds(s[consumed:], strict) {
			_, n := firstRune(s[consumed:])
			consumed += n
		}
		b.WriteString(s[start:consumed])
		if consumed >= len(s) {
			return b.String(), "", true
		}
		if s[consumed] != '\\' {
			if consumed == 0 {
				return "", s, false
			}
			return b.String(), s[consumed:], true
		}
		// An escape: \= \\ \n \r are decoded, any other keeps the
		// backslash; a backslash ending the input fails the value.
		consumed++
		if consumed >= len(s) {
			return "", s, false
		}
		switch s[consumed] {
		case '=':
			b.WriteByte('=')
			consumed++
		case '\\':
			b.WriteByte('\\')
			consumed++
		case 'n', 'r':
			b.WriteByte('\n')
			consumed++
		default:
			b.WriteByte('\\')
		}
	}
}
