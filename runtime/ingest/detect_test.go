package ingest

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/matano-go/matano/runtime/alert"
	"github.com/matano-go/matano/runtime/detect"
)

// detectProject has one log source and a detection that fires on failed
// logins (threshold 2, deduplicated by user) and one that always raises.
var detectProject = map[string]string{
	"matano.config.yml": "aws:\n  account: \"123456789012\"\n  region: us-east-1\n",
	"log_sources/auth/log_source.yml": `name: auth
schema:
  ecs_field_names:
    - event.action
    - user.name
transform: |
  .ts = parse_timestamp!(.json.time, "%+")
  .event.action = .json.action
  .user.name = .json.user
`,
	"detections/failed_login/detection.yml": "name: failed_login\ntables: [auth]\nalert:\n  threshold: 2\n",
	"detections/failed_login/detect.py": `def detect(record):
    return record.deepget("event.action") == "login_failed"

def dedupe(record):
    return record.deepget("user.name")
`,
	"detections/crash/detection.yml": "name: crash\ntables: [auth]\n",
	"detections/crash/detect.py":     "def detect(record):\n    raise RuntimeError('boom')\n",
}

const authLines = `{"time":"2026-11-27T01:00:00Z","action":"login_failed","user":"alice"}
{"time":"2026-11-27T01:00:01Z","action":"login_ok","user":"alice"}
{"time":"2026-11-27T01:00:02Z","action":"login_failed","user":"alice"}
{"time":"2026-11-27T01:00:03Z","action":"login_failed","user":"bob"}
`

func TestIngestRunsDetections(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 not found; the detection host needs it")
	}
	for _, noDetect := range []bool{false, true} {
		t.Run(map[bool]string{false: "detect", true: "no-detect"}[noDetect], func(t *testing.T) {
			ctx := context.Background()
			dir := writeProject(t, detectProject)
			in := filepath.Join(dir, "auth.jsonl")
			if err := os.WriteFile(in, []byte(authLines), 0o644); err != nil {
				t.Fatal(err)
			}
			p, schemas := loadProject(t, dir)
			l := openLake(t, filepath.Join(dir, "wh"))
			pl, err := New(ctx, Config{Project: p, Schemas: schemas, Lake: l, Source: "auth", NoDetect: noDetect,
				AlertState: filepath.Join(dir, "alerts.db"),
				Detect:     detect.Config{Workers: 1, CacheDir: t.TempDir(), Stderr: io.Discard}})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := pl.IngestFile(ctx, in); err != nil {
				t.Fatal(err)
			}
			if err := pl.Close(ctx); err != nil {
				t.Fatal(err)
			}
			sum := pl.Summary()
			if err := sum.Check(); err != nil {
				t.Fatal(err)
			}
			if sum.Read != 4 || sum.Written["auth"] != 4 || len(sum.Written) != 1 || sum.Commits != 1 {
				t.Errorf("data accounting includes alerts: read %d written %v commits %d", sum.Read, sum.Written, sum.Commits)
			}
			tables, err := l.Tables(ctx)
			if err != nil {
				t.Fatal(err)
			}
			hasAlerts := strings.Contains(strings.Join(tables, ","), alert.TableName)
			if noDetect {
				if sum.Detect != nil || hasAlerts {
					t.Errorf("--no-detect ran detections: %+v, tables %v", sum.Detect, tables)
				}
				return
			}
			st := sum.Detect
			if st == nil {
				t.Fatal("no detection stats")
			}
			if st.Records != 4 || st.Matches != 3 || st.Alerts != 2 || st.Activated != 1 || st.Written != 3 || st.Failures["crash"] != 4 {
				t.Errorf("detection stats %+v", st)
			}
			tbl, err := l.Scan(ctx, alert.TableName)
			if err != nil {
				t.Fatal(err)
			}
			defer tbl.Release()
			if tbl.NumRows() != 3 {
				t.Errorf("matano_alerts rows = %d, want 3", tbl.NumRows())
			}
			var out bytes.Buffer
			sum.Print(&out)
			if !strings.Contains(out.String(), "detections: 4 record(s) evaluated, 3 match(es), 2 alert(s) opened, 1 activated") ||
				!strings.Contains(out.String(), "failed crash: 4") {
				t.Errorf("summary:\n%s", out.String())
			}
		})
	}
}
