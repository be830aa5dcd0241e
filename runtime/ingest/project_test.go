package ingest

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/matano-go/matano/compiler/diag"
	"github.com/matano-go/matano/compiler/load"
	"github.com/matano-go/matano/compiler/schema"
	"github.com/matano-go/matano/compiler/validate"
	"github.com/matano-go/matano/runtime/lake"
)

// testProject is a small Matano directory: a JSON log source whose
// transform renames fields (and fails, aborts or writes a wrong type for
// particular lines), a text log source parsed with parse_syslog!, and a
// log source with two tables chosen by select_table_from_payload.
var testProject = map[string]string{
	"matano.config.yml": `aws:
  account: "123456789012"
  region: us-east-1
is_production: false
`,
	"log_sources/web/log_source.yml": `name: web
schema:
  ecs_field_names:
    - event.action
    - source.ip
    - user.name
  fields:
    - name: web
      type:
        type: struct
        fields:
          - name: bytes
            type: long
          - name: status
            type: long
transform: |
  if .json.action == "skip" {
    abort
  }
  .ts = parse_timestamp!(.json.time, "%+")
  .event.action = string!(.json.action)
  .user.name = del(.json.user)
  .source.ip = .json.client_ip
  .web.bytes = .json.bytes
  .web.status = to_int!(.json.status)
  .unmapped = "dropped at write"
`,
	"log_sources/syslog/log_source.yml": `name: syslog
schema:
  ecs_field_names:
    - host.hostname
    - process.name
    - process.pid
    - message
transform: |
  p = parse_syslog!(.message)
  .ts = timestamp!(p.timestamp)
  .host.hostname = p.hostname
  .process.name = p.appname
  .process.pid = to_int(p.procid) ?? null
  .message = p.message
`,
	"log_sources/aws_cloudtrail/log_source.yml": `name: aws_cloudtrail
managed:
  type: aws_cloudtrail
`,
	"log_sources/trail/log_source.yml": `name: trail
ingest:
  expand_records_from_payload: parse_json!(.__raw).Records
schema:
  ecs_field_names:
    - event.action
transform: |
  .ts = parse_timestamp!(.json.eventTime, "%+")
  .event.action = .json.eventName
`,
	"log_sources/meta/log_source.yml": `name: meta
ingest:
  select_table_from_payload_metadata: |
    if starts_with(.__metadata.s3.key, "skip") {
      abort
    }
    if contains(.__metadata.s3.key, "beta") { "beta" } else { "alpha" }
schema:
  ecs_field_names:
    - event.action
transform: |
  .event.action = .json.a
`,
	"log_sources/meta/tables/alpha.yml": "name: alpha\n",
	"log_sources/meta/tables/beta.yml":  "name: beta\n",
	"log_sources/app/log_source.yml": `name: app
ingest:
  select_table_from_payload: |
    if exists(.json.query) { "dns" } else { "http" }
schema:
  ecs_field_names:
    - event.kind
transform: |
  .event.kind = "event"
`,
	"log_sources/app/tables/dns.yml": `name: dns
schema:
  ecs_field_names:
    - dns.question.name
transform: |
  m = parse_regex!(string!(.json.query), r'^(?P<name>[a-z.]+)$')
  .dns.question.name = m.name
`,
	"log_sources/app/tables/http.yml": `name: http
schema:
  ecs_field_names:
    - url.path
transform: |
  .url.path = .json.path
`,
}

// writeProject writes files under a new temporary directory.
func writeProject(t testing.TB, files map[string]string) string {
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

// loadProject validates dir as `matano ingest` does.
func loadProject(t testing.TB, dir string) (*load.Project, map[string]*schema.Schema) {
	t.Helper()
	p, diags := validate.Dir(dir, validate.Options{SkipPython: true})
	if diags.HasErrors() {
		var b diagBuf
		_ = diag.RenderText(&b, diags, diag.TextOptions{})
		t.Fatalf("test project is invalid:\n%s", b)
	}
	schemas, _ := schema.Project(p)
	return p, schemas
}

type diagBuf []byte

func (b *diagBuf) Write(p []byte) (int, error) { *b = append(*b, p...); return len(p), nil }

// openLake opens a warehouse and closes it at the end of the test.
func openLake(t testing.TB, wh string) *lake.Lake {
	t.Helper()
	l, err := lake.Open(context.Background(), lake.Config{Warehouse: wh})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}
