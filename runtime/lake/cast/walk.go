package cast

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/google/uuid"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// putFields puts an object into lazy struct n (the root or a struct
// reached through struct fields) by walking the object's entries (sorted
// by key). Fields the object does not set get nothing (they are lazy);
// keys n does not have are dropped. Errors come in field-name order, as
// a walk over n's fields would find them: a required field the object
// lacks is reported in place of a later field's error, or at the end.
// The walk only counts the required fields it meets and looks for the
// missing one when there is an error to report: checking n's next
// required field against every entry, in step, cost 7 instructions an
// entry on BenchmarkCastCloudTrail, whose tables have none.
func (c *Caster) putFields(n *node, o *value.Object) *pathErr {
	by := n.byName
	k := 0 // by[:k] sort before every remaining entry
	met := 0
	entries := o.Entries()
	for i := range entries {
		e := &entries[i]
		var f *node
		if k < len(by) && by[k].is(e.Key) {
			f, k = by[k], k+1 // child's first try, inline: the usual hit
		} else if n.index != nil {
			if f = n.index[e.Key]; f != nil {
				k = int(f.pos) + 1
			}
		} else {
			f, k = child(by, k, e.Key)
		}
		if f == nil {
			c.planDrops = append(c.planDrops, dropKey{n, e.Key})
			continue
		}
		if f.required {
			met++
		}
		var pe *pathErr
		if f.kind == kString && e.Value.Type() == value.TypeBytes {
			pe = c.putString(f, e.Value.Str()) // put's switch, resolved here
		} else {
			pe = c.put(f, &e.Value)
		}
		if pe != nil {
			if r := missing(n.reqSort, entries[:i], f.name, true); r != nil {
				return c.put(r, &null).push(r.name)
			}
			return pe.push(f.name)
		}
	}
	if met < len(n.reqSort) {
		if r := missing(n.reqSort, entries, "", false); r != nil {
			return c.put(r, &null).push(r.name)
		}
	}
	return nil
}

// missing returns the first of the required fields req (in name order)
// that is not among entries (sorted by key), or nil; if limited, only
// fields that sort before limit count.
func missing(req []*node, entries []value.Entry, limit string, limited bool) *node {
	i := 0
	for _, r := range req {
		if limited && !before(r.name, limit) {
			return nil
		}
		for i < len(entries) && before(entries[i].Key, r.name) {
			i++
		}
		if i == len(entries) || entries[i].Key != r.name {
			return r
		}
	}
	return nil
}

// putStruct puts an object into a struct that is not lazy (a list
// element's or map value's struct): every field gets a slot, null if the
// object does not set it, in name order (so the first failing field
// reported is the one putFields would report).
func (c *Caster) putStruct(n *node, o *value.Object) *pathErr {
	entries := o.Entries()
	i := 0
	for _, f := range n.byName {
		for i < len(entries) && before(entries[i].Key, f.name) {
			c.planDrops = append(c.planDrops, dropKey{n, entries[i].Key})
			i++
		}
		v := &null
		if i < len(entries) && f.is(entries[i].Key) {
			v = &entries[i].Value
			i++
		}
		if pe := c.put(f, v); pe != nil {
			return pe.push(f.name)
		}
	}
	for ; i < len(entries); i++ {
		c.planDrops = append(c.planDrops, dropKey{n, entries[i].Key})
	}
	n.endStruct()
	return nil
}

