package query

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// TestLambdaBinariesDoNotLinkDuckDB keeps DuckDB (a cgo static library
// of tens of megabytes) out of the packages the Lambda functions are
// built from: only this package and the CLI may import it.
func TestLambdaBinariesDoNotLinkDuckDB(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	out, err := exec.Command("go", "list", "-deps", "github.com/matano-go/matano/runtime/ingest",
		"github.com/matano-go/matano/runtime/lake/...", "github.com/matano-go/matano/runtime/detect").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	pkgs := strings.Fields(string(out))
	if !slices.Contains(pkgs, "github.com/matano-go/matano/runtime/lake") {
		t.Fatalf("go list did not list runtime/lake:\n%s", out)
	}
	for _, pkg := range pkgs {
		if strings.Contains(pkg, "duckdb") || strings.HasSuffix(pkg, "/runtime/query") {
			t.Errorf("a Lambda package depends on %s", pkg)
		}
	}
}
