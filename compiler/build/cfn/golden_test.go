package cfn

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden templates in testdata/golden")

const goldenDir = "testdata/golden"

// TestGolden compares the templates of every valid test directory and of
// the demo with testdata/golden/<dir>/<template>. Run with -update to
// accept changes (review the diff). A golden directory without a test
// input fails, so renamed inputs do not leave stale templates behind.
func TestGolden(t *testing.T) {
	inputs := goldenInputs(t)
	want := map[string]bool{}
	for _, ni := range inputs {
		want[ni.name] = true
		t.Run(ni.name, func(t *testing.T) {
			out, err := Generate(ni.in)
			if err != nil {
				t.Fatal(err)
			}
			for _, name := range []string{StorageTemplate, PipelineTemplate} {
				got := out.Templates[name]
				path := filepath.Join(goldenDir, ni.name, name)
				if *update {
					if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(path, got, 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				golden, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run with -update to create it)", err)
				}
				if !bytes.Equal(got, golden) {
					t.Errorf("%s differs from %s (run with -update to accept)\n%s", name, path, firstDiff(got, golden))
				}
			}
		})
	}
	entries, err := os.ReadDir(goldenDir)
	if err != nil {
		t.Fatal(err)
	}
	var orphans []string
	for _, e := range entries {
		if !want[e.Name()] {
			orphans = append(orphans, e.Name())
			continue
		}
		files, err := os.ReadDir(filepath.Join(goldenDir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if f.Name() != StorageTemplate && f.Name() != PipelineTemplate {
				orphans = append(orphans, filepath.Join(e.Name(), f.Name()))
			}
		}
	}
	sort.Strings(orphans)
	if len(orphans) > 0 {
		t.Errorf("golden templates without a test input: %v (delete them)", orphans)
	}
}

// firstDiff shows the first differing line of two texts.
func firstDiff(got, want []byte) string {
	g, w := bytes.Split(got, []byte("\n")), bytes.Split(want, []byte("\n"))
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl []byte
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if !bytes.Equal(gl, wl) {
			return fmt.Sprintf("line %d:\n  got:  %s\n  want: %s", i+1, gl, wl)
		}
	}
	return ""
}

// TestDeterministic generates the same input repeatedly: the bytes must
// not change (map order, no clock, no randomness).
func TestDeterministic(t *testing.T) {
	for _, ni := range allInputs(t) {
		first, err := Generate(ni.in)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 5; i++ {
			again, err := Generate(ni.in)
			if err != nil {
				t.Fatal(err)
			}
			for name, b := range first.Templates {
				if !bytes.Equal(b, again.Templates[name]) {
					t.Fatalf("%s/%s: output changed between runs", ni.name, name)
				}
			}
		}
	}
}
