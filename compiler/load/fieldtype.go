package load

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/matano-go/matano/compiler/diag"
	"go.yaml.in/yaml/v4"
)

// Field is one column of a table schema.
type Field struct {
	Name     string
	Type     Type
	Doc      string
	Required bool
}

// Type is an Iceberg type: a primitive, or a struct, list or map built
// from other types.
type Type struct {
	// Name is the primitive name ("string", "decimal", "fixed") or one of
	// "struct", "list", "map".
	Name string
	// Precision and Scale are set for decimal.
	Precision, Scale int
	// Length is set for fixed.
	Length int
	// Fields are a struct's members.
	Fields []Field
	// Element is a list's element type.
	Element *Type
	// Key and Value are a map's types.
	Key, Value *Type
}

// String renders the type in Iceberg's notation.
func (t Type) String() string {
	switch t.Name {
	case "decimal":
		return fmt.Sprintf("decimal(%d,%d)", t.Precision, t.Scale)
	case "fixed":
		return fmt.Sprintf("fixed(%d)", t.Length)
	case "list":
		return "list<" + t.Element.String() + ">"
	case "map":
		return "map<" + t.Key.String() + "," + t.Value.String() + ">"
	case "struct":
		parts := make([]string, len(t.Fields))
		for i, f := range t.Fields {
			parts[i] = f.Name + ":" + f.Type.String()
		}
		return "struct<" + strings.Join(parts, ",") + ">"
	}
	return t.Name
}

// primitiveTypes are Iceberg's primitive types without parameters.
var primitiveTypes = []string{
	"binary", "boolean", "date", "double", "float", "int", "long",
	"string", "time", "timestamp", "timestamptz", "uuid",
}

// typeSuggestions are offered for misspelt type names.
var typeSuggestions = append(append([]string{}, primitiveTypes...), "decimal(p,s)", "fixed(n)", "struct", "list", "map")

var (
	decimalRe = regexp.MustCompile(`^decimal\(\s*(\d+)\s*,\s*(\d+)\s*\)$`)
	fixedRe   = regexp.MustCompile(`^fixed\(\s*(\d+)\s*\)$`)
)

// nestedTypeKeys lists the keys a nested type mapping may have, by kind.
var nestedTypeKeys = map[string][]string{
	"struct": {"type", "fields"},
	"list":   {"type", "element"},
	"map":    {"type", "key", "value"},
}

// schemaDecoder turns schema nodes into Fields, reporting what CUE's
// loose `type: string | {...}` cannot: the type grammar itself.
type schemaDecoder struct {
	doc   *Document
	diags *diag.List
}

// schema decodes a schema mapping (ecs_field_names and fields); n may be
// nil.
func (sd schemaDecoder) schema(n *yaml.Node, path Path) Schema {
	var s Schema
	n = resolveAlias(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return s
	}
	if v := mapValue(n, "ecs_field_names"); v != nil {
		s.ECSFieldNames = stringList(v)
	}
	if v := mapValue(n, "fields"); v != nil {
		s.Fields = sd.fields(v, path.Child("fields"))
	}
	return s
}

// fields decodes a sequence of {name, type} mappings. Elements whose name
// or type is missing or of the wrong kind are skipped: the CUE schema
// reports those.
func (sd schemaDecoder) fields(n *yaml.Node, path Path) []Field {
	n = resolveAlias(n)
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	var out []Field
	seen := map[string]Path{}
	for i, el := range n.Content {
		el = resolveAlias(el)
		if el.Kind != yaml.MappingNode {
			continue
		}
		nameNode, typeNode := mapValue(el, "name"), mapValue(el, "type")
		if nameNode == nil || nameNode.Kind != yaml.ScalarNode || typeNode == nil {
			continue
		}
		p := path.Index(i)
		t, ok := sd.typ(typeNode, p.Child("type"))
		f := Field{Name: nameNode.Value, Type: t}
		if d := mapValue(el, "doc"); d != nil && d.Kind == yaml.ScalarNode {
			f.Doc = d.Value
		}
		if r := mapValue(el, "required"); r != nil {
			f.Required = r.Value == "true"
		}
		if prev, dup := seen[f.Name]; dup {
			sd.diags.Append(diag.Diagnostic{
				Severity: diag.Error, Code: diag.CodeDuplicateField,
				Summary: fmt.Sprintf("field %q is declared twice", f.Name),
				Subject: sd.doc.Locate(p.Child("name"), Value), Path: p.Child("name").String(),
				Labels: []diag.Label{{Span: sd.doc.Locate(prev.Child("name"), Value), Message: "first declared here"}},
			})
			continue
		}
		seen[f.Name] = p
		if ok {
			out = append(out, f)
		}
	}
	return out
}

// typ decodes one type node: a scalar type name or a nested mapping.
func (sd schemaDecoder) typ(n *yaml.Node, path Path) (Type, bool) {
	n = resolveAlias(n)
	switch n.Kind {
	case yaml.ScalarNode:
		return sd.primitive(n, path)
	case yaml.MappingNode:
		return sd.nested(n, path)
	}
	return Type{}, false // wrong kind: reported by the CUE schema
}

