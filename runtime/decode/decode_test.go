package decode

import (
	"bytes"
	"cmp"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/matano-go/matano/runtime/vrl/value"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden/")

// testClock is the injected ingest time of every test.
var testClock = func() time.Time { return time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC) }

// expandRecords stands in for the compiled VRL program
// `parse_json!(.__raw).Records`.
func expandRecords(payload value.Value) (value.Value, error) {
	raw, ok := payload.Obj().Get("__raw")
	if !ok || raw.Type() != value.TypeBytes {
		return value.Null, errors.New("no .__raw")
	}
	doc, err := value.FromJSON([]byte(raw.Str()))
	if err != nil {
		return value.Null, fmt.Errorf("function call error for \"parse_json\": %v", err)
	}
	if doc.Obj() == nil {
		return value.Null, nil // .Records of a non-object is null
	}
	recs, _ := doc.Obj().Get("Records")
	return recs, nil
}

// render prints a decoded object as the golden files hold it: one line per
// record, then the counters. The related lists are checked here rather
// than repeated on every line.
func render(t *testing.T, d *Decoder) string {
	t.Helper()
	var b strings.Builder
	for d.Next() {
		rec := d.Record()
		if e := rec.Err; e != nil {
			if e.Kind != KindDecode {
				t.Errorf("error kind %q", e.Kind)
			}
			fmt.Fprintf(&b, "error line=%d offset=%d index=%d truncated=%v reason=%q raw=%q\n",
				e.Line, e.Offset, e.Index, e.Truncated, e.Reason, e.Raw)
			continue
		}
		o := rec.Value.Obj()
		if o == nil {
			t.Fatalf("record is %s", rec.Value.Type())
		}
		if path := notShared(rec.Value, ""); path != "" {
			t.Errorf("record line=%d: container %s is not marked shared", rec.Line, path)
		}
		rel, _ := o.Get("related")
		if got := string(value.AppendJSON(nil, rel)); got != `{"hash":[],"ip":[],"user":[]}` {
			t.Errorf("related = %s", got)
		}
		shown := value.NewObject(o.Len())
		for _, e := range o.Entries() {
			if e.Key != "related" {
				shown.Set(e.Key, e.Value)
			}
		}
		fmt.Fprintf(&b, "record line=%d offset=%d %s\n", rec.Line, rec.Offset, value.AppendJSON(nil, value.ObjectValue(shown)))
	}
	if err := d.Err(); err != nil {
		fmt.Fprintf(&b, "fatal %v\n", err)
	}
	s := d.Stats()
	used, hint := d.Compression()
	fmt.Fprintf(&b, "stats format=%s compression=%s hint=%s records=%d errors=%d control=%d in=%d out=%d\n",
		d.Format(), used, hint, s.Records, s.Errors, s.ControlMessages, s.BytesIn, s.BytesOut)
	return b.String()
}

var goldenCases = []struct {
	name string
	file string
	opt  Options
}{
	{"jsonl", "cloudtrail.jsonl", Options{}},
	{"jsonl_gzip", "cloudtrail.jsonl.gz", Options{}},
	{"jsonl_zstd", "cloudtrail.jsonl.zst", Options{}},
	{"jsonl_gzip_multimember", "multimember.jsonl.gz", Options{}},
	{"jsonl_zstd_multiframe", "multiframe.jsonl.zst", Options{}},
	{"gzip_without_extension", "mislabeled.json", Options{}},
	{"plain_with_gz_extension", "plain.jsonl.gz", Options{}},
	{"forced_gzip_on_plain", "cloudtrail.jsonl", Options{Compression: CompressionGzip}},
	{"forced_zstd", "cloudtrail.jsonl.zst", Options{Compression: CompressionZstd}},
	{"forced_none_on_gzip", "cloudtrail.jsonl.gz", Options{Compression: CompressionNone, MaxRawBytes: 16}},
	{"gzip_truncated", "truncated.jsonl.gz", Options{}},
	{"gzip_corrupt", "corrupt.jsonl.gz", Options{}},
	{"malformed_lines", "malformed.jsonl", Options{MaxLineBytes: 64}},
	{"malformed_lines_raw_limit", "malformed.jsonl", Options{MaxLineBytes: 64, MaxRawBytes: 8}},
	{"text", "text.log", Options{Format: FormatText}},
	{"csv_header_row", "headers.csv", Options{}},
	{"csv_zstd", "headers.csv.zst", Options{}},
	{"csv_configured_headers", "noheader.csv", Options{CSVHeaders: []string{"time", "ip", "action", "port"}}},
	{"csv_bom", "bom.csv", Options{}},
	{"cloudwatch_firehose", "cloudwatch.gz", Options{CloudWatch: true}},
	{"cloudwatch_nested_gzip", "cloudwatch_nested.gz", Options{CloudWatch: true}},
	{"cloudwatch_plain", "cloudwatch_plain.json", Options{CloudWatch: true}},
	{"cloudwatch_sqs_string", "cloudwatch_sqs.json", Options{CloudWatch: true}},
	{"cloudwatch_envelope_limit", "cloudwatch_plain.json", Options{CloudWatch: true, MaxLineBytes: 300, MaxRawBytes: 20}},
	{"document", "document.json", Options{Expand: expandRecords}},
	{"document_gzip", "document.json.gz", Options{Expand: expandRecords}},
	{"document_over_limit", "document.json", Options{Expand: expandRecords, MaxDocumentBytes: 100, MaxRawBytes: 30}},
	{"document_not_json", "text.log", Options{Expand: expandRecords, MaxRawBytes: 20}},
	{"document_of_envelopes", "cloudwatch_records.json", Options{Expand: expandRecords, CloudWatch: true}},
}

