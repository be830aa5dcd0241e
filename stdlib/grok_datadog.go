package stdlib

// grok_datadog.go is the Datadog grok dialect behind parse_groks: rules
// are regexes with %{matcher(args):path:filter(args)} placeholders,
// matchers are Datadog library patterns (notSpace, data, ...), named
// aliases, regex("..."), or typed matchers (integer, number, boolean), and
// each captured value runs through its filters before it is stored at its
// path. Patterns are compiled with the Datadog copy of the grok library by
// the older grok algorithm (textual %{NAME:alias} substitution).

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/dlclark/regexp2"
	"github.com/matano-go/matano/runtime/vrl/value"
)

// ddError is a rule compile error (parse_grok_rules::Error).
type ddError string

func (e ddError) Error() string { return string(e) }

func ddInvalidArgs(name string) error {
	return ddError(fmt.Sprintf("invalid arguments for the function '%s'", name))
}

// ddFunc is a matcher or filter call: name and literal or nested-call
// arguments.
type ddFunc struct {
	name    string
	hasArgs bool
	args    []ddArg
}

type ddArg struct {
	fn  *ddFunc
	lit value.Value
}

// ddPlaceholder is one parsed %{...}.
type ddPlaceholder struct {
	match   ddFunc
	hasDest bool
	path    []string // empty: the root
	filter  *ddFunc
}

type ddField struct {
	path    []string
	filters []ddFilter
}

// ddRule is a compiled rule: its regex and the fields of its groups.
type ddRule struct {
	re     *regexp2.Regexp
	names  map[string]string // field/group key -> regex group name
	order  []string
	fields map[string]*ddField
}

type ddContext struct {
	regex      strings.Builder
	fields     map[string]*ddField
	aliases    map[string]string
	aliasStack []string
}

// ddPlaceholderRE finds %{...} in a rule, skipping braces in quoted
// arguments.
var ddPlaceholderRE = regexp2.MustCompile(`%\{(?:[^"\}]|(?<!\\)"(?:\\"|[^"])*(?<!\\)")+\}`, regexp2.None)

// ddCompileRules compiles parse_groks' patterns with the given aliases.
func ddCompileRules(patterns []string, aliases map[string]string) ([]*ddRule, error) {
	var rules []*ddRule
	for _, p := range patterns {
		if p == "" {
			continue
		}
		ctx := &ddContext{fields: map[string]*ddField{}, aliases: aliases}
		if err := ctx.parseRule(p); err != nil {
			return nil, err
		}
		body := strings.ReplaceAll(strings.ReplaceAll(ctx.regex.String(), "(?s)", "(?m)"), "(?-s)", "(?-m)")
		full := `(?m)\A` + body + `\z`
		rule, err := ddGrokCompile(full)
		if err != nil {
			return nil, ddError(fmt.Sprintf("failed to parse grok expression '%s': %s", full, err.Error()))
		}
		rule.fields = ctx.fields
		rules = append(rules, rule)
	}
	return rules, nil
}

func (c *ddContext) parseRule(rule string) error {
	last := 0
	m, _ := ddPlaceholderRE.FindStringMatch(rule)
	for m != nil {
		// regexp2 reports rune offsets; convert to byte offsets.
		start := len(string([]rune(rule)[:m.Index]))
		end := start + len(m.String())
		c.regex.WriteString(rule[last:start])
		last = end
		ph, err := ddParsePlaceholder(rule[start:end])
		if err != nil {
			return ddError(fmt.Sprintf("failed to parse grok expression '%s': %s", rule[start:end], err.Error()))
		}
		if err := c.resolve(ph); err != nil {
			return err
		}
		m, _ = ddPlaceholderRE.FindNextMatch(m)
	}
	c.regex.WriteString(rule[last:])
	return nil
}

