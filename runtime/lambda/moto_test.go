package lambda

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/matano-go/matano/runtime/lake"
	"github.com/matano-go/matano/runtime/mototest"
	"github.com/matano-go/matano/runtime/state"
)

// testProject is the bundled config/ of a bootstrap zip: a JSON log
// source, and a detection on its table (detection.yml only, as the
// bootstrap bundle carries it).
var testProject = map[string]string{
	"matano.config.yml": "aws:\n  account: \"123456789012\"\n  region: us-east-1\nis_production: false\n",
	"log_sources/web/log_source.yml": `name: web
schema:
  ecs_field_names:
    - event.action
    - user.name
  fields:
    - name: web
      type:
        type: struct
        fields:
          - name: status
            type: long
transform: |
  .ts = parse_timestamp!(.json.time, "%+")
  .event.action = string!(.json.action)
  .user.name = del(.json.user)
  .web.status = to_int!(.json.status)
`,
	"detections/failed_login/detection.yml": `name: failed_login
tables:
  - web
alert:
  severity: medium
  threshold: 2
`,
	"detections/failed_login/detect.py": "def detect(record):\n    return record.deepget(\"event.action\") == \"login\" and record.deepget(\"web.status\", 0) >= 400\n",
}

const webLines = `{"time":"2024-03-01T10:00:00Z","action":"login","user":"ann","status":200}
{"time":"2024-03-01T10:05:00Z","action":"login","user":"bob","status":"not a number"}
{"time":"2024-03-01T11:00:00Z","action":"logout","user":"ann","status":200}
`

