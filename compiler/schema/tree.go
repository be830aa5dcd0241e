package schema

import (
	"fmt"
	"io"
	"strings"
)

// WriteTree prints the schema as an indented tree with field ids:
//
//	ts: timestamp [1]
//	source: struct [5]
//	├── ip: string [40]
//	└── port: long [41]
func WriteTree(w io.Writer, s *Schema) error {
	var b strings.Builder
	for _, c := range s.Columns {
		writeTreeField(&b, "", "", c)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeTreeField(b *strings.Builder, prefix, branch string, f *Field) {
	fmt.Fprintf(b, "%s%s%s: %s [%d]\n", prefix, branch, f.Name, shortType(f.Type), f.ID)
	children := childFields(f.Type)
	next := prefix
	switch branch {
	case "├── ":
		next += "│   "
	case "└── ":
		next += "    "
	}
	for i, c := range children {
		br := "├── "
		if i == len(children)-1 {
			br = "└── "
		}
		writeTreeField(b, next, br, c)
	}
}

// shortType names a type without its children (they are printed below).
func shortType(t *Type) string {
	switch t.Kind {
	case "struct":
		return "struct"
	case "list":
		if t.Element.Type.IsPrimitive() {
			return t.String()
		}
		return "list<" + shortType(t.Element.Type) + ">"
	case "map":
		if t.Value.Type.IsPrimitive() {
			return t.String()
		}
		return "map<" + t.Key.Type.String() + "," + shortType(t.Value.Type) + ">"
	}
	return t.String()
}

// childFields are the fields printed under a field: a struct's members,
// or those of a list's or map's struct element.
func childFields(t *Type) []*Field {
	switch t.Kind {
	case "struct":
		return t.Fields
	case "list":
		return childFields(t.Element.Type)
	case "map":
		return childFields(t.Value.Type)
	}
	return nil
}

// LeafCount counts primitive columns (what a reader sees as values).
func (s *Schema) LeafCount() int {
	n := 0
	s.Walk(func(_ string, f *Field) {
		if f.Type.IsPrimitive() {
			n++
		}
	})
	return n
}
