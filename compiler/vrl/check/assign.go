package check

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/matano-go/matano/compiler/diag"
	"github.com/matano-go/matano/compiler/vrl/ast"
	"github.com/matano-go/matano/runtime/vrl/value"
)

// target is a resolved assignment target.
type target struct {
	node ast.Expr
	noop bool
	// variable is set for a variable target; otherwise the target is the
	// event or (metadata) the metadata.
	variable string
	metadata bool
	external bool
	path     []ast.PathSegment
}

func (t target) kindPath() []value.KindSegment { return kindPath(t.path) }

// resolveTarget classifies an assignment target; a query on anything but
// a variable, the event or the metadata is E641.
func (c *checker) resolveTarget(n ast.Expr) (target, bool) {
	switch n := n.(type) {
	case *ast.Noop:
		return target{node: n, noop: true}, true
	case *ast.Variable:
		return target{node: n, variable: n.Name}, true
	case *ast.Query:
		switch n.Prefix {
		case ast.PrefixEvent:
			return target{node: n, external: true, path: n.Path}, true
		case ast.PrefixMetadata:
			return target{node: n, external: true, metadata: true, path: n.Path}, true
		}
		if v, ok := n.Target.(*ast.Variable); ok {
			return target{node: n, variable: v.Name, path: n.Path}, true
		}
	}
	s := c.span(n)
	c.errorAt(CodeInvalidTarget, "invalid assignment target", []diag.Label{
		primary(s, "invalid assignment target"),
		context(s, "use one of variable or path"),
	})
	return target{}, false
}

// skipKey names a query target for the skip set.
func skipQuery(variable string, path []ast.PathSegment) string {
	return "$" + variable + "\x00" + pathString(path)
}

func skipVar(name string) string { return skipQuery(name, nil) }

// skipExternal names an event or metadata path for the skip set (the
// empty string for variable queries, which skipQuery covers).
func skipExternal(prefix ast.Prefix, path []ast.PathSegment) string {
	switch prefix {
	case ast.PrefixEvent:
		return ".\x00" + pathString(path)
	case ast.PrefixMetadata:
		return "%\x00" + pathString(path)
	}
	return ""
}

func (c *checker) skipTarget(n ast.Expr) {
	switch n := n.(type) {
	case *ast.Variable:
		c.skip[skipVar(n.Name)] = true
	case *ast.Query:
		if v, ok := n.Target.(*ast.Variable); ok && n.Prefix == ast.PrefixExpr {
			c.skip[skipQuery(v.Name, n.Path)] = true
		} else if k := skipExternal(n.Prefix, n.Path); k != "" {
			c.skip[k] = true
		}
	}
}

func (c *checker) assignment(e *ast.Assignment, st *state) (typeDef, bool) {
	pre := len(c.pending)
	var rhs typeDef
	var ok bool
	valueExpr := e.Value
	if e.Op == ast.MergeAssign {
		// `a |= b` is compiled as `a = a | b`.
		valueExpr = &ast.Binary{Span: ast.Span{Start: e.Value.Pos(), Stop: e.Value.End()}, Op: ast.OpMerge,
			OpSpan: ast.Span{Start: e.Value.Pos(), Stop: e.Value.End()}, Left: e.Target, Right: e.Value}
	}
	rhs, ok = c.expr(valueExpr, st)
	if !ok {
		c.skipTarget(e.Target)
		if e.Err != nil {
			c.skipTarget(e.Err)
		}
		return typeDef{}, false
	}
	exprSpan := c.span(e.Value)
	var constVal *value.Value
	if v, isConst := c.consts[valueExpr]; isConst {
		constVal = &v
	}
	if e.Err == nil {
		assignSpan := c.rng(e.Target.Pos(), e.Value.Pos()-1)
		if len(c.pending) > pre {
			p := c.pending[pre]
			c.pending = c.pending[:pre]
			c.fallibleAssignment(e, p, valueExpr, exprSpan, assignSpan)
			return typeDef{}, false
		}
		if _, noop := e.Target.(*ast.Noop); noop {
			c.errorAt(CodeUnnecessaryNoop, "unnecessary no-op assignment", []diag.Label{
				primary(exprSpan, "this no-op assignment has no effect"),
				context(c.span(e.Target), "either assign to a path or variable here"),
				context(assignSpan, "or remove the assignment"),
			})
			return typeDef{}, false
		}
		t, ok := c.resolveTarget(e.Target)
		if !ok || !c.verifyMutable(t, assignSpan) || !c.verifyOverwritable(t, st, c.span(e.Target), valueExpr) {
			c.pending = c.pending[:pre]
			return typeDef{}, false
		}
		c.pending = c.pending[:pre]
		c.insert(t, st, rhs, constVal, e)
		return rhs, true
	}

	// ok, err = expr
	c.pending = c.pending[:pre]
	okSpan, errSpan := c.span(e.Target), c.span(e.Err)
	assignSpan := c.rng(e.Target.Pos(), e.Err.End())
	if !rhs.fallible {
		c.errorAt(CodeInfallibleAssignment, "unnecessary error assignment", []diag.Label{
			primary(errSpan, "this error assignment is unnecessary"),
			context(exprSpan, "because this expression can't fail"),
			context(okSpan, fmt.Sprintf("use: %s = %s", targetString(e.Target), exprString(valueExpr))),
		}, noteErrorDocs)
		return typeDef{}, false
	}
	_, okNoop := e.Target.(*ast.Noop)
	_, errNoop := e.Err.(*ast.Noop)
	if okNoop && errNoop {
		c.errorAt(CodeUnnecessaryNoop, "unnecessary no-op assignment", []diag.Label{
			primary(exprSpan, "this no-op assignment has no effect"),
			context(okSpan, "either assign to a path or variable here"),
			context(assignSpan, "or remove the assignment"),
		})
		return typeDef{}, false
	}
	okT, ok := c.resolveTarget(e.Target)
	if !ok || !c.verifyMutable(okT, okSpan) || !c.verifyOverwritable(okT, st, okSpan, valueExpr) {
		return typeDef{}, false
	}
	errT, ok := c.resolveTarget(e.Err)
	if !ok || !c.verifyMutable(errT, errSpan) || !c.verifyOverwritable(errT, st, errSpan, valueExpr) {
		return typeDef{}, false
	}
	okTD := rhs
	okTD.fallible = false
	okTD = okTD.union(kindTD(value.KindOf(DefaultValue(okTD.kind))))
	okTD.fallible = false
	c.insert(okT, st, okTD, constVal, e)
	c.insert(errT, st, kindTD(value.Kind{Bits: value.BitBytes | value.BitNull}), nil, e)
	result := rhs
	result.fallible = false
	result.kind.Bits |= value.BitBytes
	return result, true
}

