package vrl

import (
	"fmt"
	"regexp"
	"strconv"

	"github.com/matano-go/matano/compiler/diag"
	"github.com/matano-go/matano/compiler/vrl/ast"
	"github.com/matano-go/matano/compiler/vrl/check"
	"github.com/matano-go/matano/compiler/vrl/parse"
	"github.com/matano-go/matano/runtime/vrl/value"
)

// evalFn evaluates one compiled expression in a frame. Errors are VRL
// runtime errors (plain errors carrying the message), *abortError or
// *returnSignal.
type evalFn func(f *frame) (value.Value, error)

// cexpr is a compiled expression.
type cexpr struct {
	eval evalFn
	// borrowed reports that the result may also be referenced from
	// somewhere else (a variable, the event, a shared constant), so it must
	// be marked shared before it is stored in a second place. Fresh results
	// (function results, containers built by literals) are not borrowed.
	borrowed bool
	// konst is the value when the expression is a compile-time constant.
	konst *value.Value
	// read, when set, says the expression only reads a path of the event
	// or of a variable (`.a.b`, `j.eventName`, `x`): an assignment copies
	// such a path without calling eval (see assignEventPath).
	read *pathRead
}

// pathRead is a path read: of the event when event is set, else of the
// variable in slot.
type pathRead struct {
	event bool
	slot  int
	path  []segment
}

// markShared is value.MarkShared behind a type test that inlines: most
// values the interpreter marks (arguments, assigned values) are scalars,
// for which the call did nothing.
func markShared(v value.Value) {
	if v.Type() >= value.TypeArray {
		value.MarkShared(v)
	}
}

func constant(v value.Value) cexpr {
	// Constant containers are returned by every run, so they are shared
	// from the start and never mutated in place.
	markShared(v)
	k := v
	return cexpr{
		eval:     func(*frame) (value.Value, error) { return k, nil },
		borrowed: true,
		konst:    &k,
	}
}

// compiler holds the state of one Compile: the checker's Info, the
// variable slots assigned so far (one per distinct name: VRL's runtime
// variables form one flat namespace, closures included), the size of the
// argument buffers and the closure call sites.
type compiler struct {
	info  *check.Info
	slots map[string]int
	nargs int
	// argConsts are the initial contents of the present argument slots
	// (see Argument slots).
	argConsts []argConst
	// nsites counts the field steps of all paths (segment.site).
	nsites       int
	closureSites []func(f *frame) func(params ...value.Value) (value.Value, error)
	// tracked are the variables some exists() call asks about. VRL
	// distinguishes a variable never assigned at run time (exists is
	// false) from one holding null; only these variables pay for keeping
	// that bit (frame.defined).
	tracked map[string]bool
	// shapes counts, per assigned container (root and path prefix), the
	// distinct fields the program assigns below it: the capacity hints of
	// segment.fields.
	shapes map[string]*shape
	// moves are the calls whose first argument is handed over rather
	// than marked shared (see moveInto).
	moves map[*ast.Call]bool
	// moved counts the calls that got it (for tests).
	moved int
	// conts are the container ids of event path assignments, by
	// containerKey of the parent path, and stores the stores that use
	// them (see eventStore).
	conts   map[string]int
	stores  []*eventStore
	batches []*storeBatch
	// noBatches turns store batches off (tests compare with them off).
	noBatches bool
	// batched counts the assignments compiled into batches (for tests).
	batched int
}

// shape is the set of field names assigned below one container path.
type shape struct {
	fields map[string]struct{}
	n      int
}

// shapeHint records that the program assigns path below root (".", "%"
// or a variable name) and points each field step's hint at the number of
// distinct fields assigned in the container it indexes. The counts keep
// growing while the rest of the program compiles; they are read at run
// time, when they are final. A hint only sizes allocations: a wrong one
// (a variable holding different objects, a branch never taken) costs
// memory or a reallocation, never a different result.
func (c *compiler) shapeHint(root string, path []segment) {
	key := root
	for i := range path {
		s := &path[i]
		if s.isIndex {
			key += "[" + strconv.FormatInt(s.index, 10) + "]"
			continue
		}
		sh := c.shapes[key]
		if sh == nil {
			sh = &shape{fields: map[string]struct{}{}}
			c.shapes[key] = sh
		}
		if _, ok := sh.fields[s.field]; !ok {
			sh.fields[s.field] = struct{}{}
			sh.n++
		}
		s.fields = &sh.n
		key += "." + strconv.Quote(s.field)
	}
}

