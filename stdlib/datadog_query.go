package stdlib

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// This file parses the Datadog log search syntax (as match_datadog_query
// accepts it) into a query tree. The parser follows upstream's PEG grammar
// rule for rule, including its quirks: a run of bare words is one phrase
// term ("foo bar" must appear together) unless followed by AND/OR, "-" and
// NOT negate the next clause, AND binds tighter than OR (and juxtaposition
// means AND), and `field:(…)` makes field the default field inside the
// parentheses. Leading whitespace is a syntax error, as upstream.

// ddqKind is the kind of a query node.
type ddqKind int

const (
	ddqMatchAll ddqKind = iota
	ddqMatchNone
	ddqExists   // attr
	ddqMissing  // attr
	ddqRange    // attr, lower, lowerIncl, upper, upperIncl
	ddqCompare  // attr, op, value
	ddqTerm     // attr, text (also quoted phrases)
	ddqPrefix   // attr, text
	ddqWildcard // attr, text
	ddqNot      // children[0]
	ddqAnd      // children
	ddqOr       // children
)

// ddqOp is a comparison operator.
type ddqOp int

const (
	ddqGt ddqOp = iota
	ddqLt
	ddqGte
	ddqLte
)

// ddqValue is a comparison or range bound.
type ddqValue struct {
	unbounded bool
	isInt     bool
	isFloat   bool
	i         int64
	f         float64
	s         string
}

// String is the bound as upstream's Display renders it (used for string
// comparisons).
func (v ddqValue) String() string {
	switch {
	case v.unbounded:
		return "*"
	case v.isInt:
		return strconv.FormatInt(v.i, 10)
	case v.isFloat:
		return formatFloat(v.f)
	}
	return v.s
}

// ddqQuotedRE strips one pair of surrounding quotes from a bound.
var ddqQuotedRE = regexp.MustCompile(`^"(.+)"$`)

// ddqParseValue classifies a bound: "*" is unbounded, then i64, then f64
// (Rust's float syntax), else a string.
func ddqParseValue(raw string) ddqValue {
	v := ddqQuotedRE.ReplaceAllString(ddqUnescape(raw), "$1")
	if v == "*" {
		return ddqValue{unbounded: true}
	}
	if i, err := strconv.ParseInt(v, 10, 64); err == nil {
		return ddqValue{isInt: true, i: i}
	}
	if !strings.ContainsAny(v, "xXpP_") {
		if f, err := strconv.ParseFloat(v, 64); err == nil || errors.Is(err, strconv.ErrRange) {
			return ddqValue{isFloat: true, f: f}
		}
	}
	return ddqValue{s: v}
}

// ddqNode is a node of the query tree.
type ddqNode struct {
	kind         ddqKind
	attr         string
	text         string
	op           ddqOp
	value        ddqValue
	lower, upper ddqValue
	lowerIncl    bool
	upperIncl    bool
	children     []*ddqNode
}

const (
	ddqDefaultField = "_default_"
	ddqExistsField  = "_exists_"
	ddqMissingField = "_missing_"
)