// insert records the type of an assignment in the state.
func (c *checker) insert(t target, st *state, td typeDef, val *value.Value, node *ast.Assignment) {
	path := t.kindPath()
	if len(path) > 0 {
		val = nil
	}
	switch {
	case t.noop:
	case t.variable != "":
		old, exists := st.locals[t.variable]
		base := typeDef{}
		if exists {
			base = old.td
		}
		base.kind = base.kind.Insert(path, td.kind)
		base.fallible = base.fallible || td.fallible
		st.locals[t.variable] = details{td: base, val: val}
	case t.metadata:
		st.meta = st.meta.Insert(path, td.kind)
		c.recordAssign(node, t, td.kind)
	default:
		ev := st.event.td
		ev.kind = ev.kind.Insert(path, td.kind)
		ev.fallible = ev.fallible || td.fallible
		st.event = details{td: ev, val: val}
		c.recordAssign(node, t, td.kind)
	}
}

func (c *checker) recordAssign(node *ast.Assignment, t target, k value.Kind) {
	q, _ := t.node.(*ast.Query)
	c.info.Assignments = append(c.info.Assignments, AssignInfo{Node: node, Target: q, Kind: k.UpgradeUndefined()})
}

// verifyMutable rejects assignments to read-only paths (E315).
func (c *checker) verifyMutable(t target, span diag.Span) bool {
	if !t.external {
		return true
	}
	if c.isReadOnly(t.metadata, kindPath(t.path)) {
		c.errorAt(CodeReadOnlyMutation, "mutation of read-only value", []diag.Label{
			primary(span, "mutation of read-only value"),
		})
		return false
	}
	return true
}

// isReadOnly mirrors CompileConfig::is_read_only_path: a path is read-only
// when it is a read-only path, lies below a recursive one, or is a parent
// of any read-only path.
func (c *checker) isReadOnly(metadata bool, path []value.KindSegment) bool {
	check := func(list []ReadOnlyPath, recursive bool) bool {
		for _, ro := range list {
			if hasPrefix(ro, path) {
				return true
			}
			if recursive && hasPrefix(path, ro) {
				return true
			}
			if !recursive && len(ro) == len(path) && hasPrefix(path, ro) {
				return true
			}
		}
		return false
	}
	if metadata {
		return check(c.cfg.ReadOnlyMetadata, false) || check(c.cfg.ReadOnlyMetadataRecursive, true)
	}
	return check(c.cfg.ReadOnly, false) || check(c.cfg.ReadOnlyRecursive, true)
}

func hasPrefix(path, prefix []value.KindSegment) bool {
	if len(prefix) > len(path) {
		return false
	}
	for i := range prefix {
		if path[i] != prefix[i] {
			return false
		}
	}
	return true
}

// plainSegment reports whether a field name is printed without quotes in
// a path: VRL's `^[0-9]*[a-zA-Z_@][0-9a-zA-Z_@]*$`, that is letters,
// digits, '_' and '@', not all digits. Hand-written because it runs for
// every segment of every assignment (the regexp was 5% of the checker).
func plainSegment(s string) bool {
	digitsOnly := true
	for i := 0; i < len(s); i++ {
		switch b := s[i]; {
		case b >= '0' && b <= '9':
		case b >= 'a' && b <= 'z', b >= 'A' && b <= 'Z', b == '_', b == '@':
			digitsOnly = false
		default:
			return false
		}
	}
	return !digitsOnly
}

