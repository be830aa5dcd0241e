package parse

import (
	"errors"
	"regexp/syntax"
	"strings"
)

// CheckRegex reports whether pattern is a valid VRL regular expression.
// It returns "" when it is, and otherwise the text VRL shows after
// "regex parse error: ": the error message, the caret marker when it is
// wider than one character, and the pattern, joined by ": " (VRL builds
// it by reversing the lines of the regex library's multi-line error).
//
// Validity is decided by Go's RE2 parser with Perl syntax on the pattern
// translated by RE2Pattern, which agrees with VRL's regex engine on the
// common constructs; messages are mapped to that engine's wording.
func CheckRegex(pattern string) string {
	_, err := syntax.Parse(RE2Pattern(pattern), syntax.Perl)
	if err == nil {
		return ""
	}
	var se *syntax.Error
	if !errors.As(err, &se) {
		return err.Error()
	}
	msg, width := rustRegexMessage(se)
	parts := []string{msg}
	if width > 1 {
		parts = append(parts, strings.Repeat("^", width))
	}
	lines := strings.Split(pattern, "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if l := strings.TrimSpace(lines[i]); l != "" {
			parts = append(parts, l)
		}
	}
	return strings.Join(parts, ": ")
}

// rustRegexMessage maps a Go regexp/syntax error to the message and span
// width (in characters) VRL's regex engine reports for the same mistake.
func rustRegexMessage(e *syntax.Error) (string, int) {
	n := len([]rune(e.Expr))
	switch e.Code {
	case syntax.ErrMissingBracket:
		return "unclosed character class", 1
	case syntax.ErrMissingParen:
		return "unclosed group", 1
	case syntax.ErrUnexpectedParen:
		return "unopened group", 1
	case syntax.ErrMissingRepeatArgument:
		return "repetition operator missing expression", 1
	case syntax.ErrInvalidRepeatOp:
		return "repetition operator missing expression", 1
	case syntax.ErrInvalidRepeatSize:
		return "invalid repetition count range, the start must be <= the end", n
	case syntax.ErrInvalidEscape:
		if strings.HasPrefix(e.Expr, `\x`) {
			return "invalid hexadecimal digit", 1
		}
		return "unrecognized escape sequence", max(n, 2)
	case syntax.ErrTrailingBackslash:
		return "incomplete escape sequence, reached end of pattern prematurely", 1
	case syntax.ErrInvalidCharRange:
		return "invalid character class range, the start must be <= the end", n
	case syntax.ErrInvalidCharClass:
		return "invalid Unicode character class", n
	case syntax.ErrInvalidNamedCapture:
		if strings.Contains(e.Expr, "<>") {
			return "empty capture group name", 1
		}
		return "invalid capture group character", 1
	case syntax.ErrInvalidPerlOp:
		if strings.HasPrefix(e.Expr, "(?=") || strings.HasPrefix(e.Expr, "(?!") ||
			strings.HasPrefix(e.Expr, "(?<=") || strings.HasPrefix(e.Expr, "(?<!") {
			return "look-around, including look-ahead and look-behind, is not supported", n
		}
		return "unrecognized flag", 1
	case syntax.ErrNestingDepth:
		return "exceed the maximum number of nested parentheses/brackets (250)", 1
	case syntax.ErrLarge:
		return "repetition count exceeds the size limit", n
	}
	return e.Code.String(), n
}
