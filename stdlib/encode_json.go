package stdlib

import (
	"github.com/matano-go/matano/runtime/vrl/value"
)

// encode_json serialises any value as JSON the way upstream's serde_json
// does: timestamps as RFC 3339 strings, regexes as their pattern, floats
// in shortest round-trip form; with pretty, two-space indentation.
func init() {
	Register(&Spec{
		Ident:      "encode_json",
		Parameters: []Param{reqParam("value", value.BitsAny), optParam("pretty", value.BitBoolean)},
		Returns:    value.KindBytes,
		Impl: func(ctx *Context, args []value.Value, present []bool) (value.Value, error) {
			if argBool(args, present, 1, false) {
				return value.BytesFrom(jsonAppendPretty(nil, args[0], 0)), nil
			}
			// Encoded into the Context's buffer, reused from call to
			// call: BytesFrom copies the result into the one allocation
			// it keeps, so the string never aliases the buffer. The
			// stack buffer this replaced was zeroed on every call (1 KiB:
			// 7% of the instructions of encoding requestParameters).
			if ctx == nil {
				return value.BytesFrom(jsonAppendCompact(nil, args[0])), nil
			}
			b := jsonAppendCompact(ctx.jsonBuf[:0], args[0])
			out := value.BytesFrom(b)
			if cap(b) <= jsonBufKeep {
				ctx.jsonBuf = b
			}
			return out, nil
		},
	})
}

// jsonBufKeep is the largest encode buffer a Context keeps: the rare
// huge document is not held for the rest of the Context's life.
const jsonBufKeep = 16 << 10

// jsonAppendCompact is value.AppendJSON with a fast path for the strings
// of a typical object (CloudTrail's requestParameters: bucket names,
// keys, ARNs): one that is printable ASCII without a quote or backslash
// is copied as it is, found so eight bytes at a time. AppendJSON checks
// UTF-8 validity and then scans for escapes byte by byte, two passes
// that were half of encode_json's CPU time on such an object. With the
// reused buffer (above), BenchmarkIngestCalls/encode_json went from 3,130
// to 1,940 instructions a call (counted by cachegrind: the shared
// machine's timings were too noisy). Other strings and values are
// AppendJSON's.
func jsonAppendCompact(dst []byte, v value.Value) []byte {
	switch v.Type() {
	case value.TypeBytes:
		return jsonAppendString(dst, v.Str())
	case value.TypeObject:
		dst = append(dst, '{')
		for i, e := range v.Obj().Entries() {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = jsonAppendString(dst, e.Key)
			dst = append(dst, ':')
			dst = jsonAppendCompact(dst, e.Value)
		}
		return append(dst, '}')
	case value.TypeArray:
		dst = append(dst, '[')
		for i, it := range v.Arr().Items {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = jsonAppendCompact(dst, it)
		}
		return append(dst, ']')
	}
	return value.AppendJSON(dst, v)
}

// jsonAppendString appends s as a JSON string, as AppendJSON does.
func jsonAppendString(dst []byte, s string) []byte {
	if !jsonPlainASCII(s) {
		return value.AppendJSON(dst, value.Bytes(s))
	}
	dst = append(dst, '"')
	dst = append(dst, s...)
	return append(dst, '"')
}

// jsonPlainASCII reports whether every byte of s is printable ASCII
// other than '"' and '\\': a string JSON writes as it is, with no escape
// and no invalid UTF-8 to replace. It tests eight bytes at a time.
func jsonPlainASCII(s string) bool {
	n := len(s)
	if n < 8 {
		for i := 0; i < n; i++ {
			if c := s[i]; c < 0x20 || c >= 0x80 || c == '"' || c == '\\' {
				return false
			}
		}
		return true
	}
	// Whole words, the last one overlapping the one before it rather
	// than ending with a byte loop. The usual word tricks: a byte's top
	// bit is set in w itself when it is not ASCII, in w-0x20 (per byte)
	// when it is below 0x20, and in (x-1)&^x when x, the byte xor '"' or
	// xor '\\', is zero. A borrow can only set a byte's top bit above a
	// byte that is itself caught, so a word's verdict is exact. (The
	// eight byte loads compile to one; the test is written out here
	// because as a function it was too big to inline, and the calls cost
	// a tenth of encode_json's instructions.)
	const ones, tops = 0x0101010101010101, 0x8080808080808080
	for i := 0; ; i += 8 {
		i = min(i, n-8)
		w := s[i : i+8]
		x := uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
			uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
		q := x ^ (ones * '"')
		b := x ^ (ones * '\\')
		if (x|(x-ones*0x20)|(q-ones)&^q|(b-ones)&^b)&tops != 0 {
			return false
		}
		if i == n-8 {
			return true
		}
	}
}

// jsonAppendPretty writes v as serde_json's pretty printer does: each
// element on its own line, "key": value, and [] / {} for empty containers.
func jsonAppendPretty(dst []byte, v value.Value, depth int) []byte {
	indent := func(d int) {
		dst = append(dst, '\n')
		for i := 0; i < d; i++ {
			dst = append(dst, ' ', ' ')
		}
	}
	switch v.Type() {
	case value.TypeArray:
		items := v.Arr().Items
		if len(items) == 0 {
			return append(dst, "[]"...)
		}
		dst = append(dst, '[')
		for i, it := range items {
			if i > 0 {
				dst = append(dst, ',')
			}
			indent(depth + 1)
			dst = jsonAppendPretty(dst, it, depth+1)
		}
		indent(depth)
		return append(dst, ']')
	case value.TypeObject:
		entries := v.Obj().Entries()
		if len(entries) == 0 {
			return append(dst, "{}"...)
		}
		dst = append(dst, '{')
		for i, e := range entries {
			if i > 0 {
				dst = append(dst, ',')
			}
			indent(depth + 1)
			dst = value.AppendJSON(dst, value.Bytes(e.Key))
			dst = append(dst, ':', ' ')
			dst = jsonAppendPretty(dst, e.Value, depth+1)
		}
		indent(depth)
		return append(dst, '}')
	}
	return value.AppendJSON(dst, v)
}
