package cast

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/extensions"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/google/uuid"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// slotBySlot builds the record of rows the plain way, as a reference for
// NewRecord's own column buffers, lazy columns, shared all-null arrays and
// struct bitmaps: every column of every row is appended to an Arrow
// builder (null if the event does not set it) by refAppend, which knows
// nothing of the caster, and the record is the RecordBuilder's. Rows
// must fit (the caster's Check says so first).
func slotBySlot(t *testing.T, s *arrow.Schema, rows []value.Value) arrow.RecordBatch {
	t.Helper()
	ref, err := New(s)
	if err != nil {
		t.Fatal(err)
	}
	defer ref.Release()
	rb := array.NewRecordBuilder(memory.DefaultAllocator, s)
	defer rb.Release()
	for _, ev := range rows {
		if err := ref.Check(ev); err != nil {
			t.Fatal(err)
		}
		o := ev.Obj()
		for i, f := range s.Fields() {
			v, ok := o.Get(f.Name)
			if !ok {
				v = value.Null
			}
			refAppend(t, rb.Field(i), v)
		}
	}
	return rb.NewRecordBatch()
}

// refAppend appends v to b by the package's rules, through Arrow's own
// builders.
func refAppend(t *testing.T, b array.Builder, v value.Value) {
	if v.IsNull() {
		b.AppendNull()
		return
	}
	switch b := b.(type) {
	case *array.StringBuilder:
		b.Append(v.Str())
	case *array.BinaryBuilder:
		b.AppendString(v.Str())
	case *array.Int64Builder:
		b.Append(v.Int())
	case *array.Int32Builder:
		b.Append(int32(v.Int()))
	case *array.Float64Builder:
		if v.Type() == value.TypeInteger {
			b.Append(float64(v.Int()))
		} else {
			b.Append(v.Flt())
		}
	case *array.Float32Builder:
		if v.Type() == value.TypeInteger {
			b.Append(float32(v.Int()))
		} else {
			b.Append(float32(v.Flt()))
		}
	case *array.BooleanBuilder:
		b.Append(v.Bool())
	case *array.TimestampBuilder:
		b.Append(arrow.Timestamp(v.Time().UnixMicro()))
	case *array.Date32Builder:
		b.Append(arrow.Date32FromTime(v.Time()))
	case *array.Decimal128Builder:
		typ := b.Type().(*arrow.Decimal128Type)
		var s string
		if v.Type() == value.TypeInteger {
			s = strconv.FormatInt(v.Int(), 10)
		} else {
			s = strconv.FormatFloat(v.Flt(), 'f', -1, 64)
		}
		num, err := decimal128.FromString(s, typ.Precision, typ.Scale)
		if err != nil {
			t.Fatal(err)
		}
		b.Append(num)
	case *extensions.UUIDBuilder:
		b.Append(uuid.MustParse(v.Str()))
	case *array.FixedSizeBinaryBuilder:
		b.Append([]byte(v.Str()))
	case *array.StructBuilder:
		b.Append(true)
		st := b.Type().(*arrow.StructType)
		for i, f := range st.Fields() {
			fv, ok := v.Obj().Get(f.Name)
			if !ok {
				fv = value.Null
			}
			refAppend(t, b.FieldBuilder(i), fv)
		}
	case *array.MapBuilder:
		b.Append(true)
		for _, e := range v.Obj().Entries() {
			b.KeyBuilder().(*array.StringBuilder).Append(e.Key)
			refAppend(t, b.ItemBuilder(), e.Value)
		}
	case *array.ListBuilder:
		b.Append(true)
		for _, it := range v.Arr().Items {
			refAppend(t, b.ValueBuilder(), it)
		}
	default:
		t.Fatalf("no reference for builder %T", b)
	}
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
		{`{"tags":["a",null,"c"],"labels":{"a":null,"b":"x"},"answers":[null,{"name":null,"ttl":5}],"ok":false}`,
			`{"tags":[null],"answers":[{"ttl":-1}],"score":-2.5,"ratio":-3,"amount":-7,"source":{"small":-2147483648}}`},
		manyRows(150),
		// appendBytes' one room check: rows that grow only the offsets
		// (empty strings), then only the payload (one long string).
		append(slices.Repeat([]string{`{"message":""}`}, 100),
			`{"message":"`+strings.Repeat("x", 5000)+`"}`, `{"message":"y"}`),
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
			sameRecord(t, got, want)
		})
	}
}

