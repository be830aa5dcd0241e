package stdlib

import (
	"cmp"
	"errors"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// This file turns a Datadog query tree into a predicate over an event,
// with upstream's field resolution: "@a.b" is the attribute path .a.b; the
// default field searches message, custom.error.message,
// custom.error.stack, custom.title and _default_ by whole words; reserved
// attributes (host, source, status, service, trace_id, message,
// timestamp, tags) are top-level fields; any other name is a tag, matched
// against the "name:value" strings of the tags array.

type ddqFieldKind int

const (
	ddqFieldDefault ddqFieldKind = iota
	ddqFieldReserved
	ddqFieldAttribute
	ddqFieldTag
)

type ddqField struct {
	kind ddqFieldKind
	name string
}

var ddqDefaultFields = []string{"message", "custom.error.message", "custom.error.stack", "custom.title", "_default_"}

var ddqReserved = map[string]bool{"host": true, "source": true, "status": true, "service": true,
	"trace_id": true, "message": true, "timestamp": true, "tags": true}

// ddqFields resolves an attribute name to the fields it searches.
func ddqFields(attr string) []ddqField {
	if attr == ddqDefaultField {
		out := make([]ddqField, len(ddqDefaultFields))
		for i, f := range ddqDefaultFields {
			out[i] = ddqField{ddqFieldDefault, f}
		}
		return out
	}
	v := strings.ReplaceAll(attr, "@", ".")
	switch {
	case strings.HasPrefix(attr, "@"):
		return []ddqField{{ddqFieldAttribute, v}}
	case ddqContains(ddqDefaultFields, v):
		return []ddqField{{ddqFieldDefault, v}}
	case ddqReserved[v]:
		return []ddqField{{ddqFieldReserved, v}}
	}
	return []ddqField{{ddqFieldTag, v}}
}

func ddqContains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// ddqPathSeg is one segment of a value path: a field, or an index.
type ddqPathSeg struct {
	field   string
	index   int
	isIndex bool
}

var errDDQPath = errors.New("invalid path syntax")

// ddqParsePath parses a VRL value path ("a.b", ".a[0]", `."x y"`) with
// the syntax upstream's parse_value_path accepts: an optional leading
// dot, fields of [A-Za-z0-9_@-], quoted fields with \\ and \" escapes, and
// integer indexes (negative counting from the end).
func ddqParsePath(path string) ([]ddqPathSeg, error) {
	const (
		stStart = iota
		stRoot
		stContinue
		stDot
		stField
		stIndexStart
		stIndex
	)
	isFieldChar := func(c byte) bool {
		return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '@' || c == '-'
	}
	var segs []ddqPathSeg
	state, start, idx, neg := stStart, 0, 0, false
	for i := 0; i < len(path); i++ {
		c := path[i]
		switch state {
		case stStart, stRoot, stContinue, stDot:
			switch {
			case c == '.' && state == stStart:
				state = stRoot
			case c == '.' && state == stContinue:
				state = stDot
			case isFieldChar(c):
				state, start = stField, i
			case c == '[' && state != stDot:
				state, idx, neg = stIndexStart, 0, false
			case c == '"':
				field, next, ok := ddqQuotedSegment(path, i+1)
				if !ok {
					return nil, errDDQPath
				}
				segs = append(segs, ddqPathSeg{field: field})
				state, i = stContinue, next-1
			default:
				return nil, errDDQPath
			}
		case stField:
			switch {
			case isFieldChar(c):
			case c == '.':
				segs = append(segs, ddqPathSeg{field: path[start:i]})
				state = stDot
			case c == '[':
				segs = append(segs, ddqPathSeg{field: path[start:i]})
				state, idx, neg = stIndexStart, 0, false
			default:
				return nil, errDDQPath
			}
		case stIndexStart:
			switch {
			case c >= '0' && c <= '9':
				state, idx = stIndex, int(c-'0')
			case c == '-':
				state, neg = stIndex, true
			default:
				return nil, errDDQPath
			}
		case stIndex:
			switch {
			case c >= '0' && c <= '9':
				idx = idx*10 + int(c-'0')
			case c == ']':
				if neg {
					idx = -idx
				}
				segs = append(segs, ddqPathSeg{index: idx, isIndex: true})
				state = stContinue
			default:
				return nil, errDDQPath
			}
		}
	}
	switch state {
	case stField:
		segs = append(segs, ddqPathSeg{field: path[start:]})
	case stRoot, stContinue:
	default:
		return nil, errDDQPath
	}
	return segs, nil
}

// ddqQuotedSegment reads a quoted path field starting after its opening
// quote; it returns the field and the position after the closing quote.
func ddqQuotedSegment(path string, i int) (string, int, bool) {
	var b strings.Builder
	for i < len(path) {
		switch c := path[i]; c {
		case '"':
			return b.String(), i + 1, true
		case '\\':
			if i+1 < len(path) && (path[i+1] == '\\' || path[i+1] == '"') {
				b.WriteByte(path[i+1])
				i += 2
				continue
			}
			return "", 0, false
		default:
			b.WriteByte(c)
			i++
		}
	}
	return "", 0, false
}

// ddqGet follows path inside v.
func ddqGet(v value.Value, path []ddqPathSeg) (value.Value, bool) {
	for _, s := range path {
		if s.isIndex {
			arr := v.Arr()
			if arr == nil {
				return value.Null, false
			}
			i := s.index
			if i < 0 {
				i += arr.Len()
			}
			if i < 0 || i >= arr.Len() {
				return value.Null, false
			}
			v = arr.Items[i]
			continue
		}
		obj := v.Obj()
		if obj == nil {
			return value.Null, false
		}
		var ok bool
		if v, ok = obj.Get(s.field); !ok {
			return value.Null, false
		}
	}
	return v, true
}

// ddqMatcher is a compiled predicate.
type ddqMatcher func(v value.Value) bool

// ddqStringValue is a value as text: strings as they are, anything else
// in VRL's display form.
func ddqStringValue(v value.Value) string {
	if v.Type() == value.TypeBytes {
		return lossyUTF8(v.Str())
	}
	return displayValue(v)
}

// ddqBuild compiles a query tree into a matcher; it fails only on a field
// name that is not a valid path.
func ddqBuild(n *ddqNode) (ddqMatcher, error) {
	anyOf := func(build func(f ddqField) (ddqMatcher, error)) (ddqMatcher, error) {
		var ms []ddqMatcher
		for _, f := range ddqFields(n.attr) {
			m, err := build(f)
			if err != nil {
				return nil, err
			}
			ms = append(ms, m)
		}
		return func(v value.Value) bool {
			for _, m := range ms {
				if m(v) {
					return true
				}
			}
			return false
		}, nil
	}
	switch n.kind {
	case ddqMatchAll:
		return func(value.Value) bool { return true }, nil
	case ddqMatchNone:
		return func(value.Value) bool { return false }, nil
	case ddqExists:
		return anyOf(ddqExistsMatcher)
	case ddqMissing:
		var ms []ddqMatcher
		for _, f := range ddqFields(n.attr) {
			m, err := ddqExistsMatcher(f)
			if err != nil {
				return nil, err
			}
			ms = append(ms, m)
		}
		return func(v value.Value) bool {
			for _, m := range ms {
				if m(v) {
					return false
				}
			}
			return true
		}, nil
	case ddqTerm:
		return anyOf(func(f ddqField) (ddqMatcher, error) { return ddqEquals(f, n.text) })
	case ddqPrefix:
		return anyOf(func(f ddqField) (ddqMatcher, error) { return ddqPrefixMatcher(f, n.text) })
	case ddqWildcard:
		return anyOf(func(f ddqField) (ddqMatcher, error) { return ddqWildcardMatcher(f, n.text) })
	case ddqCompare:
		return anyOf(func(f ddqField) (ddqMatcher, error) { return ddqCompareMatcher(f, n.op, n.value) })
	case ddqRange:
		return anyOf(func(f ddqField) (ddqMatcher, error) { return ddqRangeMatcher(f, n) })
	case ddqNot:
		m, err := ddqBuild(n.children[0])
		if err != nil {
			return nil, err
		}
		return func(v value.Value) bool { return !m(v) }, nil
	case ddqAnd, ddqOr:
		ms := make([]ddqMatcher, len(n.children))
		for i, c := range n.children {
			m, err := ddqBuild(c)
			if err != nil {
				return nil, err
			}
			ms[i] = m
		}
		if n.kind == ddqAnd {
			return func(v value.Value) bool {
				for _, m := range ms {
					if !m(v) {
						return false
					}
				}
				return true
			}, nil
		}
		return func(v value.Value) bool {
			for _, m := range ms {
				if m(v) {
					return true
				}
			}
			return false
		}, nil
	}
	return nil, errors.New("unknown query node")
}

// ddqResolve looks the field up and runs match on its value (false when
// the field is absent).
func ddqResolve(f ddqField, match ddqMatcher) (ddqMatcher, error) {
	var path []ddqPathSeg
	if f.kind == ddqFieldTag {
		path = []ddqPathSeg{{field: "tags"}}
	} else {
		var err error
		if path, err = ddqParsePath(f.name); err != nil {
			return nil, err
		}
	}
	return func(v value.Value) bool {
		got, ok := ddqGet(v, path)
		return ok && match(got)
	}, nil
}

func ddqAnyTag(v value.Value, pred func(tag string) bool) bool {
	arr := v.Arr()
	if arr == nil {
		return false
	}
	for _, it := range arr.Items {
		if pred(ddqStringValue(it)) {
			return true
		}
	}
	return false
}

func ddqExistsMatcher(f ddqField) (ddqMatcher, error) {
	switch {
	case f.kind == ddqFieldTag:
		tag := f.name
		return ddqResolve(f, func(v value.Value) bool {
			return ddqAnyTag(v, func(s string) bool { return s == tag || strings.HasPrefix(s, tag+":") })
		})
	case f.kind == ddqFieldReserved && f.name == "tags":
		// Upstream compares each element with the whole array, which never
		// holds; `_exists_:tags` therefore never matches.
		return ddqResolve(f, func(v value.Value) bool {
			if arr := v.Arr(); arr != nil {
				for _, it := range arr.Items {
					if value.Equal(it, v) {
						return true
					}
				}
			}
			return false
		})
	}
	return ddqResolve(f, func(value.Value) bool { return true })
}

func ddqArrayContains(v value.Value, s string) bool {
	arr := v.Arr()
	if arr == nil {
		return false
	}
	for _, it := range arr.Items {
		if it.Type() == value.TypeBytes && it.Str() == s {
			return true
		}
	}
	return false
}

func ddqEquals(f ddqField, text string) (ddqMatcher, error) {
	switch {
	case f.kind == ddqFieldDefault:
		w := newDDQWord(text)
		return ddqResolve(f, func(v value.Value) bool {
			return v.Type() == value.TypeBytes && w.match(lossyUTF8(v.Str()))
		})
	case f.kind == ddqFieldReserved && f.name == "tags":
		return ddqResolve(f, func(v value.Value) bool { return ddqArrayContains(v, text) })
	case f.kind == ddqFieldTag:
		want := f.name + ":" + text
		return ddqResolve(f, func(v value.Value) bool { return ddqArrayContains(v, want) })
	}
	return ddqResolve(f, func(v value.Value) bool { return ddqStringValue(v) == text })
}

func ddqPrefixMatcher(f ddqField, prefix string) (ddqMatcher, error) {
	switch f.kind {
	case ddqFieldDefault:
		w := newDDQWord(prefix + "*")
		return ddqResolve(f, func(v value.Value) bool { return w.match(ddqStringValue(v)) })
	case ddqFieldTag:
		want := f.name + ":" + prefix
		return ddqResolve(f, func(v value.Value) bool {
			return ddqAnyTag(v, func(s string) bool { return strings.HasPrefix(s, want) })
		})
	}
	return ddqResolve(f, func(v value.Value) bool { return strings.HasPrefix(ddqStringValue(v), prefix) })
}

// ddqWildcardRegex anchors a pattern whose '*' matches any run of
// characters except newlines.
func ddqWildcardRegex(pattern string) *regexp.Regexp {
	return regexp.MustCompile("^" + strings.ReplaceAll(regexp.QuoteMeta(pattern), `\*`, ".*") + "$")
}

func ddqWildcardMatcher(f ddqField, pattern string) (ddqMatcher, error) {
	switch f.kind {
	case ddqFieldDefault:
		w := newDDQWord(pattern)
		return ddqResolve(f, func(v value.Value) bool { return w.match(ddqStringValue(v)) })
	case ddqFieldTag:
		re := ddqWildcardRegex(f.name + ":" + pattern)
		return ddqResolve(f, func(v value.Value) bool {
			return ddqAnyTag(v, re.MatchString)
		})
	}
	re := ddqWildcardRegex(pattern)
	return ddqResolve(f, func(v value.Value) bool { return re.MatchString(ddqStringValue(v)) })
}

// ddqCmp applies a range operator to two strings or two numbers.
func ddqCmp[T cmp.Ordered](op ddqOp, lhs, rhs T) bool {
	switch op {
	case ddqLt:
		return lhs < rhs
	case ddqLte:
		return lhs <= rhs
	case ddqGt:
		return lhs > rhs
	}
	return lhs >= rhs
}

// ddqCompareMatcher compares numerically when an attribute holds a number
// and the bound is numeric, and as strings otherwise.
func ddqCompareMatcher(f ddqField, op ddqOp, cv ddqValue) (ddqMatcher, error) {
	rhs := cv.String()
	switch f.kind {
	case ddqFieldAttribute:
		return ddqResolve(f, func(v value.Value) bool {
			switch {
			case v.Type() == value.TypeInteger && cv.isInt:
				return ddqCmp(op, v.Int(), cv.i)
			case v.Type() == value.TypeInteger && cv.isFloat:
				return ddqCmp(op, float64(v.Int()), cv.f)
			case v.Type() == value.TypeFloat && cv.isFloat:
				return ddqCmp(op, v.Flt(), cv.f)
			case v.Type() == value.TypeFloat && cv.isInt:
				return ddqCmp(op, v.Flt(), float64(cv.i))
			}
			return ddqCmp(op, ddqStringValue(v), rhs)
		})
	case ddqFieldTag:
		return ddqResolve(f, func(v value.Value) bool {
			return ddqAnyTag(v, func(s string) bool {
				_, lhs, ok := strings.Cut(s, ":")
				return ok && ddqCmp(op, lhs, rhs)
			})
		})
	}
	return ddqResolve(f, func(v value.Value) bool { return ddqCmp(op, ddqStringValue(v), rhs) })
}

func ddqRangeMatcher(f ddqField, n *ddqNode) (ddqMatcher, error) {
	lowerOp, upperOp := ddqGt, ddqLt
	if n.lowerIncl {
		lowerOp = ddqGte
	}
	if n.upperIncl {
		upperOp = ddqLte
	}
	switch {
	case n.lower.unbounded && n.upper.unbounded:
		return ddqExistsMatcher(f)
	case n.lower.unbounded:
		return ddqCompareMatcher(f, upperOp, n.upper)
	case n.upper.unbounded:
		return ddqCompareMatcher(f, lowerOp, n.lower)
	}
	lo, err := ddqCompareMatcher(f, lowerOp, n.lower)
	if err != nil {
		return nil, err
	}
	hi, err := ddqCompareMatcher(f, upperOp, n.upper)
	if err != nil {
		return nil, err
	}
	return func(v value.Value) bool { return lo(v) && hi(v) }, nil
}

// ddqWord matches `\bPATTERN\b` where '*' in the pattern is `.*`, with
// Unicode word boundaries (Go's regexp only knows ASCII ones): some
// occurrence must start and end on a word boundary, and wildcards do not
// cross newlines.
type ddqWord struct {
	segs []string // literal segments between '*'
}

func newDDQWord(pattern string) *ddqWord { return &ddqWord{segs: strings.Split(pattern, "*")} }

func ddqIsWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Nl, r) ||
		unicode.Is(unicode.M, r) || unicode.Is(unicode.Pc, r) || unicode.Is(unicode.Other_Alphabetic, r) ||
		r == 0x200C || r == 0x200D
}

