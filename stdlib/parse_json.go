package stdlib

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// parse_json decodes a JSON document. The decoder is hand-written because
// VRL's error messages are serde_json's ("key must be a string at line 1
// column 3"), and because max_depth must hand back deeper containers as
// their raw JSON text.
func init() {
	Register(&Spec{
		Ident: "parse_json",
		Parameters: []Param{
			{Keyword: "value", Kind: value.BitBytes, Required: true},
			{Keyword: "max_depth", Kind: value.BitInteger},
			{Keyword: "lossy", Kind: value.BitBoolean},
		},
		// Upstream's type_def is Kind::json(): any JSON value, and
		// containers whose unknown members are JSON values too.
		Returns: value.KindJSON(),
		CanFail: true,
		Impl:    parseJSONImpl,
	})
}

func parseJSONImpl(_ *Context, args []value.Value, present []bool) (value.Value, error) {
	lossy := true
	if present[2] && !args[2].IsNull() {
		lossy = args[2].Bool()
	}
	src := args[0].Str()
	if lossy {
		src = lossyUTF8(src)
	}
	if !present[1] || args[1].IsNull() {
		src = strings.TrimPrefix(src, "\uFEFF")
		v, err := jsonDecode(src, -1, !lossy)
		if err != nil {
			return value.Null, fmt.Errorf("unable to parse json: %v", err)
		}
		return v, nil
	}
	d := args[1].Int()
	if d < 0 || d > 255 {
		return value.Null, fmt.Errorf("out of range integral type conversion attempted")
	}
	if d < 1 || d > 128 {
		return value.Null, fmt.Errorf("max_depth value should be greater than 0 and less than 128, got %d", d)
	}
	// serde_json first reads the whole document as a raw value, so any
	// syntax error is reported as unable to read.
	if _, err := jsonDecode(src, -1, !lossy); err != nil {
		return value.Null, fmt.Errorf("unable to read json: %v", err)
	}
	v, err := jsonDecode(src, int(d), !lossy)
	if err != nil {
		return value.Null, fmt.Errorf("unable to parse json with max depth: %v", err)
	}
	return v, nil
}

// jsonParser is a serde_json-compatible reader: same accepted syntax, same
// error texts and positions, same recursion limit (128).
type jsonParser struct {
	s      string
	pos    int
	depth  int // remaining container depth before the value is kept raw (-1: never)
	nested int
	strict bool // reject invalid UTF-8 (lossy: false)
	// items and fields are stacks shared by all nesting levels: a
	// container pushes its members above its parent's, then copies them
	// out once at its end, so each array or object is one exact-size
	// allocation instead of repeated growth.
	items  []value.Value
	fields []value.Entry
}

type jsonParseError struct {
	msg       string
	line, col int
}

func (e *jsonParseError) Error() string {
	if e.line == 0 {
		return e.msg
	}
	return fmt.Sprintf("%s at line %d column %d", e.msg, e.line, e.col)
}

// jsonDecode decodes one document; containers deeper than maxDepth (when
// >= 0) are returned as their raw text.
func jsonDecode(s string, maxDepth int, strict bool) (value.Value, error) {
	d := &jsonParser{s: s, depth: maxDepth, strict: strict}
	v, err := d.value()
	if err != nil {
		return value.Null, err
	}
	d.skipWS()
	if d.pos < len(d.s) {
		return value.Null, d.peekErr("trailing characters")
	}
	return v, nil
}

// position is serde_json's line and column of the last consumed byte
// (column 0 at the start of a line).
func (d *jsonParser) position(upto int) (int, int) {
	line, col := 1, 0
	for i := 0; i < upto && i < len(d.s); i++ {
		if d.s[i] == '\n' {
			line, col = line+1, 0
		} else {
			col++
		}
	}
	return line, col
}

// err reports at the last consumed byte; peekErr at the next one.
func (d *jsonParser) err(msg string) error {
	l, c := d.position(d.pos)
	return &jsonParseError{msg, l, c}
}

