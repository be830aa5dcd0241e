package stdlib

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/dlclark/regexp2"
	"github.com/matano-go/matano/runtime/vrl/value"
)

// parse_grok matches a value against a grok pattern written with the grok
// crate's library (TIMESTAMP_ISO8601, IPORHOST, ...) and returns the
// captures of the aliased placeholders (%{NAME:alias}) that took part in
// the match. The pattern must be a literal: it is compiled once, and an
// unknown pattern name or a bad regex is compile error E112.
func init() {
	Register(&funcDef{ident: "parse_grok", params: []Param{
		{Keyword: "value", Kind: value.BitBytes, Required: true},
		{Keyword: "pattern", Kind: value.BitBytes, Required: true},
	}, compile: compileGrok})
}

func compileGrok(args *Args) (Call, error) {
	a := args.Get(1)
	if a.Const == nil {
		return nil, expectedStatic(1, "pattern")
	}
	crate, _ := grokLibraries()
	pat, err := grokCompile(crate, lossyUTF8(a.Const.Str()), true)
	if err != nil {
		return nil, lpGrokCompileError(err)
	}
	c := &grokCall{pattern: pat}
	return &funcCall{td: c.typeDef(), eval: c.eval}, nil
}

type grokCall struct{ pattern *grokPattern }

func (c *grokCall) typeDef() TypeDef { return TypeDef{Kind: value.KindObjectAny(), Fallible: true} }

func (c *grokCall) eval(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
	caps, ok := c.pattern.match(lossyUTF8(args[0].Str()))
	if !ok {
		return value.Null, errors.New("unable to parse input with grok pattern")
	}
	obj := value.NewObject(len(caps))
	for _, kv := range caps {
		obj.Set(kv[0], value.Bytes(kv[1]))
	}
	return value.ObjectValue(obj), nil
}

// grokPattern is a compiled grok pattern: the regex and the field name of
// each of its generated capture groups.
type grokPattern struct {
	re *regexp2.Regexp
	// names maps a field name to its capture group name; when several
	// groups share a field the last one wins (as with Oniguruma's indexes).
	names map[string]string
	order []string // field names, sorted
}

// match returns the (field, text) pairs of the groups that took part.
// A match-time engine failure (timeout) counts as no match, as the grok
// crate treats Oniguruma's errors.
func (p *grokPattern) match(s string) ([][2]string, bool) {
	m, err := p.re.FindStringMatch(s)
	if err != nil || m == nil {
		return nil, false
	}
	var out [][2]string
	for _, field := range p.order {
		g := m.GroupByName(p.names[field])
		if g == nil || len(g.Captures) == 0 {
			continue
		}
		out = append(out, [2]string{field, g.String()})
	}
	return out, true
}

// grokError is the grok crate's compile error text.
type grokError string

func (e grokError) Error() string { return string(e) }

// grokCompile expands a grok pattern as the grok crate (v2.4) does: each
// %{NAME[:alias[:extract]][=definition]} becomes a group around NAME's
// definition, named when it has an alias (or always, unless aliasOnly);
// a repeated alias becomes alias[1], alias[2], ...
func grokCompile(lib map[string]string, pattern string, aliasOnly bool) (*grokPattern, error) {
	var b strings.Builder
	aliases := map[string]string{} // group name -> field
	counts := map[string]int{}
	index := 0
	type frame struct {
		parts     []grokPart
		pos       int
		overrides map[string]string
	}
	split := func(s string) []grokPart { return grokSplit(s) }
	stack := []*frame{{parts: split(pattern), overrides: map[string]string{}}}
	for len(stack) > 0 {
		top := stack[len(stack)-1]
		if top.pos < len(top.parts) {
			part := top.parts[top.pos]
			top.pos++
			switch {
			case part.err != "":
				return nil, grokError(fmt.Sprintf("Something unexpected happened during the compilation phase: \"%s\"", part.err))
			case !part.isPattern:
				b.WriteString(part.text)
			default:
				var def string
				switch {
				case part.definition != "":
					top.overrides[part.name] = part.definition
					def = part.definition
				case top.overrides[part.name] != "":
					def = top.overrides[part.name]
				default:
					d, ok := lib[part.name]
					if !ok {
						return nil, grokError(fmt.Sprintf("The given pattern definition name \"%s\" could not be found in the definition map", part.name))
					}
					def = d
				}
				stack = append(stack, &frame{parts: split(def), overrides: map[string]string{}})
				if aliasOnly && part.alias == "" {
					b.WriteString("(?:")
				} else {
					group := fmt.Sprintf("_n_%d", index)
					index++
					orig := part.alias
					if orig == "" {
						orig = part.name
					}
					key := orig
					if n := counts[orig]; n > 0 {
						key = fmt.Sprintf("%s[%d]", orig, n)
					}
					counts[orig]++
					if counts[orig] > 1 {
						if _, clash := counts[key]; clash {
							return nil, grokError(fmt.Sprintf("Something unexpected happened during the compilation phase: \"%s\"", "Alias "+key+" already exists"))
						}
					}
					aliases[group] = key
					b.WriteString("(?<" + group + ">")
				}
			}
		} else {
			stack = stack[:len(stack)-1]
			b.WriteByte(')')
		}
		if len(stack) > 1024 {
			return nil, grokError("Recursion while compiling reached the limit of 1024")
		}
	}
	regex := strings.TrimSuffix(b.String(), ")")
	if regex == "" {
		return nil, grokError(fmt.Sprintf("The given pattern \"%s\" ended up compiling into an empty regex", pattern))
	}
	re, err := grokCompileRegex(regex)
	if err != nil {
		return nil, grokError(fmt.Sprintf("The given regex \"%s\" failed compilation in the underlying engine", fmt.Sprintf("Regex compilation failed: %v:\n%s", err, regex)))
	}
	p := &grokPattern{re: re, names: map[string]string{}}
	// Group names the pattern itself declares are fields too.
	for _, g := range re.GetGroupNames() {
		if g == "" || (g[0] >= '0' && g[0] <= '9') {
			continue
		}
		field := g
		if a, ok := aliases[g]; ok {
			field = a
		}
		if prev, ok := p.names[field]; !ok || re.GroupNumberFromName(g) > re.GroupNumberFromName(prev) {
			p.names[field] = g
		}
	}
	for f := range p.names {
		p.order = append(p.order, f)
	}
	sort.Strings(p.order)
	return p, nil
}

