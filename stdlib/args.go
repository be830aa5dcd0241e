package stdlib

import (
	"strings"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// Argument readers. At run time an omitted optional argument is null with
// present[i] false; the readers below return upstream's default then. At
// compile time Args describes each argument's kind and, for literals, its
// constant value.

// isPresent reports whether optional argument i was given.
func isPresent(present []bool, i int) bool { return i < len(present) && present[i] }

// argBool returns boolean argument i, or def when it was omitted.
func argBool(args []value.Value, present []bool, i int, def bool) bool {
	if !isPresent(present, i) || args[i].Type() != value.TypeBoolean {
		return def
	}
	return args[i].Bool()
}

// argInt returns integer argument i, or def when it was omitted.
func argInt(args []value.Value, present []bool, i int, def int64) int64 {
	if !isPresent(present, i) || args[i].Type() != value.TypeInteger {
		return def
	}
	return args[i].Int()
}

// argStr returns bytes argument i as is, or def when it was omitted.
func argStr(args []value.Value, present []bool, i int, def string) string {
	if !isPresent(present, i) || args[i].Type() != value.TypeBytes {
		return def
	}
	return args[i].Str()
}

// argText returns bytes argument i as text, invalid UTF-8 replaced as
// VRL's try_bytes_utf8_lossy does, or def when it was omitted.
func argText(args []value.Value, present []bool, i int, def string) string {
	if !isPresent(present, i) || args[i].Type() != value.TypeBytes {
		return def
	}
	return lossyUTF8(args[i].Str())
}

// constArg returns the constant value of argument i when the call gives a
// literal (or a constant expression of literals) there.
func constArg(args *Args, i int) (value.Value, bool) {
	a := args.Get(i)
	if !a.Present || a.Const == nil {
		return value.Null, false
	}
	return *a.Const, true
}

// constStr returns argument i as a constant string.
func constStr(args *Args, i int) (string, bool) {
	v, ok := constArg(args, i)
	if !ok || v.Type() != value.TypeBytes {
		return "", false
	}
	return v.Str(), true
}

// constValidUpper reports whether optional argument i is omitted or a
// constant string that valid accepts after upper-casing: upstream's rule
// for calling crc, hmac and xxhash infallible.
func constValidUpper(args *Args, i int, valid func(string) bool) bool {
	if !args.Get(i).Present {
		return true
	}
	s, ok := constStr(args, i)
	return ok && valid(strings.ToUpper(lossyUTF8(s)))
}

// argKind returns the static type of argument i (any when unknown, as a
// function compiled without type information must assume the worst).
func argKind(args *Args, i int) value.Kind {
	a := args.Get(i)
	if !a.Present || a.Kind.Bits == 0 {
		return value.KindAny()
	}
	return a.Kind
}

// arrayOfKinds reports whether k is an array whose every element is known
// to be one of bits.
func arrayOfKinds(k value.Kind, bits value.KindBits) bool {
	if !k.Is(value.BitArray) || k.Array == nil {
		return false
	}
	for _, e := range k.Array.Known {
		if !e.Is(bits) {
			return false
		}
	}
	return k.Array.Unknown == nil || k.Array.Unknown.Is(bits)
}

// containerKind is an array and/or an object of anything, as argument i
// may be an array and/or an object.
func containerKind(args *Args, i int) value.Kind {
	k := argKind(args, i)
	var out value.Kind
	if k.Contains(value.BitArray) {
		out = out.Union(value.KindArrayAny())
	}
	if k.Contains(value.BitObject) {
		out = out.Union(value.KindObjectAny())
	}
	return out
}

// fallibleContainerType is the type of set and remove: their first
// argument's container kinds, fallible as upstream declares them.
func fallibleContainerType(args *Args) TypeDef {
	return TypeDef{Kind: containerKind(args, 0), Fallible: true}
}
