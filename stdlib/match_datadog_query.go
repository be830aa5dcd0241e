package stdlib

import (
	"github.com/matano-go/matano/runtime/vrl/value"
)

// match_datadog_query reports whether an object matches a Datadog log
// search query. The query must be a literal: it is parsed and compiled
// once (datadog_query.go, datadog_matcher.go).
func init() {
	Register(&funcDef{
		ident:  "match_datadog_query",
		params: []Param{reqParam("value", value.BitObject), reqParam("query", value.BitBytes)},
		compile: func(args *Args) (Call, error) {
			q, ok := constArg(args, 1)
			if !ok {
				return nil, unexpectedExpression(1, "query", "literal")
			}
			node, err := ddqParse(lossyUTF8(q.Str()))
			if err != nil {
				// Upstream wraps the query parser's error as a plain
				// expression error (code 0, no labels) inside E610.
				return nil, &CompileError{
					Code:     610,
					Message:  "function compilation error: error[E0] " + err.Error(),
					ArgIndex: -1,
				}
			}
			m, err := ddqBuild(node)
			if err != nil {
				return nil, invalidArgument(1, "query", q, "failed to build matcher")
			}
			return &funcCall{td: TypeDef{Kind: value.KindBoolean}, eval: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
				return value.Boolean(m(args[0])), nil
			}}, nil
		},
	})
}
