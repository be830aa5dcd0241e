package vrl

import (
	"testing"
	"time"

	"github.com/matano-go/matano/compiler/vrl/check"
	"github.com/matano-go/matano/runtime/vrl/value"
)

// TestResultsAliasingArguments pins value semantics for stdlib results
// that return (parts of) their argument unchanged, as compact does for a
// container with nothing to remove: changing the result must not change
// the argument, and changing the argument must not change the result.
// The input event is marked shared first, as the ingest pipeline does to
// keep it for the sideline; it must come out of the run untouched.
func TestResultsAliasingArguments(t *testing.T) {
	for _, tc := range []struct {
		name, src, event, after string
	}{
		{"change the result", `x = compact(object!(.a)); x.b = 2; .c = x`, `{"a":{"b":1,"k":"v"}}`,
			`{"a":{"b":1,"k":"v"},"c":{"b":2,"k":"v"}}`},
		{"change the argument", `x = compact(object!(.a)); .a.b = 2; .c = x`, `{"a":{"b":1,"k":"v"}}`,
			`{"a":{"b":2,"k":"v"},"c":{"b":1,"k":"v"}}`},
		{"nested result", `x = compact(.); x.a.n.m = 3; .c = x.a`, `{"a":{"n":{"m":1}},"z":null}`,
			`{"a":{"n":{"m":1}},"c":{"n":{"m":3}},"z":null}`},
		{"array result", `x = compact(array!(.l)); x[0] = 9; .m = x`, `{"l":[1,[2]]}`,
			`{"l":[1,[2]],"m":[9,[2]]}`},
		{"root replaced", `. = compact(.); .a.b = 3`, `{"a":{"b":1},"e":""}`, `{"a":{"b":3}}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, diags := CompileSource("alias.vrl", []byte(tc.src), check.Config{})
			if p == nil {
				t.Fatalf("compile: %s", RenderDiagnostics(diags, false))
			}
			in, err := value.FromJSON([]byte(tc.event))
			if err != nil {
				t.Fatal(err)
			}
			value.MarkShared(in)
			target := &Target{Event: in, Metadata: value.ObjectValue(value.NewObject(0))}
			if _, err := p.Run(target, &Env{Now: func() time.Time { return time.Unix(0, 0) }}); err != nil {
				t.Fatal(err)
			}
			if got := string(value.AppendJSON(nil, target.Event)); got != tc.after {
				t.Errorf("event\n got %s\nwant %s", got, tc.after)
			}
			if got := string(value.AppendJSON(nil, in)); got != tc.event {
				t.Errorf("the input changed: %s", got)
			}
		})
	}
}
