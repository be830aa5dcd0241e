// Package lake writes VRL events into Iceberg tables: the local half of
// Matano's lake writer (the AWS half swaps the catalog for Glue and the
// folder for the lake bucket; the code in between is the same).
//
// # Flow
//
// A Batch takes events for any number of tables from any number of source
// objects. Each event is cast to its table's Arrow schema (package cast);
// a record that does not fit goes to the sideline with its reason. Rows are
// buffered per table and written to Parquet data files (zstd, partitioned
// by hour(ts) through iceberg-go's WriteRecords) whenever a buffer reaches
// Config.FlushRows, Config.FlushBytes or Config.FlushAge. Writing files
// commits nothing. Batch.Commit writes what is left, then hands each
// table's files to that table's committer, which adds them in one Iceberg
// commit (AddDataFiles).
//
// # One committer per table
//
// Each table has exactly one committer goroutine; commits from concurrent
// batches queue on it, and requests that queue up together go out as one
// commit (group commit), so many small batches cost few snapshots.
// Another process writing the same table makes a commit fail: iceberg-go
// v0.7 reports the stale handle either as ErrCommitFailed or, on the SQL
// catalog, as a plain "requirement failed: branch main has changed" error.
// The committer reloads the table and retries on both, a bounded number
// of times. Every commit carries a unique matano.commit-id in its snapshot
// summary, so a retry first checks whether the previous attempt landed
// after all (a failure reported after the catalog accepted it) and never
// commits the same files twice. Maintenance (Compact, ExpireSnapshots)
// runs on the same goroutine, so it never races an append.
//
// # Exactly-once ingestion
//
// The ledger (package state) records every source object as started
// before its first event and as done after all its commits are
// acknowledged. Each commit also lists the keys of the objects whose rows
// it holds in the snapshot summary property matano.objects; an object's
// rows for one table always land in a single commit, because files are
// committed only in Batch.Commit. Then:
//
//   - Begin on a done object returns ErrAlreadyIngested: a duplicate
//     notification or a retried invocation is a no-op.
//   - A run killed after writing files but before committing leaves
//     unreferenced files (orphans, harmless to readers) and a started
//     object. The next Begin sees "started", the table has no snapshot
//     naming the object, so its rows are written and committed again: no
//     gap.
//   - A run killed after a table's commit but before the ledger update
//     leaves a started object that some snapshot names. On the next
//     attempt, rows for that table are skipped (counted as written and as
//     Recovered) and the ledger is completed: no duplicate.
//
// The check reads snapshot summaries, so expiring snapshots must keep
// those younger than the oldest started-but-not-done object (ExpireSnapshots
// is given an age; keep it above the ingest retry horizon). Sideline lines
// are at-least-once: a re-run may write a record's line again.
//
// # On AWS
//
// OpenAWS swaps the three edges and keeps everything between them: the
// catalog is iceberg-go's Glue catalog with the warehouse at
// s3://<lake bucket>/lake (data and metadata files through iceberg-go's
// S3 file IO), the ledger is a DynamoDB table (state.DynamoLedger: the
// same Begin/Done/Get semantics with conditional writes) and the
// sideline is a bucket (S3Sideline: the same JSON lines, one object per
// table per batch). Config.Catalog, Config.Ledger and Config.Sideline
// are those seams; each left nil is the local one.
package lake

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/iceberg-go/table"

	"github.com/matano-go/matano/compiler/schema"
	"github.com/matano-go/matano/runtime/lake/cast"
	"github.com/matano-go/matano/runtime/state"
)

// Config configures a Lake. Zero values take the defaults.
type Config struct {
	// Warehouse is the folder holding the catalog, the tables, the
	// sideline and the state file (DefaultWarehouse(projectDir)). It may
	// be empty when Catalog, Ledger and Sideline are all given (the AWS
	// host: OpenAWS).
	Warehouse string
	// Catalog replaces the local SQLite catalog (Glue on AWS). The table
	// files then live wherever that catalog's warehouse says.
	Catalog Catalog
	// Ledger replaces the SQLite ledger in <Warehouse>/state.db (the
	// DynamoDB ledger on AWS), and Sideline the <Warehouse>/sideline
	// folder (the sideline bucket). The Lake does not close what it is
	// given: the caller owns it.
	Ledger   Ledger
	Sideline SidelineWriter
	// FlushRows and FlushBytes bound a table's in-memory buffer before it
	// is written to a data file (defaults 50,000 rows, 32 MiB of
	// estimated payload); FlushAge bounds how long a buffered row waits
	// (default 1 minute), checked on each Add.
	FlushRows  int
	FlushBytes int64
	FlushAge   time.Duration
	// CommitRetries bounds the committer's reload-and-retry loop (default
	// 10).
	CommitRetries int
	// Now is the clock (sideline dates, flush age); time.Now if nil.
	Now func() time.Time

	// Test hooks simulating a kill: called after a batch's files are
	// written and before they are committed, and after the commits and
	// before the ledger update. An error stops Commit there.
	afterWrite, afterCommit func() error
}

// DefaultWarehouse is the warehouse folder of a project.
func DefaultWarehouse(projectDir string) string {
	return filepath.Join(projectDir, ".matano", "lake")
}

// Lake is an open warehouse. Its methods are safe for concurrent use.
type Lake struct {
	cfg      Config
	cat      Catalog
	closers  []func() error
	ledger   Ledger
	sideline SidelineWriter

	mu       sync.Mutex
	tables   map[string]*tableState
	inflight map[string]bool // object keys begun by a live batch
	stats    Stats
	closed   bool
	retries  atomic.Int64 // commit attempts retried after a conflict
}

