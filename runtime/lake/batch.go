package lake

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/iceberg-go"
	"github.com/apache/iceberg-go/table"

	"github.com/matano-go/matano/runtime/lake/cast"
	"github.com/matano-go/matano/runtime/state"
	"github.com/matano-go/matano/runtime/vrl/value"
)

// Batch ingests a set of source objects and commits them together: one
// commit per table for all of the batch's rows in that table. A Batch is
// used by one goroutine; run several batches for parallelism.
type Batch struct {
	l       *Lake
	objects []state.Object
	// recovering holds objects an earlier run started and never finished;
	// committed caches, per object key and table, the snapshot of that
	// table that already names the object (0: none).
	recovering map[string]bool
	committed  map[[2]string]int64
	writers    map[string]*tableWriter
	sidelined  []SidelineRecord
	stats      Stats
	finished   bool
	// unhashed counts the objects joined by BeginUnhashed and not yet
	// resolved: Commit refuses while any is (pending.go).
	unhashed int
	// last caches the most recent object and its key: events arrive in
	// runs per object, and Key hashes (a profile of BenchmarkIngest showed
	// it as most of Add's allocations).
	lastObj state.Object
	lastKey string
}

// tableWriter buffers one table's rows for one batch and writes them to
// data files.
type tableWriter struct {
	ts      *tableState
	caster  *cast.Caster
	first   time.Time // when the oldest buffered row arrived
	files   []iceberg.DataFile
	rows    int64 // rows cast (buffered or written)
	objects map[string]bool
	// writes are the flushes being written, oldest first; writeErr is
	// the first failure among those waited for. A buffer is written in
	// the background while the caster fills the next: Parquet encoding
	// and zstd were a sixth of an ingest's CPU, and with the write inline
	// the whole pipeline (decoder, transform workers) stalled behind it.
	// While a buffer is being written the next one may fill to
	// 1/writeOverlap of Config.FlushRows / FlushBytes, then Add waits, so
	// in steady state one write is in flight and the memory bound stays
	// close to the synchronous writer's. Batch.Flush starts the last
	// buffer's write without waiting for the previous one, so the two
	// run on two cores instead of one after the other while everything
	// else is idle (the end of every batch).
	writes   []*dataWrite
	writeErr error
}

// dataWrite is one buffer's write to data files; files and err are set
// when done is closed.
type dataWrite struct {
	done  chan struct{}
	files []iceberg.DataFile
	err   error
}

// NewBatch starts a batch.
func (l *Lake) NewBatch() *Batch {
	return &Batch{l: l, recovering: map[string]bool{}, committed: map[[2]string]int64{},
		writers: map[string]*tableWriter{}, stats: newStats()}
}

// Begin records obj as started. It returns ErrAlreadyIngested if obj was
// done earlier (skip it: no event of it may be added) and ErrInProgress if
// another live batch has it.
func (b *Batch) Begin(ctx context.Context, obj state.Object) error {
	key := obj.Key()
	b.l.mu.Lock()
	if b.l.inflight[key] {
		b.l.mu.Unlock()
		return ErrInProgress
	}
	b.l.inflight[key] = true
	b.l.mu.Unlock()
	st, err := b.l.ledger.Begin(ctx, obj)
	if err == nil && st == state.Done {
		err = ErrAlreadyIngested
	}
	if err != nil {
		b.l.mu.Lock()
		delete(b.l.inflight, key)
		b.l.mu.Unlock()
		return err
	}
	if st == state.Started {
		b.recovering[key] = true
	}
	b.objects = append(b.objects, obj)
	return nil
}

// begun checks that obj was begun in this batch and returns its key.
func (b *Batch) begun(obj state.Object) (string, error) {
	if b.lastKey != "" && obj == b.lastObj {
		return b.lastKey, nil
	}
	for _, o := range b.objects {
		if o == obj {
			b.lastObj, b.lastKey = obj, obj.Key()
			return b.lastKey, nil
		}
	}
	return "", fmt.Errorf("lake: object %s was not begun in this batch", obj.Path)
}