// TestGolden decodes every fixture and compares the records with
// testdata/golden/<case>.txt (go test -update rewrites them).
func TestGolden(t *testing.T) {
	seen := map[string]bool{}
	for _, tc := range goldenCases {
		t.Run(tc.name, func(t *testing.T) {
			f, err := os.Open(filepath.Join("testdata", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			opt := tc.opt
			opt.Now = testClock
			d, err := Open(f, tc.file, opt)
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			got := render(t, d)
			golden := filepath.Join("testdata", "golden", tc.name+".txt")
			seen[tc.name+".txt"] = true
			if *update {
				os.MkdirAll(filepath.Dir(golden), 0o755)
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs (run go test -update and review the diff)\n--- got\n%s--- want\n%s", golden, got, want)
			}
		})
	}
	// A golden file with no case is a test that silently stopped running.
	entries, _ := os.ReadDir(filepath.Join("testdata", "golden"))
	for _, e := range entries {
		if !seen[e.Name()] {
			t.Errorf("orphaned golden file testdata/golden/%s", e.Name())
		}
	}
}

func TestRecordErrorString(t *testing.T) {
	tests := []struct {
		e    Error
		want string
	}{
		{Error{Kind: KindDecode, Line: 3, Offset: 90, Reason: "bad"}, "decode: line 3: bad"},
		{Error{Kind: KindDecode, Offset: 90, Index: 2, Reason: "bad"}, "decode: offset 90: record 2: bad"},
		{Error{Kind: KindDecode, Reason: "bad"}, "decode: bad"},
	}
	for _, tt := range tests {
		if got := tt.e.Error(); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
}

var _ = bytes.NewReader

// chunkReader returns its chunks one Read at a time.
type chunkReader struct{ chunks []string }

func (c *chunkReader) Read(b []byte) (int, error) {
	if len(c.chunks) == 0 {
		return 0, io.EOF
	}
	n := copy(b, c.chunks[0])
	c.chunks[0] = c.chunks[0][n:]
	if c.chunks[0] == "" {
		c.chunks = c.chunks[1:]
	}
	return n, nil
}

// TestIngestTimePerRead: the clock is read once per read of the input;
// the records that came in one read share its time, and the next read's
// records get a later one (a slow stream is not stamped with a stale time).
func TestIngestTimePerRead(t *testing.T) {
	calls := 0
	clock := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	now := func() time.Time {
		calls++
		return clock.Add(time.Duration(calls) * time.Second)
	}
	r := &chunkReader{chunks: []string{"{\"a\":1}\n{\"a\":2}\n", "{\"a\":3}\nplain\n", "{\"a\":5}\n"}}
	d, err := Open(r, "x.log", Options{Format: FormatText, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var got []int64
	for d.Next() {
		ts, _ := d.Record().Value.Obj().Get("ts")
		got = append(got, int64(ts.Time().Sub(clock)/time.Second))
	}
	if d.Err() != nil {
		t.Fatal(d.Err())
	}
	want := []int64{1, 1, 2, 2, 3}
	if !slices.Equal(got, want) {
		t.Fatalf("ingest times (s after the clock's start) %v, want %v", got, want)
	}
}

// notShared returns the path of a container of v that is not marked
// shared, or "" (decoded records are shared from the root down; see
// sharedRecords).
func notShared(v value.Value, path string) string {
	switch v.Type() {
	case value.TypeObject:
		if !v.Obj().Shared() {
			return cmp.Or(path, ".")
		}
		for _, e := range v.Obj().Entries() {
			if p := notShared(e.Value, path+"."+e.Key); p != "" {
				return p
			}
		}
	case value.TypeArray:
		if !v.Arr().Shared() {
			return cmp.Or(path, ".")
		}
		for i, it := range v.Arr().Items {
			if p := notShared(it, fmt.Sprintf("%s[%d]", path, i)); p != "" {
				return p
			}
		}
	}
	return ""
}
