package cast

import (
	"fmt"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/matano-go/matano/compiler/schema"
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
	as, err := s.Arrow()
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(as)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Release()
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
