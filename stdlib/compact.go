package stdlib

import (
	"slices"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// compact removes "empty" items from an array or object: by default null,
// "", [] and {}, recursively; each kind of emptiness can be switched off,
// and nullish: true also removes "-" and white-space-only strings.
func init() {
	params := []Param{
		reqParam("value", value.BitObject|value.BitArray),
		optParam("recursive", value.BitBoolean),
		optParam("null", value.BitBoolean),
		optParam("string", value.BitBoolean),
		optParam("object", value.BitBoolean),
		optParam("array", value.BitBoolean),
		optParam("nullish", value.BitBoolean),
	}
	Register(typedFunc("compact", params, func(args *Args) TypeDef {
		if argKind(args, 0).Is(value.BitArray) {
			return TypeDef{Kind: value.KindArrayAny()}
		}
		return TypeDef{Kind: value.KindObjectAny()}
	}, func(_ *Context, args []value.Value, present []bool) (value.Value, error) {
		if !slices.Contains(present[1:], true) {
			// The finish step's `compact(.)`: no options to read.
			return compactDefaults.compact(args[0]), nil
		}
		o := compactOptions{
			recursive: argBool(args, present, 1, true),
			null:      argBool(args, present, 2, true),
			string:    argBool(args, present, 3, true),
			object:    argBool(args, present, 4, true),
			array:     argBool(args, present, 5, true),
			nullish:   argBool(args, present, 6, false),
		}
		return o.compact(args[0]), nil
	}))
}

type compactOptions struct {
	recursive, null, string, object, array, nullish bool
}

// compactDefaults are the options of a call that gives none.
var compactDefaults = &compactOptions{recursive: true, null: true, string: true, object: true, array: true}

// compact compacts a container's items (after compacting nested
// containers when recursive, so a container emptied by it goes too).
//
// A container with nothing to remove is returned as is rather than
// rebuilt: the interpreter marks arguments shared before the call, so
// the result may alias the argument (see value/share.go). Most of an
// event's objects are already compact, and rebuilding all of them was
// 12% of an ingest profile (the finish step compacts every record).
func (o *compactOptions) compact(v value.Value) value.Value {
	switch v.Type() {
	case value.TypeObject:
		if out, changed := o.compactObject(v.Obj(), false); changed {
			return value.ObjectValue(out)
		}
	case value.TypeArray:
		if out, changed := o.compactArray(v.Arr(), false); changed {
			return value.ArrayOf(out)
		}
	}
	return v
}

// The walk below reads items in place through pointers and returns a new
// value only for an item that changes: ingest's finish step compacts
// every event, visiting every field, and copying each Value and Entry
// (48 and 64 bytes at the time) in and out of helper calls made the walk of an already
// compact ~45-field event cost 1.4 µs of CPU (0.55 µs now,
// BenchmarkIngestCalls/compact/event_compact). A nested container that
// compacts to nothing is not built at all when it is going to be dropped:
// the `error: {code: null, message: null}` of most CloudTrail records
// cost an allocation for nothing (compacting such an event: 3.0 µs and
// 2 allocations before, 1.4 µs and 1 now).

// compactAction is what compaction does with one item.
type compactAction uint8

const (
	compactKeep    compactAction = iota // the item stays as it is
	compactDrop                         // the item is empty: removed
	compactReplace                      // a nested container changed
)

// emptyScalar reports whether a scalar item is removed. It is inlined in
// the walk's loops, and the nullish test (a call) runs only with nullish:
// a call per field was a third of the walk.
func (o *compactOptions) emptyScalar(v *value.Value) bool {
	switch v.Type() {
	case value.TypeNull:
		return o.null
	case value.TypeBytes:
		return o.string && v.Str() == ""
	}
	return false
}

// container decides the fate of an array or object item; for
// compactReplace, repl is its compacted self. (Scalars, most of an
// event, are decided inline by emptyScalar.)
func (o *compactOptions) container(v *value.Value) (act compactAction, repl value.Value) {
	switch v.Type() {
	case value.TypeObject:
		obj := v.Obj()
		if o.recursive {
			c, changed := o.compactObject(obj, o.object)
			if changed && c == nil {
				return compactDrop, repl
			}
			if changed {
				obj, act, repl = c, compactReplace, value.ObjectValue(c)
			}
		}
		if o.object && obj.Len() == 0 {
			return compactDrop, repl
		}
		return act, repl
	case value.TypeArray:
		arr := v.Arr()
		if o.recursive {
			c, changed := o.compactArray(arr, o.array)
			if changed && c == nil {
				return compactDrop, repl
			}
			if changed {
				arr, act, repl = c, compactReplace, value.ArrayOf(c)
			}
		}
		if o.array && arr.Len() == 0 {
			return compactDrop, repl
		}
		return act, repl
	}
	return compactKeep, repl
}

// compactObject returns obj compacted and true, or nil and false when
// nothing changes (the common case, which allocates nothing). With
// dropEmpty, a result with no fields is not built: nil and true.
func (o *compactOptions) compactObject(obj *value.Object, dropEmpty bool) (*value.Object, bool) {
	entries := obj.Entries()
	var out *value.Object
	changed := false
	kept := 0 // entries kept before the first change, not yet copied to out
	for i := range entries {
		e := &entries[i]
		var act compactAction
		var repl value.Value
		if e.Value.Type() >= value.TypeArray {
			act, repl = o.container(&e.Value)
		} else if o.emptyScalar(&e.Value) || (o.nullish && coreIsNullish(e.Value)) {
			act = compactDrop
		}
		if !changed {
			if act == compactKeep {
				continue
			}
			changed, kept = true, i
		}
		if act == compactDrop {
			continue
		}
		if out == nil {
			// Entries kept..i-1 were dropped: the rest fits in the
			// prefix plus what remains.
			out = newCompactObject(entries[:kept], kept+len(entries)-i)
		}
		if act == compactReplace {
			out.Set(e.Key, repl)
		} else {
			out.Set(e.Key, e.Value)
		}
	}
	if changed && out == nil && (kept > 0 || !dropEmpty) {
		out = newCompactObject(entries[:kept], kept)
	}
	return out, changed
}

// newCompactObject starts a compacted object with the kept entries
// before the first change, with room for size fields.
func newCompactObject(prefix []value.Entry, size int) *value.Object {
	out := value.NewObjectCap(size)
	// Keys arrive in sorted order, so each Set appends.
	for j := range prefix {
		out.Set(prefix[j].Key, prefix[j].Value)
	}
	return out
}

// compactArray returns arr compacted and true, or nil and false when
// nothing changes; with dropEmpty, an array compacted to no items is not
// built (nil and true). The new array is sized for every item and cut to
// the kept ones, so it takes one allocation (value.NewArrayLen) when
// small.
func (o *compactOptions) compactArray(arr *value.Array, dropEmpty bool) (*value.Array, bool) {
	items := arr.Items
	var out *value.Array
	changed := false
	kept := 0 // items kept before the first change, not yet copied to out
	n := 0    // items in out
	for i := range items {
		var act compactAction
		var repl value.Value
		if items[i].Type() >= value.TypeArray {
			act, repl = o.container(&items[i])
		} else if o.emptyScalar(&items[i]) || (o.nullish && coreIsNullish(items[i])) {
			act = compactDrop
		}
		if !changed {
			if act == compactKeep {
				continue
			}
			changed, kept = true, i
		}
		if act == compactDrop {
			continue
		}
		if out == nil {
			out = value.NewArrayLen(kept + len(items) - i)
			n = copy(out.Items, items[:kept])
		}
		if act == compactReplace {
			out.Items[n] = repl
		} else {
			out.Items[n] = items[i]
		}
		n++
	}
	switch {
	case out != nil:
		out.Items = out.Items[:n]
	case changed && (kept > 0 || !dropEmpty):
		out = value.NewArrayLen(kept)
		copy(out.Items, items[:kept])
	}
	return out, changed
}

// CompactOwned is compact(v) with its default options, for a Go caller
// that owns v: the containers of v that are not marked shared are
// compacted in place and returned as themselves, so compacting an owned
// event allocates nothing. The caller must hold the only reference to
// every unshared container in v, the interpreter's own rule for them
// (value/share.go); shared containers are never changed, and one that
// compacts to something else is replaced by a new one, as compact does.
//
// It exists for ingest's finish step, which compacts every transformed
// event: an event as a transform leaves it is owned (the transform's
// fresh objects under a copy of the shared input's root), and most
// events lose a field or two (CloudTrail's all-null error object), which
// made compact copy the root object of every record. Called through the
// stdlib.Call interface, the argument slices escaped too. (The finish
// step went from 4 allocations a record to none: ingest's finish.go.)
// The stdlib function itself never changes its argument: the interpreter
// may pass an unshared value it still holds (`. = compact(.)` moves the
// event).
func CompactOwned(v value.Value) value.Value {
	switch v.Type() {
	case value.TypeObject:
		if obj := v.Obj(); !obj.Shared() {
			compactObjectOwned(obj)
			return v
		}
	case value.TypeArray:
		if arr := v.Arr(); !arr.Shared() {
			compactArrayOwned(arr)
			return v
		}
	}
	return compactDefaults.compact(v)
}

// The in-place walk below knows its options (CompactOwned's are always
// the defaults: null, "", [] and {} removed, recursively), so it decides
// an item by its type alone, and it descends into an unshared child
// object straight from the loop, one call per nested object rather than
// two. Kept fields are moved down over the removed ones as it goes and
// the object is cut once at the end (Object.Truncate), where it called Object.Delete per removed field: a
// search and a shift of the later fields, ~330 instructions each, three
// of them (error.code, error.message, then error) on two CloudTrail
// records in three. With compactSharedQuick this took the compact of
// BenchmarkFinish's CloudTrail records from 3,990 to 2,640 instructions
// a record and the whole finish step from 4,630 to 3,270 (callgrind,
// GOMAXPROCS=1, GOGC=off), still with no allocation.

// compactObjectOwned compacts an unshared object in place.
//
// The slots past the new end are not cleared: each holds either a
// removed item (null, "", or an empty container) or a stale copy of a
// field that moved down, so they keep alive nothing the object does not,
// and growing the object again writes over them.
func compactObjectOwned(obj *value.Object) {
	entries := obj.Entries()
	n := 0
	for i := range entries {
		e := &entries[i]
		switch e.Value.Type() {
		case value.TypeNull:
			continue
		case value.TypeBytes:
			if e.Value.Str() == "" {
				continue
			}
		case value.TypeObject:
			// Inline rather than through compactItemOwned: one call
			// per nested object instead of two.
			if c := e.Value.Obj(); !c.Shared() {
				compactObjectOwned(c)
				if c.Len() == 0 {
					continue
				}
			} else if compactShared(&e.Value) {
				continue
			}
		case value.TypeArray:
			if compactItemOwned(&e.Value) {
				continue
			}
		}
		if n != i {
			// Field by field: a whole-Entry store is a runtime.wbMove
			// call (see value.setEntry).
			entries[n].Key = e.Key
			entries[n].Value = e.Value
		}
		n++
	}
	obj.Truncate(n)
}

// compactArrayOwned compacts an unshared array in place, keeping its
// storage; the slots freed at the end are cleared so that they hold on
// to nothing. Items are moved only after a removal: storing an item in
// its own place costs a write barrier while the GC runs.
func compactArrayOwned(arr *value.Array) {
	items := arr.Items
	n := 0
	for i := range items {
		switch items[i].Type() {
		case value.TypeNull:
			continue
		case value.TypeBytes:
			if items[i].Str() == "" {
				continue
			}
		case value.TypeArray, value.TypeObject:
			if compactItemOwned(&items[i]) {
				continue
			}
		}
		if n != i {
			items[n] = items[i]
		}
		n++
	}
	if n < len(items) {
		clear(items[n:])
		arr.Items = items[:n]
	}
}

// compactItemOwned compacts the array or object item *v, of an unshared
// parent, and reports whether it is to be removed. An unshared item is
// compacted in place; a shared one is compactShared's.
func compactItemOwned(v *value.Value) (drop bool) {
	switch v.Type() {
	case value.TypeObject:
		if obj := v.Obj(); !obj.Shared() {
			compactObjectOwned(obj)
			return obj.Len() == 0
		}
	case value.TypeArray:
		if arr := v.Arr(); !arr.Shared() {
			compactArrayOwned(arr)
			return arr.Len() == 0
		}
	}
	return compactShared(v)
}

// compactShared decides the shared container item *v of an unshared
// parent: it is never changed, and *v is replaced by its compacted copy
// when that differs (container's rule). It reports whether the item is
// to be removed.
func compactShared(v *value.Value) (drop bool) {
	if drop, settled := compactSharedQuick(v); settled {
		return drop
	}
	act, repl := compactDefaults.container(v)
	if act == compactReplace {
		*v = repl
	}
	return act == compactDrop
}

// compactSharedQuick settles the shared containers a transformed event
// mostly holds without container's machinery: one whose items are all
// scalars that stay is kept as it is, and one whose items are all
// removed outright (null, "", [] or {}; none at all included) is
// removed. Anything else (a mix of the two, or a non-empty nested
// container) is not settled: false, for container to decide. Those
// shared containers are array literals the interpreter shares between
// events (CloudTrail's event.type ["info"] and event.category), input
// fields copied whole, and the related: {hash: [], ip: [], user: []}
// the decoder gives every record, whose lists the transform mostly
// leaves empty. Settling the two literals through container and
// compactArray cost ~130 instructions each, this loop ~25 (callgrind).
func compactSharedQuick(v *value.Value) (drop, settled bool) {
	kept, removed := 0, 0
	switch v.Type() {
	case value.TypeArray:
		items := v.Arr().Items
		for i := range items {
			switch compactClass(&items[i]) {
			case compactKeep:
				kept++
			case compactDrop:
				removed++
			default:
				return false, false
			}
		}
	case value.TypeObject:
		entries := v.Obj().Entries()
		for i := range entries {
			switch compactClass(&entries[i].Value) {
			case compactKeep:
				kept++
			case compactDrop:
				removed++
			default:
				return false, false
			}
		}
	default:
		return false, false
	}
	switch {
	case kept == 0:
		return true, true
	case removed == 0:
		return false, true
	}
	return false, false
}

// compactClass sorts an item for compactSharedQuick with the default
// options: compactKeep for a scalar that stays, compactDrop for null,
// "", [] and {}, and compactReplace (here: "look inside") for a
// non-empty container.
func compactClass(v *value.Value) compactAction {
	switch v.Type() {
	case value.TypeNull:
		return compactDrop
	case value.TypeBytes:
		if v.Str() == "" {
			return compactDrop
		}
	case value.TypeArray:
		if v.Arr().Len() == 0 {
			return compactDrop
		}
		return compactReplace
	case value.TypeObject:
		if v.Obj().Len() == 0 {
			return compactDrop
		}
		return compactReplace
	}
	return compactKeep
}