func (d *jsonParser) peekErr(msg string) error {
	if d.pos < len(d.s) {
		l, c := d.position(d.pos + 1)
		return &jsonParseError{msg, l, c}
	}
	return d.err(msg)
}

func (d *jsonParser) skipWS() {
	for d.pos < len(d.s) {
		switch d.s[d.pos] {
		case ' ', '\n', '\t', '\r':
			d.pos++
		default:
			return
		}
	}
}

func (d *jsonParser) value() (value.Value, error) {
	d.skipWS()
	if d.pos >= len(d.s) {
		return value.Null, d.peekErr("EOF while parsing a value")
	}
	switch c := d.s[d.pos]; {
	case c == 'n':
		return value.Null, d.ident("null")
	case c == 't':
		return value.True, d.ident("true")
	case c == 'f':
		return value.False, d.ident("false")
	case c == '-' || (c >= '0' && c <= '9'):
		return d.number()
	case c == '"':
		d.pos++
		s, err := d.str()
		if err != nil {
			return value.Null, err
		}
		return value.Bytes(s), nil
	case c == '[' || c == '{':
		d.nested++
		if d.nested >= 128 {
			return value.Null, d.peekErr("recursion limit exceeded")
		}
		defer func() { d.nested-- }()
		start := d.pos
		if d.depth == 0 {
			// Beyond max_depth: validate and keep the raw text.
			saved := d.depth
			d.depth = -1
			var err error
			if c == '[' {
				_, err = d.array()
			} else {
				_, err = d.object()
			}
			d.depth = saved
			if err != nil {
				return value.Null, err
			}
			return value.Bytes(d.s[start:d.pos]), nil
		}
		if d.depth > 0 {
			d.depth--
			defer func() { d.depth++ }()
		}
		if c == '[' {
			return d.array()
		}
		return d.object()
	}
	return value.Null, d.peekErr("expected value")
}

func (d *jsonParser) ident(word string) error {
	d.pos++
	for i := 1; i < len(word); i++ {
		if d.pos >= len(d.s) {
			return d.err("EOF while parsing a value")
		}
		c := d.s[d.pos]
		d.pos++
		if c != word[i] {
			return d.err("expected ident")
		}
	}
	return nil
}

func (d *jsonParser) array() (value.Value, error) {
	d.pos++ // [
	base := len(d.items)
	defer func() { d.items = d.items[:base] }()
	first := true
	for {
		d.skipWS()
		if d.pos >= len(d.s) {
			return value.Null, d.peekErr("EOF while parsing a list")
		}
		c := d.s[d.pos]
		if c == ']' {
			d.pos++
			items := make([]value.Value, len(d.items)-base)
			copy(items, d.items[base:])
			return value.ArrayValue(items), nil
		}
		if !first {
			if c != ',' {
				return value.Null, d.peekErr("expected `,` or `]`")
			}
			d.pos++
			d.skipWS()
			if d.pos < len(d.s) && d.s[d.pos] == ']' {
				return value.Null, d.peekErr("trailing comma")
			}
		}
		first = false
		v, err := d.value()
		if err != nil {
			return value.Null, err
		}
		d.items = append(d.items, v)
	}
}

