package ingest

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/matano-go/matano/compiler/validate"
)

// seedProject is Matano's README-style custom log source: each line holds
// a JSON document in .line; the transform parses it, renames srcIpAddress
// to source.ip, deletes username and downcases message.
var seedProject = map[string]string{
	"matano.config.yml": "aws:\n  account: \"123456789012\"\n  region: us-east-1\n",
	"log_sources/my_app/log_source.yml": `name: my_app
schema:
  ecs_field_names:
    - source.ip
    - event.original
  fields:
    - name: my_app
      type:
        type: struct
        fields:
          - name: message
            type: string
          - name: action
            type: string
transform: |
  .ts = now()
  line = parse_json!(string!(.json.line))
  .source.ip = string(line.srcIpAddress) ?? null
  del(line.username)
  .my_app.message = downcase(string(line.message) ?? "")
  .my_app.action = string(line.action) ?? null
  .event.original = encode_json(line)
`,
}

// TestCheckerAndRuntimeAgree runs the seed's example transform: a
// directory that validates with no diagnostic at all must never sideline a
// record for a type reason at run time, whatever the input values' types.
func TestCheckerAndRuntimeAgree(t *testing.T) {
	dir := writeProject(t, seedProject)
	if _, diags := validate.Dir(dir, validate.Options{SkipPython: true}); len(diags) > 0 {
		var b diagBuf
		for _, d := range diags {
			b = append(b, d.Summary+"\n"...)
		}
		t.Fatalf("seed project must validate clean:\n%s", b)
	}
	p, schemas := loadProject(t, dir)
	f := &fixture{dir: dir, wh: dir + "/.matano/lake"}
	f.lake = openLake(t, f.wh)
	cfg := Config{Project: p, Schemas: schemas, Lake: f.lake, Source: "my_app",
		Now: func() time.Time { return time.Date(2024, 1, 3, 0, 0, 0, 0, time.UTC) }}
	lines := []string{
		`{"line":"{\"srcIpAddress\":\"10.0.0.1\",\"username\":\"bob\",\"message\":\"LOGIN OK\",\"action\":\"login\"}"}`,
		// Values of unexpected types: numbers, objects, nulls, missing.
		`{"line":"{\"srcIpAddress\":42,\"message\":{\"a\":1},\"action\":null}"}`,
		`{"line":"{\"srcIpAddress\":[\"10.0.0.2\"],\"message\":true}"}`,
		`{"line":"{}"}`,
	}
	path := f.file(t, "seed.ndjson", []byte(strings.Join(lines, "\n")+"\n"))
	s := f.ingest(t, cfg, path)
	if s.Read != int64(len(lines)) {
		t.Fatalf("read %d, want %d", s.Read, len(lines))
	}
	if got := s.Written["my_app"]; got != int64(len(lines)) {
		t.Errorf("written %d of %d; sidelined %v", got, len(lines), s.Sidelined)
	}
	for _, r := range sidelined(t, f.wh, "my_app") {
		t.Errorf("sidelined (%s): %s", r.Kind, r.Message)
	}
	at := scan(t, f.lake, "my_app")
	ips := column(t, at, "source.ip")
	if len(ips) != len(lines) || !slices.Contains(ips, "10.0.0.1") {
		t.Errorf("source.ip column: %v", ips)
	}
}