func writeProject(t *testing.T) string {
	dir := t.TempDir()
	for name, content := range testProject {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// deployment is the storage stack's resources, created on moto.
type deployment struct {
	env    Env
	s3     *s3.Client
	sqs    *sqs.Client
	ingest string // ingest queue URL
	// testEvent is S3's s3:TestEvent message.
	testEvent events.SQSEvent
}

func deploy(t *testing.T, ctx context.Context, endpoint string) *deployment {
	t.Helper()
	env := EnvFromGetenv(func(k string) string {
		return map[string]string{
			"MATANO_CONFIG_DIR": writeProject(t),
			"LAKE_BUCKET":       "lake", "SIDELINE_BUCKET": "sideline", "REALTIME_BUCKET": "realtime",
			"INGESTION_BUCKET": "ingestion", "GLUE_DATABASE": "matano",
			"LEDGER_TABLE": "ledger", "ALERT_STATE_TABLE": "alert-state",
			"AWS_ENDPOINT_URL": endpoint,
		}[k]
	})
	h := &Host{Env: env}
	cfg := mustAWS(t, ctx, endpoint)
	h.AWS = cfg
	d := &deployment{s3: h.lakeAWS().S3Client(), sqs: sqs.NewFromConfig(cfg)}
	for _, b := range []string{"ingestion", "lake", "sideline", "realtime"} {
		if _, err := d.s3.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(b)}); err != nil {
			t.Fatal(err)
		}
	}
	ddb := dynamodb.NewFromConfig(cfg)
	for name, keys := range map[string][]string{"ledger": {"pk"}, "alert-state": {"pk", "sk"}} {
		in := &dynamodb.CreateTableInput{TableName: aws.String(name), BillingMode: ddbtypes.BillingModePayPerRequest}
		for i, k := range keys {
			kt := ddbtypes.KeyTypeHash
			if i == 1 {
				kt = ddbtypes.KeyTypeRange
			}
			in.AttributeDefinitions = append(in.AttributeDefinitions, ddbtypes.AttributeDefinition{AttributeName: aws.String(k), AttributeType: ddbtypes.ScalarAttributeTypeS})
			in.KeySchema = append(in.KeySchema, ddbtypes.KeySchemaElement{AttributeName: aws.String(k), KeyType: kt})
		}
		if _, err := ddb.CreateTable(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	queue := func(name string, fifo bool) string {
		in := &sqs.CreateQueueInput{QueueName: aws.String(name)}
		if fifo {
			in.Attributes = map[string]string{"FifoQueue": "true"}
		}
		out, err := d.sqs.CreateQueue(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		return aws.ToString(out.QueueUrl)
	}
	d.ingest = queue("ingest", false)
	env.CommitQueueURL = queue("commit.fifo", true)
	env.DetectionsQueueURL = queue("detections", false)
	env.AlertsQueueURL = queue("alerts.fifo", true)
	attrs, err := d.sqs.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: aws.String(d.ingest),
		AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameQueueArn}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = d.s3.PutBucketNotificationConfiguration(ctx, &s3.PutBucketNotificationConfigurationInput{
		Bucket: aws.String("ingestion"),
		NotificationConfiguration: &s3types.NotificationConfiguration{QueueConfigurations: []s3types.QueueConfiguration{{
			QueueArn: aws.String(attrs.Attributes[string(sqstypes.QueueAttributeNameQueueArn)]),
			Events:   []s3types.Event{s3types.EventS3ObjectCreated},
		}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	d.env = env
	// S3 announces a notification configuration with a test event.
	d.testEvent = d.receive(t, ctx, d.ingest, 1)
	if !strings.Contains(d.testEvent.Records[0].Body, "s3:TestEvent") {
		t.Fatalf("want S3's test event first, got %s", d.testEvent.Records[0].Body)
	}
	return d
}

func mustAWS(t *testing.T, ctx context.Context, endpoint string) aws.Config {
	t.Helper()
	h, err := NewHost(ctx, Env{Handler: HandlerMaintenance, LakeBucket: "x", SidelineBucket: "x", LedgerTable: "x", Endpoint: endpoint}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return h.AWS
}

// host builds a function's Host as the bootstrap would (Init) for one
// handler.
func (d *deployment) host(t *testing.T, ctx context.Context, handler string) *Host {
	t.Helper()
	env := d.env
	env.Handler = handler
	p, err := LoadProject(env.ConfigDir)
	if err != nil {
		t.Fatal(err)
	}
	h, err := NewHost(ctx, env, p)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	return h
}

func (d *deployment) put(t *testing.T, ctx context.Context, key string, body []byte) {
	t.Helper()
	if _, err := d.s3.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("ingestion"), Key: aws.String(key), Body: bytes.NewReader(body)}); err != nil {
		t.Fatal(err)
	}
}

// receive drains a queue into the event Lambda's event source mapping
// would deliver.
func (d *deployment) receive(t *testing.T, ctx context.Context, url string, want int) events.SQSEvent {
	t.Helper()
	var ev events.SQSEvent
	deadline := time.Now().Add(10 * time.Second)
	for {
		out, err := d.sqs.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(url), MaxNumberOfMessages: 10, WaitTimeSeconds: 1})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range out.Messages {
			ev.Records = append(ev.Records, events.SQSMessage{MessageId: aws.ToString(m.MessageId), Body: aws.ToString(m.Body),
				ReceiptHandle: aws.ToString(m.ReceiptHandle), EventSource: "aws:sqs"})
			if _, err := d.sqs.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: aws.String(url), ReceiptHandle: m.ReceiptHandle}); err != nil {
				t.Fatal(err)
			}
		}
		if len(ev.Records) >= want && (want > 0 || len(out.Messages) == 0) || time.Now().After(deadline) {
			break
		}
	}
	if len(ev.Records) != want {
		t.Fatalf("queue %s: %d messages, want %d", url, len(ev.Records), want)
	}
	return ev
}

func (d *deployment) objects(t *testing.T, ctx context.Context, bucket, prefix string) map[string][]byte {
	t.Helper()
	out, err := d.s3.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String(bucket), Prefix: aws.String(prefix)})
	if err != nil {
		t.Fatal(err)
	}
	m := map[string][]byte{}
	for _, o := range out.Contents {
		g, err := d.s3.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: o.Key})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(g.Body)
		g.Body.Close()
		m[aws.ToString(o.Key)] = b
	}
	return m
}

func gz(s string) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write([]byte(s))
	w.Close()
	return b.Bytes()
}

func gunzip(t *testing.T, b []byte) string {
	r, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out, _ := io.ReadAll(r)
	return string(out)
}

func noFailures(t *testing.T, what string, resp events.SQSEventResponse, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if len(resp.BatchItemFailures) != 0 {
		t.Fatalf("%s: failures %+v", what, resp.BatchItemFailures)
	}
}

