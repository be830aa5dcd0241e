package stdlib

import (
	"encoding/base64"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// The function tests are tables of calls, run here without the parser and
// interpreter: each argument is positional or named (kw), a literal unless
// wrapped in dyn, and a case expects a result (as JSON, as upstream's
// examples state it), a run-time error (the part after `function call
// error for "f" at (a:b): `) or a compile error.

// fnCase is one call and what it must give.
type fnCase struct {
	fn string
	// args are value.Value, string, int, float64 or bool (literals), kwArg
	// for a keyword argument and dynArg for one not constant at compile
	// time.
	args []any
	want string // JSON of the result
	err  string // expected run-time error (or argument type error)
	// compileErr, when set, is a substring of the expected compile error
	// (its message, label and notes joined with " | ").
	compileErr string
	// closure, when set, is the closure the call receives.
	closure func(params ...value.Value) (value.Value, error)
	// fallible, when non-nil, is the expected fallibility of the call.
	fallible *bool
	// kind, when set, is the expected return kind (Kind.String()).
	kind string
	// sameType compares only the result's type (non-deterministic
	// results such as now()).
	sameType bool
	// untyped skips checking the result against the declared kind (where
	// upstream's type rule is known to be loose).
	untyped bool
	// now is the clock (testNow when zero).
	now time.Time
	// tz is the runtime's default time zone (UTC when empty).
	tz string
}

// kwArg is a keyword argument.
type kwArg struct {
	name string
	v    any
}

func kw(name string, v any) kwArg { return kwArg{name, v} }

// dynArg marks an argument as not constant at compile time.
type dynArg struct{ v value.Value }

// testNow is the clock of the tests unless a case sets its own.
var testNow = time.Date(2021, 2, 3, 4, 5, 6, 789000000, time.UTC)

// lpNow is the clock the parsing functions' cases were written against.
var lpNow = time.Date(2026, 11, 27, 1, 2, 3, 0, time.UTC)

// tJSON parses a JSON literal into a value.
func tJSON(s string) value.Value {
	v, err := value.FromJSON([]byte(s))
	if err != nil {
		panic("bad JSON in test: " + s)
	}
	return v
}

// tStr makes a string value.
func tStr(s string) value.Value { return value.Bytes(s) }

// tB64 makes a bytes value from base64.
func tB64(s string) value.Value {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return value.BytesFrom(b)
}

// tTS makes a timestamp value from RFC 3339.
func tTS(s string) value.Value {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return value.Timestamp(t)
}

// tRe makes a regex value.
func tRe(pattern string) value.Value {
	return value.RegexValue(&value.Regex{Pattern: pattern, Regexp: regexp.MustCompile(pattern)})
}

// tArr makes an array value.
func tArr(items ...value.Value) value.Value { return value.ArrayValue(items) }

// tObj makes an object value from key, value pairs.
func tObj(kv ...any) value.Value {
	o := value.NewObject(len(kv) / 2)
	for i := 0; i < len(kv); i += 2 {
		o.Set(kv[i].(string), kv[i+1].(value.Value))
	}
	return value.ObjectValue(o)
}

func boolPtr(b bool) *bool { return &b }

// testArg converts a table argument to a value and whether it is constant.
func testArg(raw any) (value.Value, bool, error) {
	switch r := raw.(type) {
	case value.Value:
		return r, true, nil
	case dynArg:
		return r.v, false, nil
	case string:
		return value.Bytes(r), true, nil
	case int:
		return value.Integer(int64(r)), true, nil
	case float64:
		return value.Float(r), true, nil
	case bool:
		return value.Boolean(r), true, nil
	}
	return value.Null, false, fmt.Errorf("bad argument %T", raw)
}

// literalCall is a call compiled as the compiler would compile it for
// these arguments (constants carry their value, every argument its exact
// type), with its run-time arguments. kindErr is the error the runtime
// raises before Eval for an argument outside its parameter's kinds, and
// compileErr the error Compile returned.
type literalCall struct {
	call       Call
	vals       []value.Value
	present    []bool
	kindErr    error
	compileErr error
}

// compileLiterals binds args (see fnCase.args) to fn's parameters and
// compiles the call. Its error is a mistake in the test (an unknown
// function or keyword, a missing required argument).
func compileLiterals(fn string, argList []any, closure bool) (*literalCall, error) {
	f, ok := Lookup(fn)
	if !ok {
		return nil, fmt.Errorf("function %q is not registered", fn)
	}
	params := f.Params()
	lc := &literalCall{vals: make([]value.Value, len(params)), present: make([]bool, len(params))}
	args := &Args{List: make([]Arg, len(params))}
	pos := 0
	for _, a := range argList {
		idx := pos
		raw := a
		if k, ok := a.(kwArg); ok {
			idx = -1
			for i, p := range params {
				if p.Keyword == k.name {
					idx = i
				}
			}
			if idx < 0 {
				return nil, fmt.Errorf("%s: unknown keyword %q", fn, k.name)
			}
			raw = k.v
		} else {
			pos++
		}
		if idx >= len(params) {
			return nil, fmt.Errorf("%s: too many arguments", fn)
		}
		v, isConst, err := testArg(raw)
		if err != nil {
			return nil, err
		}
		if value.KindOf(v).Bits&params[idx].Kind == 0 && lc.kindErr == nil {
			lc.kindErr = TypeError(params[idx].Kind, v)
		}
		lc.vals[idx], lc.present[idx] = v, true
		arg := Arg{Present: true, Kind: value.KindOf(v)}
		if isConst {
			vc := v
			arg.Const = &vc
		}
		args.List[idx] = arg
	}
	for i, p := range params {
		if p.Required && !lc.present[i] {
			return nil, fmt.Errorf("%s: missing required argument %q", fn, p.Keyword)
		}
	}
	if closure {
		args.Closure = &ClosureArg{Kind: value.KindAny()}
	}
	lc.call, lc.compileErr = f.Compile(args)
	return lc, nil
}

// buildCall is compileLiterals for a test, which it fails on a mistake in
// the case.
func buildCall(t testing.TB, fn string, argList []any, closure bool) (call Call, vals []value.Value, present []bool, kindErr, err error) {
	t.Helper()
	lc, herr := compileLiterals(fn, argList, closure)
	if herr != nil {
		t.Fatal(herr)
	}
	return lc.call, lc.vals, lc.present, lc.kindErr, lc.compileErr
}

// compileErrorText is what a compileErr expectation is matched against.
func compileErrorText(err error) string {
	msg := err.Error()
	if ce, ok := err.(*CompileError); ok {
		msg += " | " + ce.Label + " | " + strings.Join(ce.Notes, " | ")
	}
	return msg
}

func runCases(t *testing.T, cases []fnCase) {
	t.Helper()
	old := LogOutput
	LogOutput = io.Discard
	defer func() { LogOutput = old }()
	for i, c := range cases {
		t.Run(c.fn+"/"+strconv.Itoa(i)+"/"+describeArgs(c.args), func(t *testing.T) {
			call, vals, present, kindErr, err := buildCall(t, c.fn, c.args, c.closure != nil)
			if c.compileErr != "" {
				if err == nil {
					t.Fatalf("compiled, want compile error %q", c.compileErr)
				}
				if msg := compileErrorText(err); !strings.Contains(msg, c.compileErr) {
					t.Fatalf("compile error %q, want it to contain %q", msg, c.compileErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("compile error: %v", err)
			}
			if kindErr != nil {
				if kindErr.Error() != c.err {
					t.Fatalf("argument type error %q, want %q", kindErr, c.err)
				}
				return
			}
			td := call.TypeDef()
			if c.fallible != nil && td.Fallible != *c.fallible {
				t.Errorf("fallible = %v, want %v", td.Fallible, *c.fallible)
			}
			if c.kind != "" && td.Kind.String() != c.kind {
				t.Errorf("kind = %s, want %s", td.Kind, c.kind)
			}
			now := c.now
			if now.IsZero() {
				now = testNow
			}
			ctx := &Context{Now: func() time.Time { return now }, Closure: c.closure}
			if c.tz != "" {
				loc, err := time.LoadLocation(c.tz)
				if err != nil {
					t.Fatal(err)
				}
				ctx.Timezone = loc
			}
			got, err := call.Eval(ctx, vals, present)
			if c.err != "" {
				if err == nil {
					t.Fatalf("got %s, want error %q", value.AppendJSON(nil, got), c.err)
				}
				if err.Error() != c.err {
					t.Fatalf("error = %q\nwant    %q", err.Error(), c.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			gotJSON := string(value.AppendJSON(nil, got))
			want := string(value.AppendJSON(nil, tJSON(c.want)))
			if c.sameType {
				gotJSON, want = gotJSON[:1], want[:1]
			}
			if gotJSON != want {
				t.Fatalf("got  %s\nwant %s", gotJSON, want)
			}
			if c.kind == "" && !c.untyped && td.Kind.Bits != 0 && !td.Kind.Contains(value.KindOf(got).Bits) {
				t.Errorf("result %s is not of the declared kind %s", gotJSON, td.Kind)
			}
		})
	}
}

// describeArgs names a case after its arguments (shortened).
func describeArgs(args []any) string {
	parts := make([]string, 0, len(args))
	for _, a := range args {
		name := ""
		if k, ok := a.(kwArg); ok {
			name, a = k.name+"=", k.v
		}
		if d, ok := a.(dynArg); ok {
			a = d.v
		}
		if v, ok := a.(value.Value); ok {
			parts = append(parts, name+string(value.AppendJSON(nil, v)))
		} else {
			parts = append(parts, name+fmt.Sprint(a))
		}
	}
	d := strings.Join(parts, ",")
	if len(d) > 60 {
		d = d[:60]
	}
	return d
}

// evalCall runs fn on literal arguments and returns the result, failing
// the test on any error; for round trips and binary outputs.
func evalCall(t testing.TB, fn string, args ...any) value.Value {
	t.Helper()
	call, vals, present, kindErr, err := buildCall(t, fn, args, false)
	if err != nil {
		t.Fatalf("%s: compile error: %v", fn, err)
	}
	if kindErr != nil {
		t.Fatalf("%s: %v", fn, kindErr)
	}
	got, err := call.Eval(&Context{Now: func() time.Time { return testNow }}, vals, present)
	if err != nil {
		t.Fatalf("%s: %v", fn, err)
	}
	return got
}

// benchCall benchmarks fn on literal arguments: it compiles the call
// once and evaluates it per iteration, as the interpreter does.
func benchCall(b *testing.B, fn string, args ...any) {
	b.Helper()
	call, vals, present, kindErr, err := buildCall(b, fn, args, false)
	if err == nil {
		err = kindErr
	}
	if err != nil {
		b.Fatal(err)
	}
	ctx := &Context{Now: func() time.Time { return testNow }}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := call.Eval(ctx, vals, present); err != nil {
			b.Fatal(err)
		}
	}
}