// verifyOverwritable rejects assignments below a value that can be
// neither an object (for a field) nor an array (for an index): E642.
func (c *checker) verifyOverwritable(t target, st *state, targetSpan diag.Span, rhs ast.Expr) bool {
	var root value.Kind
	switch {
	case t.noop:
		return true
	case t.variable != "":
		if d, ok := st.locals[t.variable]; ok {
			root = d.td.kind
		} else {
			root = value.KindTop()
		}
	default:
		// Upstream checks metadata targets against the event's type too.
		root = st.event.td.kind
	}
	path := append([]ast.PathSegment(nil), t.path...)
	parentStart, parentEnd := targetSpan.Start, targetSpan.End
	remainder := ""
	for len(path) > 0 {
		last := path[len(path)-1]
		path = path[:len(path)-1]
		parentKind := root.AtPath(kindPath(path))
		var variant string
		var segStart int
		var valid bool
		if last.Kind == ast.SegIndex {
			segStr := "[" + strconv.FormatInt(last.Index, 10) + "]"
			segStart = max(parentEnd-len(segStr), 0)
			remainder = segStr + remainder
			variant, valid = "array", parentKind.Contains(value.BitArray) || parentKind.IsNever()
			segSpan := c.rng(segStart, parentEnd)
			parentEnd = segStart
			if !valid {
				return c.invalidParent(t, variant, parentKind, c.rng(parentStart, parentEnd), segSpan, path, remainder, rhs)
			}
			continue
		}
		segStr := last.Field
		if !plainSegment(segStr) {
			segStr = `"` + segStr + `"`
		}
		segStart = max(parentEnd-len(segStr), 0)
		segSpan := c.rng(segStart, parentEnd)
		parentEnd = max(segStart-1, 0)
		remainder = "." + segStr + remainder
		variant, valid = "object", parentKind.Contains(value.BitObject) || parentKind.IsNever()
		if !valid {
			return c.invalidParent(t, variant, parentKind, c.rng(parentStart, parentEnd), segSpan, path, remainder, rhs)
		}
	}
	return true
}

func (c *checker) invalidParent(t target, variant string, parentKind value.Kind, parentSpan, segSpan diag.Span, path []ast.PathSegment, remainder string, rhs ast.Expr) bool {
	var parentStr string
	if t.variable != "" {
		parentStr = t.variable + pathString(path)
	} else {
		if len(path) == 0 && len(remainder) > 0 && remainder[0] == '.' {
			remainder = remainder[1:]
		}
		prefix := "."
		if t.metadata {
			prefix = "%"
		}
		parentStr = prefix + pathString(path)
	}
	msg := "querying a field of a non-object type is unsupported"
	empty := "{}"
	if variant == "array" {
		msg = "indexing into a non-array type is unsupported"
		empty = "[]"
	}
	notes := solution("change parent value to "+variant+", before assignment",
		parentStr+" = "+empty,
		parentStr+remainder+" = "+exprString(rhs))
	notes = append(notes, noteErrorDocs)
	c.errorAt(CodeInvalidParentPath, "parent path segment rejects this mutation", []diag.Label{
		primary(segSpan, msg),
		context(parentSpan, "this path resolves to a value of type "+parentKind.Display()),
	}, notes...)
	return false
}

// fallibleAssignment reports E103 for `target = <fallible>`.
func (c *checker) fallibleAssignment(e *ast.Assignment, p pendingErr, rhs ast.Expr, exprSpan, assignSpan diag.Span) {
	labels := []diag.Label{primary(exprSpan, "this expression is fallible because at least one argument's type cannot be verified to be valid")}
	expression := exprString(rhs)
	if ia := p.invalid; ia != nil {
		const helper = "update the expression to be infallible by adding a `!`"
		if len(ia.argsFmt) == 0 {
			labels = append(labels, primary(exprSpan, helper))
		} else {
			labels = append(labels, primary(exprSpan, fmt.Sprintf(
				"`%s` argument type is `%s` and this function expected a parameter `%s` of type `%s`",
				ia.argsFmt[0], ia.got.Display(), ia.param.Keyword, paramKind(ia.param.Kind).Display())))
			fixed := strings.ReplaceAll(expression, ia.fn, ia.fn+"!")
			labels = append(labels, primary(exprSpan, fmt.Sprintf("%s: `%s`", helper, fixed)))
		}
	}
	labels = append(labels,
		context(assignSpan, "or change this to an infallible assignment:"),
		context(assignSpan, fmt.Sprintf("%s, err = %s", targetString(e.Target), expression)))
	c.errorAt(CodeFallibleAssignment, "unhandled fallible assignment", labels, noteErrorDocs, noteFnCharDocs)
}
