package check

import (
	"math"
	"strconv"

	"github.com/matano-go/matano/compiler/diag"

	"github.com/matano-go/matano/compiler/vrl/ast"
	"github.com/matano-go/matano/runtime/vrl/value"
)

// expr checks e in state st (updated to the state after e) and returns
// its type. ok is false when e could not be compiled (a diagnostic was
// reported); callers then give up on the enclosing expression, as
// upstream does.
func (c *checker) expr(e ast.Expr, st *state) (td typeDef, ok bool) {
	pre := len(c.pending)
	td, ok = c.exprInner(e, st)
	if !ok {
		return td, false
	}
	// The outermost fallible expression of a chain is recorded as
	// unhandled unless a sub-expression already recorded the reason.
	if td.fallible && len(c.pending) == pre {
		c.pending = append(c.pending, pendingErr{start: e.Pos(), end: e.End()})
	}
	c.info.Types[e] = td.public()
	return td, true
}

func (c *checker) exprInner(e ast.Expr, st *state) (typeDef, bool) {
	switch e := e.(type) {
	case *ast.Bad:
		return typeDef{}, false
	case *ast.String:
		if s, ok := e.Value(); ok {
			c.consts[e] = value.Bytes(s)
			return kindTD(value.KindBytes), true
		}
		return c.template(e, st)
	case *ast.RawString:
		c.consts[e] = value.Bytes(e.Value)
		return kindTD(value.KindBytes), true
	case *ast.Integer:
		c.consts[e] = value.Integer(e.Value)
		return kindTD(value.KindInteger), true
	case *ast.Float:
		c.consts[e] = value.Float(e.Value)
		return kindTD(value.KindFloat), true
	case *ast.Bool:
		c.consts[e] = value.Boolean(e.Value)
		return kindTD(value.KindBoolean), true
	case *ast.Null:
		c.consts[e] = value.Null
		return kindTD(value.KindNull), true
	case *ast.Regex:
		if rv, ok := compileRegex(e.Pattern); ok {
			c.consts[e] = rv
		}
		return kindTD(value.KindRegex), true
	case *ast.Timestamp:
		c.consts[e] = value.Timestamp(e.Value)
		return kindTD(value.KindTimestamp), true
	case *ast.Array:
		return c.array(e, st)
	case *ast.Object:
		return c.object(e, st)
	case *ast.Block:
		return c.block(e, st)
	case *ast.Group:
		td, ok := c.expr(e.X, st)
		if v, isConst := c.consts[e.X]; isConst {
			c.consts[e] = v
		}
		return td, ok
	case *ast.Variable:
		return c.variable(e, st)
	case *ast.Query:
		return c.query(e, st)
	case *ast.Binary:
		return c.binary(e, st)
	case *ast.Not:
		return c.not(e, st)
	case *ast.Assignment:
		return c.assignment(e, st)
	case *ast.Call:
		return c.call(e, st)
	case *ast.If:
		return c.ifExpr(e, st)
	case *ast.Abort:
		return c.abort(e, st)
	case *ast.Return:
		return c.ret(e, st)
	case *ast.Noop:
		return kindTD(value.KindNull), true
	}
	return typeDef{}, false
}

// template checks "a {{ x }} b": upstream rewrites it to "a" + x + "b".
func (c *checker) template(e *ast.String, st *state) (typeDef, bool) {
	var acc typeDef
	for i, seg := range e.Segments {
		var td typeDef
		if seg.Template {
			d, ok := st.locals[seg.Text]
			if !ok {
				if c.skip[skipVar(seg.Text)] {
					return typeDef{}, false
				}
				c.undefinedVariable(seg.Text, c.span(seg), st)
				return typeDef{}, false
			}
			td = d.td
		} else {
			td = kindTD(value.KindBytes)
		}
		if i == 0 {
			acc = td
			continue
		}
		acc = arithmetic(ast.OpAdd, acc, td, nil, nil)
	}
	if len(e.Segments) == 0 {
		return kindTD(value.KindBytes), true
	}
	return acc, true
}

