package alert

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/matano-go/matano/compiler/diag"
	"github.com/matano-go/matano/compiler/load"
	"github.com/matano-go/matano/compiler/validate"
	"github.com/matano-go/matano/runtime/detect"
	"github.com/matano-go/matano/runtime/lake"
)

func needPython(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 not found; the detection host needs it")
	}
}

// detectionProject is a Matano directory with an auth log source, a
// detection that fires on failed logins (deduplicated by user, threshold
// 2) and one whose detect() always raises.
var detectionProject = map[string]string{
	"matano.config.yml": "aws:\n  account: \"123456789012\"\n  region: us-east-1\n",
	"log_sources/auth/log_source.yml": `name: auth
schema:
  ecs_field_names:
    - event.action
    - event.id
    - user.name
    - source.ip
transform: |
  .ts = parse_timestamp!(.json.time, "%+")
  .event.action = .json.action
  .event.id = .json.id
  .user.name = .json.user
  .source.ip = .json.ip
`,
	"detections/failed_login/detection.yml": `name: failed_login
tables: [auth]
alert:
  severity: medium
  threshold: 2
  deduplication_window_minutes: 30
  destinations: [slack_main]
`,
	"detections/failed_login/detect.py": `def detect(record):
    return record.deepget("event.action") == "login_failed"

def title(record):
    return "Failed logins for " + record.deepget("user.name", "?")

def dedupe(record):
    return record.deepget("user.name")

def alert_context(record):
    return {"ip": record.deepget("source.ip")}
`,
	"integrations/destinations/slack_main.yml": "name: slack_main\ntype: slack\nproperties:\n  channel: sec\n",
	"detections/broken/detection.yml":          "name: broken\ntables: [auth]\n",
	"detections/broken/detect.py": `def detect(record):
    return 1 / 0
`,
}

// writeDir writes files under a new temporary directory.
func writeDir(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func loadDir(t testing.TB, dir string) *load.Project {
	t.Helper()
	p, diags := validate.Dir(dir, validate.Options{SkipPython: true})
	if diags.HasErrors() {
		f, _ := os.CreateTemp(t.TempDir(), "diags")
		_ = diag.RenderText(f, diags, diag.TextOptions{})
		f.Seek(0, 0)
		b, _ := io.ReadAll(f)
		t.Fatalf("test project is invalid:\n%s", b)
	}
	return p
}

var authRecords = [][]byte{
	[]byte(`{"ts":"2026-11-27T02:59:00Z","event":{"action":"login_failed","id":"e1"},"user":{"name":"alice"},"source":{"ip":"10.0.0.1"}}`),
	[]byte(`{"ts":"2026-11-27T02:59:01Z","event":{"action":"login_ok","id":"e2"},"user":{"name":"alice"}}`),
	[]byte(`{"ts":"2026-11-27T02:59:02Z","event":{"action":"login_failed","id":"e3"},"user":{"name":"alice"},"source":{"ip":"10.0.0.1"}}`),
	[]byte(`{"ts":"2026-11-27T02:59:03Z","event":{"action":"login_failed","id":"e4"},"user":{"name":"bob"}}`),
}

func TestDetectorWritesAlerts(t *testing.T) {
	needPython(t)
	ctx := context.Background()
	dir := writeDir(t, detectionProject)
	p := loadDir(t, dir)
	l, err := lake.Open(ctx, lake.Config{Warehouse: filepath.Join(dir, "wh")})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	c := &clock{t: t0}
	d, err := NewDetector(ctx, DetectorConfig{
		Project: p, Store: openStore(t, filepath.Join(dir, "alerts.db")), Lake: l, Now: c.now,
		Host: detect.Config{Workers: 1, CacheDir: t.TempDir(), Stderr: io.Discard},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	for _, r := range authRecords {
		if err := d.Add(ctx, "auth", r); err != nil {
			t.Fatal(err)
		}
	}
	rows, err := d.Commit(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// The broken detection fails on every record; failed_login still runs.
	st := d.Stats()
	if st.Failures["broken"] != int64(len(authRecords)) {
		t.Errorf("failures = %v, want 4 for broken", st.Failures)
	}
	if len(rows) != 3 || st.Matches != 3 || st.Alerts != 2 || st.Activated != 1 || st.Written != 3 {
		t.Fatalf("rows %d, stats %+v; want 3 rows, 2 alerts (alice, bob), alice's activated, 3 written", len(rows), st)
	}
	alice := rows[1]
	if !alice.Activation || alice.Title != "Failed logins for alice" || rows[0].AlertID != alice.AlertID || rows[2].AlertID == alice.AlertID {
		t.Errorf("rows: %+v", rows)
	}
	if string(alice.Context) != `{"ip":"10.0.0.1"}` {
		t.Errorf("context = %s", alice.Context)
	}

	tbl, err := l.Scan(ctx, TableName)
	if err != nil {
		t.Fatal(err)
	}
	defer tbl.Release()
	if tbl.NumRows() != 3 {
		t.Fatalf("matano_alerts has %d rows, want 3", tbl.NumRows())
	}
	got := map[string]int{}
	for i := range int(tbl.NumRows()) {
		id := cell(t, tbl, i, "matano", "alert", "id")
		got[id]++
		if k := cell(t, tbl, i, "event", "kind"); k != "signal" {
			t.Errorf("row %d: event.kind %q", i, k)
		}
		if r := cell(t, tbl, i, "matano", "alert", "rule", "name"); r != "failed_login" {
			t.Errorf("row %d: rule.name %q", i, r)
		}
		if tb := cell(t, tbl, i, "matano", "table"); tb != "auth" {
			t.Errorf("row %d: matano.table %q", i, tb)
		}
		if cell(t, tbl, i, "matano", "alert", "original_timestamp") == "" || cell(t, tbl, i, "matano", "alert", "original_event_id") == "" {
			t.Errorf("row %d: original_timestamp/original_event_id missing", i)
		}
	}
	if got[alice.AlertID] != 2 || len(got) != 2 {
		t.Errorf("alert ids in the table: %v", got)
	}
}

// cell renders the value at row i of a nested column path ("" if null).
func cell(t *testing.T, tbl arrow.Table, i int, path ...string) string {
	t.Helper()
	idx := tbl.Schema().FieldIndices(path[0])
	if len(idx) == 0 {
		t.Fatalf("no column %s", path[0])
	}
	col := tbl.Column(idx[0]).Data()
	// Find the chunk holding row i.
	var arr arrow.Array
	for _, ch := range col.Chunks() {
		if i < ch.Len() {
			arr = ch
			break
		}
		i -= ch.Len()
	}
	for _, name := range path[1:] {
		st, ok := arr.(*array.Struct)
		if !ok {
			t.Fatalf("%v: not a struct", path)
		}
		if st.IsNull(i) {
			return ""
		}
		f, ok := st.DataType().(*arrow.StructType).FieldIdx(name)
		if !ok {
			t.Fatalf("%v: no field %s", path, name)
		}
		arr = st.Field(f)
	}
	if arr.IsNull(i) {
		return ""
	}
	return arr.ValueStr(i)
}
