package validate

import (
	"fmt"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/matano-go/matano/compiler/diag"
	"github.com/matano-go/matano/compiler/load"
	"github.com/matano-go/matano/managed"
)

// checkRules applies the rules that span files or relate keys within one
// file in ways a schema does not express.
func checkRules(p *load.Project) diag.List {
	var diags diag.List
	diags.Append(checkNames(p))
	diags.Append(checkManaged(p))
	diags.Append(checkIngest(p))
	diags.Append(checkDetections(p))
	diags.Append(checkEnrichments(p))
	diags.Append(checkDestinations(p))
	return diags
}

// named is anything with a name declared in a document.
type named struct {
	name string
	doc  *load.Document
	path load.Path
}

// duplicates reports every entry whose name an earlier entry already
// uses. Entries come in directory order, so the first one wins and the
// later ones are flagged, deterministically.
func duplicates(what string, items []named) diag.List {
	var diags diag.List
	first := map[string]named{}
	for _, it := range items {
		if it.name == "" {
			continue
		}
		prev, dup := first[it.name]
		if !dup {
			first[it.name] = it
			continue
		}
		d := diag.Diagnostic{
			Severity: diag.Error, Code: diag.CodeDuplicateName,
			Summary: fmt.Sprintf("%s name %q is already used", what, it.name),
			Subject: it.doc.Locate(it.path, load.Value), Path: it.path.String(),
			Labels: []diag.Label{{Span: prev.doc.Locate(prev.path, load.Value), Message: "first used here"}},
		}
		diags.Append(d)
	}
	return diags
}

func checkNames(p *load.Project) diag.List {
	var diags diag.List
	var sources, dets, enrich, dests []named
	for _, ls := range p.LogSources {
		sources = append(sources, named{ls.Name, ls.Doc, load.Path{"name"}})
		if ls.Name != "" && ls.Name != ls.Dir {
			diags.Append(diag.Diagnostic{
				Severity: diag.Warning, Code: diag.CodeNameMismatch,
				Summary: fmt.Sprintf("log source %q is in folder %q", ls.Name, ls.Dir),
				Subject: ls.Doc.Locate(load.Path{"name"}, load.Value), Path: "name",
				Hint: fmt.Sprintf("rename the folder to log_sources/%s so the two agree", ls.Name),
			})
		}
	}
	for _, ls := range p.LogSources {
		for _, t := range ls.Tables {
			if t.Doc.Kind != load.KindTable {
				continue
			}
			base := path.Base(t.Doc.File.Name)
			base = strings.TrimSuffix(strings.TrimSuffix(base, ".yml"), ".yaml")
			if t.Local != base {
				diags.Append(diag.Diagnostic{
					Severity: diag.Warning, Code: diag.CodeNameMismatch,
					Summary: fmt.Sprintf("table %q is in file %q", t.Local, path.Base(t.Doc.File.Name)),
					Subject: t.Doc.Locate(load.Path{"name"}, load.Value), Path: "name",
					Hint: fmt.Sprintf("rename the file to tables/%s.yml so the two agree", t.Local),
				})
			}
		}
	}
	for _, d := range p.Detections {
		dets = append(dets, named{d.Name, d.Doc, load.Path{"name"}})
	}
	for _, e := range p.Enrichments {
		enrich = append(enrich, named{e.Name, e.Doc, load.Path{"name"}})
	}
	for _, d := range p.Destinations {
		dests = append(dests, named{d.Name, d.Doc, load.Path{"name"}})
	}
	sourceDups := duplicates("log source", sources)
	diags.Append(sourceDups)
	diags.Append(tableCollisions(p, sourceDups))
	diags.Append(duplicates("detection", dets))
	diags.Append(duplicates("enrichment table", enrich))
	diags.Append(duplicates("destination", dests))
	return diags
}

