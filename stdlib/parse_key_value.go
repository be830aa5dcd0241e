package stdlib

import (
	"errors"
	"strings"
	"unicode"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// parse_key_value splits `k=v` pairs (logfmt and its relatives). The
// reader reproduces upstream's nom grammar step by step, including its
// quirks: a quoted value only counts as quoted when the closing quote is
// followed by a field delimiter or the end; a key without a delimiter is a
// standalone key worth `true`; repeated keys collect into an array.
func init() {
	Register(&funcDef{ident: "parse_key_value", params: []Param{
		{Keyword: "value", Kind: value.BitBytes, Required: true},
		{Keyword: "key_value_delimiter", Kind: value.BitBytes},
		{Keyword: "field_delimiter", Kind: value.BitBytes},
		{Keyword: "whitespace", Kind: value.BitBytes},
		{Keyword: "accept_standalone_key", Kind: value.BitBoolean},
	}, compile: compileKeyValue})
}

func compileKeyValue(args *Args) (Call, error) {
	ws, err := enumArg(args, 3, "whitespace", []string{"strict", "lenient"}, "lenient")
	if err != nil {
		return nil, err
	}
	c := &kvCall{strict: ws == "strict"}
	return &funcCall{td: c.typeDef(), eval: c.eval}, nil
}

type kvCall struct{ strict bool }

// kvReturnKind is upstream's type: values are strings, `true` for
// standalone keys, or arrays of strings for repeated keys.
func kvReturnKind() value.Kind {
	arr := value.KindArrayOf(nil, &value.KindBytes)
	unknown := value.Kind{Bits: value.BitBoolean | value.BitBytes | value.BitArray, Array: arr.Array}
	return value.KindObjectOf(nil, &unknown)
}

func (c *kvCall) typeDef() TypeDef { return TypeDef{Kind: kvReturnKind(), Fallible: true} }

func (c *kvCall) eval(_ *Context, args []value.Value, present []bool) (value.Value, error) {
	kvd, fd, standalone := "=", " ", true
	if present[1] && !args[1].IsNull() {
		kvd = lossyUTF8(args[1].Str())
	}
	if present[2] && !args[2].IsNull() {
		fd = lossyUTF8(args[2].Str())
	}
	if present[4] && !args[4].IsNull() {
		standalone = args[4].Bool()
	}
	p := &kvParser{kvd: kvd, fd: fd, strict: c.strict, standalone: standalone}
	return p.run(lossyUTF8(args[0].Str()))
}

type kvParser struct {
	kvd, fd            string
	strict, standalone bool
}

type kvPair struct {
	key string
	val value.Value
}

func (p *kvParser) run(input string) (value.Value, error) {
	pairs, rest, failure := p.line(input)
	if failure != nil {
		return value.Null, errors.New(nomError(input, failure...))
	}
	if strings.TrimFunc(rest, unicode.IsSpace) != "" {
		return value.Null, errors.New("could not parse whole line successfully")
	}
	obj := value.NewObject(len(pairs))
	for _, kv := range pairs {
		existing, found := obj.Get(kv.key)
		switch {
		case !found:
			obj.Set(kv.key, kv.val)
		case kv.val.Type() == value.TypeBoolean && kv.val.Bool():
			// A later standalone key never overrides a value.
		case existing.Type() == value.TypeBoolean && existing.Bool():
			obj.Set(kv.key, kv.val)
		case existing.Type() == value.TypeArray:
			items := append(existing.Arr().Clone().Items, kv.val)
			obj.Set(kv.key, value.ArrayValue(items))
		default:
			obj.Set(kv.key, value.ArrayValue([]value.Value{existing, kv.val}))
		}
	}
	return value.ObjectValue(obj), nil
}

// line is separated_list1(field delimiter, pair). When the first pair
// fails it returns nom's error entries for it.
func (p *kvParser) line(s string) ([]kvPair, string, []nomEntry) {
	first, rest, failure := p.pair(s)
	if failure != nil {
		return nil, s, failure
	}
	pairs := []kvPair{first}
	for {
		afterSep, ok := p.fieldDelim(rest)
		if !ok || len(afterSep) == len(rest) {
			return pairs, rest, nil
		}
		kv, r, failure := p.pair(afterSep)
		if failure != nil {
			return pairs, rest, nil
		}
		pairs = append(pairs, kv)
		rest = r
	}
}

func kvSpace0(s string) string { return strings.TrimLeft(s, " \t") }

func (p *kvParser) fieldDelim(s string) (string, bool) {
	if p.fd == " " {
		if !strings.HasPrefix(s, " ") {
			return s, false
		}
		return strings.TrimLeft(s, " "), true
	}
	t := strings.TrimLeft(s, " ")
	if !strings.HasPrefix(t, p.fd) {
		return s, false
	}
	return t[len(p.fd):], true
}

// pair is `key sep value`; without a separator the key stands alone
// (worth true) when standalone keys are accepted. A failure carries the
// nom error entries: an empty key fails Verify, a missing separator Tag
// then ManyMN.
func (p *kvParser) pair(s string) (kvPair, string, []nomEntry) {
	s = kvSpace0(s)
	key, rest, ok := p.key(s)
	if !ok {
		return kvPair{}, s, []nomEntry{{at: s, kind: "Verify"}}
	}
	seps := 0
	tagAt := rest
	if p.strict {
		if p.kvd != "" && strings.HasPrefix(rest, p.kvd) {
			rest, seps = rest[len(p.kvd):], 1
		}
	} else if t := kvSpace0(rest); p.kvd != "" && strings.HasPrefix(t, p.kvd) {
		rest, seps = kvSpace0(t[len(p.kvd):]), 1
	} else {
		tagAt = t
	}
	if seps == 0 && !p.standalone {
		return kvPair{}, s, []nomEntry{{at: tagAt, kind: "Tag"}, {at: rest, kind: "ManyMN"}}
	}
	val, rest := p.value(rest)
	if seps != 1 {
		val = value.True
	}
	return kvPair{key, val}, rest, nil
}

func (p *kvParser) value(s string) (value.Value, string) {
	if v, r, ok := p.delimited(s, '\'', p.fd); ok {
		return value.Bytes(v), r
	}
	if v, r, ok := p.delimited(s, '"', p.fd); ok {
		return value.Bytes(v), r
	}
	v, r := kvUndelimited(s, p.fd)
	return value.Bytes(v), r
}

func (p *kvParser) key(s string) (string, string, bool) {
	var k, r string
	var ok bool
	if p.standalone {
		switch {
		case p.tryDelim(s, '\'', p.kvd, &k, &r):
		case p.tryDelim(s, '\'', p.fd, &k, &r):
		case p.tryDelim(s, '"', p.kvd, &k, &r):
		case p.tryDelim(s, '"', p.fd, &k, &r):
		default:
			k, r = kvUndelimited(s, p.kvd)
			if k == "" || strings.Contains(k, p.fd) {
				k, r = kvUndelimited(s, p.fd)
			}
		}
	} else {
		switch {
		case p.tryDelim(s, '\'', p.kvd, &k, &r):
		case p.tryDelim(s, '"', p.kvd, &k, &r):
		default:
			k, r = kvUndelimited(s, p.kvd)
		}
	}
	ok = k != ""
	return k, r, ok
}

func (p *kvParser) tryDelim(s string, q byte, term string, k, r *string) bool {
	v, rest, ok := p.delimited(s, q, term)
	if ok {
		*k, *r = v, rest
	}
	return ok
}

// delimited reads a quoted field: backslash escapes any character (only
// \n, \\ and \" are decoded), and the closing quote must be followed by
// the terminator (as a field delimiter) or by the end of the input.
func (p *kvParser) delimited(s string, q byte, term string) (string, string, bool) {
	if s == "" || s[0] != q {
		return "", s, false
	}
	i := 1
	for i < len(s) && s[i] != q {
		if s[i] == '\\' {
			if i+1 >= len(s) {
				return "", s, false
			}
			_, n := firstRune(s[i+1:])
			i += 1 + n
			continue
		}
		i++
	}
	if i >= len(s) {
		return "", s, false
	}
	content, rest := s[1:i], s[i+1:]
	saved := p.fd
	p.fd = term
	_, delimOK := p.fieldDelim(rest)
	p.fd = saved
	if !delimOK && kvSpace0(rest) != "" {
		return "", s, false
	}
	return kvUnescape(content), rest, true
}

func kvUnescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			switch s[i+1] {
			case 'n':
				b.WriteByte('\n')
				i++
				continue
			case '\\':
				b.WriteByte('\\')
				i++
				continue
			case '"':
				b.WriteByte('"')
				i++
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// kvUndelimited takes the text up to the delimiter (or all of it), trimmed.
func kvUndelimited(s, delim string) (string, string) {
	i := strings.Index(s, delim)
	if i < 0 {
		return strings.TrimFunc(s, unicode.IsSpace), ""
	}
	return strings.TrimFunc(s[:i], unicode.IsSpace), s[i:]
}
