package ingest

import (
	"runtime/debug"
	"strconv"
)

// # Garbage-collector settings
//
// An ingest allocates fast (a decoded event and its transformed copy per
// record) while its live heap stays small and bounded (the table buffers
// the lake flushes, the chunks in flight), so Go's default GOGC=100
// collects every few tens of MB of allocation. A higher GOGC makes
// collection rarer; a soft memory limit caps the heap where a flush's
// peak live heap, times the GOGC growth, would otherwise outgrow the
// memory the process has. On 1 GB of CloudTrail (bench/ingest) GOGC=400
// with a 320 MiB limit took 17.0–17.4 s against 19.4–19.5 s at Go's
// default, and peak RSS 429 MB against 460–475 MB.

// GCPercent is the GOGC an ingesting process runs with.
const GCPercent = 400

// CLIMemoryLimit is `matano ingest`'s soft heap limit: with the ~110 MB
// the binary takes before any work, it keeps a 1 GB ingest's peak RSS
// below bench/ingest's 500 MB goal.
const CLIMemoryLimit = 320 << 20

// GCSettings are the settings TuneGC applies; a zero field is left as
// the runtime has it.
type GCSettings struct {
	Percent     int
	MemoryLimit int64
}

// LambdaGCSettings returns the settings for a Lambda function from its
// environment: GOGC=400 and a soft limit of three quarters of the
// function's memory (AWS_LAMBDA_FUNCTION_MEMORY_SIZE, in MB), leaving a
// quarter for what is not Go heap (the binary, stacks, the runtime's own
// overhead). Lambda kills a function that outgrows its memory; the soft
// limit makes the collector work harder instead as the heap nears it.
// Without a readable memory size nothing changes: GOGC=400 with no limit
// could grow the heap past whatever memory the function has.
func LambdaGCSettings(getenv func(string) string) GCSettings {
	mb, err := strconv.ParseInt(getenv("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"), 10, 64)
	if err != nil || mb <= 0 {
		return GCSettings{}
	}
	return GCSettings{Percent: GCPercent, MemoryLimit: mb << 20 * 3 / 4}
}

// TuneGC applies s, except what the user set through GOGC or GOMEMLIMIT
// (lookup is os.LookupEnv): those keep their meaning. A limit without a
// percent (or the reverse) is applied alone.
func TuneGC(s GCSettings, lookup func(string) (string, bool)) {
	if _, ok := lookup("GOGC"); !ok && s.Percent != 0 {
		debug.SetGCPercent(s.Percent)
	}
	if _, ok := lookup("GOMEMLIMIT"); !ok && s.MemoryLimit != 0 {
		debug.SetMemoryLimit(s.MemoryLimit)
	}
}
