// Package query runs SQL over the local lake's Iceberg tables with an
// embedded DuckDB: the local stand-in for the Athena queries Matano runs
// on AWS (`matano query`).
//
// # How tables become views
//
// DuckDB's iceberg extension cannot be installed offline, so the Iceberg
// side stays in Go: for each table, iceberg-go plans the current
// snapshot's data files (Plan), and Open creates a DuckDB VIEW with the
// table's name over read_parquet of exactly those files. The view's
// columns are the Iceberg schema's top-level columns in schema order:
// a column no data file has yet (added by schema evolution) is a typed
// NULL, and a table with no snapshot is a view with the right columns and
// no rows. Structs are DuckDB STRUCTs, so `SELECT source.ip FROM web_auth`
// works; lists are DuckDB lists and maps DuckDB MAPs.
//
// # Limits
//
//   - Files are matched to the schema by column name (read_parquet's
//     union_by_name), not by Iceberg field id: a renamed column reads as
//     NULL in files written before the rename. Matano only adds columns.
//   - Delete files (position, equality, deletion vectors) are not applied;
//     Plan refuses a snapshot that has any. Matano's writer only appends
//     and compacts, so its tables never have them.
//   - The view is fixed when Open runs: commits made later are not seen.
//
// This is the only package that links DuckDB (cgo, a large static
// library). The Lambda binaries (runtime/ingest, runtime/lake,
// runtime/detect) must not import it; deps_test.go checks that.
package query

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/apache/iceberg-go"
	_ "github.com/duckdb/duckdb-go/v2" // registers the "duckdb" database/sql driver
)

// Table is one lake table as the engine sees it: its name (the view's
// name), its current Iceberg schema and the data files of its current
// snapshot (local paths, no scheme). Files is empty for a table with no
// data yet.
type Table struct {
	Name       string
	Schema     *iceberg.Schema
	SnapshotID int64
	Files      []string
}

// Engine is an in-memory DuckDB database holding one view per table.
// It is not safe for concurrent use (one connection, so session settings
// and views stay put).
type Engine struct {
	db *sql.DB
}

// settings keep DuckDB offline: no extension is downloaded or autoloaded
// (there may be no network, and a failed download would turn a typo into
// a confusing error).
var settings = []string{
	"SET autoinstall_known_extensions = false",
	"SET autoload_known_extensions = false",
}

// Open starts an in-memory DuckDB and creates a view for each table.
func Open(ctx context.Context, tables []Table) (*Engine, error) {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	e := &Engine{db: db}
	for _, s := range settings {
		if _, err := db.ExecContext(ctx, s); err != nil {
			db.Close()
			return nil, fmt.Errorf("duckdb: %s: %w", s, err)
		}
	}
	// The bundled DuckDB may lack ICU; without it the session zone is
	// UTC already, so a failure here is fine.
	_, _ = db.ExecContext(ctx, "SET TimeZone = 'UTC'")
	for _, t := range tables {
		if err := e.createView(ctx, t); err != nil {
			db.Close()
			return nil, fmt.Errorf("table %s: %w", t.Name, err)
		}
	}
	return e, nil
}

// Close releases the database.
func (e *Engine) Close() error { return e.db.Close() }

// createView creates t's view. With files, it first asks DuckDB which
// top-level columns the files have, then selects the schema's columns in
// schema order, substituting a typed NULL for those no file has.
func (e *Engine) createView(ctx context.Context, t Table) error {
	cols := t.Schema.Fields()
	sel := make([]string, len(cols))
	if len(t.Files) == 0 {
		for i, f := range cols {
			typ, err := duckType(f.Type)
			if err != nil {
				return fmt.Errorf("column %s: %w", f.Name, err)
			}
			sel[i] = fmt.Sprintf("CAST(NULL AS %s) AS %s", typ, quoteIdent(f.Name))
		}
		_, err := e.db.ExecContext(ctx, fmt.Sprintf("CREATE VIEW %s AS SELECT %s WHERE false",
			quoteIdent(t.Name), strings.Join(sel, ", ")))
		return err
	}
	lits := make([]string, len(t.Files))
	for i, f := range t.Files {
		lits[i] = quoteString(f)
	}
	src := fmt.Sprintf("read_parquet([%s], union_by_name = true)", strings.Join(lits, ", "))
	have, err := e.columns(ctx, "SELECT * FROM "+src)
	if err != nil {
		return err
	}
	for i, f := range cols {
		if slices.Contains(have, f.Name) {
			sel[i] = quoteIdent(f.Name)
			continue
		}
		typ, err := duckType(f.Type)
		if err != nil {
			return fmt.Errorf("column %s: %w", f.Name, err)
		}
		sel[i] = fmt.Sprintf("CAST(NULL AS %s) AS %s", typ, quoteIdent(f.Name))
	}
	_, err = e.db.ExecContext(ctx, fmt.Sprintf("CREATE VIEW %s AS SELECT %s FROM %s",
		quoteIdent(t.Name), strings.Join(sel, ", "), src))
	return err
}

// columns returns the column names of a query without running it.
func (e *Engine) columns(ctx context.Context, q string) ([]string, error) {
	rows, err := e.db.QueryContext(ctx, "DESCRIBE "+q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cts, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var names []string
	for rows.Next() {
		vals := make([]any, len(cts))
		ptrs := make([]any, len(cts))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		names = append(names, fmt.Sprint(vals[0])) // column_name comes first
	}
	return names, rows.Err()
}

// Result is a query's output, fully read: column names, DuckDB type names
// (as database/sql reports them, e.g. "VARCHAR", "STRUCT(ip VARCHAR)")
// and rows of driver values (nil for NULL).
type Result struct {
	Columns []string
	Types   []string
	Rows    [][]any
}

// Query runs one SQL statement and reads all its rows. DuckDB's error
// message (e.g. "Parser Error: syntax error at or near ...") is returned
// as is.
func (e *Engine) Query(ctx context.Context, q string) (*Result, error) {
	rows, err := e.db.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cts, err := rows.ColumnTypes()
	if err != nil {
		return nil, err
	}
	res := &Result{Columns: make([]string, len(cts)), Types: make([]string, len(cts))}
	for i, ct := range cts {
		res.Columns[i], res.Types[i] = ct.Name(), ct.DatabaseTypeName()
	}
	for rows.Next() {
		vals := make([]any, len(cts))
		ptrs := make([]any, len(cts))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		res.Rows = append(res.Rows, vals)
	}
	return res, rows.Err()
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

func quoteString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
