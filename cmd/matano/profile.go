package main

import (
	"fmt"
	"os"
	"runtime/pprof"
)

// profileEnv names a file for a CPU profile of the whole command
// (MATANO_CPUPROFILE=cpu.out matano ingest ...): the ingest benchmark's
// figures include process start, loading and commit, which a test
// benchmark does not see.
const profileEnv = "MATANO_CPUPROFILE"

// startProfile starts the CPU profile profileEnv asks for and returns the
// function that ends it (a no-op when the variable is unset).
func startProfile() (stop func(), err error) {
	path := os.Getenv(profileEnv)
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", profileEnv, err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", profileEnv, err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}
