package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/matano-go/matano/compiler/build"
)

// stubCompiler stands in for go build: the CLI test checks flags and
// output, compiler/build tests the real compilation.
type stubCompiler struct{ calls int }

func (s *stubCompiler) Version(context.Context) (string, error) { return "go-stub", nil }

func (s *stubCompiler) Compile(_ context.Context, req build.BootstrapRequest) error {
	s.calls++
	return os.WriteFile(req.Output, []byte("stub bootstrap "+req.Arch), 0o755)
}

func stubBuild(t *testing.T) *stubCompiler {
	t.Helper()
	src := t.TempDir()
	for name, content := range map[string]string{
		"go.mod":                    "module " + build.ModulePath + "\n",
		"cmd/matano-lambda/main.go": "package main\n\nfunc main() {}\n",
	} {
		p := filepath.Join(src, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("MATANO_SOURCE", src)
	c := &stubCompiler{}
	old := buildCompiler
	buildCompiler = c
	t.Cleanup(func() { buildCompiler = old })
	return c
}

func TestBuildCommand(t *testing.T) {
	c := stubBuild(t)
	out := filepath.Join(t.TempDir(), "out")
	dir := "../../testdata/dirs/valid/readme_example"
	code, stdout, stderr := run(t, "build", "--dir", dir, "--out", out, "--arch", "amd64", "--color", "never")
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	for _, re := range []string{
		`built .*out \(amd64\)`,
		`asset +bootstrap +[0-9.]+ (B|KB) +\([0-9.]+ (B|KB|MB) unzipped\) +assets/[0-9a-f]{64}\.zip +\[compiled\]`,
		`asset +detections .*assets/[0-9a-f]{64}\.zip +\[new\]`,
		`template +pipeline .*matano-pipeline\.json +\(stack acme-sec-pipeline\)`,
		`template +storage .*matano-storage\.json +\(stack acme-sec-storage\)`,
		`manifest +manifest\.json`,
	} {
		if !regexp.MustCompile(re).MatchString(stdout) {
			t.Errorf("output does not match %s:\n%s", re, stdout)
		}
	}
	for _, f := range []string{"manifest.json", "matano-storage.json", "matano-pipeline.json"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("missing %s", f)
		}
	}
	code, stdout, stderr = run(t, "build", "--dir", dir, "--out", out, "--arch", "amd64")
	if code != 0 || c.calls != 1 || strings.Count(stdout, "[cached]") != 2 {
		t.Errorf("rebuild: exit %d, %d compiles\n%s%s", code, c.calls, stdout, stderr)
	}
}

func TestBuildCommandErrors(t *testing.T) {
	stubBuild(t)
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"build", "--dir", "../../testdata/dirs/valid/readme_example", "--arch", "x86"}, 2, `--arch must be arm64 or amd64, not "x86"`},
		{[]string{"build", "--dir", "../../testdata/dirs/invalid/duplicate_names", "--out", t.TempDir(), "--color", "never"}, 1, "not building: the Matano directory has"},
		{[]string{"build", "extra"}, 2, "unknown command"},
	}
	for _, tt := range tests {
		code, _, stderr := run(t, tt.args...)
		if code != tt.code || !strings.Contains(stderr, tt.want) {
			t.Errorf("%v: exit %d, want %d; stderr:\n%s", tt.args, code, tt.code, stderr)
		}
	}
}
