// Package schema resolves a table's columns the way Matano does: the ECS
// fields named in schema.ecs_field_names, the custom Iceberg-typed fields
// in schema.fields, and the columns every table has (ts, labels, tags,
// ecs.version). The result is one nested Iceberg-style schema with stable
// field ids, from which the lake writer derives Iceberg and Arrow schemas
// and the type checker derives the VRL kind a transform must produce.
package schema

import (
	"fmt"
	"strings"
)

// Schema is a resolved table schema. Columns are the top-level fields in
// order: ts first, then the rest sorted by name.
type Schema struct {
	Table   string
	Columns []*Field
	// LastID is the highest field id used.
	LastID int
}

// Field is one (possibly nested) column.
type Field struct {
	ID       int
	Name     string
	Type     *Type
	Required bool
	// ECS is the ECS path the field comes from, "" for a custom field or a
	// struct made only to hold ECS children.
	ECS string
}

// Type is an Iceberg type: a primitive, or a struct, list or map.
type Type struct {
	// Kind is a primitive name (string, long, int, float, double, boolean,
	// timestamp, date, binary, decimal, fixed, uuid, time) or struct, list,
	// map.
	Kind             string
	Precision, Scale int // decimal
	Length           int // fixed
	Fields           []*Field
	// Element is a list's element, Key and Value a map's; they are Fields
	// because Iceberg gives them ids too.
	Element    *Field
	Key, Value *Field
}

// IsPrimitive reports whether t has no children.
func (t *Type) IsPrimitive() bool {
	return t.Kind != "struct" && t.Kind != "list" && t.Kind != "map"
}

// String renders the type in Iceberg's notation
// (struct<a:string,b:list<long>>).
func (t *Type) String() string {
	switch t.Kind {
	case "decimal":
		return fmt.Sprintf("decimal(%d,%d)", t.Precision, t.Scale)
	case "fixed":
		return fmt.Sprintf("fixed(%d)", t.Length)
	case "list":
		return "list<" + t.Element.Type.String() + ">"
	case "map":
		return "map<" + t.Key.Type.String() + "," + t.Value.Type.String() + ">"
	case "struct":
		parts := make([]string, len(t.Fields))
		for i, f := range t.Fields {
			parts[i] = f.Name + ":" + f.Type.String()
		}
		return "struct<" + strings.Join(parts, ",") + ">"
	}
	return t.Kind
}

// Lookup finds the field at a dotted path ("source.ip"); it descends into
// structs only.
func (s *Schema) Lookup(path string) *Field {
	fields := s.Columns
	var found *Field
	for _, part := range strings.Split(path, ".") {
		found = nil
		for _, f := range fields {
			if f.Name == part {
				found = f
				break
			}
		}
		if found == nil {
			return nil
		}
		fields = nil
		if found.Type.Kind == "struct" {
			fields = found.Type.Fields
		}
	}
	return found
}

// Walk calls fn for every field, depth first, with its dotted path (list
// elements and map keys/values appear as "path.element", "path.key",
// "path.value").
func (s *Schema) Walk(fn func(path string, f *Field)) {
	var walk func(prefix string, f *Field)
	walk = func(prefix string, f *Field) {
		p := f.Name
		if prefix != "" {
			p = prefix + "." + f.Name
		}
		fn(p, f)
		switch f.Type.Kind {
		case "struct":
			for _, c := range f.Type.Fields {
				walk(p, c)
			}
		case "list":
			walk(p, f.Type.Element)
		case "map":
			walk(p, f.Type.Key)
			walk(p, f.Type.Value)
		}
	}
	for _, c := range s.Columns {
		walk("", c)
	}
}
