package parse

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/matano-go/matano/compiler/diag"
)

// lexer splits VRL source into tokens on demand. Its whole state is one
// offset, so the parser looks ahead by copying it. A malformed literal or
// escape sets err; VRL treats such lexical errors as fatal for the whole
// program (its parser stops at the first one), and so does parse.File.
type lexer struct {
	f   *diag.File
	src []byte
	pos int
	err *diag.Diagnostic
	// scanned is how far preScan has walked query chains.
	scanned int
}

func isIdentStart(c byte) bool {
	return c == '@' || c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

func isIdentContinue(c byte) bool { return isIdentStart(c) || isDigit(c) }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isOperatorChar(c byte) bool {
	switch c {
	case '!', '&', '*', '+', '-', '/', '<', '=', '>', '?', '|':
		return true
	}
	return false
}

// peekByte returns the byte at offset i, or 0 past the end.
func (l *lexer) byteAt(i int) byte {
	if i < len(l.src) {
		return l.src[i]
	}
	return 0
}

// next returns the next token. At the end of input it returns tEOF at
// len(src) forever.
func (l *lexer) next() token {
	for {
		start := l.pos
		if start >= len(l.src) {
			return token{kind: tEOF, start: len(l.src), end: len(l.src)}
		}
		c := l.src[start]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRune(l.src[start:])
			l.pos += size
			if unicode.IsSpace(r) {
				continue
			}
			return token{kind: tInvalid, start: start, end: l.pos}
		}
		l.preScan(start)
		n := l.byteAt(start + 1)
		switch {
		case c == '"':
			return l.stringLit(start)
		case c == ';':
			return l.single(tSemi)
		case c == '\n':
			l.pos++
			if l.nextSignificantIsElse() {
				// A newline before "else" does not end the if-statement.
				continue
			}
			return token{kind: tNewline, start: start, end: l.pos}
		case c == '\\':
			return l.single(tEscape)
		case c == '(':
			return l.single(tLParen)
		case c == '[':
			return l.single(tLBracket)
		case c == '{':
			return l.single(tLBrace)
		case c == '}':
			return l.single(tRBrace)
		case c == ']':
			return l.single(tRBracket)
		case c == ')':
			return l.single(tRParen)
		case c == '.':
			return l.single(tDot)
		case c == '%':
			return l.single(tPercent)
		case c == '&' && n != '&':
			return l.single(tAmp)
		case c == ':':
			return l.single(tColon)
		case c == ',':
			return l.single(tComma)
		case c == '_' && !isIdentContinue(n):
			return l.single(tUnderscore)
		case c == '!' && (n == '!' || !isOperatorChar(n)):
			return l.single(tBang)
		case c == '-' && n == '>':
			l.pos += 2
			return token{kind: tArrow, start: start, end: l.pos}
		case c == '#':
			for l.pos < len(l.src) && l.src[l.pos] != '\n' {
				l.pos++
			}
			continue
		case c == 'r' && n == '\'':
			return l.quoted(start, tRegex)
		case c == 's' && n == '\'':
			return l.quoted(start, tRawString)
		case c == 't' && n == '\'':
			return l.quoted(start, tTimestamp)
		case isIdentStart(c):
			return l.identOrCall(start)
		case isDigit(c) || (c == '-' && isDigit(n)):
			return l.number(start)
		case isOperatorChar(c):
			return l.operator(start)
		case c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f':
			l.pos++
			continue
		default:
			l.pos++
			return token{kind: tInvalid, start: start, end: l.pos}
		}
	}
}

func (l *lexer) single(k tokKind) token {
	l.pos++
	return token{kind: k, start: l.pos - 1, end: l.pos}
}

