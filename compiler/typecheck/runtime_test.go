package typecheck

import (
	"testing"
	"time"

	"github.com/matano-go/matano/compiler/schema"
	"github.com/matano-go/matano/runtime/lake/cast"
	"github.com/matano-go/matano/runtime/vrl/value"
)

// TestWritableMatchesCaster checks Writable against the lake writer
// itself: for every column type and one value of every VRL kind, the
// caster accepts the value exactly when Writable says its kind fits. The
// sample values are valid for their column (a canonical uuid for uuid,
// four bytes for fixed(4)), so only the kind decides.
func TestWritableMatchesCaster(t *testing.T) {
	obj := value.NewObject(1)
	obj.Set("a", value.Bytes("b"))
	samples := func(col *schema.Type) []value.Value {
		b := "abc"
		switch col.Kind {
		case "uuid":
			b = "123e4567-e89b-12d3-a456-426614174000"
		case "fixed":
			b = "abcd"
		}
		return []value.Value{
			value.Bytes(b),
			value.Integer(5),
			value.Float(1.5),
			value.Boolean(true),
			value.Timestamp(time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)),
			value.Null,
			value.ArrayValue([]value.Value{value.Bytes("x")}),
			value.ObjectValue(obj),
		}
	}
	types := []*schema.Type{
		prim("string"), prim("binary"), prim("long"), prim("int"), prim("double"), prim("float"),
		prim("boolean"), prim("timestamp"), prim("date"), prim("uuid"),
		{Kind: "fixed", Length: 4}, {Kind: "decimal", Precision: 10, Scale: 2},
		listOf(prim("string")), mapOf(prim("string")),
		structOf(field("a", prim("string"))),
	}
	for _, ty := range types {
		id := 0
		next := func() int { id++; return id }
		var number func(t *schema.Type)
		number = func(t *schema.Type) {
			for _, f := range t.Fields {
				f.ID = next()
				number(f.Type)
			}
			for _, f := range []*schema.Field{t.Element, t.Key, t.Value} {
				if f != nil {
					f.ID = next()
					number(f.Type)
				}
			}
		}
		col := &schema.Field{ID: next(), Name: "c", Type: ty}
		number(ty)
		s := &schema.Schema{Table: "t", Columns: []*schema.Field{col}, LastID: id}
		as, err := s.Arrow()
		if err != nil {
			t.Fatalf("%s: %v", ty, err)
		}
		for _, v := range samples(ty) {
			c, err := cast.New(as)
			if err != nil {
				t.Fatalf("%s: %v", ty, err)
			}
			ev := value.NewObject(1)
			ev.Set("c", v)
			castErr := c.Append(value.ObjectValue(ev))
			c.Release()
			ok, maybe, reason := Writable(value.KindOf(v), ty)
			if maybe {
				t.Errorf("%s ← %s: a single value's kind must be decided, got maybe", ty, value.KindOf(v))
			}
			if ok != (castErr == nil) {
				t.Errorf("%s ← %s: Writable = %v (%s), caster error = %v", ty, value.KindOf(v), ok, reason, castErr)
			}
		}
	}
}
