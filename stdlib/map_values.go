package stdlib

import "github.com/matano-go/matano/runtime/vrl/value"

// map_values replaces every value of an object or array with what the
// closure |value| returns. With recursive, the closure sees each nested
// container first and then, if it returned a container, that container's
// items.
func init() {
	Register(&closureFuncDef{
		funcDef: funcDef{
			ident:  "map_values",
			params: []Param{reqParam("value", value.BitObject|value.BitArray), optParam("recursive", value.BitBoolean)},
			compile: func(args *Args) (Call, error) {
				k := argKind(args, 0)
				ret := value.KindAny()
				if args.Closure != nil && args.Closure.Kind.Bits != 0 {
					ret = args.Closure.Kind
				}
				return &funcCall{td: TypeDef{Kind: mapValuesKind(k, ret, true)}, eval: func(ctx *Context, a []value.Value, present []bool) (value.Value, error) {
					return mapValues(ctx, a[0], argBool(a, present, 1, false))
				}}, nil
			},
		},
		closureDef: func(args *Args) ClosureDef {
			_, item := coreInnerKinds(argKind(args, 0))
			return ClosureDef{Params: []value.Kind{item}}
		},
	})
}

// mapValuesKind is upstream's type rule: every known position of the
// collection (at any depth) takes the closure's return kind.
func mapValuesKind(k, ret value.Kind, root bool) value.Kind {
	if !root {
		return ret
	}
	out := k
	if k.Object != nil {
		c := &value.Collection{Known: map[string]value.Kind{}, Unknown: k.Object.Unknown}
		for f := range k.Object.Known {
			c.Known[f] = ret
		}
		out.Object = c
	}
	if k.Array != nil {
		c := &value.Collection{Known: map[string]value.Kind{}, Unknown: k.Array.Unknown}
		for f := range k.Array.Known {
			c.Known[f] = ret
		}
		out.Array = c
	}
	return out
}

// mapValues builds the result in one allocation when small
// (value.NewObjectCap, value.NewArrayLen), or none when the interpreter
// gives the run's arena (Context.Arena): the transform's
// `map_values(array(j.resources) ?? []) -> |r| { r.ARN }` runs per record.
func mapValues(ctx *Context, v value.Value, recursive bool) (value.Value, error) {
	mapItem := func(item value.Value) (value.Value, error) {
		out, err := ctx.closure1(item)
		if err != nil {
			return value.Null, err
		}
		wasContainer := item.Type() == value.TypeObject || item.Type() == value.TypeArray
		if recursive && wasContainer {
			return mapValues(ctx, out, true)
		}
		return out, nil
	}
	switch v.Type() {
	case value.TypeObject:
		out := ctx.newObject(v.Obj().Len())
		for _, e := range v.Obj().Entries() {
			item, err := mapItem(e.Value)
			if err != nil {
				return value.Null, err
			}
			out.Set(e.Key, item)
		}
		return value.ObjectValue(out), nil
	case value.TypeArray:
		out := ctx.newArray(v.Arr().Len())
		for i, item := range v.Arr().Items {
			var err error
			if out.Items[i], err = mapItem(item); err != nil {
				return value.Null, err
			}
		}
		return value.ArrayOf(out), nil
	}
	return v, nil
}
