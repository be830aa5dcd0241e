package query

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/matano-go/matano/compiler/schema"
	"github.com/matano-go/matano/runtime/lake"
	"github.com/matano-go/matano/runtime/state"
	"github.com/matano-go/matano/runtime/vrl/value"
)

func prim(k string) *schema.Type { return &schema.Type{Kind: k} }

// webSchema: ts, message, source{ip, port}, tags list<string>; with
// extra, a column added later (schema evolution).
func webSchema(name string, extra bool) *schema.Schema {
	s := &schema.Schema{Table: name, LastID: 7, Columns: []*schema.Field{
		{ID: 1, Name: "ts", Type: prim("timestamp"), Required: true},
		{ID: 2, Name: "message", Type: prim("string")},
		{ID: 3, Name: "source", Type: &schema.Type{Kind: "struct", Fields: []*schema.Field{
			{ID: 4, Name: "ip", Type: prim("string")},
			{ID: 5, Name: "port", Type: prim("long")},
		}}},
		{ID: 6, Name: "tags", Type: &schema.Type{Kind: "list", Element: &schema.Field{ID: 7, Name: "element", Type: prim("string")}}},
	}}
	if extra {
		s.LastID = 8
		s.Columns = append(s.Columns, &schema.Field{ID: 8, Name: "severity", Type: prim("int")})
	}
	return s
}

var base = time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC)

// fill commits n rows for one object: ports 0..n-1, ips cycling over
// three addresses, messages "m<i>".
func fill(t *testing.T, l *lake.Lake, tbl, key string, n int) {
	t.Helper()
	ctx := context.Background()
	o := state.Object{Path: "file:///logs/" + key, Size: 1, SHA256: "sha-" + key}
	b := l.NewBatch()
	if err := b.Begin(ctx, o); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < n; i++ {
		v, err := value.FromJSON([]byte(fmt.Sprintf(`{"message":"m%d","source":{"ip":"10.0.0.%d","port":%d},"tags":["a","t%d"]}`, i, i%3, i, i)))
		if err != nil {
			t.Fatal(err)
		}
		v.Obj().Set("ts", value.Timestamp(base.Add(time.Duration(i)*time.Second)))
		if err := b.Add(ctx, o, tbl, v); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := b.Commit(ctx); err != nil {
		t.Fatal(err)
	}
}

// testLake writes a warehouse with "web" (two commits, 5 + 3 rows, then a
// column added) and "empty" (no snapshot), and returns its folder.
func testLake(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	l, err := lake.Open(ctx, lake.Config{Warehouse: dir})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []*schema.Schema{webSchema("web", false), webSchema("empty", false)} {
		if err := l.EnsureTable(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	fill(t, l, "web", "one", 5)
	fill(t, l, "web", "two", 3)
	if err := l.EnsureTable(ctx, webSchema("web", true)); err != nil {
		t.Fatal(err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

func openEngine(t *testing.T, warehouse string) *Engine {
	t.Helper()
	ctx := context.Background()
	cat, closeCat, err := OpenLocalCatalog(ctx, warehouse)
	if err != nil {
		t.Fatal(err)
	}
	defer closeCat()
	tables, err := PlanAll(ctx, cat)
	if err != nil {
		t.Fatal(err)
	}
	e, err := Open(ctx, tables)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

func TestQueries(t *testing.T) {
	e := openEngine(t, testLake(t))
	for _, tc := range []struct {
		name, sql string
		want      string // CSV output
	}{
		{"count", "SELECT count(*) AS n FROM web", "n\n8\n"},
		{"nested field", "SELECT source.ip, source.port FROM web WHERE source.port = 4",
			"ip,port\n10.0.0.1,4\n"},
		{"group by", "SELECT source.ip AS ip, count(*) AS n FROM web GROUP BY ALL ORDER BY ip",
			"ip,n\n10.0.0.0,3\n10.0.0.1,3\n10.0.0.2,2\n"},
		{"list", "SELECT tags[2] AS t, len(tags) AS l FROM web WHERE message = 'm2' ORDER BY ts LIMIT 1",
			"t,l\nt2,2\n"},
		{"timestamp", "SELECT min(ts) AS first FROM web", "first\n2024-03-01 10:00:00\n"},
		{"added column is NULL", "SELECT count(*) AS n, count(severity) AS s, typeof(any_value(severity)) AS ty FROM web",
			"n,s,ty\n8,0,INTEGER\n"},
		{"empty table", "SELECT count(*) AS n FROM empty", "n\n0\n"},
		{"empty table nested type", "SELECT typeof(source) AS ty FROM (SELECT source FROM empty UNION ALL SELECT NULL)",
			`ty` + "\n" + `"STRUCT(ip VARCHAR, port BIGINT)"` + "\n"},
		{"join", "SELECT count(*) AS n FROM web w JOIN empty e ON w.message = e.message", "n\n0\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := e.Query(context.Background(), tc.sql)
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if err := res.Write(&b, FormatCSV); err != nil {
				t.Fatal(err)
			}
			if b.String() != tc.want {
				t.Errorf("got\n%s\nwant\n%s", b.String(), tc.want)
			}
		})
	}
}

func TestFormats(t *testing.T) {
	e := openEngine(t, testLake(t))
	const q = "SELECT message, source.port AS port, source, tags, NULL AS nothing FROM web WHERE source.port < 2 AND tags[1] = 'a' ORDER BY ts LIMIT 2"
	for _, tc := range []struct {
		f    Format
		want string
	}{
		{FormatTable, `message  port  source                      tags        nothing
-------  ----  --------------------------  ----------  -------
m0          0  {"ip":"10.0.0.0","port":0}  ["a","t0"]  NULL
m0          0  {"ip":"10.0.0.0","port":0}  ["a","t0"]  NULL
(2 rows)
`},
		{FormatCSV, `message,port,source,tags,nothing
m0,0,"{""ip"":""10.0.0.0"",""port"":0}","[""a"",""t0""]",
m0,0,"{""ip"":""10.0.0.0"",""port"":0}","[""a"",""t0""]",
`},
		{FormatJSON, `{"message":"m0","port":0,"source":{"ip":"10.0.0.0","port":0},"tags":["a","t0"],"nothing":null}
{"message":"m0","port":0,"source":{"ip":"10.0.0.0","port":0},"tags":["a","t0"],"nothing":null}
`},
	} {
		t.Run(string(tc.f), func(t *testing.T) {
			res, err := e.Query(context.Background(), q)
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if err := res.Write(&b, tc.f); err != nil {
				t.Fatal(err)
			}
			if b.String() != tc.want {
				t.Errorf("got\n%s\nwant\n%s", b.String(), tc.want)
			}
		})
	}
}

func TestErrors(t *testing.T) {
	dir := testLake(t)
	e := openEngine(t, dir)
	for _, tc := range []struct{ sql, want string }{
		{"SELEC 1", "syntax error"},
		{"SELECT nope FROM web", `"nope" not found`},
		{"SELECT * FROM missing_table", "missing_table does not exist"},
	} {
		if _, err := e.Query(context.Background(), tc.sql); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.sql, err, tc.want)
		}
	}
	if _, _, err := OpenLocalCatalog(context.Background(), t.TempDir()); err == nil || !strings.Contains(err.Error(), "no lake here yet") {
		t.Errorf("empty folder: %v", err)
	}
	if _, err := ParseFormat("xml"); err == nil {
		t.Error("ParseFormat(xml) succeeded")
	}
}
