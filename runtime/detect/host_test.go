package detect

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

func needPython(t testing.TB) {
	t.Helper()
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 not found; the detection host needs it")
	}
}

// writeDetections lays out detections/<name>/detect.py under a temp dir
// from name → source and returns the directory of each.
func writeDetections(t testing.TB, srcs map[string]string) map[string]string {
	t.Helper()
	root := t.TempDir()
	dirs := map[string]string{}
	for name, src := range srcs {
		dir := filepath.Join(root, name)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "detect.py"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		dirs[name] = dir
	}
	return dirs
}

type det struct {
	name, src string
	tables    []string
	disabled  bool
}

func startHost(t testing.TB, cfg Config, dets ...det) *Host {
	t.Helper()
	needPython(t)
	srcs := map[string]string{}
	for _, d := range dets {
		srcs[d.name] = d.src
	}
	dirs := writeDetections(t, srcs)
	for _, d := range dets {
		cfg.Detections = append(cfg.Detections, Detection{Name: d.name, Dir: dirs[d.name], Tables: d.tables, Enabled: !d.disabled})
	}
	if cfg.CacheDir == "" {
		cfg.CacheDir = t.TempDir()
	}
	if cfg.Stderr == nil {
		cfg.Stderr = io.Discard
	}
	if cfg.Workers == 0 {
		cfg.Workers = 1
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	h, err := Start(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	return h
}

func records(objs ...string) [][]byte {
	out := make([][]byte, len(objs))
	for i, o := range objs {
		out[i] = []byte(o)
	}
	return out
}

func run(t testing.TB, h *Host, table string, recs [][]byte) ([]Match, []Failure) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	m, f, err := h.Run(ctx, table, recs)
	if err != nil {
		t.Fatal(err)
	}
	return m, f
}

// summary renders matches as "detection@index" for compact comparisons.
func summary(ms []Match) string {
	var parts []string
	for _, m := range ms {
		parts = append(parts, fmt.Sprintf("%s@%d", m.Detection, m.Index))
	}
	return strings.Join(parts, " ")
}

func failSummary(fs []Failure) string {
	var parts []string
	for _, f := range fs {
		parts = append(parts, fmt.Sprintf("%s.%s@%d:%s", f.Detection, f.Function, f.Index, f.Kind))
	}
	return strings.Join(parts, " ")
}

const loginSrc = `
import sys
from detection import remotecache

def detect(record):
    print("stdout noise must not break the protocol")
    sys.stdout.flush()
    return record.deepget("event.action") == "ConsoleLogin" and record.deepget("event.outcome") == "failure"

def title(record):
    return "Failed console login for " + record.deepget("user.name", "unknown")

def dedupe(record):
    return record.deepget("user.name")

def severity(record):
    return "medium"

def runbook(record):
    return None

def destinations(record):
    return {"slack", "email"}

def alert_context(record):
    return {"ip": record.deepget("source.ip"), "tags": ("a", "b")}
`

func TestMatches(t *testing.T) {
	h := startHost(t, Config{}, det{name: "failed_login", src: loginSrc, tables: []string{"aws_cloudtrail"}})
	recs := records(
		`{"event":{"action":"ConsoleLogin","outcome":"success"},"user":{"name":"ann"}}`,
		`{"event":{"action":"ConsoleLogin","outcome":"failure"},"user":{"name":"bob"},"source":{"ip":"10.0.0.1"}}`,
		"{\n  \"event\": {\"action\": \"ConsoleLogin\", \"outcome\": \"failure\"}\n}",
	)
	ms, fs := run(t, h, "aws_cloudtrail", recs)
	if len(fs) != 0 {
		t.Fatalf("failures: %v", fs)
	}
	if got, want := summary(ms), "failed_login@1 failed_login@2"; got != want {
		t.Fatalf("matches = %q, want %q", got, want)
	}
	m := ms[0]
	if m.Title != "Failed console login for bob" || m.Dedupe != "bob" || m.Severity != "medium" || m.Runbook != "" {
		t.Errorf("fields = %+v", m)
	}
	if strings.Join(m.Destinations, ",") != "email,slack" {
		t.Errorf("destinations = %v", m.Destinations)
	}
	if string(m.AlertContext) != `{"ip":"10.0.0.1","tags":["a","b"]}` {
		t.Errorf("alert_context = %s", m.AlertContext)
	}
	if string(m.Record) != string(recs[1]) {
		t.Errorf("record = %s", m.Record)
	}
	// Pretty-printed input (newlines inside the record) reaches Python intact.
	if ms[1].Title != "Failed console login for unknown" || ms[1].AlertContext == nil {
		t.Errorf("second match = %+v", ms[1])
	}
	st := h.Stats()
	if st.Records != 3 || st.Matches != 2 || st.Batches != 1 {
		t.Errorf("stats = %+v", st)
	}
}

func TestTableFiltering(t *testing.T) {
	always := "def detect(r):\n    return True\n"
	h := startHost(t, Config{},
		det{name: "a", src: always, tables: []string{"t1"}},
		det{name: "b", src: always, tables: []string{"t2"}},
		det{name: "c", src: always, tables: []string{"t1", "t2"}},
	)
	recs := records(`{"x":1}`, `{"x":2}`)
	tests := []struct {
		table, want string
	}{
		{"t1", "a@0 c@0 a@1 c@1"},
		{"t2", "b@0 c@0 b@1 c@1"},
		{"t3", ""},
	}
	for _, tt := range tests {
		ms, fs := run(t, h, tt.table, recs)
		if got := summary(ms); got != tt.want || len(fs) != 0 {
			t.Errorf("table %s: matches %q failures %v, want %q", tt.table, got, fs, tt.want)
		}
	}
	if got := strings.Join(h.Tables(), ","); got != "t1,t2" {
		t.Errorf("Tables() = %s", got)
	}
}

func TestExceptionIsolation(t *testing.T) {
	h := startHost(t, Config{},
		det{name: "boom", src: "def helper(r):\n    return 1 / r['n']\n\ndef detect(r):\n    return helper(r) > 0\n", tables: []string{"t"}},
		det{name: "ok", src: "def detect(r):\n    return True\n\ndef title(r):\n    raise ValueError('no title')\n\ndef severity(r):\n    return ['high']\n", tables: []string{"t"}},
	)
	ms, fs := run(t, h, "t", records(`{"n":0}`, `{"n":1}`, `{"n":0}`))
	if got, want := summary(ms), "boom@1 ok@0 ok@1 ok@2"; got != want {
		// boom@1 matches (1/1 > 0); ok matches every record despite title raising.
		if got != "ok@0 boom@1 ok@1 ok@2" {
			t.Errorf("matches = %q, want %q", got, want)
		}
	}
	want := "boom.detect@0:exception ok.title@0:exception ok.severity@0:result " +
		"ok.title@1:exception ok.severity@1:result " +
		"boom.detect@2:exception ok.title@2:exception ok.severity@2:result"
	if got := failSummary(fs); got != want {
		t.Errorf("failures = %q\nwant       %q", got, want)
	}
	f := fs[0]
	if f.Message != "ZeroDivisionError: division by zero" {
		t.Errorf("message = %q", f.Message)
	}
	for _, s := range []string{"Traceback", "detect.py", "in helper", "ZeroDivisionError"} {
		if !strings.Contains(f.Traceback, s) {
			t.Errorf("traceback lacks %q:\n%s", s, f.Traceback)
		}
	}
	if strings.Contains(f.Traceback, "runner.py") {
		t.Errorf("traceback shows the runner's frame:\n%s", f.Traceback)
	}
	if st := h.Stats(); st.Exceptions != 8 || st.Restarts != 0 {
		t.Errorf("stats = %+v", st)
	}
}

func TestTracebackTruncated(t *testing.T) {
	src := "def deep(n):\n    if n == 0:\n        raise RuntimeError('x' * 5000)\n    return deep(n - 1)\n\ndef detect(r):\n    return deep(50)\n"
	h := startHost(t, Config{TracebackLimit: 300}, det{name: "deep", src: src, tables: []string{"t"}})
	_, fs := run(t, h, "t", records(`{}`))
	if len(fs) != 1 {
		t.Fatalf("failures = %v", fs)
	}
	tb := fs[0].Traceback
	if !strings.HasPrefix(tb, "...(truncated)\n") || len(tb) > 300+len("...(truncated)\n") || !strings.Contains(tb, "RuntimeError") {
		t.Errorf("traceback (%d chars) = %.200q", len(tb), tb)
	}
}

func TestTimeoutIsolation(t *testing.T) {
	slow := "import time\n\ndef detect(r):\n    if r.get('slow'):\n        time.sleep(30)\n    return True\n"
	spin := "def detect(r):\n    while r.get('spin'):\n        pass\n    return True\n"
	h := startHost(t, Config{Timeout: 200 * time.Millisecond},
		det{name: "slow", src: slow, tables: []string{"t"}},
		det{name: "spin", src: spin, tables: []string{"t"}},
		det{name: "ok", src: "def detect(r):\n    return True\n", tables: []string{"t"}},
	)
	start := time.Now()
	ms, fs := run(t, h, "t", records(`{}`, `{"slow":true}`, `{"spin":true}`, `{}`))
	if el := time.Since(start); el > 5*time.Second {
		t.Errorf("run took %v; timeouts are 200ms", el)
	}
	if got, want := summary(ms), "slow@0 spin@0 ok@0 spin@1 ok@1 slow@2 ok@2 slow@3 spin@3 ok@3"; got != want {
		t.Errorf("matches = %q\nwant      %q", got, want)
	}
	if got, want := failSummary(fs), "slow.detect@1:timeout spin.detect@2:timeout"; got != want {
		t.Errorf("failures = %q, want %q", got, want)
	}
	if st := h.Stats(); st.Timeouts != 2 || st.Restarts != 0 {
		t.Errorf("stats = %+v", st)
	}
}

// A call that swallows the timeout is ended by the worker's watchdog; the
// host restarts the worker, retries, and finally isolates the record.
func TestStuckCallKillsOnlyItsRecord(t *testing.T) {
	src := "import time\n\ndef detect(r):\n    while r.get('stuck'):\n        try:\n            time.sleep(10)\n        except BaseException:\n            pass\n    return True\n"
	h := startHost(t, Config{Timeout: 100 * time.Millisecond, Grace: 200 * time.Millisecond},
		det{name: "stubborn", src: src, tables: []string{"t"}})
	ms, fs := run(t, h, "t", records(`{}`, `{"stuck":1}`, `{}`))
	if got := summary(ms); got != "stubborn@0 stubborn@2" {
		t.Errorf("matches = %q", got)
	}
	if len(fs) != 1 || fs[0].Kind != KindWorker || fs[0].Index != 1 || !strings.Contains(fs[0].Message, "without returning") {
		t.Errorf("failures = %+v", fs)
	}
	if st := h.Stats(); st.Lost != 1 || st.Retries != 1 {
		t.Errorf("stats = %+v", st)
	}
}

func TestKillWorkerMidBatch(t *testing.T) {
	marker := filepath.Join(t.TempDir(), "marker")
	src := fmt.Sprintf(`import os, time
MARKER = %q

def detect(r):
    if r.get("block") and not os.path.exists(MARKER + ".done"):
        open(MARKER, "w").close()
        time.sleep(2)
    return True
`, marker)
	h := startHost(t, Config{Timeout: 10 * time.Second}, det{name: "d", src: src, tables: []string{"t"}})
	pids := h.workerPIDs()
	if len(pids) != 1 {
		t.Fatalf("pids = %v", pids)
	}
	go func() {
		for i := 0; i < 500; i++ {
			if _, err := os.Stat(marker); err == nil {
				// Let the retry pass.
				os.WriteFile(marker+".done", nil, 0o644)
				syscall.Kill(pids[0], syscall.SIGKILL)
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
	}()
	var recs [][]byte
	for i := range 50 {
		if i == 25 {
			recs = append(recs, []byte(`{"block":true}`))
		} else {
			recs = append(recs, []byte(fmt.Sprintf(`{"i":%d}`, i)))
		}
	}
	ms, fs := run(t, h, "t", recs)
	if len(ms) != 50 || len(fs) != 0 {
		t.Fatalf("%d matches, failures %v", len(ms), fs)
	}
	for i, m := range ms {
		if m.Index != i {
			t.Fatalf("match %d has index %d", i, m.Index)
		}
	}
	st := h.Stats()
	if st.Restarts != 1 || st.Retries != 1 || st.Lost != 0 {
		t.Errorf("stats = %+v", st)
	}
	if now := h.workerPIDs(); len(now) != 1 || now[0] == pids[0] {
		t.Errorf("worker pids before %v, after %v", pids, now)
	}
}

func TestWorkerDiesTwice(t *testing.T) {
	crash := "import os\n\ndef detect(r):\n    if r.get('crash'):\n        os._exit(9)\n    return True\n"
	h := startHost(t, Config{},
		det{name: "crash", src: crash, tables: []string{"t"}},
		det{name: "ok", src: "def detect(r):\n    return True\n", tables: []string{"t"}},
	)
	ms, fs := run(t, h, "t", records(`{"a":0}`, `{"crash":1}`, `{"a":2}`))
	if got := summary(ms); got != "crash@0 ok@0 crash@2 ok@2" {
		t.Errorf("matches = %q", got)
	}
	if len(fs) != 1 || fs[0].Kind != KindWorker || fs[0].Index != 1 || !strings.Contains(fs[0].Message, "exit status 9") {
		t.Errorf("failures = %+v", fs)
	}
	// The whole batch, its retry, then record 1 alone killed a worker.
	if st := h.Stats(); st.Lost != 1 || st.Retries != 1 || st.Restarts != 3 {
		t.Errorf("stats = %+v", st)
	}
	// The pool still works afterwards.
	if ms, _ := run(t, h, "t", records(`{}`)); len(ms) != 2 {
		t.Errorf("after: %v", ms)
	}
}

func TestDisabledNeverRuns(t *testing.T) {
	h := startHost(t, Config{},
		det{name: "off", src: "raise SystemExit('imported a disabled detection')\n", tables: []string{"t"}, disabled: true},
		det{name: "off2", src: "def detect(r):\n    return True\n", tables: []string{"t2"}, disabled: true},
		det{name: "on", src: "def detect(r):\n    return True\n", tables: []string{"t"}},
	)
	if lf := h.LoadFailures(); len(lf) != 0 {
		t.Errorf("load failures: %v", lf)
	}
	ms, fs := run(t, h, "t", records(`{}`))
	if got := summary(ms); got != "on@0" || len(fs) != 0 {
		t.Errorf("matches %q failures %v", got, fs)
	}
	// t2 only has a disabled detection: nothing is sent anywhere.
	if ms, _ := run(t, h, "t2", records(`{}`)); len(ms) != 0 {
		t.Errorf("t2 matches %v", ms)
	}
	if st := h.Stats(); st.Records != 1 {
		t.Errorf("stats = %+v", st)
	}
}

func TestAllDisabledStartsNoWorkers(t *testing.T) {
	h := startHost(t, Config{Python: "/nonexistent/python"}, det{name: "off", src: "", tables: []string{"t"}, disabled: true})
	if ms, fs, err := h.Run(context.Background(), "t", records(`{}`)); ms != nil || fs != nil || err != nil {
		t.Errorf("Run = %v %v %v", ms, fs, err)
	}
}

func TestImportFailure(t *testing.T) {
	h := startHost(t, Config{},
		det{name: "broken", src: "def detect(r)\n    return True\n", tables: []string{"t"}},
		det{name: "nodetect", src: "X = 1\n", tables: []string{"t"}},
		det{name: "fine", src: "def detect(r):\n    return True\n", tables: []string{"t"}},
	)
	lf := h.LoadFailures()
	if got := failSummary(lf); got != ".broken@-1:import .nodetect@-1:import" && got != "broken.@-1:import nodetect.@-1:import" {
		t.Errorf("load failures = %q", got)
	}
	if len(lf) == 2 && !strings.Contains(lf[0].Message, "SyntaxError") {
		t.Errorf("message = %q", lf[0].Message)
	}
	if ms, _ := run(t, h, "t", records(`{}`)); summary(ms) != "fine@0" {
		t.Errorf("matches = %q", summary(ms))
	}
}

func TestBadRecords(t *testing.T) {
	h := startHost(t, Config{}, det{name: "all", src: "def detect(r):\n    return True\n", tables: []string{"t"}})
	recs := records(`{"a":1}`, `not json`, `[1,2]`, `{"a":1},{"b":2}`, `  {"ok":true}  `, `3`, "{\"s\":\"\xff\"}")
	ms, fs := run(t, h, "t", recs)
	if got := summary(ms); got != "all@0 all@4" {
		t.Errorf("matches = %q", got)
	}
	if got := failSummary(fs); got != ".@1:record .@2:record .@3:record .@5:record .@6:record" {
		t.Errorf("failures = %q", got)
	}
	if st := h.Stats(); st.Restarts != 0 || st.Lost != 0 {
		t.Errorf("bad records cost a worker: %+v", st)
	}
}

func TestTwoWorkers(t *testing.T) {
	src := "import os\n\ndef detect(r):\n    return r['i'] % 3 == 0\n\ndef alert_context(r):\n    return {'pid': os.getpid()}\n"
	h := startHost(t, Config{Workers: 2, BatchSize: 50}, det{name: "third", src: src, tables: []string{"t"}})
	var recs [][]byte
	for i := range 1000 {
		recs = append(recs, []byte(fmt.Sprintf(`{"i":%d}`, i)))
	}
	// Two Runs at once share the pool.
	var wg sync.WaitGroup
	results := make([][]Match, 2)
	for k := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[k], _ = run(t, h, "t", recs)
		}()
	}
	wg.Wait()
	pids := map[string]bool{}
	for _, ms := range results {
		if len(ms) != 334 {
			t.Fatalf("%d matches, want 334", len(ms))
		}
		for i, m := range ms {
			if m.Index != 3*i {
				t.Fatalf("match %d at index %d", i, m.Index)
			}
			var ctx struct{ PID int }
			json.Unmarshal(m.AlertContext, &ctx)
			pids[fmt.Sprint(ctx.PID)] = true
		}
	}
	if len(pids) != 2 {
		t.Errorf("matches came from workers %v, want 2", pids)
	}
}

func TestCancel(t *testing.T) {
	h := startHost(t, Config{Timeout: 30 * time.Second}, det{name: "sleepy", src: "import time\n\ndef detect(r):\n    time.sleep(20)\n    return True\n", tables: []string{"t"}})
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, _, err := h.Run(ctx, "t", records(`{}`))
	if err != context.DeadlineExceeded || time.Since(start) > 5*time.Second {
		t.Fatalf("err = %v after %v", err, time.Since(start))
	}
	// The killed worker is replaced for the next Run.
	h2ctx, cancel2 := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel2()
	if _, _, err := h.Run(h2ctx, "t", records(`{}`)); err != context.DeadlineExceeded {
		t.Errorf("second run err = %v", err)
	}
}

func TestStartErrors(t *testing.T) {
	needPython(t)
	tests := []struct {
		name string
		cfg  Config
		want string
	}{
		{"no interpreter", Config{Python: "/nonexistent/python3", Detections: []Detection{{Name: "a", Dir: ".", Tables: []string{"t"}, Enabled: true}}}, "starting /nonexistent/python3"},
		{"duplicate", Config{Detections: []Detection{{Name: "a", Dir: "."}, {Name: "a", Dir: "."}}}, `"a" is listed twice`},
		{"no dir", Config{Detections: []Detection{{Name: "a", Enabled: true}}}, "has no directory"},
	}
	for _, tt := range tests {
		tt.cfg.CacheDir = t.TempDir()
		_, err := Start(context.Background(), tt.cfg)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want %q", tt.name, err, tt.want)
		}
	}
}

