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
}

// getPath reads path from v. Missing fields, out-of-range indexes and
// steps into non-containers all give (null, false), as VRL's queries do.
func getPath(v value.Value, path []segment) (value.Value, bool) {
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
		nv, ok := o.Get(s.field)
		if !ok {
			return value.Null, false
		}
		v = nv
	}
	return v, true
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
func ownObject(slot *value.Value) *value.Object {
	o := slot.Obj()
	if o.Shared() {
		o = o.Clone()
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
func setPath(root *value.Value, path []segment, v value.Value) {
	slot := root
	for i := range path {
		s := &path[i]
		if s.isIndex {
			if slot.Type() != value.TypeArray {
				*slot = value.ArrayValue(nil)
			}
			a := ownArray(slot)
			slot = arraySlot(a, s.index)
			continue
		}
		if slot.Type() != value.TypeObject {
			*slot = value.ObjectValue(value.NewSmallObject())
		}
		o := ownObject(slot)
		slot = o.Slot(s.field, true)
	}
	*slot = v
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
	if _, ok := getPath(*root, path); !ok {
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
	o := ownObject(slot)
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