func (c *ddContext) resolve(ph *ddPlaceholder) error {
	var alias string
	if ph.hasDest {
		alias = fmt.Sprintf("grok%d", len(c.fields))
		f := &ddField{path: ph.path}
		if ph.filter != nil {
			flt, err := ddFilterFrom(ph.filter)
			if err != nil {
				return err
			}
			f.filters = []ddFilter{flt}
		}
		c.fields[alias] = f
	}
	name := ph.match.name
	if def, ok := c.aliases[name]; ok {
		if alias != "" {
			c.regex.WriteString("(?<" + alias + ">")
		}
		for _, a := range c.aliasStack {
			if a == name {
				return ddError(fmt.Sprintf("Circular dependency found in the alias '%s'", c.aliasStack[0]))
			}
		}
		c.aliasStack = append(c.aliasStack, name)
		if err := c.parseRule(def); err != nil {
			return err
		}
		c.aliasStack = c.aliasStack[:len(c.aliasStack)-1]
		if alias != "" {
			c.regex.WriteString(")")
		}
		return nil
	}
	switch name {
	case "regex", "date", "boolean":
		if alias != "" {
			c.regex.WriteString("(?<" + alias + ">")
		} else {
			c.regex.WriteString("(?:")
		}
		if err := c.matchFunction(alias, &ph.match); err != nil {
			return err
		}
		c.regex.WriteString(")")
	default:
		c.regex.WriteString("%{")
		if err := c.matchFunction(alias, &ph.match); err != nil {
			return err
		}
		if alias != "" {
			c.regex.WriteString(":" + alias)
		}
		c.regex.WriteString("}")
	}
	return nil
}

func (c *ddContext) prependFilter(alias string, f ddFilter) {
	if fl, ok := c.fields[alias]; ok {
		fl.filters = append([]ddFilter{f}, fl.filters...)
	}
}

func (c *ddContext) matchFunction(alias string, fn *ddFunc) error {
	switch fn.name {
	case "regex":
		if len(fn.args) > 0 && fn.args[0].fn == nil && fn.args[0].lit.Type() == value.TypeBytes {
			c.regex.WriteString(fn.args[0].lit.Str())
			return nil
		}
		return ddInvalidArgs(fn.name)
	case "integer", "integerExt", "number", "numberExt":
		if alias != "" {
			c.prependFilter(alias, ddFilter{kind: fn.name})
		}
		c.regex.WriteString(fn.name + "Str")
		return nil
	case "date":
		re, d, err := ddDateMatcher(fn)
		if err != nil {
			return err
		}
		if alias != "" {
			c.prependFilter(alias, ddFilter{kind: "date", date: d})
		}
		c.regex.WriteString(re)
		return nil
	}
	c.regex.WriteString(fn.name)
	return nil
}

// ddGrokNameRE is the older grok algorithm's placeholder syntax.
var ddGrokNameRE = regexp.MustCompile(`%\{((?P<pattern>[A-z0-9]+)(?::(?P<alias>[A-z0-9_:;\/\s\.]+))?)(?:=(?P<definition>(?:(?:[^{}]+|\.+)+)+))?\}`)

