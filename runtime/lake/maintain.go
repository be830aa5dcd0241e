package lake

import (
	"context"
	"fmt"
	"time"

	"github.com/apache/iceberg-go/table"
	"github.com/apache/iceberg-go/table/compaction"
)

// CompactResult says what Compact did.
type CompactResult struct {
	SnapshotID            int64
	FilesBefore, FilesNew int
	BytesBefore, BytesNew int64
}

// Compact rewrites a table's small data files into files near
// targetBytes (default 128 MiB), partition by partition, in one atomic
// replace commit (iceberg-go's RewriteDataFiles with its bin-pack
// planner). It runs on the table's committer, so it never races an
// append. A partition needs at least two small files to be rewritten.
func (l *Lake) Compact(ctx context.Context, name string, targetBytes int64) (CompactResult, error) {
	if targetBytes <= 0 {
		targetBytes = 128 << 20
	}
	var res CompactResult
	snap, err := l.maintain(ctx, name, func(ctx context.Context, tbl *table.Table) (*table.Table, error) {
		res = CompactResult{}
		tasks, err := tbl.Scan().PlanFiles(ctx)
		if err != nil {
			return nil, err
		}
		cfg := compaction.DefaultConfig()
		cfg.TargetFileSizeBytes = targetBytes
		cfg.MinFileSizeBytes = targetBytes * 3 / 4
		cfg.MaxFileSizeBytes = targetBytes * 9 / 5
		cfg.MinInputFiles = 2
		plan, err := cfg.PlanCompaction(tasks)
		if err != nil {
			return nil, err
		}
		if len(plan.Groups) == 0 {
			return tbl, nil
		}
		groups := make([]table.CompactionTaskGroup, len(plan.Groups))
		for i, g := range plan.Groups {
			groups[i] = table.CompactionTaskGroup{PartitionKey: g.PartitionKey, Tasks: g.Tasks, TotalSizeBytes: g.TotalSizeBytes}
		}
		rr, err := tbl.RewriteDataFiles(ctx, groups, table.RewriteDataFilesOptions{
			GroupOptions: []table.CompactionGroupOption{table.WithCompactionTargetFileSize(targetBytes)},
		})
		if err != nil {
			return nil, err
		}
		res.FilesBefore, res.FilesNew = rr.RemovedDataFiles, rr.AddedDataFiles
		res.BytesBefore, res.BytesNew = rr.BytesBefore, rr.BytesAfter
		return rr.Table, nil
	})
	res.SnapshotID = snap
	return res, err
}

// ExpireSnapshots removes snapshots older than olderThan (keeping at least
// the current one) and deletes the files only they referenced. Keep
// olderThan above the ingest retry horizon: recovery of an interrupted
// object looks for its key in snapshot summaries (see the package doc).
func (l *Lake) ExpireSnapshots(ctx context.Context, name string, olderThan time.Duration) (int64, error) {
	return l.maintain(ctx, name, func(ctx context.Context, tbl *table.Table) (*table.Table, error) {
		txn := tbl.NewTransaction()
		if err := txn.ExpireSnapshots(table.WithOlderThan(olderThan), table.WithRetainLast(1)); err != nil {
			return nil, err
		}
		return txn.Commit(ctx)
	})
}

func (l *Lake) maintain(ctx context.Context, name string, op func(context.Context, *table.Table) (*table.Table, error)) (int64, error) {
	ts, err := l.table(name)
	if err != nil {
		return 0, err
	}
	req := &commitReq{ctx: ctx, op: op, reply: make(chan commitReply, 1)}
	if err := l.submit(ts, req); err != nil {
		return 0, err
	}
	r := <-req.reply
	if r.err != nil {
		return 0, fmt.Errorf("table %s: %w", name, r.err)
	}
	return r.snapshot, nil
}

// RemoveOrphans deletes files under the table's location that no
// snapshot references and that are older than olderThan: the data files
// of a run killed between writing and committing (see the package doc),
// and metadata left by failed commits. Files of batches still being
// written are unreferenced too, so olderThan must exceed the longest a
// batch takes from its first flush to its commit (an hour is safe for
// the local ingest; Lambda batches last minutes). It returns the paths
// deleted.
func (l *Lake) RemoveOrphans(ctx context.Context, name string, olderThan time.Duration) ([]string, error) {
	var deleted []string
	_, err := l.maintain(ctx, name, func(ctx context.Context, tbl *table.Table) (*table.Table, error) {
		res, err := tbl.DeleteOrphanFiles(ctx, table.WithFilesOlderThan(olderThan))
		if err != nil {
			return nil, err
		}
		deleted = res.DeletedFiles
		return tbl, nil
	})
	return deleted, err
}
