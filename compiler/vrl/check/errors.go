package check

import (
	"fmt"
	"sort"
	"strings"

	"github.com/matano-go/matano/compiler/diag"
	"github.com/matano-go/matano/compiler/vrl/ast"
	"github.com/matano-go/matano/runtime/vrl/value"
	"github.com/matano-go/matano/stdlib"
)

// pendingErr is an unhandled fallibility: a fallible expression (E100)
// or a call with an argument whose type cannot be verified (E110). A
// parent that handles the error drops it; at the end of a root expression
// the remaining ones are reported.
type pendingErr struct {
	start, end int
	invalid    *invalidArg
}

// invalidArg is the context of an argument whose type does not (or may
// not) match its parameter.
type invalidArg struct {
	fn       string
	abort    bool
	argsFmt  []string
	param    stdlib.Param
	got      value.Kind
	argument ast.Expr
	argSpan  ast.Span
}

func (c *checker) pendingDiag(p pendingErr) diag.Diagnostic {
	if p.invalid != nil {
		return c.invalidArgDiag(*p.invalid)
	}
	s := c.rng(p.start, p.end)
	return c.newDiag(diag.Error, CodeFallibleExpression, "unhandled error", []diag.Label{
		primary(s, "expression can result in runtime error"),
		context(s, "handle the error case to ensure runtime success"),
	}, []string{noteErrorDocs})
}

func (c *checker) invalidArgumentKind(ia invalidArg) {
	c.diags = append(c.diags, c.invalidArgDiag(ia))
}

// invalidArgDiag is E110 "invalid argument type" with upstream's two
// suggested fixes.
func (c *checker) invalidArgDiag(ia invalidArg) diag.Diagnostic {
	kindStr := func(k value.Kind) string {
		switch {
		case k.IsAny():
			return k.Display()
		case k.IsExact():
			return "the exact type " + k.Display()
		default:
			return "one of " + k.Display()
		}
	}
	expected := paramKind(ia.param.Kind)
	labels := []diag.Label{
		primary(c.span(ia.argument), "this expression resolves to "+kindStr(ia.got)),
		context(c.span(ia.argSpan), fmt.Sprintf(`but the parameter "%s" expects %s`, ia.param.Keyword, kindStr(expected))),
	}
	return c.newDiag(diag.Error, CodeInvalidArgumentKind, "invalid argument type", labels, invalidArgNotes(ia, expected))
}

func invalidArgNotes(ia invalidArg, kind value.Kind) []string {
	arg := exprString(ia.argument)
	var guard, coerce string
	switch kind.Bits {
	case value.BitBytes:
		guard, coerce = "string!("+arg+")", `to_string(`+arg+`) ?? "default"`
	case value.BitInteger:
		guard, coerce = "int!("+arg+")", "to_int("+arg+") ?? 0"
	case value.BitFloat:
		guard, coerce = "float!("+arg+")", "to_float("+arg+") ?? 0"
	case value.BitBoolean:
		guard, coerce = "bool!("+arg+")", "to_bool("+arg+") ?? false"
	case value.BitObject:
		guard = "object!(" + arg + ")"
	case value.BitArray:
		guard = "array!(" + arg + ")"
	case value.BitTimestamp:
		guard, coerce = "timestamp!("+arg+")", "to_unix_timestamp("+arg+") ?? now()"
	default:
		return nil
	}
	abort := ""
	if ia.abort {
		abort = "!"
	}
	call := ia.fn + abort + "(" + strings.Join(ia.argsFmt, ", ") + ")"
	notes := solution("ensuring an appropriate type at runtime", arg+" = "+guard, call)
	if coerce != "" {
		notes = append(notes, solution("coercing to an appropriate type and specifying a default value as a fallback in case coercion fails",
			arg+" = "+coerce, call)...)
	}
	return append(notes, noteErrorDocs)
}

// undefinedVariable is E701 with a suggestion among the variables in
// scope and null/true/false.
func (c *checker) undefinedVariable(name string, s diag.Span, st *state) {
	candidates := append(st.varNames(), "null", "true", "false")
	labels := []diag.Label{primary(s, "undefined variable")}
	if g, ok := closest(name, candidates); ok {
		labels = append(labels, context(s, fmt.Sprintf(`did you mean "%s"?`, g)))
	}
	c.errorAt(CodeUndefinedVariable, "call to undefined variable", labels)
}

// undefinedFunction is E105 with the closest function name.
func (c *checker) undefinedFunction(name string, s diag.Span) {
	names := stdlib.Names()
	for k := range specialParams {
		if _, ok := stdlib.Lookup(k); !ok {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	labels := []diag.Label{primary(s, "undefined function")}
	if g, ok := closest(name, names); ok {
		labels = append(labels, context(s, fmt.Sprintf(`did you mean "%s"?`, g)))
	}
	c.errorAt(CodeUndefinedFunction, "call to undefined function", labels)
}

// closest returns the first candidate with the smallest edit distance.
func closest(word string, candidates []string) (string, bool) {
	best, bestD := "", -1
	w := []rune(word)
	for _, cand := range candidates {
		d := levenshtein(w, []rune(cand))
		if bestD < 0 || d < bestD {
			best, bestD = cand, d
		}
	}
	return best, bestD >= 0
}

// levenshtein is the optimal-string-alignment distance upstream uses
// (insertions, deletions, substitutions and adjacent transpositions).
func levenshtein(a, b []rune) int {
	m, n := len(a)+1, len(b)+1
	d := make([]int, m*n)
	pos := func(i, j int) int { return j*m + i }
	for i := 1; i < m; i++ {
		d[pos(i, 0)] = i
	}
	for j := 1; j < n; j++ {
		d[pos(0, j)] = j
	}
	for j := 1; j < n; j++ {
		for i := 1; i < m; i++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(d[pos(i-1, j)]+1, d[pos(i, j-1)]+1, d[pos(i-1, j-1)]+cost)
			if j > 1 && i > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, d[pos(i-2, j-2)]+1)
			}
			d[pos(i, j)] = v
		}
	}
	return d[len(d)-1]
}
