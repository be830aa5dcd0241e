package lake

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
	"github.com/apache/iceberg-go/catalog"
	sqlcat "github.com/apache/iceberg-go/catalog/sql"
	"github.com/apache/iceberg-go/table"
	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" database/sql driver

	"github.com/matano-go/matano/compiler/schema"
)

// Namespace is the Iceberg namespace (Glue database) every Matano table
// lives in.
const Namespace = "matano"

// Catalog is the part of an Iceberg catalog the lake uses. iceberg-go's
// SQL catalog (local) and Glue catalog (AWS) both satisfy it, so the
// writer, committer and maintenance code never know which one they talk
// to.
type Catalog interface {
	CreateTable(ctx context.Context, ident table.Identifier, sc *iceberg.Schema, opts ...catalog.CreateTableOpt) (*table.Table, error)
	LoadTable(ctx context.Context, ident table.Identifier) (*table.Table, error)
	CheckTableExists(ctx context.Context, ident table.Identifier) (bool, error)
	CheckNamespaceExists(ctx context.Context, ns table.Identifier) (bool, error)
	CreateNamespace(ctx context.Context, ns table.Identifier, props iceberg.Properties) error
	ListTables(ctx context.Context, ns table.Identifier) iter.Seq2[table.Identifier, error]
}

// compile-time check that iceberg-go's catalogs (SQL here, Glue on AWS:
// both implement catalog.Catalog) fit.
var _ Catalog = catalog.Catalog(nil)

// sqliteDSN opens a SQLite file for several connections and, in tests,
// several processes: WAL lets readers run beside the one writer and the
// busy timeout turns lock contention into waiting instead of SQLITE_BUSY.
// The pragmas are in the DSN so every pooled connection gets them.
func sqliteDSN(path string) string {
	return "file:" + path + "?_txlock=immediate&_pragma=busy_timeout(20000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)"
}

// openLocalCatalog opens (creating if needed) the SQL catalog of a local
// warehouse: <warehouse>/catalog.db, tables under
// <warehouse>/matano.db/<table>.
func openLocalCatalog(ctx context.Context, warehouse string) (*sqlcat.Catalog, *sql.DB, error) {
	if err := os.MkdirAll(warehouse, 0o755); err != nil {
		return nil, nil, err
	}
	db, err := sql.Open("sqlite", sqliteDSN(filepath.Join(warehouse, "catalog.db")))
	if err != nil {
		return nil, nil, err
	}
	loc := (&url.URL{Scheme: "file", Path: filepath.ToSlash(warehouse)}).String()
	cat, err := sqlcat.NewCatalog("matano", db, sqlcat.SQLite, iceberg.Properties{"warehouse": loc})
	if err != nil {
		db.Close()
		return nil, nil, fmt.Errorf("open catalog in %s: %w", warehouse, err)
	}
	if err := ensureNamespace(ctx, cat); err != nil {
		cat.Close()
		db.Close()
		return nil, nil, err
	}
	return cat, db, nil
}

func ensureNamespace(ctx context.Context, cat Catalog) error {
	ns := table.Identifier{Namespace}
	ok, err := cat.CheckNamespaceExists(ctx, ns)
	if err != nil {
		return err
	}
	if ok {
		return nil
	}
	err = cat.CreateNamespace(ctx, ns, nil)
	if errors.Is(err, catalog.ErrNamespaceAlreadyExists) {
		return nil
	}
	return err
}

// tableProps are set on every table Matano creates. The zstd level is
// the one ingest writes with (writeDefaults, where the measurement is),
// so that compaction, which writes by the table's properties alone,
// uses it too instead of the codec's default.
var tableProps = iceberg.Properties{
	table.PropertyFormatVersion:       "2",
	"write.format.default":            "parquet",
	"write.parquet.compression-codec": "zstd",
	table.ParquetCompressionLevelKey:  writeDefaults[table.ParquetCompressionLevelKey],
}

func ident(name string) table.Identifier { return table.Identifier{Namespace, name} }

