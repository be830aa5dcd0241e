package vrl

import (
	"unsafe"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// segment is one compiled path step: a field name or an array index
// (negative indexes count from the end).
type segment struct {
	field   string
	index   int64
	isIndex bool
	// fields, on the field steps of an assignment target, points to the
	// number of distinct fields the program assigns below the container
	// this step indexes (see compiler.shapeHint). setPath sizes the objects
	// it creates or grows by it, so building `.aws.cloudtrail.*` field by
	// field allocates each object once instead of growing it 4→8→16.
	fields *int
	// site numbers the field steps of the program: a run's frame keeps,
	// per site, the index where the field was found last (frame.hints).
	site int32
}

// A path step looks its field up trying the index remembered in its
// siteHint first and remembering the answer. getPath and setPath test the
// remembered index themselves (at, which inlines) and call findAt only
// when it is wrong: it is right for most lookups, and the calls saved per
// path step were about 1% of BenchmarkIngestTransform's instructions.

// siteHint is a frame's memory of one field step (segment.site): the
// index where the field was found or found missing last time, and the
// keys that proved it.
//
// Keys are remembered by their data pointer: a Go string's bytes never
// change, so a key with a remembered pointer and length is the string
// seen last time, and one pointer comparison replaces a string
// comparison. That pays when the keys of successive events are the same
// strings: the objects the program builds hold the program's own field
// names, and runtime/decode hands out the keys of the shapes it has
// learned from its own copy, the same for every record. Comparing those
// keys byte by byte (memeqbody) was 5% of the interpreter's share of an
// ingest profile. A frame keeps one to three keys' bytes alive per site.
type siteHint struct {
	idx int32
	// gap is set when the field was missing last time, idx being where
	// it would go; loLen and hiLen are then the lengths of the keys lo
	// and hi before and after idx, -1 for none (idx was 0 or the end).
	gap          bool
	loLen, hiLen int32
	// key is the data pointer of the field's key when it was found.
	key    unsafe.Pointer
	lo, hi unsafe.Pointer
}

// at reports whether the entry at the remembered index is the step's
// field.
func (s *segment) at(e []value.Entry, m *siteHint) bool {
	h := uint(m.idx)
	if h >= uint(len(e)) {
		return false
	}
	k := e[h].Key
	return len(k) == len(s.field) && (unsafe.Pointer(unsafe.StringData(k)) == m.key || s.same(k, m))
}

// same compares key k with the step's field byte by byte, the check at
// makes when the key's pointer is not the remembered one, and remembers
// k's pointer when they are equal.
func (s *segment) same(k string, m *siteHint) bool {
	if k != s.field {
		return false
	}
	m.key = unsafe.Pointer(unsafe.StringData(k))
	return true
}

// findAt looks the step's field up in o past a wrong remembered index
// and remembers the answer. A field missing last time is proved missing
// again, without a key comparison, when the same two keys surround the
// remembered index (they sorted on either side of the field then, so
// they do now); otherwise Object.FindFrom walks from the index. A
// mapping program inserts most of the fields it stores (the insertion
// index is this answer) and reads optional input fields that are mostly
// absent (errorCode): FindFrom's comparisons for them were 4% of
// BenchmarkIngestTransformOnly's instructions.
func (s *segment) findAt(o *value.Object, hints []siteHint) (int, bool) {
	m := &hints[s.site]
	e := o.Entries()
	if m.gap {
		// The keys remembered around the gap, with nothing before (after)
		// it where there was nothing (inline: one call fewer on the path
		// of most insertions).
		h := int(m.idx)
		if h <= len(e) &&
			(h > 0 && sameKey(e[h-1].Key, m.lo, m.loLen) || h == 0 && m.loLen < 0) &&
			(h < len(e) && sameKey(e[h].Key, m.hi, m.hiLen) || h == len(e) && m.hiLen < 0) {
			return h, false
		}
	}
	j, ok := o.FindFrom(s.field, int(m.idx))
	m.idx = int32(j)
	m.gap = !ok
	if ok {
		m.key = unsafe.Pointer(unsafe.StringData(e[j].Key))
		return j, true
	}
	m.loLen, m.hiLen = -1, -1
	if j > 0 {
		k := e[j-1].Key
		m.lo, m.loLen = unsafe.Pointer(unsafe.StringData(k)), int32(len(k))
	}
	if j < len(e) {
		k := e[j].Key
		m.hi, m.hiLen = unsafe.Pointer(unsafe.StringData(k)), int32(len(k))
	}
	return j, false
}

// sameKey reports whether k is the string with data pointer p and length
// n (n < 0: none).
func sameKey(k string, p unsafe.Pointer, n int32) bool {
	return n >= 0 && len(k) == int(n) && unsafe.Pointer(unsafe.StringData(k)) == p
}

// getPath reads path from v. Missing fields, out-of-range indexes and
// steps into non-containers all give (null, false), as VRL's queries do.
//
// hints is the frame's per-site memory of where each field step found its
// field (see siteHint). Events of one source have the same shape, so
// `j.eventName` sits at the same index event after event, and one
// pointer comparison replaces a binary search. A frame belongs to one run
// at a time, so the hints need no synchronisation. Outside a run (no
// frame) lookupPath reads a path.
func getPath(v value.Value, path []segment, hints []siteHint) (value.Value, bool) {
	for i := range path {
		s := &path[i]
		if !s.isIndex {
			o := v.Obj()
			if o == nil {
				return value.Null, false
			}
			e := o.Entries()
			if m := &hints[s.site]; s.at(e, m) {
				v = e[m.idx].Value
				continue
			}
			j, ok := s.findAt(o, hints)
			if !ok {
				return value.Null, false
			}
			v = e[j].Value
			continue
		}
		var ok bool
		if v, ok = indexStep(v, s); !ok {
			return value.Null, false
		}
	}
	return v, true
}

// lookupPath is getPath without a frame's hints: a binary search per
// field step.
func lookupPath(v value.Value, path []segment) (value.Value, bool) {
	for i := range path {
		s := &path[i]
		if !s.isIndex {
			o := v.Obj()
			if o == nil {
				return value.Null, false
			}
			j, ok := o.Find(s.field)
			if !ok {
				return value.Null, false
			}
			v = *o.ValueAt(j)
			continue
		}
		var ok bool
		if v, ok = indexStep(v, s); !ok {
			return value.Null, false
		}
	}
	return v, true
}

// indexStep reads the array item of index step s from v.
func indexStep(v value.Value, s *segment) (value.Value, bool) {
	a := v.Arr()
	if a == nil {
		return value.Null, false
	}
	idx, ok := arrayIndex(len(a.Items), s.index)
	if !ok || idx >= len(a.Items) {
		return value.Null, false
	}
	return a.Items[idx], true
}

// getField is getPath for a path of one field step in a run (hints not
// nil): the most common read (`j.eventName`), without getPath's loop.
func getField(v value.Value, s *segment, hints []siteHint) value.Value {
	o := v.Obj()
	if o == nil {
		return value.Null
	}
	e := o.Entries()
	if m := &hints[s.site]; s.at(e, m) {
		return e[m.idx].Value
	}
	if j, ok := s.findAt(o, hints); ok {
		return e[j].Value
	}
	return value.Null
}

// arrayIndex resolves a possibly negative index against an array length;
// a negative index before the start is invalid.
func arrayIndex(n int, i int64) (int, bool) {
	if i >= 0 {
		return int(i), true
	}
	j := int64(n) + i
	if j < 0 {
		return 0, false
	}
	return int(j), true
}

// ownObject returns the object held in *slot ready for in-place mutation:
// a shared object is cloned and the clone stored back (copy-on-write, see
// value/share.go).
//
// fields is the number of fields the program assigns in it (segment's
// fields hint): the copy gets room for them, since it is copied to be
// assigned to.
func ownObject(slot *value.Value, fields int) *value.Object {
	o := slot.Obj()
	if o.Shared() {
		o = o.CloneCap(fields)
		*slot = value.ObjectValue(o)
	}
	return o
}

func ownArray(slot *value.Value) *value.Array {
	a := slot.Arr()
	if a.Shared() {
		a = a.Clone()
		*slot = value.ArrayOf(a)
	}
	return a
}

// setPath stores v at path below *root with VRL's insert semantics:
// missing or non-container intermediate values are replaced by a new
// object (field step) or array (index step); assigning past the end of an
// array pads it with null; a negative index before the start prepends
// nulls. Containers on the path are copied first if shared. The caller
// has already marked v shared if it may be referenced elsewhere.
//
// hints is as for getPath, but never nil (setPath runs only in a run): an
// assignment to a field that exists (the second `.user.name = ...`) finds
// it at the remembered index, and one that adds a field finds where it
// goes from the index it was added at last time.
//
// It returns the object the last step's field went into (nil when the
// last step is an index step or the path is empty): eventStore remembers
// it.
//
// The objects it creates or copies are carved from arena, the run's
// frame's (see value.Arena).
func setPath(root *value.Value, path []segment, v value.Value, hints []siteHint, arena *value.Arena) *value.Object {
	slot := root
	var parent *value.Object
	for i := range path {
		s := &path[i]
		if s.isIndex {
			if slot.Type() != value.TypeArray {
				*slot = value.ArrayValue(nil)
			}
			a := ownArray(slot)
			slot = arraySlot(a, s.index)
			parent = nil
			continue
		}
		hint := 0
		if s.fields != nil {
			hint = *s.fields
		}
		o := slot.Obj()
		if o == nil {
			// A missing field or a non-object: the new object is empty, so
			// the field goes in without a lookup.
			o = arena.NewObject(hint)
			*slot = value.ObjectValue(o)
			slot = o.InsertAt(0, s.field, hint)
			parent = o
			continue
		}
		if o.Shared() {
			// Copy-on-write, with room for the fields the program assigns.
			o = arena.CloneObject(o, hint)
			*slot = value.ObjectValue(o)
		}
		if m := &hints[s.site]; s.at(o.Entries(), m) {
			slot = o.ValueAt(int(m.idx))
		} else if j, ok := s.findAt(o, hints); ok {
			slot = o.ValueAt(j)
		} else {
			slot = o.InsertAt(j, s.field, hint)
		}
		parent = o
	}
	*slot = v
	return parent
}

// ownParent returns the object the last step of path stores into, ready
// for in-place mutation: the walk of setPath over every step but the
// last, for a path of field steps only (a store with a container id).
// The objects it creates or copies are sized by the step that indexes
// them, as in setPath. fresh reports that the object was created empty
// by this walk, so its fields can be appended without a lookup.
//
// It exists for the stores that find their parent this way (eventStore
// and storeBatch, when the parent is not remembered): through setPath, a
// batch stored its first member, saw the new parent hold one field,
// cleared it and appended every member; an empty parent now gets the
// members appended straight away (no insertion, no clear of the entry).
func ownParent(root *value.Value, path []segment, hints []siteHint, arena *value.Arena) (o *value.Object, fresh bool) {
	slot := root
	last := len(path) - 1
	for i := 0; ; i++ {
		s := &path[i]
		hint := 0
		if s.fields != nil {
			hint = *s.fields
		}
		o = slot.Obj()
		if o == nil {
			o = arena.NewObject(hint)
			*slot = value.ObjectValue(o)
			if i == last {
				return o, true
			}
			slot = o.InsertAt(0, s.field, hint)
			continue
		}
		if o.Shared() {
			o = arena.CloneObject(o, hint)
			*slot = value.ObjectValue(o)
		}
		if i == last {
			return o, false
		}
		if m := &hints[s.site]; s.at(o.Entries(), m) {
			slot = o.ValueAt(int(m.idx))
		} else if j, ok := s.findAt(o, hints); ok {
			slot = o.ValueAt(j)
		} else {
			slot = o.InsertAt(j, s.field, hint)
		}
	}
}

// setField is setPath's last step for an object o the event owns: it
// stores v in o's field s.
func setField(o *value.Object, s *segment, v value.Value, hints []siteHint) {
	if m := &hints[s.site]; s.at(o.Entries(), m) {
		*o.ValueAt(int(m.idx)) = v
		return
	}
	j, ok := s.findAt(o, hints)
	if !ok {
		hint := 0
		if s.fields != nil {
			hint = *s.fields
		}
		*o.InsertAt(j, s.field, hint) = v
		return
	}
	*o.ValueAt(j) = v
}

// arraySlot returns the element slot for index i, growing the array as
// VRL's insert does.
func arraySlot(a *value.Array, i int64) *value.Value {
	n := int64(len(a.Items))
	if i >= 0 {
		for int64(len(a.Items)) <= i {
			a.Items = append(a.Items, value.Null)
		}
		return &a.Items[i]
	}
	need := -i
	if n < need {
		pad := make([]value.Value, need-n, need)
		a.Items = append(pad, a.Items...)
		return &a.Items[0]
	}
	return &a.Items[n+i]
}

// deletePath removes path below *root and returns the removed value
// (null when nothing was there). An empty path empties the root
// container (or sets a scalar root to null). With compact, containers
// left empty by the removal are removed too, up to (not including) the
// root.
func deletePath(root *value.Value, path []segment, compact bool) value.Value {
	if len(path) == 0 {
		old := *root
		switch root.Type() {
		case value.TypeObject:
			*root = value.ObjectValue(value.NewObject(0))
		case value.TypeArray:
			*root = value.ArrayValue(nil)
		default:
			*root = value.Null
		}
		return old
	}
	// Check the path exists before copying anything.
	if _, ok := lookupPath(*root, path); !ok {
		return value.Null
	}
	old, _ := deleteIn(root, path, compact)
	return old
}

// deleteIn removes path below *slot, which is known to exist, and reports
// whether *slot's container is empty afterwards.
func deleteIn(slot *value.Value, path []segment, compact bool) (value.Value, bool) {
	s := &path[0]
	if s.isIndex {
		a := ownArray(slot)
		idx, _ := arrayIndex(len(a.Items), s.index)
		if len(path) == 1 {
			old := a.Items[idx]
			a.Items = append(a.Items[:idx], a.Items[idx+1:]...)
			return old, len(a.Items) == 0
		}
		old, empty := deleteIn(&a.Items[idx], path[1:], compact)
		if compact && empty {
			a.Items = append(a.Items[:idx], a.Items[idx+1:]...)
		}
		return old, len(a.Items) == 0
	}
	o := ownObject(slot, 0)
	if len(path) == 1 {
		old, _ := o.Delete(s.field)
		return old, o.Len() == 0
	}
	child := o.Slot(s.field, false)
	old, empty := deleteIn(child, path[1:], compact)
	if compact && empty {
		o.Delete(s.field)
	}
	return old, o.Len() == 0
}
