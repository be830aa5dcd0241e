package query

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// TestLambdaBinariesDoNotLinkDuckDB keeps DuckDB (a cgo static library
// of tens of megabytes) out of the packages the Lambda functions are
// built from (the bootstrap cmd/matano-lambda and everything it links):
// only this package and the CLI may import it.
func TestLambdaBinariesDoNotLinkDuckDB(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	out, err := exec.Command("go", "list", "-deps", "github.com/matano-go/matano/runtime/ingest",
		"github.com/matano-go/matano/runtime/lake/...", "github.com/matano-go/matano/runtime/detect",
		"github.com/matano-go/matano/runtime/lambda/...", "github.com/matano-go/matano/cmd/matano-lambda").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	pkgs := strings.Fields(string(out))
	for _, want := range []string{"github.com/matano-go/matano/runtime/lake", "github.com/matano-go/matano/runtime/lambda"} {
		if !slices.Contains(pkgs, want) {
			t.Fatalf("go list did not list %s:\n%s", want, out)
		}
	}
	for _, pkg := range pkgs {
		if strings.Contains(pkg, "duckdb") || strings.HasSuffix(pkg, "/runtime/query") {
			t.Errorf("a Lambda package depends on %s", pkg)
		}
	}
}
