package value

import "sort"

// Object is a VRL object: string keys, iterated in sorted (byte-wise) key
// order as VRL's BTreeMap does. Entries are kept sorted in one slice, which
// beats a hash map for the 10–100 fields a log event has: lookups are a
// binary search with no hashing, iteration needs no sort, and a clone is
// one copy.
type Object struct {
	entries []Entry
	// shared is the interpreter's copy-on-write mark (see share.go).
	shared bool
}

// Entry is one key and its value.
type Entry struct {
	Key   string
	Value Value
}

// NewObject returns an empty object with room for n fields.
func NewObject(n int) *Object { return &Object{entries: make([]Entry, 0, n)} }

// ObjectFromMap builds an object from a Go map (keys sorted).
func ObjectFromMap(m map[string]Value) *Object {
	o := NewObject(len(m))
	for k, v := range m {
		o.entries = append(o.entries, Entry{k, v})
	}
	sort.Slice(o.entries, func(i, j int) bool { return o.entries[i].Key < o.entries[j].Key })
	return o
}

// Len returns the number of fields.
func (o *Object) Len() int { return len(o.entries) }

// Entries returns the fields in sorted key order. The slice must not be
// modified.
func (o *Object) Entries() []Entry { return o.entries }

func (o *Object) search(key string) (int, bool) { return o.searchIn(key, 0, len(o.entries)) }

// searchIn is a binary search for key in entries[lo:hi], which the caller
// knows brackets it: the result is the key's index or insertion index.
func (o *Object) searchIn(key string, lo, hi int) (int, bool) {
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if keyLess(o.entries[m].Key, key) {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo, lo < len(o.entries) && o.entries[lo].Key == key
}

// keyLess is a < b for object keys. Most keys of one object differ in
// their first byte, which decides without the out-of-line string compare
// (cmpbody was 5% of an ingest profile, mostly from search).
func keyLess(a, b string) bool {
	if len(a) > 0 && len(b) > 0 && a[0] != b[0] {
		return a[0] < b[0]
	}
	return a < b
}

// Get returns the value of key and whether it exists.
func (o *Object) Get(key string) (Value, bool) {
	if i, ok := o.search(key); ok {
		return o.entries[i].Value, true
	}
	return Null, false
}

// Set inserts or replaces key.
func (o *Object) Set(key string, v Value) {
	// Builders (the JSON decoder, compact, object literals) mostly add
	// keys in sorted order: one comparison with the last key instead of a
	// binary search (string compares were 6% of an ingest profile).
	if n := len(o.entries); n == 0 || keyLess(o.entries[n-1].Key, key) {
		o.Append(key, v)
		return
	}
	i, ok := o.search(key)
	if ok {
		o.entries[i].Value = v
		return
	}
	o.entries = append(o.entries, Entry{})
	copy(o.entries[i+1:], o.entries[i:])
	setEntry(&o.entries[i], key, v)
}

// Append adds key after every key o holds, which the caller knows key
// sorts after (byte-wise): Set without the check, small enough to
// inline, for a builder that has its keys in order already (the
// interpreter's store batches sort theirs when they compile).
func (o *Object) Append(key string, v Value) {
	n := len(o.entries)
	if n == cap(o.entries) {
		o.entries = append(o.entries, Entry{key, v})
		return
	}
	o.entries = o.entries[:n+1]
	setEntry(&o.entries[n], key, v)
}

// Delete removes key and returns its old value.
func (o *Object) Delete(key string) (Value, bool) {
	i, ok := o.search(key)
	if !ok {
		return Null, false
	}
	v := o.entries[i].Value
	o.entries = append(o.entries[:i], o.entries[i+1:]...)
	return v, true
}

// Keys returns the keys in sorted order.
func (o *Object) Keys() []string {
	keys := make([]string, len(o.entries))
	for i, e := range o.entries {
		keys[i] = e.Key
	}
	return keys
}

// Clone copies the object one level deep: the new object may be mutated,
// the values are shared.
func (o *Object) Clone() *Object { return o.CloneCap(1) }

// CloneCap is Clone with room for extra more fields.
func (o *Object) CloneCap(extra int) *Object {
	c := NewObjectCap(len(o.entries) + max(extra, 1))
	c.entries = append(c.entries, o.entries...)
	return c
}
