package lake

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/iceberg-go/table"

	"github.com/matano-go/matano/compiler/schema"
	"github.com/matano-go/matano/runtime/lake/cast"
	"github.com/matano-go/matano/runtime/vrl/value"
	"github.com/matano-go/matano/schemas/ecs"
)

// BenchmarkIngestECS is BenchmarkIngest on a wide ECS table (about 1,500
// fields, as a real log source selects) with a CloudTrail-like event, in
// batches of 10,000 events in one hour.
func BenchmarkIngestECS(b *testing.B) {
	const rows = 10_000
	s, probs := schema.Resolve(schema.Input{Table: "cloudtrail", ECSFieldNames: []string{
		"cloud", "event", "source", "user", "user_agent", "related", "error", "host", "network", "url",
	}}, ecs.Default())
	if len(probs) > 0 {
		b.Fatalf("%+v", probs)
	}
	l := openLake(b, b.TempDir(), nil)
	defer l.Close()
	mustEnsure(b, l, s)
	e := ev(b, base, `{
	  "cloud":{"provider":"aws","region":"us-east-1","account":{"id":"123456789012"}},
	  "event":{"action":"ConsoleLogin","category":["authentication"],"kind":"event","outcome":"success","provider":"signin.amazonaws.com","type":["start"]},
	  "source":{"ip":"203.0.113.7","address":"203.0.113.7"},
	  "user":{"name":"alice","id":"AIDAEXAMPLE"},
	  "user_agent":{"original":"Mozilla/5.0"},
	  "related":{"ip":["203.0.113.7"],"user":["alice"]}}`)
	events := make([]value.Value, rows)
	for i := range events {
		events[i] = e
	}
	benchBatches(b, l, "cloudtrail", "ecs-", events)
}

// BenchmarkIngest measures cast + Parquet write + commit: each iteration
// is one batch of 20,000 events spread over four hours (four data files)
// and one commit. rows/s is the figure for the scaling model.
func BenchmarkIngest(b *testing.B) {
	const rows = 20_000
	l := openLake(b, b.TempDir(), nil)
	defer l.Close()
	mustEnsure(b, l, testSchema("web"))
	events := make([]value.Value, rows)
	for i := range events {
		ts := base.Add(time.Duration(i%4) * time.Hour).Add(time.Duration(i) * time.Millisecond)
		events[i] = ev(b, ts, fmt.Sprintf(`{"message":"GET /api/v1/items/%d HTTP/1.1 200","source":{"ip":"10.1.%d.%d","port":%d},"extra":1}`,
			i, i%256, i%200, 1024+i%5000))
	}
	benchBatches(b, l, "web", "bench-", events)
}

