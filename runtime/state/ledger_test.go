package state

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

func TestLedgerLifecycle(t *testing.T) {
	ctx := context.Background()
	l, err := OpenLedger(filepath.Join(t.TempDir(), "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	a := Object{Path: "s3://b/a.json", Size: 10, SHA256: "aa"}
	b := Object{Path: "s3://b/a.json", Size: 10, SHA256: "bb"} // same path, new content

	steps := []struct {
		obj  Object
		want Status
	}{
		{a, New},     // first attempt
		{a, Started}, // killed run, retried
		{b, New},     // different content is a different object
	}
	for i, s := range steps {
		got, err := l.Begin(ctx, s.obj)
		if err != nil {
			t.Fatal(err)
		}
		if got != s.want {
			t.Errorf("step %d: Begin = %s, want %s", i, got, s.want)
		}
	}
	if err := l.Done(ctx, []Object{a}, map[string]map[string]int64{a.Key(): {"t": 42}}); err != nil {
		t.Fatal(err)
	}
	if got, _ := l.Begin(ctx, a); got != Done {
		t.Errorf("after Done, Begin = %s", got)
	}
	e, err := l.Get(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	if e.Status != Done || e.Attempts != 2 || e.Snapshots["t"] != 42 || e.DoneAt.IsZero() {
		t.Errorf("entry %+v", e)
	}
	if err := l.Done(ctx, []Object{{Path: "never"}}, nil); err == nil {
		t.Error("Done on an unknown object succeeded")
	}
	if a.Key() == b.Key() || len(a.Key()) != 32 {
		t.Errorf("keys %s %s", a.Key(), b.Key())
	}
}

func TestObjectFromFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "x.log")
	if err := os.WriteFile(p, []byte("abc"), 0o644); err != nil {
		t.Fatal(err)
	}
	o, err := ObjectFromFile(p)
	if err != nil {
		t.Fatal(err)
	}
	// sha256("abc")
	if o.Size != 3 || o.SHA256 != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" || !filepath.IsAbs(o.Path) {
		t.Errorf("%+v", o)
	}
}
