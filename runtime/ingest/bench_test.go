package ingest

import (
	"bytes"
	"context"
	"fmt"
	"os"
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

// BenchmarkIngestCloudTrail runs bench/ingest/run.sh's workload (the
// cloudtrail_bench log source of bench/ingest/dir) on the JSON lines file
// named by MATANO_BENCH_INPUT (write one with `go run ./bench/ingest
// -lines 50000 -o FILE`), for a CPU profile of the whole pipeline:
//
//	MATANO_BENCH_INPUT=/tmp/ct.jsonl go test -run - -bench CloudTrail -cpuprofile cpu.out ./runtime/ingest
func BenchmarkIngestCloudTrail(b *testing.B) {
	input := os.Getenv("MATANO_BENCH_INPUT")
	if input == "" {
		b.Skip("MATANO_BENCH_INPUT is not set")
	}
	st, err := os.Stat(input)
	if err != nil {
		b.Fatal(err)
	}
	p, schemas := loadProject(b, filepath.Join("..", "..", "bench", "ingest", "dir"))
	b.SetBytes(st.Size())
	b.ReportAllocs()
	ctx := context.Background()
	var records int64
	for b.Loop() {
		l := openLake(b, filepath.Join(b.TempDir(), "lake"))
		pl, err := New(ctx, Config{Project: p, Schemas: schemas, Lake: l, Source: "cloudtrail_bench", NoDetect: true})
		if err != nil {
			b.Fatal(err)
		}
		res, err := pl.IngestFile(ctx, input)
		if err != nil {
			b.Fatal(err)
		}
		if err := pl.Close(ctx); err != nil {
			b.Fatal(err)
		}
		if s := pl.Summary(); s.Check() != nil || s.Written["cloudtrail_bench"] != res.Records {
			b.Fatalf("summary %+v", s)
		}
		records = res.Records
		l.Close()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(records), "ns/record")
}
