package parse

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/matano-go/matano/compiler/diag"
	"github.com/matano-go/matano/runtime/vrl/conformance/corpus"
)

// TestFunctionExamples parses the source of every stdlib function example
// of the corpus; all of them are valid VRL.
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
	n := 0
	for sc.Scan() {
		var ex struct {
			Function, Title, Source string
		}
		if err := json.Unmarshal(sc.Bytes(), &ex); err != nil {
			t.Fatal(err)
		}
		n++
		if _, diags := File(diag.NewFile("", []byte(ex.Source))); len(diags) > 0 {
			t.Errorf("%s (%s):\n%s\n%s", ex.Function, ex.Title, ex.Source, diag.FormatText(diags))
		}
	}
	t.Logf("%d function examples parsed", n)
}
