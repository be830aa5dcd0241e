package decode

import (
	"encoding/json"
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

// fuzzJSONSeeds are FuzzJSONParse's seeds: duplicate keys, objects on
// either side of the small and large buffers' sizes, every way into and
// out of field's inline paths (whitespace around each token, escapes in
// keys and values, each kind of malformed field), escapes, numbers at
// the edges and nesting at the limit.
var fuzzJSONSeeds = []string{
	`{"a":[1,2.5,"x\u00e9"],"b":{"c":null}}`, `[true,false]`, `"\ud83d\ude00"`, `-12e3`,
	`{"a":1,"a":2}`, `{"c":1,"a":2,"c":3}`, `{"c":1,"c":2,"a":3}`, `{}`, `[]`, ` { "b" : 1 , "a" : [ true , false , null ] } `,
	`{"k9":9,"k8":8,"k7":7,"k6":6,"k5":5,"k4":4,"k3":3,"k2":2,"k1":1,"k0":0,"k1":-1}`,
	// field's inline paths and each way out of them: whitespace around
	// every token, escapes in keys and values, other values, and
	// each kind of malformed field.
	`{"a\"b":1,"c\\":"d\u00e9"}`, `{ "k" :"v" ,"a" : 1 }`, "{\"k\":\t\"v\"\r\n}", `{"k":"v"  }`, `{"k":{"x":[1,"y"]},"j":[]}`,
	`{"k" "v"}`, `{"k":"v" "a":1}`, `{"k":"v",}`, `{"k":"v`, `{"k":"v\`, `{"k`, `{"k\u12":1}`, `{"k":}`, `{"k":"a\qb"}`, `{,}`, `{"k":"v"]`,
	`{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"g":7,"h":8}`, `{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"g":7,"h":8,"i":9}`,
	`{"h":1,"g":2,"f":3,"e":4,"d":5,"c":6,"b":7,"a":8}`, `{"h":1,"g":2,"f":3,"e":4,"d":5,"c":6,"b":7,"a":8,"a":9}`,
	`{"b":1,"a":2,"b":3,"a":4,"b":5}`, `{"":1,"a":2,"":3}`,
	`"a\"b\\c\/d\b\f\n\r\t"`, `"\u00e9\u20AC\ud83d\ude00"`, `"\ud83d"`, `"\ude00x"`, `"\ud83d\u0041"`, "\"\xff\xfe\"",
	"\"raw\x01control\"", `-0`, `-0.0`, `1e400`, `-1e400`, `1e-400`, `18446744073709551616`, `-9223372036854775808`,
	strings.Repeat("[", 128) + strings.Repeat("]", 128), strings.Repeat("[", 129) + strings.Repeat("]", 129),
	strings.Repeat(`{"a":`, 129) + "1" + strings.Repeat("}", 129),
}

// FuzzJSONParse compares the parser with encoding/json (through
// value.FromJSON): what encoding/json accepts must parse to the same
// value, apart from the documented differences.
func FuzzJSONParse(f *testing.F) {
	for _, s := range fuzzJSONSeeds {
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
// duplicates, so that both the small objects' insertion sort and the
// larger ones' remembered sorting order (sortedOrder) meet each case, the
// latter both hit and rejected; each result must be what value.FromJSON
// makes.
func TestJSONParseRepeatedShapes(t *testing.T) {
	lines := []string{
		`{"k":1,"j":2,"i":3,"h":4,"g":5,"f":6,"e":7,"d":8,"c":9,"b":10}`,
		`{"k":1,"j":2,"i":3,"h":4,"g":5,"f":6,"e":7,"d":8,"c":9,"b":10}`, // the cached order
		`{"b":1,"k":2,"j":3,"i":4,"h":5,"g":6,"f":7,"e":8,"d":9,"c":10}`, // same size, other order
		`{"k":1,"j":2,"i":3,"h":4,"g":5,"f":6,"e":7,"d":8,"c":9,"k":10}`, // duplicate: last one wins
		`{"k":1,"k":2,"i":3,"h":4,"g":5,"f":6,"e":7,"d":8,"c":9,"b":10}`, // duplicate next to each other
		`{"b":1,"c":2,"d":3,"e":4,"f":5,"g":6,"h":7,"i":8,"j":9,"k":10}`, // sorted already
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