func newCompiler(info *check.Info) *compiler {
	return &compiler{
		info:    info,
		slots:   map[string]int{},
		tracked: map[string]bool{},
		shapes:  map[string]*shape{},
		moves:   map[*ast.Call]bool{},
		conts:   map[string]int{},
	}
}

// CompileError reports a program the interpreter cannot run: normally a
// program whose check produced errors, or a checker Info that lacks
// something the interpreter needs.
type CompileError struct {
	Pos int
	Msg string
}

func (e *CompileError) Error() string { return fmt.Sprintf("vrl: offset %d: %s", e.Pos, e.Msg) }

// Compile turns a checked program into a runnable Program. prog must have
// passed check.Check without errors, and info must be that check's Info.
func Compile(prog *ast.Program, info *check.Info) (p *Program, err error) {
	return compile(newCompiler(info), prog)
}

// compile is Compile with a prepared compiler (tests set its options).
func compile(c *compiler, prog *ast.Program) (p *Program, err error) {
	info := c.info
	for _, ci := range info.Calls {
		if ci.Special == check.SpecialExists && ci.Path != nil && ci.Path.Root == ast.PrefixExpr && ci.Path.Variable != "" {
			c.tracked[ci.Path.Variable] = true
		}
	}
	defer func() {
		// A malformed tree (a *Bad node, a missing checker entry) is
		// reported as an error, never a panic across the API.
		if r := recover(); r != nil {
			if ce, ok := r.(*CompileError); ok {
				p, err = nil, ce
				return
			}
			panic(r)
		}
	}()
	body := c.block(prog.Exprs)
	c.finishStores()
	root := body.eval
	p = &Program{
		root: func(f *frame) (value.Value, error) {
			v, err := root(f)
			if err != nil {
				if r, ok := err.(*returnSignal); ok {
					return r.v, nil
				}
			}
			return v, err
		},
		nvars:        len(c.slots),
		nargs:        c.nargs,
		argConsts:    c.argConsts,
		nsites:       c.nsites,
		nconts:       len(c.conts),
		closureSites: c.closureSites,
	}
	p.pool.New = func() any { return p.newFrame() }
	return p, nil
}

// CompileSource parses, checks and compiles src. The diagnostics are the
// parser's and checker's (warnings included); the Program is nil when
// they contain errors.
func CompileSource(name string, src []byte, cfg check.Config) (*Program, diag.List) {
	file := diag.NewFile(name, src)
	prog, diags := parse.File(file)
	if diags.HasErrors() {
		return nil, diags
	}
	info, cdiags := check.Check(prog, cfg)
	diags = append(diags, cdiags...)
	if diags.HasErrors() {
		return nil, diags
	}
	p, err := Compile(prog, info)
	if err != nil {
		diags.Append(diag.Diagnostic{Severity: diag.Bug, Summary: err.Error()})
		return nil, diags
	}
	return p, diags
}

func (c *compiler) fail(n ast.Node, format string, a ...any) {
	pos := 0
	if n != nil {
		pos = n.Pos()
	}
	panic(&CompileError{Pos: pos, Msg: fmt.Sprintf(format, a...)})
}

func (c *compiler) slot(name string) int {
	if i, ok := c.slots[name]; ok {
		return i
	}
	i := len(c.slots)
	c.slots[name] = i
	return i
}

func (c *compiler) block(exprs []ast.Expr) cexpr {
	switch len(exprs) {
	case 0:
		return constant(value.Null)
	case 1:
		return c.expr(exprs[0])
	}
	init := c.statements(exprs[:len(exprs)-1])
	last := c.expr(exprs[len(exprs)-1])
	lastEval := last.eval
	return cexpr{
		eval: func(f *frame) (value.Value, error) {
			for _, p := range init {
				if _, err := p(f); err != nil {
					return value.Null, err
				}
			}
			return lastEval(f)
		},
		borrowed: last.borrowed,
	}
}

