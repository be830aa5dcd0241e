// Command detect-bench measures the detection host (runtime/detect) on
// CloudTrail-shaped records; bench/detect/run.sh drives it and compares
// the result with runtime/detect/testdata/floor.py.
//
//	detect-bench prepare -n N -dir DIR   writes DIR/records.jsonl and DIR/detections/*/detect.py
//	detect-bench host -dir DIR [-workers W] [-chunk C]
//
// host streams DIR/records.jsonl in chunks of C records (4096, like
// alert.Detector) through a host with W workers (default 1, comparable
// with the one-process floor) running every detection of DIR/detections,
// and prints one line: "seconds records matches cpu_seconds". seconds is
// the time spent inside Host.Run (reading the file is not counted, as the
// floor does not count it either); cpu_seconds is the CPU of this process
// and its workers over the whole run, start-up included.
//
// The records and the ten detections are the ones of BenchmarkHost
// (runtime/detect/bench_test.go): both take them from
// runtime/detect/cloudtrailbench.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"time"

	"github.com/matano-go/matano/runtime/detect"
	"github.com/matano-go/matano/runtime/detect/cloudtrailbench"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: detect-bench prepare|host [flags]")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "prepare":
		err = prepare(os.Args[2:])
	case "host":
		err = host(os.Args[2:])
	default:
		err = fmt.Errorf("unknown mode %q (prepare or host)", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "detect-bench:", err)
		os.Exit(1)
	}
}

func prepare(args []string) error {
	fs := flag.NewFlagSet("prepare", flag.ExitOnError)
	n := fs.Int("n", 1_000_000, "records to write")
	dir := fs.String("dir", "", "output folder")
	fs.Parse(args)
	if *dir == "" {
		return fmt.Errorf("prepare: -dir is required")
	}
	for name, src := range cloudtrailbench.Detections {
		d := filepath.Join(*dir, "detections", name)
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(d, "detect.py"), []byte(src), 0o644); err != nil {
			return err
		}
	}
	f, err := os.Create(filepath.Join(*dir, "records.jsonl"))
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	for i := range *n {
		w.Write(cloudtrailbench.Record(i))
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func host(args []string) error {
	fs := flag.NewFlagSet("host", flag.ExitOnError)
	dir := fs.String("dir", "", "folder written by prepare")
	workers := fs.Int("workers", 1, "worker processes")
	chunk := fs.Int("chunk", 4096, "records per Host.Run call")
	fs.Parse(args)
	if *dir == "" {
		return fmt.Errorf("host: -dir is required")
	}
	var dets []detect.Detection
	for _, name := range slices.Sorted(maps.Keys(cloudtrailbench.Detections)) {
		dets = append(dets, detect.Detection{Name: name, Dir: filepath.Join(*dir, "detections", name),
			Tables: []string{cloudtrailbench.Table}, Enabled: true})
	}
	cpu0 := cpuSeconds()
	ctx := context.Background()
	h, err := detect.Start(ctx, detect.Config{Detections: dets, Workers: *workers,
		CacheDir: filepath.Join(*dir, "cache"), Stderr: os.Stderr})
	if err != nil {
		return err
	}
	if fails := h.LoadFailures(); len(fails) > 0 {
		h.Close()
		return fmt.Errorf("detection failed to load: %s", fails[0].Error())
	}
	f, err := os.Open(filepath.Join(*dir, "records.jsonl"))
	if err != nil {
		h.Close()
		return err
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 1<<20)
	var (
		inRun            time.Duration
		records, matches int
		batch            [][]byte
	)
	run := func() error {
		start := time.Now()
		ms, fails, err := h.Run(ctx, cloudtrailbench.Table, batch)
		inRun += time.Since(start)
		if err != nil {
			return err
		}
		if len(fails) > 0 {
			return fmt.Errorf("%d failure(s), e.g. %s", len(fails), fails[0].Error())
		}
		records += len(batch)
		matches += len(ms)
		batch = batch[:0]
		return nil
	}
	for {
		line, err := r.ReadBytes('\n')
		if len(line) > 1 {
			batch = append(batch, line[:len(line)-1])
			if len(batch) == *chunk {
				if err := run(); err != nil {
					h.Close()
					return err
				}
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			h.Close()
			return err
		}
	}
	if len(batch) > 0 {
		if err := run(); err != nil {
			h.Close()
			return err
		}
	}
	// Close reaps the workers, so their CPU is in RUSAGE_CHILDREN.
	if err := h.Close(); err != nil {
		return err
	}
	fmt.Printf("%.6f %d %d %.6f\n", inRun.Seconds(), records, matches, cpuSeconds()-cpu0)
	return nil
}

// cpuSeconds is the user+system CPU of this process and its reaped
// children.
func cpuSeconds() float64 {
	var self, kids syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &self)
	syscall.Getrusage(syscall.RUSAGE_CHILDREN, &kids)
	ns := self.Utime.Nano() + self.Stime.Nano() + kids.Utime.Nano() + kids.Stime.Nano()
	return time.Duration(ns).Seconds()
}
