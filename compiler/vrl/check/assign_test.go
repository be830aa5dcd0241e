package check

import (
	"regexp"
	"testing"
)

// TestPlainSegment checks the hand-written matcher against the pattern
// upstream uses to decide whether a path segment needs quotes.
func TestPlainSegment(t *testing.T) {
	re := regexp.MustCompile(`^[0-9]*[a-zA-Z_@][0-9a-zA-Z_@]*$`)
	for _, s := range []string{
		"", "a", "abc", "_", "@", "@timestamp", "a1", "1a", "123", "0", "12ab34",
		"a-b", "a.b", "a b", "\"a\"", "é", "a\n", "A_Z@9", "9_", "-", "1-",
	} {
		if got, want := plainSegment(s), re.MatchString(s); got != want {
			t.Errorf("plainSegment(%q) = %v, want %v", s, got, want)
		}
	}
}
