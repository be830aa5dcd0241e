package value

// Copy-on-write ownership for the interpreter.
//
// VRL has value semantics: after `x = .foo`, changing `x.a` must not
// change `.foo`. Containers are reference types here, so the interpreter
// must not mutate a container that is reachable from two places. Deep
// copies on every assignment would be far too slow for the hot path, so
// containers carry a one-bit mark instead:
//
//   - A container is "shared" once a reference to it may exist in more
//     than one place (two variables, a variable and the event, a function
//     argument that the result may alias, ...). The interpreter calls
//     MarkShared at every point where a value is copied into a second
//     place.
//   - Invariant: every container reachable from a shared container is
//     itself shared. MarkShared therefore marks deeply, but stops at
//     containers that are already marked, so each container is walked at
//     most once over its lifetime and marking costs O(1) amortised.
//   - Before mutating a container in place the interpreter checks the
//     mark; a shared container is first cloned one level deep (Clone
//     returns an unshared copy whose children are still shared), and the
//     clone replaces the reference in its (owned) parent. A path
//     assignment thus copies only the containers on the path, and only the
//     first time.
//
// Containers built fresh (JSON decoding, stdlib results, object literals)
// start unshared; mutating them in place is safe because nobody else holds
// them. Stdlib functions never mutate their arguments, and the
// interpreter marks arguments shared before a call, so a result that
// reuses parts of an argument cannot be mutated through either reference.
// The one rule this puts on functions: a new array must not share its
// Items backing store with an argument (copy, do not re-slice), because
// the mark is per *Array, not per backing array.

// MarkShared marks every container in v as shared (see the comment
// above). It is cheap for scalars and for containers already marked.
func MarkShared(v Value) {
	switch v.t {
	case TypeArray:
		a := (*Array)(v.p)
		if a.shared {
			return
		}
		a.shared = true
		for _, it := range a.Items {
			if it.t >= TypeArray {
				MarkShared(it)
			}
		}
	case TypeObject:
		o := (*Object)(v.p)
		if o.shared {
			return
		}
		o.shared = true
		for i := range o.entries {
			if o.entries[i].Value.t >= TypeArray {
				MarkShared(o.entries[i].Value)
			}
		}
	}
}

// IsShared reports whether v is a container marked shared. Scalars are
// never shared (they are copied by value).
func IsShared(v Value) bool {
	switch v.t {
	case TypeArray:
		return (*Array)(v.p).shared
	case TypeObject:
		return (*Object)(v.p).shared
	}
	return false
}

// Shared reports whether the array carries the copy-on-write mark.
func (a *Array) Shared() bool { return a.shared }

// Shared reports whether the object carries the copy-on-write mark.
func (o *Object) Shared() bool { return o.shared }

// Slot returns a pointer to the value stored under key, inserting null
// first when the key is missing and insert is true (nil when missing and
// insert is false). The pointer is valid until the next insertion or
// deletion; the interpreter uses it to descend into nested containers
// without a second lookup.
func (o *Object) Slot(key string, insert bool) *Value {
	if !insert {
		if i, ok := o.search(key); ok {
			return &o.entries[i].Value
		}
		return nil
	}
	return o.SlotGrow(key, 0)
}

// SlotGrow is Slot(key, true) for an object expected to receive about
// fields fields in all: when an insertion finds the storage full, it
// grows it to room for that many more at once (at least doubling), so an
// object filled field by field in unsorted order is reallocated once
// rather than at every power of two.
func (o *Object) SlotGrow(key string, fields int) *Value {
	i, ok := o.Find(key)
	if ok {
		return &o.entries[i].Value
	}
	return o.InsertAt(i, key, fields)
}

// Find returns the index of key and true, or the index where key would
// be inserted (for InsertAt) and false: one search for a path step that
// reads the field if present and inserts it otherwise.
func (o *Object) Find(key string) (int, bool) {
	// A key past the last one is missing without a search (as in Set).
	if n := len(o.entries); n == 0 || keyLess(o.entries[n-1].Key, key) {
		return n, false
	}
	return o.search(key)
}

