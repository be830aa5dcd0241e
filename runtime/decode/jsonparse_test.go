package decode

import (
	"encoding/json"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/matano-go/matano/runtime/vrl/value"
)

func TestJSONParse(t *testing.T) {
	tests := []struct {
		in   string
		want string // AppendJSON of the result, or "error: <substring>"
	}{
		{`{}`, `{}`},
		{` { "b" : 1 , "a" : [ true , false , null ] } `, `{"a":[true,false,null],"b":1}`},
		{`{"a":1,"a":2}`, `{"a":2}`},
		{`{"k5":5,"k4":4,"k3":3,"k2":2,"k1":1,"k0":0}`, `{"k0":0,"k1":1,"k2":2,"k3":3,"k4":4,"k5":5}`},
		{`{"x":1,"y":2,"x":3,"w":0,"x":4}`, `{"w":0,"x":4,"y":2}`},
		{`[]`, `[]`},
		{`[[],[{}]]`, `[[],[{}]]`},
		{`9223372036854775807`, `9223372036854775807`},
		{`-9223372036854775808`, `-9223372036854775808`},
		{`9223372036854775808`, `9.223372036854776e+18`},
		{`-9223372036854775809`, `-9.223372036854776e+18`},
		{`123456789012345678901234567890`, `1.2345678901234568e+29`},
		{`-0`, `-0.0`},
		{`0`, `0`},
		{`1.5`, `1.5`},
		{`1e2`, `100.0`},
		{`1E-2`, `0.01`},
		{`-2.5e+3`, `-2500.0`},
		{`1e-400`, `0.0`},
		{`"a\"b\\c\/d\b\f\n\r\t"`, `"a\"b\\c/d\b\f\n\r\t"`},
		{`"\u00e9\u20AC\ud83d\ude00"`, `"é€😀"`},
		{`"\ud83d"`, "\"\ufffd\""},
		{`"\ude00x"`, "\"\ufffdx\""},
		{`"\ud83d\u0041"`, "\"\ufffdA\""},
		{"\"tab\there\"", `"tab\there"`},
		{"\"\xff\xfe\"", "\"\ufffd\""}, // AppendJSON replaces the invalid run
		{`"héllo"`, `"héllo"`},
		{`{"a":1`, `error: expected ',' or '}'`},
		{`{"a" 1}`, `error: expected ':'`},
		{`{1:2}`, `error: expected a string key`},
		{`[1,]`, `error: unexpected character ']'`},
		{`[1 2]`, `error: expected ',' or ']'`},
		{`"abc`, `error: unterminated string`},
		{`"ab\`, `error: unterminated string`},
		{`"a\x"`, `error: invalid escape '\x'`},
		{`"\u12"`, `error: invalid \u escape`},
		{`01`, `error: trailing characters`},
		{`1.`, `error: no digits after '.'`},
		{`1e`, `error: no digits in the exponent`},
		{`-`, `error: invalid number`},
		{`-a`, `error: invalid number`},
		{`+1`, `error: unexpected character '+'`},
		{`tru`, `error: invalid literal`},
		{`nul`, `error: invalid literal`},
		{`1e400`, `error: number out of range`},
		{`{} {}`, `error: trailing characters`},
		{``, `error: unexpected end of input`},
		{`   `, `error: unexpected end of input`},
		{strings.Repeat("[", 128) + strings.Repeat("]", 128), strings.Repeat("[", 128) + strings.Repeat("]", 128)},
		{strings.Repeat("[", 129) + strings.Repeat("]", 129), `error: nesting deeper than 128`},
		{strings.Repeat(`{"a":`, 129) + "1" + strings.Repeat("}", 129), `error: nesting deeper than 128`},
	}
	var p jsonParser
	for _, tt := range tests {
		v, err := p.parse(tt.in)
		got := ""
		if err != nil {
			got = "error: " + err.Error()
			if !strings.HasPrefix(tt.want, "error: ") || !strings.Contains(got, strings.TrimPrefix(tt.want, "error: ")) {
				t.Errorf("parse(%q) = %s, want %s", tt.in, got, tt.want)
			}
			continue
		}
		got = string(value.AppendJSON(nil, v))
		if got != tt.want {
			t.Errorf("parse(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// TestJSONParseScratchReset checks that a failed parse leaves nothing on
// the scratch stacks for the next one.
func TestJSONParseScratchReset(t *testing.T) {
	var p jsonParser
	if _, err := p.parse(`{"a":{"b":[1,2,{"c":`); err == nil {
		t.Fatal("no error")
	}
	v, err := p.parse(`{"z":[3]}`)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(value.AppendJSON(nil, v)); got != `{"z":[3]}` {
		t.Errorf("got %s", got)
	}
}

// TestJSONParseSharesInput checks the allocation trick the parser relies
// on: an unescaped string is a substring of the input.
func TestJSONParseSharesInput(t *testing.T) {
	in := `{"key":"some value"}`
	var p jsonParser
	allocs := testing.AllocsPerRun(100, func() {
		if _, err := p.parse(in); err != nil {
			t.Fatal(err)
		}
	})
	// One small object; the key and the value are substrings.
	if allocs > 1 {
		t.Errorf("%v allocations, want 1", allocs)
	}
}

// FuzzJSONParse compares the parser with encoding/json (through
// value.FromJSON): what encoding/json accepts must parse to the same
// value, apart from the documented differences.
func FuzzJSONParse(f *testing.F) {
	for _, s := range []string{`{"a":[1,2.5,"x\u00e9"],"b":{"c":null}}`, `[true,false]`, `"\ud83d\ude00"`, `-12e3`, `{"a":1,"a":2}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var p jsonParser
		got, err := p.parse(string(data))
		if !json.Valid(data) {
			return // the parser may be more lenient (raw control characters)
		}
		if err != nil {
			msg := err.Error()
			if strings.Contains(msg, "nesting deeper") || strings.Contains(msg, "out of range") {
				return
			}
			t.Fatalf("valid JSON %q rejected: %v", data, err)
		}
		if strings.Contains(string(data), "-0") {
			return // serde_json (and so VRL) reads -0 as a float, encoding/json as an integer
		}
		if !utf8.Valid(data) {
			return // kept as bytes here, replaced byte by byte by encoding/json
		}
		want, err := value.FromJSON(data)
		if err != nil {
			return
		}
		if g, w := value.AppendJSON(nil, got), value.AppendJSON(nil, want); string(g) != string(w) {
			t.Fatalf("parse(%q) = %s, FromJSON = %s", data, g, w)
		}
	})
}

// TestJSONParseRepeatedShapes parses, with one parser, objects of one size
// whose keys come in the same order, in another order, and with
// duplicates, so the remembered sorting order (sortedOrder) is both hit
// and rejected; each result must be what value.FromJSON makes.
func TestJSONParseRepeatedShapes(t *testing.T) {
	lines := []string{
		`{"c":1,"a":2,"b":3}`,
		`{"c":4,"a":5,"b":6}`, // same shape: the cached order
		`{"b":7,"c":8,"a":9}`, // same size, other order
		`{"c":1,"a":2,"c":3}`, // duplicate: last one wins
		`{"c":1,"a":2,"b":3}`, // back to the first shape
		`{"a":1,"b":2,"c":3}`, // sorted already
		`{"c":1,"c":2,"a":3}`, // duplicate next to each other
		`{"z":{"c":1,"a":2,"b":3},"y":{"b":1,"a":2,"c":3},"x":[{"c":0,"a":0,"b":0}]}`,
	}
	var p jsonParser
	for round := 0; round < 2; round++ {
		for _, l := range lines {
			got, err := p.parse(l)
			if err != nil {
				t.Fatalf("%s: %v", l, err)
			}
			want, err := value.FromJSON([]byte(l))
			if err != nil {
				t.Fatal(err)
			}
			if g, w := string(value.AppendJSON(nil, got)), string(value.AppendJSON(nil, want)); g != w {
				t.Errorf("%s: got %s, want %s", l, g, w)
			}
		}
	}
}

// TestPermute checks the in-place reordering of an object's fields
// against a copy, on every permutation of up to 5 fields and random ones
// up to stackFields.
func TestPermute(t *testing.T) {
	check := func(perm []int32) {
		fields := make([]value.Entry, len(perm))
		for i := range fields {
			fields[i] = value.Entry{Key: string(rune('A' + i)), Value: value.Integer(int64(i))}
		}
		want := make([]value.Entry, len(perm))
		for i, j := range perm {
			want[i] = fields[j]
		}
		permute(fields, perm)
		for i := range want {
			if fields[i].Key != want[i].Key || fields[i].Value.Int() != want[i].Value.Int() {
				t.Fatalf("permute(%v): position %d holds %s, want %s", perm, i, fields[i].Key, want[i].Key)
			}
		}
	}
	var all func(prefix []int32, rest []int32)
	all = func(prefix, rest []int32) {
		if len(rest) == 0 {
			check(prefix)
		}
		for i := range rest {
			next := append(slices.Clone(prefix), rest[i])
			others := append(slices.Clone(rest[:i]), rest[i+1:]...)
			all(next, others)
		}
	}
	for n := range 6 {
		ids := make([]int32, n)
		for i := range ids {
			ids[i] = int32(i)
		}
		all(nil, ids)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 1000 {
		n := 1 + rng.IntN(stackFields)
		perm := make([]int32, n)
		for i, j := range rng.Perm(n) {
			perm[i] = int32(j)
		}
		check(perm)
	}
}
