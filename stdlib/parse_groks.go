package stdlib

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// parse_groks matches a value against Datadog-style grok rules, tried in
// order until one matches, with shared aliases (inline, or read from JSON
// files named in alias_sources at compile time; file aliases win). Rules
// and aliases must be literals: they are compiled once, and a bad rule is
// compile error E112.
func init() {
	Register(&funcDef{ident: "parse_groks", params: []Param{
		{Keyword: "value", Kind: value.BitBytes, Required: true},
		{Keyword: "patterns", Kind: value.BitArray, Required: true},
		{Keyword: "aliases", Kind: value.BitObject},
		{Keyword: "alias_sources", Kind: value.BitArray},
	}, compile: compileGroks})
}

func compileGroks(args *Args) (Call, error) {
	pa := args.Get(1)
	if pa.Const == nil || pa.Const.Type() != value.TypeArray {
		return nil, expectedStatic(1, "patterns")
	}
	var patterns []string
	for _, p := range pa.Const.Arr().Items {
		if p.Type() != value.TypeBytes {
			return nil, invalidArgument(1, "patterns", p, "grok pattern should be a string")
		}
		patterns = append(patterns, lossyUTF8(p.Str()))
	}
	aliases := map[string]string{}
	if a := args.Get(2); a.Present {
		if a.Const == nil || a.Const.Type() != value.TypeObject {
			return nil, expectedStatic(2, "aliases")
		}
		for _, e := range a.Const.Obj().Entries() {
			if e.Value.Type() != value.TypeBytes {
				return nil, invalidArgument(2, "aliases", e.Value, "alias pattern should be a string")
			}
			aliases[e.Key] = lossyUTF8(e.Value.Str())
		}
	}
	if a := args.Get(3); a.Present {
		if a.Const == nil || a.Const.Type() != value.TypeArray {
			return nil, expectedStatic(3, "alias_sources")
		}
		for _, src := range a.Const.Arr().Items {
			if src.Type() != value.TypeBytes {
				return nil, invalidArgument(3, "alias_sources", src, "alias source should be a string")
			}
			path := lossyUTF8(src.Str())
			data, err := os.ReadFile(path)
			if err != nil {
				return nil, invalidArgument(3, "alias_sources", value.Bytes(path), "Unable to open alias source file")
			}
			var fromFile map[string]string
			if err := json.Unmarshal(data, &fromFile); err != nil {
				return nil, invalidArgument(3, "alias_sources", value.Bytes(path), "Unable to read alias source")
			}
			for k, v := range fromFile {
				aliases[k] = v
			}
		}
	}
	rules, err := ddCompileRules(patterns, aliases)
	if err != nil {
		return nil, lpGrokCompileError(err)
	}
	c := &groksCall{rules: rules}
	return &funcCall{td: c.typeDef(), eval: c.eval}, nil
}

type groksCall struct{ rules []*ddRule }

func (c *groksCall) typeDef() TypeDef { return TypeDef{Kind: value.KindObjectAny(), Fallible: true} }

func (c *groksCall) eval(ctx *Context, args []value.Value, _ []bool) (value.Value, error) {
	v, ok, err := ddMatch(c.rules, lossyUTF8(args[0].Str()), ctxNow(ctx).UTC())
	if err != nil {
		return value.Null, fmt.Errorf("unable to parse grok: %v", err)
	}
	if !ok {
		return value.Null, fmt.Errorf("unable to parse grok: value does not match any rule")
	}
	return v, nil
}
