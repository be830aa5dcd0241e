package decode

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
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
//   - an object's fields are collected in a buffer on the goroutine stack
//     (no GC write barriers) and sorted into entries of the exact size:
//     by the permutation learned for its keys (shape.go) when they are a
//     sequence met before at the same place, else a small object by an
//     insertion sort in its buffer and a larger one through a remembered
//     permutation per size; arrays collect their items on a scratch
//     stack reused across calls;
//   - keys met before at the same place are recognised by comparing a
//     few words, without a scan (shape.go); the common tokens of compact
//     log JSON (keys and strings without escapes, no whitespace) take
//     inline paths in field, and strings are scanned for their closing
//     quote only, up to the next backslash of the text (strEnd);
//   - the entries, items, object and array headers and unescaped strings
//     are carved from chunks (arena) shared by consecutive lines, so a
//     record costs a fraction of an allocation rather than one or two per
//     container.
//
// On BenchmarkParseCloudTrail's 1.7 KB line that is no allocation of its
// own (the chunks amortised) against 19 for one object at a time and 233
// through value.FromJSON; on bench/ingest's lines (BenchmarkTextIngest)
// 0.45 allocations and 5.1 KB a record against 17 and 5.2 KB, and 15-20%
// less CPU. field's inline paths, its key and value kept in registers,
// and sorting in the frames' own buffers (see field, object, objectLarge)
// took a further 30% off the parse: 26.3k instructions for that line
// against 36.4k, and 0.7 of the time on bench/ingest's lines. Learned
// shapes and the quote-only scan took another quarter: 20.2k for that
// line, and 15.7k instructions a record on bench/ingest's lines against
// 20.7k (cachegrind, GOGC=off; counting the benchmark's garbage
// collection, whose share varies from run to run, 18-23k against
// 24-26k).
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
	cycles  []int8
	// bs is the first backslash of s at or after the last string
	// looked at, or len(s): most texts hold none, and a string that
	// starts before bs ends at its first quote if that is before bs
	// (see strEnd).
	bs int
	// orders holds, per object size, the last permutation that sorted an
	// object of that size (see sortedOrder).
	orders [maxCachedOrder + 1][]int32
	// root is the learned shape of the documents parsed (see shape.go);
	// shapeNodes counts its nodes, keyNodes and shapes are the unused
	// rest of the blocks they are taken from, and keyText holds the
	// keys.
	root       shape
	shapeNodes int
	keyNodes   []keyNode
	shapes     []shape
	keyText    strings.Builder
	// arena provides the memory of the values built; it must not be
	// copied once used (it holds a strings.Builder).
	arena arena
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
// whitespace allowed), as a record of its own (arena.begin). The result
// may share memory with s.
func (p *jsonParser) parse(s string) (value.Value, error) {
	p.arena.begin()
	return p.parseValue(s)
}

// parseValue is parse within a record already begun.
func (p *jsonParser) parseValue(s string) (value.Value, error) {
	p.s, p.i, p.depth = s, 0, 0
	p.bs = indexByte(s, 0, '\\')
	// A failed parse may leave values on the scratch stacks. They are not
	// cleared (here or when an object or array is done): clearing pointer
	// memory costs write barriers while the GC runs, and what stays
	// reachable is bounded by the scratch capacity, a few lines' worth.
	p.entries = p.entries[:0]
	p.items = p.items[:0]
	p.ws()
	v, err := p.value(&p.root)
	if err != nil {
		return value.Null, err
	}
	p.ws()
	if p.i < len(p.s) {
		return value.Null, p.fail("trailing characters after the value")
	}
	return v, nil
}

// ws skips whitespace.
func (p *jsonParser) ws() {
	i := p.i
	for i < len(p.s) && isSpace(p.s[i]) {
		i++
	}
	p.i = i
}

