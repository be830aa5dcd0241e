package stdlib

import (
	"testing"

	"github.com/matano-go/matano/runtime/vrl/value"
)

func TestParseRegex(t *testing.T) {
	runCases(t, []fnCase{
		{fn: "parse_regex", args: []any{tStr("first group and second group."), tRe(`(?P<number>.*?) group`)}, want: `{"number":"first"}`},
		{fn: "parse_regex", args: []any{tStr("first group and second group."), tRe(`(\w+) group`), kw("numeric_groups", value.True)},
			want: `{"0":"first group","1":"first"}`},
		{fn: "parse_regex", args: []any{tStr("8.7.6.5 - zorp"), tRe(`^(?P<host>[\w\.]+) - (?P<user>[\w]+)`)}, want: `{"host":"8.7.6.5","user":"zorp"}`},
		{fn: "parse_regex", args: []any{tStr("8.7.6.5 - zorp"), tRe(`^(?P<host>[\w\.]+) - (?P<user>[\w]+)`), kw("numeric_groups", value.True)},
			want: `{"0":"8.7.6.5 - zorp","1":"8.7.6.5","2":"zorp","host":"8.7.6.5","user":"zorp"}`},
		{fn: "parse_regex", args: []any{tStr("xyz"), tRe(`^(?P<a>\d+)`)}, err: "could not find any pattern matches"},
		// A group that does not take part is null by name and skipped when numbering.
		{fn: "parse_regex", args: []any{tStr("b"), tRe(`(?P<a>a)?(?P<b>b)`), kw("numeric_groups", value.True)}, want: `{"0":"b","1":"b","a":null,"b":"b"}`},
		{fn: "parse_regex_all", args: []any{tStr("first group and second group."), tRe(`(?P<number>\w+) group`), kw("numeric_groups", value.True)},
			want: `[{"number":"first","0":"first group","1":"first"},{"number":"second","0":"second group","1":"second"}]`},
		{fn: "parse_regex_all", args: []any{tStr("apples and carrots, peaches and peas"), tRe(`(?P<fruit>[\w\.]+) and (?P<veg>[\w]+)`)},
			want: `[{"fruit":"apples","veg":"carrots"},{"fruit":"peaches","veg":"peas"}]`},
		{fn: "parse_regex_all", args: []any{tStr("apples and carrots, peaches and peas"), tRe(`(?P<fruit>[\w\.]+) and (?P<veg>[\w]+)`), kw("numeric_groups", value.True)},
			want: `[{"fruit":"apples","veg":"carrots","0":"apples and carrots","1":"apples","2":"carrots"},{"fruit":"peaches","veg":"peas","0":"peaches and peas","1":"peaches","2":"peas"}]`},
		{fn: "parse_regex_all", args: []any{tStr("nothing"), tRe(`\d`)}, want: `[]`},
	})
}
