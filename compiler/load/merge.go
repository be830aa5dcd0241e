package load

import (
	"fmt"
	"strconv"

	"github.com/matano-go/matano/compiler/diag"
)

// tableFile is a tables/<x>.yml before it is merged over its log source.
type tableFile struct {
	doc        *Document
	managedDoc *Document
	name       string
	schema     Schema
	transform  string
	// transformDocs are the files whose transform is in transform.
	transformDocs []*Document
}

// resolveTables builds a log source's tables the way Matano does. With no
// table files there is one table, named like the log source. Otherwise
// each table file is one table, named "<source>_<name>" (or "<source>"
// for a table named "default"), whose schema and transform are the log
// source's merged with the file's: ECS field names are unioned, fields
// are merged by name (struct fields recursively; the same field declared
// with two different types is an error, at the table file's declaration)
// and transforms run log source first.
//
// A log source without a name (an error reported by validation) uses its
// folder name, so that detections referring to it do not cascade into
// more errors.
func resolveTables(ls *LogSource, files []tableFile, diags *diag.List) []*Table {
	source := ls.Name
	if source == "" {
		source = ls.Dir
	}
	if len(files) == 0 {
		return []*Table{{Name: source, Local: "default", Source: ls, Doc: ls.Doc, Schema: ls.Schema, Transform: ls.Transform}}
	}
	var out []*Table
	for _, f := range files {
		if f.name == "" {
			continue
		}
		t := &Table{Name: source + "_" + f.name, Local: f.name, Source: ls, Doc: f.doc, ManagedDoc: f.managedDoc, TransformDocs: f.transformDocs}
		if f.name == "default" {
			t.Name = source
		}
		var conflicts []fieldConflict
		t.Schema = Schema{
			ECSFieldNames: unionStrings(ls.Schema.ECSFieldNames, f.schema.ECSFieldNames),
			Fields:        mergeFields(ls.Schema.Fields, f.schema.Fields, "", &conflicts),
		}
		conflictDiags(f.doc, conflicts, "the log source", diags)
		t.Transform = joinTransforms(ls.Transform, f.transform)
		out = append(out, t)
	}
	return out
}

// conflictDiags reports fields doc declares with another type than
// the definition it is merged over (what: "the log source", "the managed
// definition").
func conflictDiags(doc *Document, conflicts []fieldConflict, what string, diags *diag.List) {
	for _, c := range conflicts {
		sp := doc.Locate(Path{"schema", "fields", strconv.Itoa(c.index), "type"}, Value)
		diags.Append(diag.Diagnostic{
			Severity: diag.Error, Code: diag.CodeFieldTypeConflict,
			Summary: fmt.Sprintf("field %q is %s here but %s in %s", c.path, c.table, c.source, what),
			Subject: sp, Path: "schema.fields",
			Labels: []diag.Label{{Span: sp, Message: "conflicting type", Primary: true}},
			Hint:   "a file merged over another may add fields and struct members, not change a field's type; rename one of them",
		})
	}
}

func unionStrings(a, b []string) []string {
	if len(b) == 0 {
		return a
	}
	seen := make(map[string]bool, len(a)+len(b))
	out := make([]string, 0, len(a)+len(b))
	for _, s := range append(append([]string{}, a...), b...) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// fieldConflict is a field a table file declares with another type than
// its log source. index is the top-level field's position in the table
// file's schema.fields.
type fieldConflict struct {
	path          string
	table, source string
	index         int
}

// mergeFields returns base with over merged in by field name; base keeps
// its order and new fields follow. A field in both with different types
// (other than two structs, which merge member by member, or a widening
// Iceberg allows, which the table wins) keeps the base type and is
// reported in conflicts.
func mergeFields(base, over []Field, prefix string, conflicts *[]fieldConflict) []Field {
	if len(over) == 0 {
		return base
	}
	out := append([]Field{}, base...)
	for j, f := range over {
		i := fieldIndex(out, f.Name)
		path := f.Name
		if prefix != "" {
			path = prefix + "." + f.Name
		}
		switch {
		case i < 0:
			out = append(out, f)
		case out[i].Type.Name == "struct" && f.Type.Name == "struct":
			var inner []fieldConflict
			merged := f
			merged.Type.Fields = mergeFields(out[i].Type.Fields, f.Type.Fields, path, &inner)
			for _, c := range inner {
				c.index = j
				*conflicts = append(*conflicts, c)
			}
			out[i] = merged
		case out[i].Type.String() != f.Type.String() && !promotes(out[i].Type, f.Type):
			*conflicts = append(*conflicts, fieldConflict{path: path, table: f.Type.String(), source: out[i].Type.String(), index: j})
		default:
			out[i] = f
		}
	}
	return out
}

func fieldIndex(fields []Field, name string) int {
	for i, f := range fields {
		if f.Name == name {
			return i
		}
	}
	return -1
}

func joinTransforms(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	if a[len(a)-1] != '\n' {
		a += "\n"
	}
	return a + b
}

// promotes reports whether Iceberg allows widening from to to: int to
// long, float to double, and a decimal to a larger precision at the same
// scale.
func promotes(from, to Type) bool {
	switch {
	case from.Name == "int" && to.Name == "long", from.Name == "float" && to.Name == "double":
		return true
	case from.Name == "decimal" && to.Name == "decimal":
		return from.Scale == to.Scale && to.Precision >= from.Precision
	}
	return false
}
