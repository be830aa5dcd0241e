package stdlib

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"unicode"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// parse_ruby_hash reads a Ruby hash literal as Ruby's `inspect` prints it
// (`{ "a" => 1, :b => [nil, true], c: 'x' }`). Numbers become floats,
// symbols strings, `nil` null; strings keep their backslash escapes.
// Syntax errors are reported as upstream's nom parser renders them.
func init() {
	Register(&Spec{
		Ident:      "parse_ruby_hash",
		Parameters: []Param{{Keyword: "value", Kind: value.BitBytes, Required: true}},
		Returns:    rubyHashKind(),
		CanFail:    true,
		Impl: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
			input := lossyUTF8(args[0].Str())
			p := &rubyParser{input: input}
			v, rest, err := p.hash(input)
			if err != nil {
				return value.Null, errors.New(nomError(input, err.entries...))
			}
			if strings.TrimFunc(rest, unicode.IsSpace) != "" {
				return value.Null, errors.New("could not parse whole line successfully")
			}
			return v, nil
		},
	})
}

func rubyHashKind() value.Kind {
	any := value.KindAny()
	inner := value.Kind{
		Bits:   value.BitNull | value.BitBytes | value.BitFloat | value.BitBoolean | value.BitArray | value.BitObject,
		Array:  &value.Collection{Unknown: &any},
		Object: &value.Collection{Unknown: &any},
	}
	return value.KindObjectOf(nil, &inner)
}

// rubyErr is a nom error: its VerboseError entries, and whether it is a
// failure (after a cut: alternatives are not tried).
type rubyErr struct {
	entries []nomEntry
	failure bool
}

func (e *rubyErr) with(entry nomEntry) *rubyErr {
	e.entries = append(e.entries, entry)
	return e
}

type rubyParser struct{ input string }

func rubySp(s string) string { return strings.TrimLeft(s, " \t\r\n") }

func rubyChar(s string, c byte) (string, *rubyErr) {
	if s == "" || s[0] != c {
		return s, &rubyErr{entries: []nomEntry{{at: s, kind: "Char", char: rune(c)}}}
	}
	return s[1:], nil
}

// str reads a string after checking its opening delimiter; the body keeps
// its escapes.
func (p *rubyParser) str(s string, q byte) (string, string, *rubyErr) {
	start := s
	rest, err := rubyChar(s, q)
	if err != nil {
		return "", s, err.with(nomEntry{at: start, kind: "Context", ctx: "string"})
	}
	i := 0
	for i < len(rest) && rest[i] != q {
		if rest[i] == '\\' && i+1 < len(rest) {
			i += 2
			continue
		}
		i++
	}
	body := rest[:i]
	if _, err := rubyChar(rest[i:], q); err != nil {
		err.failure = true
		return "", s, err.with(nomEntry{at: start, kind: "Context", ctx: "string"})
	}
	return body, rest[i+1:], nil
}

