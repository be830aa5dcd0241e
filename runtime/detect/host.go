package detect

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"
)

// Host is a running pool of detection workers. Its methods are safe for
// concurrent use; Runs from several goroutines share the pool.
type Host struct {
	cfg       Config
	tables    map[string]bool // tables with at least one enabled detection
	env       []string
	initFrame []byte
	loadFails []Failure
	python    string

	jobs  chan *job
	quit  chan struct{}
	once  sync.Once
	wg    sync.WaitGroup
	slots []*slot

	records, batches, matches, exceptions, timeouts, lost, restarts, retries atomic.Int64
}

// slot is one place in the pool: the goroutine serving it owns proc.
type slot struct {
	mu sync.Mutex // guards p for workerPIDs; the serving goroutine is the only writer
	p  *proc
}

type job struct {
	ctx       context.Context
	tableJSON []byte
	records   [][]byte
	base      int // position of records[0] in the Run call
	done      chan<- jobResult
}

type jobResult struct {
	matches  []Match
	failures []Failure
	err      error
}

// Start extracts the embedded Python package, starts cfg.Workers worker
// processes and has each import every enabled detection. ctx bounds only
// the start-up; the workers live until Close.
//
// A detection whose detect.py fails to import does not fail Start: it is
// reported by LoadFailures and never runs. Start fails when workers cannot
// be started at all (no interpreter, an unusable cache directory) or the
// configuration is inconsistent (duplicate names, no directory).
func Start(ctx context.Context, cfg Config) (*Host, error) {
	cfg = cfg.withDefaults()
	h := &Host{cfg: cfg, tables: map[string]bool{}, quit: make(chan struct{}), jobs: make(chan *job)}
	seen := map[string]bool{}
	for i, d := range cfg.Detections {
		if d.Name == "" {
			return nil, fmt.Errorf("detect: detection %d has no name", i)
		}
		if seen[d.Name] {
			return nil, fmt.Errorf("detect: detection %q is listed twice", d.Name)
		}
		seen[d.Name] = true
		if !d.Enabled {
			continue
		}
		if d.Dir == "" {
			return nil, fmt.Errorf("detect: detection %q has no directory", d.Name)
		}
		abs, err := filepath.Abs(d.Dir)
		if err != nil {
			return nil, fmt.Errorf("detect: detection %q: %w", d.Name, err)
		}
		cfg.Detections[i].Dir = abs
		for _, t := range d.Tables {
			h.tables[t] = true
		}
	}
	h.cfg = cfg
	if len(h.tables) == 0 {
		// Nothing can ever run: no workers needed.
		close(h.quit)
		return h, nil
	}
	src := packageFS()
	if err := checkPackage(src); err != nil {
		return nil, err
	}
	pkgDir, err := extractPackage(src, cfg.CacheDir)
	if err != nil {
		return nil, err
	}
	h.env = workerEnv(os.Environ(), pkgDir, cfg.Env)
	if h.initFrame, err = json.Marshal(newInit(cfg)); err != nil {
		return nil, fmt.Errorf("detect: %w", err)
	}

	h.slots = make([]*slot, cfg.Workers)
	errs := make([]error, cfg.Workers)
	readies := make([]*readyMsg, cfg.Workers)
	var wg sync.WaitGroup
	for i := range h.slots {
		h.slots[i] = &slot{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			h.slots[i].p, readies[i], errs[i] = startProc(ctx, h)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		for _, s := range h.slots {
			if s.p != nil {
				s.p.close()
			}
		}
		return nil, err
	}
	// Every worker imported the same files; report the first one's view.
	h.python = readies[0].Python
	for _, raw := range readies[0].Failures {
		f, err := decodeFailure(raw)
		if err != nil {
			continue
		}
		h.loadFails = append(h.loadFails, h.failure(f, 0))
	}
	for _, s := range h.slots {
		h.wg.Add(1)
		go h.serve(s)
	}
	return h, nil
}

// workerEnv is the host's environment with the extracted package first on
// PYTHONPATH and the configured extras last (so they win).
func workerEnv(base []string, pkgDir string, extra []string) []string {
	env := make([]string, 0, len(base)+len(extra)+1)
	pythonPath := pkgDir
	for _, kv := range base {
		if v, ok := strings.CutPrefix(kv, "PYTHONPATH="); ok {
			if v != "" {
				pythonPath += string(os.PathListSeparator) + v
			}
			continue
		}
		env = append(env, kv)
	}
	env = append(env, "PYTHONPATH="+pythonPath)
	return append(env, extra...)
}

// LoadFailures lists the enabled detections that failed to import (Kind
// KindImport, Index -1). They never run.
func (h *Host) LoadFailures() []Failure { return h.loadFails }

// PythonVersion is the workers' interpreter version ("" without workers).
func (h *Host) PythonVersion() string { return h.python }

// Stats returns the host's counters.
func (h *Host) Stats() Stats {
	return Stats{
		Records: h.records.Load(), Batches: h.batches.Load(), Matches: h.matches.Load(),
		Exceptions: h.exceptions.Load(), Timeouts: h.timeouts.Load(), Lost: h.lost.Load(),
		Restarts: h.restarts.Load(), Retries: h.retries.Load(),
	}
}

// Close stops the workers, letting each finish the batch it is on. Runs
// still waiting for a worker return an error.
func (h *Host) Close() error {
	h.once.Do(func() {
		select {
		case <-h.quit:
		default:
			close(h.quit)
		}
	})
	h.wg.Wait()
	return nil
}

// Tables lists the tables that have at least one enabled detection; Run
// on any other table returns at once.
func (h *Host) Tables() []string {
	out := make([]string, 0, len(h.tables))
	for t := range h.tables {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

// Run evaluates the enabled detections that list table on every record
// (each a JSON object, e.g. one normalised row) and returns the matches and
// the per-record failures, both ordered by record position and then by
// detection order in Config.Detections. Failures never make Run fail; the
// error is for the run as a whole: ctx done, the host closed, or workers
// that cannot be started. Records are not copied: Match.Record aliases
// them.
func (h *Host) Run(ctx context.Context, table string, records [][]byte) ([]Match, []Failure, error) {
	if !h.tables[table] || len(records) == 0 {
		return nil, nil, nil
	}
	select {
	case <-h.quit:
		return nil, nil, errClosed
	default:
	}
	tableJSON, err := json.Marshal(table)
	if err != nil {
		return nil, nil, fmt.Errorf("detect: %w", err)
	}
	size := h.batchSize(len(records))
	n := (len(records) + size - 1) / size
	results := make(chan jobResult, n) // buffered: a worker never waits on an abandoned Run
	sent := 0
	for start := 0; start < len(records); start += size {
		end := min(start+size, len(records))
		j := &job{ctx: ctx, tableJSON: tableJSON, records: records[start:end], base: start, done: results}
		select {
		case h.jobs <- j:
			sent++
		case <-ctx.Done():
			return nil, nil, ctx.Err()
		case <-h.quit:
			return nil, nil, errClosed
		}
	}
	var matches []Match
	var failures []Failure
	for range sent {
		select {
		case r := <-results:
			if r.err != nil {
				return nil, nil, r.err
			}
			matches = append(matches, r.matches...)
			failures = append(failures, r.failures...)
		case <-ctx.Done():
			return nil, nil, ctx.Err()
		case <-h.quit:
			return nil, nil, errClosed
		}
	}
	order := h.detectionOrder()
	sort.SliceStable(matches, func(a, b int) bool {
		if matches[a].Index != matches[b].Index {
			return matches[a].Index < matches[b].Index
		}
		return order[matches[a].Detection] < order[matches[b].Detection]
	})
	sort.SliceStable(failures, func(a, b int) bool {
		if failures[a].Index != failures[b].Index {
			return failures[a].Index < failures[b].Index
		}
		return order[failures[a].Detection] < order[failures[b].Detection]
	})
	return matches, failures, nil
}

// batchSize spreads a Run over every worker, within [minBatch, BatchSize]:
// a batch costs one round trip (~0.1 ms), so tiny batches waste more than
// an idle worker would.
func (h *Host) batchSize(n int) int {
	const minBatch = 32
	size := (n + h.cfg.Workers - 1) / h.cfg.Workers
	size = min(size, h.cfg.BatchSize)
	return max(size, min(minBatch, h.cfg.BatchSize))
}

func (h *Host) detectionOrder() map[string]int {
	m := make(map[string]int, len(h.cfg.Detections))
	for i, d := range h.cfg.Detections {
		m[d.Name] = i
	}
	return m
}

// serve runs batches on one slot's worker until Close.
func (h *Host) serve(s *slot) {
	defer h.wg.Done()
	defer func() {
		s.mu.Lock()
		if s.p != nil {
			s.p.close()
			s.p = nil
		}
		s.mu.Unlock()
	}()
	for {
		select {
		case <-h.quit:
			return
		case j := <-h.jobs:
			j.done <- h.process(s, j)
		}
	}
}

// process runs one job with the retry policy in the package comment.
func (h *Host) process(s *slot, j *job) jobResult {
	if err := j.ctx.Err(); err != nil {
		return jobResult{err: err}
	}
	m, f, err := h.attempt(s, j, j.records, 0)
	if err == nil || !isWorkerDeath(err) || j.ctx.Err() != nil {
		return h.finish(j, m, f, err)
	}
	h.retries.Add(1)
	m, f, err = h.attempt(s, j, j.records, 0)
	if err == nil || !isWorkerDeath(err) || j.ctx.Err() != nil || len(j.records) == 1 {
		if err != nil && isWorkerDeath(err) && j.ctx.Err() == nil {
			// A single record killed the worker twice: it is lost.
			h.lost.Add(1)
			return h.finish(j, nil, []Failure{{Index: j.base, Kind: KindWorker, Message: err.Error()}}, nil)
		}
		return h.finish(j, m, f, err)
	}
	// The batch killed two workers: find the records that do, one by one.
	var matches []Match
	var failures []Failure
	for k := range j.records {
		m, f, err := h.attempt(s, j, j.records[k:k+1], k)
		if err != nil {
			if !isWorkerDeath(err) || j.ctx.Err() != nil {
				return h.finish(j, nil, nil, err)
			}
			h.lost.Add(1)
			failures = append(failures, Failure{Index: k, Kind: KindWorker, Message: err.Error()})
			continue
		}
		matches = append(matches, m...)
		failures = append(failures, f...)
	}
	return h.finish(j, matches, failures, nil)
}

// finish turns batch positions into Run positions and counts the batch.
func (h *Host) finish(j *job, matches []Match, failures []Failure, err error) jobResult {
	if err != nil {
		if ctxErr := j.ctx.Err(); ctxErr != nil {
			err = ctxErr
		}
		return jobResult{err: err}
	}
	for i := range matches {
		matches[i].Index += j.base
	}
	for i := range failures {
		failures[i].Index += j.base
	}
	h.batches.Add(1)
	return jobResult{matches: matches, failures: failures}
}

func isWorkerDeath(err error) bool {
	var w *errWorker
	return errors.As(err, &w)
}

// attempt runs records (positions offset.. in the job) on the slot's
// worker, starting one if the slot is empty. Returned positions are
// relative to the job. A worker that dies is discarded.
func (h *Host) attempt(s *slot, j *job, records [][]byte, offset int) ([]Match, []Failure, error) {
	p, err := h.ensure(s, j.ctx)
	if err != nil {
		return nil, nil, err
	}
	h.records.Add(int64(len(records)))
	stop := context.AfterFunc(j.ctx, p.kill)
	reply, err := p.run(j.tableJSON, records)
	if err == nil && reply.Bad != "" {
		var m []Match
		var f []Failure
		m, f, err = h.runValid(p, j.tableJSON, records, offset)
		stop()
		if err != nil {
			h.discard(s)
		}
		return m, f, err
	}
	stop()
	if err != nil {
		h.discard(s)
		return nil, nil, err
	}
	m, f, err := h.decodeReply(reply, records, offset)
	if err != nil {
		h.discard(s)
		return nil, nil, &errWorker{msg: err.Error()}
	}
	return m, f, nil
}

// runValid is the slow path after a worker could not decode a batch:
// check each record here, fail the ones that are not JSON objects, and
// send the rest again.
func (h *Host) runValid(p *proc, tableJSON []byte, records [][]byte, offset int) ([]Match, []Failure, error) {
	var good [][]byte
	var pos []int
	var failures []Failure
	for i, r := range records {
		t := bytes.TrimSpace(r)
		// utf8.Valid too: Go's json.Valid accepts invalid UTF-8 in
		// strings, Python's decoder does not.
		if len(t) == 0 || t[0] != '{' || !json.Valid(t) || !utf8.Valid(t) {
			failures = append(failures, Failure{Index: offset + i, Kind: KindRecord, Message: "record is not a JSON object"})
			continue
		}
		good = append(good, r)
		pos = append(pos, offset+i)
	}
	if len(good) == 0 {
		return nil, failures, nil
	}
	reply, err := p.run(tableJSON, good)
	if err != nil {
		return nil, nil, err
	}
	if reply.Bad != "" {
		return nil, nil, &errWorker{msg: "worker rejected validated records: " + reply.Bad}
	}
	m, f, err := h.decodeReply(reply, good, 0)
	if err != nil {
		return nil, nil, &errWorker{msg: err.Error()}
	}
	for i := range m {
		m[i].Index = pos[m[i].Index]
	}
	for i := range f {
		f[i].Index = pos[f[i].Index]
	}
	return m, append(failures, f...), nil
}

func (h *Host) ensure(s *slot, ctx context.Context) (*proc, error) {
	if s.p != nil {
		return s.p, nil
	}
	p, _, err := startProc(ctx, h)
	if err != nil {
		return nil, &errSpawn{err: err}
	}
	h.restarts.Add(1)
	s.mu.Lock()
	s.p = p
	s.mu.Unlock()
	return p, nil
}

func (h *Host) discard(s *slot) {
	s.mu.Lock()
	p := s.p
	s.p = nil
	s.mu.Unlock()
	if p != nil {
		p.kill()
		<-p.done
	}
}

// decodeReply converts a worker's reply; positions are offset by offset.
func (h *Host) decodeReply(r *replyMsg, records [][]byte, offset int) ([]Match, []Failure, error) {
	var matches []Match
	if len(r.M) > 0 {
		matches = make([]Match, 0, len(r.M))
	}
	for _, a := range r.M {
		var ri, di int
		if len(a) != 3 || json.Unmarshal(a[0], &ri) != nil || json.Unmarshal(a[1], &di) != nil ||
			ri < 0 || ri >= len(records) || di < 0 || di >= len(h.cfg.Detections) {
			return nil, nil, fmt.Errorf("worker sent a malformed match %s", a)
		}
		m := Match{Detection: h.cfg.Detections[di].Name, Index: offset + ri, Record: records[ri]}
		if len(a[2]) > 0 && string(a[2]) != "null" {
			var mf matchFields
			if err := json.Unmarshal(a[2], &mf); err != nil {
				return nil, nil, fmt.Errorf("worker sent malformed match fields: %v", err)
			}
			m.Title, m.Dedupe, m.Severity = mf.Title, mf.Dedupe, mf.Severity
			m.Description, m.Runbook, m.Reference = mf.Description, mf.Runbook, mf.Reference
			m.Destinations = mf.Destinations
			if len(mf.AlertContext) > 0 && string(mf.AlertContext) != "null" {
				m.AlertContext = mf.AlertContext
			}
		}
		matches = append(matches, m)
	}
	var failures []Failure
	for _, a := range r.F {
		f, err := decodeFailure(a)
		if err != nil || f.rec < 0 || f.rec >= len(records) || f.det >= len(h.cfg.Detections) {
			return nil, nil, fmt.Errorf("worker sent a malformed failure %s", a)
		}
		failures = append(failures, h.failure(f, offset))
	}
	h.matches.Add(int64(len(matches)))
	return matches, failures, nil
}

// failure names a worker's failure and counts it.
func (h *Host) failure(f rawFailure, offset int) Failure {
	out := Failure{Index: offset + f.rec, Function: f.fn, Kind: FailureKind(f.kind), Message: f.msg, Traceback: f.trb}
	if f.det >= 0 {
		out.Detection = h.cfg.Detections[f.det].Name
	}
	switch out.Kind {
	case KindTimeout:
		h.timeouts.Add(1)
	case KindException, KindResult:
		h.exceptions.Add(1)
	case KindImport:
		out.Index = -1
	}
	return out
}

// workerPIDs lists the live workers' process ids (tests kill them).
func (h *Host) workerPIDs() []int {
	var pids []int
	for _, s := range h.slots {
		s.mu.Lock()
		if s.p != nil {
			pids = append(pids, s.p.pid)
		}
		s.mu.Unlock()
	}
	return pids
}
