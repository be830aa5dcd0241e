package lambda

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/google/uuid"

	"github.com/matano-go/matano/runtime/decode"
	"github.com/matano-go/matano/runtime/ingest"
	"github.com/matano-go/matano/runtime/lake"
	"github.com/matano-go/matano/runtime/state"
)

// KindUnrouted sidelines an S3 object that no log source reads (the
// record is {"bucket","key"}; nothing of the object is read).
const KindUnrouted lake.Kind = "unrouted"

// transformer is the transformer's per-container state: one ingest
// Pipeline per log source (kept across warm invocations, since compiling
// the VRL programs and ensuring the tables costs more than most objects)
// and the realtime records of the object being ingested.
type transformer struct {
	run       sync.Mutex // one invocation at a time: a Pipeline is single-goroutine
	mu        sync.Mutex
	pipelines map[string]*ingest.Pipeline
	detect    map[string]bool // tables some detection reads

	rtMu     sync.Mutex
	realtime map[string]*realtimeBuf
	// stagedTables are the tables of the commit messages sent for the
	// object being ingested.
	stagedTables []string
}

// realtimeBuf gathers one table's normalised records as gzip JSON lines.
type realtimeBuf struct {
	buf bytes.Buffer
	gz  *gzip.Writer
	n   int
}

// DetectionsMessage is the detections queue message: the realtime object
// holding a batch's records of one table.
type DetectionsMessage struct {
	Table   string `json:"table"`
	Bucket  string `json:"bucket"`
	Key     string `json:"key"`
	Records int    `json:"records"`
}

// Transform handles a batch of ingest queue messages. Each announced
// object is routed to its log source, streamed from S3 through the
// ingest pipeline, staged as Parquet files in the lake bucket and sent to
// the commit queue; records of tables with detections go to the realtime
// bucket and the detections queue. A message whose object fails (S3 or
// lake errors, not bad records: those are sidelined) is reported back so
// SQS retries it alone.
func (h *Host) Transform(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
	h.tf.run.Lock()
	defer h.tf.run.Unlock()
	var resp events.SQSEventResponse
	for _, m := range ev.Records {
		if err := h.transformMessage(ctx, m.Body); err != nil {
			slog.ErrorContext(ctx, "transform failed", "message_id", m.MessageId, "error", err)
			resp.BatchItemFailures = append(resp.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: m.MessageId})
		}
	}
	return resp, nil
}

func (h *Host) transformMessage(ctx context.Context, body string) error {
	refs, err := parseNotification(body)
	if err != nil {
		return err
	}
	for _, r := range refs {
		if err := h.transformObject(ctx, r); err != nil {
			return fmt.Errorf("%s: %w", r.uri(), err)
		}
	}
	return nil
}

func (h *Host) transformObject(ctx context.Context, r s3Ref) error {
	source, reason := h.Project.route(h.Env.IngestionBucket, r.Bucket, r.Key)
	if source == "" {
		rec, _ := json.Marshal(map[string]string{"bucket": r.Bucket, "key": r.Key})
		side := &lake.S3Sideline{Client: h.S3, Bucket: h.Env.SidelineBucket}
		return side.Write([]lake.SidelineRecord{{Time: h.now(), Kind: KindUnrouted, Message: reason, Record: rec}})
	}
	pl, err := h.pipeline(ctx, source)
	if err != nil {
		return err
	}
	in := &s3.GetObjectInput{Bucket: aws.String(r.Bucket), Key: aws.String(r.Key)}
	if r.VersionID != "" {
		in.VersionId = aws.String(r.VersionID)
	}
	out, err := h.S3.GetObject(ctx, in)
	if err != nil {
		return err
	}
	defer out.Body.Close()
	// The ledger identifies an object by path, size and content digest.
	// S3 hands out the ETag (a digest of the content, per part for a
	// multipart upload) without reading the body, so it stands in for
	// the SHA-256 the local ingest computes: a rewritten object is a new
	// object, a repeated notification the same one.
	obj := state.Object{Path: r.uri(), Size: aws.ToInt64(out.ContentLength),
		SHA256: "etag:" + strings.Trim(aws.ToString(out.ETag), `"`)}
	meta := decode.Metadata{Bucket: r.Bucket, Key: r.Key, Size: obj.Size, Sequencer: r.Sequencer,
		ContentEncoding: aws.ToString(out.ContentEncoding), ContentType: aws.ToString(out.ContentType)}
	h.tf.resetRealtime()
	res, err := pl.Ingest(ctx, obj, out.Body, meta)
	if err != nil {
		return err
	}
	// One object per batch (Config.BatchObjects 1) already flushed; an
	// object the ledger knew as done left an empty batch behind.
	if err := pl.Flush(ctx); err != nil {
		return err
	}
	if res.AlreadyIngested {
		return nil
	}
	// Every commit message of the object is on the queue: the ledger
	// learns which tables to wait for. With none (every record
	// sidelined or aborted, the metadata selector skipped the object,
	// or an earlier attempt's commits already hold its rows) no
	// committer will complete the object, and Expect marks it done at
	// once; a repeated notification is then a no-op as for any other.
	_, err = h.Ledger.Expect(ctx, obj.Key(), h.tf.stagedTables)
	return err
}

