package lake

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/iceberg-go"
	"github.com/apache/iceberg-go/table"

	"github.com/matano-go/matano/runtime/lake/cast"
)

// TestHourRuns pins where writeDataFiles splits a record: one run per
// hour of ts when each hour's rows are consecutive, and no split (nil)
// for one hour, for an hour whose rows come in two runs, and for a time
// before 1970 in the same floor hour as its neighbours (Iceberg's hour
// transform floors).
func TestHourRuns(t *testing.T) {
	_, ts := webTable(t)
	tbl, as := ts.current()
	h := func(hour, min int) time.Time {
		return base.Add(time.Duration(hour)*time.Hour + time.Duration(min)*time.Minute)
	}
	epoch := time.Unix(0, 0).UTC()
	tests := []struct {
		name  string
		times []time.Time
		want  string
	}{
		{"one hour", []time.Time{h(0, 1), h(0, 5), h(0, 59)}, "[]"},
		{"two hours", []time.Time{h(0, 1), h(0, 59), h(1, 0), h(1, 2)}, "[[0 2] [2 4]]"},
		{"three hours", []time.Time{h(0, 1), h(1, 0), h(1, 2), h(1, 3), h(2, 0)}, "[[0 1] [1 4] [4 5]]"},
		{"hour revisited", []time.Time{h(0, 1), h(1, 0), h(0, 2)}, "[]"},
		{"unordered in hour", []time.Time{h(0, 30), h(0, 1), h(1, 40), h(1, 10)}, "[[0 2] [2 4]]"},
		{"one row", []time.Time{h(0, 1)}, "[]"},
		{"before 1970", []time.Time{epoch.Add(-time.Hour), epoch.Add(-time.Microsecond), epoch, epoch.Add(time.Minute)}, "[[0 2] [2 4]]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := cast.New(as)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Release()
			for i, at := range tt.times {
				if err := c.Append(ev(t, at, fmt.Sprintf(`{"message":"m%d"}`, i))); err != nil {
					t.Fatal(err)
				}
			}
			rec := c.NewRecord()
			defer rec.Release()
			runs := hourRuns(tbl, rec)
			if got := fmt.Sprint(runs); got != tt.want && !(tt.want == "[]" && runs == nil) {
				t.Errorf("runs %s, want %s", got, tt.want)
			}
			if tt.want == "[]" && runs != nil {
				t.Errorf("runs %v, want none", runs)
			}
		})
	}
}

// TestHourRunsNotApplied checks the cases where the split must not
// apply: a record with a null ts and a table partitioned otherwise.
func TestHourRunsNotApplied(t *testing.T) {
	_, ts := webTable(t)
	tbl, as := ts.current()

	// A nullable ts with a null, hours otherwise in two runs.
	fields := slices.Clone(as.Fields())
	fields[0].Nullable = true
	nullable := arrow.NewSchema(fields, nil)
	b := array.NewRecordBuilder(memory.DefaultAllocator, nullable)
	defer b.Release()
	tb := b.Field(0).(*array.TimestampBuilder)
	tb.Append(arrow.Timestamp(base.UnixMicro()))
	tb.AppendNull()
	tb.Append(arrow.Timestamp(base.Add(time.Hour).UnixMicro()))
	for i := 1; i < len(fields); i++ {
		b.Field(i).AppendNulls(3)
	}
	rec := b.NewRecordBatch()
	defer rec.Release()
	if runs := hourRuns(tbl, rec); runs != nil {
		t.Errorf("null ts: runs %v", runs)
	}

	// The same hours with every ts set do split, so the cases above and
	// below fail for the reason they name.
	tb.Append(arrow.Timestamp(base.UnixMicro()))
	tb.Append(arrow.Timestamp(base.Add(time.Hour).UnixMicro()))
	for i := 1; i < len(fields); i++ {
		b.Field(i).AppendNulls(2)
	}
	good := b.NewRecordBatch()
	defer good.Release()
	if runs := hourRuns(tbl, good); len(runs) != 2 {
		t.Fatalf("all ts set: runs %v, want two", runs)
	}

	// A table partitioned by day: no split.
	mb, err := table.MetadataBuilderFromBase(tbl.Metadata(), tbl.MetadataLocation())
	if err != nil {
		t.Fatal(err)
	}
	spec := iceberg.NewPartitionSpecID(1, iceberg.PartitionField{SourceIDs: []int{1}, FieldID: 1001, Name: "ts_day", Transform: iceberg.DayTransform{}})
	if err := mb.AddPartitionSpec(&spec, false); err != nil {
		t.Fatal(err)
	}
	if err := mb.SetDefaultSpecID(1); err != nil {
		t.Fatal(err)
	}
	meta, err := mb.Build()
	if err != nil {
		t.Fatal(err)
	}
	daily := table.New(tbl.Identifier(), meta, tbl.MetadataLocation(), tbl.FS, nil)
	if !strings.Contains(daily.Spec().String(), "day") {
		t.Fatalf("spec %s", daily.Spec())
	}
	if runs := hourRuns(daily, good); runs != nil {
		t.Errorf("daily table: runs %v", runs)
	}
}

