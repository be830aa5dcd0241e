package vrl

import (
	"fmt"
	"testing"
	"time"

	"github.com/matano-go/matano/compiler/vrl/check"
	"github.com/matano-go/matano/runtime/vrl/value"
)

// run compiles src, runs it on the JSON event and returns the result,
// the event afterwards and the error text.
func run(t *testing.T, src, event string) (string, string, string) {
	t.Helper()
	p, diags := CompileSource("test.vrl", []byte(src), check.Config{})
	if p == nil {
		t.Fatalf("compile %q: %s", src, RenderDiagnostics(diags, false))
	}
	ev, err := value.FromJSON([]byte(event))
	if err != nil {
		t.Fatal(err)
	}
	target := &Target{Event: ev, Metadata: value.ObjectValue(value.NewObject(0))}
	res, err := p.Run(target, &Env{Now: func() time.Time { return time.Unix(0, 0) }})
	evOut := string(value.AppendJSON(nil, target.Event))
	if err != nil {
		return "", evOut, err.Error()
	}
	return string(value.AppendJSON(nil, res)), evOut, ""
}

// eventCase is a program, the event it runs on and the event it must
// leave behind.
type eventCase struct{ name, src, event, after string }

// checkEvents runs each case and compares the event it leaves.
func checkEvents(t *testing.T, cases []eventCase) {
	t.Helper()
	for _, tc := range cases {
		_, after, err := run(t, tc.src, tc.event)
		if err != "" {
			t.Errorf("%s: %s", tc.name, err)
			continue
		}
		if after != tc.after {
			t.Errorf("%s: event %s, want %s", tc.name, after, tc.after)
		}
	}
}