// findProbes is how far FindFrom walks from a wrong hint before it falls
// back to a binary search. CloudTrail records differ in a few optional
// fields (errorCode and errorMessage come together), which moves every
// later field by up to two places.
const findProbes = 3

// FindFrom is Find starting at hint: the index the same lookup returned
// last time, found or not. Events of one source have the same shape, so
// the hint is mostly right, and where it is not the field has mostly
// moved by a place or two: FindFrom checks the hint, then walks up to
// findProbes entries towards the key, and only then searches. A missing
// key is settled as cheaply: the keys on both sides of its insertion
// index prove it absent (path assignments insert most of the fields they
// set, and ingest reads optional fields such as errorCode on every
// event). Trying the hint alone, then a full binary search, cost the
// interpreter 6% more instructions on BenchmarkIngestTransform.
//
// Any hint gives the right answer; a bad one costs the probes.
func (o *Object) FindFrom(key string, hint int) (int, bool) {
	e := o.entries
	n := len(e)
	switch {
	case uint(hint) < uint(n):
		k := e[hint].Key
		if k == key {
			return hint, true
		}
		if keyLess(k, key) {
			// The key is after the hint.
			end := min(n, hint+1+findProbes)
			for j := hint + 1; j < end; j++ {
				k := e[j].Key
				if k == key {
					return j, true
				}
				if keyLess(key, k) {
					return j, false
				}
			}
			return o.searchIn(key, end, n)
		}
		// The key is before the hint.
		start := max(0, hint-findProbes)
		for j := hint - 1; j >= start; j-- {
			k := e[j].Key
			if k == key {
				return j, true
			}
			if keyLess(k, key) {
				return j + 1, false
			}
		}
		return o.searchIn(key, 0, start)
	case hint == n:
		// Last time the key was missing past the end (or appended).
		if n == 0 || keyLess(e[n-1].Key, key) {
			return n, false
		}
	}
	return o.searchIn(key, 0, n)
}

// ValueAt returns a pointer to the value of the i-th field (in key
// order), for an index Find returned; valid until the next insertion or
// deletion.
func (o *Object) ValueAt(i int) *Value { return &o.entries[i].Value }

// InsertAt inserts key with a null value at index i, which must be the
// index Find returned for the missing key, and returns the new value's
// slot. fields is SlotGrow's size hint.
func (o *Object) InsertAt(i int, key string, fields int) *Value {
	n := len(o.entries)
	if n == cap(o.entries) {
		e := make([]Entry, n+1, max(2*n, n+fields, 4))
		copy(e, o.entries[:i])
		copy(e[i+1:], o.entries[i:])
		e[i] = Entry{Key: key}
		o.entries = e
		return &e[i].Value
	}
	e := o.entries[:n+1]
	if n-i <= shiftLoop {
		for j := n; j > i; j-- {
			// Field by field: a whole-Entry copy compiles to a
			// runtime.wbMove call per entry (see setEntry).
			e[j].Key = e[j-1].Key
			e[j].Value = e[j-1].Value
		}
	} else {
		copy(e[i+1:], e[i:n])
	}
	setEntry(&e[i], key, Value{})
	o.entries = e
	return &e[i].Value
}

// setEntry stores key and v in *e field by field. An Entry has too many
// words for the compiler to copy it as a few registers, so `*e =
// Entry{key, v}` compiles to a runtime.wbZero or wbMove call, each
// running bulkBarrierPreWrite while the GC marks, where two field stores
// take the inline write barrier. Those calls from InsertAt, Append and
// Set were 8% of BenchmarkIngestTransform's CPU profile (GOMAXPROCS=1),
// and bulkBarrierPreWrite fell from 12% of it to 5.5%; with the GC off
// the field stores cost 1.7% more instructions.
func setEntry(e *Entry, key string, v Value) {
	e.Key = key
	e.Value = v
}

