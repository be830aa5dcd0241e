package vrl

import (
	"slices"
	"strconv"

	"github.com/matano-go/matano/compiler/vrl/ast"
	"github.com/matano-go/matano/compiler/vrl/check"
	"github.com/matano-go/matano/runtime/vrl/value"
	"github.com/matano-go/matano/stdlib"
)

// call compiles a function call. Arguments are evaluated in parameter
// order into a buffer owned by the frame (one region per call site, so no
// allocation per call), checked against the parameter kinds, and passed
// to the compiled stdlib.Call. Every error except abort is wrapped as VRL
// does: `function call error for "f" at (start:end): message`.
func (c *compiler) call(e *ast.Call) cexpr {
	ci := c.info.Calls[e]
	if ci == nil {
		c.fail(e, "function %q was not checked", e.Name)
	}
	prefix := `function call error for "` + e.Name + `" at (` + strconv.Itoa(e.Pos()) + ":" + strconv.Itoa(e.End()) + "): "
	var inner cexpr
	switch ci.Special {
	case check.SpecialTypeDef:
		return constant(ci.TypeDef)
	case check.SpecialDel:
		inner = c.del(e, ci)
	case check.SpecialExists:
		inner = c.exists(e, ci)
	default:
		// plainCall wraps its errors itself (one closure less per call).
		return c.plainCall(e, ci, prefix)
	}
	ie := inner.eval
	return cexpr{eval: func(f *frame) (value.Value, error) {
		v, err := ie(f)
		if err != nil {
			return value.Null, wrapCallError(prefix, err)
		}
		return v, nil
	}, borrowed: inner.borrowed}
}

func wrapCallError(prefix string, err error) error {
	switch err.(type) {
	case *abortError:
		return err
	case *returnSignal:
		return &value.OpError{Msg: "return cannot be used inside closures"}
	}
	return &value.OpError{Msg: prefix + err.Error()}
}

// plainCall compiles a call of a stdlib function; its errors are wrapped
// with prefix.
func (c *compiler) plainCall(e *ast.Call, ci *check.CallInfo, prefix string) cexpr {
	if ci.Call == nil {
		c.fail(e, "function %q has no compiled call", e.Name)
	}
	if qc, ok := ci.Call.(stdlib.QueryCall); ok {
		if len(ci.Args) > 0 {
			if q, ok := ci.Args[0].(*ast.Query); ok {
				return c.queryCall(q, qc, prefix)
			}
		}
	}
	params := ci.Function.Params()
	n := len(params)
	if len(ci.Args) > n {
		n = len(ci.Args)
	}
	args := make([]callArg, n)
	for i, a := range ci.Args {
		if a == nil {
			continue
		}
		var kind value.KindBits
		if i < len(params) {
			kind = params[i].Kind
		}
		if kind&value.BitsAny == value.BitsAny {
			kind = 0 // accepts anything: no run-time check
		}
		x := c.expr(a)
		args[i] = callArg{present: true, eval: x.eval, borrowed: x.borrowed, kind: kind}
		if x.konst != nil && (kind == 0 || kind&x.konst.Type().Bit() != 0) {
			// A constant of the wrong kind keeps its run-time error.
			args[i].konst, args[i].k = true, *x.konst
		}
	}
	if c.moves[e] && ci.Closure == nil && args[0].present {
		move := true
		for _, a := range args[1:] {
			move = move && (!a.present || a.konst)
		}
		if move {
			args[0].borrowed = false
			c.moved++
			if owned := ownedForms[e.Name]; owned != nil && !slices.ContainsFunc(args[1:], func(a callArg) bool { return a.present }) {
				return ownedCall(args[0], owned, prefix)
			}
		}
	}
	off := c.nargs
	c.nargs += n
	call := ci.Call

	// Only the arguments computed at run time are written per call. The
	// others never change: a constant and the present flags are written
	// into the frame's buffer once, when the frame is made, and an absent
	// argument stays the null the buffer starts with (see Argument
	// slots).
	var dyn []callArg
	for i := range args {
		a := args[i]
		switch {
		case !a.present:
		case a.konst:
			c.argConsts = append(c.argConsts, argConst{off: off + i, v: a.k})
		default:
			a.slot = off + i
			dyn = append(dyn, a)
			c.argConsts = append(c.argConsts, argConst{off: off + i, v: value.Null})
		}
	}

	site := -1 // the closure call site, whose context has the Closure runner
	if ci.Closure != nil && e.Closure != nil {
		// Compile the body first: closures nested in it register their
		// own sites before this one.
		mk := c.closure(e.Closure, ci.Closure)
		site = len(c.closureSites)
		c.closureSites = append(c.closureSites, mk)
	}

	return cexpr{eval: func(f *frame) (value.Value, error) {
		for i := range dyn {
			a := &dyn[i]
			v, err := a.eval(f)
			if err != nil {
				return value.Null, wrapCallError(prefix, err)
			}
			if a.kind != 0 && a.kind&v.Type().Bit() == 0 {
				return value.Null, wrapCallError(prefix, &value.OpError{Msg: "expected " + stdlib.KindName(a.kind) + ", got " + v.KindString()})
			}
			if a.borrowed {
				markShared(v)
			}
			f.args[a.slot] = v
		}
		ctx := &f.ctx
		if site >= 0 {
			ctx = &f.closureCtx[site]
		}
		v, err := call.Eval(ctx, f.args[off:off+n:off+n], f.present[off:off+n:off+n])
		if err != nil {
			return value.Null, wrapCallError(prefix, err)
		}
		return v, nil
	}}
}