// pipeline returns the log source's pipeline, building it on first use.
func (h *Host) pipeline(ctx context.Context, source string) (*ingest.Pipeline, error) {
	h.tf.mu.Lock()
	defer h.tf.mu.Unlock()
	if pl := h.tf.pipelines[source]; pl != nil {
		return pl, nil
	}
	l, err := h.Lake(ctx)
	if err != nil {
		return nil, err
	}
	if h.tf.detect == nil {
		h.tf.detect = h.Project.detectionTables()
	}
	pl, err := ingest.New(ctx, ingest.Config{
		Project: h.Project.Project, Schemas: h.Project.Schemas, Lake: l, Source: source,
		// One object per batch: every commit message then names one
		// source object, which is what lets the committer skip a message
		// staged twice (see the package doc).
		BatchObjects: 1,
		Now:          h.now,
		NoDetect:     true,
		NoNotify:     true,
		Stage:        h.staged,
		Record:       h.record,
	})
	if err != nil {
		return nil, err
	}
	if h.tf.pipelines == nil {
		h.tf.pipelines = map[string]*ingest.Pipeline{}
	}
	h.tf.pipelines[source] = pl
	return pl, nil
}

// record buffers a normalised record of a table some detection reads.
func (h *Host) record(table string, rec []byte) error {
	if !h.tf.detect[table] || h.Env.RealtimeBucket == "" {
		return nil
	}
	h.tf.rtMu.Lock()
	defer h.tf.rtMu.Unlock()
	if h.tf.realtime == nil {
		h.tf.realtime = map[string]*realtimeBuf{}
	}
	b := h.tf.realtime[table]
	if b == nil {
		b = &realtimeBuf{}
		b.gz = gzip.NewWriter(&b.buf)
		h.tf.realtime[table] = b
	}
	b.n++
	if _, err := b.gz.Write(rec); err != nil {
		return err
	}
	_, err := b.gz.Write([]byte{'\n'})
	return err
}

func (t *transformer) resetRealtime() {
	t.rtMu.Lock()
	clear(t.realtime)
	t.stagedTables = nil
	t.rtMu.Unlock()
}

// staged sends a batch's staged files to the commit queue, one message
// per table in the table's message group, then hands the batch's
// realtime records to the detections. The deduplication id is a digest
// of the file paths, so a retried send within SQS's five-minute window is
// dropped by SQS itself.
func (h *Host) staged(ctx context.Context, staged []lake.Staged) error {
	if err := h.sendStaged(ctx, staged); err != nil {
		return err
	}
	h.tf.rtMu.Lock()
	for _, s := range staged {
		h.tf.stagedTables = append(h.tf.stagedTables, s.Table)
	}
	h.tf.rtMu.Unlock()
	return h.flushRealtime(ctx)
}

