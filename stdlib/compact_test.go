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

// deepCopy returns v with every container copied, unshared.
func deepCopy(v value.Value) value.Value {
	switch v.Type() {
	case value.TypeObject:
		o := value.NewObject(v.Obj().Len())
		for _, e := range v.Obj().Entries() {
			o.Set(e.Key, deepCopy(e.Value))
		}
		return value.ObjectValue(o)
	case value.TypeArray:
		items := make([]value.Value, v.Arr().Len())
		for i, it := range v.Arr().Items {
			items[i] = deepCopy(it)
		}
		return value.ArrayValue(items)
	}
	return v
}

// markSomeShared marks random subtrees of v shared (keeping the
// invariant that everything under a shared container is shared) and
// returns the JSON of each one it marked, to check later that
// CompactOwned left them as they were.
func markSomeShared(r *rand.Rand, v value.Value, marked map[value.Value]string) {
	if v.Type() < value.TypeArray {
		return
	}
	if r.IntN(4) == 0 {
		value.MarkShared(v)
		marked[v] = string(value.AppendJSON(nil, v))
		return
	}
	if v.Type() == value.TypeObject {
		for _, e := range v.Obj().Entries() {
			markSomeShared(r, e.Value, marked)
		}
		return
	}
	for _, it := range v.Arr().Items {
		markSomeShared(r, it, marked)
	}
}

// TestCompactOwnedMatchesCompact checks that compacting in place gives
// compact's result whatever is shared, that it never changes a shared
// container, and that it returns an unshared argument itself.
func TestCompactOwnedMatchesCompact(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 5000 {
		v := randomCompactValue(r, 3)
		in := string(value.AppendJSON(nil, v))
		want := string(value.AppendJSON(nil, compactDefaults.compact(v)))
		own := deepCopy(v)
		marked := map[value.Value]string{}
		markSomeShared(r, own, marked)
		got := CompactOwned(own)
		if s := string(value.AppendJSON(nil, got)); s != want {
			t.Fatalf("CompactOwned(%s) = %s, want %s", in, s, want)
		}
		if !value.IsShared(own) && (got.Type() != own.Type() || got.Obj() != own.Obj() && got.Arr() != own.Arr()) {
			t.Fatalf("CompactOwned(%s) did not return its unshared argument", in)
		}
		for c, before := range marked {
			if after := string(value.AppendJSON(nil, c)); after != before {
				t.Fatalf("CompactOwned(%s) changed a shared part: %s became %s", in, before, after)
			}
		}
	}
}

