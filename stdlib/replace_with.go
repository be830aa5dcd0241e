package stdlib

import (
	"errors"
	"strings"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// replace_with replaces the matches of a regex with what a closure returns
// for each. The closure gets one object: "string" (the whole match),
// "captures" (the groups, null when a group did not take part) and one
// field per named group.
func init() {
	bytesOrNull := value.Kind{Bits: value.BitBytes | value.BitNull}
	match := value.KindObjectOf(map[string]value.Kind{
		"string":   value.KindBytes,
		"captures": value.KindArrayOf(nil, bytesOrNull.Ptr()),
	}, bytesOrNull.Ptr())
	Register(&closureFuncDef{
		funcDef: funcDef{
			ident: "replace_with",
			params: []Param{
				reqParam("value", value.BitBytes),
				reqParam("pattern", value.BitRegex),
				optParam("count", value.BitInteger),
			},
			compile: func(*Args) (Call, error) {
				return &funcCall{td: TypeDef{Kind: value.KindBytes}, eval: replaceWith}, nil
			},
		},
		closureDef: func(*Args) ClosureDef {
			return ClosureDef{Params: []value.Kind{match}, Return: value.BitBytes}
		},
	})
}

func replaceWith(ctx *Context, args []value.Value, present []bool) (value.Value, error) {
	re := args[1].Re()
	names := re.SubexpNames()
	for _, n := range names {
		if n == "string" || n == "captures" {
			return value.Null, errors.New(`Capture group cannot be named "string" or "captures"`)
		}
	}
	count := argInt(args, present, 2, -1)
	if count == 0 {
		return args[0], nil
	}
	s := lossyUTF8(args[0].Str())
	n := -1
	if count > 0 {
		n = int(min(count, int64(len(s)+1)))
	}
	var b strings.Builder
	last := 0
	for _, m := range re.FindAllStringSubmatchIndex(s, n) {
		obj := value.NewObject(len(names) + 1)
		obj.Set("string", value.Bytes(s[m[0]:m[1]]))
		groups := make([]value.Value, 0, len(names)-1)
		for g := 1; g < len(names); g++ {
			v := value.Null
			if m[2*g] >= 0 {
				v = value.Bytes(s[m[2*g]:m[2*g+1]])
			}
			if names[g] != "" {
				obj.Set(names[g], v)
			}
			groups = append(groups, v)
		}
		obj.Set("captures", value.ArrayValue(groups))
		out, err := ctx.closure1(value.ObjectValue(obj))
		if err != nil {
			return value.Null, err
		}
		if out.Type() != value.TypeBytes {
			return value.Null, TypeError(value.BitBytes, out)
		}
		b.WriteString(s[last:m[0]])
		b.WriteString(lossyUTF8(out.Str()))
		last = m[1]
	}
	b.WriteString(s[last:])
	return value.Bytes(b.String()), nil
}
