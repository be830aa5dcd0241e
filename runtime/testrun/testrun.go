// Package testrun runs the offline tests of a Matano directory, the
// engine behind `matano test`:
//
//   - detection tests, detections/<name>/tests/*.yml: one record (or one
//     raw log line run through a log source's transform first) and whether
//     the detection matches it, with the expected alert fields; or a
//     scenario, a list of records and the alerts they should produce after
//     the detection's threshold and deduplication window (see spec.go for
//     the format);
//   - log source golden tests, log_sources/<name>/test/*.{log,json,ndjson}:
//     each input's normalised records are compared with <input>-expected.json
//     next to it (a pretty-printed JSON array with sorted keys), which
//     Config.Update (re)writes.
//
// Detections run in the same Python host as in production (runtime/detect)
// and log sources through the same decode and transform code as `matano
// ingest` (ingest.Preview), so a passing test says something about the
// real pipeline. Nothing is written anywhere except expected files in
// update mode.
package testrun

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/matano-go/matano/compiler/load"
)

// Clock is the ingest time log source tests run at: the decoder's ts
// fallback and VRL's now() see it, so expected files do not depend on when
// the tests ran.
var Clock = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// Config configures Run.
type Config struct {
	// Root is the Matano directory and Project its validated model
	// (validate.Dir): Run does not validate.
	Root    string
	Project *load.Project
	// Update rewrites the expected file of every log source test instead
	// of comparing with it.
	Update bool
	// MinimumTests, when positive, requires every detection to have at
	// least that many tests, at least one of them positive and one negative.
	MinimumTests int
	// SkipDetections skips detection tests (reported as skipped), as when
	// Python is missing.
	SkipDetections bool
	// Python is the interpreter for detections; default python3.
	Python string
	// CacheDir is where the detection host extracts its Python package
	// (detect.Config.CacheDir).
	CacheDir string
	// Stderr receives what detections print; default discarded.
	Stderr io.Writer
}

// Status is a test's outcome.
type Status string

const (
	Pass Status = "pass"
	Fail Status = "fail"
	Skip Status = "skip"
)

// Result is one test's outcome.
type Result struct {
	// Suite groups tests: "detection <name>" or "log_source <name>".
	Suite string `json:"suite"`
	Name  string `json:"name"`
	// File is the test file, slash-separated and relative to the root;
	// Line the 1-based line annotations point at.
	File   string `json:"file"`
	Line   int    `json:"line"`
	Status Status `json:"status"`
	// Message says why a test failed or was skipped, or that an expected
	// file was updated.
	Message string `json:"message,omitempty"`
	// Diff is a unified diff from the expected to the actual JSON.
	Diff     string        `json:"diff,omitempty"`
	Updated  bool          `json:"updated,omitempty"`
	Duration time.Duration `json:"duration_ns"`
}

// Report is the outcome of a Run, in a stable order: detections by name,
// then log sources by name, each suite's tests by file name.
type Report struct {
	Results []Result `json:"results"`
}

// Count returns how many results have status s.
func (r *Report) Count(s Status) int {
	n := 0
	for _, res := range r.Results {
		if res.Status == s {
			n++
		}
	}
	return n
}

// OK reports whether no test failed.
func (r *Report) OK() bool { return r.Count(Fail) == 0 }

// Run runs every test of the directory. The error is for the run as a
// whole (the context ended, the detection host could not start); a test
// that fails, including one whose file is malformed, is a Result.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	if cfg.Project == nil {
		return nil, fmt.Errorf("testrun: Config needs a Project")
	}
	if cfg.Python == "" {
		cfg.Python = "python3"
	}
	if cfg.Stderr == nil {
		cfg.Stderr = io.Discard
	}
	rep := &Report{}
	det, err := runDetections(ctx, cfg)
	if err != nil {
		return nil, err
	}
	rep.Results = append(rep.Results, det...)
	ls, err := runLogSources(ctx, cfg)
	if err != nil {
		return nil, err
	}
	rep.Results = append(rep.Results, ls...)
	return rep, nil
}