// grokPart is one piece of a grok pattern: literal regex text or a
// %{...} placeholder (or a syntax error).
type grokPart struct {
	isPattern                        bool
	text                             string
	name, alias, extract, definition string
	err                              string
}

// grokSplit splits a pattern into regex text and %{...} placeholders
// (the grok crate's grok_split): NAME is [A-Za-z0-9_]+, the alias and
// extract may also hold `-[].`, a definition anything but braces.
func grokSplit(s string) []grokPart {
	var parts []grokPart
	i := 0
	for i < len(s) {
		if !strings.HasPrefix(s[i:], "%{") {
			j := strings.Index(s[i+1:], "%")
			if j < 0 {
				parts = append(parts, grokPart{text: s[i:]})
				break
			}
			parts = append(parts, grokPart{text: s[i : i+1+j]})
			i += 1 + j
			continue
		}
		p, n, errName := grokPlaceholder(s[i+2:])
		if errName != "" {
			return append(parts, grokPart{err: errName})
		}
		parts = append(parts, p)
		i += 2 + n
	}
	return parts
}

// grokPlaceholder reads NAME[:alias[:extract]][=definition]} and returns
// how many bytes it used (through the closing brace).
func grokPlaceholder(s string) (grokPart, int, string) {
	var comps [3]string
	i := 0
	for ci := 0; ; ci++ {
		start := i
		extra := ci > 0
		for {
			if i >= len(s) {
				return grokPart{}, 0, "InvalidPattern"
			}
			c := s[i]
			if c == '}' || c == '=' || c == ':' {
				break
			}
			isWord := (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
			if !isWord && (!extra || strings.IndexByte("-[].", c) < 0) {
				r, _ := firstRune(s[i:])
				return grokPart{}, 0, fmt.Sprintf("InvalidCharacter(%s)", grokRustChar(r))
			}
			i++
		}
		if i == start && !extra {
			return grokPart{}, 0, "InvalidPattern"
		}
		if ci == 3 {
			return grokPart{}, 0, "InvalidPattern"
		}
		comps[ci] = s[start:i]
		term := s[i]
		i++
		if ci+1 == 3 && comps[2] == "" {
			return grokPart{}, 0, "InvalidPatternDefinition"
		}
		switch term {
		case '}':
			if ci+1 == 2 && comps[1] == "" {
				return grokPart{}, 0, "InvalidPatternDefinition"
			}
			return grokPart{isPattern: true, name: comps[0], alias: comps[1], extract: comps[2]}, i, ""
		case '=':
			defStart := i
			for {
				if i >= len(s) || s[i] == '{' {
					return grokPart{}, 0, "InvalidPatternDefinition"
				}
				if s[i] == '}' {
					break
				}
				i++
			}
			def := s[defStart:i]
			if def == "" || (ci+1 == 2 && comps[1] == "") {
				return grokPart{}, 0, "InvalidPatternDefinition"
			}
			return grokPart{isPattern: true, name: comps[0], alias: comps[1], extract: comps[2], definition: def}, i + 1, ""
		}
	}
}

// grokRustChar renders a char as Rust's {:?} does ('x', '\n', ...).
func grokRustChar(r rune) string {
	switch r {
	case '\'':
		return `'\''`
	case '\\':
		return `'\\'`
	case '\n':
		return `'\n'`
	case '\t':
		return `'\t'`
	case '\r':
		return `'\r'`
	}
	return "'" + string(r) + "'"
}
