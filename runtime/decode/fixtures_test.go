package decode

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

// The compressed fixtures are built from the text ones by
// `go test -run TestFixtures -regen`; they are committed so the decoding
// tests read exactly the bytes a reviewer can inspect (and so a change in
// the compressor's output cannot hide a decoder change).
var regen = flag.Bool("regen", false, "rebuild the compressed fixtures in testdata/")

func gz(t testing.TB, b []byte) []byte {
	var buf bytes.Buffer
	w, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(b)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func zst(t testing.TB, b []byte) []byte {
	enc, err := zstd.NewWriter(nil, zstd.WithEncoderConcurrency(1))
	if err != nil {
		t.Fatal(err)
	}
	defer enc.Close()
	return enc.EncodeAll(b, nil)
}

func cat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

// cloudWatch envelopes, written without separators as Firehose does.
var (
	cwData1 = []byte(`{"messageType":"DATA_MESSAGE","owner":"123456789012","logGroup":"/aws/lambda/f","logStream":"2024/01/02/[$LATEST]abc","subscriptionFilters":["all"],"logEvents":[` +
		`{"id":"1","timestamp":1704164645123,"message":"{\"level\":\"error\",\"msg\":\"boom\"}"},` +
		`{"id":"2","timestamp":1704164646000,"message":"START RequestId: 42 Version: $LATEST"}]}`)
	cwControl = []byte(`{"messageType":"CONTROL_MESSAGE","owner":"CloudwatchLogs","logGroup":"","logStream":"","subscriptionFilters":[],"logEvents":[{"id":"","timestamp":1704164640000,"message":"CWL CONTROL MESSAGE: Checking health of destination Firehose."}]}`)
	cwData2   = []byte(`{"messageType":"DATA_MESSAGE","owner":"123456789012","logGroup":"/aws/vpc/flow","logStream":"eni-1","subscriptionFilters":["all"],"logEvents":[` +
		`{"id":"3","timestamp":1704164647000,"message":"2 123456789012 eni-1 10.0.0.1 10.0.0.2 443 49152 6 10 840 1704164640 1704164700 ACCEPT OK"},` +
		`{"id":"4","timestamp":1704164648000,"message":17}]}`)
)

func TestFixtures(t *testing.T) {
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	ct := read("cloudtrail.jsonl")
	half := bytes.IndexByte(ct, '\n') + 1
	ctgz := gz(t, ct)
	cw := cat(gz(t, cwData1), gz(t, cwControl), gz(t, cwData2))
	// An SQS body after one more JSON encoding: a string holding the
	// envelope.
	sqs, err := json.Marshal(string(cwData1))
	if err != nil {
		t.Fatal(err)
	}
	sqs = append(sqs, '\n')
	// Envelopes inside a document, expanded by a program: an object, a
	// string holding one, and something that is neither.
	control, err := json.Marshal(string(cwControl))
	if err != nil {
		t.Fatal(err)
	}
	records := cat([]byte(`{"Records":[`), cwData1, []byte(","), control, []byte(`,5]}`))
	want := map[string][]byte{
		"cloudwatch_records.json": records,
		"cloudtrail.jsonl.gz":     ctgz,
		"cloudtrail.jsonl.zst":    zst(t, ct),
		"multimember.jsonl.gz":    cat(gz(t, ct[:half]), gz(t, ct[half:])),
		"multiframe.jsonl.zst":    cat(zst(t, ct[:half]), zst(t, ct[half:])),
		"mislabeled.json":         ctgz,
		"plain.jsonl.gz":          ct,
		"truncated.jsonl.gz":      ctgz[:len(ctgz)*2/3],
		"corrupt.jsonl.gz":        cat(ctgz[:20], bytes.Repeat([]byte{0xff}, 40), ctgz[60:]),
		"cloudwatch.gz":           cw,
		"cloudwatch_nested.gz":    gz(t, cw),
		"cloudwatch_plain.json":   cat(cwData1, []byte("\n"), cwControl, []byte("\n\n"), []byte("{not json}"), cwData2),
		"cloudwatch_sqs.json":     sqs,
		"document.json.gz":        gz(t, read("document.json")),
		"headers.csv.zst":         zst(t, read("headers.csv")),
	}
	for name, b := range want {
		p := filepath.Join("testdata", name)
		if *regen {
			if err := os.WriteFile(p, b, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(p)
		if err != nil {
			t.Fatalf("%v (run go test -run TestFixtures -regen)", err)
		}
		// Compressed bytes may differ between compressor versions; what
		// must not differ is the content.
		if name == "plain.jsonl.gz" || strings.HasPrefix(name, "cloudwatch_") && strings.HasSuffix(name, ".json") {
			if !bytes.Equal(got, b) {
				t.Errorf("%s is stale (run go test -run TestFixtures -regen)", p)
			}
		}
	}
}
