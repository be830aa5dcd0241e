package cast

import (
	"github.com/matano-go/matano/compiler/schema"
	"github.com/matano-go/matano/runtime/vrl/value"
)

// Accepted is the VRL kind a column of type t accepts: the rules of the
// package doc as a type, for the compile-time check of a transform's
// output against its table. A program whose result kind is contained in
// Accepted(table) fails the cast only on values (an int out of range,
// invalid UTF-8, a malformed uuid), never on kinds. TestAcceptedMatchesCast
// keeps the two in step.
//
// Optional columns also accept null and undefined (a missing field);
// objects for structs accept any further fields (they are dropped).
func Accepted(t *schema.Type, required bool) value.Kind {
	var k value.Kind
	switch t.Kind {
	case "string", "binary", "uuid", "fixed":
		k = value.KindBytes
	case "long", "int":
		k = value.KindInteger
	case "double", "float", "decimal":
		k = value.Kind{Bits: value.BitInteger | value.BitFloat}
	case "boolean":
		k = value.KindBoolean
	case "timestamp", "timestamptz", "date":
		k = value.KindTimestamp
	case "list":
		k = value.KindArrayOf(nil, Accepted(t.Element.Type, t.Element.Required).Ptr())
	case "map":
		k = value.KindObjectOf(nil, Accepted(t.Value.Type, t.Value.Required).Ptr())
	case "struct":
		known := make(map[string]value.Kind, len(t.Fields))
		for _, f := range t.Fields {
			known[f.Name] = Accepted(f.Type, f.Required)
		}
		k = value.KindObjectOf(known, value.KindAny().Ptr())
	default: // time: no VRL value fits
		k = value.KindNever
	}
	if !required {
		k.Bits |= value.BitNull | value.BitUndefined
	}
	return k
}