// Add casts ev into a row of tableName. A record that does not fit the
// schema is sidelined (kind cast) and Add returns nil: only failures of the
// lake itself (unknown table, a file that cannot be written) are errors.
func (b *Batch) Add(ctx context.Context, obj state.Object, tableName string, ev value.Value) error {
	if b.finished {
		return errors.New("lake: batch already committed")
	}
	key, err := b.begun(obj)
	if err != nil {
		return err
	}
	w, err := b.writer(tableName)
	if err != nil {
		return err
	}
	b.stats.Read++
	if b.recovering[key] {
		done, err := b.alreadyCommitted(ctx, w.ts, key)
		if err != nil {
			return err
		}
		if done {
			// The row is in the table if it fits; if it does not, the
			// killed run may have died before writing its sideline, so
			// it is sidelined again.
			if err := w.caster.Check(ev); err != nil {
				return b.castFailed(obj, tableName, ev, err)
			}
			b.stats.Written[tableName]++
			b.stats.Recovered++
			return nil
		}
	}
	if err := w.caster.Append(ev); err != nil {
		return b.castFailed(obj, tableName, ev, err)
	}
	if w.caster.Len() == 1 {
		w.first = b.l.cfg.Now()
	}
	w.rows++
	w.objects[key] = true
	if len(w.writes) > 0 && (w.caster.Len() >= b.l.cfg.FlushRows/writeOverlap || w.caster.Bytes() >= b.l.cfg.FlushBytes/writeOverlap) {
		// The background write may overlap with filling the start of the
		// next buffer, no more (see tableWriter.writing).
		if err := w.wait(); err != nil {
			return err
		}
	}
	if w.caster.Len() >= b.l.cfg.FlushRows || w.caster.Bytes() >= b.l.cfg.FlushBytes ||
		b.l.cfg.Now().Sub(w.first) >= b.l.cfg.FlushAge {
		return w.flush(ctx)
	}
	return nil
}

func (b *Batch) castFailed(obj state.Object, tableName string, ev value.Value, err error) error {
	var ce *cast.Error
	if !errors.As(err, &ce) {
		return err
	}
	b.reject(obj, tableName, KindCast, err.Error(), value.AppendJSON(nil, ev))
	return nil
}

// Reject records an event that never reached the cast: a line that did
// not decode (KindDecode), a transform error (KindVRLError) or abort
// (KindVRLAbort). raw is the record as JSON, or the undecodable bytes.
func (b *Batch) Reject(obj state.Object, tableName string, kind Kind, msg string, raw []byte) error {
	if _, err := b.begun(obj); err != nil {
		return err
	}
	b.stats.Read++
	b.reject(obj, tableName, kind, msg, raw)
	return nil
}

func (b *Batch) reject(obj state.Object, tableName string, kind Kind, msg string, raw []byte) {
	if kind == KindVRLAbort {
		b.stats.Aborted++
	} else {
		b.stats.Sidelined[kind]++
	}
	b.sidelined = append(b.sidelined, SidelineRecord{
		Time: b.l.cfg.Now().UTC(), Source: obj.Path, Table: tableName, Kind: kind, Message: msg, Record: rawRecord(raw),
	})
}

func (b *Batch) writer(tableName string) (*tableWriter, error) {
	if w, ok := b.writers[tableName]; ok {
		return w, nil
	}
	ts, err := b.l.table(tableName)
	if err != nil {
		return nil, err
	}
	c := ts.takeCaster()
	if c == nil {
		_, as := ts.current()
		if c, err = cast.New(as); err != nil {
			return nil, fmt.Errorf("table %s: %w", tableName, err)
		}
	}
	w := &tableWriter{ts: ts, caster: c, objects: map[string]bool{}}
	b.writers[tableName] = w
	return w, nil
}

// alreadyCommitted reports whether a snapshot of the table names the
// object (see the package doc). The table is reloaded once per object and
// table, as a commit by the earlier run may be newer than our handle.
func (b *Batch) alreadyCommitted(ctx context.Context, ts *tableState, key string) (bool, error) {
	ck := [2]string{key, ts.name}
	if v, ok := b.committed[ck]; ok {
		return v != 0, nil
	}
	tbl, err := b.l.cat.LoadTable(ctx, ident(ts.name))
	if err != nil {
		return false, err
	}
	var snap int64
	if s := findObject(tbl, key); s != nil {
		snap = s.SnapshotID
	}
	b.committed[ck] = snap
	return snap != 0, nil
}

