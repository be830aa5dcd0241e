package validate

import (
	"fmt"
	"io/fs"
	"math"
	"math/big"
	"strconv"
	"strings"
	"sync"

	"cuelang.org/go/cue"
	"cuelang.org/go/cue/build"
	"cuelang.org/go/cue/cuecontext"
	cueerrors "cuelang.org/go/cue/errors"
	"cuelang.org/go/cue/parser"

	"github.com/matano-go/matano/compiler/diag"
	"github.com/matano-go/matano/compiler/load"
	"github.com/matano-go/matano/schemas"
	"go.yaml.in/yaml/v4"
)

// definitions maps each document kind to its CUE definition.
var definitions = map[load.Kind]string{
	load.KindConfig:      "#Config",
	load.KindLogSource:   "#LogSource",
	load.KindTable:       "#Table",
	load.KindDetection:   "#Detection",
	load.KindEnrichment:  "#Enrichment",
	load.KindDestination: "#Destination",
}

// schemaSet is the compiled schemas. CUE values are not safe for
// concurrent use, so every use of ctx and defs holds mu; compiling once
// per process (not per file or per run) is what keeps validating a large
// directory fast (see BenchmarkValidate100x500).
type schemaSet struct {
	mu   sync.Mutex
	ctx  *cue.Context
	defs map[load.Kind]cue.Value
	err  error
	// nodes memoizes schema lookups by definition and index-free path.
	// Walking a CUE struct's fields sorts them topologically on every
	// call; without this cache that walk was half the time of
	// BenchmarkValidate100x500 (0.8 s of 1.7 s).
	nodes map[string]*schemaNode
}

// maxSchemaNodes bounds the memo; the schemas themselves have a few
// hundred points.
const maxSchemaNodes = 4096

// schemaNode is one memoized point of a schema.
type schemaNode struct {
	v  cue.Value
	ok bool
	// keys and required are filled on first use by keysOf.
	keysDone       bool
	keys, required []string
}

var (
	compileOnce sync.Once
	compiled    *schemaSet
)

func compiledSchemas() *schemaSet {
	compileOnce.Do(func() { compiled = compileSchemas(schemas.FS()) })
	return compiled
}

func compileSchemas(fsys fs.FS) *schemaSet {
	s := &schemaSet{ctx: cuecontext.New(), defs: map[load.Kind]cue.Value{}, nodes: map[string]*schemaNode{}}
	names, err := fs.Glob(fsys, "*.cue")
	if err != nil {
		s.err = err
		return s
	}
	inst := build.NewContext().NewInstance("", nil)
	for _, name := range names {
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			s.err = err
			return s
		}
		f, err := parser.ParseFile(name, src, parser.ParseComments)
		if err != nil {
			s.err = err
			return s
		}
		if err := inst.AddSyntax(f); err != nil {
			s.err = err
			return s
		}
	}
	v := s.ctx.BuildInstance(inst)
	if err := v.Err(); err != nil {
		s.err = err
		return s
	}
	for kind, def := range definitions {
		d := v.LookupPath(cue.ParsePath(def))
		if !d.Exists() {
			s.err = fmt.Errorf("schema %s is not defined", def)
			return s
		}
		s.defs[kind] = d
	}
	return s
}

// checkSchemas validates every parsed document against its definition.
func checkSchemas(p *load.Project) diag.List {
	s := compiledSchemas()
	if s.err != nil {
		return diag.List{{
			Severity: diag.Bug, Code: diag.CodeSchemaUnavailable,
			Summary: "the built-in schemas do not compile", Detail: s.err.Error(),
		}}
	}
	var diags diag.List
	for _, doc := range p.Documents {
		if doc.Root != nil {
			diags.Append(s.check(doc))
		}
	}
	return diags
}

// cueIssue is one CUE error reduced to what the mapping needs: where it
// is and whether it is a closedness error. The wording of our
// diagnostics comes from the schema and the data, not from CUE's
// messages, which never reach the user.
type cueIssue struct {
	path       load.Path
	notAllowed bool
}

