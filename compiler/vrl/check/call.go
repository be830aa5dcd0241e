package check

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/matano-go/matano/compiler/diag"
	"github.com/matano-go/matano/compiler/vrl/ast"
	"github.com/matano-go/matano/runtime/vrl/value"
	"github.com/matano-go/matano/stdlib"
)

// specialParams are the parameters of the functions the checker and the
// interpreter implement themselves, because they take a path rather than
// a value (del, exists) or return the checker's own knowledge (type_def).
var specialParams = map[string]struct {
	kind   Special
	params []stdlib.Param
}{
	"del": {SpecialDel, []stdlib.Param{
		{Keyword: "target", Kind: value.BitsAny | value.BitUndefined, Required: true},
		{Keyword: "compact", Kind: value.BitBoolean},
	}},
	"exists": {SpecialExists, []stdlib.Param{
		{Keyword: "field", Kind: value.BitsAny | value.BitUndefined, Required: true},
	}},
	"type_def": {SpecialTypeDef, []stdlib.Param{
		{Keyword: "value", Kind: value.BitsAny | value.BitUndefined, Required: true},
	}},
}

// paramKind is the Kind a parameter accepts; a parameter of every kind
// also accepts undefined, as VRL's `kind::ANY` does.
func paramKind(bits value.KindBits) value.Kind {
	if bits&value.BitsAny == value.BitsAny {
		bits |= value.BitUndefined
	}
	return value.Kind{Bits: bits}
}

func intersects(a, b value.Kind) bool {
	return a.IsNever() || b.IsNever() || a.Bits&b.Bits != 0
}

