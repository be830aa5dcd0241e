package parse

import (
	"strings"
)

// RE2Pattern rewrites a pattern in the syntax of VRL's regex engine (the
// Rust regex crate) into Go's RE2 syntax, for the constructs the two
// spell differently:
//
//   - \uHHHH, \u{H..}, \UHHHHHHHH and \U{H..} become \x{H..};
//   - word-boundary assertions \<, \>, \b{start}, \b{end}, \b{start-half}
//     and \b{end-half} become \b (Go has no directional boundary, so these
//     match slightly more);
//   - the x (verbose) flag is applied here, by dropping unescaped
//     whitespace and #-comments outside classes, and removed with the R
//     (CRLF) flag, which Go lacks.
//
// Everything else is passed through; Go then rejects what neither
// accepts. Callers that compile VRL regexes for matching should use the
// result too, so checking and running agree.
func RE2Pattern(p string) string {
	if !strings.ContainsAny(p, `\(`) {
		return p
	}
	var b strings.Builder
	verbose := false
	inClass := 0
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == '\\' && i+1 < len(p):
			n := p[i+1]
			switch {
			case n == 'u' || n == 'U':
				if hex, adv, ok := unicodeRegexEscape(p[i+2:], n); ok {
					b.WriteString(`\x{` + hex + `}`)
					i += 1 + adv
					continue
				}
			case (n == '<' || n == '>') && inClass == 0:
				b.WriteString(`\b`)
				i++
				continue
			case n == 'b' && inClass == 0 && strings.HasPrefix(p[i+2:], "{"):
				if end := strings.IndexByte(p[i+2:], '}'); end > 0 {
					switch p[i+3 : i+2+end] {
					case "start", "end", "start-half", "end-half":
						b.WriteString(`\b`)
						i += 2 + end
						continue
					}
				}
			}
			b.WriteByte(c)
			b.WriteByte(n)
			i++
		case c == '[':
			inClass++
			b.WriteByte(c)
			// A leading ] or ^] is literal inside a class.
			if i+1 < len(p) && p[i+1] == '^' {
				b.WriteByte('^')
				i++
			}
			if i+1 < len(p) && p[i+1] == ']' {
				b.WriteByte(']')
				i++
			}
		case c == ']' && inClass > 0:
			inClass--
			b.WriteByte(c)
		case c == '(' && inClass == 0 && strings.HasPrefix(p[i:], "(?"):
			// A flag group "(?flags)" or "(?flags:".
			j := i + 2
			for j < len(p) && (p[j] >= 'a' && p[j] <= 'z' || p[j] >= 'A' && p[j] <= 'Z' || p[j] == '-') {
				j++
			}
			if j < len(p) && (p[j] == ')' || p[j] == ':') && j > i+2 {
				flags := p[i+2 : j]
				if strings.ContainsRune(flags, 'x') && !strings.Contains(flags, "-x") {
					verbose = true
				}
				kept := strings.Map(func(r rune) rune {
					if r == 'x' || r == 'R' {
						return -1
					}
					return r
				}, flags)
				kept = strings.TrimSuffix(kept, "-")
				if kept == "" && p[j] == ')' {
					i = j
					continue
				}
				if kept == "" {
					b.WriteString("(?:")
				} else {
					b.WriteString("(?" + kept + string(p[j]))
				}
				i = j
				continue
			}
			b.WriteByte(c)
		case verbose && inClass == 0 && (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'):
		case verbose && inClass == 0 && c == '#':
			for i < len(p) && p[i] != '\n' {
				i++
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// unicodeRegexEscape reads the hex digits of a \u or \U escape (after the
// letter): four or eight digits, or any number in braces. It returns the
// digits and how many bytes it consumed.
func unicodeRegexEscape(s string, letter byte) (string, int, bool) {
	isHex := func(c byte) bool {
		return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
	}
	if strings.HasPrefix(s, "{") {
		end := strings.IndexByte(s, '}')
		if end <= 1 {
			return "", 0, false
		}
		for i := 1; i < end; i++ {
			if !isHex(s[i]) {
				return "", 0, false
			}
		}
		return s[1:end], end + 1, true
	}
	n := 4
	if letter == 'U' {
		n = 8
	}
	if len(s) < n {
		return "", 0, false
	}
	for i := 0; i < n; i++ {
		if !isHex(s[i]) {
			return "", 0, false
		}
	}
	return s[:n], n, true
}
