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
		a := v.ref.(*Array)
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
		o := v.ref.(*Object)
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
		return v.ref.(*Array).shared
	case TypeObject:
		return v.ref.(*Object).shared
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
	// A key past the last one is missing without a search (as in Set).
	if n := len(o.entries); n == 0 || o.entries[n-1].Key < key {
		if !insert {
			return nil
		}
		o.entries = append(o.entries, Entry{Key: key})
		return &o.entries[n].Value
	}
	i, ok := o.search(key)
	if !ok {
		if !insert {
			return nil
		}
		o.entries = append(o.entries, Entry{})
		copy(o.entries[i+1:], o.entries[i:])
		o.entries[i] = Entry{Key: key}
	}
	return &o.entries[i].Value
}

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
