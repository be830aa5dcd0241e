package parse

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/matano-go/matano/compiler/diag"
	"github.com/matano-go/matano/compiler/vrl/ast"
)

// stringNode builds an *ast.String from a string literal token, splitting
// "{{ }}" templates out of the text as VRL does.
func (p *parser) stringNode(t token) *ast.String {
	s := &ast.String{Span: ast.Span{Start: t.start, Stop: t.end}}
	if t.end-t.start >= 2 && p.src[t.end-1] == '"' {
		s.Segments = segments(p.src[t.start+1:t.end-1], t.start+1)
	} else {
		// Unterminated literal (already a fatal lexical error).
		s.Segments = segments(p.src[t.start+1:t.end], t.start+1)
	}
	return s
}

// segments splits string literal content into literal and template parts.
// It mirrors VRL: "{{" opens a template outside one, "}}" closes it,
// "\{{" and "\}}" stand for literal braces, an empty template is dropped
// and so is an unclosed one. Literal parts are unescaped; template text is
// kept trimmed. base is the offset of content in the file.
func segments(content []byte, base int) []ast.StringSegment {
	var segs []ast.StringSegment
	var cur []byte
	curStart := 0
	template := false
	at := func(i int) byte {
		if i < len(content) {
			return content[i]
		}
		return 0
	}
	pos := 0
	for pos < len(content) {
		c := content[pos]
		switch {
		case c == '}' && template && at(pos+1) == '}':
			if len(cur) > 0 {
				segs = append(segs, ast.StringSegment{
					Span:     ast.Span{Start: base + curStart - 2, Stop: base + pos + 2},
					Template: true, Text: strings.TrimFunc(string(cur), unicode.IsSpace),
				})
				cur = cur[:0]
			}
			template = false
			pos += 2
			curStart = pos
		case c == '\\' && !template && at(pos+1) == '{' && at(pos+2) == '{':
			cur = append(cur, "{{"...)
			pos += 3
		case c == '\\' && !template && at(pos+1) == '}' && at(pos+2) == '}':
			cur = append(cur, "}}"...)
			pos += 3
		case c == '{' && !template && at(pos+1) == '{':
			if len(cur) > 0 {
				segs = append(segs, ast.StringSegment{
					Span: ast.Span{Start: base + curStart, Stop: base + pos},
					Text: unescape(cur),
				})
				cur = cur[:0]
			}
			template = true
			pos += 2
			curStart = pos
		default:
			cur = append(cur, c)
			pos++
		}
	}
	if !template && len(cur) > 0 {
		segs = append(segs, ast.StringSegment{
			Span: ast.Span{Start: base + curStart, Stop: base + pos},
			Text: unescape(cur),
		})
	}
	return segs
}

// segmentsText renders segments the way VRL displays a template string:
// literal text as is, templates as "{{ text }}". A quoted path field such
// as ."a{{b}}" is named by this text.
func segmentsText(segs []ast.StringSegment) string {
	var b strings.Builder
	for _, s := range segs {
		if s.Template {
			b.WriteString("{{ ")
			b.WriteString(s.Text)
			b.WriteString(" }}")
		} else {
			b.WriteString(s.Text)
		}
	}
	return b.String()
}

// unescape decodes the escapes of a (lexically valid) string literal:
// \n \r \t \0 \\ \" \' \{ \}, \u{HEX}, and a backslash-newline that
// swallows the newline and the whitespace after it.
func unescape(b []byte) string {
	if !containsBackslash(b) {
		return string(b)
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); {
		c := b[i]
		if c != '\\' || i+1 >= len(b) {
			out = append(out, c)
			i++
			continue
		}
		switch n := b[i+1]; n {
		case '\n':
			i += 2
			for i < len(b) {
				r, size := utf8.DecodeRune(b[i:])
				if !unicode.IsSpace(r) {
					break
				}
				i += size
			}
		case 'u':
			closeAt := -1
			if i+2 < len(b) && b[i+2] == '{' {
				for j := i + 3; j < len(b); j++ {
					if b[j] == '}' {
						closeAt = j
						break
					}
				}
			}
			if closeAt < 0 {
				out = append(out, c, n)
				i += 2
				continue
			}
			v, err := strconv.ParseUint(string(b[i+3:closeAt]), 16, 32)
			if err != nil || v > unicode.MaxRune {
				v = unicode.ReplacementChar
			}
			out = utf8.AppendRune(out, rune(v))
			i = closeAt + 1
		default:
			var r byte
			switch n {
			case '\'', '"', '\\', '{', '}':
				r = n
			case 'n':
				r = '\n'
			case 'r':
				r = '\r'
			case 't':
				r = '\t'
			case '0':
				r = 0
			default:
				out = append(out, c, n)
				i += 2
				continue
			}
			out = append(out, r)
			i += 2
		}
	}
	return string(out)
}

func containsBackslash(b []byte) bool {
	for _, c := range b {
		if c == '\\' {
			return true
		}
	}
	return false
}

// quotedContent returns the text between the quotes of r'..' or t'..'
// with \' turned into ' (as VRL does for these two literals).
func (p *parser) quotedContent(t token) string {
	end := t.end
	if end-t.start >= 3 && p.src[end-1] == '\'' {
		end--
	}
	return strings.ReplaceAll(string(p.src[t.start+2:end]), `\'`, `'`)
}

