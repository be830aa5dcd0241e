package ingest

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/matano-go/matano/runtime/lake"
	"github.com/matano-go/matano/runtime/vrl/value"
)

func previewOf(t *testing.T, source, table, name string, data []byte) []PreviewRecord {
	t.Helper()
	f := newFixture(t, source)
	recs, err := Preview(context.Background(), PreviewConfig{Project: f.cfg.Project, Source: source, Table: table,
		Now: func() time.Time { return time.Date(2024, 1, 3, 0, 0, 0, 0, time.UTC) }}, name, bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// TestPreviewMatchesPipeline: every line ends as the pipeline would put
// it, except that a preview does not cast to the table schema (the cast
// failure is written by the preview).
func TestPreviewMatchesPipeline(t *testing.T) {
	recs := previewOf(t, "web", "", "web.log", webInput())
	if len(recs) != len(webLines) {
		t.Fatalf("%d records, want %d", len(recs), len(webLines))
	}
	for i, l := range webLines {
		want, why := l.kind, l.why
		if want == lake.KindCast {
			want, why = "", ""
		}
		r := recs[i]
		if r.Kind != want || !strings.Contains(r.Message, why) || r.Line != int64(2*i+1) {
			t.Errorf("line %d: kind %q message %q line %d, want %q %q", i, r.Kind, r.Message, r.Line, want, why)
		}
		if want == "" {
			js := string(value.AppendJSON(nil, r.Event))
			if r.Table != "web" || !strings.Contains(js, `"ecs":{"version":"`+ECSVersion+`"}`) || strings.Contains(js, `"json"`) {
				t.Errorf("line %d: table %s event %s", i, r.Table, js)
			}
		}
	}
}

func TestPreviewRouting(t *testing.T) {
	data := []byte("{\"query\":\"example.com\"}\n{\"path\":\"/login\"}\n")
	var got []string
	for _, r := range previewOf(t, "app", "", "app.json", data) {
		got = append(got, r.Table)
	}
	if strings.Join(got, ",") != "app_dns,app_http" {
		t.Errorf("tables %v", got)
	}
	got = nil
	for _, r := range previewOf(t, "app", "http", "app.json", data) {
		got = append(got, r.Table)
	}
	if strings.Join(got, ",") != "app_http,app_http" {
		t.Errorf("forced tables %v", got)
	}
	f := newFixture(t, "app")
	if _, err := Preview(context.Background(), PreviewConfig{Project: f.cfg.Project, Source: "nope"}, "x", bytes.NewReader(nil)); err == nil ||
		!strings.Contains(err.Error(), `no log source "nope"`) {
		t.Errorf("unknown source: %v", err)
	}
}
