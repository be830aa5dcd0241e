package schema

import (
	"fmt"
	"sort"
	"strings"

	"github.com/matano-go/matano/compiler/load"
	"github.com/matano-go/matano/schemas/ecs"
)

// Input is what a table declares.
type Input struct {
	Table         string
	ECSFieldNames []string
	Fields        []load.Field
}

// ProblemKind classifies a resolution problem.
type ProblemKind uint8

const (
	// UnknownECS: an ecs_field_names entry is neither an ECS field nor a
	// field set.
	UnknownECS ProblemKind = iota + 1
	// Collision: a custom field's name is taken by ECS or by a column every
	// table has.
	Collision
)

// Problem is one thing wrong with an Input. Index points into
// ECSFieldNames (UnknownECS) or Fields (Collision).
type Problem struct {
	Kind        ProblemKind
	Index       int
	Message     string
	Suggestions []string
}

// Always are the columns every table has, whatever it declares: ts (the
// event time, first column), labels, tags and ecs.version (set by the
// pipeline after the transform).
var Always = []string{"labels", "tags", "ecs.version"}

// node is a path trie used while resolving.
type node struct {
	name     string
	leaf     *Type // a primitive (possibly list-wrapped) leaf type
	array    bool  // the struct made from children is a list<struct>
	mapType  bool  // an object without sub-fields: map<string,string>
	ecs      string
	children map[string]*node
	custom   *load.Type
}

func (n *node) child(name string) *node {
	if n.children == nil {
		n.children = map[string]*node{}
	}
	c, ok := n.children[name]
	if !ok {
		c = &node{name: name}
		n.children[name] = c
	}
	return c
}

// Resolve builds the schema of a table from the ECS catalogue. Problems
// are returned with the best schema that could be built without the
// offending entries.
func Resolve(in Input, cat *ecs.Catalogue) (*Schema, []Problem) {
	var problems []Problem
	root := &node{}
	add := func(f ecs.Field) {
		if f.Path == "@timestamp" {
			return // ts is the event time
		}
		parts := strings.Split(f.Path, ".")
		n := root
		for i, p := range parts {
			n = n.child(p)
			if i == len(parts)-1 {
				break
			}
			// A parent that ECS declares as an array of objects (nested,
			// or object normalised to array) makes its children list
			// members, even when only a child was selected.
			prefix := strings.Join(parts[:i+1], ".")
			if pf, ok := cat.Lookup(prefix); ok && (pf.Type == "nested" || pf.Type == "object" && pf.Array) {
				n.array = true
				n.ecs = prefix
			}
		}
		n.ecs = f.Path
		switch f.Type {
		case "object":
			n.mapType = len(cat.Under(f.Path)) == 0
			n.array = f.Array
		case "nested":
			n.array = true
		case "geo_point":
			n.leaf = &Type{Kind: "struct", Fields: []*Field{
				{Name: "lat", Type: &Type{Kind: "double"}},
				{Name: "lon", Type: &Type{Kind: "double"}},
			}}
			n.array = f.Array
		default:
			kind, _ := icebergTypeForECS(f.Type)
			n.leaf = &Type{Kind: kind}
			n.array = f.Array
		}
	}
	selectName := func(name string) bool {
		if name == "@timestamp" {
			return true
		}
		found := false
		if f, ok := cat.Lookup(name); ok {
			add(f)
			found = true
		}
		for _, f := range cat.Under(name) {
			add(f)
			found = true
		}
		return found
	}
	for _, name := range Always {
		selectName(name)
	}
	for i, name := range in.ECSFieldNames {
		if !selectName(name) {
			problems = append(problems, Problem{
				Kind: UnknownECS, Index: i,
				Message:     fmt.Sprintf("%q is not an ECS field or field set", name),
				Suggestions: cat.Nearest(name, 3),
			})
		}
	}
	for i, f := range in.Fields {
		top := f.Name
		if j := strings.IndexByte(top, '.'); j >= 0 {
			top = top[:j]
		}
		if top == "ts" || len(cat.Under(top)) > 0 || isECS(cat, top) {
			what := "the ECS field set " + top
			if top == "ts" {
				what = "the event time column ts"
			}
			problems = append(problems, Problem{
				Kind: Collision, Index: i,
				Message: fmt.Sprintf("custom field %q collides with %s", f.Name, what),
			})
			continue
		}
		t := f.Type
		n := root
		for _, p := range strings.Split(f.Name, ".") {
			n = n.child(p)
		}
		n.custom = &t
	}

	s := &Schema{Table: in.Table}
	s.Columns = append(s.Columns, &Field{Name: "ts", Type: &Type{Kind: "timestamp"}, ECS: "@timestamp"})
	s.Columns = append(s.Columns, build(root)...)
	assignIDs(s)
	return s, problems
}