// ddGrokCompile expands %{NAME[:alias][=definition]} textually, first
// placeholder first, until none is left; aliased ones become named groups.
func ddGrokCompile(pattern string) (*ddRule, error) {
	_, lib := grokLibraries()
	defs := map[string]string{}
	lookup := func(n string) (string, bool) {
		if d, ok := defs[n]; ok {
			return d, true
		}
		d, ok := lib[n]
		return d, ok
	}
	named := pattern
	aliases := map[string]string{} // alias -> group
	index := 0
	for iter := 0; ; iter++ {
		if iter >= 1024 {
			return nil, grokError("Recursion while compiling reached the limit of 1024")
		}
		m := ddGrokNameRE.FindStringSubmatchIndex(named)
		if m == nil {
			break
		}
		raw := named[m[4]:m[5]]
		name := named[m[2]:m[3]]
		if m[8] >= 0 {
			def := named[m[8]:m[9]]
			defs[raw] = def
			name = name + "=" + def
		}
		hasAlias := m[6] >= 0
		aliasName := ""
		if hasAlias {
			aliasName = named[m[6]:m[7]]
		}
		token := "%{" + name + "}"
		for n := strings.Count(named, token); n > 0; n-- {
			def, ok := lookup(raw)
			if !ok {
				return nil, grokError(fmt.Sprintf("The given pattern definition name \"%s\" could not be found in the definition map", raw))
			}
			var repl string
			if !hasAlias {
				repl = "(?:" + def + ")"
			} else {
				group := fmt.Sprintf("name%d", index)
				aliases[aliasName] = group
				repl = "(?<" + group + ">" + def + ")"
			}
			named = strings.Replace(named, token, repl, 1)
			index++
		}
	}
	if named == "" {
		return nil, grokError(fmt.Sprintf("The given pattern \"%s\" ended up compiling into an empty regex", pattern))
	}
	re, err := grokCompileRegex(named)
	if err != nil {
		return nil, grokError(fmt.Sprintf("The given regex \"%s\" failed compilation in the underlying engine", named))
	}
	rule := &ddRule{re: re, names: map[string]string{}}
	for _, g := range re.GetGroupNames() {
		if g == "" || (g[0] >= '0' && g[0] <= '9') {
			continue
		}
		key := g
		for a, grp := range aliases {
			if grp == g {
				key = a
			}
		}
		rule.names[key] = g
	}
	for k := range rule.names {
		rule.order = append(rule.order, k)
	}
	sort.Strings(rule.order)
	return rule, nil
}

// ddParsePlaceholder parses %{matcher(args):path:filter(args)}.
func ddParsePlaceholder(s string) (*ddPlaceholder, error) {
	toks, err := ddLex(s)
	if err != nil {
		return nil, err
	}
	p := &ddTokParser{toks: toks}
	invalid := ddError("invalid grok pattern: " + s)
	if !p.accept("%{") {
		return nil, invalid
	}
	ph := &ddPlaceholder{}
	fn, ok := p.function()
	if !ok {
		return nil, invalid
	}
	ph.match = *fn
	if p.accept(":") {
		switch {
		case p.accept("}"):
			return ph, p.end(invalid)
		case p.peek(":"):
			p.accept(":")
			f, ok := p.function()
			if !ok {
				return nil, invalid
			}
			ph.hasDest, ph.filter = true, f
		default:
			path, ok := p.lookup()
			if !ok {
				return nil, invalid
			}
			ph.hasDest, ph.path = true, path
			if p.accept(":") {
				f, ok := p.function()
				if !ok {
					return nil, invalid
				}
				ph.filter = f
			}
		}
	}
	if !p.accept("}") {
		return nil, invalid
	}
	return ph, p.end(invalid)
}

type ddTok struct {
	kind string // "%{", "}", "[", "]", "(", ")", ".", ":", ",", "ident", "xident", "str", "int", "float", "true", "false", "null", "bad"
	text string
	lit  value.Value
}

