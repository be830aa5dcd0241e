package lake

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/apache/iceberg-go"
	"github.com/apache/iceberg-go/table"
)

// Staged is one table's share of a batch, written but not committed: what
// a transformer Lambda puts on the commit queue (data file paths are all
// the committer needs; it reads the rest from the files' footers).
type Staged struct {
	Table   string   `json:"table"`
	Paths   []string `json:"paths"`
	Objects []string `json:"objects"` // ledger keys of the source objects
	Rows    int64    `json:"rows"`
}

// Stage is Commit's first half for the AWS split: it writes the
// remaining rows and the sideline and returns the files per table,
// without committing them and without touching the ledger (the committer
// marks objects done once CommitPaths is acknowledged). The batch is
// finished afterwards.
func (b *Batch) Stage(ctx context.Context) ([]Staged, error) {
	if b.finished {
		return nil, errors.New("lake: batch already committed")
	}
	b.finished = true
	defer b.release()
	if err := b.Flush(ctx); err != nil {
		return nil, err
	}
	var out []Staged
	for name, w := range b.writers {
		if len(w.files) == 0 {
			continue
		}
		s := Staged{Table: name, Objects: keys(w.objects), Rows: w.rows}
		for _, f := range w.files {
			s.Paths = append(s.Paths, f.FilePath())
		}
		slices.Sort(s.Objects)
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b Staged) int {
		if a.Table < b.Table {
			return -1
		}
		if a.Table > b.Table {
			return 1
		}
		return 0
	})
	if err := b.l.sideline.Write(b.sidelined); err != nil {
		return nil, fmt.Errorf("sideline: %w", err)
	}
	return out, nil
}

// CommitPaths commits data files given by path (a Staged from another
// process) in one commit on the table's committer. Each file's
// statistics and partition are read from its Parquet footer
// (iceberg-go's FileToDataFile), one read per file.
func (l *Lake) CommitPaths(ctx context.Context, tableName string, paths, objectKeys []string) (int64, error) {
	ts, err := l.table(tableName)
	if err != nil {
		return 0, err
	}
	tbl, _ := ts.current()
	fs, err := tbl.FS(ctx)
	if err != nil {
		return 0, err
	}
	files := make([]iceberg.DataFile, len(paths))
	for i, p := range paths {
		df, err := table.FileToDataFile(ctx, fs, p, tbl.Schema(), tbl.Spec(), 0, tbl.Properties())
		if err != nil {
			return 0, fmt.Errorf("table %s: %s: %w", tableName, p, err)
		}
		files[i] = df
	}
	return l.CommitFiles(ctx, tableName, files, objectKeys)
}
