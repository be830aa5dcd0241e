package check

import (
	"sort"
	"strconv"
	"strings"

	"github.com/matano-go/matano/compiler/vrl/ast"
	"github.com/matano-go/matano/runtime/vrl/value"
)

// This file prints expressions the way VRL's compiled expressions print
// themselves (their Rust Display impls). Diagnostics quote expressions in
// that form ("or change this to an infallible assignment: .a, err =
// sha3(.x)"), so the output must match upstream byte for byte, quirks
// included: a regex literal prints as its bare pattern, an object literal
// as `{ "k": v }` in key order, and a variable path target without the dot
// between name and path.

// exprString renders e as VRL's Display does.
func exprString(e ast.Expr) string {
	var b strings.Builder
	writeExpr(&b, e)
	return b.String()
}

func writeExpr(b *strings.Builder, e ast.Expr) {
	switch e := e.(type) {
	case *ast.String:
		if s, ok := e.Value(); ok {
			b.WriteString(`"` + s + `"`)
			return
		}
		// A template compiles to a chain of additions of its segments.
		for i, seg := range e.Segments {
			if i > 0 {
				b.WriteString(" + ")
			}
			if seg.Template {
				b.WriteString(seg.Text)
			} else {
				b.WriteString(`"` + seg.Text + `"`)
			}
		}
	case *ast.RawString:
		b.WriteString(`"` + e.Value + `"`)
	case *ast.Integer:
		b.WriteString(strconv.FormatInt(e.Value, 10))
	case *ast.Float:
		b.WriteString(rustFloat(e.Value))
	case *ast.Bool:
		b.WriteString(strconv.FormatBool(e.Value))
	case *ast.Null, *ast.Noop:
		if _, noop := e.(*ast.Noop); noop {
			b.WriteString("_")
			return
		}
		b.WriteString("null")
	case *ast.Regex:
		b.WriteString(e.Pattern)
	case *ast.Timestamp:
		b.WriteString("t'" + value.FormatRFC3339(e.Value) + "'")
	case *ast.Array:
		b.WriteString("[")
		for i, x := range e.Elems {
			if i > 0 {
				b.WriteString(", ")
			}
			writeExpr(b, x)
		}
		b.WriteString("]")
	case *ast.Object:
		pairs := objectPairs(e)
		b.WriteString("{ ")
		for i, p := range pairs {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(`"` + p.Key + `": `)
			writeExpr(b, p.Value)
		}
		b.WriteString(" }")
	case *ast.Block:
		b.WriteString("{\n")
		for i, x := range e.Exprs {
			b.WriteString("\t")
			writeExpr(b, x)
			if i < len(e.Exprs)-1 {
				b.WriteString("\n")
			}
		}
		b.WriteString("\n}")
	case *ast.Group:
		b.WriteString("(")
		writeExpr(b, e.X)
		b.WriteString(")")
	case *ast.Variable:
		b.WriteString(e.Name)
	case *ast.Query:
		writeQuery(b, e)
	case *ast.Binary:
		writeExpr(b, e.Left)
		b.WriteString(" " + e.Op.String() + " ")
		writeExpr(b, e.Right)
	case *ast.Not:
		b.WriteString("!")
		writeExpr(b, e.X)
	case *ast.Assignment:
		writeTarget(b, e.Target)
		if e.Err != nil {
			b.WriteString(", ")
			writeTarget(b, e.Err)
		}
		b.WriteString(" = ")
		writeExpr(b, e.Value)
	case *ast.Call:
		b.WriteString(e.Name + "(")
		for i, a := range e.Args {
			if i > 0 {
				b.WriteString(", ")
			}
			writeExpr(b, a.Value)
		}
		b.WriteString(")")
	case *ast.If:
		b.WriteString("if ")
		if len(e.Cond) > 1 {
			b.WriteString("(")
		}
		for i, c := range e.Cond {
			if i > 0 {
				b.WriteString("; ")
			}
			writeExpr(b, c)
		}
		if len(e.Cond) > 1 {
			b.WriteString("(")
		}
		b.WriteString(" ")
		writeExpr(b, e.Then)
		if e.Else != nil {
			b.WriteString(" else")
			writeExpr(b, e.Else)
		}
	case *ast.Abort:
		b.WriteString("abort")
	case *ast.Return:
		b.WriteString("return")
	}
}

