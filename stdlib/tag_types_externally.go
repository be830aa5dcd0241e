package stdlib

import "github.com/matano-go/matano/runtime/vrl/value"

// tag_types_externally wraps every scalar in an object naming its type
// ({"integer": 1}), recursing into arrays and objects; null stays null.
func init() {
	Register(typedFunc("tag_types_externally", []Param{reqParam("value", value.BitsAny)}, func(args *Args) TypeDef {
		k := argKind(args, 0)
		switch {
		case k.Is(value.BitArray):
			return TypeDef{Kind: value.KindArrayAny()}
		case k.Is(value.BitNull):
			return TypeDef{Kind: value.KindNull}
		}
		return TypeDef{Kind: value.KindObjectAny()}
	}, func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
		return tagTypeExternally(args[0]), nil
	}))
}

func tagTypeExternally(v value.Value) value.Value {
	switch v.Type() {
	case value.TypeNull:
		return v
	case value.TypeArray:
		items := make([]value.Value, v.Arr().Len())
		for i, item := range v.Arr().Items {
			items[i] = tagTypeExternally(item)
		}
		return value.ArrayValue(items)
	case value.TypeObject:
		obj := value.NewObject(v.Obj().Len())
		for _, e := range v.Obj().Entries() {
			obj.Set(e.Key, tagTypeExternally(e.Value))
		}
		return value.ObjectValue(obj)
	}
	obj := value.NewObject(1)
	obj.Set(v.Type().String(), v)
	return value.ObjectValue(obj)
}