// ownedForms are the moveFunctions with a form that consumes an unshared
// argument (see ownedCall), for a call without options.
var ownedForms = map[string]func(value.Value) value.Value{"compact": stdlib.CompactOwned}

// ownedCall compiles `P = f(P)` for a function of ownedForms: P's value
// is handed over (moveInto), so its unshared containers are referenced
// from P alone and the assignment replaces them by the result; the owned
// form may change them in place. `. = compact(.)` then compacts the event
// in place instead of copying every object that loses a field (the
// CloudTrail mapping's root, for its null error object): 4% of
// BenchmarkIngestTransform's instructions (GC off) and its one
// allocation, 650 bytes, a record. The containers the frame
// remembers (frame.conts) are forgotten by the assignment's store, as
// for any store into P or above.
func ownedCall(a callArg, owned func(value.Value) value.Value, prefix string) cexpr {
	return cexpr{eval: func(f *frame) (value.Value, error) {
		v, err := a.eval(f)
		if err != nil {
			return value.Null, wrapCallError(prefix, err)
		}
		if a.kind != 0 && a.kind&v.Type().Bit() == 0 {
			return value.Null, wrapCallError(prefix, &value.OpError{Msg: "expected " + stdlib.KindName(a.kind) + ", got " + v.KindString()})
		}
		return owned(v), nil
	}}
}

// callArg is a compiled call argument.
type callArg struct {
	present  bool // false for an argument not given
	konst    bool // a constant: k, without calling eval
	k        value.Value
	eval     evalFn
	borrowed bool
	// kind is the parameter's accepted kinds, checked at run time (0:
	// anything).
	kind value.KindBits
	// slot is the argument's index in frame.args, for one computed at
	// run time.
	slot int
}

// argConst is a present argument's initial value in a new frame's
// argument buffer: its constant, or null for one computed at run time.
type argConst struct {
	off int
	v   value.Value
}

// Argument slots.
//
// Each call site has its own region of the frame's args and present
// buffers, which no other site writes. What the region holds is fixed
// for all but the arguments computed at run time: newFrame writes the
// constants and the present flags once, and a call writes only the
// computed arguments. Stdlib functions only read their arguments.
// Writing every argument (null for each absent option: compact alone has
// six) and clearing the whole buffer at the end of every run was 1.5% of
// BenchmarkIngestTransformOnly's instructions (GC off).
//
// A pooled frame therefore keeps the last run's computed arguments until
// its next run overwrites them, as its arena keeps the containers of its
// generation (value.Arena): a bounded amount per frame, which the pool
// drops at the second garbage collection it sits idle through.

// closure compiles a closure body and returns the constructor of its
// runner for a frame. Parameters are bound in VRL's flat variable
// namespace: a parameter shadows the variable of the same name while the
// body runs and the old value is put back afterwards (as VRL does, only
// when the body succeeds), while other variables the body assigns stay
// assigned.
func (c *compiler) closure(cl *ast.Closure, info *check.ClosureInfo) func(f *frame) func(params ...value.Value) (value.Value, error) {
	slots := make([]int, len(cl.Params))
	anyTracked := false
	for i, p := range cl.Params {
		slots[i] = -1
		if p.Name != "" {
			slots[i] = c.slot(p.Name)
			anyTracked = anyTracked || c.tracked[p.Name]
		}
	}
	body := c.block(cl.Body.Exprs)
	be, borrowed := body.eval, body.borrowed
	return func(f *frame) func(params ...value.Value) (value.Value, error) {
		saved := make([]value.Value, len(slots))
		savedDefined := make([]bool, len(slots))
		return func(params ...value.Value) (value.Value, error) {
			for i, s := range slots {
				if s < 0 {
					continue
				}
				saved[i] = f.vars[s]
				if anyTracked {
					savedDefined[i] = f.defined[s]
					f.defined[s] = true
				}
				var p value.Value
				if i < len(params) {
					p = params[i]
				}
				// The function keeps its own reference to the parameter.
				markShared(p)
				f.vars[s] = p
			}
			v, err := be(f)
			if err != nil {
				r, ok := err.(*returnSignal)
				if !ok {
					return value.Null, err
				}
				v = r.v
			}
			for i, s := range slots {
				if s >= 0 {
					f.vars[s] = saved[i]
					if anyTracked {
						f.defined[s] = savedDefined[i]
					}
				}
			}
			if borrowed {
				markShared(v)
			}
			return v, nil
		}
	}
}

