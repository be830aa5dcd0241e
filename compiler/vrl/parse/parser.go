// Package parse turns VRL 0.35 source into the syntax tree of
// compiler/vrl/ast. It is a hand-written recursive-descent parser that
// accepts exactly VRL's grammar (src/parser/parser.lalrpop upstream) and
// reproduces its diagnostics: a syntax error abandons the current root
// expression, which becomes an *ast.Bad, and parsing resumes after the next
// newline or semicolon; a lexical error (bad escape, unterminated literal)
// is fatal, as in VRL, and is then the only diagnostic returned.
//
// The parser also reports the literal errors VRL's compiler raises while
// building literals (invalid regex E101, invalid timestamp E601) and
// chained comparisons (E650), since they depend on syntax alone.
package parse

import (
	"github.com/matano-go/matano/compiler/diag"
	"github.com/matano-go/matano/compiler/vrl/ast"
)

// File parses a VRL program. The returned program is never nil: when the
// input has syntax errors it holds every root expression that parsed plus
// *ast.Bad nodes for the rest, which is enough for editors and for
// reporting further diagnostics. When diags contains a fatal lexical error
// (codes E202, E206-E211) it is the only diagnostic and the tree must not
// be compiled.
func File(f *diag.File) (prog *ast.Program, diags diag.List) {
	p := &parser{f: f, src: f.Src}
	p.lx = lexer{f: f, src: f.Src}
	prog = &ast.Program{File: f}
	defer func() {
		if r := recover(); r != nil {
			// A bug must not take the caller down: report it as one.
			diags = append(diags, diag.Diagnostic{
				Severity: diag.Bug, Summary: "internal error in the VRL parser",
				Detail: panicText(r),
			})
		}
	}()
	p.advance()
	prog.Exprs = p.program()
	if p.fatal != nil {
		return prog, diag.List{*p.fatal}
	}
	return prog, p.diags
}

// Expr parses a single expression (for example a template or a REPL
// line); trailing input is a syntax error.
func Expr(f *diag.File) (ast.Expr, diag.List) {
	prog, diags := File(f)
	switch len(prog.Exprs) {
	case 0:
		return &ast.Null{}, diags
	case 1:
		return prog.Exprs[0], diags
	}
	return &ast.Block{Span: ast.Span{Start: prog.Exprs[0].Pos(), Stop: prog.Exprs[len(prog.Exprs)-1].End()}, Exprs: prog.Exprs}, diags
}

func panicText(r any) string {
	if e, ok := r.(error); ok {
		return e.Error()
	}
	if s, ok := r.(string); ok {
		return s
	}
	return "panic"
}

// bailout unwinds a root expression after a syntax error was recorded.
type bailout struct{}

type parser struct {
	f   *diag.File
	src []byte
	lx  lexer
	tok token
	// prevEnd is where the previous token ended; a path continues only
	// when its next token touches the previous one (VRL's lexer ends a
	// query at whitespace).
	prevEnd int
	diags   diag.List
	fatal   *diag.Diagnostic
	// starts is the set of terminals that could begin the expression being
	// parsed, for "expected one of" lists.
	starts termSet
	depth  int
}

// maxDepth bounds nesting so hostile input cannot exhaust the stack.
const maxDepth = 2000

func (p *parser) advance() {
	p.prevEnd = p.tok.end
	p.tok = p.lx.next()
	if p.lx.err != nil {
		if p.fatal == nil {
			p.fatal = p.lx.err
		}
		p.lx.err = nil
	}
}

// peek returns the token after the current one without consuming it.
func (p *parser) peek() token {
	l := p.lx
	l.err = nil
	return l.next()
}

func (p *parser) skipNewlines() {
	for p.tok.kind == tNewline {
		p.advance()
	}
}

func (p *parser) at(k tokKind) bool { return p.tok.kind == k }

func (p *parser) span(start int) ast.Span { return ast.Span{Start: start, Stop: p.prevEnd} }

func (p *parser) text(t token) string { return string(p.src[t.start:t.end]) }

// adjacent reports whether the current token touches the previous one.
func (p *parser) adjacent() bool { return p.tok.start == p.prevEnd && p.tok.kind != tEOF }