func ddIdentStart(c byte) bool {
	return c == '$' || c == '@' || c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

func ddLex(s string) ([]ddTok, error) {
	var toks []ddTok
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '%' && i+1 < len(s) && s[i+1] == '{':
			toks = append(toks, ddTok{kind: "%{"})
			i += 2
		case strings.IndexByte("}[]():,", c) >= 0:
			toks = append(toks, ddTok{kind: string(c)})
			i++
		case c == '.' && !(i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9'):
			toks = append(toks, ddTok{kind: "."})
			i++
		case c == '"':
			j := i + 1
			for j < len(s) && s[j] != '"' {
				if s[j] == '\\' {
					j++
				}
				j++
			}
			if j >= len(s) {
				return nil, ddError("invalid literal")
			}
			str, err := ddUnescape(s[i+1 : j])
			if err != nil {
				return nil, err
			}
			toks = append(toks, ddTok{kind: "str", lit: value.Bytes(str)})
			i = j + 1
		case ddIdentStart(c):
			j := i + 1
			for j < len(s) && (ddIdentStart(s[j]) || s[j] == '-' || (s[j] >= '0' && s[j] <= '9')) {
				j++
			}
			w := s[i:j]
			switch {
			case w == "true" || w == "false" || w == "null":
				toks = append(toks, ddTok{kind: w})
			case strings.ContainsAny(w, "@-"):
				toks = append(toks, ddTok{kind: "xident", text: w})
			default:
				toks = append(toks, ddTok{kind: "ident", text: w})
			}
			i = j
		case c == '.' || (c >= '0' && c <= '9'):
			j := i
			isFloat := c == '.'
			for j < len(s) && ((s[j] >= '0' && s[j] <= '9') || strings.IndexByte("eE-+.", s[j]) >= 0) {
				if strings.IndexByte("eE-+.", s[j]) >= 0 {
					isFloat = true
				}
				j++
			}
			num := s[i:j]
			if isFloat {
				f, err := strconv.ParseFloat(num, 64)
				if err != nil {
					return nil, ddError("invalid numeric literal " + num)
				}
				toks = append(toks, ddTok{kind: "float", lit: value.Float(f)})
			} else {
				n, err := strconv.ParseInt(num, 10, 64)
				if err != nil {
					return nil, ddError("invalid numeric literal " + num)
				}
				toks = append(toks, ddTok{kind: "int", lit: value.Integer(n)})
			}
			i = j
		case unicode.IsSpace(rune(c)):
			i++
		default:
			toks = append(toks, ddTok{kind: "bad"})
			_, n := firstRune(s[i:])
			i += n
		}
	}
	return toks, nil
}

// ddUnescape decodes a rule string literal: \" \' \\ and the doubled
// \\n \\r \\t forms.
func ddUnescape(s string) (string, error) {
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '\\')
		if i < 0 {
			break
		}
		if len(s) > i+2 && s[i+1] == '\\' && strings.IndexByte("nrt", s[i+2]) >= 0 {
			b.WriteString(s[:i])
			b.WriteByte(map[byte]byte{'n': '\n', 'r': '\r', 't': '\t'}[s[i+2]])
			s = s[i+3:]
			continue
		}
		if len(s) > i+1 {
			switch s[i+1] {
			case '\'', '"', '\\':
				b.WriteString(s[:i])
				b.WriteByte(s[i+1])
				s = s[i+2:]
				continue
			}
			return "", ddError("invalid escape " + s)
		}
		break
	}
	b.WriteString(s)
	return b.String(), nil
}

type ddTokParser struct {
	toks []ddTok
	pos  int
}

func (p *ddTokParser) peek(kind string) bool {
	return p.pos < len(p.toks) && p.toks[p.pos].kind == kind
}

func (p *ddTokParser) accept(kind string) bool {
	if p.peek(kind) {
		p.pos++
		return true
	}
	return false
}

func (p *ddTokParser) end(invalid error) error {
	if p.pos != len(p.toks) {
		return invalid
	}
	return nil
}

// function is QualifiedName ArgsList?.
func (p *ddTokParser) function() (*ddFunc, bool) {
	if !p.peek("ident") {
		return nil, false
	}
	name := p.toks[p.pos].text
	p.pos++
	for p.peek(".") && p.pos+1 < len(p.toks) && p.toks[p.pos+1].kind == "ident" {
		name += "." + p.toks[p.pos+1].text
		p.pos += 2
	}
	fn := &ddFunc{name: name}
	if p.accept("(") {
		fn.hasArgs = true
		for !p.peek(")") {
			t := p.toks
			if p.pos >= len(t) {
				return nil, false
			}
			switch t[p.pos].kind {
			case "str", "int", "float":
				fn.args = append(fn.args, ddArg{lit: t[p.pos].lit})
				p.pos++
			case "true", "false":
				fn.args = append(fn.args, ddArg{lit: value.Boolean(t[p.pos].kind == "true")})
				p.pos++
			case "null":
				fn.args = append(fn.args, ddArg{lit: value.Null})
				p.pos++
			case "ident":
				sub, ok := p.function()
				if !ok {
					return nil, false
				}
				fn.args = append(fn.args, ddArg{fn: sub})
			default:
				return nil, false
			}
			if !p.accept(",") {
				break
			}
		}
		if !p.accept(")") {
			return nil, false
		}
	}
	return fn, true
}

