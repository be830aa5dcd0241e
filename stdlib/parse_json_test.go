package stdlib

import (
	"testing"

	"github.com/matano-go/matano/runtime/vrl/value"
)

func TestParseJSON(t *testing.T) {
	runCases(t, []fnCase{
		{fn: "parse_json", args: []any{tStr(`{"key": "val"}`)}, want: `{"key":"val"}`},
		// Strict mode accepts valid multi-byte UTF-8, in plain and escaped
		// strings, and still rejects an invalid byte.
		{fn: "parse_json", args: []any{tStr(`"é😀"`), kwArg{"lossy", false}}, want: `"é😀"`},
		{fn: "parse_json", args: []any{tStr(`"\né"`), kwArg{"lossy", false}}, want: `"\né"`},
		{fn: "parse_json", args: []any{tStr("\"a\xffb\""), kwArg{"lossy", false}}, err: "unable to parse json: invalid unicode code point at line 1 column 3"},
		{fn: "parse_json", args: []any{tStr(`[true, 0]`)}, want: `[true,0]`},
		{fn: "parse_json", args: []any{tStr(`"hello"`)}, want: `"hello"`},
		{fn: "parse_json", args: []any{tStr(`42`)}, want: `42`},
		{fn: "parse_json", args: []any{tStr(`42.13`)}, want: `42.13`},
		{fn: "parse_json", args: []any{tStr(`false`)}, want: `false`},
		{fn: "parse_json", args: []any{tStr(`{ INVALID }`)}, err: "unable to parse json: key must be a string at line 1 column 3"},
		{fn: "parse_json", args: []any{tStr(`{"first_level":{"second_level":"finish"}}`), kw("max_depth", value.Integer(1))},
			want: `{"first_level":"{\"second_level\":\"finish\"}"}`},
		{fn: "parse_json", args: []any{tStr(`{"a": [1, {"b": 2}]}`), kw("max_depth", value.Integer(2))}, want: `{"a":[1,"{\"b\": 2}"]}`},
		{fn: "parse_json", args: []any{tStr(`{}`), kw("max_depth", value.Integer(129))},
			err: "max_depth value should be greater than 0 and less than 128, got 129"},
		{fn: "parse_json", args: []any{tStr(`{"a":1`), kw("max_depth", value.Integer(1))}, err: "unable to read json: EOF while parsing an object at line 1 column 6"},
		{fn: "parse_json", args: []any{tStr(`{"a":1}x`)}, err: "unable to parse json: trailing characters at line 1 column 8"},
		{fn: "parse_json", args: []any{tStr("[1,]")}, err: "unable to parse json: trailing comma at line 1 column 4"},
		{fn: "parse_json", args: []any{tStr("tru")}, err: "unable to parse json: EOF while parsing a value at line 1 column 3"},
		{fn: "parse_json", args: []any{tStr("\uFEFF[18446744073709551616, -1, 1e2, \"\\u00e9\\ud83d\\ude00\"]")}, want: `[1.8446744073709552e19,-1,100.0,"é😀"]`},
		{fn: "parse_json", args: []any{tStr("\n\n  x")}, err: "unable to parse json: expected value at line 3 column 3"},
		{fn: "parse_json", args: []any{tStr(`{"a":1,"a":2}`)}, want: `{"a":2}`},
	})
}
