package ingest

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/matano-go/matano/runtime/vrl"
	"github.com/matano-go/matano/runtime/vrl/value"
)

func TestFinish(t *testing.T) {
	v := `"` + ECSVersion + `"`
	tests := []struct {
		name, in, want string
		shared         bool
	}{
		{name: "json removed, version stamped",
			in:   `{"json":{"a":1},"ts":"t","x":"y"}`,
			want: `{"ecs":{"version":` + v + `},"ts":"t","x":"y"}`},
		{name: "empties removed recursively",
			in:   `{"a":null,"b":"","c":[],"d":{},"e":{"f":{"g":null},"h":[null,""]},"i":[1,null,{}]}`,
			want: `{"ecs":{"version":` + v + `},"i":[1]}`},
		{name: "existing ecs object kept",
			in:   `{"ecs":{"other":"x","version":"1.0"}}`,
			want: `{"ecs":{"other":"x","version":` + v + `}}`},
		{name: "ecs that is not an object replaced",
			in:   `{"ecs":"8.0"}`,
			want: `{"ecs":{"version":` + v + `}}`},
		{name: "shared input left as it was",
			in:     `{"json":{"a":1},"ecs":{"x":1},"n":null}`,
			want:   `{"ecs":{"version":` + v + `,"x":1}}`,
			shared: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, err := value.FromJSON([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if tt.shared {
				value.MarkShared(in)
			}
			before := string(value.AppendJSON(nil, in))
			out, err := finish(in)
			if err != nil {
				t.Fatal(err)
			}
			if got := string(value.AppendJSON(nil, out)); got != tt.want {
				t.Errorf("finish(%s) = %s, want %s", tt.in, got, tt.want)
			}
			if tt.shared {
				if after := string(value.AppendJSON(nil, in)); after != before {
					t.Errorf("shared input changed: %s, was %s", after, before)
				}
			}
		})
	}
	if _, err := finish(value.Bytes("x")); err == nil {
		t.Error("finish of a string: no error")
	}
}

// TestFinishOwned checks the finish step on an event it owns, as a
// transform leaves it: compacted in place (its root returned as is), the
// parts that come from the shared input copied where they change and
// never changed themselves, and the ecs object of events that have no
// other ecs field shared by all of them and marked shared.
func TestFinishOwned(t *testing.T) {
	newEvent := func() (ev, input value.Value) {
		input, err := value.FromJSON([]byte(`{"k":{"a":null,"b":"x"},"same":{"c":1},"gone":{"d":""}}`))
		if err != nil {
			t.Fatal(err)
		}
		value.MarkShared(input)
		ev, err = value.FromJSON([]byte(`{"error":{"code":null,"message":null},"list":["a",null,""],"ts":"t"}`))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range input.Obj().Entries() {
			ev.Obj().Set(e.Key, e.Value)
		}
		return ev, input
	}
	ev, input := newEvent()
	inputJSON := string(value.AppendJSON(nil, input))
	list, _ := ev.Obj().Get("list")
	out, err := finish(ev)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"ecs":{"version":"` + ECSVersion + `"},"k":{"b":"x"},"list":["a"],"same":{"c":1},"ts":"t"}`
	if got := string(value.AppendJSON(nil, out)); got != want {
		t.Errorf("finish = %s, want %s", got, want)
	}
	if out.Obj() != ev.Obj() {
		t.Error("the owned root was copied")
	}
	if l, _ := out.Obj().Get("list"); l.Arr() != list.Arr() {
		t.Error("the owned list was copied")
	}
	same, _ := input.Obj().Get("same")
	if s, _ := out.Obj().Get("same"); s.Obj() != same.Obj() {
		t.Error("an unchanged shared object was copied")
	}
	if got := string(value.AppendJSON(nil, input)); got != inputJSON {
		t.Errorf("the shared input changed: %s, was %s", got, inputJSON)
	}

	ev2, _ := newEvent()
	out2, err := finish(ev2)
	if err != nil {
		t.Fatal(err)
	}
	ecs1, _ := out.Obj().Get("ecs")
	ecs2, _ := out2.Obj().Get("ecs")
	if ecs1.Obj() != ecs2.Obj() || !value.IsShared(ecs1) {
		t.Error("events without an ecs field do not share one shared ecs object")
	}
	// The finish step allocates nothing for an owned event (compact
	// works in place and ecs is shared) and one object for the shared
	// k, which loses a field.
	events := make([]value.Value, 101)
	for i := range events {
		events[i], _ = newEvent()
	}
	i := 0
	if n := testing.AllocsPerRun(100, func() {
		if _, err := finish(events[i]); err != nil {
			t.Fatal(err)
		}
		i++
	}); n != 1 {
		t.Errorf("finish of an event: %v allocations, want 1", n)
	}
	i = 0
	for j := range events {
		events[j], _ = value.FromJSON([]byte(`{"error":{"code":null,"message":null},"list":["a",null,""],"ts":"t"}`))
	}
	if n := testing.AllocsPerRun(100, func() {
		if _, err := finish(events[i]); err != nil {
			t.Fatal(err)
		}
		i++
	}); n != 0 {
		t.Errorf("finish of an owned event: %v allocations, want 0", n)
	}
}

// finishBenchLines are CloudTrail records from bench/ingest's generator,
// one per shape that changes what the finish step removes: no errorCode
// (the error object the transform builds is all nulls, so compact drops
// it), an errorCode, and an AWS service calling from a domain name
// without a userName.
var finishBenchLines = []string{
	`{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDA000943496496","arn":"arn:aws:iam::123456789012:user/user4736","userName":"user4736","accountId":"123456789012","accessKeyId":"AKIA0559381416605036","sessionContext":{"sessionIssuer":{},"webIdFederationData":{},"attributes":{"creationDate":"2026-11-26T23:56:48Z","mfaAuthenticated":"true"}}},"eventTime":"2026-11-27T00:00:00Z","eventSource":"ec2.amazonaws.com","eventName":"CreateUser","awsRegion":"eu-central-1","sourceIPAddress":"149.29.184.230","userAgent":"aws-sdk-go-v2/1.21.0 os/linux lang/go#1.21.1 md/GOOS#linux md/GOARCH#amd64 api/sts#1.22.0","requestParameters":{"bucketName":"acme-logs-41","key":"AWSLogs/123456789012/eu-central-1/2026/11/e4807839.json.gz","maxResults":654},"responseElements":null,"requestID":"4B4BBACA-0DEF-859C-9658647611E5","eventID":"d57f7689-741c-980c-913bb3cb74de","readOnly":true,"resources":[{"accountId":"123456789012","type":"AWS::S3::Object","ARN":"arn:aws:s3:::acme-logs-36/obj-78306"}],"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"123456789012","eventCategory":"Management","tlsDetails":{"tlsVersion":"TLSv1.2","cipherSuite":"ECDHE-RSA-AES128-GCM-SHA256","clientProvidedHostHeader":"ec2.eu-central-1.amazonaws.com"}}`,
	`{"eventVersion":"1.08","userIdentity":{"type":"Root","principalId":"AIDA000108837655","arn":"arn:aws:iam::123456789012:user/user3671","userName":"user3671","accountId":"123456789012","accessKeyId":"AKIA0411081246101635","sessionContext":{"sessionIssuer":{},"webIdFederationData":{},"attributes":{"creationDate":"2026-11-26T23:50:10Z","mfaAuthenticated":"false"}}},"eventTime":"2026-11-27T00:00:00Z","eventSource":"s3.amazonaws.com","eventName":"ListBuckets","awsRegion":"us-west-2","sourceIPAddress":"10.1.2.3","userAgent":"console.amazonaws.com","errorCode":"AccessDenied","errorMessage":"User: arn:aws:iam::123456789012:user/user3671 is not authorized to perform: s3:ListBuckets","requestParameters":{"bucketName":"acme-logs-7","key":"AWSLogs/123456789012/us-west-2/2026/11/0000beef.json.gz","maxResults":12},"responseElements":null,"requestID":"0C7467D1-E4A3-C6F6-12AA64192646","eventID":"557863ba-0140-a704-3a4bbc5c8ce1","readOnly":false,"resources":[{"accountId":"123456789012","type":"AWS::S3::Object","ARN":"arn:aws:s3:::acme-logs-23/obj-59181"}],"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"123456789012","eventCategory":"Management","tlsDetails":{"tlsVersion":"TLSv1.3","cipherSuite":"TLS_AES_128_GCM_SHA256","clientProvidedHostHeader":"s3.us-west-2.amazonaws.com"}}`,
	`{"eventVersion":"1.08","userIdentity":{"type":"AWSService","principalId":"AIDA000121448432","arn":"arn:aws:iam::123456789012:user/user3922","accountId":"123456789012","accessKeyId":"AKIA0396336665896129","sessionContext":{"sessionIssuer":{},"webIdFederationData":{},"attributes":{"creationDate":"2026-11-26T23:20:18Z","mfaAuthenticated":"false"}}},"eventTime":"2026-11-27T00:00:00Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","awsRegion":"eu-west-1","sourceIPAddress":"signin.amazonaws.com","userAgent":"aws-sdk-go-v2/1.21.0 os/linux lang/go#1.21.1 md/GOOS#linux md/GOARCH#amd64 api/sts#1.22.0","requestParameters":{"bucketName":"acme-logs-25","key":"AWSLogs/123456789012/eu-west-1/2026/11/12be8f07.json.gz","maxResults":337},"responseElements":null,"requestID":"0C7467D1-E4A3-C6F6-12AA64192646","eventID":"557863ba-0140-a704-3a4bbc5c8ce1","readOnly":true,"resources":[{"accountId":"123456789012","type":"AWS::S3::Object","ARN":"arn:aws:s3:::acme-logs-23/obj-59181"}],"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"123456789012","eventCategory":"Management","tlsDetails":{"tlsVersion":"TLSv1.2","cipherSuite":"ECDHE-RSA-AES128-GCM-SHA256","clientProvidedHostHeader":"signin.eu-west-1.amazonaws.com"}}`,
}

// BenchmarkFinish times the finish step alone on events as the
// cloudtrail_bench transform leaves them (the pipeline's input, shaped
// as the decoder makes it and marked shared; the transform's output
// owned). The finish step changes the
// events it is given, so each batch is transformed afresh with the timer
// stopped; batches are small so that the events are still in the cache,
// as they are in the pipeline, where each is finished right after its
// transform.
func BenchmarkFinish(b *testing.B) {
	p, schemas := loadProject(b, filepath.Join("..", "..", "bench", "ingest", "dir"))
	pl, err := New(context.Background(), Config{Project: p, Schemas: schemas, Source: "cloudtrail_bench", NoDetect: true,
		Lake: openLake(b, filepath.Join(b.TempDir(), "lake"))})
	if err != nil {
		b.Fatal(err)
	}
	var prog *vrl.Program
	for _, prog = range pl.tables {
	}
	if len(pl.tables) != 1 || prog == nil {
		b.Fatalf("want one transformed table, have %v", pl.tables)
	}
	inputs := make([]value.Value, len(finishBenchLines))
	for i, l := range finishBenchLines {
		// The decoder's record: the line under json, and the empty
		// related lists Matano creates before every transform.
		v, err := value.FromJSON([]byte(`{"json":` + l + `,"related":{"hash":[],"ip":[],"user":[]}}`))
		if err != nil {
			b.Fatal(err)
		}
		value.MarkShared(v)
		inputs[i] = v
	}
	const batch = 64
	events := make([]value.Value, batch)
	b.ReportAllocs()
	b.ResetTimer()
	for done := 0; done < b.N; done += batch {
		b.StopTimer()
		for i := range events {
			ev, _, rr, msg := run(prog, inputs[i%len(inputs)], &pl.env)
			if rr != runOK {
				b.Fatal(msg)
			}
			events[i] = ev
		}
		b.StartTimer()
		for i := range min(batch, b.N-done) {
			if _, err := finish(events[i]); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// TestFinishRelated checks the decoder's related lists, shared and
// mostly left empty by the transform: dropped whole when the transform
// did not touch them, and one by one where it filled some (its copy of
// the related object is owned, the lists it did not set still shared),
// without an allocation either way.
func TestFinishRelated(t *testing.T) {
	newEvent := func(fill bool) value.Value {
		related, err := value.FromJSON([]byte(`{"hash":[],"ip":[],"user":[]}`))
		if err != nil {
			t.Fatal(err)
		}
		value.MarkShared(related)
		// Room for ecs, as a transform's root has.
		root := value.NewObjectCap(3)
		root.Set("a", value.Bytes("x"))
		if fill {
			own := related.Obj().CloneCap(1)
			own.Set("ip", value.ArrayValue([]value.Value{value.Bytes("10.1.2.3")}))
			related = value.ObjectValue(own)
		}
		root.Set("related", related)
		return value.ObjectValue(root)
	}
	v := `"` + ECSVersion + `"`
	for _, tt := range []struct {
		fill bool
		want string
	}{
		{false, `{"a":"x","ecs":{"version":` + v + `}}`},
		{true, `{"a":"x","ecs":{"version":` + v + `},"related":{"ip":["10.1.2.3"]}}`},
	} {
		out, err := finish(newEvent(tt.fill))
		if err != nil {
			t.Fatal(err)
		}
		if got := string(value.AppendJSON(nil, out)); got != tt.want {
			t.Errorf("finish = %s, want %s", got, tt.want)
		}
		events := make([]value.Value, 101)
		for i := range events {
			events[i] = newEvent(tt.fill)
		}
		i := 0
		if n := testing.AllocsPerRun(100, func() {
			if _, err := finish(events[i]); err != nil {
				t.Fatal(err)
			}
			i++
		}); n != 0 {
			t.Errorf("finish (related filled: %v): %v allocations, want 0", tt.fill, n)
		}
	}
}
