package main

import (
	"errors"
	"fmt"
	"os"
	"runtime/pprof"
	"runtime/trace"
)

// Profiling of a whole command, including process start, loading and
// commit, which a test benchmark does not see:
//
//	MATANO_CPUPROFILE=cpu.out matano ingest ...   (go tool pprof)
//	MATANO_TRACE=trace.out matano ingest ...      (go tool trace: which
//	                                               goroutine waits when)
const (
	profileEnv = "MATANO_CPUPROFILE"
	traceEnv   = "MATANO_TRACE"
)

// startProfile starts what profileEnv and traceEnv ask for and returns
// the function that ends them (a no-op when neither is set).
func startProfile() (stop func(), err error) {
	var stops []func()
	stopAll := func() {
		for _, s := range stops {
			s()
		}
	}
	if path := os.Getenv(profileEnv); path != "" {
		f, err := os.Create(path)
		if err == nil {
			if err = pprof.StartCPUProfile(f); err != nil {
				f.Close()
			}
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", profileEnv, err)
		}
		stops = append(stops, func() {
			pprof.StopCPUProfile()
			f.Close()
		})
	}
	if path := os.Getenv(traceEnv); path != "" {
		f, err := os.Create(path)
		if err == nil {
			if err = trace.Start(f); err != nil {
				err = errors.Join(err, f.Close())
			}
		}
		if err != nil {
			stopAll()
			return nil, fmt.Errorf("%s: %w", traceEnv, err)
		}
		stops = append(stops, func() {
			trace.Stop()
			f.Close()
		})
	}
	return stopAll, nil
}
