package lake

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/iceberg-go"

	"github.com/matano-go/matano/compiler/schema"
	"github.com/matano-go/matano/runtime/state"
	"github.com/matano-go/matano/runtime/vrl/value"
)

func prim(k string) *schema.Type { return &schema.Type{Kind: k} }

// testSchema is a small table: ts, message, source{ip, port}.
func testSchema(name string) *schema.Schema {
	return &schema.Schema{Table: name, LastID: 5, Columns: []*schema.Field{
		{ID: 1, Name: "ts", Type: prim("timestamp"), Required: true},
		{ID: 2, Name: "message", Type: prim("string")},
		{ID: 3, Name: "source", Type: &schema.Type{Kind: "struct", Fields: []*schema.Field{
			{ID: 4, Name: "ip", Type: prim("string")},
			{ID: 5, Name: "port", Type: prim("long")},
		}}},
	}}
}

var base = time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC)

func ev(t testing.TB, ts time.Time, js string) value.Value {
	t.Helper()
	v, err := value.FromJSON([]byte(js))
	if err != nil {
		t.Fatal(err)
	}
	v.Obj().Set("ts", value.Timestamp(ts))
	return v
}

func obj(name string) state.Object {
	return state.Object{Path: "file:///logs/" + name, Size: int64(len(name)), SHA256: "sha-" + name}
}

