package value

import (
	"testing"
)

func obj(known map[string]Kind) Kind { return KindObjectOf(known, nil) }
func arr(items ...Kind) Kind {
	known := map[string]Kind{}
	for i, k := range items {
		known[idxKey(i)] = k
	}
	return KindArrayOf(known, nil)
}
func bits(b KindBits) Kind { return Kind{Bits: b} }

func TestKindDisplay(t *testing.T) {
	tests := []struct {
		k    Kind
		want string
	}{
		{KindTop(), "any"},
		{KindNever, "any"}, // upstream: never contains every kind
		{KindBytes, "string"},
		{bits(BitBytes | BitInteger), "string or integer"},
		{bits(BitBytes | BitInteger | BitNull), "string, integer or null"},
		{KindAnyDefined(), "string, integer, float, boolean, timestamp, regex, null, array or object"},
		{KindJSON().OrUndefined(), "string, integer, float, boolean, null, undefined, array or object"},
		{obj(map[string]Kind{"a": KindInteger}), "{ a: integer }"},
		{obj(map[string]Kind{"b": KindInteger, "a-b": KindBytes}), `{ "a-b": string, b: integer }`},
		{obj(nil), "object"},
		{KindObjectOf(map[string]Kind{"a": KindInteger}, KindBytes.Ptr()), "object"},
		{arr(KindInteger, KindBytes), "[integer, string]"},
		{arr(), "array"},
		{obj(map[string]Kind{"a": KindInteger}).OrNull(), "null or object"},
		{bits(BitInteger | BitBoolean), "integer or boolean"},
	}
	for _, tt := range tests {
		if got := tt.k.Display(); got != tt.want {
			t.Errorf("Display(%+v) = %q, want %q", tt.k, got, tt.want)
		}
	}
}

func debugJSON(k Kind) string { return string(AppendJSON(nil, ObjectValue(k.DebugValue()))) }

func TestKindDebugValue(t *testing.T) {
	tests := []struct {
		k    Kind
		want string
	}{
		{KindInteger, `{"integer":true}`},
		{KindNever, `{"never":true}`},
		{KindTop(), `{"any":true}`},
		{bits(BitBytes | BitNull), `{"bytes":true,"null":true}`},
		{obj(map[string]Kind{"foo": KindBoolean.OrUndefined()}), `{"object":{"foo":{"boolean":true,"undefined":true}}}`},
		{KindObjectAnyTop(), `{"object":{},"object_unknown_infinite":{"any":true}}`},
		{KindArrayOf(nil, KindBytes.Ptr()), `{"array":{},"array_unknown_infinite":{"bytes":true,"undefined":true}}`},
		{arr(KindInteger, KindBytes), `{"array":{"0":{"integer":true},"1":{"bytes":true}}}`},
	}
	for _, tt := range tests {
		if got := debugJSON(tt.k); got != tt.want {
			t.Errorf("DebugValue(%s) = %s, want %s", tt.k.Display(), got, tt.want)
		}
	}
}

// KindObjectAnyTop is `Kind::object(Collection::any())`.
func KindObjectAnyTop() Kind { return Kind{Bits: BitObject} }

func TestKindUnion(t *testing.T) {
	tests := []struct {
		a, b Kind
		want string // debug JSON
	}{
		{KindInteger, KindBytes, `{"bytes":true,"integer":true}`},
		// A field present on one side only becomes possibly undefined.
		{obj(nil), obj(map[string]Kind{"foo": KindBoolean}), `{"object":{"foo":{"boolean":true,"undefined":true}}}`},
		{obj(map[string]Kind{"a": KindInteger}), obj(map[string]Kind{"a": KindBytes}), `{"object":{"a":{"bytes":true,"integer":true}}}`},
		{arr(KindInteger), arr(KindBytes, KindNull), `{"array":{"0":{"bytes":true,"integer":true},"1":{"null":true,"undefined":true}}}`},
		{KindNull, obj(nil), `{"null":true,"object":{}}`},
	}
	for _, tt := range tests {
		if got := debugJSON(tt.a.Union(tt.b)); got != tt.want {
			t.Errorf("%s ∪ %s = %s, want %s", tt.a.Display(), tt.b.Display(), got, tt.want)
		}
	}
}

