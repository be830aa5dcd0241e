package schema

import (
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/iceberg-go/table"

	"github.com/matano-go/matano/compiler/load"
)

func richSchema(t *testing.T) *Schema {
	t.Helper()
	dec := load.Type{Name: "decimal", Precision: 10, Scale: 2}
	s, probs := resolve(t, []string{"source", "event", "dns.answers", "host.geo.location"},
		load.Field{Name: "vendor", Type: load.Type{Name: "struct", Fields: []load.Field{
			{Name: "amount", Type: dec},
			{Name: "tags", Type: load.Type{Name: "list", Element: &load.Type{Name: "string"}}},
			{Name: "attrs", Type: load.Type{Name: "map", Key: &load.Type{Name: "string"}, Value: &load.Type{Name: "long"}}},
			{Name: "raw", Type: load.Type{Name: "binary"}},
			{Name: "day", Type: load.Type{Name: "date"}},
		}}})
	if len(probs) > 0 {
		t.Fatalf("problems: %+v", probs)
	}
	return s
}

func TestIcebergRoundTrip(t *testing.T) {
	s := richSchema(t)
	sc, err := s.Iceberg()
	if err != nil {
		t.Fatal(err)
	}
	if sc.HighestFieldID() != s.LastID {
		t.Errorf("highest id %d, LastID %d", sc.HighestFieldID(), s.LastID)
	}
	back, err := FromIceberg(s.Table, sc)
	if err != nil {
		t.Fatal(err)
	}
	var a, b []string
	s.Walk(func(p string, f *Field) { a = append(a, p+" "+f.Type.String()) })
	back.Walk(func(p string, f *Field) { b = append(b, p+" "+f.Type.String()) })
	if len(a) != len(b) {
		t.Fatalf("%d fields became %d", len(a), len(b))
	}
	for i := range a {
		if a[i] != b[i] {
			t.Errorf("field %d: %s became %s", i, a[i], b[i])
		}
	}
	if f := sc.Field(0); f.Name != "ts" {
		t.Errorf("first Iceberg column %q", f.Name)
	}
}

func TestArrowRoundTrip(t *testing.T) {
	s := richSchema(t)
	as, err := s.Arrow()
	if err != nil {
		t.Fatal(err)
	}
	if as.Field(0).Name != "ts" || as.Field(0).Type.ID() != arrow.TIMESTAMP {
		t.Errorf("first Arrow field: %v", as.Field(0))
	}
	if ts := as.Field(0).Type.(*arrow.TimestampType); ts.Unit != arrow.Microsecond {
		t.Errorf("ts unit %v, want microseconds", ts.Unit)
	}
	want, _ := s.Iceberg()
	got, err := table.ArrowSchemaToIceberg(as, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Equals(want) {
		t.Errorf("Arrow → Iceberg differs:\n got %s\nwant %s", got, want)
	}
}
