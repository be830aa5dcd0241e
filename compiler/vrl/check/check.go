// Package check is the VRL 0.35 type checker: it walks a parsed program
// with progressive type inference exactly as upstream's compiler does
// (assignments refine the types of the event and of variables, branches
// merge, blocks scope their new variables), resolves and compiles every
// function call against the stdlib, and reports VRL's diagnostics with
// upstream's codes, messages, labels and notes.
//
// The result (Info) tells the interpreter the type of every expression,
// the compiled call of every function call and how to run the special
// functions (del, exists, type_def); it also gives the final type of the
// event for the schema checks.
package check

import (
	"fmt"
	"sort"

	"github.com/matano-go/matano/compiler/diag"
	"github.com/matano-go/matano/compiler/vrl/ast"
	"github.com/matano-go/matano/runtime/vrl/value"
	"github.com/matano-go/matano/stdlib"
)

// Config is what the checker needs to know besides the program.
type Config struct {
	// Event and Metadata are the kinds of the event and of the metadata
	// before the program runs. The zero Kind means VRL's default: an
	// object of anything.
	Event, Metadata value.Kind
	// ReadOnly lists event paths that may not be assigned (".foo" in the
	// corpus's `read_only:` header); ReadOnlyRecursive also covers
	// everything below them. ReadOnlyMetadata* are the same for metadata.
	ReadOnly, ReadOnlyRecursive                 []ReadOnlyPath
	ReadOnlyMetadata, ReadOnlyMetadataRecursive []ReadOnlyPath
	// UnusedWarnings turns on VRL's E900 warnings for expressions whose
	// result is never used.
	UnusedWarnings bool
}

// ReadOnlyPath is a path below the event or metadata root.
type ReadOnlyPath []value.KindSegment

// typeDef is VRL's TypeDef: a kind, whether evaluation may fail, and the
// kind of values `return` may leave with from inside the expression.
type typeDef struct {
	kind     value.Kind
	fallible bool
	returns  value.Kind
}

func kindTD(k value.Kind) typeDef { return typeDef{kind: k} }

func (t typeDef) union(o typeDef) typeDef {
	return typeDef{kind: t.kind.Union(o.kind), fallible: t.fallible || o.fallible, returns: t.returns.Union(o.returns)}
}

func (t typeDef) atPath(path []value.KindSegment) typeDef {
	t.kind = t.kind.AtPath(path)
	return t
}

// fallibleUnless makes t fallible when its kind is not within bits.
func (t typeDef) fallibleUnless(bits value.KindBits) typeDef {
	if !kindFromBits(bits).IsSuperset(t.kind) {
		t.fallible = true
	}
	return t
}

func (t typeDef) public() stdlib.TypeDef { return stdlib.TypeDef{Kind: t.kind, Fallible: t.fallible} }

// isExactly reports whether k is only the given kinds (VRL's is_bytes and
// friends, under which never qualifies too).
func isExactly(k value.Kind, bits value.KindBits) bool { return k.Bits&^bits == 0 }

// kindFromBits converts a parameter's kind bits to a Kind (collections of
// anything), as VRL's `Kind::from(u16)`.
func kindFromBits(bits value.KindBits) value.Kind { return value.Kind{Bits: bits} }

// details is what the checker knows about a variable or the event: its
// type and, when it is a constant, its value.
type details struct {
	td  typeDef
	val *value.Value
}

func (d details) merge(o details) details {
	out := details{td: d.td.union(o.td)}
	if d.val != nil && o.val != nil && value.Equal(*d.val, *o.val) {
		out.val = d.val
	}
	return out
}

// state is VRL's TypeState: the variables in scope and the external
// (event and metadata) types at one point of the program.
type state struct {
	locals map[string]details
	event  details
	meta   value.Kind
}

func (s *state) clone() *state {
	out := &state{locals: make(map[string]details, len(s.locals)), event: s.event, meta: s.meta}
	for k, v := range s.locals {
		out.locals[k] = v
	}
	return out
}

// merge joins the states of two paths of execution.
func (s *state) merge(o *state) *state {
	out := s.clone()
	for k, v := range o.locals {
		if mine, ok := out.locals[k]; ok {
			out.locals[k] = mine.merge(v)
		} else {
			out.locals[k] = v
		}
	}
	out.event = s.event.merge(o.event)
	out.meta = s.meta.Union(o.meta)
	return out
}

// applyChildScope keeps, of a block's final locals, only the variables
// that existed before it (their new types); the block's own variables go
// out of scope.
func (s *state) applyChildScope(parent map[string]details) {
	out := make(map[string]details, len(parent))
	for k, v := range parent {
		if child, ok := s.locals[k]; ok {
			out[k] = child
		} else {
			out[k] = v
		}
	}
	s.locals = out
}

