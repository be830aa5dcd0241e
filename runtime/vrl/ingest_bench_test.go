package vrl

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"strconv"
	"syscall"
	"testing"
	"time"

	"go.yaml.in/yaml/v4"

	"github.com/matano-go/matano/compiler/typecheck"
	"github.com/matano-go/matano/compiler/vrl/check"
	"github.com/matano-go/matano/runtime/vrl/value"
	"github.com/matano-go/matano/schemas/ecs"
)

var update = flag.Bool("update", false, "rewrite the golden files of this package's tests")

// The ingest benchmark's programs and input, as runtime/ingest runs them
// on bench/ingest/run.sh's workload:
//
//   - benchLogSource's transform (read from the YAML file itself, so the
//     benchmark follows the workload when it changes);
//   - benchFinish, the VRL equivalent of runtime/ingest's finish step
//     (finish.go runs the same stdlib compact from Go since the
//     interpreter's call made it copy the root; this program keeps
//     measuring that path, which user transforms calling compact take);
//   - testdata/cloudtrail_bench.jsonl, 64 lines written by
//     `go run ./bench/ingest -lines 64`, each decoded into {"json": line}
//     with the same key strings for all lines (internKeys, as
//     runtime/decode's learned shapes give them) and marked shared, as
//     runtime/ingest/object.go does (it keeps the input for the
//     sideline, so the interpreter must copy what it changes).
const benchLogSource = "../../bench/ingest/dir/log_sources/cloudtrail_bench/log_source.yml"

var benchFinish = "del(.json)\n. = compact(.)\n.ecs.version = " + strconv.Quote(ecs.Version) + "\n"

// ingestPrograms compiles the benchmark's transform and finish programs
// with the event kind ingest compiles them with.
func ingestPrograms(tb testing.TB) (transform, finish *Program) {
	tb.Helper()
	data, err := os.ReadFile(benchLogSource)
	if err != nil {
		tb.Skipf("benchmark log source not available: %v", err)
	}
	var ls struct {
		Transform string `yaml:"transform"`
	}
	if err := yaml.Unmarshal(data, &ls); err != nil {
		tb.Fatal(err)
	}
	// The event kind runtime/ingest compiles transforms with.
	cfg := check.Config{Event: typecheck.RecordEvent()}
	transform, diags := CompileSource("transform", []byte(ls.Transform), cfg)
	if transform == nil {
		tb.Fatalf("transform does not compile:\n%s", RenderDiagnostics(diags, false))
	}
	finish, diags = CompileSource("finish", []byte(benchFinish), cfg)
	if finish == nil {
		tb.Fatalf("finish does not compile:\n%s", RenderDiagnostics(diags, false))
	}
	return transform, finish
}

// ingestEvents decodes the fixture lines into shared {"json": line}
// events.
func ingestEvents(tb testing.TB) []value.Value {
	tb.Helper()
	data, err := os.ReadFile("testdata/cloudtrail_bench.jsonl")
	if err != nil {
		tb.Fatal(err)
	}
	var events []value.Value
	keys := map[string]string{}
	for line := range bytes.Lines(data) {
		j, err := value.FromJSON(line)
		if err != nil {
			tb.Fatal(err)
		}
		j = internKeys(j, keys)
		o := value.NewObject(1)
		o.Set("json", j)
		ev := value.ObjectValue(o)
		value.MarkShared(ev)
		events = append(events, ev)
	}
	return events
}

// internKeys rebuilds v's objects with their keys taken from keys (one
// string per distinct key, shared by every event), as runtime/decode
// hands out the keys of the shapes it has learned: the same strings for
// every record of a source, which the interpreter's key checks rely on
// (siteHint). value.FromJSON makes new key strings for each event.
func internKeys(v value.Value, keys map[string]string) value.Value {
	switch v.Type() {
	case value.TypeObject:
		o := v.Obj()
		out := value.NewObject(o.Len())
		for _, e := range o.Entries() {
			k, ok := keys[e.Key]
			if !ok {
				k = e.Key
				keys[k] = k
			}
			out.Set(k, internKeys(e.Value, keys))
		}
		return value.ObjectValue(out)
	case value.TypeArray:
		items := v.Arr().Items
		out := make([]value.Value, len(items))
		for i, it := range items {
			out[i] = internKeys(it, keys)
		}
		return value.ArrayValue(out)
	}
	return v
}

// ingestMetadata is the shared empty metadata runtime/ingest gives every
// run.
var ingestMetadata = func() value.Value {
	v := value.ObjectValue(value.NewObject(0))
	value.MarkShared(v)
	return v
}()

var ingestEnv = &Env{Now: func() time.Time { return time.Unix(1_800_000_000, 0) }}

// runIngest runs the transform and then the finish program on ev, as
// runtime/ingest's transformRecord does, and returns the final event.
func runIngest(transform, finish *Program, ev value.Value) (value.Value, error) {
	t := Target{Event: ev, Metadata: ingestMetadata}
	if _, err := transform.Run(&t, ingestEnv); err != nil {
		return value.Null, err
	}
	t = Target{Event: t.Event, Metadata: ingestMetadata}
	if _, err := finish.Run(&t, ingestEnv); err != nil {
		return value.Null, err
	}
	return t.Event, nil
}

