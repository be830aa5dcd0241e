package parse

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/matano-go/matano/compiler/diag"
	"github.com/matano-go/matano/runtime/vrl/conformance/corpus"
)

var update = flag.Bool("update", false, "rewrite the expected diagnostics of testdata/diagnostics/*.vrl")

// TestGolden runs our own diagnostics cases. Each file uses the corpus
// format: a "# result:" header with the rendered diagnostics, then the
// program (starting with a blank line). Run with -update to regenerate
// the headers, and review the diff.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "diagnostics", "*.vrl"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden files: %v", err)
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			c := corpus.Parse(path, string(data))
			want := strings.TrimSpace(c.Want)
			_, diags := File(diag.NewFile("", []byte(c.Source)))
			got := render(diags)
			if *update {
				var b strings.Builder
				b.WriteString("# result:\n#\n")
				for _, l := range strings.Split(got, "\n") {
					if l == "" {
						b.WriteString("#\n")
					} else {
						b.WriteString("# " + l + "\n")
					}
				}
				b.WriteString(c.Source)
				if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if got != want {
				t.Errorf("diagnostics differ (run with -update to accept)\n--- got\n%s\n--- want\n%s", got, want)
			}
		})
	}
}
