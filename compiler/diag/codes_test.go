package diag

import (
	"regexp"
	"testing"
)

func TestCodesRegistry(t *testing.T) {
	re := regexp.MustCompile(`^M[0-9]{3}$`)
	seen := map[string]bool{}
	for _, c := range Codes {
		if !re.MatchString(c.Code) {
			t.Errorf("%q: codes are M followed by three digits", c.Code)
		}
		if seen[c.Code] {
			t.Errorf("%s registered twice", c.Code)
		}
		seen[c.Code] = true
		if c.Meaning == "" || c.Example == "" {
			t.Errorf("%s needs a meaning and an example", c.Code)
		}
		if got, ok := LookupCode(c.Code); !ok || got != c {
			t.Errorf("LookupCode(%s) = %v, %v", c.Code, got, ok)
		}
	}
	if _, ok := LookupCode("M999"); ok {
		t.Error("LookupCode must not find unregistered codes")
	}
}
