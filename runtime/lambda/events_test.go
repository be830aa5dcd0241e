package lambda

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/matano-go/matano/compiler/load"
)

func TestParseNotification(t *testing.T) {
	s3Event := `{"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","eventName":"ObjectCreated:Put","eventTime":"2024-03-01T10:00:00.000Z",
		"s3":{"bucket":{"name":"ingestion"},"object":{"key":"web/a+b%3D1.json","size":12,"eTag":"abc","sequencer":"0A"}}},
		{"eventName":"ObjectRemoved:Delete","s3":{"bucket":{"name":"ingestion"},"object":{"key":"web/gone.json"}}}]}`
	tests := []struct {
		name, body string
		want       []s3Ref
		err        string
	}{
		{name: "s3", body: s3Event,
			want: []s3Ref{{Bucket: "ingestion", Key: "web/a b=1.json", Size: 12, ETag: "abc", Sequencer: "0A"}}},
		{name: "moto time without zone", body: `{"Records":[{"eventName":"ObjectCreated:Put","eventTime":"2026-11-27T04:25:19.663542","s3":{"bucket":{"name":"b"},"object":{"key":"k","size":1}}}]}`,
			want: []s3Ref{{Bucket: "b", Key: "k", Size: 1}}},
		{name: "test event", body: `{"Service":"Amazon S3","Event":"s3:TestEvent","Bucket":"ingestion"}`},
		{name: "sns", body: `{"Type":"Notification","MessageId":"1","Message":` + quote(s3Event) + `}`,
			want: []s3Ref{{Bucket: "ingestion", Key: "web/a b=1.json", Size: 12, ETag: "abc", Sequencer: "0A"}}},
		{name: "eventbridge", body: `{"version":"0","detail-type":"Object Created","source":"aws.s3",
			"detail":{"bucket":{"name":"logs"},"object":{"key":"x/y z.json","size":5,"etag":"e","sequencer":"1"}}}`,
			want: []s3Ref{{Bucket: "logs", Key: "x/y z.json", Size: 5, ETag: "e", Sequencer: "1"}}},
		{name: "eventbridge delete", body: `{"detail-type":"Object Deleted","source":"aws.s3","detail":{}}`},
		{name: "not json", body: `hello`, err: "not JSON"},
		{name: "other", body: `{"a":1}`, err: "neither"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseNotification(tt.body)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func quote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\t", `\t`)
	return `"` + r.Replace(s) + `"`
}

func TestRoute(t *testing.T) {
	p := &Project{Project: &load.Project{LogSources: []*load.LogSource{
		{Name: "web"},
		{Name: "trail", Ingest: load.Ingest{S3Source: &load.S3Source{BucketName: "org-logs", KeyPrefix: "AWSLogs/"}}},
		{Name: "trail_digest", Ingest: load.Ingest{S3Source: &load.S3Source{BucketName: "org-logs", KeyPrefix: "AWSLogs/123/CloudTrail-Digest/"}}},
		{Name: "flows", Ingest: load.Ingest{S3Source: &load.S3Source{BucketName: "vpc", KeyPattern: `\.log\.gz$`}}},
	}}}
	tests := []struct {
		bucket, key, want, reason string
	}{
		{"ingestion", "web/2024/a.json", "web", ""},
		{"ingestion", "nope/a.json", "", `no log source is named "nope"`},
		{"org-logs", "AWSLogs/123/CloudTrail/x.json.gz", "trail", ""},
		{"org-logs", "AWSLogs/123/CloudTrail-Digest/x.json.gz", "trail_digest", ""}, // longest prefix
		{"org-logs", "Other/x", "", "no log source reads s3://org-logs/Other/x"},
		{"vpc", "a/b.log.gz", "flows", ""},
		{"vpc", "a/b.txt", "", "no log source reads"},
		{"elsewhere", "web/a.json", "", "no log source reads"}, // first-segment rule is for the ingestion bucket only
	}
	for _, tt := range tests {
		got, reason := p.route("ingestion", tt.bucket, tt.key)
		if got != tt.want || tt.reason != "" && !strings.Contains(reason, tt.reason) || tt.reason == "" && reason != "" {
			t.Errorf("route(%s, %s) = %q, %q; want %q, %q", tt.bucket, tt.key, got, reason, tt.want, tt.reason)
		}
	}
}

func TestEnvRequire(t *testing.T) {
	env := EnvFromGetenv(func(k string) string {
		return map[string]string{"MATANO_HANDLER": "alerts", "LAKE_BUCKET": "l", "LEDGER_TABLE": "t"}[k]
	})
	if env.ConfigDir != DefaultConfigDir {
		t.Errorf("config dir %q", env.ConfigDir)
	}
	err := env.require(env.Handler)
	if err == nil || !strings.Contains(err.Error(), "SIDELINE_BUCKET, COMMIT_QUEUE_URL, ALERT_STATE_TABLE") {
		t.Errorf("require: %v", err)
	}
	if err := env.require("nope"); err == nil || !strings.Contains(err.Error(), `MATANO_HANDLER "nope"`) {
		t.Errorf("unknown handler: %v", err)
	}
	env.SidelineBucket = "s"
	if err := env.require(HandlerCommitter); err != nil {
		t.Errorf("committer: %v", err)
	}
}

// TestLoadProjectWithoutPython loads a bundle as the bootstrap zip holds
// it: detections have detection.yml but no detect.py.
func TestLoadProjectWithoutPython(t *testing.T) {
	dir := writeProject(t)
	if err := os.Remove(filepath.Join(dir, "detections/failed_login/detect.py")); err != nil {
		t.Fatal(err)
	}
	p, err := LoadProject(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !p.detectionTables()["web"] || len(p.rules()) != 1 || p.rules()[0].Threshold != 2 {
		t.Errorf("detections: tables %v, rules %+v", p.detectionTables(), p.rules())
	}
	if p.Schemas["web"] == nil || p.Schemas["matano_alerts"] == nil {
		t.Errorf("schemas %v", p.tableNames())
	}
	// A broken bundle fails the init with the diagnostics.
	os.WriteFile(filepath.Join(dir, "log_sources/web/log_source.yml"), []byte("name: [\n"), 0o644)
	if _, err := LoadProject(dir); err == nil || !strings.Contains(err.Error(), "invalid") {
		t.Errorf("broken bundle: %v", err)
	}
}
