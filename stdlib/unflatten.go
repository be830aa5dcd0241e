package stdlib

import (
	"strings"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// unflatten turns an object whose keys are paths joined by separator ("."
// by default) into nested objects; with recursive (the default) nested
// objects are unflattened too. When a key is both a value and a prefix
// ("a" and "a.b"), the nested values win.
func init() {
	params := []Param{
		reqParam("value", value.BitObject),
		optParam("separator", value.BitBytes),
		optParam("recursive", value.BitBoolean),
	}
	Register(&Spec{
		Ident:      "unflatten",
		Parameters: params,
		Returns:    value.KindObjectAny(),
		Impl: func(_ *Context, args []value.Value, present []bool) (value.Value, error) {
			sep := lossyUTF8(argStr(args, present, 1, "."))
			recursive := argBool(args, present, 2, true)
			return value.ObjectValue(unflattenEntries(args[0].Obj().Entries(), sep, recursive)), nil
		},
	})
}

type unflattenPart struct {
	rest    string
	hasRest bool
	value   value.Value
}

func unflattenEntries(entries []value.Entry, sep string, recursive bool) *value.Object {
	groups := map[string][]unflattenPart{}
	var order []string
	for _, e := range entries {
		head, rest, found := e.Key, "", false
		if sep != "" {
			head, rest, found = strings.Cut(e.Key, sep)
		}
		if _, seen := groups[head]; !seen {
			order = append(order, head)
		}
		groups[head] = append(groups[head], unflattenPart{rest, found, e.Value})
	}
	out := value.NewObject(len(order))
	for _, head := range order {
		parts := groups[head]
		if len(parts) == 1 {
			p := parts[0]
			v := p.value
			if recursive {
				v = unflattenValue(v, sep)
			}
			if p.hasRest {
				// One path: nest the value under each of its segments.
				segs := strings.Split(p.rest, sep)
				for i := len(segs) - 1; i >= 0; i-- {
					obj := value.NewObject(1)
					obj.Set(segs[i], v)
					v = value.ObjectValue(obj)
				}
			}
			out.Set(head, v)
			continue
		}
		var nested []value.Entry
		for _, p := range parts {
			if p.hasRest {
				nested = append(nested, value.Entry{Key: p.rest, Value: p.value})
			}
		}
		out.Set(head, value.ObjectValue(unflattenEntries(nested, sep, recursive)))
	}
	return out
}

func unflattenValue(v value.Value, sep string) value.Value {
	if v.Type() != value.TypeObject {
		return v
	}
	return value.ObjectValue(unflattenEntries(v.Obj().Entries(), sep, true))
}
