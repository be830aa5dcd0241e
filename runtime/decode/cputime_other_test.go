//go:build !unix

package decode

// processCPU is unavailable here; the cpu-ns/record metric reads 0.
func processCPU() int64 { return 0 }