// Terminal sets used for "expected one of" lists.
var (
	setAnyIdent  = setOf(tIdent, tReserved, tIf, tElse, tNull, tTrue, tFalse, tAbort, tReturn)
	setTermStart = setOf(tIdent, tString, tRawString, tInt, tFloat, tRegex, tTimestamp,
		tFuncCall, tLQuery, tNull, tTrue, tFalse, tLBracket, tLBrace, tLParen)
	setArithStart = setTermStart | setOf(tBang)
	setExprStart  = setArithStart | setOf(tUnderscore, tIf, tAbort, tReturn)
	setBinOps     = setOf(tAdd, tMul, tSub, tDiv, tLt, tLe, tGt, tGe, tEq, tNe, tMerge, tAnd, tOr, tErrCoalesce)
	setAssignOps  = setOf(tAssign, tMergeAssign, tComma)
	setField      = setOf(tIdent, tPathField, tString, tReserved, tIf, tElse, tNull, tTrue, tFalse, tAbort, tReturn)
	setEnd        = setOf(tSemi, tNewline)
)

// program parses root expressions separated by newlines or semicolons.
func (p *parser) program() []ast.Expr {
	var out []ast.Expr
	p.skipNewlines()
	for !p.at(tEOF) {
		out = append(out, p.root())
		switch p.tok.kind {
		case tNewline:
			p.skipNewlines()
		case tSemi:
			p.advance()
			p.skipNewlines()
		}
	}
	return out
}

// root parses one root expression, turning a syntax error into a Bad node
// that extends to the next newline or semicolon.
func (p *parser) root() (e ast.Expr) {
	start := p.tok.start
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		if _, ok := r.(bailout); !ok {
			panic(r)
		}
		p.depth = 0
		for !p.at(tEOF) && !p.at(tNewline) && !p.at(tSemi) {
			p.advance()
		}
		end := p.prevEnd
		if end < start {
			end = start
		}
		e = &ast.Bad{Span: ast.Span{Start: start, Stop: end}}
	}()
	p.starts = setExprStart | setOf(tNewline)
	e = p.expr()
	p.expectEnd(e, setEnd, true)
	return e
}

// expectEnd checks that the expression e is followed by one of follow;
// otherwise it reports the token, expecting follow or anything that could
// extend e. assign says whether the context admits an assignment.
func (p *parser) expectEnd(e ast.Expr, follow termSet, assign bool) {
	if p.at(tEOF) && follow == setEnd || follow.has(p.tok.kind) {
		return
	}
	p.unexpected(follow | continuations(e, assign))
}

// continuations returns the terminals that could extend a complete
// expression e: the binary operators after an operand, "=" and friends
// after an assignable target, "->" after a call, "else" after an if
// without one, a message after a bare abort.
func continuations(e ast.Expr, assign bool) termSet {
	switch e := e.(type) {
	case *ast.Assignment:
		return continuations(e.Value, true)
	case *ast.Return:
		return continuations(e.X, true)
	case *ast.Abort:
		if e.Message == nil {
			return setExprStart
		}
		return continuations(e.Message, true)
	case *ast.If:
		switch els := e.Else.(type) {
		case nil:
			return setOf(tElse)
		case *ast.If:
			return continuations(els, assign)
		}
		return 0
	case *ast.Variable, *ast.Query:
		if assign {
			return setBinOps | setAssignOps
		}
	case *ast.Call:
		if e.Closure == nil {
			return setBinOps | setOf(tArrow)
		}
	case *ast.Bad, nil:
		return 0
	}
	return setBinOps
}

// startsExpr reports whether a token can begin an expression; "." and
// "%" stand for the query-start terminal.
func startsExpr(k tokKind) bool {
	return setExprStart.has(k) || k == tDot || k == tPercent
}

func assignable(e ast.Expr) bool {
	switch e.(type) {
	case *ast.Variable, *ast.Query:
		return true
	}
	return false
}