// ErrAlreadyIngested is returned by Batch.Begin for an object whose
// commits were all acknowledged earlier.
var ErrAlreadyIngested = errors.New("already ingested")

// ErrInProgress is returned by Batch.Begin for an object another batch of
// this process is ingesting now.
var ErrInProgress = errors.New("being ingested by another batch")

// Open opens (creating) a warehouse.
func Open(ctx context.Context, cfg Config) (*Lake, error) {
	if cfg.Warehouse == "" && (cfg.Catalog == nil || cfg.Ledger == nil || cfg.Sideline == nil) {
		return nil, errors.New("lake: no warehouse folder")
	}
	// 50k rows / 32 MiB keeps a 1 GB ingest under 500 MB of memory
	// (iceberg-go copies a buffered batch when it splits it by hour; at
	// 250k rows / 128 MiB the peak was 750–870 MB, at 50k 311 MB) while
	// Parquet files stay a few MB; compaction merges them later.
	if cfg.FlushRows <= 0 {
		cfg.FlushRows = 50_000
	}
	if cfg.FlushBytes <= 0 {
		cfg.FlushBytes = 32 << 20
	}
	if cfg.FlushAge <= 0 {
		cfg.FlushAge = time.Minute
	}
	if cfg.CommitRetries <= 0 {
		cfg.CommitRetries = 10
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	l := &Lake{cfg: cfg, tables: map[string]*tableState{}, inflight: map[string]bool{}, stats: newStats()}
	if cfg.Catalog != nil {
		l.cat = cfg.Catalog
	} else {
		cat, db, err := openLocalCatalog(ctx, cfg.Warehouse)
		if err != nil {
			return nil, err
		}
		l.cat = cat
		l.closers = append(l.closers, cat.Close, db.Close)
	}
	if cfg.Ledger != nil {
		l.ledger = cfg.Ledger
	} else {
		ledger, err := state.OpenLedger(filepath.Join(cfg.Warehouse, "state.db"))
		if err != nil {
			l.closeAll()
			return nil, err
		}
		l.ledger = ledger
		l.closers = append(l.closers, ledger.Close)
	}
	if cfg.Sideline != nil {
		l.sideline = cfg.Sideline
	} else {
		side := &Sideline{Dir: filepath.Join(cfg.Warehouse, "sideline")}
		l.sideline = side
		l.closers = append(l.closers, side.Close)
	}
	return l, nil
}

func (l *Lake) closeAll() error {
	var errs []error
	for i := len(l.closers) - 1; i >= 0; i-- {
		if err := l.closers[i](); err != nil && !errors.Is(err, sql.ErrConnDone) {
			errs = append(errs, err)
		}
	}
	l.closers = nil
	return errors.Join(errs...)
}

// Close stops the committers (after the commits queued on them) and
// closes the catalog, the ledger and the sideline. Call it once every
// batch has committed or aborted; a batch left open is abandoned (its
// objects stay started and are recovered next time).
func (l *Lake) Close() error {
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return nil
	}
	l.closed = true
	tables := make([]*tableState, 0, len(l.tables))
	for _, ts := range l.tables {
		tables = append(tables, ts)
	}
	l.mu.Unlock()
	for _, ts := range tables {
		close(ts.reqs)
		<-ts.done
	}
	return l.closeAll()
}

// Ledger returns the ingestion ledger.
func (l *Lake) Ledger() Ledger { return l.ledger }

// tableState is one table the lake writes: its latest handle, the Arrow
// schema casters build rows for, and its committer.
type tableState struct {
	name string

	mu     sync.RWMutex
	tbl    *table.Table
	schema *arrow.Schema
	idle   *cast.Caster // left by a finished batch for the next (see putCaster)

	reqs chan *commitReq
	done chan struct{}
}

func (ts *tableState) current() (*table.Table, *arrow.Schema) {
	ts.mu.RLock()
	defer ts.mu.RUnlock()
	return ts.tbl, ts.schema
}

func (ts *tableState) set(tbl *table.Table) error {
	as, err := table.SchemaToArrowSchema(tbl.Schema(), nil, true, false)
	if err != nil {
		return fmt.Errorf("table %s: %w", ts.name, err)
	}
	ts.mu.Lock()
	ts.tbl, ts.schema = tbl, as
	ts.mu.Unlock()
	return nil
}

// EnsureTable creates or evolves the table for s (see the package-level
// EnsureTable) and starts its committer. Call it for every table before
// adding events to it.
func (l *Lake) EnsureTable(ctx context.Context, s *schema.Schema) error {
	tbl, err := EnsureTable(ctx, l.cat, s)
	if err != nil {
		return err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return errors.New("lake: closed")
	}
	ts, ok := l.tables[s.Table]
	if !ok {
		ts = &tableState{name: s.Table, reqs: make(chan *commitReq, 64), done: make(chan struct{})}
		if err := ts.set(tbl); err != nil {
			return err
		}
		l.tables[s.Table] = ts
		go l.runCommitter(ts)
		return nil
	}
	return ts.set(tbl)
}

func (l *Lake) table(name string) (*tableState, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	ts, ok := l.tables[name]
	if !ok {
		return nil, fmt.Errorf("lake: table %s was not ensured", name)
	}
	return ts, nil
}

// Stats returns a copy of the counters of committed batches.
func (l *Lake) Stats() Stats {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := l.stats.clone()
	s.CommitRetries = l.retries.Load()
	return s
}
