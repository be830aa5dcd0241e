package ingest

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"

	"github.com/apache/iceberg-go"
	sqlcat "github.com/apache/iceberg-go/catalog/sql"
	"github.com/apache/iceberg-go/table"

	"github.com/matano-go/matano/runtime/lake"
)

// interopScript reads a warehouse with pyiceberg and prints what it sees
// (bench/interop/pyiceberg_dump.py documents the JSON).
const interopScript = "../../bench/interop/pyiceberg_dump.py"

// pyField is one flattened schema field as both sides print it.
type pyField struct {
	ID       int    `json:"id"`
	Name     string `json:"name"`
	Type     string `json:"type"`
	Required bool   `json:"required"`
}

func (f pyField) String() string {
	req := "optional"
	if f.Required {
		req = "required"
	}
	return fmt.Sprintf("%d %s: %s (%s)", f.ID, f.Name, f.Type, req)
}

type pyTable struct {
	Rows        int64     `json:"rows"`
	SummaryRows int64     `json:"summary_rows"`
	Fields      []pyField `json:"fields"`
	// Partition is the spec, one "<field id> <name> <transform>(<source
	// id>)" per field.
	Partition []string `json:"partition"`
}

// flattenSchema lists an Iceberg schema's fields depth-first the way the
// script does, so the two lists are equal exactly when the schemas are.
func flattenSchema(fields []iceberg.NestedField, prefix string, out []pyField) []pyField {
	for _, f := range fields {
		out = flattenField(f.ID, prefix+f.Name, f.Type, f.Required, out)
	}
	return out
}

func flattenField(id int, path string, typ iceberg.Type, required bool, out []pyField) []pyField {
	switch t := typ.(type) {
	case *iceberg.StructType:
		out = append(out, pyField{id, path, "struct", required})
		return flattenSchema(t.FieldList, path+".", out)
	case *iceberg.ListType:
		out = append(out, pyField{id, path, "list", required})
		return flattenField(t.ElementID, path+".element", t.Element, t.ElementRequired, out)
	case *iceberg.MapType:
		out = append(out, pyField{id, path, "map", required})
		out = flattenField(t.KeyID, path+".key", t.KeyType, true, out)
		return flattenField(t.ValueID, path+".value", t.ValueType, t.ValueRequired, out)
	default:
		return append(out, pyField{id, path, typ.String(), required})
	}
}

// havePyiceberg reports why the script cannot run here, or "".
func havePyiceberg() string {
	py, err := exec.LookPath("python3")
	if err != nil {
		return "python3 not found"
	}
	cmd := exec.Command(py, "-c", "import pyiceberg.catalog.sql, pyarrow, sqlalchemy")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Sprintf("pyiceberg[sql-sqlite,pyarrow] not importable (%v): %s", err, bytes.TrimSpace(out))
	}
	return ""
}