// unexpected reports the current token as a syntax error and unwinds to
// the root expression.
func (p *parser) unexpected(want termSet) {
	t := p.tok
	span := diag.Span{File: p.f, Start: t.start, End: t.end}
	var d diag.Diagnostic
	switch t.kind {
	case tReserved:
		d = diag.Diagnostic{Severity: diag.Error, Code: codeString(CodeReservedKeyword), Summary: "reserved keyword",
			Labels: []diag.Label{
				{Span: span, Message: "this identifier name is reserved for future use in the language", Primary: true},
				{Span: span, Message: "use a different name instead"},
			}}
		d.Notes = Notes(CodeReservedKeyword)
	case tEOF:
		span = diag.Span{File: p.f, Start: p.prevEnd, End: p.prevEnd}
		d = diag.Diagnostic{Severity: diag.Error, Code: codeString(CodeUnexpectedEOF), Summary: "syntax error",
			Labels: []diag.Label{
				{Span: span, Message: "unexpected end of program", Primary: true},
				{Span: span, Message: "expected one of: " + want.list()},
			}, Notes: Notes(CodeUnexpectedEOF)}
	default:
		d = diag.Diagnostic{Severity: diag.Error, Code: codeString(CodeUnexpectedToken), Summary: "syntax error",
			Labels: []diag.Label{
				{Span: span, Message: `unexpected syntax token: "` + p.tokenName(t) + `"`, Primary: true},
				{Span: span, Message: "expected one of: " + want.list()},
			}, Notes: Notes(CodeUnexpectedToken)}
	}
	d.Subject = span
	p.diags = append(p.diags, d)
	panic(bailout{})
}

// tokenName names t as VRL's parser would see it: a token that starts a
// query chain is seen as the query-start marker.
func (p *parser) tokenName(t token) string {
	switch t.kind {
	case tDot, tPercent:
		return "LQuery"
	case tIdent, tFuncCall, tLBracket, tLBrace, tReserved, tTrue, tFalse, tNull, tIf, tElse, tAbort, tReturn:
		if chainIsQuery(p.src, t.start) {
			return "LQuery"
		}
	}
	return t.kind.tokenName()
}

// endOfQuery reports a query path that stops after a dot (".foo."); VRL's
// lexer closes the query there, at the dot.
func (p *parser) endOfQuery(dot int) {
	span := diag.Span{File: p.f, Start: dot, End: dot + 1}
	p.diags = append(p.diags, diag.Diagnostic{
		Severity: diag.Error, Code: codeString(CodeUnexpectedToken), Summary: "syntax error", Subject: span,
		Labels: []diag.Label{
			{Span: span, Message: "unexpected end of query path", Primary: true},
			{Span: span, Message: "expected one of: " + setField.list()},
		}, Notes: Notes(CodeUnexpectedToken)})
	panic(bailout{})
}

func (p *parser) expect(k tokKind) token {
	if !p.at(k) {
		p.unexpected(setOf(k))
	}
	t := p.tok
	p.advance()
	return t
}

func (p *parser) enter() {
	p.depth++
	if p.depth > maxDepth {
		span := diag.Span{File: p.f, Start: p.tok.start, End: p.tok.end}
		p.diags = append(p.diags, diag.Diagnostic{Severity: diag.Error, Code: codeString(CodeUnexpectedToken),
			Summary: "syntax error", Subject: span,
			Labels: []diag.Label{{Span: span, Message: "expression nested too deeply", Primary: true}},
			Notes:  Notes(CodeUnexpectedToken)})
		panic(bailout{})
	}
}

func (p *parser) leave() { p.depth-- }

// ---------------------------------------------------------------------------
// expressions

// expr parses Expr: if, abort, return or an assignment/arithmetic
// expression.
func (p *parser) expr() ast.Expr {
	p.enter()
	defer p.leave()
	switch p.tok.kind {
	case tIf:
		return p.ifExpr()
	case tAbort:
		start := p.tok.start
		p.advance()
		a := &ast.Abort{}
		if startsExpr(p.tok.kind) {
			p.starts = setExprStart
			a.Message = p.expr()
		}
		a.Span = p.span(start)
		return a
	case tReturn:
		start := p.tok.start
		p.advance()
		p.starts = setExprStart
		x := p.expr()
		return &ast.Return{Span: p.span(start), X: x}
	}
	return p.assignExpr()
}

// assignExpr parses AssignmentExpr: an assignment or an arithmetic
// expression.
func (p *parser) assignExpr() ast.Expr {
	start := p.tok.start
	var target ast.Expr
	if p.at(tUnderscore) {
		target = &ast.Noop{Span: ast.Span{Start: p.tok.start, Stop: p.tok.end}}
		p.advance()
		if !setAssignOps.has(p.tok.kind) {
			p.unexpected(setAssignOps)
		}
	} else {
		target = p.arith()
		if !assignable(target) || !setAssignOps.has(p.tok.kind) {
			return target
		}
	}
	a := &ast.Assignment{Target: target}
	if p.at(tComma) {
		p.advance()
		a.Err = p.assignTarget()
	}
	switch p.tok.kind {
	case tAssign:
		a.Op = ast.Assign
	case tMergeAssign:
		a.Op = ast.MergeAssign
	default:
		p.unexpected(setOf(tAssign, tMergeAssign))
	}
	p.advance()
	p.skipNewlines()
	p.starts = setExprStart | setOf(tNewline)
	a.Value = p.expr()
	a.Span = p.span(start)
	return a
}

