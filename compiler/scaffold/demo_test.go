package scaffold

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestWriteDemo(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	if IsDemo(dir) {
		t.Fatal("a missing directory is not a demo")
	}
	files, err := WriteDemo(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{".gitignore", "matano.config.yml", "log_sources/aws_cloudtrail/log_source.yml",
		"detections/aws_root_credentials/detect.py", "samples/web_auth/login-service-2026-01-15.ndjson"} {
		if !slices.Contains(files, want) {
			t.Errorf("WriteDemo did not write %s: %v", want, files)
		}
	}
	if !IsDemo(dir) {
		t.Fatal("the written directory is not recognised as a demo")
	}
	// An earlier demo is written again without --force, byte for byte.
	if again, err := WriteDemo(dir, false); err != nil || !reflect.DeepEqual(again, files) {
		t.Errorf("rewrite: %v, %v", again, err)
	}

	if got, want := DemoSources(), []string{"aws_cloudtrail", "web_auth"}; !reflect.DeepEqual(got, want) {
		t.Errorf("DemoSources() = %v, want %v", got, want)
	}
	for _, src := range DemoSources() {
		if _, err := os.Stat(filepath.Join(dir, "log_sources", src, "log_source.yml")); err != nil {
			t.Errorf("samples for %s, which is not a log source: %v", src, err)
		}
	}

	foreign := t.TempDir()
	if err := os.WriteFile(filepath.Join(foreign, "matano.config.yml"), []byte("aws: {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := WriteDemo(foreign, false); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Errorf("foreign directory: err = %v", err)
	}
	if _, err := WriteDemo(foreign, true); err != nil || !IsDemo(foreign) {
		t.Errorf("foreign directory with force: err = %v", err)
	}
}

// TestDemoSharesInitTemplate keeps the demo's copy of the init template's
// web_auth source and detection identical to the template, so the demo
// shows what `matano init` writes.
func TestDemoSharesInitTemplate(t *testing.T) {
	for _, sub := range []string{"log_sources/web_auth", "detections/web_auth_brute_force"} {
		n := 0
		err := fs.WalkDir(files, "template/"+sub, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			n++
			tmpl, _ := files.ReadFile(p)
			demo, err := demoFiles.ReadFile("demo/" + strings.TrimPrefix(p, "template/"))
			if err != nil {
				t.Errorf("the demo lacks %s", p)
				return nil
			}
			if !bytes.Equal(tmpl, demo) {
				t.Errorf("the demo's %s differs from the init template's", strings.TrimPrefix(p, "template/"))
			}
			return nil
		})
		if err != nil || n == 0 {
			t.Errorf("%s: %d files, %v", sub, n, err)
		}
	}
}