// child finds the field named key in by[k:] (sorted by name), given that
// the keys searched come in increasing order, and returns it (nil if the
// schema has no such field) with the position to search the next key
// from. The next field is tried first: in a narrow table the event sets
// most fields, so the match is usually there; otherwise a binary search
// skips the absent fields of a wide struct (an ECS table's event sets a
// few of each struct's dozens of fields) without comparing each.
func child(by []*node, k int, key string) (*node, int) {
	if k >= len(by) {
		return nil, k
	}
	if f := by[k]; f.is(key) {
		return f, k + 1
	} else if before(key, f.name) {
		return nil, k
	}
	lo, hi := k+1, len(by)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if before(by[m].name, key) {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(by) && by[lo].is(key) {
		return by[lo], lo + 1
	}
	return nil, lo
}

// is reports whether key is f's name. An event's keys are mostly the
// same few interned strings row after row (the decoder's learned key
// shapes, the transform's constant paths), so once key has matched, its
// data pointer alone proves the next match; the string comparison it
// replaces (a call to the runtime's memequal for every key of every
// event) was 10% of BenchmarkCastCloudTrail's instructions. A Go string's
// bytes do not change, and f.key keeps them alive, so an equal pointer
// and length mean equal bytes; the VRL interpreter's lookups rest on the
// same fact (runtime/vrl/path.go).
func (f *node) is(key string) bool {
	if len(key) != len(f.name) {
		return false
	}
	return unsafe.Pointer(unsafe.StringData(key)) == f.key || f.same(key)
}

// same is is's slow path, out of line so that is inlines: a full
// comparison, remembering key's data when it matches.
//
//go:noinline
func (f *node) same(key string) bool {
	if key != f.name {
		return false
	}
	f.key = unsafe.Pointer(unsafe.StringData(key))
	return true
}

// before reports a < b, on the first byte when that differs (between a
// struct's field names it mostly does) without calling the runtime's
// string comparison, which was 5% of BenchmarkCastCloudTrail.
func before(a, b string) bool {
	if len(a) > 0 && len(b) > 0 && a[0] != b[0] {
		return a[0] < b[0]
	}
	return a < b
}

// begin readies lazy column n for the row's value: the nulls of the rows
// before. Other columns get a slot for every value of their parent and
// need none. Small enough to inline into put's every case (padTo is out
// of line): the call was 3% of BenchmarkCastCloudTrail's instructions.
func (c *Caster) begin(n *node) {
	if n.lazy && n.len < c.rows {
		n.padTo(c.rows)
	}
}

// put checks v against column n and appends it. Scalars are checked
// before anything is appended; a container that fails partway leaves
// its column to rollback. A null (or missing) value appends a null slot,
// except to a lazy column, whose nulls are deferred (see node.lazy).
func (c *Caster) put(n *node, v *value.Value) *pathErr {
	t := v.Type()
	if t == value.TypeNull {
		if n.required {
			return &pathErr{reason: "required " + n.typeName() + " is missing"}
		}
		if !n.lazy {
			n.appendNulls(1)
		}
		return nil
	}
	switch n.kind {
	case kString:
		if t != value.TypeBytes {
			return mismatch(n, *v)
		}
		return c.putString(n, v.Str())
	case kBinary:
		if t != value.TypeBytes {
			return mismatch(n, *v)
		}
		s := v.Str()
		c.begin(n)
		n.appendBytes(s)
		c.rowBytes += int64(len(s))
		return nil
	case kLong:
		if t != value.TypeInteger {
			return mismatch(n, *v)
		}
		c.begin(n)
		n.append64(uint64(v.Int()))
	case kInt:
		if t != value.TypeInteger {
			return mismatch(n, *v)
		}
		i := v.Int()
		if i < math.MinInt32 || i > math.MaxInt32 {
			return &pathErr{reason: "integer " + strconv.FormatInt(i, 10) + " out of range for int"}
		}
		c.begin(n)
		n.append32(uint32(int32(i)))
	case kDouble:
		var f float64
		switch t {
		case value.TypeFloat:
			f = v.Flt()
		case value.TypeInteger:
			f = float64(v.Int())
		default:
			return mismatch(n, *v)
		}
		c.begin(n)
		n.append64(math.Float64bits(f))
	case kFloat:
		var f float32
		switch t {
		case value.TypeInteger:
			f = float32(v.Int())
		case value.TypeFloat:
			d := v.Flt()
			if math.Abs(d) > math.MaxFloat32 && !math.IsInf(d, 0) {
				return &pathErr{reason: "float " + value.FormatFloat(d) + " out of range for float"}
			}
			f = float32(d)
		default:
			return mismatch(n, *v)
		}
		c.begin(n)
		n.append32(math.Float32bits(f))
	case kBool:
		if t != value.TypeBoolean {
			return mismatch(n, *v)
		}
		c.begin(n)
		n.appendBool(v.Bool())
	case kTimestamp:
		if t != value.TypeTimestamp {
			return mismatch(n, *v)
		}
		c.begin(n)
		n.append64(uint64(v.Time().UnixMicro()))
	case kDate:
		if t != value.TypeTimestamp {
			return mismatch(n, *v)
		}
		c.begin(n)
		n.append32(uint32(arrow.Date32FromTime(v.Time())))
	case kDecimal:
		if t != value.TypeInteger && t != value.TypeFloat {
			return mismatch(n, *v)
		}
		num, err := decimalOf(n, *v)
		if err != nil {
			return &pathErr{reason: err.Error()}
		}
		var b [16]byte
		put64(b[:], 0, num.LowBits())
		put64(b[:], 1, uint64(num.HighBits()))
		c.begin(n)
		appendFixed(n, b[:])
		c.rowBytes += 8
	case kUUID:
		if t != value.TypeBytes {
			return mismatch(n, *v)
		}
		if len(v.Str()) != 36 {
			return &pathErr{reason: "expected uuid, got " + describe(*v)}
		}
		u, err := uuid.Parse(v.Str())
		if err != nil {
			return &pathErr{reason: "expected uuid, got " + describe(*v)}
		}
		c.begin(n)
		appendFixed(n, u[:])
	case kFixed:
		if t != value.TypeBytes {
			return mismatch(n, *v)
		}
		s := v.Str()
		if len(s) != n.fixedLen {
			return &pathErr{reason: fmt.Sprintf("expected fixed(%d), got %d bytes", n.fixedLen, len(s))}
		}
		c.begin(n)
		appendFixed(n, s)
		c.rowBytes += int64(n.fixedLen)
		return nil
	case kStruct:
		if t != value.TypeObject {
			return mismatch(n, *v)
		}
		if !n.lazy {
			return c.putStruct(n, v.Obj())
		}
		c.begin(n)
		n.endStruct()
		return c.putFields(n, v.Obj())
	case kList:
		if t != value.TypeArray {
			return mismatch(n, *v)
		}
		c.begin(n)
		items := v.Arr().Items
		for i := range items {
			if pe := c.put(n.elem, &items[i]); pe != nil {
				return pe.push("[" + strconv.Itoa(i) + "]")
			}
		}
		n.endList(n.elem.len)
		if el := n.elem; el.dictPath != "" && el.sampled < dictSample {
			c.toSample = append(c.toSample, n.id)
		}
		return nil
	case kMap:
		if t != value.TypeObject {
			return mismatch(n, *v)
		}
		c.begin(n)
		entries := v.Obj().Entries()
		for i := range entries {
			e := &entries[i]
			if pe := c.put(n.elem, &e.Value); pe != nil {
				return pe.push(e.Key)
			}
			n.keys.appendBytes(e.Key)
			c.rowBytes += int64(len(e.Key))
		}
		n.endList(n.keys.len)
		return nil
	}
	c.rowBytes += 8
	return nil
}

// putString appends s to string column n: put's string case, which
// putFields also calls directly, as a third of an event's values are
// strings set as struct fields (on BenchmarkCastCloudTrail put's null
// test, switch and return cost 20 instructions a string).
func (c *Caster) putString(n *node, s string) *pathErr {
	// The nulls begin gives the rows before are theirs, and stay if s
	// is not valid (see rollback).
	c.begin(n)
	if !n.appendString(s) {
		return &pathErr{reason: "expected string, got bytes that are not valid UTF-8"}
	}
	c.rowBytes += int64(len(s))
	if n.sampled < n.sampleCap {
		// (a list's sampled elements are sampled through the list)
		c.toSample = append(c.toSample, n.id)
	}
	return nil
}

// validString is utf8.ValidString behind a check for ASCII, two words
// at a time: nearly every string of a log is ASCII, and short, where the
// standard function's byte-wise start and set-up cost twice the
// instructions of this loop (4,100 against 1,900 a row on
// BenchmarkCastCloudTrail; it was 0.8 µs of a CloudTrail event's 8.1 in
// the ingest profile). The last 1 to 15 bytes are checked with loads that
// overlap the bytes already checked (ASCII, so they add no high bit)
// rather than byte by byte: that byte loop was two thirds of what was
// left (1,870 → 1,150 instructions a row on BenchmarkCastCloudTrail).
func validString(s string) bool {
	t := s
	for len(t) >= 16 {
		if (word(t)|word(t[8:]))&hiBits != 0 {
			return utf8.ValidString(t) // all before t is ASCII
		}
		t = t[16:]
	}
	var hi uint64
	switch {
	case len(t) >= 8:
		hi = word(t) | word(s[len(s)-8:])
	case len(t) == 0:
		return true
	case len(s) >= 8:
		hi = word(s[len(s)-8:]) // t is its tail
	case len(s) >= 4:
		hi = uint64(half(s) | half(s[len(s)-4:]))
	default: // 1 to 3 bytes
		hi = uint64(s[0] | s[len(s)/2] | s[len(s)-1])
	}
	return hi&hiBits == 0 || utf8.ValidString(t)
}

const hiBits = 0x8080808080808080

// word is the first eight bytes of t (len(t) >= 8), little-endian: the
// eight loads compile to one.
func word(t string) uint64 {
	_ = t[7] // one bounds check for the eight loads
	return uint64(t[0]) | uint64(t[1])<<8 | uint64(t[2])<<16 | uint64(t[3])<<24 |
		uint64(t[4])<<32 | uint64(t[5])<<40 | uint64(t[6])<<48 | uint64(t[7])<<56
}

// half is the first four bytes of t (len(t) >= 4), little-endian.
func half(t string) uint32 {
	_ = t[3]
	return uint32(t[0]) | uint32(t[1])<<8 | uint32(t[2])<<16 | uint32(t[3])<<24
}

func mismatch(n *node, v value.Value) *pathErr {
	return &pathErr{reason: "expected " + n.typeName() + ", got " + describe(v)}
}

func (n *node) typeName() string {
	switch n.kind {
	case kDecimal:
		return fmt.Sprintf("decimal(%d,%d)", n.precision, n.scale)
	case kFixed:
		return fmt.Sprintf("fixed(%d)", n.fixedLen)
	case kList:
		return "list"
	case kStruct:
		return "struct"
	}
	return kindNames[n.kind]
}

func decimalOf(n *node, v value.Value) (decimal128.Num, error) {
	var s string
	if v.Type() == value.TypeInteger {
		s = strconv.FormatInt(v.Int(), 10)
	} else {
		f := v.Flt()
		if math.IsInf(f, 0) {
			return decimal128.Num{}, fmt.Errorf("float %s does not fit %s", value.FormatFloat(f), n.typeName())
		}
		s = strconv.FormatFloat(f, 'f', -1, 64)
		if dot := strings.IndexByte(s, '.'); dot >= 0 && len(s)-dot-1 > int(n.scale) {
			return decimal128.Num{}, fmt.Errorf("float %s has more than %d fraction digits for %s", s, n.scale, n.typeName())
		}
	}
	num, err := decimal128.FromString(s, n.precision, n.scale)
	if err != nil {
		return decimal128.Num{}, fmt.Errorf("%s does not fit %s", s, n.typeName())
	}
	return num, nil
}

// describe renders a value for an error message: its VRL kind, and for
// scalars the value itself (strings quoted and cut at 40 bytes).
func describe(v value.Value) string {
	switch v.Type() {
	case value.TypeBytes:
		s := v.Str()
		if len(s) > 40 {
			return "string " + strconv.Quote(s[:40]) + "…"
		}
		return "string " + strconv.Quote(s)
	case value.TypeInteger:
		return "integer " + strconv.FormatInt(v.Int(), 10)
	case value.TypeFloat:
		return "float " + value.FormatFloat(v.Flt())
	case value.TypeBoolean:
		return "boolean " + strconv.FormatBool(v.Bool())
	case value.TypeTimestamp:
		return "timestamp " + value.FormatRFC3339(v.Time())
	}
	return v.Type().String()
}