// assignTarget parses the second target of "ok, err = ...": _, a
// variable or a query.
func (p *parser) assignTarget() ast.Expr {
	switch p.tok.kind {
	case tUnderscore:
		n := &ast.Noop{Span: ast.Span{Start: p.tok.start, Stop: p.tok.end}}
		p.advance()
		return n
	case tIdent, tDot, tPercent:
		p.starts = setOf(tIdent, tLQuery, tUnderscore)
		return p.term()
	}
	p.unexpected(setOf(tIdent, tLQuery, tUnderscore))
	return nil
}

// arith parses ArithmeticExpr with VRL's precedence levels.
func (p *parser) arith() ast.Expr {
	return p.binary(1)
}

func binaryOp(k tokKind) (ast.Op, bool) {
	switch k {
	case tErrCoalesce:
		return ast.OpErr, true
	case tOr:
		return ast.OpOr, true
	case tAnd:
		return ast.OpAnd, true
	case tEq:
		return ast.OpEq, true
	case tNe:
		return ast.OpNe, true
	case tGt:
		return ast.OpGt, true
	case tGe:
		return ast.OpGe, true
	case tLt:
		return ast.OpLt, true
	case tLe:
		return ast.OpLe, true
	case tMerge:
		return ast.OpMerge, true
	case tAdd:
		return ast.OpAdd, true
	case tSub:
		return ast.OpSub, true
	case tMul:
		return ast.OpMul, true
	case tDiv:
		return ast.OpDiv, true
	}
	return 0, false
}

func (p *parser) binary(minPrec int) ast.Expr {
	p.enter()
	defer p.leave()
	left := p.unary()
	return p.binaryRest(left, minPrec)
}

// binaryRest continues a binary expression whose first operand is parsed.
func (p *parser) binaryRest(left ast.Expr, minPrec int) ast.Expr {
	for {
		op, ok := binaryOp(p.tok.kind)
		if !ok || op.Precedence() < minPrec {
			return left
		}
		opSpan := ast.Span{Start: p.tok.start, Stop: p.tok.end}
		p.advance()
		p.skipNewlines()
		p.starts = setArithStart | setOf(tNewline)
		right := p.binary(op.Precedence() + 1)
		if op.IsComparison() {
			if l, ok := left.(*ast.Binary); ok && l.Op.IsComparison() {
				p.chained(opSpan)
			}
		}
		left = &ast.Binary{
			Span: ast.Span{Start: left.Pos(), Stop: right.End()},
			Op:   op, OpSpan: opSpan, Left: left, Right: right,
		}
	}
}

// chained reports E650 for a comparison whose left operand is itself a
// comparison (VRL reports it while compiling; it is purely syntactic).
func (p *parser) chained(op ast.Span) {
	span := diag.Span{File: p.f, Start: op.Start, End: op.Stop}
	p.diags = append(p.diags, diag.Diagnostic{
		Severity: diag.Error, Code: codeString(CodeChainedComparison),
		Summary: "comparison operators can't be chained together", Subject: span,
		Labels: []diag.Label{{Span: span, Primary: true}},
		Notes:  Notes(CodeChainedComparison, SeeDocs("comparisons", "https://vrl.dev/expressions/#comparison")),
	})
}

func (p *parser) unary() ast.Expr {
	if p.at(tBang) {
		start := p.tok.start
		p.advance()
		p.starts = setArithStart
		p.enter()
		x := p.unary()
		p.leave()
		return &ast.Not{Span: ast.Span{Start: start, Stop: x.End()}, X: x}
	}
	return p.term()
}

