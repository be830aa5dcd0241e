package value

import (
	"math"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"
	"unsafe"
)

// TestLayoutSize pins the 24-byte Value and 40-byte Entry: the sizes are
// the point of the layout (see Value), so growing either must be a
// deliberate change.
func TestLayoutSize(t *testing.T) {
	if got := unsafe.Sizeof(Value{}); got != 24 {
		t.Errorf("sizeof(Value) = %d, want 24", got)
	}
	if got := unsafe.Sizeof(Entry{}); got != 40 {
		t.Errorf("sizeof(Entry) = %d, want 40", got)
	}
}

// TestAccessorsOfEveryType checks that each accessor gives its type's
// payload and the zero answer for every other type: bytes keep their
// length in the word integers, floats, booleans and timestamps use, and
// the containers share one pointer word, so a missing type check would
// leak one type's payload into another's accessor.
func TestAccessorsOfEveryType(t *testing.T) {
	re := &Regex{Pattern: "a+", Regexp: regexp.MustCompile("a+")}
	arr := NewArrayLen(1)
	obj := NewObjectCap(1)
	ts := time.Date(2024, 5, 6, 7, 8, 9, 123456789, time.UTC)
	epoch := time.Unix(0, 0).UTC()
	type want struct {
		str  string
		i    int64
		f    float64
		b    bool
		time time.Time
		re   *Regex
		arr  *Array
		obj  *Object
	}
	cases := []struct {
		name string
		v    Value
		want want
	}{
		{"null", Null, want{time: epoch}},
		{"bytes", Bytes("hello"), want{str: "hello", time: epoch}},
		{"empty bytes", Bytes(""), want{time: epoch}},
		{"bytes from slice", BytesFrom([]byte("xyz")), want{str: "xyz", time: epoch}},
		{"integer", Integer(-42), want{i: -42, f: math.Float64frombits(uint64(0xffffffffffffffd6)), b: true, time: time.Unix(-42, 0).UTC()}},
		{"zero", Integer(0), want{time: epoch}},
		{"float", Float(1.5), want{i: int64(math.Float64bits(1.5)), f: 1.5, b: true, time: time.Unix(int64(math.Float64bits(1.5)), 0).UTC()}},
		{"true", True, want{i: 1, f: math.Float64frombits(1), b: true, time: time.Unix(1, 0).UTC()}},
		{"false", False, want{time: epoch}},
		{"timestamp", Timestamp(ts), want{i: ts.Unix(), f: math.Float64frombits(uint64(ts.Unix())), b: true, time: ts}},
		{"regex", RegexValue(re), want{time: epoch, re: re}},
		{"array", ArrayOf(arr), want{time: epoch, arr: arr}},
		{"object", ObjectValue(obj), want{time: epoch, obj: obj}},
		{"nil array", ArrayOf(nil), want{time: epoch}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v, w := tc.v, tc.want
			if got := v.Str(); got != w.str {
				t.Errorf("Str() = %q, want %q", got, w.str)
			}
			if got := v.Int(); got != w.i {
				t.Errorf("Int() = %d, want %d", got, w.i)
			}
			if got := v.Flt(); math.Float64bits(got) != math.Float64bits(w.f) {
				t.Errorf("Flt() = %v, want %v", got, w.f)
			}
			if got := v.Bool(); got != w.b {
				t.Errorf("Bool() = %v, want %v", got, w.b)
			}
			if got := v.Time(); !got.Equal(w.time) {
				t.Errorf("Time() = %v, want %v", got, w.time)
			}
			if got := v.Re(); got != w.re {
				t.Errorf("Re() = %p, want %p", got, w.re)
			}
			if got := v.Arr(); got != w.arr {
				t.Errorf("Arr() = %p, want %p", got, w.arr)
			}
			if got := v.Obj(); got != w.obj {
				t.Errorf("Obj() = %p, want %p", got, w.obj)
			}
		})
	}
}

// TestBytesEqualityIsByContent checks that Equal, EqualLossy and Compare
// look at the bytes, not at where they are stored: == on Values compares
// the data pointer, so two equal strings in different buffers must still
// be Equal.
func TestBytesEqualityIsByContent(t *testing.T) {
	buf := []byte("abcabc")
	a := BytesFrom(buf[:3])
	b := BytesFrom(buf[3:])
	c := Bytes("aba")
	if a.Str() != "abc" || b.Str() != "abc" {
		t.Fatalf("got %q and %q, want abc twice", a.Str(), b.Str())
	}
	if !Equal(a, b) || !EqualLossy(a, b) {
		t.Error("equal bytes in different buffers are not Equal")
	}
	if Equal(a, c) {
		t.Error(`"abc" Equal "aba"`)
	}
	if Equal(Bytes(""), Null) || !Equal(Bytes(""), BytesFrom(nil)) {
		t.Error("empty bytes: wrong equality")
	}
	if got, err := Compare(OpGe, a, b); err != nil || !got.Bool() {
		t.Errorf("Compare(>=) of equal bytes = %v, %v", got, err)
	}
	if got, err := Compare(OpLt, c, a); err != nil || !got.Bool() {
		t.Errorf(`Compare("aba" < "abc") = %v, %v`, got, err)
	}
}

// TestBytesKeepBufferAlive checks that a bytes value alone keeps the
// buffer its data points into alive across collections (the payload is an
// unsafe.Pointer, which the GC traces like any pointer).
func TestBytesKeepBufferAlive(t *testing.T) {
	vals := make([]Value, 0, 64)
	for i := range 64 {
		s := strings.Repeat(string(rune('a'+i%26)), 1000+i)
		vals = append(vals, Bytes(s[500:]))
	}
	runtime.GC()
	runtime.GC()
	// Churn the heap so a freed buffer would be reused and overwritten.
	var junk [][]byte
	for range 256 {
		junk = append(junk, make([]byte, 1500))
	}
	for i, v := range vals {
		want := strings.Repeat(string(rune('a'+i%26)), 500+i)
		if v.Str() != want {
			t.Fatalf("value %d changed after GC", i)
		}
	}
	runtime.KeepAlive(junk)
}