// Summary properties Matano writes on its snapshots.
const (
	propObjects  = "matano.objects"   // space-separated ledger keys
	propCommitID = "matano.commit-id" // unique per commit attempt group
)

func findObject(tbl *table.Table, key string) *table.Snapshot {
	snaps := tbl.Metadata().Snapshots()
	for i := range snaps {
		s := &snaps[i]
		if s.Summary == nil {
			continue
		}
		for _, k := range strings.Fields(s.Summary.Properties[propObjects]) {
			if k == key {
				return s
			}
		}
	}
	return nil
}

// Flush writes every table's buffered rows to data files now (nothing is
// committed). Add flushes by size and age on its own; a caller that pauses
// between events (a slow stream) calls Flush to bound how long rows sit in
// memory.
func (b *Batch) Flush(ctx context.Context) error {
	// Start every table's last write first, then wait for all of them:
	// they (and a write still in flight) run in parallel. A large last
	// buffer is written as two files by two goroutines: the end of a
	// batch has nothing else to do, and one Parquet writer left a core
	// idle for a tenth of bench/ingest's run (0.34–0.42 s of 3.8 s).
	for _, w := range b.writers {
		parts := 1
		if w.caster.Len() >= 2*rowGroupRows {
			parts = 2
		}
		w.start(ctx, parts)
	}
	for _, w := range b.writers {
		if err := w.wait(); err != nil {
			return err
		}
	}
	return nil
}

// flush starts writing the buffered rows to data files (one or more per
// hour of ts) in the table's data location, after waiting for the
// previous write. Nothing is committed. A failed write is reported by the
// next flush or wait.
func (w *tableWriter) flush(ctx context.Context) error {
	if err := w.wait(); err != nil {
		return err
	}
	w.start(ctx, 1)
	return nil
}

// start starts writing the buffered rows in the background, whatever is
// in flight, as parts data files of consecutive rows (per partition).
func (w *tableWriter) start(ctx context.Context, parts int) {
	if w.caster.Len() == 0 {
		return
	}
	rec := w.caster.NewRecord()
	defer rec.Release()
	tbl, _ := w.ts.current()
	tbl, err := withWriteDefaults(tbl, w.caster.DictionaryColumns())
	if err != nil {
		wr := &dataWrite{done: make(chan struct{}), err: fmt.Errorf("table %s: %w", w.ts.name, err)}
		close(wr.done)
		w.writes = append(w.writes, wr)
		return
	}
	n := rec.NumRows()
	for i := range int64(parts) {
		part := rec.NewSlice(n*i/int64(parts), n*(i+1)/int64(parts))
		wr := &dataWrite{done: make(chan struct{})}
		w.writes = append(w.writes, wr)
		go func() {
			defer close(wr.done)
			wr.files, wr.err = writeDataFiles(ctx, tbl, part)
			if wr.err != nil {
				wr.err = fmt.Errorf("table %s: write data files: %w", w.ts.name, wr.err)
			}
		}()
	}
}

// writeDataFiles writes rec to data files of tbl (one or more per
// partition) and releases rec. One batch is trivially clustered by
// partition, so the clustered writer applies: it holds one partition's
// Parquet writer at a time instead of a fan-out of workers with a writer
// each (less memory, and no extra goroutines competing with the transform
// for the cores).
//
// A record whose rows fall in two or more hours is handed over as one
// slice per hour when each hour's rows are consecutive (events come in
// time order, so a flush that straddles an hour is two runs): iceberg-go
// passes a record that is all one partition through as it is, but copies
// each partition of a mixed one out with a Take kernel, which was 2.4%
// of a 200,000-line ingest's CPU (every string of the record copied
// again) and as much memory again as the record while it ran.
func writeDataFiles(ctx context.Context, tbl *table.Table, rec arrow.RecordBatch) ([]iceberg.DataFile, error) {
	var files []iceberg.DataFile
	records := func(yield func(arrow.RecordBatch, error) bool) { yield(rec, nil) }
	if runs := hourRuns(tbl, rec); runs != nil {
		// WriteRecords releases each slice; rec is ours to release.
		records = func(yield func(arrow.RecordBatch, error) bool) {
			defer rec.Release()
			for _, r := range runs {
				if !yield(rec.NewSlice(r[0], r[1]), nil) {
					return
				}
			}
		}
	}
	for df, err := range table.WriteRecords(ctx, tbl, rec.Schema(), records, table.WithClusteredWrite(), table.WithParquetRowGroupLimit(rowGroupRows)) {
		if err != nil {
			return nil, err
		}
		files = append(files, df)
	}
	return files, nil
}