// TestPipelineOnMoto runs an object through the deployed pipeline: S3
// notification → transformer → commit queue → committer → Glue table,
// then the duplicate notification, the sideline, the realtime hand-off,
// an unrouted object and maintenance.
func TestPipelineOnMoto(t *testing.T) {
	ctx := context.Background()
	endpoint := mototest.Start(t)
	d := deploy(t, ctx, endpoint)
	tr := d.host(t, ctx, HandlerTransformer)
	cm := d.host(t, ctx, HandlerCommitter)

	resp, err := tr.Transform(ctx, d.testEvent)
	noFailures(t, "S3 test event", resp, err)
	d.put(t, ctx, "web/2024/03/01/a.json.gz", gz(webLines))
	notification := d.receive(t, ctx, d.ingest, 1)
	if !strings.Contains(notification.Records[0].Body, "ObjectCreated") {
		t.Fatalf("not an S3 notification: %s", notification.Records[0].Body)
	}
	resp, err = tr.Transform(ctx, notification)
	noFailures(t, "transform", resp, err)

	commits := d.receive(t, ctx, d.env.CommitQueueURL, 1)
	var staged lake.Staged
	if err := json.Unmarshal([]byte(commits.Records[0].Body), &staged); err != nil {
		t.Fatal(err)
	}
	if staged.Table != "web" || staged.Rows != 2 || len(staged.Objects) != 1 || len(staged.Paths) == 0 ||
		!strings.HasPrefix(staged.Paths[0], "s3://lake/lake/matano.db/web/") {
		t.Fatalf("staged %+v", staged)
	}
	resp, err = cm.Commit(ctx, commits)
	noFailures(t, "commit", resp, err)
	rows := scanRows(t, ctx, cm, "web")
	if len(rows) != 2 {
		t.Fatalf("web has %d rows, want 2: %v", len(rows), rows)
	}
	for _, want := range []string{`"ann"`, `"login"`, `"logout"`} {
		if !strings.Contains(strings.Join(rows, "\n"), want) {
			t.Errorf("rows lack %s: %v", want, rows)
		}
	}
	entry := ledgerEntry(t, ctx, cm, staged.Objects[0])
	if entry.Status != state.Done || entry.Snapshots["web"] == 0 {
		t.Errorf("ledger after commit: %+v", entry)
	}

	// The same notification again: the ledger has the object as done.
	resp, err = tr.Transform(ctx, notification)
	noFailures(t, "duplicate transform", resp, err)
	d.receive(t, ctx, d.env.CommitQueueURL, 0)
	// The same commit message again (a transformer retried after its
	// send): the table already names the object.
	commits.Records[0].MessageId = "redelivered"
	resp, err = cm.Commit(ctx, commits)
	noFailures(t, "duplicate commit", resp, err)
	if n := len(scanRows(t, ctx, cm, "web")); n != 2 {
		t.Errorf("after duplicates web has %d rows, want 2", n)
	}

	// The bad record is in the sideline bucket.
	side := d.objects(t, ctx, "sideline", "web/")
	if len(side) != 1 {
		t.Fatalf("sideline objects %v", side)
	}
	for key, body := range side {
		if !strings.HasPrefix(key, "web/2024-03-01/") && !strings.HasPrefix(key, "web/") {
			t.Errorf("sideline key %s", key)
		}
		var rec lake.SidelineRecord
		if err := json.Unmarshal(bytes.TrimSpace(body), &rec); err != nil {
			t.Fatalf("sideline %s: %v\n%s", key, err, body)
		}
		if rec.Kind != lake.KindVRLError || rec.Table != "web" || !strings.Contains(string(rec.Record), "not a number") {
			t.Errorf("sideline record %+v", rec)
		}
	}

	// Records of a table with detections went to the realtime bucket
	// and the detections queue.
	det := d.receive(t, ctx, d.env.DetectionsQueueURL, 1)
	var dm DetectionsMessage
	if err := json.Unmarshal([]byte(det.Records[0].Body), &dm); err != nil {
		t.Fatal(err)
	}
	rt := d.objects(t, ctx, "realtime", dm.Key)
	if dm.Table != "web" || dm.Records != 2 || len(rt) != 1 {
		t.Fatalf("detections message %+v, objects %v", dm, rt)
	}
	if lines := strings.Split(strings.TrimSpace(gunzip(t, rt[dm.Key])), "\n"); len(lines) != 2 || !strings.Contains(lines[0], `"ann"`) {
		t.Errorf("realtime records %q", lines)
	}

	// An object whose every record is sidelined sends no commit message;
	// the transformer completes it in the ledger itself, so the same
	// notification again writes no second sideline object.
	bad := `{"time":"2024-03-01T12:00:00Z","action":"x","status":"NaN"}` + "\n"
	d.put(t, ctx, "web/all-bad.json", []byte(bad))
	badEvent := d.receive(t, ctx, d.ingest, 1)
	for range 2 {
		resp, err = tr.Transform(ctx, badEvent)
		noFailures(t, "all-bad object", resp, err)
		d.receive(t, ctx, d.env.CommitQueueURL, 0)
		if n := len(d.objects(t, ctx, "sideline", "web/")); n != 2 {
			t.Errorf("%d sideline objects, want 2", n)
		}
	}
	head, err := d.s3.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String("ingestion"), Key: aws.String("web/all-bad.json")})
	if err != nil {
		t.Fatal(err)
	}
	badObj := state.Object{Path: "s3://ingestion/web/all-bad.json", Size: int64(len(bad)),
		SHA256: "etag:" + strings.Trim(aws.ToString(head.ETag), `"`)}
	if e := ledgerEntry(t, ctx, cm, badObj.Key()); e.Status != state.Done {
		t.Errorf("all-bad object not done in the ledger: %+v", e)
	}

	// An object no log source reads is sidelined with the reason.
	d.put(t, ctx, "nosuchsource/x.json", []byte(`{"a":1}`))
	resp, err = tr.Transform(ctx, d.receive(t, ctx, d.ingest, 1))
	noFailures(t, "unrouted", resp, err)
	un := d.objects(t, ctx, "sideline", "_unrouted/")
	if len(un) != 1 {
		t.Fatalf("unrouted sideline %v", un)
	}
	for _, body := range un {
		if !strings.Contains(string(body), `"kind":"unrouted"`) || !strings.Contains(string(body), "nosuchsource") {
			t.Errorf("unrouted record %s", body)
		}
	}

	// Maintenance runs over every table; expire also deletes the files
	// under a table no snapshot references (here a data file staged by a
	// transformer whose commit never came; OrphanAge made a moment).
	mt := d.host(t, ctx, HandlerMaintenance)
	mt.orphanAge = time.Millisecond
	before := d.objects(t, ctx, "lake", "lake/")
	var orphan string
	for key := range before {
		if strings.Contains(key, "/web/data/") && strings.HasSuffix(key, ".parquet") {
			orphan = path.Dir(key) + "/never-committed.parquet"
		}
	}
	if orphan == "" {
		t.Fatalf("no web data file among %v", slices.Sorted(maps.Keys(before)))
	}
	if _, err := d.s3.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("lake"), Key: aws.String(orphan), Body: strings.NewReader("PAR1")}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(20 * time.Millisecond)
	for _, op := range []string{"compact", "expire"} {
		res, err := mt.Maintain(ctx, MaintenanceInput{Op: op})
		if err != nil {
			t.Errorf("%s: %v (%+v)", op, err, res)
		}
		if _, ok := res.Tables["web"]; !ok {
			t.Errorf("%s: %+v", op, res)
		}
		if op == "expire" && res.Tables["web"].OrphansDeleted == 0 {
			t.Errorf("expire deleted no orphan: %+v", res.Tables["web"])
		}
	}
	if _, ok := d.objects(t, ctx, "lake", "lake/")[orphan]; ok {
		t.Errorf("orphan %s survived expire", orphan)
	}
	if n := len(scanRows(t, ctx, mt, "web")); n != 2 {
		t.Errorf("after maintenance web has %d rows, want 2", n)
	}
}