func (c *compiler) expr(e ast.Expr) cexpr {
	switch e := e.(type) {
	case *ast.Null:
		return constant(value.Null)
	case *ast.Bool:
		return constant(value.Boolean(e.Value))
	case *ast.Integer:
		return constant(value.Integer(e.Value))
	case *ast.Float:
		return constant(value.Float(e.Value))
	case *ast.RawString:
		return constant(value.Bytes(e.Value))
	case *ast.Timestamp:
		return constant(value.Timestamp(e.Value))
	case *ast.Regex:
		re, err := compileRegex(e.Pattern)
		if err != nil {
			c.fail(e, "invalid regex: %v", err)
		}
		return constant(value.RegexValue(re))
	case *ast.String:
		return c.str(e)
	case *ast.Array:
		return c.array(e)
	case *ast.Object:
		return c.object(e)
	case *ast.Block:
		return c.block(e.Exprs)
	case *ast.Group:
		return c.expr(e.X)
	case *ast.Variable:
		i := c.slot(e.Name)
		return cexpr{eval: func(f *frame) (value.Value, error) { return f.vars[i], nil }, borrowed: true, read: &pathRead{slot: i}}
	case *ast.Query:
		return c.query(e)
	case *ast.Binary:
		return c.binary(e)
	case *ast.Not:
		x := c.expr(e.X).eval
		return cexpr{eval: func(f *frame) (value.Value, error) {
			v, err := x(f)
			if err != nil {
				return value.Null, err
			}
			if v.Type() != value.TypeBoolean {
				return value.Null, expectedError("boolean", v)
			}
			return value.Boolean(!v.Bool()), nil
		}}
	case *ast.Assignment:
		return c.assignment(e)
	case *ast.Call:
		return c.call(e)
	case *ast.If:
		return c.ifExpr(e)
	case *ast.Abort:
		return c.abort(e)
	case *ast.Return:
		x := c.expr(e.X).eval
		return cexpr{eval: func(f *frame) (value.Value, error) {
			v, err := x(f)
			if err != nil {
				return value.Null, err
			}
			return value.Null, &returnSignal{v: v}
		}}
	case *ast.Noop:
		return constant(value.Null)
	case nil:
		c.fail(nil, "missing expression")
	}
	c.fail(e, "cannot run %T", e)
	return cexpr{}
}

// expectedError is VRL's type mismatch at run time ("expected boolean,
// got string").
func expectedError(want string, got value.Value) error {
	return &value.OpError{Msg: "expected " + want + ", got " + got.KindString()}
}

// compileRegex compiles a VRL (Rust regex syntax) pattern. The RE2
// syntax of Go's regexp covers the constructs VRL programs use; the
// checker has already rejected patterns Rust's regex crate refuses.
func compileRegex(pattern string) (*value.Regex, error) {
	re, err := regexp.Compile(pattern)
	if err != nil {
		return nil, err
	}
	return &value.Regex{Pattern: pattern, Regexp: re}, nil
}

// str compiles a string literal. A template "a {{ x }} b" is VRL's
// concatenation "a " + x + " b" (a null variable adds nothing, any other
// non-string is an error).
func (c *compiler) str(e *ast.String) cexpr {
	if s, ok := e.Value(); ok {
		return constant(value.Bytes(s))
	}
	type part struct {
		lit  value.Value
		slot int // -1 for a literal
	}
	parts := make([]part, len(e.Segments))
	for i, seg := range e.Segments {
		if seg.Template {
			parts[i] = part{slot: c.slot(seg.Text)}
		} else {
			parts[i] = part{lit: value.Bytes(seg.Text), slot: -1}
		}
	}
	get := func(f *frame, p *part) value.Value {
		if p.slot >= 0 {
			return f.vars[p.slot]
		}
		return p.lit
	}
	return cexpr{eval: func(f *frame) (value.Value, error) {
		acc := get(f, &parts[0])
		for i := 1; i < len(parts); i++ {
			v, err := value.Add(acc, get(f, &parts[i]))
			if err != nil {
				return value.Null, err
			}
			acc = v
		}
		return acc, nil
	}}
}

func (c *compiler) array(e *ast.Array) cexpr {
	elems := make([]cexpr, len(e.Elems))
	allConst := true
	for i, x := range e.Elems {
		elems[i] = c.expr(x)
		allConst = allConst && elems[i].konst != nil
	}
	if allConst {
		items := make([]value.Value, len(elems))
		for i, x := range elems {
			items[i] = *x.konst
		}
		return constant(value.ArrayValue(items))
	}
	return cexpr{eval: func(f *frame) (value.Value, error) {
		a := f.arena.NewArray(len(elems))
		items := a.Items
		for i := range elems {
			v, err := elems[i].eval(f)
			if err != nil {
				return value.Null, err
			}
			if elems[i].borrowed {
				markShared(v)
			}
			items[i] = v
		}
		return value.ArrayOf(a), nil
	}}
}

