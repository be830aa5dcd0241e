package vrl

import (
	"github.com/matano-go/matano/compiler/vrl/ast"
	"github.com/matano-go/matano/compiler/vrl/check"
	"github.com/matano-go/matano/runtime/vrl/value"
)

// place is a compiled assignment target.
type place struct {
	store func(f *frame, v value.Value)
	load  func(f *frame) value.Value
}

func (c *compiler) place(t ast.Expr) place {
	switch t := t.(type) {
	case *ast.Noop:
		return place{
			store: func(*frame, value.Value) {},
			load:  func(*frame) value.Value { return value.Null },
		}
	case *ast.Variable:
		i := c.slot(t.Name)
		if c.tracked[t.Name] {
			return place{
				store: func(f *frame, v value.Value) { f.vars[i] = v; f.defined[i] = true },
				load:  func(f *frame) value.Value { return f.vars[i] },
			}
		}
		return place{
			store: func(f *frame, v value.Value) { f.vars[i] = v },
			load:  func(f *frame) value.Value { return f.vars[i] },
		}
	case *ast.Query:
		path := c.path(t.Path)
		var root func(f *frame) *value.Value
		switch t.Prefix {
		case ast.PrefixEvent:
			c.shapeHint(".", path)
			root = func(f *frame) *value.Value { return &f.target.Event }
		case ast.PrefixMetadata:
			c.shapeHint("%", path)
			root = func(f *frame) *value.Value { return &f.target.Metadata }
		default:
			v, ok := t.Target.(*ast.Variable)
			if !ok {
				c.fail(t, "cannot assign to this expression")
			}
			c.shapeHint(v.Name, path)
			i := c.slot(v.Name)
			root = func(f *frame) *value.Value { return &f.vars[i] }
			if c.tracked[v.Name] {
				// Loads never create the variable, but every store goes
				// through root, so marking it here is enough.
				root = func(f *frame) *value.Value { f.defined[i] = true; return &f.vars[i] }
			}
		}
		if len(path) > 0 && t.Prefix == ast.PrefixEvent {
			// The common target (`.a.b = x`), without the root closure.
			return place{
				store: func(f *frame, v value.Value) { setPath(&f.target.Event, path, v, f.hints) },
				load: func(f *frame) value.Value {
					v, _ := getPath(f.target.Event, path, f.hints)
					return v
				},
			}
		}
		if len(path) == 0 {
			return place{
				store: func(f *frame, v value.Value) { *root(f) = v },
				load:  func(f *frame) value.Value { return *root(f) },
			}
		}
		return place{
			store: func(f *frame, v value.Value) { setPath(root(f), path, v, f.hints) },
			load: func(f *frame) value.Value {
				v, _ := getPath(*root(f), path, f.hints)
				return v
			},
		}
	}
	c.fail(t, "cannot assign to %T", t)
	return place{}
}

// assignment compiles `target = value`, `target |= value` and the
// error-capturing `ok, err = value`. The assignment's own value is the
// assigned value (in the error case of `ok, err =`, the error message).
func (c *compiler) assignment(e *ast.Assignment) cexpr {
	x := c.expr(e.Value)
	target := c.place(e.Target)
	xe, borrowed := x.eval, x.borrowed
	store := target.store
	if e.Op == ast.MergeAssign {
		// VRL rewrites `a |= b` to `a = a | b`: the target is read first,
		// and the assignment's value is the merged object. The merged
		// object is fresh; it keeps the children of the old target value
		// (replaced, so referenced by nothing else unless already shared)
		// and of b (marked when borrowed).
		load, inner, rb := target.load, xe, borrowed
		xe = func(f *frame) (value.Value, error) {
			cur := load(f)
			v, err := inner(f)
			if err != nil {
				return value.Null, err
			}
			if rb {
				value.MarkShared(v)
			}
			return value.Merge(cur, v)
		}
		borrowed = false
	}
	if e.Err == nil {
		return cexpr{eval: func(f *frame) (value.Value, error) {
			v, err := xe(f)
			if err != nil {
				return value.Null, err
			}
			if borrowed {
				value.MarkShared(v)
			}
			store(f, v)
			return v, nil
		}, borrowed: true}
	}
	errPlace := c.place(e.Err)
	def := value.Null
	if td, ok := c.info.Types[e.Value]; ok {
		def = check.DefaultValue(td.Kind)
	}
	value.MarkShared(def)
	return cexpr{eval: func(f *frame) (value.Value, error) {
		v, err := xe(f)
		if err != nil {
			msg := value.Bytes(errMessage(err))
			store(f, def)
			errPlace.store(f, msg)
			return msg, nil
		}
		if borrowed {
			value.MarkShared(v)
		}
		store(f, v)
		errPlace.store(f, value.Null)
		return v, nil
	}, borrowed: true}
}
