package query

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"iter"
	"net/url"
	"os"
	"path/filepath"

	"github.com/apache/iceberg-go"
	sqlcat "github.com/apache/iceberg-go/catalog/sql"
	"github.com/apache/iceberg-go/table"
	_ "modernc.org/sqlite" // the local catalog's driver

	"github.com/matano-go/matano/runtime/lake"
)

// Catalog is the part of an Iceberg catalog Plan reads (lake.Catalog
// has it; so do iceberg-go's SQL and Glue catalogs).
type Catalog interface {
	LoadTable(ctx context.Context, ident table.Identifier) (*table.Table, error)
	ListTables(ctx context.Context, ns table.Identifier) iter.Seq2[table.Identifier, error]
}

// Plan loads a table of the matano namespace and lists its current
// snapshot's data files. A snapshot with delete files is refused: the
// views would show deleted rows.
func Plan(ctx context.Context, cat Catalog, name string) (Table, error) {
	tbl, err := cat.LoadTable(ctx, table.Identifier{lake.Namespace, name})
	if err != nil {
		return Table{}, fmt.Errorf("table %s: %w", name, err)
	}
	t := Table{Name: name, Schema: tbl.Schema()}
	snap := tbl.CurrentSnapshot()
	if snap == nil {
		return t, nil
	}
	t.SnapshotID = snap.SnapshotID
	tasks, err := tbl.Scan().PlanFiles(ctx)
	if err != nil {
		return Table{}, fmt.Errorf("table %s: plan files: %w", name, err)
	}
	for _, task := range tasks {
		if n := len(task.DeleteFiles) + len(task.EqualityDeleteFiles) + len(task.DeletionVectorFiles); n > 0 {
			return Table{}, fmt.Errorf("table %s: snapshot %d has %d delete file(s) for %s; applying Iceberg deletes is not supported",
				name, snap.SnapshotID, n, task.File.FilePath())
		}
		if task.File.FileFormat() != iceberg.ParquetFile {
			return Table{}, fmt.Errorf("table %s: data file %s is %s, only Parquet is supported",
				name, task.File.FilePath(), task.File.FileFormat())
		}
		p, err := localPath(task.File.FilePath())
		if err != nil {
			return Table{}, fmt.Errorf("table %s: %w", name, err)
		}
		t.Files = append(t.Files, p)
	}
	return t, nil
}

// PlanAll plans every table of the matano namespace, sorted by name.
func PlanAll(ctx context.Context, cat Catalog) ([]Table, error) {
	var names []string
	for id, err := range cat.ListTables(ctx, table.Identifier{lake.Namespace}) {
		if err != nil {
			return nil, err
		}
		names = append(names, id[len(id)-1])
	}
	var out []Table
	for _, n := range names {
		t, err := Plan(ctx, cat, n)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

// localPath turns a file:// location (what the local warehouse writes)
// into a path DuckDB can open; a plain path passes through. Other schemes
// (s3://) would need DuckDB's httpfs extension, which is not available.
func localPath(loc string) (string, error) {
	u, err := url.Parse(loc)
	if err != nil || u.Scheme == "" {
		return loc, nil
	}
	if u.Scheme != "file" {
		return "", fmt.Errorf("data file %s: only local files can be queried", loc)
	}
	return filepath.FromSlash(u.Path), nil
}

// ErrNoLake is returned by OpenLocalCatalog for a warehouse with no
// catalog yet.
var ErrNoLake = errors.New("no lake here yet (run matano ingest first)")

// OpenLocalCatalog opens the SQL catalog of a local warehouse written by
// package lake (<warehouse>/catalog.db), without creating anything: a
// query must not conjure an empty lake out of a mistyped path. It
// mirrors lake's private opener (the same DSN pragmas, so it waits
// instead of failing while an ingest holds the write lock); close calls
// both closers.
func OpenLocalCatalog(ctx context.Context, warehouse string) (cat *sqlcat.Catalog, close func() error, err error) {
	path := filepath.Join(warehouse, "catalog.db")
	if _, err := os.Stat(path); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, nil, fmt.Errorf("%s: %w", warehouse, ErrNoLake)
		}
		return nil, nil, err
	}
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(20000)&_pragma=journal_mode(WAL)")
	if err != nil {
		return nil, nil, err
	}
	loc := (&url.URL{Scheme: "file", Path: filepath.ToSlash(warehouse)}).String()
	c, err := sqlcat.NewCatalog("matano", db, sqlcat.SQLite, iceberg.Properties{"warehouse": loc})
	if err != nil {
		db.Close()
		return nil, nil, fmt.Errorf("open catalog in %s: %w", warehouse, err)
	}
	return c, func() error { return errors.Join(c.Close(), db.Close()) }, nil
}