// term parses a literal, container, query, call or variable.
func (p *parser) term() ast.Expr {
	t := p.tok
	sp := ast.Span{Start: t.start, Stop: t.end}
	switch t.kind {
	case tString:
		p.advance()
		return p.stringNode(t)
	case tRawString:
		p.advance()
		return &ast.RawString{Span: sp, Value: string(p.src[t.start+2 : t.end-1])}
	case tInt:
		p.advance()
		v, _ := parseIntLit(p.src[t.start:t.end])
		return &ast.Integer{Span: sp, Value: v}
	case tFloat:
		p.advance()
		return &ast.Float{Span: sp, Value: parseFloatLit(p.src[t.start:t.end])}
	case tTrue, tFalse:
		p.advance()
		return &ast.Bool{Span: sp, Value: t.kind == tTrue}
	case tNull:
		p.advance()
		return &ast.Null{Span: sp}
	case tRegex:
		p.advance()
		return p.regexNode(t)
	case tTimestamp:
		p.advance()
		return p.timestampNode(t)
	case tIdent:
		p.advance()
		v := &ast.Variable{Span: sp, Name: p.text(t)}
		return p.postfix(v)
	case tFuncCall:
		c := p.call()
		if c.Closure != nil {
			return c
		}
		return p.postfix(c)
	case tDot, tPercent:
		p.advance()
		q := &ast.Query{Span: sp, Prefix: ast.PrefixEvent}
		if t.kind == tPercent {
			q.Prefix = ast.PrefixMetadata
		}
		p.path(q, true)
		return q
	case tLBracket:
		return p.postfix(p.array())
	case tLBrace:
		return p.postfix(p.braces())
	case tLParen:
		// A group is never the target of a query: VRL's lexer does not
		// start a query at "(".
		return p.group()
	}
	p.unexpected(p.starts)
	return nil
}

// postfix wraps target in a Query when a path touches it.
func (p *parser) postfix(target ast.Expr) ast.Expr {
	if !p.adjacent() || (!p.at(tDot) && !p.at(tLBracket)) {
		return target
	}
	q := &ast.Query{Span: ast.Span{Start: target.Pos(), Stop: target.End()}, Target: target}
	p.path(q, false)
	return q
}

// path parses the segments of q that touch each other. rooted is set for
// the "." and "%" prefixes, after which a field may follow without a dot.
func (p *parser) path(q *ast.Query, rooted bool) {
	for p.adjacent() {
		t := p.tok
		switch {
		case t.kind == tDot:
			p.advance()
			if !p.adjacent() || !setField.has(p.tok.kind) {
				if p.adjacent() && breaksQuery(p.tok.kind) {
					p.unexpected(setField)
				}
				p.endOfQuery(t.start)
			}
			q.Path = append(q.Path, p.field(t.start))
		case t.kind == tLBracket:
			p.advance()
			n := p.tok
			if !p.at(tInt) {
				p.unexpected(setOf(tInt))
			}
			p.advance()
			p.expect(tRBracket)
			v, _ := parseIntLit(p.src[n.start:n.end])
			q.Path = append(q.Path, ast.PathSegment{Span: p.span(t.start), Kind: ast.SegIndex, Index: v})
		case setField.has(t.kind) && (rooted || len(q.Path) > 0):
			q.Path = append(q.Path, p.field(t.start))
		case breaksQuery(t.kind) && (rooted || len(q.Path) > 0):
			// VRL's lexer keeps such a token inside the query, where only
			// a path step or the end of the query may come.
			p.unexpected(setField | setOf(tRQuery, tDot, tLBracket))
		default:
			q.Span.Stop = p.prevEnd
			return
		}
	}
	q.Span.Stop = p.prevEnd
}

// breaksQuery reports whether a token kind touching a path dot continues
// the query in VRL's lexer (so the parser sees the token itself) rather
// than ending it.
func breaksQuery(k tokKind) bool {
	switch k {
	case tLBracket, tLBrace, tLParen, tInt, tFloat, tFuncCall, tUnderscore:
		return true
	}
	return false
}

// field parses one field name token of a path; start is where the
// segment (including its dot) begins.
func (p *parser) field(start int) ast.PathSegment {
	t := p.tok
	p.advance()
	seg := ast.PathSegment{Span: p.span(start), Kind: ast.SegField}
	if t.kind == tString {
		seg.Quoted = true
		seg.Field = segmentsText(segments(p.src[t.start+1:max(t.start+1, t.end-1)], t.start+1))
	} else {
		seg.Field = p.text(t)
	}
	return seg
}

