package typecheck

import (
	"sort"
	"strconv"
	"strings"

	"github.com/matano-go/matano/compiler/diag"
	"github.com/matano-go/matano/compiler/load"
	"github.com/matano-go/matano/compiler/schema"
	"github.com/matano-go/matano/compiler/vrl/ast"
	"github.com/matano-go/matano/compiler/vrl/check"
	"github.com/matano-go/matano/runtime/vrl/value"
)

const nullish = value.BitNull | value.BitUndefined

// assignment is one assignment to the event with its static path.
type assignment struct {
	check.AssignInfo
	segs []value.KindSegment
}

// eventAssignments lists the program's assignments to event paths that
// are known statically (no coalescing segment), in source order.
func eventAssignments(info *check.Info) []assignment {
	var out []assignment
outer:
	for _, a := range info.Assignments {
		if a.Target == nil || a.Target.Prefix != ast.PrefixEvent {
			continue
		}
		segs := make([]value.KindSegment, 0, len(a.Target.Path))
		for _, s := range a.Target.Path {
			switch s.Kind {
			case ast.SegField:
				segs = append(segs, value.FieldSeg(s.Field))
			case ast.SegIndex:
				segs = append(segs, value.IndexSeg(int(s.Index)))
			default:
				continue outer
			}
		}
		out = append(out, assignment{AssignInfo: a, segs: segs})
	}
	return out
}

