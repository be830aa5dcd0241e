package stdlib

import "github.com/matano-go/matano/runtime/vrl/value"

// for_each runs the closure |key, value| (|index, value| for arrays) on
// every item of an array or object, for its side effects; it returns null.
func init() {
	Register(&closureFuncDef{
		funcDef: funcDef{
			ident:  "for_each",
			params: []Param{reqParam("value", value.BitObject|value.BitArray)},
			compile: func(*Args) (Call, error) {
				return &funcCall{td: TypeDef{Kind: value.KindNull}, eval: forEach}, nil
			},
		},
		closureDef: coreKeyValueClosure(0),
	})
}

func forEach(ctx *Context, args []value.Value, _ []bool) (value.Value, error) {
	if args[0].Type() == value.TypeObject {
		for _, e := range args[0].Obj().Entries() {
			if _, err := ctx.closure2(value.Bytes(e.Key), e.Value); err != nil {
				return value.Null, err
			}
		}
		return value.Null, nil
	}
	for i, item := range args[0].Arr().Items {
		if _, err := ctx.closure2(value.Integer(int64(i)), item); err != nil {
			return value.Null, err
		}
	}
	return value.Null, nil
}
