package cast

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/matano-go/matano/compiler/schema"
	"github.com/matano-go/matano/runtime/vrl/value"
)

// TestChild checks the event-driven field search (child) against a plain
// scan: every key, from every start position a walk can be at.
func TestChild(t *testing.T) {
	var by []*node
	for _, n := range []string{"a", "c", "d", "f", "h", "i", "k", "m", "n", "p", "r", "z"} {
		by = append(by, &node{name: n})
	}
	for k := 0; k <= len(by); k++ {
		for c := 'a'; c <= 'z'+1; c++ {
			key := string(c)
			var want *node
			wantK := len(by)
			for i := k; i < len(by); i++ {
				if by[i].name >= key {
					wantK = i
					if by[i].name == key {
						want, wantK = by[i], i+1
					}
					break
				}
			}
			got, gotK := child(by, k, key)
			if got != want || gotK != wantK {
				t.Errorf("child(k=%d, %q) = %v, %d; want %v, %d", k, key, got, gotK, want, wantK)
			}
		}
	}
}

// TestNodeIs checks the key match by remembered data pointer: a key
// with the same pointer and length is the name; the same pointer with
// another length, or other bytes of the same length, are not, before
// and after the pointer is remembered.
func TestNodeIs(t *testing.T) {
	backing := "abcd"
	f := &node{name: "abc"}
	cases := []struct {
		key  string
		want bool
	}{
		{"abx", false},          // same length, other bytes: nothing remembered
		{backing[:3], true},     // remembers backing's data
		{backing[:3], true},     // by pointer
		{backing[:2], false},    // same pointer, shorter
		{backing, false},        // same pointer, longer
		{"ab" + "x"[:1], false}, // same length, other bytes, pointer remembered
		{strings.Clone("abc"), true},
		{"", false},
	}
	for i, tc := range cases {
		if got := f.is(tc.key); got != tc.want {
			t.Errorf("%d: is(%q) = %v, want %v", i, tc.key, got, tc.want)
		}
	}
	if f.key != unsafe.Pointer(unsafe.StringData(cases[6].key)) {
		t.Errorf("the last match's data is not remembered")
	}
}

// TestMissing checks the search for the first absent required field.
func TestMissing(t *testing.T) {
	req := []*node{{name: "b"}, {name: "d"}, {name: "f"}}
	entries := func(keys ...string) []value.Entry {
		var es []value.Entry
		for _, k := range keys {
			es = append(es, value.Entry{Key: k})
		}
		return es
	}
	cases := []struct {
		keys    []string
		limit   string
		limited bool
		want    string
	}{
		{[]string{"b", "d", "f"}, "", false, ""},
		{[]string{"a", "b", "c", "d", "e", "f", "g"}, "", false, ""},
		{nil, "", false, "b"},
		{[]string{"b", "f"}, "", false, "d"},
		{[]string{"b", "d"}, "", false, "f"},
		{[]string{"b"}, "d", true, ""},
		{[]string{"b"}, "e", true, "d"},
		{[]string{"a"}, "b", true, ""},
		{[]string{"a"}, "ba", true, "b"},
		{nil, "", true, ""}, // nothing sorts before ""
	}
	for _, tc := range cases {
		got := ""
		if r := missing(req, entries(tc.keys...), tc.limit, tc.limited); r != nil {
			got = r.name
		}
		if got != tc.want {
			t.Errorf("missing(%v, %q, %v) = %q, want %q", tc.keys, tc.limit, tc.limited, got, tc.want)
		}
	}
}

// TestRequiredErrorOrder checks that, with required fields checked in step
// with the event's entries, the error reported is the first failing field
// in name order, as a walk over every field would find it.
func TestRequiredErrorOrder(t *testing.T) {
	f := func(id int, name, kind string, req bool) *schema.Field {
		return &schema.Field{ID: id, Name: name, Type: prim(kind), Required: req}
	}
	s := &schema.Schema{Columns: []*schema.Field{
		f(1, "ts", "timestamp", true),
		f(2, "b", "long", true),
		f(3, "d", "long", false),
		f(4, "f", "string", true),
		{ID: 5, Name: "s", Type: &schema.Type{Kind: "struct", Fields: []*schema.Field{
			f(6, "x", "long", true), f(7, "y", "long", false),
		}}},
	}}
	c := casterFor(t, s)
	cases := []struct{ event, want string }{
		{`{"b":1,"f":"x"}`, ``},
		{`{"f":"x"}`, `b: required long is missing`},
		{`{"a":"dropped","f":"x"}`, `b: required long is missing`},
		{`{"b":null,"d":"no","f":"x"}`, `b: required long is missing`},
		{`{"b":1,"d":"no"}`, `d: expected long, got string "no"`},
		{`{"b":1,"c":0}`, `f: required string is missing`},
		{`{"b":1,"g":0}`, `f: required string is missing`},
		{`{"b":1,"f":"x","s":{}}`, `s.x: required long is missing`},
		{`{"b":1,"f":"x","s":{"y":"no"}}`, `s.x: required long is missing`},
		{`{"b":1,"f":"x","s":{"x":1,"y":"no"}}`, `s.y: expected long, got string "no"`},
		{`{"b":1,"f":"x","s":{"w":1,"x":1}}`, ``},
		// A required field missing before a failing one is reported
		// instead of it, found only once there is an error.
		{`{"d":"no","f":"x"}`, `b: required long is missing`},
		{`{"b":1,"s":{"x":"no"}}`, `f: required string is missing`},
		{`{"b":1,"f":"x","s":{"x":null}}`, `s.x: required long is missing`},
		{`{"b":1,"f":2}`, `f: expected string, got integer 2`},
		{`{"a":1,"c":2,"e":3,"g":4}`, `b: required long is missing`},
		{`{"b":1,"f":"x"}`, ``},
	}
	for _, tc := range cases {
		err := c.Append(event(t, tc.event))
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tc.want {
			t.Errorf("%s: error %q, want %q", tc.event, got, tc.want)
		}
	}
}