func (p *parser) regexNode(t token) *ast.Regex {
	r := &ast.Regex{Span: ast.Span{Start: t.start, Stop: t.end}, Pattern: p.quotedContent(t)}
	if msg := CheckRegex(r.Pattern); msg != "" {
		span := diag.Span{File: p.f, Start: t.start, End: t.end}
		p.diags = append(p.diags, diag.Diagnostic{
			Severity: diag.Error, Code: codeString(CodeInvalidRegex), Summary: "invalid regular expression",
			Subject: span,
			Labels:  []diag.Label{{Span: span, Message: "regex parse error: " + msg, Primary: true}},
			Notes: Notes(CodeInvalidRegex,
				SeeDocs("regular expressions", "https://vrl.dev/expressions/#regular-expression")),
		})
	}
	return r
}

func (p *parser) timestampNode(t token) *ast.Timestamp {
	ts := &ast.Timestamp{Span: ast.Span{Start: t.start, Stop: t.end}, Raw: string(p.src[t.start+2 : max(t.start+2, t.end-1)])}
	v, msg := ParseTimestamp(p.quotedContent(t))
	if msg != "" {
		span := diag.Span{File: p.f, Start: t.start, End: t.end}
		p.diags = append(p.diags, diag.Diagnostic{
			Severity: diag.Error, Code: codeString(CodeInvalidTimestamp), Summary: "invalid timestamp",
			Subject: span,
			Labels:  []diag.Label{{Span: span, Message: "invalid timestamp format: " + msg, Primary: true}},
			Notes:   Notes(CodeInvalidTimestamp, SeeDocs("timestamps", "https://vrl.dev/expressions/#timestamp")),
		})
	}
	ts.Value = v
	return ts
}

// Timestamp parse errors, worded as VRL's date library words them.
const (
	tsInvalid    = "input contains invalid characters"
	tsTooShort   = "premature end of input"
	tsOutOfRange = "input is out of range"
	tsTooLong    = "trailing input"
)

// ParseTimestamp parses the text of a t'...' literal: an RFC 3339 date
// and time with 'T', 't' or ' ' between them, optional fraction, and an
// offset Z, z or ±hh:mm (±hhmm also accepted). The result is in UTC. On
// failure it returns the message VRL prints.
func ParseTimestamp(s string) (time.Time, string) {
	i := 0
	num := func(minDigits, maxDigits int) (int, string) {
		j := i
		for j < len(s) && j-i < maxDigits && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j-i < minDigits {
			if j >= len(s) {
				return 0, tsTooShort
			}
			return 0, tsInvalid
		}
		v, _ := strconv.Atoi(s[i:j])
		i = j
		return v, ""
	}
	lit := func(chars string) string {
		if i >= len(s) {
			return tsTooShort
		}
		if !strings.ContainsRune(chars, rune(s[i])) {
			return tsInvalid
		}
		i++
		return ""
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	year, e := num(4, 9)
	if e != "" {
		return time.Time{}, e
	}
	if neg {
		year = -year
	}
	var month, day, hour, minute, sec, nsec int
	steps := []func() string{
		func() string { return lit("-") },
		func() (e string) { month, e = num(2, 2); return },
		func() string { return lit("-") },
		func() (e string) { day, e = num(2, 2); return },
		func() string { return lit("Tt ") },
		func() (e string) { hour, e = num(2, 2); return },
		func() string { return lit(":") },
		func() (e string) { minute, e = num(2, 2); return },
		func() string { return lit(":") },
		func() (e string) { sec, e = num(2, 2); return },
	}
	for _, step := range steps {
		if e := step(); e != "" {
			return time.Time{}, e
		}
	}
	if i < len(s) && s[i] == '.' {
		i++
		j := i
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j == i {
			if j >= len(s) {
				return time.Time{}, tsTooShort
			}
			return time.Time{}, tsInvalid
		}
		frac := s[i:j]
		if len(frac) > 9 {
			frac = frac[:9]
		}
		nsec, _ = strconv.Atoi(frac + strings.Repeat("0", 9-len(frac)))
		i = j
	}
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	if i >= len(s) {
		return time.Time{}, tsTooShort
	}
	offset := 0
	switch s[i] {
	case 'Z', 'z':
		i++
	case '+', '-':
		sign := 1
		if s[i] == '-' {
			sign = -1
		}
		i++
		oh, e := num(2, 2)
		if e != "" {
			return time.Time{}, e
		}
		if i < len(s) && s[i] == ':' {
			i++
		}
		om, e := num(2, 2)
		if e != "" {
			return time.Time{}, e
		}
		if oh > 23 || om > 59 {
			return time.Time{}, tsOutOfRange
		}
		offset = sign * (oh*3600 + om*60)
	default:
		return time.Time{}, tsInvalid
	}
	if strings.TrimLeftFunc(s[i:], unicode.IsSpace) != "" {
		return time.Time{}, tsTooLong
	}
	if month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || sec > 60 {
		return time.Time{}, tsOutOfRange
	}
	leap := sec == 60
	if leap {
		sec = 59
	}
	t := time.Date(year, time.Month(month), day, hour, minute, sec, nsec, time.FixedZone("", offset))
	if t.Day() != day {
		return time.Time{}, tsOutOfRange
	}
	if leap {
		t = t.Add(time.Second)
	}
	return t.UTC(), ""
}
