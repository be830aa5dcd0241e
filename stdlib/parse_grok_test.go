package stdlib

import "testing"

func TestParseGrok(t *testing.T) {
	runCases(t, []fnCase{
		{fn: "parse_grok", args: []any{tStr("2020-10-02T23:22:12.223222Z info Hello world"), tStr("%{TIMESTAMP_ISO8601:timestamp} %{LOGLEVEL:level} %{GREEDYDATA:message}")},
			want: `{"timestamp":"2020-10-02T23:22:12.223222Z","level":"info","message":"Hello world"}`},
		{fn: "parse_grok", args: []any{tStr("an ungrokkable message"), tStr("%{TIMESTAMP_ISO8601:timestamp} %{LOGLEVEL:level} %{GREEDYDATA:message}")}, err: "unable to parse input with grok pattern"},
		{fn: "parse_grok", args: []any{tStr("2020-10-02T23:22:12.223222Z an ungrokkable message"), tStr("%{TIMESTAMP_ISO8601:timestamp} %{LOGLEVEL:level} %{GREEDYDATA:message}")}, err: "unable to parse input with grok pattern"},
		{fn: "parse_grok", args: []any{tStr("2020-10-02T23:22:12.223222Z"), tStr("(%{TIMESTAMP_ISO8601:timestamp}|%{LOGLEVEL:level})")}, want: `{"timestamp":"2020-10-02T23:22:12.223222Z"}`},
		{fn: "parse_grok", args: []any{tStr("foo"), tStr("%{NOG}")}, compileErr: `The given pattern definition name "NOG" could not be found in the definition map`},
		{fn: "parse_grok", args: []any{tStr(`127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 "-" "curl"`), tStr("%{COMBINEDAPACHELOG}")},
			want: `{"agent":"\"curl\"","auth":"frank","bytes":"2326","clientip":"127.0.0.1","httpversion":"1.0","ident":"-","referrer":"\"-\"","request":"/apache_pb.gif","response":"200","timestamp":"10/Oct/2000:13:55:36 -0700","verb":"GET"}`},
		{fn: "parse_grok", args: []any{tStr("a 1 2"), tStr("%{WORD:w} %{INT:n} %{INT:n}")}, want: `{"n":"1","n[1]":"2","w":"a"}`},
		{fn: "parse_grok", args: []any{tStr("x=42"), tStr("x=%{NUM:v=\\d+}")}, want: `{"v":"42"}`},
		{fn: "parse_grok", args: []any{tStr("/var/log/a.log user@example.com"), tStr("%{UNIXPATH:p} %{EMAILADDRESS:e}")}, want: `{"e":"user@example.com","p":"/var/log/a.log"}`},
		{fn: "parse_grok", args: []any{tStr("x"), tStr("%{WORD:a b}")}, compileErr: `InvalidCharacter(' ')`},
	})
}
