package stdlib

import "github.com/matano-go/matano/runtime/vrl/value"

// merge returns the fields of to overwritten by those of from; with deep,
// fields that are objects on both sides are merged recursively instead of
// replaced.
func init() {
	params := []Param{reqParam("to", value.BitObject), reqParam("from", value.BitObject), optParam("deep", value.BitBoolean)}
	Register(typedFunc("merge", params, func(args *Args) TypeDef {
		to := value.Kind{Bits: value.BitObject, Object: coreObjectShape(argKind(args, 0))}
		from := value.Kind{Bits: value.BitObject, Object: coreObjectShape(argKind(args, 1))}
		return TypeDef{Kind: to.MergeKeep(from, true)}
	}, func(_ *Context, args []value.Value, present []bool) (value.Value, error) {
		return value.ObjectValue(mergeObjects(args[0].Obj(), args[1].Obj(), argBool(args, present, 2, false))), nil
	}))
}

func mergeObjects(to, from *value.Object, deep bool) *value.Object {
	if !deep {
		return value.MergeObjects(to, from)
	}
	out := to.Clone()
	for _, e := range from.Entries() {
		if old, ok := out.Get(e.Key); ok && old.Type() == value.TypeObject && e.Value.Type() == value.TypeObject {
			out.Set(e.Key, value.ObjectValue(mergeObjects(old.Obj(), e.Value.Obj(), true)))
			continue
		}
		out.Set(e.Key, e.Value)
	}
	return out
}

// coreObjectShape is the object part of a kind (an object of anything
// when the kind is not known to hold objects), as upstream's
// restrict_object.
func coreObjectShape(k value.Kind) *value.Collection {
	if c := k.ObjectShape(); c != nil {
		return c
	}
	return value.KindObjectAny().Object
}
