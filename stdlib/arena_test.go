package stdlib

import (
	"testing"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// TestArenaResults runs the calls that carve their results from
// Context.Arena with and without one: same results, and with it no
// allocation of their own (the arena's chunks are shared by many runs).
func TestArenaResults(t *testing.T) {
	arn := func(params ...value.Value) (value.Value, error) {
		v, _ := params[0].Obj().Get("ARN")
		return v, nil
	}
	tests := []struct {
		name    string
		fn      string
		args    []any
		closure func(params ...value.Value) (value.Value, error)
		want    string
	}{
		{name: "split", fn: "split", args: []any{dynArg{tStr("arn:aws:iam::1:user/a/b")}, "/"}, want: `["arn:aws:iam::1:user","a","b"]`},
		{name: "split limit", fn: "split", args: []any{dynArg{tStr("a/b/c")}, "/", 2}, want: `["a","b/c"]`},
		{name: "split no separator", fn: "split", args: []any{dynArg{tStr("abc")}, "/"}, want: `["abc"]`},
		{name: "map_values array", fn: "map_values", args: []any{dynArg{tJSON(`[{"ARN":"x"},{"ARN":"y"}]`)}}, closure: arn, want: `["x","y"]`},
		{name: "map_values object", fn: "map_values", args: []any{dynArg{tJSON(`{"a":{"ARN":"x"},"b":{}}`)}}, closure: arn, want: `{"a":"x","b":null}`},
		{name: "map_values empty", fn: "map_values", args: []any{dynArg{tJSON(`[]`)}}, closure: arn, want: `[]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			call, vals, present, kindErr, err := buildCall(t, tt.fn, tt.args, tt.closure != nil)
			if err == nil {
				err = kindErr
			}
			if err != nil {
				t.Fatal(err)
			}
			var arena value.Arena
			for _, ctx := range []*Context{{Closure: tt.closure}, {Closure: tt.closure, Arena: &arena}} {
				arena.Begin()
				out, err := call.Eval(ctx, vals, present)
				if err != nil {
					t.Fatal(err)
				}
				if got := string(value.AppendJSON(nil, out)); got != tt.want {
					t.Errorf("%s (arena %v) = %s, want %s", tt.fn, ctx.Arena != nil, got, tt.want)
				}
				if value.IsShared(out) {
					t.Errorf("%s (arena %v) returned a shared container", tt.fn, ctx.Arena != nil)
				}
			}
			ctx := &Context{Closure: tt.closure, Arena: &arena}
			if n := testing.AllocsPerRun(200, func() {
				arena.Begin()
				if _, err := call.Eval(ctx, vals, present); err != nil {
					t.Fatal(err)
				}
			}); n > 0.1 {
				t.Errorf("%s with an arena: %v allocations a call", tt.fn, n)
			}
		})
	}
}