// pathRoot returns the storage a del/exists path starts from, or nil when
// the path is on an expression result.
func (c *compiler) pathRoot(ref *check.PathRef) func(f *frame) *value.Value {
	switch ref.Root {
	case ast.PrefixEvent:
		return func(f *frame) *value.Value { return &f.event }
	case ast.PrefixMetadata:
		return func(f *frame) *value.Value { return &f.meta }
	}
	if ref.Variable != "" {
		i := c.slot(ref.Variable)
		return func(f *frame) *value.Value { return &f.vars[i] }
	}
	return nil
}

// del implements del(path, compact: false): remove the path and return
// what was there. On a path into an expression result (del(f().a)) it
// only reads, as VRL does.
func (c *compiler) del(e *ast.Call, ci *check.CallInfo) cexpr {
	if ci.Path == nil || len(ci.Args) == 0 {
		c.fail(e, "del without a path")
	}
	root := c.pathRoot(ci.Path)
	if root == nil {
		q := c.expr(ci.Args[0])
		return cexpr{eval: q.eval, borrowed: q.borrowed}
	}
	if ci.Path.Root == ast.PrefixEvent {
		// A deletion may take a remembered container out of the event
		// (see eventStore).
		root = func(f *frame) *value.Value { f.forget(); return &f.event }
	}
	path := c.path(ci.Path.Path)
	var compact evalFn
	if len(ci.Args) > 1 && ci.Args[1] != nil {
		compact = c.expr(ci.Args[1]).eval
	}
	return cexpr{eval: func(f *frame) (value.Value, error) {
		cp := false
		if compact != nil {
			v, err := compact(f)
			if err != nil {
				return value.Null, err
			}
			if v.Type() != value.TypeBoolean {
				return value.Null, expectedError("boolean", v)
			}
			cp = v.Bool()
		}
		return deletePath(root(f), path, cp), nil
	}}
}

// exists implements exists(path): whether the path is present (a field
// holding null exists).
func (c *compiler) exists(e *ast.Call, ci *check.CallInfo) cexpr {
	if ci.Path == nil || len(ci.Args) == 0 {
		c.fail(e, "exists without a path")
	}
	root := c.pathRoot(ci.Path)
	path := c.path(ci.Path.Path)
	if root == nil {
		q, ok := ci.Args[0].(*ast.Query)
		if !ok || q.Target == nil {
			c.fail(e, "exists needs a path")
		}
		t := c.expr(q.Target).eval
		return cexpr{eval: func(f *frame) (value.Value, error) {
			v, err := t(f)
			if err != nil {
				return value.Null, err
			}
			_, ok := getPath(v, path, f.hints)
			return value.Boolean(ok), nil
		}}
	}
	if ci.Path.Root == ast.PrefixExpr {
		// A variable: false when it was never assigned in this run.
		i := c.slot(ci.Path.Variable)
		return cexpr{eval: func(f *frame) (value.Value, error) {
			if !f.defined[i] {
				return value.False, nil
			}
			_, ok := getPath(f.vars[i], path, f.hints)
			return value.Boolean(ok), nil
		}}
	}
	return cexpr{eval: func(f *frame) (value.Value, error) {
		_, ok := getPath(*root(f), path, f.hints)
		return value.Boolean(ok), nil
	}}
}

// queryCall compiles a call whose argument is a path query (unnest): the
// function receives the query's root value and the path below it.
func (c *compiler) queryCall(q *ast.Query, qc stdlib.QueryCall, prefix string) cexpr {
	path := make([]value.KindSegment, len(q.Path))
	for i, s := range q.Path {
		if s.Kind == ast.SegIndex {
			path[i] = value.IndexSeg(int(s.Index))
		} else {
			path[i] = value.FieldSeg(s.Field)
		}
	}
	var root evalFn
	switch {
	case q.Prefix == ast.PrefixEvent:
		root = func(f *frame) (value.Value, error) { return f.event, nil }
	case q.Prefix == ast.PrefixMetadata:
		root = func(f *frame) (value.Value, error) { return f.meta, nil }
	default:
		t := c.expr(q.Target)
		root = t.eval
	}
	return cexpr{eval: func(f *frame) (value.Value, error) {
		r, err := root(f)
		if err != nil {
			return value.Null, wrapCallError(prefix, err)
		}
		// The result copies the root around each array item.
		markShared(r)
		v, err := qc.EvalQuery(&f.ctx, r, path)
		if err != nil {
			return value.Null, wrapCallError(prefix, err)
		}
		return v, nil
	}}
}
