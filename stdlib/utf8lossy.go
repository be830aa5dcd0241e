package stdlib

import (
	"strings"
	"unicode/utf8"
)

// lossyUTF8 is Rust's String::from_utf8_lossy, which VRL applies wherever
// it reads bytes as text: each maximal invalid UTF-8 subsequence becomes
// one U+FFFD (so "\xff\xff" gives two replacement characters and a
// truncated three-byte sequence "\xe2\x82" gives one).
func lossyUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		if r == utf8.RuneError && size == 1 {
			b.WriteRune(utf8.RuneError)
			s = s[invalidUTF8Len(s):]
			continue
		}
		b.WriteString(s[:size])
		s = s[size:]
	}
	return b.String()
}

// invalidUTF8Len is the length of the invalid sequence at the start of s
// as Rust (and WHATWG) count it: a lead byte followed by the continuation
// bytes that were valid for it so far.
func invalidUTF8Len(s string) int {
	c := s[0]
	need := 0
	lo, hi := byte(0x80), byte(0xBF)
	switch {
	case c >= 0xC2 && c <= 0xDF:
		need = 1
	case c == 0xE0:
		need, lo = 2, 0xA0
	case c >= 0xE1 && c <= 0xEC, c == 0xEE, c == 0xEF:
		need = 2
	case c == 0xED:
		need, hi = 2, 0x9F
	case c == 0xF0:
		need, lo = 3, 0x90
	case c >= 0xF1 && c <= 0xF3:
		need = 3
	case c == 0xF4:
		need, hi = 3, 0x8F
	default:
		return 1
	}
	n := 1
	for ; n <= need && n < len(s); n++ {
		if s[n] < lo || s[n] > hi {
			break
		}
		lo, hi = 0x80, 0xBF
	}
	return n
}
