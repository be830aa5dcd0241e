package stdlib

import (
	"encoding/base64"
	"encoding/hex"
	"errors"
	"hash"
	"regexp"
	"strings"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// redact replaces sensitive substrings of a string, or of every string
// inside an array or object (recursively; keys are kept), with a
// replacement. Filters and redactor are literals resolved at compile time:
// a filter is a regex, a named filter ("us_social_security_number"), or
// an object {"type": "pattern", "patterns": [...]} /
// {"type": "us_social_security_number"}; the redactor is "full" (the
// default, "[REDACTED]"), {"type": "text", "replacement": ...}, or a
// hash ("sha2"/"sha3", or an object with variant and encoding).
func init() {
	Register(&funcDef{
		ident: "redact",
		params: []Param{
			reqParam("value", value.BitBytes|value.BitObject|value.BitArray),
			reqParam("filters", value.BitArray),
			optParam("redactor", value.BitObject|value.BitBytes),
		},
		compile: redactCompile,
	})
}

// redactSSN matches US social security numbers (area 001–899 except 666,
// group 01–99, serial 0001–9999).
var redactSSN = regexp.MustCompile(`(?:00[1-9]|0[1-9][0-9]|[1-578][0-9]{2}|6[0-57-9][0-9]|66[0-57-9])-(?:0[1-9]|[1-9]0|[1-9][1-9])-(?:000[1-9]|00[1-9]0|0[1-9]00|[1-9]000|[1-9]{4})`)

// redactPattern is one pattern of a filter: a regex, or a literal string.
type redactPattern struct {
	re  *regexp.Regexp
	str string
}

// redactor turns a matched substring into its replacement.
type redactor func(match string) string

func redactCompile(args *Args) (Call, error) {
	fa := args.Get(1)
	if fa.Const == nil {
		return nil, unexpectedExpression(1, "filters", "array")
	}
	if fa.Const.Type() != value.TypeArray {
		return nil, unexpectedExpression(1, "filters", "array")
	}
	var filters [][]redactPattern
	for _, item := range fa.Const.Arr().Items {
		f, err := redactFilter(item)
		if err != nil {
			return nil, invalidArgument(1, "filters", item, err.Error())
		}
		filters = append(filters, f)
	}
	red := redactor(func(string) string { return "[REDACTED]" })
	if ra := args.Get(2); ra.Present {
		if ra.Const == nil {
			return nil, unexpectedExpression(2, "redactor", "literal")
		}
		r, err := redactRedactor(*ra.Const)
		if err != nil {
			return nil, invalidArgument(2, "redactor", *ra.Const, err.Error())
		}
		red = r
	}
	kind := args.Get(0).Kind
	if kind.Bits == 0 {
		kind = value.Kind{Bits: value.BitBytes | value.BitObject | value.BitArray}
	}
	return &funcCall{td: TypeDef{Kind: kind}, eval: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
		return redactValue(args[0], filters, red), nil
	}}, nil
}

func redactFilter(v value.Value) ([]redactPattern, error) {
	switch v.Type() {
	case value.TypeRegex:
		return []redactPattern{{re: v.Re().Regexp}}, nil
	case value.TypeBytes:
		switch v.Str() {
		case "pattern":
			return nil, errors.New("pattern cannot be used without arguments")
		case "us_social_security_number":
			return []redactPattern{{re: redactSSN}}, nil
		}
		return nil, errors.New("unknown filter name")
	case value.TypeObject:
		obj := v.Obj()
		t, ok := obj.Get("type")
		if !ok {
			return nil, errors.New("filters specified as objects must have type parameter")
		}
		if t.Type() != value.TypeBytes {
			return nil, errors.New("type key in filters must be a string")
		}
		switch t.Str() {
		case "us_social_security_number":
			return []redactPattern{{re: redactSSN}}, nil
		case "pattern":
			ps, ok := obj.Get("patterns")
			if !ok {
				return nil, errors.New("pattern filter must have `patterns` specified")
			}
			if ps.Type() != value.TypeArray {
				return nil, errors.New("`patterns` must be array of regular expression literals")
			}
			var out []redactPattern
			for _, p := range ps.Arr().Items {
				switch p.Type() {
				case value.TypeRegex:
					out = append(out, redactPattern{re: p.Re().Regexp})
				case value.TypeBytes:
					out = append(out, redactPattern{str: lossyUTF8(p.Str())})
				default:
					return nil, errors.New("`patterns` must be regular expressions")
				}
			}
			return out, nil
		}
		return nil, errors.New("unknown filter name")
	}
	return nil, errors.New("unknown literal for filter, must be a regex, filter name, or object")
}