// hourRuns returns the row ranges [start, end) of rec that each hold the
// rows of one hour of ts, in order, if tbl is partitioned by hour(ts)
// alone (as EnsureTable makes every table) and each hour's rows are
// consecutive. It returns nil when there is nothing to split (one hour)
// or the split does not apply: another partition spec, a ts column that
// is not a timestamp in microseconds or has nulls, or an hour whose rows
// come in two runs (iceberg-go's clustered writer would reject the second
// as a partition revisited; given the whole record it groups them).
func hourRuns(tbl *table.Table, rec arrow.RecordBatch) [][2]int64 {
	spec := tbl.Spec()
	tsField, ok := tbl.Schema().FindFieldByName("ts")
	if !ok || spec.NumFields() != 1 || rec.NumRows() < 2 {
		return nil
	}
	if pf := spec.Field(0); len(pf.SourceIDs) != 1 || pf.SourceIDs[0] != tsField.ID || pf.Transform != (iceberg.HourTransform{}) {
		return nil
	}
	idx := rec.Schema().FieldIndices("ts")
	if len(idx) != 1 {
		return nil
	}
	col, ok := rec.Column(idx[0]).(*array.Timestamp)
	if !ok || col.NullN() > 0 || col.DataType().(*arrow.TimestampType).Unit != arrow.Microsecond {
		return nil
	}
	const hourMicros = int64(time.Hour / time.Microsecond)
	hour := func(us arrow.Timestamp) int64 { // floor, as Iceberg's hour transform
		h := int64(us) / hourMicros
		if int64(us)%hourMicros < 0 {
			h--
		}
		return h
	}
	vals := col.TimestampValues()
	var runs [][2]int64
	seen := map[int64]bool{}
	start, cur := 0, hour(vals[0])
	for i := 1; i <= len(vals); i++ {
		var h int64
		if i < len(vals) {
			if h = hour(vals[i]); h == cur {
				continue
			}
		}
		if seen[cur] {
			return nil // an hour's rows in two runs
		}
		seen[cur] = true
		runs = append(runs, [2]int64{int64(start), int64(i)})
		start, cur = i, h
	}
	if len(runs) < 2 {
		return nil
	}
	return runs
}

// wait waits for the writes in flight and collects their files, in the
// order the buffers were flushed.
func (w *tableWriter) wait() error {
	for _, wr := range w.writes {
		<-wr.done
		w.files = append(w.files, wr.files...)
		if wr.err != nil && w.writeErr == nil {
			w.writeErr = wr.err
		}
	}
	clear(w.writes)
	w.writes = w.writes[:0]
	return w.writeErr
}

// CommitResult says what a batch committed.
type CommitResult struct {
	// Snapshots maps each table that got rows to its commit's snapshot.
	Snapshots map[string]int64
	Files     int
	Rows      int64
}