func TestCompactOwned(t *testing.T) {
	tests := []struct {
		name, in, want string
		// shared marks the input's field of that name shared.
		shared string
	}{
		{name: "nothing to remove", in: `{"a":1,"b":["x"],"c":{"d":true}}`, want: `{"a":1,"b":["x"],"c":{"d":true}}`},
		{name: "emptied object dropped", in: `{"a":1,"error":{"code":null,"message":null}}`, want: `{"a":1}`},
		{name: "array items removed", in: `{"a":[null,"x","",[],{}],"b":[null]}`, want: `{"a":["x"]}`},
		{name: "all removed", in: `{"a":null,"b":"","c":{"d":[null]}}`, want: `{}`},
		{name: "shared child copied", in: `{"a":{"b":null,"c":1},"d":null}`, want: `{"a":{"c":1}}`, shared: "a"},
		{name: "shared child dropped", in: `{"a":{"b":null},"d":1}`, want: `{"d":1}`, shared: "a"},
		{name: "shared child kept", in: `{"a":{"b":1},"d":null}`, want: `{"a":{"b":1}}`, shared: "a"},
		{name: "top-level array", in: `[1,null,{"a":""},[2,""]]`, want: `[1,[2]]`},
		{name: "nullish strings kept", in: `{"a":"-","b":" "}`, want: `{"a":"-","b":" "}`},
		// compactSharedQuick settles the first two and the empty ones;
		// the others are container's.
		{name: "shared scalar array kept", in: `{"a":["info",1,false],"b":null}`, want: `{"a":["info",1,false]}`, shared: "a"},
		{name: "shared scalar object kept", in: `{"a":{"b":"x","c":2.5},"d":""}`, want: `{"a":{"b":"x","c":2.5}}`, shared: "a"},
		{name: "shared array with an empty string copied", in: `{"a":["","x"]}`, want: `{"a":["x"]}`, shared: "a"},
		{name: "shared array with a null copied", in: `{"a":["x",null]}`, want: `{"a":["x"]}`, shared: "a"},
		{name: "shared empty array dropped", in: `{"a":[],"b":1}`, want: `{"b":1}`, shared: "a"},
		{name: "shared nested array compacted", in: `{"a":[["x"],[]]}`, want: `{"a":[["x"]]}`, shared: "a"},
		{name: "shared nested array kept", in: `{"a":[["x"]],"b":null}`, want: `{"a":[["x"]]}`, shared: "a"},
		{name: "shared lists all empty dropped", in: `{"a":1,"related":{"hash":[],"ip":[],"user":[]}}`, want: `{"a":1}`, shared: "related"},
		{name: "shared object of empties dropped", in: `{"a":{"b":null,"c":"","d":{}},"e":1}`, want: `{"e":1}`, shared: "a"},
		{name: "removals on both sides of kept fields", in: `{"a":null,"b":1,"c":"","d":{"e":null},"f":[1],"g":null}`, want: `{"b":1,"f":[1]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := tJSON(tt.in)
			var child value.Value
			var before string
			if tt.shared != "" {
				child, _ = v.Obj().Get(tt.shared)
				value.MarkShared(child)
				before = string(value.AppendJSON(nil, child))
			}
			got := CompactOwned(v)
			if s := string(value.AppendJSON(nil, got)); s != tt.want {
				t.Errorf("CompactOwned(%s) = %s, want %s", tt.in, s, tt.want)
			}
			if s := string(value.AppendJSON(nil, v)); s != tt.want {
				t.Errorf("the owned argument is %s after CompactOwned, want %s", s, tt.want)
			}
			if tt.shared != "" {
				if after := string(value.AppendJSON(nil, child)); after != before {
					t.Errorf("shared %s changed: %s, was %s", tt.shared, after, before)
				}
				kept, ok := got.Obj().Get(tt.shared)
				if ok && string(value.AppendJSON(nil, kept)) == before && !sameContainer(kept, child) {
					t.Error("an unchanged shared child was copied")
				}
			}
		})
	}
	// A shared argument is compact's business: left as it was.
	v := tJSON(`{"a":null,"b":1}`)
	value.MarkShared(v)
	if s := string(value.AppendJSON(nil, CompactOwned(v))); s != `{"b":1}` {
		t.Errorf("CompactOwned of a shared object = %s", s)
	}
	if s := string(value.AppendJSON(nil, v)); s != `{"a":null,"b":1}` {
		t.Errorf("CompactOwned changed a shared argument: %s", s)
	}
	// The finish step's case: an owned CloudTrail event loses its null
	// error object without an allocation.
	if n := testing.AllocsPerRun(100, func() { CompactOwned(deepCopy(tJSON(ctEvent))) }) -
		testing.AllocsPerRun(100, func() { deepCopy(tJSON(ctEvent)) }); n != 0 {
		t.Errorf("CompactOwned of an owned event: %v allocations, want 0", n)
	}
}

// sameContainer reports whether a and b are the same array or object.
func sameContainer(a, b value.Value) bool {
	return a.Type() == b.Type() && a.Obj() == b.Obj() && a.Arr() == b.Arr()
}

// TestCompactSharedQuick pins the fast path for shared containers: kept
// when every item is a scalar that stays, dropped when every item is
// removed outright, and anything else left to container.
func TestCompactSharedQuick(t *testing.T) {
	tests := []struct {
		in            string
		drop, settled bool
	}{
		{`["info"]`, false, true},
		{`["a",1,2.5,true]`, false, true},
		{`{"a":"x","b":0}`, false, true},
		{`[]`, true, true},
		{`{}`, true, true},
		{`[""]`, true, true},
		{`{"hash":[],"ip":[],"user":[]}`, true, true},
		{`[null,"",{},[]]`, true, true},
		{`["x",null]`, false, false},
		{`{"a":"x","b":""}`, false, false},
		{`[["x"]]`, false, false},
		{`{"a":{"b":null}}`, false, false},
		{`"x"`, false, false},
	}
	for _, tt := range tests {
		v := tJSON(tt.in)
		value.MarkShared(v)
		if drop, settled := compactSharedQuick(&v); drop != tt.drop || settled != tt.settled {
			t.Errorf("compactSharedQuick(%s) = %v, %v, want %v, %v", tt.in, drop, settled, tt.drop, tt.settled)
		}
	}
}