// lookup is a destination path: fields separated by dots, or ["quoted"].
func (p *ddTokParser) lookup() ([]string, bool) {
	var path []string
	for {
		switch {
		case p.peek("[") && p.pos+2 < len(p.toks) && p.toks[p.pos+1].kind == "str" && p.toks[p.pos+2].kind == "]":
			path = append(path, p.toks[p.pos+1].lit.Str())
			p.pos += 3
		case p.peek("."):
			if p.pos+1 < len(p.toks) && (p.toks[p.pos+1].kind == "ident" || p.toks[p.pos+1].kind == "xident") {
				path = append(path, p.toks[p.pos+1].text)
				p.pos += 2
			} else {
				return path, len(path) > 0
			}
		case p.peek("ident") || p.peek("xident"):
			path = append(path, p.toks[p.pos].text)
			p.pos++
		default:
			return path, len(path) > 0
		}
	}
}

// ddFilter is a value filter.
type ddFilter struct {
	kind  string
	word  string  // nullIf: the null text
	scale float64 // scale
	// array
	open, close, delim string
	hasBrackets        bool
	elem               *ddFilter
	date               *ddDate
	kv                 *ddKeyValue
}

func ddFilterFrom(f *ddFunc) (ddFilter, error) {
	switch f.name {
	case "integer", "integerExt", "number", "numberExt", "lowercase", "uppercase", "json", "rubyhash",
		"querystring", "decodeuricomponent", "boolean", "xml":
		return ddFilter{kind: f.name}, nil
	case "scale":
		if len(f.args) > 0 && f.args[0].fn == nil {
			switch f.args[0].lit.Type() {
			case value.TypeInteger:
				return ddFilter{kind: "scale", scale: float64(f.args[0].lit.Int())}, nil
			case value.TypeFloat:
				return ddFilter{kind: "scale", scale: f.args[0].lit.Flt()}, nil
			}
		}
		return ddFilter{}, ddInvalidArgs(f.name)
	case "nullIf":
		if len(f.args) > 0 && f.args[0].fn == nil && f.args[0].lit.Type() == value.TypeBytes {
			return ddFilter{kind: "nullIf", word: f.args[0].lit.Str()}, nil
		}
		return ddFilter{}, ddInvalidArgs(f.name)
	case "array":
		return ddArrayFilter(f)
	case "keyvalue":
		return ddKeyValueFilter(f)
	}
	return ddFilter{}, ddError(fmt.Sprintf("unknown filter '%s'", f.name))
}

func ddArrayFilter(f *ddFunc) (ddFilter, error) {
	out := ddFilter{kind: "array"}
	isStr := func(a ddArg) bool { return a.fn == nil && a.lit.Type() == value.TypeBytes }
	var brackets *string
	setElem := func(fn *ddFunc) error {
		e, err := ddFilterFrom(fn)
		if err != nil {
			return err
		}
		out.elem = &e
		return nil
	}
	a := f.args
	switch {
	case len(a) == 0:
	case len(a) == 1 && isStr(a[0]):
		out.delim = a[0].lit.Str()
	case len(a) == 1 && a[0].fn != nil:
		if err := setElem(a[0].fn); err != nil {
			return out, err
		}
	case len(a) == 2 && isStr(a[0]) && isStr(a[1]):
		b := a[0].lit.Str()
		brackets, out.delim = &b, a[1].lit.Str()
	case len(a) == 2 && isStr(a[0]) && a[1].fn != nil:
		out.delim = a[0].lit.Str()
		if err := setElem(a[1].fn); err != nil {
			return out, err
		}
	case len(a) == 3 && isStr(a[0]) && isStr(a[1]) && a[2].fn != nil:
		b := a[0].lit.Str()
		brackets, out.delim = &b, a[1].lit.Str()
		if err := setElem(a[2].fn); err != nil {
			return out, err
		}
	default:
		return out, ddInvalidArgs(f.name)
	}
	out.open, out.close = "[", "]"
	if brackets != nil {
		out.hasBrackets = true
		switch b := *brackets; len(b) {
		case 0:
			out.open, out.close = "", ""
		case 1:
			out.open, out.close = b, b
		case 2:
			out.open, out.close = b[:1], b[1:]
		default:
			return out, ddInvalidArgs(f.name)
		}
	}
	return out, nil
}