func (c *checker) array(e *ast.Array, st *state) (typeDef, bool) {
	var tds []typeDef
	var consts []value.Value
	allConst := true
	for _, x := range e.Elems {
		td, ok := c.expr(x, st)
		if !ok {
			return typeDef{}, false
		}
		tds = append(tds, td)
		if v, ok := c.consts[x]; ok && allConst {
			consts = append(consts, v)
		} else {
			allConst = false
		}
	}
	out := typeDef{}
	known := map[string]value.Kind{}
	for i, td := range tds {
		td.kind = td.kind.UpgradeUndefined()
		out.fallible = out.fallible || td.fallible
		if td.kind.IsNever() {
			return typeDef{fallible: out.fallible}, true
		}
		out.returns = out.returns.Union(td.returns)
		known[strconv.Itoa(i)] = td.kind
	}
	out.kind = value.KindArrayOf(known, nil)
	if allConst {
		c.consts[e] = value.ArrayValue(consts)
	}
	return out, true
}

func (c *checker) object(e *ast.Object, st *state) (typeDef, bool) {
	tds := map[string]typeDef{}
	consts := map[string]value.Value{}
	allConst := true
	for _, p := range e.Pairs {
		td, ok := c.expr(p.Value, st)
		if !ok {
			return typeDef{}, false
		}
		tds[p.Key] = td
		if v, ok := c.consts[p.Value]; ok && allConst {
			consts[p.Key] = v
		} else {
			allConst = false
		}
	}
	out := typeDef{}
	known := map[string]value.Kind{}
	for _, p := range objectPairs(e) {
		td := tds[p.Key]
		td.kind = td.kind.UpgradeUndefined()
		out.returns = out.returns.Union(td.returns)
		out.fallible = out.fallible || td.fallible
		if td.kind.IsNever() {
			return typeDef{fallible: out.fallible, returns: out.returns}, true
		}
		known[p.Key] = td.kind
	}
	out.kind = value.KindObjectOf(known, nil)
	if allConst {
		c.consts[e] = value.ObjectValue(value.ObjectFromMap(consts))
	}
	return out, true
}

// block checks a block with its own scope: variables it creates are
// dropped at its end; variables it reassigns keep their new type.
func (c *checker) block(e *ast.Block, st *state) (typeDef, bool) {
	parent := st.clone().locals
	td, ok := c.blockBody(e.Exprs, st)
	if !ok {
		return td, false
	}
	st.applyChildScope(parent)
	return td, true
}

// blockBody checks a sequence of expressions without scoping; the result
// is the last one's type, fallible if any expression before a diverging
// one is.
func (c *checker) blockBody(exprs []ast.Expr, st *state) (typeDef, bool) {
	result := kindTD(value.KindNull)
	fallible, afterNever := false, false
	var returns value.Kind
	for _, x := range exprs {
		td, ok := c.expr(x, st)
		if !ok {
			return typeDef{}, false
		}
		result = td
		if !afterNever && td.fallible {
			fallible = true
		}
		if td.kind.IsNever() {
			afterNever = true
		}
		returns = returns.Union(td.returns)
	}
	result.fallible = fallible
	result.returns = returns
	return result, true
}

func (c *checker) variable(e *ast.Variable, st *state) (typeDef, bool) {
	d, ok := st.locals[e.Name]
	if !ok {
		if c.skip[skipVar(e.Name)] {
			return typeDef{}, false
		}
		c.undefinedVariable(e.Name, c.span(e), st)
		return typeDef{}, false
	}
	if d.val != nil {
		c.consts[e] = *d.val
	}
	return d.td, true
}

