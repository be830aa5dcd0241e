package lake

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/google/uuid"
)

// Kind classifies a sidelined record.
type Kind string

const (
	// KindCast: the transform's output does not fit the table schema.
	KindCast Kind = "cast"
	// KindVRLError: the transform failed at run time.
	KindVRLError Kind = "vrl_error"
	// KindVRLAbort: the transform aborted (counted as Aborted).
	KindVRLAbort Kind = "vrl_abort"
	// KindDecode: the raw line could not be decoded into an event.
	KindDecode Kind = "decode"
)

// SidelineRecord is one JSON line of the sideline.
type SidelineRecord struct {
	Time    time.Time       `json:"time"`
	Source  string          `json:"source"`
	Table   string          `json:"table"`
	Kind    Kind            `json:"kind"`
	Message string          `json:"message"`
	Record  json.RawMessage `json:"record"`
}

// rawRecord embeds raw as JSON when it is JSON (an event, a decoded
// line), else as a JSON string (a line that failed to decode).
func rawRecord(raw []byte) json.RawMessage {
	if len(raw) > 0 && json.Valid(raw) {
		return json.RawMessage(raw)
	}
	b, _ := json.Marshal(string(raw))
	return b
}

// SidelineWriter keeps records that could not be written to their table.
// Batch writes a batch's records in one call, after its files are
// written: the local Sideline appends them to per-table files, the
// S3Sideline puts one object per table per call.
type SidelineWriter interface {
	Write(recs []SidelineRecord) error
}

// Sideline appends failed records to <Dir>/<table>/<yyyy-mm-dd>.jsonl
// (date of the record's Time, UTC). Files stay open until Close.
type Sideline struct {
	Dir string

	mu    sync.Mutex
	files map[string]*os.File
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9_.-]`)

// Write appends records.
func (s *Sideline) Write(recs []SidelineRecord) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.files == nil {
		s.files = map[string]*os.File{}
	}
	for _, r := range recs {
		tbl := r.Table
		if tbl == "" {
			tbl = "_unrouted"
		}
		p := filepath.Join(s.Dir, unsafeName.ReplaceAllString(tbl, "_"), r.Time.UTC().Format("2006-01-02")+".jsonl")
		f := s.files[p]
		if f == nil {
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return err
			}
			var err error
			f, err = os.OpenFile(p, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
			if err != nil {
				return err
			}
			s.files[p] = f
		}
		line, err := json.Marshal(r)
		if err != nil {
			return err
		}
		if _, err := f.Write(append(line, '\n')); err != nil {
			return err
		}
	}
	return nil
}

// Close closes the open files.
func (s *Sideline) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	var first error
	for p, f := range s.files {
		if err := f.Close(); err != nil && first == nil {
			first = err
		}
		delete(s.files, p)
	}
	return first
}

// S3API is the part of the S3 client the sideline and the Lambda
// handlers use; *s3.Client satisfies it.
type S3API interface {
	PutObject(ctx context.Context, in *s3.PutObjectInput, opts ...func(*s3.Options)) (*s3.PutObjectOutput, error)
}

// S3Sideline writes sidelined records to a bucket, the AWS deployment's
// sideline: the same JSON lines as the local sideline, one object per
// table per Write (a batch), at
// <Prefix><table>/<yyyy-mm-dd>/<uuid>.jsonl with the date of the batch's
// first record of that table. S3 has no append, and one object per batch
// keeps a re-run from touching what an earlier run wrote.
type S3Sideline struct {
	Client S3API
	Bucket string
	Prefix string
	// Timeout bounds each PutObject (default 1 minute): Write has no
	// context, since Batch calls it at the end of a commit.
	Timeout time.Duration
}

// Write puts the records, one object per table.
func (s *S3Sideline) Write(recs []SidelineRecord) error {
	if len(recs) == 0 {
		return nil
	}
	byTable := map[string][]SidelineRecord{}
	for _, r := range recs {
		tbl := r.Table
		if tbl == "" {
			tbl = "_unrouted"
		}
		tbl = unsafeName.ReplaceAllString(tbl, "_")
		byTable[tbl] = append(byTable[tbl], r)
	}
	tables := make([]string, 0, len(byTable))
	for t := range byTable {
		tables = append(tables, t)
	}
	slices.Sort(tables)
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = time.Minute
	}
	for _, tbl := range tables {
		rs := byTable[tbl]
		var body bytes.Buffer
		for _, r := range rs {
			line, err := json.Marshal(r)
			if err != nil {
				return err
			}
			body.Write(line)
			body.WriteByte('\n')
		}
		key := s.Prefix + path.Join(tbl, rs[0].Time.UTC().Format("2006-01-02"), uuid.NewString()+".jsonl")
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		_, err := s.Client.PutObject(ctx, &s3.PutObjectInput{
			Bucket:      aws.String(s.Bucket),
			Key:         aws.String(key),
			Body:        bytes.NewReader(body.Bytes()),
			ContentType: aws.String("application/x-ndjson"),
		})
		cancel()
		if err != nil {
			return fmt.Errorf("put s3://%s/%s: %w", s.Bucket, key, err)
		}
	}
	return nil
}