// ddApply runs one filter; ok false means the filter failed (the field is
// then left out).
func ddApply(v value.Value, f *ddFilter, now time.Time) (value.Value, bool) {
	if f.kind != "scale" && v.Type() != value.TypeBytes {
		return value.Null, false
	}
	s := lossyUTF8(v.Str())
	integral := func(x float64) value.Value {
		if !math.IsInf(x, 0) && float64(int64(x)) == x {
			return value.Integer(int64(x))
		}
		return value.Float(x)
	}
	switch f.kind {
	case "integer":
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return value.Null, false
		}
		return value.Integer(n), true
	case "integerExt":
		x, err := parseRustFloat(s)
		if err != nil || math.IsNaN(x) {
			return value.Null, err == nil
		}
		return value.Integer(saturatingInt(x)), true
	case "number", "numberExt":
		x, err := parseRustFloat(s)
		if err != nil {
			return value.Null, false
		}
		if math.IsNaN(x) {
			x = 0
		}
		return integral(x), true
	case "scale":
		var x float64
		switch v.Type() {
		case value.TypeInteger:
			x = float64(v.Int())
		case value.TypeFloat:
			x = v.Flt()
		case value.TypeBytes:
			p, err := parseRustFloat(s)
			if err != nil {
				return value.Null, false
			}
			x = p
		default:
			return value.Null, false
		}
		return integral(x * f.scale), true
	case "lowercase":
		return value.Bytes(strings.ToLower(s)), true
	case "uppercase":
		return value.Bytes(strings.ToUpper(s)), true
	case "json":
		out, err := jsonDecode(s, -1, false)
		return out, err == nil
	case "rubyhash":
		p := &rubyParser{input: s}
		out, rest, err := p.hash(s)
		if err != nil || strings.TrimFunc(rest, unicode.IsSpace) != "" {
			return value.Null, false
		}
		return out, true
	case "querystring":
		return ddQueryString(s), true
	case "boolean":
		return value.Boolean(strings.EqualFold(s, "true")), true
	case "decodeuricomponent":
		return value.Bytes(percentDecode(s)), true
	case "date":
		return f.date.apply(s, now)
	case "keyvalue":
		return f.kv.apply(s)
	case "xml":
		return ddXML(v)
	case "nullIf":
		if s == f.word {
			return value.Null, true
		}
		return v, true
	case "array":
		items, ok := ddParseArray(s, f)
		if !ok {
			return value.Null, false
		}
		if f.elem != nil {
			for i, it := range items {
				r, ok := ddApply(it, f.elem, now)
				if !ok {
					return value.Null, false
				}
				items[i] = r
			}
		}
		return value.ArrayValue(items), true
	}
	return value.Null, false
}

// ddQueryString parses a query string as application/x-www-form-urlencoded
// (a leading `?` skipped, `+` is a space, %XX decoded) into an object;
// keys without a value are dropped, repeated keys collect into arrays.
func ddQueryString(s string) value.Value {
	s = strings.TrimPrefix(s, "?")
	obj := value.NewObject(4)
	decode := formDecode
	for _, part := range strings.Split(s, "&") {
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		key, val := decode(k), decode(v)
		if val == "" {
			continue
		}
		nv := value.Bytes(val)
		if old, ok := obj.Get(key); ok {
			if old.Type() == value.TypeArray {
				obj.Set(key, value.ArrayValue(append(old.Arr().Clone().Items, nv)))
			} else {
				obj.Set(key, value.ArrayValue([]value.Value{old, nv}))
			}
		} else {
			obj.Set(key, nv)
		}
	}
	return value.ObjectValue(obj)
}

