package lake

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/matano-go/matano/runtime/state"
)

// addRows adds n good events of o to b.
func addRows(t *testing.T, b *Batch, o state.Object, n int) {
	t.Helper()
	for i := range n {
		e := ev(t, base.Add(time.Duration(i)*time.Second), fmt.Sprintf(`{"message":"m%d"}`, i))
		if err := b.Add(context.Background(), o, "web", e); err != nil {
			t.Fatal(err)
		}
	}
}

// joinUnhashed starts a batch of l in which the object name joins by
// BeginUnhashed, and returns the batch, the object and its partial
// identity.
func joinUnhashed(t *testing.T, l *Lake, name string) (b *Batch, full, partial state.Object) {
	t.Helper()
	full = obj(name)
	partial = state.Object{Path: full.Path, Size: full.Size}
	b = l.NewBatch()
	if ok, err := b.BeginUnhashed(context.Background(), partial); err != nil || !ok {
		t.Fatalf("BeginUnhashed on a new object = %v, %v; want true", ok, err)
	}
	return b, full, partial
}

func TestBeginUnhashedResolve(t *testing.T) {
	ctx := context.Background()
	l, _ := webTable(t)
	b, full, partial := joinUnhashed(t, l, "a.json")
	addRows(t, b, partial, 3)
	if _, err := b.Commit(ctx); err == nil || !strings.Contains(err.Error(), "never resolved") {
		t.Fatalf("Commit before Resolve: %v; want a refusal", err)
	}
	if err := b.Resolve(ctx, partial, full); err != nil {
		t.Fatal(err)
	}
	addRows(t, b, full, 2)
	res, err := b.Commit(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if res.Rows != 5 {
		t.Fatalf("committed %d rows, want 5", res.Rows)
	}
	// The ledger and the snapshot know the object by its full identity.
	e, err := l.ObjectStatus(ctx, full)
	if err != nil || e.Status != state.Done {
		t.Fatalf("ledger entry of the resolved object: %+v, %v; want done", e, err)
	}
	if e, _ := l.ObjectStatus(ctx, partial); e.Status != state.New {
		t.Fatalf("the partial identity reached the ledger: %+v", e)
	}
	tbl, err := l.cat.LoadTable(ctx, ident("web"))
	if err != nil {
		t.Fatal(err)
	}
	if findObject(tbl, full.Key()) == nil || findObject(tbl, partial.Key()) != nil {
		t.Fatal("the snapshot summary does not name the object by its full key")
	}

	// The path and size are known now: the object must wait for its digest.
	b = l.NewBatch()
	defer b.Abort()
	if ok, err := b.BeginUnhashed(ctx, partial); ok || err != nil {
		t.Fatalf("BeginUnhashed on a path and size the ledger has = %v, %v; want false", ok, err)
	}
	if err := b.Begin(ctx, full); !errors.Is(err, ErrAlreadyIngested) {
		t.Fatalf("Begin of the ingested object: %v", err)
	}
}

func TestResolveRaced(t *testing.T) {
	ctx := context.Background()
	l, _ := webTable(t)
	b, full, partial := joinUnhashed(t, l, "b.json")
	addRows(t, b, partial, 3)
	// Another ingest takes the same object meanwhile and commits it.
	if _, err := ingest(t, l, full, "web", 4); err != nil {
		t.Fatal(err)
	}
	if err := b.Resolve(ctx, partial, full); !errors.Is(err, ErrRaced) {
		t.Fatalf("Resolve after another ingest finished the object: %v; want ErrRaced", err)
	}
	b.Abort()
	if got := info(t, l, "web").Rows; got != 4 {
		t.Fatalf("table has %d rows, want the other ingest's 4 only", got)
	}
	// Nothing is left in flight: the object can be begun (and is done).
	b = l.NewBatch()
	defer b.Abort()
	if err := b.Begin(ctx, full); !errors.Is(err, ErrAlreadyIngested) {
		t.Fatalf("Begin after the raced batch's abort: %v", err)
	}
	if ok, _ := b.BeginUnhashed(ctx, state.Object{Path: "file:///logs/other", Size: 9}); !ok {
		t.Fatal("BeginUnhashed of a new object after the abort = false")
	}
}

// keyOnlyLedger hides the SQLite ledger's Seen, as the DynamoDB ledger
// has none.
type keyOnlyLedger struct{ Ledger }

func TestBeginUnhashedNeedsSeen(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	led, err := state.OpenLedger(dir + "/ledger.db")
	if err != nil {
		t.Fatal(err)
	}
	defer led.Close()
	l := openLake(t, dir, func(c *Config) { c.Ledger = keyOnlyLedger{led} })
	defer l.Close()
	b := l.NewBatch()
	defer b.Abort()
	if ok, err := b.BeginUnhashed(ctx, state.Object{Path: "/x", Size: 1}); ok || err != nil {
		t.Fatalf("BeginUnhashed without Seen = %v, %v; want false", ok, err)
	}
	if _, err := b.BeginUnhashed(ctx, obj("x")); err == nil {
		t.Fatal("BeginUnhashed of an object with its digest: no error")
	}
}
