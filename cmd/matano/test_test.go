package main

import (
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// testFlags skips detection tests when python3 is missing, so the CLI
// tests still cover log sources and the output formats.
func testFlags(dir string, extra ...string) []string {
	args := []string{"test", "--dir", dir}
	if _, err := exec.LookPath("python3"); err != nil {
		args = append(args, "--no-python")
	}
	return append(args, extra...)
}

func TestTestInitDirPasses(t *testing.T) {
	dir := initDir(t)
	code, out, errs := run(t, testFlags(dir, "--minimum-tests", "2")...)
	if code != 0 {
		t.Fatalf("matano test on a fresh init: exit %d\n%s%s", code, out, errs)
	}
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	last := lines[len(lines)-1]
	if !strings.HasSuffix(last, " passed, 0 failed") || !strings.Contains(out, "PASS log_source web_auth: sample.ndjson\n") {
		t.Errorf("output:\n%s", out)
	}
}

func TestTestFailuresAndUpdate(t *testing.T) {
	dir := initDir(t)
	sample := filepath.Join(dir, "log_sources/web_auth/test/sample.ndjson")
	b, _ := os.ReadFile(sample)
	os.WriteFile(sample, []byte(strings.Replace(string(b), `"user":"alice"`, `"user":"mallory"`, 1)), 0o644)

	code, out, _ := run(t, testFlags(dir)...)
	if code != 1 || !strings.Contains(out, "FAIL log_source web_auth: sample.ndjson\n") ||
		!strings.Contains(out, `+      "name": "mallory"`) || !strings.Contains(out, " passed, 1 failed\n") {
		t.Fatalf("exit %d:\n%s", code, out)
	}

	code, out, _ = run(t, testFlags(dir, "--format", "junit")...)
	var doc struct {
		Failures int `xml:"failures,attr"`
	}
	if code != 1 || xml.Unmarshal([]byte(out), &doc) != nil || doc.Failures != 1 {
		t.Errorf("junit: exit %d\n%s", code, out)
	}

	code, out, _ = run(t, testFlags(dir, "--format", "github")...)
	if code != 1 || !strings.HasPrefix(out, "::error file=log_sources/web_auth/test/sample.ndjson,line=1,") {
		t.Errorf("github: exit %d\n%s", code, out)
	}

	if code, out, _ = run(t, testFlags(dir, "--update")...); code != 0 || !strings.Contains(out, "updated log_sources/web_auth/test/sample.ndjson-expected.json") {
		t.Errorf("update: exit %d\n%s", code, out)
	}
	if code, out, _ = run(t, testFlags(dir, "--format", "json")...); code != 0 || !strings.Contains(out, `"failed": 0`) {
		t.Errorf("after update: exit %d\n%s", code, out)
	}
}

func TestTestUsageAndInvalidDir(t *testing.T) {
	dir := initDir(t)
	if code, _, errs := run(t, "test", "--dir", dir, "--format", "xml"); code != 2 || !strings.Contains(errs, "--format must be") {
		t.Errorf("bad format: exit %d %s", code, errs)
	}
	breakDir(t, dir)
	if code, _, errs := run(t, "test", "--dir", dir); code != 1 || !strings.Contains(errs, "the directory is invalid") {
		t.Errorf("invalid dir: exit %d %s", code, errs)
	}
}
