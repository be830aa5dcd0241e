// Package typecheck compiles every VRL program of a Matano directory the
// way Matano runs it and checks what the transforms write against their
// tables' schemas, so that a transform that would sideline every record
// fails at PR time (`matano validate`) instead of in production.
//
// For each table it compiles the log source transform followed by the
// table transform (load.Table.Transform), starting from the event kind
// Matano's ingest gives (see recordEvent), then:
//
//   - reports VRL's own diagnostics (E100, E110, ...) at their place in
//     the YAML file (see scalarMap);
//   - compares the event's final kind with the schema by the lake
//     writer's cast rules (Writable): a value that cannot be written is an
//     error (M402) at the assignment that wrote it, with the conversion
//     that fixes it;
//   - warns about assigned fields that are not columns (M403): they are
//     dropped at write;
//   - requires ts to be a timestamp at the end (M404).
//
// It also compiles the ingest programs: expand_records_from_payload must
// be able to return an array (M406), select_table_from_payload and
// select_table_from_payload_metadata a string (M405), and the table names
// they return literally must be tables of the log source (M407).
//
// Enrichment table transforms are not checked yet.
package typecheck

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/matano-go/matano/compiler/diag"
	"github.com/matano-go/matano/compiler/load"
	"github.com/matano-go/matano/compiler/schema"
	"github.com/matano-go/matano/compiler/vrl/ast"
	"github.com/matano-go/matano/compiler/vrl/check"
	"github.com/matano-go/matano/compiler/vrl/parse"
	"github.com/matano-go/matano/managed"
	"github.com/matano-go/matano/runtime/vrl/value"
	"github.com/matano-go/matano/schemas/ecs"
)

// Project checks every VRL program of p. schemas are the resolved table
// schemas keyed by table name (schema.Project); a table without one is
// compiled but not compared with a schema. The diagnostics are not
// sorted; a problem in a log source transform shared by several tables is
// reported once. Project is safe to call concurrently; the schemas are
// only read.
func Project(p *load.Project, schemas map[string]*schema.Schema) diag.List {
	// Log sources are independent (their diagnostics are in their own
	// files), so they are checked in parallel and concatenated in order.
	// The VRL checker dominates the cost (BenchmarkTypecheck100: about
	// 4 ms per 40-statement transform, most of it cloning object kinds
	// when branches merge), so on a large directory this roughly divides
	// the time added to validate by the number of cores.
	out := make([]diag.List, len(p.LogSources))
	workers := min(runtime.GOMAXPROCS(0), len(p.LogSources))
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i] = checkLogSource(p.LogSources[i], schemas)
			}
		}()
	}
	for i := range p.LogSources {
		next <- i
	}
	close(next)
	wg.Wait()
	var diags diag.List
	for _, l := range out {
		diags = append(diags, l...)
	}
	return diags
}

// checkLogSource checks one log source, its tables and ingest programs. A
// panic becomes a bug diagnostic (it would otherwise kill the process
// from a worker goroutine).
func checkLogSource(ls *load.LogSource, schemas map[string]*schema.Schema) (diags diag.List) {
	c := &checker{cat: ecs.Default(), seen: map[dedupKey]bool{}, dropIdx: map[dedupKey]int{}, dropTables: map[int][]string{}}
	defer func() {
		if r := recover(); r != nil {
			c.diags = append(c.diags, diag.Diagnostic{
				Severity: diag.Bug,
				Summary:  fmt.Sprintf("internal error while type-checking the transforms of %s: %v", ls.Dir, r),
				Detail:   string(debug.Stack()),
			})
		}
		diags = c.diags
	}()
	c.logSource(ls, schemas)
	return c.diags
}

type dedupKey struct {
	file    string
	start   int
	code    string
	summary string
}

type checker struct {
	cat   *ecs.Catalogue
	diags diag.List
	seen  map[dedupKey]bool
	// dropIdx finds the M403 warning of a shared assignment and
	// dropTables the tables it names, by index in diags.
	dropIdx    map[dedupKey]int
	dropTables map[int][]string
}

func (c *checker) add(d diag.Diagnostic) {
	name := ""
	if d.Subject.File != nil {
		name = d.Subject.File.Name
	}
	k := dedupKey{name, d.Subject.Start, d.Code, d.Summary}
	if c.seen[k] {
		return
	}
	c.seen[k] = true
	c.diags = append(c.diags, d)
}

// program is one compiled VRL program with its way back to the YAML.
type program struct {
	prog *ast.Program
	info *check.Info
	src  *sourceMap
	// ok is set when the program compiled without errors, so its Info
	// is complete.
	ok bool
}

// piece is one YAML string that goes into a program.
type piece struct {
	doc  *load.Document
	path load.Path
	text string
}