// boundary reports whether position i of s lies between a word and a
// non-word character (the string's ends count as non-word).
func ddqBoundary(s string, i int) bool {
	before, after := false, false
	if i > 0 {
		r, _ := utf8.DecodeLastRuneInString(s[:i])
		before = ddqIsWordRune(r)
	}
	if i < len(s) {
		r, _ := utf8.DecodeRuneInString(s[i:])
		after = ddqIsWordRune(r)
	}
	return before != after
}

func (w *ddqWord) match(s string) bool {
	first := w.segs[0]
	lastLine := -1
	for st := 0; st <= len(s); st++ {
		if st > 0 && st < len(s) && !utf8.RuneStart(s[st]) {
			continue
		}
		if !strings.HasPrefix(s[st:], first) || !ddqBoundary(s, st) {
			continue
		}
		if first == "" && len(w.segs) > 1 {
			// With a leading wildcard only the earliest start of a line
			// matters: later ones can match nothing it cannot.
			line := strings.Count(s[:st], "\n")
			if line == lastLine {
				continue
			}
			lastLine = line
		}
		if w.matchFrom(s, st+len(first)) {
			return true
		}
	}
	return false
}

// matchFrom places the remaining segments after pos, each after a
// wildcard that may not cross a newline, and checks the end boundary.
func (w *ddqWord) matchFrom(s string, pos int) bool {
	k := len(w.segs) - 1
	if k == 0 {
		return ddqBoundary(s, pos)
	}
	lineEnd := len(s)
	if nl := strings.IndexByte(s[pos:], '\n'); nl >= 0 {
		lineEnd = pos + nl
	}
	for j := 1; j < k; j++ {
		idx := strings.Index(s[pos:lineEnd], w.segs[j])
		if idx < 0 {
			return false
		}
		pos += idx + len(w.segs[j])
	}
	last := w.segs[k]
	for e := pos + len(last); e <= lineEnd; e++ {
		if e < len(s) && e > 0 && !utf8.RuneStart(s[e]) {
			continue
		}
		if strings.HasSuffix(s[:e], last) && e-len(last) >= pos && ddqBoundary(s, e) {
			return true
		}
	}
	return false
}