// nextSignificantIsElse looks past whitespace and comments for the keyword
// else, so that "}\nelse {" continues an if-statement.
func (l *lexer) nextSignificantIsElse() bool {
	i := l.pos
	for i < len(l.src) {
		c := l.src[i]
		switch {
		case c == '#':
			for i < len(l.src) && l.src[i] != '\n' {
				i++
			}
		case c < utf8.RuneSelf && (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'):
			i++
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRune(l.src[i:])
			if !unicode.IsSpace(r) {
				return false
			}
			i += size
		default:
			rest := l.src[i:]
			return len(rest) >= 4 && string(rest[:4]) == "else" && !isIdentContinue(l.byteAt(i+4))
		}
	}
	return false
}

func (l *lexer) identOrCall(start int) token {
	i := start
	for i < len(l.src) && isIdentContinue(l.src[i]) {
		i++
	}
	l.pos = i
	if n := l.byteAt(i); n == '(' || n == '!' {
		return token{kind: tFuncCall, start: start, end: i}
	}
	return token{kind: identKind(l.src[start:i]), start: start, end: i}
}

// identKind classifies an identifier: keyword, reserved word, path field
// (contains '@') or plain identifier.
func identKind(b []byte) tokKind {
	switch string(b) {
	case "if":
		return tIf
	case "else":
		return tElse
	case "true":
		return tTrue
	case "false":
		return tFalse
	case "null":
		return tNull
	case "abort":
		return tAbort
	case "return":
		return tReturn
	}
	if IsReserved(string(b)) {
		return tReserved
	}
	for _, c := range b {
		if c == '@' {
			return tPathField
		}
	}
	return tIdent
}

// reserved lists the identifiers VRL reserves for future use; using one
// as a variable is error E205.
var reserved = map[string]bool{
	"array": true, "bool": true, "boolean": true, "break": true, "continue": true, "do": true,
	"emit": true, "float": true, "for": true, "forall": true, "foreach": true, "all": true,
	"each": true, "any": true, "try": true, "undefined": true, "int": true, "integer": true,
	"iter": true, "object": true, "regex": true, "string": true, "traverse": true,
	"timestamp": true, "duration": true, "unless": true, "walk": true, "while": true, "loop": true,
}

// IsReserved reports whether name is a reserved keyword of VRL.
func IsReserved(name string) bool { return reserved[name] }

func (l *lexer) number(start int) token {
	i := start
	if l.src[i] == '-' {
		i++
	}
	for i < len(l.src) && (isDigit(l.src[i]) || l.src[i] == '_') {
		i++
	}
	negative := l.src[start] == '-'
	if n := l.byteAt(i); i < len(l.src) && isIdentContinue(n) && !negative {
		// "1abc" is an identifier.
		for i < len(l.src) && isIdentContinue(l.src[i]) {
			i++
		}
		l.pos = i
		return token{kind: identKind(l.src[start:i]), start: start, end: i}
	}
	if l.byteAt(i) == '.' {
		i++
		for i < len(l.src) && (isDigit(l.src[i]) || l.src[i] == '_') {
			i++
		}
		l.pos = i
		return token{kind: tFloat, start: start, end: i}
	}
	l.pos = i
	if _, err := parseIntLit(l.src[start:i]); err != "" {
		l.fail(diag.Span{File: l.f, Start: start, End: i}, 206, "invalid numeric literal",
			"invalid numeric literal: "+err)
	}
	return token{kind: tInt, start: start, end: i}
}

// parseIntLit converts an integer literal (with optional '-' and '_'
// separators); the error text is what VRL prints for it.
func parseIntLit(b []byte) (int64, string) {
	s := strings.ReplaceAll(string(b), "_", "")
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		if strings.HasPrefix(s, "-") {
			return 0, "number too small to fit in target type"
		}
		return 0, "number too large to fit in target type"
	}
	return v, ""
}

// parseFloatLit converts a float literal. Overlong literals become
// infinities, as in VRL.
func parseFloatLit(b []byte) float64 {
	s := strings.ReplaceAll(string(b), "_", "")
	v, _ := strconv.ParseFloat(s, 64)
	return v
}

func (l *lexer) operator(start int) token {
	i := start
	for i < len(l.src) && isOperatorChar(l.src[i]) {
		i++
	}
	l.pos = i
	k := tBadOp
	switch string(l.src[start:i]) {
	case "=":
		k = tAssign
	case "|=":
		k = tMergeAssign
	case "?":
		k = tQuestion
	case "+":
		k = tAdd
	case "*":
		k = tMul
	case "-":
		k = tSub
	case "/":
		k = tDiv
	case "<":
		k = tLt
	case "<=":
		k = tLe
	case ">":
		k = tGt
	case ">=":
		k = tGe
	case "==":
		k = tEq
	case "!=":
		k = tNe
	case "|":
		k = tMerge
	case "&&":
		k = tAnd
	case "||":
		k = tOr
	case "??":
		k = tErrCoalesce
	}
	return token{kind: k, start: start, end: i}
}

