package stdlib

import "testing"

func TestParseRubyHash(t *testing.T) {
	runCases(t, []fnCase{
		{fn: "parse_ruby_hash", args: []any{tStr(`{ "test" => "value", "testNum" => 0.2, "testObj" => { "testBool" => true, "testNull" => nil } }`)},
			want: `{"test":"value","testNum":0.2,"testObj":{"testBool":true,"testNull":null}}`},
		{fn: "parse_ruby_hash", args: []any{tStr(`{}`)}, want: `{}`},
		{fn: "parse_ruby_hash", args: []any{tStr(`{ :array => [] }`)}, want: `{"array":[]}`},
		{fn: "parse_ruby_hash", args: []any{tStr(`{ :key => "foo", :number => 500 }`)}, want: `{"key":"foo","number":500.0}`},
		{fn: "parse_ruby_hash", args: []any{tStr(`{ key: "foo", 42 => :sym, 'a' => [1, false, nil] }`)}, want: `{"key":"foo","42":"sym","a":[1.0,false,null]}`},
		{fn: "parse_ruby_hash", args: []any{tStr(`{ "with'quote" => "and\"double\"quote" }`)}, want: `{"with'quote":"and\\\"double\\\"quote"}`},
		{fn: "parse_ruby_hash", args: []any{tStr(`{:hello=>"world",'number'=>42,"weird"=>'format\'here'}`)}, want: `{"hello":"world","number":42.0,"weird":"format\\'here"}`},
		{fn: "parse_ruby_hash", args: []any{tStr(`{} x`)}, err: "could not parse whole line successfully"},
		{fn: "parse_ruby_hash", args: []any{tStr(`"hello world"`)}, err: "0: at line 1:\n\"hello world\"\n^\nexpected '{', found \"\n\n1: at line 1, in map:\n\"hello world\"\n^\n\n"},
		{fn: "parse_ruby_hash", args: []any{tStr(`{ "a" 1 }`)}, err: "0: at line 1, in Tag:\n{ \"a\" 1 }\n      ^\n\n1: at line 1, in Alt:\n{ \"a\" 1 }\n      ^\n\n2: at line 1, in map:\n{ \"a\" 1 }\n^\n\n"},
	})
}
