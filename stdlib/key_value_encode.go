package stdlib

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// The key-value encoder behind encode_key_value and encode_logfmt.
// Nested objects and arrays are flattened into dotted keys ("a.b",
// "list.0"); ordered fields come first, then the rest in key order.

// kvFlatten adds the scalar leaves of v under key to out.
func kvFlatten(key string, v value.Value, out map[string]value.Value) {
	switch v.Type() {
	case value.TypeObject:
		for _, e := range v.Obj().Entries() {
			kvFlatten(key+"."+e.Key, e.Value, out)
		}
	case value.TypeArray:
		for i, it := range v.Arr().Items {
			kvFlatten(key+"."+strconv.Itoa(i), it, out)
		}
	default:
		out[key] = v
	}
}

// kvScalarText renders a leaf as upstream's serializer does: as
// to_string_lossy, except that null is "null".
func kvScalarText(v value.Value) string {
	if v.IsNull() {
		return "null"
	}
	return stringLossy(v)
}

// kvQuote writes s, quoted when it holds whitespace, '"' or '=', with
// backslashes and quotes escaped and newlines written as `\\n`.
func kvQuote(b *strings.Builder, s string) {
	quote := strings.IndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '"' || r == '=' }) >= 0
	if quote {
		b.WriteByte('"')
	}
	for _, r := range s {
		switch r {
		case '\\':
			b.WriteString(`\\`)
		case '"':
			b.WriteString(`\"`)
		case '\n':
			b.WriteString(`\\n`)
		default:
			b.WriteRune(r)
		}
	}
	if quote {
		b.WriteByte('"')
	}
}

// kvFieldsOrdering reads the fields_ordering array.
func kvFieldsOrdering(v value.Value) ([]string, error) {
	arr := v.Arr()
	if arr == nil {
		return nil, TypeError(value.BitArray, v)
	}
	fields := make([]string, 0, arr.Len())
	for i, it := range arr.Items {
		if it.Type() != value.TypeBytes {
			return nil, fmt.Errorf("invalid field value type at index %d: %v", i, TypeError(value.BitBytes, it))
		}
		fields = append(fields, lossyUTF8(it.Str()))
	}
	return fields, nil
}

// kvEncode encodes obj. With flattenBool, true booleans are written as a
// bare key and false ones omitted.
func kvEncode(obj *value.Object, order []string, kvDelim, fieldDelim string, flattenBool bool) string {
	flat := map[string]value.Value{}
	for _, e := range obj.Entries() {
		kvFlatten(e.Key, e.Value, flat)
	}
	var b strings.Builder
	write := func(key string, v value.Value) {
		if flattenBool && v.Type() == value.TypeBoolean {
			if v.Bool() {
				kvQuote(&b, key)
				b.WriteString(fieldDelim)
			}
			return
		}
		kvQuote(&b, key)
		b.WriteString(kvDelim)
		kvQuote(&b, kvScalarText(v))
		b.WriteString(fieldDelim)
	}
	for _, key := range order {
		if v, ok := flat[key]; ok {
			delete(flat, key)
			write(key, v)
		}
	}
	rest := make([]string, 0, len(flat))
	for k := range flat {
		rest = append(rest, k)
	}
	sort.Strings(rest)
	for _, k := range rest {
		write(k, flat[k])
	}
	return strings.TrimSuffix(b.String(), fieldDelim)
}

// kvEncodeTypeDef is encode_key_value's and encode_logfmt's type: fallible
// only when fields_ordering is given (its items may not be strings).
func kvEncodeTypeDef(args *Args) TypeDef {
	return TypeDef{Kind: value.KindBytes, Fallible: args.Get(1).Present}
}

// kvEncodeValue encodes object argument 0 in the order of optional
// argument 1 (fields_ordering).
func kvEncodeValue(args []value.Value, present []bool, kvDelim, fieldDelim string, flattenBool bool) (value.Value, error) {
	var order []string
	if isPresent(present, 1) {
		var err error
		if order, err = kvFieldsOrdering(args[1]); err != nil {
			return value.Null, err
		}
	}
	return value.Bytes(kvEncode(args[0].Obj(), order, kvDelim, fieldDelim, flattenBool)), nil
}