// check validates one document and turns CUE's errors into diagnostics.
func (s *schemaSet) check(doc *load.Document) diag.List {
	s.mu.Lock()
	defer s.mu.Unlock()
	def, defKey := s.defs[doc.Kind], doc.Kind.String()
	if doc.Kind == load.KindDestination {
		var disc string
		def, disc = withDiscriminator(def, doc)
		defKey += "|" + disc
	}
	data := s.ctx.Encode(nodeValue(doc.Root))
	err := def.Unify(data).Validate(cue.Concrete(true), cue.All())

	byPath := map[string]*cueIssue{}
	var order []string
	for _, e := range cueerrors.Errors(err) {
		path := load.Path(e.Path())
		if len(path) > 0 && strings.HasPrefix(path[0], "#") {
			path = path[1:]
		}
		path = unquotePath(path)
		key := strings.Join(path, "\x00")
		is := byPath[key]
		if is == nil {
			is = &cueIssue{path: path}
			byPath[key] = is
			order = append(order, key)
		}
		if format, _ := e.Msg(); strings.HasPrefix(format, "field not allowed") {
			is.notAllowed = true
		}
	}
	m := mapper{doc: doc, def: def, defKey: defKey, set: s}
	var diags diag.List
	for _, key := range order {
		is := byPath[key]
		if doc.Kind == load.KindDestination && defKey == doc.Kind.String()+"|" && len(is.path) > 0 && is.path[0] == "properties" {
			continue // which properties are allowed depends on a type that is missing or invalid, which is reported
		}
		diags.Append(m.issue(is))
	}
	// CUE stops reporting missing required fields once a value has other
	// errors, so required keys are checked by walking the data instead.
	diags.Append(m.required(doc.Root, nil))
	return diags
}

// unquotePath turns CUE selectors back into YAML keys: labels that are not
// CUE identifiers ("cost-center", "<<") come quoted.
func unquotePath(p load.Path) load.Path {
	out := make(load.Path, len(p))
	for i, s := range p {
		if strings.HasPrefix(s, `"`) {
			if u, err := strconv.Unquote(s); err == nil {
				s = u
			}
		}
		out[i] = s
	}
	return out
}

// withDiscriminator narrows #Destination by the document's type, so that
// the properties branch for that type is the one the mapper walks when
// it lists allowed keys.
func withDiscriminator(def cue.Value, doc *load.Document) (cue.Value, string) {
	t, _, ok := doc.Lookup(load.Path{"type"})
	if !ok || t.Kind != yaml.ScalarNode || t.ShortTag() != "!!str" {
		return def, ""
	}
	narrowed := def.FillPath(cue.ParsePath("type"), t.Value)
	if narrowed.Validate() != nil {
		return def, ""
	}
	return narrowed, t.Value
}

type mapper struct {
	doc    *load.Document
	def    cue.Value
	defKey string
	set    *schemaSet
}

// node returns the memoized schema at path; sequence indexes share one
// entry, since every element of a list has the same schema.
func (m mapper) node(path load.Path) *schemaNode {
	key := m.defKey
	for _, step := range path {
		if _, err := strconv.Atoi(step); err == nil {
			step = "[]"
		}
		key += "\x00" + step
	}
	if n, ok := m.set.nodes[key]; ok {
		return n
	}
	n := &schemaNode{}
	if len(path) == 0 {
		n.v, n.ok = m.def, true
	} else if parent := m.node(path[:len(path)-1]); parent.ok {
		n.v, n.ok = schemaChild(parent.v, path[len(path)-1])
	}
	// Keys under free-form maps (meta, tags) come from data, so the cache
	// could grow without bound in a long-lived process; start over rather
	// than track which entries are data-derived.
	if len(m.set.nodes) >= maxSchemaNodes {
		clear(m.set.nodes)
	}
	m.set.nodes[key] = n
	return n
}

