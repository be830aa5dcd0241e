package value

import (
	"math"
	"testing"
	"time"
)

func vobj(kv ...any) Value {
	o := NewObject(len(kv) / 2)
	for i := 0; i < len(kv); i += 2 {
		o.Set(kv[i].(string), kv[i+1].(Value))
	}
	return ObjectValue(o)
}

func varr(items ...Value) Value { return ArrayValue(items) }

// TestArithmetic pins VRL's operator semantics and error texts
// (vrl/src/compiler/value/arithmetic.rs).
func TestArithmetic(t *testing.T) {
	type op func(a, b Value) (Value, error)
	inf := Float(math.Inf(1))
	cases := []struct {
		name string
		op   op
		a, b Value
		want string // JSON of the result, or "error: <message>"
	}{
		{"int add", Add, Integer(1), Integer(2), "3"},
		{"int add wraps", Add, Integer(math.MaxInt64), Integer(1), "-9223372036854775808"},
		{"mixed add", Add, Integer(1), Float(0.5), "1.5"},
		{"string add", Add, Bytes("a"), Bytes("b"), `"ab"`},
		{"string plus null", Add, Bytes("a"), Null, `"a"`},
		{"null plus string", Add, Null, Bytes("a"), `"a"`},
		{"add mismatch", Add, Bytes("a"), Integer(1), "error: can't add type integer to string"},
		{"add object", Add, vobj("a", Integer(1)), Integer(1), "error: can't add type integer to { a: integer }"},
		{"add nan", Add, inf, Float(math.Inf(-1)), "error: operation would produce NaN"},
		{"sub", Sub, Integer(1), Integer(3), "-2"},
		{"sub float", Sub, Float(1.5), Integer(1), "0.5"},
		{"sub mismatch", Sub, Bytes("a"), Integer(1), "error: can't subtract type integer from string"},
		{"mul", Mul, Integer(3), Integer(4), "12"},
		{"mul wraps", Mul, Integer(math.MaxInt64), Integer(2), "-2"},
		{"mul repeat", Mul, Bytes("ab"), Integer(2), `"abab"`},
		{"mul repeat left", Mul, Integer(2), Bytes("ab"), `"abab"`},
		{"mul repeat negative", Mul, Bytes("ab"), Integer(-1), `""`},
		{"mul nan", Mul, inf, Integer(0), "error: operation would produce NaN"},
		{"mul mismatch", Mul, Null, Integer(1), "error: can't multiply type null by integer"},
		{"div ints is float", Div, Integer(4), Integer(2), "2.0"},
		{"div fraction", Div, Integer(1), Integer(3), "0.3333333333333333"},
		{"div by zero", Div, Integer(1), Integer(0), "error: can't divide by zero"},
		{"div by float zero", Div, Float(1), Float(0), "error: can't divide by zero"},
		{"div mismatch", Div, Bytes("a"), Integer(2), "error: can't divide type string by integer"},
		{"div zero check first", Div, Bytes("a"), Integer(0), "error: can't divide by zero"},
		{"rem", Rem, Integer(7), Integer(3), "1"},
		{"rem negative", Rem, Integer(-7), Integer(3), "-1"},
		{"rem min", Rem, Integer(math.MinInt64), Integer(-1), "0"},
		{"rem float", Rem, Float(7.5), Integer(2), "1.5"},
		{"rem zero", Rem, Integer(1), Integer(0), "error: can't divide by zero"},
		{"rem mismatch", Rem, Bytes("a"), Integer(1), "error: can't calculate remainder of type string and integer"},
		{"merge", Merge, vobj("a", Integer(1), "b", Integer(1)), vobj("b", Integer(2), "c", Integer(3)), `{"a":1,"b":2,"c":3}`},
		{"merge mismatch", Merge, vobj(), Integer(1), "error: can't merge type integer into object"},
		{"and", And, True, False, "false"},
		{"and null right", And, True, Null, "false"},
		{"and mismatch", And, True, Integer(1), "error: can't apply an AND to types boolean and integer"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := c.op(c.a, c.b)
			s := string(AppendJSON(nil, got))
			if err != nil {
				s = "error: " + err.Error()
			}
			if s != c.want {
				t.Errorf("got %s, want %s", s, c.want)
			}
		})
	}
}

