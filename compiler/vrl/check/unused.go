package check

import (
	"sort"
	"strconv"
	"strings"

	"github.com/matano-go/matano/compiler/diag"
	"github.com/matano-go/matano/compiler/vrl/ast"
	"github.com/matano-go/matano/runtime/vrl/value"
)

// This file is VRL's unused-expression check (E900 warnings): a literal,
// object, side-effect-free call or variable whose value nobody reads. It
// works on the syntax tree alone, level by level, as upstream's
// AstVisitor: a level "expects a result" when its value is consumed (the
// right side of an assignment, an argument, the last root expression...).

// sideEffectFunctions are calls worth making for their effect alone.
var sideEffectFunctions = map[string]bool{"del": true, "log": true, "assert": true, "assert_eq": true, "set_semantic_meaning": true}

type identUse struct {
	start, end    int
	pending       bool
	usedInClosure bool
}

type unusedVisitor struct {
	file             *diag.File
	level            int
	expecting        map[int]bool
	withinBlock      map[int]bool
	idents           map[string]*identUse
	visitingClosure  bool
	diags            diag.List
	newDiagnosticFor func(msg string, start, end int) diag.Diagnostic
}

func unusedWarnings(prog *ast.Program, file *diag.File) diag.List {
	c := &checker{file: file}
	v := &unusedVisitor{
		file: file, expecting: map[int]bool{}, withinBlock: map[int]bool{}, idents: map[string]*identUse{},
	}
	v.newDiagnosticFor = func(msg string, start, end int) diag.Diagnostic {
		return c.newDiag(diag.Warning, CodeUnusedExpression, msg, []diag.Label{
			primary(c.rng(start, end), "help: use the result of this expression or remove it"),
		}, []string{"this expression has no side-effects"})
	}
	for i, e := range prog.Exprs {
		last := i == len(prog.Exprs)-1
		if last {
			v.level++
			v.expecting[v.level] = true
		}
		if _, bad := e.(*ast.Bad); !bad {
			v.visit(e)
		}
		if last {
			v.level--
			v.expecting[v.level] = false
		}
	}
	names := make([]string, 0, len(v.idents))
	for n := range v.idents {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		u := v.idents[n]
		if u.pending && !u.usedInClosure {
			v.diags = append(v.diags, v.newDiagnosticFor("unused variable `"+n+"`", u.start, u.end))
		}
	}
	return v.diags
}

func (v *unusedVisitor) unused() bool { return !v.expecting[v.level] }

func (v *unusedVisitor) scoped(f func()) {
	v.level++
	v.expecting[v.level] = true
	f()
	v.expecting[v.level] = false
	v.level--
}

func (v *unusedVisitor) pendingUse(name string, n ast.Node) {
	if name == "" || strings.HasPrefix(name, "_") {
		return
	}
	if _, ok := v.idents[name]; !ok {
		v.idents[name] = &identUse{start: n.Pos(), end: n.End(), pending: true, usedInClosure: v.visitingClosure}
	}
}

func (v *unusedVisitor) used(name string) {
	if name == "" || strings.HasPrefix(name, "_") {
		return
	}
	if u, ok := v.idents[name]; ok {
		u.pending = false
		if v.visitingClosure {
			u.usedInClosure = true
		}
	}
}

func (v *unusedVisitor) warn(msg string, n ast.Node) {
	v.diags = append(v.diags, v.newDiagnosticFor(msg, n.Pos(), n.End()))
}

