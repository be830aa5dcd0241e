package parse

import "fmt"

// Diagnostic codes raised by the VRL front end. The numbers are VRL's own
// (src/compiler/codes.rs in vectordotdev/vrl 0.35); they are append-only
// and never reused. Each line gives the meaning and an example.
const (
	CodeInvalidRegex      = 101 // regex literal does not compile: r'['
	CodeUnexpectedToken   = 203 // syntax error at a token: .foo.bar baz
	CodeUnexpectedEOF     = 204 // input ended inside an expression: x = [1,
	CodeReservedKeyword   = 205 // reserved word used as a name: array = []
	CodeNumericLiteral    = 206 // integer literal out of range: 99999999999999999999
	CodeStringLiteral     = 207 // unterminated string: "abc
	CodeLiteral           = 208 // unterminated raw/regex/timestamp literal: s'abc
	CodeEscapeChar        = 209 // unknown escape in a string: "a\x"
	CodeUnexpectedParse   = 210 // lexer failure inside a query (e.g. comment to end of input)
	CodeUnicodeEscape     = 211 // bad \u{...} escape: "\u{}"
	CodeInvalidTimestamp  = 601 // timestamp literal does not parse: t'foo'
	CodeChainedComparison = 650 // comparison operators chained: 1 < 2 < 3
)

// Documentation URLs used by VRL's notes.
const (
	urlLangDocs = "https://vrl.dev"
	urlExamples = "https://vrl.dev/examples"
)

// Notes returns the closing "= ..." notes VRL attaches to every diagnostic
// with the given numeric code, after the diagnostic's own notes (extra):
// a link to the code's page for codes 100-110, then the language
// documentation and REPL links. The type checker uses it too so that all
// VRL diagnostics end the same way.
func Notes(code int, extra ...string) []string {
	notes := append([]string(nil), extra...)
	if code >= 100 && code <= 110 {
		notes = append(notes, fmt.Sprintf("learn more about error code %d at https://errors.vrl.dev/%d", code, code))
	}
	return append(notes,
		"see language documentation at "+urlLangDocs,
		"try your code in the VRL REPL, learn more at "+urlExamples)
}

// SeeDocs formats VRL's "see documentation about ..." note.
func SeeDocs(kind, url string) string {
	return "see documentation about " + kind + " at " + url
}

// codeString formats a numeric VRL code as diag.Diagnostic.Code ("E203").
func codeString(code int) string { return fmt.Sprintf("E%03d", code) }
