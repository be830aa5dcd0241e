package decode

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// cloudTrailLines generates n CloudTrail-shaped JSON lines (about 1.7 KB
// each: nested userIdentity and sessionContext, request parameters, a
// resources array, a user agent with escapes, integers and booleans), with
// varying values so that nothing is accidentally shared between lines.
func cloudTrailLines(n int) []byte {
	rng := rand.New(rand.NewPCG(1, 2))
	events := []string{"GetObject", "PutObject", "AssumeRole", "Decrypt", "DescribeInstances", "ConsoleLogin"}
	var b bytes.Buffer
	for i := range n {
		ev := events[rng.IntN(len(events))]
		fmt.Fprintf(&b, `{"eventVersion":"1.08","userIdentity":{"type":"AssumedRole","principalId":"AROA%012d:session-%d",`+
			`"arn":"arn:aws:sts::123456789012:assumed-role/Admin/session-%d","accountId":"123456789012","accessKeyId":"ASIA%016d",`+
			`"sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROA%012d","arn":"arn:aws:iam::123456789012:role/Admin",`+
			`"accountId":"123456789012","userName":"Admin"},"webIdFederationData":{},"attributes":{"creationDate":"2024-01-02T03:%02d:05Z","mfaAuthenticated":"false"}}},`+
			`"eventTime":"2024-01-02T03:%02d:%02dZ","eventSource":"s3.amazonaws.com","eventName":"%s","awsRegion":"us-east-1",`+
			`"sourceIPAddress":"10.%d.%d.%d","userAgent":"[aws-cli/2.13.0 Python/3.11.4 Linux/5.10 exe/x86_64 prompt/off command/s3.cp \"quoted\"]",`+
			`"requestParameters":{"bucketName":"bucket-%d","Host":"bucket-%d.s3.us-east-1.amazonaws.com","key":"logs/2024/01/02/object-%d.json.gz"},`+
			`"responseElements":null,"additionalEventData":{"SignatureVersion":"SigV4","CipherSuite":"ECDHE-RSA-AES128-GCM-SHA256",`+
			`"bytesTransferredIn":0,"AuthenticationMethod":"AuthHeader","x-amz-id-2":"%016x","bytesTransferredOut":%d},`+
			`"requestID":"%016X","eventID":"%08x-%04x-%04x-%04x-%012x","readOnly":%v,`+
			`"resources":[{"type":"AWS::S3::Object","ARN":"arn:aws:s3:::bucket-%d/logs/object-%d.json.gz"},`+
			`{"accountId":"123456789012","type":"AWS::S3::Bucket","ARN":"arn:aws:s3:::bucket-%d"}],`+
			`"eventType":"AwsApiCall","managementEvent":false,"recipientAccountId":"123456789012","eventCategory":"Data",`+
			`"tlsDetails":{"tlsVersion":"TLSv1.2","cipherSuite":"ECDHE-RSA-AES128-GCM-SHA256","clientProvidedHostHeader":"bucket-%d.s3.us-east-1.amazonaws.com"}}`+"\n",
			rng.IntN(1e12), i, i, rng.Int64N(1e16), rng.IntN(1e12), i%60,
			i%60, rng.IntN(60), ev,
			rng.IntN(256), rng.IntN(256), rng.IntN(256),
			i%10, i%10, i,
			rng.Uint64(), rng.IntN(1<<20),
			rng.Uint64(), rng.Uint32(), rng.Uint32()&0xffff, rng.Uint32()&0xffff, rng.Uint32()&0xffff, rng.Uint64()&0xffffffffffff, rng.IntN(2) == 0,
			i%10, i, i%10, i%10)
	}
	return b.Bytes()
}

const benchLines = 4000

func benchDecode(b *testing.B, data []byte, raw int, name string, opt Options) {
	b.SetBytes(int64(raw)) // MB/s of decompressed input
	b.ReportAllocs()
	opt.Now = func() time.Time { return time.Unix(1704164645, 0) }
	var records int
	cpu0 := processCPU()
	for b.Loop() {
		d, err := Open(bytes.NewReader(data), name, opt)
		if err != nil {
			b.Fatal(err)
		}
		records = 0
		for d.Next() {
			if d.Record().Err != nil {
				b.Fatal(d.Record().Err)
			}
			records++
		}
		if d.Err() != nil {
			b.Fatal(d.Err())
		}
		d.Close()
	}
	b.ReportMetric(float64(records), "records/op")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(records), "ns/record")
	// CPU time, GC workers included, is steadier than wall time on a
	// shared machine where other processes take turns on the cores.
	b.ReportMetric(float64(processCPU()-cpu0)/float64(b.N)/float64(records), "cpu-ns/record")
}

