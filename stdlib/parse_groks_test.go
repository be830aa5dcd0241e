package stdlib

import "testing"

func TestParseGroks(t *testing.T) {
	aliases := tJSON(`{"common_prefix": "%{_timestamp} %{_loglevel}", "_timestamp": "%{TIMESTAMP_ISO8601:timestamp}", "_loglevel": "%{LOGLEVEL:level}", "_status": "%{POSINT:status}", "_message": "%{GREEDYDATA:message}"}`)
	runCases(t, []fnCase{
		{fn: "parse_groks", args: []any{tStr("2020-10-02T23:22:12.223222Z info Hello world"), kw("patterns", tJSON(`["%{common_prefix} %{_status} %{_message}", "%{common_prefix} %{_message}"]`)), kw("aliases", aliases)},
			want: `{"timestamp":"2020-10-02T23:22:12.223222Z","level":"info","message":"Hello world"}`},
		{fn: "parse_groks", args: []any{tStr("foo"), tJSON(`["%{NOG}"]`)},
			compileErr: `failed to parse grok expression '(?m)\A%{NOG}\z': The given pattern definition name "NOG" could not be found in the definition map`},
		{fn: "parse_groks", args: []any{tStr("an ungrokkable message"), tJSON(`["%{TIMESTAMP_ISO8601:timestamp} %{LOGLEVEL:level} %{GREEDYDATA:message}"]`)}, err: "unable to parse grok: value does not match any rule"},
		{fn: "parse_groks", args: []any{tStr("2020-10-02T23:22:12.223222Z"), tJSON(`["(%{TIMESTAMP_ISO8601:timestamp}|%{LOGLEVEL:level})"]`)}, want: `{"timestamp":"2020-10-02T23:22:12.223222Z"}`},
		{fn: "parse_groks", args: []any{tStr("x"), tJSON(`["%{data:a}"]`), kw("aliases", tJSON(`{"TEST": 3}`))}, compileErr: "invalid argument"},
		{fn: "parse_groks", args: []any{tStr(`user=john status=200 took 1.50 ms {"a":{"b":1}} size=-`), tJSON(`["user=%{word:http.user} status=%{integer:http.status} took %{number:duration} ms %{data:obj:json} size=%{notSpace:size:nullIf(\"-\")}"]`)},
			want: `{"duration":1.5,"http":{"status":200,"user":"john"},"obj":{"a":{"b":1}}}`},
		{fn: "parse_groks", args: []any{tStr("a=1 a=2 tags=[x;y]"), tJSON(`["a=%{integer:v} a=%{integer:v} tags=%{data:tags:array(\"[]\", \";\")}"]`)}, want: `{"tags":["x","y"],"v":[1,2]}`},
		{fn: "parse_groks", args: []any{tStr("LOUD 5"), tJSON(`["%{word:w:lowercase} %{regex(\"[0-9]\"):n:scale(10)}"]`)}, want: `{"n":50,"w":"loud"}`},
		{fn: "parse_groks", args: []any{tStr("x"), tJSON(`["%{a}"]`), kw("aliases", tJSON(`{"a": "%{b}", "b": "%{a}"}`))}, compileErr: "Circular dependency found in the alias 'a'"},
		{fn: "parse_groks", args: []any{tStr("x"), tJSON(`["%{data:x:nosuchfilter}"]`)}, compileErr: "unknown filter 'nosuchfilter'"},
		{fn: "parse_groks", args: []any{tStr("q=a%20b&c=1&c=2&d=x+y%2B"), tJSON(`["q=%{data::querystring}"]`)}, want: `{"c":["1","2"],"d":"x y+"}`},
	})
}

func TestParseGroksDate(t *testing.T) {
	runCases(t, []fnCase{
		{fn: "parse_groks", args: []any{tStr("2020-10-02 23:22:12.223 hi"), tJSON(`["%{date(\"yyyy-MM-dd HH:mm:ss.SSS\"):ts} %{word:w}"]`)}, want: `{"ts":1601680932223,"w":"hi"}`},
		{fn: "parse_groks", args: []any{tStr("02/Oct/2020:23:22:12 +0200"), tJSON(`["%{date(\"dd/MMM/yyyy:HH:mm:ss Z\"):ts}"]`)}, want: `{"ts":1601673732000}`},
		{fn: "parse_groks", args: []any{tStr("2020-10-02 23:22:12,5"), tJSON(`["%{date(\"yyyy-MM-dd HH:mm:ss,S\", \"+01:00\"):ts}"]`)}, want: `{"ts":1601677332500}`},
		{fn: "parse_groks", args: []any{tStr("2020-10-02 23:22:12 Europe/Paris"), tJSON(`["%{date(\"yyyy-MM-dd HH:mm:ss zzzz\"):ts}"]`)}, want: `{"ts":1601673732000}`},
		{fn: "parse_groks", args: []any{tStr("12:00:01"), tJSON(`["%{date(\"HH:mm:ss\"):ts}"]`)}, now: lpNow, want: `{"ts":1795780801000}`},
		{fn: "parse_groks", args: []any{tStr("x"), tJSON(`["%{date(\"yyyy-qq\"):ts}"]`)}, compileErr: "invalid arguments for the function 'date'"},
	})
}

func TestParseGroksKeyValue(t *testing.T) {
	runCases(t, []fnCase{
		{fn: "parse_groks", args: []any{tStr(`id=1 name="John Doe" ok=true n=null rate=0.5 a.b=x empty=""`), tJSON(`["%{data::keyvalue}"]`)},
			want: `{"a":{"b":"x"},"id":1,"name":"John Doe","ok":true,"rate":0.5}`},
		{fn: "parse_groks", args: []any{tStr(`k1:v1|k2:v2|k1:v3`), tJSON(`["%{data:kv:keyvalue(\":\", \"\", \"\", \"|\")}"]`)},
			want: `{"kv":{"k1":["v1","v3"],"k2":"v2"}}`},
	})
}

func TestParseGroksXML(t *testing.T) {
	if _, ok := Lookup("parse_xml"); !ok {
		t.Skip("parse_xml is not registered in this build")
	}
	runCases(t, []fnCase{
		{fn: "parse_groks", args: []any{tStr(`<book category="CHILDREN"><title lang="en">Harry Potter</title></book>`), tJSON(`["%{data:book:xml}"]`)},
			want: `{"book":{"book":{"category":"CHILDREN","title":{"lang":"en","value":"Harry Potter"}}}}`},
	})
}
