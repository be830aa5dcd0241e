package alert

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// The DynamoDB store runs the shared behaviour tests against moto's
// server, a local DynamoDB look-alike. One server serves the whole test
// binary (it takes seconds to start); each store location is its own
// table. TestMain stops the server.
var motoServer struct {
	once     sync.Once
	cmd      *exec.Cmd
	endpoint string
	err      error
}

var motoTables atomic.Int64

func TestMain(m *testing.M) {
	code := m.Run()
	stopMoto()
	os.Exit(code)
}

// startMoto starts moto_server on a free port and waits until it answers.
func startMoto() {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		motoServer.err = err
		return
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	cmd := exec.Command("moto_server", "-p", strconv.Itoa(port), "-H", "127.0.0.1")
	// Its own process group, so stopping it also stops any child the
	// launcher (a pyenv shim, say) started.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		motoServer.err = err
		return
	}
	motoServer.cmd = cmd
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	motoServer.endpoint = fmt.Sprintf("http://127.0.0.1:%d", port)
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-exited:
			motoServer.err = errors.New("moto_server exited while starting")
			return
		default:
		}
		resp, err := http.Get(motoServer.endpoint + "/")
		if err == nil {
			resp.Body.Close()
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	motoServer.err = fmt.Errorf("moto_server did not answer on %s", motoServer.endpoint)
}

func stopMoto() {
	if cmd := motoServer.cmd; cmd != nil && cmd.Process != nil {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}

func motoClient() *dynamodb.Client {
	return dynamodb.New(dynamodb.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(motoServer.endpoint),
		Credentials:  credentials.NewStaticCredentialsProvider("test", "test", ""),
	})
}

// motoTable creates a fresh window table (key schema and TTL as the
// store documents) and returns its name.
func motoTable(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("DynamoDB store tests start moto_server; skipped in -short mode")
	}
	if _, err := exec.LookPath("moto_server"); err != nil {
		t.Skip("moto_server not on PATH (pip install 'moto[server]')")
	}
	motoServer.once.Do(startMoto)
	if motoServer.err != nil {
		t.Fatal(motoServer.err)
	}
	ctx := context.Background()
	c := motoClient()
	// Unique per process: a "table exists" answer can then only come
	// from the SDK retrying our own CreateTable, and means success.
	table := fmt.Sprintf("alert-windows-%d-%d", os.Getpid(), motoTables.Add(1))
	_, err := c.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName: aws.String(table),
		AttributeDefinitions: []types.AttributeDefinition{
			{AttributeName: aws.String(attrPK), AttributeType: types.ScalarAttributeTypeS},
			{AttributeName: aws.String(attrSK), AttributeType: types.ScalarAttributeTypeS},
		},
		KeySchema: []types.KeySchemaElement{
			{AttributeName: aws.String(attrPK), KeyType: types.KeyTypeHash},
			{AttributeName: aws.String(attrSK), KeyType: types.KeyTypeRange},
		},
		BillingMode: types.BillingModePayPerRequest,
	})
	var inUse *types.ResourceInUseException
	if err != nil && !errors.As(err, &inUse) {
		t.Fatal(err)
	}
	_, err = c.UpdateTimeToLive(ctx, &dynamodb.UpdateTimeToLiveInput{
		TableName:               aws.String(table),
		TimeToLiveSpecification: &types.TimeToLiveSpecification{AttributeName: aws.String(attrTTL), Enabled: aws.Bool(true)},
	})
	if err != nil {
		t.Fatal(err)
	}
	return table
}

// motoAtomic makes each request to moto atomic, as each request to
// DynamoDB is. moto's server handles requests on parallel threads and
// evaluates a ConditionExpression and applies the write as separate
// steps, so two conditional writes on one version can both succeed
// there (seen as a count handed out twice), which DynamoDB never allows.
// Holding one lock per request restores DynamoDB's per-item atomicity
// without hiding the races the store must handle: workers still
// interleave freely between their read and their conditional write.
// It also counts the conditional writes that lost a race, to show the
// concurrency test did exercise them.
type motoAtomic struct {
	mu   *sync.Mutex
	c    *dynamodb.Client
	lost *atomic.Int64
}