// keysOf returns the memoized allowed and required keys at path.
func (m mapper) keysOf(path load.Path) (all, required []string) {
	n := m.node(path)
	if !n.ok {
		return nil, nil
	}
	if !n.keysDone {
		n.keys, n.required = schemaKeys(n.v)
		n.keysDone = true
	}
	return n.keys, n.required
}

// schemaChild steps from a schema value to the schema of one key or
// index, using the list element and pattern constraints where the data
// has indexes or free keys.
func schemaChild(v cue.Value, step string) (cue.Value, bool) {
	if v.IncompleteKind()&cue.ListKind != 0 {
		if _, err := strconv.Atoi(step); err == nil {
			e := v.LookupPath(cue.MakePath(cue.AnyIndex))
			return e, e.Exists()
		}
	}
	if !maybeStruct(v) {
		return cue.Value{}, false
	}
	if it, err := v.Fields(cue.Optional(true)); err == nil {
		for it.Next() {
			if it.Selector().Unquoted() == step {
				return it.Value(), true
			}
		}
	} else {
		// Fields fails on a struct whose comprehensions are not yet
		// decided (#Destination before its type is known); a direct
		// lookup still finds the declared fields.
		for _, sel := range []cue.Selector{cue.Str(step), cue.Str(step).Optional()} {
			if e := v.LookupPath(cue.MakePath(sel)); e.Exists() {
				return e, true
			}
		}
	}
	e := v.LookupPath(cue.MakePath(cue.AnyString))
	return e, e.Exists()
}

// maybeStruct reports whether v can be a struct. A definition whose
// comprehensions depend on data (#Destination) evaluates to bottom on its
// own, but its fields can still be looked up.
func maybeStruct(v cue.Value) bool {
	k := v.IncompleteKind()
	return k&cue.StructKind != 0 || k == cue.BottomKind
}

// schemaKeys lists the fields a struct schema declares, required first
// as declared, for "allowed keys" notes and did-you-mean hints.
func schemaKeys(v cue.Value) (all, required []string) {
	it, err := v.Fields(cue.Optional(true))
	if err != nil {
		return nil, nil
	}
	for it.Next() {
		sel := it.Selector()
		if sel.IsDefinition() || !sel.IsString() {
			continue
		}
		all = append(all, sel.Unquoted())
		if sel.ConstraintType()&cue.OptionalConstraint == 0 {
			required = append(required, sel.Unquoted())
		}
	}
	return all, required
}

// enumValues returns the allowed values when v is a disjunction of
// concrete scalars (an enum), else nil.
func enumValues(v cue.Value) []string {
	op, args := v.Expr()
	if op != cue.OrOp {
		return nil
	}
	var out []string
	for _, a := range args {
		if !a.IsConcrete() {
			return nil
		}
		switch a.Kind() {
		case cue.StringKind:
			s, _ := a.String()
			out = append(out, s)
		case cue.IntKind, cue.FloatKind, cue.BoolKind:
			out = append(out, fmt.Sprint(a))
		default:
			return nil
		}
	}
	return out
}