// value parses the value at p.i; sh is the learned shape of its place in
// the document, or nil.
func (p *jsonParser) value(sh *shape) (value.Value, error) {
	if p.i >= len(p.s) {
		return value.Null, p.fail("unexpected end of input")
	}
	switch c := p.s[p.i]; c {
	case '{':
		return p.object(sh)
	case '[':
		return p.array(sh)
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

// object parses an object; sh is the learned shape of its place, or nil.
func (p *jsonParser) object(sh *shape) (value.Value, error) {
	if p.depth++; p.depth > maxJSONDepth {
		return value.Null, p.fail("nesting deeper than 128")
	}
	p.i++ // '{'
	p.ws()
	if p.i < len(p.s) && p.s[p.i] == '}' {
		p.i++
		p.depth--
		return value.ObjectValue(p.arena.newObject(nil)), nil
	}
	// Fields are collected on the goroutine stack, where storing a
	// pointer needs no GC write barrier, and copied once to the heap
	// (build). Collected on a heap scratch and copied again, every field
	// went through the barrier twice while the GC was marking:
	// bulkBarrierPreWrite was a quarter of BenchmarkTextIngest. Most
	// objects are small and Go zeroes a stack buffer on every call, so
	// the first fields go to a small one and objectLarge takes over with
	// a large one when it is full.
	//
	// field returns the key and the value apart, not as an Entry: at 40
	// bytes an Entry is too big for the compiler to keep in registers,
	// so it was spilled with 8-byte stores and reloaded with 16-byte
	// ones to be copied into the buffer, which stalls store forwarding.
	// Those two moves were 15% of a BenchmarkTextIngest profile; apart,
	// the key and value are stored straight into the buffer, and the
	// parse of bench/ingest's lines takes 12% less time.
	//
	// list is where the alternatives for the next key hang in the
	// learned trie and last the node of the latest key; both are nil
	// once a key was not recognised (see shape.go).
	var list *keyList
	if sh != nil {
		list = &sh.keys
	}
	var last *keyNode
	var small [smallFields]value.Entry
	for n := 0; ; n++ {
		if n == len(small) {
			return p.objectLarge(&small, list, last)
		}
		k, v, node, more, err := p.field(list)
		if err != nil {
			return value.Null, err
		}
		small[n].Key, small[n].Value = k, v
		if node != nil {
			list, last = &node.next, node
		} else {
			list, last = nil, nil
		}
		if more {
			continue
		}
		order := orderGeneral
		if last != nil {
			if last.order == orderUnknown {
				learnOrder(last, small[:n+1])
			}
			order = last.order
		}
		unique := true
		switch order {
		case orderSorted:
		case orderPermuted:
			// The learned permutation, applied in this frame's buffer
			// (each field moved once, no write barrier), as objectLarge
			// does.
			for c := last.cycles; len(c) > 0; {
				k := int(c[0])
				cyc := c[1 : 1+k]
				c = c[1+k:]
				first := small[cyc[0]]
				for t := 1; t < k; t++ {
					small[cyc[t-1]] = small[cyc[t]]
				}
				small[cyc[k-1]] = first
			}
		default:
			// Sort the fields by key, stable, with an insertion sort
			// written out here rather than called, so that the
			// compiler sees every store go to this frame's own array
			// and emits no write barrier. On a handful of fields it
			// settles an object already in order with n-1 comparisons
			// and, unlike the learned orders, needs no trie: objects
			// off it (keys met for the first time, escapes, duplicates)
			// come here. Before the trie it took the parse of
			// BenchmarkParseCloudTrail's line from 32.0k to 27.5k
			// instructions against a remembered permutation per size,
			// which CloudTrail's 2- and 3-field shapes kept replacing.
			for i := 1; i <= n; i++ {
				if keyBefore(small[i-1].Key, small[i].Key) {
					continue
				}
				e := small[i]
				j := i
				for ; j > 0; j-- {
					c := keyCompare(e.Key, small[j-1].Key)
					if c == 0 {
						unique = false
					}
					if c >= 0 {
						break
					}
					small[j] = small[j-1]
				}
				small[j] = e
			}
		}
		out := p.arena.takeEntries(n + 1)
		copy(out, small[:n+1])
		if !unique {
			out = dedupSorted(out)
		}
		p.depth--
		return value.ObjectValue(p.arena.newObject(out)), nil
	}
}

// objectLarge goes on with an object whose first fields filled object's
// small buffer and that has more; list and last are object's place in
// the learned trie. Fields beyond the large buffer continue on the heap
// scratch p.entries.
func (p *jsonParser) objectLarge(first *[smallFields]value.Entry, list *keyList, last *keyNode) (value.Value, error) {
	var large [stackFields]value.Entry
	n := copy(large[:], first[:])
	base := -1 // where the fields start in p.entries once they spill there
	for more := true; more; {
		k, v, node, m, err := p.field(list)
		if err != nil {
			return value.Null, err
		}
		more = m
		if node != nil {
			list, last = &node.next, node
		} else {
			list, last = nil, nil
		}
		if n < len(large) {
			large[n].Key, large[n].Value = k, v
			n++
			continue
		}
		if base < 0 {
			base = len(p.entries)
			p.entries = append(p.entries, large[:]...)
		}
		p.entries = append(p.entries, value.Entry{Key: k, Value: v})
	}
	if base >= 0 {
		v := p.finishObject(p.entries[base:])
		p.entries = p.entries[:base]
		return v, nil
	}
	// The fields are in this frame's buffer: they are put in order there
	// (following the permutation's cycles, each field moved once) and
	// copied to the heap in one go. Written out here, every move goes to
	// a local array, which the compiler knows needs no write barrier;
	// gathered into the heap one by one (build), each field cost a
	// runtime.wbMove call while the GC was marking (6.5% of a
	// BenchmarkTextIngest profile, which this way takes 5% less CPU),
	// and permuted through a slice in a function of its own, one as
	// well. The permutation is the learned one when every key was
	// recognised (no comparison at all), else sortedOrder's.
	order := orderGeneral
	if last != nil {
		if last.order == orderUnknown {
			learnOrder(last, large[:n])
		}
		order = last.order
	}
	unique := true
	var cycles []int8
	switch order {
	case orderSorted:
	case orderPermuted:
		cycles = last.cycles
	default:
		if !keysIncreasing(large[:n]) {
			var perm []int32
			perm, unique = p.sortedOrder(large[:n])
			p.cycles = permCycles(perm, p.cycles[:0])
			cycles = p.cycles
		}
	}
	for len(cycles) > 0 {
		k := int(cycles[0])
		cyc := cycles[1 : 1+k]
		cycles = cycles[1+k:]
		first := large[cyc[0]]
		for t := 1; t < k; t++ {
			large[cyc[t-1]] = large[cyc[t]]
		}
		large[cyc[k-1]] = first
	}
	out := p.arena.takeEntries(n)
	copy(out, large[:n])
	if !unique {
		out = dedupSorted(out)
	}
	p.depth--
	return value.ObjectValue(p.arena.newObject(out)), nil
}

// field parses one `"key": value` of an object and the ',' or '}' after
// it; more reports a ','. list is where the alternatives for this key
// hang in the learned trie (nil: off the trie), and node the key's node
// there (nil: not recognised, and not learned).
//
// It works on a local copy of the offset and handles inline what compact
// log JSON is made of: no whitespace between tokens, keys and string
// values without escapes. Through p.i and the general str, value and ws
// calls, every token cost a store and reload of the offset and a call;
// this way the parse of BenchmarkParseCloudTrail's line takes 12% fewer
// instructions (36.4k before) and 9% less time. Anything else
// (whitespace, escapes, other values, errors) goes the general way, with
// p.i set first so that errors keep their offsets. A recognised key
// skips even the scan: its bytes, closing quote and colon are compared
// with the learned key's (matchKey).
func (p *jsonParser) field(list *keyList) (key string, v value.Value, node *keyNode, more bool, err error) {
	s, i := p.s, p.i
	// Whitespace is below '!', and so is no byte that starts a token:
	// one comparison rules it out before ws looks.
	if i < len(s) && s[i] <= ' ' {
		p.ws()
		i = p.i
	}
	if i >= len(s) || s[i] != '"' {
		p.i = i
		return key, v, nil, false, p.fail("expected a string key")
	}
	if list != nil && list.first != nil {
		// The first learned key at this index (usually the only one)
		// is compared inline with the input, two words: the key's
		// bytes, the closing quote and the colon. Others, longer keys
		// and keys near the end of the text go through matchKey.
		if n := list.first; i+17 <= len(s) && len(n.pat) <= 16 {
			t := s[i+1 : i+17]
			if load8(t, 0)&n.m[0] == n.w[0] && load8(t, 8)&n.m[1] == n.w[1] {
				node = n
			}
		}
		if node == nil {
			node = matchKey(list.first, s, i+1)
		}
	}
	if node != nil {
		key, i = node.key, i+1+len(node.pat)
	} else {
		plain, spaced := true, false
		if end := quoteIndex(s, i+1); end < p.bs {
			key, i = s[i+1:end], end+1
		} else if end = p.strEnd(i + 1); end < len(s) && s[end] == '"' {
			key, i = s[i+1:end], end+1
		} else {
			p.i = i
			if key, err = p.strRest(i+1, end); err != nil {
				return key, v, nil, false, err
			}
			i = p.i
			plain = false
		}
		if i < len(s) && s[i] == ':' {
			i++
		} else {
			p.i = i
			p.ws()
			if p.i >= len(s) || s[p.i] != ':' {
				return key, v, nil, false, p.fail("expected ':' after a key")
			}
			i, spaced = p.i+1, true
		}
		if list != nil && plain && !list.closed {
			node = p.learnKey(list, key, spaced)
		}
	}
	if i < len(s) && s[i] <= ' ' {
		p.i = i
		p.ws()
		i = p.i
	}
	if i < len(s) && s[i] == '"' {
		if end := quoteIndex(s, i+1); end < p.bs {
			// A quote before the next backslash: the string's end.
			v, i = value.Bytes(s[i+1:end]), end+1
		} else if end = p.strEnd(i + 1); end < len(s) && s[end] == '"' {
			v, i = value.Bytes(s[i+1:end]), end+1
		} else {
			p.i = i
			str, err := p.strRest(i+1, end)
			if err != nil {
				return key, v, nil, false, err
			}
			v, i = value.Bytes(str), p.i
		}
	} else {
		var sh *shape
		if node != nil && i < len(s) && (s[i] == '{' || s[i] == '[') {
			sh = p.valueShape(node)
		}
		p.i = i
		if v, err = p.value(sh); err != nil {
			return key, v, nil, false, err
		}
		i = p.i
	}
	if i < len(s) {
		switch s[i] {
		case ',':
			p.i = i + 1
			return key, v, node, true, nil
		case '}':
			p.i = i + 1
			return key, v, node, false, nil
		}
	}
	p.i = i
	p.ws()
	if p.i < len(s) {
		switch s[p.i] {
		case ',':
			p.i++
			return key, v, node, true, nil
		case '}':
			p.i++
			return key, v, node, false, nil
		}
	}
	return key, v, nil, false, p.fail("expected ',' or '}' in an object")
}

// finishObject builds the object of fields (see build) and closes its
// nesting level.
func (p *jsonParser) finishObject(fields []value.Entry) value.Value {
	entries := p.build(fields)
	p.depth--
	return value.ObjectValue(p.arena.newObject(entries))
}

// smallFields and stackFields are the sizes of the stack buffers fields
// are collected in: the small one fits most objects of logs; the large
// one a CloudTrail record's root (20-odd fields) and is still little
// enough (2 KiB a frame) for the 128 levels of nesting allowed. At most
// 127 (learned permutations are lists of int8 indices).
const (
	smallFields = 8
	stackFields = 32
)

// build returns the object's fields sorted by key, the last of duplicate
// keys winning (serde_json into a BTreeMap), in entries carved from the
// arena. It serves objects too large for objectLarge's stack buffer,
// whose fields are on the heap scratch p.entries: out of order, they are
// gathered into their sorted places in out.
func (p *jsonParser) build(fields []value.Entry) []value.Entry {
	out := p.arena.takeEntries(len(fields))
	if keysIncreasing(fields) {
		copy(out, fields)
		return out
	}
	perm, unique := p.sortedOrder(fields)
	for i, j := range perm {
		out[i] = fields[j]
	}
	if !unique {
		out = dedupSorted(out)
	}
	return out
}

// keyCompare is strings.Compare(a, b), deciding on the first byte
// without the out-of-line compare when it differs (see keyBefore).
func keyCompare(a, b string) int {
	if len(a) > 0 && len(b) > 0 && a[0] != b[0] {
		return int(a[0]) - int(b[0])
	}
	return strings.Compare(a, b)
}

// keysIncreasing reports whether fields are in strictly increasing key
// order: sorted and without duplicates, the order they can be used in as
// they are.
func keysIncreasing(fields []value.Entry) bool {
	for i := 1; i < len(fields); i++ {
		if !keyBefore(fields[i-1].Key, fields[i].Key) {
			return false
		}
	}
	return true
}

// keyBefore is a < b. Most keys of one object differ in their first byte,
// which decides without the out-of-line string compare.
func keyBefore(a, b string) bool {
	if len(a) > 0 && len(b) > 0 && a[0] != b[0] {
		return a[0] < b[0]
	}
	return a < b
}

// dedupSorted collapses each run of equal keys of sorted entries into its
// last entry, in place. The input holds duplicates in input order (a
// stable sort), so the last one is the one the JSON text gave last.
func dedupSorted(es []value.Entry) []value.Entry {
	w := 0
	for i := range es {
		if i+1 < len(es) && es[i+1].Key == es[i].Key {
			continue
		}
		es[w] = es[i]
		w++
	}
	clear(es[w:])
	return es[:w]
}

// sortedOrder returns a permutation sorting fields by key, stable, so
// that duplicates stay in input order and dedupSorted can keep the last
// one, as with serde_json into a BTreeMap; unique reports that there are
// no duplicates. The result is valid until the next call.
//
// It sorts a permutation, not the entries: an Entry is 40 bytes with
// pointers, and swapping those costs write barriers while the GC runs (a
// third of the parse time in a CPU profile of BenchmarkParseCloudTrail).
// Log lines of one source repeat their shapes, keys in the same order, so
// the permutation that sorted the last object of the same size is tried
// first: if it puts the keys in strictly increasing order it is the only
// sorting order (no duplicates to keep stable), found with n-1
// comparisons instead of a sort's n·log n.
func (p *jsonParser) sortedOrder(fields []value.Entry) (perm []int32, unique bool) {
	n := len(fields)
	if n <= maxCachedOrder {
		if perm := p.orders[n]; len(perm) == n && strictlySorted(fields, perm) {
			return perm, true
		}
	}
	perm = p.perm[:0]
	for i := range fields {
		perm = append(perm, int32(i))
	}
	slices.SortStableFunc(perm, func(a, b int32) int { return strings.Compare(fields[a].Key, fields[b].Key) })
	p.perm = perm
	if !strictlySorted(fields, perm) {
		// Duplicate keys: not an order worth remembering.
		return perm, false
	}
	if n <= maxCachedOrder {
		p.orders[n] = append(p.orders[n][:0], perm...)
	}
	return perm, true
}

// strictlySorted reports whether perm orders fields by strictly
// increasing key.
func strictlySorted(fields []value.Entry, perm []int32) bool {
	for i := 1; i < len(perm); i++ {
		if !keyBefore(fields[perm[i-1]].Key, fields[perm[i]].Key) {
			return false
		}
	}
	return true
}

// array parses an array; sh is the learned shape of its place, or nil.
func (p *jsonParser) array(sh *shape) (value.Value, error) {
	if p.depth++; p.depth > maxJSONDepth {
		return value.Null, p.fail("nesting deeper than 128")
	}
	p.i++ // '['
	base := len(p.items)
	p.ws()
	if p.i < len(p.s) && p.s[p.i] == ']' {
		p.i++
		p.depth--
		return value.ArrayOf(p.arena.newArray(nil)), nil
	}
	itemSh := p.itemShape(sh)
	for {
		p.ws()
		v, err := p.value(itemSh)
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
	items := p.arena.takeValues(len(p.items) - base)
	copy(items, p.items[base:])
	p.items = p.items[:base]
	p.depth--
	return value.ArrayOf(p.arena.newArray(items)), nil
}

// str parses a string starting at the opening quote. Without escapes the
// result is a substring of the input.
func (p *jsonParser) str() (string, error) {
	start := p.i + 1
	end := quoteIndex(p.s, start)
	if end >= p.bs {
		end = p.strEnd(start)
	}
	if end < len(p.s) && p.s[end] == '"' {
		p.i = end + 1
		return p.s[start:end], nil
	}
	return p.strRest(start, end)
}

// strRest is str past its fast path: the string's text starts at start
// and end, the first quote or backslash after it, is a backslash or
// len(p.s).
func (p *jsonParser) strRest(start, end int) (string, error) {
	// A backslash first, or neither: a string with no closing quote at
	// all is unterminated, whatever escapes it holds.
	if end == len(p.s) || strings.IndexByte(p.s[end:], '"') < 0 {
		p.i = len(p.s)
		return "", p.fail("unterminated string")
	}
	return p.strEscaped(start, end)
}

// strEnd returns the index of the first quote or backslash in p.s at or
// after i, or len(p.s): where a string starting at i ends, or its first
// escape. It looks for quotes only, up to p.bs, the next backslash, and
// a text without a backslash (most log lines) is searched for one once,
// by strings.IndexByte. Looking for both bytes eight at a time
// (quoteOrBackslash, before) took 18 instructions a word, for quotes
// only 13: 280 fewer instructions a record on BenchmarkTextIngest (16.0k
// before). Its callers call quoteIndex first and come here only when the
// quote found is not before p.bs. The parse goes forward (i never
// decreases between calls within one text), so p.bs moves forward once
// for each backslash at most.
func (p *jsonParser) strEnd(i int) int {
	if i > p.bs {
		p.bs = indexByte(p.s, i, '\\')
	}
	return min(quoteIndex(p.s, i), p.bs)
}

// indexByte returns the index of the first c in s at or after i, or
// len(s).
func indexByte(s string, i int, c byte) int {
	if k := strings.IndexByte(s[i:], c); k >= 0 {
		return i + k
	}
	return len(s)
}

// load8 returns s[i:i+8] as a little-endian word (one load once compiled).
func load8(s string, i int) uint64 {
	w := s[i : i+8]
	return uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
		uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
}

// quoteIndex returns the index of the first quote in s at or after i, or
// len(s). It looks at eight bytes at a time: JSON strings of logs are
// mostly short (keys, ids, enum values), where strings.IndexByte spends
// more time in its call and setup than in scanning (indexbytebody was 9%
// of BenchmarkTextIngest); handing strings longer than a few words over
// to it took more instructions on BenchmarkTextIngest's lines too. The
// mask m is exact for the lowest quote of a word (a borrow can only mark
// bytes above it), the one taken.
func quoteIndex(s string, i int) int {
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	for ; i+8 <= len(s); i += 8 {
		q := load8(s, i) ^ (lo * '"')
		if m := (q - lo) &^ q & hi; m != 0 {
			return i + bits.TrailingZeros64(m)/8
		}
	}
	for ; i < len(s); i++ {
		if s[i] == '"' {
			return i
		}
	}
	return len(s)
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
			return p.arena.str(buf), nil
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