// call parses name(args) or name!(args) with an optional closure.
func (p *parser) call() *ast.Call {
	t := p.tok
	p.advance()
	c := &ast.Call{Name: p.text(t), NameSpan: ast.Span{Start: t.start, Stop: t.end}}
	if p.at(tBang) {
		c.Abort = true
		p.advance()
	}
	p.expect(tLParen)
	p.skipNewlines()
	for !p.at(tRParen) {
		a := ast.Arg{}
		a.Start = p.tok.start
		if setField.has(p.tok.kind) && p.tok.kind != tString && p.tok.kind != tPathField && p.peek().kind == tColon {
			a.Name = p.text(p.tok)
			a.NameSpan = ast.Span{Start: p.tok.start, Stop: p.tok.end}
			p.advance()
			p.advance()
		}
		if a.Name == "" {
			p.starts = setArithStart | setAnyIdent | setOf(tRParen, tNewline)
		} else {
			p.starts = setArithStart
		}
		a.Value = p.arith()
		a.Stop = p.prevEnd
		c.Args = append(c.Args, a)
		p.listNext(a.Value, tRParen)
	}
	p.advance()
	if p.at(tArrow) {
		c.Closure = p.closure()
	}
	c.Span = p.span(t.start)
	return c
}

// listNext consumes what follows an element of a comma-separated list
// (call arguments, array elements, object values) closed by close: any
// newlines, then a comma (and newlines) or the closing token, which it
// leaves in place.
func (p *parser) listNext(elem ast.Expr, close tokKind) {
	sawNewline := p.at(tNewline)
	p.skipNewlines()
	if p.at(tComma) {
		p.advance()
		p.skipNewlines()
		return
	}
	if p.at(close) {
		return
	}
	want := setOf(tComma, close, tNewline)
	if !sawNewline {
		want |= continuations(elem, false)
	}
	p.unexpected(want)
}

// closure parses "-> |params| { body }" after a call.
func (p *parser) closure() *ast.Closure {
	start := p.tok.start
	p.advance()
	cl := &ast.Closure{}
	switch p.tok.kind {
	case tOr:
		p.advance()
	case tMerge:
		p.advance()
		for !p.at(tMerge) {
			t := p.tok
			switch t.kind {
			case tIdent:
				cl.Params = append(cl.Params, ast.Param{Span: ast.Span{Start: t.start, Stop: t.end}, Name: p.text(t)})
			case tUnderscore:
				cl.Params = append(cl.Params, ast.Param{Span: ast.Span{Start: t.start, Stop: t.end}})
			default:
				p.unexpected(setOf(tIdent, tUnderscore, tMerge))
			}
			p.advance()
			p.skipNewlines()
			if p.at(tComma) {
				p.advance()
				p.skipNewlines()
				continue
			}
			if !p.at(tMerge) {
				p.unexpected(setOf(tComma, tMerge, tNewline))
			}
		}
		p.advance()
	default:
		p.unexpected(setOf(tMerge, tOr))
	}
	p.skipNewlines()
	if !p.at(tLBrace) {
		p.unexpected(setOf(tLBrace, tNewline))
	}
	cl.Body = p.block()
	cl.Span = p.span(start)
	return cl
}

// group parses "(" AssignmentExpr ")".
func (p *parser) group() ast.Expr {
	start := p.tok.start
	p.advance()
	p.starts = setExprStart &^ setOf(tIf, tAbort, tReturn)
	x := p.assignExpr()
	if !p.at(tRParen) {
		p.expectEnd(x, setOf(tRParen), true)
	}
	p.advance()
	return &ast.Group{Span: p.span(start), X: x}
}

// array parses "[" elements "]".
func (p *parser) array() ast.Expr {
	start := p.tok.start
	p.advance()
	p.skipNewlines()
	a := &ast.Array{}
	for !p.at(tRBracket) {
		p.starts = setArithStart | setOf(tRBracket, tNewline)
		x := p.arith()
		a.Elems = append(a.Elems, x)
		p.listNext(x, tRBracket)
	}
	p.advance()
	a.Span = p.span(start)
	return a
}

