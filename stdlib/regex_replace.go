package stdlib

import (
	"strings"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// coreRegexReplace replaces the first n matches of re in s (all of them
// when n < 0) with the template with, expanded as Rust's regex crate
// does ($1, $name, ${name}, $$), which is also Go's syntax.
func coreRegexReplace(re *value.Regex, s, with string, n int) string {
	matches := re.FindAllStringSubmatchIndex(s, n)
	if len(matches) == 0 {
		return s
	}
	var b []byte
	last := 0
	for _, m := range matches {
		b = append(b, s[last:m[0]]...)
		b = re.ExpandString(b, with, s, m)
		last = m[1]
	}
	b = append(b, s[last:]...)
	return string(b)
}

// coreSplitAt splits s at the given match spans into at most limit pieces
// (Rust's splitn: the last piece holds the rest; a limit of 0 gives none).
func coreSplitAt(s string, spans [][]int, limit int) []value.Value {
	if limit == 0 {
		return []value.Value{}
	}
	var out []value.Value
	last := 0
	for _, m := range spans {
		if len(out) >= limit-1 {
			break
		}
		out = append(out, value.Bytes(s[last:m[0]]))
		last = m[1]
	}
	return append(out, value.Bytes(s[last:]))
}

// coreStringSpans finds the non-overlapping occurrences of sep in s. An
// empty sep occurs at every character boundary, including both ends, as
// in Rust.
func coreStringSpans(s, sep string) [][]int {
	var spans [][]int
	if sep == "" {
		for i := range s {
			spans = append(spans, []int{i, i})
		}
		return append(spans, []int{len(s), len(s)})
	}
	off := 0
	for {
		i := strings.Index(s[off:], sep)
		if i < 0 {
			return spans
		}
		spans = append(spans, []int{off + i, off + i + len(sep)})
		off += i + len(sep)
	}
}
