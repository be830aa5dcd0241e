package validate

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// writeBenchDir generates a valid Matano directory with the given number
// of log sources (every fourth with two table files) and detections.
func writeBenchDir(tb testing.TB, dir string, sources, detections int) {
	tb.Helper()
	write := func(rel, content string) {
		path := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	write("matano.config.yml", "aws:\n  account: \"123456789012\"\n  region: eu-west-1\nproject_label: bench-lake\n")
	write("integrations/destinations/slack.yml", "name: slack\ntype: slack\nproperties:\n  channel: alerts\n")
	var tables []string
	for i := 0; i < sources; i++ {
		name := fmt.Sprintf("source_%03d", i)
		write("log_sources/"+name+"/log_source.yml", fmt.Sprintf(`name: %s
ingest:
  s3_source:
    bucket_name: bench-bucket-%03d
    key_prefix: logs/
  compression: gzip
schema:
  ecs_field_names: [event.created, event.kind, source.ip, destination.ip, user.name]
  fields:
    - name: custom
      type:
        type: struct
        fields:
          - name: id
            type: string
          - name: count
            type: long
          - name: tags
            type: {type: list, element: string}
transform: |
  .event.kind = "event"
`, name, i))
		if i%4 == 0 {
			for _, t := range []string{"alpha", "beta"} {
				write("log_sources/"+name+"/tables/"+t+".yml", "name: "+t+"\nschema:\n  fields:\n    - name: extra\n      type: double\n")
				tables = append(tables, name+"_"+t)
			}
		} else {
			tables = append(tables, name)
		}
	}
	for i := 0; i < detections; i++ {
		name := fmt.Sprintf("detection_%03d", i)
		write("detections/"+name+"/detection.yml", fmt.Sprintf(`name: %s
display_name: Detection %d
description: Generated for the benchmark.
tables:
  - %s
tags: [attack.t1078]
alert:
  severity: high
  threshold: 5
  deduplication_window_minutes: 120
  destinations: [slack]
`, name, i, tables[i%len(tables)]))
		write("detections/"+name+"/detect.py", fmt.Sprintf(`import ipaddress


def detect(record):
    user = record.deepget("user.name")
    if user is None:
        return False
    return user == "root" or str(record.deepget("source.ip")).startswith("10.%d.")
`, i%256))
	}
}

// BenchmarkValidate100x500 validates a directory of 100 log sources and
// 500 detections, Python check included: the size of a large real
// deployment. The goal is under one second per op.
func BenchmarkValidate100x500(b *testing.B) {
	dir := b.TempDir()
	writeBenchDir(b, dir, 100, 500)
	// Warm up: compile the schemas and resolve the interpreter once, as a
	// long-running process would have.
	if _, diags := Dir(dir, Options{}); len(diags) != 0 {
		b.Fatalf("generated directory is not valid:\n%s", plain(diags))
	}
	b.ResetTimer()
	for b.Loop() {
		if _, diags := Dir(dir, Options{}); len(diags) != 0 {
			b.Fatal(plain(diags))
		}
	}
}