// TestLazyAcrossRecords checks the deferred nulls when rows are rejected
// between appended ones and when a caster builds several records: every
// column of every record has one slot per appended row, values on their
// rows, and drops counted for appended rows only.
func TestLazyAcrossRecords(t *testing.T) {
	c, err := New(testSchema(t))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Release()
	batches := [][]string{
		{`{"source":{"port":1},"zz":1}`, `{"source":{"port":"bad"},"zz":1}`, `{}`, `{"message":"m","source":{"ip":"x"}}`},
		{`{}`, `{"source":{"small":3000000000}}`, `{"source":{"port":2}}`},
		{`{"message":"only"}`},
	}
	for bi, rows := range batches {
		var want []string
		for _, r := range rows {
			if c.Append(event(t, r)) == nil {
				want = append(want, r)
			}
		}
		rec := c.NewRecord()
		for i, col := range rec.Columns() {
			if col.Len() != len(want) {
				t.Errorf("batch %d: column %s has %d slots, want %d", bi, rec.Schema().Field(i).Name, col.Len(), len(want))
			}
		}
		src := rec.Column(rec.Schema().FieldIndices("source")[0]).(*array.Struct)
		msg := rec.Column(rec.Schema().FieldIndices("message")[0]).(*array.String)
		for i, r := range want {
			ev := event(t, r).Obj()
			s, hasSrc := ev.Get("source")
			if src.IsValid(i) != hasSrc {
				t.Errorf("batch %d row %d: source valid %v", bi, i, src.IsValid(i))
			}
			port := src.Field(1).(*array.Int64)
			if hasSrc {
				p, ok := s.Obj().Get("port")
				if ok != port.IsValid(i) || ok && port.Value(i) != p.Int() {
					t.Errorf("batch %d row %d: port %v", bi, i, port.GetOneForMarshal(i))
				}
			}
			m, ok := ev.Get("message")
			if ok != msg.IsValid(i) || ok && msg.Value(i) != m.Str() {
				t.Errorf("batch %d row %d: message %v", bi, i, msg.GetOneForMarshal(i))
			}
		}
		rec.Release()
	}
	if d := fmt.Sprint(c.Dropped()); d != "map[zz:1]" {
		t.Errorf("dropped %s, want map[zz:1]", d)
	}
}

// TestValidString checks the ASCII fast path against utf8.ValidString:
// valid and invalid sequences (multi-byte, cut short, overlong,
// surrogates, stray bytes) at every offset of strings from 0 to 40
// bytes, so they fall in the words, straddle word ends and sit in the
// tail.
func TestValidString(t *testing.T) {
	seqs := []string{"", "é", "€", "😀", "\xff", "\xe2\x82", "\xc0\xaf", "\xed\xa0\x80", "\x80", "\xf0\x9f\x98"}
	for n := 0; n <= 40; n++ {
		for at := 0; at <= n; at++ {
			for _, q := range seqs {
				s := strings.Repeat("a", at) + q + strings.Repeat("b", n-at)
				if got, want := validString(s), utf8.ValidString(s); got != want {
					t.Errorf("validString(%q) = %v, want %v", s, got, want)
				}
			}
		}
	}
}

// TestBefore checks the first-byte comparison against Go's.
func TestBefore(t *testing.T) {
	words := []string{"", "a", "ab", "b", "B", "ba", "user", "user_agent", "\xff", "é"}
	for _, a := range words {
		for _, b := range words {
			if got := before(a, b); got != (a < b) {
				t.Errorf("before(%q, %q) = %v", a, b, got)
			}
		}
	}
}

