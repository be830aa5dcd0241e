package testrun

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/matano-go/matano/compiler/load"
	"github.com/matano-go/matano/runtime/ingest"
	"github.com/matano-go/matano/runtime/lake"
	"github.com/matano-go/matano/runtime/vrl/value"
)

// LogSourceTestDir is the folder of a log source holding its sample
// inputs and their expected outputs.
const LogSourceTestDir = "test"

// ExpectedSuffix is appended to an input's file name to name its expected
// output: sample.ndjson → sample.ndjson-expected.json.
const ExpectedSuffix = "-expected.json"

// inputExts are the sample inputs a log source test folder may hold.
var inputExts = []string{".log", ".json", ".ndjson"}

// isInput reports whether a file of a log source's test folder is a
// sample input (and not an expected output).
func isInput(name string) bool {
	if strings.HasPrefix(name, ".") || strings.HasSuffix(name, ExpectedSuffix) {
		return false
	}
	return slices.Contains(inputExts, path.Ext(name))
}

// runLogSources runs every log source's golden tests.
func runLogSources(ctx context.Context, cfg Config) ([]Result, error) {
	srcs := slices.Clone(cfg.Project.LogSources)
	sort.Slice(srcs, func(i, j int) bool { return srcs[i].Name < srcs[j].Name })
	var results []Result
	for _, ls := range srcs {
		rel := path.Join(load.LogSourcesDir, ls.Dir, LogSourceTestDir)
		entries, err := os.ReadDir(filepath.Join(cfg.Root, filepath.FromSlash(rel)))
		if err != nil && !os.IsNotExist(err) {
			return nil, err
		}
		inputs := map[string]bool{}
		for _, e := range entries {
			if !e.IsDir() && isInput(e.Name()) {
				inputs[e.Name()] = true
			}
		}
		for _, e := range entries {
			if n := e.Name(); !e.IsDir() && strings.HasSuffix(n, ExpectedSuffix) && !inputs[strings.TrimSuffix(n, ExpectedSuffix)] {
				res, err := orphan(cfg, ls, path.Join(rel, n))
				if err != nil {
					return nil, err
				}
				results = append(results, res)
			}
			if e.IsDir() || !isInput(e.Name()) {
				continue
			}
			start := time.Now()
			res, err := goldenTest(ctx, cfg, ls, path.Join(rel, e.Name()))
			if err != nil {
				return nil, err
			}
			res.Duration = time.Since(start)
			results = append(results, res)
		}
	}
	return results, nil
}

// orphan reports an expected file whose input is gone (renamed or
// deleted): left alone it would silently stop being checked. Update mode
// deletes it.
func orphan(cfg Config, ls *load.LogSource, file string) (Result, error) {
	res := Result{Suite: "log_source " + ls.Name, Name: path.Base(file), File: file, Line: 1}
	input := strings.TrimSuffix(file, ExpectedSuffix)
	if cfg.Update {
		if err := os.Remove(filepath.Join(cfg.Root, filepath.FromSlash(file))); err != nil {
			return res, err
		}
		res.Status, res.Updated, res.Message = Pass, true, "removed "+file+": its input "+path.Base(input)+" is gone"
		return res, nil
	}
	res.Status = Fail
	res.Message = fmt.Sprintf("%s has no input %s (renamed or deleted?); `matano test --update` removes it", file, path.Base(input))
	return res, nil
}

