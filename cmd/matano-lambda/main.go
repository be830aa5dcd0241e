// Command matano-lambda is the bootstrap of Matano's Go Lambda functions
// (runtime provided.al2023). One binary serves the transformer, the
// committer, the alert writer and the maintenance job; the function's
// MATANO_HANDLER picks the handler, and the Matano directory bundled
// next to the binary (MATANO_CONFIG_DIR, default /var/task/config) is
// loaded once per container, at init.
//
// It is built with CGO_ENABLED=0 and must never link runtime/query
// (DuckDB): see runtime/query's TestLambdaBinariesDoNotLinkDuckDB.
package main

import (
	"context"
	"fmt"
	"os"

	awslambda "github.com/aws/aws-lambda-go/lambda"

	"github.com/matano-go/matano/runtime/ingest"
	"github.com/matano-go/matano/runtime/lambda"
)

func main() {
	// Every handler but the alert writer ingests or rewrites Parquet:
	// the ingest's GC settings, bounded by the function's memory.
	ingest.TuneGC(ingest.LambdaGCSettings(os.Getenv), os.LookupEnv)
	_, handler, err := lambda.Init(context.Background(), os.Getenv)
	if err != nil {
		fmt.Fprintln(os.Stderr, "matano-lambda:", err)
		os.Exit(1)
	}
	awslambda.Start(handler)
}
