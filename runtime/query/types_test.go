package query

import (
	"bytes"
	"strings"
	"testing"

	"github.com/apache/iceberg-go"
)

func TestDuckType(t *testing.T) {
	for _, tc := range []struct {
		in   iceberg.Type
		want string
	}{
		{iceberg.PrimitiveTypes.Bool, "BOOLEAN"},
		{iceberg.PrimitiveTypes.Int32, "INTEGER"},
		{iceberg.PrimitiveTypes.Int64, "BIGINT"},
		{iceberg.PrimitiveTypes.Float64, "DOUBLE"},
		{iceberg.DecimalTypeOf(10, 2), "DECIMAL(10, 2)"},
		{iceberg.PrimitiveTypes.TimestampTz, "TIMESTAMP WITH TIME ZONE"},
		{iceberg.PrimitiveTypes.Binary, "BLOB"},
		{iceberg.FixedTypeOf(16), "BLOB"},
		{&iceberg.ListType{ElementID: 2, Element: iceberg.PrimitiveTypes.String}, "VARCHAR[]"},
		{&iceberg.MapType{KeyID: 2, KeyType: iceberg.PrimitiveTypes.String, ValueID: 3, ValueType: iceberg.PrimitiveTypes.Int64}, "MAP(VARCHAR, BIGINT)"},
		{&iceberg.StructType{FieldList: []iceberg.NestedField{
			{ID: 1, Name: "ip", Type: iceberg.PrimitiveTypes.String},
			{ID: 2, Name: `we"ird`, Type: &iceberg.ListType{ElementID: 3, Element: iceberg.PrimitiveTypes.Date}},
		}}, `STRUCT("ip" VARCHAR, "we""ird" DATE[])`},
	} {
		if got, err := duckType(tc.in); err != nil || got != tc.want {
			t.Errorf("duckType(%s) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	if _, err := duckType(iceberg.VariantType{}); err == nil {
		t.Error("variant: no error")
	}
}

func TestLocalPath(t *testing.T) {
	for in, want := range map[string]string{
		"file:///w/matano.db/t/data/a.parquet": "/w/matano.db/t/data/a.parquet",
		"/w/a.parquet":                         "/w/a.parquet",
	} {
		if got, err := localPath(in); err != nil || got != want {
			t.Errorf("localPath(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := localPath("s3://bucket/a.parquet"); err == nil || !strings.Contains(err.Error(), "only local files") {
		t.Errorf("s3: %v", err)
	}
}

func TestTableCellsAreCut(t *testing.T) {
	long := strings.Repeat("x", MaxCellWidth+5)
	r := &Result{Columns: []string{"v", "n"}, Types: []string{"VARCHAR", "BIGINT"}, Rows: [][]any{{long, int64(7)}, {"a\nb", nil}}}
	var b bytes.Buffer
	if err := r.Write(&b, FormatTable); err != nil {
		t.Fatal(err)
	}
	cut := strings.Repeat("x", MaxCellWidth-1) + "…"
	want := "v" + strings.Repeat(" ", MaxCellWidth-1) + "     n\n" +
		strings.Repeat("-", MaxCellWidth) + "  ----\n" +
		cut + "     7\n" +
		`a\nb` + strings.Repeat(" ", MaxCellWidth-4) + "  NULL\n(2 rows)\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
	b.Reset()
	if err := r.Write(&b, FormatCSV); err != nil || !strings.Contains(b.String(), long) {
		t.Errorf("csv cut the value: %v\n%s", err, b.String())
	}
}