func (d *jsonParser) object() (value.Value, error) {
	d.pos++ // {
	if d.fields == nil {
		// Skip the first few tiny regrowths of the member stack.
		d.fields = make([]value.Entry, 0, 8)
	}
	base := len(d.fields)
	defer func() { d.fields = d.fields[:base] }()
	first := true
	for {
		d.skipWS()
		if d.pos >= len(d.s) {
			return value.Null, d.peekErr("EOF while parsing an object")
		}
		c := d.s[d.pos]
		if c == '}' {
			d.pos++
			return value.ObjectValue(d.buildObject(d.fields[base:])), nil
		}
		if !first {
			if c != ',' {
				return value.Null, d.peekErr("expected `,` or `}`")
			}
			d.pos++
			d.skipWS()
			if d.pos < len(d.s) && d.s[d.pos] == '}' {
				return value.Null, d.peekErr("trailing comma")
			}
		}
		first = false
		if d.pos >= len(d.s) {
			return value.Null, d.peekErr("EOF while parsing a value")
		}
		if d.s[d.pos] != '"' {
			return value.Null, d.peekErr("key must be a string")
		}
		d.pos++
		key, err := d.str()
		if err != nil {
			return value.Null, err
		}
		d.skipWS()
		if d.pos >= len(d.s) {
			return value.Null, d.peekErr("EOF while parsing an object")
		}
		if d.s[d.pos] != ':' {
			return value.Null, d.peekErr("expected `:`")
		}
		d.pos++
		v, err := d.value()
		if err != nil {
			return value.Null, err
		}
		d.fields = append(d.fields, value.Entry{Key: key, Value: v})
	}
}

// buildObject sorts the members once and inserts them in key order, so
// every Set appends at the end instead of shifting entries. The sort is
// stable and Set replaces, so a repeated key keeps its last value as
// serde_json's map does.
func (d *jsonParser) buildObject(fields []value.Entry) *value.Object {
	slices.SortStableFunc(fields, func(a, b value.Entry) int {
		return strings.Compare(a.Key, b.Key)
	})
	obj := value.NewObjectCap(len(fields))
	for _, f := range fields {
		obj.Set(f.Key, f.Value)
	}
	return obj
}

// str reads a string body after its opening quote. A string without
// escapes is returned as a slice of the input, sharing its memory; only
// escaped strings are rebuilt.
func (d *jsonParser) str() (string, error) {
	start := d.pos
	for d.pos < len(d.s) {
		c := d.s[d.pos]
		switch {
		case c == '"':
			d.pos++
			return d.s[start : d.pos-1], nil
		case c == '\\':
			var b strings.Builder
			b.Grow(d.pos - start + 16)
			b.WriteString(d.s[start:d.pos])
			return d.escapedStr(&b)
		case c < 0x20:
			d.pos++
			return "", d.err("control character (\\u0000-\\u001F) found while parsing a string")
		case c >= utf8.RuneSelf && d.strict:
			n, err := d.checkUTF8()
			if err != nil {
				return "", err
			}
			// Skip the whole character, not just its first byte, or its
			// continuation bytes would be judged on their own.
			d.pos += n
			continue
		}
		d.pos++
	}
	return "", d.err("EOF while parsing a string")
}

// checkUTF8 rejects an invalid UTF-8 sequence at the current byte in
// strict mode; for a valid one it returns its length in bytes.
func (d *jsonParser) checkUTF8() (int, error) {
	r, n := utf8.DecodeRuneInString(d.s[d.pos:])
	if r == utf8.RuneError && n == 1 {
		d.pos++
		return 0, d.err("invalid unicode code point")
	}
	return n, nil
}

// escapedStr continues a string at a backslash, decoding escapes into b.
func (d *jsonParser) escapedStr(b *strings.Builder) (string, error) {
	for {
		if d.pos >= len(d.s) {
			return "", d.err("EOF while parsing a string")
		}
		c := d.s[d.pos]
		switch {
		case c == '"':
			d.pos++
			return b.String(), nil
		case c == '\\':
			d.pos++
			if d.pos >= len(d.s) {
				return "", d.err("EOF while parsing a string")
			}
			e := d.s[d.pos]
			d.pos++
			switch e {
			case '"', '\\', '/':
				b.WriteByte(e)
			case 'b':
				b.WriteByte('\b')
			case 'f':
				b.WriteByte('\f')
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			case 'u':
				r, err := d.unicodeEscape()
				if err != nil {
					return "", err
				}
				b.WriteRune(r)
			default:
				return "", d.err("invalid escape")
			}
		case c < 0x20:
			d.pos++
			return "", d.err("control character (\\u0000-\\u001F) found while parsing a string")
		default:
			n := 1
			if c >= utf8.RuneSelf && d.strict {
				var err error
				if n, err = d.checkUTF8(); err != nil {
					return "", err
				}
			}
			b.WriteString(d.s[d.pos : d.pos+n])
			d.pos += n
		}
	}
}