// TestEngine pins the language semantics that need no stdlib function.
func TestEngine(t *testing.T) {
	cases := []struct {
		name, src, event string
		result, after    string // after == "" means unchanged
		err              string
	}{
		{"last expression", `1; 2; "x"`, `{}`, `"x"`, "", ""},
		{"empty program", ``, `{}`, `null`, "", ""},
		{"integer wraps", `9223372036854775807 + 1`, `{}`, `-9223372036854775808`, "", ""},
		{"division is float", `4 / 2`, `{}`, `2.0`, "", ""},
		{"mixed add", `1 + 1.5`, `{}`, `2.5`, "", ""},
		{"string concat", `"a" + "b"`, `{}`, `"ab"`, "", ""},
		{"string repeat", `"ab" * 3`, `{}`, `"ababab"`, "", ""},
		{"lossy equality", `1 == 1.0`, `{}`, `true`, "", ""},
		{"strict nested equality", `[1] == [1.0]`, `{}`, `false`, "", ""},
		{"or returns value", `null || "x"`, `{}`, `"x"`, "", ""},
		{"or keeps truthy", `"a" || "b"`, `{}`, `"a"`, "", ""},
		{"and with null", `true && null`, `{}`, `false`, "", ""},
		{"comparison strings", `"a" < "b"`, `{}`, `true`, "", ""},
		{"event read", `.a.b`, `{"a":{"b":[1,2]}}`, `[1,2]`, "", ""},
		{"negative index read", `.a[-1]`, `{"a":[1,2,3]}`, `3`, "", ""},
		{"missing read", `.a.b.c`, `{"a":1}`, `null`, "", ""},
		{"nested assign creates", `.a.b.c = 1`, `{}`, `1`, `{"a":{"b":{"c":1}}}`, ""},
		{"index assign pads", `.a[2] = 1`, `{}`, `1`, `{"a":[null,null,1]}`, ""},
		{"negative index assign prepends", `.a[-3] = 1`, `{"a":[5]}`, `1`, `{"a":[1,null,5]}`, ""},
		{"assign replaces scalar", `.a.b = 1`, `{"a":"x"}`, `1`, `{"a":{"b":1}}`, ""},
		{"root assign", `. = {"x": 1}`, `{"a":1}`, `{"x":1}`, `{"x":1}`, ""},
		{"metadata", `%m = 1; %m`, `{}`, `1`, "", ""},
		{"merge assign", `x = {"b": 1, "c": 1}; x |= {"c": 3}; .a = x; x`, `{}`, `{"b":1,"c":3}`, `{"a":{"b":1,"c":3}}`, ""},
		{"merge op", `{"a":1} | {"b":2}`, `{}`, `{"a":1,"b":2}`, "", ""},
		{"if else", `if .a == 2 { "big" } else { "small" }`, `{"a":2}`, `"big"`, "", ""},
		{"if without else", `if false { 1 }`, `{}`, `null`, "", ""},
		{"else if", `if false { 1 } else if true { 2 } else { 3 }`, `{}`, `2`, "", ""},
		{"not", `!false`, `{}`, `true`, "", ""},
		{"template", `x = "a"; y = "b"; "{{ x }}-{{ y }}"`, `{}`, `"a-b"`, "", ""},
		{"template null", `x = null; "v={{ x }}"`, `{}`, `"v="`, "", ""},
		{"abort keeps changes", `.a = 1; abort; .b = 2`, `{}`, ``, `{"a":1}`, "aborted"},
		{"abort message", `abort "stop"`, `{}`, ``, `{}`, "stop"},
		{"return", `.a = 1; return 5; .b = 2`, `{}`, `5`, `{"a":1}`, ""},
		{"err assign ok", `x, err = 1 / .d; [x, err]`, `{"d":2}`, `[0.5,null]`, "", ""},
		{"err assign error", `x, err = 1 / .d; [x, err]`, `{"d":0}`, `[0.0,"can't divide by zero"]`, "", ""},
		{"coalesce", `(1 / .d) ?? 7`, `{"d":0}`, `7`, "", ""},
		{"runtime type error", `_, err = .a + 1; err`, `{"a":"x"}`, `"can't add type integer to string"`, "", ""},
		{"array literal", `[1, .a, [2]]`, `{"a":true}`, `[1,true,[2]]`, "", ""},
		{"object literal later key wins", `{"a": 1, "a": 2}`, `{}`, `{"a":2}`, "", ""},
		{"query on literal", `{"a": [1, 2]}.a[1]`, `{}`, `2`, "", ""},
		{"variable path assign", `x = {"a": {}}; x.a.b = 1; x`, `{}`, `{"a":{"b":1}}`, "", ""},
		{"float keeps point", `1.0`, `{}`, `1.0`, "", ""},
		// A variable the checker knows may still be unassigned at run time
		// (the right side of || did not run): exists is false, as in VRL.
		{"exists unassigned variable", `z = .a == 2 || (x = {"k": 1}); y = {"k": 1}; [exists(x.k), exists(y.k), exists(.a), exists(.b)]`, `{"a":2}`, `[false,true,true,false]`, "", ""},
		{"exists assigned variable", `z = .a == 2 || (x = {"k": 1}); exists(x.k)`, `{"a":1}`, `true`, "", ""},
		{"exists variable path", `x = {"k": null}; [exists(x.k), exists(x.j)]`, `{}`, `[true,false]`, "", ""},
		// Value semantics: copies are independent.
		{"copy then mutate var", `x = .a; x.b = 2; .a`, `{"a":{"b":1}}`, `{"b":1}`, "", ""},
		{"copy then mutate event", `x = .a; .a.b = 2; x`, `{"a":{"b":1}}`, `{"b":1}`, `{"a":{"b":2}}`, ""},
		{"deep copy then mutate", `x = .; .a.b.c = 2; x.a.b.c`, `{"a":{"b":{"c":1}}}`, `1`, `{"a":{"b":{"c":2}}}`, ""},
		{"array copy", `x = .a; .a[0] = 9; x`, `{"a":[1,2]}`, `[1,2]`, `{"a":[9,2]}`, ""},
		{"literal container reused", `x = [1]; x[0] = 2; y = [1]; y`, `{}`, `[1]`, "", ""},
		{"stored in literal", `x = {"k": .a}; .a.b = 2; x`, `{"a":{"b":1}}`, `{"k":{"b":1}}`, `{"a":{"b":2}}`, ""},
		{"self assign nested", `.b = .a; .b.x = 1; .a`, `{"a":{"y":0}}`, `{"y":0}`, `{"a":{"y":0},"b":{"x":1,"y":0}}`, ""},
		{"merge shares children", `.a = {"n": {"v": 1}}; x = .a | {}; .a.n.v = 2; x.n.v`, `{}`, `1`, `{"a":{"n":{"v":2}}}`, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, after, err := run(t, c.src, c.event)
			if err != c.err {
				t.Fatalf("error = %q, want %q (result %s)", err, c.err, res)
			}
			if err == "" && res != c.result {
				t.Errorf("result = %s, want %s", res, c.result)
			}
			want := c.after
			if want == "" {
				want = string(value.AppendJSON(nil, mustJSON(t, c.event)))
			}
			if after != want {
				t.Errorf("event = %s, want %s", after, want)
			}
		})
	}
}

func mustJSON(t *testing.T, s string) value.Value {
	v, err := value.FromJSON([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestConcurrentRuns runs one program from several goroutines (run with
// -race): frames come from a pool and constants are never mutated.
func TestConcurrentRuns(t *testing.T) {
	p, diags := CompileSource("c.vrl", []byte(`
x = {"k": [1, 2]}
x.k[0] = .n
.out = x
.sum = int!(.n) + 1
`), check.Config{})
	if p == nil {
		t.Fatal(RenderDiagnostics(diags, false))
	}
	done := make(chan error, 4)
	for g := 0; g < 4; g++ {
		go func(g int) {
			for i := 0; i < 200; i++ {
				n := int64(g*1000 + i)
				o := value.NewObject(1)
				o.Set("n", value.Integer(n))
				tg := &Target{Event: value.ObjectValue(o), Metadata: value.ObjectValue(value.NewObject(0))}
				if _, err := p.Run(tg, nil); err != nil {
					done <- err
					return
				}
				out, _ := lookupPath(tg.Event, []segment{{field: "out"}, {field: "k"}, {index: 0, isIndex: true}})
				if out.Int() != n {
					done <- fmt.Errorf("goroutine %d: got %v, want %d", g, out, n)
					return
				}
			}
			done <- nil
		}(g)
	}
	for g := 0; g < 4; g++ {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
}
