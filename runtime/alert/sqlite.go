package alert

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// SQLiteStore keeps alert windows in a SQLite file: the local stand-in for
// the DynamoDB table of the AWS deployment. Windows survive restarts, and
// several processes may share the file.
//
// Every write is conditional on the row's version (or, for the first
// window of a key, on the row not existing), exactly as a DynamoDB
// conditional write would be; a lost race re-reads and tries again. No
// transaction spans the read and the write, so the store's correctness
// does not lean on SQLite's locking.
type SQLiteStore struct {
	db *sql.DB
}

// casRetries bounds the read-compare-write loop. Each retry means another
// writer made progress on the same key, so running out is only possible
// under extreme contention on one key.
const casRetries = 64

// OpenSQLiteStore opens (creating) the window store in a SQLite file.
func OpenSQLiteStore(path string) (*SQLiteStore, error) {
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(20000)&_pragma=journal_mode(WAL)")
	if err != nil {
		return nil, err
	}
	_, err = db.Exec(`CREATE TABLE IF NOT EXISTS alert_windows (
		rule             TEXT NOT NULL,
		dedupe           TEXT NOT NULL,
		alert_id         TEXT NOT NULL,
		first_matched_at INTEGER NOT NULL,
		expires_at       INTEGER NOT NULL,
		matches          INTEGER NOT NULL,
		activated_at     INTEGER,
		version          INTEGER NOT NULL,
		PRIMARY KEY (rule, dedupe)
	)`)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("alert store %s: %w", path, err)
	}
	return &SQLiteStore{db: db}, nil
}

// Close closes the database.
func (s *SQLiteStore) Close() error { return s.db.Close() }

// Times are stored as Unix microseconds: exact, and comparable in SQL.
func micros(t time.Time) int64      { return t.UnixMicro() }
func fromMicros(us int64) time.Time { return time.UnixMicro(us).UTC() }

// Count adds o's matches to the open window of o.Key, opening a new one
// (with o.NewID) when there is none or the last one expired.
func (s *SQLiteStore) Count(ctx context.Context, o Observation) (Window, error) {
	if o.Matches < 1 {
		return Window{}, errors.New("alert store: observation without matches")
	}
	at := o.At.UTC()
	for range casRetries {
		var (
			id                  string
			first, exp, n, vers int64
			act                 sql.NullInt64
		)
		err := s.db.QueryRowContext(ctx, `SELECT alert_id, first_matched_at, expires_at, matches, activated_at, version
			FROM alert_windows WHERE rule = ? AND dedupe = ?`, o.Rule, o.Dedupe).Scan(&id, &first, &exp, &n, &act, &vers)
		found := err == nil
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return Window{}, err
		}
		if !found || micros(at) >= exp {
			w := openWindow(o, at)
			var res sql.Result
			if !found {
				res, err = s.db.ExecContext(ctx, `INSERT INTO alert_windows
					(rule, dedupe, alert_id, first_matched_at, expires_at, matches, activated_at, version)
					VALUES (?, ?, ?, ?, ?, ?, ?, 1) ON CONFLICT (rule, dedupe) DO NOTHING`,
					o.Rule, o.Dedupe, w.AlertID, micros(w.FirstMatchedAt), micros(w.ExpiresAt), w.After, nullTime(w.ActivatedAt))
			} else {
				res, err = s.db.ExecContext(ctx, `UPDATE alert_windows SET alert_id = ?, first_matched_at = ?, expires_at = ?,
					matches = ?, activated_at = ?, version = version + 1
					WHERE rule = ? AND dedupe = ? AND version = ?`,
					w.AlertID, micros(w.FirstMatchedAt), micros(w.ExpiresAt), w.After, nullTime(w.ActivatedAt), o.Rule, o.Dedupe, vers)
			}
			if err != nil {
				return Window{}, err
			}
			if won(res) {
				return w, nil
			}
			continue
		}
		w := Window{AlertID: id, FirstMatchedAt: fromMicros(first), ExpiresAt: fromMicros(exp),
			Before: int(n), After: int(n) + o.Matches}
		if act.Valid {
			w.ActivatedAt = fromMicros(act.Int64)
		} else if w.After >= o.Threshold {
			w.ActivatedAt = at
		}
		res, err := s.db.ExecContext(ctx, `UPDATE alert_windows SET matches = ?, activated_at = ?, version = version + 1
			WHERE rule = ? AND dedupe = ? AND version = ?`, w.After, nullTime(w.ActivatedAt), o.Rule, o.Dedupe, vers)
		if err != nil {
			return Window{}, err
		}
		if won(res) {
			return w, nil
		}
	}
	return Window{}, fmt.Errorf("alert store: too much contention on %s/%q", o.Rule, o.Dedupe)
}

// openWindow is the window a new alert starts with.
func openWindow(o Observation, at time.Time) Window {
	w := Window{AlertID: o.NewID, FirstMatchedAt: at, ExpiresAt: at.Add(o.Window), After: o.Matches, Opened: true}
	if w.After >= o.Threshold {
		w.ActivatedAt = at
	}
	return w
}

func won(res sql.Result) bool {
	n, err := res.RowsAffected()
	return err == nil && n == 1
}

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return micros(t)
}
