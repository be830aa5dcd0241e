package stdlib

import (
	"sort"
	"testing"
)

// Every pattern of both built-in libraries must compile with the regex
// engine (Oniguruma syntax translated for regexp2).
func TestGrokLibrariesCompile(t *testing.T) {
	crate, datadog := grokLibraries()
	for _, lib := range []struct {
		name string
		defs map[string]string
	}{{"grok", crate}, {"datadog", datadog}} {
		names := make([]string, 0, len(lib.defs))
		for n := range lib.defs {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			if lib.name == "grok" {
				if _, err := grokCompile(lib.defs, "%{"+n+":x}", true); err != nil {
					t.Errorf("%s %s: %v", lib.name, n, err)
				}
			} else if _, err := ddGrokCompile("%{" + n + ":x}"); err != nil {
				t.Errorf("%s %s: %v", lib.name, n, err)
			}
		}
	}
}

func TestGrokOnigToNET(t *testing.T) {
	cases := map[string]string{
		`(?m)\A.*\z`:           `(?s)\A.*\z`,
		`\h{32}`:               `[0-9A-Fa-f]{32}`,
		`[[[:alnum:]]_%!$@:.]`: `[\p{L}\p{M}\p{Nd}_%!$@:.]`,
		`[^[:space:]]+`:        `[^\s]+`,
		`(?mi:a)`:              `(?si:a)`,
		`\(?m)`:                `\(?m)`,
	}
	for in, want := range cases {
		if got := grokOnigToNET(in); got != want {
			t.Errorf("grokOnigToNET(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestGrokOnigQuantifiers(t *testing.T) {
	cases := map[string]string{
		`a.?*b`:      `a(?:.?)*b`,
		`x*?`:        `x*?`,
		`(ab)?+`:     `(?>(ab)?)`,
		`\d{2}{3}`:   `(?:\d{2}){3}`,
		`a{x}`:       `a{x}`,
		`[a-z]++`:    `(?>[a-z]+)`,
		`(?i)a*?b+?`: `(?i)a*?b+?`,
	}
	for in, want := range cases {
		if got := grokOnigToNET(in); got != want {
			t.Errorf("grokOnigToNET(%q) = %q, want %q", in, got, want)
		}
	}
}
