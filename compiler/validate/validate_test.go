package validate

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/matano-go/matano/compiler/diag"
)

var update = flag.Bool("update", false, "rewrite golden.txt files of testdata/dirs/invalid")

const dirsRoot = "../../testdata/dirs"

// plain renders diagnostics one per line, in the stable form golden
// files use: file:line:col: severity[code]: summary [path] (hint).
func plain(l diag.List) string {
	var b strings.Builder
	for _, d := range l {
		loc := "-"
		if f := d.Subject.File; f != nil {
			pos := f.Position(d.Subject.Start)
			loc = fmt.Sprintf("%s:%d:%d", f.Name, pos.Line, pos.Col)
		}
		fmt.Fprintf(&b, "%s: %s[%s]: %s", loc, d.Severity, d.Code, d.Summary)
		if d.Path != "" {
			fmt.Fprintf(&b, " [%s]", d.Path)
		}
		if d.Hint != "" {
			fmt.Fprintf(&b, " (%s)", d.Hint)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func caseDirs(t *testing.T, kind string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(dirsRoot, kind))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if e.IsDir() {
			out = append(out, e.Name())
		}
	}
	if len(out) == 0 {
		t.Fatalf("no test directories under %s", kind)
	}
	return out
}

func TestValidDirs(t *testing.T) {
	for _, name := range caseDirs(t, "valid") {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(dirsRoot, "valid", name)
			p, diags := Dir(dir, Options{FS: os.DirFS(dir)})
			if len(diags) != 0 {
				t.Errorf("want no diagnostics, got:\n%s", plain(diags))
			}
			if p == nil || p.Config == nil {
				t.Fatal("no project or config loaded")
			}
		})
	}
}

// TestInvalidDirs compares each case's diagnostics with its golden.txt.
// Run with -update to rewrite them, then review the diff.
func TestInvalidDirs(t *testing.T) {
	for _, name := range caseDirs(t, "invalid") {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(dirsRoot, "invalid", name)
			_, diags := Dir(dir, Options{FS: os.DirFS(dir)})
			got := plain(diags)
			golden := filepath.Join(dir, "golden.txt")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("diagnostics differ from %s:\n--- got\n%s--- want\n%s", golden, got, want)
			}
			if !diags.HasErrors() {
				t.Errorf("an invalid case must produce at least one error")
			}
			checkMarkers(t, dir, diags)
		})
	}
}

// checkMarkers checks inline "# ERROR: <code>" markers: a fixture line
// ending in such a comment must carry a diagnostic with that code, on that
// line. Markers are optional; golden.txt is the full record.
func checkMarkers(t *testing.T, dir string, diags diag.List) {
	t.Helper()
	at := map[string]bool{}
	for _, d := range diags {
		if f := d.Subject.File; f != nil {
			at[fmt.Sprintf("%s:%d:%s", f.Name, f.Position(d.Subject.Start).Line, d.Code)] = true
		}
	}
	err := filepath.WalkDir(dir, func(path string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		for i, line := range strings.Split(string(src), "\n") {
			_, marker, ok := strings.Cut(line, "# ERROR: ")
			if !ok {
				continue
			}
			code := strings.Fields(marker)[0]
			if key := fmt.Sprintf("%s:%d:%s", filepath.ToSlash(rel), i+1, code); !at[key] {
				t.Errorf("%s:%d: marker wants %s on this line, got none", rel, i+1, code)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
