package cast

import (
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/matano-go/matano/compiler/schema"
	"github.com/matano-go/matano/runtime/vrl/value"
)

func prim(kind string) *schema.Type { return &schema.Type{Kind: kind} }

// casterFor compiles a caster for s, released when the test ends.
func casterFor(t *testing.T, s *schema.Schema) *Caster {
	t.Helper()
	as, err := s.Arrow()
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(as)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Release)
	return c
}

// testSchema covers every rule: ts, nested structs, lists of structs,
// maps, int range, float promotion, decimal, fixed, uuid, date.
func testSchema(t testing.TB) *arrow.Schema {
	t.Helper()
	id := 0
	next := func() int { id++; return id }
	f := func(name string, ty *schema.Type, req bool) *schema.Field {
		return &schema.Field{ID: next(), Name: name, Type: ty, Required: req}
	}
	s := &schema.Schema{Table: "t"}
	s.Columns = []*schema.Field{
		f("ts", prim("timestamp"), true),
		f("message", prim("string"), false),
		f("source", &schema.Type{Kind: "struct", Fields: []*schema.Field{
			f("ip", prim("string"), false),
			f("port", prim("long"), false),
			f("small", prim("int"), false),
		}}, false),
		f("score", prim("double"), false),
		f("ratio", prim("float"), false),
		f("ok", prim("boolean"), false),
		f("raw", prim("binary"), false),
		f("tags", &schema.Type{Kind: "list", Element: f("element", prim("string"), false)}, false),
		f("answers", &schema.Type{Kind: "list", Element: f("element", &schema.Type{Kind: "struct", Fields: []*schema.Field{
			f("name", prim("string"), false),
			f("ttl", prim("long"), false),
		}}, false)}, false),
		f("labels", &schema.Type{Kind: "map", Key: f("key", prim("string"), true), Value: f("value", prim("string"), false)}, false),
		f("amount", &schema.Type{Kind: "decimal", Precision: 6, Scale: 2}, false),
		f("digest", &schema.Type{Kind: "fixed", Length: 4}, false),
		f("id", prim("uuid"), false),
		f("day", prim("date"), false),
	}
	s.LastID = id
	as, err := s.Arrow()
	if err != nil {
		t.Fatal(err)
	}
	return as
}

var ts0 = time.Date(2024, 5, 6, 7, 8, 9, 123456789, time.UTC)

func event(t testing.TB, js string) value.Value {
	t.Helper()
	v, err := value.FromJSON([]byte(js))
	if err != nil {
		t.Fatal(err)
	}
	v.Obj().Set("ts", value.Timestamp(ts0))
	return v
}

func TestCastErrors(t *testing.T) {
	cases := []struct {
		name, event, want string
	}{
		{"string for long", `{"source":{"port":"80"}}`, `source.port: expected long, got string "80"`},
		{"float for long", `{"source":{"port":80.5}}`, `source.port: expected long, got float 80.5`},
		{"int out of range", `{"source":{"small":3000000000}}`, `source.small: integer 3000000000 out of range for int`},
		{"bytes for timestamp", `{"ts":"2024-01-01T00:00:00Z"}`, `ts: expected timestamp, got string "2024-01-01T00:00:00Z"`},
		{"missing required", `{"ts":null}`, `ts: required timestamp is missing`},
		{"int for string", `{"message":5}`, `message: expected string, got integer 5`},
		{"bool for double", `{"score":true}`, `score: expected double, got boolean true`},
		{"object for list", `{"tags":{"a":1}}`, `tags: expected list, got object`},
		{"list element", `{"tags":["a",2]}`, `tags[1]: expected string, got integer 2`},
		{"list of struct", `{"answers":[{"ttl":1},{"ttl":"x"}]}`, `answers[1].ttl: expected long, got string "x"`},
		{"map value", `{"labels":{"env":1}}`, `labels.env: expected string, got integer 1`},
		{"array for struct", `{"source":[1]}`, `source: expected struct, got array`},
		{"decimal digits", `{"amount":1.234}`, `amount: float 1.234 has more than 2 fraction digits for decimal(6,2)`},
		{"decimal precision", `{"amount":123456}`, `amount: 123456 does not fit decimal(6,2)`},
		{"fixed length", `{"digest":"abc"}`, `digest: expected fixed(4), got 3 bytes`},
		{"uuid form", `{"id":"nope"}`, `id: expected uuid, got string "nope"`},
		{"bytes for date", `{"day":"2024-01-01"}`, `day: expected date, got string "2024-01-01"`},
	}
	c, err := New(testSchema(t))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Release()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v, err := value.FromJSON([]byte(tc.event))
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := v.Obj().Get("ts"); !ok {
				v.Obj().Set("ts", value.Timestamp(ts0))
			}
			err = c.Append(v)
			if err == nil {
				t.Fatalf("no error, want %q", tc.want)
			}
			if err.Error() != tc.want {
				t.Errorf("got  %q\nwant %q", err.Error(), tc.want)
			}
			if c.Len() != 0 {
				t.Errorf("failed record appended a row")
			}
		})
	}
	if d := c.Dropped(); len(d) != 0 {
		t.Errorf("failed records counted drops: %v", d)
	}
}

