package stdlib

import "github.com/matano-go/matano/runtime/vrl/value"

// filter keeps the items of an array or object for which the closure
// |key, value| (|index, value| for arrays) returns true.
func init() {
	Register(&closureFuncDef{
		funcDef: *typedFunc("filter", []Param{reqParam("value", value.BitObject|value.BitArray)}, func(args *Args) TypeDef {
			return TypeDef{Kind: containerKind(args, 0)}
		}, func(ctx *Context, args []value.Value, _ []bool) (value.Value, error) {
			if args[0].Type() == value.TypeObject {
				out := value.NewObjectCap(args[0].Obj().Len())
				for _, e := range args[0].Obj().Entries() {
					keep, err := ctx.closure2(value.Bytes(e.Key), e.Value)
					if err != nil {
						return value.Null, err
					}
					if keep.Type() == value.TypeBoolean && keep.Bool() {
						out.Set(e.Key, e.Value)
					}
				}
				return value.ObjectValue(out), nil
			}
			out := []value.Value{}
			for i, item := range args[0].Arr().Items {
				keep, err := ctx.closure2(value.Integer(int64(i)), item)
				if err != nil {
					return value.Null, err
				}
				if keep.Type() == value.TypeBoolean && keep.Bool() {
					out = append(out, item)
				}
			}
			return value.ArrayValue(out), nil
		}),
		closureDef: coreKeyValueClosure(value.BitBoolean),
	})
}
