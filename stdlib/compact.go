package stdlib

import "github.com/matano-go/matano/runtime/vrl/value"

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

func (o compactOptions) empty(v value.Value) bool {
	if o.nullish && coreIsNullish(v) {
		return true
	}
	switch v.Type() {
	case value.TypeBytes:
		return o.string && v.Str() == ""
	case value.TypeNull:
		return o.null
	case value.TypeObject:
		return o.object && v.Obj().Len() == 0
	case value.TypeArray:
		return o.array && v.Arr().Len() == 0
	}
	return false
}

// compact compacts a container's items (after compacting nested
// containers when recursive, so a container emptied by it goes too).
//
// A container with nothing to remove is returned as is rather than
// rebuilt: the interpreter marks arguments shared before the call, so
// the result may alias the argument (see value/share.go). Most of an
// event's objects are already compact, and rebuilding all of them was
// 12% of an ingest profile (the finish step compacts every record).
func (o compactOptions) compact(v value.Value) value.Value {
	switch v.Type() {
	case value.TypeObject:
		entries := v.Obj().Entries()
		var out *value.Object // nil while every entry is kept unchanged
		for i, e := range entries {
			item := o.nested(e.Value)
			keep := !o.empty(item)
			if out == nil {
				if keep && sameContainer(item, e.Value) {
					continue
				}
				out = value.NewObjectCap(len(entries))
				for _, prev := range entries[:i] {
					out.Set(prev.Key, prev.Value)
				}
			}
			if keep {
				out.Set(e.Key, item)
			}
		}
		if out == nil {
			return v
		}
		return value.ObjectValue(out)
	case value.TypeArray:
		items := v.Arr().Items
		var out []value.Value
		changed := false
		for i, item := range items {
			c := o.nested(item)
			keep := !o.empty(c)
			if !changed {
				if keep && sameContainer(c, item) {
					continue
				}
				changed = true
				out = make([]value.Value, i, len(items))
				copy(out, items[:i])
			}
			if keep {
				out = append(out, c)
			}
		}
		if !changed {
			return v
		}
		return value.ArrayValue(out)
	}
	return v
}

// sameContainer reports whether nested (compact's result for an item)
// is the item itself: a scalar, or the very container it was given.
func sameContainer(nested, item value.Value) bool {
	switch item.Type() {
	case value.TypeObject:
		return nested.Type() == value.TypeObject && nested.Obj() == item.Obj()
	case value.TypeArray:
		return nested.Type() == value.TypeArray && nested.Arr() == item.Arr()
	}
	return true
}

// nested is an item after compacting it when recursive. Only containers
// (the types from TypeArray on) change, so scalars skip the call (compact's finish step visits every
// field of every event).
func (o compactOptions) nested(v value.Value) value.Value {
	if t := v.Type(); o.recursive && t >= value.TypeArray {
		return o.compact(v)
	}
	return v
}
