package main

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/matano-go/matano/runtime/lake"
	"github.com/matano-go/matano/runtime/state"
	"github.com/matano-go/matano/runtime/vrl/value"
)

// sampleEvents are web_auth's sample lines as its transform shapes them.
var sampleEvents = []struct {
	ts   time.Time
	json string
}{
	{time.Date(2026, 1, 15, 9, 12, 1, 0, time.UTC), `{"event":{"action":"login","outcome":"failure"},"source":{"ip":"203.0.113.7"},"user":{"name":"alice"},"related":{"ip":["203.0.113.7"]},"web_auth":{"session_id":"s-01","mfa":false}}`},
	{time.Date(2026, 1, 15, 9, 12, 3, 0, time.UTC), `{"event":{"action":"login","outcome":"failure"},"source":{"ip":"203.0.113.7"},"user":{"name":"alice"},"related":{"ip":["203.0.113.7"]},"web_auth":{"session_id":"s-02","mfa":false}}`},
	{time.Date(2026, 1, 15, 9, 12, 9, 0, time.UTC), `{"event":{"action":"login","outcome":"success"},"source":{"ip":"198.51.100.20"},"user":{"name":"bob"},"related":{"ip":["198.51.100.20"]},"web_auth":{"session_id":"s-03","mfa":true}}`},
}

// ingestCopies commits the web_auth sample n times through the lake API
// (one object and one commit each, so the table gets n data files of 3
// rows). It bypasses the ingest pipeline so these tests exercise only
// the lake and the query and maintenance commands.
func ingestCopies(t *testing.T, dir string, n int) {
	t.Helper()
	ctx := context.Background()
	var discard bytes.Buffer
	p, schemas, err := loadSchemas(&streams{out: &discard, err: &discard}, dir)
	if err != nil {
		t.Fatalf("%v\n%s", err, discard.String())
	}
	l, err := lake.Open(ctx, lake.Config{Warehouse: lake.DefaultWarehouse(p.Root)})
	if err != nil {
		t.Fatal(err)
	}
	if err := l.EnsureTable(ctx, schemas["web_auth"]); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		o := state.Object{Path: fmt.Sprintf("file:///logs/copy%d.ndjson", i), Size: 1, SHA256: fmt.Sprint("sha", i)}
		b := l.NewBatch()
		if err := b.Begin(ctx, o); err != nil {
			t.Fatal(err)
		}
		for _, e := range sampleEvents {
			v, err := value.FromJSON([]byte(e.json))
			if err != nil {
				t.Fatal(err)
			}
			v.Obj().Set("ts", value.Timestamp(e.ts))
			if err := b.Add(ctx, o, "web_auth", v); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := b.Commit(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestQueryCommand(t *testing.T) {
	dir := initDir(t)
	ingestCopies(t, dir, 2)
	wh := filepath.Join(dir, ".matano/lake")
	for _, tc := range []struct {
		name string
		args []string
		code int
		out  string // exact stdout, or with errs a fragment of stderr
		errs string
	}{
		{"count csv", []string{"query", "--dir", dir, "--format", "csv", "SELECT count(*) AS n FROM web_auth"}, 0, "n\n6\n", ""},
		{"nested field", []string{"query", "--dir", dir, "--format", "csv",
			"SELECT DISTINCT source.ip, web_auth.mfa FROM web_auth WHERE user.name = 'bob'"}, 0, "ip,mfa\n198.51.100.20,true\n", ""},
		{"group by json", []string{"query", "--warehouse", wh, "--format", "json",
			"SELECT user.name AS user, count(*) AS n, count(*) FILTER (WHERE event.outcome = 'failure') AS failed FROM web_auth GROUP BY ALL ORDER BY user"}, 0,
			`{"user":"alice","n":4,"failed":4}` + "\n" + `{"user":"bob","n":2,"failed":0}` + "\n", ""},
		{"table", []string{"query", "--dir", dir, "SELECT event.action, count(*) AS n, min(ts) AS first FROM web_auth GROUP BY ALL"}, 0,
			"action  n  first\n------  -  -------------------\nlogin   6  2026-01-15 09:12:01\n(1 row)\n", ""},
		{"list and struct json", []string{"query", "--dir", dir, "--format", "json",
			"SELECT related.ip AS ips, web_auth FROM web_auth WHERE web_auth.session_id = 's-03' LIMIT 1"}, 0,
			`{"ips":["198.51.100.20"],"web_auth":{"mfa":true,"session_id":"s-03"}}` + "\n", ""},
		{"bad sql", []string{"query", "--dir", dir, "SELEC * FROM web_auth"}, 1, "", "Parser Error: syntax error"},
		{"unknown table", []string{"query", "--dir", dir, "SELECT * FROM nope"}, 1, "", "nope does not exist"},
		{"bad format", []string{"query", "--dir", dir, "--format", "xml", "SELECT 1"}, 2, "", `unknown format "xml"`},
		{"no lake", []string{"query", "--warehouse", t.TempDir(), "SELECT 1"}, 1, "", "no lake here yet"},
		{"no sql", []string{"query", "--dir", dir}, 2, "", "accepts 1 arg"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := run(t, tc.args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d\n%s%s", code, tc.code, out, errs)
			}
			if tc.errs != "" {
				if !strings.Contains(errs, tc.errs) {
					t.Errorf("stderr lacks %q:\n%s", tc.errs, errs)
				}
				return
			}
			if out != tc.out {
				t.Errorf("stdout:\n%s\nwant:\n%s", out, tc.out)
			}
		})
	}
}

func TestQueryEmptyTable(t *testing.T) {
	dir := initDir(t)
	ingestCopies(t, dir, 0) // creates the table, commits nothing
	code, out, errs := run(t, "query", "--dir", dir, "--format", "csv",
		"SELECT count(*) AS n, count(source.ip) AS ips, typeof(any_value(web_auth.mfa)) AS t FROM web_auth")
	if code != 0 || out != "n,ips,t\n0,0,BOOLEAN\n" {
		t.Errorf("exit %d\n%s%s", code, out, errs)
	}
	code, out, errs = run(t, "query", "--dir", dir, "SELECT ts, user.name FROM web_auth")
	if code != 0 || out != "ts  name\n--  ----\n(0 rows)\n" {
		t.Errorf("exit %d\n%q%s", code, out, errs)
	}
}