// tableCollisions reports tables of different log sources that end up
// with one full name: log source "a_b" and table "b" of log source "a"
// are both "a_b". Log sources already reported as duplicates are
// skipped, since their tables collide for the same reason.
func tableCollisions(p *load.Project, sourceDups diag.List) diag.List {
	dupDocs := map[string]bool{}
	for _, d := range sourceDups {
		dupDocs[d.Subject.File.Name] = true
	}
	// Default tables go first, so a collision is reported at the table
	// file whose derived name clashes rather than at a log source name.
	var ordered []*load.Table
	for pass := 0; pass < 2; pass++ {
		for _, ls := range p.LogSources {
			if dupDocs[ls.Doc.File.Name] {
				continue
			}
			for _, t := range ls.Tables {
				if (t.Local == "default") == (pass == 0) {
					ordered = append(ordered, t)
				}
			}
		}
	}
	var diags diag.List
	first := map[string]*load.Table{}
	{
		for _, t := range ordered {
			prev, dup := first[t.Name]
			if !dup {
				first[t.Name] = t
				continue
			}
			diags.Append(diag.Diagnostic{
				Severity: diag.Error, Code: diag.CodeDuplicateName,
				Summary: fmt.Sprintf("table name %q is already used by %s", t.Name, describeTable(prev)),
				Subject: t.Doc.Locate(load.Path{"name"}, load.Value), Path: "name",
				Labels: []diag.Label{{Span: prev.Doc.Locate(load.Path{"name"}, load.Value), Message: "first used here"}},
				Notes:  []string{"tables are named <log source> for the default table and <log source>_<table> otherwise"},
			})
		}
	}
	return diags
}

func describeTable(t *load.Table) string {
	if t.Local == "default" {
		return fmt.Sprintf("the default table of log source %q", t.Source.Name)
	}
	return fmt.Sprintf("table %q of log source %q", t.Local, t.Source.Name)
}

func checkManaged(p *load.Project) diag.List {
	var diags diag.List
	for _, ls := range p.LogSources {
		if ls.Managed == nil || ls.Managed.Type == "" {
			continue
		}
		path := load.Path{"managed", "type"}
		mt, ok := managed.Lookup(ls.Managed.Type)
		if !ok {
			d := diag.Diagnostic{
				Severity: diag.Error, Code: diag.CodeUnknownManagedType,
				Summary: fmt.Sprintf("unknown managed log source type %q", ls.Managed.Type),
				Subject: ls.Doc.Locate(path, load.Value), Path: path.String(),
				Notes: []string{"managed types: " + strings.Join(managed.Names(), ", ")},
			}
			if s := load.Suggest(strings.ToLower(ls.Managed.Type), managed.Names()); s != "" {
				d.Hint = fmt.Sprintf("did you mean %q?", s)
			}
			diags.Append(d)
			continue
		}
		if ls.Name != "" && !strings.HasPrefix(ls.Name, mt.Prefix) {
			diags.Append(diag.Diagnostic{
				Severity: diag.Error, Code: diag.CodeManagedNamePrefix,
				Summary: fmt.Sprintf("managed %s log source %q must have a name starting with %q", mt.Name, ls.Name, mt.Prefix),
				Subject: ls.Doc.Locate(load.Path{"name"}, load.Value), Path: "name",
				Labels: []diag.Label{{Span: ls.Doc.Locate(path, load.Value), Message: "managed type set here"}},
				Hint:   fmt.Sprintf("name it %q", mt.Prefix+"_"+strings.TrimPrefix(ls.Name, "_")),
			})
		}
		// A multi-table type without a "default" table writes nothing
		// unless the user enables tables: every record would be routed to
		// a table the log source does not have.
		if len(mt.Tables) > 0 && !slices.Contains(mt.Tables, "default") && len(ls.Tables) == 1 && ls.Tables[0].Local == "default" {
			diags.Append(diag.Diagnostic{
				Severity: diag.Warning, Code: diag.CodeNoManagedTable,
				Summary: fmt.Sprintf("managed %s log source %q enables none of its tables, so its records will be sidelined", mt.Name, ls.Name),
				Subject: ls.Doc.Locate(path, load.Value), Path: path.String(),
				Notes: []string{mt.Name + " tables: " + strings.Join(mt.Tables, ", ")},
				Hint:  fmt.Sprintf("enable each table you want with log_sources/%s/tables/<table>.yml holding `name: <table>`, e.g. tables/%s.yml", ls.Dir, mt.Tables[0]),
			})
		}
	}
	return diags
}