// quoted lexes r'..', s'..' and t'..': a backslash protects the next
// character, the first unprotected quote ends the literal.
func (l *lexer) quoted(start int, k tokKind) token {
	i := start + 2
	for i < len(l.src) {
		switch l.src[i] {
		case '\\':
			i += 2
			continue
		case '\'':
			l.pos = i + 1
			return token{kind: k, start: start, end: l.pos}
		}
		i++
	}
	l.pos = len(l.src)
	l.fail(diag.Span{File: l.f, Start: start, End: start + 1}, 208, "invalid literal", "invalid literal")
	return token{kind: k, start: start, end: l.pos}
}

// stringLit lexes "..." and validates its escapes.
func (l *lexer) stringLit(start int) token {
	i := start + 1
	for i < len(l.src) {
		switch l.src[i] {
		case '"':
			l.pos = i + 1
			return token{kind: tString, start: start, end: l.pos}
		case '\\':
			next, ok := l.escape(i)
			if !ok {
				l.pos = len(l.src)
				return token{kind: tString, start: start, end: l.pos}
			}
			i = next
			continue
		}
		i++
	}
	l.pos = len(l.src)
	l.fail(diag.Span{File: l.f, Start: start, End: start + 1}, 207, "invalid string literal", "invalid string literal")
	return token{kind: tString, start: start, end: l.pos}
}

// escape validates the escape sequence whose backslash is at bs and
// returns the offset after it.
func (l *lexer) escape(bs int) (int, bool) {
	i := bs + 1
	if i >= len(l.src) {
		l.escapeErr(bs, -1)
		return 0, false
	}
	switch c := l.src[i]; c {
	case '\n', '\'', '"', '\\', 'n', 'r', 't', '{', '}', '0':
		return i + 1, true
	case 'u':
		return l.unicodeEscape(bs)
	default:
		r, _ := utf8.DecodeRune(l.src[i:])
		l.escapeErr(i, r)
		return 0, false
	}
}

func (l *lexer) unicodeEscape(bs int) (int, bool) {
	i := bs + 2
	if i >= len(l.src) {
		l.escapeErr(bs, -1)
		return 0, false
	}
	if l.src[i] != '{' {
		r, _ := utf8.DecodeRune(l.src[i:])
		l.escapeErr(i, r)
		return 0, false
	}
	i++
	hexStart := i
	for i < len(l.src) {
		c := l.src[i]
		switch {
		case c == '}':
			end := i + 1
			hex := string(l.src[hexStart:i])
			v, err := strconv.ParseUint(hex, 16, 32)
			if hex == "" || err != nil || v > unicode.MaxRune || (v >= 0xD800 && v <= 0xDFFF) {
				l.fail(diag.Span{File: l.f, Start: bs, End: end}, 211,
					"invalid unicode escape sequence", "invalid unicode escape sequence")
				return 0, false
			}
			return end, true
		case (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'):
			i++
		default:
			r, _ := utf8.DecodeRune(l.src[i:])
			l.escapeErr(i, r)
			return 0, false
		}
	}
	l.escapeErr(bs, -1)
	return 0, false
}

// escapeErr reports E209 for the character r at off (r < 0: input ended).
func (l *lexer) escapeErr(off int, r rune) {
	if r < 0 {
		// VRL prints the default character (NUL) and "none".
		l.fail(diag.Span{File: l.f, Start: off, End: off + 1}, 209,
			"invalid escape character: \\\x00", "invalid escape character: none")
		return
	}
	l.fail(diag.Span{File: l.f, Start: off, End: off + 1}, 209,
		fmt.Sprintf("invalid escape character: \\%c", r), fmt.Sprintf("invalid escape character: %c", r))
}

// fail records the first lexical error.
func (l *lexer) fail(span diag.Span, code int, summary, label string) {
	if l.err != nil {
		return
	}
	// A literal cut off by the end of input can point one past it.
	span.Start, span.End = min(span.Start, len(l.src)), min(span.End, len(l.src))
	l.err = &diag.Diagnostic{
		Severity: diag.Error,
		Code:     codeString(code),
		Summary:  summary,
		Subject:  span,
		Labels:   []diag.Label{{Span: span, Message: label, Primary: true}},
		Notes:    Notes(code),
	}
}