// ourTables reads every table of the warehouse through iceberg-go's SQL
// catalog, as `matano ingest` wrote it: the schema from the table
// metadata and the row count from the rows a scan returns.
func ourTables(t *testing.T, wh string) map[string]pyTable {
	t.Helper()
	ctx := context.Background()
	l := openLake(t, wh)
	names, err := l.Tables(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// The lake does not expose table metadata, so open the catalog file a
	// second time, read only, the way lake.Open names it.
	db, err := sql.Open("sqlite", "file:"+filepath.Join(wh, "catalog.db")+"?mode=ro&_pragma=busy_timeout(20000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	loc := (&url.URL{Scheme: "file", Path: filepath.ToSlash(wh)}).String()
	cat, err := sqlcat.NewCatalog("matano", db, sqlcat.SQLite, iceberg.Properties{"warehouse": loc})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]pyTable{}
	for _, name := range names {
		tbl, err := cat.LoadTable(ctx, table.Identifier{lake.Namespace, name})
		if err != nil {
			t.Fatal(err)
		}
		info, err := l.Info(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		at, err := l.Scan(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		var partition []string
		spec := tbl.Spec()
		for _, p := range spec.Fields() {
			partition = append(partition, fmt.Sprintf("%d %s %s(%d)", p.FieldID, p.Name, p.Transform, p.SourceID()))
		}
		out[name] = pyTable{
			Rows:        at.NumRows(),
			SummaryRows: info.Rows,
			Fields:      flattenSchema(tbl.Schema().Fields(), "", nil),
			Partition:   partition,
		}
		at.Release()
	}
	return out
}

// TestPyicebergReadsOurLake ingests several log sources (flat and nested
// ECS fields, a text source, two tables of one source) into one warehouse
// and checks that pyiceberg, opening the same SQLite catalog, sees the
// same tables, the same row counts, the same schemas (field ids, names,
// types, nullability) and the same partition specs as iceberg-go.
func TestPyicebergReadsOurLake(t *testing.T) {
	if why := havePyiceberg(); why != "" {
		t.Skip(why)
	}
	if testing.Short() {
		t.Skip("runs python3; skipped in -short mode")
	}
	f := newFixture(t, "web")
	inputs := []struct{ source, file, data string }{
		{"web", "web.log", string(webInput())},
		{"syslog", "messages", "<34>1 2024-01-02T03:04:05.000Z web01 sshd 4242 ID47 - Failed password for root\n" +
			"<13>Jan  2 03:04:06 web02 cron[77]: job done\n"},
		{"app", "app.json", `{"query":"example.com"}` + "\n" + `{"path":"/login"}` + "\n" + `{"path":"/logout"}` + "\n"},
		{"trail", "trail.json", `{"Records":[{"eventTime":"2024-01-02T03:04:05Z","eventName":"GetObject"},` +
			`{"eventTime":"2024-01-02T05:04:05Z","eventName":"PutObject"}]}`},
	}
	for _, in := range inputs {
		cfg := f.cfg
		cfg.Source = in.source
		f.ingest(t, cfg, f.file(t, in.file, []byte(in.data)))
	}
	if err := f.lake.Close(); err != nil {
		t.Fatal(err)
	}

	ours := ourTables(t, f.wh)
	if len(ours) < 5 {
		t.Fatalf("expected at least 5 tables, got %d", len(ours))
	}

	var stdout, stderr bytes.Buffer
	cmd := exec.Command("python3", interopScript, f.wh, "--json")
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Fatalf("pyiceberg could not read the lake: %v\n%s", err, stderr.String())
		}
		t.Fatal(err)
	}
	var theirs map[string]pyTable
	if err := json.Unmarshal(stdout.Bytes(), &theirs); err != nil {
		t.Fatalf("script output: %v\n%s", err, stdout.String())
	}

	for name, want := range ours {
		got, ok := theirs[name]
		if !ok {
			t.Errorf("pyiceberg does not see table %s (it sees %v)", name, keysOf(theirs))
			continue
		}
		if want.Rows == 0 {
			t.Errorf("%s: no rows written; the check would be vacuous", name)
		}
		if got.Rows != want.Rows || got.SummaryRows != want.SummaryRows {
			t.Errorf("%s: pyiceberg reads %d rows (summary %d), iceberg-go %d (summary %d)",
				name, got.Rows, got.SummaryRows, want.Rows, want.SummaryRows)
		}
		compareFields(t, name, got.Fields, want.Fields)
		if !slices.Equal(got.Partition, want.Partition) || len(want.Partition) == 0 {
			t.Errorf("%s: partition spec: pyiceberg %q, iceberg-go %q", name, got.Partition, want.Partition)
		}
	}
	for name := range theirs {
		if _, ok := ours[name]; !ok {
			t.Errorf("pyiceberg sees table %s that iceberg-go does not list", name)
		}
	}
}

// compareFields reports each field that differs, by path, rather than one
// unreadable diff of two long lists.
func compareFields(t *testing.T, table string, got, want []pyField) {
	t.Helper()
	byName := func(fs []pyField) map[string]pyField {
		m := make(map[string]pyField, len(fs))
		for _, f := range fs {
			m[f.Name] = f
		}
		return m
	}
	g, w := byName(got), byName(want)
	differ := false
	for _, f := range want {
		if h, ok := g[f.Name]; !ok {
			t.Errorf("%s: pyiceberg lacks field %v", table, f)
			differ = true
		} else if h != f {
			t.Errorf("%s: field differs: pyiceberg %v, iceberg-go %v", table, h, f)
			differ = true
		}
	}
	for _, f := range got {
		if _, ok := w[f.Name]; !ok {
			t.Errorf("%s: pyiceberg has extra field %v", table, f)
			differ = true
		}
	}
	if !differ && !slices.Equal(got, want) {
		t.Errorf("%s: same fields in a different order:\npyiceberg %v\niceberg-go %v", table, got, want)
	}
}

func keysOf[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
