package ingest

import (
	"math"
	"runtime/debug"
	"testing"
)

func TestLambdaGCSettings(t *testing.T) {
	for _, tc := range []struct {
		mem  string
		want GCSettings
	}{
		{"1024", GCSettings{Percent: 400, MemoryLimit: 768 << 20}},
		{"128", GCSettings{Percent: 400, MemoryLimit: 96 << 20}},
		{"10240", GCSettings{Percent: 400, MemoryLimit: 7680 << 20}},
		// not in Lambda, or a size that makes no sense: leave the
		// runtime alone
		{"", GCSettings{}},
		{"0", GCSettings{}},
		{"-5", GCSettings{}},
		{"1 GB", GCSettings{}},
	} {
		got := LambdaGCSettings(func(k string) string {
			if k == "AWS_LAMBDA_FUNCTION_MEMORY_SIZE" {
				return tc.mem
			}
			return ""
		})
		if got != tc.want {
			t.Errorf("memory %q: got %+v, want %+v", tc.mem, got, tc.want)
		}
	}
}

// TestTuneGC checks that what the user set in the environment wins, and
// that a zero setting is not applied.
func TestTuneGC(t *testing.T) {
	percent0 := debug.SetGCPercent(100)
	limit0 := debug.SetMemoryLimit(math.MaxInt64)
	t.Cleanup(func() {
		debug.SetGCPercent(percent0)
		debug.SetMemoryLimit(limit0)
	})
	current := func() (int, int64) {
		p := debug.SetGCPercent(-1)
		debug.SetGCPercent(p)
		return p, debug.SetMemoryLimit(-1) // a negative limit only reads it
	}
	for _, tc := range []struct {
		name    string
		env     map[string]string
		s       GCSettings
		percent int
		limit   int64
	}{
		{"both applied", nil, GCSettings{400, 320 << 20}, 400, 320 << 20},
		{"GOGC set by the user", map[string]string{"GOGC": "50"}, GCSettings{400, 320 << 20}, 100, 320 << 20},
		{"GOMEMLIMIT set by the user", map[string]string{"GOMEMLIMIT": "1GiB"}, GCSettings{400, 320 << 20}, 400, math.MaxInt64},
		{"zero settings", nil, GCSettings{}, 100, math.MaxInt64},
	} {
		t.Run(tc.name, func(t *testing.T) {
			debug.SetGCPercent(100)
			debug.SetMemoryLimit(math.MaxInt64)
			TuneGC(tc.s, func(k string) (string, bool) {
				v, ok := tc.env[k]
				return v, ok
			})
			if p, l := current(); p != tc.percent || l != tc.limit {
				t.Errorf("GOGC %d, limit %d; want %d, %d", p, l, tc.percent, tc.limit)
			}
		})
	}
}