func (c *compiler) object(e *ast.Object) cexpr {
	type pair struct {
		key string
		x   cexpr
	}
	pairs := make([]pair, len(e.Pairs))
	allConst := true
	for i, p := range e.Pairs {
		pairs[i] = pair{p.Key, c.expr(p.Value)}
		allConst = allConst && pairs[i].x.konst != nil
	}
	if allConst {
		o := value.NewObject(len(pairs))
		for _, p := range pairs {
			o.Set(p.key, *p.x.konst)
		}
		return constant(value.ObjectValue(o))
	}
	return cexpr{eval: func(f *frame) (value.Value, error) {
		o := value.NewObject(len(pairs))
		for i := range pairs {
			v, err := pairs[i].x.eval(f)
			if err != nil {
				return value.Null, err
			}
			if pairs[i].x.borrowed {
				markShared(v)
			}
			o.Set(pairs[i].key, v)
		}
		return value.ObjectValue(o), nil
	}}
}

func (c *compiler) path(segs []ast.PathSegment) []segment {
	out := make([]segment, len(segs))
	for i, s := range segs {
		switch s.Kind {
		case ast.SegField:
			out[i] = segment{field: s.Field, site: int32(c.nsites)}
			c.nsites++
		case ast.SegIndex:
			out[i] = segment{index: s.Index, isIndex: true}
		default:
			c.fail(nil, "coalesced path segments are not supported in VRL 0.35")
		}
	}
	return out
}

func (c *compiler) query(e *ast.Query) cexpr {
	path := c.path(e.Path)
	switch e.Prefix {
	case ast.PrefixEvent:
		return cexpr{eval: func(f *frame) (value.Value, error) {
			v, _ := getPath(f.event, path, f.hints)
			return v, nil
		}, borrowed: true, read: &pathRead{event: true, path: path}}
	case ast.PrefixMetadata:
		return cexpr{eval: func(f *frame) (value.Value, error) {
			v, _ := getPath(f.meta, path, f.hints)
			return v, nil
		}, borrowed: true}
	}
	if v, ok := e.Target.(*ast.Variable); ok {
		i := c.slot(v.Name)
		if len(path) == 1 && !path[0].isIndex {
			s := &path[0]
			return cexpr{eval: func(f *frame) (value.Value, error) {
				return getField(f.vars[i], s, f.hints), nil
			}, borrowed: true, read: &pathRead{slot: i, path: path}}
		}
		return cexpr{eval: func(f *frame) (value.Value, error) {
			v, _ := getPath(f.vars[i], path, f.hints)
			return v, nil
		}, borrowed: true, read: &pathRead{slot: i, path: path}}
	}
	t := c.expr(e.Target)
	if t.konst != nil {
		v, _ := lookupPath(*t.konst, path)
		return constant(v)
	}
	te := t.eval
	return cexpr{eval: func(f *frame) (value.Value, error) {
		v, err := te(f)
		if err != nil {
			return value.Null, err
		}
		v, _ = getPath(v, path, f.hints)
		return v, nil
	}, borrowed: t.borrowed}
}

func (c *compiler) ifExpr(e *ast.If) cexpr {
	conds := make([]evalFn, len(e.Cond))
	for i, x := range e.Cond {
		conds[i] = c.expr(x).eval
	}
	pre, pred := conds[:len(conds)-1], conds[len(conds)-1]
	then := c.block(e.Then.Exprs)
	var els cexpr
	if e.Else != nil {
		els = c.expr(e.Else)
	} else {
		els = constant(value.Null)
	}
	thenEval, elseEval := then.eval, els.eval
	choose := func(f *frame) (value.Value, error) {
		v, err := pred(f)
		if err != nil {
			return value.Null, err
		}
		if v.Type() != value.TypeBoolean {
			return value.Null, expectedError("boolean", v)
		}
		if v.Bool() {
			return thenEval(f)
		}
		return elseEval(f)
	}
	if len(pre) == 0 {
		// The usual `if cond { ... }`: no leading expressions to run.
		return cexpr{eval: choose, borrowed: then.borrowed || els.borrowed}
	}
	return cexpr{eval: func(f *frame) (value.Value, error) {
		for _, p := range pre {
			if _, err := p(f); err != nil {
				return value.Null, err
			}
		}
		return choose(f)
	}, borrowed: then.borrowed || els.borrowed}
}

func (c *compiler) abort(e *ast.Abort) cexpr {
	if e.Message == nil {
		return cexpr{eval: func(*frame) (value.Value, error) { return value.Null, &abortError{} }}
	}
	m := c.expr(e.Message).eval
	return cexpr{eval: func(f *frame) (value.Value, error) {
		v, err := m(f)
		if err != nil {
			return value.Null, err
		}
		if v.Type() != value.TypeBytes {
			return value.Null, expectedError("string", v)
		}
		return value.Null, &abortError{msg: toValidUTF8(v.Str()), hasMsg: true}
	}}
}
