package stdlib

import (
	"errors"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// coreAssertType builds the type assertion functions (string, int, float,
// bool, timestamp, array, object): the value is returned unchanged when
// it has the kind, and the call fails with "expected X, got Y" otherwise.
// It is infallible when the argument's type is known to be that kind. The
// array and object assertions keep the argument's known shape.
func coreAssertType(ident string, want value.KindBits) *funcDef {
	// The error for a scalar argument is built once: `string(x) ?? ""`
	// on a missing field failed with four allocations per call
	// (fmt.Errorf and the kind names) before `??` dropped the error.
	// (Containers are described by their shape, so built per call.)
	var scalarErrs [value.TypeObject + 1]error
	for t := range scalarErrs {
		if t := value.Type(t); t != value.TypeArray && t != value.TypeObject {
			scalarErrs[t] = errors.New("expected " + KindName(want) + ", got " + t.String())
		}
	}
	return typedFunc(ident, []Param{reqParam("value", value.BitsAny)}, func(args *Args) TypeDef {
		k := argKind(args, 0)
		td := TypeDef{Kind: value.Kind{Bits: want}, Fallible: !k.Is(want)}
		switch {
		case want == value.BitArray && k.Contains(value.BitArray) && k.Array != nil:
			td.Kind.Array = k.Array
		case want == value.BitArray:
			td.Kind = value.KindArrayAny()
		case want == value.BitObject && k.Contains(value.BitObject) && k.Object != nil:
			td.Kind.Object = k.Object
		case want == value.BitObject:
			td.Kind = value.KindObjectAny()
		}
		return td
	}, func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
		if t := args[0].Type(); t.Bit() != want {
			if int(t) < len(scalarErrs) && scalarErrs[t] != nil {
				return value.Null, scalarErrs[t]
			}
			return value.Null, TypeError(want, args[0])
		}
		return args[0], nil
	})
}