func TestClose(t *testing.T) {
	h := startHost(t, Config{Workers: 2}, det{name: "a", src: "def detect(r):\n    return True\n", tables: []string{"t"}})
	pids := h.workerPIDs()
	h.Close()
	for _, pid := range pids {
		if err := syscall.Kill(pid, 0); err == nil {
			t.Errorf("worker %d still alive after Close", pid)
		}
	}
	if _, _, err := h.Run(context.Background(), "t", records(`{}`)); err != errClosed {
		t.Errorf("Run after Close: %v", err)
	}
}

func TestMemoryLimit(t *testing.T) {
	hog := "def detect(r):\n    return len(bytearray(r['n'])) > 0\n"
	h := startHost(t, Config{MemoryLimit: 1 << 30},
		det{name: "hog", src: hog, tables: []string{"t"}},
		det{name: "ok", src: "def detect(r):\n    return True\n", tables: []string{"t"}},
	)
	ms, fs := run(t, h, "t", records(`{"n":1}`, `{"n":8000000000}`, `{"n":2}`))
	if got := summary(ms); got != "hog@0 ok@0 ok@1 hog@2 ok@2" {
		t.Errorf("matches = %q", got)
	}
	if len(fs) != 1 || fs[0].Message != "MemoryError" || fs[0].Kind != KindException || fs[0].Index != 1 {
		t.Errorf("failures = %+v", fs)
	}
	if st := h.Stats(); st.Restarts != 0 {
		t.Errorf("stats = %+v", st)
	}
}
