package value

import "sync/atomic"

// Kind is a VRL type as the type checker sees it: a set of possible value
// kinds, with the known shape of arrays and objects. It mirrors VRL's
// `Kind` (bytes, integer, float, boolean, timestamp, regex, null,
// undefined, array, object).
//
// Only the representation and constructors live here; the lattice
// operations (union, merge, insert/remove at a path, display) live in
// kind_ops.go next to it.
type Kind struct {
	// Bits is the set of primitive kinds; BitArray and BitObject say that
	// Array / Object below are meaningful.
	Bits KindBits
	// Array is the array's shape when Bits has BitArray.
	Array *Collection
	// Object is the object's shape when Bits has BitObject.
	Object *Collection
}

// KindBits is a set of VRL kinds.
type KindBits uint16

const (
	BitBytes KindBits = 1 << iota
	BitInteger
	BitFloat
	BitBoolean
	BitTimestamp
	BitRegex
	BitNull
	BitUndefined
	BitArray
	BitObject

	// BitsAny is every kind except undefined, as VRL's `any`.
	BitsAny = BitBytes | BitInteger | BitFloat | BitBoolean | BitTimestamp | BitRegex | BitNull | BitArray | BitObject
	// BitsScalar is every primitive kind (no containers, no undefined).
	BitsScalar = BitBytes | BitInteger | BitFloat | BitBoolean | BitTimestamp | BitRegex | BitNull
)

// Collection is the shape of an array or object: kinds at known positions
// (fields, or decimal indexes for arrays) and the kind of every other
// position. Unknown == nil means there are no other positions (the
// collection is exact); Unknown of KindAny means anything may be there.
//
// A Collection must not be changed once a Kind holding it has been used
// (see kind_ops.go): Kinds share collections instead of copying them.
type Collection struct {
	Known   map[string]Kind
	Unknown *Kind

	// selfUnion caches the collection merged with itself (see
	// selfMerged); valid because the collection never changes.
	selfUnion atomic.Pointer[Collection]
}

// Primitive kinds.
var (
	KindBytes     = Kind{Bits: BitBytes}
	KindInteger   = Kind{Bits: BitInteger}
	KindFloat     = Kind{Bits: BitFloat}
	KindBoolean   = Kind{Bits: BitBoolean}
	KindTimestamp = Kind{Bits: BitTimestamp}
	KindRegex     = Kind{Bits: BitRegex}
	KindNull      = Kind{Bits: BitNull}
	KindUndefined = Kind{Bits: BitUndefined}
	KindNever     = Kind{}
)

// KindAny is any value: every primitive, and arrays and objects of any shape.
// The nil Array and Object stand for "any array/object at any depth" (see
// the conventions in kind_ops.go); use ArrayShape/ObjectShape to read them.
func KindAny() Kind {
	return Kind{Bits: BitsAny}
}

// KindArrayOf is an array with the given known indexes (may be nil) and
// unknown element kind (nil for an exact array).
func KindArrayOf(known map[string]Kind, unknown *Kind) Kind {
	return Kind{Bits: BitArray, Array: &Collection{Known: known, Unknown: unknown}}
}

// KindObjectOf is an object with the given known fields (may be nil) and
// unknown field kind (nil for an exact object).
func KindObjectOf(known map[string]Kind, unknown *Kind) Kind {
	return Kind{Bits: BitObject, Object: &Collection{Known: known, Unknown: unknown}}
}

// KindArrayAny is an array of anything.
func KindArrayAny() Kind { a := KindAny(); return KindArrayOf(nil, &a) }

// KindObjectAny is an object of anything.
func KindObjectAny() Kind { a := KindAny(); return KindObjectOf(nil, &a) }

// Ptr returns a pointer to a copy of k (handy for Collection.Unknown).
func (k Kind) Ptr() *Kind { return &k }

// Contains reports whether k may be any of bits.
func (k Kind) Contains(bits KindBits) bool { return k.Bits&bits != 0 }

// Is reports whether k is exactly bits (no other kind possible).
func (k Kind) Is(bits KindBits) bool { return k.Bits != 0 && k.Bits&^bits == 0 }

// String renders the kind as VRL does in messages: "any", "string",
// "integer or float", "string, integer or null", "never". (The type
// checker's richer display of object and array shapes is Kind.Display.)
func (k Kind) String() string {
	if k.Bits&BitsAny == BitsAny && k.Bits&BitUndefined == 0 {
		return "any"
	}
	names := [...]struct {
		b KindBits
		n string
	}{
		{BitBytes, "string"}, {BitInteger, "integer"}, {BitFloat, "float"},
		{BitBoolean, "boolean"}, {BitTimestamp, "timestamp"}, {BitRegex, "regex"},
		{BitNull, "null"}, {BitUndefined, "undefined"}, {BitArray, "array"}, {BitObject, "object"},
	}
	var parts []string
	for _, n := range names {
		if k.Bits&n.b != 0 {
			parts = append(parts, n.n)
		}
	}
	switch len(parts) {
	case 0:
		return "never"
	case 1:
		return parts[0]
	}
	s := ""
	for i, p := range parts {
		switch {
		case i == 0:
		case i == len(parts)-1:
			s += " or "
		default:
			s += ", "
		}
		s += p
	}
	return s
}