// TestIngestPrograms pins the benchmark programs' output on the fixture
// lines (testdata/cloudtrail_bench.golden.jsonl; -update rewrites it) and
// checks that the shared input events are left untouched: the
// interpreter's copy-on-write and fast paths must give exactly these
// records.
func TestIngestPrograms(t *testing.T) {
	transform, finish := ingestPrograms(t)
	events := ingestEvents(t)
	before := make([]string, len(events))
	for i, ev := range events {
		before[i] = string(value.AppendJSON(nil, ev))
	}
	var got []byte
	for i, ev := range events {
		// Twice: the second run sees the field hints the first left and
		// must give the same record.
		var first []byte
		for run := range 2 {
			out, err := runIngest(transform, finish, ev)
			if err != nil {
				t.Fatalf("line %d: %v", i+1, err)
			}
			if after := string(value.AppendJSON(nil, ev)); after != before[i] {
				t.Fatalf("line %d: the shared input changed:\n%s\nwas\n%s", i+1, after, before[i])
			}
			line := value.AppendJSON(nil, out)
			if run == 1 && !bytes.Equal(line, first) {
				t.Fatalf("line %d: second run gave\n%s\nfirst\n%s", i+1, line, first)
			}
			first = line
		}
		got = append(append(got, first...), '\n')
	}
	golden := "testdata/cloudtrail_bench.golden.jsonl"
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := bytes.Split(got, []byte("\n")), bytes.Split(want, []byte("\n"))
		for i := range min(len(gl), len(wl)) {
			if !bytes.Equal(gl[i], wl[i]) {
				t.Fatalf("line %d:\ngot  %s\nwant %s", i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("got %d lines, want %d", len(gl), len(wl))
	}
}

// TestIngestProgramsConcurrently runs the benchmark programs from several
// goroutines at once on the same shared input events (run it with -race):
// each run has its own frame, with its own remembered containers and
// field indexes, and must give the golden records.
func TestIngestProgramsConcurrently(t *testing.T) {
	transform, finish := ingestPrograms(t)
	events := ingestEvents(t)
	want, err := os.ReadFile("testdata/cloudtrail_bench.golden.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	lines := bytes.Split(bytes.TrimSuffix(want, []byte("\n")), []byte("\n"))
	if len(lines) != len(events) {
		t.Fatalf("%d golden lines for %d events", len(lines), len(events))
	}
	done := make(chan error, 4)
	for g := range 4 {
		go func() {
			for round := range 3 {
				for k := range events {
					i := (k + g*7 + round) % len(events)
					out, err := runIngest(transform, finish, events[i])
					if err != nil {
						done <- err
						return
					}
					if got := value.AppendJSON(nil, out); !bytes.Equal(got, lines[i]) {
						done <- fmt.Errorf("goroutine %d, line %d:\ngot  %s\nwant %s", g, i+1, got, lines[i])
						return
					}
				}
			}
			done <- nil
		}()
	}
	for range 4 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
}

// BenchmarkIngestTransform is the interpreter's share of an ingest of
// bench/ingest/run.sh's workload: per op, one record through the
// transform and the finish program (stdlib calls included, decoding and
// the Arrow cast not).
func BenchmarkIngestTransform(b *testing.B) {
	transform, finish := ingestPrograms(b)
	events := ingestEvents(b)
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := processCPU()
	for i := 0; i < b.N; i++ {
		if _, err := runIngest(transform, finish, events[i%len(events)]); err != nil {
			b.Fatal(err)
		}
	}
	// The machine this runs on is shared: wall time per op swings with
	// the load, the process's CPU time (GC workers included, under
	// GOMAXPROCS=1) much less.
	b.ReportMetric(float64(processCPU()-cpu0)/float64(b.N), "cpu-ns/op")
}

// BenchmarkIngestTransformOnly is BenchmarkIngestTransform without the
// finish program: runtime/ingest runs its finish step in Go
// (runtime/ingest/finish.go), so this is the interpreter's part of the
// pipeline alone.
func BenchmarkIngestTransformOnly(b *testing.B) {
	transform, _ := ingestPrograms(b)
	events := ingestEvents(b)
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := processCPU()
	for i := 0; i < b.N; i++ {
		t := Target{Event: events[i%len(events)], Metadata: ingestMetadata}
		if _, err := transform.Run(&t, ingestEnv); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(processCPU()-cpu0)/float64(b.N), "cpu-ns/op")
}

// processCPU is the process's user and system CPU time in nanoseconds.
func processCPU() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// TestIngestProgramsAllocations pins what the frame's arena and the store
// batches bought: a record through the benchmark programs took 20
// allocations when every ECS object and array literal was allocated on
// its own; carved from the run's arena it takes the stdlib's few (3 when
// this was written). The bound leaves room for stdlib changes, not for
// the interpreter allocating its objects one by one again.
func TestIngestProgramsAllocations(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the programs a thousand times")
	}
	if raceEnabled {
		t.Skip("the race detector's sync.Pool drops frames, and their arenas, at random")
	}
	transform, finish := ingestPrograms(t)
	events := ingestEvents(t)
	i := 0
	allocs := testing.AllocsPerRun(1000, func() {
		if _, err := runIngest(transform, finish, events[i%len(events)]); err != nil {
			t.Fatal(err)
		}
		i++
	})
	if allocs > 6 {
		t.Errorf("%.1f allocations a record, want at most 6", allocs)
	}
}