// checkIngest flags ingest settings the AWS deployment does not build.
// Matano itself created a queue per table for ingest.sqs_source but left
// their Lambda triggers disabled; matano-go builds no queue at all, and
// says so rather than deploy a setting that does nothing.
func checkIngest(p *load.Project) diag.List {
	var diags diag.List
	for _, ls := range p.LogSources {
		if sq := ls.Ingest.SQSSource; sq == nil || !sq.Enabled || ls.Doc == nil {
			continue
		}
		diags.Append(diag.Diagnostic{
			Severity: diag.Warning, Code: diag.CodeSQSSourceNotBuilt,
			Summary: fmt.Sprintf("log source %q enables ingest.sqs_source, but the AWS deployment creates no SQS ingestion queue for it", ls.Name),
			Subject: ls.Doc.Locate(load.Path{"ingest", "sqs_source", "enabled"}, load.Value), Path: "ingest.sqs_source.enabled",
			Notes: []string{"on AWS, records reach the pipeline through S3 only: the sources bucket or ingest.s3_source; `matano ingest` is not affected"},
			Hint:  "write the records to S3, or remove sqs_source",
		})
	}
	return diags
}

// tableResolver answers whether a detection's table exists.
type tableResolver struct {
	names []string
	known map[string]bool
	// disabled maps the full names of managed tables a managed log
	// source does not enable to the table file that would enable them.
	disabled map[string]tableFile
}

// tableFile is a table file that would enable a managed table.
type tableFile struct{ file, table string }

func newTableResolver(p *load.Project) tableResolver {
	r := tableResolver{known: map[string]bool{}, disabled: map[string]tableFile{}}
	for _, ls := range p.LogSources {
		for _, t := range ls.Tables {
			if !r.known[t.Name] {
				r.known[t.Name] = true
				r.names = append(r.names, t.Name)
			}
		}
		if ls.Managed == nil || ls.Name == "" {
			continue
		}
		if mt, ok := managed.Lookup(ls.Managed.Type); ok {
			for _, t := range mt.Tables {
				full := ls.Name + "_" + t
				if t == "default" {
					full = ls.Name
				}
				if !r.known[full] {
					r.disabled[full] = tableFile{path.Join(load.LogSourcesDir, ls.Dir, load.TablesDir, t+".yml"), t}
				}
			}
		}
	}
	sort.Strings(r.names)
	return r
}

func (r tableResolver) exists(name string) bool { return r.known[name] }