// call checks a function call (VRL's function_call::Builder).
func (c *checker) call(e *ast.Call, st *state) (typeDef, bool) {
	pre := len(c.pending)
	consume := func() { c.pending = c.pending[:min(pre, len(c.pending))] }
	callSpan := c.span(e)
	identSpan := c.span(e.NameSpan)

	argTDs := make([]typeDef, len(e.Args))
	for i, a := range e.Args {
		td, ok := c.expr(a.Value, st)
		if !ok {
			consume()
			return typeDef{}, false
		}
		argTDs[i] = td
	}

	fn, found := stdlib.Lookup(e.Name)
	special, isSpecial := specialParams[e.Name]
	var params []stdlib.Param
	switch {
	case isSpecial:
		params = special.params
	case found:
		params = fn.Params()
	default:
		consume()
		c.undefinedFunction(e.Name, identSpan)
		return typeDef{}, false
	}

	if len(e.Args) > len(params) {
		s := c.rng(e.Args[0].Pos(), e.Args[len(e.Args)-1].End())
		word := "arguments"
		if len(params) == 1 {
			word = "argument"
		}
		consume()
		c.errorAt(CodeWrongNumberOfArgs, "wrong number of function arguments", []diag.Label{
			primary(s, "too many function arguments"),
			context(s, fmt.Sprintf("this function takes a maximum of %d %s", len(params), word)),
		}, "see documentation about function arguments at https://vrl.dev/expressions/#arguments")
		return typeDef{}, false
	}

	byParam := make([]ast.Expr, len(params))
	argOf := make([]int, len(params))
	type unknownArg struct{ param, arg int }
	var unknown []unknownArg
	index := 0
	for i, a := range e.Args {
		pos := -1
		if a.Name == "" {
			pos = index
			index++
		} else {
			for j, p := range params {
				if p.Keyword == a.Name {
					pos = j
					break
				}
			}
			if pos == index {
				index++
			}
			if pos < 0 {
				consume()
				keywords := make([]string, len(params))
				for j, p := range params {
					keywords[j] = `"` + p.Keyword + `"`
				}
				c.errorAt(CodeUnknownKeyword, "unknown function argument keyword", []diag.Label{
					primary(c.span(a.NameSpan), "unknown keyword"),
					context(identSpan, "this function accepts the following keywords: "+strings.Join(keywords, ", ")),
				})
				return typeDef{}, false
			}
		}
		if pos >= len(params) {
			pos = len(params) - 1
		}
		p := params[pos]
		pk, ak := paramKind(p.Kind), argTDs[i].kind
		if !intersects(pk, ak) {
			consume()
			c.invalidArgumentKind(invalidArg{
				fn: e.Name, abort: e.Abort, argsFmt: argsFmt(e), param: p, got: ak,
				argument: a.Value, argSpan: a.Span,
			})
			return typeDef{}, false
		} else if !pk.IsSuperset(ak) {
			unknown = append(unknown, unknownArg{pos, i})
		}
		if argTDs[i].fallible {
			consume()
			s := c.span(a.Value)
			c.errorAt(CodeFallibleArgument, "fallible argument", []diag.Label{
				primary(s, "this expression can fail"),
				context(s, "handle the error before passing it in as an argument"),
			}, noteErrorDocs)
			return typeDef{}, false
		}
		byParam[pos] = a.Value
		argOf[pos] = i
	}
	for i, p := range params {
		if p.Required && byParam[i] == nil {
			consume()
			c.errorAt(CodeMissingArgument, "missing function argument", []diag.Label{
				primary(callSpan, fmt.Sprintf(`required argument missing: "%s" (position %d)`, p.Keyword, i)),
			})
			return typeDef{}, false
		}
	}

	args := &stdlib.Args{List: make([]stdlib.Arg, len(params))}
	for i, x := range byParam {
		if x == nil {
			continue
		}
		a := stdlib.Arg{Present: true, Kind: argTDs[argOf[i]].kind}
		if v, ok := c.consts[x]; ok {
			a.Const = &v
		}
		args.List[i] = a
	}

	// Closure: check the function takes one, then bind its parameters.
	afterArgs := st.clone()
	cf, takesClosure := fn.(stdlib.ClosureFunction)
	if !found {
		takesClosure = false
	}
	var cdef stdlib.ClosureDef
	switch {
	case !takesClosure && e.Closure != nil:
		consume()
		c.errorAt(CodeUnexpectedClosure, "unexpected closure", []diag.Label{
			primary(c.span(e.Closure), "unexpected closure"),
			context(callSpan, "this function does not accept a closure"),
		})
		return typeDef{}, false
	case takesClosure && e.Closure == nil:
		consume()
		c.errorAt(CodeMissingClosure, "missing closure", []diag.Label{primary(callSpan, "this function expects a closure")})
		return typeDef{}, false
	case takesClosure:
		// The closure runs over the "value" argument, which must be known
		// to have the parameter's type (upstream's closure input check).
		in := 0
		for i, p := range params {
			if p.Keyword == "value" {
				in = i
			}
		}
		found := value.KindTop()
		if byParam[in] != nil {
			found = argTDs[argOf[in]].kind
		}
		if byParam[in] == nil || !paramKind(params[in].Kind).IsSuperset(found) {
			consume()
			c.errorAt(CodeClosureParamMismatch, "type mismatch in closure parameter", []diag.Label{
				primary(callSpan, "the closure tied to this function call expects a different input value"),
				context(callSpan, "expression has an inferred type of "+found.Display()+" where an array or object was expected"),
			})
			return typeDef{}, false
		}
		cdef = cf.ClosureDef(args)
		if len(cdef.Params) != len(e.Closure.Params) {
			consume()
			argsSpan := callSpan
			if n := len(e.Closure.Params); n > 0 {
				argsSpan = c.rng(e.Closure.Params[0].Pos(), e.Closure.Params[n-1].End())
			}
			c.errorAt(CodeClosureArityMismatch, "invalid closure arity", []diag.Label{
				primary(identSpan, fmt.Sprintf("this function requires a closure with %d argument(s)", len(cdef.Params))),
				context(argsSpan, fmt.Sprintf("but %d argument(s) are supplied", len(e.Closure.Params))),
			})
			return typeDef{}, false
		}
		for i, p := range e.Closure.Params {
			st.locals[closureName(p)] = details{td: kindTD(cdef.Params[i])}
		}
	}
	consume()

	info := &CallInfo{Function: fn, Args: byParam}
	if isSpecial {
		info.Special = special.kind
	}
	var closureFallible bool
	if takesClosure {
		body, ok := c.block(e.Closure.Body, st)
		if !ok {
			return typeDef{}, false
		}
		c.info.Types[e.Closure.Body] = body.public()
		for _, p := range e.Closure.Params {
			name := closureName(p)
			if d, existed := afterArgs.locals[name]; existed {
				st.locals[name] = d
			} else {
				delete(st.locals, name)
			}
		}
		closureFallible = body.fallible
		expected := value.KindTop()
		if cdef.Return != 0 {
			expected = value.Kind{Bits: cdef.Return}
		}
		foundKind := body.kind.Union(body.returns)
		if !expected.IsSuperset(foundKind) {
			bs := c.span(e.Closure.Body)
			c.errorAt(CodeReturnTypeMismatch, "type mismatch in closure return type", []diag.Label{
				primary(bs, "block returns invalid value type"),
				context(bs, "expected: "+expected.Display()),
				context(bs, "received: "+foundKind.Display()),
			})
			return typeDef{}, false
		}
		names := make([]string, len(e.Closure.Params))
		for i, p := range e.Closure.Params {
			names[i] = p.Name
		}
		args.Closure = &stdlib.ClosureArg{Params: names, Kind: body.kind}
		info.Closure = &ClosureInfo{Params: names, ParamKinds: cdef.Params, Return: body.public()}
	}

	var td typeDef
	if isSpecial {
		var ok bool
		td, ok = c.specialCall(e, special.kind, byParam, argTDs, argOf, afterArgs, info)
		if !ok {
			return typeDef{}, false
		}
	} else {
		call, err := fn.Compile(args)
		if err != nil {
			c.functionCompileError(err, callSpan)
			return typeDef{}, false
		}
		if qc, ok := call.(stdlib.QueryCall); ok {
			// A function of a path (unnest): its type depends on the
			// path's root, and its argument must be a path.
			ref, ok := c.pathArg(e, params[0].Keyword, byParam[0])
			if !ok {
				return typeDef{}, false
			}
			info.Path = ref
			call = qc.WithQueryType(c.rootKind(ref, afterArgs), kindPath(ref.Path))
		}
		info.Call = call
		ctd := call.TypeDef()
		td = typeDef{kind: ctd.Kind, fallible: ctd.Fallible}
	}

	if e.Abort && len(unknown) == 0 && !td.fallible {
		end := e.NameSpan.End()
		c.diags = append(c.diags, c.newDiag(diag.Warning, CodeAbortInfallible, "can't abort infallible function", []diag.Label{
			primary(identSpan, "this function can't fail"),
			context(c.rng(end, end+1), "remove this abort (!) instruction"),
		}, []string{noteErrorDocs}))
	}
	if len(unknown) > 0 && !e.Abort {
		u := unknown[0]
		a := e.Args[u.arg]
		argSpan := a.Value
		var span ast.Node = argSpan
		if a.Name != "" {
			span = a.NameSpan
		}
		c.pending = append(c.pending, pendingErr{start: e.Pos(), end: e.End(), invalid: &invalidArg{
			fn: e.Name, abort: e.Abort, argsFmt: argsFmt(e), param: params[u.param],
			got: argTDs[u.arg].kind, argument: a.Value, argSpan: ast.Span{Start: span.Pos(), Stop: span.End()},
		}})
	}
	if len(unknown) > 0 || closureFallible {
		td.fallible = true
	}
	if e.Abort {
		td.fallible = false
	}
	// The state after a call is the state after its arguments (closure
	// bodies do not leak), plus the effect of del.
	*st = *afterArgs
	if info.Special == SpecialDel {
		c.applyDel(byParam, st)
	}
	c.info.Calls[e] = info
	return td, true
}

