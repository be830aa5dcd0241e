package lake

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/iceberg-go"
	"github.com/apache/iceberg-go/table"
)

// TestDictionaryByColumn checks that data files carry a dictionary for the
// columns the caster's sample found repetitive only: a column of three
// addresses has one, a constant string column and a column of unique
// numbers do not (see withWriteDefaults). It reads the files' footers, so
// it also pins the property names iceberg-go's writer reads.
func TestDictionaryByColumn(t *testing.T) {
	dir := t.TempDir()
	l := openLake(t, dir, nil)
	defer l.Close()
	mustEnsure(t, l, testSchema("web"))
	ctx := context.Background()
	b := l.NewBatch()
	o := obj("dict")
	if err := b.Begin(ctx, o); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 300; i++ {
		e := ev(t, base.Add(time.Duration(i)*time.Second), fmt.Sprintf(`{"message":"same","source":{"ip":"10.0.0.%d","port":%d}}`, i%3, i))
		if err := b.Add(ctx, o, "web", e); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := b.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "matano.db", "web", "data", "ts_hour=*", "*.parquet"))
	if len(files) != 1 {
		t.Fatalf("data files %v", files)
	}
	pf, err := file.OpenParquetFile(files[0], false)
	if err != nil {
		t.Fatal(err)
	}
	defer pf.Close()
	want := map[string]bool{"message": false, "source.ip": true, "source.port": false}
	rg := pf.MetaData().RowGroup(0)
	for i := 0; i < rg.NumColumns(); i++ {
		cc, err := rg.ColumnChunk(i)
		if err != nil {
			t.Fatal(err)
		}
		p := cc.PathInSchema().String()
		if w, ok := want[p]; ok && cc.HasDictionaryPage() != w {
			t.Errorf("column %s: dictionary page %v, want %v", p, cc.HasDictionaryPage(), w)
		}
	}
}

// TestWriteDefaultsKeepTableSettings checks that a table's own writer
// properties win over the lake's defaults: an explicit compression level
// and any dictionary setting (for the table or one column) are left
// alone, and without them the dictionary is limited to the given columns.
func TestWriteDefaultsKeepTableSettings(t *testing.T) {
	_, ts := webTable(t)
	base, _ := ts.current()
	// New tables carry ingest's zstd level, for compaction's writes.
	if got := base.Properties()[table.ParquetCompressionLevelKey]; got != "1" {
		t.Errorf("new table's compression level %q, want 1", got)
	}
	with := func(props iceberg.Properties) *table.Table {
		if len(props) == 0 {
			return base
		}
		mb, err := table.MetadataBuilderFromBase(base.Metadata(), base.MetadataLocation())
		if err != nil {
			t.Fatal(err)
		}
		if err := mb.SetProperties(props); err != nil {
			t.Fatal(err)
		}
		meta, err := mb.Build()
		if err != nil {
			t.Fatal(err)
		}
		return table.New(base.Identifier(), meta, base.MetadataLocation(), base.FS, nil)
	}
	for _, tc := range []struct {
		name  string
		props iceberg.Properties
		want  map[string]string // "" for absent
	}{
		{"defaults", nil, map[string]string{
			table.ParquetCompressionLevelKey: "1", propDictDefault: "false",
			propDictColumn + "source.ip": "true", propDictColumn + "message": "",
		}},
		{"table level", iceberg.Properties{table.ParquetCompressionLevelKey: "5"}, map[string]string{
			table.ParquetCompressionLevelKey: "5", propDictDefault: "false",
		}},
		{"table dictionary", iceberg.Properties{propDictDefault: "true"}, map[string]string{
			propDictDefault: "true", propDictColumn + "source.ip": "",
		}},
		{"column dictionary", iceberg.Properties{propDictColumn + "message": "false"}, map[string]string{
			propDictDefault: "", propDictColumn + "message": "false", propDictColumn + "source.ip": "",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := withWriteDefaults(with(tc.props), []string{"source.ip"})
			if err != nil {
				t.Fatal(err)
			}
			props := got.Properties()
			for k, w := range tc.want {
				if props[k] != w {
					t.Errorf("%s = %q, want %q", k, props[k], w)
				}
			}
		})
	}
}
