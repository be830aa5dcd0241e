package value

import "strings"

// EqualLossy is VRL's `==`: when the left side is a number, the right
// side is compared as a float if it is a number too (so 1 == 1.0, and two
// integers beyond 2^53 compare by their float approximations, exactly as
// VRL does); otherwise the values must be Equal.
func EqualLossy(a, b Value) bool {
	if a.t == TypeInteger || a.t == TypeFloat {
		var x, y float64
		if a.t == TypeInteger {
			x = float64(a.n)
		} else {
			x = a.Flt()
		}
		switch b.t {
		case TypeInteger:
			y = float64(b.n)
		case TypeFloat:
			y = b.Flt()
		default:
			return false
		}
		return x == y
	}
	return Equal(a, b)
}

// CompareOp is one of VRL's ordering operators.
type CompareOp uint8

const (
	OpGt CompareOp = iota
	OpGe
	OpLt
	OpLe
)

// Compare evaluates a > b, a >= b, a < b or a <= b as VRL does: numbers
// compare numerically (mixed integer/float as floats), strings bytewise,
// timestamps chronologically. A string or timestamp on the left demands
// the same type on the right ("expected string, got integer"). The error
// texts for other mismatches reproduce VRL 0.35 verbatim, including its
// quirks (`>` reports a remainder error; `<` and `<=` report `>=`).
func Compare(op CompareOp, a, b Value) (Value, error) {
	var c int
	switch {
	case a.t == TypeInteger && b.t == TypeInteger:
		c = cmpInt(a.n, b.n)
	case (a.t == TypeInteger || a.t == TypeFloat) && (b.t == TypeInteger || b.t == TypeFloat):
		x, y, _ := numbers(a, b)
		// Floats are never NaN, so the three-way comparison is total.
		switch {
		case x < y:
			c = -1
		case x > y:
			c = 1
		}
	case a.t == TypeBytes:
		if b.t != TypeBytes {
			return Null, &OpError{Msg: "expected string, got " + b.KindString()}
		}
		c = strings.Compare(a.str(), b.str())
	case a.t == TypeTimestamp:
		if b.t != TypeTimestamp {
			return Null, &OpError{Msg: "expected timestamp, got " + b.KindString()}
		}
		c = cmpInt(a.n, b.n)
		if c == 0 {
			c = cmpInt(int64(a.ns), int64(b.ns))
		}
	default:
		if op == OpGt {
			return Null, opErr("can't calculate remainder of type {0} and {1}", a, b)
		}
		return Null, opErr("can't compare {0} >= {1}", a, b)
	}
	switch op {
	case OpGt:
		return Boolean(c > 0), nil
	case OpGe:
		return Boolean(c >= 0), nil
	case OpLt:
		return Boolean(c < 0), nil
	default:
		return Boolean(c <= 0), nil
	}
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