// writeQuery prints a compiled query: the target, then the path, with a
// dot only between a variable and a leading field.
func writeQuery(b *strings.Builder, q *ast.Query) {
	path := pathString(q.Path)
	switch q.Prefix {
	case ast.PrefixEvent:
		b.WriteString("." + path)
	case ast.PrefixMetadata:
		b.WriteString("%" + path)
	default:
		writeExpr(b, q.Target)
		if _, isVar := q.Target.(*ast.Variable); isVar && len(q.Path) > 0 && q.Path[0].Kind != ast.SegIndex {
			b.WriteString(".")
		}
		b.WriteString(path)
	}
}

// writeTarget prints an assignment target as the parser's AST does: a
// variable with a path prints its name and path with no dot in between.
func writeTarget(b *strings.Builder, t ast.Expr) {
	switch t := t.(type) {
	case *ast.Noop:
		b.WriteString("_")
	case *ast.Variable:
		b.WriteString(t.Name)
	case *ast.Query:
		switch t.Prefix {
		case ast.PrefixEvent:
			b.WriteString("." + pathString(t.Path))
		case ast.PrefixMetadata:
			b.WriteString("%" + pathString(t.Path))
		default:
			if v, ok := t.Target.(*ast.Variable); ok {
				b.WriteString(v.Name + pathString(t.Path))
			} else {
				writeExpr(b, t)
			}
		}
	default:
		writeExpr(b, t)
	}
}

// targetString is writeTarget into a string.
func targetString(t ast.Expr) string {
	var b strings.Builder
	writeTarget(&b, t)
	return b.String()
}

// pathString prints a path as VRL's OwnedValuePath: fields joined by dots
// (no leading dot), quoted when they hold other than [A-Za-z0-9_@],
// indexes in brackets.
func pathString(path []ast.PathSegment) string {
	var b strings.Builder
	for i, seg := range path {
		switch seg.Kind {
		case ast.SegIndex:
			b.WriteString("[" + strconv.FormatInt(seg.Index, 10) + "]")
		case ast.SegField:
			if i > 0 {
				b.WriteString(".")
			}
			b.WriteString(fieldString(seg.Field))
		case ast.SegCoalesce:
			if i > 0 {
				b.WriteString(".")
			}
			b.WriteString("(")
			for j, f := range seg.Fields {
				if j > 0 {
					b.WriteString(" | ")
				}
				b.WriteString(fieldString(f.Field))
			}
			b.WriteString(")")
		}
	}
	return b.String()
}

func fieldString(f string) string {
	quote := f == ""
	for _, c := range f {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '@') {
			quote = true
		}
	}
	if !quote {
		return f
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, c := range f {
		if c == '"' || c == '\\' {
			b.WriteByte('\\')
		}
		b.WriteRune(c)
	}
	b.WriteByte('"')
	return b.String()
}

// rustFloat formats a float as Rust's Display for f64: shortest digits,
// never an exponent, and no ".0" for whole numbers.
func rustFloat(f float64) string {
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// objectPairs returns an object literal's pairs as VRL keeps them: one
// per key (the last one written wins), in key order.
func objectPairs(o *ast.Object) []ast.Pair {
	idx := map[string]int{}
	var out []ast.Pair
	for _, p := range o.Pairs {
		if i, ok := idx[p.Key]; ok {
			out[i] = p
			continue
		}
		idx[p.Key] = len(out)
		out = append(out, p)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}