func TestCastRows(t *testing.T) {
	c, err := New(testSchema(t))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Release()
	good := []string{
		`{"message":"hello","source":{"ip":"10.0.0.1","port":443,"small":-5,"extra":1},"score":3,"ratio":0.5,"ok":true,
		  "raw":"\u0001","tags":["a","b"],"answers":[{"name":"x","ttl":60,"class":"IN"}],"labels":{"env":"prod"},
		  "amount":12.5,"digest":"abcd","id":"6ba7b810-9dad-11d1-80b4-00c04fd430c8","zzz":{"deep":1}}`,
		`{}`,
	}
	for _, g := range good {
		if err := c.Append(event(t, g)); err != nil {
			t.Fatalf("%s: %v", g, err)
		}
	}
	day := event(t, `{}`)
	day.Obj().Set("day", value.Timestamp(ts0))
	if err := c.Append(day); err != nil {
		t.Fatal(err)
	}
	if err := c.Append(event(t, `{"source":{"port":"x"},"zzz":1}`)); err == nil {
		t.Fatal("bad record accepted")
	}
	rec := c.NewRecord()
	defer rec.Release()
	if rec.NumRows() != 3 || c.Len() != 0 {
		t.Fatalf("rows %d, len after %d", rec.NumRows(), c.Len())
	}
	col := func(name string) arrow.Array { return rec.Column(rec.Schema().FieldIndices(name)[0]) }
	if got := col("ts").(*array.Timestamp).Value(0); got != arrow.Timestamp(ts0.UnixMicro()) {
		t.Errorf("ts %d", got)
	}
	if got := col("score").(*array.Float64).Value(0); got != 3 {
		t.Errorf("score %v (integer promoted)", got)
	}
	src := col("source").(*array.Struct)
	if got := src.Field(1).(*array.Int64).Value(0); got != 443 {
		t.Errorf("source.port %d", got)
	}
	if !src.IsNull(1) || !col("message").IsNull(1) {
		t.Errorf("missing fields not null")
	}
	ans := col("answers").(*array.List)
	if s, e := ans.ValueOffsets(0); e-s != 1 {
		t.Errorf("answers length %d", e-s)
	}
	labels := col("labels").(*array.Map)
	if labels.Keys().(*array.String).Value(0) != "env" || labels.Items().(*array.String).Value(0) != "prod" {
		t.Errorf("labels %v", labels)
	}
	if got := col("amount").(*array.Decimal128).Value(0); got.ToString(2) != "12.50" {
		t.Errorf("amount %s", got.ToString(2))
	}
	if got := col("day").(*array.Date32).Value(2); got.ToTime().Format("2006-01-02") != "2024-05-06" {
		t.Errorf("day %v", got.ToTime())
	}
	want := map[string]int{"source.extra": 1, "answers.class": 1, "zzz": 1}
	got := c.Dropped()
	if len(got) != len(want) {
		t.Errorf("dropped %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("dropped[%s] = %d, want %d", k, got[k], v)
		}
	}
}