// dotted renders a path as the schema names it: source.port, tags[0].
func dotted(segs []value.KindSegment) string {
	var b strings.Builder
	for _, s := range segs {
		if s.IsIndex {
			b.WriteString("[" + strconv.Itoa(s.Index) + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(s.Field)
	}
	return b.String()
}

// parsePath is the inverse of dotted for the paths Fit reports; ok is
// false when the path goes through a position that is not static (a
// list's other elements "[]", a map's other keys "*").
func parsePath(p string) (segs []value.KindSegment, ok bool) {
	for _, part := range strings.Split(p, ".") {
		name, rest, _ := strings.Cut(part, "[")
		if name == "*" {
			return segs, false
		}
		if name != "" {
			segs = append(segs, value.FieldSeg(name))
		}
		for rest != "" {
			idx, after, _ := strings.Cut(rest, "]")
			n, err := strconv.Atoi(idx)
			if err != nil {
				return segs, false
			}
			segs = append(segs, value.IndexSeg(n))
			rest = strings.TrimPrefix(after, "[")
		}
	}
	return segs, true
}

func hasPrefix(segs, prefix []value.KindSegment) bool {
	if len(prefix) > len(segs) {
		return false
	}
	for i := range prefix {
		if segs[i] != prefix[i] {
			return false
		}
	}
	return true
}

// tableCheck holds one table's schema check.
type tableCheck struct {
	*checker
	t       *load.Table
	s       *schema.Schema
	p       *program
	assigns []assignment
	names   []string // dotted paths of every struct-reachable field, for suggestions
}

func (c *checker) schemaChecks(t *load.Table, s *schema.Schema, p *program) {
	tc := &tableCheck{checker: c, t: t, s: s, p: p, assigns: eventAssignments(p.info)}
	final := p.info.Event
	tc.timestamp(final)
	tc.columns(final)
	tc.dropped(final)
}

// span maps a program node to the YAML file.
func (tc *tableCheck) span(n ast.Node) diag.Span {
	sp, _ := tc.p.src.span(diag.Span{File: tc.p.prog.File, Start: n.Pos(), End: n.End()})
	return sp
}

// start is where a problem no assignment explains is reported: the start
// of the transform.
func (tc *tableCheck) start() diag.Span {
	sp, _ := tc.p.src.span(diag.Span{File: tc.p.prog.File})
	return sp
}

// exprText is the source of an expression, for fix suggestions; long or
// multi-line expressions are elided.
func (tc *tableCheck) exprText(e ast.Expr) string {
	src := tc.p.prog.File.Src
	if e == nil || e.Pos() < 0 || e.End() > len(src) || e.End() <= e.Pos() {
		return "..."
	}
	s := string(src[e.Pos():e.End()])
	if len(s) > 40 || strings.ContainsAny(s, "\n") {
		return "..."
	}
	return s
}

// attribute finds the assignment that put a value that does not fit want
// at path: the last one writing path or a parent of it whose value does
// not fit there, else the last one writing path, a parent or a child.
// The kind is what that assignment wrote at path (the misfit's own kind
// when no assignment is found).
func (tc *tableCheck) attribute(path []value.KindSegment, want *schema.Type, bad func(value.Kind) bool) (*assignment, value.Kind, bool) {
	for i := len(tc.assigns) - 1; i >= 0; i-- {
		a := &tc.assigns[i]
		if !hasPrefix(path, a.segs) {
			continue
		}
		sub := a.Kind.AtPath(path[len(a.segs):])
		if bad(sub) {
			return a, sub, true
		}
	}
	for i := len(tc.assigns) - 1; i >= 0; i-- {
		a := &tc.assigns[i]
		if hasPrefix(path, a.segs) || hasPrefix(a.segs, path) {
			return a, value.Kind{}, false
		}
	}
	return nil, value.Kind{}, false
}

// timestamp requires ts to be exactly a timestamp at the end: the lake
// partitions by it, so a record without one cannot be written.
func (tc *tableCheck) timestamp(final value.Kind) {
	path := []value.KindSegment{value.FieldSeg("ts")}
	k := final.AtPath(path)
	if k.Is(value.BitTimestamp) {
		return
	}
	d := diag.Diagnostic{
		Severity: diag.Error, Code: diag.CodeTimestampType,
		Summary: "ts must be a timestamp at the end of the transform, but its type is " + kindString(k),
		Path:    "transform",
		Hint:    "parse it, for example .ts = parse_timestamp!(.json.time, \"%+\") with the format of your data",
	}
	a, sub, ok := tc.attribute(path, &schema.Type{Kind: "timestamp"}, func(k value.Kind) bool { return !k.Is(value.BitTimestamp) })
	switch {
	case a != nil:
		d.Subject = tc.span(a.Node)
		if ok && a.Node.Value != nil && len(a.segs) == 1 {
			d.Labels = []diag.Label{{Span: tc.span(a.Node.Value), Message: "this is " + article(sub), Primary: true}}
			if fix := suggestFix(sub.Without(value.BitTimestamp), &schema.Type{Kind: "timestamp"}, tc.exprText(a.Node.Value)); fix != "" {
				d.Hint = "convert it: " + fix
			}
		}
	default:
		d.Subject = tc.start()
		if del := tc.deletion(path); del != nil {
			d.Subject = tc.span(del)
			d.Labels = []diag.Label{{Span: d.Subject, Message: "ts is deleted here", Primary: true}}
			d.Hint = "keep ts: drop the del, or assign a timestamp after it"
		}
	}
	tc.add(d)
}

// deletion finds the last del() of path or of one of its parents.
func (tc *tableCheck) deletion(path []value.KindSegment) *ast.Call {
	var last *ast.Call
	for call, ci := range tc.p.info.Calls {
		if ci.Special != check.SpecialDel || ci.Path == nil || ci.Path.Root != ast.PrefixEvent {
			continue
		}
		segs := make([]value.KindSegment, 0, len(ci.Path.Path))
		for _, s := range ci.Path.Path {
			if s.Kind != ast.SegField {
				segs = nil
				break
			}
			segs = append(segs, value.FieldSeg(s.Field))
		}
		if segs != nil && hasPrefix(path, segs) && (last == nil || call.Pos() > last.Pos()) {
			last = call
		}
	}
	return last
}

// columns compares the final event with every column but ts, and reports
// each value that cannot be written at the assignment that wrote it.
func (tc *tableCheck) columns(final value.Kind) {
	sh := final.ObjectShape()
	if sh == nil {
		return
	}
	var misfits []Misfit
	for _, col := range tc.s.Columns {
		if col.Name == "ts" {
			continue
		}
		if k, ok := sh.Known[col.Name]; ok {
			collect(k, col, col.Name, &misfits)
		}
	}
	for _, m := range misfits {
		tc.reportMisfit(m)
	}
}

// collect descends structs field by field so that every column with a
// problem is reported, not only the first.
func collect(k value.Kind, f *schema.Field, path string, out *[]Misfit) {
	if f.Type.Kind == "struct" && k.Bits&value.BitObject != 0 && k.Bits&^(value.BitObject|nullish) == 0 {
		sh := k.ObjectShape()
		for _, sub := range f.Type.Fields {
			if kk, ok := sh.Known[sub.Name]; ok {
				collect(kk, sub, join(path, sub.Name), out)
			}
		}
		return
	}
	if m := fit(k, f.Type, path); m.Verdict == Mismatch {
		*out = append(*out, m)
	}
}

func (tc *tableCheck) reportMisfit(m Misfit) {
	segs, static := parsePath(m.Path)
	got := m.Got
	d := diag.Diagnostic{Severity: diag.Error, Code: diag.CodeTransformType, Path: "transform"}
	var a *assignment
	if static {
		var ok bool
		var sub value.Kind
		a, sub, ok = tc.attribute(segs, m.Want, func(k value.Kind) bool { return fit(k, m.Want, "").Verdict == Mismatch })
		if ok {
			got = sub
		}
	}
	bad := Fit(got, m.Want)
	if bad.Verdict != Mismatch {
		bad = m
	}
	d.Summary = "cannot write " + kindString(got) + " to " + m.Path + ", a " + m.Want.String() + " column"
	if bad.Path != "" {
		d.Summary = "cannot write " + kindString(got) + " to " + m.Path + " (" + bad.Reason() + "), a " + m.Want.String() + " column"
	}
	if a == nil {
		d.Subject = tc.start()
		d.Notes = []string{"the event's final type at " + m.Path + " is " + kindString(m.Got)}
		tc.add(d)
		return
	}
	d.Subject = tc.span(a.Node)
	if a.Node.Value != nil {
		msg := "this is " + article(got)
		if len(a.segs) < len(segs) {
			msg = m.Path + " is " + article(got) + " here"
		}
		d.Labels = append(d.Labels, diag.Label{Span: tc.span(a.Node.Value), Message: msg, Primary: true})
	}
	d.Labels = append(d.Labels, diag.Label{Span: tc.span(a.Target), Message: m.Path + " is a " + m.Want.String() + " column"})
	if len(a.segs) == len(segs) && a.Node.Value != nil {
		if fix := suggestFix(value.Kind{Bits: bad.Bad}, bad.Want, tc.exprText(a.Node.Value)); fix != "" && bad.Path == "" {
			d.Hint = "convert it: " + fix
		}
	}
	tc.add(d)
}

// dropped warns about assigned fields that are not columns: the lake
// writer drops them, which is rarely what the author meant.
func (tc *tableCheck) dropped(final value.Kind) {
	seen := map[string]bool{}
	for i := range tc.assigns {
		a := &tc.assigns[i]
		if len(a.segs) == 0 || (!a.segs[0].IsIndex && a.segs[0].Field == "json") {
			continue // .json is deleted after the transform
		}
		n := unknownPrefix(tc.s, a.segs)
		if n == 0 {
			continue
		}
		// Name the whole assigned path up to its first index: with no
		// event field set selected, .event.kind is still the ECS field
		// event.kind.
		full := n
		for full < len(a.segs) && !a.segs[full].IsIndex {
			full++
		}
		name := dotted(a.segs[:full])
		if seen[name] {
			continue
		}
		seen[name] = true
		if !knownAt(final, a.segs[:n]) {
			continue // deleted or moved before the end
		}
		sp := tc.span(a.Node)
		// A log source transform shared by several tables: one warning
		// naming every table that lacks the column.
		k := dedupKey{sp.File.Name, sp.Start, diag.CodeDroppedField, name}
		if i, ok := tc.dropIdx[k]; ok {
			tc.dropTables[i] = append(tc.dropTables[i], tc.t.Name)
			tc.diags[i].Summary = droppedSummary(name, tc.dropTables[i])
			continue
		}
		tc.dropIdx[k] = len(tc.diags)
		tc.dropTables[len(tc.diags)] = []string{tc.t.Name}
		d := diag.Diagnostic{
			Severity: diag.Warning, Code: diag.CodeDroppedField,
			Summary: droppedSummary(name, []string{tc.t.Name}),
			Path:    "transform",
			Subject: sp,
			Labels:  []diag.Label{{Span: tc.span(a.Target), Message: "not in the schema", Primary: true}},
		}
		switch {
		case tc.isECS(name):
			d.Hint = name + " is an ECS field: add it to schema.ecs_field_names"
		case len(tc.cat.Under(name)) > 0:
			d.Hint = name + " is an ECS field set: add the fields you need (" + name + ".*) to schema.ecs_field_names"
		default:
			if near := tc.nearest(name, 3); len(near) > 0 {
				d.Hint = "did you mean " + quoteList(near) + "?"
			} else {
				d.Hint = "declare it under schema.fields, or delete it"
			}
		}
		tc.diags = append(tc.diags, d)
	}
}

// knownAt reports whether the program's final event certainly has a
// field at path by name: a field that was deleted falls back to the
// event's unknown fields (any), which must not count as assigned.
func knownAt(k value.Kind, path []value.KindSegment) bool {
	for _, seg := range path {
		var c *value.Collection
		key := seg.Field
		if seg.IsIndex {
			c, key = k.ArrayShape(), strconv.Itoa(seg.Index)
		} else {
			c = k.ObjectShape()
		}
		if c == nil {
			return false
		}
		next, ok := c.Known[key]
		if !ok || next.IsUndefinedOnly() {
			return false
		}
		k = next
	}
	return true
}

func droppedSummary(name string, tables []string) string {
	if len(tables) == 1 {
		return name + " is not a column of table " + tables[0] + ", so it is dropped when the event is written"
	}
	return name + " is not a column of tables " + strings.Join(tables[:len(tables)-1], ", ") + " and " + tables[len(tables)-1] + ", so it is dropped when their events are written"
}

func (tc *tableCheck) isECS(name string) bool {
	_, ok := tc.cat.Lookup(name)
	return ok
}

// unknownPrefix returns the length of the shortest prefix of segs that
// names a field the schema does not have (0 when every struct level
// knows its field). It stops without a verdict where the path indexes a
// non-list or descends into a primitive: those are type problems that the
// column check reports.
func unknownPrefix(s *schema.Schema, segs []value.KindSegment) int {
	fields := s.Columns
	var cur *schema.Type
	for i, seg := range segs {
		switch {
		case cur != nil && cur.Kind == "map":
			if seg.IsIndex {
				return 0
			}
			cur = cur.Value.Type
			continue
		case cur != nil && cur.Kind == "list":
			if !seg.IsIndex {
				return 0
			}
			cur = cur.Element.Type
			continue
		case cur != nil && cur.Kind != "struct":
			return 0
		case seg.IsIndex:
			return 0
		}
		if cur != nil {
			fields = cur.Fields
		}
		var found *schema.Field
		for _, f := range fields {
			if f.Name == seg.Field {
				found = f
				break
			}
		}
		if found == nil {
			return i + 1
		}
		cur = found.Type
	}
	return 0
}

// nearest returns up to n of the table's column paths closest to name by
// edit distance on the dotted path.
func (tc *tableCheck) nearest(name string, n int) []string {
	if tc.names == nil {
		var walk func(prefix string, fields []*schema.Field)
		walk = func(prefix string, fields []*schema.Field) {
			for _, f := range fields {
				p := join(prefix, f.Name)
				tc.names = append(tc.names, p)
				if f.Type.Kind == "struct" {
					walk(p, f.Type.Fields)
				}
			}
		}
		walk("", tc.s.Columns)
	}
	type cand struct {
		s string
		d int
	}
	var cs []cand
	limit := max(2, len(name)/3)
	for _, s := range tc.names {
		if abs(len(s)-len(name)) > limit {
			continue
		}
		if d := diag.EditDistance(name, s); d <= limit {
			cs = append(cs, cand{s, d})
		}
	}
	sort.Slice(cs, func(i, j int) bool {
		if cs[i].d != cs[j].d {
			return cs[i].d < cs[j].d
		}
		return cs[i].s < cs[j].s
	})
	var out []string
	for i := 0; i < len(cs) && i < n; i++ {
		out = append(out, cs[i].s)
	}
	return out
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func quoteList(s []string) string {
	q := make([]string, len(s))
	for i, x := range s {
		q[i] = strconv.Quote(x)
	}
	return strings.Join(q, " or ")
}
