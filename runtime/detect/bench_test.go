package detect

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/matano-go/matano/runtime/detect/cloudtrailbench"
)

func benchSetup(n int) (recs [][]byte, dets []det) {
	for i := range n {
		recs = append(recs, cloudtrailbench.Record(i))
	}
	for name, src := range cloudtrailbench.Detections {
		dets = append(dets, det{name: name, src: src, tables: []string{cloudtrailbench.Table}})
	}
	sort.Slice(dets, func(i, j int) bool { return dets[i].name < dets[j].name })
	return recs, dets
}

// floorRate runs testdata/floor.py over recs and returns its records per
// wall second and per CPU second.
func floorRate(b *testing.B, recs [][]byte, h *Host) (wall, cpu float64) {
	b.Helper()
	dir := b.TempDir()
	path := filepath.Join(dir, "records.jsonl")
	if err := os.WriteFile(path, append(bytes.Join(recs, []byte("\n")), '\n'), 0o644); err != nil {
		b.Fatal(err)
	}
	args := []string{"testdata/floor.py", path}
	for _, d := range h.cfg.Detections {
		args = append(args, d.Dir)
	}
	cmd := exec.Command("python3", args...)
	cmd.Env = h.env
	out, err := cmd.CombinedOutput()
	if err != nil {
		b.Fatalf("floor.py: %v\n%s", err, out)
	}
	f := strings.Fields(string(out))
	if len(f) != 4 {
		b.Fatalf("floor.py output %q", out)
	}
	secs, err1 := strconv.ParseFloat(f[0], 64)
	cpuSecs, err2 := strconv.ParseFloat(f[3], 64)
	if err1 != nil || err2 != nil {
		b.Fatalf("floor.py output %q", out)
	}
	return float64(len(recs)) / secs, float64(len(recs)) / cpuSecs
}

// cpuSeconds is the CPU time (user+system) used so far by this process and
// the given worker processes. The machine running benchmarks is often
// shared, so wall-clock rates swing with other load; CPU time per record
// is the steadier comparison. Returns -1s where /proc is unavailable.
func cpuSeconds(pids []int) (host, workers float64) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return -1, -1
	}
	host = time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
	for _, pid := range pids {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			return -1, -1
		}
		// Fields after the parenthesised command name; utime and stime
		// are the 14th and 15th fields overall, in clock ticks (100/s on
		// Linux).
		rest := b[bytes.LastIndexByte(b, ')')+2:]
		f := strings.Fields(string(rest))
		ut, _ := strconv.ParseFloat(f[11], 64)
		st, _ := strconv.ParseFloat(f[12], 64)
		workers += (ut + st) / 100
	}
	return host, workers
}

// BenchmarkHost runs 10 simple detections over CloudTrail-shaped records
// through the host and reports records/s next to the floor: a bare Python
// loop that json-decodes the same records and calls the same detect()
// functions (testdata/floor.py). time_ratio is host time over floor time
// for one worker (the floor is one process); rate_vs_floor_NxW compares
// the whole pool to one floor process.
//
//	go test -run '^$' -bench BenchmarkHost -benchtime 5x ./runtime/detect/
func BenchmarkHost(b *testing.B) {
	needPython(b)
	const n = 20000
	recs, dets := benchSetup(n)
	for _, workers := range []int{1, runtime.NumCPU()} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			h := startHost(b, Config{Workers: workers}, dets...)
			ctx := context.Background()
			// Warm up: first batches pay for lazy imports and page faults.
			if _, _, err := h.Run(ctx, cloudtrailbench.Table, recs[:2000]); err != nil {
				b.Fatal(err)
			}
			// The floor runs before and after the host and is averaged,
			// so a change in the machine's load hits both sides alike.
			floor, floorCPU := floorRate(b, recs, h)
			pids := h.workerPIDs()
			b.ResetTimer()
			var matches int
			goCPU0, pyCPU0 := cpuSeconds(pids)
			start := time.Now()
			for range b.N {
				ms, fs, err := h.Run(ctx, cloudtrailbench.Table, recs)
				if err != nil || len(fs) != 0 {
					b.Fatalf("err %v, failures %v", err, fs)
				}
				matches = len(ms)
			}
			el := time.Since(start)
			goCPU1, pyCPU1 := cpuSeconds(pids)
			b.StopTimer()
			floor2, floorCPU2 := floorRate(b, recs, h)
			// Harmonic means: the rate of the two runs' mean time.
			floor, floorCPU = 2/(1/floor+1/floor2), 2/(1/floorCPU+1/floorCPU2)
			host := float64(n*b.N) / el.Seconds()
			b.ReportMetric(host, "records/s")
			b.ReportMetric(floor, "floor_records/s")
			b.ReportMetric(floor/host, "time_ratio")
			b.ReportMetric(float64(matches), "matches")
			msg := fmt.Sprintf("workers=%d: host %.0f records/s, floor %.0f records/s (1 process), wall time ratio host/floor = %.2f",
				workers, host, floor, floor/host)
			if goCPU0 >= 0 && goCPU1 >= 0 {
				goCPU, pyCPU := goCPU1-goCPU0, pyCPU1-pyCPU0
				hostCPU := float64(n*b.N) / (goCPU + pyCPU)
				b.ReportMetric(floorCPU/hostCPU, "cpu_ratio")
				msg += fmt.Sprintf("; per CPU second: host %.0f (Go share %.0f%%), floor %.0f records, CPU ratio host/floor = %.2f",
					hostCPU, 100*goCPU/(goCPU+pyCPU), floorCPU, floorCPU/hostCPU)
			}
			b.Log(msg)
		})
	}
}
