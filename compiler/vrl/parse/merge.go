package parse

import (
	"sort"

	"github.com/matano-go/matano/compiler/diag"
	"github.com/matano-go/matano/compiler/vrl/ast"
)

// IsFatal reports whether d is a lexical error. VRL stops at the first
// one and reports nothing else, so the tree must not be checked. Syntax
// errors (E203-E205) are not fatal: their root expression is an *ast.Bad
// and the rest of the program can still be checked, as VRL does.
func IsFatal(d diag.Diagnostic) bool {
	switch d.Code {
	case "E200", "E201", "E202", "E206", "E207", "E208", "E209", "E210", "E211":
		return true
	}
	return false
}

// HasFatal reports whether l contains a fatal lexical error.
func HasFatal(l diag.List) bool {
	for _, d := range l {
		if IsFatal(d) {
			return true
		}
	}
	return false
}

// MergeByRoot orders the parser's and the checker's diagnostics the way
// VRL reports them: root expression by root expression, in program order.
// Within one root expression the parser's come first, and each list keeps
// its own order. A diagnostic is placed by the start of its subject (or
// first label); one without a location goes last.
func MergeByRoot(prog *ast.Program, parsed, checked diag.List) diag.List {
	type item struct {
		d    diag.Diagnostic
		root int
		src  int
	}
	rootOf := func(d diag.Diagnostic) int {
		off, ok := d.Subject.Start, !d.Subject.IsZero()
		if !ok && len(d.Labels) > 0 && d.Labels[0].Span.File != nil {
			off, ok = d.Labels[0].Span.Start, true
		}
		if !ok || prog == nil {
			return 1 << 30
		}
		// The last root expression that starts at or before off.
		i := sort.Search(len(prog.Exprs), func(i int) bool { return prog.Exprs[i].Pos() > off }) - 1
		return max(i, 0)
	}
	items := make([]item, 0, len(parsed)+len(checked))
	for _, d := range parsed {
		items = append(items, item{d, rootOf(d), 0})
	}
	for _, d := range checked {
		items = append(items, item{d, rootOf(d), 1})
	}
	sort.SliceStable(items, func(i, j int) bool {
		if items[i].root != items[j].root {
			return items[i].root < items[j].root
		}
		return items[i].src < items[j].src
	})
	var out diag.List
	for _, it := range items {
		out = append(out, it.d)
	}
	return out
}
