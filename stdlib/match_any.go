package stdlib

import "github.com/matano-go/matano/runtime/vrl/value"

// match_any tests whether a string matches any of a list of regular
// expressions. The list must be a literal (upstream builds one regex set
// at compile time), so the patterns are collected once here.
func init() {
	Register(&funcDef{
		ident:  "match_any",
		params: []Param{reqParam("value", value.BitBytes), reqParam("patterns", value.BitArray)},
		compile: func(args *Args) (Call, error) {
			patterns, ok := constArg(args, 1)
			if !ok || patterns.Type() != value.TypeArray {
				return nil, expectedStatic(1, "patterns")
			}
			var regexes []*value.Regex
			for _, p := range patterns.Arr().Items {
				if p.Type() != value.TypeRegex {
					return nil, compileMessage(1, TypeError(value.BitRegex, p).Error())
				}
				regexes = append(regexes, p.Re())
			}
			return &funcCall{td: TypeDef{Kind: value.KindBoolean}, eval: func(_ *Context, a []value.Value, _ []bool) (value.Value, error) {
				s := a[0].Str()
				for _, r := range regexes {
					if r.MatchString(s) {
						return value.True, nil
					}
				}
				return value.False, nil
			}}, nil
		},
	})
}
