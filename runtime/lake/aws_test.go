package lake

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/matano-go/matano/runtime/mototest"
	"github.com/matano-go/matano/runtime/state"
)

// motoAWS creates a lake bucket, a sideline bucket and a ledger table on
// moto and returns them.
func motoAWS(t *testing.T) (AWS, *state.DynamoLedger, *s3.Client) {
	t.Helper()
	ctx := context.Background()
	endpoint := mototest.Start(t)
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		t.Fatal(err)
	}
	a := AWS{Config: cfg, Endpoint: endpoint, LakeBucket: "lake", SidelineBucket: "side", Database: Namespace}
	s3c := a.S3Client()
	for _, b := range []string{"lake", "side"} {
		if _, err := s3c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(b)}); err != nil {
			t.Fatal(err)
		}
	}
	ddb := dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) { o.BaseEndpoint = aws.String(endpoint) })
	_, err = ddb.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName:            aws.String("ledger"),
		AttributeDefinitions: []ddbtypes.AttributeDefinition{{AttributeName: aws.String("pk"), AttributeType: ddbtypes.ScalarAttributeTypeS}},
		KeySchema:            []ddbtypes.KeySchemaElement{{AttributeName: aws.String("pk"), KeyType: ddbtypes.KeyTypeHash}},
		BillingMode:          ddbtypes.BillingModePayPerRequest,
	})
	if err != nil {
		t.Fatal(err)
	}
	ledger, err := state.OpenDynamoLedger(ddb, "ledger")
	if err != nil {
		t.Fatal(err)
	}
	return a, ledger, s3c
}

// TestOpenAWSOnMoto runs the local batch path (Begin, Add, Commit) on
// the AWS edges: iceberg-go's Glue catalog with the warehouse in an S3
// bucket, the DynamoDB ledger and the S3 sideline, all on moto.
func TestOpenAWSOnMoto(t *testing.T) {
	ctx := context.Background()
	a, ledger, s3c := motoAWS(t)
	wrong := a
	wrong.Database = "other"
	if _, err := OpenAWS(ctx, wrong, ledger, Config{}); err == nil ||
		!strings.Contains(err.Error(), `Glue database "other"`) {
		t.Errorf("wrong database: %v", err)
	}
	l, err := OpenAWS(ctx, a, ledger, Config{Now: func() time.Time { return base }})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	mustEnsure(t, l, testSchema("web"))

	o := obj("a.json")
	res, err := ingestBad(t, l, o, "web", 10, true)
	if err != nil {
		t.Fatal(err)
	}
	if res.Rows != 10 || res.Snapshots["web"] == 0 {
		t.Errorf("commit %+v", res)
	}
	if in := info(t, l, "web"); in.Rows != 10 || !strings.HasPrefix(in.Location, "s3://lake/lake/matano.db/web") {
		t.Errorf("table %+v", in)
	}
	if _, err := ingest(t, l, o, "web", 10); !errors.Is(err, ErrAlreadyIngested) {
		t.Errorf("second ingest: %v", err)
	}
	if e, err := l.ObjectStatus(ctx, o); err != nil || e.Status != state.Done || e.Snapshots["web"] != res.Snapshots["web"] {
		t.Errorf("ledger %+v, %v", e, err)
	}

	list, err := s3c.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String("side")})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Contents) != 1 || !strings.HasPrefix(aws.ToString(list.Contents[0].Key), "web/2024-03-01/") {
		t.Fatalf("sideline objects %+v", list.Contents)
	}
	got, err := s3c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("side"), Key: list.Contents[0].Key})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(got.Body)
	got.Body.Close()
	var rec SidelineRecord
	if err := json.Unmarshal(bytes.TrimSpace(body), &rec); err != nil || rec.Kind != KindCast || rec.Table != "web" {
		t.Errorf("sideline record %+v (%v):\n%s", rec, err, body)
	}
}

// TestGlueCommitConflict commits through two lakes (two committer
// containers) holding the same table: the second one's handle is stale,
// Glue's versioned UpdateTable refuses it, and the committer reloads and
// retries, so both commits' rows are in the table.
func TestGlueCommitConflict(t *testing.T) {
	ctx := context.Background()
	a, ledger, _ := motoAWS(t)
	open := func() *Lake {
		l, err := OpenAWS(ctx, a, ledger, Config{Now: func() time.Time { return base }})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { l.Close() })
		mustEnsure(t, l, testSchema("web"))
		return l
	}
	l1, l2 := open(), open()
	if _, err := ingest(t, l1, obj("one"), "web", 5); err != nil {
		t.Fatal(err)
	}
	if _, err := ingest(t, l2, obj("two"), "web", 7); err != nil {
		t.Fatal(err)
	}
	if in := info(t, l1, "web"); in.Rows != 12 {
		t.Errorf("web has %d rows, want 12 (a commit was lost)", in.Rows)
	}
	if n := l2.Stats().CommitRetries; n == 0 {
		t.Errorf("the stale committer did not retry")
	}
}
