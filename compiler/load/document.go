package load

import (
	"bytes"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/matano-go/matano/compiler/diag"
	"go.yaml.in/yaml/v4"
)

// Kind says which Matano file a document is, and so which schema it
// follows.
type Kind uint8

const (
	KindConfig Kind = iota + 1
	KindLogSource
	KindTable
	KindDetection
	KindEnrichment
	KindDestination
)

var kindNames = [...]string{"", "config", "log source", "table", "detection", "enrichment table", "destination"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "unknown"
}

// Document is one YAML file of the directory with its parsed node tree.
// The tree is kept (not just the decoded model) because every diagnostic
// about the file must point at a key or value: Locate turns a data path
// into a span.
type Document struct {
	Kind Kind
	File *diag.File
	// Root is the top-level mapping; nil when the file did not parse or
	// its top level is not a mapping (a diagnostic says which).
	Root *yaml.Node
}

// Path is a data path inside a document: mapping keys, and decimal
// indexes for sequence elements (the form CUE error paths use).
type Path []string

// String renders the path as users write it: alert.destinations[1].
func (p Path) String() string {
	var b strings.Builder
	for _, s := range p {
		if isIndex(s) {
			b.WriteString("[" + s + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(s)
	}
	return b.String()
}

// Child returns p extended by one step, without aliasing p's array.
func (p Path) Child(step ...string) Path {
	out := make(Path, 0, len(p)+len(step))
	return append(append(out, p...), step...)
}

// Index returns p extended by a sequence index.
func (p Path) Index(i int) Path { return p.Child(strconv.Itoa(i)) }

func isIndex(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Target says whether Locate should return the span of a mapping key or
// of its value.
type Target uint8

const (
	Value Target = iota
	Key
)

// Lookup walks the node tree along path. It returns the value node at the
// end, the key node that introduced it (nil for sequence elements and the
// root), and whether the whole path exists. When it does not, the nodes
// of the deepest existing ancestor come back instead, which is where a
// diagnostic about a missing key should point.
func (d *Document) Lookup(path Path) (val, key *yaml.Node, ok bool) {
	n := d.Root
	if n == nil {
		return nil, nil, false
	}
	for _, step := range path {
		n = resolveAlias(n)
		switch n.Kind {
		case yaml.MappingNode:
			k, v := mappingEntry(n, step)
			if v == nil {
				return n, key, false
			}
			key, n = k, v
		case yaml.SequenceNode:
			i, err := strconv.Atoi(step)
			if err != nil || i < 0 || i >= len(n.Content) {
				return n, key, false
			}
			key, n = nil, n.Content[i]
		default:
			return n, key, false
		}
	}
	return resolveAlias(n), key, true
}

// Locate returns the span of the key or value at path. For a missing
// path it returns the span of the key of the deepest existing ancestor
// (or the file's first byte for a missing top-level key), so the user is
// pointed at the mapping that lacks it.
func (d *Document) Locate(path Path, t Target) diag.Span {
	if len(path) == 0 {
		// The whole document: an empty span at its start, rather than the
		// first key, which is not what the diagnostic is about.
		return diag.Span{File: d.File}
	}
	val, key, ok := d.Lookup(path)
	switch {
	case ok && t == Key && key != nil:
		return NodeSpan(d.File, key)
	case ok && val != nil:
		return NodeSpan(d.File, val)
	case key != nil:
		return NodeSpan(d.File, key)
	}
	return diag.Span{File: d.File, Start: 0, End: 0}
}

// mappingEntry finds key in a mapping, looking through YAML merge keys
// (<<: *base) when the mapping does not set it itself.
func mappingEntry(n *yaml.Node, key string) (k, v *yaml.Node) {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key && !IsMergeKey(n.Content[i]) {
			return n.Content[i], n.Content[i+1]
		}
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if !IsMergeKey(n.Content[i]) {
			continue
		}
		src := resolveAlias(n.Content[i+1])
		sources := []*yaml.Node{src}
		if src.Kind == yaml.SequenceNode {
			sources = src.Content
		}
		for _, m := range sources {
			if m = resolveAlias(m); m.Kind == yaml.MappingNode {
				if k, v := mappingEntry(m, key); v != nil {
					return k, v
				}
			}
		}
	}
	return nil, nil
}

// IsMergeKey reports whether a mapping key is YAML's merge key "<<".
func IsMergeKey(k *yaml.Node) bool {
	return k.Kind == yaml.ScalarNode && k.Value == "<<" && (k.ShortTag() == "!!merge" || k.Tag == "")
}

func resolveAlias(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

// NodeSpan converts a node's line and column to a byte span. yaml nodes
// carry only a start position, so the end is recovered from the source:
// the whole token for scalars, the rest of the line for collections.
func NodeSpan(f *diag.File, n *yaml.Node) diag.Span {
	start := offsetOf(f, n.Line, n.Column)
	return diag.Span{File: f, Start: start, End: scalarEnd(f.Src, start, n)}
}

// offsetOf converts yaml's 1-based line and column (counted in
// characters) to a byte offset.
func offsetOf(f *diag.File, line, col int) int {
	off := f.Offset(line, 1)
	for c := 1; c < col && off < len(f.Src) && f.Src[off] != '\n'; c++ {
		_, size := utf8.DecodeRune(f.Src[off:])
		off += size
	}
	return off
}

func lineEnd(src []byte, off int) int {
	end := off
	for end < len(src) && src[end] != '\n' {
		end++
	}
	for end > off && (src[end-1] == ' ' || src[end-1] == '\t' || src[end-1] == '\r') {
		end--
	}
	return end
}

func scalarEnd(src []byte, start int, n *yaml.Node) int {
	if start >= len(src) {
		return start
	}
	if n.Kind != yaml.ScalarNode {
		if n.Style&yaml.FlowStyle != 0 {
			if end := flowEnd(src, start); end > start {
				return end
			}
		}
		return lineEnd(src, start)
	}
	switch n.Style & (yaml.DoubleQuotedStyle | yaml.SingleQuotedStyle | yaml.LiteralStyle | yaml.FoldedStyle) {
	case yaml.DoubleQuotedStyle:
		for i := start + 1; i < len(src); i++ {
			switch src[i] {
			case '\\':
				i++
			case '"':
				return i + 1
			}
		}
		return len(src)
	case yaml.SingleQuotedStyle:
		for i := start + 1; i < len(src); i++ {
			if src[i] == '\'' {
				if i+1 < len(src) && src[i+1] == '\'' {
					i++
					continue
				}
				return i + 1
			}
		}
		return len(src)
	case yaml.LiteralStyle, yaml.FoldedStyle:
		return lineEnd(src, start)
	}
	// Plain scalar: its source text is its value unless it spans lines.
	if end := start + len(n.Value); end <= len(src) && string(src[start:end]) == n.Value {
		if end == start {
			return lineEnd(src, start)
		}
		return end
	}
	return lineEnd(src, start)
}

// flowEnd returns the offset just past the bracket closing the flow
// collection that starts at start, or -1. Quoted strings are skipped so
// brackets inside them do not count.
func flowEnd(src []byte, start int) int {
	depth := 0
	for i := start; i < len(src); i++ {
		switch src[i] {
		case '[', '{':
			depth++
		case ']', '}':
			depth--
			if depth == 0 {
				return i + 1
			}
		case '"':
			for i++; i < len(src) && src[i] != '"'; i++ {
				if src[i] == '\\' {
					i++
				}
			}
		case '\'':
			for i++; i < len(src) && src[i] != '\''; i++ {
			}
		case '#':
			if i > start && (src[i-1] == ' ' || src[i-1] == '\t') {
				for i < len(src) && src[i] != '\n' {
					i++
				}
			}
		}
	}
	return -1
}

// parseDocument parses src into a Document. Syntax errors carry the
// parser's exact position; duplicate keys (which yaml accepts into a node
// tree) are reported here because every later stage would silently see
// only one of them.
func parseDocument(kind Kind, name string, src []byte) (*Document, diag.List) {
	doc := &Document{Kind: kind, File: diag.NewFile(name, src)}
	dec := yaml.NewDecoder(bytes.NewReader(src))
	var root yaml.Node
	if err := dec.Decode(&root); err != nil && err != io.EOF {
		return doc, diag.List{syntaxDiagnostic(doc.File, err)}
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case err == io.EOF:
	case err != nil:
		return doc, diag.List{syntaxDiagnostic(doc.File, err)}
	default:
		// Matano reads one document per file; a second one would be
		// silently dropped.
		d := diag.Diagnostic{
			Severity: diag.Error, Code: diag.CodeMultipleDocuments,
			Summary: "a " + kind.String() + " file must hold one YAML document",
			Subject: diag.Span{File: doc.File},
			Hint:    "remove the \"---\" separator and merge the documents",
		}
		if next.Line > 0 {
			off := offsetOf(doc.File, next.Line, 1)
			d.Subject = diag.Span{File: doc.File, Start: off, End: lineEnd(doc.File.Src, off)}
		}
		return doc, diag.List{d}
	}
	var n *yaml.Node
	if root.Kind == yaml.DocumentNode && len(root.Content) > 0 {
		n = resolveAlias(root.Content[0])
	}
	if n == nil || n.Kind != yaml.MappingNode {
		d := diag.Diagnostic{
			Severity: diag.Error, Code: diag.CodeNotAMapping,
			Summary: "a " + kind.String() + " file must be a YAML mapping of keys to values",
			Subject: diag.Span{File: doc.File},
		}
		if n == nil || (n.Kind == yaml.ScalarNode && n.Tag == "!!null") {
			d.Summary = "empty " + kind.String() + " file"
		} else {
			d.Subject = NodeSpan(doc.File, n)
		}
		return doc, diag.List{d}
	}
	doc.Root = n
	var diags diag.List
	checkDuplicateKeys(doc, n, nil, &diags)
	return doc, diags
}

func syntaxDiagnostic(f *diag.File, err error) diag.Diagnostic {
	d := diag.Diagnostic{Severity: diag.Error, Code: diag.CodeYAMLSyntax, Summary: "invalid YAML", Subject: diag.Span{File: f}}
	var le *yaml.LoadError
	if errors.As(err, &le) {
		d.Summary = "invalid YAML: " + le.Message
		if le.Mark.Line > 0 {
			off := offsetOf(f, le.Mark.Line, max(le.Mark.Column, 1))
			d.Subject = diag.Span{File: f, Start: off, End: min(off+1, lineEnd(f.Src, off))}
			if d.Subject.End < d.Subject.Start {
				d.Subject.End = d.Subject.Start
			}
			d.Labels = append(d.Labels, diag.Label{Span: d.Subject, Message: le.Message, Primary: true})
		}
		if le.ContextMark.Line > 0 && le.ContextMsg != "" && le.ContextMark != le.Mark {
			off := offsetOf(f, le.ContextMark.Line, max(le.ContextMark.Column, 1))
			d.Labels = append(d.Labels, diag.Label{Span: diag.Span{File: f, Start: off, End: min(off+1, len(f.Src))}, Message: le.ContextMsg})
		}
		return d
	}
	d.Summary = "invalid YAML: " + strings.TrimPrefix(err.Error(), "yaml: ")
	return d
}

func checkDuplicateKeys(doc *Document, n *yaml.Node, path Path, diags *diag.List) {
	switch n.Kind {
	case yaml.MappingNode:
		seen := make(map[string]*yaml.Node, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if IsMergeKey(k) {
				continue
			}
			if first, dup := seen[k.Value]; dup {
				sp := NodeSpan(doc.File, k)
				diags.Append(diag.Diagnostic{
					Severity: diag.Error, Code: diag.CodeDuplicateKey,
					Summary: "duplicate key " + strconv.Quote(k.Value),
					Subject: sp, Path: path.Child(k.Value).String(),
					Labels: []diag.Label{
						{Span: sp, Message: "repeated here", Primary: true},
						{Span: NodeSpan(doc.File, first), Message: "first set here"},
					},
					Hint: "remove one of them; YAML keeps only the last",
				})
				continue
			}
			seen[k.Value] = k
			checkDuplicateKeys(doc, v, path.Child(k.Value), diags)
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			checkDuplicateKeys(doc, c, path.Index(i), diags)
		}
	}
}