func (sd schemaDecoder) primitive(n *yaml.Node, path Path) (Type, bool) {
	name := strings.TrimSpace(n.Value)
	for _, p := range primitiveTypes {
		if name == p {
			return Type{Name: p}, true
		}
	}
	if m := decimalRe.FindStringSubmatch(name); m != nil {
		p, _ := strconv.Atoi(m[1])
		s, _ := strconv.Atoi(m[2])
		if p < 1 || p > 38 || s > p {
			sd.typeError(n, path, fmt.Sprintf("invalid decimal type %q", name), "precision must be 1 to 38 and scale at most the precision")
			return Type{}, false
		}
		return Type{Name: "decimal", Precision: p, Scale: s}, true
	}
	if m := fixedRe.FindStringSubmatch(name); m != nil {
		l, _ := strconv.Atoi(m[1])
		if l < 1 {
			sd.typeError(n, path, fmt.Sprintf("invalid fixed type %q", name), "the length must be at least 1")
			return Type{}, false
		}
		return Type{Name: "fixed", Length: l}, true
	}
	switch name {
	case "struct", "list", "map":
		sd.typeError(n, path, fmt.Sprintf("type %s needs its parts", name), nestedExample(name))
		return Type{}, false
	}
	hint := ""
	if s := Suggest(name, typeSuggestions); s != "" {
		hint = fmt.Sprintf("did you mean %q?", s)
	}
	sd.typeError(n, path, fmt.Sprintf("unknown field type %q", name), hint)
	return Type{}, false
}

func nestedExample(kind string) string {
	switch kind {
	case "struct":
		return "write {type: struct, fields: [{name: ..., type: ...}]}"
	case "list":
		return "write {type: list, element: <type>}"
	}
	return "write {type: map, key: string, value: <type>}"
}

func (sd schemaDecoder) nested(n *yaml.Node, path Path) (Type, bool) {
	kindNode := mapValue(n, "type")
	if kindNode == nil {
		sd.diags.Append(diag.Diagnostic{
			Severity: diag.Error, Code: diag.CodeMissingKey,
			Summary: `missing required key "type" in nested type`,
			Subject: NodeSpan(sd.doc.File, n), Path: path.String(),
			Hint: "a nested type is struct, list or map: " + nestedExample("struct"),
		})
		return Type{}, false
	}
	kind := kindNode.Value
	allowed, ok := nestedTypeKeys[kind]
	if !ok || kindNode.Kind != yaml.ScalarNode {
		hint := "a nested type is struct, list or map"
		if s := Suggest(kind, []string{"struct", "list", "map"}); s != "" {
			hint = fmt.Sprintf("did you mean %q?", s)
		}
		sd.typeError(kindNode, path.Child("type"), fmt.Sprintf("unknown nested type %q", kind), hint)
		return Type{}, false
	}
	good := true
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i].Value
		if contains(allowed, k) || IsMergeKey(n.Content[i]) {
			continue
		}
		good = false
		d := diag.Diagnostic{
			Severity: diag.Error, Code: diag.CodeUnknownKey,
			Summary: fmt.Sprintf("unknown key %q in %s type", k, kind),
			Subject: NodeSpan(sd.doc.File, n.Content[i]), Path: path.Child(k).String(),
			Notes: []string{"allowed keys: " + strings.Join(allowed, ", ")},
		}
		if s := Suggest(k, allowed); s != "" {
			d.Hint = fmt.Sprintf("did you mean %q?", s)
		}
		sd.diags.Append(d)
	}
	t := Type{Name: kind}
	need := func(key string) *yaml.Node {
		v := mapValue(n, key)
		if v == nil {
			good = false
			sd.diags.Append(diag.Diagnostic{
				Severity: diag.Error, Code: diag.CodeMissingKey,
				Summary: fmt.Sprintf("missing required key %q in %s type", key, kind),
				Subject: NodeSpan(sd.doc.File, kindNode), Path: path.Child(key).String(),
				Hint: nestedExample(kind),
			})
		}
		return v
	}
	sub := func(key string) *Type {
		v := need(key)
		if v == nil {
			return nil
		}
		st, ok := sd.typ(v, path.Child(key))
		if !ok {
			good = false
			return nil
		}
		return &st
	}
	switch kind {
	case "struct":
		if v := need("fields"); v != nil {
			v = resolveAlias(v)
			if v.Kind != yaml.SequenceNode {
				sd.typeError(v, path.Child("fields"), "struct fields must be a list of {name, type}", nestedExample("struct"))
				return Type{}, false
			}
			before := len(*sd.diags)
			t.Fields = sd.fields(v, path.Child("fields"))
			good = good && len(*sd.diags) == before
		}
	case "list":
		t.Element = sub("element")
	case "map":
		t.Key, t.Value = sub("key"), sub("value")
		if t.Key != nil && (t.Key.Name == "struct" || t.Key.Name == "list" || t.Key.Name == "map") {
			sd.typeError(mapValue(n, "key"), path.Child("key"), "map keys must be a primitive type", "use key: string")
			good = false
		}
	}
	return t, good
}

func (sd schemaDecoder) typeError(n *yaml.Node, path Path, summary, hint string) {
	sd.diags.Append(diag.Diagnostic{
		Severity: diag.Error, Code: diag.CodeInvalidFieldType,
		Summary: summary, Subject: NodeSpan(sd.doc.File, n), Path: path.String(), Hint: hint,
	})
}

// mapValue returns the value node of key in mapping n, or nil.
func mapValue(n *yaml.Node, key string) *yaml.Node {
	n = resolveAlias(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	if _, v := mappingEntry(n, key); v != nil {
		return resolveAlias(v)
	}
	return nil
}

// stringList returns the scalar elements of a sequence node.
func stringList(n *yaml.Node) []string {
	n = resolveAlias(n)
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	out := make([]string, 0, len(n.Content))
	for _, c := range n.Content {
		if c = resolveAlias(c); c.Kind == yaml.ScalarNode {
			out = append(out, c.Value)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
