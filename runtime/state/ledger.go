// Package state holds the pipeline's durable bookkeeping: the ingestion
// ledger, in a SQLite file on one machine (Ledger) or in a DynamoDB table
// in the AWS deployment (DynamoLedger), with the same semantics.
//
// The driver is modernc.org/sqlite (pure Go): the pipeline binaries are
// built without cgo.
package state

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// Object identifies one source object by what it is, not where a
// notification said it was: the same bytes at the same path are the same
// object even if delivered twice, and a rewritten object (new content) is
// a new one.
type Object struct {
	Path   string
	Size   int64
	SHA256 string // hex digest of the content
}

// Key is the object's ledger key: a hash of path, size and digest, short
// enough to list many of them in an Iceberg snapshot summary.
func (o Object) Key() string {
	h := sha256.New()
	h.Write([]byte(o.Path))
	h.Write([]byte{0})
	h.Write([]byte(strconv.FormatInt(o.Size, 10)))
	h.Write([]byte{0})
	h.Write([]byte(o.SHA256))
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// Status is an object's place in the ledger.
type Status uint8

const (
	// New: never seen.
	New Status = iota
	// Started: work began and was never acknowledged (a run was killed, or
	// is running now).
	Started
	// Done: every table commit for the object was acknowledged.
	Done
)

func (s Status) String() string {
	return [...]string{"new", "started", "done"}[s]
}

// Ledger records source objects as started before work and done after
// their commits are acknowledged. See the lake package for how a Started
// object is recovered without duplicates or gaps.
type Ledger struct {
	db  *sql.DB
	now func() time.Time
}

// OpenLedger opens (creating) the ledger in a SQLite file.
func OpenLedger(path string) (*Ledger, error) {
	db, err := sql.Open("sqlite", "file:"+path+"?_txlock=immediate&_pragma=busy_timeout(20000)&_pragma=journal_mode(WAL)")
	if err != nil {
		return nil, err
	}
	_, err = db.Exec(`CREATE TABLE IF NOT EXISTS ledger (
		key        TEXT PRIMARY KEY,
		path       TEXT NOT NULL,
		size       INTEGER NOT NULL,
		sha256     TEXT NOT NULL,
		status     INTEGER NOT NULL,
		attempts   INTEGER NOT NULL,
		started_at TEXT NOT NULL,
		done_at    TEXT,
		snapshots  TEXT
	)`)
	if err == nil {
		// For Seen: one lookup per ingested file, whatever the ledger's size.
		_, err = db.Exec(`CREATE INDEX IF NOT EXISTS ledger_path_size ON ledger (path, size)`)
	}
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("ledger %s: %w", path, err)
	}
	return &Ledger{db: db, now: time.Now}, nil
}

// Close closes the database.
func (l *Ledger) Close() error { return l.db.Close() }

// Begin records o as started and returns the status it had before: New
// (first attempt), Started (an earlier attempt never finished: the caller
// must recover) or Done (nothing to do; the record is left untouched).
func (l *Ledger) Begin(ctx context.Context, o Object) (Status, error) {
	tx, err := l.db.BeginTx(ctx, nil)
	if err != nil {
		return New, err
	}
	defer tx.Rollback()
	var st int
	err = tx.QueryRowContext(ctx, `SELECT status FROM ledger WHERE key = ?`, o.Key()).Scan(&st)
	now := l.now().UTC().Format(time.RFC3339Nano)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		_, err = tx.ExecContext(ctx, `INSERT INTO ledger (key, path, size, sha256, status, attempts, started_at)
			VALUES (?, ?, ?, ?, ?, 1, ?)`, o.Key(), o.Path, o.Size, o.SHA256, int(Started), now)
		if err != nil {
			return New, err
		}
		return New, tx.Commit()
	case err != nil:
		return New, err
	case Status(st) == Done:
		return Done, nil
	}
	_, err = tx.ExecContext(ctx, `UPDATE ledger SET attempts = attempts + 1, started_at = ? WHERE key = ?`, now, o.Key())
	if err != nil {
		return Started, err
	}
	return Started, tx.Commit()
}

// Seen reports whether the ledger has an entry, in any status, for an
// object with this path and size, whatever its digest. When it has none,
// an object with that path and size is New whatever its content, which
// lets a local file join a batch before its digest is computed
// (lake.Batch.BeginUnhashed).
func (l *Ledger) Seen(ctx context.Context, path string, size int64) (bool, error) {
	var one int
	err := l.db.QueryRowContext(ctx, `SELECT 1 FROM ledger WHERE path = ? AND size = ? LIMIT 1`, path, size).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// Done marks objects done, with the snapshot each table's commit made
// (table → snapshot id; a table whose rows were already committed by an
// earlier attempt maps to that attempt's snapshot).
func (l *Ledger) Done(ctx context.Context, objs []Object, snapshots map[string]map[string]int64) error {
	tx, err := l.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	now := l.now().UTC().Format(time.RFC3339Nano)
	for _, o := range objs {
		snaps, _ := json.Marshal(snapshots[o.Key()])
		res, err := tx.ExecContext(ctx, `UPDATE ledger SET status = ?, done_at = ?, snapshots = ? WHERE key = ?`,
			int(Done), now, string(snaps), o.Key())
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fmt.Errorf("ledger: %s (%s) was never begun", o.Path, o.Key())
		}
	}
	return tx.Commit()
}

// Entry is one ledger row.
type Entry struct {
	Object
	Status    Status
	Attempts  int
	StartedAt time.Time
	DoneAt    time.Time
	Snapshots map[string]int64
}

// Get returns the entry for o (Status New if absent).
func (l *Ledger) Get(ctx context.Context, o Object) (Entry, error) {
	e := Entry{Object: o}
	var st int
	var started string
	var done, snaps sql.NullString
	err := l.db.QueryRowContext(ctx, `SELECT status, attempts, started_at, done_at, snapshots FROM ledger WHERE key = ?`,
		o.Key()).Scan(&st, &e.Attempts, &started, &done, &snaps)
	if errors.Is(err, sql.ErrNoRows) {
		return e, nil
	}
	if err != nil {
		return e, err
	}
	e.Status = Status(st)
	e.StartedAt, _ = time.Parse(time.RFC3339Nano, started)
	if done.Valid {
		e.DoneAt, _ = time.Parse(time.RFC3339Nano, done.String)
	}
	if snaps.Valid && snaps.String != "" {
		_ = json.Unmarshal([]byte(snaps.String), &e.Snapshots)
	}
	return e, nil
}
