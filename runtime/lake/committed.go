package lake

import "context"

// CommittedSnapshot returns the id of the snapshot of tableName whose
// commit named the source object with ledger key objectKey (see
// "Exactly-once ingestion" in the package doc), and 0 when none does.
// The committer Lambda asks before committing a staged message: rows of
// one object for one table land in a single commit, so a message whose
// object is already named was staged twice (a retried transformer) and
// must not be committed again. It reads the table's state as of the last
// EnsureTable or commit in this process.
func (l *Lake) CommittedSnapshot(ctx context.Context, tableName, objectKey string) (int64, error) {
	ts, err := l.table(tableName)
	if err != nil {
		return 0, err
	}
	tbl, _ := ts.current()
	if s := findObject(tbl, objectKey); s != nil {
		return s.SnapshotID, nil
	}
	return 0, nil
}
