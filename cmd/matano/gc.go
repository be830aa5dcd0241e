package main

import (
	"os"

	"github.com/matano-go/matano/runtime/ingest"
)

// tuneGC applies the ingest's garbage-collector settings (see
// runtime/ingest's gc.go) to `matano ingest` and the demo, unless the
// user set GOGC or GOMEMLIMIT.
func tuneGC() {
	ingest.TuneGC(ingest.GCSettings{Percent: ingest.GCPercent, MemoryLimit: ingest.CLIMemoryLimit}, os.LookupEnv)
}
