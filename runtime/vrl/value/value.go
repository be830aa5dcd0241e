// Package value is VRL's value model: the nine value kinds, objects that
// iterate in sorted key order, and the conversions the harness and the CLI
// use to turn values into JSON.
//
// A Value is a 24-byte struct (no interface boxing) so integers, floats,
// booleans, null and timestamps never allocate. Bytes are held as a Go
// string's data pointer and length: VRL bytes are immutable, and a string
// shares its backing array for free.
//
// Containers (arrays and objects) are reference types inside a Value. VRL
// has value semantics, so code that mutates a container in place must own
// it: stdlib functions never mutate their arguments (they build new
// containers, sharing unmodified children), and the interpreter clones
// before mutating anything it does not own (see Object.Clone, Array.Clone).
package value

import (
	"math"
	"regexp"
	"time"
	"unsafe"
)

// Type is the runtime tag of a Value. The zero Type is Null, so the zero
// Value is VRL's null.
type Type uint8

const (
	TypeNull Type = iota
	TypeBytes
	TypeInteger
	TypeFloat
	TypeBoolean
	TypeTimestamp
	TypeRegex
	TypeArray
	TypeObject
)

// String returns VRL's name for the type, as in error messages
// ("expected string, got integer").
func (t Type) String() string {
	switch t {
	case TypeBytes:
		return "string"
	case TypeInteger:
		return "integer"
	case TypeFloat:
		return "float"
	case TypeBoolean:
		return "boolean"
	case TypeTimestamp:
		return "timestamp"
	case TypeRegex:
		return "regex"
	case TypeArray:
		return "array"
	case TypeObject:
		return "object"
	default:
		return "null"
	}
}

// typeBits maps each runtime type to its kind bit.
var typeBits = [...]KindBits{
	TypeNull:      BitNull,
	TypeBytes:     BitBytes,
	TypeInteger:   BitInteger,
	TypeFloat:     BitFloat,
	TypeBoolean:   BitBoolean,
	TypeTimestamp: BitTimestamp,
	TypeRegex:     BitRegex,
	TypeArray:     BitArray,
	TypeObject:    BitObject,
}

// Bit is the kind bit of the type: the set a parameter's accepted kinds
// are checked against at run time.
func (t Type) Bit() KindBits { return typeBits[t] }

// Value is one VRL value.
//
// Its layout is three words, 24 bytes, where a string field plus an
// interface field took 48: every object entry and array item is a Value
// (an Entry is 40 bytes rather than 64), and a CloudTrail record with its
// ECS output holds about a hundred of them. Measured with the 48-byte
// layout as baseline: BenchmarkCloudTrail (runtime/vrl) allocates 9.3 KiB
// an event instead of 14.0, the whole ingest 18.5 KB a record instead of
// 22.5, and the ingest's CPU time a record fell by about a fifth (less
// to allocate, clear and scan for the GC).
//
// The payload word p is one unsafe.Pointer that t says how to read: the
// first byte of a bytes value's string (its length is in n), or the
// *Array, *Object or *Regex of a container or regex. An unsafe.Pointer
// keeps its target alive for the GC like any typed pointer, including a
// pointer into the middle of a string's backing array, so this needs no
// other care.
//
// Compare Values with Equal (or EqualLossy), not ==: == on two bytes
// values compares where their bytes are stored, not the bytes (as it
// compares containers by identity); it still means "same value" for null,
// booleans, integers, floats and timestamps.
type Value struct {
	// t and ns share a word.
	t Type
	// ns is a timestamp's nanoseconds within the second.
	ns int32
	// n holds the integer, the float's bits, the boolean (0/1), a
	// timestamp's Unix seconds, or the length of a bytes value.
	n int64
	// p holds a bytes value's data (unsafe.StringData) or the *Array,
	// *Object or *Regex; nil for the other types.
	p unsafe.Pointer
}

// Null is VRL's null.
var Null = Value{}

// True and False are the two booleans.
var (
	True  = Value{t: TypeBoolean, n: 1}
	False = Value{t: TypeBoolean}
)