func (d *jsonParser) hex4() (rune, error) {
	var r rune
	for i := 0; i < 4; i++ {
		if d.pos >= len(d.s) {
			return 0, d.err("EOF while parsing a string")
		}
		c := d.s[d.pos]
		d.pos++
		var v byte
		switch {
		case c >= '0' && c <= '9':
			v = c - '0'
		case c >= 'a' && c <= 'f':
			v = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			v = c - 'A' + 10
		default:
			return 0, d.err("invalid escape")
		}
		r = r<<4 | rune(v)
	}
	return r, nil
}

func (d *jsonParser) unicodeEscape() (rune, error) {
	r, err := d.hex4()
	if err != nil {
		return 0, err
	}
	switch {
	case r >= 0xDC00 && r <= 0xDFFF:
		return 0, d.err("lone leading surrogate in hex escape")
	case r >= 0xD800 && r <= 0xDBFF:
		if d.pos+1 >= len(d.s) || d.s[d.pos] != '\\' || d.s[d.pos+1] != 'u' {
			if d.pos >= len(d.s) || (d.pos+1 >= len(d.s) && d.s[d.pos] == '\\') {
				return 0, d.err("EOF while parsing a string")
			}
			return 0, d.err("unexpected end of hex escape")
		}
		d.pos += 2
		r2, err := d.hex4()
		if err != nil {
			return 0, err
		}
		if r2 < 0xDC00 || r2 > 0xDFFF {
			return 0, d.err("lone leading surrogate in hex escape")
		}
		return utf16.DecodeRune(r, r2), nil
	}
	return r, nil
}

func (d *jsonParser) number() (value.Value, error) {
	start := d.pos
	if d.s[d.pos] == '-' {
		d.pos++
	}
	digits := func() int {
		n := 0
		for d.pos < len(d.s) && d.s[d.pos] >= '0' && d.s[d.pos] <= '9' {
			d.pos++
			n++
		}
		return n
	}
	if d.pos >= len(d.s) {
		return value.Null, d.err("EOF while parsing a value")
	}
	if d.s[d.pos] == '0' {
		d.pos++
		if d.pos < len(d.s) && d.s[d.pos] >= '0' && d.s[d.pos] <= '9' {
			return value.Null, d.peekErr("invalid number")
		}
	} else if digits() == 0 {
		d.pos++
		return value.Null, d.err("invalid number")
	}
	isFloat := false
	if d.pos < len(d.s) && d.s[d.pos] == '.' {
		isFloat = true
		d.pos++
		if digits() == 0 {
			if d.pos >= len(d.s) {
				return value.Null, d.err("EOF while parsing a value")
			}
			d.pos++
			return value.Null, d.err("invalid number")
		}
	}
	if d.pos < len(d.s) && (d.s[d.pos] == 'e' || d.s[d.pos] == 'E') {
		isFloat = true
		d.pos++
		if d.pos < len(d.s) && (d.s[d.pos] == '+' || d.s[d.pos] == '-') {
			d.pos++
		}
		if digits() == 0 {
			if d.pos >= len(d.s) {
				return value.Null, d.err("EOF while parsing a value")
			}
			d.pos++
			return value.Null, d.err("invalid number")
		}
	}
	text := d.s[start:d.pos]
	if !isFloat {
		if i, err := strconv.ParseInt(text, 10, 64); err == nil {
			return value.Integer(i), nil
		}
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil && math.IsInf(f, 0) {
		return value.Null, d.err("number out of range")
	}
	return value.Float(f), nil
}
