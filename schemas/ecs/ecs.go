// Package ecs is the Elastic Common Schema field catalogue matano resolves
// table schemas from. The catalogue (catalogue.txt) is generated from
// Elastic's ecs_flat.yml by ./gen and committed, so builds never need the
// source file.
package ecs

//go:generate go run ./gen -in ../../../shared/ecs/ecs_flat.yml -out catalogue.txt -version 9.5.0-dev

import (
	_ "embed"
	"github.com/matano-go/matano/compiler/diag"
	"sort"
	"strconv"
	"strings"
	"sync"
)

//go:embed catalogue.txt
var catalogue string

// Version is the ECS release the catalogue was generated from; records
// carry it as ecs.version. Keep it equal to the -version flag above (a
// test checks the catalogue header).
const Version = "9.5.0-dev"

// Field is one ECS field.
type Field struct {
	// Path is the dotted field name, e.g. "source.ip".
	Path string
	// Type is the ECS type: keyword, long, date, ip, object, nested, ...
	Type string
	// Array is set when ECS normalises the field to an array.
	Array bool
	// Scale is the scaling factor of a scaled_float (0 otherwise).
	Scale int
	// Allowed lists the allowed values of a categorisation field.
	Allowed []string
}

// Catalogue is the parsed field list, sorted by path.
type Catalogue struct {
	Fields []Field
	byPath map[string]int
}

var (
	once sync.Once
	cat  *Catalogue
)

// Default returns the embedded catalogue, parsed once.
func Default() *Catalogue {
	once.Do(func() { cat = Parse(catalogue) })
	return cat
}

// Parse reads a catalogue in the format gen writes.
func Parse(text string) *Catalogue {
	c := &Catalogue{byPath: map[string]int{}}
	for _, line := range strings.Split(text, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		if line[0] == '=' {
			path, vals, _ := strings.Cut(line[1:], " ")
			if i, ok := c.byPath[path]; ok {
				c.Fields[i].Allowed = strings.Split(vals, ",")
			}
			continue
		}
		parts := strings.Fields(line)
		f := Field{Path: parts[0], Type: parts[1]}
		for _, p := range parts[2:] {
			switch {
			case p == "array":
				f.Array = true
			case strings.HasPrefix(p, "scale="):
				f.Scale, _ = strconv.Atoi(p[len("scale="):])
			}
		}
		c.byPath[f.Path] = len(c.Fields)
		c.Fields = append(c.Fields, f)
	}
	return c
}

// Lookup returns the field at path.
func (c *Catalogue) Lookup(path string) (Field, bool) {
	i, ok := c.byPath[path]
	if !ok {
		return Field{}, false
	}
	return c.Fields[i], true
}

// Under returns the fields below prefix (a field set such as "source" or a
// reused one such as "source.user"), sorted by path.
func (c *Catalogue) Under(prefix string) []Field {
	p := prefix + "."
	i := sort.Search(len(c.Fields), func(i int) bool { return c.Fields[i].Path >= p })
	var out []Field
	for ; i < len(c.Fields) && strings.HasPrefix(c.Fields[i].Path, p); i++ {
		out = append(out, c.Fields[i])
	}
	return out
}

// Nearest returns up to n known paths (fields or field-set prefixes)
// closest to name by edit distance, for "did you mean" hints.
func (c *Catalogue) Nearest(name string, n int) []string {
	type cand struct {
		s string
		d int
	}
	seen := map[string]bool{}
	var cs []cand
	add := func(s string) {
		if seen[s] {
			return
		}
		seen[s] = true
		if d := diag.EditDistance(name, s); d <= max(2, len(name)/3) {
			cs = append(cs, cand{s, d})
		}
	}
	for _, f := range c.Fields {
		add(f.Path)
		for i := strings.IndexByte(f.Path, '.'); i > 0; {
			add(f.Path[:i])
			j := strings.IndexByte(f.Path[i+1:], '.')
			if j < 0 {
				break
			}
			i += j + 1
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
