package main

import (
	"os"
	"runtime/debug"
)

// Garbage-collector settings for `matano ingest` (and the demo, which
// ingests). An ingest allocates fast (a decoded event and its
// transformed copy per record) while its live heap stays small and
// bounded (the table buffers the lake flushes, the chunks in flight), so
// Go's default GOGC=100 collects every few tens of MB of allocation. A
// higher GOGC makes collection rarer; the soft memory limit caps the heap
// where a flush's peak live heap, times the GOGC growth, would otherwise
// run past the peak-RSS goal (bench/ingest: below 500 MB for 1 GB of
// input). Figures in bench/ingest/README.md.
const (
	ingestGCPercent   = 400
	ingestMemoryLimit = 320 << 20
)

// tuneGC applies the ingest settings unless the user set GOGC or
// GOMEMLIMIT, which keep their meaning.
func tuneGC() {
	if _, ok := os.LookupEnv("GOGC"); !ok {
		debug.SetGCPercent(ingestGCPercent)
	}
	if _, ok := os.LookupEnv("GOMEMLIMIT"); !ok {
		debug.SetMemoryLimit(ingestMemoryLimit)
	}
}
