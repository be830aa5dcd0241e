// Command vrl-bench measures matano's VRL interpreter on a program over a
// JSON-lines file of events and prints events/s and allocations per
// event on one line, in the same shape as the Rust reference runner's
// VRL_REF_BENCH output so run.sh can compute the ratio.
//
//	go run ./bench/vrl-bench -gen 100000 > events.jsonl
//	go run ./bench/vrl-bench -program runtime/vrl/testdata/cloudtrail.vrl -input events.jsonl -passes 3
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"runtime"
	"time"

	"github.com/matano-go/matano/compiler/vrl/check"
	"github.com/matano-go/matano/runtime/vrl"
	"github.com/matano-go/matano/runtime/vrl/value"
)

func main() {
	program := flag.String("program", "", "VRL program")
	input := flag.String("input", "", "JSON-lines events")
	passes := flag.Int("passes", 1, "passes over the events")
	gen := flag.Int("gen", 0, "write this many CloudTrail-shaped events to stdout and exit")
	flag.Parse()
	if *gen > 0 {
		w := bufio.NewWriter(os.Stdout)
		for i := 0; i < *gen; i++ {
			ev := value.NewObject(1)
			ev.Set("message", value.Bytes(cloudTrailRecord(i)))
			w.Write(value.AppendJSON(nil, value.ObjectValue(ev)))
			w.WriteByte('\n')
		}
		if err := w.Flush(); err != nil {
			fail(err)
		}
		return
	}
	src, err := os.ReadFile(*program)
	if err != nil {
		fail(err)
	}
	p, diags := vrl.CompileSource(*program, src, check.Config{})
	if p == nil {
		fail(fmt.Errorf("%s", vrl.RenderDiagnostics(diags, false)))
	}
	f, err := os.Open(*input)
	if err != nil {
		fail(err)
	}
	var events []value.Value
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		if len(sc.Bytes()) == 0 {
			continue
		}
		v, err := value.FromJSON(sc.Bytes())
		if err != nil {
			fail(err)
		}
		events = append(events, v)
	}
	if err := sc.Err(); err != nil {
		fail(err)
	}
	env := &vrl.Env{Now: func() time.Time { return time.Unix(1_800_000_000, 0) }}
	meta := value.ObjectValue(value.NewObject(0))
	var ms0, ms1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms0)
	start := time.Now()
	n, errs := 0, 0
	for pass := 0; pass < *passes; pass++ {
		for _, ev := range events {
			// A fresh top-level object per run, as the pipeline hands each
			// decoded record to the program (Run mutates its target).
			t := vrl.Target{Event: value.ObjectValue(ev.Obj().Clone()), Metadata: meta}
			if _, err := p.Run(&t, env); err != nil {
				errs++
			}
			n++
		}
	}
	secs := time.Since(start).Seconds()
	runtime.ReadMemStats(&ms1)
	fmt.Fprintf(os.Stderr, "go events=%d errors=%d seconds=%.3f events_per_sec=%.0f allocs_per_event=%.1f bytes_per_event=%.0f\n",
		n, errs, secs, float64(n)/secs,
		float64(ms1.Mallocs-ms0.Mallocs)/float64(n), float64(ms1.TotalAlloc-ms0.TotalAlloc)/float64(n))
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "vrl-bench:", err)
	os.Exit(1)
}

// cloudTrailRecord is one raw CloudTrail record, varied by i so the
// program's branches differ (IAM users and AWS services, console logins,
// errors).
func cloudTrailRecord(i int) string {
	ip := fmt.Sprintf("10.0.%d.%d", i%200, i%250)
	user := `"userName": "alice",`
	if i%3 == 0 {
		ip = "ec2.amazonaws.com"
		user = ""
	}
	name := "DescribeInstances"
	if i%5 == 0 {
		name = "ConsoleLogin"
	}
	errCode := ""
	if i%7 == 0 {
		errCode = `"errorCode":"AccessDenied",`
	}
	return fmt.Sprintf(`{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDA%05d","arn":"arn:aws:iam::123456789012:user/alice",%s"accessKeyId":"AKIA%05d"},"eventTime":"2026-11-27T01:%02d:%02dZ","eventSource":"ec2.amazonaws.com","eventName":%q,%s"awsRegion":"us-east-1","sourceIPAddress":%q,"userAgent":"aws-cli/2.13.0 Python/3.11","requestParameters":{"instancesSet":{},"filterSet":{"items":[{"name":"tag:env","valueSet":{"items":[{"value":"prod"}]}}]}},"responseElements":null,"requestID":"req-%d","eventID":"evt-%d","readOnly":true,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"123456789012","additionalEventData":{"MFAUsed":"No"}}`,
		i, user, i, i%60, i%60, name, errCode, ip, i, i)
}
