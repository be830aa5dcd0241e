package testrun

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"go.yaml.in/yaml/v4"

	"github.com/matano-go/matano/compiler/load"
	"github.com/matano-go/matano/runtime/detect"
	"github.com/matano-go/matano/runtime/ingest"
	"github.com/matano-go/matano/runtime/vrl/value"
)

// TestsDir is the folder of a detection that holds its tests.
const TestsDir = "tests"

// detectionFile is one parsed (or unparsable) test file of a detection.
type detectionFile struct {
	det  *load.Detection
	file string // slash path relative to the root
	test *DetectionTest
	err  error
	// name is the test's name, read leniently so that a file with an
	// error is still reported under its name when it has one.
	name string
}

// runDetections runs every detection's tests in one detection host.
func runDetections(ctx context.Context, cfg Config) ([]Result, error) {
	dets := slices.Clone(cfg.Project.Detections)
	sort.Slice(dets, func(i, j int) bool { return dets[i].Name < dets[j].Name })

	var files []detectionFile
	for _, d := range dets {
		rel := path.Join(load.DetectionsDir, d.Dir, TestsDir)
		entries, err := os.ReadDir(filepath.Join(cfg.Root, filepath.FromSlash(rel)))
		if err != nil && !os.IsNotExist(err) {
			return nil, err
		}
		for _, e := range entries {
			n := e.Name()
			if e.IsDir() || strings.HasPrefix(n, ".") || !(strings.HasSuffix(n, ".yml") || strings.HasSuffix(n, ".yaml")) {
				continue
			}
			f := detectionFile{det: d, file: path.Join(rel, n)}
			src, err := os.ReadFile(filepath.Join(cfg.Root, filepath.FromSlash(f.file)))
			f.name = f.file
			if err == nil {
				var named struct {
					Name string `yaml:"name"`
				}
				if yaml.Unmarshal(src, &named) == nil && named.Name != "" {
					f.name = named.Name
				}
				f.test, err = ParseDetectionTest(src)
			}
			f.err = err
			files = append(files, f)
		}
	}

	var results []Result
	skip := ""
	if cfg.SkipDetections {
		skip = "detection tests skipped"
	} else if _, err := exec.LookPath(cfg.Python); err != nil {
		skip = fmt.Sprintf("%s not found: detection tests need Python", cfg.Python)
	}
	var h *detect.Host
	loadFails := map[string]string{}
	if skip == "" && len(files) > 0 {
		var ds []detect.Detection
		for _, d := range dets {
			// Disabled detections are tested too: they are about to be
			// enabled, or kept working for later.
			ds = append(ds, detect.Detection{Name: d.Name, Dir: filepath.Join(cfg.Root, load.DetectionsDir, d.Dir), Tables: d.Tables, Enabled: true})
		}
		var err error
		h, err = detect.Start(ctx, detect.Config{Detections: ds, Workers: 1, Python: cfg.Python, CacheDir: cfg.CacheDir,
			Stderr: cfg.Stderr, Dir: cfg.Root})
		if err != nil {
			return nil, fmt.Errorf("testrun: starting the detection host: %w", err)
		}
		defer h.Close()
		for _, f := range h.LoadFailures() {
			loadFails[f.Detection] = f.Message + "\n" + f.Traceback
		}
	}

	r := &detectionRunner{cfg: cfg, host: h}
	for _, f := range files {
		res := Result{Suite: "detection " + f.det.Name, Name: f.name, File: f.file, Line: 1}
		start := time.Now()
		switch {
		case f.err != nil:
			res.Status, res.Message, res.Line = Fail, "invalid test file: "+f.err.Error(), errorLine(f.err)
		case skip != "":
			res.Status, res.Message = Skip, skip
		case loadFails[f.det.Name] != "":
			res.Status, res.Message = Fail, "detect.py failed to import: "+loadFails[f.det.Name]
		default:
			var err error
			if f.test.IsScenario() {
				err = r.scenario(ctx, f.det, f.test, &res)
			} else {
				err = r.single(ctx, f.det, f.test, &res)
			}
			if err != nil {
				return nil, err
			}
		}
		res.Duration = time.Since(start)
		results = append(results, res)
	}
	if cfg.MinimumTests > 0 {
		results = append(results, coverage(cfg, dets, files)...)
	}
	return results, nil
}

// coverage enforces --minimum-tests: a failing result for each detection
// with too few tests or without both a positive and a negative one.
func coverage(cfg Config, dets []*load.Detection, files []detectionFile) []Result {
	var out []Result
	for _, d := range dets {
		n, pos, neg := 0, 0, 0
		for _, f := range files {
			if f.det != d || f.test == nil {
				continue
			}
			n++
			if f.test.Positive() {
				pos++
			} else {
				neg++
			}
		}
		var problems []string
		if n < cfg.MinimumTests {
			problems = append(problems, fmt.Sprintf("has %d test(s), at least %d required", n, cfg.MinimumTests))
		}
		if pos == 0 {
			problems = append(problems, "has no positive test (expect: true)")
		}
		if neg == 0 {
			problems = append(problems, "has no negative test (expect: false)")
		}
		if len(problems) > 0 {
			out = append(out, Result{Suite: "detection " + d.Name, Name: "minimum tests",
				File: path.Join(load.DetectionsDir, d.Dir, load.DetectionFile), Line: 1, Status: Fail,
				Message: "detection " + d.Name + " " + strings.Join(problems, "; ")})
		}
	}
	return out
}

type detectionRunner struct {
	cfg  Config
	host *detect.Host
}

