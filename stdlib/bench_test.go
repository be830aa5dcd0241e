package stdlib

import (
	"testing"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// Benchmarks of the functions on the per-event hot path of typical Matano
// transforms. Each compiles the call once and evaluates it per iteration
// (benchCall, harness_test.go), as the interpreter does.

// String tests and rewrites, conversions, compaction of parsed events.

func BenchmarkCoreContains(b *testing.B) {
	benchCall(b, "contains", tStr("GET /api/v1/users?id=42 HTTP/1.1"), tStr("users"))
}

func BenchmarkCoreContainsFold(b *testing.B) {
	benchCall(b, "contains", tStr("GET /api/v1/users?id=42 HTTP/1.1"), tStr("USERS"), value.False)
}

func BenchmarkCoreReplaceRegex(b *testing.B) {
	benchCall(b, "replace", tStr("user=alice ip=10.0.0.1 user=bob"), tRe(`user=(\w+)`), tStr("user=<$1>"))
}

func BenchmarkCoreSplit(b *testing.B) {
	benchCall(b, "split", tStr("a,b,c,d,e,f,g,h"), tStr(","))
}

func BenchmarkCoreToInt(b *testing.B) {
	benchCall(b, "to_int", tStr("1234567"))
}

func BenchmarkCoreToStringFloat(b *testing.B) {
	benchCall(b, "to_string", value.Float(1234.5678))
}

func BenchmarkCoreCompact(b *testing.B) {
	benchCall(b, "compact", tJSON(`{"a": 1, "b": "", "c": {"d": null, "e": [1, null]}, "f": "x"}`))
}

// The parsers most used on log pipelines.

func BenchmarkNetparseVPCFlowLog(b *testing.B) {
	benchCall(b, "parse_aws_vpc_flow_log",
		value.Bytes("2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK"))
}

func BenchmarkNetparseUserAgentFast(b *testing.B) {
	benchCall(b, "parse_user_agent",
		value.Bytes("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"))
}

func BenchmarkNetparseURL(b *testing.B) {
	benchCall(b, "parse_url", value.Bytes("https://user:pw@example.com:8443/a/b/../c?x=1&y=%20z#frag"))
}

func BenchmarkNetparseCIDRConst(b *testing.B) {
	cidrs := value.ArrayValue([]value.Value{value.Bytes("10.0.0.0/8"), value.Bytes("172.16.0.0/12"), value.Bytes("192.168.0.0/16")})
	benchCall(b, "ip_cidr_contains", cidrs, value.Bytes("192.168.10.32"))
}

func BenchmarkNetparseCommunityID(b *testing.B) {
	benchCall(b, "community_id", value.Bytes("1.2.3.4"), value.Bytes("5.6.7.8"), value.Integer(6), value.Integer(1122), value.Integer(3344))
}

func BenchmarkTimefmtParseCommonLog(b *testing.B) {
	items := tfItems(webLogDefaultTimeFormat)
	for i := 0; i < b.N; i++ {
		p, err := tfParseWhole("10/Oct/2000:13:55:36 -0700", items)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := p.toFixed(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseGrok(b *testing.B) {
	benchCall(b, "parse_grok", tStr("2020-10-02T23:22:12.223222Z info Hello world"),
		tStr("%{TIMESTAMP_ISO8601:timestamp} %{LOGLEVEL:level} %{GREEDYDATA:message}"))
}

func BenchmarkParseSyslog(b *testing.B) {
	benchCall(b, "parse_syslog", tStr(`<13>1 2020-03-13T20:45:38.119Z host app 2426 ID931 [sd@1 a="1"] message`))
}

func BenchmarkParseCommonLog(b *testing.B) {
	benchCall(b, "parse_common_log", tStr(`127.0.0.1 bob frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326`))
}

// A CloudTrail record: the parse_json input of the most common Matano
// source, mostly escape-free strings in nested objects.
func BenchmarkParseJSONCloudTrail(b *testing.B) {
	benchCall(b, "parse_json", tStr(`{"eventVersion":"1.08","userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLE:session","arn":"arn:aws:sts::123456789012:assumed-role/Admin/session","accountId":"123456789012","accessKeyId":"ASIAEXAMPLE","sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROAEXAMPLE","arn":"arn:aws:iam::123456789012:role/Admin","accountId":"123456789012","userName":"Admin"},"attributes":{"creationDate":"2021-06-01T12:00:00Z","mfaAuthenticated":"false"}}},"eventTime":"2021-06-01T12:34:56Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"us-east-1","sourceIPAddress":"192.0.2.10","userAgent":"[aws-cli/2.2.5 Python/3.8.8 Linux/5.4 exe/x86_64.amzn.2 prompt/off command/s3.cp]","requestParameters":{"bucketName":"example-bucket","Host":"example-bucket.s3.amazonaws.com","key":"logs/2021/06/01/file \"one\".json.gz"},"responseElements":null,"additionalEventData":{"SignatureVersion":"SigV4","CipherSuite":"ECDHE-RSA-AES128-GCM-SHA256","bytesTransferredIn":0,"AuthenticationMethod":"AuthHeader","x-amz-id-2":"abc/def+ghi=","bytesTransferredOut":1024.5},"requestID":"EXAMPLE123","eventID":"a1b2c3d4-5678-90ab-cdef-EXAMPLE11111","readOnly":true,"resources":[{"type":"AWS::S3::Object","ARN":"arn:aws:s3:::example-bucket/logs/file.json.gz"},{"accountId":"123456789012","type":"AWS::S3::Bucket","ARN":"arn:aws:s3:::example-bucket"}],"eventType":"AwsApiCall","managementEvent":false,"recipientAccountId":"123456789012","eventCategory":"Data","tlsDetails":{"tlsVersion":"TLSv1.2","cipherSuite":"ECDHE-RSA-AES128-GCM-SHA256","clientProvidedHostHeader":"example-bucket.s3.amazonaws.com"}}`))
}