// Bytes makes a bytes value from a string (the string may hold any bytes).
func Bytes(s string) Value {
	return Value{t: TypeBytes, n: int64(len(s)), p: unsafe.Pointer(unsafe.StringData(s))}
}

// BytesFrom makes a bytes value from a byte slice (copied).
func BytesFrom(b []byte) Value { return Bytes(string(b)) }

// Integer makes an integer value.
func Integer(i int64) Value { return Value{t: TypeInteger, n: i} }

// Float makes a float value. VRL floats are never NaN: callers producing
// NaN must raise an error instead; Float maps NaN to null defensively.
func Float(f float64) Value {
	if math.IsNaN(f) {
		return Null
	}
	return Value{t: TypeFloat, n: int64(math.Float64bits(f))}
}

// Boolean makes a boolean value.
func Boolean(b bool) Value {
	if b {
		return True
	}
	return False
}

// Timestamp makes a timestamp value; it is always held in UTC.
func Timestamp(t time.Time) Value {
	return Value{t: TypeTimestamp, n: t.Unix(), ns: int32(t.Nanosecond())}
}

// RegexValue makes a regex value.
func RegexValue(r *Regex) Value { return Value{t: TypeRegex, p: unsafe.Pointer(r)} }

// ArrayValue makes an array value that takes ownership of items.
func ArrayValue(items []Value) Value { return ArrayOf(&Array{Items: items}) }

// ArrayOf wraps an existing *Array.
func ArrayOf(a *Array) Value { return Value{t: TypeArray, p: unsafe.Pointer(a)} }

// ObjectValue wraps an *Object.
func ObjectValue(o *Object) Value { return Value{t: TypeObject, p: unsafe.Pointer(o)} }

// Type returns the value's runtime type.
func (v Value) Type() Type { return v.t }

// IsNull reports whether v is null.
func (v Value) IsNull() bool { return v.t == TypeNull }

// Str returns the bytes of a bytes value ("" for other types).
func (v Value) Str() string {
	if v.t != TypeBytes {
		return ""
	}
	return v.str()
}

// str is Str for a value known to be bytes.
func (v Value) str() string { return unsafe.String((*byte)(v.p), v.n) }

// num is n for the types that keep a number there, and 0 for bytes (whose
// n is the length), so Int, Flt, Bool and Time of a bytes value give what
// they gave when n was unused for bytes: 0, 0.0, false and the epoch.
func (v Value) num() int64 {
	if v.t == TypeBytes {
		return 0
	}
	return v.n
}

// Int returns the integer of an integer value.
func (v Value) Int() int64 { return v.num() }

// Flt returns the float of a float value.
func (v Value) Flt() float64 { return math.Float64frombits(uint64(v.num())) }

// Bool returns the boolean of a boolean value.
func (v Value) Bool() bool { return v.num() != 0 }

// Time returns the timestamp of a timestamp value, in UTC.
func (v Value) Time() time.Time { return time.Unix(v.num(), int64(v.ns)).UTC() }

// Re returns the regex of a regex value (nil for other types).
func (v Value) Re() *Regex {
	if v.t != TypeRegex {
		return nil
	}
	return (*Regex)(v.p)
}

// Arr returns the array of an array value (nil for other types).
func (v Value) Arr() *Array {
	if v.t != TypeArray {
		return nil
	}
	return (*Array)(v.p)
}

// Obj returns the object of an object value (nil for other types).
func (v Value) Obj() *Object {
	if v.t != TypeObject {
		return nil
	}
	return (*Object)(v.p)
}

// Regex is a compiled regular expression with the pattern it was written
// with (VRL prints regexes as their pattern).
type Regex struct {
	Pattern string
	*regexp.Regexp
}

// Array is a VRL array.
type Array struct {
	Items []Value
	// shared is the interpreter's copy-on-write mark (see share.go).
	shared bool
}

// Len returns the number of items.
func (a *Array) Len() int { return len(a.Items) }

// Clone copies the array one level deep: the new array may be mutated,
// the items are shared.
func (a *Array) Clone() *Array {
	items := make([]Value, len(a.Items))
	copy(items, a.Items)
	return &Array{Items: items}
}