func rubySymbol(s string) (string, string, bool) {
	i := 0
	for i < len(s) && (s[i] == '_' || (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9')) {
		i++
	}
	return s[:i], s[i:], i > 0
}

func (p *rubyParser) colonKey(s string) (string, string, *rubyErr) {
	rest, err := rubyChar(s, ':')
	if err != nil {
		return "", s, err
	}
	for _, q := range []byte{'"', '\''} {
		k, r, err := p.str(rest, q)
		if err == nil {
			return k, r, nil
		}
		if err.failure {
			return "", s, err
		}
	}
	if k, r, ok := rubySymbol(rest); ok {
		return k, r, nil
	}
	return "", s, &rubyErr{entries: []nomEntry{{at: rest, kind: "TakeWhile1"}, {at: rest, kind: "Alt"}}}
}

func (p *rubyParser) key(s string) (string, string, *rubyErr) {
	for _, q := range []byte{'"', '\''} {
		k, r, err := p.str(s, q)
		if err == nil {
			return k, r, nil
		}
		if err.failure {
			return "", s, err
		}
	}
	if k, r, ok := rubySymbol(s); ok {
		return k, r, nil
	}
	k, r, err := p.colonKey(s)
	if err != nil && !err.failure {
		err.entries = append(err.entries, nomEntry{at: s, kind: "Alt"})
	}
	return k, r, err
}

// list reads `open item (, item)* close` with a cut after open, as the
// hash and array parsers share it.
func (p *rubyParser) list(s string, open, close byte, ctx string, item func(string) (string, *rubyErr)) (string, *rubyErr) {
	start := s
	rest, err := rubyChar(s, open)
	if err != nil {
		return s, err.with(nomEntry{at: start, kind: "Context", ctx: ctx})
	}
	// separated_list0: an element error ends the list.
	if r, err := item(rest); err == nil {
		rest = r
		for {
			t, err := rubyChar(rubySp(rest), ',')
			if err != nil {
				break
			}
			r, err := item(t)
			if err != nil {
				if err.failure {
					return s, err.with(nomEntry{at: start, kind: "Context", ctx: ctx})
				}
				break
			}
			rest = r
		}
	} else if err.failure {
		return s, err.with(nomEntry{at: start, kind: "Context", ctx: ctx})
	}
	rest, err = rubyChar(rubySp(rest), close)
	if err != nil {
		err.failure = true
		return s, err.with(nomEntry{at: start, kind: "Context", ctx: ctx})
	}
	return rest, nil
}

func (p *rubyParser) hash(s string) (value.Value, string, *rubyErr) {
	obj := value.NewObject(4)
	rest, err := p.list(s, '{', '}', "map", func(t string) (string, *rubyErr) {
		k, r, err := p.key(rubySp(t))
		if err != nil {
			return t, err
		}
		r = rubySp(r)
		switch {
		case strings.HasPrefix(r, ":"):
			r = r[1:]
		case strings.HasPrefix(r, "=>"):
			r = r[2:]
		default:
			return t, &rubyErr{entries: []nomEntry{{at: r, kind: "Tag"}, {at: r, kind: "Alt"}}, failure: true}
		}
		v, r, err := p.value(r)
		if err != nil {
			return t, err
		}
		obj.Set(k, v)
		return r, nil
	})
	if err != nil {
		return value.Null, s, err
	}
	return value.ObjectValue(obj), rest, nil
}

func (p *rubyParser) array(s string) (value.Value, string, *rubyErr) {
	var items []value.Value
	rest, err := p.list(s, '[', ']', "array", func(t string) (string, *rubyErr) {
		v, r, err := p.value(t)
		if err != nil {
			return t, err
		}
		items = append(items, v)
		return r, nil
	})
	if err != nil {
		return value.Null, s, err
	}
	if items == nil {
		items = []value.Value{}
	}
	return value.ArrayValue(items), rest, nil
}

func (p *rubyParser) value(s string) (value.Value, string, *rubyErr) {
	s = rubySp(s)
	if strings.HasPrefix(s, "nil") {
		return value.Null, s[3:], nil
	}
	if v, r, err := p.hash(s); err == nil || err.failure {
		return v, r, err
	}
	if v, r, err := p.array(s); err == nil || err.failure {
		return v, r, err
	}
	if k, r, err := p.colonKey(s); err == nil {
		return value.Bytes(k), r, nil
	} else if err.failure {
		return value.Null, s, err
	}
	for _, q := range []byte{'"', '\''} {
		b, r, err := p.str(s, q)
		if err == nil {
			return value.Bytes(b), r, nil
		}
		if err.failure {
			return value.Null, s, err.with(nomEntry{at: s, kind: "Context", ctx: "bytes"})
		}
	}
	if f, r, ok := rubyDouble(s); ok {
		return value.Float(f), r, nil
	}
	if strings.HasPrefix(s, "true") {
		return value.True, s[4:], nil
	}
	if strings.HasPrefix(s, "false") {
		return value.False, s[5:], nil
	}
	return value.Null, s, &rubyErr{entries: []nomEntry{{at: s, kind: "Tag"}, {at: s, kind: "Alt"}, {at: s, kind: "Alt"}}}
}

// rubyDouble is nom's `double`: a decimal float, or nan/inf/infinity.
func rubyDouble(s string) (float64, string, bool) {
	low := strings.ToLower(s)
	for _, w := range []string{"nan", "infinity", "inf"} {
		if strings.HasPrefix(low, w) {
			if w == "nan" {
				return 0, s, false // NaN is not a VRL float
			}
			return math.Inf(1), s[len(w):], true
		}
	}
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := func() int {
		n := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			n++
		}
		return n
	}
	intDigits := digits()
	fracDigits := 0
	if i < len(s) && s[i] == '.' {
		i++
		fracDigits = digits()
	}
	if intDigits == 0 && fracDigits == 0 {
		return 0, s, false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			i = j
		}
	}
	f, err := strconv.ParseFloat(s[:i], 64)
	if err != nil && !math.IsInf(f, 0) {
		return 0, s, false
	}
	return f, s[i:], true
}
