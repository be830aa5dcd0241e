package stdlib

import "testing"

func TestParseCSVAndTokens(t *testing.T) {
	runCases(t, []fnCase{
		{fn: "parse_csv", args: []any{tStr(`foo,bar,"foo "", bar"`)}, want: `["foo","bar","foo \", bar"]`},
		{fn: "parse_csv", args: []any{tStr("foo bar"), kw("delimiter", tStr(" "))}, want: `["foo","bar"]`},
		{fn: "parse_csv", args: []any{tStr("foo bar"), kw("delimiter", tStr(",,"))}, err: "delimiter must be a single character"},
		{fn: "parse_csv", args: []any{tStr("")}, want: `[]`},
		{fn: "parse_csv", args: []any{tStr("foo")}, want: `["foo"]`},
		{fn: "parse_csv", args: []any{tStr("first,line\nsecond,line,with,more,fields")}, want: `["first","line"]`},
		{fn: "parse_csv", args: []any{tStr("\r\n\"a\nb\"x,,c\r\nd")}, want: `["a\nbx","","c"]`},
		{fn: "parse_tokens", args: []any{tStr(`A sentence "with \"a\" sentence inside" and [some brackets]`)},
			want: `["A","sentence","with \\\"a\\\" sentence inside","and","some brackets"]`},
		{fn: "parse_tokens", args: []any{tStr(`foo - bar [] "" x`)}, want: `["foo",null,"bar",null,null,"x"]`},
		{fn: "parse_tokens", args: []any{tStr(`[foo " [[ \] "" bar] baz`)}, want: `["foo \" [[ \\] \"\" bar","baz"]`},
		{fn: "parse_tokens", args: []any{tStr("foo bar[baz]: quux")}, want: `["foo","bar","baz",":","quux"]`},
		{fn: "parse_tokens", args: []any{tStr("foo bar[baz quux")}, want: `["foo","bar","[baz quux"]`},
		{fn: "parse_tokens", args: []any{tStr("[][x")}, want: `[null,"[x"]`},
		{fn: "parse_tokens", args: []any{tStr("f\"f bar")}, want: `["f","\"f bar"]`},
	})
}