// single runs a one-record test and fills res.
func (r *detectionRunner) single(ctx context.Context, d *load.Detection, t *DetectionTest, res *Result) error {
	var rec []byte
	table := t.Table
	if t.Record != nil {
		b, err := json.Marshal(t.Record)
		if err != nil {
			res.Status, res.Message = Fail, "record is not JSON-encodable: "+err.Error()
			return nil
		}
		rec = b
	} else {
		b, routed, msg := r.fromLog(ctx, t)
		if msg != "" {
			res.Status, res.Message, res.Line = Fail, msg, t.Line("log")
			return nil
		}
		rec = b
		res.Line = t.Line("log")
		if table == "" && slices.Contains(d.Tables, routed) {
			table = routed
		}
	}
	if table == "" && len(d.Tables) > 0 {
		table = d.Tables[0]
	}
	if !slices.Contains(d.Tables, table) {
		res.Status, res.Message, res.Line = Fail, fmt.Sprintf("detection %s does not read table %q (its tables: %s)", d.Name, table, strings.Join(d.Tables, ", ")), t.Line("table")
		return nil
	}
	matches, failures, err := r.host.Run(ctx, table, [][]byte{rec})
	if err != nil {
		return fmt.Errorf("testrun: %s: %w", res.File, err)
	}
	if msg := failuresOf(d.Name, failures); msg != "" {
		res.Status, res.Message = Fail, msg
		if t.Record != nil {
			res.Line = t.Line("record")
		}
		return nil
	}
	var m *detect.Match
	for i := range matches {
		if matches[i].Detection == d.Name {
			m = &matches[i]
			break
		}
	}
	want := map[string]any{"match": *t.Expect}
	got := map[string]any{"match": m != nil}
	if m != nil {
		if t.Title != nil {
			want["title"], got["title"] = *t.Title, effectiveTitle(d, m)
		}
		if t.Severity != nil {
			want["severity"], got["severity"] = *t.Severity, cmpOr(m.Severity, d.Alert.Severity)
		}
		if t.Dedupe != nil {
			want["dedupe"], got["dedupe"] = *t.Dedupe, m.Dedupe
		}
		if t.Destinations != nil {
			dst := m.Destinations
			if dst == nil {
				dst = d.Alert.Destinations
			}
			want["destinations"], got["destinations"] = orEmpty(*t.Destinations), orEmpty(dst)
		}
		if t.Context != nil {
			var ctxv any = map[string]any{}
			if len(m.AlertContext) > 0 {
				if v, err := normaliseJSON(m.AlertContext); err == nil {
					ctxv = v
				}
			}
			want["context"], got["context"] = normaliseGo(*t.Context), ctxv
		}
	}
	// Without a match only "match" is compared: listing every expected
	// field as missing would add noise, not information.
	compare(res, want, got)
	if res.Status == Fail {
		// Point at the first expectation that failed.
		for _, k := range []string{"match", "title", "severity", "dedupe", "destinations", "context"} {
			if w, ok := want[k]; ok && canonicalJSON(w) != canonicalJSON(got[k]) {
				if k == "match" {
					k = "expect"
				}
				res.Line = t.Line(k)
				break
			}
		}
	}
	return nil
}

// compare passes res when want and got render to the same JSON, and fails
// it with a diff otherwise.
func compare(res *Result, want, got any) {
	w, g := canonicalJSON(want), canonicalJSON(got)
	if w == g {
		res.Status = Pass
		return
	}
	res.Status = Fail
	res.Message = "the detection's result differs from the expectation"
	res.Diff = unifiedDiff("expected", "got", w, g)
}

// fromLog turns a test's raw log line into one record with its log
// source; msg explains why it could not.
func (r *detectionRunner) fromLog(ctx context.Context, t *DetectionTest) (rec []byte, table, msg string) {
	recs, err := ingest.Preview(ctx, ingest.PreviewConfig{Project: r.cfg.Project, Source: t.LogSource, Now: func() time.Time { return Clock }},
		"test.log", strings.NewReader(strings.TrimRight(t.Log, "\n")+"\n"))
	if err != nil {
		return nil, "", err.Error()
	}
	if len(recs) != 1 {
		return nil, "", fmt.Sprintf("log must be one record; log source %s made %d of it", t.LogSource, len(recs))
	}
	p := recs[0]
	if p.Kind != "" {
		return nil, "", fmt.Sprintf("log source %s rejected the log line (%s): %s", t.LogSource, p.Kind, p.Message)
	}
	return value.AppendJSON(nil, p.Event), p.Table, ""
}

// failuresOf describes the detection's failures on a test's records, or
// returns "".
func failuresOf(name string, failures []detect.Failure) string {
	var msgs []string
	for _, f := range failures {
		if f.Detection != name && f.Detection != "" {
			continue
		}
		msg := f.Error()
		if f.Traceback != "" {
			msg += "\n" + strings.TrimRight(f.Traceback, "\n")
		}
		msgs = append(msgs, msg)
	}
	return strings.Join(msgs, "\n")
}

// effectiveTitle is the alert title Matano shows: the detection's title()
// result, else its display name, else its name.
func effectiveTitle(d *load.Detection, m *detect.Match) string {
	return cmpOr(m.Title, d.DisplayName, d.Name)
}

func cmpOr(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// normaliseGo round-trips a YAML-decoded value through JSON so it compares
// with JSON-decoded values (json.Number, map[string]any).
func normaliseGo(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		return v
	}
	out, err := normaliseJSON(b)
	if err != nil {
		return v
	}
	return out
}
