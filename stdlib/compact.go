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
func (o compactOptions) compact(v value.Value) value.Value {
	switch v.Type() {
	case value.TypeObject:
		out := value.NewObject(v.Obj().Len())
		for _, e := range v.Obj().Entries() {
			item := o.nested(e.Value)
			if !o.empty(item) {
				out.Set(e.Key, item)
			}
		}
		return value.ObjectValue(out)
	case value.TypeArray:
		out := make([]value.Value, 0, v.Arr().Len())
		for _, item := range v.Arr().Items {
			item = o.nested(item)
			if !o.empty(item) {
				out = append(out, item)
			}
		}
		return value.ArrayValue(out)
	}
	return v
}

func (o compactOptions) nested(v value.Value) value.Value {
	if o.recursive {
		return o.compact(v)
	}
	return v
}
