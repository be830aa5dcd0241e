package stdlib

import "strings"

// The built-in log regexes (web-server and syslog parsers, grok) come
// from upstream, where Rust's regex crate gives \d, \w and \s their
// Unicode meaning; Go's RE2 limits them to ASCII, so they are spelled out.

// reWhitespace is Rust regex's Unicode \s (the White_Space property) as a Go
// character class body, for the built-in log regexes.
const reWhitespace = `\t\n\v\f\r \x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}`

// reDigit and reWord are Rust regex's Unicode \d and \w.
const (
	reDigit = `\p{Nd}`
	reWord  = `[\p{L}\p{M}\p{Nd}\p{Pc}]`
)

// unicodeRE rewrites the Perl classes \d \w \s \D \W \S of a pattern to
// the Unicode sets Rust's regex crate (and Oniguruma) give them, so a Go
// regexp built from an upstream pattern matches the same text. Escaped
// backslashes are left alone.
func unicodeRE(p string) string {
	const wordBody = `\p{L}\p{M}\p{Nd}\p{Pc}`
	var b strings.Builder
	inClass := false
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == '\\' && i+1 < len(p):
			e := p[i+1]
			i++
			switch {
			case e == 'd' && inClass:
				b.WriteString(`\p{Nd}`)
			case e == 'd':
				b.WriteString(`\p{Nd}`)
			case e == 'D' && !inClass:
				b.WriteString(`\P{Nd}`)
			case e == 'w' && inClass:
				b.WriteString(wordBody)
			case e == 'w':
				b.WriteString(`[` + wordBody + `]`)
			case e == 'W' && !inClass:
				b.WriteString(`[^` + wordBody + `]`)
			case e == 's' && inClass:
				b.WriteString(reWhitespace)
			case e == 's':
				b.WriteString(`[` + reWhitespace + `]`)
			case e == 'S' && !inClass:
				b.WriteString(`[^` + reWhitespace + `]`)
			default:
				b.WriteByte('\\')
				b.WriteByte(e)
			}
		case c == '[' && !inClass:
			inClass = true
			b.WriteByte(c)
			// A leading ^ and a leading ] belong to the class.
			if i+1 < len(p) && p[i+1] == '^' {
				b.WriteByte('^')
				i++
			}
			if i+1 < len(p) && p[i+1] == ']' {
				b.WriteByte(']')
				i++
			}
		case c == '[' && inClass && i+1 < len(p) && p[i+1] == ':':
			// POSIX class [:alpha:] inside a bracket expression.
			end := strings.Index(p[i:], ":]")
			if end < 0 {
				b.WriteByte(c)
				continue
			}
			b.WriteString(p[i : i+end+2])
			i += end + 1
		case c == ']' && inClass:
			inClass = false
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
