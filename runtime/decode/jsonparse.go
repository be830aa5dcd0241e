package decode

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// jsonParser turns one JSON text into a value.Value, with the conversions
// VRL applies to serde_json values: integers that fit in i64 are integers,
// every other number a float, objects are sorted by key with the last
// duplicate winning.
//
// It exists because value.FromJSON goes through encoding/json and
// map[string]any, which costs a map, an interface box per value and a
// sort per object. This parser builds values directly:
//   - the caller converts a line to a string once, and every string and
//     key without escapes is a substring of it (no allocation);
//   - an object's fields are collected on a scratch stack reused across
//     calls, ordered through a sorted permutation, and copied once into an object of the exact
//     size (objects of up to four fields take one allocation);
//   - arrays likewise, one exact-size slice each.
//
// On a 1.7 KB CloudTrail line that is 19 allocations and 6.9 KB against
// 233 allocations and 23 KB through value.FromJSON, and 4-6 times less
// CPU (BenchmarkParseCloudTrail).
//
// Leniency, where strict JSON would sideline a record whose meaning is
// plain: raw control characters inside strings are kept, invalid UTF-8 is
// kept as bytes (VRL strings are bytes), and a lone surrogate escape
// becomes U+FFFD. Strict where it matters: the grammar, nesting deeper
// than 128 (serde_json's limit, and a guard against stack exhaustion), and
// numbers out of the float range (serde_json rejects them).
type jsonParser struct {
	s       string
	i       int
	depth   int
	entries []value.Entry
	items   []value.Value
	buf     []byte
	perm    []int32
	// orders holds, per object size, the last permutation that sorted an
	// object of that size (see sortedOrder).
	orders [maxCachedOrder + 1][]int32
}

// maxCachedOrder is the largest object whose sorting permutation is
// remembered.
const maxCachedOrder = 64

const maxJSONDepth = 128

// jsonError is a syntax error at a byte offset of the parsed text.
type jsonError struct {
	off int
	msg string
}

func (e *jsonError) Error() string { return fmt.Sprintf("invalid JSON at byte %d: %s", e.off, e.msg) }

func (p *jsonParser) fail(msg string) error { return &jsonError{off: p.i, msg: msg} }

// parse parses s, which must hold exactly one JSON value (surrounding
// whitespace allowed). The result may share memory with s.
func (p *jsonParser) parse(s string) (value.Value, error) {
	p.s, p.i, p.depth = s, 0, 0
	// A failed parse may leave values on the scratch stacks. They are not
	// cleared (here or when an object or array is done): clearing pointer
	// memory costs write barriers while the GC runs, and what stays
	// reachable is bounded by the scratch capacity, a few lines' worth.
	p.entries = p.entries[:0]
	p.items = p.items[:0]
	p.ws()
	v, err := p.value()
	if err != nil {
		return value.Null, err
	}
	p.ws()
	if p.i < len(p.s) {
		return value.Null, p.fail("trailing characters after the value")
	}
	return v, nil
}

func (p *jsonParser) ws() {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *jsonParser) value() (value.Value, error) {
	if p.i >= len(p.s) {
		return value.Null, p.fail("unexpected end of input")
	}
	switch c := p.s[p.i]; c {
	case '{':
		return p.object()
	case '[':
		return p.array()
	case '"':
		s, err := p.str()
		return value.Bytes(s), err
	case 't':
		return p.literal("true", value.True)
	case 'f':
		return p.literal("false", value.False)
	case 'n':
		return p.literal("null", value.Null)
	default:
		if c == '-' || c >= '0' && c <= '9' {
			return p.number()
		}
		return value.Null, p.fail(fmt.Sprintf("unexpected character %q", c))
	}
}

func (p *jsonParser) literal(word string, v value.Value) (value.Value, error) {
	if !strings.HasPrefix(p.s[p.i:], word) {
		return value.Null, p.fail("invalid literal")
	}
	p.i += len(word)
	return v, nil
}