// braces parses an object literal or a block, which both start with "{":
// "{}" and "{ "key": ..." are objects, anything else is a block.
func (p *parser) braces() ast.Expr {
	save, saveTok, savePrev := p.lx, p.tok, p.prevEnd
	start := p.tok.start
	p.advance()
	p.skipNewlines()
	isObject := p.at(tRBrace) || (p.at(tString) && p.peek().kind == tColon)
	if !isObject {
		// Rewind so block() sees the brace; lexing is deterministic, so
		// re-reading the same tokens yields the same (or no) errors.
		p.lx, p.tok, p.prevEnd = save, saveTok, savePrev
		return p.blockFrom(setOf(tRBrace))
	}
	o := &ast.Object{}
	for !p.at(tRBrace) {
		k := p.tok
		if !p.at(tString) {
			p.unexpected(setOf(tString, tRBrace, tNewline))
		}
		p.advance()
		p.expect(tColon)
		p.starts = setArithStart
		v := p.arith()
		o.Pairs = append(o.Pairs, ast.Pair{
			KeySpan: ast.Span{Start: k.start, Stop: k.end},
			Key:     unescape(p.src[k.start+1 : k.end-1]),
			Value:   v,
		})
		p.listNext(v, tRBrace)
	}
	p.advance()
	o.Span = p.span(start)
	return o
}

// block parses "{" expressions "}"; at least one expression is required.
func (p *parser) block() *ast.Block { return p.blockFrom(0) }

// blockFrom parses a block; extra adds to what may start it (a "{" that
// could also open an object may be closed right away).
func (p *parser) blockFrom(extra termSet) *ast.Block {
	start := p.tok.start
	p.expect(tLBrace)
	p.skipNewlines()
	b := &ast.Block{}
	follow := setOf(tSemi, tNewline, tRBrace)
	first := true
	for {
		p.starts = setExprStart | setOf(tNewline)
		if first {
			p.starts |= extra
		} else {
			p.starts |= setOf(tRBrace)
		}
		first = false
		e := p.expr()
		b.Exprs = append(b.Exprs, e)
		p.expectEnd(e, follow, true)
		if p.at(tRBrace) {
			break
		}
		if p.at(tSemi) {
			p.advance()
		}
		p.skipNewlines()
		if p.at(tRBrace) {
			break
		}
	}
	p.advance()
	b.Span = p.span(start)
	return b
}

// ifExpr parses if/else if/else.
func (p *parser) ifExpr() ast.Expr {
	start := p.tok.start
	p.advance()
	n := &ast.If{}
	condStart := p.tok.start
	n.Cond = p.predicate()
	n.CondSpan = p.span(condStart)
	p.skipNewlines()
	if !p.at(tLBrace) {
		p.unexpected(continuations(n.Cond[len(n.Cond)-1], false) | setOf(tLBrace, tNewline))
	}
	n.Then = p.block()
	if p.at(tElse) {
		p.advance()
		p.skipNewlines()
		switch p.tok.kind {
		case tIf:
			n.Else = p.ifExpr()
		case tLBrace:
			n.Else = p.block()
		default:
			p.unexpected(setOf(tIf, tLBrace, tNewline))
		}
	}
	n.Span = p.span(start)
	return n
}

// predicate parses an if condition: an arithmetic expression, or
// "( expr ; expr ... )" with at least one separator.
func (p *parser) predicate() []ast.Expr {
	if !p.at(tLParen) {
		p.starts = setArithStart
		return []ast.Expr{p.arith()}
	}
	start := p.tok.start
	p.advance()
	sawNewline := p.at(tNewline)
	p.skipNewlines()
	p.starts = setExprStart&^setOf(tIf, tAbort, tReturn) | setOf(tNewline)
	first := p.assignExpr()
	if p.at(tRParen) && !sawNewline {
		// A plain group, possibly the first operand of a larger condition.
		p.advance()
		g := &ast.Group{Span: p.span(start), X: first}
		var lhs ast.Expr = g
		return []ast.Expr{p.binaryRest(lhs, 1)}
	}
	exprs := []ast.Expr{first}
	closable := !sawNewline // ")" may still end a plain group
	for {
		if !p.at(tSemi) && !p.at(tNewline) {
			want := setOf(tSemi, tNewline) | continuations(exprs[len(exprs)-1], true)
			if closable {
				want |= setOf(tRParen)
			}
			p.unexpected(want)
		}
		closable = true
		for p.at(tSemi) || p.at(tNewline) {
			p.advance()
		}
		if p.at(tRParen) {
			break
		}
		p.starts = setExprStart &^ setOf(tIf, tAbort, tReturn)
		exprs = append(exprs, p.assignExpr())
		if p.at(tRParen) {
			break
		}
	}
	p.advance()
	return exprs
}
