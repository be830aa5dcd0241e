package load

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"strings"

	"github.com/matano-go/matano/compiler/diag"
	"github.com/matano-go/matano/managed"
)

// ManagedFilePrefix starts the file names of managed definitions in
// diagnostics, so a message about them never reads like a user's file.
const ManagedFilePrefix = "<managed>/"

// mergeManaged folds the embedded definition of a managed log source's
// type under the user's log_source.yml and table files, as Matano does:
//
//   - the user's keys win over the managed ones (ingest settings key by
//     key, meta key by key); schemas merge (ECS names unioned, fields by
//     name, the managed definition first);
//   - the managed transform runs first, then the user's;
//   - a managed table exists only when the user enables it with a
//     tables/<name>.yml of the same file name, which may add schema and
//     transform but not rename it; a table file that matches no managed
//     table is an error;
//   - o365's managed transform starts with `tenants = {<tenant_id>:
//     <tenant_name>}` from managed.properties.
//
// An unknown type leaves the log source as written (validation reports
// it). It returns the table files to resolve.
func (l *loader) mergeManaged(ls *LogSource, user []tableFile) []tableFile {
	mt, ok := managed.Lookup(ls.Managed.Type)
	if !ok {
		return user
	}
	base := path.Join(managed.Dir, mt.Name)
	mdoc := l.managedDoc(KindLogSource, mt.Name, base, LogSourceFile)
	if mdoc == nil {
		return user
	}
	ls.ManagedDoc = mdoc
	var raw rawLogSource
	decode(mdoc, &raw)
	ls.Ingest = mergeIngest(raw.Ingest, ls.Ingest)
	if len(raw.Meta) > 0 {
		meta := maps.Clone(raw.Meta)
		maps.Copy(meta, ls.Meta)
		ls.Meta = meta
	}
	ms := schemaDecoder{mdoc, &l.diags}.schema(mapValue(mdoc.Root, "schema"), Path{"schema"})
	var conflicts []fieldConflict
	ls.Schema = Schema{
		ECSFieldNames: unionStrings(ms.ECSFieldNames, ls.Schema.ECSFieldNames),
		Fields:        mergeFields(ms.Fields, ls.Schema.Fields, "", &conflicts),
	}
	conflictDiags(ls.Doc, conflicts, "the managed "+mt.Name+" definition", &l.diags)

	var docs []*Document
	if mt.Name == "o365" {
		docs = append(docs, l.tenantsPrelude(ls))
	}
	if raw.Transform != "" {
		docs = append(docs, mdoc)
	}
	if ls.Transform != "" {
		docs = append(docs, ls.Doc)
	}
	ls.TransformDocs, ls.Transform = docs, transformOf(docs)

	managedTables := map[string]tableFile{}
	for _, name := range mt.Tables {
		tdoc := l.managedDoc(KindTable, mt.Name, base, path.Join(TablesDir, name+".yml"))
		if tdoc == nil {
			continue
		}
		if tf, ok := l.tableFile(tdoc); ok {
			managedTables[name] = tf
		}
	}
	var out []tableFile
	for _, uf := range user {
		file := path.Base(uf.doc.File.Name)
		mf, ok := managedTables[strings.TrimSuffix(file, path.Ext(file))]
		if !ok {
			d := diag.Diagnostic{
				Severity: diag.Error, Code: diag.CodeUnknownManagedTable,
				Summary: fmt.Sprintf("%s is not a table of the managed %s log source", file, mt.Name),
				Subject: uf.doc.Locate(Path{"name"}, Value), Path: "name",
			}
			if len(mt.Tables) == 0 {
				d.Hint = mt.Name + " has a single table, named like the log source: remove the tables/ folder"
			} else {
				d.Notes = []string{"its tables: " + strings.Join(mt.Tables, ", ")}
				if s := Suggest(strings.TrimSuffix(file, path.Ext(file)), mt.Tables); s != "" {
					d.Hint = fmt.Sprintf("did you mean tables/%s.yml?", s)
				}
			}
			l.diags.Append(d)
			continue
		}
		if uf.name != "" && uf.name != mf.name {
			l.diags.Append(diag.Diagnostic{
				Severity: diag.Error, Code: diag.CodeManagedTableRenamed,
				Summary: fmt.Sprintf("a managed table can't be renamed: %s defines table %q, not %q", file, mf.name, uf.name),
				Subject: uf.doc.Locate(Path{"name"}, Value), Path: "name",
				Hint: fmt.Sprintf("write name: %s (or leave name out)", mf.name),
			})
		}
		var conflicts []fieldConflict
		merged := tableFile{
			doc: uf.doc, managedDoc: mf.doc, name: mf.name,
			schema: Schema{
				ECSFieldNames: unionStrings(mf.schema.ECSFieldNames, uf.schema.ECSFieldNames),
				Fields:        mergeFields(mf.schema.Fields, uf.schema.Fields, "", &conflicts),
			},
			transformDocs: append(append([]*Document{}, mf.transformDocs...), uf.transformDocs...),
		}
		conflictDiags(uf.doc, conflicts, "the managed "+mt.Name+" table "+mf.name, &l.diags)
		merged.transform = transformOf(merged.transformDocs)
		out = append(out, merged)
	}
	return out
}

