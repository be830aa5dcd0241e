package stdlib

import "strings"

// formPair is one name/value pair of an application/x-www-form-urlencoded
// string.
type formPair struct{ name, value string }

// parseFormPairs splits a query string as the WHATWG urlencoded parser
// (Rust's form_urlencoded::parse) does: on '&', skipping empty pieces,
// each piece split at its first '=' (a piece without '=' has an empty
// value); '+' means space, %XX escapes are decoded (malformed ones kept
// as written) and the bytes are read as UTF-8 with invalid sequences
// replaced.
func parseFormPairs(s string) []formPair {
	var out []formPair
	for _, piece := range strings.Split(s, "&") {
		if piece == "" {
			continue
		}
		name, val, _ := strings.Cut(piece, "=")
		out = append(out, formPair{formDecode(name), formDecode(val)})
	}
	return out
}
