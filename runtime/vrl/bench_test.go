package vrl

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/matano-go/matano/compiler/vrl/check"
	"github.com/matano-go/matano/runtime/vrl/value"
)

// cloudTrailEvent builds one raw CloudTrail record as it arrives from S3
// (the JSON string in .message), varied by i so branches differ.
func cloudTrailEvent(i int) string {
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
	return fmt.Sprintf(`{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDA%05d","arn":"arn:aws:iam::123456789012:user/alice",%s"accessKeyId":"AKIA%05d"},"eventTime":"2026-11-27T01:%02d:%02dZ","eventSource":"ec2.amazonaws.com","eventName":%q,"awsRegion":"us-east-1","sourceIPAddress":%q,"userAgent":"aws-cli/2.13.0 Python/3.11","requestParameters":{"instancesSet":{},"filterSet":{"items":[{"name":"tag:env","valueSet":{"items":[{"value":"prod"}]}}]}},"responseElements":null,"requestID":"req-%d","eventID":"evt-%d","readOnly":true,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"123456789012","additionalEventData":{"MFAUsed":"No"}}`,
		i, user, i, i%60, i%60, name, ip, i, i)
}

// BenchmarkCloudTrail measures the interpreter on a CloudTrail-to-ECS
// program (testdata/cloudtrail.vrl, ~45 statements): events/s and
// allocations per event.
func BenchmarkCloudTrail(b *testing.B) {
	src, err := os.ReadFile("testdata/cloudtrail.vrl")
	if err != nil {
		b.Fatal(err)
	}
	p, diags := CompileSource("cloudtrail.vrl", src, check.Config{})
	if p == nil {
		b.Skipf("cloudtrail.vrl does not compile (stdlib incomplete?):\n%s", RenderDiagnostics(diags, false))
	}
	const n = 64
	raws := make([]string, n)
	for i := range raws {
		raws[i] = cloudTrailEvent(i)
	}
	env := &Env{Now: func() time.Time { return time.Unix(1_800_000_000, 0) }}
	// Check once outside the timed loop that the program runs cleanly.
	for i := range raws {
		ev := value.NewObject(1)
		ev.Set("message", value.Bytes(raws[i]))
		if _, err := p.Run(&Target{Event: value.ObjectValue(ev), Metadata: value.ObjectValue(value.NewObject(0))}, env); err != nil {
			b.Fatalf("event %d: %v", i, err)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		ev := value.NewObject(1)
		ev.Set("message", value.Bytes(raws[i%n]))
		t := Target{Event: value.ObjectValue(ev), Metadata: value.ObjectValue(value.NewObject(0))}
		if _, err := p.Run(&t, env); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "events/s")
}