// benchBatches times b.N batches of events into table, each one object
// (named prefix+n) and one commit, and reports rows/s and rows per
// CPU-second. On a shared, loaded machine wall time mostly measures the
// queue for a core; rows per CPU-second (user+system, all goroutines
// including GC and the Parquet encoders) is the figure that carries over.
func benchBatches(b *testing.B, l *Lake, table, prefix string, events []value.Value) {
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	start, cpu0 := time.Now(), cpuTime()
	for n := 0; n < b.N; n++ {
		batch := l.NewBatch()
		o := obj(fmt.Sprint(prefix, n))
		if err := batch.Begin(ctx, o); err != nil {
			b.Fatal(err)
		}
		for _, e := range events {
			if err := batch.Add(ctx, o, table, e); err != nil {
				b.Fatal(err)
			}
		}
		if _, err := batch.Commit(ctx); err != nil {
			b.Fatal(err)
		}
	}
	rows := float64(len(events) * b.N)
	b.ReportMetric(rows/time.Since(start).Seconds(), "rows/s")
	b.ReportMetric(rows/(cpuTime()-cpu0).Seconds(), "rows/cpu-s")
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// cloudTrailECS is the ECS part of bench/ingest's cloudtrail_bench table:
// the leaves that log source selects, about 30 columns.
var cloudTrailECS = []string{
	"cloud.account.id", "cloud.provider", "cloud.region", "error.code", "error.message",
	"event.action", "event.category", "event.id", "event.kind", "event.outcome", "event.provider",
	"event.type", "network.type", "related.ip", "related.user", "source.address", "source.domain",
	"source.ip", "tls.cipher", "tls.client.server_name", "tls.version", "user.id", "user.name",
	"user_agent.original",
}

// cloudTrailEvent is the i-th of a run of CloudTrail-shaped ECS events
// with the cardinalities the Parquet encoders meet in bench/ingest: unique
// ids and times, a few thousand addresses, a few hundred users and
// actions, a handful of regions and kinds, errors on one event in ten.
func cloudTrailEvent(t testing.TB, i int) value.Value {
	user := fmt.Sprintf("user-%03d", i*7%300)
	ip := fmt.Sprintf("203.0.%d.%d", i*13%20, i*31%250)
	errs := ""
	if i%10 == 0 {
		errs = fmt.Sprintf(`,"error":{"code":"AccessDenied","message":"User: arn:aws:iam::123456789012:user/%s is not authorized to perform: s3:GetObject on resource %d"}`, user, i%977)
	}
	return ev(t, base.Add(time.Duration(i)*time.Millisecond), fmt.Sprintf(`{
	  "cloud":{"provider":"aws","region":"%s","account":{"id":"%012d"}},
	  "event":{"action":"Action%03d","category":["iam"],"id":"%08x-1c2d-4e5f-8a9b-%012x","kind":"event","outcome":"success","provider":"svc%02d.amazonaws.com","type":["info","access"]},
	  "network":{"type":"ipv4"},
	  "related":{"ip":["%s"],"user":["%s","AIDA%016X"]},
	  "source":{"address":"%s","ip":"%s"},
	  "tls":{"cipher":"ECDHE-RSA-AES128-GCM-SHA256","version":"1.2","client":{"server_name":"svc%02d.us-east-1.amazonaws.com"}},
	  "user":{"id":"AIDA%016X","name":"%s"},
	  "user_agent":{"original":"aws-cli/2.%d.%d Python/3.11 Linux/5.10 botocore/2.%d"}%s}`,
		[]string{"us-east-1", "us-west-2", "eu-west-1", "ap-south-1"}[i%4], 123456789000+i%5,
		i*37%250, i*2654435761, i, i%40,
		ip, user, i*7%300,
		ip, ip,
		i%40,
		i*7%300, user,
		i%13, i%7, i%29, errs))
}

// BenchmarkIngestCloudTrailRows is the lake's share of bench/ingest: cast
// and Parquet write of 50,000 CloudTrail-shaped events (one flush, five
// row groups) and one commit. file-B/row is the data files' size per row,
// to keep encoder settings honest.
func BenchmarkIngestCloudTrailRows(b *testing.B) {
	const rows = 50_000
	s, probs := schema.Resolve(schema.Input{Table: "cloudtrail", ECSFieldNames: cloudTrailECS}, ecs.Default())
	if len(probs) > 0 {
		b.Fatalf("%+v", probs)
	}
	dir := b.TempDir()
	l := openLake(b, dir, nil)
	defer l.Close()
	mustEnsure(b, l, s)
	events := make([]value.Value, rows)
	for i := range events {
		events[i] = cloudTrailEvent(b, i)
	}
	benchBatches(b, l, "cloudtrail", "ct-", events)
	b.StopTimer()
	var size int64
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".parquet") {
			fi, err := d.Info()
			if err != nil {
				return err
			}
			size += fi.Size()
		}
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(size)/float64(rows*b.N), "file-B/row")
}

// BenchmarkWriteParquet is the Parquet share of
// BenchmarkIngestCloudTrailRows alone: the 50,000 CloudTrail-shaped rows
// are cast once, and each iteration writes that record to data files as a
// flush does (writeDataFiles with the lake's writer settings), without
// the cast or the commit. cpu-µs/row is the process's CPU time per row
// (every goroutine, the collector's included; see benchBatches), and
// file-B/row the data files' size per row.
func BenchmarkWriteParquet(b *testing.B) {
	const rows = 50_000
	s, probs := schema.Resolve(schema.Input{Table: "cloudtrail", ECSFieldNames: cloudTrailECS}, ecs.Default())
	if len(probs) > 0 {
		b.Fatalf("%+v", probs)
	}
	l := openLake(b, b.TempDir(), nil)
	defer l.Close()
	mustEnsure(b, l, s)
	ts, err := l.table("cloudtrail")
	if err != nil {
		b.Fatal(err)
	}
	tbl, as := ts.current()
	c, err := cast.New(as)
	if err != nil {
		b.Fatal(err)
	}
	defer c.Release()
	for i := range rows {
		if err := c.Append(cloudTrailEvent(b, i)); err != nil {
			b.Fatal(err)
		}
	}
	rec := c.NewRecord()
	defer rec.Release()
	tbl, err = withWriteDefaults(tbl, c.DictionaryColumns())
	if err != nil {
		b.Fatal(err)
	}
	benchWrite(b, tbl, rec)
}

