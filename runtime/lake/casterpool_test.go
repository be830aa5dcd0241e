package lake

import (
	"context"
	"testing"

	"github.com/matano-go/matano/compiler/schema"
)

// TestCasterReuse checks the caster a finished batch leaves for the next:
// a committed batch's is reused (with no dropped-field counts carried
// over), an aborted batch holding rows gives none, and a schema change
// makes the kept one unusable.
func TestCasterReuse(t *testing.T) {
	l := openLake(t, t.TempDir(), nil)
	defer l.Close()
	mustEnsure(t, l, testSchema("web"))
	ctx := context.Background()
	ts, err := l.table("web")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ingest(t, l, obj("a"), "web", 10); err != nil {
		t.Fatal(err)
	}
	kept := ts.idle
	if kept == nil {
		t.Fatal("committed batch kept no caster")
	}
	if d := kept.Dropped(); len(d) != 0 {
		t.Errorf("kept caster has dropped counts %v", d)
	}

	// The next batch takes it; aborted with rows buffered, it is released.
	b := l.NewBatch()
	o := obj("b")
	if err := b.Begin(ctx, o); err != nil {
		t.Fatal(err)
	}
	if err := b.Add(ctx, o, "web", ev(t, base, `{"message":"x"}`)); err != nil {
		t.Fatal(err)
	}
	if w := b.writers["web"]; w.caster != kept {
		t.Error("second batch did not reuse the kept caster")
	}
	b.Abort()
	if ts.idle != nil {
		t.Error("aborted batch with buffered rows kept its caster")
	}

	// A batch after a schema change gets a caster for the new schema.
	if _, err := ingest(t, l, obj("c"), "web", 5); err != nil {
		t.Fatal(err)
	}
	s2 := testSchema("web")
	s2.Columns = append(s2.Columns, &schema.Field{ID: 99, Name: "user", Type: prim("string")})
	mustEnsure(t, l, s2)
	res, err := ingest(t, l, obj("d"), "web", 5)
	if err != nil {
		t.Fatal(err)
	}
	if res.Rows != 5 {
		t.Errorf("rows %d after schema change", res.Rows)
	}
	_, as := ts.current()
	if ts.idle == nil || !ts.idle.Schema().Equal(as) {
		t.Error("caster kept after the schema change is not for the new schema")
	}
	if as.NumFields() != 4 {
		t.Errorf("schema has %d fields, want 4", as.NumFields())
	}
}