// scanRows reads a table back through iceberg-go's scan (Glue catalog,
// S3 file IO) and returns its rows as JSON.
func scanRows(t *testing.T, ctx context.Context, h *Host, table string) []string {
	t.Helper()
	l, err := h.Lake(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := h.ensure(ctx, l, table); err != nil {
		t.Fatal(err)
	}
	tbl, err := l.Scan(ctx, table)
	if err != nil {
		t.Fatal(err)
	}
	defer tbl.Release()
	var rows []string
	rdr := array.NewTableReader(tbl, 1024)
	defer rdr.Release()
	for rdr.Next() {
		rec := rdr.RecordBatch()
		for i := 0; i < int(rec.NumRows()); i++ {
			row := map[string]any{}
			for c, f := range rec.Schema().Fields() {
				row[f.Name] = rec.Column(c).GetOneForMarshal(i)
			}
			b, err := json.Marshal(row)
			if err != nil {
				t.Fatal(err)
			}
			rows = append(rows, string(b))
		}
	}
	return rows
}

func ledgerEntry(t *testing.T, ctx context.Context, h *Host, key string) state.Entry {
	t.Helper()
	out, err := h.Dynamo.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(h.Env.LedgerTable),
		Key: map[string]ddbtypes.AttributeValue{"pk": &ddbtypes.AttributeValueMemberS{Value: key}}})
	if err != nil {
		t.Fatal(err)
	}
	var e state.Entry
	if st, ok := out.Item["status"].(*ddbtypes.AttributeValueMemberN); ok {
		if st.Value == "2" {
			e.Status = state.Done
		}
	}
	if m, ok := out.Item["snapshots"].(*ddbtypes.AttributeValueMemberM); ok {
		e.Snapshots = map[string]int64{}
		for k := range m.Value {
			e.Snapshots[k] = 1
		}
	}
	return e
}

