package cast

import (
	"fmt"
	"testing"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// badRows fail at different depths after the walk appended to several
// columns (entries are walked in key order: amount, answers, day, digest,
// id, labels, message, ok, ratio, raw, score, source, tags, ts), each
// paired with the error it must report.
var badRows = []struct{ event, want string }{
	// Everything before ts appended, then ts (the last key) fails.
	{`{"amount":1.5,"answers":[{"name":"a","ttl":1}],"digest":"abcd","id":"6ba7b810-9dad-11d1-80b4-00c04fd430c8",
	   "labels":{"k":"v"},"message":"m","ok":true,"ratio":1,"raw":"r","score":2,"source":{"ip":"i","port":3},
	   "tags":["x","y"],"ts":"late"}`, `ts: expected timestamp, got string "late"`},
	// Deep in a list of structs, after a whole element and a field.
	{`{"answers":[{"name":"a","ttl":1},{"name":"b","ttl":"x"}]}`, `answers[1].ttl: expected long, got string "x"`},
	// A list element after elements and a null (the element's first
	// null makes its bitmap).
	{`{"message":"m","tags":["a",null,3]}`, `tags[2]: expected string, got integer 3`},
	// A map value after keys and values.
	{`{"labels":{"a":"x","b":null,"c":1},"message":"m"}`, `labels.c: expected string, got integer 1`},
	// Inside a struct after two of its fields, struct padded first.
	{`{"message":"m","source":{"ip":"i","port":1,"small":3000000000}}`, `source.small: integer 3000000000 out of range for int`},
	// A null element of a list of structs (a null in every field), then
	// a field that fails.
	{`{"answers":[null,{"name":"n"},{"name":5}]}`, `answers[2].name: expected string, got integer 5`},
	// Dropped keys before the failure must not be counted.
	{`{"aaa":1,"message":"m","source":{"extra":1,"port":"p"}}`, `source.port: expected long, got string "p"`},
	// Fails on the first column: nothing appended at all.
	{`{"amount":"x"}`, `amount: expected decimal(6,2), got string "x"`},
}

// goodRows set the columns the bad rows touch, on some rows only, so the
// lazy columns are padded before (and between) the failures.
var goodRows = []string{
	`{}`,
	`{"message":"first","tags":["a"]}`,
	`{"source":{"port":7},"answers":[{"name":"q"}],"labels":{"z":"y"},"zz":1}`,
	`{"amount":3,"digest":"wxyz","ok":false,"raw":"b","score":1.5,"ratio":2.5,"id":"6ba7b810-9dad-11d1-80b4-00c04fd430c8"}`,
	`{"message":"last","source":{"ip":"s","extra":2},"tags":[null,"b"]}`,
}

// TestRollback interleaves failing rows with fitting ones, over several
// records of one caster, and checks that the failures left no trace: the
// records equal the slot-by-slot reference of the fitting rows alone,
// and so do the row count, Bytes, the dropped keys and the dictionary
// sample, compared with a caster that only saw the fitting rows. Each
// failing row reports its own error, and Check of a fitting row leaves
// nothing either.
func TestRollback(t *testing.T) {
	s := testSchema(t)
	mixed, err := New(s)
	if err != nil {
		t.Fatal(err)
	}
	defer mixed.Release()
	clean, err := New(s)
	if err != nil {
		t.Fatal(err)
	}
	defer clean.Release()
	// Orders: failures first in a record (no slot yet), after every
	// good row, and only failures.
	orders := [][]int{
		{-1, -2, 0, 1, -3, 2, -4, -5, 3, 4, -6, -7, -8},
		{0, -1, 1, -2, 2, -3, 3, -4, 4, -5, 0, -6, 1, -7, 2, -8, 3},
		{-1, -2, -3, -4, -5, -6, -7, -8},
		{4, -8, 3, -7, 2, -6, 1, -5, 0, -4, 4, -3, 3, -2, 2, -1},
	}
	for oi, order := range orders {
		t.Run(fmt.Sprint(oi), func(t *testing.T) {
			var good []value.Value
			for _, r := range order {
				if r < 0 {
					b := badRows[-r-1]
					ev := event(t, b.event)
					if b.want == `ts: expected timestamp, got string "late"` {
						ev.Obj().Set("ts", value.Bytes("late"))
					}
					err := mixed.Append(ev)
					if err == nil || err.Error() != b.want {
						t.Fatalf("bad row %d: error %v, want %q", -r, err, b.want)
					}
					continue
				}
				ev := event(t, goodRows[r])
				if err := mixed.Check(ev); err != nil {
					t.Fatalf("check %s: %v", goodRows[r], err)
				}
				if err := mixed.Append(ev); err != nil {
					t.Fatalf("%s: %v", goodRows[r], err)
				}
				if err := clean.Append(ev); err != nil {
					t.Fatal(err)
				}
				good = append(good, ev)
			}
			if mixed.Len() != len(good) || mixed.Bytes() != clean.Bytes() {
				t.Errorf("len %d bytes %d, want %d and %d", mixed.Len(), mixed.Bytes(), len(good), clean.Bytes())
			}
			got := mixed.NewRecord()
			defer got.Release()
			clean.NewRecord().Release()
			want := slotBySlot(t, s, good)
			defer want.Release()
			sameRecord(t, got, want)
			if g, w := fmt.Sprint(mixed.Dropped()), fmt.Sprint(clean.Dropped()); g != w {
				t.Errorf("dropped %s, want %s", g, w)
			}
			if g, w := fmt.Sprint(mixed.DictionaryColumns()), fmt.Sprint(clean.DictionaryColumns()); g != w {
				t.Errorf("dictionary columns %s, want %s", g, w)
			}
		})
	}
}

// TestCheckLeavesNothing checks that Check of fitting rows, alone or
// between appends, appends nothing, counts no drops and samples nothing.
func TestCheckLeavesNothing(t *testing.T) {
	s := testSchema(t)
	c, err := New(s)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Release()
	var good []value.Value
	for i, r := range goodRows {
		for _, x := range goodRows {
			if err := c.Check(event(t, x)); err != nil {
				t.Fatal(err)
			}
		}
		if i%2 == 0 {
			ev := event(t, r)
			if err := c.Append(ev); err != nil {
				t.Fatal(err)
			}
			good = append(good, ev)
		}
	}
	if c.Len() != len(good) {
		t.Fatalf("len %d, want %d", c.Len(), len(good))
	}
	got := c.NewRecord()
	defer got.Release()
	want := slotBySlot(t, s, good)
	defer want.Release()
	sameRecord(t, got, want)
	if d := fmt.Sprint(c.Dropped()); d != "map[source.extra:1 zz:1]" {
		t.Errorf("dropped %s", d)
	}
}

// TestFailedRowsNotSampled checks that the values of a failed row do not
// reach the dictionary sample: failing rows with distinct messages and
// tags between fitting rows that repeat two of each.
func TestFailedRowsNotSampled(t *testing.T) {
	c, err := New(testSchema(t))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Release()
	for i := 0; i < 200; i++ {
		ev := event(t, fmt.Sprintf(`{"message":"m%d","tags":["t%d"]}`, i%2, i%2))
		if err := c.Append(ev); err != nil {
			t.Fatal(err)
		}
		bad := event(t, fmt.Sprintf(`{"message":"unique %d","tags":["u%d"]}`, i, i))
		bad.Obj().Set("ts", value.Integer(1))
		if c.Append(bad) == nil {
			t.Fatal("bad row appended")
		}
	}
	c.NewRecord().Release()
	if got := fmt.Sprint(c.DictionaryColumns()); got != "[message tags.list.element]" {
		t.Errorf("dictionary columns %s", got)
	}
}
