package value

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestObjectInsertInAnyOrder builds objects field by field in shuffled
// key orders through Find/InsertAt (as a path assignment does), SlotGrow
// and Set, from every NewObjectCap size (so through both of InsertAt's
// and Set's ways of moving fields along), and checks them against the
// sorted expectation.
func TestObjectInsertInAnyOrder(t *testing.T) {
	keys := []string{"", "a", "aws", "b", "cloud", "error", "event", "event.x", "user", "user_agent", "ts", "tls", "é", "z"}
	want := slices.Clone(keys)
	slices.Sort(want)
	r := rand.New(rand.NewPCG(1, 2))
	for _, size := range []int{0, 1, 2, 3, 4, 5, 8, 9, 16, 17, 32, 33} {
		for _, hint := range []int{0, 1, len(keys)} {
			for round := range 20 {
				order := slices.Clone(keys)
				r.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
				a, b, c := NewObjectCap(size), NewObjectCap(size), NewObjectCap(size)
				for n, k := range order {
					i, ok := a.Find(k)
					if ok {
						t.Fatalf("size %d round %d: %q found before insertion", size, round, k)
					}
					*a.InsertAt(i, k, hint) = Integer(int64(n))
					*b.SlotGrow(k, hint) = Integer(int64(n))
					c.Set(k, Integer(int64(n)))
					// A second insertion of the same key finds it.
					if *b.SlotGrow(k, hint) != Integer(int64(n)) {
						t.Fatalf("size %d: SlotGrow(%q) did not find the field", size, k)
					}
				}
				for _, o := range []*Object{a, b, c} {
					got := o.Keys()
					if !slices.Equal(got, want) {
						t.Fatalf("size %d hint %d order %q: keys %q", size, hint, order, got)
					}
					for n, k := range order {
						if v, ok := o.Get(k); !ok || v != Integer(int64(n)) {
							t.Fatalf("size %d: %q = %v, %v", size, k, v, ok)
						}
						i, ok := o.Find(k)
						if !ok || *o.ValueAt(i) != Integer(int64(n)) {
							t.Fatalf("size %d: Find(%q) = %d, %v", size, k, i, ok)
						}
					}
				}
			}
		}
	}
}

func TestFindInsertionPoint(t *testing.T) {
	o := NewObjectCap(4)
	for _, k := range []string{"b", "d", "f"} {
		o.Set(k, Null)
	}
	for _, tc := range []struct {
		key string
		i   int
		ok  bool
	}{{"a", 0, false}, {"b", 0, true}, {"c", 1, false}, {"d", 1, true}, {"e", 2, false}, {"f", 2, true}, {"g", 3, false}, {"", 0, false}} {
		if i, ok := o.Find(tc.key); i != tc.i || ok != tc.ok {
			t.Errorf("Find(%q) = %d, %v; want %d, %v", tc.key, i, ok, tc.i, tc.ok)
		}
	}
}

// TestFindFromAnyHint checks FindFrom against Find for every hint (in
// range, one past the end, out of range, negative) and every key
// (present, missing before, between and after the keys, the empty key,
// keys that share a first byte), on objects of every size up to one
// larger than two probe walks: the hint may only change the cost.
func TestFindFromAnyHint(t *testing.T) {
	keys := []string{"", "a", "ab", "abc", "b", "ba", "c", "d", "e", "eventName", "eventSource", "f", "g", "h", "z"}
	probes := append([]string{"0", "aa", "abd", "bb", "eventID", "eventTime", "eventVersion", "i", "zz", "\xff"}, keys...)
	for n := 0; n <= len(keys); n++ {
		// Objects made of every other key, then of the first n keys.
		for _, stride := range []int{1, 2} {
			o := NewObject(n)
			for i := 0; i < n && i*stride < len(keys); i++ {
				o.Set(keys[i*stride], Integer(int64(i)))
			}
			hints := []int{-1 << 30, 1 << 30}
			for hint := -5; hint <= o.Len()+2; hint++ {
				hints = append(hints, hint)
			}
			for _, hint := range hints {
				for _, k := range probes {
					wantJ, wantOK := o.Find(k)
					if gotJ, gotOK := o.FindFrom(k, hint); gotJ != wantJ || gotOK != wantOK {
						t.Errorf("keys %q, FindFrom(%q, hint %d) = %d, %v; Find gives %d, %v", o.Keys(), k, hint, gotJ, gotOK, wantJ, wantOK)
					}
				}
			}
		}
	}
}