// sendStaged sends every table's message of a batch in SendMessageBatch
// calls, resending entries SQS did not take a few times before giving
// up (a failure fails the object, which SQS then redelivers; the ledger
// does not count it done before Expect, so nothing is lost). Resends are
// harmless: same deduplication id.
func (h *Host) sendStaged(ctx context.Context, staged []lake.Staged) error {
	var entries []sqstypes.SendMessageBatchRequestEntry
	for i, s := range staged {
		body, err := json.Marshal(s)
		if err != nil {
			return err
		}
		entries = append(entries, sqstypes.SendMessageBatchRequestEntry{
			Id:                     aws.String(strconv.Itoa(i)),
			MessageBody:            aws.String(string(body)),
			MessageGroupId:         aws.String(s.Table),
			MessageDeduplicationId: aws.String(dedupID(s.Paths)),
		})
	}
	for len(entries) > 0 {
		n := min(len(entries), 10) // SQS's batch limit
		if err := h.sendBatch(ctx, entries[:n]); err != nil {
			return fmt.Errorf("commit queue: %w", err)
		}
		entries = entries[n:]
	}
	return nil
}

func (h *Host) sendBatch(ctx context.Context, entries []sqstypes.SendMessageBatchRequestEntry) error {
	const attempts = 5
	for attempt := 1; ; attempt++ {
		out, err := h.SQS.SendMessageBatch(ctx, &sqs.SendMessageBatchInput{
			QueueUrl: aws.String(h.Env.CommitQueueURL), Entries: entries})
		var failed []sqstypes.SendMessageBatchRequestEntry
		if err == nil {
			for _, f := range out.Failed {
				if f.SenderFault {
					return fmt.Errorf("message %s refused: %s: %s", aws.ToString(f.Id), aws.ToString(f.Code), aws.ToString(f.Message))
				}
				for _, e := range entries {
					if aws.ToString(e.Id) == aws.ToString(f.Id) {
						failed = append(failed, e)
					}
				}
				err = fmt.Errorf("%s: %s", aws.ToString(f.Code), aws.ToString(f.Message))
			}
		}
		if err == nil {
			return nil
		}
		if attempt == attempts {
			return err
		}
		if len(failed) > 0 {
			entries = failed
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Duration(attempt*attempt) * 100 * time.Millisecond):
		}
	}
}

func dedupID(paths []string) string {
	sum := sha256.Sum256([]byte(strings.Join(paths, "\n")))
	return hex.EncodeToString(sum[:])
}

// flushRealtime writes each table's buffered records to
// s3://<realtime>/<table>/<yyyy>/<mm>/<dd>/<uuid>.json.gz and announces
// the object on the detections queue.
func (h *Host) flushRealtime(ctx context.Context) error {
	h.tf.rtMu.Lock()
	bufs := h.tf.realtime
	h.tf.realtime = nil
	h.tf.rtMu.Unlock()
	var errs []error
	for _, table := range slices.Sorted(maps.Keys(bufs)) {
		b := bufs[table]
		if err := b.gz.Close(); err != nil {
			return err
		}
		key := path.Join(table, h.now().UTC().Format("2006/01/02"), uuid.NewString()+".json.gz")
		_, err := h.S3.PutObject(ctx, &s3.PutObjectInput{
			Bucket: aws.String(h.Env.RealtimeBucket), Key: aws.String(key),
			Body: bytes.NewReader(b.buf.Bytes()), ContentType: aws.String("application/x-ndjson"),
			ContentEncoding: aws.String("gzip"),
		})
		if err != nil {
			errs = append(errs, fmt.Errorf("realtime s3://%s/%s: %w", h.Env.RealtimeBucket, key, err))
			continue
		}
		if h.Env.DetectionsQueueURL == "" {
			continue
		}
		msg, _ := json.Marshal(DetectionsMessage{Table: table, Bucket: h.Env.RealtimeBucket, Key: key, Records: b.n})
		if _, err := h.SQS.SendMessage(ctx, &sqs.SendMessageInput{
			QueueUrl: aws.String(h.Env.DetectionsQueueURL), MessageBody: aws.String(string(msg)),
		}); err != nil {
			errs = append(errs, fmt.Errorf("detections queue: %w", err))
		}
	}
	return errors.Join(errs...)
}
