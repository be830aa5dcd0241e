package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// parquetFiles counts the data files on disk under the table's folder.
func parquetFiles(t *testing.T, dir string) int {
	t.Helper()
	n := 0
	err := filepath.WalkDir(filepath.Join(dir, ".matano/lake"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".parquet") {
			n++
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestCompactAndExpire(t *testing.T) {
	dir := initDir(t)
	ingestCopies(t, dir, 3)
	count := func() string {
		t.Helper()
		code, out, errs := run(t, "query", "--dir", dir, "--format", "csv",
			"SELECT count(*) AS n, count(DISTINCT web_auth.session_id) AS s FROM web_auth")
		if code != 0 {
			t.Fatalf("query: exit %d\n%s", code, errs)
		}
		return out
	}
	if got := count(); got != "n,s\n9,3\n" {
		t.Fatalf("before: %s", got)
	}
	if n := parquetFiles(t, dir); n != 3 {
		t.Fatalf("%d parquet files before compaction, want 3", n)
	}

	code, out, errs := run(t, "compact", "--dir", dir, "web_auth", "--target-size", "64MiB")
	if code != 0 || !strings.Contains(out, "web_auth: files 3 -> 1 (rewrote 3 into 1") || !strings.Contains(out, "rows 9 -> 9") {
		t.Fatalf("compact: exit %d\n%s%s", code, out, errs)
	}
	if got := count(); got != "n,s\n9,3\n" {
		t.Errorf("after compaction: %s", got)
	}
	code, out, errs = run(t, "compact", "--dir", dir)
	if code != 0 || out != "web_auth: 1 file(s), nothing to compact\n" {
		t.Errorf("second compact: exit %d\n%s%s", code, out, errs)
	}
	// The replaced files stay until their snapshots expire.
	if n := parquetFiles(t, dir); n != 4 {
		t.Errorf("%d parquet files after compaction, want 4", n)
	}

	// An orphan (a data file a killed ingest wrote but never committed)
	// two days old, and a fresh one that may belong to a running ingest.
	data, _ := filepath.Glob(filepath.Join(dir, ".matano/lake/*/web_auth/data"))
	if len(data) != 1 {
		t.Fatalf("data folders: %v", data)
	}
	old, fresh := filepath.Join(data[0], "orphan-old.parquet"), filepath.Join(data[0], "orphan-new.parquet")
	for _, p := range []string{old, fresh} {
		if err := os.WriteFile(p, []byte("PAR1"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	twoDays := time.Now().Add(-48 * time.Hour)
	if err := os.Chtimes(old, twoDays, twoDays); err != nil {
		t.Fatal(err)
	}

	// 3 appends + 1 replace; a day's horizon removes none of them, only
	// the old orphan.
	code, out, errs = run(t, "expire", "--dir", dir, "--older-than", "1d")
	if code != 0 || out != "web_auth: snapshots 4 -> 4 (removed 0), orphan files removed 1\n" {
		t.Errorf("expire 1d: exit %d\n%s%s", code, out, errs)
	}
	time.Sleep(20 * time.Millisecond) // snapshot times have millisecond resolution
	code, out, errs = run(t, "expire", "web_auth", "--dir", dir, "--older-than", "1ms")
	if code != 0 || out != "web_auth: snapshots 4 -> 1 (removed 3), orphan files removed 1\n" {
		t.Errorf("expire 1ms: exit %d\n%s%s", code, out, errs)
	}
	if _, err := os.Stat(old); err == nil {
		t.Error("the old orphan is still there")
	}
	if n := parquetFiles(t, dir); n != 1 {
		t.Errorf("%d parquet files after expiry, want 1", n)
	}
	if got := count(); got != "n,s\n9,3\n" {
		t.Errorf("after expiry: %s", got)
	}
}

func TestMaintainUsage(t *testing.T) {
	dir := initDir(t)
	ingestCopies(t, dir, 1)
	for _, tc := range []struct {
		args []string
		errs string
	}{
		{[]string{"expire", "--dir", dir}, "--older-than is required"},
		{[]string{"expire", "--dir", dir, "--older-than", "soon"}, `"soon": want a Go duration`},
		{[]string{"expire", "--dir", dir, "--older-than", "-1h"}, "negative"},
		{[]string{"compact", "--dir", dir, "--target-size", "big"}, `"big": want a positive byte count`},
		{[]string{"compact", "--dir", dir, "nope"}, `no table "nope" in the lake`},
	} {
		if code, _, errs := run(t, tc.args...); code != 2 || !strings.Contains(errs, tc.errs) {
			t.Errorf("%v: exit %d, stderr %s", tc.args, code, errs)
		}
	}
}

func TestParseAgeAndSize(t *testing.T) {
	for in, want := range map[string]time.Duration{"7d": 7 * 24 * time.Hour, "0d": 0, "36h": 36 * time.Hour, "1h30m": 90 * time.Minute} {
		if got, err := parseAge(in); err != nil || got != want {
			t.Errorf("parseAge(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "d", "1.5d", "7days", "-2d"} {
		if _, err := parseAge(in); err == nil {
			t.Errorf("parseAge(%q) succeeded", in)
		}
	}
	for in, want := range map[string]int64{"1000": 1000, "64MiB": 64 << 20, "2KB": 2000, "1 GiB": 1 << 30, "10B": 10} {
		if got, err := parseSize(in); err != nil || got != want {
			t.Errorf("parseSize(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "0", "-5", "MiB", "1.5MiB"} {
		if _, err := parseSize(in); err == nil {
			t.Errorf("parseSize(%q) succeeded", in)
		}
	}
}