func checkDetections(p *load.Project) diag.List {
	var diags diag.List
	tables := newTableResolver(p)
	var destNames []string
	for _, d := range p.Destinations {
		if d.Name != "" {
			destNames = append(destNames, d.Name)
		}
	}
	sort.Strings(destNames)
	for _, det := range p.Detections {
		doc := det.Doc
		if doc.Root == nil {
			continue
		}
		if n, _, ok := doc.Lookup(load.Path{"tables"}); ok && n.Kind == yamlSequence && len(n.Content) == 0 {
			diags.Append(diag.Diagnostic{
				Severity: diag.Error, Code: diag.CodeInvalidValue,
				Summary: "a detection must read at least one table",
				Subject: doc.Locate(load.Path{"tables"}, load.Value), Path: "tables",
			})
		}
		for i, name := range tableNames(doc) {
			if tables.exists(name) {
				continue
			}
			path := load.Path{"tables", strconv.Itoa(i)}
			d := diag.Diagnostic{
				Severity: diag.Error, Code: diag.CodeUnknownTable,
				Summary: fmt.Sprintf("detection %q reads unknown table %q", det.Name, name),
				Subject: doc.Locate(path, load.Value), Path: path.String(),
			}
			if file, ok := tables.disabled[name]; ok {
				d.Summary = fmt.Sprintf("detection %q reads managed table %q, which is not enabled", det.Name, name)
				d.Hint = fmt.Sprintf("enable it with %s (it may hold just `name: %s`)", file.file, file.table)
				diags.Append(d)
				continue
			}
			if s := load.Suggest(name, tables.names); s != "" {
				d.Hint = fmt.Sprintf("did you mean %q?", s)
			}
			if len(tables.names) > 0 {
				d.Notes = []string{"tables are named <log source> or <log source>_<table>; defined: " + listSome(tables.names, 12)}
			} else {
				d.Notes = []string{"the directory defines no log sources"}
			}
			diags.Append(d)
		}
		for i, name := range det.Alert.Destinations {
			if p.Destination(name) != nil {
				continue
			}
			path := load.Path{"alert", "destinations", strconv.Itoa(i)}
			if !scalarAt(doc, path) {
				continue
			}
			d := diag.Diagnostic{
				Severity: diag.Error, Code: diag.CodeUnknownDestination,
				Summary: fmt.Sprintf("unknown destination %q", name),
				Subject: doc.Locate(path, load.Value), Path: path.String(),
			}
			if s := load.Suggest(name, destNames); s != "" {
				d.Hint = fmt.Sprintf("did you mean %q?", s)
			}
			if len(destNames) > 0 {
				d.Notes = []string{"destinations: " + listSome(destNames, 12)}
			} else {
				d.Notes = []string{"destinations are defined in integrations/destinations/*.yml"}
			}
			diags.Append(d)
		}
		if det.Alert.Severity == load.DefaultSeverity && len(det.Alert.Destinations) > 0 {
			d := diag.Diagnostic{
				Severity: diag.Error, Code: diag.CodeInfoWithDestinations,
				Summary: "alerts of severity info are not sent to destinations",
				Subject: doc.Locate(load.Path{"alert", "destinations"}, load.Key), Path: "alert.destinations",
				Hint: "set alert.severity to notice or higher, or remove alert.destinations",
			}
			if _, _, explicit := doc.Lookup(load.Path{"alert", "severity"}); explicit {
				d.Labels = []diag.Label{{Span: doc.Locate(load.Path{"alert", "severity"}, load.Value), Message: "severity set here"}}
			} else {
				d.Notes = []string{"severity defaults to info when alert.severity is not set"}
			}
			diags.Append(d)
		}
	}
	return diags
}

// tableNames yields the index and text of each scalar element of a
// detection's tables list; other elements are the schema's to report.
func tableNames(doc *load.Document) func(func(int, string) bool) {
	return func(yield func(int, string) bool) {
		n, _, ok := doc.Lookup(load.Path{"tables"})
		if !ok || n.Kind != yamlSequence {
			return
		}
		for i, c := range n.Content {
			if c.Kind == yamlScalar && c.ShortTag() == "!!str" && !yield(i, c.Value) {
				return
			}
		}
	}
}

// scalarAt reports whether path holds a string; other values are the
// schema's to report, and checking them again would only repeat it.
func scalarAt(doc *load.Document, path load.Path) bool {
	n, _, ok := doc.Lookup(path)
	return ok && n.Kind == yamlScalar && n.ShortTag() == "!!str"
}

func listSome(names []string, n int) string {
	if len(names) <= n {
		return strings.Join(names, ", ")
	}
	return strings.Join(names[:n], ", ") + fmt.Sprintf(", … (%d more)", len(names)-n)
}