func (p *jsonParser) object() (value.Value, error) {
	if p.depth++; p.depth > maxJSONDepth {
		return value.Null, p.fail("nesting deeper than 128")
	}
	p.i++ // '{'
	base := len(p.entries)
	p.ws()
	if p.i < len(p.s) && p.s[p.i] == '}' {
		p.i++
		p.depth--
		return value.ObjectValue(value.NewObject(0)), nil
	}
	for {
		p.ws()
		if p.i >= len(p.s) || p.s[p.i] != '"' {
			return value.Null, p.fail("expected a string key")
		}
		k, err := p.str()
		if err != nil {
			return value.Null, err
		}
		p.ws()
		if p.i >= len(p.s) || p.s[p.i] != ':' {
			return value.Null, p.fail("expected ':' after a key")
		}
		p.i++
		p.ws()
		v, err := p.value()
		if err != nil {
			return value.Null, err
		}
		p.entries = append(p.entries, value.Entry{Key: k, Value: v})
		p.ws()
		if p.i < len(p.s) {
			if c := p.s[p.i]; c == ',' {
				p.i++
				continue
			} else if c == '}' {
				p.i++
				break
			}
		}
		return value.Null, p.fail("expected ',' or '}' in an object")
	}
	fields := p.entries[base:]
	var o *value.Object
	if len(fields) <= 4 {
		o = value.NewSmallObject()
	} else {
		o = value.NewObject(len(fields))
	}
	if slices.IsSortedFunc(fields, cmpEntry) {
		for _, e := range fields {
			o.Set(e.Key, e.Value) // sorted input: every Set appends
		}
	} else {
		for _, i := range p.sortedOrder(fields) {
			o.Set(fields[i].Key, fields[i].Value)
		}
	}
	p.entries = p.entries[:base]
	p.depth--
	return value.ObjectValue(o), nil
}

func cmpEntry(a, b value.Entry) int { return strings.Compare(a.Key, b.Key) }

// sortedOrder returns the order in which to Set fields: a permutation
// sorting them by key, stable, so that duplicates reach Set in input order
// and the last one wins, as with serde_json into a BTreeMap. The result is
// valid until the next call.
//
// It sorts a permutation, not the entries: an Entry is 64 bytes with
// pointers, and swapping those costs write barriers while the GC runs (a
// third of the parse time in a CPU profile of BenchmarkParseCloudTrail).
// Log lines of one source repeat their shapes, keys in the same order, so
// the permutation that sorted the last object of the same size is tried
// first: if it puts the keys in strictly increasing order it is the only
// sorting order (no duplicates to keep stable), found with n-1
// comparisons instead of a sort's n·log n.
func (p *jsonParser) sortedOrder(fields []value.Entry) []int32 {
	n := len(fields)
	if n <= maxCachedOrder {
		if perm := p.orders[n]; len(perm) == n && strictlySorted(fields, perm) {
			return perm
		}
	}
	perm := p.perm[:0]
	for i := range fields {
		perm = append(perm, int32(i))
	}
	slices.SortStableFunc(perm, func(a, b int32) int { return strings.Compare(fields[a].Key, fields[b].Key) })
	p.perm = perm
	if n <= maxCachedOrder {
		p.orders[n] = append(p.orders[n][:0], perm...)
	}
	return perm
}

// strictlySorted reports whether perm orders fields by strictly
// increasing key.
func strictlySorted(fields []value.Entry, perm []int32) bool {
	for i := 1; i < len(perm); i++ {
		if fields[perm[i-1]].Key >= fields[perm[i]].Key {
			return false
		}
	}
	return true
}

func (p *jsonParser) array() (value.Value, error) {
	if p.depth++; p.depth > maxJSONDepth {
		return value.Null, p.fail("nesting deeper than 128")
	}
	p.i++ // '['
	base := len(p.items)
	p.ws()
	if p.i < len(p.s) && p.s[p.i] == ']' {
		p.i++
		p.depth--
		return value.ArrayValue(nil), nil
	}
	for {
		p.ws()
		v, err := p.value()
		if err != nil {
			return value.Null, err
		}
		p.items = append(p.items, v)
		p.ws()
		if p.i < len(p.s) {
			if c := p.s[p.i]; c == ',' {
				p.i++
				continue
			} else if c == ']' {
				p.i++
				break
			}
		}
		return value.Null, p.fail("expected ',' or ']' in an array")
	}
	items := slices.Clone(p.items[base:])
	p.items = p.items[:base]
	p.depth--
	return value.ArrayValue(items), nil
}

// str parses a string starting at the opening quote. Without escapes the
// result is a substring of the input.
func (p *jsonParser) str() (string, error) {
	start := p.i + 1
	rest := p.s[start:]
	q := strings.IndexByte(rest, '"')
	if q < 0 {
		p.i = len(p.s)
		return "", p.fail("unterminated string")
	}
	if b := strings.IndexByte(rest[:q], '\\'); b >= 0 {
		return p.strEscaped(start, start+b)
	}
	p.i = start + q + 1
	return rest[:q], nil
}

