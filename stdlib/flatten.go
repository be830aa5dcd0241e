package stdlib

import "github.com/matano-go/matano/runtime/vrl/value"

// flatten flattens nested arrays into one array, or nested objects into
// one object whose keys are the paths joined by separator ("." by
// default). Objects under a key listed in except (a literal array of
// strings) are kept nested.
func init() {
	params := []Param{
		reqParam("value", value.BitObject|value.BitArray),
		optParam("separator", value.BitBytes),
		optParam("except", value.BitArray),
	}
	Register(&funcDef{ident: "flatten", params: params, compile: func(args *Args) (Call, error) {
		except := map[string]bool{}
		if args.Get(2).Present {
			list, ok := constArg(args, 2)
			if !ok || list.Type() != value.TypeArray {
				return nil, expectedStatic(2, "except")
			}
			for _, item := range list.Arr().Items {
				if item.Type() != value.TypeBytes {
					return nil, invalidArgument(2, "except", item, "expected a string value")
				}
				except[lossyUTF8(item.Str())] = true
			}
		}
		td := TypeDef{Kind: value.KindObjectAny()}
		if argKind(args, 0).Is(value.BitArray) {
			td.Kind = value.KindArrayAny()
		}
		return &funcCall{td: td, eval: func(_ *Context, a []value.Value, present []bool) (value.Value, error) {
			if a[0].Type() == value.TypeArray {
				return value.ArrayValue(flattenArray(nil, a[0].Arr().Items)), nil
			}
			sep := lossyUTF8(argStr(a, present, 1, "."))
			out := value.NewObject(a[0].Obj().Len())
			flattenObject(out, "", sep, a[0].Obj(), except)
			return value.ObjectValue(out), nil
		}}, nil
	}})
}

func flattenArray(dst, items []value.Value) []value.Value {
	for _, item := range items {
		if item.Type() == value.TypeArray {
			dst = flattenArray(dst, item.Arr().Items)
		} else {
			dst = append(dst, item)
		}
	}
	return dst
}

func flattenObject(dst *value.Object, prefix, sep string, obj *value.Object, except map[string]bool) {
	for _, e := range obj.Entries() {
		key := e.Key
		if prefix != "" {
			key = prefix + sep + e.Key
		}
		if e.Value.Type() == value.TypeObject && !except[e.Key] {
			flattenObject(dst, key, sep, e.Value.Obj(), except)
			continue
		}
		dst.Set(key, e.Value)
	}
}
