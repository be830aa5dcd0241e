package stdlib

import (
	"testing"
	"time"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// The calls of bench/ingest's CloudTrail transform
// (bench/ingest/dir/log_sources/cloudtrail_bench/log_source.yml) and of
// ingest's finish program (`. = compact(.)`), with the arguments one
// record of bench/ingest's generator gives them: a literal argument is a
// compile-time constant, a field read is dynamic. Each call is compiled
// once and evaluated per iteration, as the interpreter does.

// ctEvent is an event as the CloudTrail transform leaves it for the
// finish step: error.code and error.message are null (most records have
// no error), so compact removes them and then the emptied error object.
const ctEvent = `{
	"ts": "2026-11-27T00:00:00Z",
	"event": {"kind": "event", "type": ["info"], "action": "CreateUser", "provider": "signin.amazonaws.com",
		"id": "557863ba-0140-a704-3a4bbc5c8ce1", "outcome": "success", "category": ["configuration"]},
	"cloud": {"provider": "aws", "region": "eu-west-1", "account": {"id": "123456789012"}},
	"error": {"code": null, "message": null},
	"source": {"address": "169.80.188.127", "ip": "169.80.188.127"},
	"network": {"type": "ipv4"},
	"related": {"ip": ["169.80.188.127"], "user": ["user3922", "AIDA000121448432"]},
	"user_agent": {"original": "aws-sdk-go-v2/1.21.0 os/linux lang/go#1.21.1 md/GOOS#linux md/GOARCH#amd64 api/sts#1.22.0"},
	"user": {"id": "AIDA000121448432", "name": "user3922"},
	"tls": {"version": "TLSv1.2", "cipher": "ECDHE-RSA-AES128-GCM-SHA256", "client": {"server_name": "signin.eu-west-1.amazonaws.com"}},
	"aws": {"cloudtrail": {"event_version": "1.08", "event_type": "AwsApiCall", "request_id": "0C7467D1-E4A3-C6F6-12AA64192646",
		"read_only": true, "management_event": true,
		"request_parameters": "{\"bucketName\":\"acme-logs-25\",\"key\":\"AWSLogs/123456789012/eu-west-1/2026/11/12be8f07.json.gz\",\"maxResults\":337}",
		"user_identity": {"type": "AWSService", "arn": "arn:aws:iam::123456789012:user/user3922", "access_key_id": "AKIA0396336665896129",
			"mfa_authenticated": false, "session_created": "2026-11-26T23:20:18Z"},
		"resources": ["arn:aws:s3:::acme-logs-23/obj-59181"]}}
}`

// ingestCalls are the benchmark's calls. closure, when set, is the
// call's closure body.
var ingestCalls = []struct {
	name    string
	fn      string
	args    []any
	closure func(params ...value.Value) (value.Value, error)
	// wantErr: the call fails (string(null) ?? "").
	wantErr bool
}{
	{name: "parse_timestamp", fn: "parse_timestamp", args: []any{dynArg{tStr("2026-11-27T00:00:00Z")}, "%Y-%m-%dT%H:%M:%SZ"}},
	{name: "is_ipv4/ip", fn: "is_ipv4", args: []any{dynArg{tStr("169.80.188.127")}}},
	{name: "is_ipv4/domain", fn: "is_ipv4", args: []any{dynArg{tStr("signin.amazonaws.com")}}},
	{name: "string", fn: "string", args: []any{dynArg{tStr("169.80.188.127")}}},
	{name: "string/null", fn: "string", args: []any{dynArg{value.Null}}, wantErr: true},
	{name: "is_string", fn: "is_string", args: []any{dynArg{tStr("2026-11-26T23:20:18Z")}}},
	{name: "array", fn: "array", args: []any{dynArg{tJSON(`[{"ARN": "arn:aws:s3:::acme-logs-23/obj-59181"}]`)}}},
	{name: "split", fn: "split", args: []any{dynArg{tStr("arn:aws:iam::123456789012:user/user3922")}, "/"}},
	{name: "compact/array", fn: "compact", args: []any{dynArg{tArr(tStr("user3922"), tStr("AIDA000121448432"))}}},
	{name: "compact/array_null", fn: "compact", args: []any{dynArg{tArr(value.Null, tStr("AIDA000121448432"))}}},
	{name: "compact/event", fn: "compact", args: []any{dynArg{tJSON(ctEvent)}}},
	{name: "compact/event_compact", fn: "compact", args: []any{dynArg{compactedEvent()}}},
	{name: "encode_json", fn: "encode_json", args: []any{dynArg{tJSON(
		`{"bucketName":"acme-logs-25","key":"AWSLogs/123456789012/eu-west-1/2026/11/12be8f07.json.gz","maxResults":337}`)}}},
	{name: "map_values", fn: "map_values", args: []any{dynArg{tJSON(
		`[{"accountId":"123456789012","type":"AWS::S3::Object","ARN":"arn:aws:s3:::acme-logs-23/obj-59181"}]`)}},
		closure: func(params ...value.Value) (value.Value, error) {
			v, _ := params[0].Obj().Get("ARN")
			return v, nil
		}},
}

// compactedEvent is ctEvent after the finish step's compact: nothing
// left to remove.
func compactedEvent() value.Value {
	return compactDefaults.compact(tJSON(ctEvent))
}

func BenchmarkIngestCalls(b *testing.B) {
	for _, c := range ingestCalls {
		b.Run(c.name, func(b *testing.B) {
			call, vals, present, kindErr, err := buildCall(b, c.fn, c.args, c.closure != nil)
			if err == nil {
				err = kindErr
			}
			if err != nil {
				b.Fatal(err)
			}
			ctx := &Context{Now: func() time.Time { return testNow }, Closure: c.closure}
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				if _, err := call.Eval(ctx, vals, present); (err != nil) != c.wantErr {
					b.Fatal(err)
				}
			}
		})
	}
}
