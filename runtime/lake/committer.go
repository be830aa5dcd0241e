package lake

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/apache/iceberg-go"
	"github.com/apache/iceberg-go/table"
	"github.com/google/uuid"
)

// commitReq asks a table's committer to add files (append) or to run a
// maintenance operation (op).
type commitReq struct {
	ctx     context.Context
	files   []iceberg.DataFile
	objects []string
	op      func(ctx context.Context, tbl *table.Table) (*table.Table, error)
	reply   chan commitReply
}

type commitReply struct {
	snapshot int64
	err      error
}

// maxGroup bounds how many queued append requests one commit takes.
const maxGroup = 64

func (l *Lake) submit(ts *tableState, req *commitReq) (err error) {
	defer func() {
		// A send on the closed channel of a closed lake panics; report it.
		if recover() != nil {
			err = errors.New("lake: closed")
		}
	}()
	ts.reqs <- req
	return nil
}

// runCommitter is the table's only committer: it serialises appends and
// maintenance, and folds appends that are waiting together into one
// commit.
func (l *Lake) runCommitter(ts *tableState) {
	defer close(ts.done)
	for req := range ts.reqs {
		if req.op != nil {
			snap, err := l.commitOp(req.ctx, ts, req.op)
			req.reply <- commitReply{snap, err}
			continue
		}
		group := []*commitReq{req}
		var held *commitReq // a maintenance request met while draining
	drain:
		for len(group) < maxGroup {
			select {
			case r, ok := <-ts.reqs:
				if !ok {
					break drain
				}
				if r.op != nil {
					held = r
					break drain
				}
				group = append(group, r)
			default:
				break drain
			}
		}
		var files []iceberg.DataFile
		var objects []string
		for _, r := range group {
			files = append(files, r.files...)
			objects = append(objects, r.objects...)
		}
		snap, err := l.commitAppend(req.ctx, ts, files, objects)
		for _, r := range group {
			r.reply <- commitReply{snap, err}
		}
		if held != nil {
			snap, err := l.commitOp(held.ctx, ts, held.op)
			held.reply <- commitReply{snap, err}
		}
	}
}

// retryable reports whether err means "the table moved under us": the
// catalog's commit conflict, or iceberg-go v0.7's plain requirement error
// for a stale handle on the SQL catalog. SQLite lock contention between
// processes is retried too.
func retryable(err error) bool {
	if errors.Is(err, table.ErrCommitFailed) {
		return true
	}
	msg := strings.ToLower(err.Error())
	return strings.Contains(msg, "requirement failed") || strings.Contains(msg, "database is locked") ||
		strings.Contains(msg, "sqlite_busy")
}

func backoff(attempt int) time.Duration {
	d := time.Duration(10<<min(attempt, 6)) * time.Millisecond // 10ms … 640ms
	return d
}

// commitAppend adds files in one commit, reloading and retrying on
// conflicts. The commit id in the summary makes a retry idempotent: if an
// attempt that reported failure did land, the reloaded table shows it.
func (l *Lake) commitAppend(ctx context.Context, ts *tableState, files []iceberg.DataFile, objects []string) (int64, error) {
	slices.Sort(objects)
	objects = slices.Compact(objects)
	commitID := uuid.NewString()
	props := iceberg.Properties{propObjects: strings.Join(objects, " "), propCommitID: commitID}
	return l.withRetry(ctx, ts, commitID, func(ctx context.Context, tbl *table.Table) (*table.Table, error) {
		txn := tbl.NewTransaction()
		// The duplicate check reads every manifest of the current snapshot,
		// making each commit cost grow with the table. Our files have
		// fresh UUID names and a landed retry is caught by the commit id,
		// so it can never fire.
		if err := txn.AddDataFiles(ctx, files, props, table.WithoutDuplicateCheck()); err != nil {
			return nil, err
		}
		return txn.Commit(ctx)
	})
}

// commitOp runs a maintenance operation with the same reload-and-retry.
func (l *Lake) commitOp(ctx context.Context, ts *tableState, op func(context.Context, *table.Table) (*table.Table, error)) (int64, error) {
	return l.withRetry(ctx, ts, "", op)
}

func (l *Lake) withRetry(ctx context.Context, ts *tableState, commitID string, attempt func(context.Context, *table.Table) (*table.Table, error)) (int64, error) {
	tbl, _ := ts.current()
	for n := 0; ; n++ {
		out, err := attempt(ctx, tbl)
		if err == nil {
			if err := ts.set(out); err != nil {
				return 0, err
			}
			var snap int64
			if s := out.CurrentSnapshot(); s != nil {
				snap = s.SnapshotID
			}
			return snap, nil
		}
		if !retryable(err) || n >= l.cfg.CommitRetries {
			return 0, fmt.Errorf("after %d attempts: %w", n+1, err)
		}
		l.retries.Add(1)
		select {
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-time.After(backoff(n)):
		}
		fresh, lerr := l.cat.LoadTable(ctx, ident(ts.name))
		if lerr != nil {
			return 0, fmt.Errorf("reload after %v: %w", err, lerr)
		}
		if err := ts.set(fresh); err != nil {
			return 0, err
		}
		if commitID != "" {
			if s := findCommit(fresh, commitID); s != nil {
				return s.SnapshotID, nil
			}
		}
		tbl = fresh
	}
}

func findCommit(tbl *table.Table, id string) *table.Snapshot {
	snaps := tbl.Metadata().Snapshots()
	for i := range snaps {
		if s := &snaps[i]; s.Summary != nil && s.Summary.Properties[propCommitID] == id {
			return s
		}
	}
	return nil
}

// CommitFiles commits data files written elsewhere (the AWS committer
// Lambda receives them from transformers through the commit queue) in one
// commit on the table's committer, naming objectKeys (ledger keys) in the
// snapshot summary. It returns the snapshot id.
func (l *Lake) CommitFiles(ctx context.Context, tableName string, files []iceberg.DataFile, objectKeys []string) (int64, error) {
	ts, err := l.table(tableName)
	if err != nil {
		return 0, err
	}
	req := &commitReq{ctx: ctx, files: files, objects: objectKeys, reply: make(chan commitReply, 1)}
	if err := l.submit(ts, req); err != nil {
		return 0, err
	}
	r := <-req.reply
	return r.snapshot, r.err
}
