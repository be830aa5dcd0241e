package stdlib

import (
	"strings"

	"golang.org/x/text/cases"
	"golang.org/x/text/language"
)

// Unicode case mapping as Rust's str::to_uppercase/to_lowercase do it:
// full mappings ("ß" → "SS") and the final-sigma rule, which Go's
// strings.ToUpper/ToLower (simple mappings) do not apply. ASCII strings,
// the common case, take the fast path.

func coreUpper(s string) string {
	if isASCII(s) {
		return strings.ToUpper(s)
	}
	return cases.Upper(language.Und).String(s)
}

func coreLower(s string) string {
	if isASCII(s) {
		return strings.ToLower(s)
	}
	return cases.Lower(language.Und).String(s)
}

// isASCII reports whether s is all ASCII.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