// EnsureTable creates the table for s if it does not exist (format v2,
// partitioned by hour(ts)) or evolves it to s: columns s has and the table
// lacks are added (Iceberg assigns them ids above the table's last id;
// existing columns keep theirs, matched by name), allowed promotions
// (int→long, float→double, wider decimal) are applied, and columns the
// table has and s lacks are kept (old data stays readable). A type change
// Iceberg does not allow is an *EvolutionError naming the table and field,
// and nothing is changed.
//
// The table's own schema, not s, is the truth afterwards: ids are
// assigned by the catalog at creation, so callers build casters from the
// returned table.
func EnsureTable(ctx context.Context, cat Catalog, s *schema.Schema) (*table.Table, error) {
	want, err := s.Iceberg()
	if err != nil {
		return nil, fmt.Errorf("table %s: %w", s.Table, err)
	}
	id := ident(s.Table)
	exists, err := cat.CheckTableExists(ctx, id)
	if err != nil {
		return nil, err
	}
	if !exists {
		ts := want.Field(0)
		if ts.Name != "ts" {
			return nil, fmt.Errorf("table %s: first column is %q, want ts", s.Table, ts.Name)
		}
		spec := iceberg.NewPartitionSpec(iceberg.PartitionField{
			SourceIDs: []int{ts.ID}, FieldID: 1000, Name: "ts_hour", Transform: iceberg.HourTransform{},
		})
		tbl, err := cat.CreateTable(ctx, id, want,
			catalog.WithPartitionSpec(&spec), catalog.WithProperties(tableProps))
		if errors.Is(err, catalog.ErrTableAlreadyExists) {
			// Lost a race with another process: evolve what it created.
			return EnsureTable(ctx, cat, s)
		}
		if err != nil {
			return nil, fmt.Errorf("create table %s: %w", s.Table, err)
		}
		return tbl, nil
	}
	tbl, err := cat.LoadTable(ctx, id)
	if err != nil {
		return nil, err
	}
	have, err := schema.FromIceberg(s.Table, tbl.Schema())
	if err != nil {
		return nil, fmt.Errorf("table %s: %w", s.Table, err)
	}
	changed, err := compareColumns(s.Table, "", have.Columns, s.Columns)
	if err != nil {
		return nil, err
	}
	if !changed {
		return tbl, nil
	}
	txn := tbl.NewTransaction()
	if err := txn.UpdateSchema(true, false).UnionByNameWith(want).Commit(); err != nil {
		return nil, fmt.Errorf("evolve table %s: %w", s.Table, err)
	}
	tbl, err = txn.Commit(ctx)
	if err != nil {
		return nil, fmt.Errorf("evolve table %s: %w", s.Table, err)
	}
	return tbl, nil
}

// EvolutionError is a schema change the table cannot take.
type EvolutionError struct {
	Table, Field string
	From, To     string
}

func (e *EvolutionError) Error() string {
	return fmt.Sprintf("table %s: field %s: cannot change type from %s to %s", e.Table, e.Field, e.From, e.To)
}

// compareColumns reports whether want adds or promotes anything in have,
// and fails on the first incompatible change. Matching is by name, as the
// resolved schema's ids are not the table's.
func compareColumns(tbl, prefix string, have, want []*schema.Field) (bool, error) {
	byName := make(map[string]*schema.Field, len(have))
	for _, f := range have {
		byName[f.Name] = f
	}
	changed := false
	for _, w := range want {
		h, ok := byName[w.Name]
		if ok && !h.Required && w.Required {
			// Old rows may hold nulls: Iceberg never tightens a column.
			return false, &EvolutionError{Table: tbl, Field: join(prefix, w.Name),
				From: "optional " + h.Type.String(), To: "required " + w.Type.String()}
		}
		if !ok || h.Required && !w.Required {
			changed = true // a new column, or a required one made optional
			if !ok {
				continue
			}
		}
		c, err := compareTypes(tbl, join(prefix, w.Name), h.Type, w.Type)
		if err != nil {
			return false, err
		}
		changed = changed || c
	}
	return changed, nil
}

func join(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}

func compareTypes(tbl, path string, h, w *schema.Type) (bool, error) {
	bad := &EvolutionError{Table: tbl, Field: path, From: h.String(), To: w.String()}
	if h.Kind != w.Kind {
		if promotable(h, w) {
			return true, nil
		}
		return false, bad
	}
	switch h.Kind {
	case "struct":
		return compareColumns(tbl, path, h.Fields, w.Fields)
	case "list":
		return compareTypes(tbl, path+".element", h.Element.Type, w.Element.Type)
	case "map":
		kc, err := compareTypes(tbl, path+".key", h.Key.Type, w.Key.Type)
		if err != nil {
			return false, err
		}
		vc, err := compareTypes(tbl, path+".value", h.Value.Type, w.Value.Type)
		return kc || vc, err
	case "decimal":
		if h.Scale != w.Scale || w.Precision < h.Precision {
			return false, bad
		}
		return w.Precision != h.Precision, nil
	case "fixed":
		if h.Length != w.Length {
			return false, bad
		}
	}
	return false, nil
}

// promotable lists Iceberg's allowed primitive promotions (spec, "Schema
// Evolution").
func promotable(h, w *schema.Type) bool {
	return h.Kind == "int" && w.Kind == "long" || h.Kind == "float" && w.Kind == "double"
}
