package stdlib

import (
	"math/rand/v2"
	"testing"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// compactReference is compact written the obvious way: rebuild every
// container, then drop the empty items. The walk in compact.go, which
// keeps unchanged containers and skips building ones it will drop, must
// give the same results.
func compactReference(o compactOptions, v value.Value) value.Value {
	empty := func(v value.Value) bool {
		if o.nullish && coreIsNullish(v) {
			return true
		}
		switch v.Type() {
		case value.TypeBytes:
			return o.string && v.Str() == ""
		case value.TypeNull:
			return o.null
		case value.TypeObject:
			return o.object && v.Obj().Len() == 0
		case value.TypeArray:
			return o.array && v.Arr().Len() == 0
		}
		return false
	}
	nested := func(v value.Value) value.Value {
		if o.recursive {
			return compactReference(o, v)
		}
		return v
	}
	switch v.Type() {
	case value.TypeObject:
		out := value.NewObject(0)
		for _, e := range v.Obj().Entries() {
			if c := nested(e.Value); !empty(c) {
				out.Set(e.Key, c)
			}
		}
		return value.ObjectValue(out)
	case value.TypeArray:
		out := []value.Value{}
		for _, it := range v.Arr().Items {
			if c := nested(it); !empty(c) {
				out = append(out, c)
			}
		}
		return value.ArrayValue(out)
	}
	return v
}

// randomCompactValue builds a container of the items compact cares
// about: null, "", "-", " ", other scalars and nested (often empty)
// containers.
func randomCompactValue(r *rand.Rand, depth int) value.Value {
	scalars := []value.Value{value.Null, tStr(""), tStr("-"), tStr(" \t"), tStr("x"), value.Integer(0), value.False}
	item := func() value.Value {
		if depth > 0 && r.IntN(3) == 0 {
			return randomCompactValue(r, depth-1)
		}
		return scalars[r.IntN(len(scalars))]
	}
	n := r.IntN(5)
	if r.IntN(2) == 0 {
		items := make([]value.Value, n)
		for i := range items {
			items[i] = item()
		}
		return value.ArrayValue(items)
	}
	o := value.NewObject(n)
	for i := range n {
		o.Set(string(rune('a'+i)), item())
	}
	return value.ObjectValue(o)
}

func TestCompactMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 5000 {
		v := randomCompactValue(r, 3)
		bits := i % 64
		o := compactOptions{
			recursive: bits&1 != 0, null: bits&2 != 0, string: bits&4 != 0,
			object: bits&8 != 0, array: bits&16 != 0, nullish: bits&32 != 0,
		}
		before := string(value.AppendJSON(nil, v))
		want := string(value.AppendJSON(nil, compactReference(o, v)))
		got := string(value.AppendJSON(nil, o.compact(v)))
		if got != want {
			t.Fatalf("compact(%s, %+v) = %s, want %s", before, o, got, want)
		}
		if after := string(value.AppendJSON(nil, v)); after != before {
			t.Fatalf("compact modified its argument: %s became %s", before, after)
		}
	}
}

// TestCompactUnchanged checks the finish step's common case: an event
// with nothing to remove comes back as the same object, without
// allocating; and a changed one is a new object whose unchanged children
// are shared.
func TestCompactUnchanged(t *testing.T) {
	o := compactOptions{recursive: true, null: true, string: true, object: true, array: true}
	ev := compactedEvent()
	if got := o.compact(ev); got.Obj() != ev.Obj() {
		t.Fatal("compact rebuilt an object with nothing to remove")
	}
	if n := testing.AllocsPerRun(100, func() { o.compact(ev) }); n != 0 {
		t.Errorf("compact of a compact event: %v allocations, want 0", n)
	}
	raw := tJSON(ctEvent)
	got := o.compact(raw)
	if got.Obj() == raw.Obj() {
		t.Fatal("compact returned its argument with error.code null in it")
	}
	if _, ok := got.Obj().Get("error"); ok {
		t.Error("the emptied error object was kept")
	}
	a, _ := raw.Obj().Get("aws")
	b, _ := got.Obj().Get("aws")
	if a.Obj() != b.Obj() {
		t.Error("an unchanged child was copied")
	}
	// The root is the only container built: error, emptied, is not.
	if n := testing.AllocsPerRun(100, func() { o.compact(raw) }); n != 1 {
		t.Errorf("compact of the raw event: %v allocations, want 1", n)
	}
}
