package load

// tableFile is a tables/<x>.yml before it is merged over its log source.
type tableFile struct {
	doc       *Document
	name      string
	schema    Schema
	transform string
}

// resolveTables builds a log source's tables the way Matano does. With no
// table files there is one table, named like the log source. Otherwise
// each table file is one table, named "<source>_<name>" (or "<source>"
// for a table named "default"), whose schema and transform are the log
// source's merged with the file's: ECS field names are unioned, fields
// are merged by name (struct fields recursively, the table winning
// otherwise) and transforms run log source first.
//
// A log source without a name (an error reported by validation) uses its
// folder name, so that detections referring to it do not cascade into
// more errors.
func resolveTables(ls *LogSource, files []tableFile) []*Table {
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
		t := &Table{Name: source + "_" + f.name, Local: f.name, Source: ls, Doc: f.doc}
		if f.name == "default" {
			t.Name = source
		}
		t.Schema = Schema{
			ECSFieldNames: unionStrings(ls.Schema.ECSFieldNames, f.schema.ECSFieldNames),
			Fields:        mergeFields(ls.Schema.Fields, f.schema.Fields),
		}
		t.Transform = joinTransforms(ls.Transform, f.transform)
		out = append(out, t)
	}
	return out
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

// mergeFields returns base with over merged in by field name; base keeps
// its order and new fields follow.
func mergeFields(base, over []Field) []Field {
	if len(over) == 0 {
		return base
	}
	out := append([]Field{}, base...)
	for _, f := range over {
		i := fieldIndex(out, f.Name)
		switch {
		case i < 0:
			out = append(out, f)
		case out[i].Type.Name == "struct" && f.Type.Name == "struct":
			merged := f
			merged.Type.Fields = mergeFields(out[i].Type.Fields, f.Type.Fields)
			out[i] = merged
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