// TestWideStruct checks the hashed field lookup of a wide struct (see
// wideStruct) against the slot-by-slot reference: events setting every
// field, a few scattered ones, none, with keys the struct does not have
// before, between and after its fields, and the required fields'
// errors, which must come in name order as in a narrow struct.
func TestWideStruct(t *testing.T) {
	var fields []*schema.Field
	for i := 0; i < 3*wideStruct; i++ {
		fields = append(fields, &schema.Field{ID: i + 2, Name: fmt.Sprintf("f%02d", i), Type: prim("long"),
			Required: i == 5 || i == 13})
	}
	s := &schema.Schema{Columns: []*schema.Field{
		{ID: 1, Name: "ts", Type: prim("timestamp"), Required: true},
		{ID: 100, Name: "w", Type: &schema.Type{Kind: "struct", Fields: fields}},
	}}
	c := casterFor(t, s)
	if w := c.root.byName[1]; w.name != "w" || w.index == nil {
		t.Fatal("w is not hashed")
	}
	all := `"f00":0,"f01":1,"f02":2,"f03":3,"f04":4,"f05":5,"f06":6,"f07":7,"f08":8,"f09":9,"f10":10,"f11":11,"f12":12,"f13":13,"f14":14,` +
		`"f15":15,"f16":16,"f17":17,"f18":18,"f19":19,"f20":20,"f21":21,"f22":22,"f23":23`
	cases := []struct{ event, want string }{
		{`{"w":{` + all + `}}`, ``},
		{`{"w":{"a":1,"f05":5,"f13":13,"f23":1,"zz":2}}`, ``},
		{`{"w":{"f00":1,"f05":5,"f05a":0,"f13":13,"f17":7}}`, ``},
		{`{"w":{"f05":5,"f06":6,"f12":null,"f13":13,"f22":2,"g":1}}`, ``},
		{`{"w":{"f00":0,"f02":2,"f05":5,"f06a":1,"f07":7,"f11":1,"f13":13,"f14":1,"f19":1}}`, ``},
		{`{"w":{"f13":13}}`, `w.f05: required long is missing`},
		{`{"w":{"f05":5,"f23":1}}`, `w.f13: required long is missing`},
		{`{"w":{"f05":5,"f07":"x","f13":null}}`, `w.f07: expected long, got string "x"`},
		{`{"w":{"f05":5,"f13":13,"f20":"x"}}`, `w.f20: expected long, got string "x"`},
		{`{"w":{}}`, `w.f05: required long is missing`},
		{`{}`, ``},
	}
	var good []value.Value
	for _, tc := range cases {
		ev := event(t, tc.event)
		got := ""
		if err := c.Append(ev); err != nil {
			got = err.Error()
		} else {
			good = append(good, ev)
		}
		if got != tc.want {
			t.Errorf("%s: error %q, want %q", tc.event, got, tc.want)
		}
	}
	rec := c.NewRecord()
	defer rec.Release()
	want := slotBySlot(t, c.Schema(), good)
	defer want.Release()
	sameRecord(t, rec, want)
	if d := fmt.Sprint(c.Dropped()); d != "map[w.a:1 w.f05a:1 w.f06a:1 w.g:1 w.zz:1]" {
		t.Errorf("dropped %s", d)
	}
}

// TestAppendString checks the fused check-and-copy of string slots at
// every length it treats apart (0 to 40 bytes, across the 1-3, 4-7,
// 8-15, 16-32 and longer cases), with a high byte at each position
// (valid and invalid UTF-8): it accepts what utf8.ValidString accepts,
// stores the exact bytes after the column's earlier ones, and takes
// nothing of a string it refuses.
func TestAppendString(t *testing.T) {
	n := &node{kind: kString, mem: memory.DefaultAllocator}
	defer n.releaseBuffers()
	var want []string
	check := func(s string) {
		t.Helper()
		l, dlen := n.len, n.dlen
		ok := n.appendString(s)
		if ok != utf8.ValidString(s) {
			t.Fatalf("appendString(%q) = %v", s, ok)
		}
		if !ok {
			if n.len != l || n.dlen != dlen {
				t.Fatalf("appendString(%q) refused but took len %d→%d, payload %d→%d", s, l, n.len, dlen, n.dlen)
			}
			return
		}
		want = append(want, s)
		for i, w := range want {
			if got := string(n.str(i)); got != w {
				t.Fatalf("after appending %q: slot %d = %q, want %q", s, i, got, w)
			}
		}
	}
	for l := 0; l <= 40; l++ {
		ascii := strings.Repeat("abcdefghij", 5)[:l]
		check(ascii)
		for p := 0; p < l; p++ {
			check(ascii[:p] + "\xff" + ascii[p+1:]) // invalid
			if p+2 <= l {
				check(ascii[:p] + "é" + ascii[p+2:]) // valid, two bytes
			}
		}
	}
}