// TestAlertsOnMoto sends two matches of a threshold-2 detection to the
// alert writer: both become matano_alerts rows through the commit queue,
// the second activates the alert, which is published to the alerts
// topic; the same message again changes nothing.
func TestAlertsOnMoto(t *testing.T) {
	ctx := context.Background()
	endpoint := mototest.Start(t)
	d := deploy(t, ctx, endpoint)
	cfg := mustAWS(t, ctx, endpoint)
	snsc := sns.NewFromConfig(cfg)
	topic, err := snsc.CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String("matano-alerts")})
	if err != nil {
		t.Fatal(err)
	}
	inbox, err := d.sqs.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("inbox")})
	if err != nil {
		t.Fatal(err)
	}
	_, err = snsc.Subscribe(ctx, &sns.SubscribeInput{TopicArn: topic.TopicArn, Protocol: aws.String("sqs"),
		Endpoint: aws.String("arn:aws:sqs:us-east-1:123456789012:inbox")})
	if err != nil {
		t.Fatal(err)
	}
	d.env.AlertsTopicARN = aws.ToString(topic.TopicArn)
	al := d.host(t, ctx, HandlerAlerts)
	cm := d.host(t, ctx, HandlerCommitter)

	rec := `{"ts":"2024-03-01T10:00:00Z","event":{"action":"login"},"user":{"name":"bob"}}`
	body := `{"table":"web","matches":[` +
		`{"Detection":"failed_login","Index":0,"Record":` + rec + `,"Title":"bad login for bob","Dedupe":"bob"},` +
		`{"Detection":"failed_login","Index":1,"Record":` + rec + `,"Title":"bad login for bob","Dedupe":"bob"}]}`
	ev := events.SQSEvent{Records: []events.SQSMessage{{MessageId: "m1", Body: body}}}
	resp, err := al.WriteAlerts(ctx, ev)
	noFailures(t, "alerts", resp, err)
	commits := d.receive(t, ctx, d.env.CommitQueueURL, 1)
	resp, err = cm.Commit(ctx, commits)
	noFailures(t, "commit", resp, err)
	rows := scanRows(t, ctx, cm, "matano_alerts")
	if len(rows) != 2 || !strings.Contains(rows[0], "bad login for bob") {
		t.Fatalf("matano_alerts rows %v", rows)
	}
	published := d.receive(t, ctx, aws.ToString(inbox.QueueUrl), 1)
	if !strings.Contains(published.Records[0].Body, "bad login for bob") {
		t.Errorf("published %s", published.Records[0].Body)
	}

	// Redelivered: neither counted, written nor published again.
	ev.Records[0].MessageId = "m1-again"
	resp, err = al.WriteAlerts(ctx, ev)
	noFailures(t, "redelivered alerts", resp, err)
	d.receive(t, ctx, d.env.CommitQueueURL, 0)
	d.receive(t, ctx, aws.ToString(inbox.QueueUrl), 0)
}