func TestKeyLess(t *testing.T) {
	keys := []string{"", "a", "A", "ab", "abc", "abd", "b", "ba", "event", "eventID", "eventName", "\xff", "é", "e\x00"}
	for _, a := range keys {
		for _, b := range keys {
			if got, want := keyLess(a, b), a < b; got != want {
				t.Errorf("keyLess(%q, %q) = %v, want %v", a, b, got, want)
			}
		}
	}
}

// TestSizedAllocations pins the allocation counts the interpreter relies
// on: sized objects, clones and short arrays are one allocation each.
func TestSizedAllocations(t *testing.T) {
	for _, n := range []int{1, 2, 3, 4, 5, 8, 16, 32} {
		keys := make([]string, n)
		for i := range keys {
			keys[i] = fmt.Sprintf("k%02d", i)
		}
		// Filling an object to its size does not grow it.
		if got := testing.AllocsPerRun(100, func() {
			o := NewObjectCap(n)
			for i := len(keys) - 1; i >= 0; i-- {
				*o.SlotGrow(keys[i], n) = Null
			}
		}); got != 1 {
			t.Errorf("NewObjectCap(%d) filled: %v allocations, want 1", n, got)
		}
	}
	for _, n := range []int{1, 2, 3, 4} {
		if got := testing.AllocsPerRun(100, func() { _ = NewArrayLen(n) }); got != 1 {
			t.Errorf("NewArrayLen(%d): %v allocations, want 1", n, got)
		}
	}
	o := NewObjectCap(3)
	o.Set("a", Integer(1))
	o.Set("b", Integer(2))
	if got := testing.AllocsPerRun(100, func() { _ = o.CloneCap(10) }); got != 1 {
		t.Errorf("CloneCap: %v allocations, want 1", got)
	}
}

func TestCloneCapIsIndependent(t *testing.T) {
	o := NewObjectCap(2)
	o.Set("a", Integer(1))
	o.Set("c", Integer(3))
	MarkShared(ObjectValue(o))
	for _, extra := range []int{0, 1, 5, 40} {
		c := o.CloneCap(extra)
		if c.Shared() {
			t.Fatal("a clone must start unshared")
		}
		*c.SlotGrow("b", 0) = Integer(2)
		c.Set("a", Integer(9))
		if got := string(AppendJSON(nil, ObjectValue(o))); got != `{"a":1,"c":3}` {
			t.Errorf("extra %d: original changed: %s", extra, got)
		}
		if got := string(AppendJSON(nil, ObjectValue(c))); got != `{"a":9,"b":2,"c":3}` {
			t.Errorf("extra %d: clone %s", extra, got)
		}
	}
}

func TestNewArrayLen(t *testing.T) {
	for n := range 7 {
		a := NewArrayLen(n)
		if a.Len() != n || a.Shared() {
			t.Fatalf("NewArrayLen(%d): len %d shared %v", n, a.Len(), a.Shared())
		}
		for _, v := range a.Items {
			if !v.IsNull() {
				t.Fatalf("NewArrayLen(%d): item %v", n, v)
			}
		}
		// Appending past the preallocated room must not disturb the
		// items already there.
		for i := range a.Items {
			a.Items[i] = Integer(int64(i))
		}
		a.Items = append(a.Items, Integer(int64(n)))
		for i, v := range a.Items {
			if v != Integer(int64(i)) {
				t.Fatalf("NewArrayLen(%d) after append: item %d = %v", n, i, v)
			}
		}
	}
}

// TestJSONStringEscapes covers appendJSONString's run copying: escapes at
// the start, middle and end of a string, next to multi-byte characters,
// and invalid UTF-8 (replaced by U+FFFD first).
func TestJSONStringEscapes(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", `""`},
		{"plain", `"plain"`},
		{`"`, `"\""`},
		{`a"b\c`, `"a\"b\\c"`},
		{"\n\r\t\b\f", `"\n\r\t\b\f"`},
		{"\x00x\x1f", `"\u0000x\u001f"`},
		{"\x7f", "\"\x7f\""},
		{"é\"ü\n", "\"é\\\"ü\\n\""},
		{"日本\\", `"日本\\"`},
		{"a\xffb", "\"a\uFFFDb\""},
		{strings.Repeat("x", 100) + "\"", `"` + strings.Repeat("x", 100) + `\""`},
	} {
		if got := string(appendJSONString([]byte("<"), tc.in)); got != "<"+tc.want {
			t.Errorf("%q: got %s, want %s", tc.in, got, tc.want)
		}
	}
}
