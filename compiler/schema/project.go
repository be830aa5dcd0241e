package schema

import (
	"strconv"
	"strings"

	"github.com/matano-go/matano/compiler/diag"
	"github.com/matano-go/matano/compiler/load"
	"github.com/matano-go/matano/schemas/ecs"
)

// Table resolves one table of a loaded project. Diagnostics point at the
// offending ecs_field_names entry or custom field in whichever file (the
// log source or the table file) declared it.
func Table(t *load.Table, cat *ecs.Catalogue) (*Schema, diag.List) {
	s, problems := Resolve(Input{Table: t.Name, ECSFieldNames: t.Schema.ECSFieldNames, Fields: t.Schema.Fields}, cat)
	var diags diag.List
	for _, p := range problems {
		switch p.Kind {
		case UnknownECS:
			name := t.Schema.ECSFieldNames[p.Index]
			d := diag.Diagnostic{
				Severity: diag.Error, Code: diag.CodeUnknownECSField,
				Summary: p.Message,
				Path:    "schema.ecs_field_names",
				Subject: locateListItem(t, []string{"schema", "ecs_field_names"}, name),
			}
			if len(p.Suggestions) > 0 {
				d.Hint = "did you mean " + quoteList(p.Suggestions) + "?"
			}
			d.Labels = []diag.Label{{Span: d.Subject, Message: "not in ECS " + ecsVersion(), Primary: true}}
			diags = append(diags, d)
		case Collision:
			f := t.Schema.Fields[p.Index]
			sp := locateField(t, f.Name)
			diags = append(diags, diag.Diagnostic{
				Severity: diag.Error, Code: diag.CodeFieldCollision,
				Summary: p.Message,
				Path:    "schema.fields",
				Subject: sp,
				Labels:  []diag.Label{{Span: sp, Message: "custom field", Primary: true}},
				Hint:    "put vendor-specific fields under a name of their own (for example " + vendorName(t) + "." + f.Name + "), or select the ECS field with ecs_field_names",
			})
		}
	}
	return s, diags
}

// Project resolves every table of a project, keyed by table name.
func Project(p *load.Project) (map[string]*Schema, diag.List) {
	cat := ecs.Default()
	out := map[string]*Schema{}
	var diags diag.List
	// A log source's declarations are shared by its tables: report each
	// problem once, at its place.
	type key struct {
		file  *diag.File
		start int
		code  string
	}
	seen := map[key]bool{}
	for _, t := range p.Tables() {
		s, d := Table(t, cat)
		out[t.Name] = s
		for _, x := range d {
			k := key{x.Subject.File, x.Subject.Start, x.Code}
			if !seen[k] {
				seen[k] = true
				diags = append(diags, x)
			}
		}
	}
	return out, diags
}

func ecsVersion() string { return "9.5" }

func vendorName(t *load.Table) string {
	if t.Source != nil && t.Source.Name != "" {
		return t.Source.Name
	}
	return "vendor"
}

func quoteList(s []string) string {
	q := make([]string, len(s))
	for i, x := range s {
		q[i] = strconv.Quote(x)
	}
	return strings.Join(q, " or ")
}

// docs returns the files that may declare a table's schema: the table
// file first, then its log source, then the managed definitions they
// are merged over.
func docs(t *load.Table) []*load.Document {
	var out []*load.Document
	if t.Doc != nil {
		out = append(out, t.Doc)
	}
	if t.Source != nil && t.Source.Doc != nil && t.Source.Doc != t.Doc {
		out = append(out, t.Source.Doc)
	}
	// A managed table's fields may be declared in the embedded
	// definition the user's files are merged over.
	if t.ManagedDoc != nil {
		out = append(out, t.ManagedDoc)
	}
	if t.Source != nil && t.Source.ManagedDoc != nil {
		out = append(out, t.Source.ManagedDoc)
	}
	return out
}

// locateListItem finds the sequence item equal to value under path.
func locateListItem(t *load.Table, path []string, value string) diag.Span {
	for _, d := range docs(t) {
		seq, _, ok := d.Lookup(load.Path(path))
		if !ok || seq == nil {
			continue
		}
		for i, it := range seq.Content {
			if it.Value == value {
				return d.Locate(append(load.Path(path), strconv.Itoa(i)), load.Value)
			}
		}
	}
	return fallback(t)
}

// locateField finds the name of a custom field declared in schema.fields.
func locateField(t *load.Table, name string) diag.Span {
	for _, d := range docs(t) {
		seq, _, ok := d.Lookup(load.Path{"schema", "fields"})
		if !ok || seq == nil {
			continue
		}
		for i := range seq.Content {
			p := load.Path{"schema", "fields", strconv.Itoa(i), "name"}
			if v, _, ok := d.Lookup(p); ok && v.Value == name {
				return d.Locate(p, load.Value)
			}
		}
	}
	return fallback(t)
}

func fallback(t *load.Table) diag.Span {
	if ds := docs(t); len(ds) > 0 {
		return ds[0].Locate(load.Path{"schema"}, load.Key)
	}
	return diag.Span{}
}
