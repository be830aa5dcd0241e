package cast

import (
	"fmt"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// slotBySlot builds the record of rows the plain way, as a reference for
// NewRecord's lazy columns, shared all-null arrays and struct bitmaps:
// every column of every row is appended to its builder (null if the
// event does not set it) through the non-lazy path, and the record is
// the RecordBuilder's.
func slotBySlot(t *testing.T, s *arrow.Schema, rows []value.Value) arrow.RecordBatch {
	t.Helper()
	ref, err := New(s)
	if err != nil {
		t.Fatal(err)
	}
	defer ref.Release()
	for _, ev := range rows {
		if err := ref.Check(ev); err != nil {
			t.Fatal(err)
		}
		o := ev.Obj()
		for _, f := range ref.root.fields {
			v, ok := o.Get(f.name)
			if !ok {
				v = value.Null
			}
			ref.appendValue(f, v)
		}
	}
	return ref.rb.NewRecordBatch()
}

// TestNewRecordMatchesSlotBySlot checks NewRecord's arrays against the
// slot-by-slot reference over several records of one caster: columns no
// row sets (all-null arrays of every type: struct, list, map, decimal,
// fixed, uuid, ...), structs set with fields never set, structs that
// come and go, a record where every column is set, an empty record, and
// records after the builders were sized from a previous one.
func TestNewRecordMatchesSlotBySlot(t *testing.T) {
	s := testSchema(t)
	c, err := New(s)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Release()
	full := `{"message":"hello","source":{"ip":"10.0.0.1","port":443,"small":-5},"score":3,"ratio":0.5,"ok":true,
	  "raw":"\u0001","tags":["a","b"],"answers":[{"name":"x","ttl":60},{"name":"y"}],"labels":{"env":"prod","k":"v"},
	  "amount":12.5,"digest":"abcd","id":"6ba7b810-9dad-11d1-80b4-00c04fd430c8"}`
	batches := [][]string{
		{`{}`, `{}`},
		{`{"message":"a"}`, `{"source":{"port":1}}`, `{}`, `{"source":{}}`, `{"message":"b","source":{"ip":"x"}}`},
		{full, full, `{}`, full},
		{},
		{`{"source":{"small":7}}`, `{"tags":[]}`, `{"labels":{}}`, `{"answers":[{}]}`},
		{`{"message":""}`, `{"message":"longer than any message before"}`},
	}
	for bi, rows := range batches {
		t.Run(fmt.Sprint(bi), func(t *testing.T) {
			evs := make([]value.Value, len(rows))
			for i, r := range rows {
				evs[i] = event(t, r)
				if err := c.Append(evs[i]); err != nil {
					t.Fatalf("%s: %v", r, err)
				}
			}
			got := c.NewRecord()
			defer got.Release()
			want := slotBySlot(t, s, evs)
			defer want.Release()
			if got.NumRows() != int64(len(rows)) {
				t.Fatalf("rows %d, want %d", got.NumRows(), len(rows))
			}
			for i := range want.Columns() {
				g, w := got.Column(i), want.Column(i)
				if g.Len() != w.Len() || g.NullN() != w.NullN() || !array.Equal(g, w) {
					t.Errorf("column %s:\n got %v (nulls %d)\nwant %v (nulls %d)", s.Field(i).Name, g, g.NullN(), w, w.NullN())
				}
				if v, ok := g.(interface{ ValidateFull() error }); ok {
					if err := v.ValidateFull(); err != nil {
						t.Errorf("column %s: %v", s.Field(i).Name, err)
					}
				}
			}
		})
	}
}

// TestDictionaryColumns checks the sample behind DictionaryColumns: a
// repetitive column is picked, a near-unique one, a constant one and one
// the record never set are not, list elements are named by their Parquet
// path, fields of list elements and map values are never picked (not
// sampled), and each record is judged on its own values.
func TestDictionaryColumns(t *testing.T) {
	c, err := New(testSchema(t))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Release()
	for i := 0; i < 2000; i++ {
		r := fmt.Sprintf(`{"message":"m%d","source":{"ip":"10.0.%d.%d"},"tags":["t%d","const"],"labels":{"k":"v%d"},"answers":[{"name":"n%d"}]}`,
			i%3, i/256, i%256, i%5, i%2, i%2)
		if err := c.Append(event(t, r)); err != nil {
			t.Fatal(err)
		}
	}
	c.NewRecord().Release()
	if got := fmt.Sprint(c.DictionaryColumns()); got != "[message tags.list.element]" {
		t.Errorf("first record: dictionary columns %s", got)
	}
	// The next record: messages unique, addresses repeat, few rows.
	for i := 0; i < 40; i++ {
		r := fmt.Sprintf(`{"message":"m%d","source":{"ip":"10.0.0.%d"}}`, i, i%4)
		if err := c.Append(event(t, r)); err != nil {
			t.Fatal(err)
		}
	}
	c.NewRecord().Release()
	if got := fmt.Sprint(c.DictionaryColumns()); got != "[source.ip]" {
		t.Errorf("second record: dictionary columns %s", got)
	}
	// A column at the ratio's edge: 256 values in 1,024 qualify, 257 not.
	for _, distinct := range []int{256, 257} {
		for i := 0; i < dictSample; i++ {
			if err := c.Append(event(t, fmt.Sprintf(`{"message":"m%d"}`, i%distinct))); err != nil {
				t.Fatal(err)
			}
		}
		c.NewRecord().Release()
		want := distinct*dictRatio <= dictSample
		if got := len(c.DictionaryColumns()) == 1; got != want {
			t.Errorf("%d distinct in %d: dictionary %v, want %v", distinct, dictSample, got, want)
		}
	}
}