// TestWriteSplitByHour writes a batch whose rows span three hours in
// order, so each flush goes to iceberg-go as one slice per hour, and
// checks the data files: one per hour, with that hour's rows.
func TestWriteSplitByHour(t *testing.T) {
	l := openLake(t, t.TempDir(), nil)
	defer l.Close()
	mustEnsure(t, l, testSchema("web"))
	ctx := context.Background()
	b := l.NewBatch()
	o := obj("hours")
	if err := b.Begin(ctx, o); err != nil {
		t.Fatal(err)
	}
	per := []int{70, 130, 30}
	for hour, n := range per {
		for i := range n {
			at := base.Add(time.Duration(hour)*time.Hour + time.Duration(i)*time.Second)
			if err := b.Add(ctx, o, "web", ev(t, at, fmt.Sprintf(`{"message":"h%d-%d","source":{"port":%d}}`, hour, i, i))); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := b.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	w := b.writers["web"]
	var got []string
	for _, f := range w.files {
		got = append(got, fmt.Sprintf("%v:%d", f.Partition(), f.Count()))
	}
	slices.Sort(got)
	if len(got) != 3 {
		t.Fatalf("files %v", got)
	}
	if _, err := b.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	var counts []int64
	for _, f := range w.files {
		counts = append(counts, f.Count())
	}
	slices.Sort(counts)
	if fmt.Sprint(counts) != "[30 70 130]" {
		t.Errorf("rows per file %v (%v)", counts, got)
	}
	// Every row reads back, each in its hour's file.
	tbl, err := l.cat.LoadTable(ctx, ident("web"))
	if err != nil {
		t.Fatal(err)
	}
	at, err := tbl.Scan().ToArrowTable(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer at.Release()
	tr := array.NewTableReader(at, -1)
	defer tr.Release()
	seen := map[string]bool{}
	for tr.Next() {
		r := tr.RecordBatch()
		tsCol := r.Column(0).(*array.Timestamp)
		msg := r.Column(1).(*array.String)
		for i := range int(r.NumRows()) {
			m := msg.Value(i)
			var hour, n int
			if _, err := fmt.Sscanf(m, "h%d-%d", &hour, &n); err != nil {
				t.Fatalf("row %q: %v", m, err)
			}
			want := base.Add(time.Duration(hour)*time.Hour + time.Duration(n)*time.Second)
			if got := time.UnixMicro(int64(tsCol.Value(i))).UTC(); !got.Equal(want) {
				t.Errorf("row %s: ts %v, want %v", m, got, want)
			}
			seen[m] = true
		}
	}
	if len(seen) != 230 {
		t.Errorf("read back %d distinct rows, want 230", len(seen))
	}
}