// Commit writes the remaining rows, commits each table's files in one
// commit, writes the sideline and marks the batch's objects done. On an
// error the objects stay started; ingesting them again later is safe.
func (b *Batch) Commit(ctx context.Context) (CommitResult, error) {
	if b.finished {
		return CommitResult{}, errors.New("lake: batch already committed")
	}
	if b.unhashed > 0 {
		return CommitResult{}, fmt.Errorf("lake: %d object(s) of the batch were never resolved to their identity", b.unhashed)
	}
	b.finished = true
	defer b.release()
	res := CommitResult{Snapshots: map[string]int64{}}
	if err := b.Flush(ctx); err != nil {
		return res, err
	}
	if h := b.l.cfg.afterWrite; h != nil {
		if err := h(); err != nil {
			return res, err
		}
	}
	type pending struct {
		w     *tableWriter
		req   *commitReq
		table string
	}
	var waits []pending
	for name, w := range b.writers {
		if len(w.files) == 0 {
			continue
		}
		req := &commitReq{ctx: ctx, files: w.files, objects: keys(w.objects), reply: make(chan commitReply, 1)}
		if err := b.l.submit(w.ts, req); err != nil {
			return res, err
		}
		waits = append(waits, pending{w, req, name})
	}
	var errs []error
	for _, p := range waits {
		r := <-p.req.reply
		if r.err != nil {
			errs = append(errs, fmt.Errorf("table %s: commit: %w", p.table, r.err))
			continue
		}
		res.Snapshots[p.table] = r.snapshot
		res.Files += len(p.w.files)
		res.Rows += p.w.rows
		b.stats.Written[p.table] += p.w.rows
		b.stats.Commits++
		b.stats.Files += int64(len(p.w.files))
	}
	if err := errors.Join(errs...); err != nil {
		return res, err
	}
	if h := b.l.cfg.afterCommit; h != nil {
		if err := h(); err != nil {
			return res, err
		}
	}
	if err := b.l.sideline.Write(b.sidelined); err != nil {
		return res, fmt.Errorf("sideline: %w", err)
	}
	perObject := map[string]map[string]int64{}
	for ck, snap := range b.committed {
		if snap != 0 {
			if perObject[ck[0]] == nil {
				perObject[ck[0]] = map[string]int64{}
			}
			perObject[ck[0]][ck[1]] = snap
		}
	}
	for name, w := range b.writers {
		snap, ok := res.Snapshots[name]
		if !ok {
			continue
		}
		for k := range w.objects {
			if perObject[k] == nil {
				perObject[k] = map[string]int64{}
			}
			perObject[k][name] = snap
		}
	}
	if err := b.l.ledger.Done(ctx, b.objects, perObject); err != nil {
		return res, fmt.Errorf("ledger: %w", err)
	}
	for name, w := range b.writers {
		d := w.caster.Dropped()
		if len(d) == 0 {
			continue
		}
		m := map[string]int64{}
		for p, n := range d {
			m[p] = int64(n)
		}
		b.stats.Dropped[name] = m
	}
	b.l.mu.Lock()
	b.l.stats.add(b.stats)
	b.l.mu.Unlock()
	return res, nil
}

// Abort drops the batch without committing; its objects stay started.
func (b *Batch) Abort() {
	if !b.finished {
		b.finished = true
		b.release()
	}
}

func (b *Batch) release() {
	for _, w := range b.writers {
		_ = w.wait() // an aborted batch's files are orphans; its error is moot
		w.ts.putCaster(w.caster)
	}
	b.l.mu.Lock()
	for _, o := range b.objects {
		delete(b.l.inflight, o.Key())
	}
	b.l.mu.Unlock()
}

// takeCaster returns the caster a finished batch left for the table if it
// was built for the table's current schema (equal, field ids included:
// every commit reloads the schema), else nil. A caster carries the
// sizes of its last record into its next (cast.Caster reserves its
// builders from them), and compiling one for a wide ECS table builds
// ~1,500 columns' builders; a batch per object or per 64 objects would
// otherwise start every table's buffers at 32 slots and double them up.
func (ts *tableState) takeCaster() *cast.Caster {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	c := ts.idle
	ts.idle = nil
	if c != nil && !c.Schema().Equal(ts.schema) {
		c.Release()
		c = nil
	}
	return c
}

