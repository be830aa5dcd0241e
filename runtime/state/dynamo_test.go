package state_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/matano-go/matano/runtime/mototest"
	"github.com/matano-go/matano/runtime/state"
)

// ledger is what both implementations offer; the test runs the same
// steps on each so that their semantics cannot drift apart.
type ledger interface {
	Begin(ctx context.Context, o state.Object) (state.Status, error)
	Done(ctx context.Context, objs []state.Object, snapshots map[string]map[string]int64) error
	Get(ctx context.Context, o state.Object) (state.Entry, error)
}

func TestLedgersAgree(t *testing.T) {
	ctx := context.Background()
	sq, err := state.OpenLedger(filepath.Join(t.TempDir(), "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer sq.Close()
	t.Run("sqlite", func(t *testing.T) { ledgerSemantics(t, sq) })
	t.Run("dynamodb", func(t *testing.T) {
		endpoint := mototest.Start(t)
		cfg, err := config.LoadDefaultConfig(ctx)
		if err != nil {
			t.Fatal(err)
		}
		client := dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) { o.BaseEndpoint = aws.String(endpoint) })
		_, err = client.CreateTable(ctx, &dynamodb.CreateTableInput{
			TableName:            aws.String("ledger"),
			AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("pk"), AttributeType: types.ScalarAttributeTypeS}},
			KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("pk"), KeyType: types.KeyTypeHash}},
			BillingMode:          types.BillingModePayPerRequest,
		})
		if err != nil {
			t.Fatal(err)
		}
		dl, err := state.OpenDynamoLedger(client, "ledger")
		if err != nil {
			t.Fatal(err)
		}
		ledgerSemantics(t, dl)
		completion(t, dl)
	})
}

// completion checks the AWS completion protocol: an object is done once
// the tables the transformer expects are all committed, whichever side
// writes last.
func completion(t *testing.T, l *state.DynamoLedger) {
	ctx := context.Background()
	type step struct {
		expect []string // Expect(tables) when not nil
		table  string   // else TableCommitted(table)
		done   bool     // the status reported after the step
	}
	tests := []struct {
		name  string
		steps []step
	}{
		{"expect first", []step{{expect: []string{"a", "b"}}, {table: "a"}, {table: "b", done: true}}},
		{"commits first", []step{{table: "a"}, {table: "b"}, {expect: []string{"a", "b"}, done: true}}},
		{"interleaved", []step{{table: "b"}, {expect: []string{"a", "b"}}, {table: "a", done: true}}},
		{"nothing to commit", []step{{expect: []string{}, done: true}}},
		{"retried transformer adds a table", []step{{expect: []string{"a"}}, {expect: []string{"b"}}, {table: "a"}, {table: "b", done: true}}},
	}
	for i, tt := range tests {
		o := state.Object{Path: "s3://b/" + tt.name, Size: int64(i), SHA256: "x"}
		if _, err := l.Begin(ctx, o); err != nil {
			t.Fatal(err)
		}
		for j, s := range tt.steps {
			var done bool
			var err error
			if s.expect != nil {
				done, err = l.Expect(ctx, o.Key(), s.expect)
			} else {
				done, err = l.TableCommitted(ctx, o.Key(), s.table, int64(100+j))
			}
			if err != nil {
				t.Fatalf("%s step %d: %v", tt.name, j, err)
			}
			if done != s.done {
				t.Errorf("%s step %d: done = %v, want %v", tt.name, j, done, s.done)
			}
			e, _ := l.Get(ctx, o)
			if (e.Status == state.Done) != s.done {
				t.Errorf("%s step %d: status %s", tt.name, j, e.Status)
			}
		}
		if got, _ := l.Begin(ctx, o); got != state.Done {
			t.Errorf("%s: Begin after completion = %s", tt.name, got)
		}
	}
	if _, err := l.TableCommitted(ctx, "never-begun", "a", 1); err == nil {
		t.Error("TableCommitted of an object never begun succeeded")
	}
}

func ledgerSemantics(t *testing.T, l ledger) {
	ctx := context.Background()
	a := state.Object{Path: "s3://b/a.json", Size: 10, SHA256: "aa"}
	b := state.Object{Path: "s3://b/a.json", Size: 10, SHA256: "bb"}
	c := state.Object{Path: "s3://b/c.json", Size: 3, SHA256: "cc"}
	never := state.Object{Path: "s3://b/never.json", Size: 1, SHA256: "nn"}

	if e, err := l.Get(ctx, a); err != nil || e.Status != state.New {
		t.Fatalf("Get before Begin = %+v, %v", e, err)
	}
	for i, s := range []struct {
		obj  state.Object
		want state.Status
	}{
		{a, state.New},
		{a, state.Started}, // a retried attempt
		{b, state.New},     // same path, new content
		{c, state.New},
	} {
		got, err := l.Begin(ctx, s.obj)
		if err != nil {
			t.Fatal(err)
		}
		if got != s.want {
			t.Errorf("step %d: Begin = %s, want %s", i, got, s.want)
		}
	}
	if err := l.Done(ctx, []state.Object{a}, map[string]map[string]int64{a.Key(): {"t": 42}}); err != nil {
		t.Fatal(err)
	}
	if got, _ := l.Begin(ctx, a); got != state.Done {
		t.Errorf("Begin after Done = %s", got)
	}
	e, err := l.Get(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	if e.Status != state.Done || e.Attempts != 2 || e.Snapshots["t"] != 42 || e.StartedAt.IsZero() || e.DoneAt.IsZero() {
		t.Errorf("entry %+v", e)
	}
	// Done records the snapshots of each table.
	if err := l.Done(ctx, []state.Object{c}, map[string]map[string]int64{c.Key(): {"x": 1}}); err != nil {
		t.Fatal(err)
	}
	if e, _ := l.Get(ctx, c); e.Status != state.Done || e.Snapshots["x"] != 1 {
		t.Errorf("c %+v", e)
	}
	if e, _ := l.Get(ctx, b); e.Status != state.Started || e.Attempts != 1 {
		t.Errorf("b %+v", e)
	}
	err = l.Done(ctx, []state.Object{never}, nil)
	if err == nil || !strings.Contains(err.Error(), "never begun") {
		t.Errorf("Done of an object never begun: %v", err)
	}
}
