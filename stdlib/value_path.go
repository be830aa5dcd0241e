package stdlib

import (
	"fmt"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// Paths given as arrays of segments (get, set, remove) and the value
// operations upstream's Value::get/insert/remove perform along them.
// Insertions and removals copy every container on the way down, so the
// argument is never mutated.

// corePathSeg is one path segment: an object field or an array index
// (negative indexes count from the end).
type corePathSeg struct {
	field   string
	index   int64
	isIndex bool
}

// coreParsePath reads a path array: strings are fields, integers indexes.
func coreParsePath(path value.Value) ([]corePathSeg, error) {
	items := path.Arr().Items
	segs := make([]corePathSeg, len(items))
	for i, item := range items {
		switch item.Type() {
		case value.TypeBytes:
			segs[i] = corePathSeg{field: lossyUTF8(item.Str())}
		case value.TypeInteger:
			segs[i] = corePathSeg{index: item.Int(), isIndex: true}
		default:
			return nil, fmt.Errorf("path segment must be either string or integer, not %s", item.KindString())
		}
	}
	return segs, nil
}

// coreArrayIndex resolves a possibly negative index against an array of
// length n; ok is false when it points before the start.
func coreArrayIndex(i int64, n int) (int, bool) {
	if i < 0 {
		i += int64(n)
		if i < 0 {
			return 0, false
		}
	}
	if i > int64(n) {
		return n + 1, true
	}
	return int(i), true
}

// coreGetPath returns the value at path, and false when there is none.
func coreGetPath(v value.Value, path []corePathSeg) (value.Value, bool) {
	for _, seg := range path {
		switch {
		case !seg.isIndex && v.Type() == value.TypeObject:
			child, ok := v.Obj().Get(seg.field)
			if !ok {
				return value.Null, false
			}
			v = child
		case seg.isIndex && v.Type() == value.TypeArray:
			items := v.Arr().Items
			i, ok := coreArrayIndex(seg.index, len(items))
			if !ok || i >= len(items) {
				return value.Null, false
			}
			v = items[i]
		default:
			return value.Null, false
		}
	}
	return v, true
}

// coreInsertPath returns cur with data stored at path. Containers of the
// wrong type on the way are replaced by new ones; arrays grow with nulls
// (at the end for an index past it, at the start for a negative index
// before it).
func coreInsertPath(cur value.Value, path []corePathSeg, data value.Value) value.Value {
	if len(path) == 0 {
		return data
	}
	seg, rest := path[0], path[1:]
	if !seg.isIndex {
		var obj *value.Object
		child := value.Null
		if cur.Type() == value.TypeObject {
			obj = cur.Obj().Clone()
			child, _ = obj.Get(seg.field)
		} else {
			obj = value.NewObject(1)
		}
		obj.Set(seg.field, coreInsertPath(child, rest, data))
		return value.ObjectValue(obj)
	}
	var items []value.Value
	if cur.Type() == value.TypeArray {
		items = cur.Arr().Clone().Items
	}
	child := value.Null
	if i, ok := coreArrayIndex(seg.index, len(items)); ok && i < len(items) {
		child = items[i]
	}
	newChild := coreInsertPath(child, rest, data)
	if seg.index >= 0 {
		for int64(len(items)) <= seg.index {
			items = append(items, value.Null)
		}
		items[seg.index] = newChild
		return value.ArrayValue(items)
	}
	need := int(-seg.index)
	if len(items) < need {
		pad := make([]value.Value, need-len(items))
		pad[0] = newChild
		return value.ArrayValue(append(pad, items...))
	}
	items[len(items)-need] = newChild
	return value.ArrayValue(items)
}

// coreRemovePath returns root without the value at path. With compact,
// containers left empty by the removal are removed too. A path that leads
// nowhere leaves root unchanged; an empty path empties root.
func coreRemovePath(root value.Value, path []corePathSeg, compact bool) value.Value {
	if len(path) == 0 {
		switch root.Type() {
		case value.TypeObject:
			return value.ObjectValue(value.NewObject(0))
		case value.TypeArray:
			return value.ArrayValue([]value.Value{})
		}
		return value.Null
	}
	if out, found, _ := coreRemoveIn(root, path, compact); found {
		return out
	}
	return root
}

// coreRemoveIn removes path[0] (and below it path[1:]) from the container
// c. It reports whether something was removed and whether the new
// container is empty.
func coreRemoveIn(c value.Value, path []corePathSeg, compact bool) (value.Value, bool, bool) {
	seg, rest := path[0], path[1:]
	switch {
	case !seg.isIndex && c.Type() == value.TypeObject:
		child, ok := c.Obj().Get(seg.field)
		if !ok {
			return c, false, false
		}
		obj := c.Obj().Clone()
		if len(rest) == 0 {
			obj.Delete(seg.field)
			return value.ObjectValue(obj), true, obj.Len() == 0
		}
		newChild, found, empty := coreRemoveIn(child, rest, compact)
		if !found {
			return c, false, false
		}
		if compact && empty {
			obj.Delete(seg.field)
		} else {
			obj.Set(seg.field, newChild)
		}
		return value.ObjectValue(obj), true, obj.Len() == 0
	case seg.isIndex && c.Type() == value.TypeArray:
		items := c.Arr().Items
		i, ok := coreArrayIndex(seg.index, len(items))
		if !ok || i >= len(items) {
			return c, false, false
		}
		var out []value.Value
		if len(rest) == 0 {
			out = append(append(out, items[:i]...), items[i+1:]...)
			return value.ArrayValue(out), true, len(out) == 0
		}
		newChild, found, empty := coreRemoveIn(items[i], rest, compact)
		if !found {
			return c, false, false
		}
		if compact && empty {
			out = append(append(out, items[:i]...), items[i+1:]...)
		} else {
			out = append(out, items...)
			out[i] = newChild
		}
		return value.ArrayValue(out), true, len(out) == 0
	}
	return c, false, false
}
