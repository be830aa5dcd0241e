package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestDetectCommand(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 not found; the detection host needs it")
	}
	dir := initDir(t)
	in := filepath.Join(t.TempDir(), "records.jsonl")
	var lines []string
	for _, u := range []string{"alice", "alice", "bob", "alice", "alice", "alice"} {
		lines = append(lines, `{"ts":"2026-01-15T09:12:01Z","event":{"action":"login","outcome":"failure"},"user":{"name":"`+u+`"}}`)
	}
	lines = append(lines, `{"ts":"2026-01-15T09:12:02Z","event":{"action":"login","outcome":"success"},"user":{"name":"carol"}}`)
	if err := os.WriteFile(in, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		args  []string
		code  int
		rows  int
		errOK string
	}{
		{"print", []string{"detect", "--dir", dir, "--table", "web_auth", in}, 0, 6, "7 record(s), 6 match(es), 2 alert(s), 1 activated, 0 failure(s)"},
		// Without --write the windows start empty every time.
		{"print again", []string{"detect", "--dir", dir, "--table", "web_auth", in}, 0, 6, "2 alert(s), 1 activated"},
		{"write", []string{"detect", "--dir", dir, "--table", "web_auth", "--write", in}, 0, 6, "6 row(s) written to matano_alerts"},
		// With --write the windows are the lake's: the same alerts go on.
		{"write again", []string{"detect", "--dir", dir, "--table", "web_auth", "--write", in}, 0, 6, "0 alert(s), 0 activated"},
		{"no table flag", []string{"detect", "--dir", dir, in}, 2, 0, "--table is required"},
		{"unknown table", []string{"detect", "--dir", dir, "--table", "nope", in}, 2, 0, `no table "nope"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := run(t, tc.args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d\n%s%s", code, tc.code, out, errs)
			}
			if !strings.Contains(errs, tc.errOK) {
				t.Errorf("stderr lacks %q:\n%s", tc.errOK, errs)
			}
			var rows []map[string]any
			for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
				if l == "" {
					continue
				}
				var r map[string]any
				if err := json.Unmarshal([]byte(l), &r); err != nil {
					t.Fatalf("not JSON: %s", l)
				}
				rows = append(rows, r)
			}
			if len(rows) != tc.rows {
				t.Fatalf("%d rows, want %d:\n%s", len(rows), tc.rows, out)
			}
			if len(rows) > 0 {
				a := rows[0]["matano"].(map[string]any)["alert"].(map[string]any)
				if a["title"] != "Repeated failed logins for alice" || a["rule"].(map[string]any)["name"] != "web_auth_brute_force" {
					t.Errorf("first row: %v", rows[0])
				}
				if rows[0]["event"].(map[string]any)["kind"] != "signal" {
					t.Errorf("event.kind: %v", rows[0]["event"])
				}
			}
		})
	}
	code, out, _ := run(t, "tables", "--dir", dir)
	if code != 0 || !strings.Contains(out, "matano_alerts") {
		t.Errorf("tables after --write: exit %d\n%s", code, out)
	}
}