func (m mapper) issue(is *cueIssue) diag.List {
	path := is.path
	if len(path) == 0 {
		return nil
	}
	name := path[len(path)-1]
	parent := path[:len(path)-1]
	if _, err := strconv.Atoi(name); err == nil && len(parent) > 0 {
		// A list element is named by its list: "tables[1]", not "1".
		name = path[len(path)-2:].String()
	}
	where := m.doc.Kind.String()
	if len(parent) > 0 {
		where = parent.String()
	}
	if is.notAllowed {
		d := diag.Diagnostic{
			Severity: diag.Error, Code: diag.CodeUnknownKey,
			Summary: fmt.Sprintf("unknown key %q in %s", name, where),
			Subject: m.doc.Locate(path, load.Key), Path: path.String(),
		}
		allowed, _ := m.keysOf(parent)
		if s := load.Suggest(name, allowed); s != "" {
			d.Hint = fmt.Sprintf("did you mean %q?", s)
		}
		if len(allowed) > 0 {
			d.Notes = append(d.Notes, "allowed keys: "+strings.Join(allowed, ", "))
		}
		return diag.List{d}
	}
	val, _, present := m.doc.Lookup(path)
	if !present {
		// Missing required keys are reported by required(); an
		// incompleteness error has nothing to add.
		return nil
	}
	sn := m.node(path)
	if !sn.ok {
		return diag.List{m.generic(path, val)}
	}
	sv := sn.v
	got := nodeKind(val)
	if want := sv.IncompleteKind(); !kindAllows(want, val) {
		d := diag.Diagnostic{
			Severity: diag.Error, Code: diag.CodeWrongType,
			Summary: fmt.Sprintf("%q must be %s, not %s", name, describeKinds(want), got),
			Subject: load.NodeSpan(m.doc.File, val), Path: path.String(),
			Hint: typeHint(want, val),
		}
		return diag.List{d}
	}
	if values := enumValues(sv); values != nil {
		d := diag.Diagnostic{
			Severity: diag.Error, Code: diag.CodeInvalidEnum,
			Summary: fmt.Sprintf("invalid value %s for %q: must be one of %s", quoteValue(val), name, strings.Join(values, ", ")),
			Subject: load.NodeSpan(m.doc.File, val), Path: path.String(),
		}
		if s := load.Suggest(val.Value, values); s != "" {
			d.Hint = fmt.Sprintf("did you mean %q?", s)
		}
		return diag.List{d}
	}
	d := m.generic(path, val)
	if a := sv.Attribute("matano"); a.Err() == nil {
		if msg, found, _ := a.Lookup(0, "msg"); found {
			d.Summary += ": " + msg
		}
	}
	return diag.List{d}
}

func (m mapper) generic(path load.Path, val *yaml.Node) diag.Diagnostic {
	name := path[len(path)-1]
	if _, err := strconv.Atoi(name); err == nil && len(path) > 1 {
		name = path[len(path)-2:].String()
	}
	return diag.Diagnostic{
		Severity: diag.Error, Code: diag.CodeInvalidValue,
		Summary: fmt.Sprintf("invalid value %s for %q", quoteValue(val), name),
		Subject: load.NodeSpan(m.doc.File, val), Path: path.String(),
	}
}

// required walks data and schema together and reports required keys the
// data lacks.
func (m mapper) required(n *yaml.Node, path load.Path) diag.List {
	sn := m.node(path)
	if !sn.ok {
		return nil
	}
	var diags diag.List
	switch n.Kind {
	case yaml.MappingNode:
		if !maybeStruct(sn.v) {
			return nil
		}
		_, req := m.keysOf(path)
		for _, k := range req {
			if _, _, ok := m.doc.Lookup(path.Child(k)); !ok {
				where := m.doc.Kind.String()
				if len(path) > 0 {
					where = path.String()
				}
				diags.Append(diag.Diagnostic{
					Severity: diag.Error, Code: diag.CodeMissingKey,
					Summary: fmt.Sprintf("missing required key %q in %s", k, where),
					Subject: m.doc.Locate(path, load.Key), Path: path.Child(k).String(),
				})
			}
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			if !load.IsMergeKey(n.Content[i]) {
				diags.Append(m.required(resolve(n.Content[i+1]), path.Child(n.Content[i].Value)))
			}
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			diags.Append(m.required(resolve(c), path.Index(i)))
		}
	}
	return diags
}

func resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

