package parse

import "github.com/matano-go/matano/compiler/diag"

// preScan reproduces where VRL reports lexical errors inside brackets.
//
// VRL's lexer, at the start of every token that can begin a query (".",
// "%", "{", "[" or an identifier), looks ahead over the whole query chain
// to find where it ends. While doing so it re-lexes the string, raw,
// regex and timestamp literals inside a bracketed region of the chain
// with a sub-lexer whose offsets are shifted: an unterminated literal
// there is reported one byte to the right (at the quote rather than at
// the literal's first character). Since lexical errors are fatal and only
// the first one is shown, this changes the rendered diagnostic, so we
// perform the same walk, for its errors only.
//
// scanned remembers how far earlier walks got, so each byte is walked by
// at most one chain and lexing stays linear.
func (l *lexer) preScan(start int) {
	if start < l.scanned || l.err != nil || start >= len(l.src) {
		return
	}
	c := l.src[start]
	if !(c == '%' || c == '.' || c == '{' || c == '[' || isIdentStart(c)) {
		return
	}
	i := start
	defer func() {
		if i > l.scanned {
			l.scanned = i
		}
	}()
	braces, brackets, parens := 0, 0, 0
	for i < len(l.src) {
		c := l.src[i]
		n := l.byteAt(i + 1)
		switch {
		case c == '{':
			braces++
			i++
		case c == '(':
			parens++
			i++
		case c == '[' && braces == 0 && parens == 0 && brackets == 0:
			brackets++
			i++
		case c == '"':
			end, ok := l.subString(i+1, false)
			if !ok {
				return
			}
			i = end
		case (c == 's' || c == 'r' || c == 't') && n == '\'':
			end, ok := l.subQuoted(i+1, false)
			if !ok {
				return
			}
			i = end
		case c == '}' || c == ')' || c == ']':
			cnt := &braces
			if c == ')' {
				cnt = &parens
			} else if c == ']' {
				cnt = &brackets
			}
			if *cnt == 0 {
				return
			}
			*cnt--
			i++
		case braces > 0 || brackets > 0 || parens > 0:
			open, close := byte('('), byte(')')
			if braces > 0 {
				open, close = '{', '}'
			} else if brackets > 0 {
				open, close = '[', ']'
			}
			// The current character is consumed without inspection; the
			// region walk starts at the next one.
			var ok bool
			if i, ok = l.region(i+1, open, close); !ok {
				return
			}
		case c == '#':
			for i < len(l.src) && l.src[i] != '\n' {
				i++
			}
			i++
		case c == '.' || c == '%' || c == '!' || isIdentContinue(c):
			i++
		default:
			return
		}
	}
}

// region walks a bracketed region up to (not including) its closing
// delimiter, lexing the literals in it. It returns where it stopped and
// false if it found an error.
func (l *lexer) region(i int, open, close byte) (int, bool) {
	depth := 0
	for i < len(l.src) {
		rest := l.src[i:]
		var ch byte
		switch {
		case rest[0] == '#':
			for i < len(l.src) && l.src[i] != '\n' {
				i++
			}
			i++ // the newline
			if i >= len(l.src) {
				l.unexpectedParse("Expected characters at end of comment.")
				return i, false
			}
			ch = l.src[i]
		case rest[0] == '"':
			end, ok := l.subString(i+1, true)
			if !ok {
				return i, false
			}
			if end >= len(l.src) {
				l.unexpectedParse("Expected characters at end of string literal.")
				return i, false
			}
			i = end
			ch = l.src[i]
		case len(rest) > 1 && rest[1] == '\'' && (rest[0] == 's' || rest[0] == 'r' || rest[0] == 't'):
			end, ok := l.subQuoted(i+1, true)
			if !ok {
				return i, false
			}
			if end >= len(l.src) {
				kind := map[byte]string{'s': "raw string", 'r': "regex", 't': "timestamp"}[rest[0]]
				l.unexpectedParse("Expected characters at end of " + kind + " literal.")
				return i, false
			}
			i = end
			ch = l.src[i]
		default:
			ch = rest[0]
		}
		if depth == 0 && ch == close {
			return i, true
		}
		// The character after a literal or comment is consumed as is.
		if ch == open {
			depth++
		}
		if ch == close {
			depth--
		}
		i++
	}
	return i, true
}

