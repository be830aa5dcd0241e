package matano_test

import (
	"bytes"
	"flag"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bazelbuild/buildtools/build"
)

var update = flag.Bool("update", false, "rewrite Bazel files that are not buildifier-formatted")

// buildFiles lists the Bazel files of the repository.
func buildFiles(t *testing.T) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") && p != "." || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		switch d.Name() {
		case "BUILD.bazel", "WORKSPACE", "deps.bzl":
			out = append(out, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestBuildFilesFormatted fails when a Bazel file is not formatted as
// buildifier formats it.
func TestBuildFilesFormatted(t *testing.T) {
	files := buildFiles(t)
	if len(files) < 3 {
		t.Fatalf("found only %d Bazel files: %v", len(files), files)
	}
	for _, p := range files {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var f *build.File
		if strings.HasSuffix(p, ".bzl") {
			f, err = build.ParseBzl(p, src)
		} else if filepath.Base(p) == "WORKSPACE" {
			f, err = build.ParseWorkspace(p, src)
		} else {
			f, err = build.ParseBuild(p, src)
		}
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		if got := build.Format(f); !bytes.Equal(got, src) {
			if *update {
				if err := os.WriteFile(p, got, 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			t.Errorf("%s is not buildifier-formatted; run: go test . -run TestBuildFilesFormatted -update", p)
		}
	}
}

// TestBuildFilesUpToDate fails when gazelle would change a BUILD file, that
// is when a package, file or import was added without regenerating them.
func TestBuildFilesUpToDate(t *testing.T) {
	if testing.Short() {
		t.Skip("runs gazelle; skipped with -short")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go command not found")
	}
	cmd := exec.Command("go", "tool", "gazelle", "-mode=diff", "-repo_root=.")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("BUILD files are out of date (run `go tool gazelle`):\n%s", out.String())
	}
}