func closureName(p ast.Param) string {
	if p.Name == "" {
		return "_"
	}
	return p.Name
}

func argsFmt(e *ast.Call) []string {
	out := make([]string, len(e.Args))
	for i, a := range e.Args {
		out[i] = exprString(a.Value)
	}
	return out
}

// compileRegex turns a regex literal into a constant argument value.
func compileRegex(pattern string) (value.Value, bool) {
	re, err := regexp.Compile(pattern)
	if err != nil {
		return value.Value{}, false
	}
	return value.RegexValue(&value.Regex{Pattern: pattern, Regexp: re}), true
}

var innerCode = regexp.MustCompile(`error\[E(\d+)\]`)

// functionCompileError reports a function's rejection of its arguments
// (E610): the function's label first, then its context lines, all on the
// whole call, as upstream re-targets them.
func (c *checker) functionCompileError(err error, callSpan diag.Span) {
	var ce *stdlib.CompileError
	if !errors.As(err, &ce) {
		c.errorAt(CodeFunctionCompilation, "function compilation error: error[E0] "+err.Error(),
			[]diag.Label{primary(callSpan, err.Error())})
		return
	}
	// stdlib lists the context lines in the order upstream's renderer
	// prints them, the reverse of the order upstream's error holds them.
	labels := []diag.Label{primary(callSpan, ce.Label)}
	for i := len(ce.Notes) - 1; i >= 0; i-- {
		labels = append(labels, context(callSpan, ce.Notes[i]))
	}
	var notes []string
	if m := innerCode.FindStringSubmatch(ce.Message); m != nil && m[1] != "0" {
		n, _ := strconv.Atoi(m[1])
		notes = append(notes, fmt.Sprintf("learn more about error code %d at https://errors.vrl.dev/%d", n, n))
	}
	code := ce.Code
	if code == 0 {
		code = CodeFunctionCompilation
	}
	c.errorAt(code, ce.Message, labels, notes...)
}

