package cast

import (
	"syscall"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/matano-go/matano/compiler/load"
	"github.com/matano-go/matano/compiler/schema"
	"github.com/matano-go/matano/runtime/vrl/value"
	"github.com/matano-go/matano/schemas/ecs"
)

// BenchmarkCastECS casts a CloudTrail-like event (about 20 set fields)
// into a wide ECS table (the field sets a real log source selects): the
// realistic case, where hundreds of columns are never set (they cost
// nothing per row, and one shared all-null buffer at NewRecord).
func BenchmarkCastECS(b *testing.B) {
	s, probs := schema.Resolve(schema.Input{Table: "cloudtrail", ECSFieldNames: []string{
		"cloud", "event", "source", "user", "user_agent", "related", "error", "host", "network", "url",
	}}, ecs.Default())
	if len(probs) > 0 {
		b.Fatalf("%+v", probs)
	}
	as, err := s.Arrow()
	if err != nil {
		b.Fatal(err)
	}
	c, err := New(as)
	if err != nil {
		b.Fatal(err)
	}
	defer c.Release()
	leaves := 0
	s.Walk(func(string, *schema.Field) { leaves++ })
	e := event(b, `{
	  "cloud":{"provider":"aws","region":"us-east-1","account":{"id":"123456789012"}},
	  "event":{"action":"ConsoleLogin","category":["authentication"],"kind":"event","outcome":"success","provider":"signin.amazonaws.com","type":["start"]},
	  "source":{"ip":"203.0.113.7","address":"203.0.113.7"},
	  "user":{"name":"alice","id":"AIDAEXAMPLE"},
	  "user_agent":{"original":"Mozilla/5.0"},
	  "related":{"ip":["203.0.113.7"],"user":["alice"]},
	  "aws":{"cloudtrail":{"event_version":"1.08"}}}`)
	benchAppend(b, c, e)
	b.ReportMetric(float64(leaves), "schema-fields")
}

// BenchmarkCastCloudTrail casts what bench/ingest's cloudtrail_bench
// transform produces (its table: two dozen ECS leaves and a custom
// aws.cloudtrail struct) into that table: the cast's share of the ingest
// benchmark, one event per row.
func BenchmarkCastCloudTrail(b *testing.B) {
	as := cloudTrailSchema(b)
	c, err := New(as)
	if err != nil {
		b.Fatal(err)
	}
	defer c.Release()
	e := event(b, `{
	  "aws":{"cloudtrail":{"event_type":"AwsApiCall","event_version":"1.08","management_event":true,"read_only":true,
	    "request_id":"0C7467D1-E4A3-C6F6-12AA64192646",
	    "request_parameters":"{\"bucketName\":\"acme-logs-25\",\"key\":\"AWSLogs/123456789012/eu-west-1/2026/11/12be8f07.json.gz\",\"maxResults\":337}",
	    "resources":["arn:aws:s3:::acme-logs-23/obj-59181"],
	    "user_identity":{"access_key_id":"AKIA0396336665896129","arn":"arn:aws:iam::123456789012:user/user3922",
	      "mfa_authenticated":false,"type":"AWSService"}}},
	  "cloud":{"account":{"id":"123456789012"},"provider":"aws","region":"eu-west-1"},
	  "event":{"action":"CreateUser","category":["configuration"],"id":"557863ba-0140-a704-3a4bbc5c8ce1","kind":"event",
	    "outcome":"success","provider":"signin.amazonaws.com","type":["info"]},
	  "network":{"type":"ipv4"},
	  "related":{"ip":["169.80.188.127"],"user":["user3922","AIDA000121448432"]},
	  "source":{"address":"169.80.188.127","ip":"169.80.188.127"},
	  "tls":{"cipher":"ECDHE-RSA-AES128-GCM-SHA256","client":{"server_name":"signin.eu-west-1.amazonaws.com"},"version":"TLSv1.2"},
	  "user":{"id":"AIDA000121448432","name":"user3922"},
	  "user_agent":{"original":"aws-sdk-go-v2/1.21.0 os/linux lang/go#1.21.1 md/GOOS#linux md/GOARCH#amd64 api/sts#1.22.0"}}`)
	aws, _ := e.Obj().Get("aws")
	ct, _ := aws.Obj().Get("cloudtrail")
	ui, _ := ct.Obj().Get("user_identity")
	ui.Obj().Set("session_created", value.Timestamp(ts0))
	benchAppend(b, c, e)
}

// benchAppend appends e b.N times (after one untimed append that sizes
// the columns), a record every 4,096 rows as a flush would take it.
func benchAppend(b *testing.B, c *Caster, e value.Value) {
	if err := c.Append(e); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	defer reportCPU(b, cpuTime())
	for i := 0; i < b.N; i++ {
		if err := c.Append(e); err != nil {
			b.Fatal(err)
		}
		if c.Len() == 4096 {
			c.NewRecord().Release()
		}
	}
}

// reportCPU reports the process's CPU time per op since start: on the
// shared machine the benchmarks run on, wall time also counts the time
// other processes held the core, CPU time does not (with GOMAXPROCS=1 it
// is this benchmark's, GC included).
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// cloudTrailSchema is bench/ingest's cloudtrail_bench table.
func cloudTrailSchema(tb testing.TB) *arrow.Schema {
	str := load.Type{Name: "string"}
	boolean := load.Type{Name: "boolean"}
	s, probs := schema.Resolve(schema.Input{Table: "cloudtrail_bench", ECSFieldNames: []string{
		"cloud.account.id", "cloud.provider", "cloud.region", "error.code", "error.message",
		"event.action", "event.category", "event.id", "event.kind", "event.outcome", "event.provider",
		"event.type", "network.type", "related.ip", "related.user", "source.address", "source.domain",
		"source.ip", "tls.cipher", "tls.client.server_name", "tls.version", "user.id", "user.name",
		"user_agent.original",
	}, Fields: []load.Field{{Name: "aws", Type: load.Type{Name: "struct", Fields: []load.Field{
		{Name: "cloudtrail", Type: load.Type{Name: "struct", Fields: []load.Field{
			{Name: "event_version", Type: str}, {Name: "event_type", Type: str}, {Name: "request_id", Type: str},
			{Name: "read_only", Type: boolean}, {Name: "management_event", Type: boolean},
			{Name: "request_parameters", Type: str},
			{Name: "user_identity", Type: load.Type{Name: "struct", Fields: []load.Field{
				{Name: "type", Type: str}, {Name: "arn", Type: str}, {Name: "access_key_id", Type: str},
				{Name: "mfa_authenticated", Type: boolean}, {Name: "session_created", Type: load.Type{Name: "timestamp"}},
			}}},
			{Name: "resources", Type: load.Type{Name: "list", Element: &str}},
		}}},
	}}}}}, ecs.Default())
	if len(probs) > 0 {
		tb.Fatalf("%+v", probs)
	}
	as, err := s.Arrow()
	if err != nil {
		tb.Fatal(err)
	}
	return as
}
