// Package detect is the detection host: it runs users' Python detections
// over normalised records on a pool of python3 worker processes.
//
// Each worker runs `python3 -m detection.worker` from the embedded
// `detection` package (runtime/python), imports every enabled detection
// once, and then evaluates batches of records sent over its stdin. The
// host splits each Run into batches, spreads them over the workers and
// gathers matches and failures. Isolation is layered:
//
//   - an exception or a timeout in one detection on one record becomes one
//     Failure; every other (detection, record) pair still runs;
//   - with Config.MemoryLimit, an allocation past the cap is a MemoryError
//     in the call that made it, not an OOM kill of the worker;
//   - a worker that dies (crash, kill, out of memory, a call stuck in C
//     code past the hard limit) is restarted and its batch retried once; if
//     the retry dies too, the batch's records are retried one at a time so
//     that only the records that kill a worker are lost, each reported as a
//     Failure of kind "worker".
//
// The wire protocol (length-prefixed JSON frames) is described in
// runtime/python/detection/worker.py.
package detect

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime"
	"time"
)

// Detection is one detection as configured by its detection.yml.
type Detection struct {
	Name    string
	Dir     string   // directory holding detect.py
	Tables  []string // the tables whose records it sees
	Enabled bool     // a disabled detection is never imported or run
}

// Match is one record on which a detection's detect() returned true,
// with the results of the optional alert functions the detection defines.
// A function that is not defined, returned None or failed leaves its
// field empty (a failure is reported separately).
type Match struct {
	Detection string
	Index     int             // the record's position in the Run call
	Record    json.RawMessage // the record as passed to Run (not copied)

	Title        string
	Dedupe       string
	Severity     string
	Description  string
	Runbook      string
	Reference    string
	Destinations []string
	AlertContext json.RawMessage // a JSON object, nil when absent
}

// FailureKind classifies a Failure.
type FailureKind string

const (
	// KindException: the function raised.
	KindException FailureKind = "exception"
	// KindTimeout: the call ran past Config.Timeout and was interrupted.
	KindTimeout FailureKind = "timeout"
	// KindResult: the function returned a value of the wrong type.
	KindResult FailureKind = "result"
	// KindRecord: the record is not a JSON object; no detection saw it.
	KindRecord FailureKind = "record"
	// KindWorker: the worker process died on this record twice.
	KindWorker FailureKind = "worker"
	// KindImport: detect.py failed to import (Index is -1).
	KindImport FailureKind = "import"
)

// Failure is one thing that went wrong for one detection on one record.
// Failures never stop a Run; they are the per-record part of its result.
type Failure struct {
	Detection string // empty for record and worker failures
	Function  string // "detect", "title", ..., "import"; empty when not a call
	Index     int    // record position in the Run call; -1 for import failures
	Kind      FailureKind
	Message   string // "ZeroDivisionError: division by zero"
	Traceback string // Python traceback, truncated to its last Config.TracebackLimit chars
}

func (f Failure) Error() string {
	switch {
	case f.Detection == "":
		return fmt.Sprintf("record %d: %s: %s", f.Index, f.Kind, f.Message)
	case f.Index < 0:
		return fmt.Sprintf("detection %s: %s: %s", f.Detection, f.Kind, f.Message)
	default:
		return fmt.Sprintf("detection %s: %s() on record %d: %s: %s", f.Detection, f.Function, f.Index, f.Kind, f.Message)
	}
}

// Stats are the host's counters since Start.
type Stats struct {
	Records    int64 // records sent to workers (a retried record counts again)
	Batches    int64 // batches completed
	Matches    int64
	Exceptions int64 // failures of kind exception or result
	Timeouts   int64
	Lost       int64 // records lost to workers dying on them (kind worker)
	Restarts   int64 // worker processes started after the initial pool
	Retries    int64 // batches sent again after their worker died
}

// Config configures a Host. The zero value of each field picks the
// default named in its comment.
type Config struct {
	Detections []Detection
	Workers    int           // worker processes; default runtime.NumCPU()
	Timeout    time.Duration // per call of a detection function; default 2s
	// Grace is how long past Timeout a call may keep running (stuck in C
	// code, or catching the timeout) before its worker is killed;
	// default max(Timeout, 1s).
	Grace          time.Duration
	BatchSize      int       // most records per batch; default 256
	Python         string    // interpreter; default "python3"
	CacheDir       string    // where the embedded package is extracted; default os.UserCacheDir()
	Env            []string  // extra environment for workers (e.g. MATANO_REMOTECACHE_DB=...)
	Dir            string    // workers' working directory; default the host's
	Stderr         io.Writer // workers' stderr (detections' prints); default os.Stderr
	TracebackLimit int       // characters kept of each traceback; default 4000
	// MemoryLimit caps each worker's address space in bytes (RLIMIT_AS;
	// 0: no cap), so a detection that allocates too much fails with a
	// MemoryError instead of getting its worker OOM-killed.
	MemoryLimit int64
}

func (c Config) withDefaults() Config {
	if c.Workers <= 0 {
		c.Workers = runtime.NumCPU()
	}
	if c.Timeout <= 0 {
		c.Timeout = 2 * time.Second
	}
	if c.Grace <= 0 {
		c.Grace = max(c.Timeout, time.Second)
	}
	if c.BatchSize <= 0 {
		c.BatchSize = 256
	}
	if c.Python == "" {
		c.Python = "python3"
	}
	if c.Stderr == nil {
		c.Stderr = os.Stderr
	}
	if c.TracebackLimit <= 0 {
		c.TracebackLimit = 4000
	}
	return c
}