// ddParseArray splits `[a,b,c]` (or the configured brackets and
// delimiter); the whole input must be used.
func ddParseArray(s string, f *ddFilter) ([]value.Value, bool) {
	open, close, delim := f.open, f.close, f.delim
	if delim == "" {
		delim = ","
	}
	var items []value.Value
	takeUntil := func(t, d string) (string, string, bool) {
		if d == "" {
			return "", t, true
		}
		i := strings.Index(t, d)
		if i < 0 {
			return "", t, false
		}
		return t[:i], t[i:], true
	}
	rest := s
	if open == "" {
		for {
			v, r, ok := takeUntil(rest, delim)
			if !ok {
				v, r = rest, ""
			}
			items = append(items, value.Bytes(v))
			if !strings.HasPrefix(r, delim) || len(delim) == 0 {
				rest = r
				break
			}
			rest = r[len(delim):]
		}
	} else {
		if !strings.HasPrefix(rest, open) {
			return nil, false
		}
		rest = rest[len(open):]
		first := true
		for {
			v, r, ok := takeUntil(rest, delim)
			if !ok {
				v, r, ok = takeUntil(rest, close)
			}
			if !ok {
				if first {
					break
				}
				return nil, false
			}
			items = append(items, value.Bytes(v))
			first = false
			if !strings.HasPrefix(r, delim) {
				rest = r
				break
			}
			rest = r[len(delim):]
		}
		if !strings.HasPrefix(rest, close) {
			return nil, false
		}
		rest = rest[len(close):]
	}
	if strings.TrimFunc(rest, unicode.IsSpace) != "" {
		return nil, false
	}
	if items == nil {
		items = []value.Value{}
	}
	return items, true
}

// ddMatch applies the rules in order; ok false when none matches. A
// regex-engine failure (timeout) is fatal, as upstream's engine errors.
func ddMatch(rules []*ddRule, s string, now time.Time) (value.Value, bool, error) {
	for _, r := range rules {
		m, err := r.re.FindStringMatch(s)
		if err != nil {
			return value.Null, false, fmt.Errorf("failure during regex engine runtime for match of the pattern against the value.")
		}
		if m == nil {
			continue
		}
		parsed := value.NewObject(8)
		for _, key := range r.order {
			g := m.GroupByName(r.names[key])
			if g == nil || len(g.Captures) == 0 || g.String() == "" {
				continue
			}
			v := value.Bytes(g.String())
			field, ok := r.fields[key]
			if !ok {
				parsed.Set(key, v)
				continue
			}
			keep := true
			for i := range field.filters {
				out, ok := ddApply(v, &field.filters[i], now)
				switch {
				case !ok, out.IsNull():
					keep = false
				case out.Type() == value.TypeObject:
					v = ddKeysAsPaths(out)
				default:
					v = out
				}
				if !keep {
					break
				}
			}
			if !keep {
				continue
			}
			if len(field.path) == 0 {
				if v.Type() == value.TypeObject {
					for _, e := range v.Obj().Entries() {
						parsed.Set(e.Key, e.Value)
					}
				}
				continue
			}
			existing, found := ddGet(parsed, field.path)
			switch {
			case found && existing.Type() == value.TypeArray:
				ddInsert(parsed, field.path, value.ArrayValue(append(existing.Arr().Clone().Items, v)))
			case found:
				ddInsert(parsed, field.path, value.ArrayValue([]value.Value{existing, v}))
			default:
				ddInsert(parsed, field.path, v)
			}
		}
		return ddPostprocess(value.ObjectValue(parsed)), true, nil
	}
	return value.Null, false, nil
}