func TestKindMergeOverwrite(t *testing.T) {
	a := obj(map[string]Kind{"a": KindInteger, "b": KindBytes})
	b := obj(map[string]Kind{"a": KindBoolean, "c": KindNull})
	got := debugJSON(a.MergeKeep(b, true))
	want := `{"object":{"a":{"boolean":true},"b":{"bytes":true},"c":{"null":true}}}`
	if got != want {
		t.Errorf("merge overwrite = %s, want %s", got, want)
	}
}

func TestKindInsertGet(t *testing.T) {
	p := func(segs ...KindSegment) []KindSegment { return segs }
	tests := []struct {
		name string
		base Kind
		path []KindSegment
		ins  Kind
		want string
	}{
		{"field into exact object", obj(nil), p(FieldSeg("a")), KindInteger, `{"object":{"a":{"integer":true}}}`},
		{"nested creates objects", obj(nil), p(FieldSeg("a"), FieldSeg("b")), KindBytes, `{"object":{"a":{"object":{"b":{"bytes":true}}}}}`},
		{"root replaces", obj(nil), nil, KindInteger, `{"integer":true}`},
		{"undefined becomes null", obj(nil), p(FieldSeg("a")), KindUndefined, `{"object":{"a":{"null":true}}}`},
		{"index with holes", KindArrayOf(nil, nil), p(IndexSeg(2)), KindInteger, `{"array":{"0":{"null":true},"1":{"null":true},"2":{"integer":true}}}`},
		{"negative index on exact array", arr(KindBytes, KindBytes), p(IndexSeg(-1)), KindInteger, `{"array":{"0":{"bytes":true},"1":{"integer":true}}}`},
		{"negative index past start", arr(), p(IndexSeg(-2)), KindInteger, `{"array":{"0":{"integer":true},"1":{"null":true}}}`},
		{"field on scalar replaces it", KindBytes, p(FieldSeg("x")), KindBoolean, `{"object":{"x":{"boolean":true}}}`},
	}
	for _, tt := range tests {
		got := tt.base.Insert(tt.path, tt.ins)
		if g := debugJSON(got); g != tt.want {
			t.Errorf("%s: insert = %s, want %s", tt.name, g, tt.want)
		}
		if tt.ins.Bits != BitUndefined {
			if back := got.Get(tt.path); !back.Equal(tt.ins) {
				t.Errorf("%s: get after insert = %s, want %s", tt.name, back.Display(), tt.ins.Display())
			}
		}
	}
}

func TestKindAtPath(t *testing.T) {
	event := KindObjectAnyTop()
	if got := event.AtPath([]KindSegment{FieldSeg("foo")}); !got.IsAny() {
		t.Errorf("field of object any = %s, want any", got.Display())
	}
	if got := event.Get([]KindSegment{FieldSeg("foo")}); got.Contains(BitUndefined) || !got.Contains(BitNull) {
		t.Errorf("Get must upgrade undefined to null, got %s", got.Display())
	}
	s := KindBytes
	if got := s.AtPath([]KindSegment{FieldSeg("a")}); got.Bits != BitUndefined {
		t.Errorf("field of string = %s, want undefined", got.Display())
	}
	// A field of a non-exact kind may be undefined.
	mixed := obj(map[string]Kind{"a": KindInteger}).OrNull()
	if got := mixed.AtPath([]KindSegment{FieldSeg("a")}); got.Bits != BitInteger|BitUndefined {
		t.Errorf("field of object-or-null = %s, want integer or undefined", got.Display())
	}
	a := arr(KindInteger, KindBytes)
	if got := a.AtPath([]KindSegment{IndexSeg(-1)}); got.Bits != BitBytes {
		t.Errorf("[-1] of [integer, string] = %s", got.Display())
	}
	if got := a.AtPath([]KindSegment{IndexSeg(-3)}); got.Bits != BitUndefined {
		t.Errorf("[-3] of a 2-array = %s", got.Display())
	}
}