// compile joins the pieces (each ends with a newline before the next, as
// load joins transforms), parses and checks the result from the given
// event kind, and reports VRL's diagnostics at their YAML positions.
func (c *checker) compile(name string, pieces []piece, event value.Kind) *program {
	var src []byte
	sm := &sourceMap{}
	for i, pc := range pieces {
		if i > 0 && len(src) > 0 && src[len(src)-1] != '\n' {
			src = append(src, '\n')
		}
		n, _, ok := pc.doc.Lookup(pc.path)
		var m *scalarMap
		if ok && n != nil {
			m = newScalarMap(pc.doc.File, n, pc.text)
		} else {
			m = &scalarMap{file: pc.doc.File, start: pc.doc.Locate(pc.path, load.Value).Start}
		}
		sm.segs = append(sm.segs, segment{base: len(src), m: m, path: pc.path.String()})
		src = append(src, pc.text...)
	}
	f := diag.NewFile(name, src)
	sm.vrl = f
	prog, pd := parse.File(f)
	out := &program{prog: prog, src: sm}
	var cd diag.List
	if !parse.HasFatal(pd) {
		out.info, cd = check.Check(prog, check.Config{Event: event})
	}
	all := parse.MergeByRoot(prog, pd, cd)
	for _, d := range all {
		c.add(sm.remap(d))
	}
	out.ok = out.info != nil && !all.HasErrors()
	return out
}

func (c *checker) logSource(ls *load.LogSource, schemas map[string]*schema.Schema) {
	if ls.Doc == nil {
		return
	}
	for _, t := range ls.Tables {
		c.table(ls, t, schemas[t.Name])
	}
	in := ls.Ingest
	if in.ExpandRecordsFromPayload != "" {
		doc := ls.IngestDoc("expand_records_from_payload")
		p := c.compile(doc.File.Name+"#expand_records_from_payload",
			[]piece{{doc, load.Path{"ingest", "expand_records_from_payload"}, in.ExpandRecordsFromPayload}}, PayloadEvent())
		c.result(p, value.BitArray|value.BitNull, diag.CodeExpandNotArray,
			"expand_records_from_payload must return an array of records",
			"return the array of records, for example parse_json!(.__raw).Records")
	}
	if in.SelectTableFromPayload != "" {
		doc := ls.IngestDoc("select_table_from_payload")
		p := c.compile(doc.File.Name+"#select_table_from_payload",
			[]piece{{doc, load.Path{"ingest", "select_table_from_payload"}, in.SelectTableFromPayload}}, RecordEvent())
		if c.result(p, value.BitBytes, diag.CodeSelectNotString,
			"select_table_from_payload must return a table name (a string)",
			"return the name of one of the log source's tables"+tableExample(ls)) {
			c.tableNames(ls, p, "select_table_from_payload", doc)
		}
	}
	if in.SelectTableFromPayloadMetadata != "" {
		doc := ls.IngestDoc("select_table_from_payload_metadata")
		p := c.compile(doc.File.Name+"#select_table_from_payload_metadata",
			[]piece{{doc, load.Path{"ingest", "select_table_from_payload_metadata"}, in.SelectTableFromPayloadMetadata}}, MetadataEvent())
		if c.result(p, value.BitBytes, diag.CodeSelectNotString,
			"select_table_from_payload_metadata must return a table name (a string)",
			"return the name of one of the log source's tables"+tableExample(ls)) {
			c.tableNames(ls, p, "select_table_from_payload_metadata", doc)
		}
	}
}

// result checks the kind a program returns (its last expression) against
// the kinds it must be able to return. Only a program that cannot return
// any of them is an error: a union is decided per record at runtime. It
// reports whether the program compiled and passed.
func (c *checker) result(p *program, want value.KindBits, code, summary, hint string) bool {
	if !p.ok || len(p.prog.Exprs) == 0 {
		return false
	}
	last := p.prog.Exprs[len(p.prog.Exprs)-1]
	td, ok := p.info.Types[last]
	if !ok || td.Kind.Contains(want) || td.Kind.IsNever() {
		return ok
	}
	sp, _ := p.src.span(diag.Span{File: p.prog.File, Start: last.Pos(), End: last.End()})
	c.add(diag.Diagnostic{
		Severity: diag.Error, Code: code,
		Summary: summary + ", but it returns " + kindString(td.Kind),
		Subject: sp,
		Labels:  []diag.Label{{Span: sp, Message: "this is " + article(td.Kind), Primary: true}},
		Hint:    hint,
	})
	return false
}