// strEscaped decodes a string holding escapes; esc is the first
// backslash.
func (p *jsonParser) strEscaped(start, esc int) (string, error) {
	buf := append(p.buf[:0], p.s[start:esc]...)
	i := esc
	for {
		if i >= len(p.s) {
			p.i = i
			return "", p.fail("unterminated string")
		}
		c := p.s[i]
		switch c {
		case '"':
			p.i = i + 1
			p.buf = buf
			return string(buf), nil
		case '\\':
		default:
			buf = append(buf, c)
			i++
			continue
		}
		if i+1 >= len(p.s) {
			p.i = i
			return "", p.fail("unterminated string")
		}
		switch e := p.s[i+1]; e {
		case '"', '\\', '/':
			buf = append(buf, e)
		case 'b':
			buf = append(buf, '\b')
		case 'f':
			buf = append(buf, '\f')
		case 'n':
			buf = append(buf, '\n')
		case 'r':
			buf = append(buf, '\r')
		case 't':
			buf = append(buf, '\t')
		case 'u':
			r, ok := hex4(p.s, i+2)
			if !ok {
				p.i = i
				return "", p.fail("invalid \\u escape")
			}
			i += 6
			if utf16.IsSurrogate(r) {
				r2, ok := rune(-1), false
				if i+1 < len(p.s) && p.s[i] == '\\' && p.s[i+1] == 'u' {
					r2, ok = hex4(p.s, i+2)
				}
				if dec := utf16.DecodeRune(r, r2); ok && dec != utf8.RuneError {
					r = dec
					i += 6
				} else {
					r = utf8.RuneError
				}
			}
			buf = utf8.AppendRune(buf, r)
			continue
		default:
			p.i = i
			return "", p.fail(fmt.Sprintf("invalid escape '\\%c'", e))
		}
		i += 2
	}
}

func hex4(s string, i int) (rune, bool) {
	if i+4 > len(s) {
		return 0, false
	}
	var r rune
	for _, c := range []byte(s[i : i+4]) {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

var errNumberRange = errors.New("number out of range")

// number parses a JSON number. Integers are accumulated directly (the
// common case in logs: ports, sizes, epoch times); anything with a
// fraction or exponent, or too big for i64, goes to strconv.ParseFloat.
// serde_json turns "-0" into the float -0.0, and so does this.
func (p *jsonParser) number() (value.Value, error) {
	start := p.i
	i := p.i
	neg := false
	if p.s[i] == '-' {
		neg = true
		i++
	}
	if i >= len(p.s) {
		p.i = i
		return value.Null, p.fail("invalid number")
	}
	var mag uint64
	overflow := false
	switch c := p.s[i]; {
	case c == '0':
		i++
	case c >= '1' && c <= '9':
		for i < len(p.s) && p.s[i] >= '0' && p.s[i] <= '9' {
			d := uint64(p.s[i] - '0')
			if mag > (math.MaxUint64-d)/10 {
				overflow = true
			} else {
				mag = mag*10 + d
			}
			i++
		}
	default:
		p.i = i
		return value.Null, p.fail("invalid number")
	}
	isFloat := false
	if i < len(p.s) && p.s[i] == '.' {
		isFloat = true
		i++
		d := i
		for i < len(p.s) && p.s[i] >= '0' && p.s[i] <= '9' {
			i++
		}
		if i == d {
			p.i = i
			return value.Null, p.fail("invalid number: no digits after '.'")
		}
	}
	if i < len(p.s) && (p.s[i] == 'e' || p.s[i] == 'E') {
		isFloat = true
		i++
		if i < len(p.s) && (p.s[i] == '+' || p.s[i] == '-') {
			i++
		}
		d := i
		for i < len(p.s) && p.s[i] >= '0' && p.s[i] <= '9' {
			i++
		}
		if i == d {
			p.i = i
			return value.Null, p.fail("invalid number: no digits in the exponent")
		}
	}
	p.i = i
	if !isFloat && !overflow {
		switch {
		case !neg && mag <= math.MaxInt64:
			return value.Integer(int64(mag)), nil
		case neg && mag == 0:
			return value.Float(math.Copysign(0, -1)), nil
		case neg && mag <= 1<<63:
			return value.Integer(int64(-mag)), nil
		}
	}
	f, err := strconv.ParseFloat(p.s[start:i], 64)
	if err != nil || math.IsInf(f, 0) {
		p.i = start
		return value.Null, p.fail(errNumberRange.Error())
	}
	return value.Float(f), nil
}
