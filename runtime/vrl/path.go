package vrl

import (
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

// A path step looks its field up trying the index remembered in hints
// first and remembering the answer. getPath and setPath test the
// remembered index themselves (at, which inlines) and call findAt only
// when it is wrong: it is right for most lookups, and the calls saved per
// path step were about 1% of BenchmarkIngestTransform's instructions.

// at reports whether e[h] is the step's field.
func (s *segment) at(e []value.Entry, h int) bool {
	return uint(h) < uint(len(e)) && e[h].Key == s.field
}

// findAt looks the step's field up in o past a wrong remembered index
// (Object.FindFrom, which walks from it) and remembers the answer.
func (s *segment) findAt(o *value.Object, hints []int32) (int, bool) {
	h := &hints[s.site]
	j, ok := o.FindFrom(s.field, int(*h))
	*h = int32(j)
	return j, ok
}

// getPath reads path from v. Missing fields, out-of-range indexes and
// steps into non-containers all give (null, false), as VRL's queries do.
//
// hints is the frame's per-site memory of where each field step found its
// field (nil outside a run). Events of one source have the same shape, so
// `j.eventName` sits at the same index event after event, and one string
// comparison replaces a binary search. A frame belongs to one run at a
// time, so the hints need no synchronisation.
func getPath(v value.Value, path []segment, hints []int32) (value.Value, bool) {
	for i := range path {
		s := &path[i]
		if s.isIndex {
			a := v.Arr()
			if a == nil {
				return value.Null, false
			}
			idx, ok := arrayIndex(len(a.Items), s.index)
			if !ok || idx >= len(a.Items) {
				return value.Null, false
			}
			v = a.Items[idx]
			continue
		}
		o := v.Obj()
		if o == nil {
			return value.Null, false
		}
		var j int
		var ok bool
		switch {
		case hints == nil:
			j, ok = o.Find(s.field)
		case s.at(o.Entries(), int(hints[s.site])):
			j, ok = int(hints[s.site]), true
		default:
			j, ok = s.findAt(o, hints)
		}
		if !ok {
			return value.Null, false
		}
		v = *o.ValueAt(j)
	}
	return v, true
}

// getField is getPath for a path of one field step in a run (hints not
// nil): the most common read (`j.eventName`), without getPath's loop.
func getField(v value.Value, s *segment, hints []int32) value.Value {
	o := v.Obj()
	if o == nil {
		return value.Null
	}
	e := o.Entries()
	if h := int(hints[s.site]); s.at(e, h) {
		return e[h].Value
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
func setPath(root *value.Value, path []segment, v value.Value, hints []int32, arena *value.Arena) *value.Object {
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
		if h := int(hints[s.site]); s.at(o.Entries(), h) {
			slot = o.ValueAt(h)
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

// setField is setPath's last step for an object o the event owns: it
// stores v in o's field s.
func setField(o *value.Object, s *segment, v value.Value, hints []int32) {
	if h := int(hints[s.site]); s.at(o.Entries(), h) {
		*o.ValueAt(h) = v
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
	if _, ok := getPath(*root, path, nil); !ok {
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