func (c *checker) query(e *ast.Query, st *state) (typeDef, bool) {
	path := kindPath(e.Path)
	if c.skip[skipExternal(e.Prefix, e.Path)] {
		return typeDef{}, false
	}
	switch e.Prefix {
	case ast.PrefixEvent:
		return kindTD(st.event.td.kind.AtPath(path)), true
	case ast.PrefixMetadata:
		return kindTD(st.meta.AtPath(path)), true
	}
	if v, isVar := e.Target.(*ast.Variable); isVar && c.skip[skipQuery(v.Name, e.Path)] {
		return typeDef{}, false
	}
	td, ok := c.expr(e.Target, st)
	if !ok {
		return td, false
	}
	return td.atPath(path), true
}

func (c *checker) not(e *ast.Not, st *state) (typeDef, bool) {
	td, ok := c.expr(e.X, st)
	if !ok {
		return td, false
	}
	if !isExactly(td.kind, value.BitBoolean) {
		c.errorAt(CodeNonBooleanNot, "non-boolean negation", []diag.Label{
			primary(c.rng(e.Pos(), e.Pos()+1), "negation only works on boolean values"),
			context(c.span(e.X), "this expression resolves to "+td.kind.Display()),
		}, noteCoerceValue, noteCoerceDocs)
		return typeDef{}, false
	}
	return typeDef{kind: value.KindBoolean, fallible: td.fallible, returns: td.returns}, true
}

func (c *checker) ifExpr(e *ast.If, st *state) (typeDef, bool) {
	pred, ok := c.predicate(e.Cond, e.CondSpan, st)
	if !ok {
		return typeDef{}, false
	}
	thenSt := st.clone()
	thenTD, ok := c.block(e.Then, thenSt)
	if !ok {
		return typeDef{}, false
	}
	c.info.Types[e.Then] = thenTD.public()
	if e.Else == nil {
		*st = *thenSt.merge(st)
		thenTD.kind = thenTD.kind.OrNull()
		thenTD.returns = thenTD.returns.Union(pred.returns)
		return thenTD, true
	}
	elseSt := st.clone()
	var elseTD typeDef
	switch el := e.Else.(type) {
	case *ast.Block:
		elseTD, ok = c.block(el, elseSt)
		if ok {
			c.info.Types[el] = elseTD.public()
		}
	default:
		// else-if: upstream parses it as an else block holding the if.
		parent := elseSt.clone().locals
		elseTD, ok = c.expr(el, elseSt)
		if ok {
			elseSt.applyChildScope(parent)
		}
	}
	if !ok {
		return typeDef{}, false
	}
	*st = *thenSt.merge(elseSt)
	out := thenTD.union(elseTD)
	out.returns = out.returns.Union(pred.returns)
	return out, true
}

// predicate checks an if condition: it must not fail (the pending error
// is reported as the predicate's) and must be a boolean.
func (c *checker) predicate(conds []ast.Expr, span ast.Span, st *state) (typeDef, bool) {
	pre := len(c.pending)
	defer func() { c.pending = c.pending[:min(pre, len(c.pending))] }()
	td, ok := c.blockBody(conds, st)
	if !ok {
		return td, false
	}
	if len(c.pending) > pre {
		p := c.pending[pre]
		d := c.pendingDiag(p)
		d.Summary = "fallible predicate"
		c.diags = append(c.diags, d)
		return td, false
	}
	if !isExactly(td.kind, value.BitBoolean) {
		s := c.span(span)
		c.errorAt(CodeNonBooleanPredicate, "non-boolean predicate", []diag.Label{
			primary(s, "this predicate must resolve to a boolean"),
			context(s, "instead it resolves to "+td.kind.Display()),
		}, noteCoerceValue, "see documentation about if expressions at https://vrl.dev/expressions/#if")
		return td, false
	}
	return td, true
}