// goldenTest runs one sample input through its log source and compares
// (or, in update mode, writes) the expected output.
func goldenTest(ctx context.Context, cfg Config, ls *load.LogSource, file string) (Result, error) {
	expFile := file + ExpectedSuffix
	res := Result{Suite: "log_source " + ls.Name, Name: path.Base(file), File: file, Line: 1}
	abs := filepath.Join(cfg.Root, filepath.FromSlash(file))
	expAbs := filepath.Join(cfg.Root, filepath.FromSlash(expFile))
	f, err := os.Open(abs)
	if err != nil {
		return res, err
	}
	defer f.Close()
	elems, lines, err := logSourceOutput(ctx, cfg.Project, ls.Name, path.Base(file), f)
	if err != nil {
		if ctx.Err() != nil {
			return res, ctx.Err()
		}
		res.Status, res.Message = Fail, err.Error()
		return res, nil
	}
	got := canonicalJSON(elems)
	old, readErr := os.ReadFile(expAbs)
	if cfg.Update {
		res.Status = Pass
		if readErr != nil || !bytes.Equal(old, []byte(got)) {
			if err := os.WriteFile(expAbs, []byte(got), 0o644); err != nil {
				return res, err
			}
			res.Updated, res.Message = true, "updated "+expFile
		}
		return res, nil
	}
	if os.IsNotExist(readErr) {
		res.Status, res.Message = Fail, fmt.Sprintf("%s does not exist: run `matano test --update` to create it, then review it", expFile)
		return res, nil
	}
	if readErr != nil {
		return res, readErr
	}
	want, err := normaliseJSON(old)
	if err != nil {
		res.Status, res.Message = Fail, fmt.Sprintf("%s is not valid JSON: %v", expFile, err)
		return res, nil
	}
	w := canonicalJSON(want)
	if w == got {
		res.Status = Pass
		return res, nil
	}
	res.Status = Fail
	// Annotations point at the input line of the first record that differs.
	if ws, ok := want.([]any); ok {
		for i, line := range lines {
			if i >= len(ws) || canonicalJSON(ws[i]) != canonicalJSON(elems[i]) {
				res.Line = int(max(line, 1))
				break
			}
		}
	}
	res.Message = fmt.Sprintf("the normalised records differ from %s (run `matano test --update` to accept them)", expFile)
	res.Diff = unifiedDiff(expFile, "got", w, got)
	return res, nil
}

// SidelinedKey holds, in an expected output, a record that the pipeline
// would not write: {"_sidelined": {"kind", "message", "line"}}.
const SidelinedKey = "_sidelined"

// AbortedKey holds, in an expected output, a record the transform
// dropped on purpose with abort (a header line, an event type the table
// does not keep): {"_aborted": {"line"}}. The pipeline counts it and
// writes it nowhere, as Matano does.
const AbortedKey = "_aborted"

// TableKey names a record's table in an expected output when the log
// source has several tables.
const TableKey = "_table"

// LogSourceOutput runs an input (named name, which picks its decoding as
// the object key does in the pipeline) through log source source at
// Clock and renders the expected-file form of the result: a
// pretty-printed JSON array, keys sorted, one element per record.
func LogSourceOutput(ctx context.Context, p *load.Project, source, name string, body io.Reader) (string, error) {
	elems, _, err := logSourceOutput(ctx, p, source, name, body)
	if err != nil {
		return "", err
	}
	return canonicalJSON(elems), nil
}

// logSourceOutput returns the elements of the expected-file form and the
// input line of each.
func logSourceOutput(ctx context.Context, p *load.Project, source, name string, body io.Reader) ([]any, []int64, error) {
	recs, err := ingest.Preview(ctx, ingest.PreviewConfig{Project: p, Source: source, Now: func() time.Time { return Clock }}, name, body)
	if err != nil {
		return nil, nil, err
	}
	multi := false
	for _, ls := range p.LogSources {
		if ls.Name == source {
			multi = len(ls.Tables) > 1
		}
	}
	out := make([]any, 0, len(recs))
	lines := make([]int64, 0, len(recs))
	for _, r := range recs {
		lines = append(lines, r.Line)
		if r.Kind == lake.KindVRLAbort {
			out = append(out, map[string]any{AbortedKey: map[string]any{"line": r.Line}})
			continue
		}
		if r.Kind != "" {
			out = append(out, map[string]any{SidelinedKey: map[string]any{"kind": string(r.Kind), "message": r.Message, "line": r.Line}})
			continue
		}
		v, err := normaliseJSON(value.AppendJSON(nil, r.Event))
		if err != nil {
			return nil, nil, fmt.Errorf("record on line %d: %w", r.Line, err)
		}
		if m, ok := v.(map[string]any); ok && multi {
			m[TableKey] = r.Table
		}
		out = append(out, v)
	}
	return out, lines, nil
}
