package ingest

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"testing"
)

// BenchmarkIngest measures the whole local pipeline (decode, transform,
// normalise, cast, Parquet, commit) on JSON lines of the web log source.
func BenchmarkIngest(b *testing.B) {
	const n = 20000
	var in bytes.Buffer
	for i := range n {
		fmt.Fprintf(&in, `{"time":"2024-01-02T%02d:04:05Z","action":"login","user":"u%d","client_ip":"10.0.%d.%d","bytes":%d,"status":"200","agent":"curl/8.4.0"}`+"\n",
			i%24, i%1000, i%256, i%200, i)
	}
	dir := writeProject(b, testProject)
	p, schemas := loadProject(b, dir)
	b.SetBytes(int64(in.Len()))
	b.ReportAllocs()
	ctx := context.Background()
	i := 0
	for b.Loop() {
		i++
		l := openLake(b, filepath.Join(b.TempDir(), "lake"))
		pl, err := New(ctx, Config{Project: p, Schemas: schemas, Lake: l, Source: "web"})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := pl.IngestReader(ctx, fmt.Sprint("run", i), bytes.NewReader(in.Bytes())); err != nil {
			b.Fatal(err)
		}
		if err := pl.Close(ctx); err != nil {
			b.Fatal(err)
		}
		if s := pl.Summary(); s.Written["web"] != n {
			b.Fatalf("summary %+v", s)
		}
		l.Close()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/record")
}