func redactHasher(newHash func() hash.Hash, base16 bool) redactor {
	return func(match string) string {
		sum := hashSum(newHash, []byte(match))
		if base16 {
			return hex.EncodeToString(sum)
		}
		return base64.StdEncoding.EncodeToString(sum)
	}
}

func redactRedactor(v value.Value) (redactor, error) {
	switch v.Type() {
	case value.TypeBytes:
		switch v.Str() {
		case "full":
			return func(string) string { return "[REDACTED]" }, nil
		case "sha2":
			return redactHasher(sha2Variants["SHA-512/256"], false), nil
		case "sha3":
			return redactHasher(sha3Variants["SHA3-512"], false), nil
		}
		return nil, errors.New("unknown name of redactor")
	case value.TypeObject:
		obj := v.Obj()
		t, ok := obj.Get("type")
		if !ok {
			return nil, errors.New("redactor specified as objects must have type\n        parameter")
		}
		if t.Type() != value.TypeBytes {
			return nil, errors.New("type key in redactor must be a string")
		}
		switch t.Str() {
		case "full":
			return func(string) string { return "[REDACTED]" }, nil
		case "text":
			r, ok := obj.Get("replacement")
			if !ok {
				return nil, errors.New("text redactor must have\n                `replacement` specified")
			}
			if r.Type() != value.TypeBytes {
				return nil, errors.New("`replacement` must be a string")
			}
			text := lossyUTF8(r.Str())
			return func(string) string { return text }, nil
		case "sha2", "sha3":
			variants, def, msg := sha2Variants, "SHA-512/256", "`variant` must be a string"
			if t.Str() == "sha3" {
				variants, def, msg = sha3Variants, "SHA3-512", "`variant must be a string"
			}
			h := variants[def]
			if vv, ok := obj.Get("variant"); ok {
				if vv.Type() != value.TypeBytes {
					return nil, errors.New(msg)
				}
				if h, ok = variants[vv.Str()]; !ok {
					return nil, errors.New("invalid sha2 variant")
				}
			}
			base16 := false
			if enc, ok := obj.Get("encoding"); ok {
				if enc.Type() != value.TypeBytes {
					return nil, errors.New("encoding must be string")
				}
				switch enc.Str() {
				case "base64":
				case "base16", "hex":
					base16 = true
				default:
					return nil, errors.New("unexpected encoding")
				}
			}
			return redactHasher(h, base16), nil
		}
		return nil, errors.New("unknown `type` for `redactor`")
	}
	return nil, errors.New("unknown literal for redactor, must be redactor name or object")
}

// redactValue applies every filter in turn to every string inside v.
func redactValue(v value.Value, filters [][]redactPattern, red redactor) value.Value {
	switch v.Type() {
	case value.TypeBytes:
		s := lossyUTF8(v.Str())
		for _, f := range filters {
			for _, p := range f {
				if p.re != nil {
					s = p.re.ReplaceAllStringFunc(s, red)
				} else {
					s = redactLiteral(s, p.str, red)
				}
			}
		}
		return value.Bytes(s)
	case value.TypeArray:
		items := make([]value.Value, v.Arr().Len())
		for i, it := range v.Arr().Items {
			items[i] = redactValue(it, filters, red)
		}
		return value.ArrayValue(items)
	case value.TypeObject:
		obj := value.NewObject(v.Obj().Len())
		for _, e := range v.Obj().Entries() {
			obj.Set(e.Key, redactValue(e.Value, filters, red))
		}
		return value.ObjectValue(obj)
	}
	return v
}

// redactLiteral replaces the non-overlapping occurrences of pattern, left
// to right (an empty pattern matches at every character boundary).
func redactLiteral(s, pattern string, red redactor) string {
	var b strings.Builder
	if pattern == "" {
		for _, r := range s {
			b.WriteString(red(""))
			b.WriteRune(r)
		}
		b.WriteString(red(""))
		return b.String()
	}
	for {
		i := strings.Index(s, pattern)
		if i < 0 {
			break
		}
		b.WriteString(s[:i])
		b.WriteString(red(pattern))
		s = s[i+len(pattern):]
	}
	b.WriteString(s)
	return b.String()
}