// GetItem also waits a moment after the read, as a worker's next request
// would over a real network; without that pause the reading goroutine
// usually takes the lock straight back for its write, and the workers
// would rarely race.
func (m motoAtomic) GetItem(ctx context.Context, in *dynamodb.GetItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error) {
	m.mu.Lock()
	out, err := m.c.GetItem(ctx, in, opts...)
	m.mu.Unlock()
	time.Sleep(time.Millisecond)
	return out, err
}

func (m motoAtomic) PutItem(ctx context.Context, in *dynamodb.PutItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out, err := m.c.PutItem(ctx, in, opts...)
	if conditionFailed(err) {
		m.lost.Add(1)
	}
	return out, err
}

func (m motoAtomic) UpdateItem(ctx context.Context, in *dynamodb.UpdateItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.UpdateItemOutput, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out, err := m.c.UpdateItem(ctx, in, opts...)
	if conditionFailed(err) {
		m.lost.Add(1)
	}
	return out, err
}

// freshDynamoDB is the DynamoDB storeBackend: every handle has its own
// client, as separate Lambda workers would.
func freshDynamoDB(t *testing.T) func() Store {
	table := motoTable(t)
	var mu sync.Mutex
	var lost atomic.Int64
	t.Cleanup(func() { t.Logf("%d conditional writes lost a race", lost.Load()) })
	return func() Store {
		s, err := OpenDynamoDBStore(motoAtomic{&mu, motoClient(), &lost}, table, DynamoDBOptions{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
}

func TestOpenDynamoDBStoreArgs(t *testing.T) {
	c := &dynamodb.Client{}
	tests := []struct {
		name   string
		client DynamoDBAPI
		table  string
		opts   DynamoDBOptions
		ok     bool
	}{
		{"ok", c, "t", DynamoDBOptions{}, true},
		{"no client", nil, "t", DynamoDBOptions{}, false},
		{"no table", c, "", DynamoDBOptions{}, false},
		{"negative margin", c, "t", DynamoDBOptions{TTLMargin: -time.Second}, false},
	}
	for _, tc := range tests {
		s, err := OpenDynamoDBStore(tc.client, tc.table, tc.opts)
		if (err == nil) != tc.ok {
			t.Errorf("%s: err = %v, want ok %v", tc.name, err, tc.ok)
		}
		if err == nil && s.margin != DefaultTTLMargin {
			t.Errorf("%s: margin %v, want the default", tc.name, s.margin)
		}
	}
}

// The item layout is the table's contract with the deployment (key
// schema, TTL attribute), so check it as stored, including an empty
// dedupe string, which DynamoDB would reject as a bare sort key.
func TestDynamoDBItemLayout(t *testing.T) {
	ctx := context.Background()
	table := motoTable(t)
	margin := 2 * time.Hour
	s, err := OpenDynamoDBStore(motoClient(), table, DynamoDBOptions{TTLMargin: margin})
	if err != nil {
		t.Fatal(err)
	}
	o := Observation{Key: Key{Rule: "r", Dedupe: ""}, At: t0, Window: time.Hour, Threshold: 2, Matches: 1, NewID: "a1"}
	tests := []struct {
		at       time.Time
		wantWin  Window
		wantAct  bool // activated_at stored
		wantVers string
	}{
		{t0, Window{AlertID: "a1", FirstMatchedAt: t0, ExpiresAt: t0.Add(time.Hour), After: 1, Opened: true}, false, "1"},
		{t0.Add(time.Minute), Window{AlertID: "a1", FirstMatchedAt: t0, ExpiresAt: t0.Add(time.Hour), Before: 1, After: 2,
			ActivatedAt: t0.Add(time.Minute)}, true, "2"},
		{t0.Add(2 * time.Hour), Window{AlertID: "a2", FirstMatchedAt: t0.Add(2 * time.Hour), ExpiresAt: t0.Add(3 * time.Hour),
			After: 1, Opened: true}, false, "3"},
	}
	for i, tc := range tests {
		// NewID only matters when the step opens a window.
		o.At, o.NewID = tc.at, tc.wantWin.AlertID
		w, err := s.Count(ctx, o)
		if err != nil {
			t.Fatal(err)
		}
		if w != tc.wantWin {
			t.Errorf("step %d: window %+v, want %+v", i, w, tc.wantWin)
		}
		out, err := motoClient().GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(table),
			Key: map[string]types.AttributeValue{
				attrPK: &types.AttributeValueMemberS{Value: "r"},
				attrSK: &types.AttributeValueMemberS{Value: "d#"},
			}})
		if err != nil {
			t.Fatal(err)
		}
		wantTTL := strconv.FormatInt(tc.wantWin.ExpiresAt.Add(margin).Unix(), 10)
		if got, _ := out.Item[attrTTL].(*types.AttributeValueMemberN); got == nil || got.Value != wantTTL {
			t.Errorf("step %d: ttl %v, want %s", i, out.Item[attrTTL], wantTTL)
		}
		if got, _ := out.Item[attrVersion].(*types.AttributeValueMemberN); got == nil || got.Value != tc.wantVers {
			t.Errorf("step %d: version %v, want %s", i, out.Item[attrVersion], tc.wantVers)
		}
		if _, ok := out.Item[attrActivated]; ok != tc.wantAct {
			t.Errorf("step %d: activated_at present %v, want %v", i, ok, tc.wantAct)
		}
	}
}

// replayWrites sends every write twice and answers with the second
// reply, as the SDK does when the first reply is lost: the first attempt
// lands, and its retry fails the condition the first one consumed.
type replayWrites struct{ *dynamodb.Client }

func (r replayWrites) PutItem(ctx context.Context, in *dynamodb.PutItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error) {
	if _, err := r.Client.PutItem(ctx, in, opts...); err != nil {
		return nil, err
	}
	return r.Client.PutItem(ctx, in, opts...)
}

func (r replayWrites) UpdateItem(ctx context.Context, in *dynamodb.UpdateItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.UpdateItemOutput, error) {
	if _, err := r.Client.UpdateItem(ctx, in, opts...); err != nil {
		return nil, err
	}
	return r.Client.UpdateItem(ctx, in, opts...)
}

// A write whose reply was lost must not be counted again.
func TestDynamoDBRetriedWrite(t *testing.T) {
	ctx := context.Background()
	table := motoTable(t) // starts moto: before motoClient
	s, err := OpenDynamoDBStore(replayWrites{motoClient()}, table, DynamoDBOptions{})
	if err != nil {
		t.Fatal(err)
	}
	o := Observation{Key: Key{Rule: "r", Dedupe: "k"}, Window: time.Hour, Threshold: 2, Matches: 1, NewID: "a"}
	tests := []struct {
		at            time.Duration // after t0
		before, after int
		opened        bool
		id            string
	}{
		{0, 0, 1, true, "a"},            // first window: PutItem attribute_not_exists
		{time.Minute, 1, 2, false, "a"}, // UpdateItem on the version
		{2 * time.Minute, 2, 3, false, "a"},
		{2 * time.Hour, 0, 1, true, "b"}, // expired: PutItem on the version
	}
	for i, tc := range tests {
		o.At, o.NewID = t0.Add(tc.at), tc.id
		w, err := s.Count(ctx, o)
		if err != nil {
			t.Fatal(err)
		}
		if w.Before != tc.before || w.After != tc.after || w.Opened != tc.opened || w.AlertID != tc.id {
			t.Errorf("step %d: %+v, want before %d after %d opened %v id %s", i, w, tc.before, tc.after, tc.opened, tc.id)
		}
	}
}