// managedDoc parses one file of a managed definition. Its diagnostics
// (there should be none: the definitions are tested) name it under
// ManagedFilePrefix. It is not added to Project.Documents, which are the
// user's files the CUE schemas check.
func (l *loader) managedDoc(kind Kind, typ, base, rel string) *Document {
	src, err := fs.ReadFile(managed.FS(), path.Join(base, rel))
	if err != nil {
		l.diags.Append(diag.Diagnostic{Severity: diag.Error, Code: diag.CodeReadFailed,
			Summary: "cannot read the managed " + typ + " definition " + rel + ": " + unwrapPathError(err)})
		return nil
	}
	doc, diags := parseDocument(kind, ManagedFilePrefix+typ+"/"+rel, src)
	l.diags.Append(diags)
	if doc.Root == nil {
		return nil
	}
	return doc
}

// tenantsPrelude is the document holding o365's injected first
// statement, a map of tenant ids to the names the user gave in
// managed.properties (tenant_id, tenant_name), so diagnostics in it have
// a file to point at.
func (l *loader) tenantsPrelude(ls *LogSource) *Document {
	tenants := map[string]string{}
	id, _ := ls.Managed.Properties["tenant_id"].(string)
	name, _ := ls.Managed.Properties["tenant_name"].(string)
	if id != "" && name != "" {
		tenants[id] = name
	}
	js, _ := json.Marshal(tenants)
	src := "transform: |\n  tenants = " + string(js) + "\n"
	doc, diags := parseDocument(KindLogSource, ManagedFilePrefix+"o365/managed.properties", []byte(src))
	l.diags.Append(diags)
	return doc
}

// transformOf joins the transforms of docs in order, as the tables'
// transforms are joined.
func transformOf(docs []*Document) string {
	var out string
	for _, d := range docs {
		var raw struct {
			Transform string `yaml:"transform"`
		}
		decode(d, &raw)
		out = joinTransforms(out, raw.Transform)
	}
	return out
}

// mergeIngest lays the user's ingest settings over the managed ones, key
// by key.
func mergeIngest(m, u Ingest) Ingest {
	out := m
	if u.S3Source != nil {
		out.S3Source = u.S3Source
	}
	if u.SQSSource != nil {
		out.SQSSource = u.SQSSource
	}
	for _, kv := range []struct {
		dst *string
		src string
	}{
		{&out.Compression, u.Compression},
		{&out.ExpandRecordsFromPayload, u.ExpandRecordsFromPayload},
		{&out.SelectTableFromPayload, u.SelectTableFromPayload},
		{&out.SelectTableFromPayloadMetadata, u.SelectTableFromPayloadMetadata},
	} {
		if kv.src != "" {
			*kv.dst = kv.src
		}
	}
	if u.CSVHeaders != nil {
		out.CSVHeaders = u.CSVHeaders
	}
	return out
}