// putCaster keeps c, of a finished batch, for the table's next batch if c
// holds no rows (an aborted batch's may) and none is kept yet; otherwise
// it releases c.
func (ts *tableState) putCaster(c *cast.Caster) {
	if c.Len() == 0 {
		c.Dropped() // counted by Commit, moot after Stage or Abort
		ts.mu.Lock()
		if ts.idle == nil && c.Schema().Equal(ts.schema) {
			ts.idle, c = c, nil
		}
		ts.mu.Unlock()
	}
	if c != nil {
		c.Release()
	}
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// rowGroupRows caps a Parquet row group. The writer holds a row group's
// encoded pages in memory until it closes it; with one row group per
// 50,000-row flush that was a third of the live heap at an ingest's peak
// (heap profile of BenchmarkIngestCloudTrail).
const rowGroupRows = 10_000

// writeOverlap sizes the part of the next buffer that may fill while the
// previous one is written. Once the transform got cheaper, the write
// became a quarter of an ingest's CPU, and at an eighth (the first
// setting) the batch's goroutine waited for it a quarter of the time with
// the transform workers idle behind it (1.0 of 4.1 s on bench/ingest's
// 200,000 lines); at a half that wait is 0.2 s. The 1 GB run's peak RSS
// stayed at 429 MB (the CLI caps the heap, see cmd/matano/gc.go).
const writeOverlap = 2

// writeDefaults are Parquet writer settings applied to every data file
// the lake writes, unless the table's own properties set the key (a table
// created with "write.parquet.compression-level" keeps its level).
//
// zstd level 1 instead of the codec's default (3): on 100,000 CloudTrail
// records (bench/ingest) the ingest took ~16% less CPU (median of three
// runs, 6.4 against 7.7 s) and the files came out 2% smaller (10.6 against
// 10.9 MiB), as the pages are dictionary indices and short values where
// the faster match finder loses nothing. The level only changes the
// encoder; readers (DuckDB, pyiceberg) see ordinary zstd pages.
var writeDefaults = iceberg.Properties{
	table.ParquetCompressionLevelKey: "1",
}

// Dictionary settings of iceberg-go's Parquet writer (parquet-mr's keys,
// which iceberg-go does not export): the default for every column, and
// the per-column override by Parquet column path.
const (
	propDictDefault = "parquet.enable.dictionary"
	propDictColumn  = "write.parquet.dict-encoding-enabled.column."
)

// withWriteDefaults returns tbl with writeDefaults added to the
// properties the Parquet writer reads (iceberg-go takes its writer
// settings from the table's metadata only), and dictionary encoding
// limited to dictCols (cast.Caster.DictionaryColumns of the record being
// written) unless the table sets dictionary properties itself.
//
// Dictionary encoding by column: arrow-go hashes every value of a
// dictionary column, with an allocation per value, and keeps the
// dictionary only where it pays (cost fallback), so for ids, addresses
// and other near-unique strings the hashing is wasted, and for constant
// strings plain zstd pages are as small. On bench/ingest's records,
// writing the same 50,000 rows took 25% less CPU without dictionaries
// (median of five alternating runs, 4.9 against 6.5 µs a row) and one
// allocation a row instead of 22, but files 4.5–8% larger: the loss is
// all in repetitive columns (regions, actions, user agents, server names)
// where a dictionary's indices beat plain pages 3–5×. The caster's sample
// picks exactly those 11 of the 40 columns, which keep their dictionary:
// 10 allocations a row, 12% less CPU than all dictionaries in the same
// harness (noisy), files 1% smaller; in the whole ingest's profile the
// Parquet write's CPU fell by 40% (BenchmarkIngestCloudTrail, four runs)
// and its data files by 4% (5.58 to 5.36 MB for 50,000 records).
//
// The returned handle is for writing data files: its metadata is not
// committed, and it has no catalog.
func withWriteDefaults(tbl *table.Table, dictCols []string) (*table.Table, error) {
	props := tbl.Properties()
	add := iceberg.Properties{}
	for k, v := range writeDefaults {
		if _, ok := props[k]; !ok {
			add[k] = v
		}
	}
	if !setsDictionary(props) {
		add[propDictDefault] = "false"
		for _, p := range dictCols {
			add[propDictColumn+p] = "true"
		}
	}
	if len(add) == 0 {
		return tbl, nil
	}
	mb, err := table.MetadataBuilderFromBase(tbl.Metadata(), tbl.MetadataLocation())
	if err != nil {
		return nil, err
	}
	if err := mb.SetProperties(add); err != nil {
		return nil, err
	}
	meta, err := mb.Build()
	if err != nil {
		return nil, err
	}
	return table.New(tbl.Identifier(), meta, tbl.MetadataLocation(), tbl.FS, nil), nil
}

// setsDictionary reports whether table properties choose dictionary
// encoding themselves (for the table or any column).
func setsDictionary(props iceberg.Properties) bool {
	for k := range props {
		if k == propDictDefault || strings.HasPrefix(k, propDictColumn) {
			return true
		}
	}
	return false
}