// manyRows is n rows that set columns on some rows only, and nulls on
// others, so bitmaps, null runs and buffers cross byte and growth
// boundaries.
func manyRows(n int) []string {
	rows := make([]string, n)
	for i := range rows {
		switch {
		case i%7 == 0:
			rows[i] = `{}`
		case i%5 == 0:
			rows[i] = fmt.Sprintf(`{"message":null,"ok":%v,"tags":["t%d",null],"source":{"port":%d}}`, i%2 == 0, i, i)
		case i%3 == 0:
			rows[i] = fmt.Sprintf(`{"message":"row %d","labels":{"k%d":"v"},"answers":[{"name":"n%d"}],"raw":"%d"}`, i, i, i, i)
		default:
			rows[i] = fmt.Sprintf(`{"message":"m%d","ok":true,"score":%d,"digest":"ab%02d","id":"6ba7b810-9dad-11d1-80b4-00c04fd4%04d"}`, i, i, i%100, i)
		}
	}
	return rows
}

// sameRecord compares a record with the reference array by array (length,
// null count and values) and validates the record's arrays in full.
func sameRecord(t *testing.T, got, want arrow.RecordBatch) {
	t.Helper()
	if got.NumRows() != want.NumRows() {
		t.Fatalf("rows %d, want %d", got.NumRows(), want.NumRows())
	}
	s := want.Schema()
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

// dirtyAlloc hands out memory full of 0xA5 bytes, as a pooling allocator
// hands out used buffers, so a test sees any byte the caster relies on
// being zero without writing it.
type dirtyAlloc struct{ memory.Allocator }

func (a dirtyAlloc) Allocate(n int) []byte {
	b := a.Allocator.Allocate(n)
	for i := range b {
		b[i] = 0xA5
	}
	return b
}

func (a dirtyAlloc) Reallocate(n int, old []byte) []byte {
	b := a.Allocate(n)
	copy(b, old)
	a.Free(old)
	return b
}

// TestNewAlloc builds records from dirty memory (see dirtyAlloc) through
// a checked allocator: the records equal the reference, failed rows
// included, and once the records and the caster are released every byte
// went back to the allocator: every buffer of a record came from it.
func TestNewAlloc(t *testing.T) {
	mem := memory.NewCheckedAllocator(dirtyAlloc{memory.NewGoAllocator()})
	s := testSchema(t)
	c, err := NewAlloc(s, mem)
	if err != nil {
		t.Fatal(err)
	}
	var recs []arrow.RecordBatch
	for _, rows := range [][]string{manyRows(100), goodRows, manyRows(40), {}} {
		var evs []value.Value
		for i, r := range rows {
			ev := event(t, r)
			if err := c.Append(ev); err != nil {
				t.Fatal(err)
			}
			evs = append(evs, ev)
			bad := event(t, badRows[i%len(badRows)].event)
			bad.Obj().Set("ts", value.Bytes("late"))
			if c.Append(bad) == nil {
				t.Fatal("bad row appended")
			}
		}
		got := c.NewRecord()
		want := slotBySlot(t, s, evs)
		sameRecord(t, got, want)
		want.Release()
		recs = append(recs, got) // released after the next records are built
	}
	if mem.CurrentAlloc() == 0 {
		t.Fatal("no buffer came from the allocator")
	}
	for _, r := range recs {
		r.Release()
	}
	c.Release()
	mem.AssertSize(t, 0)
}

// countingAlloc counts the buffers that had to grow (Reallocate).
type countingAlloc struct {
	memory.Allocator
	grown int
}

func (a *countingAlloc) Reallocate(n int, old []byte) []byte {
	a.grown++
	return a.Allocator.Reallocate(n, old)
}

// TestHintMargin checks that a record a little larger than the one
// before (records end at a size threshold, at the row that crosses it)
// fits the buffers sized from that one's hint: no buffer grows, while a
// record twice as large must grow them.
func TestHintMargin(t *testing.T) {
	mem := &countingAlloc{Allocator: memory.NewGoAllocator()}
	c, err := NewAlloc(testSchema(t), mem)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Release()
	for _, tc := range []struct {
		rows     int
		mayGrow  bool
		mustGrow bool
	}{
		{2000, true, false}, // the first record has no hint
		{2000 + 2000/32, false, false},
		{4200, false, true},
	} {
		mem.grown = 0
		for _, r := range manyRows(tc.rows) {
			if err := c.Append(event(t, r)); err != nil {
				t.Fatal(err)
			}
		}
		c.NewRecord().Release()
		if mem.grown > 0 && !tc.mayGrow && !tc.mustGrow || mem.grown == 0 && tc.mustGrow {
			t.Errorf("%d rows: %d buffers grew", tc.rows, mem.grown)
		}
	}
}