// specialCall types del, exists and type_def.
func (c *checker) specialCall(e *ast.Call, kind Special, byParam []ast.Expr, argTDs []typeDef, argOf []int, st *state, info *CallInfo) (typeDef, bool) {
	arg := byParam[0]
	td := argTDs[argOf[0]]
	switch kind {
	case SpecialTypeDef:
		obj := td.kind.DebugValue()
		if td.fallible {
			obj.Set("fallible", value.True)
		}
		info.TypeDef = value.ObjectValue(obj)
		return kindTD(value.KindTop()), true
	}
	keyword := map[Special]string{SpecialDel: "target", SpecialExists: "field"}[kind]
	ref, ok := c.pathArg(e, keyword, arg)
	if !ok {
		return typeDef{}, false
	}
	info.Path = ref
	if kind == SpecialExists {
		return kindTD(value.KindBoolean), true
	}
	if ref.Root != ast.PrefixExpr && c.isReadOnly(ref.Root == ast.PrefixMetadata, kindPath(ref.Path)) {
		callSpan := c.span(e)
		c.errorAt(CodeFunctionCompilation, "function compilation error: error[E315] mutation of read-only value", []diag.Label{
			primary(callSpan, "mutation of read-only value"),
			context(callSpan, exprString(arg)+" is read-only, and cannot be deleted"),
		}, "learn more about error code 315 at https://errors.vrl.dev/315")
		return typeDef{}, false
	}
	return typeDef{kind: td.kind}, true
}

// applyDel removes del's path from the event or metadata type (variables
// keep their type, as upstream). Without a constant compact argument both
// outcomes are merged.
func (c *checker) applyDel(byParam []ast.Expr, st *state) {
	q, _ := byParam[0].(*ast.Query)
	if q == nil || (q.Prefix != ast.PrefixEvent && q.Prefix != ast.PrefixMetadata) {
		return
	}
	path := kindPath(q.Path)
	var compact *bool
	if len(byParam) > 1 && byParam[1] != nil {
		if v, ok := c.consts[byParam[1]]; ok && v.Type() == value.TypeBoolean {
			b := v.Bool()
			compact = &b
		}
	}
	remove := func(k value.Kind) value.Kind {
		if compact != nil {
			out, _ := k.Remove(path, *compact)
			return out
		}
		a, _ := k.Remove(path, false)
		b, _ := k.Remove(path, true)
		return a.Union(b)
	}
	if q.Prefix == ast.PrefixMetadata {
		st.meta = remove(st.meta)
		return
	}
	ev := st.event.td
	ev.kind = remove(ev.kind)
	st.event = details{td: ev}
}

// exprKindName names an expression's variant as VRL's Expr::as_str.
func exprKindName(e ast.Expr) string {
	switch e.(type) {
	case *ast.String, *ast.RawString, *ast.Integer, *ast.Float, *ast.Bool, *ast.Null, *ast.Regex, *ast.Timestamp:
		return "literal"
	case *ast.Array, *ast.Object, *ast.Block, *ast.Group:
		return "container"
	case *ast.If:
		return "if-statement"
	case *ast.Binary:
		return "operation"
	case *ast.Assignment:
		return "assignment"
	case *ast.Query:
		return "query"
	case *ast.Call:
		return "function call"
	case *ast.Variable:
		return "variable call"
	case *ast.Not:
		return "unary operation"
	case *ast.Abort:
		return "abort operation"
	case *ast.Return:
		return "return"
	}
	return "noop"
}

// pathArg resolves the path argument of del, exists or a QueryCall
// function; anything but a query is E610 (upstream's E400 "unexpected
// expression").
func (c *checker) pathArg(e *ast.Call, keyword string, arg ast.Expr) (*PathRef, bool) {
	switch a := arg.(type) {
	case *ast.Query:
		switch a.Prefix {
		case ast.PrefixEvent, ast.PrefixMetadata:
			return &PathRef{Root: a.Prefix, Path: a.Path}, true
		}
		if v, ok := a.Target.(*ast.Variable); ok {
			return &PathRef{Root: ast.PrefixExpr, Variable: v.Name, Path: a.Path}, true
		}
		return &PathRef{Root: ast.PrefixExpr, Target: a.Target, Path: a.Path}, true
	case *ast.Variable:
		return &PathRef{Root: ast.PrefixExpr, Variable: a.Name}, true
	}
	callSpan := c.span(e)
	c.errorAt(CodeFunctionCompilation, "function compilation error: error[E400] unexpected expression", []diag.Label{
		primary(callSpan, fmt.Sprintf(`unexpected expression for argument "%s"`, keyword)),
		context(callSpan, "received: "+exprKindName(arg)),
		context(callSpan, "expected: query"),
	}, "learn more about error code 400 at https://errors.vrl.dev/400")
	return nil, false
}

// rootKind is the type of a path's root in state st.
func (c *checker) rootKind(ref *PathRef, st *state) value.Kind {
	switch {
	case ref.Root == ast.PrefixEvent:
		return st.event.td.kind
	case ref.Root == ast.PrefixMetadata:
		return st.meta
	case ref.Variable != "":
		return st.locals[ref.Variable].td.kind
	}
	return c.info.Types[ref.Target].Kind
}