// subString lexes string content starting at from (just after the opening
// quote) the way VRL's sub-lexer does; report selects whether errors are
// raised, with an unterminated string reported at from.
func (l *lexer) subString(from int, report bool) (int, bool) {
	sub := lexer{f: l.f, src: l.src, scanned: len(l.src)}
	i := from
	for i < len(l.src) {
		switch l.src[i] {
		case '"':
			return i + 1, true
		case '\\':
			next, ok := sub.escape(i)
			if !ok {
				if report && l.err == nil {
					l.err = sub.err
				}
				return 0, false
			}
			i = next
			continue
		}
		i++
	}
	if report {
		l.fail(diag.Span{File: l.f, Start: from, End: from + 1}, CodeStringLiteral, "invalid string literal", "invalid string literal")
	}
	return 0, false
}

// subQuoted lexes a quoted literal whose opening quote is at quote; an
// unterminated one is reported at the quote.
func (l *lexer) subQuoted(quote int, report bool) (int, bool) {
	i := quote + 1
	for i < len(l.src) {
		switch l.src[i] {
		case '\\':
			i += 2
			continue
		case '\'':
			return i + 1, true
		}
		i++
	}
	if report {
		l.fail(diag.Span{File: l.f, Start: quote, End: quote + 1}, CodeLiteral, "invalid literal", "invalid literal")
	}
	return 0, false
}

// unexpectedParse reports E210, which VRL attaches to an empty span at the
// start of the program.
func (l *lexer) unexpectedParse(msg string) {
	if l.err != nil {
		return
	}
	span := diag.Span{File: l.f}
	l.err = &diag.Diagnostic{
		Severity: diag.Error, Code: codeString(CodeUnexpectedParse), Summary: "unexpected parse error",
		Subject: span,
		Labels:  []diag.Label{{Span: span, Message: msg, Primary: true}},
		Notes:   Notes(CodeUnexpectedParse),
	}
}

// chainIsQuery reports whether VRL's lexer starts a query at start: the
// chain of characters from there must contain a path step ("." after a
// name, closing bracket or quote, or "[" after one of those).
func chainIsQuery(src []byte, start int) bool {
	if start >= len(src) {
		return false
	}
	c := src[start]
	if c == '.' || c == '%' {
		return true
	}
	if !(c == '{' || c == '[' || isIdentStart(c)) {
		return false
	}
	var last byte
	depth := 0
	runStart := start
	for i := start; i < len(src); i++ {
		c := src[i]
		switch {
		case depth > 0:
			switch c {
			case '(', '[', '{':
				depth++
			case ')', ']', '}':
				depth--
			case '"':
				j := i + 1
				for j < len(src) && src[j] != '"' {
					if src[j] == '\\' {
						j++
					}
					j++
				}
				i = j
			}
			if depth == 0 {
				last = c
			}
			continue
		case c == '(' || c == '{':
			depth++
		case c == '[':
			if last == ']' || last == '}' || last == ')' || isIdentContinue(last) {
				return true
			}
			depth++
		case c == '"':
			j := i + 1
			for j < len(src) && src[j] != '"' {
				if src[j] == '\\' {
					j++
				}
				j++
			}
			i = j
			c = '"'
		case c == '.':
			switch {
			case last == ')' || last == '}' || last == ']' || last == '"':
				return true
			case isIdentContinue(last):
				for k := runStart; k < i; k++ {
					if !isDigit(src[k]) && src[k] != '_' {
						return true
					}
				}
			}
		case c == '!' || isIdentContinue(c):
		default:
			return false
		}
		last = c
	}
	return false
}