// shiftLoop is the longest shift InsertAt makes with a loop of entry
// copies rather than copy: a path assignment program inserts its fields
// in statement order, not key order, so most insertions move an entry or
// a few, for which copy's out-of-line typedslicecopy and memmove calls
// cost more than the move. It took 4.4% off BenchmarkIngestTransform's
// instructions (with the GC off: 45.1k to 43.1k an op); longer loops
// gained nothing more.
const shiftLoop = 4

// Truncate keeps the first n fields (0 ≤ n ≤ Len) and drops the rest,
// keeping the storage: for in-place rewrites that move the fields they
// keep to the front (stdlib's compact). The dropped slots are not
// cleared; growing the object writes over them.
func (o *Object) Truncate(n int) { o.entries = o.entries[:n] }

// Clear removes every field, keeping the storage.
func (o *Object) Clear() {
	clear(o.entries)
	o.entries = o.entries[:0]
}

// smallObject is an object and room for its first fields in one
// allocation.
type smallObject struct {
	o   Object
	buf [4]Entry
}

// NewSmallObject returns an empty object whose first four fields need no
// further allocation. The interpreter uses it for the intermediate
// objects a path assignment creates (`.aws.cloudtrail.x = ...`), which
// halves the allocations of a typical ECS mapping (BenchmarkCloudTrail:
// one allocation instead of two per created object).
func NewSmallObject() *Object {
	s := &smallObject{}
	s.o.entries = s.buf[:0]
	return &s.o
}

// object1, object2, object8, object16 and object32 are smallObject's
// other sizes (NewObjectCap). An Entry is 40 bytes, so the one-field
// objects of an ECS mapping (`.user_agent.original`) take 72 bytes
// sized exactly, not smallObject's 192.
type object1 struct {
	o   Object
	buf [1]Entry
}

type object2 struct {
	o   Object
	buf [2]Entry
}

type object8 struct {
	o   Object
	buf [8]Entry
}

type object16 struct {
	o   Object
	buf [16]Entry
}

type object32 struct {
	o   Object
	buf [32]Entry
}

// NewObjectCap returns an empty object with room for n fields, in one
// allocation when n ≤ 32 (NewObject takes two: the object and its
// entries). Path assignments size the objects they create by the number
// of fields the program assigns in them, and Clone and compact by the
// fields they copy.
func NewObjectCap(n int) *Object {
	switch {
	case n <= 0:
		return &Object{}
	case n == 1:
		s := &object1{}
		s.o.entries = s.buf[:0]
		return &s.o
	case n == 2:
		s := &object2{}
		s.o.entries = s.buf[:0]
		return &s.o
	case n <= 4:
		return NewSmallObject()
	case n <= 8:
		s := &object8{}
		s.o.entries = s.buf[:0]
		return &s.o
	case n <= 16:
		s := &object16{}
		s.o.entries = s.buf[:0]
		return &s.o
	case n <= 32:
		s := &object32{}
		s.o.entries = s.buf[:0]
		return &s.o
	}
	return NewObject(n)
}

// array1, array2 and array4 are an array and its items in one allocation
// (NewArrayLen).
type array1 struct {
	a   Array
	buf [1]Value
}

type array2 struct {
	a   Array
	buf [2]Value
}

type array4 struct {
	a   Array
	buf [4]Value
}

// NewArrayLen returns an unshared array of n nulls, in one allocation
// when n ≤ 4 (an array literal such as `[.source.ip]` or
// `[.user.name, .user.id]` took two: the *Array and its items).
func NewArrayLen(n int) *Array {
	switch {
	case n <= 0:
		return &Array{}
	case n == 1:
		s := &array1{}
		s.a.Items = s.buf[:]
		return &s.a
	case n == 2:
		s := &array2{}
		s.a.Items = s.buf[:]
		return &s.a
	case n <= 4:
		s := &array4{}
		s.a.Items = s.buf[:n]
		return &s.a
	}
	return &Array{Items: make([]Value, n)}
}