func TestUnsupportedColumn(t *testing.T) {
	s := &schema.Schema{Columns: []*schema.Field{{ID: 1, Name: "t", Type: prim("time")}}}
	as, err := s.Arrow()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := New(as); err == nil || !strings.Contains(err.Error(), "t: column type") {
		t.Errorf("err %v", err)
	}
}

// BenchmarkCast measures one typical event (nested struct, list, map,
// a dropped field) through check + append, flushing every 4096 rows.
func BenchmarkCast(b *testing.B) {
	c, err := New(testSchema(b))
	if err != nil {
		b.Fatal(err)
	}
	defer c.Release()
	ev := event(b, `{"message":"GET /index.html 200","source":{"ip":"10.0.0.1","port":443,"small":7,"extra":1},
	  "score":1.5,"ok":true,"tags":["a","b","c"],"answers":[{"name":"example.com","ttl":60}],"labels":{"env":"prod"}}`)
	b.ReportAllocs()
	b.ResetTimer()
	defer reportCPU(b, cpuTime())
	for i := 0; i < b.N; i++ {
		if err := c.Append(ev); err != nil {
			b.Fatal(err)
		}
		if c.Len() == 4096 {
			c.NewRecord().Release()
		}
	}
}

// TestAcceptedMatchesCast checks, for every primitive column type and a
// sample of every VRL kind, that the cast accepts the value exactly when
// Accepted says the kind fits.
func TestAcceptedMatchesCast(t *testing.T) {
	samples := []value.Value{
		value.Bytes("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), // also a valid uuid
		value.Integer(7),
		value.Float(1.5),
		value.True,
		value.Timestamp(ts0),
		value.ArrayValue([]value.Value{value.Bytes("a")}),
		value.ObjectValue(value.NewObject(0)),
		value.Null,
	}
	cols := []*schema.Type{
		prim("string"), prim("binary"), prim("long"), prim("int"), prim("double"), prim("float"),
		prim("boolean"), prim("timestamp"), prim("date"), prim("uuid"),
		{Kind: "decimal", Precision: 10, Scale: 2},
		{Kind: "list", Element: &schema.Field{ID: 3, Name: "element", Type: prim("string")}},
		{Kind: "map", Key: &schema.Field{ID: 3, Name: "key", Type: prim("string"), Required: true},
			Value: &schema.Field{ID: 4, Name: "value", Type: prim("long")}},
		{Kind: "struct", Fields: []*schema.Field{{ID: 3, Name: "x", Type: prim("long")}}},
	}
	bitOf := map[value.Type]value.KindBits{
		value.TypeBytes: value.BitBytes, value.TypeInteger: value.BitInteger, value.TypeFloat: value.BitFloat,
		value.TypeBoolean: value.BitBoolean, value.TypeTimestamp: value.BitTimestamp, value.TypeArray: value.BitArray,
		value.TypeObject: value.BitObject, value.TypeNull: value.BitNull,
	}
	for _, ct := range cols {
		for _, req := range []bool{false, true} {
			s := &schema.Schema{Columns: []*schema.Field{
				{ID: 1, Name: "ts", Type: prim("timestamp"), Required: true},
				{ID: 2, Name: "c", Type: ct, Required: req},
			}}
			c := casterFor(t, s)
			want := Accepted(ct, req)
			for _, v := range samples {
				o := value.NewObject(2)
				o.Set("ts", value.Timestamp(ts0))
				o.Set("c", v)
				got := c.Append(value.ObjectValue(o)) == nil
				if exp := want.Contains(bitOf[v.Type()]); got != exp {
					t.Errorf("%s (required %v) ← %s: cast ok %v, Accepted says %v", ct, req, describe(v), got, exp)
				}
			}
		}
	}
}

// TestLazyNullOrder checks that deferred null runs (see node.lazy) land
// on the right rows, for a struct that comes and goes and a field that
// is missing inside a present struct.
func TestLazyNullOrder(t *testing.T) {
	c, err := New(testSchema(t))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Release()
	rows := []string{
		`{"source":{"port":1}}`, `{}`, `{"source":{"ip":"x"}}`, `{"source":{"port":4}}`, `{}`, `{"source":{"port":6}}`, `{}`,
	}
	for _, r := range rows {
		if err := c.Append(event(t, r)); err != nil {
			t.Fatal(err)
		}
	}
	rec := c.NewRecord()
	defer rec.Release()
	src := rec.Column(rec.Schema().FieldIndices("source")[0]).(*array.Struct)
	port := src.Field(1).(*array.Int64)
	wantSrc := []bool{true, false, true, true, false, true, false}
	wantPort := []int64{1, -1, -1, 4, -1, 6, -1}
	if src.Len() != len(rows) || port.Len() != len(rows) {
		t.Fatalf("lengths %d %d", src.Len(), port.Len())
	}
	for i := range rows {
		if src.IsValid(i) != wantSrc[i] {
			t.Errorf("row %d: source valid %v", i, src.IsValid(i))
		}
		if wantPort[i] < 0 != port.IsNull(i) || wantPort[i] >= 0 && port.Value(i) != wantPort[i] {
			t.Errorf("row %d: port %v", i, port.GetOneForMarshal(i))
		}
	}
}

// TestInvalidUTF8 checks the string check on each path a string takes:
// a struct field (putFields' direct putString), a list element and a map
// value (put), short and longer than appendString's fused copy. The row
// is refused with the field's path and leaves nothing; binary takes the
// same bytes.
func TestInvalidUTF8(t *testing.T) {
	c, err := New(testSchema(t))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Release()
	bad := value.Bytes("a\xffb")
	long := value.Bytes(strings.Repeat("x", 40) + "\xc3")
	const reason = ": expected string, got bytes that are not valid UTF-8"
	cases := []struct {
		path string
		set  func(o *value.Object)
		want string
	}{
		{"message", func(o *value.Object) { o.Set("message", bad) }, "message" + reason},
		{"long message", func(o *value.Object) { o.Set("message", long) }, "message" + reason},
		{"source.ip", func(o *value.Object) {
			src, _ := o.Get("source")
			src.Obj().Set("ip", bad)
		}, "source.ip" + reason},
		{"tags[1]", func(o *value.Object) {
			o.Set("tags", value.ArrayValue([]value.Value{value.Bytes("ok"), long}))
		}, "tags[1]" + reason},
		{"labels.k", func(o *value.Object) {
			l, _ := o.Get("labels")
			l.Obj().Set("k", bad)
		}, "labels.k" + reason},
		{"raw", func(o *value.Object) { o.Set("raw", bad) }, ""},
	}
	for _, tc := range cases {
		t.Run(tc.path, func(t *testing.T) {
			ev := event(t, `{"message":"m","source":{"ip":"1.2.3.4","port":1},"labels":{"a":"b"}}`)
			ev.Obj().Set("ts", value.Timestamp(ts0))
			tc.set(ev.Obj())
			err := c.Append(ev)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
			want := 0
			if tc.want == "" {
				want = 1
			}
			if c.Len() != want {
				t.Errorf("%d rows, want %d", c.Len(), want)
			}
			// A good row after: the refused bytes left nothing behind.
			good := event(t, `{"message":"m2","source":{"ip":"5.6.7.8"},"tags":["t"],"labels":{"k":"v"}}`)
			good.Obj().Set("ts", value.Timestamp(ts0))
			if err := c.Append(good); err != nil {
				t.Fatal(err)
			}
			rec := c.NewRecord()
			defer rec.Release()
			last := int(rec.NumRows()) - 1
			msg := rec.Column(1).(*array.String)
			ip := rec.Column(2).(*array.Struct).Field(0).(*array.String)
			tags := rec.Column(7).(*array.List)
			if msg.Value(last) != "m2" || ip.Value(last) != "5.6.7.8" || tags.ListValues().(*array.String).Value(int(tags.Offsets()[last])) != "t" {
				t.Errorf("good row after the refused one: message %q, source.ip %q, tags %v", msg.Value(last), ip.Value(last), tags)
			}
		})
	}
}
