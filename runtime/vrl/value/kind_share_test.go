package value

import (
	"fmt"
	"sort"
	"strings"
	"testing"
)

// dumpKind renders every detail of a kind's representation, including
// what DebugValue hides (nil versus explicit collections, the undefined
// bit of unknowns), so that tests can tell representations apart.
func dumpKind(k Kind) string {
	var b strings.Builder
	var kind func(Kind)
	var coll func(*Collection)
	kind = func(k Kind) {
		fmt.Fprintf(&b, "%d", k.Bits)
		if k.Array != nil {
			b.WriteString("A")
			coll(k.Array)
		}
		if k.Object != nil {
			b.WriteString("O")
			coll(k.Object)
		}
	}
	coll = func(c *Collection) {
		b.WriteString("{")
		keys := make([]string, 0, len(c.Known))
		for key := range c.Known {
			keys = append(keys, key)
		}
		sort.Strings(keys)
		for _, key := range keys {
			fmt.Fprintf(&b, "%q:", key)
			kind(c.Known[key])
			b.WriteString(",")
		}
		if c.Unknown != nil {
			b.WriteString("?")
			kind(*c.Unknown)
		}
		b.WriteString("}")
	}
	kind(k)
	return b.String()
}

// deepCopy copies every collection of k, so that no pointer is shared.
func deepCopy(k Kind) Kind {
	if k.Array != nil {
		k.Array = deepCopyColl(k.Array)
	}
	if k.Object != nil {
		k.Object = deepCopyColl(k.Object)
	}
	return k
}

func deepCopyColl(c *Collection) *Collection {
	out := &Collection{}
	if c.Known != nil {
		out.Known = make(map[string]Kind, len(c.Known))
		for key, v := range c.Known {
			out.Known[key] = deepCopy(v)
		}
	}
	if c.Unknown != nil {
		u := deepCopy(*c.Unknown)
		out.Unknown = &u
	}
	return out
}

// shareKinds are kinds exercising the corners of the representation:
// unknowns with and without undefined, implicit collections, exact and
// open collections, nesting.
func shareKinds() []Kind {
	nested := KindObjectOf(map[string]Kind{
		"a": KindInteger,
		"b": KindObjectOf(map[string]Kind{"c": KindBytes.OrNull()}, KindTop().Ptr()),
		"d": arr(KindBytes, Kind{Bits: BitObject}),
		"e": KindJSON(),
	}, nil)
	return []Kind{
		KindNever,
		KindInteger,
		KindTop(),
		KindJSON(),
		Kind{Bits: BitObject | BitArray | BitNull},
		KindObjectOf(nil, KindTop().Ptr()),
		KindObjectOf(nil, KindJSON().OrUndefined().Ptr()),
		KindArrayOf(nil, KindBytes.OrUndefined().Ptr()),
		KindObjectOf(map[string]Kind{"x": KindUndefined}, &Kind{Bits: BitUndefined}),
		nested,
		nested.OrNull(),
		KindObjectOf(map[string]Kind{"n": nested, "m": KindObjectAnyTop()}, KindObjectAnyTop().Ptr()),
	}
}

// TestKindSelfUnionCached checks that the cached self-merge of a
// collection (taken when both sides share it) gives exactly what a full
// merge of two separate copies gives, and is stable when repeated.
func TestKindSelfUnionCached(t *testing.T) {
	for _, k := range shareKinds() {
		want := dumpKind(k.Union(deepCopy(k)))
		once := k.Union(k)
		if got := dumpKind(once); got != want {
			t.Errorf("%s: self union = %s, full merge = %s", dumpKind(k), got, want)
		}
		if got := dumpKind(once.Union(once)); got != want {
			t.Errorf("%s: union of the self union = %s, want %s", dumpKind(k), got, want)
		}
		// Implicit collections (nil pointers) are materialised afresh.
		explicit := (k.Bits&BitObject == 0 || k.Object != nil) && (k.Bits&BitArray == 0 || k.Array != nil)
		if again := k.Union(k); explicit && (again.Object != once.Object || again.Array != once.Array) {
			t.Errorf("%s: second self union was not taken from the cache", dumpKind(k))
		}
	}
}

// TestKindSharedNotMutated runs every operation that builds collections
// on kinds whose collections are shared with a copy, and checks that none
// of them changed: Kinds share collections instead of copying them.
func TestKindSharedNotMutated(t *testing.T) {
	paths := [][]KindSegment{
		{FieldSeg("a")},
		{FieldSeg("b"), FieldSeg("c")},
		{FieldSeg("d"), IndexSeg(1), FieldSeg("z")},
		{FieldSeg("d"), IndexSeg(-1)},
		{FieldSeg("n"), FieldSeg("b"), FieldSeg("q")},
		{IndexSeg(-2)},
		{IndexSeg(3)},
	}
	kinds := shareKinds()
	for _, k := range kinds {
		before := dumpKind(k)
		for _, p := range paths {
			_ = k.Insert(p, KindFloat)
			_ = k.SetAtPath(p, KindUndefined.OrNull())
			_, _ = k.Remove(p, true)
			_, _ = k.Remove(p, false)
			_ = k.Get(p)
		}
		for _, o := range kinds {
			_ = k.Union(o)
			_ = k.MergeKeep(o, true)
			_ = k.IsSuperset(o)
			_ = k.Equal(o)
		}
		_ = k.Canonicalize()
		_ = k.DebugValue()
		if c := k.ObjectShape(); c != nil {
			_ = c.Anonymize()
			_ = c.ReducedKind()
		}
		if after := dumpKind(k); after != before {
			t.Errorf("operations changed a shared kind:\nbefore %s\nafter  %s", before, after)
		}
	}
}
