package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestIngestCommand(t *testing.T) {
	dir := initDir(t)
	sample := filepath.Join(dir, "log_sources/web_auth/test/sample.ndjson")
	bad := filepath.Join(t.TempDir(), "bad.ndjson")
	if err := os.WriteFile(bad, []byte("not json at all\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		args  []string
		code  int
		out   []string // fragments of stdout
		errOK string   // fragment of stderr
	}{
		{"first", []string{"ingest", "--dir", dir, "--source", "web_auth", sample}, 0,
			[]string{"ingested 1 object(s): read 3, written 3, sidelined 0, aborted 0", "written web_auth: 3"}, ""},
		{"again", []string{"ingest", "--dir", dir, "--source", "web_auth", sample}, 0,
			[]string{"already ingested: " + sample, "read 0, written 0"}, ""},
		{"a folder with a bad line", []string{"ingest", "--dir", dir, "--source", "web_auth", filepath.Dir(bad)}, 0,
			[]string{"read 1, written 0, sidelined 1", "sidelined vrl_error: 1"}, ""},
		{"tables", []string{"tables", "--dir", dir}, 0, []string{"TABLE", "web_auth"}, ""},
		{"no source", []string{"ingest", "--dir", dir, sample}, 2, nil, "--source is required"},
		{"unknown source", []string{"ingest", "--dir", dir, "--source", "nope", sample}, 2, nil, `no log source "nope"`},
		{"missing file", []string{"ingest", "--dir", dir, "--source", "web_auth", "/no/such/file"}, 2, nil, "no such file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := run(t, tc.args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d\n%s%s", code, tc.code, out, errs)
			}
			for _, w := range tc.out {
				if !strings.Contains(out, w) {
					t.Errorf("stdout lacks %q:\n%s", w, out)
				}
			}
			if tc.errOK != "" && !strings.Contains(errs, tc.errOK) {
				t.Errorf("stderr lacks %q:\n%s", tc.errOK, errs)
			}
		})
	}
	if m, _ := filepath.Glob(filepath.Join(dir, ".matano/lake/sideline/web_auth/*.jsonl")); len(m) != 1 {
		t.Errorf("sideline files: %v", m)
	}
	code, out, _ := run(t, "tables", "--dir", dir)
	if code != 0 || !strings.Contains(out, "web_auth") || !strings.Contains(out, " 3 ") {
		t.Errorf("tables: exit %d\n%s", code, out)
	}
}

func TestIngestCommandStdinAndInvalidDir(t *testing.T) {
	dir := initDir(t)
	sample, err := os.ReadFile(filepath.Join(dir, "log_sources/web_auth/test/sample.ndjson"))
	if err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if code := Main([]string{"ingest", "--dir", dir, "--source", "web_auth", "-"}, bytes.NewReader(sample), &out, &errb); code != 0 ||
		!strings.Contains(out.String(), "written 3") {
		t.Errorf("stdin: exit %d\n%s%s", code, out.String(), errb.String())
	}

	breakDir(t, dir)
	code, _, errs := run(t, "ingest", "--dir", dir, "--source", "web_auth", "-")
	if code != 1 || !strings.Contains(errs, "error") || !strings.Contains(errs, "invalid") {
		t.Errorf("invalid dir: exit %d\n%s", code, errs)
	}
}