func checkEnrichments(p *load.Project) diag.List {
	var diags diag.List
	for _, e := range p.Enrichments {
		doc := e.Doc
		if e.EnrichmentType == "static" && e.WriteMode != "" {
			diags.Append(diag.Diagnostic{
				Severity: diag.Error, Code: diag.CodeStaticWriteMode,
				Summary: "a static enrichment table cannot set write_mode",
				Subject: doc.Locate(load.Path{"write_mode"}, load.Key), Path: "write_mode",
				Labels: []diag.Label{{Span: doc.Locate(load.Path{"enrichment_type"}, load.Value), Message: "static here"}},
				Notes:  []string{"static tables are replaced from data.json or data.csv on every deploy; write_mode applies to dynamic tables"},
				Hint:   "remove write_mode, or make the table dynamic",
			})
		}
		if e.WriteMode == "merge" && e.PrimaryKey == "" {
			diags.Append(diag.Diagnostic{
				Severity: diag.Error, Code: diag.CodeMergeNeedsPrimaryKey,
				Summary: "write_mode merge needs schema.primary_key",
				Subject: doc.Locate(load.Path{"write_mode"}, load.Value), Path: "write_mode",
				Notes: []string{"merging upserts rows by their primary key"},
				Hint:  "add schema.primary_key naming the field that identifies a row",
			})
		}
		if e.EnrichmentType == "static" && e.DataFile == "" {
			diags.Append(diag.Diagnostic{
				Severity: diag.Error, Code: diag.CodeMissingEnrichData,
				Summary: fmt.Sprintf("static enrichment table %q has no data file", e.Name),
				Subject: doc.Locate(load.Path{"enrichment_type"}, load.Value), Path: "enrichment_type",
				Hint: "add enrichment/" + e.Dir + "/data.json (JSON lines) or data.csv",
			})
		}
		// Keys can only be checked against an explicit field list: ECS
		// field names bring hundreds of fields we do not enumerate here.
		if len(e.Schema.Fields) == 0 || len(e.Schema.ECSFieldNames) > 0 {
			continue
		}
		var fields []string
		for _, f := range e.Schema.Fields {
			fields = append(fields, f.Name)
		}
		check := func(key string, path load.Path, what string) {
			top, _, _ := strings.Cut(key, ".")
			if key == "" || contains(fields, top) {
				return
			}
			d := diag.Diagnostic{
				Severity: diag.Error, Code: diag.CodeUnknownLookupKey,
				Summary: fmt.Sprintf("%s %q is not a field of the schema", what, key),
				Subject: doc.Locate(path, load.Value), Path: path.String(),
				Notes: []string{"fields: " + listSome(fields, 12)},
			}
			if s := load.Suggest(top, fields); s != "" {
				d.Hint = fmt.Sprintf("did you mean %q?", s)
			}
			diags.Append(d)
		}
		if scalarAt(doc, load.Path{"schema", "primary_key"}) {
			check(e.PrimaryKey, load.Path{"schema", "primary_key"}, "primary key")
		}
		for i, k := range e.LookupKeys {
			if path := (load.Path{"lookup_keys", strconv.Itoa(i)}); scalarAt(doc, path) {
				check(k, path, "lookup key")
			}
		}
	}
	return diags
}

func checkDestinations(p *load.Project) diag.List {
	var diags diag.List
	for _, d := range p.Destinations {
		if d.Type != "webhook" {
			continue
		}
		_, hasEnv := d.Properties["url_env"]
		_, hasSecret := d.Properties["url_secret"]
		switch {
		case !hasEnv && !hasSecret:
			path := load.Path{"properties"}
			if _, _, ok := d.Doc.Lookup(path); !ok {
				path = load.Path{"type"}
			}
			diags.Append(diag.Diagnostic{
				Severity: diag.Error, Code: diag.CodeInvalidDestination,
				Summary: "a webhook destination needs properties.url_env or properties.url_secret",
				Subject: d.Doc.Locate(path, load.Key), Path: "properties",
				Notes: []string{"the URL is read from an environment variable or a Secrets Manager secret so it never sits in the repository"},
			})
		case hasEnv && hasSecret:
			diags.Append(diag.Diagnostic{
				Severity: diag.Error, Code: diag.CodeInvalidDestination,
				Summary: "a webhook destination sets both url_env and url_secret",
				Subject: d.Doc.Locate(load.Path{"properties", "url_secret"}, load.Key), Path: "properties.url_secret",
				Labels: []diag.Label{{Span: d.Doc.Locate(load.Path{"properties", "url_env"}, load.Key), Message: "url_env set here"}},
				Hint:   "keep one of them",
			})
		}
	}
	return diags
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
