package vrl

import (
	"strings"

	"github.com/matano-go/matano/compiler/vrl/ast"
	"github.com/matano-go/matano/runtime/vrl/value"
)

// binary compiles a binary operator. ??, || and && short-circuit; the
// others evaluate both sides left to right and apply the value package's
// operator, whose errors carry VRL's messages.
func (c *compiler) binary(e *ast.Binary) cexpr {
	l, r := c.expr(e.Left), c.expr(e.Right)
	le, re := l.eval, r.eval
	switch e.Op {
	case ast.OpErr:
		// VRL's `??` recovers from any error of the left side.
		return cexpr{eval: func(f *frame) (value.Value, error) {
			v, err := le(f)
			if err == nil {
				return v, nil
			}
			return re(f)
		}, borrowed: l.borrowed || r.borrowed}
	case ast.OpOr:
		return cexpr{eval: func(f *frame) (value.Value, error) {
			v, err := le(f)
			if err != nil {
				return value.Null, err
			}
			if value.Truthy(v) {
				return v, nil
			}
			v, err = re(f)
			if err != nil {
				// VRL wraps any error of the right side, aborts included.
				return value.Null, &value.OpError{Msg: "can't apply an OR to these types - " + errMessage(err)}
			}
			return v, nil
		}, borrowed: l.borrowed || r.borrowed}
	case ast.OpAnd:
		return cexpr{eval: func(f *frame) (value.Value, error) {
			v, err := le(f)
			if err != nil {
				return value.Null, err
			}
			if !value.Truthy(v) {
				return value.False, nil
			}
			w, err := re(f)
			if err != nil {
				return value.Null, err
			}
			return value.And(v, w)
		}}
	}
	if e.Op == ast.OpEq || e.Op == ast.OpNe {
		if x, ok := eqConstant(l, r, e.Op == ast.OpNe); ok {
			return x
		}
	}
	var op func(a, b value.Value) (value.Value, error)
	switch e.Op {
	case ast.OpEq:
		op = func(a, b value.Value) (value.Value, error) { return value.Boolean(value.EqualLossy(a, b)), nil }
	case ast.OpNe:
		op = func(a, b value.Value) (value.Value, error) { return value.Boolean(!value.EqualLossy(a, b)), nil }
	case ast.OpGt:
		op = func(a, b value.Value) (value.Value, error) { return value.Compare(value.OpGt, a, b) }
	case ast.OpGe:
		op = func(a, b value.Value) (value.Value, error) { return value.Compare(value.OpGe, a, b) }
	case ast.OpLt:
		op = func(a, b value.Value) (value.Value, error) { return value.Compare(value.OpLt, a, b) }
	case ast.OpLe:
		op = func(a, b value.Value) (value.Value, error) { return value.Compare(value.OpLe, a, b) }
	case ast.OpAdd:
		op = value.Add
	case ast.OpSub:
		op = value.Sub
	case ast.OpMul:
		op = value.Mul
	case ast.OpDiv:
		op = value.Div
	case ast.OpMerge:
		// The merged object shares the children of both operands, so
		// borrowed operands are marked first (see value/share.go).
		lb, rb := l.borrowed, r.borrowed
		op = func(a, b value.Value) (value.Value, error) {
			if lb {
				markShared(a)
			}
			if rb {
				markShared(b)
			}
			return value.Merge(a, b)
		}
	default:
		c.fail(e, "unknown operator %v", e.Op)
	}
	if l.konst != nil && r.konst != nil && e.Op != ast.OpMerge {
		if v, err := op(*l.konst, *r.konst); err == nil {
			return constant(v)
		}
	}
	return cexpr{eval: func(f *frame) (value.Value, error) {
		a, err := le(f)
		if err != nil {
			return value.Null, err
		}
		b, err := re(f)
		if err != nil {
			return value.Null, err
		}
		return op(a, b)
	}}
}

// eqConstant compiles `x == k` and `x != k` (either side) for a
// constant k that is null, a string or a boolean, the comparisons of a
// mapping program's conditions (`j.errorCode != null`, `j.eventName ==
// "ConsoleLogin"`): only x is evaluated, and the comparison is a type and
// value test instead of two closure calls and value.EqualLossy. For such a
// k, lossy equality is plain equality (only integers and floats compare
// across types).
func eqConstant(l, r cexpr, negate bool) (cexpr, bool) {
	x, k := l, r
	if l.konst != nil {
		x, k = r, l
	}
	if k.konst == nil || x.konst != nil {
		return cexpr{}, false
	}
	kv, xe := *k.konst, x.eval
	switch kv.Type() {
	case value.TypeNull:
		return cexpr{eval: func(f *frame) (value.Value, error) {
			v, err := xe(f)
			if err != nil {
				return value.Null, err
			}
			return value.Boolean(v.IsNull() != negate), nil
		}}, true
	case value.TypeBytes:
		s := kv.Str()
		return cexpr{eval: func(f *frame) (value.Value, error) {
			v, err := xe(f)
			if err != nil {
				return value.Null, err
			}
			return value.Boolean((v.Type() == value.TypeBytes && v.Str() == s) != negate), nil
		}}, true
	case value.TypeBoolean:
		b := kv.Bool()
		return cexpr{eval: func(f *frame) (value.Value, error) {
			v, err := xe(f)
			if err != nil {
				return value.Null, err
			}
			return value.Boolean((v.Type() == value.TypeBoolean && v.Bool() == b) != negate), nil
		}}, true
	}
	return cexpr{}, false
}

// errMessage is the text VRL shows for an error: the message of a
// runtime error, the abort message (or "aborted"), or "return".
func errMessage(err error) string { return err.Error() }

func toValidUTF8(s string) string { return strings.ToValidUTF8(s, "\uFFFD") }
