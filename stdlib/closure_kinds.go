package stdlib

import "github.com/matano-go/matano/runtime/vrl/value"

// Helpers for the iterating closure functions (filter, for_each,
// map_keys, map_values).

// coreInnerKinds returns the kinds of the key (bytes for objects, integer
// for arrays) and of the items of a collection argument.
func coreInnerKinds(k value.Kind) (key, item value.Kind) {
	if k.Contains(value.BitObject) {
		key = key.Union(value.KindBytes)
		item = item.Union(coreObjectShape(k).ReducedKind())
	}
	if k.Contains(value.BitArray) {
		key = key.Union(value.KindInteger)
		item = item.Union(coreArrayShape(k).ReducedKind())
	}
	if key.Bits == 0 {
		key = value.Kind{Bits: value.BitBytes | value.BitInteger}
		item = value.KindAny()
	}
	return key, item
}

// coreKeyValueClosure describes a |key, value| (or |index, value|)
// closure over the collection argument 0, returning ret.
func coreKeyValueClosure(ret value.KindBits) func(args *Args) ClosureDef {
	return func(args *Args) ClosureDef {
		key, item := coreInnerKinds(argKind(args, 0))
		return ClosureDef{Params: []value.Kind{key, item}, Return: ret}
	}
}
