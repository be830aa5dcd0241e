package value

import (
	"math"
	"strings"
)

// OpError is a runtime error raised by an operator, with VRL's message
// ("can't add type integer to string", "can't divide by zero").
type OpError struct{ Msg string }

func (e *OpError) Error() string { return e.Msg }

func opErr(format string, a, b Value) error {
	return &OpError{Msg: strings.NewReplacer("{0}", a.KindString(), "{1}", b.KindString()).Replace(format)}
}

// errNaN is raised when float arithmetic would produce NaN (VRL floats
// are never NaN).
var errNaN = &OpError{Msg: "operation would produce NaN"}

// errDivByZero is raised by / and % with a zero divisor, integer or float.
var errDivByZero = &OpError{Msg: "can't divide by zero"}

func floatResult(f float64) (Value, error) {
	if math.IsNaN(f) {
		return Null, errNaN
	}
	return Float(f), nil
}

// numbers returns both operands as floats when both are numbers and at
// least one is a float (the mixed and float-only cases of every
// arithmetic operator).
func numbers(a, b Value) (x, y float64, ok bool) {
	switch {
	case a.t == TypeFloat && b.t == TypeFloat:
		return a.Flt(), b.Flt(), true
	case a.t == TypeFloat && b.t == TypeInteger:
		return a.Flt(), float64(b.n), true
	case a.t == TypeInteger && b.t == TypeFloat:
		return float64(a.n), b.Flt(), true
	}
	return 0, 0, false
}

// Add is VRL's `+`: integers wrap on overflow, an integer and a float give
// a float, strings concatenate, and a string plus null (either side) is
// the string.
func Add(a, b Value) (Value, error) {
	if a.t == TypeInteger && b.t == TypeInteger {
		return Integer(a.n + b.n), nil
	}
	if x, y, ok := numbers(a, b); ok {
		return floatResult(x + y)
	}
	switch {
	case a.t == TypeBytes && b.t == TypeBytes:
		return Bytes(a.str() + b.str()), nil
	case a.t == TypeBytes && b.t == TypeNull:
		return a, nil
	case a.t == TypeNull && b.t == TypeBytes:
		return b, nil
	}
	return Null, opErr("can't add type {1} to {0}", a, b)
}

// Sub is VRL's `-` (numbers only; integers wrap).
func Sub(a, b Value) (Value, error) {
	if a.t == TypeInteger && b.t == TypeInteger {
		return Integer(a.n - b.n), nil
	}
	if x, y, ok := numbers(a, b); ok {
		return floatResult(x - y)
	}
	return Null, opErr("can't subtract type {1} from {0}", a, b)
}

// Mul is VRL's `*`: numbers (integers wrap), or a string repeated an
// integer number of times (negative counts give "").
func Mul(a, b Value) (Value, error) {
	if a.t == TypeInteger && b.t == TypeInteger {
		return Integer(a.n * b.n), nil
	}
	if x, y, ok := numbers(a, b); ok {
		return floatResult(x * y)
	}
	switch {
	case a.t == TypeInteger && b.t == TypeBytes:
		return repeat(b.str(), a.n), nil
	case a.t == TypeBytes && b.t == TypeInteger:
		return repeat(a.str(), b.n), nil
	}
	return Null, opErr("can't multiply type {0} by {1}", a, b)
}

func repeat(s string, n int64) Value {
	if n <= 0 || s == "" {
		return Bytes("")
	}
	return Bytes(strings.Repeat(s, int(n)))
}

// Div is VRL's `/`: always a float, an error for a zero divisor.
func Div(a, b Value) (Value, error) {
	if isZero(b) {
		return Null, errDivByZero
	}
	if a.t == TypeInteger && b.t == TypeInteger {
		return floatResult(float64(a.n) / float64(b.n))
	}
	if x, y, ok := numbers(a, b); ok {
		return floatResult(x / y)
	}
	return Null, opErr("can't divide type {0} by {1}", a, b)
}

// Rem is VRL's remainder (the `mod` function): integers wrap, floats use
// fmod, a zero divisor is an error.
func Rem(a, b Value) (Value, error) {
	if isZero(b) {
		return Null, errDivByZero
	}
	if a.t == TypeInteger && b.t == TypeInteger {
		if b.n == -1 {
			return Integer(0), nil // wrapping_rem(MIN, -1) == 0
		}
		return Integer(a.n % b.n), nil
	}
	if x, y, ok := numbers(a, b); ok {
		return floatResult(math.Mod(x, y))
	}
	return Null, opErr("can't calculate remainder of type {0} and {1}", a, b)
}

func isZero(v Value) bool {
	return (v.t == TypeInteger && v.n == 0) || (v.t == TypeFloat && v.Flt() == 0)
}

// Merge is VRL's `|` on objects: a new object with the fields of a
// overwritten by those of b (one level, not recursive).
func Merge(a, b Value) (Value, error) {
	if a.t != TypeObject || b.t != TypeObject {
		return Null, opErr("can't merge type {1} into {0}", a, b)
	}
	return ObjectValue(MergeObjects(a.Obj(), b.Obj())), nil
}

// MergeObjects returns a new object holding the fields of a, overwritten
// by the fields of b. Both inputs are left untouched.
func MergeObjects(a, b *Object) *Object {
	out := &Object{entries: make([]Entry, 0, len(a.entries)+len(b.entries))}
	i, j := 0, 0
	for i < len(a.entries) && j < len(b.entries) {
		switch ka, kb := a.entries[i].Key, b.entries[j].Key; {
		case ka < kb:
			out.entries = append(out.entries, a.entries[i])
			i++
		case ka > kb:
			out.entries = append(out.entries, b.entries[j])
			j++
		default:
			out.entries = append(out.entries, b.entries[j])
			i++
			j++
		}
	}
	out.entries = append(out.entries, a.entries[i:]...)
	out.entries = append(out.entries, b.entries[j:]...)
	return out
}

// And is the value part of VRL's `&&` once the left side is known to be
// true: null on the right gives false, booleans combine.
func And(a, b Value) (Value, error) {
	switch {
	case a.t == TypeNull:
		return False, nil
	case a.t == TypeBoolean && b.t == TypeNull:
		return False, nil
	case a.t == TypeBoolean && b.t == TypeBoolean:
		return Boolean(a.Bool() && b.Bool()), nil
	}
	return Null, opErr("can't apply an AND to types {0} and {1}", a, b)
}

// Truthy reports whether the left side of `||` short-circuits: anything
// but null and false does.
func Truthy(v Value) bool {
	return !(v.t == TypeNull || (v.t == TypeBoolean && !v.Bool()))
}
