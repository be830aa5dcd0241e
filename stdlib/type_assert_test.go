package stdlib

import (
	"regexp"
	"testing"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// TestAssertTypeErrors checks the prebuilt errors of the type assertions
// against TypeError, for every function and every type of argument
// (containers, whose message shows their shape, are built per call).
func TestAssertTypeErrors(t *testing.T) {
	wants := map[string]value.KindBits{
		"string": value.BitBytes, "int": value.BitInteger, "float": value.BitFloat, "bool": value.BitBoolean,
		"timestamp": value.BitTimestamp, "array": value.BitArray, "object": value.BitObject,
	}
	args := []value.Value{value.Null, tStr("x"), value.Integer(1), value.Float(1.5), value.True, tTS("2021-01-01T00:00:00Z"),
		value.RegexValue(&value.Regex{Pattern: "a", Regexp: regexp.MustCompile("a")}),
		tArr(), tJSON(`[1, "a"]`), tObj(), tJSON(`{"a": {"b": null}}`)}
	for fn, want := range wants {
		for _, a := range args {
			call, vals, present, _, err := buildCall(t, fn, []any{dynArg{a}}, false)
			if err != nil {
				t.Fatal(err)
			}
			got, gotErr := call.Eval(&Context{}, vals, present)
			if a.Type().Bit() == want {
				if gotErr != nil || !value.Equal(got, a) {
					t.Errorf("%s(%s) = %v, %v; want the argument", fn, value.AppendJSON(nil, a), got, gotErr)
				}
				continue
			}
			if gotErr == nil || gotErr.Error() != TypeError(want, a).Error() {
				t.Errorf("%s(%s): error %v, want %q", fn, value.AppendJSON(nil, a), gotErr, TypeError(want, a))
			}
		}
	}
}
