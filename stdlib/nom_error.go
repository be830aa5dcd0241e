package stdlib

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// nomEntry is one entry of a nom VerboseError: where the failing parser
// stood (the unread suffix of the input) and what failed: an ErrorKind
// name (kind), an expected character (char, when kind is "Char"), or a
// context label (kind "Context", label in ctx).
type nomEntry struct {
	at   string
	kind string
	char rune
	ctx  string
}

// nomError renders a nom VerboseError as nom_language::convert_error
// does; upstream parsers built on nom report their failures this way.
func nomError(input string, entries ...nomEntry) string {
	var b strings.Builder
	for i, e := range entries {
		if input == "" {
			switch e.kind {
			case "Char":
				fmt.Fprintf(&b, "%d: expected '%c', got empty input\n\n", i, e.char)
			case "Context":
				fmt.Fprintf(&b, "%d: in %s, got empty input\n\n", i, e.ctx)
			default:
				fmt.Fprintf(&b, "%d: in %s, got empty input\n\n", i, e.kind)
			}
			continue
		}
		offset := len(input) - len(e.at)
		prefix := input[:offset]
		lineNo := strings.Count(prefix, "\n") + 1
		lineBegin := strings.LastIndexByte(prefix, '\n') + 1
		line := input[lineBegin:]
		if j := strings.IndexByte(line, '\n'); j >= 0 {
			line = line[:j]
		}
		line = strings.TrimRightFunc(strings.TrimSuffix(line, "\r"), unicode.IsSpace)
		col := offset - lineBegin + 1
		switch e.kind {
		case "Char":
			if e.at != "" {
				r, _ := utf8.DecodeRuneInString(e.at)
				fmt.Fprintf(&b, "%d: at line %d:\n%s\n%*s\nexpected '%c', found %c\n\n", i, lineNo, line, col, "^", e.char, r)
			} else {
				fmt.Fprintf(&b, "%d: at line %d:\n%s\n%*s\nexpected '%c', got end of input\n\n", i, lineNo, line, col, "^", e.char)
			}
		case "Context":
			fmt.Fprintf(&b, "%d: at line %d, in %s:\n%s\n%*s\n\n", i, lineNo, e.ctx, line, col, "^")
		default:
			fmt.Fprintf(&b, "%d: at line %d, in %s:\n%s\n%*s\n\n", i, lineNo, e.kind, line, col, "^")
		}
	}
	return b.String()
}

// firstRune decodes the first rune of s and its size (0 for "").
func firstRune(s string) (rune, int) {
	if s == "" {
		return 0, 0
	}
	return utf8.DecodeRuneInString(s)
}