func TestKindRemove(t *testing.T) {
	tests := []struct {
		name    string
		base    Kind
		path    []KindSegment
		compact bool
		want    string
		removed string
	}{
		{"field", obj(map[string]Kind{"a": KindInteger, "b": KindBytes}), []KindSegment{FieldSeg("a")}, false,
			`{"object":{"b":{"bytes":true}}}`, `{"integer":true}`},
		{"missing field", obj(map[string]Kind{"b": KindBytes}), []KindSegment{FieldSeg("a")}, false,
			`{"object":{"b":{"bytes":true}}}`, `{"null":true}`},
		{"nested compact", obj(map[string]Kind{"a": obj(map[string]Kind{"b": KindInteger})}), []KindSegment{FieldSeg("a"), FieldSeg("b")}, true,
			`{"object":{}}`, `{"integer":true}`},
		{"nested no compact", obj(map[string]Kind{"a": obj(map[string]Kind{"b": KindInteger})}), []KindSegment{FieldSeg("a"), FieldSeg("b")}, false,
			`{"object":{"a":{"object":{}}}}`, `{"integer":true}`},
		{"array element shifts", arr(KindInteger, KindBytes, KindBoolean), []KindSegment{IndexSeg(0)}, false,
			`{"array":{"0":{"bytes":true},"1":{"boolean":true}}}`, `{"integer":true}`},
		{"root", obj(map[string]Kind{"a": KindInteger}), nil, false, `{"object":{}}`, `{"object":{"a":{"integer":true}}}`},
	}
	for _, tt := range tests {
		after, removed := tt.base.Remove(tt.path, tt.compact)
		if g := debugJSON(after); g != tt.want {
			t.Errorf("%s: after = %s, want %s", tt.name, g, tt.want)
		}
		if g := debugJSON(removed); g != tt.removed {
			t.Errorf("%s: removed = %s, want %s", tt.name, g, tt.removed)
		}
	}
}

func TestKindSupersetEqual(t *testing.T) {
	tests := []struct {
		a, b     Kind
		superset bool
	}{
		{KindBytes, KindBytes, true},
		{bits(BitBytes | BitNull), KindBytes, true},
		{KindBytes, bits(BitBytes | BitUndefined), false},
		{KindTop(), obj(map[string]Kind{"a": KindInteger}), true},
		{obj(map[string]Kind{"a": KindInteger}), obj(map[string]Kind{"a": KindBytes}), false},
		{KindObjectAnyTop(), obj(map[string]Kind{"a": KindInteger}), true},
		{obj(nil), KindObjectAnyTop(), false},
		{KindJSON(), KindTimestamp, false},
	}
	for _, tt := range tests {
		if got := tt.a.IsSuperset(tt.b); got != tt.superset {
			t.Errorf("%s ⊇ %s = %v, want %v", tt.a.Display(), tt.b.Display(), got, tt.superset)
		}
	}
	// Canonical equality ignores known fields equal to the unknown kind.
	a := KindObjectOf(map[string]Kind{"x": KindBytes.OrUndefined()}, KindBytes.Ptr())
	b := KindObjectOf(nil, KindBytes.Ptr())
	if !a.Equal(b) {
		t.Errorf("canonical forms should be equal")
	}
	if KindObjectAnyTop().Equal(obj(nil)) {
		t.Errorf("object of any must differ from the empty object")
	}
}

func TestKindOf(t *testing.T) {
	v, err := FromJSON([]byte(`{"a":[1,"x"],"b":null}`))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"object":{"a":{"array":{"0":{"integer":true},"1":{"bytes":true}}},"b":{"null":true}}}`
	if got := debugJSON(KindOf(v)); got != want {
		t.Errorf("KindOf = %s, want %s", got, want)
	}
}

func TestKindNoAliasing(t *testing.T) {
	base := obj(map[string]Kind{"a": KindInteger})
	_ = base.Insert([]KindSegment{FieldSeg("b")}, KindBytes)
	_, _ = base.Remove([]KindSegment{FieldSeg("a")}, true)
	_ = base.Union(obj(map[string]Kind{"c": KindNull}))
	if got := debugJSON(base); got != `{"object":{"a":{"integer":true}}}` {
		t.Errorf("operations modified their receiver: %s", got)
	}
}