func (c *checker) abort(e *ast.Abort, st *state) (typeDef, bool) {
	pre := len(c.pending)
	defer func() { c.pending = c.pending[:min(pre, len(c.pending))] }()
	if e.Message == nil {
		return typeDef{}, true
	}
	td, ok := c.expr(e.Message, st)
	if !ok {
		return td, false
	}
	s := c.span(e.Message)
	if td.fallible {
		c.errorAt(CodeFallibleExpr, "unhandled fallible expression", []diag.Label{
			primary(s, "abort only accepts an infallible expression argument"),
			context(s, "handle errors before using the expression as an abort message"),
		}, noteErrorDocs)
		return td, false
	}
	if !isExactly(td.kind, value.BitBytes) {
		c.errorAt(CodeNonStringAbortMessage, "non-string abort message", []diag.Label{
			primary(s, "abort only accepts an expression argument resolving to a string"),
			context(s, "this expression resolves to "+td.kind.Display()),
		}, noteCoerceValue, noteCoerceDocs)
		return td, false
	}
	return typeDef{returns: td.returns}, true
}

func (c *checker) ret(e *ast.Return, st *state) (typeDef, bool) {
	pre := len(c.pending)
	defer func() { c.pending = c.pending[:min(pre, len(c.pending))] }()
	td, ok := c.expr(e.X, st)
	if !ok {
		return td, false
	}
	if td.fallible {
		s := c.span(e.X)
		c.errorAt(CodeFallibleExpr, "unhandled fallible expression", []diag.Label{
			primary(s, "return only accepts an infallible expression argument"),
			context(s, "handle errors before using the expression as a return value"),
		}, noteErrorDocs)
		return td, false
	}
	c.returned = append(c.returned, st.event.td.kind)
	return typeDef{returns: td.kind}, true
}

// binary checks an operator expression (VRL's Op).
func (c *checker) binary(e *ast.Binary, st *state) (typeDef, bool) {
	pre := len(c.pending)
	lhs, ok := c.expr(e.Left, st)
	if !ok {
		return typeDef{}, false
	}
	if e.Op == ast.OpErr {
		c.pending = c.pending[:pre]
	}
	rst := st.clone()
	rhs, ok := c.expr(e.Right, rst)
	if !ok {
		return typeDef{}, false
	}
	switch {
	case e.Op == ast.OpErr && !lhs.fallible:
		c.pending = c.pending[:pre]
		c.errorAt(CodeUnnecessaryCoalesce, "unnecessary error coalescing operation", []diag.Label{
			primary(c.span(e.Left), "this expression can't fail"),
			context(c.span(e.Right), "this expression never resolves"),
			context(c.span(e.OpSpan), "remove this error coalescing operation"),
		})
		return typeDef{}, false
	case e.Op == ast.OpMerge && !(isExactly(lhs.kind, value.BitObject) && isExactly(rhs.kind, value.BitObject)):
		c.pending = c.pending[:pre]
		var labels []diag.Label
		if !isExactly(lhs.kind, value.BitObject) {
			labels = append(labels, primary(c.span(e.Left), "this expression must resolve to an object"))
		}
		if !isExactly(rhs.kind, value.BitObject) {
			labels = append(labels, primary(c.span(e.Right), "this expression must resolve to an object"))
		}
		c.errorAt(CodeMergeNonObjects, "only objects can be merged", labels)
		return typeDef{}, false
	}
	lconst, lok := c.consts[e.Left]
	rconst, rok := c.consts[e.Right]
	lv, rv := optVal(lconst, lok), optVal(rconst, rok)
	var td typeDef
	switch e.Op {
	case ast.OpErr:
		*st = *st.merge(rst)
		td = lhs.union(rhs)
		td.fallible = lhs.fallible && rhs.fallible
	case ast.OpOr:
		switch {
		case isExactly(lhs.kind, value.BitNull) || isBool(lv, false):
			*st = *rst
			td = rhs
		case !(lhs.kind.Contains(value.BitNull|value.BitBoolean) || lhs.kind.IsNever()) || isBool(lv, true):
			td = lhs
		default:
			*st = *st.merge(rst)
			l := lhs
			l.kind = l.kind.Without(value.BitNull)
			td = l.union(rhs)
		}
	case ast.OpAnd:
		switch {
		case isExactly(lhs.kind, value.BitNull) || isBool(lv, false):
			td = kindTD(value.KindBoolean)
		case isBool(lv, true):
			*st = *rst
			td = rhs
			td.kind = value.KindBoolean
		default:
			*st = *st.merge(rst)
			td = lhs.fallibleUnless(value.BitNull | value.BitBoolean).
				union(rhs.fallibleUnless(value.BitNull | value.BitBoolean))
			td.kind = value.KindBoolean
		}
	case ast.OpMerge:
		*st = *rst
		td = typeDef{
			kind:     lhs.kind.MergeKeep(rhs.kind, true),
			fallible: lhs.fallible || rhs.fallible,
			returns:  lhs.returns.Union(rhs.returns),
		}
	case ast.OpEq, ast.OpNe:
		*st = *rst
		td = lhs.union(rhs)
		td.kind = value.KindBoolean
	case ast.OpGt, ast.OpGe, ast.OpLt, ast.OpLe:
		*st = *rst
		if (isExactly(lhs.kind, value.BitBytes) && isExactly(rhs.kind, value.BitBytes)) ||
			(isExactly(lhs.kind, value.BitTimestamp) && isExactly(rhs.kind, value.BitTimestamp)) {
			td = lhs.union(rhs)
		} else {
			td = lhs.fallibleUnless(value.BitInteger | value.BitFloat).
				union(rhs.fallibleUnless(value.BitInteger | value.BitFloat))
		}
		td.kind = value.KindBoolean
	default:
		*st = *rst
		td = arithmetic(e.Op, lhs, rhs, lv, rv)
		if v, ok := constArith(e.Op, lv, rv); ok {
			c.consts[e] = v
		}
	}
	if !td.fallible {
		c.pending = c.pending[:pre]
	}
	return td, true
}

