package vrl

import "testing"

// TestEqConstant runs `==` and `!=` against constants of every kind, on
// either side, over values of every kind: eqConstant's fast path (null,
// string and boolean constants) must agree with value.EqualLossy, which
// the other constants (numbers, containers) still use.
func TestEqConstant(t *testing.T) {
	event := `{"n":null,"s":"x","t":"true","b":true,"f":false,"i":1,"fl":1.0,"a":["x"],"o":{"k":"x"}}`
	fields := []string{".n", ".s", ".t", ".b", ".f", ".i", ".fl", ".a", ".o", ".missing"}
	constants := []string{`null`, `"x"`, `"true"`, `""`, `true`, `false`, `1`, `1.0`, `["x"]`, `{"k": "x"}`}
	// want[field][constant] for ==.
	want := map[string]string{
		".n":       "1000000000",
		".s":       "0100000000",
		".t":       "0010000000",
		".b":       "0000100000",
		".f":       "0000010000",
		".i":       "0000001100",
		".fl":      "0000001100",
		".a":       "0000000010",
		".o":       "0000000001",
		".missing": "1000000000",
	}
	for _, fld := range fields {
		for j, k := range constants {
			eq := want[fld][j] == '1'
			for _, src := range []string{fld + " == " + k, k + " == " + fld} {
				if got, _, err := run(t, src, event); err != "" || got != map[bool]string{true: "true", false: "false"}[eq] {
					t.Errorf("%s: got %s %s, want %v", src, got, err, eq)
				}
			}
			for _, src := range []string{fld + " != " + k, k + " != " + fld} {
				if got, _, err := run(t, src, event); err != "" || got != map[bool]string{true: "true", false: "false"}[!eq] {
					t.Errorf("%s: got %s %s, want %v", src, got, err, !eq)
				}
			}
		}
	}
	// An error of the other side is the comparison's error.
	if got, _, _ := run(t, `_, err = (1 / .z) == null; err`, `{"z":0}`); got != `"can't divide by zero"` {
		t.Errorf("error side: got %s", got)
	}
}