// ddqUnescape drops each backslash and keeps the character after it.
func ddqUnescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	esc := false
	for _, r := range s {
		switch {
		case esc:
			b.WriteRune(r)
			esc = false
		case r == '\\':
			esc = true
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// ddqParse parses a query. An empty (or all-whitespace) query matches
// everything.
func ddqParse(query string) (*ddqNode, error) {
	if strings.TrimSpace(query) == "" {
		return &ddqNode{kind: ddqMatchAll}, nil
	}
	p := &ddqParser{s: query}
	node, end, ok := p.query(0, ddqDefaultField)
	if ok {
		end = p.ws(end)
	}
	if !ok || end != len(query) {
		at := p.far
		line, col := 1, 1
		for _, r := range query[:min(at, len(query))] {
			if r == '\n' {
				line, col = line+1, 1
			} else {
				col++
			}
		}
		return nil, fmt.Errorf("unable to parse Datadog search query at %d:%d", line, col)
	}
	return node, nil
}

// ddqParser holds the input; every method takes a byte position and
// returns the position after what it matched.
type ddqParser struct {
	s   string
	far int // furthest position examined, for error messages
}

func (p *ddqParser) at(i int) byte {
	if i > p.far {
		p.far = i
	}
	if i < len(p.s) {
		return p.s[i]
	}
	return 0
}

func (p *ddqParser) lit(i int, lit string) (int, bool) {
	if strings.HasPrefix(p.s[i:], lit) {
		return i + len(lit), true
	}
	p.at(i)
	return i, false
}

func ddqIsWS(c byte) bool { return c == ' ' || c == '\r' || c == '\n' || c == '\t' }

// ws skips implicit whitespace.
func (p *ddqParser) ws(i int) int {
	for i < len(p.s) && ddqIsWS(p.s[i]) {
		i++
	}
	return i
}

func (p *ddqParser) and(i int) (int, bool) {
	if e, ok := p.lit(i, "AND"); ok {
		return e, true
	}
	return p.lit(i, "&&")
}

func (p *ddqParser) or(i int) (int, bool) {
	if e, ok := p.lit(i, "OR"); ok {
		return e, true
	}
	return p.lit(i, "||")
}

func (p *ddqParser) not(i int) (int, bool) {
	if e, ok := p.lit(i, "NOT"); ok {
		return e, true
	}
	return p.lit(i, "-")
}

// invalidTermStart is INVALID_TERM_STARTS.
func (p *ddqParser) invalidTermStart(i int) bool {
	if i >= len(p.s) {
		return false
	}
	if strings.HasPrefix(p.s[i:], "UNICODE3000") {
		return true
	}
	return strings.IndexByte(" \r\n\t\"()[]{}+-!:~^?*\\>=<", p.s[i]) >= 0
}

func (p *ddqParser) anyChar(i int) (int, bool) {
	if i >= len(p.s) {
		p.at(i)
		return i, false
	}
	_, size := utf8.DecodeRuneInString(p.s[i:])
	return i + size, true
}

// termStartChar is an escaped character or one that may start a term.
func (p *ddqParser) termStartChar(i int) (int, bool) {
	if p.at(i) == '\\' {
		if e, ok := p.anyChar(i + 1); ok {
			return e, true
		}
	}
	if p.invalidTermStart(i) {
		return i, false
	}
	return p.anyChar(i)
}

func (p *ddqParser) termChar(i int) (int, bool) {
	if e, ok := p.termStartChar(i); ok {
		return e, true
	}
	switch p.at(i) {
	case '-', '+', '=':
		return i + 1, true
	}
	return i, false
}

// term is TERM: not a keyword, a start character, then term characters.
func (p *ddqParser) term(i int) (int, bool) {
	if _, ok := p.and(i); ok {
		return i, false
	}
	if _, ok := p.or(i); ok {
		return i, false
	}
	if _, ok := p.not(i); ok {
		return i, false
	}
	e, ok := p.termStartChar(i)
	if !ok {
		return i, false
	}
	for {
		n, ok := p.termChar(e)
		if !ok {
			return e, true
		}
		e = n
	}
}

// termEnd is the TERM_END_CHAR lookahead.
func (p *ddqParser) termEnd(i int) bool {
	if i >= len(p.s) {
		return true
	}
	c := p.at(i)
	return ddqIsWS(c) || c == ')' || c == ']' || c == '}'
}

func (p *ddqParser) termPrefix(i int) (int, bool) {
	e, ok := p.termStartChar(i)
	if !ok {
		return i, false
	}
	for {
		n, ok := p.termChar(e)
		if !ok {
			break
		}
		e = n
	}
	if p.at(e) != '*' || !p.termEnd(e+1) {
		return i, false
	}
	return e + 1, true
}

func (p *ddqParser) termGlob(i int) (int, bool) {
	glob := func(j int, start bool) (int, bool) {
		if c := p.at(j); c == '*' || c == '?' {
			return j + 1, true
		}
		if start {
			return p.termStartChar(j)
		}
		return p.termChar(j)
	}
	e, ok := glob(i, true)
	if !ok {
		return i, false
	}
	for {
		n, ok := glob(e, false)
		if !ok {
			break
		}
		e = n
	}
	if !p.termEnd(e) {
		return i, false
	}
	return e, true
}

func (p *ddqParser) phrase(i int) (int, bool) {
	if p.at(i) != '"' {
		return i, false
	}
	e := i + 1
	for {
		if p.at(e) == '\\' {
			if n, ok := p.anyChar(e + 1); ok {
				e = n
				continue
			}
		}
		if p.at(e) == '"' {
			return e + 1, true
		}
		n, ok := p.anyChar(e)
		if !ok {
			return i, false
		}
		e = n
	}
}

func (p *ddqParser) numValue(i int) (int, bool) {
	e := i
	if p.at(e) == '-' {
		e++
	} else if strings.HasPrefix(p.s[e:], `\-`) {
		e += 2
	}
	d := e
	for p.at(d) >= '0' && p.at(d) <= '9' {
		d++
	}
	if d == e {
		return i, false
	}
	if p.at(d) == '.' {
		f := d + 1
		for p.at(f) >= '0' && p.at(f) <= '9' {
			f++
		}
		if f > d+1 {
			d = f
		}
	}
	return d, true
}

func (p *ddqParser) numericTerm(i int) (int, bool) {
	e, ok := p.numValue(i)
	if !ok {
		return i, false
	}
	if p.at(e) == 'E' {
		if n, ok := p.numValue(e + 1); ok {
			e = n
		}
	}
	return e, true
}

func (p *ddqParser) rangeValue(i int) (int, bool) {
	e := i
	for e < len(p.s) {
		c := p.at(e)
		if ddqIsWS(c) || c == ']' || c == '}' {
			break
		}
		e, _ = p.anyChar(e)
	}
	p.at(e)
	return e, e > i
}

// value parses a field value into a node for attr (the field, raw).
func (p *ddqParser) value(i int, field string) (*ddqNode, int, bool) {
	attr := ddqUnescape(field)
	// STAR ~ &TERM_END_CHAR
	if p.at(i) == '*' && p.termEnd(i+1) {
		switch field {
		case ddqDefaultField:
			return &ddqNode{kind: ddqMatchAll}, i + 1, true
		case ddqExistsField, ddqMissingField:
			// upstream's visitor has no case for these; treat as a wildcard
		}
		return &ddqNode{kind: ddqWildcard, attr: attr, text: "*"}, i + 1, true
	}
	if e, ok := p.phrase(i); ok {
		text := ddqUnescape(p.s[i+1 : e-1])
		switch field {
		case ddqExistsField:
			return &ddqNode{kind: ddqExists, attr: text}, e, true
		case ddqMissingField:
			return &ddqNode{kind: ddqMissing, attr: text}, e, true
		}
		return &ddqNode{kind: ddqTerm, attr: attr, text: text}, e, true
	}
	if e, ok := p.termPrefix(i); ok {
		return &ddqNode{kind: ddqPrefix, attr: attr, text: ddqUnescape(p.s[i : e-1])}, e, true
	}
	if n, e, ok := p.comparison(i, attr); ok {
		return n, e, true
	}
	if n, e, ok := p.rangeExpr(i, attr); ok {
		return n, e, true
	}
	if e, ok := p.term(i); ok && p.termEnd(e) {
		text := ddqUnescape(p.s[i:e])
		switch field {
		case ddqExistsField:
			return &ddqNode{kind: ddqExists, attr: text}, e, true
		case ddqMissingField:
			return &ddqNode{kind: ddqMissing, attr: text}, e, true
		}
		return &ddqNode{kind: ddqTerm, attr: attr, text: text}, e, true
	}
	if e, ok := p.termGlob(i); ok {
		return &ddqNode{kind: ddqWildcard, attr: attr, text: ddqUnescape(p.s[i:e])}, e, true
	}
	return nil, i, false
}

func (p *ddqParser) comparison(i int, attr string) (*ddqNode, int, bool) {
	var op ddqOp
	var e int
	switch {
	case strings.HasPrefix(p.s[i:], ">="):
		op, e = ddqGte, i+2
	case strings.HasPrefix(p.s[i:], "<="):
		op, e = ddqLte, i+2
	case p.at(i) == '>':
		op, e = ddqGt, i+1
	case p.at(i) == '<':
		op, e = ddqLt, i+1
	default:
		return nil, i, false
	}
	if n, ok := p.numericTerm(e); ok {
		return &ddqNode{kind: ddqCompare, attr: attr, op: op, value: ddqParseValue(p.s[e:n])}, n, true
	}
	if n, ok := p.term(e); ok {
		return &ddqNode{kind: ddqCompare, attr: attr, op: op, value: ddqValue{s: ddqUnescape(p.s[e:n])}}, n, true
	}
	return nil, i, false
}

func (p *ddqParser) rangeExpr(i int, attr string) (*ddqNode, int, bool) {
	open := p.at(i)
	if open != '[' && open != '{' {
		return nil, i, false
	}
	e := p.ws(i + 1)
	lo, ok := p.rangeValue(e)
	if !ok {
		return nil, i, false
	}
	lower := p.s[e:lo]
	e, ok = p.lit(p.ws(lo), "TO")
	if !ok {
		return nil, i, false
	}
	e = p.ws(e)
	hi, ok := p.rangeValue(e)
	if !ok {
		return nil, i, false
	}
	upper := p.s[e:hi]
	e = p.ws(hi)
	closing := p.at(e)
	if closing != ']' && closing != '}' {
		return nil, i, false
	}
	if (open == '[') != (closing == ']') {
		// Upstream panics on mixed brackets; reject the query instead.
		return nil, i, false
	}
	return &ddqNode{kind: ddqRange, attr: attr,
		lower: ddqParseValue(lower), upper: ddqParseValue(upper),
		lowerIncl: open == '[', upperIncl: closing == ']'}, e + 1, true
}

// field is TERM ':' (no whitespace in between); it returns the raw term.
func (p *ddqParser) field(i int) (string, int, bool) {
	e, ok := p.term(i)
	if !ok || p.at(e) != ':' {
		return "", i, false
	}
	return p.s[i:e], e + 1, true
}

// clause is "*:*", [field:]value, or [field:](query).
func (p *ddqParser) clause(i int, defaultField string) (*ddqNode, int, bool) {
	if e, ok := p.lit(i, "*:*"); ok {
		return &ddqNode{kind: ddqMatchAll}, e, true
	}
	field, start := defaultField, i
	if f, e, ok := p.field(i); ok {
		field, start = f, p.ws(e)
	}
	if n, e, ok := p.value(start, field); ok {
		return n, e, true
	}
	if p.at(start) == '(' {
		if n, e, ok := p.query(p.ws(start+1), field); ok {
			e = p.ws(e)
			if p.at(e) == ')' {
				return n, e + 1, true
			}
		}
	}
	return nil, i, false
}

// multitermLookahead: a TERM not followed by ':' or '*' or by whitespace
// and AND/OR.
func (p *ddqParser) multitermLookahead(i int) bool {
	e, ok := p.term(i)
	if !ok {
		return false
	}
	if c := p.at(e); c == ':' || c == '*' {
		return false
	}
	if w := p.ws(e); w > e {
		if _, ok := p.and(w); ok {
			return false
		}
		if _, ok := p.or(w); ok {
			return false
		}
	}
	return true
}

// multiterm is one or more bare words, searched as one phrase.
func (p *ddqParser) multiterm(i int, defaultField string) (*ddqNode, int, bool) {
	var words []string
	e := i
	for {
		at := e
		if len(words) > 0 {
			at = p.ws(e)
		}
		if !p.multitermLookahead(at) {
			break
		}
		n, _ := p.term(at)
		words = append(words, ddqUnescape(p.s[at:n]))
		e = n
	}
	if len(words) == 0 {
		return nil, i, false
	}
	return &ddqNode{kind: ddqTerm, attr: defaultField, text: strings.Join(words, " ")}, e, true
}

// query parses a sequence of clauses joined by AND/OR (AND binding
// tighter), each optionally negated.
func (p *ddqParser) query(i int, defaultField string) (*ddqNode, int, bool) {
	var groups [][]*ddqNode
	var group []*ddqNode
	e := i
	first := true
	for {
		at := e
		if !first {
			at = p.ws(e)
		}
		if n, next, ok := p.multiterm(at, defaultField); ok {
			group = append(group, n)
			e, first = next, false
			continue
		}
		q := at
		isOr := false
		if !first {
			if n, ok := p.and(q); ok {
				q = p.ws(n)
			} else if n, ok := p.or(q); ok {
				q, isOr = p.ws(n), true
			}
		}
		negate := false
		if n, ok := p.lit(q, "+"); ok {
			q = p.ws(n)
		} else if n, ok := p.not(q); ok {
			q, negate = p.ws(n), true
		}
		n, next, ok := p.clause(q, defaultField)
		if !ok {
			if first {
				return nil, i, false
			}
			break
		}
		if isOr {
			groups = append(groups, group)
			group = nil
		}
		if negate {
			n = &ddqNode{kind: ddqNot, children: []*ddqNode{n}}
		}
		group = append(group, n)
		e, first = next, false
	}
	groups = append(groups, group)
	ors := make([]*ddqNode, len(groups))
	for k, g := range groups {
		ors[k] = ddqBoolean(ddqAnd, g)
	}
	node := ddqBoolean(ddqOr, ors)
	if node.kind == ddqNot && node.children[0].kind == ddqMatchAll {
		return &ddqNode{kind: ddqMatchNone}, e, true
	}
	return node, e, true
}

// ddqBoolean groups nodes, unwrapping a single node.
func ddqBoolean(kind ddqKind, nodes []*ddqNode) *ddqNode {
	if len(nodes) == 1 {
		return nodes[0]
	}
	return &ddqNode{kind: kind, children: nodes}
}