func optVal(v value.Value, ok bool) *value.Value {
	if !ok {
		return nil
	}
	return &v
}

func isBool(v *value.Value, b bool) bool {
	return v != nil && v.Type() == value.TypeBoolean && v.Bool() == b
}

// arithmetic is the type of + - * / (VRL's Op::type_info).
func arithmetic(op ast.Op, lhs, rhs typeDef, lv, rv *value.Value) typeDef {
	if op == ast.OpDiv {
		td := kindTD(value.KindFloat)
		td.fallible = true
		if rv != nil && (isExactly(lhs.kind, value.BitFloat) || isExactly(lhs.kind, value.BitInteger)) {
			switch rv.Type() {
			case value.TypeFloat:
				f := rv.Flt()
				td.fallible = !(f != 0 && !math.IsInf(f, 0) && !math.IsNaN(f) && math.Abs(f) >= 2.2250738585072014e-308)
			case value.TypeInteger:
				td.fallible = rv.Int() == 0
			}
		}
		return td
	}
	num := value.BitInteger | value.BitFloat
	switch {
	case op == ast.OpAdd && (isExactly(lhs.kind, value.BitBytes) || isExactly(rhs.kind, value.BitBytes)):
		td := lhs.fallibleUnless(value.BitBytes | value.BitNull).union(rhs.fallibleUnless(value.BitBytes | value.BitNull))
		td.kind = value.KindBytes
		return td
	case isExactly(lhs.kind, value.BitFloat) || isExactly(rhs.kind, value.BitFloat):
		td := lhs.fallibleUnless(num).union(rhs.fallibleUnless(num))
		td.kind = value.KindFloat
		if producesNaN(op, lv, rv) {
			td.fallible = true
		}
		return td
	case isExactly(lhs.kind, value.BitInteger) && isExactly(rhs.kind, value.BitInteger):
		td := lhs.union(rhs)
		td.kind = value.KindInteger
		return td
	case op == ast.OpMul && isExactly(lhs.kind, value.BitBytes) && isExactly(rhs.kind, value.BitInteger),
		op == ast.OpMul && isExactly(lhs.kind, value.BitInteger) && isExactly(rhs.kind, value.BitBytes):
		td := lhs.union(rhs)
		td.kind = value.KindBytes
		return td
	case op == ast.OpAdd || op == ast.OpMul:
		td := lhs.union(rhs)
		td.fallible = true
		td.kind = value.Kind{Bits: value.BitBytes | value.BitInteger | value.BitFloat}
		return td
	default:
		td := lhs.union(rhs)
		td.fallible = true
		td.kind = value.Kind{Bits: num}
		return td
	}
}

