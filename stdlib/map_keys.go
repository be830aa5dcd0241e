package stdlib

import "github.com/matano-go/matano/runtime/vrl/value"

// map_keys renames every key of an object to what the closure |key|
// returns; with recursive, keys of nested objects (also inside arrays) are
// renamed too. When two keys get the same name, the later one (in sorted
// order of the original keys) wins.
func init() {
	Register(&closureFuncDef{
		funcDef: *typedFunc("map_keys", []Param{reqParam("value", value.BitObject), optParam("recursive", value.BitBoolean)}, func(args *Args) TypeDef {
			k := argKind(args, 0)
			return TypeDef{Kind: value.Kind{Bits: value.BitObject, Object: k.Object}}
		}, func(ctx *Context, args []value.Value, present []bool) (value.Value, error) {
			return mapKeys(ctx, args[0], argBool(args, present, 1, false))
		}),
		closureDef: func(*Args) ClosureDef {
			return ClosureDef{Params: []value.Kind{value.KindBytes}, Return: value.BitBytes}
		},
	})
}

func mapKeys(ctx *Context, v value.Value, recursive bool) (value.Value, error) {
	switch v.Type() {
	case value.TypeObject:
		out := value.NewObject(v.Obj().Len())
		for _, e := range v.Obj().Entries() {
			k, err := ctx.closure1(value.Bytes(e.Key))
			if err != nil {
				return value.Null, err
			}
			if k.Type() != value.TypeBytes {
				return value.Null, TypeError(value.BitBytes, k)
			}
			child := e.Value
			if recursive {
				if child, err = mapKeys(ctx, child, true); err != nil {
					return value.Null, err
				}
			}
			out.Set(lossyUTF8(k.Str()), child)
		}
		return value.ObjectValue(out), nil
	case value.TypeArray:
		if !recursive {
			return v, nil
		}
		items := make([]value.Value, v.Arr().Len())
		for i, item := range v.Arr().Items {
			var err error
			if items[i], err = mapKeys(ctx, item, true); err != nil {
				return value.Null, err
			}
		}
		return value.ArrayValue(items), nil
	}
	return v, nil
}
