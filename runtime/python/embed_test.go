package python

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"testing"
)

// TestEmbedded checks that the embed pattern picks up every module of the
// package, __init__.py included (a directory pattern would skip it).
func TestEmbedded(t *testing.T) {
	want, err := filepath.Glob(filepath.Join("detection", "*.py"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	fs.WalkDir(FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			got = append(got, filepath.FromSlash(p))
		}
		return err
	})
	sort.Strings(got)
	sort.Strings(want)
	if len(got) == 0 || len(got) != len(want) {
		t.Fatalf("embedded %v, want %v", got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("embedded %s, want %s", got[i], want[i])
		}
	}
}

// TestPytest runs the package's pytest suite (tests/) so that `go test
// ./...` covers the Python half too. It skips when python3 or pytest is
// missing; CI installs pytest with pip.
func TestPytest(t *testing.T) {
	if testing.Short() {
		t.Skip("pytest suite skipped in -short mode")
	}
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not found")
	}
	if err := exec.Command(py, "-c", "import pytest").Run(); err != nil {
		t.Skip("pytest is not installed (pip install pytest)")
	}
	cmd := exec.Command(py, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests")
	cmd.Env = append(os.Environ(), "PYTHONDONTWRITEBYTECODE=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("pytest failed: %v\n%s", err, out)
	}
	t.Logf("%s", out)
}
