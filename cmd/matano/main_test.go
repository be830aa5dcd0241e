package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// run calls Main in-process and returns its exit code and output.
func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func initDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "acme-lake")
	code, out, errs := run(t, "init", dir, "--account", "123456789012", "--region", "us-east-1")
	if code != 0 {
		t.Fatalf("init: exit %d\n%s%s", code, out, errs)
	}
	return dir
}

func TestInitValidates(t *testing.T) {
	dir := initDir(t)
	for _, f := range []string{"matano.config.yml", ".gitignore", ".github/workflows/matano-validate.yml",
		"log_sources/web_auth/log_source.yml", "log_sources/web_auth/test/sample.ndjson",
		"detections/web_auth_brute_force/detect.py", "detections/web_auth_brute_force/tests/failed_login.yml"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("init did not write %s", f)
		}
	}
	cfg, _ := os.ReadFile(filepath.Join(dir, "matano.config.yml"))
	if !strings.Contains(string(cfg), "project_label: acme-lake") || !strings.Contains(string(cfg), `account: "123456789012"`) {
		t.Errorf("config:\n%s", cfg)
	}
	code, out, errs := run(t, "validate", "--dir", dir)
	if code != 0 || !strings.Contains(out, "valid: no problems found") {
		t.Fatalf("validate: exit %d\n%s%s", code, out, errs)
	}
}

func TestInitRefusesNonEmptyAndBadInput(t *testing.T) {
	dir := initDir(t)
	if code, _, errs := run(t, "init", dir, "--account", "123456789012", "--region", "us-east-1"); code != 2 || !strings.Contains(errs, "not empty") {
		t.Errorf("second init: exit %d, %s", code, errs)
	}
	other := filepath.Join(t.TempDir(), "x")
	if code, _, errs := run(t, "init", other, "--account", "12", "--region", "mars"); code != 2 ||
		!strings.Contains(errs, "12-digit") || !strings.Contains(errs, "region") {
		t.Errorf("bad flags: exit %d, %s", code, errs)
	}
	if code, _, errs := run(t, "init", other); code != 2 || !strings.Contains(errs, "--account and --region required") {
		t.Errorf("missing flags without a terminal: exit %d, %s", code, errs)
	}
}

// breakDir introduces two errors into an initialised directory.
func breakDir(t *testing.T, dir string) {
	t.Helper()
	p := filepath.Join(dir, "detections/web_auth_brute_force/detection.yml")
	b, _ := os.ReadFile(p)
	s := strings.Replace(string(b), "  severity: medium", "  severty: medium", 1)
	s = strings.Replace(s, "  - web_auth\n", "  - web_auht\n", 1)
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestValidateFormats(t *testing.T) {
	dir := initDir(t)
	breakDir(t, dir)

	code, out, _ := run(t, "validate", "--dir", dir)
	if code != 1 {
		t.Errorf("text: exit %d", code)
	}
	for _, want := range []string{
		`error[M100]: unknown key "severty" in alert`,
		"detections/web_auth_brute_force/detection.yml:10:3",
		`did you mean "severity"?`,
		`error[M200]: detection "web_auth_brute_force" reads unknown table "web_auht"`,
		"invalid: 2 errors, 0 warnings",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("text output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\x1b[") {
		t.Error("colour codes written to a non-terminal")
	}

	code, out, _ = run(t, "validate", "--dir", dir, "--format", "github")
	if code != 1 || !strings.Contains(out, "::error file=detections/web_auth_brute_force/detection.yml,line=10,col=3,") {
		t.Errorf("github: exit %d\n%s", code, out)
	}

	code, out, _ = run(t, "validate", "--dir", dir, "--format", "json")
	var js struct {
		FormatVersion string `json:"format_version"`
		Valid         bool
		ErrorCount    int `json:"error_count"`
	}
	if err := json.Unmarshal([]byte(out), &js); err != nil || code != 1 || js.Valid || js.ErrorCount != 2 || js.FormatVersion == "" {
		t.Errorf("json: exit %d, %v, %+v", code, err, js)
	}

	code, out, _ = run(t, "validate", "--dir", dir, "--format", "sarif")
	var sarif struct {
		Version string
		Runs    []struct{ Results []struct{ RuleID string } }
	}
	if err := json.Unmarshal([]byte(out), &sarif); err != nil || code != 1 || sarif.Version != "2.1.0" || len(sarif.Runs[0].Results) != 2 {
		t.Errorf("sarif: exit %d, %v, %+v", code, err, sarif)
	}
}

func TestUsageErrors(t *testing.T) {
	dir := initDir(t)
	for _, args := range [][]string{
		{"validate", "--dir", dir, "--format", "xml"},
		{"validate", "--dir", filepath.Join(dir, "nope")},
		{"validate", "--bogus"},
		{"validate", "--dir", dir, "--color", "sometimes"},
		{"nosuchcommand"},
	} {
		if code, _, _ := run(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

func TestVersionAndCompletion(t *testing.T) {
	code, out, _ := run(t, "version")
	if code != 0 || !strings.HasPrefix(out, "matano ") || !strings.Contains(out, "commit ") {
		t.Errorf("version: %d %q", code, out)
	}
	code, out, _ = run(t, "completion", "bash")
	if code != 0 || !strings.Contains(out, "bash completion") {
		t.Errorf("completion: %d %.80q", code, out)
	}
	code, out, _ = run(t, "validate", "--help")
	if code != 0 || !strings.Contains(out, "Exit codes") {
		t.Errorf("help: %d %.80q", code, out)
	}
}

func TestSchemaCommands(t *testing.T) {
	dir := initDir(t)
	code, out, errs := run(t, "schema", "list", "--dir", dir)
	if code != 0 || !strings.Contains(out, "web_auth") || !strings.Contains(out, "TABLE") {
		t.Fatalf("schema list: %d\n%s%s", code, out, errs)
	}
	code, out, _ = run(t, "schema", "show", "web_auth", "--dir", dir)
	for _, want := range []string{"ts: timestamp [1]", "source: struct", "└── ip: string", "web_auth: struct", "mfa: boolean"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("tree lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = run(t, "schema", "show", "web_auth", "--dir", dir, "--format", "ddl")
	if code != 0 || !strings.Contains(out, "CREATE TABLE matano.web_auth (") {
		t.Errorf("ddl: %d\n%s", code, out)
	}
	code, out, _ = run(t, "schema", "show", "web_auth", "--dir", dir, "--format", "json")
	var js struct {
		Type   string
		Fields []struct{ ID int }
	}
	if err := json.Unmarshal([]byte(out), &js); code != 0 || err != nil || js.Type != "struct" || js.Fields[0].ID != 1 {
		t.Errorf("json: %d %v %+v", code, err, js)
	}
	if code, _, errs := run(t, "schema", "show", "nope", "--dir", dir); code != 2 || !strings.Contains(errs, "web_auth") {
		t.Errorf("unknown table: %d %s", code, errs)
	}
}