func (s *state) varNames() []string {
	names := make([]string, 0, len(s.locals))
	for k := range s.locals {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// checker holds one run of Check.
type checker struct {
	cfg   Config
	file  *diag.File
	info  *Info
	diags diag.List
	// pending are fallibility errors of the current root expression not
	// yet handled by a parent (assignment, ??, a predicate...): VRL's
	// pending_fallibilities stack, flushed at each root expression.
	pending []pendingErr
	// skip holds query targets whose assignment failed to compile, so
	// that reading them later does not add an "undefined variable" error.
	skip   map[string]bool
	consts map[ast.Expr]value.Value
	// returned accumulates the event kinds at `return` points.
	returned []value.Kind
}

// Check type-checks prog. The returned Info is complete only when the
// diagnostics hold no error; with errors it still describes the parts
// that could be checked (enough for an editor, not for running).
// Diagnostics come in VRL's order: errors and warnings as they were found.
func Check(prog *ast.Program, cfg Config) (info *Info, diags diag.List) {
	c := &checker{
		cfg:    cfg,
		file:   prog.File,
		skip:   map[string]bool{},
		consts: map[ast.Expr]value.Value{},
		info: &Info{
			Types: make(map[ast.Expr]stdlib.TypeDef, typesHint(prog)),
			Calls: map[*ast.Call]*CallInfo{},
		},
	}
	defer func() {
		if r := recover(); r != nil {
			c.diags = append(c.diags, diag.Diagnostic{
				Severity: diag.Bug, Code: "E000",
				Summary: fmt.Sprintf("internal error in the VRL type checker: %v", r),
			})
			info, diags = c.info, c.diags
		}
	}()
	st := &state{locals: map[string]details{}}
	st.event = details{td: kindTD(defaultKind(cfg.Event))}
	st.meta = defaultKind(cfg.Metadata)
	for _, e := range prog.Exprs {
		if _, bad := e.(*ast.Bad); bad {
			continue
		}
		c.pending = c.pending[:0]
		c.expr(e, st)
		for _, p := range c.pending {
			c.diags = append(c.diags, c.pendingDiag(p))
		}
	}
	c.pending = nil
	final := st.event.td.kind
	for _, k := range c.returned {
		final = final.Union(k)
	}
	c.info.Event = final
	c.info.Metadata = st.meta
	if cfg.UnusedWarnings && !c.diags.HasErrors() {
		c.diags = append(c.diags, unusedWarnings(prog, c.file)...)
	}
	return c.info, c.diags
}

// typesHint estimates how many expressions prog has (about one per 8
// bytes of source in typical transforms), so that Info.Types is sized
// once instead of growing through every power of two: map growth was a
// tenth of the checker's time in BenchmarkTypecheck100.
func typesHint(prog *ast.Program) int {
	if len(prog.Exprs) == 0 {
		return 0
	}
	return max(prog.Exprs[len(prog.Exprs)-1].End()-prog.Exprs[0].Pos(), 0) / 8
}

func defaultKind(k value.Kind) value.Kind {
	if k.Bits == 0 {
		return value.KindObjectOf(nil, value.KindTop().Ptr())
	}
	return k
}

// span converts an AST range to a diagnostic span.
func (c *checker) span(n ast.Node) diag.Span {
	return diag.Span{File: c.file, Start: n.Pos(), End: n.End()}
}

func (c *checker) rng(start, end int) diag.Span {
	return diag.Span{File: c.file, Start: start, End: end}
}

// newDiag builds a diagnostic with VRL's closing notes: the code's page
// for codes 100-110, then the language documentation and the REPL.
func (c *checker) newDiag(sev diag.Severity, code int, summary string, labels []diag.Label, notes []string) diag.Diagnostic {
	notes = append([]string(nil), notes...)
	if code >= 100 && code <= 110 {
		notes = append(notes, fmt.Sprintf("learn more about error code %d at https://errors.vrl.dev/%d", code, code))
	}
	notes = append(notes, "see language documentation at https://vrl.dev",
		"try your code in the VRL REPL, learn more at https://vrl.dev/examples")
	d := diag.Diagnostic{Severity: sev, Code: fmt.Sprintf("E%03d", code), Summary: summary, Labels: labels, Notes: notes}
	for _, l := range labels {
		if l.Primary {
			d.Subject = l.Span
			break
		}
	}
	return d
}

func (c *checker) errorAt(code int, summary string, labels []diag.Label, notes ...string) {
	c.diags = append(c.diags, c.newDiag(diag.Error, code, summary, labels, notes))
}

func primary(s diag.Span, msg string) diag.Label {
	return diag.Label{Span: s, Message: msg, Primary: true}
}
func context(s diag.Span, msg string) diag.Label { return diag.Label{Span: s, Message: msg} }

// Standard notes.
const (
	noteErrorDocs   = "see documentation about error handling at https://errors.vrl.dev/#handling"
	noteFnCharDocs  = "see functions characteristics documentation at https://vrl.dev/expressions/#function-call-characteristics"
	noteCoerceValue = "hint: coerce the value to the required type using a coercion function"
	noteCoerceDocs  = "see documentation about type coercion at https://functions.vrl.dev/#coerce-functions"
)

// solution renders VRL's Note::solution: a "try:" line, a blank, the
// indented code lines and another blank.
func solution(title string, lines ...string) []string {
	out := []string{"try: " + title, " "}
	for _, l := range lines {
		out = append(out, "    "+l)
	}
	return append(out, " ")
}