func isECS(cat *ecs.Catalogue, name string) bool {
	_, ok := cat.Lookup(name)
	return ok
}

// build turns a trie level into sorted fields.
func build(n *node) []*Field {
	names := make([]string, 0, len(n.children))
	for k := range n.children {
		names = append(names, k)
	}
	sort.Strings(names)
	out := make([]*Field, 0, len(names))
	for _, k := range names {
		c := n.children[k]
		out = append(out, &Field{Name: k, Type: nodeType(c), ECS: c.ecs})
	}
	return out
}

func nodeType(n *node) *Type {
	var t *Type
	switch {
	case n.custom != nil:
		t = fromLoad(*n.custom)
	case len(n.children) > 0:
		t = &Type{Kind: "struct", Fields: build(n)}
	case n.mapType:
		t = &Type{Kind: "map", Key: &Field{Name: "key", Type: &Type{Kind: "string"}, Required: true},
			Value: &Field{Name: "value", Type: &Type{Kind: "string"}}}
	case n.leaf != nil:
		t = n.leaf
	default:
		// An object the catalogue declares with sub-fields none of which
		// was selected: keep its keys as a map.
		t = &Type{Kind: "map", Key: &Field{Name: "key", Type: &Type{Kind: "string"}, Required: true},
			Value: &Field{Name: "value", Type: &Type{Kind: "string"}}}
	}
	if n.array && n.custom == nil {
		t = &Type{Kind: "list", Element: &Field{Name: "element", Type: t}}
	}
	return t
}

// fromLoad converts a declared custom type.
func fromLoad(lt load.Type) *Type {
	t := &Type{Kind: lt.Name, Precision: lt.Precision, Scale: lt.Scale, Length: lt.Length}
	switch lt.Name {
	case "struct":
		for _, f := range lt.Fields {
			t.Fields = append(t.Fields, &Field{Name: f.Name, Type: fromLoad(f.Type), Required: f.Required})
		}
	case "list":
		t.Element = &Field{Name: "element", Type: fromLoad(*lt.Element)}
	case "map":
		t.Key = &Field{Name: "key", Type: fromLoad(*lt.Key), Required: true}
		t.Value = &Field{Name: "value", Type: fromLoad(*lt.Value)}
	}
	return t
}

// assignIDs numbers fields as Iceberg does for a fresh schema: all fields
// of one struct level first, then each child's children, so ids depend
// only on the (sorted) set of fields and are the same on every run.
func assignIDs(s *Schema) {
	id := 0
	var level func(fields []*Field)
	var inner func(t *Type)
	inner = func(t *Type) {
		switch t.Kind {
		case "struct":
			level(t.Fields)
		case "list":
			id++
			t.Element.ID = id
			inner(t.Element.Type)
		case "map":
			id++
			t.Key.ID = id
			id++
			t.Value.ID = id
			inner(t.Key.Type)
			inner(t.Value.Type)
		}
	}
	level = func(fields []*Field) {
		for _, f := range fields {
			id++
			f.ID = id
		}
		for _, f := range fields {
			inner(f.Type)
		}
	}
	level(s.Columns)
	s.LastID = id
}