// nodeValue converts a YAML node to the Go value CUE encodes: mappings,
// sequences, and scalars by their resolved tag.
func nodeValue(n *yaml.Node) any {
	n = resolve(n)
	switch n.Kind {
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		var merged []*yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			if load.IsMergeKey(n.Content[i]) {
				merged = append(merged, n.Content[i+1])
				continue
			}
			m[n.Content[i].Value] = nodeValue(n.Content[i+1])
		}
		// Merge keys (<<: *base) fill in what the mapping does not set.
		for _, src := range merged {
			src = resolve(src)
			sources := []*yaml.Node{src}
			if src.Kind == yaml.SequenceNode {
				sources = src.Content
			}
			for _, s := range sources {
				if base, ok := nodeValue(s).(map[string]any); ok {
					for k, v := range base {
						if _, set := m[k]; !set {
							m[k] = v
						}
					}
				}
			}
		}
		return m
	case yaml.SequenceNode:
		l := make([]any, len(n.Content))
		for i, c := range n.Content {
			l[i] = nodeValue(c)
		}
		return l
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return nil
		case "!!bool":
			var b bool
			if n.Decode(&b) == nil {
				return b
			}
		case "!!int":
			var i int64
			if n.Decode(&i) == nil {
				return i
			}
			if b, ok := new(big.Int).SetString(strings.ReplaceAll(n.Value, "_", ""), 0); ok {
				return b
			}
		case "!!float":
			var f float64
			if n.Decode(&f) == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
				return f
			}
		}
		return n.Value
	}
	return nil
}

// nodeKind names a YAML value's kind the way diagnostics do.
func nodeKind(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	switch n.ShortTag() {
	case "!!null":
		return "null"
	case "!!bool":
		return "a boolean"
	case "!!int":
		return "an integer"
	case "!!float":
		return "a number"
	}
	return "a string"
}

// kindAllows reports whether a value of the node's kind can satisfy a
// schema of kind want.
func kindAllows(want cue.Kind, n *yaml.Node) bool {
	switch n.Kind {
	case yaml.MappingNode:
		return want&cue.StructKind != 0
	case yaml.SequenceNode:
		return want&cue.ListKind != 0
	}
	switch n.ShortTag() {
	case "!!null":
		return want&cue.NullKind != 0
	case "!!bool":
		return want&cue.BoolKind != 0
	case "!!int":
		return want&(cue.IntKind|cue.FloatKind) != 0
	case "!!float":
		return want&cue.FloatKind != 0
	}
	return want&(cue.StringKind|cue.BytesKind) != 0
}

func describeKinds(k cue.Kind) string {
	var parts []string
	for _, c := range []struct {
		k    cue.Kind
		name string
	}{
		{cue.StringKind, "a string"}, {cue.IntKind, "an integer"}, {cue.FloatKind, "a number"},
		{cue.BoolKind, "a boolean"}, {cue.ListKind, "a list"}, {cue.StructKind, "a mapping"}, {cue.NullKind, "null"},
	} {
		if k&c.k != 0 {
			if c.k == cue.FloatKind && k&cue.IntKind != 0 {
				parts[len(parts)-1] = "a number"
				continue
			}
			parts = append(parts, c.name)
		}
	}
	switch len(parts) {
	case 0:
		return "nothing"
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " or " + parts[len(parts)-1]
}

// typeHint suggests the usual fix for a quoting mistake.
func typeHint(want cue.Kind, n *yaml.Node) string {
	if n.Kind != yaml.ScalarNode {
		return ""
	}
	switch n.ShortTag() {
	case "!!str":
		low := strings.ToLower(n.Value)
		if want&cue.BoolKind != 0 && (low == "true" || low == "false" || low == "yes" || low == "no" || low == "on" || low == "off") {
			return "write true or false without quotes"
		}
		if want&(cue.IntKind|cue.FloatKind) != 0 {
			if _, err := strconv.ParseFloat(n.Value, 64); err == nil {
				return "remove the quotes"
			}
		}
	case "!!int", "!!float", "!!bool":
		if want&cue.StringKind != 0 {
			return fmt.Sprintf("quote it: %q", n.Value)
		}
	}
	return ""
}

// quoteValue renders a scalar as written, quoted when it is a string.
func quoteValue(n *yaml.Node) string {
	if n.Kind != yaml.ScalarNode {
		return strings.TrimPrefix(strings.TrimPrefix(nodeKind(n), "an "), "a ")
	}
	if n.ShortTag() == "!!str" {
		return strconv.Quote(n.Value)
	}
	return n.Value
}

// Node kinds under short names for the rule files.
const (
	yamlSequence = yaml.SequenceNode
	yamlScalar   = yaml.ScalarNode
)