func ddGet(o *value.Object, path []string) (value.Value, bool) {
	cur := value.ObjectValue(o)
	for _, seg := range path {
		if cur.Type() != value.TypeObject {
			return value.Null, false
		}
		next, ok := cur.Obj().Get(seg)
		if !ok {
			return value.Null, false
		}
		cur = next
	}
	return cur, true
}

// ddInsert sets path in o, creating (or replacing non-object) parents.
func ddInsert(o *value.Object, path []string, v value.Value) {
	if len(path) == 1 {
		o.Set(path[0], v)
		return
	}
	child, ok := o.Get(path[0])
	var next *value.Object
	if ok && child.Type() == value.TypeObject {
		next = child.Obj().Clone()
	} else {
		next = value.NewObject(2)
	}
	ddInsert(next, path[1:], v)
	o.Set(path[0], value.ObjectValue(next))
}

// ddKeysAsPaths re-inserts an object's keys as dotted paths, recursively.
func ddKeysAsPaths(v value.Value) value.Value {
	switch v.Type() {
	case value.TypeObject:
		out := value.NewObject(v.Obj().Len())
		for _, e := range v.Obj().Entries() {
			ddInsert(out, ddSplitPath(e.Key), ddKeysAsPaths(e.Value))
		}
		return value.ObjectValue(out)
	case value.TypeArray:
		items := make([]value.Value, v.Arr().Len())
		for i, it := range v.Arr().Items {
			items[i] = ddKeysAsPaths(it)
		}
		return value.ArrayValue(items)
	}
	return v
}

// ddSplitPath splits a key on dots when every segment is a plain field
// name; any other key stays whole.
func ddSplitPath(k string) []string {
	parts := strings.Split(k, ".")
	for _, p := range parts {
		if p == "" {
			return []string{k}
		}
		for _, c := range p {
			if !(c == '_' || c == '@' || c == '$' || c == '-' || unicode.IsLetter(c) || unicode.IsDigit(c)) {
				return []string{k}
			}
		}
	}
	return parts
}

// ddPostprocess drops nulls and empty objects from objects, recursively.
func ddPostprocess(v value.Value) value.Value {
	switch v.Type() {
	case value.TypeArray:
		items := make([]value.Value, v.Arr().Len())
		for i, it := range v.Arr().Items {
			items[i] = ddPostprocess(it)
		}
		return value.ArrayValue(items)
	case value.TypeObject:
		out := value.NewObject(v.Obj().Len())
		for _, e := range v.Obj().Entries() {
			c := ddPostprocess(e.Value)
			if c.IsNull() || (c.Type() == value.TypeObject && c.Obj().Len() == 0) {
				continue
			}
			out.Set(e.Key, c)
		}
		return value.ObjectValue(out)
	}
	return v
}

// ddXML parses XML as upstream's xml filter does: parse_xml with
// attributes unprefixed, text under "value", and no typing of values.
// It goes through the registry so it follows parse_xml's behaviour.
func ddXML(v value.Value) (value.Value, bool) {
	fn, ok := Lookup("parse_xml")
	if !ok {
		return value.Null, false
	}
	params := fn.Params()
	args := make([]value.Value, len(params))
	present := make([]bool, len(params))
	set := map[string]value.Value{
		"value": v, "attr_prefix": value.Bytes(""), "text_key": value.Bytes("value"),
		"parse_number": value.False, "parse_bool": value.False, "parse_null": value.False,
	}
	list := make([]Arg, len(params))
	for i, p := range params {
		if x, ok := set[p.Keyword]; ok {
			args[i], present[i] = x, true
			c := x
			list[i] = Arg{Present: true, Const: &c}
		}
	}
	call, err := fn.Compile(&Args{List: list})
	if err != nil {
		return value.Null, false
	}
	out, err := call.Eval(&Context{}, args, present)
	if err != nil {
		return value.Null, false
	}
	return out, true
}
