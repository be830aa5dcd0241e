package lake

import (
	"context"
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/matano-go/matano/compiler/schema"
	"github.com/matano-go/matano/runtime/vrl/value"
	"github.com/matano-go/matano/schemas/ecs"
)

// BenchmarkIngestECS is BenchmarkIngest on a wide ECS table (about 1,500
// fields, as a real log source selects) with a CloudTrail-like event, in
// batches of 10,000 events in one hour.
func BenchmarkIngestECS(b *testing.B) {
	const rows = 10_000
	s, probs := schema.Resolve(schema.Input{Table: "cloudtrail", ECSFieldNames: []string{
		"cloud", "event", "source", "user", "user_agent", "related", "error", "host", "network", "url",
	}}, ecs.Default())
	if len(probs) > 0 {
		b.Fatalf("%+v", probs)
	}
	l := openLake(b, b.TempDir(), nil)
	defer l.Close()
	mustEnsure(b, l, s)
	e := ev(b, base, `{
	  "cloud":{"provider":"aws","region":"us-east-1","account":{"id":"123456789012"}},
	  "event":{"action":"ConsoleLogin","category":["authentication"],"kind":"event","outcome":"success","provider":"signin.amazonaws.com","type":["start"]},
	  "source":{"ip":"203.0.113.7","address":"203.0.113.7"},
	  "user":{"name":"alice","id":"AIDAEXAMPLE"},
	  "user_agent":{"original":"Mozilla/5.0"},
	  "related":{"ip":["203.0.113.7"],"user":["alice"]}}`)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	start, cpu0 := time.Now(), cpuTime()
	for n := 0; n < b.N; n++ {
		batch := l.NewBatch()
		o := obj(fmt.Sprint("ecs-", n))
		if err := batch.Begin(ctx, o); err != nil {
			b.Fatal(err)
		}
		for i := 0; i < rows; i++ {
			if err := batch.Add(ctx, o, "cloudtrail", e); err != nil {
				b.Fatal(err)
			}
		}
		if _, err := batch.Commit(ctx); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(rows*b.N)/time.Since(start).Seconds(), "rows/s")
	b.ReportMetric(float64(rows*b.N)/(cpuTime()-cpu0).Seconds(), "rows/cpu-s")
}

// BenchmarkIngest measures cast + Parquet write + commit: each iteration
// is one batch of 20,000 events spread over four hours (four data files)
// and one commit. rows/s is the figure for the scaling model.
func BenchmarkIngest(b *testing.B) {
	const rows = 20_000
	l := openLake(b, b.TempDir(), nil)
	defer l.Close()
	mustEnsure(b, l, testSchema("web"))
	events := make([]value.Value, rows)
	for i := range events {
		ts := base.Add(time.Duration(i%4) * time.Hour).Add(time.Duration(i) * time.Millisecond)
		events[i] = ev(b, ts, fmt.Sprintf(`{"message":"GET /api/v1/items/%d HTTP/1.1 200","source":{"ip":"10.1.%d.%d","port":%d},"extra":1}`,
			i, i%256, i%200, 1024+i%5000))
	}
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	start, cpu0 := time.Now(), cpuTime()
	for n := 0; n < b.N; n++ {
		batch := l.NewBatch()
		o := obj(fmt.Sprint("bench-", n))
		if err := batch.Begin(ctx, o); err != nil {
			b.Fatal(err)
		}
		for _, e := range events {
			if err := batch.Add(ctx, o, "web", e); err != nil {
				b.Fatal(err)
			}
		}
		if _, err := batch.Commit(ctx); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(rows*b.N)/time.Since(start).Seconds(), "rows/s")
	// On a shared, loaded machine wall time mostly measures the queue for
	// a core; rows per CPU-second (user+system, all goroutines including
	// GC and the Parquet encoders) is the figure that carries over.
	b.ReportMetric(float64(rows*b.N)/(cpuTime()-cpu0).Seconds(), "rows/cpu-s")
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
