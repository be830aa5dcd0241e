package lake

import (
	"context"
	"testing"

	"github.com/matano-go/matano/compiler/schema"
)

// A required field inside an optional struct is null whenever the struct
// is; the Parquet writer must accept that (definition levels), and a
// present struct without the field must be rejected.
func TestRequiredInsideOptionalStruct(t *testing.T) {
	ctx := context.Background()
	l := openLake(t, t.TempDir(), nil)
	defer l.Close()
	s := &schema.Schema{Table: "req", Columns: []*schema.Field{
		{ID: 1, Name: "ts", Type: prim("timestamp"), Required: true},
		{ID: 2, Name: "s", Type: &schema.Type{Kind: "struct", Fields: []*schema.Field{
			{ID: 3, Name: "a", Type: prim("string"), Required: true},
		}}},
	}}
	mustEnsure(t, l, s)
	b := l.NewBatch()
	o := obj("req")
	if err := b.Begin(ctx, o); err != nil {
		t.Fatal(err)
	}
	for _, js := range []string{`{}`, `{"s":{"a":"x"}}`, `{"s":{}}`} {
		if err := b.Add(ctx, o, "req", ev(t, base, js)); err != nil {
			t.Fatal(err)
		}
	}
	res, err := b.Commit(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if res.Rows != 2 || l.Stats().Sidelined[KindCast] != 1 {
		t.Errorf("result %+v stats %+v", res, l.Stats())
	}
	at, err := l.Scan(ctx, "req")
	if err != nil {
		t.Fatal(err)
	}
	defer at.Release()
	if at.NumRows() != 2 {
		t.Errorf("scan %d rows", at.NumRows())
	}
}
