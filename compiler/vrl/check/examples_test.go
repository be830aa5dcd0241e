package check

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/matano-go/matano/compiler/diag"
	"github.com/matano-go/matano/compiler/vrl/parse"
	"github.com/matano-go/matano/runtime/vrl/conformance/corpus"
)

// TestFunctionExamples checks every stdlib example of the corpus
// (function_examples.jsonl): upstream compiles them all, so none may raise
// an error here. Examples of functions the stdlib does not provide yet are
// skipped.
func TestFunctionExamples(t *testing.T) {
	dir := corpus.Dir()
	if dir == "" {
		t.Skip("VRL corpus ../shared/vrl-tests not present")
	}
	f, err := os.Open(filepath.Join(dir, "function_examples.jsonl"))
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	clean, total, skipped := 0, 0, 0
	for sc.Scan() {
		var ex struct {
			Function, Title, Source string
			Error                   *string
		}
		if err := json.Unmarshal(sc.Bytes(), &ex); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(ex.Source, "tests/") {
			// Reads a data file relative to the upstream repository root.
			skipped++
			continue
		}
		prog, pd := parse.File(diag.NewFile("", []byte(ex.Source)))
		if pd.HasErrors() {
			skipped++
			continue
		}
		_, diags := Check(prog, Config{})
		if hasCode(diags, "E105") {
			skipped++
			continue
		}
		total++
		if diags.HasErrors() && (ex.Error == nil || !strings.Contains(diag.FormatText(diags), *ex.Error)) {
			t.Errorf("%s / %s:\n%s\n%s", ex.Function, ex.Title, ex.Source, diag.FormatText(diags))
			continue
		}
		clean++
	}
	t.Logf("%d of %d function examples check clean (%d skipped: upstream data files, parse errors or functions not implemented yet)", clean, total, skipped)
}

func hasCode(l diag.List, code string) bool {
	for _, d := range l {
		if d.Code == code {
			return true
		}
	}
	return false
}