// tableNames checks the literal table names a select program can return
// (the string literals its result comes from, through if/else and
// blocks) against the log source's tables: Matano finds no transform and
// no schema for any other name, so every record selected that way fails.
//
// A managed definition's program may name a managed table the user has
// not enabled: that is no error in a file the user can't edit (Matano
// users enable the tables they want; records for the others are
// sidelined as unroutable at ingest).
func (c *checker) tableNames(ls *load.LogSource, p *program, key string, doc *load.Document) {
	known := map[string]bool{}
	for _, t := range ls.Tables {
		known[t.Local] = true
	}
	optional := map[string]bool{}
	if doc == ls.ManagedDoc && ls.Managed != nil {
		if mt, ok := managed.Lookup(ls.Managed.Type); ok {
			for _, t := range mt.Tables {
				optional[t] = true
			}
		}
	}
	for _, e := range resultLeaves(p.prog.Exprs[len(p.prog.Exprs)-1]) {
		s, ok := e.(*ast.String)
		if !ok {
			continue
		}
		name, ok := s.Value()
		if !ok || known[name] {
			continue
		}
		sp, _ := p.src.span(diag.Span{File: p.prog.File, Start: s.Pos(), End: s.End()})
		if optional[name] {
			// Records routed there are sidelined (kind route) with a
			// message naming the table file that enables it.
			continue
		}
		c.add(diag.Diagnostic{
			Severity: diag.Error, Code: diag.CodeUnknownSelectedTable,
			Summary: key + " returns " + strconv.Quote(name) + ", which is not a table of log source " + ls.Name,
			Subject: sp,
			Labels:  []diag.Label{{Span: sp, Message: "no tables/" + name + ".yml", Primary: true}},
			Hint:    "return the name of one of the log source's tables" + tableExample(ls),
		})
	}
}

// resultLeaves returns the expressions a value can come from: the last
// expression of blocks and of each if/else branch.
func resultLeaves(e ast.Expr) []ast.Expr {
	switch x := e.(type) {
	case *ast.Group:
		return resultLeaves(x.X)
	case *ast.Block:
		if len(x.Exprs) > 0 {
			return resultLeaves(x.Exprs[len(x.Exprs)-1])
		}
		return nil
	case *ast.If:
		out := resultLeaves(x.Then)
		if x.Else != nil {
			out = append(out, resultLeaves(x.Else)...)
		}
		return out
	}
	return []ast.Expr{e}
}

// tableExample lists the log source's table names for a hint.
func tableExample(ls *load.LogSource) string {
	var names []string
	for _, t := range ls.Tables {
		names = append(names, strconv.Quote(t.Local))
	}
	if len(names) == 0 {
		return ""
	}
	return ": " + strings.Join(names, ", ")
}

// table compiles one table's transform and checks it against the schema.
func (c *checker) table(ls *load.LogSource, t *load.Table, s *schema.Schema) {
	if t.Transform == "" {
		return
	}
	var pieces []piece
	docs := ls.TransformDocs
	if t.Doc != ls.Doc {
		docs = append(slices.Clip(docs), t.TransformDocs...)
	}
	for _, d := range docs {
		if n, _, ok := d.Lookup(load.Path{"transform"}); ok && n != nil && n.Value != "" {
			pieces = append(pieces, piece{d, load.Path{"transform"}, n.Value})
		}
	}
	if len(pieces) == 0 || joined(pieces) != t.Transform {
		// The loader joined something this package does not know how
		// to take apart: compile it whole, mapped to the table file.
		doc := t.Doc
		if doc == nil {
			doc = ls.Doc
		}
		pieces = []piece{{doc, load.Path{"transform"}, t.Transform}}
	}
	name := pieces[len(pieces)-1].doc.File.Name + "#transform"
	p := c.compile(name, pieces, RecordEvent())
	if !p.ok || s == nil {
		return
	}
	c.schemaChecks(t, s, p)
}

// joined is the transform text load builds from the pieces.
func joined(pieces []piece) string {
	var out []byte
	for i, pc := range pieces {
		if i > 0 && len(out) > 0 && out[len(out)-1] != '\n' {
			out = append(out, '\n')
		}
		out = append(out, pc.text...)
	}
	return string(out)
}

// kindString renders a kind as VRL's messages do, except that every
// defined kind reads "any" even with undefined added ("any or
// undefined"), not a list of ten names.
func kindString(k value.Kind) string {
	if k.Bits&value.BitsAny == value.BitsAny {
		if k.Bits&value.BitUndefined != 0 {
			return "any or undefined"
		}
		return "any"
	}
	return k.String()
}

// article renders a kind for a label: "a string", "an integer", "an
// object", "null".
func article(k value.Kind) string {
	s := kindString(k)
	switch {
	case k.Bits == value.BitNull || !k.IsExact():
		return s
	case s[0] == 'a' || s[0] == 'i' || s[0] == 'o':
		return "an " + s
	}
	return "a " + s
}