// BenchmarkJSONLines decodes uncompressed CloudTrail-shaped lines.
func BenchmarkJSONLines(b *testing.B) {
	data := cloudTrailLines(benchLines)
	benchDecode(b, data, len(data), "ct.jsonl", Options{})
}

// BenchmarkGzipJSONLines is BenchmarkJSONLines on a gzip object.
func BenchmarkGzipJSONLines(b *testing.B) {
	data := cloudTrailLines(benchLines)
	benchDecode(b, gz(b, data), len(data), "ct.jsonl.gz", Options{})
}

// BenchmarkZstdJSONLines is BenchmarkJSONLines on a zstd object.
func BenchmarkZstdJSONLines(b *testing.B) {
	data := cloudTrailLines(benchLines)
	benchDecode(b, zst(b, data), len(data), "ct.jsonl.zst", Options{})
}

// BenchmarkText decodes the same lines as text (every line is also parsed
// as JSON, as Matano does before a transform).
func BenchmarkText(b *testing.B) {
	data := cloudTrailLines(benchLines)
	benchDecode(b, data, len(data), "ct.log", Options{Format: FormatText})
}

// BenchmarkCSV decodes VPC-flow-shaped CSV rows.
func BenchmarkCSV(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("version,account_id,interface_id,srcaddr,dstaddr,srcport,dstport,protocol,packets,bytes,start,end,action,log_status\n")
	for i := range 20000 {
		fmt.Fprintf(&sb, "2,123456789012,eni-%08x,10.0.%d.%d,10.1.%d.%d,%d,443,6,%d,%d,1704164640,1704164700,ACCEPT,OK\n",
			i, i%256, i%200, i%100, i%250, 1024+i%60000, i%100, i*40)
	}
	data := []byte(sb.String())
	benchDecode(b, data, len(data), "flow.csv", Options{})
}

// BenchmarkParseCloudTrail compares the decoder's JSON parser with
// value.FromJSON (encoding/json) on one line.
func BenchmarkParseCloudTrail(b *testing.B) {
	line := bytes.TrimSpace(cloudTrailLines(1))
	b.Run("parser", func(b *testing.B) {
		b.SetBytes(int64(len(line)))
		b.ReportAllocs()
		var p jsonParser
		cpu0 := processCPU()
		for b.Loop() {
			if _, err := p.parse(string(line)); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(processCPU()-cpu0)/float64(b.N), "cpu-ns/op")
	})
	b.Run("FromJSON", func(b *testing.B) {
		b.SetBytes(int64(len(line)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := value.FromJSON(line); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// ingestLines returns n lines of bench/ingest's workload (the input of
// bench/ingest/run.sh), cycling testdata/cloudtrail_bench.jsonl: 64 lines
// its generator wrote (`go run ./bench/ingest -lines 64`), so that the
// decoder's share of the ingest benchmark can be measured here alone.
func ingestLines(n int) []byte {
	data, err := os.ReadFile(filepath.Join("testdata", "cloudtrail_bench.jsonl"))
	if err != nil {
		panic(err)
	}
	lines := bytes.SplitAfter(bytes.TrimSpace(data), []byte("\n"))
	var b bytes.Buffer
	for i := range n {
		b.Write(bytes.TrimSuffix(lines[i%len(lines)], []byte("\n")))
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// BenchmarkTextIngest is the decoder's share of bench/ingest/run.sh:
// `matano ingest` reads .jsonl objects as FormatText (each line becomes
// {json, message, related, ts}), on bench/ingest-shaped lines.
func BenchmarkTextIngest(b *testing.B) {
	data := ingestLines(benchLines)
	benchDecode(b, data, len(data), "ct.jsonl", Options{Format: FormatText})
}