func (v *unusedVisitor) visit(e ast.Expr) {
	switch e := e.(type) {
	case *ast.String, *ast.RawString, *ast.Integer, *ast.Float, *ast.Bool, *ast.Null, *ast.Regex, *ast.Timestamp:
		if s, ok := e.(*ast.String); ok {
			for _, seg := range s.Segments {
				if seg.Template {
					v.used(seg.Text)
				}
			}
		}
		if v.unused() {
			v.warn("unused literal `"+literalString(e)+"`", e)
		}
	case *ast.Group:
		v.visit(e.X)
	case *ast.Block:
		v.visitBlock(e)
	case *ast.Array:
		for _, x := range e.Elems {
			v.visit(x)
		}
	case *ast.Object:
		if v.unused() {
			v.warn("unused object `"+exprString(e)+"`", e)
		}
		for _, p := range objectPairs(e) {
			v.scoped(func() { v.visit(p.Value) })
		}
	case *ast.If:
		v.scoped(func() {
			for _, c := range e.Cond {
				v.visit(c)
			}
			v.scoped(func() { v.visitBlock(e.Then) })
			if e.Else != nil {
				v.scoped(func() {
					if b, ok := e.Else.(*ast.Block); ok {
						v.visitBlock(b)
					} else {
						v.visit(e.Else)
					}
				})
			}
		})
	case *ast.Binary:
		v.visit(e.Left)
		v.scoped(func() { v.visit(e.Right) })
	case *ast.Not:
		v.visit(e.X)
	case *ast.Assignment:
		v.visitAssignment(e)
	case *ast.Query:
		switch t := e.Target.(type) {
		case *ast.Variable:
			if !v.unused() {
				v.used(t.Name)
			}
		case *ast.Call:
			v.visitCall(t, e)
		}
	case *ast.Call:
		v.visitCall(e, e)
	case *ast.Variable:
		v.used(e.Name)
	case *ast.Return:
		v.level++
		v.expecting[v.level] = true
		v.visit(e.X)
		v.expecting[v.level] = false
		v.level--
	}
}

func (v *unusedVisitor) visitBlock(b *ast.Block) {
	if len(b.Exprs) == 0 {
		return
	}
	v.level++
	v.withinBlock[v.level] = true
	for i, x := range b.Exprs {
		if i == len(b.Exprs)-1 {
			v.withinBlock[v.level] = false
			v.level--
		}
		v.visit(x)
	}
}

func (v *unusedVisitor) visitAssignment(a *ast.Assignment) {
	v.level++
	level := v.level
	v.expecting[level] = true
	targets := []ast.Expr{a.Target}
	if a.Err != nil {
		targets = append(targets, a.Err)
	}
	for _, t := range targets {
		switch t := t.(type) {
		case *ast.Query:
			// x.path = ... neither defines nor reads x; x.path |= ... reads it.
			if vr, ok := t.Target.(*ast.Variable); ok && t.Prefix == ast.PrefixExpr && a.Op == ast.MergeAssign {
				v.used(vr.Name)
			}
		case *ast.Variable:
			if a.Op == ast.Assign {
				v.pendingUse(t.Name, t)
			} else {
				v.used(t.Name)
			}
		}
	}
	v.visit(a.Value)
	v.expecting[level] = false
	v.level--
}

func (v *unusedVisitor) visitCall(call *ast.Call, span ast.Node) {
	for _, a := range call.Args {
		v.level++
		v.expecting[v.level] = true
		v.visit(a.Value)
		v.expecting[v.level] = false
		v.level--
	}
	inBlock := v.withinBlock[v.level]
	if !call.Abort && inBlock {
		v.expecting[v.level] = true
	}
	if !sideEffectFunctions[call.Name] {
		if call.Closure != nil {
			v.visitingClosure = true
			for _, p := range call.Closure.Params {
				v.pendingUse(p.Name, p)
			}
			v.expecting[v.level] = true
			v.visitBlock(call.Closure.Body)
			v.expecting[v.level] = false
		} else if v.unused() {
			v.warn("unused result for function call `"+exprString(call)+"`", span)
		}
		v.visitingClosure = false
	}
	if !call.Abort && inBlock {
		v.expecting[v.level] = false
	}
}

// literalString prints a literal as the parser's AST does.
func literalString(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.String:
		var b strings.Builder
		b.WriteByte('"')
		for _, seg := range e.Segments {
			if seg.Template {
				b.WriteString("{{ " + seg.Text + " }}")
			} else {
				b.WriteString(seg.Text)
			}
		}
		b.WriteByte('"')
		return b.String()
	case *ast.RawString:
		return "s'" + e.Value + "'"
	case *ast.Regex:
		return "r'" + e.Pattern + "'"
	case *ast.Timestamp:
		return "t'" + value.FormatRFC3339(e.Value) + "'"
	case *ast.Integer:
		return strconv.FormatInt(e.Value, 10)
	}
	return exprString(e)
}