// BenchmarkWriteParquetWarehouse is BenchmarkWriteParquet on real rows:
// the cloudtrail_bench table of the warehouse MATANO_BENCH_WAREHOUSE
// names, as `matano ingest` wrote it from bench/ingest's generator (the
// synthetic rows above are a tenth of their size, and the Parquet write's
// cost is mostly in the bytes: zstd was half of it in the ingest
// profile). Skipped without the variable. To make a warehouse:
//
//	go run ./bench/ingest -lines 50000 -o /tmp/ct.jsonl
//	go run ./cmd/matano ingest --dir bench/ingest/dir --source cloudtrail_bench --warehouse /tmp/wh /tmp/ct.jsonl
//
// The table's rows are read back into one record and written as one
// flush, with the dictionary columns of the table's largest data file.
func BenchmarkWriteParquetWarehouse(b *testing.B) {
	dir := os.Getenv("MATANO_BENCH_WAREHOUSE")
	if dir == "" {
		b.Skip("MATANO_BENCH_WAREHOUSE is not set")
	}
	ctx := context.Background()
	l := openLake(b, dir, nil)
	defer l.Close()
	tbl, err := l.cat.LoadTable(ctx, ident("cloudtrail_bench"))
	if err != nil {
		b.Fatal(err)
	}
	as, err := table.SchemaToArrowSchema(tbl.Schema(), nil, true, false)
	if err != nil {
		b.Fatal(err)
	}
	at, err := tbl.Scan().ToArrowTable(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer at.Release()
	cols := make([]arrow.Array, at.NumCols())
	for i := range cols {
		if cols[i], err = array.Concatenate(at.Column(i).Data().Chunks(), memory.DefaultAllocator); err != nil {
			b.Fatal(err)
		}
		defer cols[i].Release()
	}
	rec := array.NewRecordBatch(as, cols, at.NumRows())
	defer rec.Release()
	wtbl, err := withWriteDefaults(tbl, dictionaryColumns(b, dir))
	if err != nil {
		b.Fatal(err)
	}
	benchWrite(b, wtbl, rec)
}

// benchWrite times writing rec to tbl's data files, as a flush does,
// b.N times, and reports the CPU time and the files' size per row. The
// files are removed: nothing commits them, and a warehouse given by the
// user is left as it was.
func benchWrite(b *testing.B, tbl *table.Table, rec arrow.RecordBatch) {
	ctx := context.Background()
	rows := rec.NumRows()
	var size int64
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	for range b.N {
		rec.Retain() // writeDataFiles releases it
		files, err := writeDataFiles(ctx, tbl, rec)
		if err != nil {
			b.Fatal(err)
		}
		size = 0
		for _, f := range files {
			size += f.FileSizeBytes()
			if err := os.Remove(strings.TrimPrefix(f.FilePath(), "file://")); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/float64(rows*int64(b.N)), "cpu-µs/row")
	b.ReportMetric(float64(size)/float64(rows), "file-B/row")
}

// dictionaryColumns returns the Parquet paths of the columns with a
// dictionary page in the largest data file of the warehouse's
// cloudtrail_bench table (a full flush: its caster's sample chose them).
func dictionaryColumns(t testing.TB, dir string) []string {
	files, _ := filepath.Glob(filepath.Join(dir, "matano.db", "cloudtrail_bench", "data", "*", "*.parquet"))
	largest, size := "", int64(-1)
	for _, f := range files {
		if fi, err := os.Stat(f); err == nil && fi.Size() > size {
			largest, size = f, fi.Size()
		}
	}
	if largest == "" {
		t.Fatal("no data files")
	}
	pf, err := file.OpenParquetFile(largest, false)
	if err != nil {
		t.Fatal(err)
	}
	defer pf.Close()
	var cols []string
	rg := pf.MetaData().RowGroup(0)
	for i := range rg.NumColumns() {
		cc, err := rg.ColumnChunk(i)
		if err != nil {
			t.Fatal(err)
		}
		if cc.HasDictionaryPage() {
			cols = append(cols, cc.PathInSchema().String())
		}
	}
	return cols
}
