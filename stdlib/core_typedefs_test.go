package stdlib

import (
	"errors"
	"math"
	"testing"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// Type rules: the return kind and fallibility a call gets from its
// arguments' static types (and constants), as upstream's type_def.

// typeArg is an argument of a type test: its static kind, and its value
// when it is a literal.
type typeArg struct {
	kind  value.Kind
	konst *value.Value
}

func tk(k value.Kind) typeArg { return typeArg{kind: k} }

func tc(v value.Value) typeArg { return typeArg{kind: value.KindOf(v), konst: &v} }

func compileWith(t *testing.T, fn string, args ...typeArg) (Call, error) {
	t.Helper()
	f, ok := Lookup(fn)
	if !ok {
		t.Fatalf("%s is not registered", fn)
	}
	a := &Args{List: make([]Arg, len(f.Params()))}
	for i, arg := range args {
		a.List[i] = Arg{Present: true, Kind: arg.kind, Const: arg.konst}
	}
	return f.Compile(a)
}

func TestCoreTypeDefs(t *testing.T) {
	anyDefined := value.KindAnyDefined().Display()
	bytesArr := value.KindArrayOf(nil, value.KindBytes.Ptr())
	anyArr := value.KindArrayAny()
	cases := []struct {
		fn       string
		args     []typeArg
		kind     string // Kind.Display()
		fallible bool
		// unknown, when set, is the Display of the collection's kind of
		// unknown positions ("any" when every kind may be there).
		unknown string
	}{
		{"string", []typeArg{tk(value.KindBytes)}, "string", false, ""},
		{"string", []typeArg{tk(value.KindAny())}, "string", true, ""},
		{"int", []typeArg{tk(value.KindInteger)}, "integer", false, ""},
		{"bool", []typeArg{tk(value.Kind{Bits: value.BitBoolean | value.BitNull})}, "boolean", true, ""},
		{"array", []typeArg{tk(bytesArr)}, "array", false, "string"},
		{"object", []typeArg{tk(value.KindBytes)}, "object", true, anyDefined},
		{"to_int", []typeArg{tk(value.KindFloat)}, "integer", false, ""},
		{"to_int", []typeArg{tk(value.KindBytes)}, "integer", true, ""},
		{"to_int", []typeArg{tk(value.KindTimestamp)}, "integer", false, ""},
		{"to_float", []typeArg{tk(value.KindTimestamp)}, "float", false, ""},
		{"to_bool", []typeArg{tk(value.KindTimestamp)}, "boolean", true, ""},
		{"to_bool", []typeArg{tk(value.KindNull)}, "boolean", false, ""},
		{"to_string", []typeArg{tk(value.Kind{Bits: value.BitInteger | value.BitTimestamp})}, "string", false, ""},
		{"to_string", []typeArg{tk(value.KindRegex)}, "string", true, ""},
		{"contains_all", []typeArg{tk(value.KindBytes), tk(bytesArr)}, "boolean", false, ""},
		{"contains_all", []typeArg{tk(value.KindBytes), tk(anyArr)}, "boolean", true, ""},
		{"abs", []typeArg{tk(value.KindInteger)}, "integer", false, ""},
		{"round", []typeArg{tk(value.Kind{Bits: value.BitInteger | value.BitFloat})}, "integer or float", false, ""},
		{"mod", []typeArg{tk(value.KindInteger), tc(value.Integer(2))}, "integer", false, ""},
		{"mod", []typeArg{tk(value.KindInteger), tc(value.Integer(0))}, "integer", true, ""},
		{"mod", []typeArg{tk(value.KindFloat), tc(value.Float(0.5))}, "float", false, ""},
		{"mod", []typeArg{tk(value.KindInteger), tk(value.KindInteger)}, "integer or float", true, ""},
		{"mod", []typeArg{tc(value.Float(math.Inf(1))), tc(value.Integer(2))}, "integer", true, ""},
		{"chunks", []typeArg{tk(value.KindBytes), tc(value.Integer(2))}, "array", false, "string"},
		{"chunks", []typeArg{tk(value.KindBytes), tk(value.KindInteger)}, "array", true, "string"},
		{"keys", []typeArg{tk(value.KindObjectAny())}, "array", false, "string"},
		{"values", []typeArg{tc(tJSON(`{"a": 1, "b": "x"}`))}, "array", false, "string or integer"},
		{"push", []typeArg{tc(tJSON(`[1]`)), tk(value.KindBytes)}, "[integer, string]", false, ""},
		{"append", []typeArg{tc(tJSON(`[1]`)), tc(tJSON(`["a", true]`))}, "[integer, string, boolean]", false, ""},
		{"slice", []typeArg{tk(value.KindBytes), tk(value.KindInteger)}, "string", true, ""},
		{"slice", []typeArg{tk(value.Kind{Bits: value.BitBytes | value.BitArray}), tk(value.KindInteger)}, "string or array", true, ""},
		{"set", []typeArg{tk(value.KindObjectAny()), tk(anyArr), tk(value.KindBytes)}, "object", true, anyDefined},
		{"tag_types_externally", []typeArg{tk(value.KindNull)}, "null", false, ""},
		{"tally", []typeArg{tk(anyArr)}, "object", true, "integer"},
		{"split", []typeArg{tk(value.KindBytes), tk(value.KindBytes)}, "array", false, "string"},
		{"find", []typeArg{tk(value.KindBytes), tk(value.KindBytes)}, "integer or null", false, ""},
		{"basename", []typeArg{tk(value.KindBytes)}, "string or null", true, ""},
		{"merge", []typeArg{tc(tJSON(`{"a": 1}`)), tc(tJSON(`{"a": "x", "b": true}`))}, `{ a: string, b: boolean }`, false, ""},
		{"get_timezone_name", nil, "string", true, ""},
		{"now", nil, "timestamp", false, ""},
		{"log", []typeArg{tk(value.KindAny())}, "null", false, ""},
	}
	for _, c := range cases {
		call, err := compileWith(t, c.fn, c.args...)
		if err != nil {
			t.Errorf("%s: compile error %v", c.fn, err)
			continue
		}
		td := call.TypeDef()
		if got := td.Kind.Display(); got != c.kind {
			t.Errorf("%s%v: kind %s, want %s", c.fn, c.args, got, c.kind)
		}
		if c.unknown != "" {
			shape := td.Kind.ArrayShape()
			if shape == nil {
				shape = td.Kind.ObjectShape()
			}
			if got := shape.UnknownKind().WithoutUndefined().Display(); got != c.unknown {
				t.Errorf("%s%v: unknown kind %s, want %s", c.fn, c.args, got, c.unknown)
			}
		}
		if td.Fallible != c.fallible {
			t.Errorf("%s%v: fallible %v, want %v", c.fn, c.args, td.Fallible, c.fallible)
		}
	}
}

func TestCoreCompileErrors(t *testing.T) {
	cases := []struct {
		fn      string
		args    []typeArg
		message string
		label   string
		notes   []string
	}{
		{"chunks", []typeArg{tk(value.KindBytes), tc(value.Integer(0))},
			"function compilation error: error[E403] invalid argument", `invalid argument "chunk_size"`,
			[]string{`error: "chunk_size" must be at least 1 byte`, "received: 0"}},
		{"from_unix_timestamp", []typeArg{tk(value.KindInteger), tc(tStr("hours"))},
			`function compilation error: error[E401] invalid enum variant"`, `invalid enum variant for argument "unit"`,
			[]string{`expected one of: "seconds", "milliseconds", "microseconds", "nanoseconds"`, `received: "hours"`}},
		{"to_unix_timestamp", []typeArg{tk(value.KindTimestamp), tk(value.KindBytes)},
			"function compilation error: error[E400] unexpected expression type", `unexpected expression for argument "unit"`,
			[]string{"expected: literal"}},
		{"log", []typeArg{tk(value.KindAny()), tc(tStr("fatal"))},
			`function compilation error: error[E401] invalid enum variant"`, `invalid enum variant for argument "level"`,
			[]string{`expected one of: "trace", "debug", "info", "warn", "error"`, `received: "fatal"`}},
		{"camelcase", []typeArg{tk(value.KindBytes), tc(tStr("Title Case"))},
			`function compilation error: error[E401] invalid enum variant"`, `invalid enum variant for argument "original_case"`,
			[]string{`expected one of: "camelCase", "PascalCase", "SCREAMING_SNAKE", "snake_case", "kebab-case"`, `received: "Title Case"`}},
		{"match_any", []typeArg{tk(value.KindBytes), tk(value.KindArrayAny())},
			"function compilation error: error[E402] this argument must be a static expression", `expected static expression for argument "patterns"`, nil},
		{"flatten", []typeArg{tk(value.KindObjectAny()), tc(tStr(".")), tc(tJSON(`[1]`))},
			"function compilation error: error[E403] invalid argument", `invalid argument "except"`,
			[]string{"error: expected a string value", "received: 1"}},
		{"snakecase", []typeArg{tk(value.KindBytes), tc(tStr("camelCase")), tc(tJSON(`["digits"]`))},
			"function compilation error: error[E0] boundary must match one of: lower_upper, upper_lower, acronym, lower_digit, upper_digit, digit_lower, digit_upper",
			"boundary must match one of: lower_upper, upper_lower, acronym, lower_digit, upper_digit, digit_lower, digit_upper", nil},
	}
	for _, c := range cases {
		_, err := compileWith(t, c.fn, c.args...)
		var ce *CompileError
		if !errors.As(err, &ce) {
			t.Errorf("%s: got %v, want a CompileError", c.fn, err)
			continue
		}
		if ce.Code != 610 || ce.Message != c.message || ce.Label != c.label {
			t.Errorf("%s: got %d %q %q", c.fn, ce.Code, ce.Message, ce.Label)
		}
		if len(ce.Notes) != len(c.notes) {
			t.Errorf("%s: notes %q, want %q", c.fn, ce.Notes, c.notes)
			continue
		}
		for i := range c.notes {
			if ce.Notes[i] != c.notes[i] {
				t.Errorf("%s: note %q, want %q", c.fn, ce.Notes[i], c.notes[i])
			}
		}
	}
}
