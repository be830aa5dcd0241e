package detect

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
	"testing/fstest"
)

func TestExtractPackage(t *testing.T) {
	base := t.TempDir()
	src := fstest.MapFS{
		"detection/__init__.py": {Data: []byte("x = 1\n")},
		"detection/worker.py":   {Data: []byte("y = 2\n")},
	}
	// Concurrent hosts extract the same tree into one directory.
	dirs := make([]string, 4)
	var wg sync.WaitGroup
	for i := range dirs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d, err := extractPackage(src, base)
			if err != nil {
				t.Error(err)
			}
			dirs[i] = d
		}()
	}
	wg.Wait()
	for _, d := range dirs[1:] {
		if d != dirs[0] {
			t.Fatalf("dirs differ: %v", dirs)
		}
	}
	b, err := os.ReadFile(filepath.Join(dirs[0], "detection", "worker.py"))
	if err != nil || string(b) != "y = 2\n" {
		t.Fatalf("worker.py = %q, %v", b, err)
	}
	if left, _ := filepath.Glob(filepath.Join(base, "matano-go", ".extract-*")); len(left) != 0 {
		t.Errorf("temporary directories left: %v", left)
	}
	// Different content, different directory; an incomplete one is redone.
	src["detection/worker.py"] = &fstest.MapFile{Data: []byte("y = 3\n")}
	d2, err := extractPackage(src, base)
	if err != nil || d2 == dirs[0] {
		t.Fatalf("second tree: %s, %v", d2, err)
	}
	os.Remove(filepath.Join(d2, completeMarker))
	os.WriteFile(filepath.Join(d2, "detection", "worker.py"), []byte("broken"), 0o644)
	d3, err := extractPackage(src, base)
	if err != nil || d3 != d2 {
		t.Fatalf("re-extraction: %s, %v", d3, err)
	}
	if b, _ := os.ReadFile(filepath.Join(d3, "detection", "worker.py")); string(b) != "y = 3\n" {
		t.Errorf("incomplete extraction was reused: worker.py = %q", b)
	}
}

func TestEmbeddedPackageIsComplete(t *testing.T) {
	if err := checkPackage(packageFS()); err != nil {
		t.Fatal(err)
	}
}