func TestCompare(t *testing.T) {
	ts := func(sec int64) Value { return Timestamp(time.Unix(sec, 0)) }
	cases := []struct {
		op   CompareOp
		a, b Value
		want string
	}{
		{OpGt, Integer(2), Integer(1), "true"},
		{OpGe, Integer(1), Float(1), "true"},
		{OpLt, Float(0.5), Integer(1), "true"},
		{OpLe, Bytes("b"), Bytes("a"), "false"},
		{OpLt, ts(1), ts(2), "true"},
		{OpGt, Bytes("a"), Integer(1), "error: expected string, got integer"},
		{OpGt, ts(1), Bytes("a"), "error: expected timestamp, got string"},
		// VRL 0.35's texts, quirks included.
		{OpGt, Null, Integer(1), "error: can't calculate remainder of type null and integer"},
		{OpGe, Null, Integer(1), "error: can't compare null >= integer"},
		{OpLt, Boolean(true), Integer(1), "error: can't compare boolean >= integer"},
		{OpLe, varr(), Integer(1), "error: can't compare array >= integer"},
	}
	for _, c := range cases {
		got, err := Compare(c.op, c.a, c.b)
		s := string(AppendJSON(nil, got))
		if err != nil {
			s = "error: " + err.Error()
		}
		if s != c.want {
			t.Errorf("Compare(%d, %v, %v) = %s, want %s", c.op, c.a, c.b, s, c.want)
		}
	}
}

func TestEquality(t *testing.T) {
	cases := []struct {
		a, b         Value
		lossy, exact bool
	}{
		{Integer(1), Float(1), true, false},
		{Float(1), Integer(1), true, false},
		{Integer(9007199254740993), Integer(9007199254740992), true, false},
		{varr(Integer(1)), varr(Float(1)), false, false},
		{vobj("a", Integer(1)), vobj("a", Integer(1)), true, true},
		{Bytes("a"), Bytes("a"), true, true},
		{Null, Null, true, true},
		{Integer(1), Bytes("1"), false, false},
	}
	for _, c := range cases {
		if got := EqualLossy(c.a, c.b); got != c.lossy {
			t.Errorf("EqualLossy(%v, %v) = %v", c.a, c.b, got)
		}
		if got := Equal(c.a, c.b); got != c.exact {
			t.Errorf("Equal(%v, %v) = %v", c.a, c.b, got)
		}
	}
}

func TestDisplay(t *testing.T) {
	cases := []struct {
		v          Value
		str, kinds string
	}{
		{Bytes("a\"b\\c\nd"), `"a\"b\\c\nd"`, "string"},
		{Integer(-3), "-3", "integer"},
		{Float(1), "1", "float"},
		{Float(0.1), "0.1", "float"},
		{Float(1e21), "1000000000000000000000", "float"},
		{Float(math.Inf(-1)), "-inf", "float"},
		{True, "true", "boolean"},
		{Null, "null", "null"},
		{Timestamp(time.Date(2021, 1, 2, 3, 4, 5, 6e6, time.UTC)), "t'2021-01-02T03:04:05.006Z'", "timestamp"},
		{varr(Integer(1), Bytes("x")), `[1, "x"]`, "[integer, string]"},
		{varr(), "[]", "array"},
		{vobj(), "{  }", "object"},
		{vobj("a b", Integer(1), "c", vobj("d", Null)), `{ "a b": 1, "c": { "d": null } }`, `{ "a b": integer, c: { d: null } }`},
	}
	for _, c := range cases {
		if got := c.v.String(); got != c.str {
			t.Errorf("String() = %s, want %s", got, c.str)
		}
		if got := c.v.KindString(); got != c.kinds {
			t.Errorf("KindString() = %s, want %s", got, c.kinds)
		}
	}
}

// TestMarkShared checks the copy-on-write invariant: everything below a
// shared container is shared, and clones start unshared.
func TestMarkShared(t *testing.T) {
	inner := vobj("x", Integer(1))
	list := varr(inner)
	root := vobj("list", list, "n", Integer(1))
	if IsShared(root) || IsShared(inner) {
		t.Fatal("fresh containers must be unshared")
	}
	MarkShared(root)
	for _, v := range []Value{root, list, inner} {
		if !IsShared(v) {
			t.Errorf("%v not shared", v)
		}
	}
	c := root.Obj().Clone()
	if c.Shared() {
		t.Error("clone must be unshared")
	}
	if v, _ := c.Get("list"); !IsShared(v) {
		t.Error("a clone's children stay shared")
	}
	if IsShared(Integer(1)) {
		t.Error("scalars are never shared")
	}
}