// producesNaN reports whether constant float arithmetic gives NaN
// (inf - inf and the like), which VRL reports as a runtime error.
func producesNaN(op ast.Op, lv, rv *value.Value) bool {
	if lv == nil || rv == nil {
		return false
	}
	l, lok := number(*lv)
	r, rok := number(*rv)
	if !lok || !rok || (lv.Type() != value.TypeFloat && rv.Type() != value.TypeFloat) {
		return false
	}
	var res float64
	switch op {
	case ast.OpAdd:
		res = l + r
	case ast.OpSub:
		res = l - r
	case ast.OpMul:
		res = l * r
	default:
		return false
	}
	return math.IsNaN(res)
}

func number(v value.Value) (float64, bool) {
	switch v.Type() {
	case value.TypeInteger:
		return float64(v.Int()), true
	case value.TypeFloat:
		return v.Flt(), true
	}
	return 0, false
}

// constArith folds arithmetic on numeric constants (VRL's
// resolve_constant for Op), so that `x = 1 + 1` keeps a constant value
// for functions that need static arguments.
func constArith(op ast.Op, lv, rv *value.Value) (value.Value, bool) {
	if lv == nil || rv == nil {
		return value.Value{}, false
	}
	l, lok := number(*lv)
	r, rok := number(*rv)
	if !lok || !rok {
		return value.Value{}, false
	}
	bothInt := lv.Type() == value.TypeInteger && rv.Type() == value.TypeInteger
	switch op {
	case ast.OpAdd, ast.OpSub, ast.OpMul:
		if bothInt {
			a, b := lv.Int(), rv.Int()
			switch op {
			case ast.OpAdd:
				s := a + b
				if (s > a) != (b > 0) {
					return value.Value{}, false
				}
				return value.Integer(s), true
			case ast.OpSub:
				s := a - b
				if (s < a) != (b > 0) {
					return value.Value{}, false
				}
				return value.Integer(s), true
			default:
				if a != 0 && (a*b)/a != b {
					return value.Value{}, false
				}
				return value.Integer(a * b), true
			}
		}
		var res float64
		switch op {
		case ast.OpAdd:
			res = l + r
		case ast.OpSub:
			res = l - r
		default:
			res = l * r
		}
		if math.IsNaN(res) {
			return value.Value{}, false
		}
		return value.Float(res), true
	case ast.OpDiv:
		if r == 0 {
			return value.Value{}, false
		}
		return value.Float(l / r), true
	}
	return value.Value{}, false
}

// kindPath converts an AST path to a kind path.
func kindPath(path []ast.PathSegment) []value.KindSegment {
	out := make([]value.KindSegment, 0, len(path))
	for _, s := range path {
		switch s.Kind {
		case ast.SegIndex:
			out = append(out, value.IndexSeg(int(s.Index)))
		case ast.SegField:
			out = append(out, value.FieldSeg(s.Field))
		case ast.SegCoalesce:
			if len(s.Fields) > 0 {
				out = append(out, value.FieldSeg(s.Fields[len(s.Fields)-1].Field))
			}
		}
	}
	return out
}