func openLake(t testing.TB, dir string, mod func(*Config)) *Lake {
	t.Helper()
	cfg := Config{Warehouse: dir, Now: func() time.Time { return base }}
	if mod != nil {
		mod(&cfg)
	}
	l, err := Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// webTable opens a lake in a temporary folder (closed with the test)
// with the table web of testSchema, and returns it and the table's state.
func webTable(t *testing.T) (*Lake, *tableState) {
	t.Helper()
	l := openLake(t, t.TempDir(), nil)
	t.Cleanup(func() { l.Close() })
	mustEnsure(t, l, testSchema("web"))
	ts, err := l.table("web")
	if err != nil {
		t.Fatal(err)
	}
	return l, ts
}

func mustEnsure(t testing.TB, l *Lake, s *schema.Schema) {
	t.Helper()
	if err := l.EnsureTable(context.Background(), s); err != nil {
		t.Fatal(err)
	}
}

// ingest adds n good events for obj (spread over two hours) and commits.
func ingest(t testing.TB, l *Lake, o state.Object, tbl string, n int) (CommitResult, error) {
	return ingestBad(t, l, o, tbl, n, false)
}

// ingestBad is ingest with one record that fails the cast when bad.
func ingestBad(t testing.TB, l *Lake, o state.Object, tbl string, n int, bad bool) (CommitResult, error) {
	t.Helper()
	ctx := context.Background()
	b := l.NewBatch()
	if err := b.Begin(ctx, o); err != nil {
		b.Abort()
		return CommitResult{}, err
	}
	for i := 0; i < n; i++ {
		ts := base.Add(time.Duration(i%2) * time.Hour).Add(time.Duration(i) * time.Second)
		e := ev(t, ts, fmt.Sprintf(`{"message":"m%d","source":{"ip":"10.0.0.%d","port":%d}}`, i, i%250, i))
		if err := b.Add(ctx, o, tbl, e); err != nil {
			t.Fatal(err)
		}
	}
	if bad {
		if err := b.Add(ctx, o, tbl, ev(t, base, `{"source":{"port":"80"}}`)); err != nil {
			t.Fatal(err)
		}
	}
	return b.Commit(ctx)
}

func info(t testing.TB, l *Lake, tbl string) TableInfo {
	t.Helper()
	in, err := l.Info(context.Background(), tbl)
	if err != nil {
		t.Fatal(err)
	}
	return in
}

func TestEnsureTable(t *testing.T) {
	ctx := context.Background()
	l := openLake(t, t.TempDir(), nil)
	defer l.Close()
	mustEnsure(t, l, testSchema("web"))

	tbl, err := l.cat.LoadTable(ctx, ident("web"))
	if err != nil {
		t.Fatal(err)
	}
	if v := tbl.Metadata().Version(); v != 2 {
		t.Errorf("format version %d", v)
	}
	spec := tbl.Spec()
	if spec.NumFields() != 1 || spec.Field(0).Transform.String() != "hour" {
		t.Errorf("spec %s", spec)
	}
	if got := tbl.Properties()["write.parquet.compression-codec"]; got != "zstd" {
		t.Errorf("codec %q", got)
	}
	portID, _ := tbl.Schema().FindFieldByName("source.port")

	// Evolve: a new top-level column and a new nested one; ids of existing
	// fields stay, new ones go above the last id.
	s2 := testSchema("web")
	s2.Columns = append(s2.Columns, &schema.Field{ID: 99, Name: "user", Type: prim("string")})
	src := s2.Columns[2].Type
	src.Fields = append(src.Fields, &schema.Field{ID: 98, Name: "domain", Type: prim("string")})
	last := tbl.Metadata().LastColumnID()
	mustEnsure(t, l, s2)
	tbl, _ = l.cat.LoadTable(ctx, ident("web"))
	if got, _ := tbl.Schema().FindFieldByName("source.port"); got.ID != portID.ID {
		t.Errorf("source.port id %d became %d", portID.ID, got.ID)
	}
	for _, n := range []string{"user", "source.domain"} {
		f, ok := tbl.Schema().FindFieldByName(n)
		if !ok || f.ID <= last {
			t.Errorf("%s: %v (last id was %d)", n, f, last)
		}
	}

	if names, err := l.Tables(ctx); err != nil || len(names) != 1 || names[0] != "web" {
		t.Errorf("tables %v %v", names, err)
	}

	// Ensuring the same schema again changes nothing.
	before := tbl.MetadataLocation()
	mustEnsure(t, l, s2)
	tbl, _ = l.cat.LoadTable(ctx, ident("web"))
	if tbl.MetadataLocation() != before {
		t.Errorf("no-op ensure wrote new metadata")
	}

	cases := []struct {
		name string
		edit func(s *schema.Schema)
		want string
	}{
		{"long to string", func(s *schema.Schema) { s.Columns[2].Type.Fields[1].Type = prim("string") },
			"table web: field source.port: cannot change type from long to string"},
		{"struct to string", func(s *schema.Schema) { s.Columns[2].Type = prim("string") },
			"table web: field source: cannot change type from struct<ip:string,port:long,domain:string> to string"},
		{"long to int", func(s *schema.Schema) { s.Columns[2].Type.Fields[1].Type = prim("int") },
			"table web: field source.port: cannot change type from long to int"},
		{"optional to required", func(s *schema.Schema) { s.Columns[1].Required = true },
			"table web: field message: cannot change type from optional string to required string"},
	}
	for _, tc := range cases {
		s := testSchema("web")
		tc.edit(s)
		err := l.EnsureTable(ctx, s)
		var ee *EvolutionError
		if !errors.As(err, &ee) || err.Error() != tc.want {
			t.Errorf("%s: got %v\nwant %s", tc.name, err, tc.want)
		}
	}

	// Promotion int → long is allowed.
	p := &schema.Schema{Table: "promo", Columns: []*schema.Field{
		{ID: 1, Name: "ts", Type: prim("timestamp"), Required: true},
		{ID: 2, Name: "n", Type: prim("int")},
	}}
	mustEnsure(t, l, p)
	p.Columns[1].Type = prim("long")
	mustEnsure(t, l, p)
	tbl, _ = l.cat.LoadTable(ctx, ident("promo"))
	if f, _ := tbl.Schema().FindFieldByName("n"); !f.Type.Equals(iceberg.PrimitiveTypes.Int64) {
		t.Errorf("n is %s after promotion", f.Type)
	}
}

func TestIngestRoundTrip(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	l := openLake(t, dir, nil)
	defer l.Close()
	mustEnsure(t, l, testSchema("web"))
	o := obj("a.json")
	b := l.NewBatch()
	if err := b.Begin(ctx, o); err != nil {
		t.Fatal(err)
	}
	good := []value.Value{
		ev(t, base.Add(5*time.Minute), `{"message":"one","source":{"ip":"1.1.1.1","port":53,"geo":"x"},"extra":true}`),
		ev(t, base.Add(70*time.Minute), `{"message":"two"}`),
		ev(t, base.Add(71*time.Minute), `{"source":{"port":443},"extra":1}`),
	}
	for _, e := range good {
		if err := b.Add(ctx, o, "web", e); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Add(ctx, o, "web", ev(t, base, `{"source":{"port":"80"}}`)); err != nil {
		t.Fatal(err)
	}
	if err := b.Reject(o, "web", KindDecode, "invalid character 'x'", []byte("x not json")); err != nil {
		t.Fatal(err)
	}
	if err := b.Reject(o, "web", KindVRLAbort, "aborted", []byte(`{"a":1}`)); err != nil {
		t.Fatal(err)
	}
	if err := b.Add(ctx, o, "nope", good[0]); err == nil {
		t.Error("Add to an unknown table succeeded")
	}
	res, err := b.Commit(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if res.Rows != 3 || res.Files != 2 {
		t.Errorf("commit %+v, want 3 rows in 2 files (two hours)", res)
	}

	in := info(t, l, "web")
	if in.Rows != 3 || in.Files != 2 || in.Bytes <= 0 || in.SnapshotID != res.Snapshots["web"] || in.Snapshots != 1 {
		t.Errorf("info %+v", in)
	}

	at, err := l.Scan(ctx, "web")
	if err != nil {
		t.Fatal(err)
	}
	defer at.Release()
	if at.NumRows() != 3 {
		t.Fatalf("scan %d rows", at.NumRows())
	}
	msgs := map[string]bool{}
	tr := array.NewTableReader(at, 0)
	defer tr.Release()
	for tr.Next() {
		rec := tr.RecordBatch()
		col := rec.Column(rec.Schema().FieldIndices("message")[0])
		for i := 0; i < col.Len(); i++ {
			if col.IsNull(i) {
				msgs["<null>"] = true
			} else {
				msgs[col.(*array.String).Value(i)] = true
			}
		}
	}
	if !msgs["one"] || !msgs["two"] || !msgs["<null>"] {
		t.Errorf("messages %v", msgs)
	}

	// Data files sit in the table's location, one folder per hour.
	parts, _ := filepath.Glob(filepath.Join(dir, "matano.db", "web", "data", "ts_hour=*"))
	if len(parts) != 2 {
		t.Errorf("partition folders %v", parts)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "matano.db", "web", "data", "ts_hour=*", "*.parquet"))
	if len(files) != 2 {
		t.Fatalf("data files %v", files)
	}
	pf, err := file.OpenParquetFile(files[0], false)
	if err != nil {
		t.Fatal(err)
	}
	defer pf.Close()
	cc, err := pf.MetaData().RowGroup(0).ColumnChunk(0)
	if err != nil {
		t.Fatal(err)
	}
	if cc.Compression() != compress.Codecs.Zstd {
		t.Errorf("codec %v, want zstd", cc.Compression())
	}

	st := l.Stats()
	if st.Read != 6 || st.TotalWritten() != 3 || st.Sidelined[KindCast] != 1 || st.Sidelined[KindDecode] != 1 || st.Aborted != 1 {
		t.Errorf("stats %+v", st)
	}
	if st.Read != st.TotalWritten()+st.TotalSidelined()+st.Aborted {
		t.Errorf("read != written + sidelined + aborted: %+v", st)
	}
	if d := st.Dropped["web"]; d["extra"] != 2 || d["source.geo"] != 1 {
		t.Errorf("dropped %v", st.Dropped)
	}

	f, err := os.Open(filepath.Join(dir, "sideline", "web", "2024-03-01.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lines []SidelineRecord
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var r SidelineRecord
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("%s: %v", sc.Text(), err)
		}
		lines = append(lines, r)
	}
	if len(lines) != 3 {
		t.Fatalf("%d sideline lines", len(lines))
	}
	if lines[0].Kind != KindCast || lines[0].Message != `source.port: expected long, got string "80"` ||
		lines[0].Source != o.Path || !strings.Contains(string(lines[0].Record), `"port":"80"`) {
		t.Errorf("cast line %+v", lines[0])
	}
	if lines[1].Kind != KindDecode || string(lines[1].Record) != `"x not json"` {
		t.Errorf("decode line %+v %s", lines[1], lines[1].Record)
	}

	// The same object again is a no-op.
	if _, err := ingest(t, l, o, "web", 5); !errors.Is(err, ErrAlreadyIngested) {
		t.Errorf("second ingest: %v", err)
	}
	e, _ := l.ObjectStatus(ctx, o)
	if e.Status != state.Done || e.Snapshots["web"] != res.Snapshots["web"] {
		t.Errorf("ledger %+v", e)
	}
}

func TestFlushByRowsOneCommit(t *testing.T) {
	l := openLake(t, t.TempDir(), func(c *Config) { c.FlushRows = 10 })
	defer l.Close()
	mustEnsure(t, l, testSchema("web"))
	res, err := ingest(t, l, obj("big"), "web", 45)
	if err != nil {
		t.Fatal(err)
	}
	in := info(t, l, "web")
	// 5 flushes (10,10,10,10,5 rows), each split over two hours.
	if in.Rows != 45 || in.Files != 10 || in.Snapshots != 1 || res.Files != 10 {
		t.Errorf("info %+v, result %+v", in, res)
	}
}

func TestFlushByAge(t *testing.T) {
	now := base
	l := openLake(t, t.TempDir(), func(c *Config) {
		c.FlushAge = 10 * time.Second
		c.Now = func() time.Time { now = now.Add(time.Second); return now }
	})
	defer l.Close()
	mustEnsure(t, l, testSchema("web"))
	ctx := context.Background()
	b := l.NewBatch()
	o := obj("slow")
	if err := b.Begin(ctx, o); err != nil {
		t.Fatal(err)
	}
	if err := l.NewBatch().Begin(ctx, o); !errors.Is(err, ErrInProgress) {
		t.Errorf("second Begin of a live object: %v", err)
	}
	for i := 0; i < 25; i++ {
		// All in one hour, so each flush writes one file.
		if err := b.Add(ctx, o, "web", ev(t, base, `{"message":"x"}`)); err != nil {
			t.Fatal(err)
		}
	}
	w := b.writers["web"]
	if err := w.wait(); err != nil { // the last flush writes in the background
		t.Fatal(err)
	}
	if got := len(w.files); got != 2 {
		t.Errorf("%d files written by age before commit, want 2", got)
	}
	res, err := b.Commit(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if res.Files != 3 || res.Rows != 25 {
		t.Errorf("result %+v", res)
	}
}

// TestKill simulates a process dying at the two dangerous points and
// checks that the re-run neither loses nor duplicates rows.
func TestKill(t *testing.T) {
	killed := errors.New("killed")
	for _, point := range []string{"after write", "after commit"} {
		t.Run(point, func(t *testing.T) {
			dir := t.TempDir()
			o := obj("k.json")
			l := openLake(t, dir, func(c *Config) {
				h := func() error { return killed }
				if point == "after write" {
					c.afterWrite = h
				} else {
					c.afterCommit = h
				}
			})
			mustEnsure(t, l, testSchema("web"))
			if _, err := ingestBad(t, l, o, "web", 20, true); !errors.Is(err, killed) {
				t.Fatalf("first run: %v", err)
			}
			l.Close()

			l = openLake(t, dir, nil)
			defer l.Close()
			mustEnsure(t, l, testSchema("web"))
			if e, _ := l.ObjectStatus(context.Background(), o); e.Status != state.Started {
				t.Fatalf("after kill the ledger says %s", e.Status)
			}
			if _, err := ingestBad(t, l, o, "web", 20, true); err != nil {
				t.Fatal(err)
			}
			in := info(t, l, "web")
			if in.Rows != 20 {
				t.Errorf("rows %d after recovery, want 20", in.Rows)
			}
			if e, _ := l.ObjectStatus(context.Background(), o); e.Status != state.Done || e.Snapshots["web"] != in.SnapshotID || e.Attempts != 2 {
				t.Errorf("ledger after recovery %+v (current snapshot %d)", e, in.SnapshotID)
			}
			st := l.Stats()
			wantRecovered := int64(0)
			if point == "after commit" {
				wantRecovered = 20
			}
			if st.Recovered != wantRecovered || st.TotalWritten() != 20 || st.Sidelined[KindCast] != 1 || st.Read != 21 {
				t.Errorf("stats %+v", st)
			}
			// The killed run died before its sideline was written; the
			// re-run writes it once.
			side, _ := os.ReadFile(filepath.Join(dir, "sideline", "web", "2024-03-01.jsonl"))
			if n := strings.Count(string(side), "\n"); n != 1 {
				t.Errorf("%d sideline lines after recovery:\n%s", n, side)
			}
			if _, err := ingest(t, l, o, "web", 20); !errors.Is(err, ErrAlreadyIngested) {
				t.Errorf("third run: %v", err)
			}
			// The killed run's data files are orphans only when it died
			// before committing them.
			deleted, err := l.RemoveOrphans(context.Background(), "web", 0)
			if err != nil {
				t.Fatal(err)
			}
			var data int
			for _, p := range deleted {
				if strings.Contains(p, "/data/") {
					data++
				}
			}
			if wantData := map[string]int{"after write": 2, "after commit": 0}[point]; data != wantData {
				t.Errorf("orphan data files deleted: %d, want %d (%v)", data, wantData, deleted)
			}
			at, err := l.Scan(context.Background(), "web")
			if err != nil {
				t.Fatal(err)
			}
			defer at.Release()
			if at.NumRows() != 20 {
				t.Errorf("scan after orphan cleanup: %d rows", at.NumRows())
			}
			if in := info(t, l, "web"); in.Rows != 20 {
				t.Errorf("rows %d after third run", in.Rows)
			}
		})
	}
}

// TestConcurrentWriters runs two lakes (two processes' worth of catalog
// handles and committers) on one warehouse, each with two batches at a
// time, and checks that no batch is lost.
func TestConcurrentWriters(t *testing.T) {
	dir := t.TempDir()
	const lakes, workers, batches, rows = 2, 2, 4, 25
	var ls []*Lake
	for i := 0; i < lakes; i++ {
		l := openLake(t, dir, nil)
		defer l.Close()
		mustEnsure(t, l, testSchema("web"))
		ls = append(ls, l)
	}
	var wg sync.WaitGroup
	errs := make(chan error, lakes*workers*batches)
	for li, l := range ls {
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for b := 0; b < batches; b++ {
					if _, err := ingest(t, l, obj(fmt.Sprintf("l%d-w%d-b%d", li, w, b)), "web", rows); err != nil {
						errs <- err
					}
				}
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	want := int64(lakes * workers * batches * rows)
	t.Logf("commit retries: %d and %d", ls[0].Stats().CommitRetries, ls[1].Stats().CommitRetries)
	if in := info(t, ls[0], "web"); in.Rows != want {
		t.Errorf("rows %d, want %d (%+v)", in.Rows, want, in)
	}
	at, err := ls[1].Scan(context.Background(), "web")
	if err != nil {
		t.Fatal(err)
	}
	defer at.Release()
	if at.NumRows() != want {
		t.Errorf("scan %d rows, want %d", at.NumRows(), want)
	}
}

func TestCompactAndExpire(t *testing.T) {
	ctx := context.Background()
	l := openLake(t, t.TempDir(), nil)
	defer l.Close()
	mustEnsure(t, l, testSchema("web"))
	for i := 0; i < 3; i++ {
		if _, err := ingest(t, l, obj(fmt.Sprint("c", i)), "web", 10); err != nil {
			t.Fatal(err)
		}
	}
	before := info(t, l, "web")
	if before.Files != 6 || before.Rows != 30 {
		t.Fatalf("before %+v", before)
	}
	res, err := l.Compact(ctx, "web", 0)
	if err != nil {
		t.Fatal(err)
	}
	after := info(t, l, "web")
	if after.Rows != 30 || after.Files != 2 || res.FilesBefore != 6 || res.FilesNew != 2 {
		t.Errorf("after %+v, result %+v", after, res)
	}
	if _, err := l.ExpireSnapshots(ctx, "web", 0); err != nil {
		t.Fatal(err)
	}
	exp := info(t, l, "web")
	if exp.Snapshots != 1 || exp.Rows != 30 {
		t.Errorf("after expiry %+v", exp)
	}
	at, err := l.Scan(ctx, "web")
	if err != nil {
		t.Fatal(err)
	}
	defer at.Release()
	if at.NumRows() != 30 {
		t.Errorf("scan after maintenance: %d rows", at.NumRows())
	}
}

// TestFlushStartsLastWriteAtOnce: Batch.Flush starts the last buffer's
// write while the previous one may still be running; the files come back
// in flush order and nothing is lost.
func TestFlushStartsLastWriteAtOnce(t *testing.T) {
	l := openLake(t, t.TempDir(), func(c *Config) { c.FlushRows = 10 })
	defer l.Close()
	mustEnsure(t, l, testSchema("web"))
	ctx := context.Background()
	b := l.NewBatch()
	o := obj("two-writes")
	if err := b.Begin(ctx, o); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 12; i++ {
		// One hour: each flush writes one file. The 10th row starts the
		// first write; rows 11 and 12 stay below FlushRows/writeOverlap,
		// so Add does not wait for it.
		if err := b.Add(ctx, o, "web", ev(t, base, `{"message":"x"}`)); err != nil {
			t.Fatal(err)
		}
	}
	w := b.writers["web"]
	if len(w.writes) != 1 {
		t.Fatalf("%d writes in flight after 12 rows, want 1", len(w.writes))
	}
	if err := b.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if len(w.writes) != 0 || len(w.files) != 2 {
		t.Fatalf("after Flush: %d writes in flight, %d files; want 0 and 2", len(w.writes), len(w.files))
	}
	if r0, r1 := w.files[0].Count(), w.files[1].Count(); r0 != 10 || r1 != 2 {
		t.Errorf("files hold %d and %d rows, want 10 and 2 (flush order)", r0, r1)
	}
	res, err := b.Commit(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if res.Files != 2 || res.Rows != 12 {
		t.Errorf("result %+v", res)
	}
}

// TestFlushSplitsLargeLastBuffer: a last buffer of at least two row
// groups is written as two files (by two goroutines), halves in order.
func TestFlushSplitsLargeLastBuffer(t *testing.T) {
	l := openLake(t, t.TempDir(), nil)
	defer l.Close()
	mustEnsure(t, l, testSchema("web"))
	ctx := context.Background()
	for _, tc := range []struct{ rows, files int }{{2*rowGroupRows - 1, 1}, {2*rowGroupRows + 1, 2}} {
		b := l.NewBatch()
		o := obj(fmt.Sprintf("rows-%d", tc.rows))
		if err := b.Begin(ctx, o); err != nil {
			t.Fatal(err)
		}
		e := ev(t, base, `{"message":"x"}`) // one hour: one file a part
		for range tc.rows {
			if err := b.Add(ctx, o, "web", e); err != nil {
				t.Fatal(err)
			}
		}
		if err := b.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		w := b.writers["web"]
		if len(w.files) != tc.files {
			t.Fatalf("%d rows: %d files, want %d", tc.rows, len(w.files), tc.files)
		}
		var sum int64
		for _, f := range w.files {
			sum += f.Count()
		}
		if sum != int64(tc.rows) || tc.files == 2 && w.files[0].Count() != int64(tc.rows/2) {
			t.Errorf("%d rows: files hold %d in all, the first %d", tc.rows, sum, w.files[0].Count())
		}
		if res, err := b.Commit(ctx); err != nil || res.Rows != int64(tc.rows) {
			t.Fatalf("commit: %+v %v", res, err)
		}
	}
}
